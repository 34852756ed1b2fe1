# suse: abstract base of SUSE Linux Enterprise and openSUSE (never selected:
# no [match]).
#
# SysV inittab with the YaST "x0" console getty, GRUB legacy
# /boot/grub/menu.lst managed by perl-Bootloader, whose settings in
# /etc/sysconfig/bootloader (DEFAULT_APPEND, XEN_KERNEL_APPEND) name disks
# and consoles too. /etc/grub.conf is NOT a menu on SUSE (grub shell setup
# commands), so it is not listed. SUSE mkinitrd reads INITRD_MODULES and
# DOMU_INITRD_MODULES from /etc/sysconfig/kernel and writes
# /boot/initrd-VERSION (no .img).
#
# Sources: FACTS.md section 1, "SLES 10 / SLES 11 / openSUSE 10.x-12.x".

[profile]
name = suse
description = SUSE family base: SysV init, perl-Bootloader menu.lst, SUSE mkinitrd
inherit = generic

[init]
getty-template = x0:12345:respawn:/sbin/agetty -L 9600 {tty} xterm

[boot]
grub-legacy = /boot/grub/menu.lst
sysconfig-bootloader = /etc/sysconfig/bootloader

[initrd]
tool = mkinitrd-suse
modules-file = /etc/sysconfig/kernel
rebuild = mkinitrd -k /boot/vmlinuz-{version} -i {initrd}
images = /boot/initrd-{version}
