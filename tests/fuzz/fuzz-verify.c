/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the readers verify adds: the fstab, securetty,
 * /etc/default/grub and lvm.conf items (lvm.conf's parser has its own
 * round trip in fuzz-lvm-conf).
 *
 * The input is taken as each of those files. Invariants checked on every
 * input:
 *  - nothing fails but for memory;
 *  - fstab gives one ok item, or one failed item per line at most, each
 *    naming a line of the input; securetty, lvm-filter give one item (lvm-filter
 *    with both letter mappings);
 *  - the GRUB 2 command line, when found, is no longer than the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grub-cfg.h"
#include "text-file.h"
#include "util.h"
#include "verify.h"

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
        static const struct devmap same = {.sd_shift = 0}, rhel6 = {.sd_shift = 4};
        struct verify_report r = {0};
        struct text *t = NULL;
        char *cmdline = NULL;
        int k;

        CHECK(text_new((const char *)data, size, &t) == 0);

        CHECK(verify_fstab(t, "/etc/fstab", &same, "domufix", &r) == 0);
        CHECK(r.n_checks >= 1 && r.n_checks <= t->n_lines + 1);
        CHECK(r.n_failed == 0 ? r.n_checks == 1 : r.n_failed == r.n_checks);
        for (size_t i = 0; i < r.n_checks; i++)
                CHECK(strcmp(r.checks[i].name, "fstab") == 0 && r.checks[i].detail &&
                      (r.checks[i].status == CHECK_OK) == (r.checks[i].fix == NULL));
        verify_report_done(&r);
        CHECK(verify_fstab(t, "/etc/fstab", &rhel6, "domufix", &r) == 0);
        verify_report_done(&r);
        (void)verify_fstab_has_boot(t);

        CHECK(verify_securetty(t, "/etc/securetty", "domufix", &r) == 0);
        CHECK(r.n_checks == 1 && strcmp(r.checks[0].name, "securetty") == 0);
        verify_report_done(&r);

        CHECK(verify_lvm(t, "/etc/lvm/lvm.conf", &same, &r) == 0);
        CHECK(r.n_checks == 1 && strcmp(r.checks[0].name, "lvm-filter") == 0);
        verify_report_done(&r);
        CHECK(verify_lvm(t, "/etc/lvm/lvm.conf", &rhel6, &r) == 0);
        CHECK(r.n_checks == 1 && strcmp(r.checks[0].name, "lvm-filter") == 0);
        verify_report_done(&r);

        k = grub_default_cmdline(t, &cmdline);
        CHECK(k == 0 || k == 1);
        if (k == 1) {
                CHECK(strlen(cmdline) <= size);
                CHECK(verify_cmdline(cmdline, "E", "/etc/default/grub", "domufix", &r) == 0);
                CHECK(r.n_checks == 1);
                verify_report_done(&r);
                free(cmdline);
        }
        text_free(t);
        return 0;
}
