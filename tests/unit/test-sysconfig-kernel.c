/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Red Hat's DEFAULTKERNEL: reported with advice, never rewritten. */
#include "test-rewrite-helpers.h"

#define PATH "/etc/sysconfig/kernel"
#define RHEL5 "# UPDATEDEFAULT specifies if new-kernel-pkg should make\n" \
              "# new kernels the default\n"                              \
              "UPDATEDEFAULT=yes\n"                                      \
              "\n"                                                       \
              "# DEFAULTKERNEL specifies the default kernel package type\n" \
              "DEFAULTKERNEL=kernel-xen\n"

static struct kernel kernels[] = {
        {.version = (char *)"2.6.18-308.el5xen", .flavor = FLAVOR_XENLINUX},
        {.version = (char *)"3.10.108-1.el5.elrepo", .image = (char *)"/boot/vmlinuz-3.10.108-1.el5.elrepo",
         .flavor = FLAVOR_PVOPS},
};

static void check(const struct facts *f, const char *in, const char *warnings, const char *steps)
{
        th_check_rewriter(&rewriter_sysconfig_kernel, PATH, f, in, NULL, NULL, warnings, steps);
}

/* With UPDATEDEFAULT=yes: a next step, not a warning (the guest boots as it is). */
#define UPDATE_STEP(pkg, line)                                                                               \
        "'" PATH "' line " line ": DEFAULTKERNEL=" pkg " with UPDATEDEFAULT=yes: every new " pkg            \
        " (a Xenlinux kernel) becomes the default boot entry, and a new pvops kernel does not; domufix leaves " \
        "it, as it does not know the pvops kernel's package name|"

static void test_rhel5(void **state)
{
        struct facts f = {.kernels = kernels, .n_kernels = 2, .target = &kernels[1],
                          .target_version = kernels[1].version, .root = (char *)"/mnt/my guest"};

        check(&f, RHEL5, "",
              UPDATE_STEP("kernel-xen", "6") "set DEFAULTKERNEL in " PATH " to the package name of the pvops kernel 3.10.108-1.el5.elrepo "
              "(\"kernel\" for a RHEL 6 or Fedora kernel), which this prints: chroot '/mnt/my guest' rpm -qf --qf "
              "'%{NAME}\\n' /boot/vmlinuz-3.10.108-1.el5.elrepo");
        f.root = NULL;
        /* No pvops kernel in the guest; RHEL 4's kernel-xenU; the last assignment counts. */
        f.target = NULL;
        f.target_version = NULL;
        check(&f, "DEFAULTKERNEL=kernel\nDEFAULTKERNEL=\"kernel-xenU\"\nUPDATEDEFAULT=yes",
              "",
              UPDATE_STEP("kernel-xenU", "2") "set DEFAULTKERNEL in " PATH " to the package name of the pvops kernel once it is installed in the "
              "guest (\"kernel\" for a RHEL 6 or Fedora kernel)");
        /* UPDATEDEFAULT is not yes: only the next step. */
        check(&f, "UPDATEDEFAULT=no\nDEFAULTKERNEL=kernel-xen\n", "",
              "set DEFAULTKERNEL in " PATH " to the package name of the pvops kernel once it is installed in the "
              "guest (\"kernel\" for a RHEL 6 or Fedora kernel)");
}

static void test_nothing_to_say(void **state)
{
        struct facts f = {0};

        check(&f, "UPDATEDEFAULT=yes\nDEFAULTKERNEL=kernel\n", "", "");
        check(&f, "DEFAULTKERNEL=kernel-xen\nDEFAULTKERNEL=kernel-PAE\n", "", "");
        check(&f, "DEFAULTKERNEL=$K\n", "", "");
        check(&f, "", "", "");
}

static void test_only_red_hat(void **state)
{
        struct profile redhat = {.name = (char *)"redhat"}, rhel6 = {.name = (char *)"rhel6"},
                       sles = {.name = (char *)"sles11"};
        struct facts f = {.profile = &redhat};
        struct strv paths = {0};

        assert_int_equal(rewriter_sysconfig_kernel.list_paths(NULL, &f, &paths), 0);
        assert_int_equal(paths.n, 1);
        assert_string_equal(paths.v[0], PATH);
        strv_done(&paths);
        assert_int_equal(strv_push(&rhel6.inherits, "fedora13"), 0);
        assert_int_equal(strv_push(&rhel6.inherits, "redhat"), 0);
        f.profile = &rhel6;
        assert_int_equal(rewriter_sysconfig_kernel.list_paths(NULL, &f, &paths), 0);
        assert_int_equal(paths.n, 1);
        strv_done(&paths);
        f.profile = &sles;
        assert_int_equal(rewriter_sysconfig_kernel.list_paths(NULL, &f, &paths), 0);
        assert_int_equal(paths.n, 0);
        strv_done(&rhel6.inherits);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rhel5),
                cmocka_unit_test(test_nothing_to_say),
                cmocka_unit_test(test_only_red_hat),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
