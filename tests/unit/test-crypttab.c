/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The crypttab parser and rewriter: fields, round trips, whole-file golden strings, warnings. */
#include "test-helpers.h"

#include "facts.h"
#include "rewrite/crypttab.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

#define NO_WARNINGS ((const char *const *)NULL)
#define WARNINGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_STEPS ((const char *const *)NULL)
#define STEPS(...) ((const char *const[]){__VA_ARGS__, NULL})

#define STEP_INITRD                                                                                              \
        "/etc/crypttab now names xvd disks, which the running Xenlinux kernel does not have: if root or resume " \
        "is encrypted, an initrd built before the first pvops boot cannot find its device; write UUID= there "  \
        "(domufix --fstab-by uuid, run inside the guest)"
#define STEP_DEBIAN                                                                                               \
        "Debian's cryptroot initramfs hook takes from /etc/crypttab only the entries of the root and resume "    \
        "devices it finds when update-initramfs runs: give any other entry the initramfs must open the "         \
        "'initramfs' option"

/* ---- the parser ---- */

static void check_fields(const char *line, size_t n, bool extra, const char *const *fields)
{
        struct crypttab_line l;

        crypttab_parse_line(line, strlen(line), &l);
        assert_int_equal(l.n, n);
        assert_int_equal(l.extra, extra);
        for (size_t i = 0; i < n; i++) {
                assert_int_equal(l.f[i].len, strlen(fields[i]));
                assert_memory_equal(line + l.f[i].start, fields[i], l.f[i].len);
        }
}

static void test_parse_fields(void **state)
{
        check_fields("cswap /dev/sda3 /dev/urandom swap", 4, false,
                     (const char *const[]){"cswap", "/dev/sda3", "/dev/urandom", "swap"});
        check_fields("  root\t\t/dev/sda2  none   luks  ", 4, false,
                     (const char *const[]){"root", "/dev/sda2", "none", "luks"});
        check_fields("root /dev/sda2", 2, false, (const char *const[]){"root", "/dev/sda2"});
        check_fields("root /dev/sda2 none", 3, false, (const char *const[]){"root", "/dev/sda2", "none"});
        check_fields("lonely", 1, false, (const char *const[]){"lonely"});
        check_fields("a b c d e f", 4, true, (const char *const[]){"a", "b", "c", "d"});
        /* A CR is no blank: it belongs to the field it touches. */
        check_fields("a b\r c", 3, false, (const char *const[]){"a", "b\r", "c"});
        /* A '#' after the first field is part of a field (crypttab has no trailing comments). */
        check_fields("a b # c", 4, false, (const char *const[]){"a", "b", "#", "c"});
}

static void test_parse_comments_and_blanks(void **state)
{
        check_fields("", 0, false, NULL);
        check_fields("   \t ", 0, false, NULL);
        check_fields("# cswap /dev/sda3 /dev/urandom swap", 0, false, NULL);
        check_fields("\t  #cswap /dev/sda3", 0, false, NULL);
}

/* Rebuilding a line with no field replaced gives it back byte for byte. */
static void check_round_trip(const char *line, size_t len)
{
        const char *const none[CRYPTTAB_FIELDS_MAX] = {0};
        struct crypttab_line l;
        _cleanup_free_ char *out = NULL;

        crypttab_parse_line(line, len, &l);
        assert_int_equal(crypttab_build_line(line, len, &l, none, &out), 0);
        assert_int_equal(strlen(out), len);
        assert_memory_equal(out, line, len);
}

static void test_round_trip(void **state)
{
        static const char *const lines[] = {
                "",
                " ",
                "# comment /dev/sda1",
                "cswap /dev/sda3 /dev/urandom swap",
                "  cswap\t/dev/sda3   /dev/urandom\tswap,cipher=aes-cbc-essiv:sha256  ",
                "a b c d e f g",
                "x\ty\t\t",
                "name UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef none luks,discard",
                "caf\xc3\xa9 /dev/sd\xff none",
                "a\rb c\r",
        };

        for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
                check_round_trip(lines[i], strlen(lines[i]));
}

