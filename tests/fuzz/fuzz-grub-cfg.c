/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the grub.cfg parser and the grub.cfg rewriter.
 *
 * The input is a grub.cfg (up to INPUT_MAX bytes); its size picks the
 * disk-name shift. Invariants checked on every input:
 *  - entries and kernel commands come in line order, inside the text; an
 *    entry's submenu and a command's entry point backwards to a submenu
 *    and a menu entry; a command's version is grub_kernel_version() of its
 *    kernel; its arguments lie inside the text, on its line when one_line;
 *  - rendering a result with no edits gives the input back byte for byte;
 *  - the rewriter only replaces lines; the rewritten text has the same
 *    kernel commands; each one whose arguments changed boots the pvops
 *    kernel, and its arguments decode to what kargs_to_pvops() makes of the
 *    old ones; Xenlinux entries never change;
 *  - a second run changes nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "grub-cfg.h"
#include "grub-menu.h"
#include "kargs.h"
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

static bool same(const char *a, const char *b)
{
        return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_cfg(const struct text *t, const struct grub_cfg *c)
{
        for (size_t i = 0; i < c->n_entries; i++) {
                const struct grub_cfg_entry *e = &c->entries[i];
                CHECK(t->n_lines == 0 || e->line < t->n_lines);
                CHECK(e->submenu == SIZE_MAX || (e->submenu < i && c->entries[e->submenu].is_submenu));
                if (i)
                        CHECK(c->entries[i - 1].line <= e->line);
        }
        for (size_t i = 0; i < c->n_kernel_cmds; i++) {
                const struct grub_cfg_linux *k = &c->kernel_cmds[i];
                char *v = NULL;

                CHECK(k->command && k->line < t->n_lines);
                CHECK(k->entry == SIZE_MAX || (k->entry < c->n_entries && !c->entries[k->entry].is_submenu));
                CHECK(k->args.start <= k->args.end && k->args.end <= t->size);
                if (k->kernel) {
                        CHECK(grub_kernel_version(k->kernel, &v) == 0);
                        CHECK(same(v, k->version));
                        free(v);
                } else
                        CHECK(!k->version);
                if (k->one_line)
                        CHECK(text_line_at(t, k->args.start) == k->line && text_line_at(t, k->args.end) == k->line);
                if (i)
                        CHECK(c->kernel_cmds[i - 1].line <= k->line);
        }
}

static char *run(const struct text *t, const struct facts *f, size_t *ret_size, size_t *ret_edits)
{
        struct rewrite_out o = {0};
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_grub2_cfg.rewrite(t, true, "/boot/grub/grub.cfg", f, &o) == 0);
        CHECK(o.next_steps.n == 0);
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

/*
 * Longer inputs add nothing the parser does not meet in shorter ones, and
 * make every run slow (each input is parsed and rewritten several times).
 */
#define INPUT_MAX 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static struct kernel kernels[] = {
                {.version = (char *)"2.6.26-2-xen-amd64", .flavor = FLAVOR_XENLINUX},
                {.version = (char *)"3.2.0-4-amd64", .flavor = FLAVOR_PVOPS},
        };
        struct facts f = {.kernels = kernels, .n_kernels = 2, .target = &kernels[1],
                          .target_version = kernels[1].version};
        struct text *t = NULL, *t1 = NULL;
        struct text_result *r0 = NULL;
        struct grub_cfg c = {0}, c1 = {0};
        char *round = NULL, *out = NULL, *out2 = NULL;
        size_t round_size = 0, out_size = 0, out2_size = 0, n_edits = 0, n_edits2 = 0;

        if (size > INPUT_MAX)
                return 0;
        CHECK(text_new((const char *)data, size, &t) == 0);
        CHECK(text_result_new(t, &r0) == 0);
        CHECK(text_result_render(r0, &round, &round_size) == 0);
        CHECK(round_size == size && memcmp(round, data, size) == 0);

        CHECK(grub_cfg_parse(t, &c) == 0);
        check_cfg(t, &c);

        f.devmap.sd_shift = size % 2 ? 4 : 0;
        out = run(t, &f, &out_size, &n_edits);
        if (n_edits == 0)
                CHECK(out_size == size && memcmp(out, data, size) == 0);
        CHECK(text_new(out, out_size, &t1) == 0);
        CHECK(grub_cfg_parse(t1, &c1) == 0);
        check_cfg(t1, &c1);
        CHECK(c1.n_kernel_cmds == c.n_kernel_cmds);
        for (size_t i = 0; i < c.n_kernel_cmds; i++) {
                const struct grub_cfg_linux *k = &c.kernel_cmds[i], *k1 = &c1.kernel_cmds[i];
                char *want = NULL;

                CHECK(same(k->version, k1->version));
                if (k->args.len == k1->args.len && memcmp(k->args.value, k1->args.value, k->args.len) == 0)
                        continue;
                CHECK(k->version && strcmp(k->version, "3.2.0-4-amd64") == 0);
                CHECK(k->one_line);
                CHECK(kargs_to_pvops(&f.devmap, k->args.value, k->args.len, &want, NULL, NULL) == 0);
                CHECK(k1->args.len == strlen(want) && memcmp(k1->args.value, want, k1->args.len) == 0);
                free(want);
        }

        out2 = run(t1, &f, &out2_size, &n_edits2);
        CHECK(n_edits2 == 0);
        CHECK(out2_size == out_size && memcmp(out2, out, out_size) == 0);

        grub_cfg_done(&c1);
        grub_cfg_done(&c);
        free(out2);
        free(out);
        free(round);
        text_result_free(r0);
        text_free(t1);
        text_free(t);
        return 0;
}
