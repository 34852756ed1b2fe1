/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Byte-range replacements inside lines, gathered per line and turned into
 * one EDIT_REPLACE per line (several values may share a line: A=1 B=2). A
 * helper of the rewriters that edit words in place (grub2, sysconfig
 * bootloader, device.map). Pure.
 */
#pragma once

#include "text-file.h"
#include "util.h"

struct splice {
        size_t line;
        size_t from, to; /* offsets into the text's data, within the line's content */
        char *text;
        char *reason;
};

struct splices {
        struct splice *v;
        size_t n;
};

/*
 * Replace t->data[from, to) with text. The range must lie within the
 * content of one line (-EINVAL otherwise) and not overlap another splice of
 * that line (-EINVAL). Returns 0 or -errno.
 */
int splices_add(struct splices *sp, const struct text *t, size_t from, size_t to, const char *text,
                const char *reason);

/*
 * One EDIT_REPLACE per line with splices, in line order; the reasons of a
 * line are joined with "; ". A line whose new content would end in a CR (a
 * last line without newline ending in a lone CR) or hold a NUL byte (which
 * an edit cannot carry; guest files with one are refused when read) is left
 * out, and *ret_skipped (may be NULL) counts it. Returns 0 or -ENOMEM.
 */
int splices_to_edits(const struct splices *sp, const struct text *t, struct edit_list *el, size_t *ret_skipped);

void splices_done(struct splices *sp);