static void check_build(const char *line, const char *source, const char *keyfile, const char *expected)
{
        const char *const fields[CRYPTTAB_FIELDS_MAX] = {NULL, source, keyfile, NULL};
        struct crypttab_line l;
        _cleanup_free_ char *out = NULL;

        crypttab_parse_line(line, strlen(line), &l);
        assert_int_equal(crypttab_build_line(line, strlen(line), &l, fields, &out), 0);
        assert_string_equal(out, expected);
}

static void test_build_padding(void **state)
{
        /* Spaces after a field absorb a longer or shorter field; one space always stays. */
        check_build("c  /dev/sda3    /dev/urandom swap", "/dev/xvda3", NULL, "c  /dev/xvda3   /dev/urandom swap");
        check_build("c /dev/sda3 /dev/urandom swap", "/dev/xvda3", NULL, "c /dev/xvda3 /dev/urandom swap");
        check_build("c /dev/xvda3   none", "/dev/sda3", NULL, "c /dev/sda3    none");
        /* Too little padding to absorb it all: the padding is kept, the rest shifts. */
        check_build("c /dev/sda3  none", "UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef", NULL,
                    "c UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef  none");
        /* Tabs are kept as they are. */
        check_build("c\t/dev/sda3\t/dev/urandom\tswap", "/dev/xvda3", NULL, "c\t/dev/xvda3\t/dev/urandom\tswap");
        check_build("c /dev/sda3 \t /dev/urandom", "/dev/xvda3", NULL, "c /dev/xvda3 \t /dev/urandom");
        /* The last field's trailing blanks stay. */
        check_build("c /dev/sda3   ", "/dev/xvda3", NULL, "c /dev/xvda3   ");
        /* Two fields at once. */
        check_build("d  /dev/sdb1   /dev/sdc1   luks", "/dev/xvdb1", "/dev/xvdc1",
                    "d  /dev/xvdb1  /dev/xvdc1  luks");
        /* A replacement for a field the line does not have is ignored. */
        check_build("d /dev/sdb1", "/dev/xvdb1", "/dev/xvdc1", "d /dev/xvdb1");
}

/* ---- the rewriter ---- */

static char *run_crypttab_facts(const char *in, bool exists, const struct facts *facts, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(rewriter_crypttab.rewrite(t, exists, "/etc/crypttab", facts, o), 0);
        assert_false(o->create);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        assert_int_equal(strlen(out), out_len);
        return out;
}

static void check_list(const struct strv *sv, const char *const *expected)
{
        size_t n = 0;

        while (expected && expected[n])
                n++;
        for (size_t i = 0; i < sv->n && i < n; i++)
                assert_string_equal(sv->v[i], expected[i]);
        assert_int_equal(sv->n, n);
}

/* Exact output, warnings and next steps; then a second run that changes nothing and warns the same. */
static void check_crypttab_facts(const char *in, const struct facts *facts, const char *expected,
                                 const char *const *warnings, const char *const *steps)
{
        struct rewrite_out o = {0}, o2 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_crypttab_facts(in, true, facts, &o);
        assert_string_equal(out, expected);
        check_list(&o.warnings, warnings);
        check_list(&o.next_steps, steps);

        out2 = run_crypttab_facts(out, true, facts, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);
        check_list(&o2.warnings, warnings);

        rewrite_out_done(&o);
        rewrite_out_done(&o2);
}

static void check_crypttab(const char *in, const char *expected, const char *const *warnings,
                           const char *const *steps)
{
        const struct facts facts = {0};

        check_crypttab_facts(in, &facts, expected, warnings, steps);
}

static void test_encrypted_swap(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;
        const struct facts facts = {0};

        /* A random key: set up after root is mounted, never from an initrd, so no next step. */
        check_crypttab("# <target name>\t<source device>\t<key file>\t<options>\n"
                       "cswap /dev/sda3 /dev/urandom swap\n",
                       "# <target name>\t<source device>\t<key file>\t<options>\n"
                       "cswap /dev/xvda3 /dev/urandom swap\n",
                       NO_WARNINGS, NO_STEPS);

        out = run_crypttab_facts("cswap /dev/sda3 /dev/urandom swap\n", true, &facts, &o);
        assert_int_equal(o.edits.n, 1);
        assert_int_equal(o.edits.v[0].kind, EDIT_REPLACE);
        assert_int_equal(o.edits.v[0].line, 0);
        assert_string_equal(o.edits.v[0].reason, "/dev/sda3 -> /dev/xvda3: pvops kernels name Xen disks xvdX");
        rewrite_out_done(&o);
}

