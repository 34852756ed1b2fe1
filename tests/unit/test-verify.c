/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* verify: each item on its own (pure), then the whole checklist on guest trees. */
#include "test-helpers.h"

#include "test-profiles.h"

#include "facts.h"
#include "guest-root.h"
#include "log.h"
#include "plan.h"
#include "grub-cfg.h"
#include "verify.h"

static const struct devmap same = {.sd_shift = 0}, rhel6 = {.sd_shift = 4};

static struct text *text_of(const char *s)
{
        struct text *t = NULL;

        assert_int_equal(text_new(s, strlen(s), &t), 0);
        return t;
}

/* The report's items as "name:status:detail" lines, for exact comparison. */
static char *summary(const struct verify_report *r)
{
        struct strbuf b = {0};
        char *s = NULL;

        for (size_t i = 0; i < r->n_checks; i++) {
                const struct check *c = &r->checks[i];
                assert_int_equal(strbuf_printf(&b, "%s:%s:%s\n", c->name, check_status_to_string(c->status),
                                               c->detail),
                                 0);
                /* Only ok items have no fix. */
                assert_true((c->fix == NULL) == (c->status == CHECK_OK));
        }
        assert_int_equal(strbuf_steal(&b, &s), 0);
        return s;
}

static void assert_report(const struct verify_report *r, const char *want)
{
        char *s = summary(r);

        assert_string_equal(s, want);
        free(s);
}

/* ---- pure items ---- */

static void test_fstab(void **state)
{
        struct verify_report r = {0};
        struct text *t = text_of("# /dev/sda9 / ext3\n"
                                 "\n"
                                 "/dev/sda1\t/\text3 defaults 1 1\n"
                                 "LABEL=/home /home ext3 defaults 1 2\n"
                                 "UUID=0b5e /srv ext3 defaults 1 2\n"
                                 "/dev/VolGroup00/LogVol01 swap swap defaults 0 0\n"
                                 "/dev/mapper/vg-sda1 /opt ext3 defaults 0 2\n"
                                 "sda2 /x ext3 defaults 0 0\n"
                                 "/dev/xvda3 /y ext3 defaults 0 0\n"
                                 "  /dev/hdc   /media/cdrom0 udf,iso9660 user,noauto 0 0\n"
                                 "/dev/sdb\n");
        (void)state;

        assert_int_equal(verify_fstab(t, "/etc/fstab", &same, "domufix", &r), 0);
        assert_report(&r, "fstab:failed:'/etc/fstab' line 3: /dev/sda1 (/) names a Xenlinux disk (pvops: /dev/xvda1)\n"
                          "fstab:failed:'/etc/fstab' line 10: /dev/hdc (/media/cdrom0) names a Xenlinux disk "
                          "(pvops: /dev/xvdc)\n"
                          "fstab:failed:'/etc/fstab' line 11: /dev/sdb names a Xenlinux disk (pvops: /dev/xvdb)\n");
        assert_int_equal(r.n_failed, 3);
        assert_string_equal(r.checks[0].paths.v[0], "/etc/fstab");
        assert_non_null(strstr(r.checks[0].fix, "name it /dev/xvda1, UUID= or LABEL=: 'domufix apply'"));
        verify_report_done(&r);

        /* The RHEL 6 rule names the new disk by it. */
        assert_int_equal(verify_fstab(t, "/etc/fstab", &rhel6, "domufix", &r), 0);
        assert_non_null(strstr(r.checks[0].detail, "(pvops: /dev/xvde1)"));
        verify_report_done(&r);
        text_free(t);

        t = text_of("/dev/xvda1 / ext3 defaults 1 1\nproc /proc proc defaults 0 0\n");
        assert_int_equal(verify_fstab(t, "/etc/fstab", &same, "domufix", &r), 0);
        assert_report(&r, "fstab:ok:no entry of '/etc/fstab' names a sdX/hdX disk\n");
        verify_report_done(&r);
        text_free(t);

        assert_int_equal(verify_fstab(NULL, "/etc/fstab", &same, "domufix", &r), 0);
        assert_report(&r, "fstab:ok:no /etc/fstab\n");
        assert_true(r.n_failed == 0 && r.n_skipped == 0);
        verify_report_done(&r);
}

static void test_fstab_has_boot(void **state)
{
        struct text *t;
        (void)state;

        assert_false(verify_fstab_has_boot(NULL));
        t = text_of("/dev/sda2 / ext3 defaults 1 1\n#/dev/sda1 /boot ext3 defaults 1 2\n");
        assert_false(verify_fstab_has_boot(t));
        text_free(t);
        t = text_of("/dev/sda2 / ext3 defaults 1 1\nLABEL=/boot\t/boot\text3 defaults 1 2\n");
        assert_true(verify_fstab_has_boot(t));
        text_free(t);
        t = text_of("/dev/sda3 /boot/efi vfat defaults 0 0\n/dev/sda4 /bootx ext3 defaults 0 0\n");
        assert_false(verify_fstab_has_boot(t));
        text_free(t);
}

