/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GRUB legacy menus (grub.conf, menu.lst): what pygrub and pv-grub read.
 *
 * Every menu the profile names is rewritten (list_paths); a name that leads
 * to a file already handled (RHEL's /etc/grub.conf and menu.lst, links to
 * grub.conf) only adds that name to the change. A text without a "title"
 * line is no menu (SUSE's /etc/grub.conf holds grub shell commands naming
 * BIOS drives) and is never touched.
 *
 * Entries, each by the flavor of the kernel it boots (facts_entry_kernel()):
 *  - pvops: kargs_to_pvops() on the kernel line's arguments: root= and
 *    resume= by the plan's disk rule, console=xvc0 -> hvc0 with hvc0 the last
 *    console=, xencons= removed. Only the arguments change; "kernel", the
 *    path, GRUB options and the blanks before the arguments stay as they are;
 *  - Xenlinux: byte for byte as they are, so the old kernel stays a working
 *    fallback in the menu;
 *  - a kernel of unknown flavor, or one that is not installed (no kernel by
 *    that version or file name: a stale entry, or a separate /boot that is not
 *    mounted): left as they are, with a warning naming the line and title;
 *    entries that boot no Linux kernel (memtest86+, chainloader) silently;
 *  - dom0 entries (kernel /xen.gz + module lines): left as they are.
 * Entries are never added, removed or moved, so "default N" keeps pointing
 * at the same entry.
 *
 * Debian's and Ubuntu's update-grub rewrite the entries between "### BEGIN
 * AUTOMAGIC KERNELS LIST" and "### END DEBIAN AUTOMAGIC KERNELS LIST" from
 * magic comment lines in that block (anywhere in a file without the block,
 * as the oldest update-grub reads them). Those are rewritten too, or the
 * next kernel upgrade brings the old names back:
 *  - "# kopt=" (options of every kernel without a kopt_ line of its own):
 *    for pvops, the flavor of new kernels. An installed Xenlinux kernel that
 *    used it gets a "# kopt_VERSION=" line right after it with the old
 *    options, so that update-grub keeps its entry a working fallback;
 *  - "# kopt_x_y_z=" (the options of the kernels whose version, with every
 *    character other than a letter or digit written '_', is x_y_z or starts
 *    with x_y_z_; the longest match wins): rewritten when every installed
 *    kernel it applies to is pvops, left when they are Xenlinux, reported
 *    when it applies to both;
 *  - "# defoptions=" and the options of "# altoptions=(TEXT) OPTIONS": they
 *    apply to every kernel and have no per-version form: rewritten for pvops;
 *  - "# groot=" names a GRUB device ("(hd0,0)") or a filesystem UUID, no
 *    Linux disk; "# xenhopt=" and "# xenkopt=" are for dom0 entries (the
 *    hypervisor's and the dom0 kernel's options): all left as they are.
 *
 * The default entry: with --default-to-target the first entry that boots
 * the target kernel becomes the default (pygrub boots it): the number of the
 * last "default" line of the global section is replaced, its separator
 * ("default=0", "default 0", "default\t\t0") kept; "default saved" becomes
 * that number too (pygrub does not read GRUB's saved entry); without a
 * default line one is added before the first global command, in its style.
 * Without the option, a default entry that boots another kernel than the
 * target is reported as a next step.
 *
 * Lines with a NUL byte are never edited (guest_file_read() refuses such
 * files anyway); a last line ending in a lone carriage return is reported
 * instead of edited (new content cannot end in CR).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "grub-menu.h"
#include "kargs.h"
#include "macro.h"
#include "rewrite/rewrite.h"

#define AUTOMAGIC_BEGIN "### BEGIN AUTOMAGIC KERNELS LIST"
#define AUTOMAGIC_END "### END DEBIAN AUTOMAGIC KERNELS LIST"
#define OPTIONS_BEGIN "## ## Start Default Options ##"
#define OPTIONS_END "## ## End Default Options ##"

struct gl {
        const struct text *in;
        const char *path;
        const struct facts *facts;
        struct rewrite_out *out;
        struct boot_menu menu;
        bool changed;      /* an edit was made */
        bool indomu;       /* update-grub's magic lines have "# indomU=" (Ubuntu) */
        bool indomu_false; /* ... and it is "false" */
};

static void gl_done(struct gl *c)
{
        boot_menu_done(&c->menu);
}

static bool line_is(const struct line *l, const char *s)
{
        return l->len == strlen(s) && memcmp(l->s, s, l->len) == 0;
}

static bool starts_with(const struct line *l, const char *prefix)
{
        size_t n = strlen(prefix);

        return l->len >= n && memcmp(l->s, prefix, n) == 0;
}

/* A new string, or NULL when out of memory. */
static _printf_(1, 2) char *fmt(const char *format, ...)
{
        va_list ap;
        char *s;
        int r;

        va_start(ap, format);
        r = vasprintf(&s, format, ap);
        va_end(ap);
        return r < 0 ? NULL : s;
}

/* Push "'PATH' line N: " + printf onto the warnings. */
static _printf_(3, 4) int gl_warn(struct gl *c, size_t line, const char *format, ...)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        va_list ap;
        int r;

        r = strbuf_printf(&b, "'%s' line %zu: ", c->path, line + 1);
        if (r >= 0) {
                va_start(ap, format);
                r = strbuf_vprintf(&b, format, ap);
                va_end(ap);
        }
        if (r < 0)
                return r;
        return strv_push(&c->out->warnings, b.s);
}