static void test_luks_root(void **state)
{
        char tool[] = "initramfs-tools";
        struct profile debian = {.initrd_tool = tool};
        const struct facts facts = {.profile = &debian};

        check_crypttab("sda2_crypt /dev/sda2 none luks\n", "sda2_crypt /dev/xvda2 none luks\n", NO_WARNINGS,
                       STEPS(STEP_INITRD));
        /* Debian-family guests also get the note about the cryptroot hook. */
        check_crypttab_facts("sda2_crypt /dev/sda2 none luks\n", &facts, "sda2_crypt /dev/xvda2 none luks\n",
                             NO_WARNINGS, STEPS(STEP_INITRD, STEP_DEBIAN));
        /* Two fields only (Debian allows it), /dev/random as key, hd disks. */
        check_crypttab("home /dev/hdb1\n"
                       "tmp /dev/hdb2 /dev/random tmp\n",
                       "home /dev/xvdb1\n"
                       "tmp /dev/xvdb2 /dev/random tmp\n",
                       NO_WARNINGS, STEPS(STEP_INITRD));
}

static void test_left_alone(void **state)
{
        check_crypttab("# cswap /dev/sda3 /dev/urandom swap\n"
                       "\n"
                       "root UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef none luks\n"
                       "a LABEL=secret none luks\n"
                       "b PARTUUID=12345678-02 none luks\n"
                       "c /dev/mapper/vg-data none luks\n"
                       "d /dev/VolGroup00/LogVol02 none luks\n"
                       "e /dev/md1 none luks\n"
                       "f /dev/disk/by-id/ata-X-part2 none luks\n"
                       "g /dev/xvda5 none luks\n"
                       "h /srv/container.img /etc/keys/h.key luks\n"
                       "i sda2 none luks\n"
                       "j /dev/sda01 none luks\n"
                       "k /dev/loop0 none\n",
                       "# cswap /dev/sda3 /dev/urandom swap\n"
                       "\n"
                       "root UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef none luks\n"
                       "a LABEL=secret none luks\n"
                       "b PARTUUID=12345678-02 none luks\n"
                       "c /dev/mapper/vg-data none luks\n"
                       "d /dev/VolGroup00/LogVol02 none luks\n"
                       "e /dev/md1 none luks\n"
                       "f /dev/disk/by-id/ata-X-part2 none luks\n"
                       "g /dev/xvda5 none luks\n"
                       "h /srv/container.img /etc/keys/h.key luks\n"
                       "i sda2 none luks\n"
                       "j /dev/sda01 none luks\n"
                       "k /dev/loop0 none\n",
                       NO_WARNINGS, NO_STEPS);
}

static void test_key_devices(void **state)
{
        check_crypttab("raw /dev/sdb2 /dev/sdc1 luks,keyfile-size=4096\n"
                       "sysd /dev/sdb3 /keys/data.key:/dev/sdc2 luks\n"
                       "pass /dev/sdb4 /dev/sdc1:/keys/pass.key:10 luks,keyscript=/lib/cryptsetup/scripts/passdev\n"
                       "file UUID=abcd /etc/keys/file.key luks\n"
                       "lbl UUID=abcd /keys/x.key:LABEL=usbkey luks\n",
                       "raw /dev/xvdb2 /dev/xvdc1 luks,keyfile-size=4096\n"
                       "sysd /dev/xvdb3 /keys/data.key:/dev/xvdc2 luks\n"
                       "pass /dev/xvdb4 /dev/xvdc1:/keys/pass.key:10 luks,keyscript=/lib/cryptsetup/scripts/passdev\n"
                       "file UUID=abcd /etc/keys/file.key luks\n"
                       "lbl UUID=abcd /keys/x.key:LABEL=usbkey luks\n",
                       NO_WARNINGS, STEPS(STEP_INITRD));
}

