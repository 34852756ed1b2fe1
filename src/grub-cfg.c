/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grub-cfg.h"
#include "shell-assign.h"
#include "grub-menu.h"

void grub_cfg_done(struct grub_cfg *c)
{
        for (size_t i = 0; i < c->n_entries; i++)
                free(c->entries[i].title);
        free(c->entries);
        for (size_t i = 0; i < c->n_kernel_cmds; i++) {
                free(c->kernel_cmds[i].command);
                free(c->kernel_cmds[i].kernel);
                free(c->kernel_cmds[i].version);
                sw_word_done(&c->kernel_cmds[i].args);
        }
        free(c->kernel_cmds);
        *c = (struct grub_cfg){0};
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* Blanks and line continuations from pos. */
static size_t skip_blanks(const char *s, size_t len, size_t pos)
{
        while (pos < len) {
                if (is_blank(s[pos]))
                        pos++;
                else if (s[pos] == '\\' && pos + 1 < len && s[pos + 1] == '\n')
                        pos += 2;
                else
                        break;
        }
        return pos;
}

/* Whether a word can start at s[pos] within a command. */
static bool at_word(const char *s, size_t len, size_t pos)
{
        return pos < len && !strchr("\n;&|<>{}#", s[pos]) && !is_blank(s[pos]);
}

static bool word_value_is(const struct sw_word *w, const char *v)
{
        return !w->expands && w->len == strlen(v) && memcmp(w->value, v, w->len) == 0;
}

/* A word's decoded value, or its source text when it expands a variable. */
static char *word_text(const char *s, const struct sw_word *w)
{
        return w->expands ? strndup_or_null(s + w->start, w->end - w->start) : strndup_or_null(w->value, w->len);
}

struct stack {
        size_t *v; /* entry index, or SIZE_MAX for a plain block */
        size_t n, cap;
};

static int stack_push(struct stack *st, size_t x)
{
        if (st->n == st->cap) {
                size_t ncap = st->cap ? st->cap * 2 : 16;
                size_t *nv = reallocarray(st->v, ncap, sizeof(*nv));
                if (!nv)
                        return -ENOMEM;
                st->v = nv;
                st->cap = ncap;
        }
        st->v[st->n++] = x;
        return 0;
}

/* The innermost enclosing entry (submenu == true: submenu) on the stack, or SIZE_MAX. */
static size_t stack_find(const struct stack *st, const struct grub_cfg *c, bool submenu)
{
        for (size_t i = st->n; i-- > 0;)
                if (st->v[i] != SIZE_MAX && c->entries[st->v[i]].is_submenu == submenu)
                        return st->v[i];
        return SIZE_MAX;
}

/* Words after which a new command starts. */
static bool is_reserved(const struct sw_word *w)
{
        static const char *const words[] = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!"};

        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
                if (word_value_is(w, words[i]) && w->n_segs == 1 && w->segs[0].kind == SW_SEG_PLAIN)
                        return true;
        return false;
}

/* Options of menuentry/submenu that take the next word as their value when written without '='. */
static bool option_takes_value(const struct sw_word *w)
{
        return word_value_is(w, "--class") || word_value_is(w, "--users") || word_value_is(w, "--hotkey") ||
               word_value_is(w, "--id");
}

/*
 * The rest of a menuentry/submenu command from pos: the title (first
 * argument that is not an option) as a new entry. *ret_index: the entry.
 */
static int parse_entry(const struct text *t, size_t *pos, const struct stack *st, bool is_submenu, size_t line,
                       struct grub_cfg *c, size_t *ret_index)
{
        const char *s = t->data;
        size_t len = t->size;
        struct grub_cfg_entry e = {.line = line, .is_submenu = is_submenu, .submenu = stack_find(st, c, true)};
        struct grub_cfg_entry *nv;
        bool skip_next = false;
        int r = 0;

        for (;;) {
                struct sw_word w;

                *pos = skip_blanks(s, len, *pos);
                if (!at_word(s, len, *pos))
                        break;
                r = sw_word_parse(SW_GRUB, s, len, pos, &w);
                if (r < 0)
                        break;
                if (!e.title) {
                        if (skip_next)
                                skip_next = false;
                        else if (w.len >= 2 && w.value[0] == '-' && w.value[1] == '-')
                                skip_next = !memchr(w.value, '=', w.len) && option_takes_value(&w);
                        else {
                                e.title = word_text(s, &w);
                                if (!e.title)
                                        r = -ENOMEM;
                        }
                }
                sw_word_done(&w);
                if (r < 0)
                        break;
        }
        if (r >= 0) {
                nv = reallocarray(c->entries, c->n_entries + 1, sizeof(*nv));
                if (!nv)
                        r = -ENOMEM;
                else {
                        c->entries = nv;
                        *ret_index = c->n_entries;
                        c->entries[c->n_entries++] = e;
                        return 0;
                }
        }
        free(e.title);
        return r;
}

/* The rest of a kernel command from pos (after its name). */
static int parse_linux(const struct text *t, size_t *pos, const struct sw_word *name, size_t line, size_t entry,
                       struct grub_cfg *c)
{
        const char *s = t->data;
        size_t len = t->size;
        struct grub_cfg_linux k = {.line = line, .entry = entry};
        struct grub_cfg_linux *nv;
        bool multiline = name->multiline;
        int r;

        k.command = strndup_or_null(name->value, name->len);
        if (!k.command)
                return -ENOMEM;
        *pos = skip_blanks(s, len, *pos);
        if (at_word(s, len, *pos)) {
                struct sw_word w;

                r = sw_word_parse(SW_GRUB, s, len, pos, &w);
                if (r < 0)
                        goto fail;
                multiline = multiline || w.multiline || w.unterminated;
                if (!w.expands && !memchr(w.value, '\0', w.len)) {
                        k.kernel = strndup_or_null(w.value, w.len);
                        r = k.kernel ? grub_kernel_version(k.kernel, &k.version) : -ENOMEM;
                }
                sw_word_done(&w);
                if (r < 0)
                        goto fail;
        }
        r = sw_args_parse(SW_GRUB, s, len, pos, &k.args);
        if (r < 0)
                goto fail;
        if (line < t->n_lines) {
                const struct line *l = &t->lines[line];
                size_t ls = (size_t)(l->s - t->data);
                k.one_line = !multiline && !k.args.multiline && !k.args.unterminated && k.args.start >= ls &&
                             k.args.end <= ls + l->len && text_line_at(t, k.args.start) == line;
        }
        nv = reallocarray(c->kernel_cmds, c->n_kernel_cmds + 1, sizeof(*nv));
        if (!nv) {
                r = -ENOMEM;
                goto fail;
        }
        c->kernel_cmds = nv;
        c->kernel_cmds[c->n_kernel_cmds++] = k;
        return 0;
fail:
        free(k.command);
        free(k.kernel);
        free(k.version);
        sw_word_done(&k.args);
        return r;
}

/* Skip the words of a command from pos. */
static void skip_command(const char *s, size_t len, size_t *pos)
{
        for (;;) {
                *pos = skip_blanks(s, len, *pos);
                if (!at_word(s, len, *pos))
                        return;
                *pos = sw_word_end(SW_GRUB, s, len, *pos);
        }
}

int grub_cfg_parse(const struct text *t, struct grub_cfg *ret)
{
        struct grub_cfg c = {0};
        struct stack st = {0};
        const char *s = t->data;
        size_t len = t->size, pos = 0, pending = SIZE_MAX;
        int r = 0;

        while (r >= 0 && pos < len) {
                char ch = s[pos];
                struct sw_word w;
                size_t line, start = pos;

                if (is_blank(ch) || ch == '\n' || ch == ';' || ch == '&' || ch == '|' || ch == '<' || ch == '>') {
                        pos++;
                        continue;
                }
                if (ch == '\\' && pos + 1 < len && s[pos + 1] == '\n') {
                        pos += 2;
                        continue;
                }
                if (ch == '#') {
                        const char *nl = memchr(s + pos, '\n', len - pos);
                        pos = nl ? (size_t)(nl - s) : len;
                        continue;
                }
                if (ch == '{') {
                        /* The block of the command before it (menuentry 'x' --class os {). */
                        r = stack_push(&st, pending);
                        pending = SIZE_MAX;
                        pos++;
                        continue;
                }
                if (ch == '}') {
                        if (st.n > 0)
                                st.n--;
                        pending = SIZE_MAX;
                        pos++;
                        continue;
                }

                pending = SIZE_MAX;
                line = text_line_at(t, pos);
                r = sw_word_parse(SW_GRUB, s, len, &pos, &w);
                if (r < 0)
                        break;
                if (pos == start) {
                        sw_word_done(&w);
                        pos++;
                        continue;
                }
                if (is_reserved(&w))
                        ; /* a command follows: "then linux ..." */
                else if (word_value_is(&w, "menuentry") || word_value_is(&w, "submenu"))
                        r = parse_entry(t, &pos, &st, word_value_is(&w, "submenu"), line, &c, &pending);
                else if (word_value_is(&w, "linux") || word_value_is(&w, "linux16") ||
                         word_value_is(&w, "linuxefi"))
                        r = parse_linux(t, &pos, &w, line, stack_find(&st, &c, false), &c);
                else
                        skip_command(s, len, &pos);
                sw_word_done(&w);
        }
        free(st.v);
        if (r < 0) {
                grub_cfg_done(&c);
                return r;
        }
        *ret = c;
        return 0;
}

int grub_default_cmdline(const struct text *t, char **ret)
{
        _cleanup_(shell_assigns_done) struct shell_assigns a = {0};
        const struct shell_assign *l, *d;
        int r;

        if (!t)
                return 0;
        r = shell_assigns_parse(t, &a);
        if (r < 0)
                return r;
        l = shell_assigns_last(&a, "GRUB_CMDLINE_LINUX");
        d = shell_assigns_last(&a, "GRUB_CMDLINE_LINUX_DEFAULT");
        if (!l && !d)
                return 0;
        if (asprintf(ret, "%.*s%s%.*s", l ? (int)l->value.len : 0, l ? l->value.value : "", l && d ? " " : "",
                     d ? (int)d->value.len : 0, d ? d->value.value : "") < 0)
                return -ENOMEM;
        return 1;
}
