/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "diff.h"
#include "report-json.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct json_object *, json_object_put);

struct json_object *report_json_string(const char *s, size_t len)
{
        struct strbuf b = {0};
        struct json_object *o;

        if (utf8_valid(s, len))
                return json_object_new_string_len(s, (int)len);
        if (escape_for_display(s, len, &b) < 0) {
                strbuf_done(&b);
                return NULL;
        }
        o = json_object_new_string_len(b.s, (int)b.len);
        strbuf_done(&b);
        return o;
}

static int add(struct json_object *obj, const char *key, struct json_object *val)
{
        if (!val)
                return -ENOMEM;
        if (json_object_object_add(obj, key, val) < 0) {
                json_object_put(val);
                return -ENOMEM;
        }
        return 0;
}

static int append(struct json_object *arr, struct json_object *val)
{
        if (!val)
                return -ENOMEM;
        if (json_object_array_add(arr, val) < 0) {
                json_object_put(val);
                return -ENOMEM;
        }
        return 0;
}

static struct json_object *strv_to_json(const struct strv *sv)
{
        struct json_object *arr = json_object_new_array();

        if (!arr)
                return NULL;
        for (size_t i = 0; sv && i < sv->n; i++)
                if (append(arr, report_json_string(sv->v[i], strlen(sv->v[i]))) < 0) {
                        json_object_put(arr);
                        return NULL;
                }
        return arr;
}

static struct json_object *change_to_json(const struct change *c)
{
        _cleanup_(json_object_putp) struct json_object *o = json_object_new_object();
        struct diff_options dopt = {.context = 3};
        struct strbuf diff = {0};
        int r;

        if (!o)
                return NULL;
        r = add(o, "path", report_json_string(c->path, strlen(c->path)));
        if (r >= 0)
                r = add(o, "action", json_object_new_string(change_action_to_string(c->action)));
        if (r >= 0 && c->via.n)
                r = add(o, "via", strv_to_json(&c->via));
        if (r >= 0 && c->action == CHANGE_MKNOD) {
                /* type, major, minor, mode (octal string, as ls and mknod -m write it), uid, gid. */
                char mode[16];

                snprintf(mode, sizeof(mode), "%04o", (unsigned)(c->node_mode & 07777));
                r = add(o, "type", json_object_new_string(S_ISBLK(c->node_mode) ? "block" : "char"));
                if (r >= 0)
                        r = add(o, "major", json_object_new_int64(major(c->node_rdev)));
                if (r >= 0)
                        r = add(o, "minor", json_object_new_int64(minor(c->node_rdev)));
                if (r >= 0)
                        r = add(o, "mode", json_object_new_string(mode));
                if (r >= 0)
                        r = add(o, "uid", json_object_new_int64(c->node_uid));
                if (r >= 0)
                        r = add(o, "gid", json_object_new_int64(c->node_gid));
        }
        if (r >= 0)
                r = add(o, "reasons", strv_to_json(&c->reasons));
        if (r >= 0)
                r = diff_render_change(c, &dopt, &diff);
        if (r >= 0)
                r = add(o, "diff", report_json_string(diff.s ? diff.s : "", diff.len));
        strbuf_done(&diff);
        if (r < 0)
                return NULL;
        return TAKE_PTR(o);
}

static struct json_object *str_or_null(const char *s)
{
        return s ? report_json_string(s, strlen(s)) : NULL;
}

/* add() for values that may legitimately be JSON null. */
static int add_nullable(struct json_object *obj, const char *key, const char *s)
{
        if (!s)
                return json_object_object_add(obj, key, NULL) < 0 ? -ENOMEM : 0;
        return add(obj, key, str_or_null(s));
}

static struct json_object *kernel_to_json(const struct kernel *k)
{
        _cleanup_(json_object_putp) struct json_object *o = json_object_new_object();
        struct json_object *ev;
        int r;

