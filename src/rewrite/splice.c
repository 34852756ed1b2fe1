/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite/splice.h"

void splices_done(struct splices *sp)
{
        for (size_t i = 0; i < sp->n; i++) {
                free(sp->v[i].text);
                free(sp->v[i].reason);
        }
        free(sp->v);
        *sp = (struct splices){0};
}

int splices_add(struct splices *sp, const struct text *t, size_t from, size_t to, const char *text,
                const char *reason)
{
        struct splice x = {0}, *nv;
        const struct line *l;
        size_t ls;

        if (from > to || to > t->size || t->n_lines == 0)
                return -EINVAL;
        x.line = text_line_at(t, from);
        l = &t->lines[x.line];
        ls = (size_t)(l->s - t->data);
        if (from < ls || to > ls + l->len)
                return -EINVAL;
        for (size_t i = 0; i < sp->n; i++)
                if (sp->v[i].line == x.line && from < sp->v[i].to && sp->v[i].from < to)
                        return -EINVAL;
        x.from = from;
        x.to = to;
        x.text = strdup(text);
        x.reason = strdup(reason);
        nv = x.text && x.reason ? reallocarray(sp->v, sp->n + 1, sizeof(*nv)) : NULL;
        if (!nv) {
                free(x.text);
                free(x.reason);
                return -ENOMEM;
        }
        sp->v = nv;
        sp->v[sp->n++] = x;
        return 0;
}

static int splice_cmp(const void *a, const void *b)
{
        const struct splice *x = a, *y = b;

        if (x->line != y->line)
                return x->line < y->line ? -1 : 1;
        if (x->from != y->from)
                return x->from < y->from ? -1 : 1;
        return x->to < y->to ? -1 : x->to > y->to;
}

int splices_to_edits(const struct splices *sp, const struct text *t, struct edit_list *el, size_t *ret_skipped)
{
        _cleanup_free_ struct splice *v = NULL;
        size_t skipped = 0;
        int r = 0;

        if (sp->n == 0)
                goto done;
        v = malloc(sp->n * sizeof(*v));
        if (!v)
                return -ENOMEM;
        memcpy(v, sp->v, sp->n * sizeof(*v));
        qsort(v, sp->n, sizeof(*v), splice_cmp);

        for (size_t i = 0; r >= 0 && i < sp->n;) {
                _cleanup_(strbuf_done) struct strbuf line = {0}, why = {0};
                const struct line *l = &t->lines[v[i].line];
                size_t at = (size_t)(l->s - t->data), end = at + l->len, j = i;

                for (; r >= 0 && j < sp->n && v[j].line == v[i].line; j++) {
                        r = strbuf_append(&line, t->data + at, v[j].from - at);
                        if (r >= 0)
                                r = strbuf_puts(&line, v[j].text);
                        if (r >= 0 && !(why.s && strstr(why.s, v[j].reason)))
                                r = why.len ? strbuf_printf(&why, "; %s", v[j].reason) : strbuf_puts(&why, v[j].reason);
                        at = v[j].to;
                }
                if (r >= 0)
                        r = strbuf_append(&line, t->data + at, end - at);
                if (r >= 0 && ((line.len > 0 && line.s[line.len - 1] == '\r') ||
                               (line.s && strlen(line.s) != line.len)))
                        skipped++;
                else if (r >= 0)
                        r = edit_list_replace(el, v[i].line, line.s ? line.s : "", why.s ? why.s : "");
                i = j;
        }
done:
        if (r >= 0 && ret_skipped)
                *ret_skipped = skipped;
        return r;
}

int splices_add_kargs(struct splices *sp, const struct text *t, enum sw_dialect d, enum kargs_quoted_mode mode,
                      const struct sw_word *w, const struct devmap *m, const char *path, size_t line,
                      const char *what, const char *reason_what, struct strv *warnings, bool *ret_changed)
{
        _cleanup_(strv_done) struct strv reasons = {0}, kargs_warnings = {0};
        _cleanup_(strbuf_done) struct strbuf reason = {0};
        _cleanup_free_ char *text = NULL, *refused = NULL;
        int r;

        r = kargs_quoted_to_pvops(d, mode, m, t->data, t->size, w, &text, &reasons, &kargs_warnings, &refused);
        if (r < 0)
                return r;
        for (size_t i = 0; i < kargs_warnings.n; i++) {
                r = strv_pushf(warnings, "'%s' line %zu: %s: %s", path, line + 1, what, kargs_warnings.v[i]);
                if (r < 0)
                        return r;
        }
        if (refused)
                return strv_pushf(warnings, "'%s' line %zu: %s: %s", path, line + 1, what, refused);
        if (!text)
                return 0;
        r = strbuf_printf(&reason, "%s: ", reason_what);
        for (size_t i = 0; r >= 0 && i < reasons.n; i++)
                r = strbuf_printf(&reason, "%s%s", i ? ", " : "", reasons.v[i]);
        if (r < 0)
                return r;
        r = splices_add(sp, t, w->start, w->end, text, reason.s);
        if (r == -EINVAL)
                return strv_pushf(warnings, "'%s' line %zu: %s: cannot be edited on its line; left as it is", path,
                                  line + 1, what);
        if (r >= 0 && ret_changed)
                *ret_changed = true;
        return r;
}
