# debian-wheezy: Debian 7 "wheezy".
#
# pvops kernels (3.2.0-4-*). SysV inittab, initramfs-tools; GRUB 2
# (/etc/default/grub, /boot/grub/grub.cfg) by default, and pygrub guests
# often keep menu.lst: both are listed.
# A testing guest ("wheezy/sid") has no version and matches by its codename.
#
# Sources: FACTS.md section 1, "Debian squeeze (6.0) / wheezy (7)".

[profile]
name = debian-wheezy
description = Debian 7 wheezy
inherit = debian-grub2 debian
priority = 10

[match]
id = debian
version = 7 7.* wheezy
