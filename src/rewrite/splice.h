/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Byte-range replacements inside lines, gathered per line and turned into
 * one EDIT_REPLACE per line (several values may share a line: A=1 B=2). A
 * helper of the rewriters that edit words in place (grub2, sysconfig
 * bootloader, device.map). Pure.
 */
#pragma once

#include "kargs-quoted.h"
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

/*
 * Convert the kernel command line w, parsed from t in dialect d as mode says
 * (kargs_quoted_to_pvops()), and splice the new text in with the reason
 * "REASON_WHAT: change, change". Its warnings, a refusal, and a new text that
 * cannot be spliced on its line go to warnings as "'PATH' line N: WHAT: ..."
 * (line is 0-based, N = line + 1). *ret_changed (may be NULL) is set to true
 * when a splice was added. Returns 0 or -ENOMEM.
 */
int splices_add_kargs(struct splices *sp, const struct text *t, enum sw_dialect d, enum kargs_quoted_mode mode,
                      const struct sw_word *w, const struct devmap *m, const char *path, size_t line,
                      const char *what, const char *reason_what, struct strv *warnings, bool *ret_changed);

void splices_done(struct splices *sp);
