/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/inittab (SysV init): an active getty on the pvops console hvc0.
 *
 * An entry is "id:runlevels:action:process"; sysvinit skips leading blanks
 * and treats a line starting with '#' as a comment. A getty entry is one
 * whose action is "respawn" and whose program's base name contains "getty";
 * its tty is the first argument that looks like one (options and speeds are
 * skipped: "xvc0 9600 vt100-nav" and "-L 9600 xvc0 xterm" both name xvc0),
 * with "/dev/" stripped. This is the rule init_scan() uses too.
 *
 * At most one edit is made:
 *  - an active getty on hvc0 already: nothing to do;
 *  - an active getty on xvc0 (kudzu's "co", YaST's "x0"): the tty word is
 *    switched to hvc0 in place, every other byte and the id are kept. Keeping
 *    a second getty for xvc0 beside it would make init log "respawning too
 *    fast" for whichever console the running kernel lacks, every few minutes,
 *    forever; on RHEL kudzu rewrites the line again when a Xenlinux kernel
 *    boots. A second active xvc0 getty is left alone and reported;
 *  - an active getty on "console" (xen-tools' "co:...mingetty console",
 *    SLES 10's "cons:"): nothing to add, it serves the kernel's last console=,
 *    which is hvc0 under pvops; a second getty would fight it (as in
 *    upstart.c);
 *  - otherwise a new line is inserted after the last active getty: a copy of
 *    the guest's console getty (on ttyS0, else tty1, else the
 *    first active getty on any tty) with the tty word renamed, so speed,
 *    options and terminal type stay the guest's own; without any, the
 *    profile's getty template. Its id is fresh: no id in the file, active or
 *    commented, and never kudzu's "co", which kudzu rewrites at boot.
 *
 * Commented lines are never uncommented or re-commented; a commented getty
 * counts for nothing but its id. New content never ends in CR (the edit
 * engine forbids it), so a lone CR at the end of a copied line is dropped.
 */
#include <string.h>

#include "macro.h"
#include "init-scan.h"
#include "rewrite/rewrite.h"

#define INITTAB_TTY "hvc0"
#define INITTAB_OLD_TTY "xvc0"
#define INITTAB_KUDZU_ID "co"
#define INITTAB_ID_MAX 4

#define INITTAB_REASON_IN_PLACE                                                                              \
        "the pvops console is " INITTAB_TTY " (was " INITTAB_OLD_TTY "); a Xenlinux kernel booted later gets " \
        "its getty back from kudzu (RHEL) or needs this line switched back"
#define INITTAB_NEXT_STEP "reload init after the change inside a running guest: telinit q"

struct span {
        const char *s;
        size_t len;
};

/* What one line of inittab holds, as far as gettys are concerned. */
struct inittab_line {
        bool commented; /* a '#' line (its id still counts as taken) */
        bool has_id;    /* there is a ':' after the leading blanks (and '#'s) */
        struct span id; /* the text before the first ':' */
        size_t rest;    /* offset of the first ':' in the line */
        bool bad;       /* active, mentions a getty, but has fewer than four fields */
        bool getty;     /* an entry with action respawn whose program is a getty */
        struct span tty; /* its tty ("/dev/" stripped), or len 0 when none is recognised */
};

static bool span_is(const struct span *w, const char *s)
{
        size_t n = strlen(s);

        return w->len == n && memcmp(w->s, s, n) == 0;
}

static bool is_space(char c)
{
        return c == ' ' || c == '\t';
}

/* Word separators inside the process field (as the shell and init-scan see them). */
static bool is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * The process field [p, end) runs a getty: sets *ret_tty to its tty word
 * (len 0 when no argument looks like a tty, or the tty is a "$VARIABLE").
 * The rule is init-scan's, so what detect counts is what is rewritten here.
 */
