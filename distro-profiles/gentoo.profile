# gentoo: Gentoo Linux (any release).
#
# SysV init + OpenRC with /etc/inittab (agetty ... linux), GRUB legacy
# /boot/grub/grub.conf (menu.lst a symlink to it). Kernels are usually
# self-built: xen-sources (Xenlinux) or gentoo-sources with pvops. The
# initramfs, if any, is genkernel's. Its name carries the architecture
# (/boot/initramfs-genkernel-x86_64-VERSION, -x86- on 32-bit), so both are
# listed; "genkernel --install initramfs" builds for the kernel configured in
# /usr/src/linux, not for {version}.
#
# Sources: FACTS.md section 1, "Gentoo".

[profile]
name = gentoo
description = Gentoo Linux (SysV init/OpenRC, grub.conf, genkernel)
inherit = generic
priority = 10

[match]
id = gentoo

[init]
getty-template = c0:12345:respawn:/sbin/agetty 38400 {tty} linux

[boot]
grub-legacy = /boot/grub/grub.conf /boot/grub/menu.lst

[initrd]
tool = genkernel
rebuild = genkernel --install initramfs
images = /boot/initramfs-genkernel-x86_64-{version} /boot/initramfs-genkernel-x86-{version}

[kernel]
images = /boot/vmlinuz-{version} /boot/kernel-{version} /boot/kernel-genkernel-x86_64-{version} /boot/kernel-genkernel-x86-{version}
