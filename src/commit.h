/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Applying a plan, and undoing it.
 *
 * The commit order (see commit.c for the full argument):
 *   1. preflight: every target still has the bytes the plan read, is a plain
 *      file we may replace (not immutable, not a mount point);
 *   2. every new content goes to a temp file ".NAME.domufix-XXXXXX" in its
 *      target's directory (O_EXCL, mode/owner/xattrs copied, fsync);
 *   3. the backup set (copies + manifest) is written under
 *      ROOT/var/lib/domufix/backups/ID/ and fsynced, with a journal;
 *   4. each temp is renamed over its target, the journal records it;
 *   5. the directories are fsynced and the journal is marked complete.
 * A failure before 4 removes the temps and the backup set: nothing changed.
 * A failure during 4 restores the files already renamed from the backup.
 * After a crash, `rollback` restores every file of the set.
 * Device nodes (CHANGE_MKNOD) are made like created files, as temps by
 * mknodat(2), and only when running as root; otherwise they are skipped
 * with a warning in plan->commit_warnings.
 */
#pragma once

#include <stdbool.h>
#include <time.h>

#include "guest-root.h"
#include "plan.h"

#define BACKUP_DIR "/var/lib/domufix/backups"

/*
 * Apply the plan. Returns 0 and the new backup set id in *ret_id (NULL when
 * the plan had no changes, or only device nodes that were skipped: nothing is
 * written at all).
 *
 * Device nodes need root (commit_makes_nodes()). Otherwise each CHANGE_MKNOD
 * is skipped, not an error: it is left out of the backup set, and on success
 * a warning is appended to p->commit_warnings (the one field of the plan
 * commit_plan writes), such as "not root: device node /dev/hvc0 not
 * created; create it with: mknod -m 0600 /dev/hvc0 c 229 0" (the command
 * names the host path, ROOT/dev/hvc0, with --root, and adds "&& chown U:G
 * PATH" when the owner is not 0:0).
 */
int commit_plan(const struct guest_root *g, const struct plan *p, char **ret_id);

/*
 * commit_plan(), and also keep a copy of each file of keep (guest paths of
 * existing regular files that a command run after the apply regenerates: the
 * initrd of apply --rebuild-initrd) in the same backup set, so that rollback
 * restores it. The files themselves are not touched. Their copies are
 * streamed (no size cap, bounded memory), checked by SHA-256, and marked
 * "regenerated" in the manifest: rollback restores such a copy whenever the
 * file differs from it, without keeping a ".domufix-modified" copy of the
 * regenerated file. With a non-empty keep a set is written even when the
 * plan has no changes. A missing file gives -ENOENT with a message, a file
 * also changed by the plan -EINVAL. keep may be NULL.
 */
int commit_plan_keep(const struct guest_root *g, const struct plan *p, const struct strv *keep, char **ret_id);

/* Whether commit_plan() makes device nodes: running as root (geteuid() == 0). */
bool commit_makes_nodes(void);

enum backup_state {
        BACKUP_PREPARED,    /* written, renames not begun or interrupted */
        BACKUP_COMPLETE,    /* apply finished */
        BACKUP_ROLLED_BACK, /* restored by rollback */
};

const char *backup_state_to_string(enum backup_state s);

struct backup_info {
        char *id;
        time_t created;
        size_t n_files;
        enum backup_state state;
        struct strv paths;
};

void backup_info_done(struct backup_info *b);

/*
 * The newest backup set an apply did not finish (state prepared), in *ret_id,
 * or NULL when there is none.
 */
int backup_find_interrupted(const struct guest_root *g, char **ret_id);

/* List the backup sets, oldest first. */
int backup_list(const struct guest_root *g, struct backup_info **ret, size_t *ret_n);

struct rollback_report {
        struct strv restored; /* paths written back */
        struct strv removed;  /* files (and device nodes) apply had created, now removed */
        struct strv unchanged; /* already as in the backup */
        struct strv warnings;
        char *id;
};

void rollback_report_done(struct rollback_report *r);

/*
 * Restore the files of backup set id (NULL: the newest set). Restores bytes,
 * mode, owner and xattrs, removes files apply created, and writes nothing for
 * files already restored, so running it twice is safe. A device node apply
 * made is removed only while it is still a node of the same type and device
 * number; anything else at its path is left, with a warning.
 */
int backup_rollback(const struct guest_root *g, const char *id, struct rollback_report *ret);
