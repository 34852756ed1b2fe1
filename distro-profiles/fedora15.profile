# fedora15: Fedora 15 and later.
#
# systemd (serial-getty@hvc0.service starts by itself), dracut. Fedora 15
# still boots from GRUB legacy grub.conf; GRUB 2 (/boot/grub2/grub.cfg,
# /etc/default/grub) from Fedora 16. Both are listed: domufix edits the files
# the guest has.
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F15+ systemd; GRUB2 from F16;
# dracut).

[profile]
name = fedora15
description = Fedora 15 and later (systemd, dracut, GRUB legacy or GRUB 2)
inherit = systemd grub2 dracut redhat
priority = 10

[match]
id = fedora
version = 15 1[6-9] [2-9][0-9]
