/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/modprobe.conf of RHEL/CentOS 4 and 5 (and Fedora up to 11): the
 * module list of the nash mkinitrd (tool "mkinitrd-redhat").
 *
 * That mkinitrd puts into every initrd it builds the module of each active
 * "alias scsi_hostadapter[N] MODULE" line (grep + awk: the third word). It
 * finds a module by its FILE name, MODULE.ko under /lib/modules/VERSION, and
 * stops ("No module MODULE found for kernel VERSION, aborting") when there
 * is none; modules built in count only when given with --builtin. So:
 *  - xenblk, the Xenlinux name, stops it for a pvops kernel, even though
 *    pvops xen-blkfront answers to the alias "xenblk" (modprobe follows that
 *    alias, mkinitrd does not);
 *  - xen-blkfront stops it for the Xenlinux kernel, which has no such file;
 *  - xen_blkfront stops it for both (the file is xen-blkfront.ko).
 * No list of modules serves both kernels, so the list follows the pvops
 * target, and each edit reason says how to build an initrd for the Xenlinux
 * kernel later (mkinitrd --builtin=xen-blkfront --with=xenblk ...):
 *  - the first alias naming xenblk or xen_blkfront gets xen-blkfront;
 *    further ones are commented out (they would stop mkinitrd again);
 *  - with none at all, "alias scsi_hostadapter[N] xen-blkfront" is added
 *    after the last scsi_hostadapter alias (or at the end), N the next free
 *    number, so that initrds built later, by kernel updates, include it;
 *  - a target with xen-blkfront built in needs no module: every such alias
 *    is commented out, and none is added.
 * "alias ethN xennet" becomes xen-netfront: modprobe takes an alias's module
 * by name (it does not follow one alias to another), and under the Xenlinux
 * kernel udev loads xennet by its xen:vif alias anyway.
 *
 * Words are separated by blanks; '#' lines are comments. A line continued
 * with a backslash (and the lines it continues) is not edited; one that
 * names xenblk is reported.
 */
#include <string.h>

#include "initrd-conf.h"
#include "macro.h"
#include "rewrite/initrd-common.h"

#define TOOL "mkinitrd-redhat"
#define ALIAS_PREFIX "scsi_hostadapter"
#define MAX_WORDS 4

#define FALLBACK_HINT "a later initrd of the Xenlinux kernel needs: mkinitrd --builtin=xen-blkfront --with=xenblk"
#define REASON_RENAME                                                                                          \
        "xenblk -> xen-blkfront: RHEL mkinitrd adds each scsi_hostadapter module by its .ko file and stops at " \
        "one a kernel lacks, so one list cannot serve both kernels: it names the pvops target's block "         \
        "frontend (" FALLBACK_HINT ")"
#define REASON_ADD                                                                                      \
        "RHEL mkinitrd adds each scsi_hostadapter module to every initrd it builds: the pvops target's " \
        "block frontend, for its later initrds too (" FALLBACK_HINT ")"
#define REASON_DUP                                                                                         \
        "disabled: xen-blkfront is a scsi_hostadapter module already, and RHEL mkinitrd stops at a module " \
        "without a .ko file, as this one is for the pvops kernel (" FALLBACK_HINT ")"
#define REASON_BUILTIN                                                                                        \
        "disabled: the target kernel has xen-blkfront built in, and RHEL mkinitrd stops at a scsi_hostadapter " \
        "module without a .ko file (a later initrd of the Xenlinux kernel needs: mkinitrd --with=xenblk)"
#define REASON_NET                                                                                         \
        "xennet -> xen-netfront: modprobe loads an alias's module by its name, and the pvops network "      \
        "frontend is xen-netfront (under the Xenlinux kernel udev loads xennet by its xen:vif alias anyway)"

struct word {
        size_t start, len;
};

static bool is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r';
}

/* Split a line into at most MAX_WORDS words; returns how many. */
static size_t split_words(const struct line *l, struct word *w)
{
        size_t n = 0, i = 0;

        while (n < MAX_WORDS) {
                while (i < l->len && is_blank(l->s[i]))
                        i++;
                if (i >= l->len)
                        break;
                w[n].start = i;
                while (i < l->len && !is_blank(l->s[i]))
                        i++;
                w[n].len = i - w[n].start;
                n++;
        }
        return n;
}

