# rhel6: Red Hat Enterprise Linux 6, CentOS 6, Scientific Linux 6.
#
# RHEL 6 was branched from Fedora 12/13 and has its layout (inherited from
# fedora13): Upstart 0.6 with /etc/init, the console getty started
# automatically (serial.conf + console_check), grub.conf, dracut with
# /boot/initramfs-VERSION.img. Its pvops kernel shifts sd disk letters by four
# (sda -> xvde) unless xen_blkfront.sda_is_xvda=1.
#
# Sources: FACTS.md section 1, "RHEL / CentOS 6"; DESIGN.md section 4 (the
# RHEL 6 disk-letter shift).

[profile]
name = rhel6
description = Red Hat Enterprise Linux 6, CentOS 6, Scientific Linux 6
inherit = fedora13
priority = 10

[match]
id = rhel centos scientific
version = 6 6.*

[kernel]
disk-letter-shift = 4
