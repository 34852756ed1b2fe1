# fedora9: Fedora 9, 10 and 11.
#
# Upstart 0.3-0.5 with /etc/event.d; the "serial" job and udev's console_check
# start an agetty on the kernel console (hvc0) and add it to securetty by
# themselves, so no file needs an edit for the getty; the template below is
# for an explicit /etc/event.d/hvc0. GRUB legacy grub.conf and nash mkinitrd
# as RHEL 5. Fedora 12 uses dracut and has its own profile (fedora12).
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F9-F12 /etc/event.d, tty1 job
# format, serial job, console_check from initscripts 8.76; F9-F11 mkinitrd).

[profile]
name = fedora9
description = Fedora 9, 10 and 11 (Upstart with /etc/event.d, mkinitrd)
inherit = upstart-eventd redhat
priority = 10

[match]
id = fedora
version = 9 10 11

[init]
getty-template = start on stopped rc2\nstart on stopped rc3\nstart on stopped rc4\nstart on stopped rc5\n\nstop on runlevel 0\nstop on runlevel 1\nstop on runlevel 6\n\nrespawn\nexec /sbin/agetty /dev/{tty} 38400 vt100-nav\n
console-getty-automatic = yes
