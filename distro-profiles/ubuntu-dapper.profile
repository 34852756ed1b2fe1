# ubuntu-dapper: Ubuntu 6.06 LTS "dapper".
#
# The last Ubuntu with SysV init: a Debian-style /etc/inittab with getty,
# menu.lst with update-grub, initramfs-tools (all from debian).
#
# Sources: FACTS.md section 1, "Ubuntu 6.06 dapper / 7.x".

[profile]
name = ubuntu-dapper
description = Ubuntu 6.06 dapper (SysV init)
inherit = debian
priority = 10

[match]
id = ubuntu
version = 6.06*