static bool word_is(const struct line *l, const struct word *w, const char *s)
{
        size_t n = strlen(s);

        return w->len == n && memcmp(l->s + w->start, s, n) == 0;
}

static bool word_has_prefix(const struct line *l, const struct word *w, const char *s)
{
        size_t n = strlen(s);

        return w->len >= n && memcmp(l->s + w->start, s, n) == 0;
}

/* "eth0", "eth12": an ethernet interface alias. */
static bool word_is_eth(const struct line *l, const struct word *w)
{
        if (!word_has_prefix(l, w, "eth") || w->len == 3)
                return false;
        for (size_t i = 3; i < w->len; i++)
                if (l->s[w->start + i] < '0' || l->s[w->start + i] > '9')
                        return false;
        return true;
}

/* The number of a scsi_hostadapter alias name: 0 for none, N for scsi_hostadapterN, -1 otherwise. */
static long alias_number(const struct line *l, const struct word *w)
{
        size_t n = strlen(ALIAS_PREFIX);
        long v = 0;

        if (w->len == n)
                return 0;
        if (w->len > n + 6) /* far more than kudzu ever numbers */
                return -1;
        for (size_t i = n; i < w->len; i++) {
                char c = l->s[w->start + i];

                if (c < '0' || c > '9')
                        return -1;
                v = v * 10 + (c - '0');
        }
        return v;
}

/* Whether the line continues on the next (a lone CR of a last line counts as its end: a LF after it makes a CRLF). */
static bool ends_in_backslash(const struct line *l)
{
        size_t n = l->len;

        while (n > 0 && l->s[n - 1] == '\r')
                n--;
        return n > 0 && l->s[n - 1] == '\\';
}

static int replace_word(const struct line *l, const struct word *w, const char *with, char **ret)
{
        if (asprintf(ret, "%.*s%s%.*s", (int)w->start, l->s, with, (int)(l->len - w->start - w->len),
                     l->s + w->start + w->len) < 0) {
                *ret = NULL;
                return -ENOMEM;
        }
        return 0;
}

static int comment_out(const struct line *l, size_t i, const char *reason, struct rewrite_out *out)
{
        _cleanup_free_ char *s = NULL;

        if (asprintf(&s, "#%.*s", (int)l->len, l->s) < 0)
                return -ENOMEM;
        return edit_list_replace(&out->edits, i, s, reason);
}

