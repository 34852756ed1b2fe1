/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SUSE /etc/sysconfig/bootloader: each *_APPEND by the flavor of the kernels it serves. */
#include "test-rewrite-helpers.h"

#define PATH "/etc/sysconfig/bootloader"

static struct profile sles = {.name = (char *)"sles11", .sysconfig_bootloader = (char *)PATH};

static struct kernel kernels[] = {
        {.version = (char *)"2.6.32.12-0.7-xen", .flavor = FLAVOR_XENLINUX},
        {.version = (char *)"3.0.101-63-default", .flavor = FLAVOR_PVOPS},
        {.version = (char *)"3.0.101-63-xen", .flavor = FLAVOR_PVOPS},
};

static const char sles11[] =
        "## Path:\tSystem/Bootloader\n"
        "## Description:\tBootloader configuration\n"
        "## Type:\tstring\n"
        "## Default:\t\"\"\n"
        "#\n"
        "# Arguments for kernel which is used as default boot entry.\n"
        "#\n"
        "DEFAULT_APPEND=\"root=/dev/sda2 resume=/dev/sda1 splash=silent console=xvc0 showopts\"\n"
        "\n"
        "## Type:\tstring\n"
        "FAILSAFE_APPEND=\"showopts ide=nodma apm=off noresume edd=off x11failsafe\"\n"
        "\n"
        "## Type:\tstring\n"
        "# Arguments for the kernel of XEN boot entries\n"
        "XEN_KERNEL_APPEND=\"resume=/dev/sda1 splash=silent console=xvc0 showopts\"\n"
        "XEN_APPEND=\"console=com1\"\n"
        "CONSOLE=\"\"\n";

static const char sles11_converted[] =
        "## Path:\tSystem/Bootloader\n"
        "## Description:\tBootloader configuration\n"
        "## Type:\tstring\n"
        "## Default:\t\"\"\n"
        "#\n"
        "# Arguments for kernel which is used as default boot entry.\n"
        "#\n"
        "DEFAULT_APPEND=\"root=/dev/xvda2 resume=/dev/xvda1 splash=silent console=hvc0 showopts\"\n"
        "\n"
        "## Type:\tstring\n"
        "FAILSAFE_APPEND=\"showopts ide=nodma apm=off noresume edd=off x11failsafe\"\n"
        "\n"
        "## Type:\tstring\n"
        "# Arguments for the kernel of XEN boot entries\n"
        "XEN_KERNEL_APPEND=\"resume=/dev/sda1 splash=silent console=xvc0 showopts\"\n"
        "XEN_APPEND=\"console=com1\"\n"
        "CONSOLE=\"\"\n";

static void check(const struct facts *f, const char *in, const char *want, const char *reasons, const char *warnings)
{
        th_check_rewriter(&rewriter_sysconfig_bootloader, PATH, f, in, want, reasons, warnings, "");
}

static void test_xen_and_default_side_by_side(void **state)
{
        struct facts f = {.profile = &sles, .kernels = kernels, .n_kernels = 2, .target = &kernels[1],
                          .target_version = kernels[1].version};

        check(&f, sles11, sles11_converted,
              "DEFAULT_APPEND (serves 3.0.101-63-default (pvops)): root=/dev/sda2 -> root=/dev/xvda2, "
              "resume=/dev/sda1 -> resume=/dev/xvda1, console=xvc0 -> console=hvc0",
              "");
}

static void test_no_pvops_kernel_of_a_flavour(void **state)
{
        /* Only the Xenlinux -xen kernel, or a -default one of unknown flavor (kept for HVM boots): nothing. */
        struct kernel hvm = {.version = (char *)"2.6.32.12-0.7-default", .flavor = FLAVOR_UNKNOWN};
        struct facts f = {.profile = &sles, .kernels = kernels, .n_kernels = 1};

        check(&f, sles11, NULL, NULL, "");
        f.n_kernels = 0;
        check(&f, sles11, NULL, NULL, "");
        f.kernels = &hvm;
        f.n_kernels = 1;
        check(&f, sles11, NULL, NULL, "");
        /* ... but next to a pvops one, it is warned about. */
        f.kernels = (struct kernel[]){hvm, kernels[1]};
        f.n_kernels = 2;
        check(&f, "DEFAULT_APPEND='resume=/dev/hda1 splash=silent'\nXEN_KERNEL_APPEND='resume=/dev/hda1'", NULL, NULL,
              "'" PATH "' line 1: DEFAULT_APPEND: resume=/dev/hda1 names a Xenlinux disk; left as it is: it serves "
              "pvops and other kernels alike (2.6.32.12-0.7-default (unknown), 3.0.101-63-default (pvops))");
}

