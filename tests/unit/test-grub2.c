/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GRUB 2: /etc/default/grub, /etc/sysconfig/grub and grub.cfg, whole-file expectations. */
#include "test-rewrite-helpers.h"

static struct profile debian = {
        .name = (char *)"debian-wheezy",
        .grub2_default = (char *)"/etc/default/grub",
        .grub2_cfg = (char *)"/boot/grub/grub.cfg",
        .grub_update = (char *)"update-grub",
};

static struct kernel kernels[] = {
        {.version = (char *)"2.6.26-2-xen-amd64", .flavor = FLAVOR_XENLINUX},
        {.version = (char *)"3.2.0-4-amd64", .flavor = FLAVOR_PVOPS},
        {.version = (char *)"3.9.9-test", .flavor = FLAVOR_UNKNOWN},
};

/* A wheezy guest upgraded from lenny: the Xenlinux kernel is still installed; the target is 3.2.0-4-amd64. */
static struct facts wheezy(void)
{
        return (struct facts){
                .profile = &debian,
                .kernels = kernels,
                .n_kernels = 3,
                .target = &kernels[1],
                .target_version = (char *)"3.2.0-4-amd64",
        };
}

#define XEN_WARNING_AT(path)                                                                                  \
        "'" path "': the kernel command line there serves every kernel of the GRUB 2 menu: once "              \
        "grub.cfg is regenerated, the Xenlinux kernel 2.6.26-2-xen-amd64 gets the pvops names too (its entry " \
        "in grub.cfg is left as it is until then)"
#define XEN_WARNING XEN_WARNING_AT("/etc/default/grub")
#define ADDED "console=hvc0 added as the last console= (the pvops console; the getty runs there)"

static void check_default(const struct facts *f, const char *in, const char *want, const char *reasons,
                          const char *warnings, const char *steps)
{
        th_check_rewriter(&rewriter_grub2_default, "/etc/default/grub", f, in, want, reasons, warnings, steps);
}

static void test_default_wheezy(void **state)
{
        struct facts f = wheezy();

        check_default(&f,
                      "# If you change this file, run 'update-grub' afterwards to update\n"
                      "# /boot/grub/grub.cfg.\n"
                      "\n"
                      "GRUB_DEFAULT=0\n"
                      "GRUB_TIMEOUT=5\n"
                      "GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n"
                      "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
                      "GRUB_CMDLINE_LINUX=\"console=xvc0 xencons=xvc root=/dev/sda1 resume=/dev/sda2\"\n"
                      "\n"
                      "#GRUB_CMDLINE_LINUX=\"console=xvc0\"\n",
                      "# If you change this file, run 'update-grub' afterwards to update\n"
                      "# /boot/grub/grub.cfg.\n"
                      "\n"
                      "GRUB_DEFAULT=0\n"
                      "GRUB_TIMEOUT=5\n"
                      "GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n"
                      "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
                      "GRUB_CMDLINE_LINUX=\"console=hvc0 root=/dev/xvda1 resume=/dev/xvda2\"\n"
                      "\n"
                      "#GRUB_CMDLINE_LINUX=\"console=xvc0\"\n",
                      "GRUB_CMDLINE_LINUX: console=xvc0 -> console=hvc0, xencons=xvc removed, root=/dev/sda1 -> "
                      "root=/dev/xvda1, resume=/dev/sda2 -> resume=/dev/xvda2",
                      XEN_WARNING, "regenerate the GRUB 2 menu from /etc/default/grub: update-grub");

        /* Both lines: each gets hvc0 last (recovery entries use GRUB_CMDLINE_LINUX alone). */
        f.n_kernels = 2;
        f.kernels = &kernels[1];
        f.root = (char *)"/mnt/guest";
        check_default(&f,
                      "export GRUB_CMDLINE_LINUX='console=tty1'  # the xen-tools default\n"
                      "GRUB_CMDLINE_LINUX_DEFAULT=console=ttyS0,9600",
                      "export GRUB_CMDLINE_LINUX='console=tty1 console=hvc0'  # the xen-tools default\n"
                      "GRUB_CMDLINE_LINUX_DEFAULT=\"console=ttyS0,9600 console=hvc0\"",
                      "GRUB_CMDLINE_LINUX: " ADDED "|GRUB_CMDLINE_LINUX_DEFAULT: " ADDED, "",
                      "regenerate the GRUB 2 menu from /etc/default/grub: chroot /mnt/guest update-grub (with /dev, "
                      "/proc and /sys mounted inside the guest root)");

        /* Two on one line: one edit. Tags, mapper paths and already converted lines stay. */
        check_default(&f,
                      "GRUB_CMDLINE_LINUX=\"root=/dev/sdb1\" GRUB_CMDLINE_LINUX_DEFAULT=\"quiet console=xvc0\"\r\n"
                      "GRUB_CMDLINE_LINUX=\"root=UUID=1-2 resume=LABEL=swap root=/dev/mapper/vg-root console=hvc0\"\r\n",
                      "GRUB_CMDLINE_LINUX=\"root=/dev/xvdb1\" GRUB_CMDLINE_LINUX_DEFAULT=\"quiet console=xvc0\"\r\n"
                      "GRUB_CMDLINE_LINUX=\"root=UUID=1-2 resume=LABEL=swap root=/dev/mapper/vg-root console=hvc0\"\r\n",
                      "GRUB_CMDLINE_LINUX: root=/dev/sdb1 -> root=/dev/xvdb1",
                      /* For sh the CR before the LF is the value's last byte. */
                      "'/etc/default/grub' line 1: GRUB_CMDLINE_LINUX_DEFAULT: console=xvc0 is a Xenlinux console; "
                      "hvc0 is not the last console=; left as it is: the value does not lie on one line (or the "
                      "line ends in CR LF); edit it by hand",
                      "regenerate the GRUB 2 menu from /etc/default/grub: chroot /mnt/guest update-grub (with /dev, "
                      "/proc and /sys mounted inside the guest root)");
}

