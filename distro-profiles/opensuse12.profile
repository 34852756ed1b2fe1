# opensuse12: openSUSE 12.x and 13.x.
#
# systemd (from 12.1); GRUB 2 in /boot/grub2 from 12.2, GRUB legacy menu.lst
# before (both are listed); SUSE mkinitrd (a wrapper around dracut from 13.2
# that keeps its options). Xenlinux kernel-xen was still shipped.
#
# Sources: FACTS.md section 1, "SLES 10 / SLES 11 / openSUSE 10.x-12.x";
# the systemd and GRUB 2 layout as in "Fedora 8-16".

[profile]
name = opensuse12
description = openSUSE 12.x and 13.x (systemd)
inherit = systemd grub2 suse
priority = 10

[match]
id = opensuse
version = 12.* 13.*
