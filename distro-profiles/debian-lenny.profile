# debian-lenny: Debian 5.0 "lenny".
#
# Xenlinux linux-image-2.6.26-2-xen-* whose console is already hvc0. SysV
# inittab, menu.lst with update-grub, initramfs-tools (all from debian).
# A testing guest ("lenny/sid") has no version and matches by its codename.
#
# Sources: FACTS.md section 1, "Debian lenny (5.0)".

[profile]
name = debian-lenny
description = Debian 5.0 lenny
inherit = debian
priority = 10

[match]
id = debian
version = 5 5.* lenny
