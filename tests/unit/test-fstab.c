/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The fstab rewriter: whole-file golden strings, warnings included. */
#include "test-helpers.h"

#include "facts.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

/*
 * Run the fstab rewriter on in[0..len) with the given sd letter shift and
 * return the new bytes. *o keeps the edits and warnings for the caller.
 */
static char *run_fstab_n(const char *in, size_t len, bool exists, unsigned shift, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        const struct facts facts = {.devmap = {.sd_shift = shift}};
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, len, &t), 0);
        assert_int_equal(rewriter_fstab.rewrite(t, exists, "/etc/fstab", &facts, o), 0);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        assert_int_equal(strlen(out), out_len);
        return out;
}

/* Check a whole run: exact output, exact warnings, and a second run that changes nothing. */
static void check_fstab_shift(const char *in, unsigned shift, const char *expected, const char *const *warnings)
{
        struct rewrite_out o = {0}, o2 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;
        size_t n_warnings = 0;

        out = run_fstab_n(in, strlen(in), true, shift, &o);
        assert_string_equal(out, expected);

        while (warnings && warnings[n_warnings])
                n_warnings++;
        for (size_t i = 0; i < o.warnings.n && i < n_warnings; i++)
                assert_string_equal(o.warnings.v[i], warnings[i]);
        assert_int_equal(o.warnings.n, n_warnings);

        /* Idempotence: the output is already converted. */
        out2 = run_fstab_n(out, strlen(out), true, shift, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);

        rewrite_out_done(&o);
        rewrite_out_done(&o2);
}

static void check_fstab(const char *in, const char *expected, const char *const *warnings)
{
        check_fstab_shift(in, 0, expected, warnings);
}

/* The input must come out unchanged, without a single edit. */
static void check_fstab_untouched(const char *in, const char *const *warnings)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;

        check_fstab(in, in, warnings);
        out = run_fstab_n(in, strlen(in), true, 0, &o);
        assert_int_equal(o.edits.n, 0);
        rewrite_out_done(&o);
}

#define NO_WARNINGS ((const char *const *)NULL)
#define WARNINGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_rhel5_lvm_label(void **state)
{
        check_fstab_untouched("/dev/VolGroup00/LogVol00 /                       ext3    defaults        1 1\n"
                              "LABEL=/boot             /boot                   ext3    defaults        1 2\n"
                              "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
                              "devpts                  /dev/pts                devpts  gid=5,mode=620  0 0\n"
                              "sysfs                   /sys                    sysfs   defaults        0 0\n"
                              "proc                    /proc                   proc    defaults        0 0\n"
                              "/dev/VolGroup00/LogVol01 swap                    swap    defaults        0 0\n",
                              NO_WARNINGS);
}

static void test_rhel5_boot_on_sda1(void **state)
{
        check_fstab("/dev/VolGroup00/LogVol00 /                       ext3    defaults        1 1\n"
                    "/dev/sda1               /boot                   ext3    defaults        1 2\n"
                    "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
                    "/dev/VolGroup00/LogVol01 swap                    swap    defaults        0 0\n",
                    "/dev/VolGroup00/LogVol00 /                       ext3    defaults        1 1\n"
                    "/dev/xvda1              /boot                   ext3    defaults        1 2\n"
                    "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
                    "/dev/VolGroup00/LogVol01 swap                    swap    defaults        0 0\n",
                    NO_WARNINGS);
}

static void test_debian_tabs_and_comments(void **state)
{
        check_fstab("# /etc/fstab: static file system information.\n"
                    "#\n"
                    "# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n"
                    "proc\t/proc\tproc\tdefaults\t0\t0\n"
                    "/dev/sda1\t/\text3\terrors=remount-ro\t0\t1\n"
                    "/dev/sda2\tnone\tswap\tsw\t0\t0\n"
                    "\n"
                    "# /dev/sda1 was the root once\n",
                    "# /etc/fstab: static file system information.\n"
                    "#\n"
                    "# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n"
                    "proc\t/proc\tproc\tdefaults\t0\t0\n"
                    "/dev/xvda1\t/\text3\terrors=remount-ro\t0\t1\n"
                    "/dev/xvda2\tnone\tswap\tsw\t0\t0\n"
                    "\n"
                    "# /dev/sda1 was the root once\n",
                    NO_WARNINGS);
}

