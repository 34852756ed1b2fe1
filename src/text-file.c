/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <string.h>

#include "text-file.h"

int text_new(const char *data, size_t size, struct text **ret)
{
        struct text *t;
        size_t n = 0, cap = 0;

        t = calloc(1, sizeof(*t));
        if (!t)
                return -ENOMEM;
        t->data = malloc(size + 1);
        if (!t->data) {
                free(t);
                return -ENOMEM;
        }
        if (size)
                memcpy(t->data, data, size);
        t->data[size] = '\0';
        t->size = size;

        for (size_t pos = 0; pos < size;) {
                const char *nl = memchr(t->data + pos, '\n', size - pos);
                size_t end = nl ? (size_t)(nl - t->data) : size;
                struct line l = {.s = t->data + pos, .len = end - pos};

                if (nl) {
                        l.eol_len = 1;
                        if (l.len > 0 && l.s[l.len - 1] == '\r') {
                                l.len--;
                                l.eol_len = 2;
                        }
                }
                if (n == cap) {
                        size_t ncap = cap ? cap * 2 : 32;
                        struct line *nv = realloc(t->lines, ncap * sizeof(*nv));
                        if (!nv) {
                                text_free(t);
                                return -ENOMEM;
                        }
                        t->lines = nv;
                        cap = ncap;
                }
                t->lines[n++] = l;
                pos = nl ? end + 1 : size;
        }
        t->n_lines = n;
        *ret = t;
        return 0;
}

struct text *text_free(struct text *t)
{
        if (!t)
                return NULL;
        free(t->lines);
        free(t->data);
        free(t);
        return NULL;
}

const char *text_default_eol(const struct text *t)
{
        size_t crlf = 0, lf = 0;

        for (size_t i = 0; i < t->n_lines; i++) {
                if (t->lines[i].eol_len == 2)
                        crlf++;
                else if (t->lines[i].eol_len == 1)
                        lf++;
        }
        return crlf > lf ? "\r\n" : "\n";
}

size_t text_line_at(const struct text *t, size_t offset)
{
        size_t lo = 0, hi = t->n_lines;

        /* The last line that starts at or before offset. */
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if ((size_t)(t->lines[mid].s - t->data) <= offset)
                        lo = mid;
                else
                        hi = mid;
        }
        return lo;
}

bool line_is_blank(const struct line *l)
{
        for (size_t i = 0; i < l->len; i++)
                if (l->s[i] != ' ' && l->s[i] != '\t')
                        return false;
        return true;
}

bool line_is_comment(const struct line *l)
{
        for (size_t i = 0; i < l->len; i++) {
                if (l->s[i] == ' ' || l->s[i] == '\t')
                        continue;
                return l->s[i] == '#';
        }
        return true;
}

static int edit_list_add(struct edit_list *el, enum edit_kind kind, size_t line, const char *content,
                         const char *reason)
{
        struct edit e = {.kind = kind, .line = line};

        if (el->n == el->cap) {
                size_t cap = el->cap ? el->cap * 2 : 8;
                struct edit *nv = realloc(el->v, cap * sizeof(*nv));
                if (!nv)
                        return -ENOMEM;
                el->v = nv;
                el->cap = cap;
        }
        if (content) {
                e.content = strdup(content);
                if (!e.content)
                        return -ENOMEM;
        }
        e.reason = strdup(reason ? reason : "");
        if (!e.reason) {
                free(e.content);
                return -ENOMEM;
        }
        el->v[el->n++] = e;
        return 0;
}

int edit_list_replace(struct edit_list *el, size_t line, const char *content, const char *reason)
{
        return edit_list_add(el, EDIT_REPLACE, line, content, reason);
}

int edit_list_insert(struct edit_list *el, size_t before, const char *content, const char *reason)
{
        return edit_list_add(el, EDIT_INSERT, before, content, reason);
}

int edit_list_delete(struct edit_list *el, size_t line, const char *reason)
{
        return edit_list_add(el, EDIT_DELETE, line, NULL, reason);
}

void edit_list_done(struct edit_list *el)
{
        for (size_t i = 0; i < el->n; i++) {
                free(el->v[i].content);
                free(el->v[i].reason);
        }
        free(el->v);
        el->v = NULL;
        el->n = el->cap = 0;
}