static void test_key_device_only(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;
        const struct facts facts = {0};

        /* Only the key device is a disk: no source renamed, so no initrd note. */
        check_crypttab("data UUID=abcd /dev/sdc1 luks\n", "data UUID=abcd /dev/xvdc1 luks\n", NO_WARNINGS,
                       NO_STEPS);
        out = run_crypttab_facts("data /dev/sdb2  /dev/sdc1  luks\n", true, &facts, &o);
        assert_string_equal(out, "data /dev/xvdb2 /dev/xvdc1 luks\n");
        assert_int_equal(o.edits.n, 1);
        assert_string_equal(o.edits.v[0].reason,
                            "/dev/sdb2 -> /dev/xvdb2: pvops kernels name Xen disks xvdX; "
                            "key device /dev/sdc1 -> /dev/xvdc1: pvops kernels name Xen disks xvdX");
        rewrite_out_done(&o);
}

static void test_alignment(void **state)
{
        check_crypttab("# name     source        key            options\n"
                       "cswap      /dev/sda3     /dev/urandom   swap\n"
                       "home\t/dev/sdb1\tnone\tluks\n"
                       "  data     /dev/sdaa12   none           luks\n",
                       "# name     source        key            options\n"
                       "cswap      /dev/xvda3    /dev/urandom   swap\n"
                       "home\t/dev/xvdb1\tnone\tluks\n"
                       "  data     /dev/xvdaa12  none           luks\n",
                       NO_WARNINGS, STEPS(STEP_INITRD));
}

static void test_rhel6_shift(void **state)
{
        const struct facts facts = {.devmap = {.sd_shift = 4}};

        check_crypttab_facts("cswap /dev/sda3 /dev/urandom swap\n"
                             "home /dev/hda4 /dev/sdb1 luks\n",
                             &facts,
                             "cswap /dev/xvde3 /dev/urandom swap\n"
                             "home /dev/xvda4 /dev/xvdf1 luks\n",
                             NO_WARNINGS, STEPS(STEP_INITRD));
}

static void test_unknown_devices(void **state)
{
        check_crypttab("a /dev/cciss/c0d0p2 none luks\n"
                       "b /dev/nvme0n1p3 /dev/urandom swap\n"
                       "c /dev/sdb1 /dev/vdb1 luks\n"
                       "d /dev//sda1 none\n",
                       "a /dev/cciss/c0d0p2 none luks\n"
                       "b /dev/nvme0n1p3 /dev/urandom swap\n"
                       "c /dev/xvdb1 /dev/vdb1 luks\n"
                       "d /dev//sda1 none\n",
                       WARNINGS("'/etc/crypttab' line 1: unknown device '/dev/cciss/c0d0p2': pvops guests see only "
                                "xvd disks; fix this entry by hand",
                                "'/etc/crypttab' line 2: unknown device '/dev/nvme0n1p3': pvops guests see only xvd "
                                "disks; fix this entry by hand",
                                "'/etc/crypttab' line 3: unknown key device '/dev/vdb1': pvops guests see only xvd "
                                "disks; fix this entry by hand",
                                "'/etc/crypttab' line 4: unknown device '/dev//sda1': pvops guests see only xvd "
                                "disks; fix this entry by hand"),
                       STEPS(STEP_INITRD));
}

static void test_options_reported(void **state)
{
        check_crypttab("hdr /dev/sdb2 none luks,header=/dev/sdc1\n"
                       "ok /dev/mapper/x none luks,header=/dev/sdc10x\n",
                       "hdr /dev/xvdb2 none luks,header=/dev/sdc1\n"
                       "ok /dev/mapper/x none luks,header=/dev/sdc10x\n",
                       WARNINGS("'/etc/crypttab' line 1: the options name a Xenlinux disk: 'luks,header=/dev/sdc1': "
                                "left as they are; fix them by hand"),
                       STEPS(STEP_INITRD));
}

