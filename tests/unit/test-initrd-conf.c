/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the initrd tools read besides their module list: scans of scratch guest roots. */
#include "test-helpers.h"
#include "test-profiles.h"

#include "guest-root.h"
#include "initrd-conf.h"
#include "kernel.h"

struct scan {
        char *dir;
        struct guest_root *g;
        struct profile *p;
        struct kernel k;
        struct initrd_conf c;
};

static void mkfifo_below(const char *dir, const char *rel)
{
        char *path = NULL;

        assert_true(asprintf(&path, "%s/%s", dir, rel) > 0);
        assert_int_equal(mkfifo(path, 0644), 0);
        free(path);
}

static void scan_start(struct scan *s, const char *profile)
{
        *s = (struct scan){0};
        s->dir = th_mkdtemp();
        s->p = th_load_profile(profile);
        kernel_init(&s->k);
}

static void scan_run(struct scan *s, const char *version, const char *config)
{
        s->k.version = strdup(version);
        assert_non_null(s->k.version);
        if (config) {
                s->k.config = strdup(config);
                assert_non_null(s->k.config);
        }
        assert_int_equal(guest_root_open(s->dir, &s->g), 0);
        assert_int_equal(initrd_conf_scan(s->g, s->p, &s->k, &s->c), 0);
}

static void scan_end(struct scan *s)
{
        initrd_conf_done(&s->c);
        kernel_done(&s->k);
        profile_free(s->p);
        guest_root_free(s->g);
        th_rmrf(s->dir);
        free(s->dir);
}

static void test_module_is(void **state)
{
        assert_true(initrd_module_is("xen-blkfront", 12, "xen-blkfront"));
        assert_true(initrd_module_is("xen_blkfront", 12, "xen-blkfront"));
        assert_false(initrd_module_is("xen-blkfronts", 13, "xen-blkfront"));
        assert_false(initrd_module_is("xenblk", 6, "xen-blkfront"));
}

static void test_dracut_nothing(void **state)
{
        struct scan s;

        scan_start(&s, "rhel6");
        scan_run(&s, "2.6.32-431.el6.x86_64", NULL);
        assert_true(s.c.dracut);
        assert_false(s.c.dracut_dir);
        assert_string_equal(s.c.dracut_dropin, "/etc/dracut.conf.d/xen-domufix.conf");
        assert_false(s.c.dracut_blkfront);
        assert_false(s.c.dracut_netfront);
        assert_null(s.c.dracut_reset.path);
        assert_int_equal(s.c.dracut_omit.n + s.c.dracut_unread.n, 0);
        scan_end(&s);
}

/* A driver named in any file counts; "=" drops what earlier files added, "+=" and "$add_drivers" keep it. */
static void test_dracut_files_in_order(void **state)
{
        struct scan s;

        scan_start(&s, "rhel6");
        th_write_str(s.dir, "etc/dracut.conf", "# comment add_drivers=\"xen-netfront\"\nadd_drivers=\"xen_blkfront\"\n");
        th_write_str(s.dir, "etc/dracut.conf.d/10-a.conf", "add_drivers+=\" xen-netfront \"\n");
        th_write_str(s.dir, "etc/dracut.conf.d/20-b.conf", "add_drivers=\"$add_drivers virtio_blk\"\n");
        th_write_str(s.dir, "etc/dracut.conf.d/30-c.conf.rpmsave", "add_drivers=\"\"\n");
        scan_run(&s, "2.6.32-431.el6.x86_64", NULL);
        assert_true(s.c.dracut_dir);
        assert_true(s.c.dracut_blkfront);
        assert_true(s.c.dracut_netfront);
        assert_null(s.c.dracut_reset.path);
        scan_end(&s);

        scan_start(&s, "rhel6");
        th_write_str(s.dir, "etc/dracut.conf", "add_drivers+=\" xen-blkfront xen-netfront \"\n");
        th_write_str(s.dir, "etc/dracut.conf.d/50-site.conf", "# site\nadd_drivers=\"e1000\"\n");
        scan_run(&s, "2.6.32-431.el6.x86_64", NULL);
        assert_false(s.c.dracut_blkfront);
        assert_false(s.c.dracut_netfront);
        assert_null(s.c.dracut_reset.path); /* 50-site.conf comes before xen-domufix.conf */
        scan_end(&s);
}

