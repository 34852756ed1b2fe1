/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

static bool is_name_start(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
        return is_name_start(c) || (c >= '0' && c <= '9');
}

/* The length of "NAME" when the word at s[start] begins with an unquoted "NAME=", else 0. */
static size_t assignment_name_len(const char *s, size_t len, size_t start, size_t end)
{
        size_t p = start;

        if (p >= end || !is_name_start(s[p]))
                return 0;
        while (p < end && is_name_char(s[p]))
                p++;
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

static int add_assign(const struct text *t, struct shell_assigns *a, size_t name_start, size_t name_len,
                      size_t value_pos, bool exported)
{
        const char *s = t->data;
        struct shell_assign x = {.name_start = name_start, .exported = exported};
        struct shell_assign *nv;
        int r;

        x.name = strndup_or_null(s + name_start, name_len);
        if (!x.name)
                return -ENOMEM;
        x.line = text_line_at(t, name_start);
        r = sw_word_parse(SW_SHELL, s, t->size, &value_pos, &x.value);
        if (r < 0) {
                free(x.name);
                return r;
        }
        nv = reallocarray(a->v, a->n + 1, sizeof(*nv));
        if (!nv) {
                free(x.name);
                sw_word_done(&x.value);
                return -ENOMEM;
        }
        a->v = nv;
        a->v[a->n++] = x;
        return 0;
}

enum state {
        STATE_START,   /* at the start of a command */
        STATE_DECLARE, /* in the arguments of export and its kind */
        STATE_COMMAND, /* in the arguments of another command */
};

int shell_assigns_parse(const struct text *t, struct shell_assigns *ret)
{
        struct shell_assigns a = {0};
        const char *s = t->data;
        size_t len = t->size, pos = 0;
        enum state st = STATE_START;
        int r = 0;

        while (r >= 0 && pos < len) {
                struct sw_word w = {0};
                size_t start = pos, n;
                char c = s[pos];

                if (c == ' ' || c == '\t') {
                        pos++;
                        continue;
                }
                if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                        st = STATE_START;
                        pos++;
                        continue;
                }
                if (c == '<' || c == '>') {
                        if (st == STATE_START)
                                st = STATE_COMMAND;
                        pos++;
                        continue;
                }
                if (c == '#') {
                        const char *nl = memchr(s + pos, '\n', len - pos);
                        pos = nl ? (size_t)(nl - s) : len;
                        continue;
                }
                if (c == '\\' && pos + 1 < len && s[pos + 1] == '\n') {
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
                n = assignment_name_len(s, len, w.start, w.end);
                switch (st) {
                case STATE_START:
                        if (n > 0)
                                r = add_assign(t, &a, w.start, n, w.start + n + 1, false);
                        else if (word_in(s, &w, declarers))
                                st = STATE_DECLARE;
                        else if (!word_in(s, &w, reserved))
                                st = STATE_COMMAND;
                        break;
                case STATE_DECLARE:
                        if (n > 0)
                                r = add_assign(t, &a, w.start, n, w.start + n + 1, true);
                        break;
                case STATE_COMMAND:
                        break;
                }
        }
        if (r < 0) {
                shell_assigns_done(&a);
                return r;
        }
        *ret = a;
        return 0;
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