static void test_securetty(void **state)
{
        static const struct {
                const char *text;
                const char *want;
        } cases[] = {
                {"console\nxvc0\nhvc0\n", "securetty:ok:'/etc/securetty' line 3 lets root log in on hvc0\n"},
                {"console\nhvc0", "securetty:ok:'/etc/securetty' line 2 lets root log in on hvc0\n"},
                {"console\nxvc0\n",
                 "securetty:failed:'/etc/securetty' does not list hvc0: root cannot log in on the xl console\n"},
                {" hvc0\n/dev/hvc0\nhvc0 \n",
                 "securetty:failed:'/etc/securetty' does not list hvc0: root cannot log in on the xl console\n"},
                {"console\r\nhvc0\r\n",
                 "securetty:failed:'/etc/securetty' line 2: hvc0 ends in a carriage return (CRLF): pam_securetty "
                 "does not match it, so root cannot log in on the xl console\n"},
                {"", "securetty:failed:'/etc/securetty' does not list hvc0: root cannot log in on the xl console\n"},
        };
        struct verify_report r = {0};
        (void)state;

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct text *t = text_of(cases[i].text);

                assert_int_equal(verify_securetty(t, "/etc/securetty", "domufix", &r), 0);
                assert_report(&r, cases[i].want);
                assert_string_equal(r.checks[0].paths.v[0], "/etc/securetty");
                verify_report_done(&r);
                text_free(t);
        }
        assert_int_equal(verify_securetty(NULL, "/etc/securetty", "domufix", &r), 0);
        assert_report(&r, "securetty:ok:no /etc/securetty: root may log in on any terminal\n");
        verify_report_done(&r);
}

static void test_getty(void **state)
{
        struct init_info i = {.init = INIT_SYSVINIT};
        struct verify_report r = {0};
        (void)state;

        assert_int_equal(verify_getty(&i, "/etc/inittab", "domufix --root /g", &r), 0);
        assert_report(&r, "getty:failed:no getty on hvc0 in /etc/inittab (no getty at all): no login prompt on the "
                          "xl console\n");
        assert_string_equal(r.checks[0].paths.v[0], "/etc/inittab");
        assert_string_equal(r.checks[0].fix, "run 'domufix --root /g plan', review the diff, then 'domufix --root "
                                             "/g apply': it adds a getty on hvc0");
        verify_report_done(&r);

        assert_int_equal(strv_push(&i.getty_ttys, "tty1"), 0);
        assert_int_equal(strv_push(&i.getty_sources, "/etc/inittab:12"), 0);
        assert_int_equal(strv_push(&i.getty_ttys, "xvc0"), 0);
        assert_int_equal(strv_push(&i.getty_sources, "/etc/inittab:20"), 0);
        assert_int_equal(verify_getty(&i, "/etc/inittab", "domufix", &r), 0);
        assert_report(&r, "getty:failed:no getty on hvc0 in /etc/inittab (gettys on: tty1, xvc0): no login prompt on "
                          "the xl console\n");
        verify_report_done(&r);

        /* Upstart: the job directory stands for every job in it. */
        i.init = INIT_UPSTART_INIT;
        assert_int_equal(verify_getty(&i, "/etc/init", "domufix", &r), 0);
        assert_string_equal(r.checks[0].paths.v[0], "/etc/init/");
        verify_report_done(&r);

        assert_int_equal(strv_push(&i.getty_ttys, "console"), 0);
        assert_int_equal(strv_push(&i.getty_sources, "/etc/init/console.conf"), 0);
        assert_int_equal(verify_getty(&i, "/etc/init", "domufix", &r), 0);
        assert_report(&r, "getty:ok:a getty runs on console (/etc/init/console.conf), which is hvc0 under a pvops "
                          "kernel\n");
        verify_report_done(&r);

        assert_int_equal(strv_push(&i.getty_ttys, "hvc0"), 0);
        assert_int_equal(strv_push(&i.getty_sources, "/etc/init/hvc0.conf"), 0);
        free(i.getty_ttys.v[2]);
        i.getty_ttys.v[2] = strdup("tty2");
        assert_int_equal(verify_getty(&i, "/etc/init", "domufix", &r), 0);
        assert_report(&r, "getty:ok:a getty runs on hvc0 (/etc/init/hvc0.conf)\n");
        verify_report_done(&r);

        init_info_done(&i);
        i = (struct init_info){.init = INIT_SYSTEMD, .console_getty_auto = true};
        assert_int_equal(verify_getty(&i, NULL, "domufix", &r), 0);
        assert_report(&r, "getty:ok:systemd starts a getty on the kernel console by itself (hvc0 when console=hvc0 "
                          "is the last console= or there is none)\n");
        verify_report_done(&r);
}

