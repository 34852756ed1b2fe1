/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "rewrite/insertions.h"

int insertions_add(struct insertions *ins, size_t line, size_t offset, const char *text, const char *reason)
{
        struct insertion *nv, *it;

        nv = realloc(ins->v, (ins->n + 1) * sizeof(*nv));
        if (!nv)
                return -ENOMEM;
        ins->v = nv;
        it = &ins->v[ins->n];
        *it = (struct insertion){.line = line, .offset = offset, .seq = ins->n};
        it->text = strdup(text);
        it->reason = strdup(reason);
        if (!it->text || !it->reason) {
                free(it->text);
                free(it->reason);
                return -ENOMEM;
        }
        ins->n++;
        return 0;
}

void insertions_done(struct insertions *ins)
{
        for (size_t i = 0; i < ins->n; i++) {
                free(ins->v[i].text);
                free(ins->v[i].reason);
        }
        free(ins->v);
        *ins = (struct insertions){0};
}

static int insertion_cmp(const void *a, const void *b)
{
        const struct insertion *x = a, *y = b;

        if (x->line != y->line)
                return x->line < y->line ? -1 : 1;
        if (x->offset != y->offset)
                return x->offset < y->offset ? -1 : 1;
        return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int insertions_apply(struct insertions *ins, const struct text *in, const char *path, struct rewrite_out *out)
{
        int r;

        if (ins->n == 0)
                return 0;
        qsort(ins->v, ins->n, sizeof(*ins->v), insertion_cmp);
        for (size_t i = 0; i < ins->n;) {
                _cleanup_(strbuf_done) struct strbuf b = {0}, why = {0};
                _cleanup_(strv_done) struct strv reasons = {0};
                _cleanup_free_ char *content = NULL;
                size_t line = ins->v[i].line, done = 0, j;
                const struct line *l;

                if (line >= in->n_lines)
                        return -EINVAL;
                l = &in->lines[line];
                for (j = i; j < ins->n && ins->v[j].line == line; j++) {
                        if (ins->v[j].offset > l->len)
                                return -EINVAL;
                        r = strbuf_append(&b, l->s + done, ins->v[j].offset - done);
                        if (r >= 0)
                                r = strbuf_puts(&b, ins->v[j].text);
                        if (r >= 0)
                                r = strv_push_unique(&reasons, ins->v[j].reason);
                        if (r < 0)
                                return r;
                        done = ins->v[j].offset;
                }
                i = j;
                if ((l->len > 0 && l->s[l->len - 1] == '\r') || memchr(l->s, '\0', l->len)) {
                        r = strv_pushf(&out->warnings,
                                       "'%s' line %zu: %s: left as it is; make the change by hand (%s)", path,
                                       line + 1,
                                       memchr(l->s, '\0', l->len) ? "NUL byte in the line"
                                                                   : "carriage return at the end of the line",
                                       reasons.v[0]);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = strbuf_append(&b, l->s + done, l->len - done);
                for (size_t k = 0; k < reasons.n && r >= 0; k++)
                        r = strbuf_printf(&why, "%s%s", k ? "; " : "", reasons.v[k]);
                if (r >= 0)
                        r = strbuf_steal(&b, &content);
                if (r >= 0)
                        r = edit_list_replace(&out->edits, line, content, why.s ? why.s : "");
                if (r < 0)
                        return r;
        }
        return 0;
}

int insertions_apply_initrd_copy(struct insertions *ins, const struct text *in, const char *path, size_t n_edits,
                                 struct rewrite_out *out)
{
        int r;

        r = insertions_apply(ins, in, path, out);
        if (r < 0 || out->edits.n == n_edits)
                return r;
        return strv_pushf(&out->next_steps, "rebuild the initrd of the pvops kernel: it carries a copy of %s", path);
}
