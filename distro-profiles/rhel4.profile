# rhel4: Red Hat Enterprise Linux 4, CentOS 4, Scientific Linux 4.
#
# Xenlinux kernel-xenU (RHEL 4.5+). Everything else as RHEL 5: SysV inittab,
# grub.conf, nash mkinitrd with /etc/modprobe.conf (all from redhat), except
# that its mkinitrd breaks when the host's /dev is bind-mounted into the
# guest for a chroot: only /proc and /sys are.
#
# Sources: FACTS.md section 1, "RHEL / CentOS 4" ("Other settings: as RHEL5");
# PITFALLS.md part 1 item 14 (RHEL 4 and a bind-mounted /dev).

[profile]
name = rhel4
description = Red Hat Enterprise Linux 4, CentOS 4, Scientific Linux 4
inherit = redhat
priority = 10

[match]
id = rhel centos scientific
version = 4 4.*

[initrd]
chroot-binds = /proc /sys
