/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shell variable assignments, as configuration files that are sourced by a
 * shell write them: SUSE /etc/sysconfig/kernel, dracut.conf,
 * initramfs-tools' initramfs.conf and Arch's mkinitcpio.conf.
 *
 * One assignment per line:
 *
 *     [blanks]NAME=VALUE[blanks][# comment]     or     NAME+=VALUE
 *
 * NAME is [A-Za-z_][A-Za-z0-9_]*; VALUE is one shell word made of unquoted
 * characters, '...' and "..." parts, or a bash array "(...)". Only the forms
 * below are read as lists of words; the others are kept and reported as
 * SHELL_FORM_OTHER, which the rewriters never edit:
 *
 *   SHELL_FORM_BARE    MODULES=most, INITRD_MODULES=  (no quote, no blank)
 *   SHELL_FORM_SINGLE  add_drivers+=' xen-blkfront '
 *   SHELL_FORM_DOUBLE  INITRD_MODULES="ata_piix ext3"
 *   SHELL_FORM_ARRAY   MODULES=(xen-blkfront ext4)   (elements unquoted)
 *
 * A value is "literal" when its words mean what they say: no '$', '`' or
 * '\' in a bare or double-quoted value, no quote or special character in an
 * array element. Non-literal values are still split into words (to see
 * whether a module is named) but never edited.
 *
 * Quotes and arrays may span lines. shell_scan_line() carries the lexical
 * state from one line to the next, so that a line that starts inside a
 * string (or array, or after a backslash-newline) is known and not taken for
 * an assignment of its own; the assignment that opened it is reported with
 * `open` set and is not editable either.
 *
 * Pure functions: no I/O, input need not be NUL-terminated.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The lexical state at a line boundary. */
struct shell_state {
        char quote;       /* 0, '\'' or '"': inside a quoted string */
        unsigned parens;  /* open '(' outside quotes (arrays, subshells) */
        bool backslash;   /* the previous line ended in a backslash-newline */
};

/* Whether a line starting in this state starts a new command. */
bool shell_state_clean(const struct shell_state *st);

/* Advance st over one line (its content, without the terminator). */
void shell_scan_line(const char *s, size_t len, struct shell_state *st);

enum shell_form {
        SHELL_FORM_BARE,
        SHELL_FORM_SINGLE,
        SHELL_FORM_DOUBLE,
        SHELL_FORM_ARRAY,
        SHELL_FORM_OTHER,
};

struct shell_assign {
        size_t name, name_len;   /* offset and length of NAME in the line */
        bool append;             /* "+=" */
        size_t value, value_end; /* the raw value: [value, value_end) */
        enum shell_form form;
        size_t inner, inner_end; /* inside the quotes or parens (BARE: the value itself) */
        bool literal;            /* the words can be taken and edited as they are */
        bool open;               /* the value does not end on this line */
};

/*
 * Parse one line that starts in a clean state. Returns 1 with *ret filled
 * when the line is an assignment (possibly followed by a comment), 0 when it
 * is anything else (blank, comment, a command, "export NAME=...", an
 * assignment followed by a command). Never fails.
 */
int shell_assign_parse(const char *s, size_t len, struct shell_assign *ret);

/* Whether the assignment's NAME is name. */
bool shell_assign_is(const struct shell_assign *a, const char *line, const char *name);

/*
 * The words of a value (BARE, SINGLE, DOUBLE, ARRAY; OTHER gives its raw text
 * split on blanks), split on blanks and tabs, each copied as written. For an
 * open value only the part on this line is seen.
 */
int shell_assign_words(const struct shell_assign *a, const char *line, struct strv *ret);

/*
 * The line with words ("w1 w2", already valid unquoted shell words) added at
 * the end of a literal list value, keeping its quotes or parens and any
 * blanks before the closing quote or paren: "a b" -> "a b w1 w2",
 * " a " -> " a w1 w2 ", "" -> "w1 w2", () -> (w1 w2). A bare value gets
 * double quotes (a -> "a w1 w2"; empty -> "w1 w2"). -EINVAL for a value
 * that is not literal, open or of form OTHER.
 */
int shell_assign_add_words(const struct shell_assign *a, const char *line, size_t len, const char *words,
                           char **ret);