        if (!o)
                return NULL;
        r = add(o, "version", str_or_null(k->version));
        if (r >= 0)
                r = add(o, "flavor", json_object_new_string(kernel_flavor_to_string(k->flavor)));
        if (r >= 0)
                r = add_nullable(o, "image", k->image);
        if (r >= 0)
                r = add_nullable(o, "modules", k->modules_dir);
        if (r >= 0)
                r = add_nullable(o, "config", k->config);
        if (r >= 0)
                r = add_nullable(o, "initrd", k->initrd);
        ev = json_object_new_array();
        if (r >= 0)
                r = add(o, "evidence", ev);
        for (size_t i = 0; r >= 0 && i < k->n_evidence; i++) {
                const struct evidence *e = &k->evidence[i];
                struct json_object *eo = json_object_new_object();

                r = append(ev, eo);
                if (r >= 0)
                        r = add(eo, "kind", json_object_new_string(evidence_kind_to_string(e->kind)));
                if (r >= 0)
                        r = add(eo, "says", json_object_new_string(kernel_flavor_to_string(e->says)));
                if (r >= 0)
                        r = add_nullable(eo, "source", e->source);
                if (r >= 0)
                        r = add_nullable(eo, "detail", e->detail);
        }
        if (r >= 0)
                r = add(o, "warnings", strv_to_json(&k->warnings));
        if (r < 0)
                return NULL;
        return TAKE_PTR(o);
}

static int boot_entries_to_json(struct json_object *o, const struct facts *f)
{
        const struct boot_entry *def = facts_default_entry(f, NULL);
        struct json_object *arr = json_object_new_array();
        int r;

        r = add(o, "boot_entries", arr);
        for (size_t m = 0; r >= 0 && m < f->n_menus; m++)
                for (size_t i = 0; r >= 0 && i < f->menus[m].n_entries; i++) {
                        const struct boot_entry *e = &f->menus[m].entries[i];
                        const struct kernel *k = facts_entry_kernel(f, e);
                        struct json_object *eo = json_object_new_object();

                        r = append(arr, eo);
                        if (r >= 0)
                                r = add(eo, "menu", str_or_null(f->menus[m].path));
                        if (r >= 0)
                                r = add(eo, "index", json_object_new_int((int)i));
                        if (r >= 0)
                                r = add_nullable(eo, "title", e->title);
                        if (r >= 0)
                                r = add_nullable(eo, "kernel", e->kernel);
                        if (r >= 0)
                                r = add_nullable(eo, "args", e->kernel_args);
                        if (r >= 0)
                                r = add_nullable(eo, "initrd", e->initrd);
                        if (r >= 0)
                                r = add_nullable(eo, "version", k ? k->version : e->version);
                        if (r >= 0)
                                r = add(eo, "flavor", json_object_new_string(
                                                              kernel_flavor_to_string(k ? k->flavor : FLAVOR_UNKNOWN)));
                        if (r >= 0)
                                r = add(eo, "installed", json_object_new_boolean(k != NULL));
                        if (r >= 0)
                                r = add(eo, "default", json_object_new_boolean(e == def));
                }
        return r;
}

