# fedora13: Fedora 13 and 14; also the base of rhel6.
#
# Upstart 0.6 with /etc/init/*.conf; /etc/init/serial.conf and udev's
# console_check start an agetty on the kernel console and add it to securetty
# by themselves (the template is for an explicit /etc/init/hvc0.conf).
# GRUB legacy grub.conf, dracut.
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F13/F14 /etc/init like RHEL 6)
# and "RHEL / CentOS 6" (serial.conf, console_check, the hvc0.conf pattern).

[profile]
name = fedora13
description = Fedora 13 and 14 (Upstart with /etc/init, dracut)
inherit = upstart-init dracut redhat
priority = 10

[match]
id = fedora
version = 13 14

[init]
getty-template = start on stopped rc RUNLEVEL=[2345]\nstop on starting runlevel [016]\n\nrespawn\ninstance /dev/{tty}\nexec /sbin/agetty /dev/{tty} 38400 vt100-nav\n
console-getty-automatic = yes
