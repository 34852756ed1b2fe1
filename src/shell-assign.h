/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Variable assignments in a shell file read as settings: /etc/default/grub,
 * /etc/sysconfig/bootloader, /etc/sysconfig/kernel, /etc/sysconfig/grub.
 *
 * The file is split into commands as sh splits it (words as in
 * shell-word.h; newlines and ; & | ( ) end a command; '#' at the start of a
 * word comments out the rest of the line; a backslash before a newline
 * joins lines). A word NAME=VALUE (NAME: a letter or '_', then letters,
 * digits, '_', all unquoted) at the start of a command is an assignment, and
 * so are those that follow it (A=1 B=2) and the NAME=VALUE arguments of
 * export, readonly, declare, typeset and local. Reserved words that start a
 * command (if then else elif fi do done while until case esac ! { }) are
 * skipped over. Words of any other command are skipped, quotes included, so
 * that text inside a quoted string spanning lines is never taken for an
 * assignment. Nothing is run or expanded. Pure: no I/O.
 *
 * Files sourced by bash (the initrd tools' configuration: SUSE
 * /etc/sysconfig/kernel, dracut.conf, initramfs.conf, mkinitcpio.conf) are
 * parsed with SHELL_PARSE_BASH, which also reads NAME+=VALUE and the arrays
 * NAME=(...), and SHELL_PARSE_CRLF, which takes the CR of a CRLF line end as
 * part of the line end. The value of such an assignment is then also
 * classified as a list of words (its form and whether it is literal), so
 * that words can be added to it in its own quoting:
 *
 *   SHELL_FORM_BARE    MODULES=most, INITRD_MODULES=  (one unquoted part)
 *   SHELL_FORM_SINGLE  add_drivers+=' xen-blkfront '
 *   SHELL_FORM_DOUBLE  INITRD_MODULES="ata_piix ext3"
 *   SHELL_FORM_ARRAY   MODULES=(xen-blkfront ext4)
 *   SHELL_FORM_OTHER   anything else ("a"b, ...): never edited
 *
 * A value is literal when its words mean what they say: on one line, no
 * '$', '`', '\' or CR in a bare or double-quoted value (and no glob or other
 * special character in a bare one), no quote or special character in an
 * array element.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shell-word.h"
#include "text-file.h"

enum shell_form {
        SHELL_FORM_BARE,
        SHELL_FORM_SINGLE,
        SHELL_FORM_DOUBLE,
        SHELL_FORM_ARRAY,
        SHELL_FORM_OTHER,
};

enum {
        SHELL_PARSE_BASH = 1 << 0, /* NAME+=VALUE and arrays NAME=(...) */
        SHELL_PARSE_CRLF = 1 << 1, /* the CR of a CRLF line end ends a word as the LF does */
};

struct shell_assign {
        char *name;
        size_t line;          /* 0-based line of the name */
        size_t name_start;    /* offset of the name in the text's data */
        struct sw_word value; /* the value after '=', offsets into the text's data (an array: empty
                                 value, start and end around its parentheses) */
        bool exported;        /* an argument of export (or readonly, declare...) */
        bool append;          /* "+=" (SHELL_PARSE_BASH) */
        bool alone;           /* the only word of its command, which has a line of its own: only blanks
                                 before it, only blanks and a comment after its value, outside parentheses */
        enum shell_form form;
        size_t inner, inner_end; /* inside the quotes or parentheses; BARE, OTHER: the value's source */
        bool literal;            /* the words of the value can be taken and edited as written */
};

struct shell_assigns {
        struct shell_assign *v;
        size_t n;
};

/* Every assignment of t, in order. Never fails on content; -ENOMEM only. */
int shell_assigns_parse(const struct text *t, struct shell_assigns *ret);
/* The same, with SHELL_PARSE_* flags. */
int shell_assigns_parse_flags(const struct text *t, unsigned flags, struct shell_assigns *ret);
void shell_assigns_done(struct shell_assigns *a);

/* The last assignment of name (the one the shell keeps), or NULL. */
const struct shell_assign *shell_assigns_last(const struct shell_assigns *a, const char *name);

/*
 * Whether the assignment's value lies on its own line, within the line's
 * content (not across lines, not into a CR of its terminator), so that it
 * can be replaced by editing that one line.
 */
bool shell_assign_on_one_line(const struct text *t, const struct shell_assign *a);

/*
 * The words of a value as written: its inner source (OTHER: the whole
 * value) split on blanks, CRs and newlines, comments inside an array left
 * out.
 */
int shell_assign_words(const struct text *t, const struct shell_assign *a, struct strv *ret);

/*
 * The content of the assignment's line with words ("w1 w2", already valid
 * unquoted shell words) added at the end of its literal list value, keeping
 * its quotes or parentheses and any blanks before the closing one: "a b" ->
 * "a b w1 w2", " a " -> " a w1 w2 ", "" -> "w1 w2", () -> (w1 w2). A bare
 * value gets double quotes (a -> "a w1 w2"; empty -> "w1 w2"). -EINVAL for a
 * value that is not literal, of form OTHER, or not alone on its line.
 */
int shell_assign_add_words(const struct text *t, const struct shell_assign *a, const char *words, char **ret);

/*
 * Whether a line appended to t would be a command of its own: t does not
 * end inside a quote, an expansion, an array or after a backslash-newline.
 */
bool shell_text_ends_clean(const struct text *t, unsigned flags);
