/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared checks for the libFuzzer harnesses of line rewriters that only
 * add to lines or replace device names in them.
 */
#pragma once

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

/* Run rw on t; the edits must apply. Returns the rendered result. */
static inline char *fz_run(const struct rewriter *rw, const char *path, const struct text *t,
                           const struct facts *facts, struct rewrite_out *o, size_t *ret_size, bool *ret_changed)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rw->rewrite(t, true, path, facts, o) == 0);
        CHECK(!o->create && !o->delete);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        *ret_changed = r->changed;
        text_result_free(r);
        return out;
}

/* Whether a[0..na) is a subsequence of b[0..nb): b is a with bytes inserted. */
static inline bool fz_is_subsequence(const char *a, size_t na, const char *b, size_t nb)
{
        size_t i = 0;

        for (size_t j = 0; j < nb && i < na; j++)
                if (a[i] == b[j])
                        i++;
        return i == na;
}

static inline size_t fz_count(const char *s, size_t n, const char *needle)
{
        size_t c = 0, l = strlen(needle);

        for (size_t i = 0; i + l <= n; i++)
                if (memcmp(s + i, needle, l) == 0)
                        c++;
        return c;
}

/*
 * The common invariants: a missing file stays missing; rendering without
 * edits gives the input back; every edit replaces or inserts (never
 * deletes), each line at most once; check_line() accepts every replaced
 * line; inserted lines name a xvd device; unedited lines keep their bytes;
 * a second run on the output changes nothing and warns no more. check_out
 * (may be NULL) sees the first run's output.
 */
static inline void fz_check_rewriter(const struct rewriter *rw, const char *path, const uint8_t *data, size_t size,
                                     const struct facts *facts,
                                     void (*check_line)(const struct line *old, const char *new_content),
                                     void (*check_out)(const struct rewrite_out *o))
{
        struct text *t = NULL, *t1 = NULL;
        struct text_result *r0 = NULL;
        struct rewrite_out o = {0}, o2 = {0}, o_missing = {0};
        char *round = NULL, *out1 = NULL, *out2 = NULL;
        size_t round_size = 0, out1_size = 0, out2_size = 0, n_inserted = 0;
        bool changed1, changed2;
        unsigned char *replaced = NULL;

        CHECK(text_new((const char *)data, size, &t) == 0);
        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        CHECK(rw->rewrite(t, false, path, facts, &o_missing) == 0);
        CHECK(o_missing.edits.n == 0 && o_missing.warnings.n == 0 && !o_missing.create && !o_missing.delete);

        out1 = fz_run(rw, path, t, facts, &o, &out1_size, &changed1);
        if (check_out)
                check_out(&o);
        replaced = calloc(t->n_lines + 1, 1);
        CHECK(replaced);
        for (size_t e = 0; e < o.edits.n; e++) {
                const struct edit *ed = &o.edits.v[e];

                CHECK(ed->reason && *ed->reason);
                if (ed->kind == EDIT_INSERT) {
                        CHECK(ed->line <= t->n_lines);
                        CHECK(strstr(ed->content, "xvd"));
                        n_inserted++;
                        continue;
                }
                CHECK(ed->kind == EDIT_REPLACE);
                CHECK(ed->line < t->n_lines && !replaced[ed->line]);
                replaced[ed->line] = 1;
                check_line(&t->lines[ed->line], ed->content);
        }

        /* Unedited lines keep their bytes (a last line may gain a terminator), in order. */
        CHECK(text_new(out1, out1_size, &t1) == 0);
        CHECK(t1->n_lines == t->n_lines + n_inserted);
        for (size_t i = 0, j = 0; i < t->n_lines; i++, j++) {
                const struct line *a = &t->lines[i];

                while (j < t1->n_lines && !replaced[i] &&
                       !(t1->lines[j].len == a->len && memcmp(t1->lines[j].s, a->s, a->len) == 0))
                        j++;
                CHECK(j < t1->n_lines);
        }

        out2 = fz_run(rw, path, t1, facts, &o2, &out2_size, &changed2);
        CHECK(o2.edits.n == 0 && !changed2);
        CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);
        /*
         * No new warning. One may go: a word that could not be changed in
         * place (CR or NUL in its line) is covered once its neighbour was.
         */
        CHECK(o2.warnings.n <= o.warnings.n);

        free(replaced);
        free(out2);
        free(out1);
        free(round);
        rewrite_out_done(&o_missing);
        rewrite_out_done(&o2);
        rewrite_out_done(&o);
        text_result_free(r0);
        text_free(t1);
        text_free(t);
}
