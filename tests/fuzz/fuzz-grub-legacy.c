/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the GRUB legacy menu rewriter.
 *
 * The first byte of the input picks the setup: bit 0 the RHEL 6 letter
 * shift, bit 1 --default-to-target, bits 2-3 the target (an installed pvops
 * kernel, one that is not installed, none). The rest is the menu. The guest
 * has four kernels: Xenlinux 2.6.18-308.el5xen, pvops 2.6.32-5-xen-amd64 and
 * 3.10.0-1, and 2.6.32-custom of unknown flavor. Invariants:
 *  - the rewriter succeeds and its edits apply;
 *  - a text that is no menu gets no edit at all;
 *  - a replaced line is a kernel line, a "default" line or one of
 *    update-grub's "# kopt=", "# kopt_...=", "# defoptions=",
 *    "# altoptions=" lines, and keeps its first word; an inserted line is a
 *    "# kopt_VERSION=" line or a "default" line;
 *  - the result has the same entries (titles, in order), and every entry but
 *    those of the pvops kernels (Xenlinux, unknown flavor, not installed,
 *    dom0) keeps its kernel arguments;
 *  - a second run changes nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "grub-menu.h"
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

static const struct {
        const char *version;
        enum kernel_flavor flavor;
} guest_kernels[] = {
        {"2.6.18-308.el5xen", FLAVOR_XENLINUX},
        {"2.6.32-5-xen-amd64", FLAVOR_PVOPS},
        {"2.6.32-custom", FLAVOR_UNKNOWN},
        {"3.10.0-1", FLAVOR_PVOPS},
};

static struct kernel kernels[4];

static void setup_facts(uint8_t mode, struct facts *f)
{
        static bool ready;

        if (!ready) {
                for (size_t i = 0; i < 4; i++) {
                        kernel_init(&kernels[i]);
                        kernels[i].version = strdup(guest_kernels[i].version);
                        CHECK(asprintf(&kernels[i].image, "/boot/vmlinuz-%s", guest_kernels[i].version) > 0);
                        kernels[i].flavor = guest_kernels[i].flavor;
                }
                ready = true;
        }
        *f = (struct facts){
                .devmap = {.sd_shift = mode & 1 ? 4 : 0},
                .default_to_target = mode & 2,
                .kernels = kernels,
                .n_kernels = 4,
        };
        switch ((mode >> 2) & 3) {
        case 0:
        case 1:
                f->target = &kernels[(mode >> 2) & 1 ? 3 : 1];
                f->target_version = f->target->version;
                break;
        case 2:
                f->target_version = (char *)"4.19.0-dom0";
                break;
        default:
                break;
        }
}

static void out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
}

static bool starts(const char *s, size_t len, const char *prefix)
{
        size_t n = strlen(prefix);

        return len >= n && memcmp(s, prefix, n) == 0;
}

static bool is_magic(const struct line *l)
{
        return starts(l->s, l->len, "# kopt=") || starts(l->s, l->len, "# kopt_") ||
               starts(l->s, l->len, "# defoptions=") || starts(l->s, l->len, "# altoptions=");
}

/* The first word of a line (after leading blanks): its keyword, as far as this check needs. */
static size_t first_word(const char *s, size_t len, size_t *ret_start)
{
        size_t i = 0, k;

        while (i < len && (s[i] == ' ' || s[i] == '\t'))
                i++;
        for (k = i; k < len && s[k] != ' ' && s[k] != '\t' && s[k] != '='; k++)
                ;
        *ret_start = i;
        return k - i;
}

static void check_edits(const struct text *t, const struct rewrite_out *o)
{
        for (size_t i = 0; i < o->edits.n; i++) {
                const struct edit *e = &o->edits.v[i];
                const struct line *l;
                struct grub_command cmd;
                size_t a, b, na, nb;

                CHECK(e->kind != EDIT_DELETE);
                if (e->kind == EDIT_INSERT) {
                        size_t ws;
                        CHECK(starts(e->content, strlen(e->content), "# kopt_") ||
                              (first_word(e->content, strlen(e->content), &ws) == 7 &&
                               memcmp(e->content + ws, "default", 7) == 0));
                        continue;
                }
                CHECK(e->line < t->n_lines);
                l = &t->lines[e->line];
                if (is_magic(l)) {
                        CHECK(strneq(e->content, l->s, 7));
                        continue;
                }
                CHECK(grub_menu_command(l, &cmd));
                CHECK(grub_command_is(l, &cmd, "kernel") || grub_command_is(l, &cmd, "default"));
                na = first_word(l->s, l->len, &a);
                nb = first_word(e->content, strlen(e->content), &b);
                CHECK(a == b && na == nb && memcmp(l->s, e->content, a + na) == 0);
        }
}

static char *run(const struct text *t, const struct facts *f, struct rewrite_out *o, size_t *ret_size)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(rewriter_grub_legacy.rewrite(t, true, "/boot/grub/menu.lst", f, o) == 0);
        CHECK(!o->create);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        text_result_free(r);
        return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct text *t = NULL, *t2 = NULL;
        struct rewrite_out o = {0}, o2 = {0};
        struct boot_menu m = {0}, m2 = {0};
        struct facts f;
        char *out, *out2;
        size_t out_size, out2_size;

        if (size < 1)
                return 0;
        setup_facts(data[0], &f);
        CHECK(text_new((const char *)data + 1, size - 1, &t) == 0);

        out = run(t, &f, &o, &out_size);
        if (!grub_menu_is_menu(t))
                CHECK(o.edits.n == 0);
        check_edits(t, &o);

        /* The same entries; the Xenlinux kernel's keep their arguments. */
        CHECK(text_new(out, out_size, &t2) == 0);
        CHECK(grub_menu_parse(t, &m) == 0);
        CHECK(grub_menu_parse(t2, &m2) == 0);
        CHECK(m.n_entries == m2.n_entries);
        for (size_t i = 0; i < m.n_entries; i++) {
                const struct boot_entry *e = &m.entries[i], *e2 = &m2.entries[i];
                const struct kernel *k = facts_entry_kernel(&f, e);

                CHECK(streq(e->title, e2->title));
                CHECK(e->is_xen_hypervisor == e2->is_xen_hypervisor);
                if (e->kernel_args && (e->is_xen_hypervisor || !k || k->flavor != FLAVOR_PVOPS))
                        CHECK(e2->kernel_args && streq(e->kernel_args, e2->kernel_args));
        }

        /* Idempotent. */
        out2 = run(t2, &f, &o2, &out2_size);
        CHECK(o2.edits.n == 0);
        CHECK(out2_size == out_size && memcmp(out2, out, out_size) == 0);

        boot_menu_done(&m);
        boot_menu_done(&m2);
        out_done(&o);
        out_done(&o2);
        free(out);
        free(out2);
        text_free(t);
        text_free(t2);
        return 0;
}
