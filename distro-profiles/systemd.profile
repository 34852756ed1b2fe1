# systemd: abstract part for systemd guests. systemd starts
# serial-getty@hvc0.service for the kernel console by itself, so there is no
# getty file to edit: getty-file and getty-template are set to none here.
# Inherited by fedora15, opensuse12 and sles12.
#
# Sources: FACTS.md section 1, "Fedora 8-16" (F15+: systemd,
# serial-getty@hvc0.service started automatically).

[profile]
name = systemd
description = Part: systemd (getty on the console started automatically)

[init]
system = systemd
getty-file =
getty-template =
console-getty-automatic = yes