static bool process_getty(const char *p, const char *end, struct span *ret_tty)
{
        const char *tty;
        size_t len;
        bool getty = init_getty_command(p, (size_t)(end - p), &tty, &len);

        *ret_tty = (struct span){NULL, 0};
        if (getty && tty && tty[0] != '$')
                *ret_tty = (struct span){tty, len};
        return getty;
}

/* Split one line (s, len). commented: the line is a comment (its '#'s are skipped). */
static void inittab_parse_line(const char *s, size_t len, bool commented, struct inittab_line *ret)
{
        const char *p = s, *end = s + len, *colon[3];
        struct span action;

        *ret = (struct inittab_line){.commented = commented};
        while (p < end && (is_space(*p) || (commented && *p == '#')))
                p++;

        colon[0] = memchr(p, ':', (size_t)(end - p));
        if (colon[0]) {
                ret->has_id = true;
                ret->id = (struct span){p, (size_t)(colon[0] - p)};
                ret->rest = (size_t)(colon[0] - s);
        }
        if (commented || memchr(s, '\0', len))
                return;

        for (size_t k = 1; k < 3 && colon[k - 1]; k++)
                colon[k] = memchr(colon[k - 1] + 1, ':', (size_t)(end - colon[k - 1] - 1));
        if (!colon[0] || !colon[1] || !colon[2]) {
                ret->bad = memmem(s, len, "getty", 5) != NULL;
                return;
        }

        action = (struct span){colon[1] + 1, (size_t)(colon[2] - colon[1] - 1)};
        while (action.len > 0 && is_blank(action.s[0]))
                action.s++, action.len--;
        while (action.len > 0 && is_blank(action.s[action.len - 1]))
                action.len--;
        if (!span_is(&action, "respawn"))
                return;
        ret->getty = process_getty(colon[2] + 1, end, &ret->tty);
}

/* Whether a commented line is a getty on xvc0 ("#co:2345:respawn:/sbin/agetty xvc0 ..."). */
static bool commented_getty_on(const struct line *l, const char *tty)
{
        const char *p = l->s, *end = l->s + l->len;
        struct inittab_line parsed;

        while (p < end && (is_space(*p) || *p == '#'))
                p++;
        inittab_parse_line(p, (size_t)(end - p), false, &parsed);
        return parsed.getty && span_is(&parsed.tty, tty);
}

static bool inittab_id_taken(const struct inittab_line *v, size_t n, const char *id)
{
        if (streq(id, INITTAB_KUDZU_ID))
                return true;
        for (size_t i = 0; i < n; i++)
                if (v[i].has_id && span_is(&v[i].id, id))
                        return true;
        return false;
}

/*
 * A fresh id into buf: "h0", "hv", "hvc", "h1".."h9", "hc0".."hc9",
 * "hvc0".."hvc9", "h10".."h99". False when every one is taken.
 */
static bool inittab_fresh_id(const struct inittab_line *v, size_t n, char buf[static INITTAB_ID_MAX + 1])
{
        static const char *const fixed[] = {"h0", "hv", "hvc"};
        static const char *const numbered[] = {"h", "hc", "hvc"};

        for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
                if (!inittab_id_taken(v, n, fixed[i])) {
                        strcpy(buf, fixed[i]);
                        return true;
                }
        for (size_t k = 0; k < ARRAY_SIZE(numbered); k++)
                for (unsigned d = k == 0 ? 1 : 0; d <= 9; d++) {
                        snprintf(buf, INITTAB_ID_MAX + 1, "%s%u", numbered[k], d);
                        if (!inittab_id_taken(v, n, buf))
                                return true;
                }
        for (unsigned d = 10; d <= 99; d++) {
                snprintf(buf, INITTAB_ID_MAX + 1, "h%u", d);
                if (!inittab_id_taken(v, n, buf))
                        return true;
        }
        return false;
}

/*
 * s[0..len) with [tty, tty + tty_len) replaced by hvc0, starting at `from`
 * and led by `id` (NULL: none); trailing CRs dropped.
 */
