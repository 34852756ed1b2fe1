/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A GRUB 2 grub.cfg read for its menu entries and the kernels they boot.
 *
 * The script is split into commands with GRUB's quoting (shell-word.h, GRUB
 * dialect): words end at blanks, newlines and ; & | < > { }; '#' at the
 * start of a word comments out the rest of the line. "menuentry TITLE ...
 * {" and "submenu TITLE ... {" open an entry or a submenu (TITLE is the
 * first argument that is not an option), any other command followed by "{"
 * (function, ...) opens a plain block, and "}" closes the innermost one.
 * "linux", "linux16" and "linuxefi" commands are the kernel commands: their
 * first argument is the kernel's path, the rest its command line. Nothing
 * is run or expanded ("if" conditions are not looked at: every entry is
 * listed). Pure: no I/O.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shell-word.h"
#include "text-file.h"

struct grub_cfg_entry {
        char *title;    /* decoded (the source text when it expands a variable); NULL when the
                           command has no argument that is not an option */
        size_t line;    /* 0-based line of "menuentry" */
        size_t submenu; /* index of the enclosing submenu in entries, or SIZE_MAX */
        bool is_submenu;
};

struct grub_cfg_linux {
        char *command;       /* "linux", "linux16", "linuxefi" */
        size_t line;         /* 0-based line of the command */
        char *kernel;        /* the kernel path, decoded; NULL when missing or built from a variable */
        char *version;       /* the version in the kernel's file name (grub_kernel_version), or NULL */
        struct sw_word args; /* the command line (sw_args_parse), offsets into the text's data */
        bool one_line;       /* the whole command is on line `line`, within its content */
        size_t entry;        /* index into entries of the enclosing menuentry, or SIZE_MAX */
};

struct grub_cfg {
        struct grub_cfg_entry *entries; /* menu entries and submenus, in file order */
        size_t n_entries;
        struct grub_cfg_linux *kernel_cmds; /* kernel commands, in file order */
        size_t n_kernel_cmds;
};

/* Parse t. Never fails on content (unbalanced braces are tolerated); -ENOMEM only. */
int grub_cfg_parse(const struct text *t, struct grub_cfg *ret);

/*
 * The command line /etc/default/grub gives the kernels grub-mkconfig lists:
 * the decoded values of the last GRUB_CMDLINE_LINUX and of the last
 * GRUB_CMDLINE_LINUX_DEFAULT, joined by a space, in *ret (malloc'd).
 * Returns 1, 0 when neither is set (or t is NULL), -ENOMEM. An expansion
 * ($VAR) stays an opaque byte (SW_OPAQUE).
 */
int grub_default_cmdline(const struct text *t, char **ret);
void grub_cfg_done(struct grub_cfg *c);
