/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/securetty: let root log in on the pvops console hvc0.
 *
 * hvc0 is added once, right after the last active xvc0 line (or at the end
 * when there is none); xvc0 stays, because the Xenlinux kernel that remains
 * in the boot menu as a fallback still names its console xvc0. A missing
 * securetty is left missing: without the file pam_securetty accepts every
 * terminal, so creating one would only lock root out of other consoles.
 */
#include <string.h>

#include "macro.h"
#include "rewrite/rewrite.h"

#define SECURETTY_REASON "allow root login on the pvops console hvc0 (xvc0 kept for the Xenlinux kernel)"

/* Whether the line, without surrounding blanks, is NAME or /dev/NAME. */
static bool securetty_line_is(const struct line *l, const char *name)
{
        size_t start = 0, end = l->len, n = strlen(name);

        while (start < end && (l->s[start] == ' ' || l->s[start] == '\t'))
                start++;
        while (end > start && (l->s[end - 1] == ' ' || l->s[end - 1] == '\t'))
                end--;
        if (end - start > 5 && strneq(l->s + start, "/dev/", 5))
                start += 5;
        return end - start == n && memcmp(l->s + start, name, n) == 0;
}

static int securetty_rewrite(const struct text *in, bool exists, const char *path _unused_,
                             const struct facts *facts _unused_, struct rewrite_out *out)
{
        size_t insert_at;

        if (!exists)
                return 0;

        insert_at = in->n_lines;
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];

                if (line_is_comment(l))
                        continue;
                if (securetty_line_is(l, "hvc0"))
                        return 0;
                if (securetty_line_is(l, "xvc0"))
                        insert_at = i + 1;
        }
        return edit_list_insert(&out->edits, insert_at, "hvc0", SECURETTY_REASON);
}

const struct rewriter rewriter_securetty = {
        .name = "securetty",
        .paths = (const char *const[]){"/etc/securetty", NULL},
        .rewrite = securetty_rewrite,
};
