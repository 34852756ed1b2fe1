# debian-etch: Debian 4.0 "etch".
#
# Xenlinux linux-image-2.6.18-N-xen-*; the console is xvc0 or, with
# xencons=tty, tty1. SysV inittab, menu.lst with update-grub, initramfs-tools
# (all from debian).
# A testing guest ("etch/sid") has no version and matches by its codename.
#
# Sources: FACTS.md section 1, "Debian etch (4.0)".

[profile]
name = debian-etch
description = Debian 4.0 etch
inherit = debian
priority = 10

[match]
id = debian
version = 4 4.* etch
