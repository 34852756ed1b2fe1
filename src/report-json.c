/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

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

int report_json_build(const struct report *rep, struct json_object **ret)
{
        _cleanup_(json_object_putp) struct json_object *o = json_object_new_object();
        struct json_object *distro, *changes, *warnings;
        int r;

        if (!o)
                return -ENOMEM;
        r = add(o, "command", json_object_new_string(rep->command));
        if (r >= 0)
                r = add(o, "root", report_json_string(rep->root, strlen(rep->root)));

        /* Distro, profile and kernels are filled in by the detection modules. */
        distro = json_object_new_object();
        if (r >= 0)
                r = add(o, "distro", distro);
        if (r >= 0)
                r = add(distro, "id", json_object_new_string("unknown"));
        if (r >= 0)
                r = add(distro, "version", json_object_new_string(""));
        if (r >= 0)
                r = add(distro, "name", json_object_new_string("unknown"));
        if (r >= 0)
                r = json_object_object_add(o, "profile", NULL);
        if (r >= 0)
                r = add(o, "kernels", json_object_new_array());
        if (r >= 0)
                r = json_object_object_add(o, "target_kernel", NULL);
        if (r < 0)
                return -ENOMEM;

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
        for (size_t i = 0; r >= 0 && rep->extra_warnings && i < rep->extra_warnings->n; i++)
                r = append(warnings, report_json_string(rep->extra_warnings->v[i],
                                                        strlen(rep->extra_warnings->v[i])));
        if (r >= 0)
                r = add(o, "next_steps", strv_to_json(rep->plan ? &rep->plan->next_steps : NULL));
        if (r >= 0 && rep->plan && rep->plan->notes.n)
                r = add(o, "notes", strv_to_json(&rep->plan->notes));

        if (r >= 0 && rep->backup_id)
                r = add(o, "backup", json_object_new_string(rep->backup_id));

        if (r >= 0 && rep->checks) {
                struct json_object *checks = json_object_new_array();

                r = add(o, "ready", json_object_new_boolean(rep->ready));
                if (r >= 0)
                        r = add(o, "checks", checks);
                else
                        json_object_put(checks);
                for (size_t i = 0; r >= 0 && i < rep->n_checks; i++) {
                        const struct check *c = &rep->checks[i];
                        struct json_object *co = json_object_new_object();

                        r = append(checks, co);
                        if (r >= 0)
                                r = add(co, "name", json_object_new_string(c->name));
                        if (r >= 0)
                                r = add(co, "ok", json_object_new_boolean(c->ok));
                        if (r >= 0)
                                r = add(co, "detail", report_json_string(c->detail, strlen(c->detail)));
                        if (r >= 0 && c->advice)
                                r = add(co, "advice", report_json_string(c->advice, strlen(c->advice)));
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
