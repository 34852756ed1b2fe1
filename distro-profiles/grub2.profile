# grub2: abstract part for GRUB 2 installed as "grub2" (Fedora 16+,
# openSUSE 12.2+, SLES 12): /etc/default/grub and /boot/grub2/grub.cfg,
# regenerated with grub2-mkconfig. The GRUB legacy menus of the base stay
# listed, since pygrub guests often keep one.
#
# Sources: FACTS.md section 1, "Fedora 8-16" (GRUB2 from F16:
# /boot/grub2/grub.cfg, /etc/default/grub) and section 2 (GRUB_CMDLINE_LINUX).

[profile]
name = grub2
description = Part: GRUB 2 in /boot/grub2 (grub2-mkconfig)

[boot]
grub2-default = /etc/default/grub
grub2-cfg = /boot/grub2/grub.cfg
grub-update = grub2-mkconfig -o /boot/grub2/grub.cfg
