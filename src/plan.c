/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "initrd-cmd.h"
#include "log.h"
#include "plan.h"
#include "rewrite/rewrite.h"

const char *change_action_to_string(enum change_action a)
{
        switch (a) {
        case CHANGE_MODIFY:
                return "modify";
        case CHANGE_CREATE:
                return "create";
        case CHANGE_DELETE:
                return "delete";
        case CHANGE_MKNOD:
                return "mknod";
        }
        return "unknown";
}

static void change_done(struct change *c)
{
        free(c->path);
        strv_done(&c->via);
        guest_file_free(c->orig);
        text_result_free(c->result);
        text_free(c->orig_text);
        free(c->new_data);
        strv_done(&c->reasons);
}

struct plan *plan_free(struct plan *p)
{
        if (!p)
                return NULL;
        for (size_t i = 0; i < p->n_changes; i++)
                change_done(&p->changes[i]);
        free(p->changes);
        strv_done(&p->warnings);
        strv_done(&p->next_steps);
        strv_done(&p->notes);
        strv_done(&p->commit_warnings);
        free(p);
        return NULL;
}

struct change *plan_find(struct plan *p, const char *canonical)
{
        for (size_t i = 0; i < p->n_changes; i++)
                if (streq(p->changes[i].path, canonical))
                        return &p->changes[i];
        return NULL;
}

static int plan_add_change(struct plan *p, struct change **ret)
{
        struct change *nv = realloc(p->changes, (p->n_changes + 1) * sizeof(*nv));

        if (!nv)
                return -ENOMEM;
        p->changes = nv;
        p->changes[p->n_changes] = (struct change){0};
        *ret = &p->changes[p->n_changes++];
        return 0;
}

/*
 * Find or load the file a rewriter asked for. *ret is NULL when the file is
 * missing (and the path resolved to *ret_canonical).
 */
static int plan_load(const struct guest_root *g, struct plan *p, const char *path, struct change **ret,
                     char **ret_canonical)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        _cleanup_(text_freep) struct text *t = NULL;
        struct change *c;
        bool exists;
        int r;

        error_clear();
        r = guest_resolve(g, path, &canonical, &exists);
        if (r == -ENOENT && !error_get()) {
                /* A directory on the way is missing: the file is simply absent. */
                *ret = NULL;
                *ret_canonical = NULL;
                return 0;
        }
        if (r < 0)
                return r;

        c = plan_find(p, canonical);
        if (c) {
                if (!streq(path, c->path) && !strv_contains(&c->via, path)) {
                        r = strv_push(&c->via, path);
                        if (r < 0)
                                return r;
                }
                *ret = c;
                *ret_canonical = TAKE_PTR(canonical);
                return 0;
        }
        if (!exists) {
                *ret = NULL;
                *ret_canonical = TAKE_PTR(canonical);
                return 0;
        }

        r = guest_file_read(g, canonical, &f);
        if (r < 0)
                return r;
        r = text_new(f->data, f->size, &t);
        if (r < 0)
                return r;
        r = plan_add_change(p, &c);
        if (r < 0)
                return r;
        c->action = CHANGE_MODIFY;
        c->path = strdup(canonical);
        if (!c->path)
                return -ENOMEM;
        if (!streq(path, canonical)) {
                r = strv_push(&c->via, path);
                if (r < 0)
                        return r;
        }
        c->orig = TAKE_PTR(f);
        c->orig_text = TAKE_PTR(t);
        r = text_result_new(c->orig_text, &c->result);
        if (r < 0)
                return r;
        *ret = c;
        *ret_canonical = TAKE_PTR(canonical);
        return 0;
}

/* A change for a file that does not exist yet. */
static int plan_add_created(struct plan *p, const char *canonical, mode_t mode, struct change **ret)
{
        struct change *c;
        int r;

        r = plan_add_change(p, &c);
        if (r < 0)
                return r;
        c->action = CHANGE_CREATE;
        c->create_mode = mode ? mode : 0644;
        c->path = strdup(canonical);
        if (!c->path)
                return -ENOMEM;
        r = text_new("", 0, &c->orig_text);
        if (r < 0)
                return r;
        r = text_result_new(c->orig_text, &c->result);
        if (r < 0)
                return r;
        *ret = c;
        return 0;
}

