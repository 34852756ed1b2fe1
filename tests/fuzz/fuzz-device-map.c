/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the device.map rewriter.
 *
 * The input is a device.map. Invariants checked on every input:
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - only lines are replaced; a replaced line differs from the original in
 *    one token only: a sd/hd device path that becomes the xvd name
 *    devname_map() gives for it, the bytes before and after it unchanged;
 *  - a second run changes nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devname.h"
#include "facts.h"
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

static char *run(const struct text *t, const struct facts *f, struct rewrite_out *o, size_t *ret_size)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_device_map.rewrite(t, true, "/boot/grub/device.map", f, o) == 0);
        CHECK(o->next_steps.n == 0);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        text_result_free(r);
        return out;
}

/* The new line is the old one with one device token replaced by its mapping. */
static void check_replace(const struct line *l, const char *content, const struct devmap *m)
{
        size_t n = strlen(content), p = 0, s = 0, tok, tok_end;
        enum devname_kind kind;
        char *mapped = NULL;

        while (p < l->len && p < n && l->s[p] == content[p])
                p++;
        while (s < l->len - p && s < n - p && l->s[l->len - 1 - s] == content[n - 1 - s])
                s++;
        /* Widen to the whole token of the old line. */
        tok = p;
        while (tok > 0 && l->s[tok - 1] != ' ' && l->s[tok - 1] != '\t')
                tok--;
        tok_end = l->len - s;
        while (tok_end < l->len && l->s[tok_end] != ' ' && l->s[tok_end] != '\t' && l->s[tok_end] != '#')
                tok_end++;
        CHECK(devname_map(m, l->s + tok, tok_end - tok, &kind, &mapped) == 0);
        CHECK(kind == DEVNAME_MAPPED && mapped);
        CHECK(n == l->len - (tok_end - tok) + strlen(mapped));
        CHECK(memcmp(content, l->s, tok) == 0);
        CHECK(memcmp(content + tok, mapped, strlen(mapped)) == 0);
        CHECK(memcmp(content + tok + strlen(mapped), l->s + tok_end, l->len - tok_end) == 0);
        free(mapped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct facts f = {0};
        struct text *t = NULL, *t1 = NULL;
        struct rewrite_out o = {0}, o2 = {0};
        char *out = NULL, *out2 = NULL;
        size_t out_size = 0, out2_size = 0;

        f.devmap.sd_shift = size % 2 ? 4 : 0;
        CHECK(text_new((const char *)data, size, &t) == 0);
        out = run(t, &f, &o, &out_size);
        if (o.edits.n == 0)
                CHECK(out_size == size && memcmp(out, data, size) == 0);
        for (size_t i = 0; i < o.edits.n; i++) {
                CHECK(o.edits.v[i].kind == EDIT_REPLACE && o.edits.v[i].line < t->n_lines);
                check_replace(&t->lines[o.edits.v[i].line], o.edits.v[i].content, &f.devmap);
        }
        CHECK(text_new(out, out_size, &t1) == 0);
        out2 = run(t1, &f, &o2, &out2_size);
        CHECK(o2.edits.n == 0);
        CHECK(out2_size == out_size && memcmp(out2, out, out_size) == 0);

        rewrite_out_done(&o2);
        rewrite_out_done(&o);
        free(out2);
        free(out);
        text_free(t1);
        text_free(t);
        return 0;
}
