# sles10: SUSE Linux Enterprise Server/Desktop 10 (all service packs).
#
# Xenlinux kernel-xen 2.6.16 (xvc0). Everything from suse.
#
# Sources: FACTS.md section 1, "SLES 10 / SLES 11 / openSUSE 10.x-12.x".

[profile]
name = sles10
description = SUSE Linux Enterprise 10
inherit = suse
priority = 10

[match]
id = sles sled
version = 10 10.*
