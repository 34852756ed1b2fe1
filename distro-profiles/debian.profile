# debian: abstract base of Debian and Ubuntu (never selected: no [match]).
#
# SysV inittab with util-linux getty (Debian has /sbin/getty, not agetty),
# GRUB legacy /boot/grub/menu.lst kept by update-grub (its "# kopt=" line
# must be rewritten too), initramfs-tools with /etc/initramfs-tools/modules
# and /boot/initrd.img-VERSION.
#
# Sources: FACTS.md section 1, "Debian etch (4.0)" (inittab, securetty,
# menu.lst and update-grub, initramfs-tools), "Debian squeeze (6.0) / wheezy
# (7)" (the h0 getty line) and "Debian lenny (5.0)" (initramfs-tools modules).

[profile]
name = debian
description = Debian family base: SysV init, menu.lst with update-grub, initramfs-tools
inherit = generic

[init]
getty-template = h0:2345:respawn:/sbin/getty 38400 {tty}

[boot]
grub-legacy = /boot/grub/menu.lst
grub-update = update-grub

[initrd]
tool = initramfs-tools
modules-file = /etc/initramfs-tools/modules
rebuild = update-initramfs -u -k {version}
images = /boot/initrd.img-{version}