static void test_cmdline(void **state)
{
        struct verify_report r = {0};
        (void)state;

        assert_int_equal(verify_cmdline("ro root=/dev/sda1 console=xvc0 xencons=tty", "'/m' entry 0 (x)", "/m",
                                        "domufix", &r),
                         0);
        assert_report(&r, "boot-entry:failed:'/m' entry 0 (x): root=/dev/sda1 names a Xenlinux disk; console=xvc0 is a "
                          "Xenlinux console; xencons=tty is a Xenlinux parameter; hvc0 is not the last console=\n");
        assert_string_equal(r.checks[0].paths.v[0], "/m");
        verify_report_done(&r);

        assert_int_equal(verify_cmdline("ro root=/dev/xvda1 console=tty0 console=hvc0", "E", "/m", "domufix", &r), 0);
        assert_report(&r, "boot-entry:ok:E has pvops names: root=/dev/xvda1, console=hvc0 last\n");
        verify_report_done(&r);

        assert_int_equal(verify_cmdline("ro quiet", "E", "/m", "domufix", &r), 0);
        assert_report(&r, "boot-entry:ok:E has pvops names: no console= (hvc0 by default)\n");
        verify_report_done(&r);

        assert_int_equal(verify_cmdline("", "E", "/m", "domufix", &r), 0);
        assert_int_equal(r.n_failed, 0);
        verify_report_done(&r);

        assert_int_equal(verify_cmdline("root=UUID=1234 console=hvc0 console=ttyS0", "E", "/m", "domufix", &r), 0);
        assert_report(&r, "boot-entry:failed:E: hvc0 is not the last console=\n");
        verify_report_done(&r);
}

static void test_grub2_default_cmdline(void **state)
{
        struct text *t;
        char *s = NULL;
        (void)state;

        t = text_of("GRUB_DEFAULT=0\n"
                    "#GRUB_CMDLINE_LINUX=\"console=xvc0\"\n"
                    "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
                    "GRUB_CMDLINE_LINUX=\"root=/dev/sda1\"\n"
                    "GRUB_CMDLINE_LINUX='console=hvc0 root=/dev/xvda1'  \n");
        assert_int_equal(grub_default_cmdline(t, &s), 1);
        assert_string_equal(s, "console=hvc0 root=/dev/xvda1 quiet");
        free(s);
        text_free(t);

        t = text_of("GRUB_CMDLINE_LINUX_DEFAULT=console=xvc0\n");
        assert_int_equal(grub_default_cmdline(t, &s), 1);
        assert_string_equal(s, "console=xvc0");
        free(s);
        text_free(t);

        t = text_of("GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUXX=\"a\"\n");
        s = NULL;
        assert_int_equal(grub_default_cmdline(t, &s), 0);
        assert_null(s);
        text_free(t);
        assert_int_equal(grub_default_cmdline(NULL, &s), 0);
}

static void test_lvm(void **state)
{
        static const struct {
                const char *conf;
                const struct devmap *m;
                const char *want;
        } cases[] = {
                {"devices {\n filter = [ \"a|/dev/sda|\", \"r|.*|\" ]\n}\n", &same,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 2: filter accepts /dev/sda but rejects /dev/xvda: LVM "
                 "will not find its physical volumes under a pvops kernel\n"},
                {"devices {\n global_filter = [ \"a|^/dev/hdb2$|\", \"r|.|\" ]\n}\n", &same,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 2: global_filter accepts /dev/hdb2 but rejects "
                 "/dev/xvdb2: LVM will not find its physical volumes under a pvops kernel\n"},
                {"devices {\n filter = [ \"a|/dev/sd|\", \"a|/dev/xvd|\", \"r|.*|\" ]\n}\n", &same,
                 "lvm-filter:ok:the filters of '/etc/lvm/lvm.conf' accept the xvd names of the disks they accept\n"},
                {"devices {\n filter = [ \"a/.*/\" ]\n}\n", &same,
                 "lvm-filter:ok:the filters of '/etc/lvm/lvm.conf' accept the xvd names of the disks they accept\n"},
                {"devices {\n filter = [ \"r|/dev/cdrom|\" ]\n}\n", &same,
                 "lvm-filter:ok:the filters of '/etc/lvm/lvm.conf' accept the xvd names of the disks they accept\n"},
                /* Accepting xvda but not the RHEL 6 name of sda. */
                {"devices {\n filter = [ \"a|^/dev/sda2$|\", \"a|^/dev/xvda2$|\", \"r|.*|\" ]\n}\n", &rhel6,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 2: filter accepts /dev/sda2 but rejects /dev/xvde2: LVM "
                 "will not find its physical volumes under a pvops kernel\n"},
                {"devices {\n dir = \"/dev\"\n}\n", &same, "lvm-filter:ok:'/etc/lvm/lvm.conf' sets no filter\n"},
                /* The first pattern that matches decides; one LVM refuses matches nothing; no match accepts. */
                {"devices {\n filter = [ \"r|[unclosed|\", \"x|sda|\", 7, \"a|^/dev/sda$|\", \"r|xvd|\" ]\n}\n", &same,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 2: filter accepts /dev/sda but rejects /dev/xvda: LVM "
                 "will not find its physical volumes under a pvops kernel\n"},
                {"devices {\n filter = [ \"a|xvd|\", \"a|^/dev/sda$|\", \"r|.|\" ]\n}\n", &same,
                 "lvm-filter:ok:the filters of '/etc/lvm/lvm.conf' accept the xvd names of the disks they accept\n"},
                /* Separators '(' '[' '{' close with their pairs, as in LVM's _extract_pattern(). */
                {"devices {\n filter = [ \"a(^/dev/sda$)\", 'r{.}' ]\n}\n", &same,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 2: filter accepts /dev/sda but rejects /dev/xvda: LVM "
                 "will not find its physical volumes under a pvops kernel\n"},
                /* LVM's regex syntax, not ERE's: "[]a]" is an empty set then "a]", and matches no name. */
                {"devices {\n filter = [ \"r|^/dev/xvd[]a]|\" ]\n}\n", &same,
                 "lvm-filter:ok:the filters of '/etc/lvm/lvm.conf' accept the xvd names of the disks they accept\n"},
                /* The string LVM gets: "\\" is one backslash, so "\\." is a literal dot here. */
                {"devices {\n filter = [ \"a|^/dev/sda\\\\.?$|\", \"r|.|\" ]\n}\n", &same,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 2: filter accepts /dev/sda but rejects /dev/xvda: LVM "
                 "will not find its physical volumes under a pvops kernel\n"},
                /* The path form, quoted keys, preferred_names (not a filter), single quotes. */
                {"devices/preferred_names = [ \"r|.*|\" ]\n\"devices\" {\n 'global_filter' = [ 'a|^/dev/hda$|' \"r|.|\" ]\n"
                 " filter = \"r|/dev/hd|\"\n}\n",
                 &same,
                 "lvm-filter:failed:'/etc/lvm/lvm.conf' line 3: global_filter accepts /dev/hda but rejects "
                 "/dev/xvda: LVM will not find its physical volumes under a pvops kernel\n"},
                /* A file LVM cannot parse: not checked. */
                {"devices {\n filter = [ \"a|sda|\", \"r|.*|\" \n}\n", &same,
                 "lvm-filter:skipped:'/etc/lvm/lvm.conf' line 3: cannot be read as LVM reads it (expected a value): "
                 "its filters are not checked\n"},
        };
        struct verify_report r = {0};
        (void)state;

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct text *t = text_of(cases[i].conf);

                assert_int_equal(verify_lvm(t, "/etc/lvm/lvm.conf", cases[i].m, &r), 0);
                assert_report(&r, cases[i].want);
                assert_string_equal(r.checks[0].paths.v[0], "/etc/lvm/lvm.conf");
                verify_report_done(&r);
                text_free(t);
        }
        assert_int_equal(verify_lvm(NULL, "/etc/lvm/lvm.conf", &same, &r), 0);
        assert_report(&r, "lvm-filter:ok:no /etc/lvm/lvm.conf\n");
        verify_report_done(&r);
}