/* --fstab-by: "fstab_by" and "block_ids" [{file, device, tag, reason, probed, type, uuid, label}]. */
static int block_ids_to_json(struct json_object *o, const struct facts *f)
{
        struct json_object *arr = json_object_new_array();
        int r;

        r = add(o, "fstab_by", json_object_new_string(fstab_by_to_string(f->fstab_by)));
        if (r >= 0)
                r = add(o, "block_ids", arr);
        else
                json_object_put(arr);
        for (size_t i = 0; r >= 0 && i < f->block_ids.n; i++) {
                const struct blockid_entry *e = &f->block_ids.v[i];
                struct json_object *eo = json_object_new_object();

                r = append(arr, eo);
                if (r >= 0)
                        r = add(eo, "file", json_object_new_string(e->origin == BLOCKID_CRYPTTAB ? "/etc/crypttab"
                                                                                                 : "/etc/fstab"));
                if (r >= 0)
                        r = add(eo, "device", str_or_null(e->spec));
                if (r >= 0)
                        r = add_nullable(eo, "tag", e->tag);
                if (r >= 0)
                        r = add_nullable(eo, "reason", e->how);
                if (r >= 0)
                        r = add_nullable(eo, "probed", e->device);
                if (r >= 0)
                        r = add_nullable(eo, "type", e->info.type);
                if (r >= 0)
                        r = add_nullable(eo, "uuid", e->info.uuid);
                if (r >= 0)
                        r = add_nullable(eo, "label", e->info.label);
        }
        return r;
}

/* distro, profile, kernels, target_kernel (and boot_entries for detect). */
static int facts_to_json(struct json_object *o, const struct facts *f, bool boot_entries)
{
        struct json_object *distro = json_object_new_object(), *kernels = json_object_new_array();
        int r;

        r = add(o, "distro", distro);
        if (r >= 0)
                r = add(distro, "id", json_object_new_string(f ? f->distro.id : "unknown"));
        if (r >= 0)
                r = add(distro, "version", json_object_new_string(f ? f->distro.version : ""));
        if (r >= 0)
                r = add(distro, "name", str_or_null(f ? f->distro.name : "unknown"));
        if (r >= 0)
                r = add_nullable(distro, "source", f ? f->distro.source : NULL);
        if (r >= 0 && f && f->profile) {
                struct json_object *p = json_object_new_object();

                r = add(o, "profile", p);
                if (r >= 0)
                        r = add(p, "name", str_or_null(f->profile->name));
                if (r >= 0)
                        r = add_nullable(p, "file", f->profile->file);
                if (r >= 0)
                        r = add_nullable(p, "reason", f->profile_reason);
        } else if (r >= 0)
                r = add_nullable(o, "profile", NULL);
        if (r >= 0)
                r = add(o, "kernels", kernels);
        for (size_t i = 0; r >= 0 && f && i < f->n_kernels; i++)
                r = append(kernels, kernel_to_json(&f->kernels[i]));
        if (r >= 0 && f && f->target_version) {
                struct json_object *t = json_object_new_object();

                r = add(o, "target_kernel", t);
                if (r >= 0)
                        r = add(t, "version", str_or_null(f->target_version));
                if (r >= 0)
                        r = add(t, "flavor", json_object_new_string(kernel_flavor_to_string(
                                                     f->target ? f->target->flavor : FLAVOR_UNKNOWN)));
                if (r >= 0)
                        r = add(t, "installed", json_object_new_boolean(f->target != NULL));
                if (r >= 0)
                        r = add_nullable(t, "reason", f->target_reason);
        } else if (r >= 0) {
                r = add_nullable(o, "target_kernel", NULL);
                if (r >= 0 && f)
                        r = add_nullable(o, "target_reason", f->target_reason);
        }
        if (r >= 0 && f) {
                struct json_object *d = json_object_new_object();

                r = add(o, "disk_names", d);
                if (r >= 0)
                        r = add(d, "rule", json_object_new_string(devmap_describe(&f->devmap)));
                if (r >= 0)
                        r = add(d, "sd_shift", json_object_new_int((int)f->devmap.sd_shift));
                if (r >= 0)
                        r = add_nullable(d, "reason", f->devmap_reason);
        }
        if (r >= 0 && f && f->fstab_by != FSTAB_BY_NAME)
                r = block_ids_to_json(o, f);
        if (r >= 0 && f && boot_entries)
                r = boot_entries_to_json(o, f);
        if (r >= 0 && f && boot_entries)
                r = add(o, "disks", strv_to_json(&f->disks));
        if (r >= 0 && f && boot_entries)
                r = add(o, "consoles", strv_to_json(&f->consoles));
        return r;
}

