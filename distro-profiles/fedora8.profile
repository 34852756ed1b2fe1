# fedora8: Fedora Core 5 and 6, Fedora 7 and 8.
#
# The kudzu era, like RHEL 5: SysV inittab with the kudzu console getty,
# grub.conf, nash mkinitrd (all from redhat). Their kernel-xen is Xenlinux
# (Fedora 8's a forward port to 2.6.21; console xvc0).
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F8: SysV inittab like RHEL5,
# kudzu present; F8 mkinitrd).

[profile]
name = fedora8
description = Fedora Core 5 and 6, Fedora 7 and 8 (SysV init, kudzu, mkinitrd)
inherit = redhat
priority = 10

[match]
id = fedora
version = 5 6 7 8