static void test_add(void **state)
{
        struct verify_report r = {0};
        (void)state;

        assert_int_equal(verify_add(&r, "a", CHECK_OK, NULL, NULL, "x %d", 1), 0);
        assert_int_equal(verify_add(&r, "b", CHECK_SKIPPED, "/p", strdup("do"), "y"), 0);
        /* A failed item without a fix: its allocation failed. */
        assert_int_equal(verify_add(&r, "c", CHECK_FAILED, NULL, NULL, "z"), -ENOMEM);
        assert_int_equal(r.n_checks, 2);
        assert_int_equal(r.n_skipped, 1);
        assert_int_equal(r.n_failed, 0);
        assert_string_equal(r.checks[0].detail, "x 1");
        assert_int_equal(r.checks[0].paths.n, 0);
        assert_string_equal(r.checks[1].paths.v[0], "/p");
        assert_string_equal(check_status_to_string(r.checks[1].status), "skipped");
        verify_report_done(&r);
        assert_int_equal(r.n_checks, 0);
}

/* ---- the whole checklist ---- */

/* Append one newc cpio member (no data) to b. */
static void cpio_member(struct strbuf *b, const char *name, unsigned mode)
{
        size_t namesize = strlen(name) + 1;

        assert_int_equal(strbuf_printf(b, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08zx%08x", 1u, mode, 0u,
                                       0u, 1u, 0u, 0u, 0u, 0u, 0u, 0u, namesize, 0u),
                         0);
        assert_int_equal(strbuf_append(b, name, namesize), 0);
        while (b->len % 4)
                assert_int_equal(strbuf_putc(b, '\0'), 0);
}

/* An uncompressed initramfs with these members (NULL-terminated), written to dir/rel. */
static void write_initrd(const char *dir, const char *rel, const char *const *members)
{
        struct strbuf b = {0};

        for (size_t i = 0; members[i]; i++)
                cpio_member(&b, members[i], 0100644);
        cpio_member(&b, "TRAILER!!!", 0);
        th_write(dir, rel, b.s, b.len);
        strbuf_done(&b);
}

#define V "2.6.32-5-xen-amd64"

static const char *const with_blkfront[] = {
        "init", "lib/modules/" V "/kernel/drivers/block/xen-blkfront.ko", NULL};

