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
 * Parsed as bash (SHELL_PARSE_BASH | SHELL_PARSE_CRLF, as the initrd
 * rewriters read their files), each assignment alone on its line also
 * checks:
 *  - name, operator, the text before, inside and after the inner part give
 *    the line back byte for byte; a literal value lies on one line;
 *  - the words lie inside the value and contain no blank;
 *  - adding words works exactly for literal list values, and gives a line
 *    that parses as the same assignment, still literal, whose words are the
 *    old ones plus the new ones, and whose text outside the value is
 *    unchanged.
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

#define BASH (SHELL_PARSE_BASH | SHELL_PARSE_CRLF)

static void words_of(const struct text *t, const struct shell_assign *a, struct strv *ret)
{
        CHECK(shell_assign_words(t, a, ret) == 0);
        for (size_t i = 0; i < ret->n; i++) {
                CHECK(*ret->v[i] && !strpbrk(ret->v[i], " \t\n"));
                CHECK(memmem(t->data + a->value.start, a->value.end - a->value.start, ret->v[i],
                             strlen(ret->v[i])));
        }
}

static void check_list(const struct text *t, const struct shell_assign *a)
{
        const char *s = t->data;
        size_t n = strlen(a->name), op = a->append ? 2 : 1, ls;
        const struct line *l = &t->lines[a->line];
        struct strv w = {0}, w2 = {0};
        struct text *t2 = NULL;
        struct shell_assigns a2 = {0};
        const struct shell_assign *b = NULL;
        char *out = NULL;
        int r;

        ls = (size_t)(l->s - s);
        CHECK(ls <= a->name_start);
        for (size_t i = ls; i < a->name_start; i++)
                CHECK(s[i] == ' ' || s[i] == '\t');
        CHECK(a->value.start == a->name_start + n + op);
        CHECK(memcmp(s + a->name_start + n, a->append ? "+=" : "=", op) == 0);
        CHECK(a->value.start <= a->inner && a->inner <= a->inner_end && a->inner_end <= a->value.end);
        CHECK(a->value.end <= t->size);
        CHECK(!a->literal || shell_assign_on_one_line(t, a));
        CHECK(a->form != SHELL_FORM_ARRAY || s[a->value.start] == '(');

        words_of(t, a, &w);
        r = shell_assign_add_words(t, a, "new-w1 new-w2", &out);
        if (!a->literal || a->form == SHELL_FORM_OTHER) {
                CHECK(r == -EINVAL && !out);
                strv_done(&w);
                return;
        }
        CHECK(r == 0 && out);
        CHECK(text_new(out, strlen(out), &t2) == 0);
        CHECK(shell_assigns_parse_flags(t2, BASH, &a2) == 0);
        for (size_t i = 0; i < a2.n; i++)
                if (a2.v[i].name_start == a->name_start - ls)
                        b = &a2.v[i];
        CHECK(b && b->alone && b->literal && b->append == a->append && strcmp(b->name, a->name) == 0);
        CHECK(a->form == SHELL_FORM_BARE ? b->form == SHELL_FORM_DOUBLE : b->form == a->form);
        CHECK(memcmp(out, l->s, a->value.start - ls) == 0);
        CHECK(strlen(out) - b->value.end == ls + l->len - a->value.end);
        CHECK(memcmp(out + b->value.end, s + a->value.end, ls + l->len - a->value.end) == 0);
        words_of(t2, b, &w2);
        CHECK(w2.n == w.n + 2);
        for (size_t i = 0; i < w.n; i++)
                CHECK(strcmp(w.v[i], w2.v[i]) == 0);
        CHECK(strcmp(w2.v[w.n], "new-w1") == 0 && strcmp(w2.v[w.n + 1], "new-w2") == 0);
        shell_assigns_done(&a2);
        text_free(t2);
        strv_done(&w);
        strv_done(&w2);
        free(out);
}

static void check_bash(const struct text *t)
{
        struct shell_assigns a = {0};

        CHECK(shell_assigns_parse_flags(t, BASH, &a) == 0);
        for (size_t i = 0; i < a.n; i++) {
                CHECK(a.v[i].line < t->n_lines && text_line_at(t, a.v[i].name_start) == a.v[i].line);
                if (i)
                        CHECK(a.v[i - 1].name_start < a.v[i].name_start);
                if (a.v[i].alone)
                        check_list(t, &a.v[i]);
        }
        (void)shell_text_ends_clean(t, BASH);
        shell_assigns_done(&a);
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
        /* A NUL would end the copies of lines made by the list edits: the guest root refuses such files. */
        if (!memchr(data, '\0', size))
                check_bash(t);

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
