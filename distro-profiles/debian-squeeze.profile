# debian-squeeze: Debian 6.0 "squeeze".
#
# pvops kernels (2.6.32-5-xen-*). SysV inittab, initramfs-tools; GRUB 2 by
# default, but pygrub guests often keep menu.lst: both are listed.
# A testing guest ("squeeze/sid") has no version and matches by its codename.
#
# Sources: FACTS.md section 1, "Debian squeeze (6.0) / wheezy (7)".

[profile]
name = debian-squeeze
description = Debian 6.0 squeeze
inherit = debian-grub2 debian
priority = 10

[match]
id = debian
version = 6 6.* squeeze