/*
 * Whether line i may be edited: 1 yes; 0 no (a NUL byte: silently; a lone
 * CR at its end: with a warning, what names the line's kind).
 */
static int gl_editable(struct gl *c, size_t i, const char *what)
{
        const struct line *l = &c->in->lines[i];

        if (memchr(l->s, '\0', l->len))
                return 0;
        if (l->len > 0 && l->s[l->len - 1] == '\r') {
                int r = gl_warn(c, i,
                                "%s ends in a carriage return without a line feed: left as it is; fix it by hand",
                                what);
                return r < 0 ? r : 0;
        }
        return 1;
}

/* Replace bytes [off, off + len) of line i with repl. */
static int gl_replace(struct gl *c, size_t i, size_t off, size_t len, const char *repl, const char *reason)
{
        const struct line *l = &c->in->lines[i];
        _cleanup_(strbuf_done) struct strbuf b = {0};
        int r;

        r = strbuf_append(&b, l->s, off);
        if (r >= 0)
                r = strbuf_puts(&b, repl);
        if (r >= 0)
                r = strbuf_append(&b, l->s + off + len, l->len - off - len);
        if (r >= 0)
                r = edit_list_replace(&c->out->edits, i, b.s, reason);
        if (r >= 0)
                c->changed = true;
        return r;
}

/* "a; b; c" */
static int join(const struct strv *sv, const char *sep, struct strbuf *b)
{
        int r = 0;

        for (size_t i = 0; r >= 0 && i < sv->n; i++) {
                if (i > 0)
                        r = strbuf_puts(b, sep);
                if (r >= 0)
                        r = strbuf_puts(b, sv->v[i]);
        }
        return r;
}

/*
 * Convert the kernel arguments at [off, off + len) of line i for pvops. The
 * reason is prefix + ": " + the changes. Unknown disk names are reported.
 */
static int gl_convert_args(struct gl *c, size_t i, size_t off, size_t len, const char *what, const char *prefix)
{
        const struct line *l = &c->in->lines[i];
        _cleanup_(strv_done) struct strv reasons = {0}, warnings = {0};
        _cleanup_(strbuf_done) struct strbuf why = {0};
        _cleanup_free_ char *args = NULL;
        int r;

        r = gl_editable(c, i, what);
        if (r <= 0)
                return r;
        r = kargs_to_pvops(&c->facts->devmap, l->s + off, len, &args, &reasons, &warnings);
        for (size_t w = 0; r >= 0 && w < warnings.n; w++)
                r = gl_warn(c, i, "%s: %s", what, warnings.v[w]);
        if (r < 0 || reasons.n == 0)
                return r;
        r = strbuf_printf(&why, "%s: ", prefix);
        if (r >= 0)
                r = join(&reasons, "; ", &why);
        if (r >= 0)
                r = gl_replace(c, i, off, len, args, why.s);
        return r;
}

