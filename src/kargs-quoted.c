/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kargs-quoted.h"
#include "kargs.h"

/* One change in source coordinates: [from, to) becomes text. */
struct src_edit {
        size_t from, to;
        char *text;
};

struct src_edits {
        struct src_edit *v;
        size_t n;
};

static void src_edits_done(struct src_edits *e)
{
        for (size_t i = 0; i < e->n; i++)
                free(e->v[i].text);
        free(e->v);
        *e = (struct src_edits){0};
}

/* Add an edit; takes text. */
static int src_edits_add(struct src_edits *e, size_t from, size_t to, char *text)
{
        struct src_edit *nv = reallocarray(e->v, e->n + 1, sizeof(*nv));

        if (!nv) {
                free(text);
                return -ENOMEM;
        }
        e->v = nv;
        e->v[e->n++] = (struct src_edit){.from = from, .to = to, .text = text};
        return 0;
}

static int src_edit_cmp(const void *a, const void *b)
{
        const struct src_edit *x = a, *y = b;

        if (x->from != y->from)
                return x->from < y->from ? -1 : 1;
        /* An insertion goes before a removal that starts at the same place. */
        if ((x->to - x->from) != (y->to - y->from))
                return (x->to - x->from) < (y->to - y->from) ? -1 : 1;
        return 0;
}

static bool is_relevant(const char *s, const struct karg *k)
{
        return karg_is(s, k, "root") || karg_is(s, k, "resume") || karg_is(s, k, "console") ||
               karg_is(s, k, "xencons");
}

static const char *karg_name(const char *s, const struct karg *k)
{
        return s + k->start + (s[k->start] == '"');
}

static bool same_name(const char *a, const struct karg *ka, const char *b, const struct karg *kb)
{
        return ka->name_len == kb->name_len && ka->has_value == kb->has_value &&
               memcmp(karg_name(a, ka), karg_name(b, kb), ka->name_len) == 0;
}

/* The source bytes of decoded bytes [x, y) of w, for messages. */
static char *source_of(const char *src, const struct sw_word *w, size_t x, size_t y)
{
        return strndup_or_null(src + w->src[x], w->src_end[y - 1] - w->src[x]);
}

/* The encoded form of v for the inside of segment kind k, malloc'd, or -EINVAL. */
static int encode(enum sw_dialect d, enum sw_seg_kind k, const char *v, size_t n, char **ret)
{
        struct strbuf b = {0};
        int r;

        r = sw_encode(d, k, v, n, &b);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        strbuf_done(&b);
        return r;
}

/* Decode text as the mode parses it and compare with want. */
static int decodes_to(enum sw_dialect d, enum kargs_quoted_mode mode, const char *text, const char *want)
{
        _cleanup_(sw_word_done) struct sw_word w = {0};
        size_t pos = 0, len = strlen(text);
        int r;

        r = mode == KARGS_QUOTED_VALUE ? sw_word_parse(d, text, len, &pos, &w) : sw_args_parse(d, text, len, &pos, &w);
        if (r < 0)
                return r;
        return pos == len && !w.multiline && !w.unterminated && w.len == strlen(want) &&
               memcmp(w.value, want, w.len) == 0;
}

enum fate {
        FATE_MAP,
        FATE_REMOVE,
};

/*
 * The edits that turn w's source into one that decodes to out. Returns 1
 * when found, 0 when the quoting does not allow it, -ENOMEM.
 */
