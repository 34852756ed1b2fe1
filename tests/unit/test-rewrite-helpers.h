/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers for the tests of the boot-settings rewriters: run a rewriter on a
 * text with hand-made facts, compare the whole output, its warnings and
 * next steps, and check that a second run changes nothing.
 */
#pragma once

#include "test-helpers.h"

#include "facts.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

/* The strings of sv joined by '|'. */
static inline char *th_join(const struct strv *sv)
{
        struct strbuf b = {0};
        char *s = NULL;

        for (size_t i = 0; i < sv->n; i++) {
                if (i)
                        assert_int_equal(strbuf_putc(&b, '|'), 0);
                assert_int_equal(strbuf_puts(&b, sv->v[i]), 0);
        }
        assert_int_equal(strbuf_steal(&b, &s), 0);
        strbuf_done(&b);
        return s;
}

/* Run rw on in; the new text (equal to in when there is no edit). */
static inline char *th_run_rewriter(const struct rewriter *rw, const char *path, const char *in,
                                    const struct facts *f, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(rw->rewrite(t, true, path, f, o), 0);
        assert_false(o->create);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        assert_int_equal(strlen(out), out_len);
        return out;
}

/*
 * Whole-file check: want is the expected text (NULL: unchanged), warnings
 * and steps the '|'-joined warnings and next steps ("" for none), reasons
 * the '|'-joined reasons of the edits. A second run on the output has no
 * edit, and no next step after edits (the same warnings and next steps
 * when there was none); a missing file gives nothing at all.
 */
static inline void th_check_rewriter(const struct rewriter *rw, const char *path, const struct facts *f,
                                     const char *in, const char *want, const char *reasons, const char *warnings,
                                     const char *steps)
{
        struct rewrite_out o = {0}, o2 = {0}, o3 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL, *w = NULL, *s = NULL;
        _cleanup_(text_freep) struct text *empty = NULL;
        struct strv why = {0};
        _cleanup_free_ char *why_s = NULL;

        out = th_run_rewriter(rw, path, in, f, &o);
        assert_string_equal(out, want ? want : in);
        if (!want)
                assert_int_equal(o.edits.n, 0);
        for (size_t i = 0; i < o.edits.n; i++)
                assert_int_equal(strv_push(&why, o.edits.v[i].reason), 0);
        why_s = th_join(&why);
        assert_string_equal(why_s, reasons ? reasons : "");
        w = th_join(&o.warnings);
        assert_string_equal(w, warnings);
        s = th_join(&o.next_steps);
        assert_string_equal(s, steps);

        out2 = th_run_rewriter(rw, path, out, f, &o2);
        assert_string_equal(out2, out);
        assert_int_equal(o2.edits.n, 0);
        if (o.edits.n) {
                assert_int_equal(o2.next_steps.n, 0);
        } else {
                _cleanup_free_ char *w2 = th_join(&o2.warnings), *s2 = th_join(&o2.next_steps);
                assert_string_equal(w2, w);
                assert_string_equal(s2, s);
        }

        assert_int_equal(text_new("", 0, &empty), 0);
        assert_int_equal(rw->rewrite(empty, false, path, f, &o3), 0);
        assert_int_equal(o3.edits.n + o3.warnings.n + o3.next_steps.n, 0);

        strv_done(&why);
        rewrite_out_done(&o);
        rewrite_out_done(&o2);
        rewrite_out_done(&o3);
}