/* force_drivers and drivers count too; a reset after the drop-in is found; omit_drivers is reported. */
static void test_dracut_other_keys(void **state)
{
        struct scan s;

        scan_start(&s, "fedora15");
        th_write_str(s.dir, "etc/dracut.conf", "force_drivers+=\" xen-blkfront \"\ndrivers=\"xen-netfront\"\n");
        th_write_str(s.dir, "etc/dracut.conf.d/zz-local.conf",
                     "add_drivers=\"ahci\"\nomit_drivers+=\" xen_blkfront \"\n");
        scan_run(&s, "3.1.0-7.fc16.x86_64", NULL);
        assert_true(s.c.dracut_blkfront);
        assert_true(s.c.dracut_netfront);
        assert_string_equal(s.c.dracut_reset.path, "/etc/dracut.conf.d/zz-local.conf");
        assert_int_equal(s.c.dracut_reset.line, 1);
        assert_int_equal(s.c.dracut_omit.n, 1);
        assert_string_equal(s.c.dracut_omit.v[0],
                            "'/etc/dracut.conf.d/zz-local.conf' line 2: omit_drivers names 'xen_blkfront'");
        scan_end(&s);
}

/* Values over several lines are read whole; open ones and drop-ins that are not files are reported, never fatal. */
static void test_dracut_unread(void **state)
{
        struct scan s;

        scan_start(&s, "rhel6");
        th_write_str(s.dir, "etc/dracut.conf", "add_drivers+=\" xen-blkfront\n xen-netfront \"\n");
        th_write_str(s.dir, "etc/dracut.conf.d/dir.conf/x", ""); /* a directory named like a drop-in */
        mkfifo_below(s.dir, "etc/dracut.conf.d/fifo.conf");
        scan_run(&s, "2.6.32-431.el6.x86_64", NULL);
        assert_true(s.c.dracut_blkfront);
        assert_true(s.c.dracut_netfront); /* on the second line */
        assert_int_equal(s.c.dracut_unread.n, 2);
        assert_non_null(strstr(s.c.dracut_unread.v[0], "dir.conf"));
        assert_non_null(strstr(s.c.dracut_unread.v[1], "fifo.conf"));
        scan_end(&s);

        scan_start(&s, "rhel6");
        th_write_str(s.dir, "etc/dracut.conf", "add_drivers+=\" xen-blkfront\nxen-netfront\n");
        scan_run(&s, "2.6.32-431.el6.x86_64", NULL);
        assert_true(s.c.dracut_blkfront);
        assert_true(s.c.dracut_netfront);
        assert_int_equal(s.c.dracut_unread.n, 1);
        assert_string_equal(s.c.dracut_unread.v[0], "'/etc/dracut.conf' line 1: the value of add_drivers has no "
                                                     "end: it was read to the end of the file");
        scan_end(&s);
}

static void test_initramfs_tools_modules(void **state)
{
        struct scan s;

        /* Not set at all: the default. */
        scan_start(&s, "debian-lenny");
        scan_run(&s, "2.6.32-5-xen-amd64", NULL);
        assert_true(s.c.itools);
        assert_null(s.c.itools_modules);
        assert_null(s.c.itools_modules_at.path);
        scan_end(&s);

        /* initramfs.conf, then /usr/share's conf.d, then /etc's; the last one wins. */
        scan_start(&s, "debian-lenny");
        th_write_str(s.dir, "etc/initramfs-tools/initramfs.conf", "# MODULES: ...\nMODULES=most\nBUSYBOX=y\n");
        th_write_str(s.dir, "usr/share/initramfs-tools/conf.d/driver-policy", "MODULES=dep\n");
        th_write_str(s.dir, "etc/initramfs-tools/conf.d/a.dpkg-old", "MODULES=netboot\n");
        th_write_str(s.dir, "etc/initramfs-tools/conf.d/b", "MODULES=\"list\" # ours\n");
        th_write_str(s.dir, "etc/initramfs-tools/conf.d/c~", "MODULES=netboot\n");
        scan_run(&s, "2.6.32-5-xen-amd64", NULL);
        assert_string_equal(s.c.itools_modules, "list");
        assert_true(s.c.itools_modules_literal);
        assert_string_equal(s.c.itools_modules_at.path, "/etc/initramfs-tools/conf.d/b");
        assert_int_equal(s.c.itools_modules_at.line, 1);
        scan_end(&s);

        scan_start(&s, "debian-lenny");
        th_write_str(s.dir, "etc/initramfs-tools/initramfs.conf", "MODULES=$POLICY\n");
        scan_run(&s, "2.6.32-5-xen-amd64", NULL);
        assert_string_equal(s.c.itools_modules, "$POLICY");
        assert_false(s.c.itools_modules_literal);
        scan_end(&s);
}