static int plan_edits(enum sw_dialect d, enum kargs_quoted_mode mode, const struct sw_word *w,
                      const struct kargs *in, const char *out, const struct kargs *outk, struct src_edits *ret)
{
        _cleanup_free_ enum fate *fate = NULL;
        _cleanup_free_ size_t *to = NULL;
        const char *v = w->value;
        size_t j = 0, last_kept = SIZE_MAX;
        int r;

        fate = calloc(in->n ? in->n : 1, sizeof(*fate));
        to = calloc(in->n ? in->n : 1, sizeof(*to));
        if (!fate || !to)
                return -ENOMEM;

        /* Align: kargs_to_pvops keeps the order, removes words, and appends at the end. */
        for (size_t i = 0; i < in->n; i++) {
                if (!karg_is(v, &in->v[i], "xencons") && j < outk->n && same_name(v, &in->v[i], out, &outk->v[j])) {
                        fate[i] = FATE_MAP;
                        to[i] = j++;
                        last_kept = i;
                } else
                        fate[i] = FATE_REMOVE;
        }

        /* Changed words: the bytes between their common prefix and suffix. */
        for (size_t i = 0; i < in->n; i++) {
                const struct karg *a = &in->v[i], *b;
                size_t p = 0, s = 0, x, y;
                _cleanup_free_ char *text = NULL;
                enum sw_seg_kind kind;
                size_t from, end;

                if (fate[i] != FATE_MAP)
                        continue;
                b = &outk->v[to[i]];
                if (a->len == b->len && memcmp(v + a->start, out + b->start, a->len) == 0)
                        continue;
                while (p < a->len && p < b->len && v[a->start + p] == out[b->start + p])
                        p++;
                while (s < a->len - p && s < b->len - p &&
                       v[a->start + a->len - 1 - s] == out[b->start + b->len - 1 - s])
                        s++;
                x = a->start + p;
                y = a->start + a->len - s;
                if (y > x) {
                        if (w->seg[x] != w->seg[y - 1] || memchr(v + x, SW_OPAQUE, y - x))
                                return 0;
                        kind = w->segs[w->seg[x]].kind;
                        from = w->src[x];
                        end = w->src_end[y - 1];
                } else {
                        if (x == 0)
                                return 0;
                        kind = w->segs[w->seg[x - 1]].kind;
                        from = end = w->src_end[x - 1];
                }
                r = encode(d, kind, out + b->start + p, b->len - p - s, &text);
                if (r == -EINVAL)
                        return 0;
                if (r < 0)
                        return r;
                r = src_edits_add(ret, from, end, TAKE_PTR(text));
                if (r < 0)
                        return r;
        }

        /* Removed words, run by run, as kargs_to_pvops drops them with their separators. */
        for (size_t a = 0; a < in->n;) {
                size_t b = a, x, y, from, end;

                if (fate[a] != FATE_REMOVE) {
                        a++;
                        continue;
                }
                while (b + 1 < in->n && fate[b + 1] == FATE_REMOVE)
                        b++;
                if (a > 0) {
                        x = in->v[a - 1].start + in->v[a - 1].len;
                        y = in->v[b].start + in->v[b].len;
                } else if (b + 1 < in->n) {
                        x = in->v[0].start;
                        y = in->v[b + 1].start;
                } else {
                        x = in->v[0].start;
                        y = in->v[b].start + in->v[b].len;
                }
                if (sw_word_source_range(w, x, y, &from, &end) < 0)
                        return 0;
                r = src_edits_add(ret, from, end, NULL);
                if (r < 0)
                        return r;
                a = b + 1;
        }

        /* Added words, after the last word kept. */
        if (j < outk->n) {
                _cleanup_(strbuf_done) struct strbuf add = {0};
                enum sw_seg_kind kind = SW_SEG_PLAIN;
                size_t x, at;
                char *t;

                if (last_kept == SIZE_MAX)
                        return 0;
                x = in->v[last_kept].start + in->v[last_kept].len;
                if (mode == KARGS_QUOTED_VALUE) {
                        /* Inside the quotes of the last byte kept: a blank cannot stand unquoted in a value. */
                        kind = w->segs[w->seg[x - 1]].kind;
                        if (kind == SW_SEG_PLAIN)
                                return 0;
                        at = w->src_end[x - 1];
                } else
                        /* A word of its own after the last word kept, before the separator that follows it. */
                        at = x < w->len ? w->src[x] : w->end;
                for (size_t k = j; k < outk->n; k++) {
                        r = strbuf_putc(&add, ' ');
                        if (r < 0)
                                return r;
                        r = sw_encode(d, kind, out + outk->v[k].start, outk->v[k].len, &add);
                        if (r == -EINVAL)
                                return 0;
                        if (r < 0)
                                return r;
                }
                r = strbuf_steal(&add, &t);
                if (r < 0)
                        return r;
                r = src_edits_add(ret, at, at, t);
                if (r < 0)
                        return r;
        }
        return 1;
}

/* Apply edits (sorted here) to src[w->start, w->end); -EINVAL when two overlap. */
static int apply_edits(const char *src, const struct sw_word *w, struct src_edits *e, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        size_t at = w->start;
        int r = 0;

        qsort(e->v, e->n, sizeof(e->v[0]), src_edit_cmp);
        for (size_t i = 0; i < e->n; i++) {
                const struct src_edit *x = &e->v[i];
                if (x->from < at || x->to > w->end)
                        return -EINVAL;
                r = strbuf_append(&b, src + at, x->from - at);
                if (r >= 0 && x->text)
                        r = strbuf_puts(&b, x->text);
                if (r < 0)
                        return r;
                at = x->to;
        }
        r = strbuf_append(&b, src + at, w->end - at);
        if (r < 0)
                return r;
        return strbuf_steal(&b, ret);
}

static char *kernel_view(const struct sw_word *w);

static int refuse(char **ret_refused, const char *what, const char *why)
{
        return asprintf(ret_refused, "%s%s", what, why) < 0 ? -ENOMEM : 0;
}

int kargs_quoted_to_pvops(enum sw_dialect d, enum kargs_quoted_mode mode, const struct devmap *m, const char *src,
                          size_t src_len, const struct sw_word *w, char **ret_new, struct strv *reasons,
                          struct strv *warnings, char **ret_refused)
{
        _cleanup_(kargs_done) struct kargs in = {0}, outk = {0};
        _cleanup_(src_edits_done) struct src_edits edits = {0};
        _cleanup_(strv_done) struct strv why = {0};
        _cleanup_free_ char *line = NULL, *out = NULL, *text = NULL, *shown = NULL;
        size_t n_quotes = 0;
        int r;

