/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GRUB legacy menus (grub.conf, menu.lst).
 *
 * The syntax is GRUB legacy's own: a line is a keyword, then a separator of
 * blanks and/or '=' ("default=0", "default 0", "timeout = 5"), then the
 * arguments. Leading blanks are ignored (entries are usually indented with a
 * tab or four spaces), '#' starts a comment line. Lines before the first
 * "title" are global commands; of those only "default" matters here. Every
 * line from a "title" to the next one belongs to that entry, as GRUB runs
 * them; the entry's extent (line_end) stops after its last command line, so
 * trailing blank lines and comments (YaST's "###Don't change this comment"
 * marker of the next entry, Debian's "### END DEBIAN AUTOMAGIC KERNELS LIST")
 * stay outside it.
 *
 * Within an entry the first "root", "kernel" and "initrd" line count. A
 * "kernel" line may carry GRUB options before the path ("--no-mem-option");
 * the path is the first word that does not start with "--". A kernel named
 * xen*.gz is the hypervisor of a dom0 entry; that entry's Linux kernel is a
 * "module" line, and only its version is taken from there (kernel, initrd
 * and their lines keep describing the entry's own "kernel"/"initrd" lines).
 *
 * Every function reads lines by their length, never past it: a line may hold
 * a NUL byte or invalid UTF-8, which is copied as it is (strings stop at a NUL).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "grub-menu.h"
#include "util.h"

/* A piece of a line: bytes s[0..n), not NUL-terminated. */
struct span {
        const char *s;
        size_t n;
};

/* One command line of a menu: the keyword and its arguments (trailing blanks trimmed). */
struct command {
        struct span keyword;
        struct span args;
};

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* What GRUB would skip at the ends of a line, plus the odd CR of a line without LF. */
static bool is_space(char c)
{
        return is_blank(c) || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool span_eq(struct span v, const char *s)
{
        return v.n == strlen(s) && memcmp(v.s, s, v.n) == 0;
}

static bool span_startswith(struct span v, const char *prefix)
{
        size_t n = strlen(prefix);

        return v.n >= n && memcmp(v.s, prefix, n) == 0;
}

static bool span_endswith(struct span v, const char *suffix)
{
        size_t n = strlen(suffix);

        return v.n >= n && memcmp(v.s + v.n - n, suffix, n) == 0;
}

static struct span line_span(const struct line *l)
{
        return (struct span){.s = l->s, .n = l->len};
}

/* The first word of v (up to a blank) in *ret_word, the rest with leading blanks skipped as the result. */
static struct span split_word(struct span v, struct span *ret_word)
{
        size_t n = 0;

        while (n < v.n && !is_blank(v.s[n]))
                n++;
        *ret_word = (struct span){.s = v.s, .n = n};
        while (n < v.n && is_blank(v.s[n]))
                n++;
        return (struct span){.s = v.s + n, .n = v.n - n};
}

/*
 * Split a line into keyword and arguments; false for blank lines and
 * comments. The keyword ends at a blank or '='; the separator is every blank
 * and '=' after it (GRUB legacy's skip_to()).
 */
static bool parse_command(const struct line *l, struct command *ret)
{
        struct span v = line_span(l);
        size_t i = 0, k;

        while (i < v.n && is_space(v.s[i]))
                i++;
        while (v.n > i && is_space(v.s[v.n - 1]))
                v.n--;
        if (i == v.n || v.s[i] == '#')
                return false;
        k = i;
        while (k < v.n && !is_space(v.s[k]) && v.s[k] != '=')
                k++;
        ret->keyword = (struct span){.s = v.s + i, .n = k - i};
        while (k < v.n && (is_space(v.s[k]) || v.s[k] == '='))
                k++;
        ret->args = (struct span){.s = v.s + k, .n = v.n - k};
        return true;
}

/* Debian/Ubuntu update-grub's magic lines, as update-grub itself finds them (at the line start). */
static bool is_automagic(const struct line *l)
{
        struct span v = line_span(l);

        return span_startswith(v, "# kopt=") || span_startswith(v, "### BEGIN AUTOMAGIC KERNELS LIST");
}

/* "default" argument: a number (GRUB reads the leading digits) or "saved" (-1); false if neither. */
static bool parse_default(struct span args, int *ret)
{
        struct span word;
        int x = 0;
        size_t i = 0;

        split_word(args, &word);
        if (span_eq(word, "saved")) {
                *ret = -1;
                return true;
        }
        if (word.n == 0 || !is_digit(word.s[0]))
                return false;
        for (; i < word.n && is_digit(word.s[i]); i++) {
                int d = word.s[i] - '0';

                if (x > (INT_MAX - d) / 10)
                        return false;
                x = x * 10 + d;
        }
        *ret = x;
        return true;
}

/* The file name of a GRUB path: without a "(hd0,0)" device prefix and without directories. */
static struct span path_basename(struct span p)
{
        const char *slash;

        if (p.n > 0 && p.s[0] == '(') {
                const char *close = memchr(p.s, ')', p.n);

                if (close) {
                        p.n -= (size_t)(close + 1 - p.s);
                        p.s = close + 1;
                }
        }
        while ((slash = memchr(p.s, '/', p.n))) {
                p.n -= (size_t)(slash + 1 - p.s);
                p.s = slash + 1;
        }
        return p;
}

/* "xen.gz", "xen.gz-2.6.18-308.el5" (RHEL 5), "xen-3.2-1-amd64.gz" (Debian), "xen-4.0.gz". */
static bool is_hypervisor_name(struct span base)
{
        if (!span_startswith(base, "xen") || base.n < 4 || (base.s[3] != '.' && base.s[3] != '-'))
                return false;
        return span_startswith(base, "xen.gz") || span_endswith(base, ".gz");
}

static const char *const kernel_prefixes[] = {"vmlinuz-", "vmlinux-", "kernel-", "bzImage-"};

/* Whether a file name is a kernel image with a version: "vmlinuz-2.6.18-308.el5xen". */
static bool names_kernel(struct span base)
{
        for (size_t i = 0; i < ARRAY_SIZE(kernel_prefixes); i++)
                if (span_startswith(base, kernel_prefixes[i]))
                        return true;
        return false;
}

static int kernel_version_of(struct span path, char **ret)
{
        struct span base = path_basename(path);
        bool found = false;

        for (size_t i = 0; i < ARRAY_SIZE(kernel_prefixes) && !found; i++) {
                size_t n = strlen(kernel_prefixes[i]);

                if (span_startswith(base, kernel_prefixes[i])) {
                        base.s += n, base.n -= n;
                        found = true;
                }
        }
        /* genkernel: "kernel-genkernel-x86_64-2.6.29-xen". */
        if (found && span_startswith(base, "genkernel-")) {
                const char *dash = memchr(base.s + 10, '-', base.n - 10);

                if (dash) {
                        base.n -= (size_t)(dash + 1 - base.s);
                        base.s = dash + 1;
                }
        }
        /* A version starts with a digit: "vmlinuz-xen" (SUSE) and "vmlinuz-linux" (Arch) are links or names. */
        if (!found || base.n == 0 || !is_digit(base.s[0])) {
                *ret = NULL;
                return 0;
        }
        *ret = strndup_or_null(base.s, base.n);
        return *ret ? 0 : -ENOMEM;
}

int grub_kernel_version(const char *path, char **ret)
{
        if (!path || !ret)
                return -EINVAL;
        return kernel_version_of((struct span){.s = path, .n = strlen(path)}, ret);
}

bool grub_menu_is_menu(const struct text *t)
{
        struct command c;

        for (size_t i = 0; t && i < t->n_lines; i++)
                if (parse_command(&t->lines[i], &c) && span_eq(c.keyword, "title"))
                        return true;
        return false;
}

static void boot_entry_done(struct boot_entry *e)
{
        free(e->title);
        free(e->root);
        free(e->kernel);
        free(e->kernel_args);
        free(e->initrd);
        free(e->version);
        *e = (struct boot_entry){0};
}

void boot_menu_done(struct boot_menu *m)
{
        if (!m)
                return;
        for (size_t i = 0; i < m->n_entries; i++)
                boot_entry_done(&m->entries[i]);
        free(m->entries);
        free(m->path);
        *m = (struct boot_menu){0};
}

static int dup_span(struct span v, char **ret)
{
        char *s = strndup_or_null(v.s, v.n);

        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

/* kernel [--option ...] PATH ARGS: the path and the rest. */
static void split_kernel_line(struct span args, struct span *ret_path, struct span *ret_rest)
{
        struct span word, rest = args;

        do
                rest = split_word(rest, &word);
        while (span_startswith(word, "--") && rest.n > 0);
        if (span_startswith(word, "--")) {
                /* Options only, no path. */
                word = (struct span){.s = args.s + args.n, .n = 0};
        }
        *ret_path = word;
        *ret_rest = rest;
}

/* Fill the entry from one of its command lines. */
static int entry_command(struct boot_entry *e, const struct command *c, size_t line, bool *have_module_version)
{
        struct span path, rest;
        int r;

        if (span_eq(c->keyword, "root")) {
                if (e->root)
                        return 0;
                return dup_span(c->args, &e->root);
        }
        if (span_eq(c->keyword, "kernel")) {
                if (e->kernel)
                        return 0;
                split_kernel_line(c->args, &path, &rest);
                r = dup_span(path, &e->kernel);
                if (r < 0)
                        return r;
                r = dup_span(rest, &e->kernel_args);
                if (r < 0)
                        return r;
                e->line_kernel = line;
                /* From the copy, which stops at a NUL byte as every later user of the path will. */
                path = (struct span){.s = e->kernel, .n = strlen(e->kernel)};
                e->is_xen_hypervisor = is_hypervisor_name(path_basename(path));
                if (e->is_xen_hypervisor)
                        return 0;
                return kernel_version_of(path, &e->version);
        }
        if (span_eq(c->keyword, "initrd")) {
                if (e->initrd)
                        return 0;
                split_word(c->args, &path);
                r = dup_span(path, &e->initrd);
                if (r < 0)
                        return r;
                e->line_initrd = line;
                return 0;
        }
        if (span_eq(c->keyword, "module") || span_eq(c->keyword, "modulenounzip")) {
                /* dom0: the first module naming a kernel image is the Linux kernel. */
                if (!e->is_xen_hypervisor || *have_module_version)
                        return 0;
                split_word(c->args, &path);
                path.n = strnlen(path.s, path.n);
                if (!names_kernel(path_basename(path)))
                        return 0;
                *have_module_version = true;
                free(e->version);
                return kernel_version_of(path, &e->version);
        }
        return 0;
}

static int entries_grow(struct boot_menu *m, size_t *cap)
{
        struct boot_entry *v;
        size_t ncap;

        if (m->n_entries < *cap)
                return 0;
        ncap = *cap ? *cap * 2 : 8;
        if (ncap > SIZE_MAX / sizeof(*v))
                return -ENOMEM;
        v = realloc(m->entries, ncap * sizeof(*v));
        if (!v)
                return -ENOMEM;
        m->entries = v;
        *cap = ncap;
        return 0;
}

int grub_menu_parse(const struct text *t, struct boot_menu *ret)
{
        _cleanup_(boot_menu_done) struct boot_menu m = {0};
        struct boot_entry *e = NULL;
        bool have_module_version = false;
        size_t cap = 0;
        int r;

        if (!t || !ret)
                return -EINVAL;

        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                struct command c;

                if (is_automagic(l))
                        m.automagic = true;
                if (!parse_command(l, &c))
                        continue;

                if (span_eq(c.keyword, "title")) {
                        r = entries_grow(&m, &cap);
                        if (r < 0)
                                return r;
                        e = &m.entries[m.n_entries++];
                        *e = (struct boot_entry){
                                .line_title = i,
                                .line_end = i + 1,
                                .line_kernel = SIZE_MAX,
                                .line_initrd = SIZE_MAX,
                        };
                        have_module_version = false;
                        r = dup_span(c.args, &e->title);
                        if (r < 0)
                                return r;
                        continue;
                }

                if (!e) {
                        /* The global section. */
                        int d;

                        if (span_eq(c.keyword, "default") && parse_default(c.args, &d)) {
                                m.default_index = d;
                                m.has_default = true;
                        }
                        continue;
                }

                e->line_end = i + 1;
                r = entry_command(e, &c, i, &have_module_version);
                if (r < 0)
                        return r;
        }

        *ret = m;
        m = (struct boot_menu){0};
        return 0;
}

bool grub_menu_command(const struct line *l, struct grub_command *ret)
{
        struct command c;

        if (!l || !ret || !parse_command(l, &c))
                return false;
        *ret = (struct grub_command){
                .keyword_off = (size_t)(c.keyword.s - l->s),
                .keyword_len = c.keyword.n,
                .args_off = (size_t)(c.args.s - l->s),
                .args_len = c.args.n,
        };
        return true;
}

bool grub_command_is(const struct line *l, const struct grub_command *cmd, const char *name)
{
        return span_eq((struct span){.s = l->s + cmd->keyword_off, .n = cmd->keyword_len}, name);
}

bool grub_menu_kernel_args(const struct line *l, size_t *ret_off, size_t *ret_len)
{
        struct command c;
        struct span path, rest;

        if (!l || !ret_off || !ret_len || !parse_command(l, &c) || !span_eq(c.keyword, "kernel"))
                return false;
        split_kernel_line(c.args, &path, &rest);
        *ret_off = (size_t)(rest.s - l->s);
        *ret_len = rest.n;
        return true;
}
