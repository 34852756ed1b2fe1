/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The initrd rebuild command as the next steps give it: per tool (the
 * additions of initrd_rebuild_command()), in the guest and in a chroot, with
 * the shipped profiles.
 */
#include "test-helpers.h"
#include "test-profiles.h"

#include "facts.h"
#include "initrd-cmd.h"
#include "initrd-rebuild.h"
#include "kernel.h"
#include "log.h"

/* A kernel with a version, an initrd (may be NULL) and a block frontend state. */
static void kernel_set(struct kernel *k, const char *version, const char *initrd, int blkfront)
{
        kernel_init(k);
        k->version = strdup(version);
        assert_non_null(k->version);
        if (initrd) {
                k->initrd = strdup(initrd);
                assert_non_null(k->initrd);
        }
        k->flavor = FLAVOR_PVOPS;
        k->blkfront = blkfront;
}

/* The command for a shipped profile, in the guest (root NULL) or in a chroot. */
static char *command(const char *profile, const char *version, const char *initrd, int blkfront, const char *root,
                     const char *root_device)
{
        struct profile *p = th_load_profile(profile);
        struct initrd_cmd_options o = {.root = root, .root_device = root_device};
        struct kernel k;
        char *cmd = NULL;

        kernel_set(&k, version, initrd, blkfront);
        assert_int_equal(initrd_cmd_for_kernel(p, &k, &o, &cmd), 0);
        assert_non_null(cmd);
        kernel_done(&k);
        profile_free(p);
        return cmd;
}

static void check(const char *profile, const char *version, const char *initrd, int blkfront, const char *root,
                  const char *root_device, const char *expected)
{
        char *cmd = command(profile, version, initrd, blkfront, root, root_device);

        assert_string_equal(cmd, expected);
        free(cmd);
}

static void test_in_guest(void **state)
{
        check("rhel5", "3.10.108-1.el5.elrepo", "/boot/initrd-3.10.108-1.el5.elrepo.img", 0, NULL, NULL,
              "mkinitrd -f --with=xen-blkfront --with=xen-netfront /boot/initrd-3.10.108-1.el5.elrepo.img "
              "3.10.108-1.el5.elrepo");
        check("rhel6", "2.6.32-431.el6.x86_64", "/boot/initramfs-2.6.32-431.el6.x86_64.img", 0, "/", NULL,
              "dracut -f --add-drivers \"xen-blkfront xen-netfront\" /boot/initramfs-2.6.32-431.el6.x86_64.img "
              "2.6.32-431.el6.x86_64");
        check("debian-lenny", "2.6.32-5-xen-amd64", "/boot/initrd.img-2.6.32-5-xen-amd64", 0, NULL, NULL,
              "update-initramfs -u -k 2.6.32-5-xen-amd64");
        check("sles11", "3.0.101-63-default", "/boot/initrd-3.0.101-63-default", 0, NULL, NULL,
              "mkinitrd -k /boot/vmlinuz-3.0.101-63-default -i /boot/initrd-3.0.101-63-default");
        check("arch", "3.3.7-1-ARCH", "/boot/initramfs-linux.img", 0, NULL, NULL, "mkinitcpio -p linux");
        check("gentoo", "3.4.9-gentoo", NULL, 0, NULL, NULL, "genkernel --install initramfs");
}

/* Without an initrd yet, the profile's first image name is the one to build. */
static void test_initrd_not_there_yet(void **state)
{
        check("rhel6", "2.6.32-431.el6.x86_64", NULL, -1, NULL, NULL,
              "dracut -f --add-drivers \"xen-blkfront xen-netfront\" /boot/initramfs-2.6.32-431.el6.x86_64.img "
              "2.6.32-431.el6.x86_64");
        check("rhel5", "3.10.108-1.el5.elrepo", NULL, 0, NULL, NULL,
              "mkinitrd -f --with=xen-blkfront --with=xen-netfront /boot/initrd-3.10.108-1.el5.elrepo.img "
              "3.10.108-1.el5.elrepo");
}

/* RHEL mkinitrd looks for --with modules as .ko files: a built-in frontend must be declared. */
static void test_redhat_builtin_blkfront(void **state)
{
        check("rhel5", "4.9.337-1.el5", "/boot/initrd-4.9.337-1.el5.img", 1, NULL, NULL,
              "mkinitrd --builtin=xen-blkfront -f --with=xen-blkfront --with=xen-netfront "
              "/boot/initrd-4.9.337-1.el5.img 4.9.337-1.el5");
        /* Other tools know built-in modules themselves. */
        check("rhel6", "3.10.0-1", "/boot/initramfs-3.10.0-1.img", 1, NULL, NULL,
              "dracut -f --add-drivers \"xen-blkfront xen-netfront\" /boot/initramfs-3.10.0-1.img 3.10.0-1");
}

