/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/mdadm.conf (Red Hat, SUSE) and /etc/mdadm/mdadm.conf (Debian):
 * the devices mdadm scans for RAID members.
 *
 *   DEVICE /dev/sda1 /dev/sd[bc]1 partitions
 *   ARRAY /dev/md0 level=raid1 num-devices=2 UUID=... devices=/dev/sda1,/dev/sdb1
 *
 * Both name devices by glob (mdadm matches them with glob(3) and
 * fnmatch(3)). Each word that matches Xenlinux disks gets its pvops
 * counterpart added right after it ("/dev/sda1 /dev/xvda1",
 * "devices=/dev/sda1,/dev/xvda1,..."), so the arrays assemble under the pvops
 * kernel and still under the Xenlinux one; the translation and its check
 * are devpattern's. A word whose counterparts are there already (anywhere on
 * the DEVICE lines, or in the same devices= list) is left alone, which makes
 * a second run a no-op.
 *
 * The file is read as mdadm reads it (mdadm.conf(5)): words separated by
 * blanks; a word starting with '#' starts a comment up to the end of the
 * line; a line starting with a blank continues the previous one, also
 * across blank and comment lines; keywords are case-insensitive and may be
 * shortened to three letters ("DEV", "arr"); quotes protect blanks inside a
 * word. Quoted words are left alone (with a warning when they name a disk).
 * The md device itself (/dev/md0) and the other keywords are never touched.
 */
#include <string.h>
#include <strings.h>

#include "devname.h"
#include "devpattern.h"
#include "macro.h"
#include "rewrite/insertions.h"
#include "rewrite/rewrite.h"

enum md_keyword {
        MD_NONE,
        MD_DEVICE,
        MD_ARRAY,
        MD_OTHER,
};

/* One glob of a DEVICE line or of a devices= list. */
struct md_entry {
        size_t line, start, end; /* its bytes in the line */
        size_t group;            /* 0 for DEVICE, the ARRAY's number (from 1) for devices= */
        struct devpattern *pat;  /* NULL when it cannot be checked */
};

struct md_parse {
        struct md_entry *v;
        size_t n;
};