/*
 * Run one rewriter on one path. done lists the canonical paths this rewriter
 * has already run on: a file reached again through another name (a symlink,
 * such as RHEL's /etc/grub.conf -> ../boot/grub/grub.conf) only records that
 * name in the change's via, so its warnings are not given twice.
 */
static int plan_run_rewriter(const struct guest_root *g, const struct facts *facts, const struct rewriter *rw,
                             const char *path, struct plan *p, struct strv *done)
{
        _cleanup_(rewrite_out_done) struct rewrite_out out = {0};
        _cleanup_(text_freep) struct text *cur = NULL;
        _cleanup_free_ char *canonical = NULL;
        struct change *c = NULL;
        bool exists;
        int r;

        r = plan_load(g, p, path, &c, &canonical);
        if (r < 0)
                return r;
        if (!c && !canonical)
                return 0;
        if (strv_contains(done, canonical))
                return 0;
        r = strv_push(done, canonical);
        if (r < 0)
                return r;
        exists = c != NULL && c->action != CHANGE_CREATE;
        if (c)
                r = text_result_to_text(c->result, &cur);
        else
                r = text_new("", 0, &cur);
        if (r < 0)
                return r;

        r = rw->rewrite(cur, exists, path, facts, &out);
        if (r < 0) {
                error_set_if_unset("'%s': the %s rewriter failed", path, rw->name);
                return r;
        }
        r = strv_extend(&p->warnings, &out.warnings);
        if (r < 0)
                return r;
        for (size_t i = 0; i < out.next_steps.n; i++) {
                r = strv_push_unique(&p->next_steps, out.next_steps.v[i]);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < out.notes.n; i++) {
                r = strv_push_unique(&p->notes, out.notes.v[i]);
                if (r < 0)
                        return r;
        }
        if (out.delete) {
                /* Only an existing file nobody else edits can go; a second name for it may ask again. */
                if (!c || c->action == CHANGE_CREATE || out.edits.n > 0 || out.create || !out.delete_reason ||
                    (c->action != CHANGE_DELETE && c->result->changed)) {
                        error_set("'%s': the %s rewriter produced conflicting edits", c ? c->path : path,
                                  rw->name);
                        return -EINVAL;
                }
                c->action = CHANGE_DELETE;
                return strv_push_unique(&c->reasons, out.delete_reason);
        }
        if (out.edits.n == 0)
                return 0;
        if (c && c->action == CHANGE_DELETE) {
                error_set("'%s': the %s rewriter produced conflicting edits", c->path, rw->name);
                return -EINVAL;
        }
        if (!c) {
                if (!out.create)
                        return 0;
                r = plan_add_created(p, canonical, out.create_mode, &c);
                if (r < 0)
                        return r;
        }
        if (out.rebuild_initrd)
                p->rebuild_initrd = true;
        r = text_result_apply(c->result, &out.edits);
        if (r == -EINVAL) {
                error_set("'%s': the %s rewriter produced conflicting edits", c->path, rw->name);
                return r;
        }
        return r;
}

/* Render the new contents and drop entries nothing changed. */
static int plan_finish(struct plan *p)
{
        size_t kept = 0;
        int r;

        for (size_t i = 0; i < p->n_changes; i++) {
                struct change *c = &p->changes[i];

                if (c->action == CHANGE_MKNOD) {
                        p->changes[kept++] = *c;
                        continue;
                }
                if (c->action == CHANGE_DELETE) {
                        if (c->via.n > 0) {
                                /* Removing the target would leave the link dangling, and the next run refuses those. */
                                r = strv_pushf(&p->warnings,
                                               "'%s' (%s) is reached through the symlink '%s': not deleted, "
                                               "as the link would dangle; remove both by hand",
                                               c->path, c->reasons.n ? c->reasons.v[0] : "to be deleted",
                                               c->via.v[0]);
                                if (r < 0)
                                        return r;
                                change_done(c);
                                continue;
                        }
                        p->changes[kept++] = *c;
                        continue;
                }
                if (!c->result->changed) {
                        change_done(c);
                        continue;
                }
                r = text_result_render(c->result, &c->new_data, &c->new_size);
                if (r < 0)
                        return r;
                r = strv_extend(&c->reasons, &c->result->reasons);
                if (r < 0)
                        return r;
                p->changes[kept++] = *c;
        }
        p->n_changes = kept;
        return 0;
}

/*
 * The command that rebuilds the target's initrd, as a next step, when a
 * change alters what it is built from (a module list). An initrd that is
 * missing or lacks the frontend is verify's to report, with the same command.
 */
