/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "shell-var.h"

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static bool is_name_start(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
        return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Characters that end an unquoted word (blanks included). */
static bool is_word_end(char c)
{
        return is_blank(c) || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

/* Characters that make an unquoted word mean more than its text. */
static bool is_special(char c)
{
        return c == '$' || c == '`' || c == '\\' || c == '\'' || c == '"' || c == '*' || c == '[' || c == ']' ||
               c == '{' || c == '}' || c == '~' || c == '!' || c == '#' || c == '=' || c == '\r' || c == '\0';
}

bool shell_state_clean(const struct shell_state *st)
{
        return st->quote == 0 && st->parens == 0 && !st->backslash;
}

void shell_scan_line(const char *s, size_t len, struct shell_state *st)
{
        bool word_start = true;

        st->backslash = false;
        for (size_t i = 0; i < len; i++) {
                char c = s[i];

                if (st->quote == '\'') {
                        if (c == '\'')
                                st->quote = 0;
                        continue;
                }
                if (st->quote == '"') {
                        if (c == '\\') {
                                if (i + 1 == len) {
                                        st->backslash = true;
                                        return;
                                }
                                i++;
                        } else if (c == '"')
                                st->quote = 0;
                        continue;
                }
                switch (c) {
                case '\\':
                        if (i + 1 == len) {
                                st->backslash = true;
                                return;
                        }
                        i++;
                        word_start = false;
                        break;
                case '#':
                        if (word_start)
                                return; /* a comment to the end of the line */
                        break;
                case '\'':
                case '"':
                        st->quote = c;
                        word_start = false;
                        break;
                case '(':
                        st->parens++;
                        word_start = true;
                        break;
                case ')':
                        if (st->parens > 0)
                                st->parens--;
                        word_start = true;
                        break;
                case ' ':
                case '\t':
                case ';':
                case '&':
                case '|':
                        word_start = true;
                        break;
                default:
                        word_start = false;
                        break;
                }
        }
}

/*
 * Scan one word from i: unquoted characters, quoted parts and escapes up to
 * a word end outside quotes. Returns the end; *ret_open when a quote is not
 * closed on the line; *ret_parts counts the quoted and unquoted parts, and
 * *ret_quote is the quote of the first part (0 for unquoted).
 */
static size_t scan_word(const char *s, size_t len, size_t i, bool *ret_open, unsigned *ret_parts, char *ret_quote)
{
        unsigned parts = 0;
        char first = 0;
        bool in_unquoted = false;

        *ret_open = false;
        while (i < len && !is_word_end(s[i])) {
                char c = s[i];

                if (c == '\'' || c == '"') {
                        if (parts == 0)
                                first = c;
                        parts++;
                        in_unquoted = false;
                        i++;
                        while (i < len && s[i] != c) {
                                if (c == '"' && s[i] == '\\' && i + 1 < len)
                                        i++;
                                i++;
                        }
                        if (i >= len) {
                                *ret_open = true;
                                break;
                        }
                        i++; /* the closing quote */
                        continue;
                }
                if (!in_unquoted) {
                        parts++;
                        in_unquoted = true;
                }
                if (c == '\\') {
                        if (i + 1 == len) {
                                *ret_open = true; /* backslash-newline */
                                i = len;
                                break;
                        }
                        i++;
                }
                i++;
        }
        *ret_parts = parts;
        *ret_quote = first;
        return i;
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

int shell_assign_parse(const char *s, size_t len, struct shell_assign *ret)
{
        struct shell_assign a = {0};
        size_t i = 0;

        while (i < len && is_blank(s[i]))
                i++;
        if (i >= len || !is_name_start(s[i]))
                return 0;
        a.name = i;
        while (i < len && is_name_char(s[i]))
                i++;
        a.name_len = i - a.name;
        if (i < len && s[i] == '+') {
                a.append = true;
                i++;
        }
        if (i >= len || s[i] != '=')
                return 0;
        i++;
        a.value = i;

        if (i < len && s[i] == '(') {
                size_t j = i + 1;

                /* An array: up to the matching ')' on this line, quotes honoured. */
                a.form = SHELL_FORM_ARRAY;
                a.inner = j;
                for (;;) {
                        if (j >= len) {
                                a.open = true;
                                break;
                        }
                        if (s[j] == ')')
                                break;
                        if (s[j] == '(') {
                                a.form = SHELL_FORM_OTHER;
                        } else if (s[j] == '#' && (is_blank(s[j - 1]) || s[j - 1] == '(')) {
                                a.open = true; /* a comment inside the array: it goes on */
                                j = len;
                                break;
                        } else if (s[j] == '\'' || s[j] == '"' || s[j] == '\\') {
                                bool open;
                                unsigned parts;
                                char q;
                                size_t e = scan_word(s, len, j, &open, &parts, &q);

                                if (open) {
                                        a.open = true;
                                        j = len;
                                        break;
                                }
                                j = e > j ? e : j + 1;
                                continue;
                        }
                        j++;
                }
                a.inner_end = j;
                a.value_end = j < len ? j + 1 : len;
                a.literal = a.form == SHELL_FORM_ARRAY && !a.open && array_literal(s, a.inner, a.inner_end);
        } else {
                unsigned parts;
                char q;
                bool open;
                size_t e = scan_word(s, len, i, &open, &parts, &q);

                a.value_end = e;
                a.open = open;
                if (parts == 0) {
                        a.form = SHELL_FORM_BARE;
                        a.inner = a.inner_end = i;
                        a.literal = true;
                } else if (parts == 1 && q == '\'') {
                        a.form = SHELL_FORM_SINGLE;
                        a.inner = i + 1;
                        a.inner_end = open ? e : e - 1;
                        a.literal = !open;
                } else if (parts == 1 && q == '"') {
                        a.form = SHELL_FORM_DOUBLE;
                        a.inner = i + 1;
                        a.inner_end = open ? e : e - 1;
                        a.literal = !open;
                        for (size_t k = a.inner; k < a.inner_end && a.literal; k++)
                                if (s[k] == '$' || s[k] == '`' || s[k] == '\\' || s[k] == '\r')
                                        a.literal = false;
                } else if (parts == 1 && q == 0) {
                        a.form = SHELL_FORM_BARE;
                        a.inner = i;
                        a.inner_end = e;
                        a.literal = !open;
                        for (size_t k = i; k < e && a.literal; k++)
                                if (is_special(s[k]) || s[k] == '?')
                                        a.literal = false;
                } else {
                        a.form = SHELL_FORM_OTHER;
                        a.inner = i;
                        a.inner_end = e;
                        a.literal = false;
                }
        }

        if (a.open) {
                a.literal = false;
                *ret = a;
                return 1;
        }
        /*
         * Only blanks and a comment may follow. A '#' right after the value
         * is part of it ("A=b#c"), so a comment needs a blank before it.
         */
        i = a.value_end;
        while (i < len && is_blank(s[i]))
                i++;
        if (i < len && (s[i] != '#' || i == a.value_end))
                return 0;
        *ret = a;
        return 1;
}

bool shell_assign_is(const struct shell_assign *a, const char *line, const char *name)
{
        size_t n = strlen(name);

        return a->name_len == n && memcmp(line + a->name, name, n) == 0;
}

int shell_assign_words(const struct shell_assign *a, const char *line, struct strv *ret)
{
        struct strv words = {0};
        size_t i = a->inner, end = a->inner_end;
        int r;

        if (a->form == SHELL_FORM_OTHER) {
                i = a->value;
                end = a->value_end;
        }
        while (i < end) {
                size_t j;

                while (i < end && (is_blank(line[i]) || line[i] == '\r'))
                        i++;
                j = i;
                while (j < end && !is_blank(line[j]) && line[j] != '\r')
                        j++;
                if (j > i) {
                        char *w = strndup_or_null(line + i, j - i);

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

int shell_assign_add_words(const struct shell_assign *a, const char *line, size_t len, const char *words,
                           char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        size_t at;
        int r;

        if (!a->literal || a->open || a->form == SHELL_FORM_OTHER || !words || !*words || a->value_end > len)
                return -EINVAL;

        if (a->form == SHELL_FORM_BARE) {
                r = strbuf_append(&b, line, a->value);
                if (r >= 0)
                        r = strbuf_putc(&b, '"');
                if (r >= 0)
                        r = strbuf_append(&b, line + a->value, a->value_end - a->value);
                if (r >= 0 && a->value_end > a->value)
                        r = strbuf_putc(&b, ' ');
                if (r >= 0)
                        r = strbuf_puts(&b, words);
                if (r >= 0)
                        r = strbuf_putc(&b, '"');
                if (r >= 0)
                        r = strbuf_append(&b, line + a->value_end, len - a->value_end);
                if (r >= 0)
                        r = strbuf_steal(&b, ret);
                return r;
        }

        /* Quoted or array: after the last non-blank inside, or at the start when empty. */
        at = a->inner_end;
        while (at > a->inner && is_blank(line[at - 1]))
                at--;
        r = strbuf_append(&b, line, at);
        if (r >= 0 && at > a->inner)
                r = strbuf_putc(&b, ' ');
        if (r >= 0)
                r = strbuf_puts(&b, words);
        if (r >= 0)
                r = strbuf_append(&b, line + at, len - at);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}
