/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What is known about the guest before anything is rewritten: distro,
 * profile, kernels with their flavor, the target kernel, the boot menus, and
 * the disk-name rule. Built once by facts_build(), then only read (the
 * rewriters get a const pointer).
 */
#pragma once

#include <stdbool.h>

#include "blockid.h"
#include "devname.h"
#include "distro.h"
#include "grub-menu.h"
#include "guest-root.h"
#include "init-scan.h"
#include "initrd-conf.h"
#include "kernel.h"
#include "profile.h"
#include "util.h"

struct facts_options {
        const char *profile;           /* --profile NAME|FILE, or NULL to detect */
        const struct strv *profile_dirs; /* --profile-dir, searched first */
        const char *kernel;            /* --kernel VERSION, or NULL */
        enum fstab_by fstab_by;        /* --fstab-by */
        const char *mountinfo;         /* the host's mount table for --fstab-by with --root; NULL: the real one */
        bool default_to_target;        /* --default-to-target */
};

struct facts {
        char *root;            /* the guest root as given (--root), for commands in next steps;
                                  NULL when it is the running system */
        struct devmap devmap;  /* the disk-name rule for the target kernel */
        char *devmap_reason;   /* why that rule ("target kernel 2.6.32-279.el6.x86_64 is a RHEL 6
                                  kernel ..."), or NULL for the plain same-letter rule */

        struct distro distro;
        struct profile *profile;
        char *profile_reason;

        struct kernel *kernels; /* oldest to newest */
        size_t n_kernels;
        const struct kernel *target; /* points into kernels, or NULL */
        char *target_version;        /* the target's version even when not installed (--kernel) */
        char *target_reason;         /* why this target, or why none */

        struct boot_menu *menus; /* each GRUB legacy menu found, by canonical path */
        size_t n_menus;

        struct init_info init; /* gettys, the job to model a new one on, static /dev */

        /* --fstab-by: how fstab and crypttab sources are written, and the identifiers found. */
        enum fstab_by fstab_by;
        struct blockid_table block_ids; /* empty for FSTAB_BY_NAME */
        struct initrd_conf initrd_conf; /* what the initrd tool reads besides its module list */

        /* Disk and console names in use, each "NAME (where)", for detect. */
        struct strv disks;
        struct strv consoles;

        struct strv warnings;
        struct strv notes;

        bool default_to_target; /* --default-to-target: boot menus make the target's entry the default */
};

/* Gather every fact from the guest. Unsafe guest files and bad profiles are errors. */
int facts_build(const struct guest_root *g, const struct facts_options *o, struct facts *ret);
void facts_done(struct facts *f);

/* The installed kernel with this version, or NULL. */
const struct kernel *facts_find_kernel(const struct facts *f, const char *version);

/*
 * The installed kernel a boot entry boots: by the version in its kernel file
 * name, or, for unversioned names (Arch's /boot/vmlinuz-linux), by the image
 * file name. NULL when it is not installed.
 */
const struct kernel *facts_entry_kernel(const struct facts *f, const struct boot_entry *e);

/* The menu entry that boots by default, and its menu; NULL when unknown. */
const struct boot_entry *facts_default_entry(const struct facts *f, const struct boot_menu **ret_menu);
