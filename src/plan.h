/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The plan: every file change across all rewriters, one entry per real file
 * (a symlink's target), plus warnings and next steps. Built by plan_build()
 * without writing anything; rendered as a diff or JSON, or committed.
 */
#pragma once

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "facts.h"
#include "guest-root.h"
#include "text-file.h"
#include "util.h"

enum change_action {
        CHANGE_MODIFY,
        CHANGE_CREATE,
        CHANGE_DELETE,
        CHANGE_MKNOD, /* a device node to create (no file content) */
};

const char *change_action_to_string(enum change_action a);

struct change {
        char *path;                 /* canonical guest path ("/boot/grub/grub.conf") */
        struct strv via;            /* other names it was found by (symlinks), if any */
        enum change_action action;
        struct guest_file *orig;    /* the file as read (NULL for CHANGE_CREATE) */
        struct text *orig_text;     /* orig split into lines (empty text for create) */
        struct text_result *result; /* the new content with its line origins */
        char *new_data;             /* rendered new content (NULL for delete) */
        size_t new_size;
        mode_t create_mode;         /* for CHANGE_CREATE */
        /* For CHANGE_MKNOD (orig, orig_text, result and new_data are NULL): */
        mode_t node_mode;           /* S_IFCHR or S_IFBLK | permission bits */
        dev_t node_rdev;            /* makedev(major, minor) */
        uid_t node_uid;
        gid_t node_gid;
        struct strv reasons;
};

struct plan {
        struct change *changes;
        size_t n_changes;
        struct strv warnings;
        struct strv next_steps;
        struct strv notes; /* what was looked at and found fine, for -v */
        bool rebuild_initrd; /* a change alters what the target's initrd is built from */
        /*
         * Filled by commit_plan() (the only field it writes, although it takes
         * the plan as const): what apply skipped, e.g. "not root: device node
         * /dev/hvc0 not created; create it with: mknod -m 0600 /dev/hvc0 c 229 0".
         * Appended to only when commit_plan() succeeds.
         */
        struct strv commit_warnings;
};

struct plan *plan_free(struct plan *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct plan *, plan_free);

/*
 * Run every rewriter of the table on the guest. Files that are missing are
 * skipped (unless a rewriter creates them); files refused as unsafe make the
 * whole plan fail with the reason recorded. Writes nothing.
 *
 * A rewriter may ask for an existing file to be deleted (rewrite_out.delete):
 * the change becomes CHANGE_DELETE with the rewriter's reason. Edits to the
 * same file by any rewriter, before or after, make the plan fail with
 * -EINVAL ("conflicting edits"). A file to delete that was also found
 * through a symlink is not deleted (the link would dangle and the next run
 * would refuse it): a warning says so instead.
 */
int plan_build(const struct guest_root *g, const struct facts *facts, struct plan **ret);

/*
 * Plan a device node, for guests with a static /dev (no udev), e.g. /dev/hvc0
 * (S_IFCHR | 0600, makedev(229, 0), 0:0) or /dev/xvda1 (S_IFBLK | 0660,
 * makedev(202, 1), 0:PLAN_GID_DISK). mode must be S_IFCHR or S_IFBLK with
 * permission bits, path absolute. The path is resolved inside the guest:
 *  - nothing there: a CHANGE_MKNOD change is added, reason as given (or a
 *    default "character device 229:0 for /dev/hvc0" when reason is NULL);
 *  - already a node of the same type and rdev: nothing to do (idempotent;
 *    its mode and owner are left as they are);
 *  - anything else there (another node, a file, a dangling symlink): a
 *    warning "'PATH' exists but is not the expected device node (...)", no
 *    change;
 *  - its directory missing: a warning, no change.
 * Planning the same node twice adds it once; the same path with another node
 * gives -EEXIST. Other resolution failures (symlink loops, a non-directory on
 * the way) fail with the reason recorded. Writes nothing in the guest.
 */
int plan_add_node(const struct guest_root *g, struct plan *p, const char *path, mode_t mode, dev_t rdev, uid_t uid,
                  gid_t gid, const char *reason);

/*
 * The numbers of a pvops block device name: "xvdX[N]" or "/dev/xvdX[N]" is
 * block major 202, minor 16 * disk + N (xvda = disk 0 ... xvdp = disk 15,
 * N = 1..15, none for the whole disk). -EINVAL when name is not such a name,
 * -ERANGE for xvdq and later disks (xvdaa, ...) or partitions over 15:
 * those are numbered dynamically by the kernel (extended major), so no fixed
 * node can be made for them.
 */
int plan_xvd_devnum(const char *name, dev_t *ret);

/*
 * plan_add_node() for a pvops disk ("xvda1" or "/dev/xvda1"): block, mode
 * 0660, owner 0:PLAN_GID_DISK, reason "block device 202:1 for /dev/xvda1:
 * REASON" (REASON may be NULL). A name plan_xvd_devnum() refuses with -ERANGE
 * gives a warning and no change (returns 0); -EINVAL is returned as such.
 */
int plan_add_xvd_node(const struct guest_root *g, struct plan *p, const char *name, const char *reason);

/* plan_add_node() for /dev/hvc0: character 229:0, mode 0600, owner 0:0. */
int plan_add_hvc0_node(const struct guest_root *g, struct plan *p, const char *reason);

/*
 * The group owning disk nodes. The guest's /etc/group is not read: gid 6 is
 * "disk" on Debian, Ubuntu, RHEL/CentOS/Fedora and SUSE alike.
 */
#define PLAN_GID_DISK ((gid_t)6)

/* Find the change for a canonical path, or NULL. */
struct change *plan_find(struct plan *p, const char *canonical);
