/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the edit model (text-file.c).
 *
 * Input: one header byte giving two edit counts (low 3 bits, next 3 bits),
 * three bytes per edit (kind, line, content from a small pool), then the
 * file itself. The edits are applied in two rounds, the second one to the
 * result of the first, and every round is compared with a plain model of
 * the documented behaviour: inserts before a line in the order given, a
 * replaced line keeps its terminator, an equal replacement is dropped, new
 * lines take the majority terminator, a last line without newline gains
 * one when it stops being last, bad edits give -EINVAL and change nothing.
 * Also checked: the split covers the input exactly, and a result with no
 * edits renders back to the input byte for byte.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static const char *const pool[] = {
        "", "x", "hvc0", "/dev/xvda1 / ext3 defaults 0 0", " \t ", "caf\xc3\xa9", "\xff", "a\rb", "a\nb",
};

/* A line of the model: borrowed bytes and a terminator. */
struct mline {
        const char *s;
        size_t len;
        const char *eol;
};

struct model {
        struct mline *v;
        size_t n;
};

/* The pool string equal to s: the model must not borrow an edit's own copy. */
static const char *pool_string(const char *s)
{
        for (size_t i = 0; i < sizeof(pool) / sizeof(pool[0]); i++)
                if (strcmp(pool[i], s) == 0)
                        return pool[i];
        CHECK(!"content not from the pool");
        return NULL;
}

static const char *eol_of(size_t eol_len)
{
        return eol_len == 2 ? "\r\n" : eol_len == 1 ? "\n" : "";
}

static void model_from_text(const struct text *t, struct model *m)
{
        m->v = calloc(t->n_lines + 1, sizeof(*m->v));
        CHECK(m->v);
        for (size_t i = 0; i < t->n_lines; i++)
                m->v[i] = (struct mline){t->lines[i].s, t->lines[i].len, eol_of(t->lines[i].eol_len)};
        m->n = t->n_lines;
}

static bool model_valid(const struct model *m, const struct edit_list *el)
{
        unsigned char *touched = calloc(m->n + 1, 1);
        bool ok = true;

        CHECK(touched);
        for (size_t e = 0; e < el->n && ok; e++) {
                const struct edit *ed = &el->v[e];

                if (ed->kind == EDIT_INSERT ? ed->line > m->n : ed->line >= m->n)
                        ok = false;
                else if (ed->kind != EDIT_INSERT && touched[ed->line]++)
                        ok = false;
                else if (ed->kind != EDIT_DELETE &&
                         (strchr(ed->content, '\n') ||
                          (*ed->content && ed->content[strlen(ed->content) - 1] == '\r')))
                        ok = false;
        }
        free(touched);
        return ok;
}

/* Apply a valid edit list to the model; returns whether anything changed. */
static bool model_apply(struct model *m, const struct edit_list *el)
{
        struct mline *out = calloc(m->n + el->n + 1, sizeof(*out));
        size_t n_out = 0, crlf = 0, lf = 0;
        const char *eol;
        bool changed = false;

        CHECK(out);
        for (size_t i = 0; i < m->n; i++) {
                if (strcmp(m->v[i].eol, "\r\n") == 0)
                        crlf++;
                else if (strcmp(m->v[i].eol, "\n") == 0)
                        lf++;
        }
        eol = crlf > lf ? "\r\n" : "\n";

        for (size_t i = 0; i <= m->n; i++) {
                const struct edit *repl = NULL;
                bool del = false;

                for (size_t e = 0; e < el->n; e++)
                        if (el->v[e].kind == EDIT_INSERT && el->v[e].line == i) {
                                const char *c = pool_string(el->v[e].content);

                                out[n_out++] = (struct mline){c, strlen(c), eol};
                                changed = true;
                        }
                if (i == m->n)
                        break;
                for (size_t e = 0; e < el->n; e++)
                        if (el->v[e].kind != EDIT_INSERT && el->v[e].line == i) {
                                if (el->v[e].kind == EDIT_DELETE)
                                        del = true;
                                else
                                        repl = &el->v[e];
                        }
                if (del) {
                        changed = true;
                        continue;
                }
                if (repl && !(strlen(repl->content) == m->v[i].len &&
                              memcmp(repl->content, m->v[i].s, m->v[i].len) == 0)) {
                        const char *c = pool_string(repl->content);

                        out[n_out++] = (struct mline){c, strlen(c), m->v[i].eol};
                        changed = true;
                        continue;
                }
                out[n_out++] = m->v[i];
        }
        for (size_t i = 0; changed && i + 1 < n_out; i++)
                if (out[i].eol[0] == '\0')
                        out[i].eol = eol;
        /* An empty last line without terminator is no line. */
        if (changed && n_out > 0 && out[n_out - 1].len == 0 && out[n_out - 1].eol[0] == '\0')
                n_out--;

        if (changed) {
                free(m->v);
                m->v = out;
                m->n = n_out;
        } else
                free(out);
        return changed;
}