int text_result_new(const struct text *orig, struct text_result **ret)
{
        struct text_result *r = calloc(1, sizeof(*r));

        if (!r)
                return -ENOMEM;
        r->orig = orig;
        if (orig->n_lines) {
                r->lines = calloc(orig->n_lines, sizeof(*r->lines));
                if (!r->lines) {
                        free(r);
                        return -ENOMEM;
                }
        }
        for (size_t i = 0; i < orig->n_lines; i++)
                r->lines[i] = (struct rline){.orig = (ssize_t)i, .len = orig->lines[i].len};
        r->n_lines = orig->n_lines;
        *ret = r;
        return 0;
}

struct text_result *text_result_free(struct text_result *r)
{
        if (!r)
                return NULL;
        for (size_t i = 0; i < r->n_lines; i++)
                free(r->lines[i].content);
        free(r->lines);
        strv_done(&r->reasons);
        free(r);
        return NULL;
}

static const char *eol_string(size_t eol_len)
{
        return eol_len == 2 ? "\r\n" : eol_len == 1 ? "\n" : "";
}

void text_result_line(const struct text_result *r, size_t i, const char **ret_s, size_t *ret_len,
                      const char **ret_eol, size_t *ret_eol_len)
{
        const struct rline *rl = &r->lines[i];

        if (rl->orig >= 0) {
                const struct line *l = &r->orig->lines[rl->orig];
                *ret_s = l->s;
                *ret_len = l->len;
                *ret_eol = eol_string(l->eol_len);
                *ret_eol_len = l->eol_len;
        } else {
                *ret_s = rl->content;
                *ret_len = rl->len;
                *ret_eol = rl->eol;
                *ret_eol_len = strlen(rl->eol);
        }
}

int text_result_render(const struct text_result *r, char **ret, size_t *ret_size)
{
        struct strbuf b = {0};
        int k = 0;

        for (size_t i = 0; i < r->n_lines && k >= 0; i++) {
                const char *s, *eol;
                size_t len, eol_len;

                text_result_line(r, i, &s, &len, &eol, &eol_len);
                k = strbuf_append(&b, s, len);
                if (k >= 0)
                        k = strbuf_append(&b, eol, eol_len);
        }
        if (k >= 0) {
                size_t size = b.len;
                k = strbuf_steal(&b, ret);
                if (k >= 0)
                        *ret_size = size;
        }
        strbuf_done(&b);
        return k;
}

int text_result_to_text(const struct text_result *r, struct text **ret)
{
        _cleanup_free_ char *data = NULL;
        size_t size;
        int k;

        k = text_result_render(r, &data, &size);
        if (k < 0)
                return k;
        return text_new(data, size, ret);
}

static int rline_new(const char *content, const char *eol, struct rline *ret)
{
        char *c = strdup(content);

        if (!c)
                return -ENOMEM;
        *ret = (struct rline){.orig = -1, .content = c, .len = strlen(c), .eol = eol};
        return 0;
}

static bool rline_equals(const struct text_result *r, size_t i, const char *content)
{
        const char *s, *eol;
        size_t len, eol_len;

        text_result_line(r, i, &s, &len, &eol, &eol_len);
        return len == strlen(content) && memcmp(s, content, len) == 0;
}

