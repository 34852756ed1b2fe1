# ubuntu-eventd: Ubuntu 6.10 to 9.04 (edgy, feisty, gutsy, hardy, intrepid,
# jaunty).
#
# Upstart 0.3-0.5 with one job per tty in /etc/event.d; the template is the
# hardy tty job (edgy and feisty wrote "start on runlevel 2" instead; an
# existing job is copied in preference to the template). Hardy's -xen kernel
# is Xenlinux (xvc0); 8.10 and 9.04 are pvops. menu.lst with update-grub,
# initramfs-tools (from debian).
#
# Sources: FACTS.md section 1, "Ubuntu 6.06 dapper / 7.x", "Ubuntu 8.04
# hardy" (the event.d job, exact) and "Ubuntu 8.10 intrepid / 9.04 jaunty".

[profile]
name = ubuntu-eventd
description = Ubuntu 6.10 to 9.04 (Upstart with /etc/event.d)
inherit = upstart-eventd debian
priority = 10

[match]
id = ubuntu
version = 6.10* 7.04* 7.10* 8.04* 8.10* 9.04*

[init]
getty-template = # {tty} - getty\n#\n# This service maintains a getty on {tty} from the point the system is\n# started until it is shut down again.\n\nstart on stopped rc2\nstart on stopped rc3\nstart on stopped rc4\nstart on stopped rc5\n\nstop on runlevel 0\nstop on runlevel 1\nstop on runlevel 6\n\nrespawn\nexec /sbin/getty 38400 {tty}\n