static void test_default_left_alone(void **state)
{
        struct facts f = wheezy();

        /* No pvops target: Xenlinux names are reported, not changed. */
        f.target = NULL;
        f.target_version = NULL;
        check_default(&f, "GRUB_CMDLINE_LINUX=\"console=xvc0 root=/dev/sda1\"\nGRUB_CMDLINE_LINUX_DEFAULT=quiet\n",
                      NULL, NULL,
                      "'/etc/default/grub' line 1: GRUB_CMDLINE_LINUX: console=xvc0 is a Xenlinux console; "
                      "root=/dev/sda1 names a Xenlinux disk; hvc0 is not the last console=; left as it is: no pvops "
                      "target kernel (install one, or name it with --kernel)",
                      "");
        /* --kernel names the Xenlinux kernel. */
        f.target = &kernels[0];
        f.target_version = kernels[0].version;
        check_default(&f, "GRUB_CMDLINE_LINUX=\"xencons=tty\"\n", NULL, NULL,
                      "'/etc/default/grub' line 1: GRUB_CMDLINE_LINUX: xencons=tty is a Xenlinux parameter; left as "
                      "it is: the target kernel is a Xenlinux kernel",
                      "");
        /* --kernel names a kernel that is not installed: taken as pvops. */
        f.target = NULL;
        f.target_version = (char *)"4.9.0-dom0";
        f.n_kernels = 0;
        check_default(&f, "GRUB_CMDLINE_LINUX=\"xencons=tty\"", "GRUB_CMDLINE_LINUX=\"\"",
                      "GRUB_CMDLINE_LINUX: xencons=tty removed", "",
                      "regenerate the GRUB 2 menu from /etc/default/grub: update-grub");

        /* Values that cannot be edited safely. */
        f = wheezy();
        f.n_kernels = 2;
        f.kernels = &kernels[1];
        check_default(&f,
                      "GRUB_CMDLINE_LINUX=\"root=$ROOTDEV console=xvc0\"\n"
                      "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\n"
                      "  console=xvc0\"\n"
                      "GRUB_CMDLINE_LINUX=\"console=xvc0\"\r\n",
                      NULL, NULL,
                      "'/etc/default/grub' line 1: GRUB_CMDLINE_LINUX: root=$ROOTDEV is set from a variable; left "
                      "as it is|'/etc/default/grub' line 2: GRUB_CMDLINE_LINUX_DEFAULT: console=xvc0 is a Xenlinux "
                      "console; hvc0 is not the last console=; left as it is: the value does not lie on one line (or "
                      "the line ends in CR LF); edit it by hand|'/etc/default/grub' line 4: GRUB_CMDLINE_LINUX: "
                      "console=xvc0 is a Xenlinux console; hvc0 is not the last console=; left as it is: the value does not lie on one line (or the line ends in CR LF); edit "
                      "it by hand",
                      "");
        /* Only the two command-line variables are read; others stay, even when they name consoles. */
        check_default(&f, "GRUB_TERMINAL=console\nGRUB_SERIAL_COMMAND=\"serial --unit=0\"\nGRUB_CMDLINE_XEN=\"console=xvc0\"\n",
                      NULL, NULL, "", "");
}

