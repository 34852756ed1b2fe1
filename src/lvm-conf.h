/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/lvm/lvm.conf as libdevmapper's config parser (dm_config) reads it,
 * for the keys whose values are lists of device patterns:
 *
 *   devices {
 *       filter = [ "a|^/dev/sda[0-9]*$|", "r|.*|" ]
 *       global_filter = [ "r|/dev/sdc|" ]
 *       preferred_names = [ "^/dev/mpath/", "^/dev/[hs]d" ]
 *   }
 *
 * The syntax: '#' comments between tokens, sections "name { ... }",
 * "key = value" with values that are numbers, "double-quoted" strings with
 * backslash escapes, 'single-quoted' strings, bare words, or "[ ... ]" lists
 * whose commas are optional; keys may be paths ("devices/filter = [...]" at
 * the top). Parsing stops at the first NUL byte, as libdevmapper does.
 *
 * Everything is recorded as byte offsets into the text, so that a rewriter
 * can insert next to a value and a checker can name its line.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum lvm_conf_key {
        LVM_CONF_FILTER,          /* devices/filter */
        LVM_CONF_GLOBAL_FILTER,   /* devices/global_filter */
        LVM_CONF_PREFERRED_NAMES, /* devices/preferred_names */
};

enum lvm_conf_kind {
        LVM_CONF_DQUOTED, /* "...": \" and \\ are escapes */
        LVM_CONF_SQUOTED, /* '...': no escapes */
        LVM_CONF_OTHER,   /* a number or a bare word: LVM refuses it as a pattern */
};

/* One value of a list (or the single value of "key = value"). */
struct lvm_conf_value {
        size_t tb, te;           /* the token, quotes included */
        enum lvm_conf_kind kind;
        bool comma_after;        /* a ',' follows it */
        size_t comma_end;        /* just after that ',' */
};

struct lvm_conf_list {
        enum lvm_conf_key key;
        size_t key_at;           /* offset of the key's token (the line to report) */
        bool is_array;           /* "[ ... ]", else one value */
        bool has_comma;          /* some value of the list is followed by a ',' */
        struct lvm_conf_value *v;
        size_t n;
};

/* The lists of the pattern keys, in file order (a key set twice gives two lists). */
struct lvm_conf {
        struct lvm_conf_list *lists;
        size_t n_lists;
};

struct lvm_conf_error {
        size_t offset; /* where libdevmapper would stop reading */
        const char *what;
};

/*
 * Parse size bytes of lvm.conf. Returns 0, -EINVAL for a file libdevmapper
 * cannot parse (with *err: an unterminated string, an unclosed list or
 * section, a stray '}', a missing '=', ...), -ENOMEM. *ret is filled only on
 * success; free it with lvm_conf_done().
 */
int lvm_conf_parse(const char *data, size_t size, struct lvm_conf *ret, struct lvm_conf_error *err);
void lvm_conf_done(struct lvm_conf *c);

/* "filter", "global_filter" or "preferred_names". */
const char *lvm_conf_key_name(enum lvm_conf_key key);

/*
 * The string LVM gets from a value: for a "double-quoted" one "\"" is '"'
 * and "\\" is '\' (dm_unescape_double_quotes()); a 'single-quoted' one as it
 * is; another value as written. Returns a malloc'd string or NULL for memory.
 */
char *lvm_conf_value_string(const char *data, const struct lvm_conf_value *v);

/*
 * A filter pattern string ("a|re|", "r/re/", "a(re)", "a\"re\"") split as
 * LVM does (lvm2's _extract_pattern()): the action 'a' or 'r', then a
 * separator that must also end the string, '(' '[' '{' closed by their
 * pairs. Returns false for a string LVM refuses; else *action and the regex
 * [*rx_start, *rx_end) in s.
 */
bool lvm_filter_split(const char *s, size_t len, char *action, size_t *rx_start, size_t *rx_end);

/*
 * The same for a quoted value in place, for editing it: the regex's byte
 * span [*rx_start, *rx_end) in data, still escaped as in the file (a
 * "double-quoted" "a\"re\"" has an escaped quote for separator). It agrees
 * with lvm_filter_split() of lvm_conf_value_string() when the value has no
 * "\\" in it. False for an unquoted value.
 */
bool lvm_conf_filter_split(const char *data, const struct lvm_conf_value *v, char *action, size_t *rx_start,
                           size_t *rx_end);
