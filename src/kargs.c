/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "kargs.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_sep(char c)
{
        return c == ' ' || c == '\t';
}

int kargs_split(const char *s, size_t len, struct kargs *ret)
{
        struct kargs a = {0};
        size_t cap = 0, i = 0;

        for (;;) {
                struct karg k = {0};
                bool in_quote = false;
                size_t name_start, eq = SIZE_MAX;

                while (i < len && is_sep(s[i]))
                        i++;
                if (i >= len)
                        break;
                k.start = i;
                for (; i < len; i++) {
                        if (is_sep(s[i]) && !in_quote)
                                break;
                        if (s[i] == '"')
                                in_quote = !in_quote;
                        else if (s[i] == '=' && eq == SIZE_MAX)
                                eq = i;
                }
                k.len = i - k.start;
                name_start = k.start + (s[k.start] == '"');
                if (eq != SIZE_MAX) {
                        size_t vend = i;
                        k.has_value = true;
                        k.name_len = eq - name_start;
                        k.value_off = eq + 1;
                        if (k.value_off < i && s[k.value_off] == '"')
                                k.value_off++;
                        if (vend > k.value_off && s[vend - 1] == '"')
                                vend--;
                        k.value_len = vend > k.value_off ? vend - k.value_off : 0;
                } else {
                        size_t nend = i;
                        if (nend > name_start && s[nend - 1] == '"')
                                nend--;
                        k.name_len = nend > name_start ? nend - name_start : 0;
                        k.value_off = i;
                        k.value_len = 0;
                }
                if (a.n == cap) {
                        size_t ncap = cap ? cap * 2 : 16;
                        struct karg *nv = reallocarray(a.v, ncap, sizeof(*nv));
                        if (!nv) {
                                kargs_done(&a);
                                return -ENOMEM;
                        }
                        a.v = nv;
                        cap = ncap;
                }
                a.v[a.n++] = k;
        }
        *ret = a;
        return 0;
}

void kargs_done(struct kargs *a)
{
        free(a->v);
        *a = (struct kargs){0};
}

bool karg_is(const char *s, const struct karg *k, const char *name)
{
        const char *n = s + k->start + (s[k->start] == '"');
        size_t l = strlen(name);

        if (k->name_len != l)
                return false;
        for (size_t i = 0; i < l; i++) {
                char a = n[i] == '-' ? '_' : n[i], b = name[i] == '-' ? '_' : name[i];
                if (a != b)
                        return false;
        }
        return true;
}

int kargs_get(const char *s, size_t len, const char *name, char **ret)
{
        _cleanup_(kargs_done) struct kargs a = {0};
        const struct karg *found = NULL;
        int r;

        r = kargs_split(s, len, &a);
        if (r < 0)
                return r;
        for (size_t i = 0; i < a.n; i++)
                if (karg_is(s, &a.v[i], name))
                        found = &a.v[i];
        if (!found)
                return 0;
        if (ret) {
                char *v = strndup_or_null(s + found->value_off, found->value_len);
                if (!v)
                        return -ENOMEM;
                *ret = v;
        }
        return 1;
}

bool kargs_sda_is_xvda(const char *s, size_t len)
{
        _cleanup_free_ char *v = NULL;

        if (kargs_get(s, len, "xen_blkfront.sda_is_xvda", &v) <= 0)
                return false;
        return streq(v, "1") || streq(v, "y") || streq(v, "Y");
}

/* The console name of a console= value: up to the first ','. */
static size_t console_name_len(const char *v, size_t n)
{
        const char *c = memchr(v, ',', n);
        return c ? (size_t)(c - v) : n;
}

static bool console_is(const char *s, const struct karg *k, const char *name)
{
        size_t n = console_name_len(s + k->value_off, k->value_len);
        return n == strlen(name) && strneq(s + k->value_off, name, n);
}

/* Whether value names an xvcN console, as devname_is_xen_console() on a counted string. */
static bool value_is_xvc(const char *v, size_t n)
{
        _cleanup_free_ char *name = strndup_or_null(v, console_name_len(v, n));
        return name && devname_is_xen_console(name);
}

enum word_fate {
        WORD_KEEP,
        WORD_REPLACE, /* with repl */
        WORD_REMOVE,
};

struct word_edit {
        enum word_fate fate;
        char *repl;
};

