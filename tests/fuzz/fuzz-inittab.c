/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the inittab rewriter.
 *
 * The input is an /etc/inittab. It is run with a SysV init profile under
 * each of four getty templates (none, Red Hat's "co", Debian's "h0", SUSE's
 * "x0"), and with an Upstart profile. Invariants checked on every input:
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - at most one edit, with one next step exactly when there is an edit;
 *    the edits apply;
 *  - every line not edited comes out byte for byte and in order (a last line
 *    without newline may gain a terminator when a line goes after it);
 *  - a replaced line differs from the original only by "xvc0" -> "hvc0" in
 *    one place (and trailing CRs dropped);
 *  - an inserted line has an id of 1-4 characters, never "co", not used by
 *    any line of the input (active or commented), and no duplicate among
 *    the active lines of the output;
 *  - a second run changes nothing;
 *  - an Upstart profile or a missing file gives no edit at all.
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

extern const struct rewriter rewriter_inittab;

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static void out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
}

/* The id of a line as init (or, for a comment, a reader) sees it: before the first ':'. */
static bool line_id(const char *s, size_t len, bool comment, const char **ret, size_t *ret_len)
{
        const char *p = s, *end = s + len, *colon;

        while (p < end && (*p == ' ' || *p == '\t' || (comment && *p == '#')))
                p++;
        colon = memchr(p, ':', (size_t)(end - p));
        if (!colon)
                return false;
        *ret = p;
        *ret_len = (size_t)(colon - p);
        return true;
}

static char *run(const struct text *t, const struct profile *p, struct rewrite_out *o, size_t *ret_size)
{
        struct facts facts = {.profile = (struct profile *)p};
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_inittab.rewrite(t, true, "/etc/inittab", &facts, o) == 0);
        CHECK(o->edits.n <= 1);
        CHECK(o->next_steps.n == o->edits.n);
        CHECK(!o->create);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        CHECK(r->changed == (o->edits.n == 1));
        text_result_free(r);
        return out;
}

/* The replaced line is the original with one "xvc0" turned into "hvc0" (trailing CRs dropped). */
static void check_replace(const struct line *l, const char *content)
{
        size_t len = l->len, diff = SIZE_MAX;

        while (len > 0 && l->s[len - 1] == '\r')
                len--;
        CHECK(strlen(content) == len);
        for (size_t i = 0; i < len; i++)
                if (l->s[i] != content[i]) {
                        diff = i;
                        break;
                }
        CHECK(diff != SIZE_MAX && diff + 4 <= len);
        CHECK(memcmp(l->s + diff, "xvc0", 4) == 0 && memcmp(content + diff, "hvc0", 4) == 0);
        CHECK(memcmp(l->s + diff + 4, content + diff + 4, len - diff - 4) == 0);
}

/* The inserted line's id is fresh in the input and unique among the output's active lines. */
static void check_insert_id(const struct text *t, const char *content, const char *out, size_t out_size)
{
        const char *id, *other;
        size_t id_len, other_len, n_same = 0;
        struct text *t1 = NULL;

        CHECK(strstr(content, "hvc0"));
        CHECK(line_id(content, strlen(content), false, &id, &id_len));
        CHECK(id == content);
        CHECK(id_len >= 1 && id_len <= 4);
        CHECK(!(id_len == 2 && memcmp(id, "co", 2) == 0));
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];

                if (line_id(l->s, l->len, line_is_comment(l), &other, &other_len))
                        CHECK(other_len != id_len || memcmp(other, id, id_len) != 0);
        }

        CHECK(text_new(out, out_size, &t1) == 0);
        for (size_t i = 0; i < t1->n_lines; i++) {
                const struct line *l = &t1->lines[i];

                if (!line_is_comment(l) && line_id(l->s, l->len, false, &other, &other_len) &&
                    other_len == id_len && memcmp(other, id, id_len) == 0)
                        n_same++;
        }
        CHECK(n_same == 1);
        text_free(t1);
}

