# upstart-init: abstract part for Upstart 0.6 and later, whose jobs are
# /etc/init/JOB.conf. Inherited by fedora13 (and so rhel6) and
# ubuntu-upstart, which add their own job template.
#
# Sources: FACTS.md section 1, "RHEL / CentOS 6", "Fedora 8-16" (F13/F14
# /etc/init) and "Ubuntu 9.10 karmic / 10.04 lucid / 12.04 precise".

[profile]
name = upstart-init
description = Part: Upstart 0.6+ with /etc/init/*.conf

[init]
system = upstart-init
getty-file = /etc/init
