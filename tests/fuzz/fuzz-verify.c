/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the readers verify adds: the LVM filter parser and
 * the fstab, securetty, /etc/default/grub and lvm.conf items.
 *
 * The input is taken as each of those files. Invariants checked on every
 * input:
 *  - nothing fails but for memory, and parsing is deterministic;
 *  - every filter names "filter" or "global_filter" on a line of the input,
 *    and every pattern's regex is shorter than the input;
 *  - round trip: the filters written back as lvm.conf (each string quoted,
 *    '"' and '\' escaped) parse to the same filters and patterns;
 *  - fstab gives one ok item, or one failed item per line at most, each
 *    naming a line of the input; securetty, lvm-filter give one item;
 *  - the GRUB 2 command line, when found, is no longer than the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void put_quoted(struct strbuf *b, char type, const char *regex)
{
        CHECK(strbuf_putc(b, '"') == 0 && strbuf_putc(b, type) == 0 && strbuf_putc(b, '|') == 0);
        for (const char *p = regex; *p; p++) {
                if (*p == '"' || *p == '\\')
                        CHECK(strbuf_putc(b, '\\') == 0);
                CHECK(strbuf_putc(b, *p) == 0);
        }
        CHECK(strbuf_puts(b, "|\"") == 0);
}

static bool same_filters(const struct lvm_filter *a, size_t na, const struct lvm_filter *b, size_t nb)
{
        if (na != nb)
                return false;
        for (size_t i = 0; i < na; i++) {
                if (strcmp(a[i].name, b[i].name) != 0 || a[i].n_patterns != b[i].n_patterns)
                        return false;
                for (size_t k = 0; k < a[i].n_patterns; k++)
                        if (a[i].patterns[k].accept != b[i].patterns[k].accept ||
                            strcmp(a[i].patterns[k].regex, b[i].patterns[k].regex) != 0)
                                return false;
        }
        return true;
}

static void fuzz_lvm(const char *s, size_t size)
{
        struct lvm_filter *v = NULL, *v2 = NULL, *v3 = NULL;
        size_t n = 0, n2 = 0, n3 = 0;
        struct strbuf b = {0};

        CHECK(verify_lvm_filters_parse(s, size, &v, &n) == 0);
        CHECK(verify_lvm_filters_parse(s, size, &v2, &n2) == 0);
        CHECK(same_filters(v, n, v2, n2));
        for (size_t i = 0; i < n; i++) {
                CHECK(strcmp(v[i].name, "filter") == 0 || strcmp(v[i].name, "global_filter") == 0);
                CHECK(v[i].line >= 1 && v[i].line <= size + 1);
                for (size_t k = 0; k < v[i].n_patterns; k++) {
                        /* Only regexes made of text without NUL bytes are written back. */
                        CHECK(strlen(v[i].patterns[k].regex) < size);
                }
                (void)verify_lvm_filter_accepts(&v[i], "/dev/sda1");
                (void)verify_lvm_filter_accepts(&v[i], "/dev/xvda1");
        }

        /* Round trip, for filters whose regexes hold no '|' or NUL (the delimiter chosen here). */
        for (size_t i = 0; i < n; i++) {
                CHECK(strbuf_printf(&b, "devices {\n%s = [", v[i].name) == 0);
                for (size_t k = 0; k < v[i].n_patterns; k++) {
                        if (strchr(v[i].patterns[k].regex, '|'))
                                goto skip;
                        CHECK(strbuf_puts(&b, k ? ", " : " ") == 0);
                        put_quoted(&b, v[i].patterns[k].accept ? 'a' : 'r', v[i].patterns[k].regex);
                }
                CHECK(strbuf_puts(&b, " ]\n}\n") == 0);
        }
        CHECK(verify_lvm_filters_parse(b.s ? b.s : "", b.len, &v3, &n3) == 0);
        CHECK(same_filters(v, n, v3, n3));
        for (size_t i = 0; i < n3; i++)
                CHECK(v3[i].n_invalid == 0);
skip:
        strbuf_done(&b);
        verify_lvm_filters_free(v3, n3);
        verify_lvm_filters_free(v2, n2);
        verify_lvm_filters_free(v, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const struct devmap same = {.sd_shift = 0}, rhel6 = {.sd_shift = 4};
        struct verify_report r = {0};
        struct text *t = NULL;
        char *cmdline = NULL;
        int k;

        CHECK(text_new((const char *)data, size, &t) == 0);

        fuzz_lvm((const char *)data, size);

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

        k = verify_grub2_default_cmdline(t, &cmdline);
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
