# ubuntu-upstart: Ubuntu 9.10 to 14.10 (karmic, lucid, ..., precise, trusty).
#
# Upstart 0.6+ with /etc/init/TTY.conf; the template is the lucid hvc0 job.
# pvops kernels. GRUB 2 by default, and pygrub or pv-grub guests keep
# menu.lst: both are listed (update-grub). initramfs-tools (from debian).
# Ubuntu 15.04 and later use systemd and match no profile.
#
# Sources: FACTS.md section 1, "Ubuntu 9.10 karmic / 10.04 lucid / 12.04
# precise" (the /etc/init job, exact lucid form; GRUB 2 and menu.lst).

[profile]
name = ubuntu-upstart
description = Ubuntu 9.10 to 14.10 (Upstart with /etc/init, GRUB 2)
inherit = upstart-init debian-grub2 debian
priority = 10

[match]
id = ubuntu
version = 9.10* 1[0-4].*

[init]
getty-template = # {tty} - getty\n#\n# This service maintains a getty on {tty} from the point the system is\n# started until it is shut down again.\n\nstart on stopped rc RUNLEVEL=[2345]\nstop on runlevel [!2345]\n\nrespawn\nexec /sbin/getty -8 38400 {tty}\n
