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
#include "guest-root.h"
#include "text-file.h"
#include "util.h"

struct rewrite_out {
        struct edit_list edits;
        struct strv warnings;   /* "'/etc/fstab' line 7: ..." */
        struct strv next_steps; /* commands for the admin after apply */
        bool create;            /* the file is missing and the edits create it */
        mode_t create_mode;     /* mode for a created file (default 0644) */
        struct strv notes;      /* what was checked and found fine or left alone, and why (for -v) */
        bool rebuild_initrd;    /* the edits change what the target's initrd is built from */
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
        const char *const *paths;  /* guest paths it handles, NULL-terminated; may be NULL */
        /*
         * Optional: more paths, found at plan time (from the profile, or by
         * listing a guest directory such as /etc/dracut.conf.d). They are run
         * after paths, in the order given; duplicates of the same file (a
         * symlink and its target) are handled by the plan. Returns 0 or -errno
         * with the reason recorded (error_set()).
         */
        int (*list_paths)(const struct guest_root *g, const struct facts *facts, struct strv *ret);
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
extern const struct rewriter rewriter_crypttab;
extern const struct rewriter rewriter_grub_legacy;
extern const struct rewriter rewriter_grub2_default;
extern const struct rewriter rewriter_grub2_cfg;
extern const struct rewriter rewriter_sysconfig_bootloader;
extern const struct rewriter rewriter_device_map;
extern const struct rewriter rewriter_sysconfig_kernel;
extern const struct rewriter rewriter_initrd_modprobe;
extern const struct rewriter rewriter_initrd_suse;
extern const struct rewriter rewriter_initrd_debian;
extern const struct rewriter rewriter_initrd_dracut;
extern const struct rewriter rewriter_initrd_mkinitcpio;
extern const struct rewriter rewriter_lvm_conf;
extern const struct rewriter rewriter_lvm_cache;
extern const struct rewriter rewriter_lvm_devices;
extern const struct rewriter rewriter_mdadm;
extern const struct rewriter rewriter_initramfs_resume;
extern const struct rewriter rewriter_uswsusp;
extern const struct rewriter rewriter_blkid_cache;

/*
 * A command to run in the guest, as the admin would type it: cmd itself when
 * domufix runs in the guest, "chroot ROOT cmd" with --root (ROOT quoted for
 * the shell when it has to be). Returns 0 or -ENOMEM.
 */
int rewrite_guest_command(const struct facts *f, const char *cmd, char **ret);

/*
 * For list_paths(): add path to ret unless it names the same file as a path
 * already there (a symlink to it, such as Fedora's /etc/sysconfig/grub ->
 * ../default/grub), so that the file is not rewritten and warned about
 * twice. Paths that cannot be resolved are added (the plan reports them).
 * Returns 0 or -ENOMEM.
 */
int rewrite_list_path(const struct guest_root *g, struct strv *ret, const char *path);

/*
 * Push "'PATH' line LINE_NO: WHAT '<tok, escaped for display>'REST" onto
 * out->warnings, for a token of a guest line that is left as it is. Returns 0
 * or -ENOMEM.
 */
int rewrite_warn_token(struct rewrite_out *out, const char *path, size_t line_no, const char *what, const char *tok,
                       size_t tok_len, const char *rest);

/*
 * For rewrite(): call line_fn on every line of in that is neither blank nor a
 * comment (line_is_blank(), line_is_comment()), with its index, in order. A
 * missing file (exists false) has none. Returns 0 or the first -errno from
 * line_fn.
 */
typedef int (*rewrite_line_fn)(const struct line *l, size_t i, const char *path, const struct facts *facts,
                               struct rewrite_out *out);
int rewrite_each_entry(const struct text *in, bool exists, const char *path, const struct facts *facts,
                       struct rewrite_out *out, rewrite_line_fn line_fn);

/* Every rewriter, in the order the plan runs them; NULL-terminated. */
extern const struct rewriter *const rewriters[];
