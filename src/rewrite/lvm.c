/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/lvm/lvm.conf and /etc/lvm/lvmlocal.conf: the device filters.
 *
 *   devices {
 *       filter = [ "a|^/dev/sda[0-9]*$|", "r|.*|" ]
 *       global_filter = [ "r|/dev/sdc|" ]
 *       preferred_names = [ "^/dev/mpath/", "^/dev/[hs]d" ]
 *   }
 *
 * A filter that accepts only sd disks hides every PV once the disks are
 * called xvd (and dracut then leaves LVM out of the initrd); one that
 * rejects an sd disk lets it back in under its new name. So every pattern
 * that matches Xenlinux disk names gets a sibling for their pvops names
 * right after it, with the same action ("a|^/dev/sda[0-9]*$|" is followed
 * by "a|^/dev/xvda[0-9]*$|"); the old pattern stays for the Xenlinux kernel.
 * Inserting the sibling next to its pattern keeps the first-match-wins order
 * of the list intact for both sets of names. The regex translation and its
 * check are devpattern's; patterns it cannot translate are reported with
 * their line. A pattern whose pvops names are already matched by a pattern
 * of the same action next to it is left alone: a second run changes nothing.
 * preferred_names (plain regexes, no action) gets the same treatment, with
 * the whole list as one group.
 *
 * The file is read by lvm-conf (as libdevmapper's config parser reads it);
 * a file libdevmapper could not parse is reported and left as it is.
 *
 * The sibling goes on a line of its own, with the same indentation, when
 * its pattern is alone on its line; otherwise right after the pattern on
 * the same line. A single string value ("filter = \"a|sda|\"") becomes a
 * list. Commas follow the list's own style.
 */
#include <string.h>

#include "devpattern.h"
#include "lvm-conf.h"
#include "macro.h"
#include "rewrite/insertions.h"
#include "rewrite/rewrite.h"

/* What the rewriter learns about one value of a list. */
struct element {
        const struct lvm_conf_value *cv;
        char action;     /* 'a', 'r', or 0 for preferred_names */
        size_t rx_start; /* the regex inside the token */
        size_t rx_end;
};

struct value_list {
        const struct lvm_conf_list *cl;
        struct element *v;       /* cl->n of them */
        struct devpattern **pats; /* cl->n of them: NULL where the value is not a pattern to translate */
};

static void value_list_done(struct value_list *vl)
{
        for (size_t k = 0; vl->pats && k < vl->cl->n; k++)
                devpattern_free(vl->pats[k]);
        free(vl->pats);
        free(vl->v);
}

static size_t line_start(const struct text *in, size_t line)
{
        return (size_t)(in->lines[line].s - in->data);
}

static int lvm_warn(struct rewrite_out *out, const char *path, const struct text *in, const struct element *e,
                    enum lvm_conf_key key, const char *what)
{
        _cleanup_(strbuf_done) struct strbuf esc = {0};
        int r;

        r = escape_for_display(in->data + e->cv->tb, e->cv->te - e->cv->tb, &esc);
        if (r < 0)
                return r;
        return strv_pushf(&out->warnings, "'%s' line %zu: %s pattern %s %s", path, text_line_at(in, e->cv->tb) + 1,
                          lvm_conf_key_name(key), esc.s ? esc.s : "", what);
}

/* Check every element and compile its regex; warn about the ones that cannot be read. */
static int lvm_prepare(const struct text *in, const char *path, const struct devpattern_checker *chk,
                       struct value_list *vl, struct rewrite_out *out)
{
        int r;

        for (size_t k = 0; k < vl->cl->n; k++) {
                struct element *e = &vl->v[k];
                const char *what = NULL;

                if (e->cv->kind != LVM_CONF_SQUOTED && e->cv->kind != LVM_CONF_DQUOTED)
                        continue; /* LVM refuses unquoted patterns itself */
                if (memchr(in->data + e->cv->tb, '\n', e->cv->te - e->cv->tb))
                        continue;
                if (vl->cl->key == LVM_CONF_PREFERRED_NAMES) {
                        e->rx_start = e->cv->tb + 1;
                        e->rx_end = e->cv->te - 1;
                } else if (!lvm_conf_filter_split(in->data, e->cv, &e->action, &e->rx_start, &e->rx_end)) {
                        r = lvm_warn(out, path, in, e, vl->cl->key,
                                     "is not one LVM accepts (a|regex| or r|regex|): left as it is");
                        if (r < 0)
                                return r;
                        continue;
                }
                if (e->cv->kind == LVM_CONF_DQUOTED && e->rx_end > e->rx_start &&
                    memmem(in->data + e->rx_start, e->rx_end - e->rx_start, "\\\\", 2))
                        /* LVM versions differ on what "\\" means in a string: not ours to guess. */
                        what = "has a doubled backslash, which LVM versions read differently: check it by hand";
                else {
                        r = devpattern_new(chk, in->data + e->rx_start, e->rx_end - e->rx_start, &vl->pats[k]);
                        if (r == -ENOMEM)
                                return r;
                        if (r == -E2BIG)
                                what = "is too long or too deeply nested to check: check it by hand";
                        else if (r < 0)
                                what = "is not a regular expression LVM accepts: left as it is";
                }
                if (what) {
                        r = lvm_warn(out, path, in, e, vl->cl->key, what);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* Whether only blanks stand before the token on its line, and after it at most a comma and a comment. */
static bool element_alone(const struct text *in, const struct element *e)
{
        size_t line = text_line_at(in, e->cv->tb), b = line_start(in, line), end = b + in->lines[line].len;
        size_t i;

        for (i = b; i < e->cv->tb; i++)
                if (in->data[i] != ' ' && in->data[i] != '\t')
                        return false;
        i = e->cv->te;
        while (i < end && (in->data[i] == ' ' || in->data[i] == '\t'))
                i++;
        if (i < end && in->data[i] == ',') {
                i++;
                while (i < end && (in->data[i] == ' ' || in->data[i] == '\t'))
                        i++;
        }
        return i == end || in->data[i] == '#';
}

/* The element text for a counterpart regex: same quotes, same action and separators. */
static int counterpart_token(const struct text *in, const struct element *e, const char *rx, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        int r;

        r = strbuf_append(&b, in->data + e->cv->tb, e->rx_start - e->cv->tb);
        if (r >= 0)
                r = strbuf_puts(&b, rx);
        if (r >= 0)
                r = strbuf_append(&b, in->data + e->rx_end, e->cv->te - e->rx_end);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

/* Put the counterparts of element k of vl into the file. */
static int lvm_emit(const struct text *in, const struct value_list *vl, size_t k, const struct strv *cps,
                    struct insertions *ins, struct rewrite_out *out)
{
        const struct element *e = &vl->v[k];
        size_t line = text_line_at(in, e->cv->tb), ls = line_start(in, line);
        bool commas = vl->cl->has_comma || vl->cl->n == 1;
        _cleanup_(strv_done) struct strv toks = {0};
        _cleanup_(strbuf_done) struct strbuf reason = {0}, list = {0};
        _cleanup_free_ char *orig = NULL;
        int r;

        orig = strndup_or_null(in->data + e->cv->tb, e->cv->te - e->cv->tb);
        if (!orig)
                return -ENOMEM;
        for (size_t c = 0; c < cps->n; c++) {
                _cleanup_free_ char *t = NULL;

                r = counterpart_token(in, e, cps->v[c], &t);
                if (r >= 0)
                        r = strv_push(&toks, t);
                if (r >= 0)
                        r = strbuf_printf(&list, "%s%s", c ? ", " : "", t);
                if (r < 0)
                        return r;
        }
        r = strbuf_printf(&reason, "%s %s: %s added for the pvops disk names (the Xenlinux pattern stays)",
                          lvm_conf_key_name(vl->cl->key), orig, list.s);
        if (r < 0)
                return r;

        if (!vl->cl->is_array) {
                /* One string: make it a list. */
                _cleanup_(strbuf_done) struct strbuf tail = {0};

                for (size_t c = 0; c < toks.n && r >= 0; c++)
                        r = strbuf_printf(&tail, ", %s", toks.v[c]);
                if (r >= 0)
                        r = strbuf_puts(&tail, " ]");
                if (r >= 0)
                        r = insertions_add(ins, line, e->cv->tb - ls, "[ ", reason.s);
                if (r >= 0)
                        r = insertions_add(ins, line, e->cv->te - ls, tail.s, reason.s);
                return r;
        }

        if (element_alone(in, e)) {
                const struct line *l = &in->lines[line];
                size_t indent = 0;
                bool same_line_comma = e->cv->comma_after && text_line_at(in, e->cv->comma_end - 1) == line;
                bool add_comma = commas && !e->cv->comma_after;

                while (indent < l->len && (l->s[indent] == ' ' || l->s[indent] == '\t'))
                        indent++;
                if (add_comma) {
                        r = insertions_add(ins, line, e->cv->te - ls, ",", reason.s);
                        if (r < 0)
                                return r;
                }
                for (size_t c = 0; c < toks.n; c++) {
                        _cleanup_(strbuf_done) struct strbuf nl = {0};
                        bool comma = same_line_comma || (add_comma && c + 1 < toks.n);

                        r = strbuf_append(&nl, l->s, indent);
                        if (r >= 0)
                                r = strbuf_printf(&nl, "%s%s", toks.v[c], comma ? "," : "");
                        if (r >= 0)
                                r = edit_list_insert(&out->edits, line + 1, nl.s, reason.s);
                        if (r < 0)
                                return r;
                }
                return 0;
        }

        for (size_t c = 0; c < toks.n; c++) {
                _cleanup_free_ char *t = NULL;

                if (asprintf(&t, "%s%s", commas ? ", " : " ", toks.v[c]) < 0)
                        return -ENOMEM;
                r = insertions_add(ins, line, e->cv->te - ls, t, reason.s);
                if (r < 0)
                        return r;
        }
        return 0;
}

struct translate_ctx {
        const struct text *in;
        const char *path;
        const struct value_list *vl;
        size_t first; /* the group's first index in vl */
        struct insertions *ins;
        struct rewrite_out *out;
};

static int lvm_translated(size_t k, enum devpattern_verdict verdict, const struct strv *cps, void *userdata)
{
        const struct translate_ctx *t = userdata;

        k += t->first;
        if (verdict == DEVPATTERN_TRANSLATED)
                return lvm_emit(t->in, t->vl, k, cps, t->ins, t->out);
        return lvm_warn(t->out, t->path, t->in, &t->vl->v[k], t->vl->cl->key,
                        "matches Xenlinux disk names (sdX/hdX) but not their pvops names, "
                        "and domufix cannot translate it: add a pattern for the xvd names by hand");
}

/* Translate the patterns of one list, group by group (a group: neighbours with the same action). */
static int lvm_translate_list(const struct text *in, const char *path, const struct devpattern_checker *chk,
                              const struct value_list *vl, struct insertions *ins, struct rewrite_out *out)
{
        struct translate_ctx t = {.in = in, .path = path, .vl = vl, .ins = ins, .out = out};
        int r;

        for (size_t g = 0; g < vl->cl->n;) {
                size_t h = g;

                if (!vl->pats[g]) {
                        g++;
                        continue;
                }
                while (h < vl->cl->n && vl->pats[h] && vl->v[h].action == vl->v[g].action)
                        h++;
                t.first = g;
                r = devpattern_translate_group(chk, vl->pats + g, h - g, lvm_translated, &t);
                if (r < 0)
                        return r;
                g = h;
        }
        return 0;
}

static void value_lists_free(struct value_list *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                value_list_done(&v[i]);
        free(v);
}

static int lvm_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                       struct rewrite_out *out)
{
        _cleanup_(devpattern_checker_freep) struct devpattern_checker *chk = NULL;
        _cleanup_(lvm_conf_done) struct lvm_conf conf = {0};
        _cleanup_(insertions_done) struct insertions ins = {0};
        struct value_list *lists = NULL;
        struct lvm_conf_error err = {0};
        size_t n_edits = out->edits.n;
        int r;

        if (!exists || in->n_lines == 0)
                return 0;
        r = lvm_conf_parse(in->data, in->size, &conf, &err);
        if (r == -EINVAL)
                return strv_pushf(&out->warnings, "'%s' line %zu: cannot be read as LVM reads it (%s): left as it is",
                                  path, text_line_at(in, err.offset) + 1, err.what);
        if (r < 0 || conf.n_lists == 0)
                return r;

        r = devpattern_checker_new(&facts->devmap, DEVPATTERN_LVM_REGEX, &chk);
        if (r < 0)
                return r;
        lists = calloc(conf.n_lists, sizeof(*lists));
        if (!lists)
                return -ENOMEM;
        for (size_t i = 0; i < conf.n_lists && r >= 0; i++) {
                lists[i].cl = &conf.lists[i];
                lists[i].v = calloc(conf.lists[i].n + 1, sizeof(*lists[i].v));
                lists[i].pats = calloc(conf.lists[i].n + 1, sizeof(*lists[i].pats));
                if (!lists[i].v || !lists[i].pats) {
                        r = -ENOMEM;
                        break;
                }
                for (size_t k = 0; k < conf.lists[i].n; k++)
                        lists[i].v[k].cv = &conf.lists[i].v[k];
                r = lvm_prepare(in, path, chk, &lists[i], out);
        }
        for (size_t i = 0; i < conf.n_lists && r >= 0; i++)
                r = lvm_translate_list(in, path, chk, &lists[i], &ins, out);
        value_lists_free(lists, conf.n_lists);
        if (r < 0)
                return r;
        return insertions_apply_initrd_copy(&ins, in, path, n_edits, out);
}

const struct rewriter rewriter_lvm_conf = {
        .name = "lvm-conf",
        .paths = (const char *const[]){"/etc/lvm/lvm.conf", "/etc/lvm/lvmlocal.conf", NULL},
        .rewrite = lvm_rewrite,
};
