/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GRUB legacy menus (grub.conf, menu.lst) parsed into entries. Pure: text
 * in, entries out. SUSE's /etc/grub.conf (grub shell commands such as
 * "setup --stage2=..."), is not a menu: grub_menu_is_menu() says so.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "text-file.h"

struct boot_entry {
        char *title;
        size_t line_title;   /* 0-based line of "title" */
        size_t line_end;     /* one past the entry's last command line (trailing blank lines
                                and comments, such as the next entry's YaST marker, excluded) */
        char *root;          /* "(hd0,0)" or NULL */
        char *kernel;        /* path as written: "/vmlinuz-2.6.18-308.el5xen" */
        char *kernel_args;   /* the rest of the kernel line, or ""; NULL without a kernel line */
        size_t line_kernel;  /* SIZE_MAX when the entry has no kernel line */
        char *initrd;        /* path as written, or NULL */
        size_t line_initrd;  /* SIZE_MAX when none */
        char *version;       /* from the kernel file name, "2.6.18-308.el5xen", or NULL; for a
                                dom0 entry from the first module line naming a kernel */
        bool is_xen_hypervisor; /* "kernel /xen.gz" + "module" lines: a dom0 entry (kernel,
                                   kernel_args and line_kernel then describe the hypervisor) */
};

struct boot_menu {
        char *path;          /* canonical guest path, set by the caller */
        int default_index;   /* from "default N"/"default=N"; 0 when absent; -1 "saved" */
        bool has_default;
        struct boot_entry *entries;
        size_t n_entries;
        /* Debian/Ubuntu update-grub magic lines present ("# kopt=") */
        bool automagic;
};

void boot_menu_done(struct boot_menu *m);

/* Whether the text looks like a menu (has a title line) rather than grub shell commands. */
bool grub_menu_is_menu(const struct text *t);

/* Parse a menu. Never fails on odd content (unknown lines are skipped); -ENOMEM only. */
int grub_menu_parse(const struct text *t, struct boot_menu *ret);

/*
 * One command line of a menu split as the parser splits it: offsets into the
 * line's bytes. The keyword ends at a blank or '='; the arguments start after
 * every blank and '=' that follows it and end before trailing blanks (and a
 * lone CR at the end of a last line).
 */
struct grub_command {
        size_t keyword_off, keyword_len;
        size_t args_off, args_len;
};

/* Split line l as grub_menu_parse() does; false for blank lines and comments. */
bool grub_menu_command(const struct line *l, struct grub_command *ret);

/*
 * Whether keyword cmd of line l is name ("kernel", "default", ...).
 * cmd is what grub_menu_command() returned for l.
 */
bool grub_command_is(const struct line *l, const struct grub_command *cmd, const char *name);

/*
 * For a "kernel" line: where its kernel arguments are, the words after the
 * path (and after GRUB options such as "--no-mem-option" before it), as
 * boot_entry.kernel_args holds them. False when l is not a kernel line.
 * Nothing before *ret_off and nothing after *ret_off + *ret_len is part of
 * the arguments.
 */
bool grub_menu_kernel_args(const struct line *l, size_t *ret_off, size_t *ret_len);

/* The kernel version named by a kernel path: "/boot/vmlinuz-2.6.18-308.el5xen" -> "2.6.18-308.el5xen". */
int grub_kernel_version(const char *path, char **ret);
