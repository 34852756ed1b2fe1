# opensuse: openSUSE 10.x and 11.x (and SUSE Linux 10.x).
#
# Xenlinux kernel-xen (xvc0), SysV inittab, perl-Bootloader menu.lst, SUSE
# mkinitrd: everything from suse. openSUSE 12.x and 13.x use systemd: see
# opensuse12.
#
# Sources: FACTS.md section 1, "SLES 10 / SLES 11 / openSUSE 10.x-12.x".

[profile]
name = opensuse
description = openSUSE 10.x and 11.x
inherit = suse
priority = 10

[match]
id = opensuse
version = 10.* 11.*
