/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What is known about the guest before anything is rewritten. Built once
 * from the guest root and the options, then read by every rewriter.
 */
#pragma once

#include <stdbool.h>

#include "devname.h"

struct facts {
        struct devmap devmap; /* the disk-name rule for the target kernel */
        bool target_is_rhel6; /* the rule above came from a RHEL 6-family target */
};
