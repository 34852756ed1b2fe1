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

/* The kernel version named by a kernel path: "/boot/vmlinuz-2.6.18-308.el5xen" -> "2.6.18-308.el5xen". */
int grub_kernel_version(const char *path, char **ret);
