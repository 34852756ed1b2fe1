# sles12: SUSE Linux Enterprise Server 12.
#
# systemd, GRUB 2 in /boot/grub2. The initrd is built by dracut behind SUSE's
# mkinitrd wrapper, which keeps the "-k KERNEL -i INITRD" options, so the
# rebuild command of suse still applies.
#
# Sources: FACTS.md section 1, "SLES 10 / SLES 11 / openSUSE 10.x-12.x"
# (sysconfig files, mkinitrd options); the systemd and GRUB 2 layout as in
# "Fedora 8-16" (F15+, F16+).

[profile]
name = sles12
description = SUSE Linux Enterprise 12 (systemd, GRUB 2)
inherit = systemd grub2 suse
priority = 10

[match]
id = sles sled
version = 12 12.*
