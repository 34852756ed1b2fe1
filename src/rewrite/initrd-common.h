/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the initrd module-list rewriters share (modprobe.c, sysconfig-kernel.c,
 * initramfs-modules.c, dracut-conf.c, mkinitcpio.c): which of them runs, on
 * which file, and when they leave the file alone.
 *
 * Each handles one format and runs only when the profile's [initrd] tool is
 * its own; its file is the profile's modules-file (dracut: also the drop-in
 * in modules-dir). It edits only for an installed target kernel that is
 * pvops (or of unknown flavor, when chosen with --kernel); otherwise it
 * leaves the list alone and says why in a note: without a pvops kernel in
 * the guest, the kernel and its initrd come from dom0.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "rewrite/rewrite.h"
#include "shell-assign.h"

#define INITRD_BLKFRONT "xen-blkfront"
#define INITRD_NETFRONT "xen-netfront"

/* list_paths for a rewriter of tool `tool`: the profile's modules-file. */
int initrd_modules_file_path(const struct facts *facts, const char *tool, struct strv *ret);

/*
 * Whether the rewriter of `tool` edits `path` for this guest: true when the
 * profile's tool is `tool` and the target is installed and not Xenlinux.
 * Otherwise false, with a note in out when the tool matches.
 */
int initrd_rewrite_wanted(const struct facts *facts, const char *tool, const char *path, struct rewrite_out *out,
                          bool *ret);

/* How the initrd tools' files of shell assignments are parsed (bash, CRLF line ends allowed). */
#define INITRD_SHELL_FLAGS (SHELL_PARSE_BASH | SHELL_PARSE_CRLF)

/* A shell variable holding a module list, as a file of assignments sets it. */
struct initrd_var {
        struct shell_assigns all; /* every assignment of the file */
        const struct shell_assign *a; /* the last assignment of the variable, NULL when there is none */
        size_t line;             /* its line, SIZE_MAX when there is none */
        bool have_blk, have_net; /* the value it ends with names xen-blkfront / xen-netfront */
};

/*
 * Find the assignments of `name` in a file of shell assignments and evaluate
 * the list ("=" replaces unless it refers to $name, "+=" appends). Only
 * assignments alone on their line count (shell_assign.alone).
 */
int initrd_var_scan(const struct text *in, const char *name, struct initrd_var *ret);
void initrd_var_done(struct initrd_var *v);

/*
 * Whether a file of shell code ends outside any quote or array: a line
 * appended to it is then a command of its own. Otherwise the rewriters warn
 * instead of appending.
 */
bool initrd_shell_ends_clean(const struct text *in);

/*
 * Add words to the list of var (scanned into v): at the end of its last
 * assignment, in its own quoting, or without one in a line var="words"
 * added at the end of the file; then the initrd needs a rebuild. When that
 * cannot be done safely (the value is not a `what`, "plain list" say, or the
 * file ends inside a quote), a warning tells to do it by hand, or the
 * `image` ("initrd", "initramfs") of the target `version` may lack them.
 */
int initrd_var_add(const struct text *in, const char *path, const char *var, const struct initrd_var *v,
                   const char *words, const char *reason, const char *what, const char *image,
                   const char *version, struct rewrite_out *out);

/*
 * The frontends not listed yet, each followed by suffix ("?" for mkinitcpio),
 * separated by a space: "xen-blkfront xen-netfront", "xen-netfront", or "".
 */
int initrd_missing_words(bool have_blk, bool have_net, const char *suffix, char **ret);
