# sles11: SUSE Linux Enterprise Server/Desktop 11 (all service packs).
#
# Xenlinux kernel-xen (2.6.27, 2.6.32 in SP1, 3.0 in SP2): not pvops despite
# the version. Everything from suse.
#
# Sources: FACTS.md section 1, "SLES 10 / SLES 11 / openSUSE 10.x-12.x".

[profile]
name = sles11
description = SUSE Linux Enterprise 11
inherit = suse
priority = 10

[match]
id = sles sled
version = 11 11.*
