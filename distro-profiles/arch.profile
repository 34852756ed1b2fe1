# arch: Arch Linux of the initscripts era (2008-2012).
#
# SysV inittab (agetty -8 ... linux), GRUB legacy menu.lst, mkinitcpio with
# MODULES= in /etc/mkinitcpio.conf. Arch names its kernel and initramfs
# after the package, not the version: /boot/vmlinuz-linux and
# /boot/initramfs-linux.img (kernel26: /boot/vmlinuz26, /boot/kernel26.img).
# Arch moved to systemd in late 2012; /etc/arch-release carries no version,
# so such guests still match this profile.
#
# Sources: FACTS.md section 1, "Arch Linux (2008-2012, initscripts era)".

[profile]
name = arch
description = Arch Linux, initscripts era (SysV init, menu.lst, mkinitcpio)
inherit = generic
priority = 10

[match]
id = arch

[init]
getty-template = c0:2345:respawn:/sbin/agetty -8 38400 {tty} linux

[boot]
grub-legacy = /boot/grub/menu.lst

[initrd]
tool = mkinitcpio
modules-file = /etc/mkinitcpio.conf
rebuild = mkinitcpio -p linux
images = /boot/initramfs-linux.img /boot/kernel26.img

[kernel]
images = /boot/vmlinuz-linux /boot/vmlinuz26