/* The additions are for the tool's own program only: a profile may run something else. */
static void test_other_program(void **state)
{
        static const char *const cases[][2] = {
                {"/sbin/mkinitrd -f {initrd} {version}", "/sbin/mkinitrd --builtin=xen-blkfront -f /boot/i-1.0 1.0"},
                {"/usr/local/bin/my-initrd {initrd} {version}", "/usr/local/bin/my-initrd /boot/i-1.0 1.0"},
                {"mkinitrd.sh {initrd} {version}", "mkinitrd.sh /boot/i-1.0 1.0"},
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct profile *p = NULL;
                struct kernel k;
                char *text = NULL, *cmd = NULL;

                assert_true(asprintf(&text, "[profile]\nname = t\n[initrd]\ntool = mkinitrd-redhat\nrebuild = %s\n"
                                            "images = /boot/i-{version}\n",
                                     cases[i][0]) > 0);
                assert_int_equal(profile_parse("t.profile", text, strlen(text), &p), 0);
                kernel_set(&k, "1.0", NULL, 1);
                assert_int_equal(initrd_cmd_for_kernel(p, &k, NULL, &cmd), 0);
                assert_string_equal(cmd, cases[i][1]);
                free(cmd);
                free(text);
                kernel_done(&k);
                profile_free(p);
        }
}

/* SUSE mkinitrd before SLES 12 is told the root device. */
static void test_suse_root_device(void **state)
{
        check("sles11", "3.0.101-63-default", "/boot/initrd-3.0.101-63-default", 0, NULL, "/dev/xvda2",
              "mkinitrd -d /dev/xvda2 -k /boot/vmlinuz-3.0.101-63-default -i /boot/initrd-3.0.101-63-default");
        /* Only SUSE's mkinitrd takes it. */
        check("rhel5", "3.10.108-1.el5.elrepo", "/boot/initrd-3.10.108-1.el5.elrepo.img", 0, NULL, "/dev/xvda2",
              "mkinitrd -f --with=xen-blkfront --with=xen-netfront /boot/initrd-3.10.108-1.el5.elrepo.img "
              "3.10.108-1.el5.elrepo");
}

static void test_chroot_forms(void **state)
{
        check("rhel5", "3.10.108-1.el5.elrepo", "/boot/initrd-3.10.108-1.el5.elrepo.img", 0, "/mnt/guest", NULL,
              "modprobe loop && mount --bind /dev /mnt/guest/dev && mount --bind /proc /mnt/guest/proc && "
              "mount --bind /sys /mnt/guest/sys && chroot /mnt/guest mkinitrd -f --with=xen-blkfront "
              "--with=xen-netfront /boot/initrd-3.10.108-1.el5.elrepo.img 3.10.108-1.el5.elrepo; "
              "umount /mnt/guest/sys /mnt/guest/proc /mnt/guest/dev");
        /* RHEL 4: no /dev. */
        check("rhel4", "2.6.32-1", "/boot/initrd-2.6.32-1.img", 0, "/mnt/guest/", NULL,
              "modprobe loop && mount --bind /proc /mnt/guest/proc && mount --bind /sys /mnt/guest/sys && "
              "chroot /mnt/guest mkinitrd -f --with=xen-blkfront --with=xen-netfront /boot/initrd-2.6.32-1.img "
              "2.6.32-1; umount /mnt/guest/sys /mnt/guest/proc");
        /* dracut: no loop devices needed. */
        check("rhel6", "2.6.32-431.el6.x86_64", "/boot/initramfs-2.6.32-431.el6.x86_64.img", 0, "guest", NULL,
              "mount --bind /dev guest/dev && mount --bind /proc guest/proc && mount --bind /sys guest/sys && "
              "chroot guest dracut -f --add-drivers \"xen-blkfront xen-netfront\" "
              "/boot/initramfs-2.6.32-431.el6.x86_64.img 2.6.32-431.el6.x86_64; "
              "umount guest/sys guest/proc guest/dev");
        check("sles11", "3.0.101-63-default", "/boot/initrd-3.0.101-63-default", 0, "/srv/g", "/dev/xvda2",
              "mount --bind /dev /srv/g/dev && mount --bind /proc /srv/g/proc && mount --bind /sys /srv/g/sys && "
              "chroot /srv/g mkinitrd -d /dev/xvda2 -k /boot/vmlinuz-3.0.101-63-default "
              "-i /boot/initrd-3.0.101-63-default; umount /srv/g/sys /srv/g/proc /srv/g/dev");
        check("debian-lenny", "2.6.32-5-xen-amd64", NULL, 0, "/mnt/it's here", NULL,
              "mount --bind /dev '/mnt/it'\\''s here/dev' && mount --bind /proc '/mnt/it'\\''s here/proc' && "
              "mount --bind /sys '/mnt/it'\\''s here/sys' && chroot '/mnt/it'\\''s here' update-initramfs -u -k "
              "2.6.32-5-xen-amd64; umount '/mnt/it'\\''s here/sys' '/mnt/it'\\''s here/proc' "
              "'/mnt/it'\\''s here/dev'");
}

