/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the guest's initrd tool will read besides its module list, gathered
 * once with the facts so that the module-list rewriters stay pure:
 *
 *  - dracut: the driver lists of every configuration file dracut sources
 *    (the profile's modules-file, then modules-dir/\*.conf in name order),
 *    evaluated as dracut does ("=" replaces, "+=" appends, "$add_drivers"
 *    keeps the earlier value), so that a driver named in any file counts,
 *    and a file that would wipe out domufix's drop-in is known;
 *  - initramfs-tools: MODULES (most, dep, netboot, list) from
 *    /etc/initramfs-tools/initramfs.conf and the conf.d directories, the
 *    last assignment winning as when mkinitramfs sources them;
 *  - SUSE mkinitrd: whether it treats the target as a Xen kernel (its
 *    /boot/config has CONFIG_XEN=y, or its version contains "-xen"), in
 *    which case DOMU_INITRD_MODULES is added to INITRD_MODULES;
 *  - the root device of /etc/fstab, for tools that must be told it.
 *
 * Every file is read through the guest root; missing files are simply
 * absent, unsafe ones are errors (as guest_file_read() refuses them).
 */
#pragma once

#include <stdbool.h>

#include "guest-root.h"
#include "kernel.h"
#include "profile.h"
#include "util.h"

/* The drop-in dracut gets when its modules-dir exists. */
#define INITRD_DRACUT_DROPIN "xen-domufix.conf"
/* More dracut drop-ins than this are not read (a warning says so). */
#define INITRD_CONF_DIR_MAX 256

/* Where a setting was found: "'/etc/dracut.conf.d/50-x.conf' line 3". */
struct initrd_setting {
        char *path;
        size_t line; /* 1-based */
};

struct initrd_conf {
        /* dracut (tool "dracut") */
        bool dracut;               /* the profile's tool is dracut: the fields below are filled */
        bool dracut_dir;           /* modules-dir exists (new drivers go into the drop-in there) */
        char *dracut_dropin;       /* modules-dir/INITRD_DRACUT_DROPIN, or NULL without modules-dir */
        bool dracut_blkfront;      /* the drivers dracut ends up with include xen-blkfront */
        bool dracut_netfront;      /* ... xen-netfront */
        struct initrd_setting dracut_reset; /* the last "add_drivers=" that drops earlier values
                                               and comes after the drop-in (path NULL: none) */
        struct strv dracut_omit;   /* "'PATH' line N: omit_drivers names xen-blkfront" */
        struct strv dracut_unread; /* "'PATH' line N: add_drivers spans lines" etc.: not understood */

        /* initramfs-tools (tool "initramfs-tools") */
        bool itools;                    /* the fields below are filled */
        char *itools_modules;           /* the MODULES value; NULL when not set (the default, most) */
        bool itools_modules_literal;    /* the value is a plain word */
        struct initrd_setting itools_modules_at; /* where it was set (path NULL: not set) */

        /* SUSE mkinitrd (tool "mkinitrd-suse") */
        bool suse;             /* the fields below are filled */
        bool suse_target_xen;  /* mkinitrd adds DOMU_INITRD_MODULES for the target */
        char *suse_target_why; /* "/boot/config-VER has CONFIG_XEN=y", "no CONFIG_XEN=y in ...", ... */

        /* Any tool */
        char *root_spec; /* the source field of the "/" entry in /etc/fstab, or NULL */
};

/*
 * Gather the above for profile p and the target kernel (may be NULL).
 * *ret need not be initialised; on failure it is left empty.
 */
int initrd_conf_scan(const struct guest_root *g, const struct profile *p, const struct kernel *target,
                     struct initrd_conf *ret);
void initrd_conf_done(struct initrd_conf *c);

/* Whether a module name is name, with '-' and '_' taken as equal (as modprobe does). */
bool initrd_module_is(const char *word, size_t len, const char *name);

/*
 * Whether the words of a module list (shell_assign_words()) name xen-blkfront
 * or xen-netfront: sets *blk and *net when found (never clears them). Quotes
 * left on the words of a mixed value and mkinitcpio's '?' suffix are looked
 * past.
 */
void initrd_words_frontends(const struct strv *words, bool *blk, bool *net);

/* Whether the words refer to the variable's own earlier value: "$name" or "${name}". */
bool initrd_words_self(const struct strv *words, const char *name);
