# rhel4: Red Hat Enterprise Linux 4, CentOS 4, Scientific Linux 4.
#
# Xenlinux kernel-xenU (RHEL 4.5+). Everything else as RHEL 5: SysV inittab,
# grub.conf, nash mkinitrd with /etc/modprobe.conf (all from redhat).
#
# Sources: FACTS.md section 1, "RHEL / CentOS 4" ("Other settings: as RHEL5").

[profile]
name = rhel4
description = Red Hat Enterprise Linux 4, CentOS 4, Scientific Linux 4
inherit = redhat
priority = 10

[match]
id = rhel centos scientific
version = 4 4.*
