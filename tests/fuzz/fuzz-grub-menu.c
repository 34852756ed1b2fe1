/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the GRUB legacy menu parser.
 *
 * The input is a menu. Invariants checked on every input:
 *  - grub_menu_parse() succeeds, and the text is a menu exactly when it
 *    gives entries;
 *  - entries come in line order, each within the text: line_title <
 *    line_end <= n_lines, and line_end <= the next entry's line_title;
 *  - line_kernel and line_initrd are SIZE_MAX or inside [line_title,
 *    line_end), and kernel (with kernel_args) / initrd are set exactly when
 *    their line is;
 *  - a plain entry's version is grub_kernel_version() of its kernel; any
 *    version starts with a digit;
 *  - default_index is -1 ("saved") or more, and 0 without a default line;
 *  - parsing again gives an identical menu.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grub-menu.h"
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

static bool inside(size_t line, const struct boot_entry *e)
{
        return line == SIZE_MAX || (line >= e->line_title && line < e->line_end);
}

static void check_entry(const struct text *t, const struct boot_entry *e)
{
        CHECK(e->title);
        CHECK(e->line_title < e->line_end && e->line_end <= t->n_lines);
        CHECK(inside(e->line_kernel, e) && inside(e->line_initrd, e));
        CHECK((e->line_kernel != SIZE_MAX) == (e->kernel != NULL));
        CHECK((e->kernel != NULL) == (e->kernel_args != NULL));
        CHECK((e->line_initrd != SIZE_MAX) == (e->initrd != NULL));
        CHECK(!e->is_xen_hypervisor || e->kernel);
        CHECK(!e->version || (e->version[0] >= '0' && e->version[0] <= '9'));
        if (e->kernel && !e->is_xen_hypervisor) {
                char *v = NULL;

                CHECK(grub_kernel_version(e->kernel, &v) == 0);
                CHECK(same(v, e->version));
                free(v);
        }
        if (!e->kernel)
                CHECK(!e->version);
}

static bool same_entry(const struct boot_entry *a, const struct boot_entry *b)
{
        return same(a->title, b->title) && a->line_title == b->line_title && a->line_end == b->line_end &&
               same(a->root, b->root) && same(a->kernel, b->kernel) && same(a->kernel_args, b->kernel_args) &&
               a->line_kernel == b->line_kernel && same(a->initrd, b->initrd) && a->line_initrd == b->line_initrd &&
               same(a->version, b->version) && a->is_xen_hypervisor == b->is_xen_hypervisor;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct text *t = NULL;
        struct boot_menu m = {0}, m2 = {0};
        bool is_menu;

        CHECK(text_new((const char *)data, size, &t) == 0);
        is_menu = grub_menu_is_menu(t);
        CHECK(grub_menu_parse(t, &m) == 0);
        CHECK(!m.path);
        CHECK(is_menu == (m.n_entries > 0));
        CHECK(m.default_index >= -1);
        CHECK(m.has_default || m.default_index == 0);

        for (size_t i = 0; i < m.n_entries; i++) {
                check_entry(t, &m.entries[i]);
                if (i > 0)
                        CHECK(m.entries[i - 1].line_end <= m.entries[i].line_title);
        }

        CHECK(grub_menu_is_menu(t) == is_menu);
        CHECK(grub_menu_parse(t, &m2) == 0);
        CHECK(m2.default_index == m.default_index && m2.has_default == m.has_default);
        CHECK(m2.automagic == m.automagic && m2.n_entries == m.n_entries);
        for (size_t i = 0; i < m.n_entries; i++)
                CHECK(same_entry(&m.entries[i], &m2.entries[i]));

        boot_menu_done(&m2);
        boot_menu_done(&m);
        text_free(t);
        return 0;
}
