/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Words of shell and GRUB script source, decoded with a map back to the
 * source, so that a change to the decoded value can be written back into the
 * source without touching the quoting of anything else.
 *
 * Two dialects share the rules (POSIX sh, and GRUB 2's script, which copies
 * it):
 *  - outside quotes a backslash takes the next byte literally, and a
 *    backslash before a newline is a line continuation (nothing);
 *  - '...' is literal up to the next single quote;
 *  - "..." is literal except that a backslash escapes $ " \ and a newline
 *    (and ` in sh): before any other byte it stays a backslash;
 *  - $NAME, ${...}, $1, $?, ... are expansions, and so are $(...) and `...`
 *    in sh: their value is not known here, so each one decodes to a single
 *    SW_OPAQUE byte that maps to the whole expansion;
 *  - a word ends at an unquoted blank (space, tab) or newline, or at an
 *    operator: ; & | < > and ( ) in sh, ; & | < > { } in GRUB.
 * Nothing else is interpreted: no globbing, no tilde or brace expansion, no
 * aliases, no here-documents. A CR is an ordinary byte, as it is for sh.
 *
 * A word is made of segments: runs of unquoted source (SW_SEG_PLAIN), and
 * single- or double-quoted strings with their quotes. Every decoded byte
 * knows its segment and the source bytes it came from. Pure: no I/O.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The decoded byte that stands for one expansion ($VAR, ${...}, $(...), `...`). */
#define SW_OPAQUE '\001'

enum sw_dialect {
        SW_SHELL,
        SW_GRUB,
};

enum sw_seg_kind {
        SW_SEG_PLAIN,
        SW_SEG_SINGLE,
        SW_SEG_DOUBLE,
};

struct sw_seg {
        enum sw_seg_kind kind;
        size_t start, end; /* source bytes, quotes included */
};

struct sw_word {
        size_t start, end;  /* the word's source bytes */
        char *value;        /* decoded, NUL-terminated after len (may hold SW_OPAQUE) */
        size_t len;
        size_t *src;        /* per decoded byte: where its source starts */
        size_t *src_end;    /* per decoded byte: one past its last source byte */
        size_t *seg;        /* per decoded byte: index into segs */
        struct sw_seg *segs;
        size_t n_segs;
        bool expands;      /* has an expansion (a SW_OPAQUE byte) */
        bool multiline;    /* the source holds a newline (a continuation or a quoted newline) */
        bool unterminated; /* a quote or expansion is still open at the end of the input */
};

void sw_word_done(struct sw_word *w);

/*
 * Parse the word that starts at s[*pos] (s has len bytes and need not be
 * NUL-terminated) and move *pos past it. At a terminator the word is empty.
 * Never fails on content (an open quote runs to the end of the input and
 * sets unterminated); -ENOMEM only. *ret need not be initialised.
 */
int sw_word_parse(enum sw_dialect d, const char *s, size_t len, size_t *pos, struct sw_word *ret);

/* Where the word that starts at s[start] ends, as sw_word_parse() finds it, without decoding it. */
size_t sw_word_end(enum sw_dialect d, const char *s, size_t len, size_t start);

/*
 * Parse the arguments of a command from s[*pos]: words separated by blanks,
 * up to (not including) a newline, an operator, a '#' that starts a word, or
 * the end. They come back as one word whose value holds each word's value
 * and, between them, the blanks of the source as they are (segments of
 * their own), so that the value reads as a kernel command line. A blank
 * inside a word (quoted or escaped) decodes to SW_OPAQUE, so that each
 * source word stays one kernel argument (as GRUB passes it). *ret spans from
 * the first word's start to the last word's end; *pos ends after the last
 * word. No word gives an empty value with start == end == the first
 * non-blank position.
 */
int sw_args_parse(enum sw_dialect d, const char *s, size_t len, size_t *pos, struct sw_word *ret);

/* Whether the bytes can stand unquoted in a word of either dialect (letters, digits, _-./:,=+@%). */
bool sw_plain_safe(const char *v, size_t n);

/*
 * Append v (n bytes) to out, written for the inside of a segment of kind k
 * (the quotes themselves are not written): as they are when plain-safe
 * (SW_SEG_PLAIN) or free of "'" (SW_SEG_SINGLE), with \ before " $ \ (and `
 * in sh) for SW_SEG_DOUBLE. -EINVAL when v cannot be written so (a newline, SW_OPAQUE,
 * NUL, a "'" inside single quotes, an unsafe byte in plain text); out is
 * then unchanged. -ENOMEM.
 */
int sw_encode(enum sw_dialect d, enum sw_seg_kind k, const char *v, size_t n, struct strbuf *out);

/*
 * The source range of decoded bytes [x, y) (x < y <= w->len), when it can
 * be replaced without breaking the quoting around it: the bytes lie in one
 * segment (the range is then inside it, quotes excluded, unless they are all
 * of a quoted segment and the word has other bytes: the quotes then go
 * too), or every quoted segment they touch is covered entirely (the range
 * then takes in its quotes; plain segments may be covered in part).
 * Returns 0 or -EINVAL.
 */
int sw_word_source_range(const struct sw_word *w, size_t x, size_t y, size_t *ret_from, size_t *ret_to);

/*
 * The new source text for w (parsed from src in dialect d) when its decoded
 * value becomes v: the bytes between the common prefix and suffix of the old
 * and new values are replaced inside the segment that holds them, encoded
 * for it; when they span segments or cannot be written there, the word is
 * written anew between double quotes (only when it has no expansion). The
 * result decodes to v (checked). *ret is NULL when neither works, or when w
 * spans lines or has an open quote. Returns 0 or -ENOMEM.
 */
int sw_word_rewrite(enum sw_dialect d, const char *src, const struct sw_word *w, const char *v, char **ret);