/* Whether a kernel path names a Linux kernel image (not memtest86+.bin, not a chainloader). */
static bool names_linux_kernel(const char *path)
{
        static const char *const prefixes[] = {"vmlinuz", "vmlinux", "kernel", "bzImage"};
        const char *base = strrchr(path, '/');

        base = base ? base + 1 : path;
        if (*base == '(')
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
                if (strneq(base, prefixes[i], strlen(prefixes[i])))
                        return true;
        return false;
}

/* The installed kernel a plain (not dom0) entry boots, or NULL. */
static const struct kernel *entry_kernel(const struct facts *f, const struct boot_entry *e)
{
        if (!e->kernel || e->is_xen_hypervisor)
                return NULL;
        return facts_entry_kernel(f, e);
}

/*
 * An entry whose kernel's flavor is unknown (a bare-metal kernel, or one
 * without evidence) stays as it is; it is reported only when it names what a
 * pvops kernel would need changed, since then the flavor matters.
 */
static int gl_unknown_flavor(struct gl *c, const struct boot_entry *e, const struct kernel *k, size_t off,
                             size_t len)
{
        const struct line *l = &c->in->lines[e->line_kernel];
        _cleanup_(strv_done) struct strv reasons = {0};
        _cleanup_(strbuf_done) struct strbuf b = {0};
        _cleanup_free_ char *args = NULL;
        int r;

        if (memchr(l->s, '\0', l->len))
                return 0;
        r = kargs_to_pvops(&c->facts->devmap, l->s + off, len, &args, &reasons, NULL);
        if (r < 0 || reasons.n == 0)
                return r;
        r = join(&reasons, "; ", &b);
        if (r < 0)
                return r;
        return gl_warn(c, e->line_kernel,
                       "entry '%s' boots kernel %s, whose flavor is unknown: left as it is (a pvops kernel would "
                       "need %s)",
                       e->title, k->version, b.s);
}

static int gl_entry(struct gl *c, const struct boot_entry *e)
{
        const struct kernel *k;
        _cleanup_free_ char *prefix = NULL;
        size_t off, len;

        if (e->line_kernel == SIZE_MAX || e->is_xen_hypervisor)
                return 0;
        k = entry_kernel(c->facts, e);
        if (!k) {
                if (!names_linux_kernel(e->kernel))
                        return 0;
                if (e->version)
                        return gl_warn(c, e->line_kernel,
                                       "entry '%s' boots kernel %s, which is not installed in the guest (is a "
                                       "separate /boot mounted?): left as it is",
                                       e->title, e->version);
                return gl_warn(c, e->line_kernel,
                               "entry '%s' boots %s, which names no installed kernel: left as it is", e->title,
                               e->kernel);
        }
        if (k->flavor == FLAVOR_XENLINUX)
                return 0; /* the fallback: byte for byte as it is */
        if (!grub_menu_kernel_args(&c->in->lines[e->line_kernel], &off, &len))
                return 0;
        if (k->flavor != FLAVOR_PVOPS)
                return gl_unknown_flavor(c, e, k, off, len);
        prefix = fmt("entry '%s' boots pvops kernel %s", e->title, k->version);
        if (!prefix)
                return -ENOMEM;
        return gl_convert_args(c, e->line_kernel, off, len, "kernel line", prefix);
}

/* ------------------------------------------------------------------------ */
/* update-grub's magic lines */

enum magic_kind {
        MAGIC_NONE,
        MAGIC_KOPT,       /* # kopt= */
        MAGIC_KOPT_VER,   /* # kopt_x_y_z= */
        MAGIC_DEFOPTIONS, /* # defoptions= */
        MAGIC_ALTOPTIONS, /* # altoptions= */
};

struct magic {
        enum magic_kind kind;
        size_t value_off; /* the value: after '=' to the end of the line */
        size_t name_off, name_len; /* kopt_: the x_y_z part */
};