static void test_align_padding_shrinks(void **state)
{
        /* The token grows by one: the padding after it gives one space back. */
        check_fstab("/dev/sda1  /      ext3  defaults  1 1\n"
                    "/dev/sda2  swap   swap  defaults  0 0\n",
                    "/dev/xvda1 /      ext3  defaults  1 1\n"
                    "/dev/xvda2 swap   swap  defaults  0 0\n",
                    NO_WARNINGS);
}

static void test_align_single_space_shifts(void **state)
{
        /* One space cannot shrink: the rest of the line moves one column. */
        check_fstab("/dev/sda1 / ext3 defaults 1 1\n"
                    "/dev/sdb1  /home ext3 defaults 1 2\n",
                    "/dev/xvda1 / ext3 defaults 1 1\n"
                    "/dev/xvdb1 /home ext3 defaults 1 2\n",
                    NO_WARNINGS);
}

static void test_tab_then_spaces_kept(void **state)
{
        /* A run with a tab in it is kept as it is. */
        check_fstab("/dev/sda1\t   /\text3\tdefaults\t1 1\n"
                    "  /dev/sda2    swap swap defaults 0 0\n",
                    "/dev/xvda1\t   /\text3\tdefaults\t1 1\n"
                    "  /dev/xvda2   swap swap defaults 0 0\n",
                    NO_WARNINGS);
}

static void test_crlf(void **state)
{
        check_fstab("# made on Windows\r\n"
                    "/dev/sda1   /      ext3 defaults 1 1\r\n"
                    "LABEL=data  /data  ext3 defaults 1 2\r\n",
                    "# made on Windows\r\n"
                    "/dev/xvda1  /      ext3 defaults 1 1\r\n"
                    "LABEL=data  /data  ext3 defaults 1 2\r\n",
                    NO_WARNINGS);
}

static void test_no_final_newline(void **state)
{
        check_fstab("proc /proc proc defaults 0 0\n"
                    "/dev/sda2 swap swap defaults 0 0",
                    "proc /proc proc defaults 0 0\n"
                    "/dev/xvda2 swap swap defaults 0 0",
                    NO_WARNINGS);
}

static void test_sda1_vs_sda10(void **state)
{
        check_fstab("/dev/sda1    /      ext3 defaults 1 1\n"
                    "/dev/sda10   /srv   ext3 defaults 1 2\n"
                    "/dev/sda1x   /x     ext3 defaults 1 2\n",
                    "/dev/xvda1   /      ext3 defaults 1 1\n"
                    "/dev/xvda10  /srv   ext3 defaults 1 2\n"
                    "/dev/sda1x   /x     ext3 defaults 1 2\n",
                    NO_WARNINGS);
}

static void test_hd_disks(void **state)
{
        check_fstab("/dev/hda1 / ext3 defaults 1 1\n"
                    "/dev/hdb1   /var  ext3 defaults 1 2\n"
                    "/dev/hdc    /media/cdrom iso9660 ro,noauto 0 0\n",
                    "/dev/xvda1 / ext3 defaults 1 1\n"
                    "/dev/xvdb1  /var  ext3 defaults 1 2\n"
                    "/dev/xvdc   /media/cdrom iso9660 ro,noauto 0 0\n",
                    NO_WARNINGS);
}

static void test_partition_only_disks(void **state)
{
        /* xen-tools style: sda1 and sda2 exported without a parent sda. */
        check_fstab("/dev/sda1     /     ext3     errors=remount-ro   0     1\n"
                    "/dev/sda2     none  swap     sw                  0     0\n"
                    "proc          /proc proc     defaults            0     0\n",
                    "/dev/xvda1    /     ext3     errors=remount-ro   0     1\n"
                    "/dev/xvda2    none  swap     sw                  0     0\n"
                    "proc          /proc proc     defaults            0     0\n",
                    NO_WARNINGS);
}

static void test_whole_disk_and_two_letters(void **state)
{
        check_fstab("/dev/sdb   /data  xfs  defaults 0 2\n"
                    "/dev/sdaa2 /big   ext4 defaults 0 2\n",
                    "/dev/xvdb  /data  xfs  defaults 0 2\n"
                    "/dev/xvdaa2 /big   ext4 defaults 0 2\n",
                    NO_WARNINGS);
}

static void test_bare_kernel_name_untouched(void **state)
{
        /* Without /dev/ the source is no device to mount(8); it is not renamed. */
        check_fstab_untouched("sda1 /x ext3 defaults 0 0\n", NO_WARNINGS);
}

