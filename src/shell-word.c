/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell-word.h"

void sw_word_done(struct sw_word *w)
{
        free(w->value);
        free(w->src);
        free(w->src_end);
        free(w->seg);
        free(w->segs);
        *w = (struct sw_word){0};
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static bool is_operator(enum sw_dialect d, char c)
{
        switch (c) {
        case ';':
        case '&':
        case '|':
        case '<':
        case '>':
                return true;
        case '(':
        case ')':
                return d == SW_SHELL;
        case '{':
        case '}':
                return d == SW_GRUB;
        }
        return false;
}

static bool is_name_start(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
        return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Whether a backslash before c inside double quotes escapes it. */
static bool dq_escapable(enum sw_dialect d, char c)
{
        return c == '$' || c == '"' || c == '\\' || c == '\n' || (d == SW_SHELL && c == '`');
}

/* Skip a quoted string inside $(...) starting at s[i] (a quote); returns the index after it. */
static size_t skip_quoted(const char *s, size_t len, size_t i)
{
        char q = s[i++];

        while (i < len && s[i] != q) {
                if (q == '"' && s[i] == '\\' && i + 1 < len)
                        i++;
                i++;
        }
        return i < len ? i + 1 : len;
}

/*
 * The end of the expansion starting at s[i] ('$' or '`'), or i when the byte
 * is literal there ("$" before a blank, a quote, the end...). *unterminated
 * is set when it runs to the end of the input.
 */
static size_t expansion_end(enum sw_dialect d, const char *s, size_t len, size_t i, bool *unterminated)
{
        size_t j;
        char c;

        if (s[i] == '`') {
                if (d != SW_SHELL)
                        return i;
                for (j = i + 1; j < len; j++) {
                        if (s[j] == '\\' && j + 1 < len)
                                j++;
                        else if (s[j] == '`')
                                return j + 1;
                }
                *unterminated = true;
                return len;
        }
        if (s[i] != '$' || i + 1 >= len)
                return i;
        c = s[i + 1];
        if (c == '{' || (c == '(' && d == SW_SHELL)) {
                char open = c, close = c == '{' ? '}' : ')';
                unsigned depth = 0;

                for (j = i + 1; j < len; j++) {
                        if (s[j] == '\\' && j + 1 < len)
                                j++;
                        else if (open == '(' && (s[j] == '\'' || s[j] == '"'))
                                j = skip_quoted(s, len, j) - 1;
                        else if (s[j] == open)
                                depth++;
                        else if (s[j] == close && --depth == 0)
                                return j + 1;
                }
                *unterminated = true;
                return len;
        }
        if (is_name_start(c)) {
                for (j = i + 2; j < len && is_name_char(s[j]);)
                        j++;
                return j;
        }
        if ((c >= '0' && c <= '9') || c == '?' || c == '#' || c == '*' || c == '@')
                return i + 2;
        if (d == SW_SHELL && (c == '$' || c == '!' || c == '-'))
                return i + 2;
        return i;
}

struct builder {
        struct sw_word *w;
        size_t cap;
        size_t seg_cap;
        bool dry; /* only find the end: nothing is stored */
};

static int push_byte(struct builder *b, char c, size_t from, size_t to)
{
        struct sw_word *w = b->w;

        if (b->dry) {
                w->expands = w->expands || c == SW_OPAQUE;
                return 0;
        }
        if (w->len + 1 >= b->cap) {
                size_t ncap = b->cap ? b->cap * 2 : 64;
                char *v = realloc(w->value, ncap);
                if (!v)
                        return -ENOMEM;
                w->value = v;
                size_t *a = reallocarray(w->src, ncap, sizeof(*a));
                if (!a)
                        return -ENOMEM;
                w->src = a;
                a = reallocarray(w->src_end, ncap, sizeof(*a));
                if (!a)
                        return -ENOMEM;
                w->src_end = a;
                a = reallocarray(w->seg, ncap, sizeof(*a));
                if (!a)
                        return -ENOMEM;
                w->seg = a;
                b->cap = ncap;
        }
        w->value[w->len] = c;
        w->src[w->len] = from;
        w->src_end[w->len] = to;
        w->seg[w->len] = w->n_segs - 1;
        w->len++;
        w->value[w->len] = '\0';
        if (c == SW_OPAQUE)
                w->expands = true;
        return 0;
}

static int open_seg(struct builder *b, enum sw_seg_kind k, size_t start)
{
        struct sw_word *w = b->w;

        if (b->dry)
                return 0;
        if (w->n_segs == b->seg_cap) {
                size_t ncap = b->seg_cap ? b->seg_cap * 2 : 8;
                struct sw_seg *v = reallocarray(w->segs, ncap, sizeof(*v));
                if (!v)
                        return -ENOMEM;
                w->segs = v;
                b->seg_cap = ncap;
        }
        w->segs[w->n_segs++] = (struct sw_seg){.kind = k, .start = start, .end = start};
        return 0;
}

/* A value buffer even for an empty word, so that value is never NULL. */
static int builder_init(struct builder *b, struct sw_word *w)
{
        *w = (struct sw_word){0};
        *b = (struct builder){.w = w};
        w->value = calloc(1, 1);
        return w->value ? 0 : -ENOMEM;
}

static bool range_has_newline(const char *s, size_t from, size_t to)
{
        return memchr(s + from, '\n', to - from) != NULL;
}

/* An expansion at s[*i], if there is one: one SW_OPAQUE byte. Returns 1 when consumed. */
static int take_expansion(struct builder *b, enum sw_dialect d, const char *s, size_t len, size_t *i)
{
        size_t e = expansion_end(d, s, len, *i, &b->w->unterminated);
        int r;

        if (e == *i)
                return 0;
        if (range_has_newline(s, *i, e))
                b->w->multiline = true;
        r = push_byte(b, SW_OPAQUE, *i, e);
        if (r < 0)
                return r;
        *i = e;
        return 1;
}

/* Parse into an initialised builder; the caller closes nothing. */
static int parse_word(struct builder *b, enum sw_dialect d, const char *s, size_t len, size_t *pos)
{
        struct sw_word *w = b->w;
        size_t i = *pos;
        bool in_plain = false;
        int r;

        w->start = i;
        while (i < len) {
                char c = s[i];

                if (is_blank(c) || c == '\n' || is_operator(d, c))
                        break;
                if (c == '\'' || c == '"') {
                        if (in_plain && !b->dry)
                                w->segs[w->n_segs - 1].end = i;
                        in_plain = false;
                        r = open_seg(b, c == '\'' ? SW_SEG_SINGLE : SW_SEG_DOUBLE, i);
                        if (r < 0)
                                return r;
                        i++;
                        while (i < len && s[i] != c) {
                                if (c == '"' && s[i] == '\\' && i + 1 < len && dq_escapable(d, s[i + 1])) {
                                        if (s[i + 1] == '\n')
                                                w->multiline = true;
                                        else {
                                                r = push_byte(b, s[i + 1], i, i + 2);
                                                if (r < 0)
                                                        return r;
                                        }
                                        i += 2;
                                        continue;
                                }
                                if (c == '"' && (s[i] == '$' || s[i] == '`')) {
                                        r = take_expansion(b, d, s, len, &i);
                                        if (r < 0)
                                                return r;
                                        if (r > 0)
                                                continue;
                                }
                                if (s[i] == '\n')
                                        w->multiline = true;
                                r = push_byte(b, s[i], i, i + 1);
                                if (r < 0)
                                        return r;
                                i++;
                        }
                        if (i >= len)
                                w->unterminated = true;
                        else
                                i++;
                        if (!b->dry)
                                w->segs[w->n_segs - 1].end = i;
                        continue;
                }
                if (!in_plain) {
                        r = open_seg(b, SW_SEG_PLAIN, i);
                        if (r < 0)
                                return r;
                        in_plain = true;
                }
                if (c == '\\' && i + 1 < len) {
                        if (s[i + 1] == '\n')
                                w->multiline = true;
                        else {
                                r = push_byte(b, s[i + 1], i, i + 2);
                                if (r < 0)
                                        return r;
                        }
                        i += 2;
                        continue;
                }
                if (c == '$' || c == '`') {
                        r = take_expansion(b, d, s, len, &i);
                        if (r < 0)
                                return r;
                        if (r > 0)
                                continue;
                }
                r = push_byte(b, c, i, i + 1);
                if (r < 0)
                        return r;
                i++;
        }
        if (in_plain && !b->dry)
                w->segs[w->n_segs - 1].end = i;
        w->end = i;
        *pos = i;
        return 0;
}

int sw_word_parse(enum sw_dialect d, const char *s, size_t len, size_t *pos, struct sw_word *ret)
{
        struct sw_word w;
        struct builder b;
        int r;

        r = builder_init(&b, &w);
        if (r >= 0)
                r = parse_word(&b, d, s, len, pos);
        if (r < 0) {
                sw_word_done(&w);
                return r;
        }
        *ret = w;
        return 0;
}

size_t sw_word_end(enum sw_dialect d, const char *s, size_t len, size_t start)
{
        struct sw_word w = {0};
        struct builder b = {.w = &w, .dry = true};
        size_t pos = start;

        (void)parse_word(&b, d, s, len, &pos); /* a dry run allocates nothing and cannot fail */
        return pos;
}

/* Blanks and continuations from s[i]; returns the index after them. */
static size_t skip_separator(const char *s, size_t len, size_t i)
{
        while (i < len) {
                if (is_blank(s[i]))
                        i++;
                else if (s[i] == '\\' && i + 1 < len && s[i + 1] == '\n')
                        i += 2;
                else
                        break;
        }
        return i;
}

static bool starts_word(enum sw_dialect d, const char *s, size_t len, size_t i)
{
        return i < len && s[i] != '\n' && s[i] != '#' && !is_operator(d, s[i]) && !is_blank(s[i]);
}

int sw_args_parse(enum sw_dialect d, const char *s, size_t len, size_t *pos, struct sw_word *ret)
{
        struct sw_word w;
        struct builder b;
        size_t i;
        int r;

        r = builder_init(&b, &w);
        if (r < 0)
                return r;
        i = skip_separator(s, len, *pos);
        if (i > *pos && range_has_newline(s, *pos, i))
                w.multiline = true;
        w.start = w.end = i;
        while (r >= 0 && starts_word(d, s, len, i)) {
                struct sw_word sub;
                size_t j, first = w.n_segs;

                r = sw_word_parse(d, s, len, &i, &sub);
                if (r < 0)
                        break;
                for (size_t k = 0; r >= 0 && k < sub.n_segs; k++) {
                        r = open_seg(&b, sub.segs[k].kind, sub.segs[k].start);
                        if (r >= 0)
                                w.segs[w.n_segs - 1].end = sub.segs[k].end;
                }
                for (size_t k = 0; r >= 0 && k < sub.len; k++) {
                        char c = sub.value[k];
                        if (is_blank(c) || c == '\n')
                                c = SW_OPAQUE;
                        r = push_byte(&b, c, sub.src[k], sub.src_end[k]);
                        if (r >= 0)
                                w.seg[w.len - 1] = first + sub.seg[k];
                }
                w.multiline = w.multiline || sub.multiline;
                w.unterminated = w.unterminated || sub.unterminated;
                sw_word_done(&sub);
                if (r < 0)
                        break;
                w.end = i;

                j = skip_separator(s, len, i);
                if (!starts_word(d, s, len, j))
                        break;
                /* The separator, as a kernel command line would have it: its blanks, a continuation as one space. */
                r = open_seg(&b, SW_SEG_PLAIN, i);
                while (r >= 0 && i < j) {
                        if (s[i] == '\\') {
                                w.multiline = true;
                                r = push_byte(&b, ' ', i, i + 2);
                                i += 2;
                        } else {
                                r = push_byte(&b, s[i], i, i + 1);
                                i++;
                        }
                }
                if (r >= 0)
                        w.segs[w.n_segs - 1].end = j;
        }
        if (r < 0) {
                sw_word_done(&w);
                return r;
        }
        *pos = w.end;
        *ret = w;
        return 0;
}

bool sw_plain_safe(const char *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                char c = v[i];
                if (c == '\0' || (!is_name_char(c) && !strchr("-./:,=+@%", c)))
                        return false;
        }
        return true;
}

int sw_encode(enum sw_dialect d, enum sw_seg_kind k, const char *v, size_t n, struct strbuf *out)
{
        size_t start = out->len;
        int r = 0;

        if (k == SW_SEG_PLAIN)
                return sw_plain_safe(v, n) ? strbuf_append(out, v, n) : -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (v[i] == '\n' || v[i] == SW_OPAQUE || v[i] == '\0' || (k == SW_SEG_SINGLE && v[i] == '\''))
                        return -EINVAL;
        if (k == SW_SEG_SINGLE)
                return strbuf_append(out, v, n);
        for (size_t i = 0; r >= 0 && i < n; i++) {
                if (v[i] == '"' || v[i] == '$' || v[i] == '\\' || (d == SW_SHELL && v[i] == '`'))
                        r = strbuf_putc(out, '\\');
                if (r >= 0)
                        r = strbuf_putc(out, v[i]);
        }
        if (r < 0 && out->s) {
                out->len = start;
                out->s[start] = '\0';
        }
        return r;
}

int sw_word_source_range(const struct sw_word *w, size_t x, size_t y, size_t *ret_from, size_t *ret_to)
{
        size_t s0, s1;

        if (x >= y || y > w->len)
                return -EINVAL;
        s0 = w->seg[x];
        s1 = w->seg[y - 1];
        if (s0 == s1) {
                /* A quoted segment emptied entirely goes with its quotes, unless it is all the word has. */
                bool whole = (x == 0 || w->seg[x - 1] != s0) && (y == w->len || w->seg[y] != s0);
                if (whole && w->segs[s0].kind != SW_SEG_PLAIN && (x > 0 || y < w->len)) {
                        *ret_from = w->segs[s0].start;
                        *ret_to = w->segs[s0].end;
                } else {
                        *ret_from = w->src[x];
                        *ret_to = w->src_end[y - 1];
                }
                return 0;
        }
        /* Quoted segments at the edges must be covered whole (the middle ones are). */
        if (w->segs[s0].kind != SW_SEG_PLAIN && x > 0 && w->seg[x - 1] == s0)
                return -EINVAL;
        if (w->segs[s1].kind != SW_SEG_PLAIN && y < w->len && w->seg[y] == s1)
                return -EINVAL;
        *ret_from = w->segs[s0].kind != SW_SEG_PLAIN ? w->segs[s0].start : w->src[x];
        *ret_to = w->segs[s1].kind != SW_SEG_PLAIN ? w->segs[s1].end : w->src_end[y - 1];
        return 0;
}

/* Whether text parses as exactly one word of dialect d whose value is v. */
static int sw_decodes_to(enum sw_dialect d, const char *text, const char *v)
{
        struct sw_word w;
        size_t pos = 0, len = strlen(text);
        bool ok;
        int r;

        r = sw_word_parse(d, text, len, &pos, &w);
        if (r < 0)
                return r;
        ok = pos == len && !w.multiline && !w.unterminated && w.len == strlen(v) && memcmp(w.value, v, w.len) == 0;
        sw_word_done(&w);
        return ok;
}

int sw_word_rewrite(enum sw_dialect d, const char *src, const struct sw_word *w, const char *v, char **ret)
{
        struct strbuf b = {0};
        size_t n = strlen(v), p = 0, s = 0, x, y;
        int r = 0;

        *ret = NULL;
        if (w->multiline || w->unterminated)
                return 0;
        while (p < w->len && p < n && w->value[p] == v[p])
                p++;
        while (s < w->len - p && s < n - p && w->value[w->len - 1 - s] == v[n - 1 - s])
                s++;
        x = p;
        y = w->len - s;
        if (x < y && w->seg[x] == w->seg[y - 1] && !memchr(w->value + x, SW_OPAQUE, y - x)) {
                r = strbuf_append(&b, src + w->start, w->src[x] - w->start);
                if (r >= 0)
                        r = sw_encode(d, w->segs[w->seg[x]].kind, v + p, n - p - s, &b);
                if (r >= 0)
                        r = strbuf_append(&b, src + w->src_end[y - 1], w->end - w->src_end[y - 1]);
                if (r >= 0) {
                        r = sw_decodes_to(d, b.s, v);
                        if (r > 0)
                                return strbuf_steal(&b, ret);
                }
                strbuf_done(&b);
                if (r == -ENOMEM)
                        return r;
        }
        if (w->expands)
                return 0;
        r = strbuf_putc(&b, '"');
        if (r >= 0)
                r = sw_encode(d, SW_SEG_DOUBLE, v, n, &b);
        if (r >= 0)
                r = strbuf_putc(&b, '"');
        if (r >= 0) {
                r = sw_decodes_to(d, b.s, v);
                if (r > 0)
                        return strbuf_steal(&b, ret);
        }
        strbuf_done(&b);
        return r == -ENOMEM ? r : 0;
}