int text_result_apply(struct text_result *r, const struct edit_list *el)
{
        _cleanup_free_ struct rline *out = NULL;
        _cleanup_free_ unsigned char *touched = NULL, *kept = NULL;
        _cleanup_free_ size_t *from = NULL; /* index in r->lines of each out line, or NONE */
        const size_t NONE = SIZE_MAX;
        size_t n_out = 0, n = r->n_lines;
        const char *eol;
        bool changed = false;
        int k = 0;

        /* Validate: indexes in range, at most one replace/delete per line. */
        touched = calloc(n + 1, 1);
        kept = calloc(n + 1, 1);
        if (!touched || !kept)
                return -ENOMEM;
        for (size_t e = 0; e < el->n; e++) {
                const struct edit *ed = &el->v[e];
                if (ed->kind == EDIT_INSERT ? ed->line > n : ed->line >= n)
                        return -EINVAL;
                if (ed->kind != EDIT_INSERT) {
                        if (touched[ed->line])
                                return -EINVAL;
                        touched[ed->line] = 1;
                }
                /* A CR inside a line is content; a trailing one would read back as CRLF. */
                if (ed->kind != EDIT_DELETE &&
                    (!ed->content || strchr(ed->content, '\n') ||
                     (*ed->content && ed->content[strlen(ed->content) - 1] == '\r')))
                        return -EINVAL;
        }
        if (el->n == 0)
                return 0;

        /* New lines take the terminator most existing lines use. */
        {
                size_t crlf = 0, lf = 0;
                for (size_t i = 0; i < n; i++) {
                        const char *s, *e;
                        size_t len, elen;
                        text_result_line(r, i, &s, &len, &e, &elen);
                        if (elen == 2)
                                crlf++;
                        else if (elen == 1)
                                lf++;
                }
                eol = crlf > lf ? "\r\n" : "\n";
        }

        out = calloc(n + el->n + 1, sizeof(*out));
        from = calloc(n + el->n + 1, sizeof(*from));
        if (!out || !from)
                return -ENOMEM;

        for (size_t i = 0; i <= n && k >= 0; i++) {
                const struct edit *repl = NULL, *del = NULL;

                /* Inserts before line i, in the order they were given. */
                for (size_t e = 0; e < el->n && k >= 0; e++) {
                        const struct edit *ed = &el->v[e];
                        if (ed->kind != EDIT_INSERT || ed->line != i)
                                continue;
                        k = rline_new(ed->content, eol, &out[n_out]);
                        if (k < 0)
                                break;
                        from[n_out++] = NONE;
                        changed = true;
                        k = strv_push_unique(&r->reasons, ed->reason);
                }
                if (k < 0 || i == n)
                        break;
                for (size_t e = 0; e < el->n; e++) {
                        const struct edit *ed = &el->v[e];
                        if (ed->line != i || ed->kind == EDIT_INSERT)
                                continue;
                        if (ed->kind == EDIT_DELETE)
                                del = ed;
                        else
                                repl = ed;
                }
                if (del) {
                        changed = true;
                        k = strv_push_unique(&r->reasons, del->reason);
                        continue;
                }
                if (repl && !rline_equals(r, i, repl->content)) {
                        const char *s, *leol;
                        size_t len, elen;
                        text_result_line(r, i, &s, &len, &leol, &elen);
                        k = rline_new(repl->content, leol, &out[n_out]);
                        if (k < 0)
                                break;
                        from[n_out++] = NONE;
                        changed = true;
                        k = strv_push_unique(&r->reasons, repl->reason);
                        continue;
                }
                from[n_out] = i;
                out[n_out++] = r->lines[i];
                kept[i] = 1;
        }

        /* A line without terminator that is no longer last needs one now. */
        for (size_t i = 0; k >= 0 && changed && i + 1 < n_out; i++) {
                const char *s, *leol;
                size_t len, elen;
                struct text_result view = {.orig = r->orig, .lines = out, .n_lines = n_out};
                char *c;

                text_result_line(&view, i, &s, &len, &leol, &elen);
                if (elen != 0)
                        continue;
                if (out[i].orig < 0) {
                        /* A new line owns its content: it only needs a terminator. */
                        out[i].eol = eol;
                        continue;
                }
                /* An original line: a copy with a terminator replaces it (originals own nothing). */
                c = strndup_or_null(s, len);
                if (!c) {
                        k = -ENOMEM;
                        break;
                }
                out[i] = (struct rline){.orig = -1, .content = c, .len = len, .eol = eol};
                from[i] = NONE;
        }

        /* An empty last line without terminator is no line at all: text_new() would not see it. */
        if (k >= 0 && changed && n_out > 0 && out[n_out - 1].len == 0) {
                struct text_result view = {.orig = r->orig, .lines = out, .n_lines = n_out};
                const char *s, *leol;
                size_t len, elen;

                text_result_line(&view, n_out - 1, &s, &len, &leol, &elen);
                if (elen == 0) {
                        n_out--;
                        if (from[n_out] == NONE)
                                free(out[n_out].content);
                        else
                                kept[from[n_out]] = 0;
                }
        }

        if (k < 0) {
                /* Release what this call created; r stays as it was. */
                for (size_t i = 0; i < n_out; i++)
                        if (from[i] == NONE)
                                free(out[i].content);
                return k;
        }
        if (!changed)
                return 0;

        for (size_t j = 0; j < n; j++)
                if (!kept[j])
                        free(r->lines[j].content);
        free(r->lines);
        r->lines = TAKE_PTR(out);
        r->n_lines = n_out;
        r->changed = true;
        return 0;
}
