# redhat: abstract base of the Red Hat family (never selected: no [match]).
#
# Covers what RHEL/CentOS/Scientific Linux 4 and 5 and Fedora share: the
# kudzu-style console getty in /etc/inittab, GRUB legacy /boot/grub/grub.conf
# (with /boot/grub/menu.lst and /etc/grub.conf as symlinks to it), and the
# nash mkinitrd that reads /etc/modprobe.conf and writes
# /boot/initrd-VERSION.img. Later releases override init and initrd.
# Run from the host in a chroot, that mkinitrd needs the host's loop devices,
# hence "modprobe loop" first.
#
# Sources: FACTS.md section 1, "RHEL / CentOS 5" (inittab co: line, grub.conf
# and its symlinks, mkinitrd, modprobe.conf aliases, initrd name, loop) and
# "RHEL / CentOS 4" (same settings as RHEL 5); PITFALLS.md part 1 item 14.

[profile]
name = redhat
description = Red Hat family base: SysV init, grub.conf, nash mkinitrd
inherit = generic

[init]
getty-template = co:2345:respawn:/sbin/agetty {tty} 9600 vt100-nav

[boot]
grub-legacy = /boot/grub/grub.conf /boot/grub/menu.lst /etc/grub.conf

[initrd]
tool = mkinitrd-redhat
modules-file = /etc/modprobe.conf
rebuild = mkinitrd -f --with=xen-blkfront --with=xen-netfront {initrd} {version}
images = /boot/initrd-{version}.img
chroot-prepare = modprobe loop
