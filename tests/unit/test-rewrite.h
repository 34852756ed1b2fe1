/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Running one rewriter in a unit test: the new text, the exact warnings, the
 * exact next steps, and a second run on the output that must change nothing.
 */
#pragma once

#include "test-helpers.h"

#include "facts.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

#define NONE ((const char *const *)NULL)
#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Run rw on in[0..len) as path; return the rendered result. o keeps edits, warnings, steps. */
static inline char *tr_run_n(const struct rewriter *rw, const char *path, const char *in, size_t len,
                             const struct facts *facts, struct rewrite_out *o, size_t *ret_len)
{
        struct text *t = NULL;
        struct text_result *r = NULL;
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, len, &t), 0);
        assert_int_equal(rw->rewrite(t, true, path, facts, o), 0);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        text_result_free(r);
        text_free(t);
        if (ret_len)
                *ret_len = out_len;
        return out;
}

static inline void tr_check_list(const char *what, const struct strv *got, const char *const *want)
{
        size_t n = 0;

        while (want && want[n])
                n++;
        for (size_t i = 0; i < got->n && i < n; i++)
                if (strcmp(got->v[i], want[i]) != 0)
                        fail_msg("%s %zu: got '%s', expected '%s'", what, i, got->v[i], want[i]);
        if (got->n != n) {
                for (size_t i = 0; i < got->n; i++)
                        print_message("%s %zu: '%s'\n", what, i, got->v[i]);
                fail_msg("%s: got %zu, expected %zu", what, got->n, n);
        }
}

/*
 * in must become expected (exactly), with exactly these warnings and next
 * steps; the output run again gives no edit, the same text and the same
 * warnings.
 */
static inline void tr_check_facts(const struct rewriter *rw, const char *path, const struct facts *facts,
                                  const char *in, const char *expected, const char *const *warnings,
                                  const char *const *steps)
{
        struct rewrite_out o = {0}, o2 = {0};
        char *out, *out2;

        out = tr_run_n(rw, path, in, strlen(in), facts, &o, NULL);
        if (strcmp(out, expected) != 0)
                fail_msg("output:\n%s\nexpected:\n%s", out, expected);
        tr_check_list("warning", &o.warnings, warnings);
        tr_check_list("next step", &o.next_steps, steps);
        assert_false(o.delete);

        out2 = tr_run_n(rw, path, out, strlen(out), facts, &o2, NULL);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);
        assert_int_equal(o2.warnings.n, o.warnings.n);

        free(out);
        free(out2);
        rewrite_out_done(&o);
        rewrite_out_done(&o2);
}

static inline void tr_check_shift(const struct rewriter *rw, const char *path, unsigned shift, const char *in,
                                  const char *expected, const char *const *warnings, const char *const *steps)
{
        const struct facts facts = {.devmap = {.sd_shift = shift}};

        tr_check_facts(rw, path, &facts, in, expected, warnings, steps);
}

static inline void tr_check(const struct rewriter *rw, const char *path, const char *in, const char *expected,
                            const char *const *warnings, const char *const *steps)
{
        tr_check_shift(rw, path, 0, in, expected, warnings, steps);
}

/* A missing file stays missing and gets no warning. */
static inline void tr_check_missing(const struct rewriter *rw, const char *path)
{
        const struct facts facts = {0};
        struct rewrite_out o = {0};
        struct text *t = NULL;

        assert_int_equal(text_new("", 0, &t), 0);
        assert_int_equal(rw->rewrite(t, false, path, &facts, &o), 0);
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        assert_false(o.create);
        assert_false(o.delete);
        rewrite_out_done(&o);
        text_free(t);
}
