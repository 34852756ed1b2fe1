/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for device-name patterns: the LVM regex tokenizer,
 * parser and matcher, the glob tokenizer, and the translation.
 *
 * The first byte picks the syntax (bit 0: glob) and the shift (bit 1: 4);
 * the rest is the pattern. Invariants:
 *  - the LVM tokens cover the pattern exactly, in order;
 *  - a compiled pattern matches names without crashing;
 *  - every counterpart differs from the pattern and compiles, and with the
 *    counterparts in the cover the pattern is covered: a second pass adds
 *    nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devpattern.h"
#include "lvm-regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static struct devpattern_checker *checkers[2][2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        enum devpattern_syntax syn;
        unsigned shift;
        const char *s;
        size_t len;
        struct devpattern_checker *c;
        struct devpattern *p = NULL;
        struct devpattern_cover *cv = NULL;
        struct strv out = {0}, out2 = {0};
        enum devpattern_verdict v, v2 = DEVPATTERN_NO_DISK;
        int r;

        if (size < 1)
                return 0;
        syn = data[0] & 1 ? DEVPATTERN_GLOB : DEVPATTERN_LVM_REGEX;
        shift = data[0] & 2 ? 4 : 0;
        s = (const char *)data + 1;
        len = size - 1;

        if (!checkers[syn][shift ? 1 : 0]) {
                struct devmap m = {.sd_shift = shift};
                CHECK(devpattern_checker_new(&m, syn, &checkers[syn][shift ? 1 : 0]) == 0);
        }
        c = checkers[syn][shift ? 1 : 0];

        if (syn == DEVPATTERN_LVM_REGEX) {
                struct lvm_rx_token *t = NULL;
                size_t n = 0, pos = 0;

                r = lvm_regex_tokenize(s, len, &t, &n);
                if (r == 0) {
                        for (size_t i = 0; i < n; i++) {
                                CHECK(t[i].start == pos && t[i].end > t[i].start);
                                pos = t[i].end;
                        }
                        CHECK(pos == len);
                }
                free(t);
        }

        r = devpattern_new(c, s, len, &p);
        if (r < 0) {
                CHECK(r == -EINVAL || r == -E2BIG);
                return 0;
        }
        (void)devpattern_match(p, "/dev/sda1");
        CHECK(devpattern_cover_new(c, &cv) == 0);
        CHECK(devpattern_translate(c, p, cv, &v, &out) == 0);
        CHECK((v == DEVPATTERN_TRANSLATED) == (out.n > 0));
        CHECK(out.n <= 4);
        for (size_t i = 0; i < out.n; i++) {
                struct devpattern *q = NULL;

                CHECK(strlen(out.v[i]) != len || memcmp(out.v[i], s, len) != 0);
                CHECK(devpattern_new(c, out.v[i], strlen(out.v[i]), &q) == 0);
                devpattern_cover_add(cv, q);
                devpattern_free(q);
        }
        if (v == DEVPATTERN_TRANSLATED) {
                CHECK(devpattern_translate(c, p, cv, &v2, &out2) == 0);
                CHECK(v2 == DEVPATTERN_COVERED);
        }
        CHECK(out2.n == 0);

        strv_done(&out);
        strv_done(&out2);
        devpattern_cover_free(cv);
        devpattern_free(p);
        return 0;
}