static void test_suse_xen_kernel(void **state)
{
        struct scan s;

        scan_start(&s, "sles11");
        th_write_str(s.dir, "boot/config-3.0.101-63-default", "CONFIG_PARAVIRT=y\nCONFIG_XEN=y\n");
        scan_run(&s, "3.0.101-63-default", "/boot/config-3.0.101-63-default");
        assert_true(s.c.suse);
        assert_true(s.c.suse_target_xen);
        assert_string_equal(s.c.suse_target_why, "/boot/config-3.0.101-63-default has CONFIG_XEN=y");
        scan_end(&s);

        /* SUSE's own name for the mainline symbol does not count: mkinitrd greps CONFIG_XEN=y. */
        scan_start(&s, "opensuse");
        th_write_str(s.dir, "boot/config-2.6.37.1-1.2-desktop", "CONFIG_PARAVIRT_XEN=y\n# CONFIG_XEN is not set\n");
        scan_run(&s, "2.6.37.1-1.2-desktop", "/boot/config-2.6.37.1-1.2-desktop");
        assert_false(s.c.suse_target_xen);
        assert_string_equal(s.c.suse_target_why, "/boot/config-2.6.37.1-1.2-desktop has no CONFIG_XEN=y");
        scan_end(&s);

        /* No /boot/config: the build tree's, then the version. */
        scan_start(&s, "sles11");
        th_write_str(s.dir, "lib/modules/3.0.101-63-default/build/.config", "CONFIG_XEN=y\n");
        scan_run(&s, "3.0.101-63-default", NULL);
        assert_true(s.c.suse_target_xen);
        assert_string_equal(s.c.suse_target_why, "/lib/modules/3.0.101-63-default/build/.config has CONFIG_XEN=y");
        scan_end(&s);

        scan_start(&s, "sles11");
        scan_run(&s, "3.0.101-63-xen", "/boot/config-3.0.101-63-xen"); /* named but missing */
        assert_true(s.c.suse_target_xen);
        assert_string_equal(s.c.suse_target_why, "no kernel config, and the version 3.0.101-63-xen contains \"-xen\"");
        scan_end(&s);
}

static void test_fstab_root(void **state)
{
        struct scan s;

        scan_start(&s, "generic");
        th_write_str(s.dir, "etc/fstab",
                     "# /dev/sdz1 / ext3\n/dev/sda1\t/boot ext3 defaults 1 2\n  /dev/sda2   /   ext3 defaults 1 1\n"
                     "/dev/sdb1 / ext3 defaults 0 0\n");
        scan_run(&s, "3.2.0-4-amd64", NULL);
        assert_string_equal(s.c.root_spec, "/dev/sda2");
        assert_false(s.c.dracut || s.c.itools || s.c.suse);
        scan_end(&s);

        scan_start(&s, "generic");
        th_write_str(s.dir, "etc/fstab", "proc /proc proc defaults 0 0\n");
        scan_run(&s, "3.2.0-4-amd64", NULL);
        assert_null(s.c.root_spec);
        scan_end(&s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_module_is),
                cmocka_unit_test(test_dracut_nothing),
                cmocka_unit_test(test_dracut_files_in_order),
                cmocka_unit_test(test_dracut_other_keys),
                cmocka_unit_test(test_dracut_unread),
                cmocka_unit_test(test_initramfs_tools_modules),
                cmocka_unit_test(test_suse_xen_kernel),
                cmocka_unit_test(test_fstab_root),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