/* The result must be line for line what the model says. */
static void check_result(const struct text_result *r, const struct model *m)
{
        char *bytes = NULL, *p;
        size_t size = 0, total = 0;
        struct text *again = NULL;
        struct text_result *r2 = NULL;
        char *bytes2 = NULL;
        size_t size2 = 0;

        CHECK(r->n_lines == m->n);
        for (size_t i = 0; i < m->n; i++) {
                const char *s, *eol;
                size_t len, eol_len;

                text_result_line(r, i, &s, &len, &eol, &eol_len);
                CHECK(len == m->v[i].len && memcmp(s, m->v[i].s, len) == 0);
                CHECK(eol_len == strlen(m->v[i].eol) && memcmp(eol, m->v[i].eol, eol_len) == 0);
                total += len + eol_len;
        }

        CHECK(text_result_render(r, &bytes, &size) == 0);
        CHECK(size == total);
        p = bytes;
        for (size_t i = 0; i < m->n; i++) {
                CHECK(memcmp(p, m->v[i].s, m->v[i].len) == 0);
                p += m->v[i].len;
                CHECK(memcmp(p, m->v[i].eol, strlen(m->v[i].eol)) == 0);
                p += strlen(m->v[i].eol);
        }

        /* The current state as a text renders to the same bytes. */
        CHECK(text_result_to_text(r, &again) == 0);
        CHECK(text_result_new(again, &r2) == 0);
        CHECK(text_result_render(r2, &bytes2, &size2) == 0);
        CHECK(size2 == size && memcmp(bytes, bytes2, size) == 0);

        free(bytes2);
        text_result_free(r2);
        text_free(again);
        free(bytes);
}

/* Check the split itself: lines cover the input, terminators only where documented. */
static void check_split(const struct text *t, const uint8_t *data, size_t size)
{
        size_t off = 0;

        CHECK(t->size == size);
        CHECK(size == 0 || memcmp(t->data, data, size) == 0);
        CHECK(t->data[size] == '\0');
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];

                CHECK(l->s == t->data + off);
                CHECK(!memchr(l->s, '\n', l->len));
                CHECK(l->eol_len <= 2);
                CHECK(l->eol_len != 0 || i + 1 == t->n_lines);
                CHECK(l->eol_len != 1 || l->len == 0 || l->s[l->len - 1] != '\r');
                CHECK(memcmp(l->s + l->len, eol_of(l->eol_len), l->eol_len) == 0);
                CHECK(!line_is_blank(l) || line_is_comment(l));
                off += l->len + l->eol_len;
        }
        CHECK(off == size);
        CHECK(size > 0 || t->n_lines == 0);
}

static void build_edits(const uint8_t *spec, size_t n_edits, size_t n_lines, struct edit_list *el)
{
        for (size_t e = 0; e < n_edits; e++) {
                const uint8_t *b = spec + 3 * e;
                size_t line = b[1] % (n_lines + 2);
                const char *content = pool[b[2] % (sizeof(pool) / sizeof(pool[0]))];

                switch (b[0] % 3) {
                case 0:
                        CHECK(edit_list_insert(el, line, content, "insert") == 0);
                        break;
                case 1:
                        CHECK(edit_list_replace(el, line, content, "replace") == 0);
                        break;
                default:
                        CHECK(edit_list_delete(el, line, "delete") == 0);
                        break;
                }
        }
}

/* One round: apply the edits to r and to the model, then compare. */
static void round_apply(struct text_result *r, struct model *m, const uint8_t *spec, size_t n_edits)
{
        struct edit_list el = {0};
        bool valid, was_changed = r->changed, changed;
        int k;

        build_edits(spec, n_edits, m->n, &el);
        valid = model_valid(m, &el);
        k = text_result_apply(r, &el);
        if (!valid) {
                CHECK(k == -EINVAL);
        } else {
                CHECK(k == 0);
                changed = model_apply(m, &el);
                CHECK(r->changed == (was_changed || changed));
        }
        check_result(r, m);
        edit_list_done(&el);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct text *t = NULL;
        struct text_result *r = NULL;
        struct model m = {0};
        struct edit_list none = {0};
        size_t n1 = 0, n2 = 0, head = 0;
        char *round = NULL;
        size_t round_size = 0;

        if (size > 0) {
                n1 = data[0] & 7;
                n2 = (data[0] >> 3) & 7;
                head = 1 + 3 * (n1 + n2);
                if (head > size) {
                        n1 = n2 = 0;
                        head = 1;
                }
        }

        CHECK(text_new((const char *)data + head, size - head, &t) == 0);
        check_split(t, data + head, size - head);

        /* Round trip without edits, and an empty edit list changes nothing. */
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &none) == 0);
        CHECK(!r->changed);
        CHECK(text_result_render(r, &round, &round_size) == 0);
        CHECK(round_size == size - head && memcmp(round, data + head, round_size) == 0);
        free(round);

        model_from_text(t, &m);
        check_result(r, &m);
        round_apply(r, &m, data + 1, n1);
        round_apply(r, &m, data + 1 + 3 * n1, n2);

        free(m.v);
        text_result_free(r);
        text_free(t);
        return 0;
}
