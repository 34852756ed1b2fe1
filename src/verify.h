/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify: is the guest ready to boot its target (pvops) kernel? A checklist,
 * each item ok, failed, or skipped (it cannot be checked from inside the
 * guest: the kernel and its command line come from dom0), with a one-line
 * detail and, unless ok, what to do.
 *
 * The items, in order (names as in the text and JSON output):
 *   kernel      the target kernel is installed and pvops; without one, a
 *               guest with its own boot menu fails (pygrub boots from it),
 *               one without a menu is skipped (dom0 gives the kernel);
 *   boot-entry  the GRUB legacy entry that boots the target has pvops names
 *               (kargs_check_pvops(): root= not sdX/hdX, console= hvc0 last
 *               or none, no xencons=); with GRUB 2 only, /etc/default/grub's
 *               GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT instead
 *               (grub.cfg itself is not read);
 *   initrd      the entry's initrd file exists in the guest (a menu path is
 *               relative to the boot partition: with a separate /boot in
 *               fstab, "/initrd-V.img" is /boot/initrd-V.img);
 *   blkfront    xen-blkfront is built into the target kernel, or is inside
 *               that initrd for that kernel (initrd_find_xen_for(), without
 *               unpacking);
 *   fstab       no fstab entry names a sdX/hdX device (one item per entry);
 *   getty       a getty runs on hvc0 (or on /dev/console), or the init
 *               system starts one on the kernel console by itself;
 *   securetty   securetty has a line "hvc0" (or there is no securetty);
 *   lvm-filter  the filter and global_filter of lvm.conf do not reject the
 *               xvd name of a sd/hd device they accept;
 *   pending     plan has nothing left to change, apart from the files that
 *               a failed item above already names (so one problem is counted
 *               once): device nodes, module lists, other files. A failed
 *               boot-entry names every file with a kernel command line (the
 *               menus, /etc/default/grub, grub.cfg, SUSE's bootloader file),
 *               fstab /etc/fstab, getty the getty file or job directory,
 *               securetty and lvm-filter their file, blkfront the initrd
 *               tool's module list;
 *   warnings    plan has no warning (unknown devices, lines it cannot read).
 * The last two need a plan and are left out without one.
 *
 * ready: no item failed. Skipped items do not make a guest unready (the
 * DESIGN: without a pvops kernel in the guest the kernel-independent files
 * are still converted and the report says what could not be checked); the
 * verdict says how many were skipped.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "devname.h"
#include "facts.h"
#include "guest-root.h"
#include "init-scan.h"
#include "plan.h"
#include "text-file.h"
#include "util.h"

enum check_status {
        CHECK_OK,
        CHECK_FAILED,
        CHECK_SKIPPED, /* cannot be checked here */
};

/* "ok", "failed", "skipped" */
const char *check_status_to_string(enum check_status s);

/* One item of the checklist. */
struct check {
        const char *name;        /* "kernel", "boot-entry", ... (static) */
        enum check_status status;
        char *detail;            /* one line, never NULL */
        char *fix;               /* what to do; NULL when ok */
        struct strv paths;       /* canonical guest paths it judged; a path ending in "/" stands for
                                    everything below it. Plan changes to the paths of a failed item
                                    are that item's fix, not counted again by "pending" */
};

struct verify_report {
        struct check *checks;
        size_t n_checks;
        size_t n_failed;
        size_t n_skipped;
        bool ready; /* n_failed == 0; set by verify_run() */
};

void verify_report_done(struct verify_report *r);

/*
 * Append an item. detail is a printf format; fix (malloc'd) is taken over.
 * An ok item may have no fix; a failed or skipped one must have one, so a
 * NULL fix there stands for its failed allocation (-ENOMEM). path (may be
 * NULL) is added to the item's paths. Returns 0 or -ENOMEM (fix is freed
 * then too).
 */
int verify_add(struct verify_report *r, const char *name, enum check_status s, const char *path, char *fix,
               const char *detail_fmt, ...) _printf_(6, 7);

/*
 * Run the whole checklist. p (may be NULL) is the plan for this guest;
 * command is how the admin runs domufix on it ("domufix", "domufix --root
 * /mnt/guest"), used in the fixes. Problems in the guest are items, not
 * errors; errors are out of memory and guest files refused as unsafe (a
 * FIFO as /etc/fstab, a symlink loop), with the reason recorded. *ret is set
 * only on success.
 */
int verify_run(const struct guest_root *g, const struct facts *f, const struct plan *p, const char *command,
               struct verify_report *ret);

/*
 * The pure items, for verify_run() and tests. Each appends its item(s) to r.
 * A NULL text means the file does not exist. command as for verify_run().
 */

/* fstab: one failed item per entry whose device is sdX/hdX (mapped with m), else one ok item. */
int verify_fstab(const struct text *t, const char *path, const struct devmap *m, const char *command,
                 struct verify_report *r);

/* Whether fstab mounts a separate /boot (an entry, not a comment, with mount point /boot). */
bool verify_fstab_has_boot(const struct text *t);

/* securetty: ok with a line exactly "hvc0" (LF-terminated or last) or without the file. */
int verify_securetty(const struct text *t, const char *path, const char *command, struct verify_report *r);

/* getty: from the init scan; getty_file (may be NULL) is what the profile's init reads. */
int verify_getty(const struct init_info *i, const char *getty_file, const char *command, struct verify_report *r);

/*
 * boot-entry from a command line: where names it ("'/boot/grub/menu.lst'
 * entry 0 (Debian GNU/Linux)"), path is the menu's canonical path.
 */
int verify_cmdline(const char *args, const char *where, const char *path, const char *command,
                   struct verify_report *r);


/*
 * lvm-filter: failed when a filter accepts a sd/hd device name
 * (/dev/sd[a-h], /dev/hd[a-h], each whole and with partitions 1-4) and
 * rejects its xvd name (mapped with m); t NULL: no lvm.conf, ok. The file is
 * read by lvm-conf and the patterns matched by lvm-regex, as LVM does: the
 * first pattern that matches accepts or rejects, no match accepts; a pattern
 * LVM would refuse matches nothing here. A file LVM cannot parse: skipped.
 */
int verify_lvm(const struct text *t, const char *path, const struct devmap *m, struct verify_report *r);
