/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the mdadm.conf rewriter (mdadm's word and
 * continuation rules, globs, devpattern's translation).
 *
 * The input is an mdadm.conf; the low bit of the first byte picks the RHEL 6
 * letter shift. Besides fz_check_rewriter()'s invariants: nothing is
 * inserted as a line of its own, and a replaced line is the old line with
 * words added that name xvd devices.
 */
#include "fuzz-rewrite.h"

#define PATH "/etc/mdadm.conf"

static void check_line(const struct line *old, const char *new_content)
{
        size_t n = strlen(new_content);

        CHECK(n > old->len);
        CHECK(fz_is_subsequence(old->s, old->len, new_content, n));
        CHECK(fz_count(new_content, n, "xvd") > fz_count(old->s, old->len, "xvd"));
}

static void check_out(const struct rewrite_out *o)
{
        for (size_t e = 0; e < o->edits.n; e++)
                CHECK(o->edits.v[e].kind == EDIT_REPLACE);
        for (size_t i = 0; i < o->warnings.n; i++)
                CHECK(strncmp(o->warnings.v[i], "'" PATH "' line ", strlen("'" PATH "' line ")) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct facts facts = {.devmap = {.sd_shift = size > 0 && (data[0] & 1) ? 4 : 0}};

        fz_check_rewriter(&rewriter_mdadm, PATH, data, size, &facts, check_line, check_out);
        return 0;
}
