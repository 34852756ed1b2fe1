/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/securetty: let root log in on the pvops console hvc0.
 *
 * hvc0 is added once, right after the last xvc0 line (or at the end when
 * there is none); xvc0 stays, because the Xenlinux kernel that remains in
 * the boot menu as a fallback still names its console xvc0. A missing
 * securetty is left missing: without the file pam_securetty accepts every
 * terminal, so creating one would only lock root out of other consoles.
 *
 * pam_securetty compares each whole line with the tty name, byte for byte:
 * only a line that is exactly "hvc0" lets root in, not " hvc0" nor
 * "/dev/hvc0". A file with CRLF line ends matches nothing at all; that is
 * reported rather than silently rewritten.
 */
#include <string.h>

#include "macro.h"
#include "rewrite/rewrite.h"

#define SECURETTY_REASON "allow root login on the pvops console hvc0"
#define SECURETTY_REASON_XVC0 SECURETTY_REASON " (xvc0 kept for the Xenlinux kernel)"

/* Whether the line is exactly NAME, as pam_securetty compares it. */
static bool securetty_line_is(const struct line *l, const char *name)
{
        size_t n = strlen(name);

        return l->len == n && memcmp(l->s, name, n) == 0;
}

static int securetty_rewrite(const struct text *in, bool exists, const char *path _unused_,
                             const struct facts *facts _unused_, struct rewrite_out *out)
{
        size_t insert_at;
        bool xvc0 = false;
        int r;

        if (!exists)
                return 0;

        for (size_t i = 0; i < in->n_lines; i++)
                if (in->lines[i].eol_len == 2) {
                        r = strv_pushf(&out->warnings,
                                       "'%s' line %zu: CRLF line ends; pam_securetty compares whole lines, so "
                                       "entries ending in CR allow no login: convert the file to LF line ends",
                                       path, i + 1);
                        if (r < 0)
                                return r;
                        break;
                }

        insert_at = in->n_lines;
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];

                if (securetty_line_is(l, "hvc0"))
                        return 0;
                if (securetty_line_is(l, "xvc0")) {
                        insert_at = i + 1;
                        xvc0 = true;
                }
        }
        return edit_list_insert(&out->edits, insert_at, "hvc0", xvc0 ? SECURETTY_REASON_XVC0 : SECURETTY_REASON);
}

const struct rewriter rewriter_securetty = {
        .name = "securetty",
        .paths = (const char *const[]){"/etc/securetty", NULL},
        .rewrite = securetty_rewrite,
};
