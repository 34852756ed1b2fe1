/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/crypttab fields: "name source [keyfile [options]]".
 *
 * A line is split into fields at runs of spaces and tabs, as Debian's
 * cryptdisks scripts and systemd-cryptsetup-generator read it. Fields are
 * kept as byte ranges of the original line, so a line can be rebuilt with
 * some fields replaced and every other byte (blanks, other fields, odd bytes)
 * as it was. Pure functions: no I/O, no allocation except the rebuilt line.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum {
        CRYPTTAB_NAME,
        CRYPTTAB_SOURCE,
        CRYPTTAB_KEYFILE,
        CRYPTTAB_OPTIONS,
        CRYPTTAB_FIELDS_MAX,
};

/* A field: bytes [start, start + len) of the line's content. */
struct crypttab_field {
        size_t start;
        size_t len;
};

struct crypttab_line {
        struct crypttab_field f[CRYPTTAB_FIELDS_MAX];
        size_t n;   /* fields found, at most CRYPTTAB_FIELDS_MAX; 0 for a blank or comment line */
        bool extra; /* more than four fields (the fifth and later are not in f) */
};

/*
 * Split one line's content (no terminator; need not be NUL-terminated) into
 * fields. Blanks are spaces and tabs; every other byte, a CR or a NUL
 * included, belongs to a field. A line that is blank or whose first
 * non-blank byte is '#' is a comment: n is 0.
 */
void crypttab_parse_line(const char *s, size_t len, struct crypttab_line *ret);

/*
 * The line with the fields whose entry in new_fields[] is not NULL replaced
 * (new_fields has CRYPTTAB_FIELDS_MAX entries; entries for fields the line
 * does not have are ignored). When the blanks after a replaced field are
 * spaces only and another field follows, they absorb the change of length
 * (at least one space stays), so the next columns stay where they were;
 * a run with a tab is kept as it is. With every entry NULL the result is the
 * line itself, byte for byte. Returns 0 or -ENOMEM; *ret is malloc'd.
 */
int crypttab_build_line(const char *s, size_t len, const struct crypttab_line *l,
                        const char *const new_fields[CRYPTTAB_FIELDS_MAX], char **ret);