/* Run one profile over the input and check every invariant. */
static void check_profile(const uint8_t *data, size_t size, const struct text *t, const struct profile *p)
{
        struct rewrite_out o = {0}, o2 = {0};
        struct text *t1 = NULL;
        char *out1 = NULL, *out2 = NULL, *exp = NULL;
        size_t out1_size = 0, out2_size = 0, exp_size = 0;

        out1 = run(t, p, &o, &out1_size);
        if (o.edits.n == 0) {
                CHECK(out1_size == size && memcmp(out1, data, size) == 0);
        } else if (o.edits.v[0].kind == EDIT_REPLACE) {
                const struct edit *e = &o.edits.v[0];
                const struct line *l;
                size_t off, clen = strlen(e->content), tail;

                CHECK(e->line < t->n_lines);
                l = &t->lines[e->line];
                check_replace(l, e->content);
                off = (size_t)(l->s - t->data);
                tail = size - off - l->len;
                exp_size = off + clen + tail;
                exp = malloc(exp_size + 1);
                CHECK(exp);
                memcpy(exp, data, off);
                memcpy(exp + off, e->content, clen);
                memcpy(exp + off + clen, data + off + l->len, tail);
                CHECK(out1_size == exp_size && memcmp(out1, exp, exp_size) == 0);
        } else {
                const struct edit *e = &o.edits.v[0];
                const char *eol = text_default_eol(t);
                size_t at = e->line, clen = strlen(e->content), off;
                bool add_eol;
                char *q;

                CHECK(e->kind == EDIT_INSERT && at <= t->n_lines);
                off = at < t->n_lines ? (size_t)(t->lines[at].s - t->data) : size;
                add_eol = at == t->n_lines && at > 0 && t->lines[at - 1].eol_len == 0;
                exp_size = size + clen + strlen(eol) * (add_eol ? 2 : 1);
                exp = malloc(exp_size + 1);
                CHECK(exp);
                q = exp;
                memcpy(q, data, off), q += off;
                if (add_eol)
                        q = stpcpy(q, eol);
                memcpy(q, e->content, clen), q += clen;
                q = stpcpy(q, eol);
                memcpy(q, data + off, size - off), q += size - off;
                CHECK((size_t)(q - exp) == exp_size);
                CHECK(out1_size == exp_size && memcmp(out1, exp, exp_size) == 0);
                check_insert_id(t, e->content, out1, out1_size);
        }

        /* Idempotence. */
        CHECK(text_new(out1, out1_size, &t1) == 0);
        out2 = run(t1, p, &o2, &out2_size);
        CHECK(o2.edits.n == 0);
        CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);

        free(exp);
        free(out2);
        free(out1);
        text_free(t1);
        out_done(&o2);
        out_done(&o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static char *const templates[] = {
                NULL,
                (char *)"co:2345:respawn:/sbin/agetty {tty} 9600 vt100-nav",
                (char *)"h0:2345:respawn:/sbin/getty 38400 {tty}",
                (char *)"x0:12345:respawn:/sbin/agetty -L 9600 {tty} xterm",
        };
        struct profile sysv = {.name = (char *)"fuzz", .init = INIT_SYSVINIT};
        struct profile upstart = {.name = (char *)"fuzz-upstart", .init = INIT_UPSTART_INIT,
                                  .getty_template = templates[2]};
        struct facts facts = {.profile = &sysv};
        struct text *t = NULL;
        struct text_result *r0 = NULL;
        struct rewrite_out o = {0};
        char *round = NULL;
        size_t round_size = 0;

        CHECK(text_new((const char *)data, size, &t) == 0);

        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        /* A missing inittab stays missing; an Upstart guest's inittab is not read. */
        CHECK(rewriter_inittab.rewrite(t, false, "/etc/inittab", &facts, &o) == 0);
        CHECK(o.edits.n == 0 && o.warnings.n == 0 && o.next_steps.n == 0 && !o.create);
        facts.profile = &upstart;
        CHECK(rewriter_inittab.rewrite(t, true, "/etc/inittab", &facts, &o) == 0);
        CHECK(o.edits.n == 0 && o.warnings.n == 0 && o.next_steps.n == 0 && !o.create);

        for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
                sysv.getty_template = templates[i];
                check_profile(data, size, t, &sysv);
        }

        out_done(&o);
        free(round);
        text_result_free(r0);
        text_free(t);
        return 0;
}
