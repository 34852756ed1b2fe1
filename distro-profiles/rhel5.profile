# rhel5: Red Hat Enterprise Linux 5, CentOS 5, Scientific Linux 5.
#
# Xenlinux kernel-xen (2.6.18-NNN.el5xen). SysV inittab where kudzu writes
# "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav", grub.conf, nash mkinitrd
# (all from redhat). RHEL 5 ships no pvops kernel: the target kernel is a
# foreign one.
#
# Sources: FACTS.md section 1, "RHEL / CentOS 5".

[profile]
name = rhel5
description = Red Hat Enterprise Linux 5, CentOS 5, Scientific Linux 5
inherit = redhat
priority = 10

[match]
id = rhel centos scientific
version = 5 5.*