static void test_pvops_xen_flavour(void **state)
{
        /* A -xen kernel that is pvops (a hypothetical backport): XEN_KERNEL_APPEND follows it. */
        struct facts f = {.profile = &sles, .kernels = &kernels[2], .n_kernels = 1, .target = &kernels[2],
                          .target_version = kernels[2].version};

        check(&f, "export XEN_KERNEL_APPEND=console=xvc0 # set by hand\n",
              "export XEN_KERNEL_APPEND=console=hvc0 # set by hand\n",
              "XEN_KERNEL_APPEND (serves 3.0.101-63-xen (pvops)): console=xvc0 -> console=hvc0", "");
        /* Xenlinux and pvops -xen kernels side by side: left as it is. */
        f.kernels = kernels;
        f.n_kernels = 3;
        check(&f, "XEN_KERNEL_APPEND=\"console=xvc0\"\n", NULL, NULL,
              "'" PATH "' line 1: XEN_KERNEL_APPEND: console=xvc0 is a Xenlinux console; hvc0 is not the last "
              "console=; left as it is: it serves pvops and other kernels alike (2.6.32.12-0.7-xen (xenlinux), "
              "3.0.101-63-xen (pvops))");
        /* --kernel, not installed, of the xen flavour counts as pvops. */
        f.n_kernels = 0;
        f.target = NULL;
        f.target_version = (char *)"4.4.0-1-xen";
        check(&f, "XEN_KERNEL_APPEND=\"console=tty0 xencons=tty\"\n",
              "XEN_KERNEL_APPEND=\"console=tty0 console=hvc0\"\n",
              "XEN_KERNEL_APPEND (serves 4.4.0-1-xen (--kernel)): xencons=tty removed, console=hvc0 added as the "
              "last console= (the pvops console; the getty runs there)",
              "");
}

static void test_odd_values(void **state)
{
        struct facts f = {.profile = &sles, .kernels = &kernels[1], .n_kernels = 1};

        check(&f,
              "DEFAULT_APPEND=\"root=$ROOT\"\n"
              "FAILSAFE_APPEND=\"a\n"
              "console=xvc0\"\n"
              "DEFAULT_APPEND=\"root=/dev/cciss/c0d0p1 resume=/dev/sdb1\"",
              "DEFAULT_APPEND=\"root=$ROOT\"\n"
              "FAILSAFE_APPEND=\"a\n"
              "console=xvc0\"\n"
              "DEFAULT_APPEND=\"root=/dev/cciss/c0d0p1 resume=/dev/xvdb1\"",
              "DEFAULT_APPEND (serves 3.0.101-63-default (pvops)): resume=/dev/sdb1 -> resume=/dev/xvdb1",
              "'" PATH "' line 1: DEFAULT_APPEND: root=$ROOT is set from a variable; left as it is|'" PATH
              "' line 2: FAILSAFE_APPEND: console=xvc0 is a Xenlinux console; hvc0 is not the last console=; left "
              "as it is: the value does not lie on one line (or the line ends in CR LF); edit it by hand|'" PATH "' line 4: DEFAULT_APPEND: "
              "root=/dev/cciss/c0d0p1: unknown disk name, left as it is");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_xen_and_default_side_by_side),
                cmocka_unit_test(test_no_pvops_kernel_of_a_flavour),
                cmocka_unit_test(test_pvops_xen_flavour),
                cmocka_unit_test(test_odd_values),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