/* A Debian squeeze guest that is ready: kernel V (pvops, blkfront a module), initrd with xen-blkfront. */
static char *ready_guest(void)
{
        char *dir = th_mkdtemp();

        th_write_str(dir, "etc/debian_version", "6.0.7\n");
        th_write_str(dir, "etc/fstab", "proc /proc proc defaults 0 0\n/dev/xvda1 / ext3 defaults 0 1\n");
        th_write_str(dir, "etc/securetty", "console\nxvc0\nhvc0\n");
        th_write_str(dir, "etc/inittab", "id:2:initdefault:\n1:2345:respawn:/sbin/getty 38400 hvc0\n");
        th_write_str(dir, "boot/config-" V,
                     "CONFIG_PARAVIRT=y\nCONFIG_XEN=y\nCONFIG_HVC_XEN=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\n");
        th_write_str(dir, "boot/vmlinuz-" V, "placeholder\n");
        write_initrd(dir, "boot/initrd.img-" V, with_blkfront);
        th_write_str(dir, "boot/grub/menu.lst",
                     "default 0\n"
                     "title Debian GNU/Linux, kernel " V "\n"
                     "root (hd0,0)\n"
                     "kernel /boot/vmlinuz-" V " root=/dev/xvda1 ro console=hvc0\n"
                     "initrd /boot/initrd.img-" V "\n");
        return dir;
}

/* facts, plan and verify for a tree; kernel as with --kernel (may be NULL). */
static void run_verify(const char *dir, const char *kernel, struct verify_report *ret)
{
        struct profile_search s = {0};
        struct facts_options fo = {.kernel = kernel};
        struct guest_root *g = NULL;
        struct facts f = {0};
        struct plan *p = NULL;

        th_profile_search(&s);
        fo.profile_dirs = &s.dirs;
        assert_int_equal(guest_root_open(dir, &g), 0);
        error_clear();
        assert_int_equal(facts_build(g, &fo, &f), 0);
        assert_int_equal(plan_build(g, &f, &p), 0);
        /* As domufix's plan does for a static /dev (the disk nodes are left out here). */
        if (f.init.static_dev)
                assert_int_equal(plan_add_hvc0_node(g, p, NULL), 0);
        assert_int_equal(verify_run(g, &f, p, "domufix", ret), 0);
        plan_free(p);
        facts_done(&f);
        guest_root_free(g);
        profile_search_done(&s);
}

static void free_guest(char *dir)
{
        th_rmrf(dir);
        free(dir);
}

static void test_run_ready(void **state)
{
        char *dir = ready_guest();
        struct verify_report r = {0};
        (void)state;

        run_verify(dir, NULL, &r);
        assert_report(&r, "kernel:ok:" V " is a pvops kernel (config: CONFIG_PARAVIRT=y, CONFIG_XEN=y, "
                          "CONFIG_HVC_XEN=y)\n"
                          "boot-entry:ok:'/boot/grub/menu.lst' entry 0 (Debian GNU/Linux, kernel " V ") has pvops "
                          "names: root=/dev/xvda1, console=hvc0 last\n"
                          "initrd:ok:'/boot/grub/menu.lst' entry 0 (Debian GNU/Linux, kernel " V "): initrd "
                          "/boot/initrd.img-" V " exists\n"
                          "blkfront:ok:'/boot/initrd.img-" V "' has xen-blkfront (lib/modules/" V
                          "/kernel/drivers/block/xen-blkfront.ko)\n"
                          "fstab:ok:no entry of '/etc/fstab' names a sdX/hdX disk\n"
                          "getty:ok:a getty runs on hvc0 (/etc/inittab:2)\n"
                          "securetty:ok:'/etc/securetty' line 3 lets root log in on hvc0\n"
                          "lvm-filter:ok:no /etc/lvm/lvm.conf\n"
                          "pending:ok:plan has nothing left to change\n"
                          "warnings:ok:plan has no warnings\n");
        assert_true(r.ready);
        verify_report_done(&r);
        free_guest(dir);
}

/* A menu path relative to a separate /boot partition, and a kernel with blkfront built in. */
static void test_run_separate_boot(void **state)
{
        char *dir = ready_guest();
        struct verify_report r = {0};
        (void)state;

        th_write_str(dir, "etc/fstab", "/dev/xvda2 / ext3 defaults 0 1\n/dev/xvda1 /boot ext3 defaults 0 2\n");
        th_write_str(dir, "boot/grub/menu.lst",
                     "title Debian\nroot (hd0,0)\nkernel /vmlinuz-" V " root=/dev/xvda2\ninitrd (hd0,0)/initrd.img-" V
                     "\n");
        th_write_str(dir, "boot/config-" V, "CONFIG_PARAVIRT=y\nCONFIG_XEN=y\nCONFIG_XEN_BLKDEV_FRONTEND=y\n");
        th_write_str(dir, "boot/initrd.img-" V, "not an image\n");
        run_verify(dir, NULL, &r);
        assert_true(r.ready);
        assert_string_equal(r.checks[2].detail,
                            "'/boot/grub/menu.lst' entry 0 (Debian): initrd /boot/initrd.img-" V " exists");
        assert_string_equal(r.checks[3].detail, "xen-blkfront is built into " V);
        verify_report_done(&r);

        /* Not mounted: the image is not there. */
        th_rmrf(dir);
        free(dir);
        dir = ready_guest();
        th_write_str(dir, "etc/fstab", "/dev/xvda2 / ext3 defaults 0 1\n/dev/xvda1 /boot ext3 defaults 0 2\n");
        run_verify(dir, NULL, &r);
        assert_false(r.ready);
        assert_string_equal(r.checks[2].detail, "'/boot/grub/menu.lst' entry 0 (Debian GNU/Linux, kernel " V
                                                "): initrd /boot/boot/initrd.img-" V
                                                " (/boot is a separate partition in fstab) does not exist");
        assert_non_null(strstr(r.checks[2].fix, "mounted on /boot under the root"));
        assert_non_null(strstr(r.checks[2].fix, "update-initramfs -u -k " V));
        /* No initrd to read: blkfront is a module, so it fails too. */
        assert_string_equal(r.checks[3].detail,
                            "xen-blkfront is a module of " V ", and there is no initrd to load it from (see initrd)");
        assert_string_equal(r.checks[3].fix, "build an initrd with xen-blkfront; inside the guest: update-initramfs "
                                             "-u -k " V);
        assert_int_equal(r.n_failed, 2);
        verify_report_done(&r);
        free_guest(dir);
}

