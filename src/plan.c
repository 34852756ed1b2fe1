/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

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

static int plan_run_rewriter(const struct guest_root *g, const struct facts *facts, const struct rewriter *rw,
                             const char *path, struct plan *p)
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
        if (out.edits.n == 0)
                return 0;
        if (!c) {
                if (!out.create)
                        return 0;
                r = plan_add_created(p, canonical, out.create_mode, &c);
                if (r < 0)
                        return r;
        }
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

int plan_build(const struct guest_root *g, const struct facts *facts, struct plan **ret)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        int r;

        p = calloc(1, sizeof(*p));
        if (!p)
                return -ENOMEM;

        for (const struct rewriter *const *rw = rewriters; *rw; rw++)
                for (const char *const *path = (*rw)->paths; *path; path++) {
                        r = plan_run_rewriter(g, facts, *rw, *path, p);
                        if (r < 0)
                                return r;
                }

        r = plan_finish(p);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}
