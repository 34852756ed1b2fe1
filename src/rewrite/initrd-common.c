/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "initrd-conf.h"
#include "rewrite/initrd-common.h"

static bool tool_is(const struct facts *facts, const char *tool)
{
        return facts->profile && facts->profile->initrd_tool && streq(facts->profile->initrd_tool, tool);
}

int initrd_modules_file_path(const struct facts *facts, const char *tool, struct strv *ret)
{
        if (!tool_is(facts, tool) || !facts->profile->initrd_modules_file)
                return 0;
        return strv_push(ret, facts->profile->initrd_modules_file);
}

int initrd_rewrite_wanted(const struct facts *facts, const char *tool, const char *path, struct rewrite_out *out,
                          bool *ret)
{
        const struct kernel *k = facts->target;

        *ret = false;
        if (!tool_is(facts, tool))
                return 0;
        if (!k && facts->target_version)
                return strv_pushf(&out->notes,
                                  "'%s': left as it is: the target kernel %s is not installed in the guest (a "
                                  "kernel booted from dom0 brings its own initrd)",
                                  path, facts->target_version);
        if (!k)
                return strv_pushf(&out->notes,
                                  "'%s': left as it is: no pvops kernel is installed in the guest (a kernel booted "
                                  "from dom0 brings its own initrd); after installing one, run domufix plan again",
                                  path);
        if (k->flavor == FLAVOR_XENLINUX)
                return strv_pushf(&out->notes, "'%s': left as it is: the target kernel %s is a Xenlinux kernel",
                                  path, k->version);
        *ret = true;
        return 0;
}

int initrd_missing_words(bool have_blk, bool have_net, const char *suffix, char **ret)
{
        char *s = NULL;
        int n;

        if (!have_blk && !have_net)
                n = asprintf(&s, "%s%s %s%s", INITRD_BLKFRONT, suffix, INITRD_NETFRONT, suffix);
        else if (!have_blk)
                n = asprintf(&s, "%s%s", INITRD_BLKFRONT, suffix);
        else if (!have_net)
                n = asprintf(&s, "%s%s", INITRD_NETFRONT, suffix);
        else
                n = asprintf(&s, "%s", "");
        if (n < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int initrd_var_scan(const struct text *in, const char *name, struct initrd_var *ret)
{
        struct initrd_var v = {.line = SIZE_MAX};
        int r;

        r = shell_assigns_parse_flags(in, INITRD_SHELL_FLAGS, &v.all);
        if (r < 0)
                return r;
        for (size_t i = 0; i < v.all.n; i++) {
                const struct shell_assign *a = &v.all.v[i];
                _cleanup_(strv_done) struct strv words = {0};

                if (!a->alone || !streq(a->name, name))
                        continue;
                r = shell_assign_words(in, a, &words);
                if (r < 0) {
                        initrd_var_done(&v);
                        return r;
                }
                if (!a->append && !initrd_words_self(&words, name))
                        v.have_blk = v.have_net = false;
                initrd_words_frontends(&words, &v.have_blk, &v.have_net);
                v.line = a->line;
                v.a = a;
        }
        *ret = v;
        return 0;
}

void initrd_var_done(struct initrd_var *v)
{
        shell_assigns_done(&v->all);
        *v = (struct initrd_var){.line = SIZE_MAX};
}

bool initrd_shell_ends_clean(const struct text *in)
{
        return shell_text_ends_clean(in, INITRD_SHELL_FLAGS);
}

int initrd_var_add(const struct text *in, const char *path, const char *var, const struct initrd_var *v,
                   const char *words, const char *reason, const char *what, const char *image,
                   const char *version, struct rewrite_out *out)
{
        _cleanup_free_ char *line = NULL;
        int r;

        if (!v->a) {
                if (!initrd_shell_ends_clean(in))
                        return strv_pushf(&out->warnings,
                                          "'%s' ends inside an unterminated quote: %s=\"%s\" not added; add it by "
                                          "hand, or the %s of %s may lack them",
                                          path, var, words, image, version);
                if (asprintf(&line, "%s=\"%s\"", var, words) < 0) {
                        line = NULL;
                        return -ENOMEM;
                }
                r = edit_list_insert(&out->edits, in->n_lines, line, reason);
        } else {
                const struct line *l = &in->lines[v->line];

                r = shell_assign_add_words(in, v->a, words, &line);
                if (r == -EINVAL || (r >= 0 && l->len > 0 && l->s[l->len - 1] == '\r'))
                        return strv_pushf(&out->warnings,
                                          "'%s' line %zu: %s is not a %s: left as it is; add \"%s\" to it by hand, "
                                          "or the %s of %s may lack them",
                                          path, v->line + 1, var, what, words, image, version);
                if (r >= 0)
                        r = edit_list_replace(&out->edits, v->line, line, reason);
        }
        if (r < 0)
                return r;
        out->rebuild_initrd = true;
        return 0;
}