static void test_already_xvd(void **state)
{
        check_fstab_untouched("/dev/xvda1 / ext3 defaults 1 1\n"
                              "/dev/xvda2 swap swap defaults 0 0\n"
                              "/dev/xvdb  /data ext3 defaults 1 2\n",
                              NO_WARNINGS);
}

static void test_uuid_and_label(void **state)
{
        check_fstab_untouched("UUID=0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5 / ext4 errors=remount-ro 0 1\n"
                              "LABEL=/boot /boot ext3 defaults 1 2\n"
                              "LABEL=sda1 /old ext3 defaults 1 2\n"
                              "PARTUUID=00112233-01 /efi vfat umask=0077 0 1\n",
                              NO_WARNINGS);
}

static void test_mapper_md_lvm(void **state)
{
        check_fstab_untouched("/dev/mapper/VolGroup-lv_root /     ext4 defaults 1 1\n"
                              "/dev/md0                     /srv  ext3 defaults 1 2\n"
                              "/dev/vg0/home                /home ext3 defaults 1 2\n"
                              "/dev/disk/by-uuid/0c1d2e3f   /var  ext3 defaults 1 2\n",
                              NO_WARNINGS);
}

static void test_network_and_pseudo_filesystems(void **state)
{
        check_fstab_untouched("server:/export/home /home  nfs   rw,hard,intr 0 0\n"
                              "//server/share      /smb   cifs  credentials=/root/c 0 0\n"
                              "proc                /proc  proc  defaults 0 0\n"
                              "sysfs               /sys   sysfs defaults 0 0\n"
                              "tmpfs               /tmp   tmpfs size=512m 0 0\n"
                              "devpts              /dev/pts devpts gid=5,mode=620 0 0\n"
                              "none                /proc/xen xenfs defaults 0 0\n",
                              NO_WARNINGS);
}

static void test_commented_entry_untouched(void **state)
{
        check_fstab("/dev/sda1 / ext3 defaults 1 1\n"
                    "#/dev/sda3 /data ext3 defaults 1 2\n"
                    "   # /dev/sda4 /old ext3 defaults 1 2\n",
                    "/dev/xvda1 / ext3 defaults 1 1\n"
                    "#/dev/sda3 /data ext3 defaults 1 2\n"
                    "   # /dev/sda4 /old ext3 defaults 1 2\n",
                    NO_WARNINGS);
}

static void test_garbage_line_kept_with_warning(void **state)
{
        check_fstab("/dev/sda1 / ext3 defaults 1 1\n"
                    "# a comment\n"
                    "this is not /dev/sda2 an entry\n"
                    "/dev/sda2 swap swap defaults 0 0\n",
                    "/dev/xvda1 / ext3 defaults 1 1\n"
                    "# a comment\n"
                    "this is not /dev/sda2 an entry\n"
                    "/dev/xvda2 swap swap defaults 0 0\n",
                    WARNINGS("'/etc/fstab' line 3: not a valid fstab entry, left as it is"));
}

static void test_source_only_line(void **state)
{
        check_fstab("/dev/sda1 / ext3 defaults 1 1\n"
                    "/dev/sdb1\n"
                    "/dev/sdc1 /mnt\n",
                    "/dev/xvda1 / ext3 defaults 1 1\n"
                    "/dev/sdb1\n"
                    "/dev/sdc1 /mnt\n",
                    WARNINGS("'/etc/fstab' line 2: not a valid fstab entry, left as it is",
                             "'/etc/fstab' line 3: not a valid fstab entry, left as it is"));
}

static void test_bad_numbers_warned(void **state)
{
        check_fstab("/dev/sda1 / ext3 defaults one two\n",
                    "/dev/sda1 / ext3 defaults one two\n",
                    WARNINGS("'/etc/fstab' line 1: not a valid fstab entry, left as it is"));
}

static void test_cciss_unknown(void **state)
{
        check_fstab("/dev/cciss/c0d0p1 /     ext3 defaults 1 1\n"
                    "/dev/sda2         swap  swap defaults 0 0\n"
                    "/dev/nvme0n1p3    /data ext4 defaults 0 2\n",
                    "/dev/cciss/c0d0p1 /     ext3 defaults 1 1\n"
                    "/dev/xvda2        swap  swap defaults 0 0\n"
                    "/dev/nvme0n1p3    /data ext4 defaults 0 2\n",
                    WARNINGS("'/etc/fstab' line 1: unknown device '/dev/cciss/c0d0p1': pvops guests see only "
                             "xvd disks; fix this entry by hand",
                             "'/etc/fstab' line 3: unknown device '/dev/nvme0n1p3': pvops guests see only "
                             "xvd disks; fix this entry by hand"));
}