static int inittab_build(const char *id, const char *s, size_t len, size_t from, const char *tty, size_t tty_len,
                         char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        size_t tty_off = (size_t)(tty - s);
        int r = 0;

        while (len > tty_off + tty_len && s[len - 1] == '\r')
                len--;
        if (id)
                r = strbuf_puts(&b, id);
        if (r >= 0)
                r = strbuf_append(&b, s + from, tty_off - from);
        if (r >= 0)
                r = strbuf_puts(&b, INITTAB_TTY);
        if (r >= 0)
                r = strbuf_append(&b, tty + tty_len, len - tty_off - tty_len);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

/* The new line from the profile's getty template, with a fresh id if its own is taken. */
static int inittab_from_template(const struct inittab_line *v, size_t n, const char *path,
                                 const struct profile *p, struct rewrite_out *out, char **ret)
{
        _cleanup_free_ char *expanded = NULL;
        struct inittab_line t;
        char id[INITTAB_ID_MAX + 1];
        size_t len;
        int r;

        if (!p->getty_template) {
                *ret = NULL;
                return strv_pushf(&out->warnings,
                                  "'%s': no active getty to model on and no getty template in profile %s: "
                                  "add a getty on " INITTAB_TTY " by hand",
                                  path, p->name);
        }
        r = profile_expand_tty(p->getty_template, INITTAB_TTY, &expanded);
        if (r < 0)
                return r;
        len = strlen(expanded);
        if (!strchr(expanded, '\n') && !strchr(expanded, '\r') && !line_is_comment(&(struct line){expanded, len, 0}))
                inittab_parse_line(expanded, len, false, &t);
        else
                t = (struct inittab_line){0};
        if (!t.getty || !span_is(&t.tty, INITTAB_TTY)) {
                *ret = NULL;
                return strv_pushf(&out->warnings,
                                  "'%s': the getty template of profile %s is not an inittab line that runs a "
                                  "getty on " INITTAB_TTY ": add one by hand",
                                  path, p->name);
        }

        if (t.id.len > 0 && t.id.len <= INITTAB_ID_MAX && !span_is(&t.id, INITTAB_KUDZU_ID)) {
                bool taken = false;

                for (size_t i = 0; i < n && !taken; i++)
                        taken = v[i].has_id && v[i].id.len == t.id.len && memcmp(v[i].id.s, t.id.s, t.id.len) == 0;
                if (!taken) {
                        /* Drop any blanks before the id, as init does. */
                        r = strdup_checked(t.id.s, ret);
                        return r;
                }
        }
        if (!inittab_fresh_id(v, n, id)) {
                *ret = NULL;
                return strv_pushf(&out->warnings, "'%s': no free inittab id for a getty on " INITTAB_TTY
                                  ": add one by hand", path);
        }
        return inittab_build(id, expanded, len, t.rest, t.tty.s, t.tty.len, ret);
}

static int inittab_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                           struct rewrite_out *out)
{
        _cleanup_free_ struct inittab_line *v = NULL;
        _cleanup_free_ char *content = NULL, *reason = NULL;
        const struct profile *p = facts ? facts->profile : NULL;
        size_t n = in->n_lines, insert_at = n;
        ssize_t xvc0 = -1, model = -1, last_getty = -1;
        int model_rank = 0; /* 4 console, 3 ttyS0, 2 tty1, 1 any */
        bool hvc0 = false, console = false;
        int r;

        if (!exists || !p || p->init != INIT_SYSVINIT)
                return 0;

        v = calloc(n ? n : 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                const struct line *l = &in->lines[i];
                const struct span *tty = &v[i].tty;
                int rank;

                inittab_parse_line(l->s, l->len, line_is_comment(l), &v[i]);
                if (!v[i].getty)
                        continue;
                last_getty = (ssize_t)i;
                if (tty->len == 0)
                        continue;
                if (span_is(tty, INITTAB_TTY))
                        hvc0 = true;
                if (span_is(tty, INITTAB_OLD_TTY) && xvc0 < 0)
                        xvc0 = (ssize_t)i;
                if (span_is(tty, "console"))
                        console = true;
                rank = span_is(tty, "console") ? 4 : span_is(tty, "ttyS0") ? 3 : span_is(tty, "tty1") ? 2 : 1;
                if (rank > model_rank) {
                        model = (ssize_t)i;
                        model_rank = rank;
                }
        }

        /* Warnings, in line order. */
        for (size_t i = 0; i < n; i++) {
                if (v[i].bad)
                        r = strv_pushf(&out->warnings,
                                       "'%s' line %zu: looks like a getty but is not an inittab entry "
                                       "(id:runlevels:action:process): left as it is",
                                       path, i + 1);
                else if (v[i].commented && !hvc0 && xvc0 < 0 && !console &&
                         commented_getty_on(&in->lines[i], INITTAB_OLD_TTY))
                        r = strv_pushf(&out->warnings,
                                       "'%s' line %zu: the getty on " INITTAB_OLD_TTY " is commented out and no "
                                       "console getty is active: left commented, so a Xenlinux kernel has no "
                                       "login on its console",
                                       path, i + 1);
                else if (!hvc0 && xvc0 >= 0 && (ssize_t)i > xvc0 && v[i].getty &&
                         span_is(&v[i].tty, INITTAB_OLD_TTY))
                        r = strv_pushf(&out->warnings,
                                       "'%s' line %zu: another getty on " INITTAB_OLD_TTY ", left as it is: "
                                       "under the pvops kernel init reports it \"respawning too fast\"; "
                                       "comment it out by hand",
                                       path, i + 1);
                else
                        r = 0;
                if (r < 0)
                        return r;
        }

        if (hvc0)
                return 0;

        if (xvc0 >= 0) {
                const struct line *l = &in->lines[xvc0];

                r = inittab_build(NULL, l->s, l->len, 0, v[xvc0].tty.s, v[xvc0].tty.len, &content);
                if (r < 0)
                        return r;
                r = edit_list_replace(&out->edits, (size_t)xvc0, content, INITTAB_REASON_IN_PLACE);
        } else if (console) {
                /*
                 * A getty on /dev/console serves whatever the kernel's last
                 * console= is: hvc0 under pvops (the boot entry says so), xvc0
                 * under Xenlinux. A second getty on hvc0 would fight it.
                 */
                return 0;
        } else if (model >= 0) {
                const struct line *l = &in->lines[model];
                char id[INITTAB_ID_MAX + 1];

                if (!inittab_fresh_id(v, n, id))
                        return strv_pushf(&out->warnings, "'%s': no free inittab id for a getty on " INITTAB_TTY
                                          ": add one by hand", path);
                r = inittab_build(id, l->s, l->len, v[model].rest, v[model].tty.s, v[model].tty.len, &content);
                if (r < 0)
                        return r;
                if (asprintf(&reason, "add a getty on the pvops console " INITTAB_TTY " (modeled on line %zu)",
                             (size_t)model + 1) < 0) {
                        reason = NULL;
                        return -ENOMEM;
                }
                insert_at = (size_t)last_getty + 1;
                r = edit_list_insert(&out->edits, insert_at, content, reason);
        } else {
                r = inittab_from_template(v, n, path, p, out, &content);
                if (r < 0 || !content)
                        return r;
                if (asprintf(&reason, "add a getty on the pvops console " INITTAB_TTY
                                      " (from the getty template of profile %s)", p->name) < 0) {
                        reason = NULL;
                        return -ENOMEM;
                }
                if (last_getty >= 0)
                        insert_at = (size_t)last_getty + 1;
                r = edit_list_insert(&out->edits, insert_at, content, reason);
        }
        if (r < 0)
                return r;
        return strv_push(&out->next_steps, INITTAB_NEXT_STEP);
}

const struct rewriter rewriter_inittab = {
        .name = "inittab",
        .paths = (const char *const[]){"/etc/inittab", NULL},
        .rewrite = inittab_rewrite,
};