/* The word with its value replaced by new_value, quotes and everything else kept. */
static int word_with_value(const char *s, const struct karg *k, const char *new_value, char **ret)
{
        struct strbuf b = {0};
        size_t vend = k->value_off + k->value_len, wend = k->start + k->len;
        int r;

        r = strbuf_append(&b, s + k->start, k->value_off - k->start);
        if (r >= 0)
                r = strbuf_puts(&b, new_value);
        if (r >= 0)
                r = strbuf_append(&b, s + vend, wend - vend);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        strbuf_done(&b);
        return r;
}

static int push_word_change(struct strv *reasons, const char *s, const struct karg *k, const char *new_word)
{
        if (!reasons)
                return 0;
        if (new_word)
                return strv_pushf(reasons, "%.*s -> %s", (int)k->len, s + k->start, new_word);
        return strv_pushf(reasons, "%.*s removed", (int)k->len, s + k->start);
}

static int map_device_word(const struct devmap *m, const char *s, const struct karg *k, struct word_edit *e,
                           struct strv *reasons, struct strv *warnings)
{
        _cleanup_free_ char *mapped = NULL;
        enum devname_kind kind;
        int r;

        r = devname_map(m, s + k->value_off, k->value_len, &kind, &mapped);
        if (r < 0)
                return r;
        if (kind == DEVNAME_UNKNOWN)
                return warnings ? strv_pushf(warnings, "%.*s: unknown disk name, left as it is", (int)k->len,
                                             s + k->start)
                                : 0;
        if (kind != DEVNAME_MAPPED)
                return 0;
        r = word_with_value(s, k, mapped, &e->repl);
        if (r < 0)
                return r;
        e->fate = WORD_REPLACE;
        return push_word_change(reasons, s, k, e->repl);
}

static int render(const char *s, size_t len, const struct kargs *a, const struct word_edit *e, const char *append,
                  char **ret)
{
        struct strbuf b = {0};
        size_t emitted = 0, tail;
        int r;

        tail = a->n ? a->v[a->n - 1].start + a->v[a->n - 1].len : len;
        r = strbuf_append(&b, s, a->n ? a->v[0].start : len);
        for (size_t i = 0; r >= 0 && i < a->n; i++) {
                const struct karg *k = &a->v[i];
                if (e[i].fate == WORD_REMOVE)
                        continue;
                if (emitted > 0) {
                        size_t prev_end = a->v[i - 1].start + a->v[i - 1].len;
                        r = strbuf_append(&b, s + prev_end, k->start - prev_end);
                }
                if (r >= 0)
                        r = e[i].fate == WORD_REPLACE ? strbuf_puts(&b, e[i].repl)
                                                      : strbuf_append(&b, s + k->start, k->len);
                emitted++;
        }
        if (r >= 0 && append) {
                if (emitted > 0)
                        r = strbuf_putc(&b, ' ');
                if (r >= 0)
                        r = strbuf_puts(&b, append);
        }
        if (r >= 0 && a->n)
                r = strbuf_append(&b, s + tail, len - tail);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        strbuf_done(&b);
        return r;
}

/*
 * Whether the words that stay (all but the removed ones and skip, with their
 * replacements) end inside a double quote: the kernel's next_arg() toggles
 * at every '"', so a word appended there would become part of the quoted one.
 */
static bool kept_words_end_in_quote(const char *s, const struct kargs *a, const struct word_edit *e, size_t skip)
{
        bool in_quote = false;

        for (size_t i = 0; i < a->n; i++) {
                const char *w = e[i].fate == WORD_REPLACE ? e[i].repl : s + a->v[i].start;
                size_t n = e[i].fate == WORD_REPLACE ? strlen(e[i].repl) : a->v[i].len;

                if (e[i].fate == WORD_REMOVE || i == skip)
                        continue;
                for (size_t k = 0; k < n; k++)
                        if (w[k] == '"')
                                in_quote = !in_quote;
        }
        return in_quote;
}

int kargs_to_pvops(const struct devmap *m, const char *s, size_t len, char **ret, struct strv *reasons,
                   struct strv *warnings)
{
        _cleanup_(kargs_done) struct kargs a = {0};
        _cleanup_free_ struct word_edit *e = NULL;
        _cleanup_free_ char *append = NULL;
        size_t n_consoles = 0, last_console = SIZE_MAX, hvc0 = SIZE_MAX;
        int r;

        r = kargs_split(s, len, &a);
        if (r < 0)
                return r;
        e = calloc(a.n ? a.n : 1, sizeof(*e));
        if (!e)
                return -ENOMEM;