static void md_parse_done(struct md_parse *mp)
{
        for (size_t i = 0; i < mp->n; i++)
                devpattern_free(mp->v[i].pat);
        free(mp->v);
        *mp = (struct md_parse){0};
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* mdadm's match_keyword(): at least three letters, a case-insensitive prefix of the keyword. */
static enum md_keyword md_keyword(const char *w, size_t len)
{
        if (len >= 3 && len <= strlen("devices") && strncasecmp(w, "devices", len) == 0)
                return MD_DEVICE;
        if (len >= 3 && len <= strlen("array") && strncasecmp(w, "array", len) == 0)
                return MD_ARRAY;
        return MD_OTHER;
}

static int md_add(struct md_parse *mp, size_t line, size_t start, size_t end, size_t group)
{
        struct md_entry *nv = realloc(mp->v, (mp->n + 1) * sizeof(*nv));

        if (!nv)
                return -ENOMEM;
        mp->v = nv;
        mp->v[mp->n++] = (struct md_entry){.line = line, .start = start, .end = end, .group = group};
        return 0;
}

/* A quoted word that names a disk: left alone, with a warning. */
static int md_warn_quoted(const struct line *l, size_t i, size_t start, size_t end, const char *path,
                          const struct facts *facts, struct rewrite_out *out)
{
        _cleanup_free_ char *w = NULL, *mapped = NULL;
        _cleanup_(strbuf_done) struct strbuf esc = {0};
        size_t count = 0;
        int r;

        w = strndup_or_null(l->s + start, end - start);
        if (!w)
                return -ENOMEM;
        r = devname_map_in_string(&facts->devmap, w, &mapped, &count);
        if (r < 0 || count == 0)
                return r;
        r = escape_for_display(l->s + start, end - start, &esc);
        if (r < 0)
                return r;
        return strv_pushf(&out->warnings,
                          "'%s' line %zu: quoted word %s names a Xenlinux disk: left as it is; add the xvd names "
                          "by hand",
                          path, i + 1, esc.s ? esc.s : "");
}

/* Split the file into DEVICE words and devices= entries. */
static int md_parse(const struct text *in, const char *path, const struct facts *facts, struct md_parse *mp,
                    struct rewrite_out *out)
{
        enum md_keyword cur = MD_NONE;
        size_t arrays = 0;
        int r;

        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];
                const char *nul = memchr(l->s, '\0', l->len);
                size_t len = nul ? (size_t)(nul - l->s) : l->len; /* mdadm reads lines as C strings */
                bool first = !(len > 0 && is_blank(l->s[0])) || cur == MD_NONE;

                for (size_t p = 0;;) {
                        size_t start, end;
                        char quote = 0;
                        bool quoted = false;

                        while (p < len && is_blank(l->s[p]))
                                p++;
                        if (p >= len || l->s[p] == '#')
                                break;
                        start = end = p;
                        while (end < len && (quote || !is_blank(l->s[end]))) {
                                if (quote && l->s[end] == quote)
                                        quote = 0;
                                else if (!quote && (l->s[end] == '"' || l->s[end] == '\'')) {
                                        quote = l->s[end];
                                        quoted = true;
                                }
                                end++;
                        }
                        p = end;

                        if (first) {
                                first = false;
                                cur = md_keyword(l->s + start, end - start);
                                if (cur == MD_ARRAY)
                                        arrays++;
                                continue;
                        }
                        if (cur != MD_DEVICE && cur != MD_ARRAY)
                                continue;
                        if (quoted) {
                                r = md_warn_quoted(l, i, start, end, path, facts, out);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                        if (cur == MD_DEVICE) {
                                if (l->s[start] != '/')
                                        continue; /* partitions, containers */
                                r = md_add(mp, i, start, end, 0);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                        if (end - start < strlen("devices=") ||
                            strncasecmp(l->s + start, "devices=", strlen("devices=")) != 0)
                                continue;
                        for (size_t a = start + strlen("devices="); a < end;) {
                                const char *comma = memchr(l->s + a, ',', end - a);
                                size_t b = comma ? (size_t)(comma - l->s) : end;

                                if (b > a) {
                                        r = md_add(mp, i, a, b, arrays);
                                        if (r < 0)
                                                return r;
                                }
                                a = b + 1;
                        }
                }
        }
        return 0;
}

static int md_warn_pattern(struct rewrite_out *out, const char *path, const struct md_entry *e,
                           const struct line *l, const char *what)
{
        _cleanup_(strbuf_done) struct strbuf esc = {0};
        int r;

        r = escape_for_display(l->s + e->start, e->end - e->start, &esc);
        if (r < 0)
                return r;
        return strv_pushf(&out->warnings, "'%s' line %zu: %s %s %s", path, e->line + 1,
                          e->group ? "ARRAY devices= entry" : "DEVICE word", esc.s ? esc.s : "", what);
}

struct md_translate_ctx {
        const struct text *in;
        const char *path;
        const struct md_parse *mp;
        size_t group;
        struct insertions *ins;
        struct rewrite_out *out;
};

static int md_translated(size_t k, enum devpattern_verdict verdict, const struct strv *cps, void *userdata)
{
        const struct md_translate_ctx *t = userdata;
        const struct md_entry *e = &t->mp->v[k];
        const struct line *l = &t->in->lines[e->line];
        _cleanup_free_ char *word = NULL;
        int r;

        if (verdict == DEVPATTERN_UNTRANSLATABLE)
                return md_warn_pattern(t->out, t->path, e, l,
                                       "matches Xenlinux disk names but not their pvops names, and domufix "
                                       "cannot translate it: add the xvd names by hand");
        word = strndup_or_null(l->s + e->start, e->end - e->start);
        if (!word)
                return -ENOMEM;
        for (size_t c = 0; c < cps->n; c++) {
                _cleanup_free_ char *text = NULL, *reason = NULL;

                if (asprintf(&text, "%s%s", t->group ? "," : " ", cps->v[c]) < 0 ||
                    asprintf(&reason, "%s%s: %s added for the pvops disk names (the Xenlinux name stays)",
                             t->group ? "devices=" : "DEVICE ", word, cps->v[c]) < 0)
                        return -ENOMEM;
                r = insertions_add(t->ins, e->line, e->end, text, reason);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Translate the entries of one group (the DEVICE lines, or one devices= list). */
static int md_translate_group(const struct text *in, const char *path, const struct devpattern_checker *chk,
                              const struct md_parse *mp, size_t group, struct insertions *ins,
                              struct rewrite_out *out)
{
        struct md_translate_ctx t = {.in = in, .path = path, .mp = mp, .group = group, .ins = ins, .out = out};
        _cleanup_free_ struct devpattern **pats = calloc(mp->n, sizeof(*pats));

        if (!pats)
                return -ENOMEM;
        for (size_t k = 0; k < mp->n; k++)
                if (mp->v[k].group == group)
                        pats[k] = mp->v[k].pat;
        return devpattern_translate_group(chk, pats, mp->n, md_translated, &t);
}

static int mdadm_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                         struct rewrite_out *out)
{
        _cleanup_(devpattern_checker_freep) struct devpattern_checker *chk = NULL;
        _cleanup_(md_parse_done) struct md_parse mp = {0};
        _cleanup_(insertions_done) struct insertions ins = {0};
        size_t groups = 0;
        size_t n_edits = out->edits.n;
        int r;

        if (!exists)
                return 0;
        r = md_parse(in, path, facts, &mp, out);
        if (r < 0)
                return r;
        if (mp.n == 0)
                return 0;
        r = devpattern_checker_new(&facts->devmap, DEVPATTERN_GLOB, &chk);
        if (r < 0)
                return r;
        for (size_t k = 0; k < mp.n; k++) {
                struct md_entry *e = &mp.v[k];
                const struct line *l = &in->lines[e->line];

                if (e->group > groups)
                        groups = e->group;
                r = devpattern_new(chk, l->s + e->start, e->end - e->start, &e->pat);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        r = md_warn_pattern(out, path, e, l,
                                            r == -E2BIG ? "is too long to check: left as it is"
                                                        : "cannot be checked: left as it is");
                        if (r < 0)
                                return r;
                }
        }
        for (size_t g = 0; g <= groups; g++) {
                r = md_translate_group(in, path, chk, &mp, g, &ins, out);
                if (r < 0)
                        return r;
        }
        return insertions_apply_initrd_copy(&ins, in, path, n_edits, out);
}

const struct rewriter rewriter_mdadm = {
        .name = "mdadm",
        .paths = (const char *const[]){"/etc/mdadm.conf", "/etc/mdadm/mdadm.conf", NULL},
        .rewrite = mdadm_rewrite,
};