/* An initrd that is there but cannot be used: each is a failed item, never an error. */
static void test_run_initrd_unusable(void **state)
{
        static const char *const want[] = {
                "is a FIFO, not a file",
                "cannot be used: '/boot/initrd.img-" V "': dangling symlink to '/etc/shadow'",
                "cannot be used: '/boot/initrd.img-" V "': too many levels of symbolic links",
                "is a directory, not a file",
                "is empty",
        };
        char *dir = ready_guest(), *path = NULL;
        struct verify_report r = {0};
        (void)state;

        assert_true(asprintf(&path, "%s/boot/initrd.img-" V, dir) > 0);
        for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
                char *detail = NULL;

                assert_int_equal(remove(path), 0);
                switch (i) {
                case 0:
                        assert_int_equal(mkfifo(path, 0644), 0);
                        break;
                case 1:
                        assert_int_equal(symlink("/etc/shadow", path), 0);
                        break;
                case 2:
                        assert_int_equal(symlink("initrd.img-" V, path), 0);
                        break;
                case 3:
                        assert_int_equal(mkdir(path, 0755), 0);
                        break;
                case 4:
                        th_write_str(dir, "boot/initrd.img-" V, "");
                        break;
                }
                run_verify(dir, NULL, &r);
                assert_true(asprintf(&detail, "'/boot/grub/menu.lst' entry 0 (Debian GNU/Linux, kernel " V
                                              "): initrd /boot/initrd.img-" V " %s",
                                     want[i]) > 0);
                assert_string_equal(r.checks[2].detail, detail);
                assert_string_equal(r.checks[2].fix, "rebuild it; inside the guest: update-initramfs -u -k " V);
                assert_int_equal(r.checks[3].status, CHECK_FAILED);
                assert_int_equal(r.n_failed, 2);
                verify_report_done(&r);
                free(detail);
        }
        free(path);
        free_guest(dir);
}

static void test_run_initrd_without_blkfront(void **state)
{
        static const char *const xenlinux[] = {"init", "lib/modules/" V "/kernel/drivers/xen/blkfront/xenblk.ko",
                                               NULL};
        static const char *const other[] = {"lib/modules/3.2.0-4-amd64/kernel/drivers/block/xen-blkfront.ko.xz",
                                            NULL};
        char *dir = ready_guest();
        struct verify_report r = {0};
        (void)state;

        write_initrd(dir, "boot/initrd.img-" V, xenlinux);
        run_verify(dir, NULL, &r);
        assert_int_equal(r.n_failed, 1);
        assert_string_equal(r.checks[3].name, "blkfront");
        assert_string_equal(r.checks[3].detail, "'/boot/initrd.img-" V "' has no xen-blkfront (only the Xenlinux "
                                                "xenblk): the pvops kernel will not find its disks");
        assert_string_equal(r.checks[3].fix,
                            "list xen-blkfront in the initrd tool's modules (domufix plan and apply do that where "
                            "they can), then rebuild the initrd; inside the guest: update-initramfs -u -k " V);
        assert_string_equal(r.checks[3].paths.v[0], "/etc/initramfs-tools/modules");
        verify_report_done(&r);

        write_initrd(dir, "boot/initrd.img-" V, other);
        run_verify(dir, NULL, &r);
        assert_string_equal(r.checks[3].detail,
                            "'/boot/initrd.img-" V "' has no modules for " V " (they are for 3.2.0-4-amd64): it "
                            "belongs to another kernel");
        verify_report_done(&r);

        th_write_str(dir, "boot/initrd.img-" V, "\x1f\x8b garbage");
        run_verify(dir, NULL, &r);
        assert_int_equal(r.checks[3].status, CHECK_FAILED);
        assert_non_null(strstr(r.checks[3].detail, "'/boot/initrd.img-" V "'"));
        verify_report_done(&r);
        free_guest(dir);
}

