/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the fstab rewriter.
 *
 * The input is an fstab. Invariants checked on every input:
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - the rewriter only replaces lines, and only the first field and the
 *    blanks after it change; every other line is byte-identical;
 *  - its edits always apply;
 *  - a second run on its own output changes nothing and warns the same.
 * The low bit of the first byte picks the RHEL 6 letter shift.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static bool is_blank_char(char c)
{
        return c == ' ' || c == '\t';
}

/* Offsets of the first field and the end of the blanks after it. */
static void first_field(const char *s, size_t len, size_t *ret_start, size_t *ret_ws_end)
{
        size_t i = 0;

        while (i < len && is_blank_char(s[i]))
                i++;
        *ret_start = i;
        while (i < len && !is_blank_char(s[i]))
                i++;
        while (i < len && is_blank_char(s[i]))
                i++;
        *ret_ws_end = i;
}

/* Run the rewriter on t; return the rendered result. */
static char *run(const struct text *t, const struct facts *facts, struct rewrite_out *o, size_t *ret_size,
                 bool *ret_changed)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_fstab.rewrite(t, true, "/etc/fstab", facts, o) == 0);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        *ret_changed = r->changed;
        text_result_free(r);
        return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct facts facts = {.devmap = {.sd_shift = size > 0 && (data[0] & 1) ? 4 : 0}};
        struct text *t = NULL, *t1 = NULL;
        struct text_result *r0 = NULL;
        struct rewrite_out o = {0}, o2 = {0}, o_missing = {0};
        char *round = NULL, *out1 = NULL, *out2 = NULL;
        size_t round_size = 0, out1_size = 0, out2_size = 0;
        bool changed1, changed2;
        unsigned char *edited = NULL;

        CHECK(text_new((const char *)data, size, &t) == 0);

        /* Round trip without edits. */
        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        /* A missing fstab is left missing. */
        CHECK(rewriter_fstab.rewrite(t, false, "/etc/fstab", &facts, &o_missing) == 0);
        CHECK(o_missing.edits.n == 0 && !o_missing.create);

        out1 = run(t, &facts, &o, &out1_size, &changed1);
        CHECK(changed1 == (o.edits.n > 0));

        /* Only replacements of non-comment lines, each line at most once. */
        edited = calloc(t->n_lines + 1, 1);
        CHECK(edited);
        for (size_t e = 0; e < o.edits.n; e++) {
                const struct edit *ed = &o.edits.v[e];
                const struct line *l;
                size_t old_start, old_ws, new_start, new_ws, new_len;

                CHECK(ed->kind == EDIT_REPLACE);
                CHECK(ed->line < t->n_lines);
                CHECK(!edited[ed->line]);
                edited[ed->line] = 1;
                l = &t->lines[ed->line];
                CHECK(!line_is_comment(l) && !line_is_blank(l));
                CHECK(ed->reason && strstr(ed->reason, "pvops kernels name Xen disks xvdX"));

                /* Same leading blanks, same rest of the line after the first field's blanks. */
                new_len = strlen(ed->content);
                first_field(l->s, l->len, &old_start, &old_ws);
                first_field(ed->content, new_len, &new_start, &new_ws);
                CHECK(old_start == new_start && memcmp(l->s, ed->content, old_start) == 0);
                CHECK(l->len - old_ws == new_len - new_ws);
                CHECK(memcmp(l->s + old_ws, ed->content + new_ws, l->len - old_ws) == 0);
                CHECK(strstr(ed->content, "xvd"));
        }

        /* Unedited lines are byte-identical, terminators included. */
        CHECK(text_new(out1, out1_size, &t1) == 0);
        CHECK(t1->n_lines == t->n_lines);
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *a = &t->lines[i], *b = &t1->lines[i];

                CHECK(a->eol_len == b->eol_len);
                if (!edited[i])
                        CHECK(a->len == b->len && memcmp(a->s, b->s, a->len) == 0);
        }

        /* Idempotence. */
        out2 = run(t1, &facts, &o2, &out2_size, &changed2);
        CHECK(o2.edits.n == 0 && !changed2);
        CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);
        CHECK(o2.warnings.n == o.warnings.n);

        free(edited);
        free(out2);
        free(out1);
        free(round);
        rewrite_out_done(&o_missing);
        rewrite_out_done(&o2);
        rewrite_out_done(&o);
        text_result_free(r0);
        text_free(t1);
        text_free(t);
        return 0;
}