static void test_escaped_mount_point(void **state)
{
        check_fstab("/dev/sdb1   /mnt/my\\040disk   ext3   defaults,user\\054x   0 2\n",
                    "/dev/xvdb1  /mnt/my\\040disk   ext3   defaults,user\\054x   0 2\n",
                    NO_WARNINGS);
}

static void test_escaped_device_warned(void **state)
{
        /* "/dev/sd\141" is /dev/sda to mount; it is not rewritten, but reported. */
        check_fstab("/dev/sd\\141 / ext3 defaults 1 1\n",
                    "/dev/sd\\141 / ext3 defaults 1 1\n",
                    WARNINGS("'/etc/fstab' line 1: device written with escapes '/dev/sd\\141': left as it is; "
                             "fix this entry by hand"));
}

static void test_trailing_comment_kept(void **state)
{
        check_fstab("/dev/sda1  /      ext3  defaults  1 1   # root, do not touch the sda1 here\n",
                    "/dev/xvda1 /      ext3  defaults  1 1   # root, do not touch the sda1 here\n",
                    NO_WARNINGS);
}

static void test_latin1_bytes(void **state)
{
        check_fstab("# Partitionen f\xfcr den Gastrechner\n"
                    "/dev/sda1 /d\xe9p\xf4t ext3 defaults 1 2\n",
                    "# Partitionen f\xfcr den Gastrechner\n"
                    "/dev/xvda1 /d\xe9p\xf4t ext3 defaults 1 2\n",
                    NO_WARNINGS);
}

static void test_cr_inside_line(void **state)
{
        /*
         * A CR that is not part of a CRLF terminator is content: it stays in
         * untouched and in rewritten lines. Only a lone CR ending the last
         * line (no LF) cannot be carried by a rewritten line: reported.
         */
        check_fstab("LABEL=/ / ext3 defaults\r 1 1\n"
                    "/dev/sda2 swap swap defaults\r 0 0\n"
                    "/dev/sda3 /var ext3 defaults 1 2\n"
                    "/dev/sda4 /srv ext3 defaults 1 2\r",
                    "LABEL=/ / ext3 defaults\r 1 1\n"
                    "/dev/xvda2 swap swap defaults\r 0 0\n"
                    "/dev/xvda3 /var ext3 defaults 1 2\n"
                    "/dev/sda4 /srv ext3 defaults 1 2\r",
                    WARNINGS("'/etc/fstab' line 4: carriage return in the entry for '/dev/sda4': left as it is; "
                             "fix this entry by hand"));
}

static void test_mountinfo_lookalike(void **state)
{
        /* libmount guesses the mountinfo format for this line; it is no fstab entry. */
        check_fstab("12 34 0:1 / /mnt rw - ext4 /dev/sda1 rw\n",
                    "12 34 0:1 / /mnt rw - ext4 /dev/sda1 rw\n",
                    WARNINGS("'/etc/fstab' line 1: not a valid fstab entry, left as it is"));
}

