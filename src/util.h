/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Growable string buffers and string vectors. All functions return 0 or
 * -errno (only -ENOMEM in practice) and never print.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

/* A growable byte buffer, always NUL-terminated after its data. */
struct strbuf {
        char *s;
        size_t len;
        size_t cap;
};

int strbuf_append(struct strbuf *b, const char *s, size_t len);
int strbuf_puts(struct strbuf *b, const char *s);
int strbuf_putc(struct strbuf *b, char c);
int strbuf_printf(struct strbuf *b, const char *fmt, ...) _printf_(2, 3);
int strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap) _printf_(2, 0);
/* Hand the data to the caller (never NULL on success, "" when empty). */
int strbuf_steal(struct strbuf *b, char **ret);
void strbuf_done(struct strbuf *b);

/* A vector of owned strings. */
struct strv {
        char **v;
        size_t n;
        size_t cap;
};

int strv_push(struct strv *sv, const char *s);
int strv_push_take(struct strv *sv, char *s);
int strv_pushf(struct strv *sv, const char *fmt, ...) _printf_(2, 3);
/* Add s unless an equal string is already there. */
int strv_push_unique(struct strv *sv, const char *s);
bool strv_contains(const struct strv *sv, const char *s);
int strv_extend(struct strv *dst, const struct strv *src);
void strv_done(struct strv *sv);

/* strdup/strndup returning -ENOMEM-friendly results. */
int strdup_checked(const char *s, char **ret);
char *strndup_or_null(const char *s, size_t n);

/* Whether the bytes are a valid UTF-8 sequence. */
bool utf8_valid(const char *s, size_t len);

/*
 * Escape bytes for display: control characters other than TAB and invalid
 * UTF-8 become \xNN, and a backslash becomes \\ only when something else was
 * escaped in the string, so that ordinary text is shown as it is.
 */
int escape_for_display(const char *s, size_t len, struct strbuf *out);
bool needs_display_escape(const char *s, size_t len);