int report_json_build(const struct report *rep, struct json_object **ret)
{
        _cleanup_(json_object_putp) struct json_object *o = json_object_new_object();
        struct json_object *changes, *warnings;
        int r;

        if (!o)
                return -ENOMEM;
        r = add(o, "command", json_object_new_string(rep->command));
        if (r >= 0)
                r = add(o, "root", report_json_string(rep->root, strlen(rep->root)));

        if (r >= 0)
                r = facts_to_json(o, rep->facts, rep->boot_entries);
        if (r < 0)
                return r;

        changes = json_object_new_array();
        r = add(o, "changes", changes);
        for (size_t i = 0; r >= 0 && rep->plan && i < rep->plan->n_changes; i++)
                r = append(changes, change_to_json(&rep->plan->changes[i]));

        warnings = json_object_new_array();
        if (r >= 0)
                r = add(o, "warnings", warnings);
        for (size_t i = 0; r >= 0 && rep->plan && i < rep->plan->warnings.n; i++)
                r = append(warnings,
                           report_json_string(rep->plan->warnings.v[i], strlen(rep->plan->warnings.v[i])));
        for (size_t i = 0; r >= 0 && rep->plan && i < rep->plan->commit_warnings.n; i++)
                r = append(warnings, report_json_string(rep->plan->commit_warnings.v[i],
                                                        strlen(rep->plan->commit_warnings.v[i])));
        for (size_t i = 0; r >= 0 && rep->facts && i < rep->facts->warnings.n; i++)
                r = append(warnings, report_json_string(rep->facts->warnings.v[i],
                                                        strlen(rep->facts->warnings.v[i])));
        for (size_t i = 0; r >= 0 && rep->extra_warnings && i < rep->extra_warnings->n; i++)
                r = append(warnings, report_json_string(rep->extra_warnings->v[i],
                                                        strlen(rep->extra_warnings->v[i])));
        if (r >= 0)
                r = add(o, "next_steps", strv_to_json(rep->plan ? &rep->plan->next_steps : NULL));
        if (r >= 0 && rep->plan && rep->plan->notes.n)
                r = add(o, "notes", strv_to_json(&rep->plan->notes));

        if (r >= 0 && rep->backup_id)
                r = add(o, "backup", json_object_new_string(rep->backup_id));

        if (r >= 0 && rep->verify) {
                struct json_object *checks = json_object_new_array();

                r = add(o, "ready", json_object_new_boolean(rep->verify->ready));
                if (r >= 0)
                        r = add(o, "checks", checks);
                else
                        json_object_put(checks);
                for (size_t i = 0; r >= 0 && i < rep->verify->n_checks; i++) {
                        const struct check *c = &rep->verify->checks[i];
                        struct json_object *co = json_object_new_object();

                        r = append(checks, co);
                        if (r >= 0)
                                r = add(co, "name", json_object_new_string(c->name));
                        /* ok is null for an item that could not be checked. */
                        if (r >= 0 && c->status == CHECK_SKIPPED)
                                r = json_object_object_add(co, "ok", NULL) < 0 ? -ENOMEM : 0;
                        else if (r >= 0)
                                r = add(co, "ok", json_object_new_boolean(c->status == CHECK_OK));
                        if (r >= 0)
                                r = add(co, "status", json_object_new_string(check_status_to_string(c->status)));
                        if (r >= 0)
                                r = add(co, "detail", report_json_string(c->detail, strlen(c->detail)));
                        if (r >= 0)
                                r = add_nullable(co, "fix", c->fix);
                }
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(o);
        return 0;
}

int report_json_write(struct json_object *o, struct strbuf *out)
{
        const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE);
        int r;

        if (!s)
                return -ENOMEM;
        r = strbuf_puts(out, s);
        if (r >= 0)
                r = strbuf_putc(out, '\n');
        return r;
}