static void test_escapes(void **state)
{
        check_crypttab("a /dev/sd\\141 none luks\n"
                       "b /dev/mapper/my\\040vol none luks\n"
                       "c /dev/mapper/x /dev/sd\\142\\061 luks\n"
                       "d /dev/mapper/y /keys/k\\040ey luks\n",
                       "a /dev/sd\\141 none luks\n"
                       "b /dev/mapper/my\\040vol none luks\n"
                       "c /dev/mapper/x /dev/sd\\142\\061 luks\n"
                       "d /dev/mapper/y /keys/k\\040ey luks\n",
                       WARNINGS("'/etc/crypttab' line 1: device written with escapes '/dev/sd\\141': left as it is; "
                                "fix this entry by hand",
                                "'/etc/crypttab' line 3: key file written with escapes '/dev/sd\\142\\061': left as "
                                "it is; fix this entry by hand"),
                       NO_STEPS);
}

static void test_bad_lines(void **state)
{
        check_crypttab("lonely\n"
                       "a /dev/sda1 none luks extra\n"
                       "b /dev/sda2 none luks\n",
                       "lonely\n"
                       "a /dev/sda1 none luks extra\n"
                       "b /dev/xvda2 none luks\n",
                       WARNINGS("'/etc/crypttab' line 1: not a valid crypttab entry (no source device), left as it "
                                "is",
                                "'/etc/crypttab' line 2: more than four fields, not a valid crypttab entry; left as "
                                "it is"),
                       STEPS(STEP_INITRD));
}

static void test_crlf_and_cr(void **state)
{
        /* CRLF terminators are kept; a lone CR ending the last line cannot be carried: reported. */
        check_crypttab("a /dev/sda1 none luks\r\n"
                       "b /dev/sda2 none luks\r",
                       "a /dev/xvda1 none luks\r\n"
                       "b /dev/sda2 none luks\r",
                       WARNINGS("'/etc/crypttab' line 2: carriage return in the entry for 'b': left as it is; fix "
                                "this entry by hand"),
                       STEPS(STEP_INITRD));
        /* A CR inside a line is content: the source before it is renamed, the CR stays. */
        check_crypttab("c /dev/sda3 /dev/urandom swap\r \n", "c /dev/xvda3 /dev/urandom swap\r \n", NO_WARNINGS,
                       NO_STEPS);
}

static void test_odd_bytes_kept(void **state)
{
        check_crypttab("# Verschl\xfcsselt\n"
                       "d\xe9p\xf4t /dev/sdb1 none luks,tries=3\n",
                       "# Verschl\xfcsselt\n"
                       "d\xe9p\xf4t /dev/xvdb1 none luks,tries=3\n",
                       NO_WARNINGS, STEPS(STEP_INITRD));
}

static void test_missing_and_empty(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;
        const struct facts facts = {0};

        out = run_crypttab_facts("", false, &facts, &o);
        assert_string_equal(out, "");
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        rewrite_out_done(&o);

        out2 = run_crypttab_facts("", true, &facts, &o);
        assert_string_equal(out2, "");
        assert_int_equal(o.edits.n, 0);
        rewrite_out_done(&o);
}

/* --fstab-by: a table as facts_build() would make it. */
static struct blockid_entry by_entries[] = {
        {.origin = BLOCKID_CRYPTTAB,
         .spec = (char *)"/dev/sda2",
         .tag = (char *)"UUID=7c4a3f1e-2b6d-4c8e-9a0b-1d2e3f405162",
         .how = (char *)"the LUKS header's UUID, read from /dev/sda2 on the running system"},
        {.origin = BLOCKID_CRYPTTAB, .spec = (char *)"/dev/sda3",
         .how = (char *)"its key comes from the random device: it is encrypted anew at every boot and has no "
                        "identifier to name it by"},
        {.origin = BLOCKID_CRYPTTAB, .spec = (char *)"/dev/xvdb1", .tag = (char *)"UUID=bbbb",
         .how = (char *)"the LUKS header's UUID, read from /dev/xvdb1 on the running system"},
        /* An fstab entry never applies to crypttab. */
        {.origin = BLOCKID_FSTAB, .spec = (char *)"/dev/sdc1", .tag = (char *)"UUID=cccc"},
};

