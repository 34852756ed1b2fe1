/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the shell-assignment parser and the rewriters of
 * shell settings files: /etc/default/grub (grub2-default), SUSE's
 * /etc/sysconfig/bootloader and Red Hat's /etc/sysconfig/kernel.
 *
 * The input is the file (up to INPUT_MAX bytes); its size picks the disk-name
 * shift and whether there is a pvops target. Invariants checked on every
 * input:
 *  - assignments come in order, each name inside the text at name_start,
 *    on line `line`, its value starting right after the '=';
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - each rewriter's edits apply, and only replace lines;
 *  - the rewritten file has the same assignments, by name and in order;
 *    each value that changed decodes to what kargs_to_pvops() makes of the
 *    old one (boot=: to its mapped device name);
 *  - a second run changes nothing; the DEFAULTKERNEL report never edits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "kargs.h"
#include "rewrite/rewrite.h"
#include "shell-assign.h"
#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static void check_assigns(const struct text *t, const struct shell_assigns *a)
{
        for (size_t i = 0; i < a->n; i++) {
                const struct shell_assign *x = &a->v[i];
                size_t n = strlen(x->name);

                CHECK(x->name_start + n < t->size);
                CHECK(memcmp(t->data + x->name_start, x->name, n) == 0);
                CHECK(t->data[x->name_start + n] == '=');
                CHECK(x->value.start == x->name_start + n + 1);
                CHECK(x->value.end <= t->size);
                CHECK(x->line < t->n_lines && text_line_at(t, x->name_start) == x->line);
                if (i)
                        CHECK(a->v[i - 1].name_start < x->name_start);
        }
}

static char *run(const struct rewriter *rw, const char *path, const struct text *t, const struct facts *f,
                 size_t *ret_size, size_t *ret_edits)
{
        struct rewrite_out o = {0};
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rw->rewrite(t, true, path, f, &o) == 0);
        for (size_t i = 0; i < o.edits.n; i++)
                CHECK(o.edits.v[i].kind == EDIT_REPLACE);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o.edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        *ret_edits = o.edits.n;
        text_result_free(r);
        rewrite_out_done(&o);
        return out;
}

/* The value's line as the kernel splits it, converted. */
static char *converted(const struct devmap *m, const struct sw_word *w)
{
        char *line = malloc(w->len + 1), *out = NULL;

        CHECK(line);
        for (size_t i = 0; i <= w->len; i++)
                line[i] = w->value[i] && strchr("\n\r\v\f", w->value[i]) ? ' ' : w->value[i];
        CHECK(kargs_to_pvops(m, line, w->len, &out, NULL, NULL) == 0);
        free(line);
        return out;
}

static void check_rewriter(const struct rewriter *rw, const char *path, const uint8_t *data, size_t size,
                           const struct text *t, const struct shell_assigns *a, const struct facts *f)
{
        struct text *t1 = NULL;
        struct shell_assigns a1 = {0};
        char *out = NULL, *out2 = NULL;
        size_t out_size = 0, out2_size = 0, n_edits = 0, n_edits2 = 0;

        out = run(rw, path, t, f, &out_size, &n_edits);
        if (n_edits == 0)
                CHECK(out_size == size && memcmp(out, data, size) == 0);
        CHECK(text_new(out, out_size, &t1) == 0);
        CHECK(shell_assigns_parse(t1, &a1) == 0);
        CHECK(a1.n == a->n);
        for (size_t i = 0; i < a->n; i++) {
                const struct sw_word *old = &a->v[i].value, *new = &a1.v[i].value;
                char *want;

                CHECK(strcmp(a->v[i].name, a1.v[i].name) == 0);
                if (old->end - old->start == new->end - new->start &&
                    memcmp(t->data + old->start, t1->data + new->start, old->end - old->start) == 0)
                        continue;
                if (strcmp(a->v[i].name, "boot") == 0) {
                        enum devname_kind kind;
                        CHECK(devname_map(&f->devmap, old->value, old->len, &kind, &want) == 0);
                        CHECK(kind == DEVNAME_MAPPED);
                } else
                        want = converted(&f->devmap, old);
                CHECK(new->len == strlen(want) && memcmp(new->value, want, new->len) == 0);
                free(want);
        }

        out2 = run(rw, path, t1, f, &out2_size, &n_edits2);
        CHECK(n_edits2 == 0);
        CHECK(out2_size == out_size && memcmp(out2, out, out_size) == 0);

        shell_assigns_done(&a1);
        text_free(t1);
        free(out2);
        free(out);
}

/*
 * Longer inputs add nothing the parser does not meet in shorter ones, and
 * make every run slow (each input is parsed and rewritten several times).
 */
#define INPUT_MAX 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static struct kernel kernels[] = {
                {.version = (char *)"2.6.32.12-0.7-xen", .flavor = FLAVOR_XENLINUX},
                {.version = (char *)"3.0.101-63-default", .flavor = FLAVOR_PVOPS},
        };
        struct profile p = {.name = (char *)"fuzz",
                            .grub2_default = (char *)"/etc/default/grub",
                            .grub_update = (char *)"update-grub"};
        struct facts f = {.profile = &p,
                          .kernels = kernels,
                          .n_kernels = 2,
                          .target = &kernels[1],
                          .target_version = kernels[1].version,
                          .root = (char *)"/mnt/guest"};
        struct text *t = NULL;
        struct text_result *r0 = NULL;
        struct shell_assigns a = {0};
        char *round = NULL;
        size_t round_size = 0;

        if (size > INPUT_MAX)
                return 0;
        CHECK(text_new((const char *)data, size, &t) == 0);
        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        CHECK(shell_assigns_parse(t, &a) == 0);
        check_assigns(t, &a);

        f.devmap.sd_shift = size % 2 ? 4 : 0;
        if (size % 3 == 0) {
                /* Without a pvops target GRUB_CMDLINE_* stay; boot= is mapped all the same. */
                f.target = NULL;
                f.target_version = NULL;
        }
        check_rewriter(&rewriter_grub2_default, "/etc/default/grub", data, size, t, &a, &f);
        check_rewriter(&rewriter_sysconfig_bootloader, "/etc/sysconfig/bootloader", data, size, t, &a, &f);
        check_rewriter(&rewriter_sysconfig_kernel, "/etc/sysconfig/kernel", data, size, t, &a, &f);

        shell_assigns_done(&a);
        free(round);
        text_result_free(r0);
        text_free(t);
        return 0;
}
