/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the modprobe.conf rewriter (RHEL mkinitrd's module
 * list).
 *
 * The input is an /etc/modprobe.conf, run for a pvops target with
 * xen-blkfront as a module and built in. Invariants checked on every input:
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - the edits apply, and rebuild_initrd is set only with edits;
 *  - a replaced line is the original with "#" in front, or with one word
 *    (xenblk, xen_blkfront, xennet) replaced by the pvops name;
 *  - at most one line is inserted: "alias scsi_hostadapter[N] xen-blkfront",
 *    never with a built-in frontend;
 *  - unless a warning was given, the output has an active
 *    "alias scsi_hostadapter* xen-blkfront" (none at all when built in) and
 *    no active scsi_hostadapter alias naming xenblk;
 *  - without a warning, a second run changes nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "profile.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

#define PROFILE "[profile]\nname = t\n[initrd]\ntool = mkinitrd-redhat\nmodules-file = /etc/modprobe.conf\n"

static char *run(const struct text *t, const struct facts *f, struct rewrite_out *o, size_t *ret_size)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_initrd_modprobe.rewrite(t, true, "/etc/modprobe.conf", f, o) == 0);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        CHECK(r->changed == (o->edits.n > 0));
        CHECK(!o->rebuild_initrd || o->edits.n > 0);
        text_result_free(r);
        return out;
}

/* Whether new is old with one whole word `from` replaced by `to`. */
static bool one_word_replaced(const struct line *old, const char *new, const char *from, const char *to)
{
        size_t nf = strlen(from), nt = strlen(to);

        for (size_t i = 0; i + nf <= old->len; i++) {
                if (memcmp(old->s + i, from, nf) != 0)
                        continue;
                if (strlen(new) == old->len - nf + nt && memcmp(new, old->s, i) == 0 &&
                    memcmp(new + i, to, nt) == 0 && memcmp(new + i + nt, old->s + i + nf, old->len - i - nf) == 0)
                        return true;
        }
        return false;
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r';
}

/* The next word of l from *i (blanks: space, tab, CR, as the rewriter splits). */
static bool next_word(const struct line *l, size_t *i, const char **ret, size_t *ret_len)
{
        while (*i < l->len && is_blank(l->s[*i]))
                (*i)++;
        if (*i >= l->len)
                return false;
        *ret = l->s + *i;
        while (*i < l->len && !is_blank(l->s[*i]))
                (*i)++;
        *ret_len = (size_t)(l->s + *i - *ret);
        return true;
}

/*
 * An active "alias scsi_hostadapter* MODULE" line that does not continue
 * another (RHEL mkinitrd greps physical lines): 1 when MODULE is
 * xen-blkfront, 2 when it is xenblk or xen_blkfront, else 0.
 */
static int alias_kind(const struct line *l, bool continued)
{
        const char *w[3];
        size_t n[3], i = 0;

        if (continued)
                return 0;
        for (size_t k = 0; k < 3; k++)
                if (!next_word(l, &i, &w[k], &n[k]))
                        return 0;
        if (n[0] != 5 || memcmp(w[0], "alias", 5) != 0 || n[1] < 16 || memcmp(w[1], "scsi_hostadapter", 16) != 0)
                return 0;
        if (n[2] == 12 && memcmp(w[2], "xen-blkfront", 12) == 0)
                return 1;
        if ((n[2] == 6 && memcmp(w[2], "xenblk", 6) == 0) || (n[2] == 12 && memcmp(w[2], "xen_blkfront", 12) == 0))
                return 2;
        return 0;
}

static void check(const uint8_t *data, size_t size, const struct text *t, int blkfront)
{
        struct profile *p = NULL;
        struct kernel k = {0};
        struct facts f = {0};
        struct rewrite_out o = {0}, o2 = {0};
        struct text *t1 = NULL;
        char *out1 = NULL, *out2 = NULL;
        size_t out1_size = 0, out2_size = 0, inserts = 0;
        bool have_new = false, have_old = false, continued = false;

        CHECK(profile_parse("t.profile", PROFILE, strlen(PROFILE), &p) == 0);
        kernel_init(&k);
        k.version = strdup("3.10.108-1.el5.elrepo");
        CHECK(k.version);
        k.flavor = FLAVOR_PVOPS;
        k.blkfront = blkfront;
        f.profile = p;
        f.target = &k;

        out1 = run(t, &f, &o, &out1_size);
        for (size_t e = 0; e < o.edits.n; e++) {
                const struct edit *ed = &o.edits.v[e];

                CHECK(ed->kind != EDIT_DELETE);
                if (ed->kind == EDIT_INSERT) {
                        inserts++;
                        CHECK(blkfront != 1);
                        CHECK(strncmp(ed->content, "alias scsi_hostadapter", 22) == 0);
                        CHECK(strlen(ed->content) > 13 &&
                              strcmp(ed->content + strlen(ed->content) - 13, " xen-blkfront") == 0);
                } else {
                        const struct line *l = &t->lines[ed->line];

                        CHECK((ed->content[0] == '#' && strlen(ed->content) == l->len + 1 &&
                               memcmp(ed->content + 1, l->s, l->len) == 0) ||
                              one_word_replaced(l, ed->content, "xenblk", "xen-blkfront") ||
                              one_word_replaced(l, ed->content, "xen_blkfront", "xen-blkfront") ||
                              one_word_replaced(l, ed->content, "xennet", "xen-netfront"));
                }
        }
        CHECK(inserts <= 1);

        CHECK(text_new(out1, out1_size, &t1) == 0);
        for (size_t i = 0; i < t1->n_lines; i++) {
                const struct line *l = &t1->lines[i];
                int kind = alias_kind(l, continued);

                continued = l->len > 0 && l->s[l->len - 1] == '\\';
                have_new = have_new || kind == 1;
                have_old = have_old || kind == 2;
        }
        if (o.warnings.n == 0) {
                CHECK(!have_old);
                CHECK(have_new == (blkfront != 1));
        }

        /*
         * A warned-about line may read differently once a line follows it (a
         * lone CR at the end of the file becomes part of a CRLF): only a
         * run without warnings must be final.
         */
        out2 = run(t1, &f, &o2, &out2_size);
        if (o.warnings.n == 0) {
                CHECK(o2.edits.n == 0);
                CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);
        }

        (void)data;
        (void)size;
        free(out2);
        free(out1);
        text_free(t1);
        rewrite_out_done(&o2);
        rewrite_out_done(&o);
        kernel_done(&k);
        profile_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct text *t = NULL;
        struct text_result *r0 = NULL;
        char *round = NULL;
        size_t round_size = 0;

        /* guest_file_read() refuses files with a NUL byte: rewriters never see one. */
        if (memchr(data, '\0', size))
                return 0;
        CHECK(text_new((const char *)data, size, &t) == 0);
        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && (size == 0 || memcmp(round, data, size) == 0));

        check(data, size, t, 0);
        check(data, size, t, 1);

        free(round);
        text_result_free(r0);
        text_free(t);
        return 0;
}
