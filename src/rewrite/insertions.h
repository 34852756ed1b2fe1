/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Text inserted inside existing lines, for rewriters that add words next to
 * others (", \"a|^/dev/xvda|\"" after a filter pattern, " /dev/xvda1" after a
 * DEVICE word). Several insertions in one line become one EDIT_REPLACE of
 * that line, with the other bytes of the line kept as they are.
 */
#pragma once

#include <stddef.h>

#include "rewrite/rewrite.h"

struct insertion {
        size_t line;   /* 0-based line index */
        size_t offset; /* byte offset inside the line's content (<= its length) */
        size_t seq;    /* order of the call, to keep insertions at one offset in order */
        char *text;
        char *reason;
};

struct insertions {
        struct insertion *v;
        size_t n;
};

int insertions_add(struct insertions *ins, size_t line, size_t offset, const char *text, const char *reason);
void insertions_done(struct insertions *ins);

/*
 * Append one EDIT_REPLACE per line that has insertions to out->edits, its
 * reason the distinct reasons joined with "; ". A line whose content ends in
 * a carriage return (a last line without LF) or holds a NUL byte cannot be
 * replaced (edit contents are C strings that cannot end in CR): it gets a
 * warning "'PATH' line N: carriage return at the end of the line: left as it
 * is; ..." instead.
 * Returns 0, -EINVAL for an offset past the end of its line, -ENOMEM.
 */
int insertions_apply(struct insertions *ins, const struct text *in, const char *path, struct rewrite_out *out);

/*
 * insertions_apply() for a file the initrd carries a copy of (lvm.conf,
 * mdadm.conf): when out->edits then has more than n_edits (its length before
 * the rewriter began), out->next_steps gets "rebuild the initrd of the pvops
 * kernel: it carries a copy of PATH" too.
 */
int insertions_apply_initrd_copy(struct insertions *ins, const struct text *in, const char *path, size_t n_edits,
                                 struct rewrite_out *out);