        *ret_new = NULL;
        *ret_refused = NULL;
        if (w->end > src_len || w->start > w->end)
                return -EINVAL;

        r = kargs_split(w->value, w->len, &in);
        if (r < 0)
                return r;
        for (size_t i = 0; i < in.n; i++) {
                const struct karg *k = &in.v[i];
                if (is_relevant(w->value, k) && memchr(w->value + k->start, SW_OPAQUE, k->len)) {
                        shown = source_of(src, w, k->start, k->start + k->len);
                        if (!shown)
                                return -ENOMEM;
                        return refuse(ret_refused, shown,
                                      strpbrk(shown, "$`") ? " is set from a variable; left as it is"
                                                           : " holds a quoted blank (one argument); left as it is");
                }
        }

        /* The kernel splits at any white space: a newline inside quotes separates arguments too. */
        line = kernel_view(w);
        if (!line)
                return -ENOMEM;
        r = kargs_to_pvops(m, line, w->len, &out, &why, warnings);
        if (r < 0)
                return r;
        if (strlen(out) == w->len && memcmp(out, line, w->len) == 0)
                return 0;
        shown = strndup_or_null(src + w->start, w->end - w->start);
        if (!shown)
                return -ENOMEM;
        if (w->multiline || w->unterminated)
                return refuse(ret_refused, shown,
                              w->multiline ? " spans several lines; left as it is"
                                           : " has a quote that is not closed; left as it is");
        if (memcmp(line, w->value, w->len) != 0 || memchr(w->value, '\0', w->len))
                return refuse(ret_refused, shown, " holds control characters; left as it is");
        for (size_t i = 0; i < w->len; i++)
                n_quotes += w->value[i] == '"';
        if (n_quotes % 2)
                /* The kernel reads the rest of the line as one argument: nothing can be added after it. */
                return refuse(ret_refused, shown, " holds an odd number of double quotes (the kernel would read the rest as one argument); left as it is");

        r = kargs_split(out, strlen(out), &outk);
        if (r < 0)
                return r;
        r = plan_edits(d, mode, w, &in, out, &outk, &edits);
        if (r < 0)
                return r;
        if (r > 0) {
                r = apply_edits(src, w, &edits, &text);
                if (r == -EINVAL)
                        text = NULL;
                else if (r < 0)
                        return r;
        }
        if (text) {
                r = decodes_to(d, mode, text, out);
                if (r < 0)
                        return r;
                if (r == 0) {
                        free(text);
                        text = NULL;
                }
        }
        if (!text && mode == KARGS_QUOTED_VALUE && !w->expands) {
                /* Write the value anew between double quotes. */
                struct strbuf b = {0};
                r = strbuf_putc(&b, '"');
                if (r >= 0)
                        r = sw_encode(d, SW_SEG_DOUBLE, out, strlen(out), &b);
                if (r >= 0)
                        r = strbuf_putc(&b, '"');
                if (r >= 0)
                        r = strbuf_steal(&b, &text);
                strbuf_done(&b);
                if (r == -ENOMEM)
                        return r;
                if (r >= 0) {
                        r = decodes_to(d, mode, text, out);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                if (r == 0) {
                                free(text);
                                text = NULL;
                        }
                } else
                        text = NULL;
        }
        if (!text)
                return refuse(ret_refused, shown, ": its quoting cannot be kept; left as it is, edit it by hand");

        if (reasons) {
                r = strv_extend(reasons, &why);
                if (r < 0)
                        return r;
        }
        *ret_new = TAKE_PTR(text);
        return 0;
}

/* A copy of w's value as the kernel splits it: every white space byte a blank. */
static char *kernel_view(const struct sw_word *w)
{
        char *line = malloc(w->len + 1);

        if (!line)
                return NULL;
        for (size_t i = 0; i <= w->len; i++)
                line[i] = w->value[i] == '\n' || w->value[i] == '\r' || w->value[i] == '\v' || w->value[i] == '\f'
                                  ? ' '
                                  : w->value[i];
        return line;
}

int kargs_quoted_problems(const struct sw_word *w, char **ret)
{
        _cleanup_(strv_done) struct strv problems = {0};
        _cleanup_free_ char *line = NULL;
        struct strbuf b = {0};
        int r;

        *ret = NULL;
        line = kernel_view(w);
        if (!line)
                return -ENOMEM;
        r = kargs_check_pvops(line, w->len, &problems);
        if (r <= 0)
                return r;
        for (size_t i = 0; r >= 0 && i < problems.n; i++)
                r = strbuf_printf(&b, "%s%s", i ? "; " : "", problems.v[i]);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        strbuf_done(&b);
        return r;
}