static void test_fstab_by_uuid(void **state)
{
        const struct facts facts = {.fstab_by = FSTAB_BY_UUID,
                                    .block_ids = {.v = by_entries, .n = ARRAY_SIZE(by_entries)}};
        struct rewrite_out o = {0}, o2 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_crypttab_facts("root  /dev/sda2  none          luks\n"
                                 "cswap /dev/sda3  /dev/urandom  swap\n"
                                 "data  /dev/xvdb1 /dev/sdd1     luks\n"
                                 "misc  /dev/sdc1  none          luks\n",
                                 true, &facts, &o);
        assert_string_equal(out, "root  UUID=7c4a3f1e-2b6d-4c8e-9a0b-1d2e3f405162  none          luks\n"
                                 "cswap /dev/xvda3 /dev/urandom  swap\n"
                                 "data  UUID=bbbb  /dev/xvdd1    luks\n"
                                 "misc  /dev/xvdc1 none          luks\n");
        assert_int_equal(o.edits.n, 4);
        assert_string_equal(o.edits.v[0].reason,
                            "/dev/sda2 -> UUID=7c4a3f1e-2b6d-4c8e-9a0b-1d2e3f405162: --fstab-by uuid, the LUKS "
                            "header's UUID, read from /dev/sda2 on the running system; it names the device under "
                            "the Xenlinux and the pvops kernel alike");
        assert_string_equal(o.edits.v[2].reason,
                            "/dev/xvdb1 -> UUID=bbbb: --fstab-by uuid, the LUKS header's UUID, read from /dev/xvdb1 "
                            "on the running system; it names the device under the Xenlinux and the pvops kernel "
                            "alike; key device /dev/sdd1 -> /dev/xvdd1: pvops kernels name Xen disks xvdX");
        check_list(&o.warnings, WARNINGS("'/etc/crypttab' line 2: --fstab-by uuid: '/dev/sda3' keeps a device name: "
                                         "its key comes from the random device: it is encrypted anew at every boot "
                                         "and has no identifier to name it by",
                                         "'/etc/crypttab' line 4: --fstab-by uuid: '/dev/sdc1' keeps a device name: "
                                         "it was not probed"));
        /* misc was renamed by name: the initrd note stays. */
        check_list(&o.next_steps, STEPS(STEP_INITRD));

        out2 = run_crypttab_facts(out, true, &facts, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);
        rewrite_out_done(&o);
        rewrite_out_done(&o2);
}

static void test_fstab_by_all_tagged_no_step(void **state)
{
        const struct facts facts = {.fstab_by = FSTAB_BY_LABEL,
                                    .block_ids = {.v = by_entries, .n = ARRAY_SIZE(by_entries)}};

        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;

        /* Every source that an initrd may need is UUID= now: no initrd note. */
        out = run_crypttab_facts("root /dev/sda2 none luks\n"
                                 "cswap /dev/sda3 /dev/urandom swap\n",
                                 true, &facts, &o);
        assert_string_equal(out, "root UUID=7c4a3f1e-2b6d-4c8e-9a0b-1d2e3f405162 none luks\n"
                                 "cswap /dev/xvda3 /dev/urandom swap\n");
        check_list(&o.warnings, WARNINGS("'/etc/crypttab' line 2: --fstab-by label: '/dev/sda3' keeps a device name: "
                                         "its key comes from the random device: it is encrypted anew at every boot "
                                         "and has no identifier to name it by"));
        check_list(&o.next_steps, NO_STEPS);
        rewrite_out_done(&o);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_fields),
                cmocka_unit_test(test_parse_comments_and_blanks),
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_build_padding),
                cmocka_unit_test(test_encrypted_swap),
                cmocka_unit_test(test_luks_root),
                cmocka_unit_test(test_left_alone),
                cmocka_unit_test(test_key_devices),
                cmocka_unit_test(test_key_device_only),
                cmocka_unit_test(test_alignment),
                cmocka_unit_test(test_rhel6_shift),
                cmocka_unit_test(test_unknown_devices),
                cmocka_unit_test(test_options_reported),
                cmocka_unit_test(test_escapes),
                cmocka_unit_test(test_bad_lines),
                cmocka_unit_test(test_crlf_and_cr),
                cmocka_unit_test(test_odd_bytes_kept),
                cmocka_unit_test(test_missing_and_empty),
                cmocka_unit_test(test_fstab_by_uuid),
                cmocka_unit_test(test_fstab_by_all_tagged_no_step),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
