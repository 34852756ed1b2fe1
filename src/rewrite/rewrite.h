/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The table of rewriters.
 *
 * A rewriter is a pure function from the current text of one guest file and
 * the facts to a list of line edits, plus warnings and next steps. It does
 * no I/O and never prints. Adding a file kind = one source file in rewrite/,
 * one entry in rewriters[] (rewrite.c), one unit test, one golden case.
 */
#pragma once

#include <stdbool.h>

#include "facts.h"
#include "text-file.h"
#include "util.h"

struct rewrite_out {
        struct edit_list edits;
        struct strv warnings;   /* "'/etc/fstab' line 7: ..." */
        struct strv next_steps; /* commands for the admin after apply */
        bool create;            /* the file is missing and the edits create it */
        mode_t create_mode;     /* mode for a created file (default 0644) */
        /*
         * The file exists and is to be removed (a stale cache): no edits may
         * come with it. delete_reason says why (owned; required with delete).
         */
        bool delete;
        char *delete_reason;
};

void rewrite_out_done(struct rewrite_out *o);

struct rewriter {
        const char *name;          /* "fstab" */
        const char *const *paths;  /* guest paths it handles, NULL-terminated */
        /*
         * in: the current text (never NULL; empty and exists == false when the
         * file is missing). path: the guest path the file was found by, for
         * messages. Returns 0 or -errno.
         */
        int (*rewrite)(const struct text *in, bool exists, const char *path, const struct facts *facts,
                       struct rewrite_out *out);
};

extern const struct rewriter rewriter_fstab;
extern const struct rewriter rewriter_securetty;
extern const struct rewriter rewriter_inittab;
extern const struct rewriter rewriter_upstart_eventd;
extern const struct rewriter rewriter_upstart_init;
extern const struct rewriter rewriter_lvm_conf;
extern const struct rewriter rewriter_lvm_cache;
extern const struct rewriter rewriter_lvm_devices;
extern const struct rewriter rewriter_mdadm;
extern const struct rewriter rewriter_initramfs_resume;
extern const struct rewriter rewriter_uswsusp;
extern const struct rewriter rewriter_blkid_cache;

/* Every rewriter, in the order the plan runs them; NULL-terminated. */
extern const struct rewriter *const rewriters[];