static void test_run_entry_problems(void **state)
{
        char *dir = ready_guest();
        struct verify_report r = {0};
        (void)state;

        /* The default entry boots the Xenlinux kernel; the pvops entry is the second one. */
        th_write_str(dir, "boot/vmlinuz-2.6.18-6-xen-686", "placeholder\n");
        th_write_str(dir, "boot/config-2.6.18-6-xen-686", "CONFIG_X86_XEN=y\n");
        th_write_str(dir, "boot/grub/menu.lst",
                     "default 0\n"
                     "title Debian, Xenlinux\nkernel /boot/vmlinuz-2.6.18-6-xen-686 root=/dev/sda1 console=xvc0\n"
                     "title Debian, pvops\nkernel /boot/vmlinuz-" V " root=/dev/sda1 xencons=tty\n");
        run_verify(dir, NULL, &r);
        assert_string_equal(r.checks[1].detail, "'/boot/grub/menu.lst' entry 1 (Debian, pvops): root=/dev/sda1 names "
                                                "a Xenlinux disk; xencons=tty is a Xenlinux parameter");
        assert_string_equal(r.checks[2].detail, "'/boot/grub/menu.lst' entry 1 (Debian, pvops) has no initrd line, and "
                                                "xen-blkfront is not known to be built into " V);
        /* The entry has no initrd, so blkfront has none to look into. */
        assert_int_equal(r.checks[3].status, CHECK_FAILED);
        assert_string_equal(r.checks[3].detail,
                            "xen-blkfront is a module of " V ", and there is no initrd to load it from");
        /* The plan's change to the menu (none on this branch) would be the boot entry's fix. */
        assert_string_equal(r.checks[1].paths.v[0], "/boot/grub/menu.lst");
        assert_true(strv_contains(&r.checks[1].paths, "/etc/default/grub"));
        assert_true(strv_contains(&r.checks[1].paths, "/boot/grub/grub.cfg"));
        verify_report_done(&r);

        /* No entry boots the target. */
        th_write_str(dir, "boot/grub/menu.lst",
                     "title Debian, Xenlinux\nkernel /boot/vmlinuz-2.6.18-6-xen-686 root=/dev/sda1 console=xvc0\n");
        run_verify(dir, V, &r);
        assert_string_equal(r.checks[1].detail, "no entry of '/boot/grub/menu.lst' boots " V ": pygrub cannot boot it");
        assert_string_equal(r.checks[1].fix, "add an entry for " V " to '/boot/grub/menu.lst' (the kernel package's "
                                             "scripts or update-grub do that)");
        assert_int_equal(r.checks[2].status, CHECK_SKIPPED);
        /* Without an entry, blkfront looks into the kernel's initrd by name. */
        assert_int_equal(r.checks[3].status, CHECK_OK);
        verify_report_done(&r);
        free_guest(dir);
}

static void test_run_no_pvops_kernel(void **state)
{
        char *dir = ready_guest();
        char *path = NULL;
        struct verify_report r = {0};
        (void)state;

        th_write_str(dir, "boot/config-" V, "CONFIG_X86_64_XEN=y\n");
        run_verify(dir, NULL, &r);
        assert_report(&r, "kernel:failed:no pvops kernel is installed in the guest, and its boot menu (pygrub) can "
                          "only boot the kernels it has\n"
                          "boot-entry:skipped:no target kernel, so no boot entry to check\n"
                          "initrd:skipped:no target kernel, so no boot entry to check\n"
                          "blkfront:skipped:no pvops kernel in the guest\n"
                          "fstab:ok:no entry of '/etc/fstab' names a sdX/hdX disk\n"
                          "getty:ok:a getty runs on hvc0 (/etc/inittab:2)\n"
                          "securetty:ok:'/etc/securetty' line 3 lets root log in on hvc0\n"
                          "lvm-filter:ok:no /etc/lvm/lvm.conf\n"
                          "pending:ok:plan has nothing left to change\n"
                          "warnings:ok:plan has no warnings\n");
        assert_false(r.ready);
        verify_report_done(&r);

        /* --kernel of dom0's kernel: what depends on it is skipped, and the guest can be ready. */
        run_verify(dir, "3.2.0-4-amd64", &r);
        assert_true(r.ready);
        assert_int_equal(r.n_skipped, 4);
        assert_string_equal(r.checks[0].detail, "3.2.0-4-amd64 (--kernel) is not installed in the guest: dom0 boots it "
                                                "(kernel= in the domU configuration), so it cannot be checked from "
                                                "here");
        assert_string_equal(r.checks[1].detail, "3.2.0-4-amd64 is not installed in the guest: dom0 gives its command "
                                                "line (extra= or cmdline= in the domU configuration)");
        verify_report_done(&r);

        /* --kernel of the Xenlinux kernel. */
        run_verify(dir, V, &r);
        assert_int_equal(r.checks[0].status, CHECK_FAILED);
        assert_non_null(strstr(r.checks[0].detail, "is a Xenlinux kernel"));
        verify_report_done(&r);

        /* No kernel and no menu: dom0 gives the kernel; nothing fails. */
        assert_true(asprintf(&path, "%s/boot", dir) > 0);
        th_rmrf(path);
        free(path);
        run_verify(dir, NULL, &r);
        assert_true(r.ready);
        assert_int_equal(r.checks[0].status, CHECK_SKIPPED);
        assert_string_equal(r.checks[1].detail, "no target kernel, so no boot entry to check");
        verify_report_done(&r);
        free_guest(dir);
}