        for (size_t i = 0; r >= 0 && i < a.n; i++) {
                const struct karg *k = &a.v[i];
                if (karg_is(s, k, "xencons")) {
                        e[i].fate = WORD_REMOVE;
                        r = push_word_change(reasons, s, k, NULL);
                } else if ((karg_is(s, k, "root") || karg_is(s, k, "resume")) && k->has_value)
                        r = map_device_word(m, s, k, &e[i], reasons, warnings);
                else if (karg_is(s, k, "console") && k->has_value) {
                        n_consoles++;
                        last_console = i;
                        if (value_is_xvc(s + k->value_off, k->value_len)) {
                                size_t n = console_name_len(s + k->value_off, k->value_len);
                                const char *opts = s + k->value_off + n;
                                size_t n_opts = k->value_len - n;
                                _cleanup_free_ char *hvc = NULL;
                                /*
                                 * Drop the options: the hvc driver takes none. Options
                                 * with a quote in them stay, or the quotes of the line
                                 * would no longer pair up.
                                 */
                                if (!memchr(opts, '"', n_opts))
                                        n_opts = 0;
                                if (asprintf(&hvc, "hvc%.*s%.*s", (int)(n - 3), s + k->value_off + 3, (int)n_opts,
                                             opts) < 0)
                                        return -ENOMEM;
                                r = word_with_value(s, k, hvc, &e[i].repl);
                                if (r < 0)
                                        return r;
                                e[i].fate = WORD_REPLACE;
                                r = push_word_change(reasons, s, k, e[i].repl);
                                if (n == 4 && strneq(hvc, "hvc0", 4))
                                        hvc0 = i;
                        } else if (console_is(s, k, "hvc0"))
                                hvc0 = i;
                }
        }
        if (r < 0) {
                for (size_t i = 0; i < a.n; i++)
                        free(e[i].repl);
                return r;
        }

        if (n_consoles > 0 && hvc0 != last_console && kept_words_end_in_quote(s, &a, e, hvc0)) {
                /* A word appended after an unterminated quote would become part of the quoted word. */
                if (warnings)
                        r = strv_push(warnings, "console=hvc0 cannot be made the last console=: the line ends "
                                                "inside a quote; fix it by hand");
        } else if (n_consoles > 0 && hvc0 != last_console) {
                if (hvc0 != SIZE_MAX) {
                        /* Move it to the end; it is already converted in e[hvc0]. */
                        const struct karg *k = &a.v[hvc0];
                        append = e[hvc0].fate == WORD_REPLACE ? TAKE_PTR(e[hvc0].repl)
                                                                : strndup_or_null(s + k->start, k->len);
                        e[hvc0].fate = WORD_REMOVE;
                        if (append && reasons)
                                r = strv_pushf(reasons, "%s moved after the other console= arguments", append);
                } else {
                        append = strdup("console=hvc0");
                        if (append && reasons)
                                r = strv_push(reasons, "console=hvc0 added as the last console= (the pvops "
                                                       "console; the getty runs there)");
                }
                if (!append)
                        r = -ENOMEM;
        }
        if (r >= 0)
                r = render(s, len, &a, e, append, ret);
        for (size_t i = 0; i < a.n; i++)
                free(e[i].repl);
        return r;
}

int kargs_check_pvops(const char *s, size_t len, struct strv *problems)
{
        _cleanup_(kargs_done) struct kargs a = {0};
        size_t last_console = SIZE_MAX;
        int r, n = 0;

        r = kargs_split(s, len, &a);
        for (size_t i = 0; r >= 0 && i < a.n; i++) {
                const struct karg *k = &a.v[i];
                if (karg_is(s, k, "xencons")) {
                        n++;
                        r = strv_pushf(problems, "%.*s is a Xenlinux parameter", (int)k->len, s + k->start);
                } else if ((karg_is(s, k, "root") || karg_is(s, k, "resume")) && k->has_value) {
                        enum devname_kind kind;
                        r = devname_map(NULL, s + k->value_off, k->value_len, &kind, NULL);
                        if (r >= 0 && kind == DEVNAME_MAPPED) {
                                n++;
                                r = strv_pushf(problems, "%.*s names a Xenlinux disk", (int)k->len, s + k->start);
                        }
                } else if (karg_is(s, k, "console") && k->has_value) {
                        last_console = i;
                        if (value_is_xvc(s + k->value_off, k->value_len)) {
                                n++;
                                r = strv_pushf(problems, "%.*s is a Xenlinux console", (int)k->len, s + k->start);
                        }
                }
        }
        if (r >= 0 && last_console != SIZE_MAX && !console_is(s, &a.v[last_console], "hvc0")) {
                n++;
                r = strv_push(problems, "hvc0 is not the last console=");
        }
        return r < 0 ? r : n;
}
