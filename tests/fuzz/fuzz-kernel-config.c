/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the pure parts of kernel.c. Every input is read as a
 * /boot/config, as each text module index (modules.alias, modules.builtin,
 * modules.dep, and a file of unknown name), and its first line as a kernel
 * version (version evidence, version order). Invariants, checked with
 * abort():
 *   - no call fails (inputs are small, so -ENOMEM does not happen);
 *   - after kernel_decide the evidence is sorted strongest first, the flavor
 *     is the verdict of the first evidence that is not unknown (unknown when
 *     there is none), and every entry that disagrees with it has exactly one
 *     warning; a second kernel_decide changes nothing;
 *   - the config gives at most three entries, all of kind config; the text
 *     indexes give only modules entries; blkfront is -1, 0 or 1, and stays
 *     -1 unless some pvops evidence was found;
 *   - every source and detail is printable ASCII (nothing from the input can
 *     put a terminal escape into a report), and no entry is recorded twice;
 *   - kernel_version_compare is reflexive, antisymmetric, and 0 only for
 *     equal strings.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static bool printable(const char *s)
{
        for (; *s; s++)
                if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
                        return false;
        return true;
}

static size_t count_disagreeing(const struct kernel *k)
{
        size_t n = 0;

        for (size_t i = 0; i < k->n_evidence; i++)
                if (k->evidence[i].says != FLAVOR_UNKNOWN && k->evidence[i].says != k->flavor)
                        n++;
        return n;
}

static void check_decided(struct kernel *k, size_t warnings_before)
{
        enum kernel_flavor first = FLAVOR_UNKNOWN;
        size_t n_warnings;
        bool any_pvops = false;

        CHECK(kernel_decide(k) == 0);
        CHECK(k->n_evidence <= KERNEL_EVIDENCE_MAX);
        for (size_t i = 0; i < k->n_evidence; i++) {
                const struct evidence *e = &k->evidence[i];

                if (i > 0)
                        CHECK(k->evidence[i - 1].kind >= e->kind);
                if (first == FLAVOR_UNKNOWN)
                        first = e->says;
                if (e->says == FLAVOR_PVOPS)
                        any_pvops = true;
                CHECK(e->source && e->detail);
                CHECK(printable(e->source) && printable(e->detail) && *e->detail);
                for (size_t j = 0; j < i; j++)
                        CHECK(!(k->evidence[j].kind == e->kind && k->evidence[j].says == e->says &&
                                strcmp(k->evidence[j].source, e->source) == 0 &&
                                strcmp(k->evidence[j].detail, e->detail) == 0));
        }
        CHECK(k->flavor == first);
        CHECK(k->blkfront >= -1 && k->blkfront <= 1);
        CHECK(any_pvops || k->blkfront == -1);

        /* One warning per disagreeing entry, on top of the ones the parsers gave. */
        n_warnings = k->warnings.n;
        CHECK(n_warnings <= warnings_before + count_disagreeing(k));
        for (size_t i = 0; i < n_warnings; i++)
                CHECK(strncmp(k->warnings.v[i], "kernel ", 7) == 0);

        /* Deciding again changes nothing. */
        CHECK(kernel_decide(k) == 0);
        CHECK(k->flavor == first && k->warnings.n == n_warnings);
}

static void fuzz_config(const char *data, size_t size)
{
        struct kernel k;

        kernel_init(&k);
        k.version = strdup("9.9.9-fuzz");
        CHECK(k.version);
        CHECK(kernel_evidence_from_config("/boot/config-9.9.9-fuzz", data, size, &k) == 0);
        CHECK(k.n_evidence <= 3);
        for (size_t i = 0; i < k.n_evidence; i++)
                CHECK(k.evidence[i].kind == EVIDENCE_CONFIG);
        CHECK(k.warnings.n <= 1);
        check_decided(&k, k.warnings.n);
        kernel_done(&k);
}

static void fuzz_index(const char *source, const char *data, size_t size, struct kernel *all)
{
        struct kernel k;

        kernel_init(&k);
        CHECK(kernel_evidence_from_text_index(source, data, size, &k) == 0);
        for (size_t i = 0; i < k.n_evidence; i++)
                CHECK(k.evidence[i].kind == EVIDENCE_MODULES && strcmp(k.evidence[i].source, source) == 0);
        CHECK(k.warnings.n == 0);
        check_decided(&k, 0);
        kernel_done(&k);

        /* The same text appended to one kernel with everything else. */
        CHECK(kernel_evidence_from_text_index(source, data, size, all) == 0);
}

static void fuzz_version(const char *data, size_t size)
{
        char a[129], b[129];
        size_t n = 0, m = 0;
        struct kernel k;
        int ab, ba;

        while (n < size && n < sizeof(a) - 1 && data[n] != '\n' && data[n] != '\0') {
                a[n] = data[n];
                n++;
        }
        a[n] = '\0';
        /* The second version: the rest of the input's second line. */
        for (size_t i = n + 1; i < size && m < sizeof(b) - 1 && data[i] != '\n' && data[i] != '\0'; i++)
                b[m++] = data[i];
        b[m] = '\0';

        CHECK(kernel_version_compare(a, a) == 0);
        ab = kernel_version_compare(a, b);
        ba = kernel_version_compare(b, a);
        CHECK(ab >= -1 && ab <= 1 && ab == -ba);
        CHECK((ab == 0) == (strcmp(a, b) == 0));

        kernel_init(&k);
        k.version = strdup(a);
        CHECK(k.version);
        CHECK(kernel_evidence_from_version(&k) == 0);
        CHECK(k.n_evidence <= 1);
        if (k.n_evidence == 1)
                CHECK(k.evidence[0].kind == EVIDENCE_VERSION && strcmp(k.evidence[0].source, a) == 0);
        /* The version itself is the source here: only the detail must be printable. */
        if (k.n_evidence == 1)
                CHECK(printable(k.evidence[0].detail));
        CHECK(kernel_decide(&k) == 0);
        CHECK(k.flavor == (k.n_evidence ? k.evidence[0].says : FLAVOR_UNKNOWN));
        kernel_done(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const sources[] = {
                "/lib/modules/9/modules.alias",
                "/lib/modules/9/modules.builtin",
                "/lib/modules/9/modules.dep",
                "/lib/modules/9/modules.other",
        };
        const char *text = (const char *)data;
        struct kernel all;
        size_t before;

        fuzz_config(text, size);
        fuzz_version(text, size);

        kernel_init(&all);
        all.version = strdup("9.9.9-all");
        CHECK(all.version);
        CHECK(kernel_evidence_from_config("/boot/config-9.9.9-all", text, size, &all) == 0);
        for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
                fuzz_index(sources[i], text, size, &all);
        before = all.warnings.n;
        check_decided(&all, before);
        kernel_done(&all);
        return 0;
}
