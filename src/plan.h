/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The plan: every file change across all rewriters, one entry per real file
 * (a symlink's target), plus warnings and next steps. Built by plan_build()
 * without writing anything; rendered as a diff or JSON, or committed.
 */
#pragma once

#include <stdbool.h>
#include <sys/stat.h>

#include "facts.h"
#include "guest-root.h"
#include "text-file.h"
#include "util.h"

enum change_action {
        CHANGE_MODIFY,
        CHANGE_CREATE,
        CHANGE_DELETE,
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
        struct strv reasons;
};

struct plan {
        struct change *changes;
        size_t n_changes;
        struct strv warnings;
        struct strv next_steps;
        struct strv notes; /* what was looked at and found fine, for -v */
};

struct plan *plan_free(struct plan *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct plan *, plan_free);

/*
 * Run every rewriter of the table on the guest. Files that are missing are
 * skipped (unless a rewriter creates them); files refused as unsafe make the
 * whole plan fail with the reason recorded. Writes nothing.
 */
int plan_build(const struct guest_root *g, const struct facts *facts, struct plan **ret);

/* Find the change for a canonical path, or NULL. */
struct change *plan_find(struct plan *p, const char *canonical);
