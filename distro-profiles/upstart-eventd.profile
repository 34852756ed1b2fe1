# upstart-eventd: abstract part for Upstart 0.3-0.5, whose jobs are the files
# in /etc/event.d (one file per job, named after the tty). Inherited by
# fedora9 and ubuntu-eventd, which add their own job template.
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F9-F12 /etc/event.d) and
# "Ubuntu 8.04 hardy" / "Ubuntu 8.10 intrepid / 9.04 jaunty".

[profile]
name = upstart-eventd
description = Part: Upstart 0.3-0.5 with /etc/event.d

[init]
system = upstart-event.d
getty-file = /etc/event.d