/* GRUB 2 without a legacy menu: /etc/default/grub's command line is checked. */
static void test_run_grub2(void **state)
{
        char *dir = ready_guest(), *path = NULL;
        struct verify_report r = {0};
        (void)state;

        assert_true(asprintf(&path, "%s/boot/grub/menu.lst", dir) > 0);
        assert_int_equal(unlink(path), 0);
        free(path);
        th_write_str(dir, "boot/grub/grub.cfg", "menuentry 'Debian' {\n}\n");
        th_write_str(dir, "etc/default/grub", "GRUB_CMDLINE_LINUX=\"console=xvc0\"\n");
        run_verify(dir, NULL, &r);
        assert_string_equal(r.checks[1].detail,
                            "GRUB 2 (the entries of '/boot/grub/grub.cfg' are not read): '/etc/default/grub' "
                            "GRUB_CMDLINE_LINUX: console=xvc0 is a Xenlinux console; hvc0 is not the last console=");
        assert_int_equal(r.checks[1].paths.n, 2);
        assert_string_equal(r.checks[1].paths.v[1], "/boot/grub/grub.cfg");
        assert_string_equal(r.checks[2].detail, "the entries of the GRUB 2 menu '/boot/grub/grub.cfg' are not read");
        assert_int_equal(r.checks[2].status, CHECK_SKIPPED);
        /* The kernel's initrd by name. */
        assert_int_equal(r.checks[3].status, CHECK_OK);
        verify_report_done(&r);

        th_write_str(dir, "etc/default/grub", "GRUB_TIMEOUT=5\n");
        run_verify(dir, NULL, &r);
        assert_int_equal(r.checks[1].status, CHECK_SKIPPED);
        assert_string_equal(r.checks[1].detail, "the entries of the GRUB 2 menu '/boot/grub/grub.cfg' are not read");
        verify_report_done(&r);
        free_guest(dir);
}

/* pending: plan changes no failed item names; and an unsafe file is an error. */
static void test_run_pending(void **state)
{
        char *dir = ready_guest();
        struct verify_report r = {0};
        (void)state;

        /* A static /dev: the plan makes device nodes, which no item judges. */
        th_write_str(dir, "dev/README", "static\n");
        run_verify(dir, NULL, &r);
        assert_int_equal(r.n_failed, 1);
        assert_string_equal(r.checks[8].name, "pending");
        assert_string_equal(r.checks[8].detail, "plan would still change 1 file: /dev/hvc0");
        verify_report_done(&r);

        /* A change that is a failed item's fix is not counted twice. */
        th_write_str(dir, "etc/securetty", "console\n");
        run_verify(dir, NULL, &r);
        assert_int_equal(r.n_failed, 2);
        assert_string_equal(r.checks[8].detail, "plan would still change 1 file: /dev/hvc0");
        verify_report_done(&r);
        free_guest(dir);

        dir = ready_guest();
        th_write_str(dir, "etc/securetty", "console\n");
        run_verify(dir, NULL, &r);
        assert_string_equal(r.checks[8].detail, "plan's other changes are the fixes of the failed items above");
        assert_int_equal(r.checks[8].status, CHECK_OK);
        verify_report_done(&r);
        free_guest(dir);
}

static void test_run_unsafe_lvm_conf(void **state)
{
        char *dir = ready_guest(), *path = NULL;
        struct profile_search s = {0};
        struct facts_options fo = {0};
        struct guest_root *g = NULL;
        struct facts f = {0};
        struct verify_report r = {0};
        (void)state;

        assert_true(asprintf(&path, "%s/etc/lvm", dir) > 0);
        assert_int_equal(mkdir(path, 0755), 0);
        free(path);
        assert_true(asprintf(&path, "%s/etc/lvm/lvm.conf", dir) > 0);
        assert_int_equal(mkfifo(path, 0644), 0);
        free(path);
        th_profile_search(&s);
        fo.profile_dirs = &s.dirs;
        assert_int_equal(guest_root_open(dir, &g), 0);
        assert_int_equal(facts_build(g, &fo, &f), 0);
        error_clear();
        assert_int_equal(verify_run(g, &f, NULL, "domufix", &r), -EBADFD);
        assert_non_null(strstr(error_get(), "/etc/lvm/lvm.conf"));
        assert_int_equal(r.n_checks, 0);
        facts_done(&f);
        guest_root_free(g);
        profile_search_done(&s);
        free_guest(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fstab),
                cmocka_unit_test(test_fstab_has_boot),
                cmocka_unit_test(test_securetty),
                cmocka_unit_test(test_getty),
                cmocka_unit_test(test_cmdline),
                cmocka_unit_test(test_grub2_default_cmdline),
                cmocka_unit_test(test_lvm),
                cmocka_unit_test(test_add),
                cmocka_unit_test(test_run_ready),
                cmocka_unit_test(test_run_separate_boot),
                cmocka_unit_test(test_run_initrd_unusable),
                cmocka_unit_test(test_run_initrd_without_blkfront),
                cmocka_unit_test(test_run_entry_problems),
                cmocka_unit_test(test_run_no_pvops_kernel),
                cmocka_unit_test(test_run_grub2),
                cmocka_unit_test(test_run_pending),
                cmocka_unit_test(test_run_unsafe_lvm_conf),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
