# dracut: abstract part for guests whose initramfs is built by dracut:
# /boot/initramfs-VERSION.img, extra drivers through add_drivers in
# /etc/dracut.conf (present on every dracut system) and the drop-ins of
# /etc/dracut.conf.d (not in the earliest releases), read after it in name
# order. Inherited by fedora12, fedora13 (and so rhel6) and fedora15, before
# redhat: dracut needs no loop devices (no chroot-prepare).
#
# Sources: FACTS.md section 1, "RHEL / CentOS 6" (dracut, rebuild command,
# add_drivers, initramfs name) and "Fedora 8-16" (dracut from F12).

[profile]
name = dracut
description = Part: dracut initramfs

[initrd]
tool = dracut
modules-file = /etc/dracut.conf
modules-dir = /etc/dracut.conf.d
rebuild = dracut -f --add-drivers "xen-blkfront xen-netfront" {initrd} {version}
images = /boot/initramfs-{version}.img
chroot-prepare =
