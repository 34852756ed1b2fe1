/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One /etc/fstab entry as libmount reads it, for the fstab rewriter and --fstab-by. */
#pragma once

#include "text-file.h"

struct fstab_entry {
        char *source; /* unescaped; NULL for a tag (LABEL=, UUID=, ...) */
        char *target; /* unescaped mount point ("/", "/boot", "none", "swap") */
        char *fstype; /* "ext3", "swap", "ext4,ext3", "auto", or NULL */
};

/*
 * Let libmount parse one line on its own as an fstab entry (path names the
 * file in libmount's messages). Returns 1 and fills *ret when the line is a
 * valid entry, 0 when libmount rejects it (or it holds a NUL byte), -errno.
 * Comment and blank lines are not entries.
 */
int fstab_entry_parse(const struct line *l, const char *path, struct fstab_entry *ret);
void fstab_entry_done(struct fstab_entry *e);
