/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

static int strbuf_reserve(struct strbuf *b, size_t extra)
{
        size_t need, cap;
        char *n;

        if (extra > SIZE_MAX - b->len - 1)
                return -ENOMEM;
        need = b->len + extra + 1;
        if (need <= b->cap)
                return 0;
        cap = b->cap ? b->cap : 64;
        while (cap < need)
                cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        n = realloc(b->s, cap);
        if (!n)
                return -ENOMEM;
        b->s = n;
        b->cap = cap;
        return 0;
}

int strbuf_append(struct strbuf *b, const char *s, size_t len)
{
        int r = strbuf_reserve(b, len);

        if (r < 0)
                return r;
        if (len)
                memcpy(b->s + b->len, s, len);
        b->len += len;
        b->s[b->len] = '\0';
        return 0;
}

int strbuf_puts(struct strbuf *b, const char *s)
{
        return strbuf_append(b, s, strlen(s));
}

int strbuf_putc(struct strbuf *b, char c)
{
        return strbuf_append(b, &c, 1);
}

int strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
        va_list aq;
        int n, r;

        va_copy(aq, ap);
        n = vsnprintf(NULL, 0, fmt, aq);
        va_end(aq);
        if (n < 0)
                return -EINVAL;
        r = strbuf_reserve(b, (size_t)n);
        if (r < 0)
                return r;
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
        return 0;
}

int strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = strbuf_vprintf(b, fmt, ap);
        va_end(ap);
        return r;
}

int strbuf_steal(struct strbuf *b, char **ret)
{
        if (!b->s) {
                int r = strbuf_reserve(b, 0);
                if (r < 0)
                        return r;
                b->s[0] = '\0';
        }
        *ret = b->s;
        b->s = NULL;
        b->len = b->cap = 0;
        return 0;
}

void strbuf_done(struct strbuf *b)
{
        free(b->s);
        b->s = NULL;
        b->len = b->cap = 0;
}

int strv_push_take(struct strv *sv, char *s)
{
        if (!s)
                return -ENOMEM;
        if (sv->n + 1 >= sv->cap) {
                size_t cap = sv->cap ? sv->cap * 2 : 8;
                char **n = realloc(sv->v, cap * sizeof(char *));
                if (!n) {
                        free(s);
                        return -ENOMEM;
                }
                sv->v = n;
                sv->cap = cap;
        }
        sv->v[sv->n++] = s;
        sv->v[sv->n] = NULL;
        return 0;
}

int strv_push(struct strv *sv, const char *s)
{
        return strv_push_take(sv, strdup(s));
}

int strv_pushf(struct strv *sv, const char *fmt, ...)
{
        struct strbuf b = {0};
        va_list ap;
        char *s;
        int r;

        va_start(ap, fmt);
        r = strbuf_vprintf(&b, fmt, ap);
        va_end(ap);
        if (r < 0) {
                strbuf_done(&b);
                return r;
        }
        r = strbuf_steal(&b, &s);
        if (r < 0)
                return r;
        return strv_push_take(sv, s);
}

bool strv_contains(const struct strv *sv, const char *s)
{
        for (size_t i = 0; i < sv->n; i++)
                if (streq(sv->v[i], s))
                        return true;
        return false;
}

int strv_push_unique(struct strv *sv, const char *s)
{
        if (strv_contains(sv, s))
                return 0;
        return strv_push(sv, s);
}

int strv_extend(struct strv *dst, const struct strv *src)
{
        for (size_t i = 0; i < src->n; i++) {
                int r = strv_push(dst, src->v[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

void strv_done(struct strv *sv)
{
        for (size_t i = 0; i < sv->n; i++)
                free(sv->v[i]);
        free(sv->v);
        sv->v = NULL;
        sv->n = sv->cap = 0;
}

int strdup_checked(const char *s, char **ret)
{
        char *d = strdup(s);

        if (!d)
                return -ENOMEM;
        *ret = d;
        return 0;
}

char *strndup_or_null(const char *s, size_t n)
{
        char *d = malloc(n + 1);

        if (!d)
                return NULL;
        memcpy(d, s, n);
        d[n] = '\0';
        return d;
}

/* Length of the valid UTF-8 sequence starting at s, or 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
        size_t n;
        uint32_t cp;

        if (s[0] < 0x80)
                return 1;
        if ((s[0] & 0xE0) == 0xC0) {
                n = 2;
                cp = s[0] & 0x1F;
        } else if ((s[0] & 0xF0) == 0xE0) {
                n = 3;
                cp = s[0] & 0x0F;
        } else if ((s[0] & 0xF8) == 0xF0) {
                n = 4;
                cp = s[0] & 0x07;
        } else
                return 0;
        if (n > len)
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3F);
        }
        /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                return 0;
        return n;
}

bool utf8_valid(const char *s, size_t len)
{
        const unsigned char *p = (const unsigned char *)s;

        for (size_t i = 0; i < len;) {
                size_t n = utf8_seq_len(p + i, len - i);
                if (n == 0)
                        return false;
                i += n;
        }
        return true;
}

static bool is_control(unsigned char c)
{
        return (c < 0x20 && c != '\t') || c == 0x7F;
}

bool needs_display_escape(const char *s, size_t len)
{
        const unsigned char *p = (const unsigned char *)s;

        for (size_t i = 0; i < len;) {
                size_t n = utf8_seq_len(p + i, len - i);
                if (n == 0 || (n == 1 && is_control(p[i])))
                        return true;
                /* C1 control characters (U+0080..U+009F) act on some terminals. */
                if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0)
                        return true;
                i += n;
        }
        return false;
}

int escape_for_display(const char *s, size_t len, struct strbuf *out)
{
        const unsigned char *p = (const unsigned char *)s;
        bool escape = needs_display_escape(s, len);
        int r = 0;

        if (!escape)
                return strbuf_append(out, s, len);
        for (size_t i = 0; i < len && r >= 0;) {
                size_t n = utf8_seq_len(p + i, len - i);
                bool c1 = n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0;

                if (n == 0 || c1 || (n == 1 && is_control(p[i]))) {
                        r = strbuf_printf(out, "\\x%02X", p[i]);
                        i += 1;
                } else if (p[i] == '\\') {
                        r = strbuf_puts(out, "\\\\");
                        i += 1;
                } else {
                        r = strbuf_append(out, s + i, n);
                        i += n;
                }
        }
        return r;
}