static void test_second_run_no_edits(void **state)
{
        const char *in = "/dev/sda1 / ext3 defaults 1 1\n/dev/hdb2 /home ext3 defaults 1 2\n";
        struct rewrite_out o1 = {0}, o2 = {0};
        _cleanup_free_ char *out1 = NULL, *out2 = NULL;

        out1 = run_fstab_n(in, strlen(in), true, 0, &o1);
        assert_int_equal(o1.edits.n, 2);
        assert_string_equal(o1.edits.v[0].reason, "/dev/sda1 -> /dev/xvda1: pvops kernels name Xen disks xvdX");
        assert_string_equal(o1.edits.v[1].reason, "/dev/hdb2 -> /dev/xvdb2: pvops kernels name Xen disks xvdX");
        assert_int_equal(o1.edits.v[0].kind, EDIT_REPLACE);
        assert_int_equal(o1.edits.v[0].line, 0);
        assert_int_equal(o1.edits.v[1].line, 1);

        out2 = run_fstab_n(out1, strlen(out1), true, 0, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_int_equal(o2.warnings.n, 0);
        assert_string_equal(out2, out1);

        rewrite_out_done(&o1);
        rewrite_out_done(&o2);
}

static void test_rhel6_shift(void **state)
{
        check_fstab_shift("/dev/sda1   /boot  ext4 defaults 1 2\n"
                          "/dev/sdb    /data  ext4 defaults 1 2\n"
                          "/dev/hda2   /old   ext3 defaults 1 2\n",
                          4,
                          "/dev/xvde1  /boot  ext4 defaults 1 2\n"
                          "/dev/xvdf   /data  ext4 defaults 1 2\n"
                          "/dev/xvda2  /old   ext3 defaults 1 2\n",
                          NO_WARNINGS);
}

static void test_missing_and_empty(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_fstab_n("", 0, false, 0, &o);
        assert_string_equal(out, "");
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        assert_false(o.create);
        rewrite_out_done(&o);

        o = (struct rewrite_out){0};
        out2 = run_fstab_n("", 0, true, 0, &o);
        assert_string_equal(out2, "");
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        rewrite_out_done(&o);
}

static void test_blank_lines_with_blanks(void **state)
{
        check_fstab_untouched(" \t \n\n\t\n", NO_WARNINGS);
}

/* --fstab-by: a table as facts_build() would make it (the probing itself is tested in test-blockid). */
static struct blockid_entry by_entries[] = {
        {.origin = BLOCKID_FSTAB,
         .spec = (char *)"/dev/sda1",
         .tag = (char *)"UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef",
         .how = (char *)"the ext3 filesystem's UUID, read from /dev/sda1 on the running system"},
        {.origin = BLOCKID_FSTAB, .spec = (char *)"/dev/sda2",
         .how = (char *)"libblkid found no filesystem, swap area or LUKS header on /dev/sda2 on the running system"},
        {.origin = BLOCKID_FSTAB, .spec = (char *)"/dev/xvdb1", .tag = (char *)"LABEL=data",
         .how = (char *)"the ext4 filesystem's label, read from /dev/xvdb1 on the running system"},
        {.origin = BLOCKID_FSTAB, .spec = (char *)"/dev/xvdc1", .how = (char *)"'/dev/xvdc1' does not exist"},
        /* A crypttab entry never applies to fstab. */
        {.origin = BLOCKID_CRYPTTAB, .spec = (char *)"/dev/sdd1", .tag = (char *)"UUID=dddd"},
};

static char *run_fstab_by(const char *in, enum fstab_by by, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        const struct facts facts = {.fstab_by = by, .block_ids = {.v = by_entries, .n = ARRAY_SIZE(by_entries)}};
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(rewriter_fstab.rewrite(t, true, "/etc/fstab", &facts, o), 0);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        return out;
}

static void test_fstab_by_uuid(void **state)
{
        struct rewrite_out o = {0}, o2 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_fstab_by("/dev/sda1       /      ext3  defaults 1 1\n"
                           "/dev/sda2       none   swap  sw       0 0\n"
                           "/dev/xvdb1      /data  ext4  defaults 1 2\n"
                           "/dev/xvdc1      /c     ext4  defaults 1 2\n"
                           "/dev/sdd1       /d     ext4  defaults 1 2\n"
                           "UUID=abcd       /e     ext4  defaults 1 2\n"
                           "/dev/sda1       /again ext3  defaults 1 1\n",
                           FSTAB_BY_UUID, &o);
        assert_string_equal(out, "UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef       /      ext3  defaults 1 1\n"
                                 "/dev/xvda2      none   swap  sw       0 0\n"
                                 "LABEL=data      /data  ext4  defaults 1 2\n"
                                 "/dev/xvdc1      /c     ext4  defaults 1 2\n"
                                 "/dev/xvdd1      /d     ext4  defaults 1 2\n"
                                 "UUID=abcd       /e     ext4  defaults 1 2\n"
                                 "UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef       /again ext3  defaults 1 1\n");
        assert_int_equal(o.edits.n, 5);
        assert_string_equal(o.edits.v[0].reason,
                            "/dev/sda1 -> UUID=0b3c9d8e-1234-4d5e-9f00-abcdefabcdef: --fstab-by uuid, the ext3 "
                            "filesystem's UUID, read from /dev/sda1 on the running system; it names the device "
                            "under the Xenlinux and the pvops kernel alike");
        assert_string_equal(o.edits.v[1].reason, "/dev/sda2 -> /dev/xvda2: pvops kernels name Xen disks xvdX");
        assert_string_equal(o.edits.v[2].reason,
                            "/dev/xvdb1 -> LABEL=data: --fstab-by uuid, the ext4 filesystem's label, read from "
                            "/dev/xvdb1 on the running system; it names the device under the Xenlinux and the "
                            "pvops kernel alike");
        assert_int_equal(o.warnings.n, 3);
        assert_string_equal(o.warnings.v[0], "'/etc/fstab' line 2: --fstab-by uuid: '/dev/sda2' keeps a device "
                                             "name: libblkid found no filesystem, swap area or LUKS header on "
                                             "/dev/sda2 on the running system");
        assert_string_equal(o.warnings.v[1], "'/etc/fstab' line 4: --fstab-by uuid: '/dev/xvdc1' keeps a device "
                                             "name: '/dev/xvdc1' does not exist");
        assert_string_equal(o.warnings.v[2], "'/etc/fstab' line 5: --fstab-by uuid: '/dev/sdd1' keeps a device "
                                             "name: it was not probed");

        /* The output again: tags stay; the renamed names are not in this (old) table, so they only warn. */
        out2 = run_fstab_by(out, FSTAB_BY_UUID, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);
        rewrite_out_done(&o);
        rewrite_out_done(&o2);
}

static void test_fstab_by_name_ignores_table(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;

        out = run_fstab_by("/dev/sda1 / ext3 defaults 1 1\n/dev/xvdb1 /data ext4 defaults 1 2\n", FSTAB_BY_NAME, &o);
        assert_string_equal(out, "/dev/xvda1 / ext3 defaults 1 1\n/dev/xvdb1 /data ext4 defaults 1 2\n");
        assert_int_equal(o.warnings.n, 0);
        rewrite_out_done(&o);
}

static void test_fstab_by_unsafe_lines(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;

        /* Escapes, bare names and a lone CR are never switched either. */
        out = run_fstab_by("/dev/sd\\141 / ext3 defaults 1 1\n"
                           "sda1 /bare ext3 defaults 1 1\n"
                           "/dev/sda1 / ext3 defaults 1 1\r",
                           FSTAB_BY_UUID, &o);
        assert_string_equal(out, "/dev/sd\\141 / ext3 defaults 1 1\n"
                                 "sda1 /bare ext3 defaults 1 1\n"
                                 "/dev/sda1 / ext3 defaults 1 1\r");
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 2);
        assert_string_equal(o.warnings.v[1], "'/etc/fstab' line 3: carriage return in the entry for '/dev/sda1': "
                                             "left as it is; fix this entry by hand");
        rewrite_out_done(&o);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rhel5_lvm_label),
                cmocka_unit_test(test_rhel5_boot_on_sda1),
                cmocka_unit_test(test_debian_tabs_and_comments),
                cmocka_unit_test(test_align_padding_shrinks),
                cmocka_unit_test(test_align_single_space_shifts),
                cmocka_unit_test(test_tab_then_spaces_kept),
                cmocka_unit_test(test_crlf),
                cmocka_unit_test(test_no_final_newline),
                cmocka_unit_test(test_sda1_vs_sda10),
                cmocka_unit_test(test_hd_disks),
                cmocka_unit_test(test_partition_only_disks),
                cmocka_unit_test(test_whole_disk_and_two_letters),
                cmocka_unit_test(test_bare_kernel_name_untouched),
                cmocka_unit_test(test_already_xvd),
                cmocka_unit_test(test_uuid_and_label),
                cmocka_unit_test(test_mapper_md_lvm),
                cmocka_unit_test(test_network_and_pseudo_filesystems),
                cmocka_unit_test(test_commented_entry_untouched),
                cmocka_unit_test(test_garbage_line_kept_with_warning),
                cmocka_unit_test(test_source_only_line),
                cmocka_unit_test(test_bad_numbers_warned),
                cmocka_unit_test(test_cciss_unknown),
                cmocka_unit_test(test_escaped_mount_point),
                cmocka_unit_test(test_escaped_device_warned),
                cmocka_unit_test(test_trailing_comment_kept),
                cmocka_unit_test(test_latin1_bytes),
                cmocka_unit_test(test_cr_inside_line),
                cmocka_unit_test(test_mountinfo_lookalike),
                cmocka_unit_test(test_second_run_no_edits),
                cmocka_unit_test(test_rhel6_shift),
                cmocka_unit_test(test_missing_and_empty),
                cmocka_unit_test(test_blank_lines_with_blanks),
                cmocka_unit_test(test_fstab_by_uuid),
                cmocka_unit_test(test_fstab_by_name_ignores_table),
                cmocka_unit_test(test_fstab_by_unsafe_lines),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
