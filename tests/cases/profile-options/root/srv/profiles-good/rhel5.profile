# A local override of the shipped rhel5 profile: same name, searched first.
[profile]
name = rhel5
description = site-local RHEL 5
inherit = rhel5
priority = 60

[match]
id = centos rhel
version = 5.*
