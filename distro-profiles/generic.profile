# generic: the fallback, and the root every family base inherits from.
#
# Covers: a guest whose distribution is unknown or matches no other profile.
# SysV init reading /etc/inittab, /etc/securetty, a GRUB legacy menu (pygrub
# reads /boot/grub/menu.lst or /boot/grub/grub.conf), no initrd tool assumed
# (for the families that have one: /dev, /proc and /sys bind-mounted when it
# runs in a chroot), pvops disk names without a letter shift. It has no
# [match]: domufix picks it only as the fallback, and says so in its report.
#
# Sources: FACTS.md section 1 (the SysV inittab, securetty and grub-legacy
# layout common to the families of that era) and section 2 (files that name
# disks: device.map).

[profile]
name = generic
description = Unknown or unlisted distribution: SysV init, GRUB legacy, no initrd tool
priority = -1000

[init]
system = sysvinit
getty-file = /etc/inittab
getty-template = co:2345:respawn:/sbin/agetty 38400 {tty} vt100
console-getty-automatic = no

[login]
securetty = /etc/securetty

[boot]
grub-legacy = /boot/grub/menu.lst /boot/grub/grub.conf
device-map = /boot/grub/device.map

[initrd]
tool = none
chroot-binds = /dev /proc /sys

[kernel]
disk-letter-shift = 0
images = /boot/vmlinuz-{version}
