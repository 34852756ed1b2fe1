/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The edit model.
 *
 * A file is its original bytes split into lines, each keeping its own
 * terminator (LF, CRLF, or none for a last line without newline). Rewriters
 * look at a struct text and return a list of line edits; the engine applies
 * them to a struct text_result which remembers, for every line, which
 * original line it came from. That origin map is what the diff is rendered
 * from, and what lets several rewriters edit the same file one after another.
 * Lines nobody touched are written back byte for byte.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct line {
        const char *s;  /* start of the line's content */
        size_t len;     /* content length, terminator excluded */
        size_t eol_len; /* 0 (no terminator), 1 ("\n") or 2 ("\r\n") */
};

struct text {
        char *data; /* owned copy of the bytes, NUL-terminated after size */
        size_t size;
        struct line *lines;
        size_t n_lines;
};

/* Split bytes into lines (copies the data). An empty input gives zero lines. */
int text_new(const char *data, size_t size, struct text **ret);
struct text *text_free(struct text *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct text *, text_free);

/* The terminator new lines should get: "\r\n" when most lines use CRLF. */
const char *text_default_eol(const struct text *t);

/* The line holding byte offset of t->data (its terminator included); 0 when t has no lines. */
size_t text_line_at(const struct text *t, size_t offset);

/* Whether line i, after leading blanks, starts with '#' (or is blank). */
bool line_is_comment(const struct line *l);
bool line_is_blank(const struct line *l);

enum edit_kind {
        EDIT_REPLACE, /* replace the content of line `line`, keep its terminator */
        EDIT_INSERT,  /* insert a new line before line `line` (== n_lines: append) */
        EDIT_DELETE,  /* remove line `line` */
};

struct edit {
        enum edit_kind kind;
        size_t line;
        char *content; /* without terminator; NULL for EDIT_DELETE */
        char *reason;  /* why, for the plan; never NULL */
};

struct edit_list {
        struct edit *v;
        size_t n;
        size_t cap;
};

int edit_list_replace(struct edit_list *el, size_t line, const char *content, const char *reason);
int edit_list_insert(struct edit_list *el, size_t before, const char *content, const char *reason);
int edit_list_delete(struct edit_list *el, size_t line, const char *reason);
void edit_list_done(struct edit_list *el);

/* One line of a result: either an original line (orig >= 0) or a new one. */
struct rline {
        ssize_t orig;   /* index into the original text, or -1 for a new line */
        char *content;  /* owned content for new lines; NULL for original lines */
        size_t len;
        const char *eol; /* terminator for new lines ("", "\n", "\r\n") */
};

struct text_result {
        const struct text *orig; /* borrowed */
        struct rline *lines;
        size_t n_lines;
        struct strv reasons; /* unique reasons of every edit applied */
        bool changed;
};

/* Start a result equal to the original text. */
int text_result_new(const struct text *orig, struct text_result **ret);
struct text_result *text_result_free(struct text_result *r);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct text_result *, text_result_free);

/* The current content as a text, for the next rewriter to read. */
int text_result_to_text(const struct text_result *r, struct text **ret);

/*
 * Apply edits that refer to line numbers of the text produced by
 * text_result_to_text() (i.e. the current state). Edits to the same line
 * conflict and give -EINVAL. An edit whose content equals the line it
 * replaces is dropped, so an idempotent rewriter causes no change.
 */
int text_result_apply(struct text_result *r, const struct edit_list *el);

/* The new bytes. */
int text_result_render(const struct text_result *r, char **ret, size_t *ret_size);

/* The current bytes of line i (content and terminator). */
void text_result_line(const struct text_result *r, size_t i, const char **ret_s, size_t *ret_len,
                      const char **ret_eol, size_t *ret_eol_len);