static int modprobe_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                            struct rewrite_out *out)
{
        bool wanted, builtin, have_blk = false, renamed = false, continued = false;
        size_t last_alias = SIZE_MAX;
        long next_number = -1;
        int r;

        r = initrd_rewrite_wanted(facts, TOOL, path, out, &wanted);
        if (r < 0 || !wanted)
                return r;
        builtin = facts->target->blkfront == 1;
        if (!exists)
                return strv_pushf(&out->warnings,
                                  "'%s' does not exist: mkinitrd adds xen-blkfront only when asked to "
                                  "(--with=xen-blkfront, as the rebuild command does), not for kernels installed "
                                  "later; add the line 'alias scsi_hostadapter xen-blkfront' there",
                                  path);

        /* First pass: what the active aliases name. */
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];
                bool cont = continued;
                struct word w[MAX_WORDS];
                size_t n;

                continued = ends_in_backslash(l);
                if (cont || line_is_comment(l))
                        continue;
                n = split_words(l, w);
                if (n < 3 || !word_is(l, &w[0], "alias") || !word_has_prefix(l, &w[1], ALIAS_PREFIX))
                        continue;
                last_alias = i;
                if (alias_number(l, &w[1]) >= next_number)
                        next_number = alias_number(l, &w[1]) + 1;
                if (word_is(l, &w[2], INITRD_BLKFRONT))
                        have_blk = true;
        }

        /* Second pass: the edits. */
        continued = false;
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];
                _cleanup_free_ char *s = NULL;
                bool cont = continued;
                struct word w[MAX_WORDS];
                size_t n;

                continued = ends_in_backslash(l);
                if (line_is_comment(l) && !cont)
                        continue;
                n = split_words(l, w);
                if (cont || continued) {
                        const char *bad = memmem(l->s, l->len, "xenblk", 6)         ? "xenblk"
                                          : memmem(l->s, l->len, "xen_blkfront", 12) ? "xen_blkfront"
                                          : builtin && memmem(l->s, l->len, INITRD_BLKFRONT, 12) ? INITRD_BLKFRONT
                                                                                                 : NULL;

                        if (bad) {
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: a continued line that names %s: left as it is; "
                                               "RHEL mkinitrd may stop at %s for the pvops kernel",
                                               path, i + 1, bad, bad);
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }
                if (n < 3 || !word_is(l, &w[0], "alias"))
                        continue;
                if (l->s[l->len - 1] == '\r') {
                        /* A last line ending in a lone CR: new content cannot end in CR. */
                        if ((word_is_eth(l, &w[1]) && word_is(l, &w[2], "xennet")) ||
                            (word_has_prefix(l, &w[1], ALIAS_PREFIX) &&
                             (word_is(l, &w[2], "xenblk") || word_is(l, &w[2], "xen_blkfront") ||
                              (builtin && word_is(l, &w[2], INITRD_BLKFRONT))))) {
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: ends in a carriage return: left as it is; "
                                               "fix this alias by hand",
                                               path, i + 1);
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }

                if (word_is_eth(l, &w[1]) && word_is(l, &w[2], "xennet")) {
                        r = replace_word(l, &w[2], INITRD_NETFRONT, &s);
                        if (r >= 0)
                                r = edit_list_replace(&out->edits, i, s, REASON_NET);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (!word_has_prefix(l, &w[1], ALIAS_PREFIX))
                        continue;
                if (builtin) {
                        if (word_is(l, &w[2], "xenblk") || initrd_module_is(l->s + w[2].start, w[2].len,
                                                                            INITRD_BLKFRONT)) {
                                r = comment_out(l, i, REASON_BUILTIN, out);
                                if (r < 0)
                                        return r;
                                out->rebuild_initrd = true;
                        }
                        continue;
                }
                if (!word_is(l, &w[2], "xenblk") && !word_is(l, &w[2], "xen_blkfront"))
                        continue;
                if (have_blk || renamed) {
                        r = comment_out(l, i, REASON_DUP, out);
                } else {
                        r = replace_word(l, &w[2], INITRD_BLKFRONT, &s);
                        if (r >= 0)
                                r = edit_list_replace(&out->edits, i, s, REASON_RENAME);
                        renamed = true;
                }
                if (r < 0)
                        return r;
                out->rebuild_initrd = true;
        }

        if (!builtin && !have_blk && !renamed) {
                _cleanup_free_ char *line = NULL;
                size_t at = last_alias == SIZE_MAX ? in->n_lines : last_alias + 1;

                /* Not right after a backslash: the new line would continue that one. */
                while (at > 0 && at <= in->n_lines && ends_in_backslash(&in->lines[at - 1])) {
                        if (at == in->n_lines)
                                return strv_pushf(&out->warnings,
                                                  "'%s' ends in a continued line: 'alias %s xen-blkfront' not "
                                                  "added; add it by hand",
                                                  path, ALIAS_PREFIX);
                        at++;
                }
                if (next_number <= 0)
                        r = asprintf(&line, "alias %s %s", ALIAS_PREFIX, INITRD_BLKFRONT);
                else
                        r = asprintf(&line, "alias %s%ld %s", ALIAS_PREFIX, next_number, INITRD_BLKFRONT);
                if (r < 0) {
                        line = NULL;
                        return -ENOMEM;
                }
                r = edit_list_insert(&out->edits, at, line, REASON_ADD);
                if (r < 0)
                        return r;
                out->rebuild_initrd = true;
        } else if (!out->rebuild_initrd) {
                r = strv_pushf(&out->notes, "'%s': %s", path,
                               builtin ? "no scsi_hostadapter alias names a block frontend (the target has "
                                         "xen-blkfront built in)"
                                       : "a scsi_hostadapter alias names xen-blkfront already");
                if (r < 0)
                        return r;
        }
        return 0;
}

static int modprobe_list_paths(const struct guest_root *g _unused_, const struct facts *facts, struct strv *ret)
{
        return initrd_modules_file_path(facts, TOOL, ret);
}

const struct rewriter rewriter_initrd_modprobe = {
        .name = "initrd-modprobe",
        .paths = NULL,
        .rewrite = modprobe_rewrite,
        .list_paths = modprobe_list_paths,
};
