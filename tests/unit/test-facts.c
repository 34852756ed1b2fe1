/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* facts_build(): the disk-name rule (DESIGN section 4) on small guest trees. */
#include "test-helpers.h"

#include "test-profiles.h"

#include "facts.h"
#include "guest-root.h"
#include "log.h"

#define EL6 "2.6.32-279.el6.x86_64"
#define EL5XEN "2.6.18-308.el5xen"
#define ELREPO "3.10.108-1.el5.elrepo"
#define PVOPS_CONFIG "CONFIG_PARAVIRT=y\nCONFIG_XEN=y\nCONFIG_HVC_XEN=y\n"
#define XENLINUX_CONFIG "CONFIG_X86_64_XEN=y\nCONFIG_XEN=y\n"

/* The rule facts_build() picks for dir: shift and reason ("" for none). */
static void check_rule(const char *dir, const char *kernel, unsigned want_shift, const char *want_reason)
{
        struct profile_search s = {0};
        struct facts_options fo = {.kernel = kernel};
        struct guest_root *g = NULL;
        struct facts f = {0};

        th_profile_search(&s);
        fo.profile_dirs = &s.dirs;
        assert_int_equal(guest_root_open(dir, &g), 0);
        error_clear();
        assert_int_equal(facts_build(g, &fo, &f), 0);
        assert_int_equal(f.devmap.sd_shift, want_shift);
        assert_string_equal(f.devmap_reason ? f.devmap_reason : "", want_reason);
        facts_done(&f);
        guest_root_free(g);
        profile_search_done(&s);
}

/* CentOS 5 with its Xenlinux kernel and a second kernel, VERSION with CONFIG, in grub.conf with ARGS. */
static char *centos5_with(const char *version, const char *config, const char *args)
{
        char *dir = th_mkdtemp(), *path = NULL, *menu = NULL;

        th_write_str(dir, "etc/redhat-release", "CentOS release 5.8 (Final)\n");
        th_write_str(dir, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        th_write_str(dir, "boot/config-" EL5XEN, XENLINUX_CONFIG);
        th_write_str(dir, "boot/vmlinuz-" EL5XEN, "placeholder\n");
        assert_true(asprintf(&path, "boot/config-%s", version) > 0);
        th_write_str(dir, path, config);
        free(path);
        assert_true(asprintf(&path, "boot/vmlinuz-%s", version) > 0);
        th_write_str(dir, path, "placeholder\n");
        free(path);
        assert_true(asprintf(&menu,
                             "default=0\n"
                             "title CentOS (%s)\n"
                             "\troot (hd0,0)\n"
                             "\tkernel /vmlinuz-%s ro root=/dev/sda1%s\n"
                             "title CentOS (" EL5XEN ")\n"
                             "\troot (hd0,0)\n"
                             "\tkernel /vmlinuz-" EL5XEN " ro root=/dev/sda1 console=xvc0\n",
                             version, version, args) > 0);
        th_write_str(dir, "boot/grub/grub.conf", menu);
        free(menu);
        return dir;
}

static void free_guest(char *dir)
{
        th_rmrf(dir);
        free(dir);
}

static void test_rhel6_target_shifts(void **state)
{
        char *dir = centos5_with(EL6, PVOPS_CONFIG, "");
        (void)state;

        check_rule(dir, NULL, 4,
                   "target kernel " EL6 " is a RHEL 6 kernel: its blkfront names sda xvde unless "
                   "xen_blkfront.sda_is_xvda=1 is on its command line");
        free_guest(dir);
}

static void test_sda_is_xvda_on_the_entry(void **state)
{
        char *dir = centos5_with(EL6, PVOPS_CONFIG, " xen-blkfront.sda_is_xvda=1");
        (void)state;

        check_rule(dir, NULL, 0,
                   "target kernel " EL6 " is a RHEL 6 kernel, but its command line in '/boot/grub/grub.conf' has "
                   "xen_blkfront.sda_is_xvda=1");
        free_guest(dir);
}

static void test_other_pvops_kernel_keeps_letters(void **state)
{
        char *dir = centos5_with(ELREPO, PVOPS_CONFIG, "");
        (void)state;

        check_rule(dir, NULL, 0, "");
        /* --kernel names a RHEL 6 kernel that dom0 boots: its version decides. */
        check_rule(dir, "2.6.32-431.el6.x86_64", 4,
                   "target kernel 2.6.32-431.el6.x86_64 is a RHEL 6 kernel: its blkfront names sda xvde unless "
                   "xen_blkfront.sda_is_xvda=1 is on its command line");
        free_guest(dir);
}

/* A CentOS 6 guest without any kernel: the profile's disk-letter-shift decides. */
static char *centos6_without_kernel(void)
{
        char *dir = th_mkdtemp();

        th_write_str(dir, "etc/centos-release", "CentOS release 6.3 (Final)\n");
        th_write_str(dir, "etc/redhat-release", "CentOS release 6.3 (Final)\n");
        th_write_str(dir, "etc/fstab", "/dev/sda1 / ext4 defaults 1 1\n");
        return dir;
}

static void test_profile_rule_without_target(void **state)
{
        char *dir = centos6_without_kernel();
        (void)state;

        check_rule(dir, NULL, 4, "no target kernel; profile rhel6 says its kernels shift sd letters");
        free_guest(dir);
}

/* A Fedora 17 guest (GRUB 2) whose pvops kernel, a RHEL 6 one, comes from dom0 (--kernel). */
static void test_sda_is_xvda_in_default_grub(void **state)
{
        char *dir = th_mkdtemp();
        (void)state;

        th_write_str(dir, "etc/os-release", "NAME=Fedora\nID=fedora\nVERSION_ID=17\n");
        th_write_str(dir, "etc/fstab", "/dev/sda1 / ext4 defaults 1 1\n");
        /* The shell keeps the last assignment: the first one does not count. */
        th_write_str(dir, "etc/default/grub",
                     "GRUB_CMDLINE_LINUX=\"xen_blkfront.sda_is_xvda=1\"\n"
                     "GRUB_CMDLINE_LINUX=\"rhgb quiet\"\n");
        check_rule(dir, EL6, 4,
                   "target kernel " EL6 " is a RHEL 6 kernel: its blkfront names sda xvde unless "
                   "xen_blkfront.sda_is_xvda=1 is on its command line");
        th_write_str(dir, "etc/default/grub",
                     "GRUB_TIMEOUT=5\n"
                     "GRUB_CMDLINE_LINUX_DEFAULT='quiet xen_blkfront.sda_is_xvda=1'\n");
        check_rule(dir, EL6, 0,
                   "target kernel " EL6 " is a RHEL 6 kernel, but its command line in '/etc/default/grub' has "
                   "xen_blkfront.sda_is_xvda=1");
        free_guest(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rhel6_target_shifts),
                cmocka_unit_test(test_sda_is_xvda_on_the_entry),
                cmocka_unit_test(test_other_pvops_kernel_keeps_letters),
                cmocka_unit_test(test_profile_rule_without_target),
                cmocka_unit_test(test_sda_is_xvda_in_default_grub),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