static void test_sysconfig_grub(void **state)
{
        struct facts f = wheezy();
        struct profile rhel = {.name = (char *)"rhel5"};

        f.profile = &rhel;
        th_check_rewriter(&rewriter_grub2_default, "/etc/sysconfig/grub", &f, "boot=/dev/sda\nforcelba=0\n",
                          "boot=/dev/xvda\nforcelba=0\n", "boot=/dev/sda -> boot=/dev/xvda: pvops kernels name Xen disks xvdX",
                          "", "");
        f.devmap.sd_shift = 4;
        th_check_rewriter(&rewriter_grub2_default, "/etc/sysconfig/grub", &f, "boot=\"/dev/sda\"",
                          "boot=\"/dev/xvde\"", "boot=/dev/sda -> boot=/dev/xvde: pvops kernels name Xen disks xvdX",
                          "", "");
        th_check_rewriter(&rewriter_grub2_default, "/etc/sysconfig/grub", &f,
                          "boot=/dev/xvda\nboot=/dev/md0\nboot=/dev/cciss/c0d0\n", NULL, NULL,
                          "'/etc/sysconfig/grub' line 3: boot=/dev/cciss/c0d0: unknown device: pvops guests see only "
                          "xvd disks; fix it by hand",
                          "");
        /* Without a regenerate command in the profile: the one for its grub.cfg. */
        f.devmap.sd_shift = 0;
        rhel.grub2_cfg = (char *)"/boot/grub2/grub.cfg";
        th_check_rewriter(&rewriter_grub2_default, "/etc/sysconfig/grub", &f, "GRUB_CMDLINE_LINUX=\"console=xvc0\"\n",
                          "GRUB_CMDLINE_LINUX=\"console=hvc0\"\n", "GRUB_CMDLINE_LINUX: console=xvc0 -> console=hvc0",
                          XEN_WARNING_AT("/etc/sysconfig/grub"),
                          "regenerate the GRUB 2 menu from /etc/sysconfig/grub: grub2-mkconfig -o /boot/grub2/grub.cfg");
}

static void check_cfg(const struct facts *f, const char *in, const char *want, const char *reasons,
                      const char *warnings)
{
        th_check_rewriter(&rewriter_grub2_cfg, "/boot/grub/grub.cfg", f, in, want, reasons, warnings, "");
}

static void test_cfg_entries(void **state)
{
        struct facts f = wheezy();

        check_cfg(&f,
                  "### BEGIN /etc/grub.d/10_linux ###\n"
                  "menuentry 'Debian GNU/Linux, with Linux 3.2.0-4-amd64' --class debian --class os {\n"
                  "\tset root='(hd0,msdos1)'\n"
                  "\techo\t'Loading Linux 3.2.0-4-amd64 ...'\n"
                  "\tlinux\t/boot/vmlinuz-3.2.0-4-amd64 root=/dev/sda1 ro console=xvc0 xencons=xvc quiet\n"
                  "\tinitrd\t/boot/initrd.img-3.2.0-4-amd64\n"
                  "}\n"
                  "submenu 'Advanced options for Debian GNU/Linux' {\n"
                  "\tmenuentry 'Debian GNU/Linux, with Linux 3.2.0-4-amd64 (recovery mode)' {\n"
                  "\t\tlinux\t/boot/vmlinuz-3.2.0-4-amd64 root=/dev/sda1 ro single console=tty0\n"
                  "\t}\n"
                  "\tmenuentry 'Debian GNU/Linux, with Linux 2.6.26-2-xen-amd64' {\n"
                  "\t\tlinux\t/boot/vmlinuz-2.6.26-2-xen-amd64 root=/dev/sda1 ro console=xvc0 xencons=xvc\n"
                  "\t}\n"
                  "}\n"
                  "menuentry 'Old kernel' {\n"
                  "\tlinux /boot/vmlinuz-2.6.18-6-xen-686 root=/dev/sda1 console=xvc0\n"
                  "}\n"
                  "menuentry 'Test kernel' {\n"
                  "\tlinux /boot/vmlinuz-3.9.9-test root=/dev/sda1\n"
                  "}\n"
                  "menuentry 'Memory test' { linux16 /memtest86+.bin; }\n"
                  "### END /etc/grub.d/10_linux ###",
                  "### BEGIN /etc/grub.d/10_linux ###\n"
                  "menuentry 'Debian GNU/Linux, with Linux 3.2.0-4-amd64' --class debian --class os {\n"
                  "\tset root='(hd0,msdos1)'\n"
                  "\techo\t'Loading Linux 3.2.0-4-amd64 ...'\n"
                  "\tlinux\t/boot/vmlinuz-3.2.0-4-amd64 root=/dev/xvda1 ro console=hvc0 quiet\n"
                  "\tinitrd\t/boot/initrd.img-3.2.0-4-amd64\n"
                  "}\n"
                  "submenu 'Advanced options for Debian GNU/Linux' {\n"
                  "\tmenuentry 'Debian GNU/Linux, with Linux 3.2.0-4-amd64 (recovery mode)' {\n"
                  "\t\tlinux\t/boot/vmlinuz-3.2.0-4-amd64 root=/dev/xvda1 ro single console=tty0 console=hvc0\n"
                  "\t}\n"
                  "\tmenuentry 'Debian GNU/Linux, with Linux 2.6.26-2-xen-amd64' {\n"
                  "\t\tlinux\t/boot/vmlinuz-2.6.26-2-xen-amd64 root=/dev/sda1 ro console=xvc0 xencons=xvc\n"
                  "\t}\n"
                  "}\n"
                  "menuentry 'Old kernel' {\n"
                  "\tlinux /boot/vmlinuz-2.6.18-6-xen-686 root=/dev/sda1 console=xvc0\n"
                  "}\n"
                  "menuentry 'Test kernel' {\n"
                  "\tlinux /boot/vmlinuz-3.9.9-test root=/dev/sda1\n"
                  "}\n"
                  "menuentry 'Memory test' { linux16 /memtest86+.bin; }\n"
                  "### END /etc/grub.d/10_linux ###",
                  "entry 'Debian GNU/Linux, with Linux 3.2.0-4-amd64': root=/dev/sda1 -> root=/dev/xvda1, "
                  "console=xvc0 -> console=hvc0, xencons=xvc removed|entry 'Debian GNU/Linux, with Linux "
                  "3.2.0-4-amd64 (recovery mode)': root=/dev/sda1 -> root=/dev/xvda1, " ADDED,
                  "'/boot/grub/grub.cfg' line 17: entry 'Old kernel': root=/dev/sda1 names a Xenlinux disk; "
                  "console=xvc0 is a Xenlinux console; hvc0 is not the last console=; left as it is: its kernel "
                  "/boot/vmlinuz-2.6.18-6-xen-686 "
                  "is not installed|'/boot/grub/grub.cfg' line 20: entry 'Test kernel': root=/dev/sda1 names a "
                  "Xenlinux disk; left as it is: its kernel /boot/vmlinuz-3.9.9-test is of unknown flavor");
}

