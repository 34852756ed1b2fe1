/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for quoted words (shell-word.c) and the pvops conversion
 * written back into them (kargs-quoted.c).
 *
 * The first input byte picks the dialect and mode (sh value, GRUB value,
 * GRUB argument list) and the disk-name shift; the rest is the source.
 * Invariants checked on every input:
 *  - the word lies inside the input; each decoded byte maps to source bytes
 *    inside its segment, in order; segments are in order and inside the word;
 *  - sw_word_source_range() gives ranges inside the word;
 *  - when the conversion gives a new text, that text parses (whole) to the
 *    same line kargs_to_pvops() makes of the decoded line, and converting it
 *    again changes nothing and refuses nothing;
 *  - a new text and a refusal never come together;
 *  - sw_word_rewrite() to the converted line, when it gives a text, decodes
 *    to that line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kargs-quoted.h"
#include "kargs.h"
#include "shell-word.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static int parse(enum sw_dialect d, enum kargs_quoted_mode mode, const char *s, size_t len, size_t *pos,
                 struct sw_word *w)
{
        return mode == KARGS_QUOTED_VALUE ? sw_word_parse(d, s, len, pos, w) : sw_args_parse(d, s, len, pos, w);
}

static void check_map(const struct sw_word *w, size_t len)
{
        CHECK(w->start <= w->end && w->end <= len);
        CHECK(w->value && w->value[w->len] == '\0');
        for (size_t i = 0; i < w->n_segs; i++) {
                CHECK(w->segs[i].start <= w->segs[i].end);
                CHECK(w->segs[i].start >= w->start && w->segs[i].end <= w->end);
                if (i)
                        CHECK(w->segs[i - 1].end <= w->segs[i].start);
        }
        for (size_t i = 0; i < w->len; i++) {
                CHECK(w->seg[i] < w->n_segs);
                CHECK(w->src[i] < w->src_end[i]);
                CHECK(w->segs[w->seg[i]].start <= w->src[i] && w->src_end[i] <= w->segs[w->seg[i]].end);
                if (i) {
                        CHECK(w->src_end[i - 1] <= w->src[i]);
                        CHECK(w->seg[i - 1] <= w->seg[i]);
                }
                CHECK(w->value[i] != SW_OPAQUE || w->expands);
        }
        for (size_t x = 0; x < w->len; x++) {
                size_t from, to, y = x + 1 + (w->len - x - 1) / 2;
                if (sw_word_source_range(w, x, y, &from, &to) == 0)
                        CHECK(w->start <= from && from < to && to <= w->end);
        }
}

/* The decoded line as the kernel splits it, converted. */
static char *converted(const struct devmap *m, const struct sw_word *w)
{
        char *line = malloc(w->len + 1), *out = NULL;

        CHECK(line);
        for (size_t i = 0; i <= w->len; i++)
                line[i] = strchr("\n\r\v\f", w->value[i]) && w->value[i] ? ' ' : w->value[i];
        CHECK(kargs_to_pvops(m, line, w->len, &out, NULL, NULL) == 0);
        free(line);
        return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const struct {
                enum sw_dialect d;
                enum kargs_quoted_mode mode;
        } modes[] = {
                {SW_SHELL, KARGS_QUOTED_VALUE},
                {SW_GRUB, KARGS_QUOTED_VALUE},
                {SW_GRUB, KARGS_QUOTED_ARGS},
        };
        struct devmap m = {0};
        struct sw_word w = {0}, w2 = {0};
        char *text = NULL, *refused = NULL, *again = NULL, *refused2 = NULL, *out = NULL, *rw = NULL;
        const char *s;
        size_t len, pos = 0, pos2 = 0;
        enum sw_dialect d;
        enum kargs_quoted_mode mode;

        if (size < 1)
                return 0;
        d = modes[data[0] % 3].d;
        mode = modes[data[0] % 3].mode;
        m.sd_shift = (data[0] & 0x10) ? 4 : 0;
        s = (const char *)data + 1;
        len = size - 1;

        CHECK(parse(d, mode, s, len, &pos, &w) == 0);
        CHECK(pos <= len);
        check_map(&w, len);

        CHECK(kargs_quoted_to_pvops(d, mode, &m, s, len, &w, &text, NULL, NULL, &refused) == 0);
        CHECK(!(text && refused));
        out = converted(&m, &w);
        if (text) {
                CHECK(parse(d, mode, text, strlen(text), &pos2, &w2) == 0);
                CHECK(pos2 == strlen(text));
                CHECK(w2.len == strlen(out) && memcmp(w2.value, out, w2.len) == 0);
                CHECK(kargs_quoted_to_pvops(d, mode, &m, text, strlen(text), &w2, &again, NULL, NULL, &refused2) ==
                      0);
                CHECK(!again && !refused2);
                sw_word_done(&w2);
        }
        if (mode == KARGS_QUOTED_VALUE) {
                CHECK(sw_word_rewrite(d, s, &w, out, &rw) == 0);
                if (rw) {
                        pos2 = 0;
                        CHECK(sw_word_parse(d, rw, strlen(rw), &pos2, &w2) == 0);
                        CHECK(pos2 == strlen(rw));
                        CHECK(w2.len == strlen(out) && memcmp(w2.value, out, w2.len) == 0);
                        sw_word_done(&w2);
                }
        }

        free(rw);
        free(out);
        free(text);
        free(refused);
        sw_word_done(&w);
        return 0;
}
