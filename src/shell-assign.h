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
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shell-word.h"
#include "text-file.h"

struct shell_assign {
        char *name;
        size_t line;          /* 0-based line of the name */
        size_t name_start;    /* offset of the name in the text's data */
        struct sw_word value; /* the value after '=', offsets into the text's data */
        bool exported;        /* an argument of export (or readonly, declare...) */
};

struct shell_assigns {
        struct shell_assign *v;
        size_t n;
};

/* Every assignment of t, in order. Never fails on content; -ENOMEM only. */
int shell_assigns_parse(const struct text *t, struct shell_assigns *ret);
void shell_assigns_done(struct shell_assigns *a);

/*
 * Whether the assignment's value lies on its own line, within the line's
 * content (not across lines, not into a CR of its terminator), so that it
 * can be replaced by editing that one line.
 */
bool shell_assign_on_one_line(const struct text *t, const struct shell_assign *a);