static int plan_rebuild_step(const struct guest_root *g, const struct facts *facts, struct plan *p)
{
        _cleanup_free_ char *step = NULL;
        int r;

        if (!p->rebuild_initrd)
                return 0;
        r = initrd_rebuild_step(facts, guest_root_path(g), &step);
        if (r < 0 || !step)
                return r;
        return strv_push_unique(&p->next_steps, step);
}

int plan_build(const struct guest_root *g, const struct facts *facts, struct plan **ret)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        int r;

        p = calloc(1, sizeof(*p));
        if (!p)
                return -ENOMEM;

        for (const struct rewriter *const *rw = rewriters; *rw; rw++) {
                _cleanup_(strv_done) struct strv more = {0}, done = {0};

                for (const char *const *path = (*rw)->paths; path && *path; path++) {
                        r = plan_run_rewriter(g, facts, *rw, *path, p, &done);
                        if (r < 0)
                                return r;
                }
                if (!(*rw)->list_paths)
                        continue;
                r = (*rw)->list_paths(g, facts, &more);
                for (size_t i = 0; r >= 0 && i < more.n; i++)
                        r = plan_run_rewriter(g, facts, *rw, more.v[i], p, &done);
                if (r < 0)
                        return r;
        }

        r = plan_finish(p);
        if (r < 0)
                return r;
        r = plan_rebuild_step(g, facts, p);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Device nodes */

#define XVD_MAJOR 202
#define XVD_DISKS 16
#define XVD_MINORS_PER_DISK 16
#define HVC_MAJOR 229

/* "a character device 229:0", "a regular file", ...: what is at a path, for messages. */
static int node_describe(mode_t mode, dev_t rdev, struct strbuf *out)
{
        if (S_ISCHR(mode) || S_ISBLK(mode))
                return strbuf_printf(out, "%s %u:%u", guest_file_type_name(mode), major(rdev), minor(rdev));
        if (S_ISREG(mode))
                return strbuf_puts(out, "a regular file");
        return strbuf_puts(out, guest_file_type_name(mode));
}

/*
 * The warning for a path taken by something else; found is NULL for a
 * dangling symlink, canonical NULL or the path it resolves to.
 */
static int node_warn_occupied(struct plan *p, const char *path, const char *canonical, const struct stat *found,
                              mode_t mode, dev_t rdev)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        int r;

        r = strbuf_printf(&b, "'%s' exists but is not the expected device node (", path);
        if (r >= 0)
                r = canonical && !streq(canonical, path) ? strbuf_printf(&b, "it resolves to '%s', ", canonical)
                                                         : strbuf_puts(&b, "it is ");
        if (r >= 0)
                r = found ? node_describe(found->st_mode, found->st_rdev, &b) : strbuf_puts(&b, "a dangling symlink");
        if (r >= 0)
                r = strbuf_puts(&b, "; expected ");
        if (r >= 0)
                r = node_describe(mode, rdev, &b);
        if (r >= 0)
                r = strbuf_puts(&b, "); not changed");
        if (r < 0)
                return r;
        return strv_push(&p->warnings, b.s);
}

