/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * LVM's regular expressions, as libdevmapper reads the patterns of
 * lvm.conf's filter, global_filter and preferred_names: enough of them to
 * tell which device names a pattern matches.
 *
 * The syntax (libdevmapper regex/parse_rx.c): a literal character, '.'
 * (any character but NUL, CR and LF), '[...]' and '[^...]' sets (ranges
 * with '-'; '\n', '\r', '\t' and '\x' escapes inside; a ']' always closes
 * the set, even right after '['), '\x' escapes (n, r, t or the character
 * itself), '^' and '$', grouping with '(' ')', alternation '|' and the
 * postfix '*', '+', '?'. There are no intervals and no POSIX classes:
 * '{' and '[:' are ordinary characters. A pattern matches a name when it
 * matches any part of it: libdevmapper wraps every pattern as ".*(R)" and
 * accepts as soon as R has matched, with '^' matching only before the
 * first character and '$' only after the last.
 *
 * Patterns that libdevmapper rejects (an empty pattern or alternative, an
 * unclosed set or group, a quantifier with nothing before it, a trailing
 * backslash) are refused here too, and so are a few it would read oddly
 * (a stray ')'), deeper nesting than LVM_REGEX_MAX_DEPTH and patterns longer
 * than LVM_REGEX_MAX_LEN bytes.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "macro.h"

#define LVM_REGEX_MAX_LEN 256
#define LVM_REGEX_MAX_DEPTH 32

/* The characters libdevmapper feeds before and after a name for '^' and '$'. */
#define LVM_REGEX_HAT_CHAR 0x02
#define LVM_REGEX_DOLLAR_CHAR 0x03

enum lvm_rx_token_kind {
        LVM_RX_SET,   /* one character out of a set: literal, '.', '[...]', '^', '$', '\x' */
        LVM_RX_OPEN,  /* ( */
        LVM_RX_CLOSE, /* ) */
        LVM_RX_OR,    /* | */
        LVM_RX_STAR,  /* * */
        LVM_RX_PLUS,  /* + */
        LVM_RX_QUEST, /* ? */
};

struct lvm_rx_token {
        enum lvm_rx_token_kind kind;
        size_t start, end; /* byte span in the pattern */
        uint64_t set[4];   /* LVM_RX_SET: the characters it matches (bit c of set[c / 64]) */
        bool negated;      /* written as [^...] */
        bool any;          /* written as '.' */
};

static inline bool lvm_rx_set_has(const uint64_t set[4], unsigned char c)
{
        return (set[c / 64] >> (c % 64)) & 1;
}

/*
 * Split a pattern of len bytes (not NUL-terminated, no NUL inside) into
 * tokens. Returns 0 with a malloc'd array, -EINVAL for an unclosed set or a
 * trailing backslash, -E2BIG when len > LVM_REGEX_MAX_LEN, -ENOMEM.
 */
int lvm_regex_tokenize(const char *s, size_t len, struct lvm_rx_token **ret, size_t *ret_n);

struct lvm_regex;

/* Compile a pattern. Returns 0, -EINVAL (not a valid pattern), -E2BIG (too long or deep), -ENOMEM. */
int lvm_regex_compile(const char *s, size_t len, struct lvm_regex **ret);
struct lvm_regex *lvm_regex_free(struct lvm_regex *re);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct lvm_regex *, lvm_regex_free);

/*
 * Whether the pattern matches the NUL-terminated name as LVM's filter would.
 * Names longer than 1024 bytes never match. Allocates nothing (re holds the
 * scratch space, hence not const: one regex must not be matched from two
 * threads at once).
 */
bool lvm_regex_match(struct lvm_regex *re, const char *name);

/*
 * The same, one character at a time, for many names that share prefixes.
 * A state set is lvm_regex_set_words() 64-bit words. lvm_regex_start()
 * fills the set before anything is read; then feed LVM_REGEX_HAT_CHAR, the
 * name's characters and LVM_REGEX_DOLLAR_CHAR, each from one set into
 * another (not the same array). Each returns true as soon as the pattern
 * has matched: the name matches, and so does every name that starts with
 * what was fed so far (but the '$').
 */
size_t lvm_regex_set_words(const struct lvm_regex *re);
bool lvm_regex_start(struct lvm_regex *re, uint64_t *set);
bool lvm_regex_feed(struct lvm_regex *re, const uint64_t *cur, unsigned char c, uint64_t *next);
