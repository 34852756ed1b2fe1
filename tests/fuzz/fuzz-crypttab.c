/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the crypttab parser and rewriter.
 *
 * The input is a crypttab. Invariants checked on every input:
 *  - every line parses into fields that lie inside it, in order, without
 *    blanks, separated by blanks; a comment or blank line has none;
 *  - rebuilding any line with no field replaced gives it back byte for byte
 *    (the round trip), and rendering a result without edits gives the input;
 *  - the rewriter only replaces lines that are entries; the name and options
 *    fields, the bytes before the first field and the number of fields stay;
 *  - its edits always apply; every line it did not edit is byte-identical;
 *  - a second run on its own output changes nothing and warns the same.
 * The low bit of the first byte picks the RHEL 6 letter shift.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "rewrite/crypttab.h"
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

static bool is_blank_char(char c)
{
        return c == ' ' || c == '\t';
}

static void check_parse(const struct line *ln)
{
        const char *const none[CRYPTTAB_FIELDS_MAX] = {0};
        struct crypttab_line l;
        char *out = NULL;
        size_t end = 0;

        crypttab_parse_line(ln->s, ln->len, &l);
        CHECK(l.n <= CRYPTTAB_FIELDS_MAX);
        CHECK(!l.extra || l.n == CRYPTTAB_FIELDS_MAX);
        CHECK((l.n == 0) == (line_is_blank(ln) || line_is_comment(ln)));
        for (size_t k = 0; k < l.n; k++) {
                const struct crypttab_field *f = &l.f[k];

                CHECK(f->len > 0 && f->start >= end && f->start + f->len <= ln->len);
                for (size_t i = end; i < f->start; i++)
                        CHECK(is_blank_char(ln->s[i]));
                for (size_t i = f->start; i < f->start + f->len; i++)
                        CHECK(!is_blank_char(ln->s[i]));
                CHECK(f->start + f->len == ln->len || is_blank_char(ln->s[f->start + f->len]));
                end = f->start + f->len;
        }

        CHECK(crypttab_build_line(ln->s, ln->len, &l, none, &out) == 0);
        CHECK(memcmp(out, ln->s, ln->len) == 0 && out[ln->len] == '\0');
        free(out);
}

static char *run(const struct text *t, const struct facts *facts, struct rewrite_out *o, size_t *ret_size,
                 bool *ret_changed)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_crypttab.rewrite(t, true, "/etc/crypttab", facts, o) == 0);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        *ret_changed = r->changed;
        text_result_free(r);
        return out;
}

static bool field_equal(const char *a, const struct crypttab_field *fa, const char *b, const struct crypttab_field *fb)
{
        return fa->len == fb->len && memcmp(a + fa->start, b + fb->start, fa->len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct facts facts = {.devmap = {.sd_shift = size > 0 && (data[0] & 1) ? 4 : 0}};
        struct text *t = NULL, *t1 = NULL;
        struct text_result *r0 = NULL;
        struct rewrite_out o = {0}, o2 = {0}, o_missing = {0};
        char *round = NULL, *out1 = NULL, *out2 = NULL;
        size_t round_size = 0, out1_size = 0, out2_size = 0;
        bool changed1, changed2;
        unsigned char *edited = NULL;

        CHECK(text_new((const char *)data, size, &t) == 0);
        for (size_t i = 0; i < t->n_lines; i++)
                check_parse(&t->lines[i]);

        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        /* A missing crypttab is left missing. */
        CHECK(rewriter_crypttab.rewrite(t, false, "/etc/crypttab", &facts, &o_missing) == 0);
        CHECK(o_missing.edits.n == 0 && !o_missing.create && o_missing.warnings.n == 0);

        out1 = run(t, &facts, &o, &out1_size, &changed1);
        CHECK(changed1 == (o.edits.n > 0));

        edited = calloc(t->n_lines + 1, 1);
        CHECK(edited);
        for (size_t e = 0; e < o.edits.n; e++) {
                const struct edit *ed = &o.edits.v[e];
                struct crypttab_line lo, ln;
                const struct line *l;
                size_t new_len;

                CHECK(ed->kind == EDIT_REPLACE);
                CHECK(ed->line < t->n_lines);
                CHECK(!edited[ed->line]);
                edited[ed->line] = 1;
                l = &t->lines[ed->line];
                CHECK(ed->reason && strstr(ed->reason, "pvops kernels name Xen disks xvdX"));
                new_len = strlen(ed->content);
                CHECK(strstr(ed->content, "xvd"));

                crypttab_parse_line(l->s, l->len, &lo);
                crypttab_parse_line(ed->content, new_len, &ln);
                CHECK(lo.n >= 2 && lo.n == ln.n && !lo.extra && !ln.extra);
                CHECK(lo.f[0].start == ln.f[0].start && memcmp(l->s, ed->content, lo.f[0].start) == 0);
                CHECK(field_equal(l->s, &lo.f[CRYPTTAB_NAME], ed->content, &ln.f[CRYPTTAB_NAME]));
                if (lo.n > CRYPTTAB_OPTIONS) {
                        /* The options field and everything after it stay. */
                        CHECK(field_equal(l->s, &lo.f[CRYPTTAB_OPTIONS], ed->content, &ln.f[CRYPTTAB_OPTIONS]));
                        CHECK(l->len - lo.f[CRYPTTAB_OPTIONS].start == new_len - ln.f[CRYPTTAB_OPTIONS].start);
                }
                CHECK(new_len == 0 || ed->content[new_len - 1] != '\r');
        }

        CHECK(text_new(out1, out1_size, &t1) == 0);
        CHECK(t1->n_lines == t->n_lines);
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *a = &t->lines[i], *b = &t1->lines[i];

                CHECK(a->eol_len == b->eol_len);
                if (!edited[i])
                        CHECK(a->len == b->len && memcmp(a->s, b->s, a->len) == 0);
        }

        /* Idempotence. */
        out2 = run(t1, &facts, &o2, &out2_size, &changed2);
        CHECK(o2.edits.n == 0 && !changed2);
        CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);
        CHECK(o2.warnings.n == o.warnings.n);

        free(edited);
        free(out2);
        free(out1);
        free(round);
        rewrite_out_done(&o_missing);
        rewrite_out_done(&o2);
        rewrite_out_done(&o);
        text_result_free(r0);
        text_free(t1);
        text_free(t);
        return 0;
}
