# fedora12: Fedora 12.
#
# As Fedora 9-11 (Upstart with /etc/event.d, console getty started
# automatically, grub.conf), but the initramfs is built by dracut.
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F12 still /etc/event.d with
# initscripts 9.02; dracut from F12).

[profile]
name = fedora12
description = Fedora 12 (Upstart with /etc/event.d, dracut)
inherit = dracut fedora9
priority = 10

[match]
id = fedora
version = 12
