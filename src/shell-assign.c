/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "shell-assign.h"

void shell_assigns_done(struct shell_assigns *a)
{
        for (size_t i = 0; i < a->n; i++) {
                free(a->v[i].name);
                sw_word_done(&a->v[i].value);
        }
        free(a->v);
        *a = (struct shell_assigns){0};
}

const struct shell_assign *shell_assigns_last(const struct shell_assigns *a, const char *name)
{
        for (size_t i = a->n; i-- > 0;)
                if (streq(a->v[i].name, name))
                        return &a->v[i];
        return NULL;
}

static bool is_name_start(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
        return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* Characters that make an unquoted word mean more than its text. */
static bool is_special(char c)
{
        return c == '$' || c == '`' || c == '\\' || c == '\'' || c == '"' || c == '*' || c == '[' || c == ']' ||
               c == '{' || c == '}' || c == '~' || c == '!' || c == '#' || c == '=' || c == '\r' || c == '\0';
}

/* Characters that end an unquoted word. */
static bool is_word_end(char c)
{
        return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' ||
               c == ')';
}

/*
 * The length of "NAME" when the word [start, end) begins with an unquoted
 * "NAME=" (or, with bash, "NAME+="), else 0; *append tells which.
 */
static size_t assignment_name_len(const char *s, size_t len, size_t start, size_t end, unsigned flags,
                                  bool *append)
{
        size_t p = start;

        *append = false;
        if (p >= end || !is_name_start(s[p]))
                return 0;
        while (p < end && is_name_char(s[p]))
                p++;
        if ((flags & SHELL_PARSE_BASH) && p + 1 < end && s[p] == '+' && s[p + 1] == '=') {
                *append = true;
                return p - start;
        }
        return p < end && p < len && s[p] == '=' ? p - start : 0;
}

/* Whether the word is exactly the plain (unquoted, unescaped) text w. */
static bool word_is(const char *s, const struct sw_word *word, const char *w)
{
        size_t n = strlen(w);

        return word->end - word->start == n && memcmp(s + word->start, w, n) == 0;
}

static bool word_in(const char *s, const struct sw_word *word, const char *const *list)
{
        for (; *list; list++)
                if (word_is(s, word, *list))
                        return true;
        return false;
}

static const char *const reserved[] = {"if",   "then",  "else", "elif", "fi", "do", "done", "while",
                                       "until", "case", "esac", "!",    "{",  "}",  NULL};
static const char *const declarers[] = {"export", "readonly", "declare", "typeset", "local", NULL};

/*
 * The length of the input as the word at pos sees it: with CRLF, up to the
 * CR of the line end where it stops (a CR before a LF that ends the word is
 * the line end's, as it is not in the line's content; after a backslash too).
 */
static size_t word_limit(const char *s, size_t len, size_t pos, unsigned flags)
{
        size_t e;

        if (!(flags & SHELL_PARSE_CRLF))
                return len;
        e = sw_word_end(SW_SHELL, s, len, pos);
        return e > pos && e < len && s[e] == '\n' && s[e - 1] == '\r' ? e - 1 : len;
}

/*
 * The end of the array whose '(' is at s[pos]: after its ')', or len.
 * *other: a '(' inside; *multiline, *unterminated as for a word. -ENOMEM.
 */
static int array_end(const char *s, size_t len, size_t pos, bool *other, bool *multiline, bool *unterminated,
                     size_t *ret_end)
{
        size_t j = pos + 1;
        int r;

        while (j < len) {
                char c = s[j];

                if (c == ')') {
                        *ret_end = j + 1;
                        return 0;
                }
                if (c == '\n') {
                        *multiline = true;
                        j++;
                } else if (c == '(') {
                        *other = true;
                        j++;
                } else if (c == '#' && (is_blank(s[j - 1]) || s[j - 1] == '(' || s[j - 1] == '\n')) {
                        const char *nl = memchr(s + j, '\n', len - j);
                        j = nl ? (size_t)(nl - s) : len;
                } else if (is_blank(c) || c == '\r') {
                        j++;
                } else {
                        size_t e = sw_word_end(SW_SHELL, s, len, j);
                        struct sw_word w;
                        size_t p = j;

                        if (e == j) {
                                j++; /* an operator other than a parenthesis */
                                continue;
                        }
                        /* A word: quotes and expansions honoured. */
                        r = sw_word_parse(SW_SHELL, s, len, &p, &w);
                        if (r < 0)
                                return r;
                        *multiline = *multiline || w.multiline;
                        *unterminated = *unterminated || w.unterminated;
                        sw_word_done(&w);
                        j = e;
                }
        }
        *unterminated = true;
        *ret_end = len;
        return 0;
}

/* Whether [from, to) is a list of array elements that can be taken as written. */
static bool array_literal(const char *s, size_t from, size_t to)
{
        for (size_t i = from; i < to; i++) {
                char c = s[i];

                if (is_blank(c))
                        continue;
                if (c != '?' && (is_special(c) || is_word_end(c)))
                        return false;
        }
        return true;
}

/* The form, inner span and literal flag of a parsed value. */
static void classify(const char *s, struct shell_assign *x)
{
        const struct sw_word *w = &x->value;
        bool closed = !w->multiline && !w->unterminated;

        x->inner = w->start;
        x->inner_end = w->end;
        if (w->n_segs == 0) {
                x->form = SHELL_FORM_BARE;
                x->literal = true;
        } else if (w->n_segs > 1) {
                x->form = SHELL_FORM_OTHER;
                x->literal = false;
        } else if (w->segs[0].kind == SW_SEG_PLAIN) {
                x->form = SHELL_FORM_BARE;
                x->literal = closed;
                for (size_t k = x->inner; k < x->inner_end && x->literal; k++)
                        if (is_special(s[k]) || s[k] == '?')
                                x->literal = false;
        } else {
                x->form = w->segs[0].kind == SW_SEG_SINGLE ? SHELL_FORM_SINGLE : SHELL_FORM_DOUBLE;
                x->inner = w->start + 1;
                x->inner_end = w->unterminated ? w->end : w->end - 1;
                x->literal = closed;
                for (size_t k = x->inner; x->form == SHELL_FORM_DOUBLE && k < x->inner_end && x->literal; k++)
                        if (s[k] == '$' || s[k] == '`' || s[k] == '\\' || s[k] == '\r')
                                x->literal = false;
        }
}

/* Whether only blanks, then a comment or the end of the line, follow s[end] (with CRLF: a CR before the LF). */
static bool rest_of_line_empty(const char *s, size_t len, size_t end, unsigned flags)
{
        size_t i = end;

        while (i < len && is_blank(s[i]))
                i++;
        if (i >= len || s[i] == '\n')
                return true;
        if ((flags & SHELL_PARSE_CRLF) && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
                return true;
        /* A '#' right after the value is part of a word: a comment needs a blank before it. */
        return s[i] == '#' && i > end;
}

static int add_assign(const struct text *t, struct shell_assigns *a, size_t name_start, size_t name_len,
                      bool append, bool exported, bool line_start, unsigned flags, size_t *pos)
{
        const char *s = t->data;
        size_t value_pos = name_start + name_len + (append ? 2 : 1);
        struct shell_assign x = {.name_start = name_start, .exported = exported, .append = append};
        struct shell_assign *nv;
        int r;

        x.name = strndup_or_null(s + name_start, name_len);
        if (!x.name)
                return -ENOMEM;
        x.line = text_line_at(t, name_start);
        if ((flags & SHELL_PARSE_BASH) && value_pos < t->size && s[value_pos] == '(') {
                bool other = false, multiline = false, unterminated = false;
                size_t p = value_pos, e = 0;

                r = array_end(s, t->size, value_pos, &other, &multiline, &unterminated, &e);
                if (r >= 0)
                        r = sw_word_parse(SW_SHELL, s, value_pos, &p, &x.value); /* an empty word at '(' */
                x.value.end = e;
                x.value.multiline = multiline;
                x.value.unterminated = unterminated;
                x.form = other ? SHELL_FORM_OTHER : SHELL_FORM_ARRAY;
                x.inner = value_pos + 1;
                x.inner_end = unterminated ? e : e - 1;
                x.literal = !other && !multiline && !unterminated && array_literal(s, x.inner, x.inner_end);
        } else {
                size_t p = value_pos;

                r = sw_word_parse(SW_SHELL, s, word_limit(s, t->size, value_pos, flags), &p, &x.value);
                if (r >= 0)
                        classify(s, &x);
        }
        if (r < 0) {
                free(x.name);
                return r;
        }
        x.alone = line_start && rest_of_line_empty(s, t->size, x.value.end, flags);
        nv = reallocarray(a->v, a->n + 1, sizeof(*nv));
        if (!nv) {
                free(x.name);
                sw_word_done(&x.value);
                return -ENOMEM;
        }
        a->v = nv;
        a->v[a->n++] = x;
        *pos = x.value.end;
        return 0;
}

enum state {
        STATE_START,   /* at the start of a command */
        STATE_DECLARE, /* in the arguments of export and its kind */
        STATE_COMMAND, /* in the arguments of another command */
};

/* Whether s[0, len) ends with an odd run of backslashes, then "\n", "\r\n" or nothing. */
static bool ends_in_backslash(const char *s, size_t len)
{
        size_t n = 0;

        if (len > 0 && s[len - 1] == '\n')
                len--;
        if (len > 0 && s[len - 1] == '\r')
                len--;
        while (n < len && s[len - 1 - n] == '\\')
                n++;
        return n % 2 == 1;
}

/* Parse t; *ret_clean (may be NULL) tells whether it ends outside any quote, array or continued line. */
static int parse(const struct text *t, unsigned flags, struct shell_assigns *ret, bool *ret_clean)
{
        struct shell_assigns a = {0};
        const char *s = t->data;
        size_t len = t->size, pos = 0;
        enum state st = STATE_START;
        unsigned depth = 0;               /* open '(' outside words */
        bool line_start = true;           /* only blanks since the start of a line that starts a command */
        bool open = false, comment = false; /* the text ends inside a word; the last token is a comment */
        size_t last_word = SIZE_MAX;        /* start of the last token when it is a word */
        int r = 0;

        while (r >= 0 && pos < len) {
                struct sw_word w = {0};
                size_t start = pos, n;
                bool append;
                char c = s[pos];

                if (c == ' ' || c == '\t') {
                        pos++;
                        continue;
                }
                if (c == '\n') {
                        st = STATE_START;
                        line_start = true;
                        pos++;
                        continue;
                }
                if ((flags & SHELL_PARSE_CRLF) && c == '\r' && pos + 1 < len && s[pos + 1] == '\n') {
                        pos++;
                        continue;
                }
                comment = false;
                last_word = SIZE_MAX;
                if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                        if (c == '(')
                                depth++;
                        else if (c == ')' && depth > 0)
                                depth--;
                        st = STATE_START;
                        line_start = false;
                        pos++;
                        continue;
                }
                line_start = line_start && st == STATE_START && depth == 0;
                if (c == '<' || c == '>') {
                        if (st == STATE_START)
                                st = STATE_COMMAND;
                        line_start = false;
                        pos++;
                        continue;
                }
                if (c == '#') {
                        const char *nl = memchr(s + pos, '\n', len - pos);
                        pos = nl ? (size_t)(nl - s) : len;
                        comment = true;
                        continue;
                }
                if (c == '\\' && pos + 1 < len && s[pos + 1] == '\n') {
                        line_start = false;
                        pos += 2;
                        continue;
                }

                /* Only the source of a word is looked at here; values are decoded by add_assign(). */
                w.start = pos;
                w.end = pos = sw_word_end(SW_SHELL, s, len, pos);
                if (pos == start) {
                        pos++; /* cannot happen: every terminator is handled above */
                        continue;
                }
                n = assignment_name_len(s, len, w.start, w.end, flags, &append);
                switch (st) {
                case STATE_START:
                        if (n > 0)
                                r = add_assign(t, &a, w.start, n, append, false, line_start, flags, &pos);
                        else if (word_in(s, &w, declarers))
                                st = STATE_DECLARE;
                        else if (!word_in(s, &w, reserved))
                                st = STATE_COMMAND;
                        break;
                case STATE_DECLARE:
                        if (n > 0)
                                r = add_assign(t, &a, w.start, n, append, true, false, flags, &pos);
                        break;
                case STATE_COMMAND:
                        break;
                }
                line_start = false;
                last_word = start;
        }
        if (r >= 0 && last_word != SIZE_MAX) {
                /* An unterminated word or array runs to the end: is the last token one? */
                if (a.n > 0 && a.v[a.n - 1].name_start == last_word)
                        open = a.v[a.n - 1].value.unterminated;
                else {
                        struct sw_word d;
                        size_t p = last_word;

                        r = sw_word_parse(SW_SHELL, s, len, &p, &d);
                        if (r >= 0) {
                                open = d.unterminated;
                                sw_word_done(&d);
                        }
                }
        }
        if (r < 0) {
                shell_assigns_done(&a);
                return r;
        }
        if (ret_clean)
                *ret_clean = !open && depth == 0 && (comment || !ends_in_backslash(s, len));
        if (ret)
                *ret = a;
        else
                shell_assigns_done(&a);
        return 0;
}

int shell_assigns_parse_flags(const struct text *t, unsigned flags, struct shell_assigns *ret)
{
        return parse(t, flags, ret, NULL);
}

int shell_assigns_parse(const struct text *t, struct shell_assigns *ret)
{
        return parse(t, 0, ret, NULL);
}

bool shell_text_ends_clean(const struct text *t, unsigned flags)
{
        bool clean = false;

        return parse(t, flags, NULL, &clean) >= 0 && clean;
}

bool shell_assign_on_one_line(const struct text *t, const struct shell_assign *a)
{
        const struct line *l;
        size_t ls;

        if (a->value.multiline || a->value.unterminated || a->line >= t->n_lines)
                return false;
        l = &t->lines[a->line];
        ls = (size_t)(l->s - t->data);
        return a->value.start >= ls && a->value.end <= ls + l->len;
}

int shell_assign_words(const struct text *t, const struct shell_assign *a, struct strv *ret)
{
        struct strv words = {0};
        const char *s = t->data;
        size_t i = a->inner, end = a->inner_end;
        int r;

        if (a->form == SHELL_FORM_OTHER) {
                i = a->value.start;
                end = a->value.end;
        }
        while (i < end) {
                size_t j;

                while (i < end && (is_blank(s[i]) || s[i] == '\r' || s[i] == '\n'))
                        i++;
                if (a->form == SHELL_FORM_ARRAY && i < end && s[i] == '#') {
                        while (i < end && s[i] != '\n')
                                i++; /* a comment inside the array */
                        continue;
                }
                j = i;
                while (j < end && !is_blank(s[j]) && s[j] != '\r' && s[j] != '\n')
                        j++;
                if (j > i) {
                        char *w = strndup_or_null(s + i, j - i);

                        if (!w) {
                                strv_done(&words);
                                return -ENOMEM;
                        }
                        r = strv_push_take(&words, w);
                        if (r < 0) {
                                strv_done(&words);
                                return r;
                        }
                }
                i = j;
        }
        *ret = words;
        return 0;
}

int shell_assign_add_words(const struct text *t, const struct shell_assign *a, const char *words, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        const struct line *l;
        size_t ls, at;
        int r;

        if (!a->literal || !a->alone || a->form == SHELL_FORM_OTHER || !words || !*words ||
            !shell_assign_on_one_line(t, a))
                return -EINVAL;
        l = &t->lines[a->line];
        ls = (size_t)(l->s - t->data);

        if (a->form == SHELL_FORM_BARE) {
                r = strbuf_append(&b, l->s, a->value.start - ls);
                if (r >= 0)
                        r = strbuf_putc(&b, '"');
                if (r >= 0)
                        r = strbuf_append(&b, t->data + a->value.start, a->value.end - a->value.start);
                if (r >= 0 && a->value.end > a->value.start)
                        r = strbuf_putc(&b, ' ');
                if (r >= 0)
                        r = strbuf_puts(&b, words);
                if (r >= 0)
                        r = strbuf_putc(&b, '"');
                if (r >= 0)
                        r = strbuf_append(&b, t->data + a->value.end, ls + l->len - a->value.end);
                if (r >= 0)
                        r = strbuf_steal(&b, ret);
                return r;
        }

        /* Quoted or array: after the last non-blank inside, or at the start when empty. */
        at = a->inner_end;
        while (at > a->inner && is_blank(t->data[at - 1]))
                at--;
        r = strbuf_append(&b, l->s, at - ls);
        if (r >= 0 && at > a->inner)
                r = strbuf_putc(&b, ' ');
        if (r >= 0)
                r = strbuf_puts(&b, words);
        if (r >= 0)
                r = strbuf_append(&b, t->data + at, ls + l->len - at);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}