static void test_cfg_quoting(void **state)
{
        struct facts f = wheezy();

        /* GRUB quoting kept; Ubuntu's $vt_handoff stays a word of its own. */
        check_cfg(&f,
                  "menuentry \"Ubuntu\" {\n"
                  "  linux /vmlinuz-3.2.0-4-amd64 'root=/dev/sda1' ro \"console=xvc0\" quiet $vt_handoff\n"
                  "}\n",
                  "menuentry \"Ubuntu\" {\n"
                  "  linux /vmlinuz-3.2.0-4-amd64 'root=/dev/xvda1' ro \"console=hvc0\" quiet $vt_handoff\n"
                  "}\n",
                  "entry 'Ubuntu': root=/dev/sda1 -> root=/dev/xvda1, console=xvc0 -> console=hvc0", "");
        /* A variable where a name is needed, and a command over two lines: warned, not changed. */
        check_cfg(&f,
                  "menuentry x {\n"
                  "  linux /vmlinuz-3.2.0-4-amd64 root=$dev ro\n"
                  "  linux /vmlinuz-3.2.0-4-amd64 root=/dev/sda1 \\\n"
                  "     ro\n"
                  "}\n",
                  NULL, NULL,
                  "'/boot/grub/grub.cfg' line 2: entry 'x': root=$dev is set from a variable; left as it is|"
                  "'/boot/grub/grub.cfg' line 3: entry 'x': root=/dev/sda1 names a Xenlinux disk; left as it is: "
                  "the command does not lie on one line (or the line ends in CR LF); edit it by hand");
        /* --kernel target not installed; a command outside any entry. */
        f.target = NULL;
        f.target_version = (char *)"4.19.0-dom0";
        check_cfg(&f, "linux16 /vmlinuz-4.19.0-dom0 root=/dev/hda1 console=xvc0,38400n8; boot\r\n",
                  "linux16 /vmlinuz-4.19.0-dom0 root=/dev/xvda1 console=hvc0; boot\r\n",
                  "linux16 /vmlinuz-4.19.0-dom0: root=/dev/hda1 -> root=/dev/xvda1, console=xvc0,38400n8 -> "
                  "console=hvc0",
                  "");
        /* The RHEL 6 rule. */
        f.devmap.sd_shift = 4;
        f.target = &kernels[1];
        check_cfg(&f, "menuentry 'a' {\nlinuxefi /vmlinuz-3.2.0-4-amd64 root=/dev/sdb2\n}\n",
                  "menuentry 'a' {\nlinuxefi /vmlinuz-3.2.0-4-amd64 root=/dev/xvdf2\n}\n",
                  "entry 'a': root=/dev/sdb2 -> root=/dev/xvdf2", "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_default_wheezy), cmocka_unit_test(test_default_left_alone),
                cmocka_unit_test(test_sysconfig_grub), cmocka_unit_test(test_cfg_entries),
                cmocka_unit_test(test_cfg_quoting),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