int plan_add_node(const struct guest_root *g, struct plan *p, const char *path, mode_t mode, dev_t rdev, uid_t uid,
                  gid_t gid, const char *reason)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int dirfd = -1;
        const char *name;
        struct change *c, n;
        struct stat st;
        bool exists = false;
        int r;

        if (!g || !p || !path || path[0] != '/' || (!S_ISCHR(mode) && !S_ISBLK(mode)) ||
            (mode & ~(mode_t)(S_IFMT | 07777)) || uid == (uid_t)-1 || gid == (gid_t)-1)
                return -EINVAL;

        error_clear();
        r = guest_resolve(g, path, &canonical, &exists);
        if (r == -ENOENT && !error_get())
                return strv_pushf(&p->warnings, "'%s': its directory does not exist; device node not created",
                                  path);
        if (r == -ENOENT) {
                /* A dangling symlink: nothing may be created in its place. */
                error_clear();
                return node_warn_occupied(p, path, NULL, NULL, mode, rdev);
        }
        if (r < 0)
                return r;

        c = plan_find(p, canonical);
        if (c) {
                if (c->action == CHANGE_MKNOD && c->node_mode == mode && c->node_rdev == rdev &&
                    c->node_uid == uid && c->node_gid == gid) {
                        if (!streq(path, c->path) && !strv_contains(&c->via, path))
                                return strv_push(&c->via, path);
                        return 0;
                }
                error_set("'%s': already planned as another change", canonical);
                return -EEXIST;
        }

        if (exists) {
                r = guest_open_parent(g, canonical, &dirfd, &name);
                if (r < 0)
                        return r;
                if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = negative_errno();
                        error_set("'%s': cannot stat: %s", canonical, strerror(-r));
                        return r;
                }
                if ((st.st_mode & S_IFMT) == (mode & S_IFMT) && st.st_rdev == rdev)
                        return 0;
                return node_warn_occupied(p, path, canonical, &st, mode, rdev);
        }

        /* Built aside, so that a failure leaves the plan as it was. */
        n = (struct change){
                .action = CHANGE_MKNOD, .node_mode = mode, .node_rdev = rdev, .node_uid = uid, .node_gid = gid};
        n.path = strdup(canonical);
        r = n.path ? 0 : -ENOMEM;
        if (r >= 0 && !streq(path, canonical))
                r = strv_push(&n.via, path);
        if (r >= 0)
                r = reason ? strv_push(&n.reasons, reason)
                           : strv_pushf(&n.reasons, "%s %u:%u for %s",
                                        S_ISCHR(mode) ? "character device" : "block device", major(rdev),
                                        minor(rdev), canonical);
        if (r >= 0)
                r = plan_add_change(p, &c);
        if (r < 0) {
                change_done(&n);
                return r;
        }
        *c = n;
        return 0;
}

int plan_xvd_devnum(const char *name, dev_t *ret)
{
        const char *s, *digits;
        unsigned long disk = 0, part = 0;
        size_t n_letters;

        if (!name || !ret)
                return -EINVAL;
        if (strneq(name, "/dev/", 5))
                name += 5;
        if (!strneq(name, "xvd", 3))
                return -EINVAL;
        s = name + 3;
        n_letters = strspn(s, "abcdefghijklmnopqrstuvwxyz");
        digits = s + n_letters;
        if (n_letters == 0 || strspn(digits, "0123456789") != strlen(digits) || digits[0] == '0')
                return -EINVAL;
        if (n_letters > 1 || strlen(digits) > 2)
                return -ERANGE;
        disk = (unsigned long)(s[0] - 'a');
        if (digits[0])
                part = strtoul(digits, NULL, 10);
        if (disk >= XVD_DISKS || part >= XVD_MINORS_PER_DISK)
                return -ERANGE;
        *ret = makedev(XVD_MAJOR, (unsigned)(disk * XVD_MINORS_PER_DISK + part));
        return 0;
}

int plan_add_xvd_node(const struct guest_root *g, struct plan *p, const char *name, const char *reason)
{
        _cleanup_free_ char *path = NULL, *why = NULL;
        const char *base;
        dev_t rdev;
        int r;

        if (!g || !p || !name)
                return -EINVAL;
        base = strneq(name, "/dev/", 5) ? name + 5 : name;
        if (asprintf(&path, "/dev/%s", base) < 0)
                return -ENOMEM;
        r = plan_xvd_devnum(name, &rdev);
        if (r == -ERANGE)
                return strv_pushf(&p->warnings,
                                  "'%s': not created: only xvda to xvdp with partitions 1 to 15 have fixed "
                                  "numbers (block major %d); later disks are numbered by the kernel, so this "
                                  "guest needs udev (or a node made by hand) for them",
                                  path, XVD_MAJOR);
        if (r < 0)
                return r;
        if (asprintf(&why, "block device %u:%u for %s%s%s", major(rdev), minor(rdev), path, reason ? ": " : "",
                     reason ? reason : "") < 0)
                return -ENOMEM;
        return plan_add_node(g, p, path, S_IFBLK | 0660, rdev, 0, PLAN_GID_DISK, why);
}

int plan_add_hvc0_node(const struct guest_root *g, struct plan *p, const char *reason)
{
        _cleanup_free_ char *why = NULL;

        if (asprintf(&why, "character device %d:0 for /dev/hvc0%s%s", HVC_MAJOR, reason ? ": " : "",
                     reason ? reason : "") < 0)
                return -ENOMEM;
        return plan_add_node(g, p, "/dev/hvc0", S_IFCHR | 0600, makedev(HVC_MAJOR, 0), 0, 0, why);
}
