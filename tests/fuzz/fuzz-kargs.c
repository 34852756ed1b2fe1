/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for kernel command lines.
 *
 * The first byte picks the disk rule (bit 0: the RHEL 6 letter shift); the
 * rest is a command line. Invariants:
 *  - splitting succeeds and gives words in order, each inside the line, a
 *    value inside its word;
 *  - kargs_to_pvops() succeeds, and, for a line without a NUL byte, is
 *    idempotent: converting its result again gives the same bytes and no
 *    reason;
 *  - when it gave no warning, its result has no problem kargs_check_pvops()
 *    would report;
 *  - a line it does not change gives no reason, and one it changes at least one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kargs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const struct devmap m = {.sd_shift = size > 0 && (data[0] & 1) ? 4 : 0};
        const char *s = (const char *)data + 1;
        size_t len = size > 0 ? size - 1 : 0;
        struct kargs a = {0};
        struct strv reasons = {0}, warnings = {0}, again = {0}, problems = {0};
        char *out = NULL, *out2 = NULL;
        size_t end = 0;

        if (size < 1)
                return 0;
        CHECK(kargs_split(s, len, &a) == 0);
        for (size_t i = 0; i < a.n; i++) {
                const struct karg *k = &a.v[i];

                CHECK(k->start >= end && k->len > 0 && k->start + k->len <= len);
                CHECK(k->value_off >= k->start && k->value_off + k->value_len <= k->start + k->len);
                end = k->start + k->len;
        }
        kargs_done(&a);

        CHECK(kargs_to_pvops(&m, s, len, &out, &reasons, &warnings) == 0);
        CHECK(out);
        /*
         * The result is a C string: with a NUL byte in the line it ends early
         * and cannot be compared. (No caller passes one: guest files with a NUL
         * byte are refused, and the rewriters skip such lines.)
         */
        if (memchr(s, '\0', len))
                goto done;
        CHECK((strlen(out) == len && memcmp(out, s, len) == 0) == (reasons.n == 0));
        CHECK(kargs_to_pvops(&m, out, strlen(out), &out2, &again, NULL) == 0);
        CHECK(strcmp(out, out2) == 0);
        CHECK(again.n == 0);
        if (warnings.n == 0)
                CHECK(kargs_check_pvops(out, strlen(out), &problems) == 0);

done:
        free(out);
        free(out2);
        strv_done(&reasons);
        strv_done(&warnings);
        strv_done(&again);
        strv_done(&problems);
        return 0;
}
