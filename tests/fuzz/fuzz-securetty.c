/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the securetty rewriter.
 *
 * The input is a securetty. Invariants checked on every input:
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - the rewriter inserts at most one line, "hvc0", and its edits apply;
 *  - every original line comes out unchanged and in order (only a last line
 *    without newline may gain a terminator when hvc0 goes after it);
 *  - the output has a line that is exactly "hvc0" (as pam_securetty compares
 *    lines), and a second run changes nothing;
 *  - a missing securetty stays missing.
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

static char *run(const struct text *t, struct rewrite_out *o, size_t *ret_size, bool *ret_changed)
{
        const struct facts facts = {0};
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_securetty.rewrite(t, true, "/etc/securetty", &facts, o) == 0);
        /* The only warning is about CRLF line ends, and only when there are some. */
        CHECK(o->warnings.n == (memmem(t->data, t->size, "\r\n", 2) ? 1u : 0u));
        CHECK(o->next_steps.n == 0 && !o->create);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        *ret_changed = r->changed;
        text_result_free(r);
        return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const struct facts facts = {0};
        struct text *t = NULL, *t1 = NULL;
        struct text_result *r0 = NULL;
        struct rewrite_out o = {0}, o2 = {0}, o_missing = {0};
        char *round = NULL, *out1 = NULL, *out2 = NULL;
        size_t round_size = 0, out1_size = 0, out2_size = 0, at = SIZE_MAX;
        bool changed1, changed2, have_hvc0 = false;

        CHECK(text_new((const char *)data, size, &t) == 0);

        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        CHECK(rewriter_securetty.rewrite(t, false, "/etc/securetty", &facts, &o_missing) == 0);
        CHECK(o_missing.edits.n == 0 && o_missing.warnings.n == 0 && !o_missing.create);

        out1 = run(t, &o, &out1_size, &changed1);
        CHECK(o.edits.n <= 1);
        CHECK(changed1 == (o.edits.n == 1));
        if (o.edits.n == 1) {
                CHECK(o.edits.v[0].kind == EDIT_INSERT);
                CHECK(strcmp(o.edits.v[0].content, "hvc0") == 0);
                CHECK(o.edits.v[0].line <= t->n_lines);
                at = o.edits.v[0].line;
        }

        /*
         * The output is the input with "hvc0" inserted before line `at`;
         * a last line without newline gets one when hvc0 goes after it.
         */
        if (o.edits.n == 1) {
                const char *eol = text_default_eol(t);
                size_t off = at < t->n_lines ? (size_t)(t->lines[at].s - t->data) : size;
                bool add_eol = at == t->n_lines && at > 0 && t->lines[at - 1].eol_len == 0;
                size_t exp_size = size + 4 + strlen(eol) * (add_eol ? 2 : 1);
                char *exp = malloc(exp_size + 1), *p = exp;

                CHECK(exp);
                if (off)
                        memcpy(p, data, off), p += off;
                if (add_eol)
                        p = stpcpy(p, eol);
                p = stpcpy(p, "hvc0");
                p = stpcpy(p, eol);
                if (size > off)
                        memcpy(p, data + off, size - off), p += size - off;
                CHECK((size_t)(p - exp) == exp_size);
                CHECK(out1_size == exp_size && memcmp(out1, exp, exp_size) == 0);
                free(exp);
        } else {
                CHECK(out1_size == size && memcmp(out1, data, size) == 0);
        }

        CHECK(text_new(out1, out1_size, &t1) == 0);
        for (size_t i = 0; i < t1->n_lines; i++)
                if (t1->lines[i].len == 4 && memcmp(t1->lines[i].s, "hvc0", 4) == 0)
                        have_hvc0 = true;
        CHECK(have_hvc0);

        out2 = run(t1, &o2, &out2_size, &changed2);
        CHECK(o2.edits.n == 0 && !changed2);
        CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);

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