static void test_no_command(void **state)
{
        struct profile *p = th_load_profile("generic");
        struct kernel k;
        char *cmd = NULL;

        kernel_set(&k, "3.2.0-4-amd64", "/boot/initrd.img-3.2.0-4-amd64", 0);
        error_clear();
        assert_int_equal(initrd_cmd_for_kernel(p, &k, NULL, &cmd), -ENOENT);
        assert_null(cmd);
        assert_string_equal(error_get(), "profile 'generic' has no initrd rebuild command ([initrd] rebuild); "
                                         "rebuild the initrd of kernel 3.2.0-4-amd64 by hand");
        error_clear();
        kernel_done(&k);
        profile_free(p);
}

static void test_shell_quote(void **state)
{
        static const char *const cases[][2] = {
                {"/mnt/guest", "/mnt/guest"},     {"a b", "'a b'"},         {"it's", "'it'\\''s'"},
                {"", "''"},                       {"$HOME", "'$HOME'"},     {"/a=b,c:d@e%f+g", "/a=b,c:d@e%f+g"},
                {"x;rm", "'x;rm'"},
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                char *q = NULL;

                assert_int_equal(initrd_shell_quote(cases[i][0], &q), 0);
                assert_string_equal(q, cases[i][1]);
                free(q);
        }
}

/* The root device: fstab's "/" source when it is a Xen disk, by its pvops name. */
static void test_root_device(void **state)
{
        static const char *const cases[][2] = {
                {"/dev/sda2", "/dev/xvda2"},   {"/dev/hda1", "/dev/xvda1"}, {"/dev/xvdb1", "/dev/xvdb1"},
                {"/dev/VolGroup00/LogVol00", NULL}, {"UUID=1234", NULL},     {"LABEL=/", NULL},
                {"/dev/md0", NULL},            {NULL, NULL},
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct facts f = {0};
                char *dev = NULL;

                f.initrd_conf.root_spec = cases[i][0] ? strdup(cases[i][0]) : NULL;
                assert_int_equal(initrd_root_device(&f, &dev), 0);
                if (cases[i][1])
                        assert_string_equal(dev, cases[i][1]);
                else
                        assert_null(dev);
                free(dev);
                free(f.initrd_conf.root_spec);
        }
}

/* The next step, in the guest and in a chroot; none without a target. */
static void test_rebuild_step(void **state)
{
        struct facts f = {0};
        struct kernel k;
        char *step = NULL;

        f.profile = th_load_profile("sles11");
        assert_int_equal(initrd_rebuild_step(&f, "/", &step), 0);
        assert_null(step);

        kernel_set(&k, "3.0.101-63-default", "/boot/initrd-3.0.101-63-default", 0);
        f.target = &k;
        f.initrd_conf.root_spec = strdup("/dev/sda2");
        assert_int_equal(initrd_rebuild_step(&f, "/", &step), 0);
        assert_string_equal(step, "after apply, rebuild the initrd of 3.0.101-63-default: mkinitrd -d /dev/xvda2 -k "
                                  "/boot/vmlinuz-3.0.101-63-default -i /boot/initrd-3.0.101-63-default");
        free(step);
        assert_int_equal(initrd_rebuild_step(&f, "/mnt", &step), 0);
        assert_string_equal(step, "after apply, rebuild the initrd of 3.0.101-63-default from the host, in a chroot: "
                                  "mount --bind /dev /mnt/dev && mount --bind /proc /mnt/proc && mount --bind /sys "
                                  "/mnt/sys && chroot /mnt mkinitrd -d /dev/xvda2 -k /boot/vmlinuz-3.0.101-63-default "
                                  "-i /boot/initrd-3.0.101-63-default; umount /mnt/sys /mnt/proc /mnt/dev");
        free(step);

        free(f.initrd_conf.root_spec);
        kernel_done(&k);
        profile_free(f.profile);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_in_guest),
                cmocka_unit_test(test_initrd_not_there_yet),
                cmocka_unit_test(test_redhat_builtin_blkfront),
                cmocka_unit_test(test_other_program),
                cmocka_unit_test(test_suse_root_device),
                cmocka_unit_test(test_chroot_forms),
                cmocka_unit_test(test_no_command),
                cmocka_unit_test(test_shell_quote),
                cmocka_unit_test(test_root_device),
                cmocka_unit_test(test_rebuild_step),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