static bool is_alnum(char ch)
{
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static bool magic_parse(const struct line *l, struct magic *ret)
{
        static const struct {
                const char *prefix;
                enum magic_kind kind;
        } simple[] = {
                {"# kopt=", MAGIC_KOPT},
                {"# defoptions=", MAGIC_DEFOPTIONS},
                {"# altoptions=", MAGIC_ALTOPTIONS},
        };
        size_t i;

        *ret = (struct magic){0};
        for (i = 0; i < ARRAY_SIZE(simple); i++)
                if (starts_with(l, simple[i].prefix)) {
                        *ret = (struct magic){.kind = simple[i].kind, .value_off = strlen(simple[i].prefix)};
                        return true;
                }
        if (!starts_with(l, "# kopt_"))
                return false;
        for (i = 7; i < l->len && (is_alnum(l->s[i]) || l->s[i] == '_'); i++)
                ;
        if (i == 7 || i >= l->len || l->s[i] != '=')
                return false;
        *ret = (struct magic){.kind = MAGIC_KOPT_VER, .value_off = i + 1, .name_off = 7, .name_len = i - 7};
        return true;
}

/*
 * A kernel version as update-grub names its kopt_ variable: '-', '+' and
 * '.' become '_' ("2.6.18-6-xen-686" -> "2_6_18_6_xen_686"). *ret is NULL
 * for a version that gives no shell variable name (another character).
 */
static int version_var(const char *version, char **ret)
{
        _cleanup_free_ char *s = strdup(version);

        if (!s)
                return -ENOMEM;
        for (char *p = s; *p; p++) {
                if (*p == '-' || *p == '+' || *p == '.')
                        *p = '_';
                else if (!is_alnum(*p)) {
                        *ret = NULL;
                        return 0;
                }
        }
        *ret = TAKE_PTR(s);
        return 0;
}

/*
 * How well "kopt_NAME" applies to a kernel version: the length of NAME, or 0
 * when it does not. update-grub tries the whole version, then strips the
 * last '_'-separated part, and so on: NAME applies when it is one of these.
 */
static size_t kopt_match(const char *var, const char *name, size_t name_len)
{
        size_t n = var ? strlen(var) : 0;

        if (name_len > n || memcmp(var, name, name_len) != 0)
                return 0;
        return name_len == n || var[name_len] == '_' ? name_len : 0;
}

/* One kernel update-grub may list: installed, or the target named by --kernel. */
struct known_kernel {
        const char *version;
        enum kernel_flavor flavor;
        char *var;        /* version_var(), or NULL */
        size_t best_line; /* its most specific kopt_ line, SIZE_MAX for the general kopt */
};

struct magic_state {
        size_t begin, end;            /* the lines magic lines are read from */
        bool indomu;                  /* a "# indomU=" line (Ubuntu) */
        bool indomu_false;            /* "# indomU=false" */
        struct known_kernel *kernels; /* installed ones, then the target if not installed */
        size_t n_kernels;
};

static void magic_state_done(struct magic_state *s)
{
        for (size_t i = 0; i < s->n_kernels; i++)
                free(s->kernels[i].var);
        free(s->kernels);
}

static int magic_state_init(struct gl *c, struct magic_state *s)
{
        const struct facts *f = c->facts;
        const struct text *in = c->in;
        bool extra = f->target_version && !f->target;

        int r;

        /*
         * update-grub reads its options between the option markers inside the
         * AUTOMAGIC block; the oldest one, without markers, anywhere.
         */
        *s = (struct magic_state){.begin = 0, .end = in->n_lines};
        for (size_t i = 0; i < in->n_lines; i++)
                if (line_is(&in->lines[i], AUTOMAGIC_BEGIN)) {
                        s->begin = i + 1;
                        for (size_t k = i + 1; k < in->n_lines; k++)
                                if (line_is(&in->lines[k], AUTOMAGIC_END)) {
                                        s->end = k;
                                        break;
                                }
                        break;
                }
        for (size_t i = s->begin; i < s->end; i++)
                if (line_is(&in->lines[i], OPTIONS_BEGIN)) {
                        s->begin = i + 1;
                        for (size_t k = i + 1; k < s->end; k++)
                                if (line_is(&in->lines[k], OPTIONS_END)) {
                                        s->end = k;
                                        break;
                                }
                        break;
                }
        for (size_t i = s->begin; i < s->end; i++)
                if (starts_with(&in->lines[i], "# indomU=")) {
                        s->indomu = true;
                        s->indomu_false = line_is(&in->lines[i], "# indomU=false");
                }

        s->kernels = calloc(f->n_kernels + 1, sizeof(*s->kernels));
        if (!s->kernels)
                return -ENOMEM;
        for (size_t i = 0; i < f->n_kernels + extra; i++) {
                struct known_kernel *k = &s->kernels[s->n_kernels++];

                *k = (struct known_kernel){.version = i < f->n_kernels ? f->kernels[i].version : f->target_version,
                                           .flavor = i < f->n_kernels ? f->kernels[i].flavor : FLAVOR_PVOPS,
                                           .best_line = SIZE_MAX};
                r = version_var(k->version, &k->var);
                if (r < 0)
                        return r;
        }

        /* Each kernel's most specific kopt_ line (the last of equal ones, as update-grub reads them). */
        for (size_t i = s->begin; i < s->end; i++) {
                const struct line *l = &in->lines[i];
                struct magic m;

                /* update-grub skips a kopt_ line with an empty value. */
                if (!magic_parse(l, &m) || m.kind != MAGIC_KOPT_VER || m.value_off == l->len)
                        continue;
                for (size_t k = 0; k < s->n_kernels; k++) {
                        struct known_kernel *kk = &s->kernels[k];
                        size_t score = kopt_match(kk->var, l->s + m.name_off, m.name_len), best = 0;

                        if (kk->best_line != SIZE_MAX) {
                                struct magic bm;
                                magic_parse(&in->lines[kk->best_line], &bm);
                                best = bm.name_len;
                        }
                        if (score > 0 && score >= best)
                                kk->best_line = i;
                }
        }
        return 0;
}

/* "# kopt_x_y_z=": by the flavor of the kernels that use it. */
static int gl_kopt_version(struct gl *c, const struct magic_state *s, size_t i, const struct magic *m)
{
        const struct line *l = &c->in->lines[i];
        const struct known_kernel *pvops = NULL, *other = NULL;
        _cleanup_free_ char *prefix = NULL;

        for (size_t k = 0; k < s->n_kernels; k++) {
                if (s->kernels[k].best_line != i)
                        continue;
                if (s->kernels[k].flavor == FLAVOR_PVOPS)
                        pvops = pvops ? pvops : &s->kernels[k];
                else
                        other = other ? other : &s->kernels[k];
        }
        if (!pvops)
                return 0; /* Xenlinux kernels, or none installed: as it is */
        if (other)
                return gl_warn(c, i,
                               "# kopt_%.*s= gives the options of pvops kernel %s and of %s kernel %s: left as it "
                               "is; give each its own # kopt_VERSION= line",
                               (int)m->name_len, l->s + m->name_off, pvops->version,
                               kernel_flavor_to_string(other->flavor), other->version);
        prefix = fmt("update-grub's # kopt_%.*s= (the options of pvops kernel %s)", (int)m->name_len,
                     l->s + m->name_off, pvops->version);
        if (!prefix)
                return -ENOMEM;
        return gl_convert_args(c, i, m->value_off, l->len - m->value_off, "update-grub's # kopt_ line", prefix);
}

#define KOPT_WHAT "update-grub's # kopt= line"
#define KOPT_WHY "update-grub's # kopt= (the options of new kernels, pvops)"

/*
 * "# kopt=" lines: for pvops. After the last one (the one update-grub uses),
 * a "# kopt_VERSION=" line with its old value for each installed Xenlinux
 * kernel that used it.
 */
static int gl_kopt(struct gl *c, const struct magic_state *s, size_t last)
{
        const struct line *l = &c->in->lines[last];
        size_t n_edits = c->out->edits.n;
        _cleanup_free_ char *old = NULL;
        int r;

        r = gl_convert_args(c, last, 7, l->len - 7, KOPT_WHAT, KOPT_WHY);
        if (r < 0 || c->out->edits.n == n_edits)
                return r;
        old = strndup_or_null(l->s + 7, l->len - 7);
        if (!old)
                return -ENOMEM;
        for (size_t k = 0; k < s->n_kernels; k++) {
                const struct known_kernel *kk = &s->kernels[k];
                _cleanup_free_ char *line = NULL, *why = NULL;

                if (kk->flavor != FLAVOR_XENLINUX || kk->best_line != SIZE_MAX || !kk->var)
                        continue;
                line = fmt("# kopt_%s=%s", kk->var, old);
                why = fmt("# kopt_%s= keeps the old options for Xenlinux kernel %s, so that update-grub keeps its "
                          "entry a working fallback",
                          kk->var, kk->version);
                if (!line || !why)
                        return -ENOMEM;
                r = edit_list_insert(&c->out->edits, last + 1, line, why);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* "# altoptions=(TEXT) OPTIONS": the options after the parenthesis and the blank after it. */
static int gl_altoptions(struct gl *c, size_t i, const struct magic *m)
{
        const struct line *l = &c->in->lines[i];
        const char *v = l->s + m->value_off, *close;
        size_t n = l->len - m->value_off, off;

        if (n == 0 || v[0] != '(')
                return 0;
        close = memchr(v, ')', n);
        if (!close || close + 1 >= v + n || (close[1] != ' ' && close[1] != '\t'))
                return 0;
        off = (size_t)(close + 2 - l->s);
        return gl_convert_args(c, i, off, l->len - off, "update-grub's # altoptions= line",
                               "update-grub's # altoptions= (options of the alternative entries of every kernel, "
                               "Xenlinux ones too once update-grub runs)");
}

static int gl_magic(struct gl *c)
{
        struct magic_state s;
        size_t last_kopt = SIZE_MAX;
        struct magic m;
        int r;

        r = magic_state_init(c, &s);
        c->indomu = s.indomu;
        c->indomu_false = s.indomu_false;
        for (size_t i = s.begin; r >= 0 && i < s.end; i++)
                if (magic_parse(&c->in->lines[i], &m) && m.kind == MAGIC_KOPT)
                        last_kopt = i;
        for (size_t i = s.begin; r >= 0 && i < s.end; i++) {
                const struct line *l = &c->in->lines[i];

                if (!magic_parse(l, &m))
                        continue;
                switch (m.kind) {
                case MAGIC_KOPT:
                        /* update-grub uses the last one (gl_kopt() below); earlier ones are converted alike. */
                        if (i != last_kopt)
                                r = gl_convert_args(c, i, m.value_off, l->len - m.value_off, KOPT_WHAT, KOPT_WHY);
                        break;
                case MAGIC_KOPT_VER:
                        r = gl_kopt_version(c, &s, i, &m);
                        break;
                case MAGIC_DEFOPTIONS:
                        r = gl_convert_args(c, i, m.value_off, l->len - m.value_off, "update-grub's # defoptions= line",
                                            "update-grub's # defoptions= (options of the default entry of "
                                            "every kernel, Xenlinux ones too once update-grub runs)");
                        break;
                case MAGIC_ALTOPTIONS:
                        r = gl_altoptions(c, i, &m);
                        break;
                case MAGIC_NONE:
                        break;
                }
        }
        if (r >= 0 && last_kopt != SIZE_MAX)
                r = gl_kopt(c, &s, last_kopt);
        magic_state_done(&s);
        return r;
}

/* ------------------------------------------------------------------------ */
/* The default entry */

struct default_line {
        size_t line;       /* SIZE_MAX: none */
        size_t value_off;  /* the digits, or "saved" */
        size_t value_len;
        int index;         /* -1 for saved */
};

/* The last valid "default" line of the global section, as grub_menu_parse() reads it. */
static void find_default(const struct gl *c, size_t first_title, struct default_line *ret)
{
        *ret = (struct default_line){.line = SIZE_MAX};
        for (size_t i = 0; i < first_title; i++) {
                const struct line *l = &c->in->lines[i];
                struct grub_command cmd;
                const char *v;
                size_t n = 0, word;
                int x;

                if (!grub_menu_command(l, &cmd) || !grub_command_is(l, &cmd, "default"))
                        continue;
                v = l->s + cmd.args_off;
                for (word = 0; word < cmd.args_len && v[word] != ' ' && v[word] != '\t'; word++)
                        ;
                if (word == 5 && memcmp(v, "saved", 5) == 0) {
                        *ret = (struct default_line){.line = i, .value_off = cmd.args_off, .value_len = 5,
                                                     .index = -1};
                        continue;
                }
                /* The leading digits, refused over INT_MAX as grub_menu_parse() refuses them. */
                for (x = 0; n < word && v[n] >= '0' && v[n] <= '9' && x >= 0; n++)
                        x = x > (INT_MAX - (v[n] - '0')) / 10 ? -1 : x * 10 + (v[n] - '0');
                if (n == 0 || x < 0)
                        continue;
                *ret = (struct default_line){.line = i, .value_off = cmd.args_off, .value_len = n, .index = x};
        }
}

/* Add a "default N" line before the first global command (or the first title and its comments). */
static int gl_insert_default(struct gl *c, size_t first_title, size_t target, const char *why)
{
        _cleanup_free_ char *line = NULL;
        const char *indent = "", *sep = " ";
        size_t at = first_title, indent_len = 0, sep_len = 1;
        bool found = false;

        for (size_t i = 0; i < first_title; i++) {
                const struct line *l = &c->in->lines[i];
                struct grub_command cmd;
                size_t s0, s1;

                if (!grub_menu_command(l, &cmd))
                        continue;
                if (at == first_title)
                        at = i;
                s0 = cmd.keyword_off + cmd.keyword_len;
                s1 = cmd.args_off;
                if (found || cmd.keyword_len == 0 || cmd.args_len == 0 || s1 == s0 || strspn(l->s + s0, " \t=") < s1 - s0 ||
                    strspn(l->s, " \t") < cmd.keyword_off)
                        continue;
                /* The style of the first global command with arguments: "timeout=5", "timeout\t\t5". */
                indent = l->s;
                indent_len = cmd.keyword_off;
                sep = l->s + s0;
                sep_len = s1 - s0;
                found = true;
        }
        if (at == first_title)
                /* Above the comments that belong to the first title (YaST's marker). */
                while (at > 0 && line_is_comment(&c->in->lines[at - 1]) && !line_is_blank(&c->in->lines[at - 1]))
                        at--;
        line = fmt("%.*sdefault%.*s%zu", (int)indent_len, indent, (int)sep_len, sep, target);
        if (!line)
                return -ENOMEM;
        c->changed = true;
        return edit_list_insert(&c->out->edits, at, line, why);
}

static int gl_default(struct gl *c)
{
        const struct facts *f = c->facts;
        const struct boot_menu *m = &c->menu;
        const struct boot_entry *def = NULL, *t = NULL;
        size_t first_title = m->entries[0].line_title, target = SIZE_MAX;
        struct default_line dl;
        _cleanup_free_ char *why = NULL, *num = NULL;
        int r;

        for (size_t i = 0; f->target && i < m->n_entries && target == SIZE_MAX; i++)
                if (entry_kernel(f, &m->entries[i]) == f->target) {
                        target = i;
                        t = &m->entries[i];
                }
        find_default(c, first_title, &dl);
        if (dl.line == SIZE_MAX)
                def = &m->entries[0];
        else if (dl.index >= 0 && (size_t)dl.index < m->n_entries)
                def = &m->entries[dl.index];

        if (!f->default_to_target) {
                if (!t || !def || entry_kernel(f, def) == f->target)
                        return 0;
                return strv_pushf(&c->out->next_steps,
                                  "'%s': the default entry %zu '%s' does not boot the target kernel %s: choose "
                                  "entry %zu '%s' in the boot menu, or run domufix again with --default-to-target",
                                  c->path, (size_t)(def - m->entries), def->title, f->target->version, target,
                                  t->title);
        }

        if (!f->target_version)
                return strv_pushf(&c->out->warnings,
                                  "'%s': --default-to-target: there is no target kernel (no pvops kernel is "
                                  "installed in the guest): the default entry is left as it is",
                                  c->path);
        if (!f->target)
                return strv_pushf(&c->out->warnings,
                                  "'%s': --default-to-target: the target kernel %s is not installed in the guest, so "
                                  "no entry boots it: the default entry is left as it is",
                                  c->path, f->target_version);
        if (!t)
                return strv_pushf(&c->out->warnings,
                                  "'%s': --default-to-target: no entry boots the target kernel %s: the default "
                                  "entry is left as it is",
                                  c->path, f->target->version);
        if (def && entry_kernel(f, def) == f->target)
                return 0;
        if (dl.line == SIZE_MAX) {
                why = fmt("default %zu added: entry %zu '%s' boots the target kernel %s (--default-to-target)", target,
                          target, t->title, f->target->version);
                return why ? gl_insert_default(c, first_title, target, why) : -ENOMEM;
        }
        r = gl_editable(c, dl.line, "the default line");
        if (r <= 0)
                return r;
        num = fmt("%zu", target);
        if (dl.index < 0)
                why = fmt("default saved -> %zu: entry %zu '%s' boots the target kernel %s (--default-to-target; "
                          "pygrub does not read the entry savedefault saves)",
                          target, target, t->title, f->target->version);
        else
                why = fmt("default %d -> %zu: entry %zu '%s' boots the target kernel %s (--default-to-target)",
                          dl.index, target, target, t->title, f->target->version);
        if (!num || !why)
                return -ENOMEM;
        return gl_replace(c, dl.line, dl.value_off, dl.value_len, num, why);
}

/* ------------------------------------------------------------------------ */

/*
 * The next step for a menu update-grub writes. Its domU check ("ignore
 * non-xen kernels when running in domU") drops kernels without "xen" in
 * their name when it runs inside a Xen guest, unless Ubuntu's "# indomU=false".
 */
static int gl_update_grub_step(struct gl *c)
{
        const struct facts *f = c->facts;
        const char *cmd = f->profile && f->profile->grub_update ? f->profile->grub_update : "update-grub";
        const char *v = f->target_version;
        _cleanup_free_ char *caution = NULL;

        if (v && !strstr(v, "xen") && !c->indomu_false) {
                caution = fmt("; run inside a Xen guest, it may leave out kernels without \"xen\" in their name, "
                              "such as %s%s",
                              v, c->indomu ? " (unless \"# indomU=false\" is set)" : "");
                if (!caution)
                        return -ENOMEM;
        }
        return strv_pushf(&c->out->next_steps,
                          "'%s' is written again by %s at every kernel upgrade, from its \"# kopt=\" lines (converted "
                          "too): check its kernel lines after the next one%s",
                          c->path, cmd, caution ? caution : "");
}

static int grub_legacy_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                               struct rewrite_out *out)
{
        _cleanup_(gl_done) struct gl c = {.in = in, .path = path, .facts = facts, .out = out};
        int r;

        if (!exists || !grub_menu_is_menu(in))
                return 0;
        r = grub_menu_parse(in, &c.menu);
        if (r < 0)
                return r;
        for (size_t i = 0; r >= 0 && i < c.menu.n_entries; i++)
                r = gl_entry(&c, &c.menu.entries[i]);
        if (r >= 0 && c.menu.automagic)
                r = gl_magic(&c);
        if (r >= 0 && c.menu.n_entries > 0)
                r = gl_default(&c);
        if (r >= 0 && c.menu.automagic && c.changed)
                r = gl_update_grub_step(&c);
        return r;
}

static int grub_legacy_list_paths(const struct guest_root *g _unused_, const struct facts *facts, struct strv *ret)
{
        if (!facts->profile)
                return 0;
        return strv_extend(ret, &facts->profile->grub_legacy_files);
}

const struct rewriter rewriter_grub_legacy = {
        .name = "grub-legacy",
        .list_paths = grub_legacy_list_paths,
        .rewrite = grub_legacy_rewrite,
};
