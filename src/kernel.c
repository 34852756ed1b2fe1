/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <libkmod.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fd-util.h"
#include "kernel.h"
#include "log.h"

/* Longest path or module name shown in an evidence detail. */
#define DETAIL_PATH_MAX 256

const char *kernel_flavor_to_string(enum kernel_flavor f)
{
        switch (f) {
        case FLAVOR_XENLINUX:
                return "xenlinux";
        case FLAVOR_PVOPS:
                return "pvops";
        case FLAVOR_UNKNOWN:
                break;
        }
        return "unknown";
}

const char *evidence_kind_to_string(enum evidence_kind k)
{
        switch (k) {
        case EVIDENCE_VERSION:
                return "version";
        case EVIDENCE_FILES:
                return "files";
        case EVIDENCE_MODULES:
                return "modules";
        case EVIDENCE_CONFIG:
                return "config";
        }
        return "unknown";
}

void kernel_init(struct kernel *k)
{
        *k = (struct kernel){ .blkfront = -1 };
}

void kernel_done(struct kernel *k)
{
        if (!k)
                return;
        free(k->version);
        free(k->image);
        free(k->modules_dir);
        free(k->config);
        free(k->initrd);
        for (size_t i = 0; i < k->n_evidence; i++) {
                free(k->evidence[i].source);
                free(k->evidence[i].detail);
        }
        free(k->evidence);
        strv_done(&k->warnings);
        kernel_init(k);
}

void kernels_free(struct kernel *v, size_t n)
{
        for (size_t i = 0; v && i < n; i++)
                kernel_done(&v[i]);
        free(v);
}

static void kmod_ctx_unrefp(struct kmod_ctx **p)
{
        if (*p)
                kmod_unref(*p);
}

static void kmod_list_unrefp(struct kmod_list **p)
{
        if (*p)
                kmod_module_unref_list(*p);
}

static void kmod_module_unrefp(struct kmod_module **p)
{
        if (*p)
                kmod_module_unref(*p);
}

static void closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}

/* ---- small string helpers ---- */

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static bool has_suffix(const char *s, size_t len, const char *suffix)
{
        size_t n = strlen(suffix);

        return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static bool mem_eq(const char *s, size_t len, const char *lit)
{
        return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

/* Printable ASCII without blanks: the only bytes a module path or name shown in a detail may have. */
static bool is_plain_token(const char *s, size_t len)
{
        if (len == 0 || len > DETAIL_PATH_MAX)
                return false;
        for (size_t i = 0; i < len; i++)
                if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7F)
                        return false;
        return true;
}

/* The next line of [*p, end) without its LF, CR and trailing blanks; false at the end. */
static bool next_line(const char **p, const char *end, const char **ret_s, size_t *ret_len)
{
        const char *s = *p, *nl;
        size_t len;

        if (s >= end)
                return false;
        nl = memchr(s, '\n', (size_t)(end - s));
        len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        *p = nl ? nl + 1 : end;
        while (len > 0 && (s[len - 1] == '\r' || is_blank(s[len - 1])))
                len--;
        *ret_s = s;
        *ret_len = len;
        return true;
}

/* ---- evidence ---- */

/*
 * Record one entry (detail from fmt): 1 when it is recorded or was already
 * there, 0 when it was dropped (KERNEL_EVIDENCE_MAX), -ENOMEM.
 */
static _printf_(5, 6) int evidence_add(struct kernel *k, enum evidence_kind kind, enum kernel_flavor says,
                                       const char *source, const char *fmt, ...)
{
        _cleanup_free_ char *detail = NULL, *src = NULL;
        struct strbuf b = {0};
        struct evidence *n;
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = strbuf_vprintf(&b, fmt, ap);
        va_end(ap);
        if (r >= 0)
                r = strbuf_steal(&b, &detail);
        if (r < 0) {
                strbuf_done(&b);
                return r;
        }

        for (size_t i = 0; i < k->n_evidence; i++) {
                const struct evidence *e = &k->evidence[i];

                if (e->kind == kind && e->says == says && streq(e->source, source) && streq(e->detail, detail))
                        return 1;
        }
        if (k->n_evidence >= KERNEL_EVIDENCE_MAX)
                return 0;

        src = strdup(source);
        if (!src)
                return -ENOMEM;
        n = realloc(k->evidence, (k->n_evidence + 1) * sizeof(*n));
        if (!n)
                return -ENOMEM;
        k->evidence = n;
        k->evidence[k->n_evidence++] = (struct evidence){
                .kind = kind,
                .says = says,
                .source = TAKE_PTR(src),
                .detail = TAKE_PTR(detail),
        };
        return 1;
}

static void blkfront_set(struct kernel *k, int value)
{
        if (k->blkfront < 0)
                k->blkfront = value;
}

static const char *version_or_unknown(const struct kernel *k)
{
        return k->version ? k->version : "?";
}

/* ---- version order ---- */

int kernel_version_compare(const char *a, const char *b)
{
        const char *p = a, *q = b;
        int c;

        for (;;) {
                size_t n, m;
                bool num;

                while (*p && !is_digit(*p) && !is_alpha(*p) && *p != '~')
                        p++;
                while (*q && !is_digit(*q) && !is_alpha(*q) && *q != '~')
                        q++;

                /* "~" sorts before everything, the end of the string included. */
                if (*p == '~' || *q == '~') {
                        if (*p != '~')
                                return 1;
                        if (*q != '~')
                                return -1;
                        p++;
                        q++;
                        continue;
                }
                if (!*p || !*q) {
                        if (*p)
                                return 1;
                        if (*q)
                                return -1;
                        break;
                }

                num = is_digit(*p);
                if (num != is_digit(*q))
                        return num ? 1 : -1; /* numeric is newer than alphabetic */

                if (num) {
                        while (*p == '0')
                                p++;
                        while (*q == '0')
                                q++;
                        for (n = 0; is_digit(p[n]); n++)
                                ;
                        for (m = 0; is_digit(q[m]); m++)
                                ;
                        if (n != m)
                                return n < m ? -1 : 1;
                        c = memcmp(p, q, n);
                } else {
                        for (n = 0; is_alpha(p[n]); n++)
                                ;
                        for (m = 0; is_alpha(q[m]); m++)
                                ;
                        c = memcmp(p, q, n < m ? n : m);
                        if (c == 0 && n != m)
                                c = n < m ? -1 : 1;
                }
                if (c != 0)
                        return c < 0 ? -1 : 1;
                p += n;
                q += m;
        }

        c = strcmp(a, b);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/* ---- config ---- */

struct config_syms {
        bool x86_xen, x86_64_xen, xen, paravirt, paravirt_xen, xen_pv, hvc_xen;
        bool xen_pv_not_set;
        char blkfront;    /* 'y', 'm' or 0 */
        char marker[96];  /* the first Xenlinux-only symbol seen, "CONFIG_X86_NO_TSS=y" */
};

/* A "0x..." value of at most 16 hex digits, as CONFIG_XEN_INTERFACE_VERSION has. */
static bool is_hex_value(const char *v, size_t n)
{
        if (n < 3 || n > 18 || v[0] != '0' || (v[1] != 'x' && v[1] != 'X'))
                return false;
        for (size_t i = 2; i < n; i++)
                if (!is_digit(v[i]) && !((v[i] >= 'a' && v[i] <= 'f') || (v[i] >= 'A' && v[i] <= 'F')))
                        return false;
        return true;
}

/* Symbols that exist only in Xenlinux trees (xen.org, RHEL 5, SUSE, Debian lenny). */
static bool is_xenlinux_marker(const char *name, size_t n, const char *v, size_t vn)
{
        bool y = mem_eq(v, vn, "y");

        if (mem_eq(name, n, "XEN_INTERFACE_VERSION") || mem_eq(name, n, "XEN_COMPAT"))
                return is_hex_value(v, vn);
        if (mem_eq(name, n, "X86_NO_TSS") || mem_eq(name, n, "X86_NO_IDT"))
                return y;
        return y && n > strlen("XEN_COMPAT_") && memcmp(name, "XEN_COMPAT_", strlen("XEN_COMPAT_")) == 0 &&
               is_plain_token(name, n);
}

static void config_assign(struct config_syms *c, const char *name, size_t n, const char *v, size_t vn)
{
        bool y = mem_eq(v, vn, "y");

        if (mem_eq(name, n, "X86_XEN"))
                c->x86_xen = y;
        else if (mem_eq(name, n, "X86_64_XEN"))
                c->x86_64_xen = y;
        else if (mem_eq(name, n, "XEN"))
                c->xen = y;
        else if (mem_eq(name, n, "PARAVIRT"))
                c->paravirt = y;
        else if (mem_eq(name, n, "PARAVIRT_XEN"))
                c->paravirt_xen = y;
        else if (mem_eq(name, n, "XEN_PV")) {
                c->xen_pv = y;
                c->xen_pv_not_set = false;
        } else if (mem_eq(name, n, "HVC_XEN"))
                c->hvc_xen = y;
        else if (mem_eq(name, n, "XEN_BLKDEV_FRONTEND"))
                c->blkfront = y ? 'y' : mem_eq(v, vn, "m") ? 'm' : 0;
        else if (!c->marker[0] && is_xenlinux_marker(name, n, v, vn))
                snprintf(c->marker, sizeof(c->marker), "CONFIG_%.*s=%.*s", (int)n, name, (int)vn, v);
}

static void config_parse(const char *data, size_t size, struct config_syms *c)
{
        static const char not_set[] = " is not set";
        const char *p = data, *end = data + size, *s;
        size_t len;

        while (next_line(&p, end, &s, &len)) {
                const char *eq;

                if (len > 7 && memcmp(s, "CONFIG_", 7) == 0) {
                        eq = memchr(s, '=', len);
                        if (!eq || eq == s + 7)
                                continue;
                        config_assign(c, s + 7, (size_t)(eq - s - 7), eq + 1, (size_t)(s + len - eq - 1));
                } else if (len > 9 + strlen(not_set) && memcmp(s, "# CONFIG_", 9) == 0 &&
                           has_suffix(s, len, not_set)) {
                        const char *name = s + 9;
                        size_t n = len - 9 - strlen(not_set);

                        config_assign(c, name, n, "n", 1);
                        if (mem_eq(name, n, "XEN_PV"))
                                c->xen_pv_not_set = true;
                }
        }
}

/* The pvops symbols that are set, ", "-separated; only the strong ones when strong_only. */
static int config_pvops_symbols(const struct config_syms *c, bool strong_only, struct strbuf *b)
{
        const char *sep = "";
        int r = 0;

        if (c->paravirt && c->xen) {
                r = strbuf_puts(b, "CONFIG_PARAVIRT=y, CONFIG_XEN=y");
                sep = ", ";
        }
        if (r >= 0 && c->xen_pv) {
                r = strbuf_printf(b, "%sCONFIG_XEN_PV=y", sep);
                sep = ", ";
        }
        if (r >= 0 && c->paravirt_xen) {
                r = strbuf_printf(b, "%sCONFIG_PARAVIRT_XEN=y", sep);
                sep = ", ";
        }
        if (r >= 0 && c->hvc_xen && !strong_only)
                r = strbuf_printf(b, "%sCONFIG_HVC_XEN=y", sep);
        return r;
}

int kernel_evidence_from_config(const char *source, const char *data, size_t size, struct kernel *k)
{
        struct config_syms c = {0};
        struct strbuf pv = {0};
        bool xenlinux = false;
        int r = 0;

        config_parse(data, size, &c);

        if (c.x86_xen || c.x86_64_xen) {
                xenlinux = true;
                r = evidence_add(k, EVIDENCE_CONFIG, FLAVOR_XENLINUX, source, "%s%s%s",
                                 c.x86_xen ? "CONFIG_X86_XEN=y" : "", c.x86_xen && c.x86_64_xen ? ", " : "",
                                 c.x86_64_xen ? "CONFIG_X86_64_XEN=y" : "");
        } else if (c.xen && !c.paravirt && c.marker[0]) {
                /* SUSE -xen trees: Xenlinux is CONFIG_XEN; mainline's symbol is CONFIG_PARAVIRT_XEN there. */
                xenlinux = true;
                r = evidence_add(k, EVIDENCE_CONFIG, FLAVOR_XENLINUX, source,
                                 "CONFIG_XEN=y without CONFIG_PARAVIRT, %s", c.marker);
        }
        if (r < 0)
                return r;

        r = config_pvops_symbols(&c, xenlinux, &pv);
        if (r >= 0 && pv.len > 0)
                r = evidence_add(k, EVIDENCE_CONFIG, FLAVOR_PVOPS, source, "%s", pv.s);
        if (r > 0 && pv.len > 0 && !xenlinux && c.blkfront)
                blkfront_set(k, c.blkfront == 'y' ? 1 : 0);
        strbuf_done(&pv);
        if (r < 0)
                return r;

        if (c.xen && c.xen_pv_not_set && !xenlinux) {
                r = evidence_add(k, EVIDENCE_CONFIG, FLAVOR_UNKNOWN, source,
                                 "CONFIG_XEN=y but CONFIG_XEN_PV is not set (no PV guest support)");
                if (r >= 0) {
                        _cleanup_free_ char *msg = NULL;

                        if (asprintf(&msg, "kernel %s: %s has CONFIG_XEN=y but CONFIG_XEN_PV is not set: it cannot "
                                           "boot as a Xen PV guest",
                                     version_or_unknown(k), source) < 0) {
                                msg = NULL;
                                return -ENOMEM;
                        }
                        r = strv_push_unique(&k->warnings, msg);
                }
        }
        return r < 0 ? r : 0;
}

/* ---- module names and text indexes ---- */

enum blk_module {
        BLK_NONE,
        BLK_XENBLK,       /* Xenlinux */
        BLK_XEN_BLKFRONT, /* pvops */
        BLK_XEN_VBD,      /* PV-on-HVM (SUSE xen-kmp, RHEL kmod-xenpv) */
};

/* A module name as depmod and libkmod write it, "-" and "_" alike. */
static enum blk_module blk_module_from_name(const char *s, size_t n)
{
        char buf[16];

        if (n >= sizeof(buf))
                return BLK_NONE;
        for (size_t i = 0; i < n; i++)
                buf[i] = s[i] == '-' ? '_' : s[i];
        buf[n] = '\0';
        if (streq(buf, "xenblk"))
                return BLK_XENBLK;
        if (streq(buf, "xen_blkfront"))
                return BLK_XEN_BLKFRONT;
        if (streq(buf, "xen_vbd"))
                return BLK_XEN_VBD;
        return BLK_NONE;
}

/* A module path: its file name without ".ko" and a compression suffix. */
static enum blk_module blk_module_from_path(const char *s, size_t n)
{
        static const char *const compressed[] = { ".xz", ".gz", ".zst", ".bz2" };
        const char *base = s;

        for (size_t i = 0; i < n; i++)
                if (s[i] == '/')
                        base = s + i + 1;
        n -= (size_t)(base - s);
        for (size_t i = 0; i < ARRAY_SIZE(compressed); i++)
                if (has_suffix(base, n, compressed[i])) {
                        n -= strlen(compressed[i]);
                        break;
                }
        if (!has_suffix(base, n, ".ko"))
                return BLK_NONE;
        return blk_module_from_name(base, n - 3);
}

static enum kernel_flavor blk_module_says(enum blk_module m)
{
        return m == BLK_XENBLK ? FLAVOR_XENLINUX : m == BLK_XEN_BLKFRONT ? FLAVOR_PVOPS : FLAVOR_UNKNOWN;
}

static const char *blk_module_note(enum blk_module m)
{
        return m == BLK_XEN_VBD ? " (PV-on-HVM driver, not a PV block frontend)" : "";
}

enum index_format {
        INDEX_ANY,
        INDEX_ALIAS,
        INDEX_BUILTIN,
        INDEX_DEP,
};

static enum index_format index_format_from_source(const char *source)
{
        const char *slash = strrchr(source, '/'), *base = slash ? slash + 1 : source;

        if (streq(base, "modules.alias"))
                return INDEX_ALIAS;
        if (streq(base, "modules.builtin"))
                return INDEX_BUILTIN;
        if (streq(base, "modules.dep"))
                return INDEX_DEP;
        return INDEX_ANY;
}

/* Split off the next blank-separated token of [*p, end). */
static bool next_token(const char **p, const char *end, const char **ret_s, size_t *ret_len)
{
        const char *s = *p;
        size_t n = 0;

        while (s < end && is_blank(*s))
                s++;
        while (s + n < end && !is_blank(s[n]))
                n++;
        *p = s + n;
        *ret_s = s;
        *ret_len = n;
        return n > 0;
}

/* "alias xen:vbd MODULE" */
static int text_alias_line(const char *source, const char *s, size_t len, struct kernel *k)
{
        const char *p = s, *end = s + len, *tok, *alias, *mod;
        size_t n, alias_len, mod_len;
        enum blk_module m;

        if (!next_token(&p, end, &tok, &n) || !mem_eq(tok, n, "alias"))
                return 0;
        if (!next_token(&p, end, &alias, &alias_len) || !next_token(&p, end, &mod, &mod_len))
                return 0;
        if (!mem_eq(alias, alias_len, "xen:vbd") || !is_plain_token(mod, mod_len))
                return 0;
        m = blk_module_from_name(mod, mod_len);
        if (m == BLK_NONE)
                return 0;
        return evidence_add(k, EVIDENCE_MODULES, blk_module_says(m), source, "xen:vbd -> %.*s%s", (int)mod_len,
                            mod, blk_module_note(m));
}

/* A module path from modules.builtin (built in) or from a modules.dep line (a module file). */
static int text_module_path(const char *source, const char *path, size_t n, bool builtin, struct kernel *k)
{
        enum blk_module m;
        int r;

        if (!is_plain_token(path, n))
                return 0;
        m = blk_module_from_path(path, n);
        if (m == BLK_NONE)
                return 0;
        r = evidence_add(k, EVIDENCE_MODULES, blk_module_says(m), source, "%s %.*s%s",
                         builtin ? "built in:" : "module", (int)n, path, blk_module_note(m));
        if (r > 0 && m == BLK_XEN_BLKFRONT)
                blkfront_set(k, builtin ? 1 : 0);
        return r;
}

int kernel_evidence_from_text_index(const char *source, const char *data, size_t size, struct kernel *k)
{
        enum index_format fmt = index_format_from_source(source);
        const char *p = data, *end = data + size, *s;
        size_t len;

        while (next_line(&p, end, &s, &len)) {
                const char *tok, *colon, *q;
                size_t n;
                int r = 0;

                while (len > 0 && is_blank(*s)) {
                        s++;
                        len--;
                }
                if (len == 0 || *s == '#')
                        continue;

                if (fmt == INDEX_ALIAS || (fmt == INDEX_ANY && len > 6 && memcmp(s, "alias", 5) == 0 &&
                                           is_blank(s[5]))) {
                        r = text_alias_line(source, s, len, k);
                } else if (fmt == INDEX_BUILTIN) {
                        q = s;
                        if (next_token(&q, s + len, &tok, &n))
                                r = text_module_path(source, tok, n, true, k);
                } else {
                        /* "kernel/drivers/block/xen-blkfront.ko: kernel/..." or an absolute path. */
                        colon = memchr(s, ':', len);
                        if (colon)
                                r = text_module_path(source, s, (size_t)(colon - s), false, k);
                }
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---- version string ---- */

/* The leading "N.N.N" of a version, or 0 when it does not start with a digit. */
static size_t upstream_len(const char *v)
{
        size_t n = 0;

        while (is_digit(v[n]) || (v[n] == '.' && n > 0 && is_digit(v[n + 1])))
                n++;
        return n;
}

static int upstream_compare(const char *v, size_t n, const char *than)
{
        char buf[64];

        if (n >= sizeof(buf))
                n = sizeof(buf) - 1;
        memcpy(buf, v, n);
        buf[n] = '\0';
        return kernel_version_compare(buf, than);
}

/* Debian "2.6.32-5-xen-amd64": "N.N.N-ABI-xen-ARCH"; *ret_arch points at ARCH. */
static bool debian_xen_flavour(const char *v, size_t up, const char **ret_arch)
{
        const char *p = v + up;

        if (up == 0 || *p != '-' || !is_digit(p[1]))
                return false;
        for (p++; is_digit(*p); p++)
                ;
        if (!strneq(p, "-xen-", 5) || (!is_alpha(p[5]) && !is_digit(p[5])))
                return false;
        for (const char *a = p + 5; *a; a++)
                if (!is_alpha(*a) && !is_digit(*a) && *a != '-')
                        return false;
        *ret_arch = p + 5;
        return true;
}

static int version_evidence(struct kernel *k)
{
        static const char *const xen_suffixes[] = { "xenU", "xenpae", "xen0", "xen" };
        const char *v = k->version, *source, *arch;
        size_t up, len;

        if (!v)
                return 0;
        source = k->image ? k->image : k->modules_dir ? k->modules_dir : v;
        len = strlen(v);
        up = upstream_len(v);

        if (debian_xen_flavour(v, up, &arch)) {
                if (upstream_compare(v, up, "2.6.32") >= 0)
                        return evidence_add(k, EVIDENCE_VERSION, FLAVOR_PVOPS, source,
                                            "Debian -xen-%s flavour of 2.6.32 or later (squeeze: pvops)", arch);
                return evidence_add(k, EVIDENCE_VERSION, FLAVOR_XENLINUX, source,
                                    "Debian -xen-%s flavour before 2.6.32 (etch, lenny: Xenlinux)", arch);
        }
        for (size_t i = 0; i < ARRAY_SIZE(xen_suffixes); i++)
                if (len > strlen(xen_suffixes[i]) && has_suffix(v, len, xen_suffixes[i]))
                        return evidence_add(k, EVIDENCE_VERSION, FLAVOR_XENLINUX, source,
                                            "ends in \"%s\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)",
                                            xen_suffixes[i]);
        if (up == 0 || strcasestr(v, "xen"))
                return 0;
        if (upstream_compare(v, up, "2.6.39") >= 0)
                return evidence_add(k, EVIDENCE_VERSION, FLAVOR_PVOPS, source,
                                    "%.*s is 2.6.39 or later without a xen flavour (mainline Xen PV support)",
                                    (int)up, v);
        if (kernel_version_is_rhel6(v))
                return evidence_add(k, EVIDENCE_VERSION, FLAVOR_PVOPS, source, "RHEL 6 kernel (.el6)");
        return 0;
}

bool kernel_version_is_rhel6(const char *version)
{
        size_t up = version ? upstream_len(version) : 0;

        return up > 0 && mem_eq(version, up, "2.6.32") && strstr(version + up, ".el6");
}

int kernel_evidence_from_version(struct kernel *k)
{
        int r = version_evidence(k);

        return r < 0 ? r : 0;
}

/* ---- decision ---- */

int kernel_decide(struct kernel *k)
{
        const struct evidence *w = NULL;

        /* Insertion sort: stable, and the lists are short. */
        for (size_t i = 1; i < k->n_evidence; i++) {
                struct evidence e = k->evidence[i];
                size_t j = i;

                for (; j > 0 && k->evidence[j - 1].kind < e.kind; j--)
                        k->evidence[j] = k->evidence[j - 1];
                k->evidence[j] = e;
        }

        k->flavor = FLAVOR_UNKNOWN;
        for (size_t i = 0; i < k->n_evidence && !w; i++)
                if (k->evidence[i].says != FLAVOR_UNKNOWN)
                        w = &k->evidence[i];
        if (!w)
                return 0;
        k->flavor = w->says;

        for (const struct evidence *e = w + 1; e < k->evidence + k->n_evidence; e++) {
                _cleanup_free_ char *msg = NULL;
                int r;

                if (e->says == FLAVOR_UNKNOWN || e->says == w->says)
                        continue;
                if (e->kind != w->kind)
                        r = asprintf(&msg, "kernel %s: %s says %s but %s says %s (%s); the %s wins",
                                     version_or_unknown(k), evidence_kind_to_string(e->kind),
                                     kernel_flavor_to_string(e->says), w->source, kernel_flavor_to_string(w->says),
                                     w->detail, evidence_kind_to_string(w->kind));
                else
                        r = asprintf(&msg, "kernel %s: %s (%s) says %s but %s (%s) says %s; taking %s",
                                     version_or_unknown(k), e->source, e->detail, kernel_flavor_to_string(e->says),
                                     w->source, w->detail, kernel_flavor_to_string(w->says),
                                     kernel_flavor_to_string(w->says));
                if (r < 0) {
                        msg = NULL;
                        return -ENOMEM;
                }
                r = strv_push_unique(&k->warnings, msg);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---- inventory: guest file helpers ---- */

/* A tolerated failure of guest_resolve: the path leads nowhere usable. */
static bool resolve_miss(int r)
{
        return r == -ENOENT || r == -ENOTDIR || r == -ELOOP || r == -ENAMETOOLONG;
}

/*
 * Resolve a path to an existing file inside the root. 0 with *ret NULL when
 * it does not exist or cannot be resolved (a dangling link, a loop); the
 * message guest_resolve recorded for that is dropped.
 */
static int resolve_existing(const struct guest_root *g, const char *path, char **ret)
{
        _cleanup_free_ char *canonical = NULL;
        bool exists = false;
        int r;

        r = guest_resolve(g, path, &canonical, &exists);
        if (resolve_miss(r)) {
                error_clear();
                *ret = NULL;
                return 0;
        }
        if (r < 0)
                return r;
        *ret = exists ? TAKE_PTR(canonical) : NULL;
        return 0;
}

/* The type of an existing canonical path, without following a final symlink (there is none). */
static int stat_canonical(const struct guest_root *g, const char *canonical, struct stat *ret)
{
        _cleanup_close_ int fd = -1;
        int r;

        r = guest_open_canonical(g, canonical, O_PATH, 0, &fd);
        if (r < 0)
                return r;
        if (fstat(fd, ret) < 0)
                return negative_errno();
        return 0;
}

/* Whether path names a regular file (through symlinks inside the root). */
static int is_regular_file(const struct guest_root *g, const char *path, char **ret_canonical, bool *ret)
{
        _cleanup_free_ char *canonical = NULL;
        struct stat st;
        int r;

        *ret = false;
        r = resolve_existing(g, path, &canonical);
        if (r < 0 || !canonical)
                return r;
        r = stat_canonical(g, canonical, &st);
        if (r == -ENOENT || r == -ELOOP) {
                /* Changed since it was resolved: treat it as missing. */
                error_clear();
                return 0;
        }
        if (r < 0)
                return r;
        *ret = S_ISREG(st.st_mode);
        if (ret_canonical && *ret)
                *ret_canonical = TAKE_PTR(canonical);
        return 0;
}

/*
 * Read a guest file for evidence: *ret NULL when it is missing (a dangling
 * symlink included); unsafe files (FIFO, device, loop, too big) are an error.
 * No NUL or hard link check: the file is only read.
 */
static int read_evidence_file(const struct guest_root *g, const char *path, struct guest_file **ret)
{
        int r = guest_file_read_binary(g, path, GUEST_FILE_MAX, ret);

        if (r == -ENOENT) {
                error_clear();
                *ret = NULL;
                return 0;
        }
        return r;
}

/* Open a guest directory for listing: *ret_fd -1 when it does not exist. */
static int open_guest_dir(const struct guest_root *g, const char *path, int *ret_fd)
{
        _cleanup_free_ char *canonical = NULL;
        int r;

        *ret_fd = -1;
        r = resolve_existing(g, path, &canonical);
        if (r < 0 || !canonical)
                return r;
        return guest_open_canonical(g, canonical, O_RDONLY | O_DIRECTORY, 0, ret_fd);
}

/* A guest directory as a stream; *ret is NULL when it does not exist. */
static int open_guest_dirstream(const struct guest_root *g, const char *path, DIR **ret)
{
        int fd, r;

        *ret = NULL;
        r = open_guest_dir(g, path, &fd);
        if (r < 0 || fd < 0)
                return r;
        return fd_opendir(fd, ret);
}

/* ---- inventory: names ---- */

struct name_pattern {
        const char *prefix; /* file name before {version}, e.g. "vmlinuz-" */
        size_t prefix_len;
        const char *suffix; /* after {version} */
        size_t suffix_len;
};

#define VERSION_VAR "{version}"

static const char *const default_kernel_images[] = {
        "/boot/vmlinuz-" VERSION_VAR,
        "/boot/vmlinux-" VERSION_VAR,
        "/boot/kernel-" VERSION_VAR,
};

static const char *const default_initrd_images[] = {
        "/boot/initrd-" VERSION_VAR ".img",
        "/boot/initramfs-" VERSION_VAR ".img",
        "/boot/initrd.img-" VERSION_VAR,
        "/boot/initrd-" VERSION_VAR,
};

/* A template "/boot/NAME{version}SUFFIX" as a file name pattern in /boot; false for other forms. */
static bool pattern_from_template(const char *t, struct name_pattern *ret)
{
        const char *var = strstr(t, VERSION_VAR), *suffix;

        if (!var || !strneq(t, "/boot/", 6) || memchr(t + 6, '/', (size_t)(var - t - 6)))
                return false;
        suffix = var + strlen(VERSION_VAR);
        if (strchr(suffix, '/') || strstr(suffix, VERSION_VAR))
                return false;
        *ret = (struct name_pattern){
                .prefix = t + 6,
                .prefix_len = (size_t)(var - t - 6),
                .suffix = suffix,
                .suffix_len = strlen(suffix),
        };
        return true;
}

/* The image patterns: the profile's templates and the defaults. */
static int image_patterns(const struct profile *p, struct name_pattern **ret, size_t *ret_n)
{
        size_t n_profile = p ? p->kernel_images.n : 0, n = 0;
        struct name_pattern *v;

        v = calloc(n_profile + ARRAY_SIZE(default_kernel_images), sizeof(*v));
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < n_profile; i++)
                if (pattern_from_template(p->kernel_images.v[i], &v[n]))
                        n++;
        for (size_t i = 0; i < ARRAY_SIZE(default_kernel_images); i++)
                if (pattern_from_template(default_kernel_images[i], &v[n]))
                        n++;
        *ret = v;
        *ret_n = n;
        return 0;
}

/* A template without {version}, such as Arch's "/boot/vmlinuz-linux": one fixed path. */
static bool is_versionless(const char *t)
{
        return t[0] == '/' && !strchr(t, '{');
}

/*
 * The version in a file name by the most specific matching pattern (the
 * longest fixed part; the first of equals), or NULL. *ret_index says which.
 */
static const char *match_patterns(const struct name_pattern *v, size_t n, const char *name, size_t *ret_len,
                                  size_t *ret_index)
{
        size_t len = strlen(name), best = 0;
        const char *found = NULL;

        for (size_t i = 0; i < n; i++) {
                const struct name_pattern *p = &v[i];

                if (len <= p->prefix_len + p->suffix_len || memcmp(name, p->prefix, p->prefix_len) != 0 ||
                    !has_suffix(name, len, p->suffix))
                        continue;
                if (!found || p->prefix_len + p->suffix_len > best) {
                        best = p->prefix_len + p->suffix_len;
                        found = name + p->prefix_len;
                        *ret_len = len - p->prefix_len - p->suffix_len;
                        *ret_index = i;
                }
        }
        return found;
}

/* Whether a version taken from a file or directory name is a kernel worth listing. */
static bool version_acceptable(const char *v, size_t n)
{
        static const char *const skip_suffixes[] = {
                ".old", ".bak", ".orig", "~", ".gz", ".xz", ".bz2", ".zst", ".lzma", ".sig", ".hmac",
                ".asc", ".dpkg-old", ".dpkg-new", ".dpkg-tmp", ".dpkg-bak", ".dpkg-dist", ".rpmnew",
                ".rpmsave", ".rpmorig",
        };

        /* A kernel release (uname -r) starts with a digit: not "linux", "xen", "extramodules-3.3-ARCH". */
        if (n == 0 || n > NAME_MAX || !is_digit(v[0]))
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = v[i];

                if (!is_digit(c) && !is_alpha(c) && c != '.' && c != '_' && c != '+' && c != '~' && c != '-')
                        return false;
        }
        if (memmem(v, n, "kdump", 5) || (n >= 9 && memcmp(v, "0-rescue-", 9) == 0))
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(skip_suffixes); i++)
                if (has_suffix(v, n, skip_suffixes[i]))
                        return false;
        return true;
}

/* ---- inventory: the kernel list ---- */

struct kernel_list {
        struct kernel *v;
        size_t n;
};

static int kernel_list_get(struct kernel_list *l, const char *version, size_t len, struct kernel **ret)
{
        struct kernel *n;

        for (size_t i = 0; i < l->n; i++)
                if (mem_eq(version, len, l->v[i].version)) {
                        *ret = &l->v[i];
                        return 0;
                }
        if (l->n >= KERNEL_MAX) {
                error_set("'/boot', '/lib/modules': more than %d kernels, refusing to go on", KERNEL_MAX);
                return -E2BIG;
        }
        n = realloc(l->v, (l->n + 1) * sizeof(*n));
        if (!n)
                return -ENOMEM;
        l->v = n;
        kernel_init(&l->v[l->n]);
        l->v[l->n].version = strndup_or_null(version, len);
        if (!l->v[l->n].version)
                return -ENOMEM;
        *ret = &l->v[l->n++];
        return 0;
}

/*
 * Whether the symlink /boot/NAME only aliases another image (SUSE
 * vmlinuz-xen -> vmlinuz-2.6.32.12-0.7-xen): true when it cannot be resolved
 * inside the root, does not reach a regular file, or reaches a file whose
 * name is itself an image name.
 */
static int symlink_is_alias(const struct guest_root *g, const char *path, const struct name_pattern *pats,
                            size_t n_pats, bool *ret)
{
        _cleanup_free_ char *canonical = NULL;
        const char *base;
        size_t len, index;
        bool regular;
        int r;

        r = is_regular_file(g, path, &canonical, &regular);
        if (r < 0)
                return r;
        if (!regular) {
                *ret = true;
                return 0;
        }
        base = strrchr(canonical, '/') + 1;
        *ret = match_patterns(pats, n_pats, base, &len, &index) != NULL;
        return 0;
}

static int scan_boot(const struct guest_root *g, const struct profile *p, struct kernel_list *l)
{
        _cleanup_free_ struct name_pattern *pats = NULL;
        _cleanup_(closedirp) DIR *d = NULL;
        size_t n_pats;
        struct dirent *de;
        int r, fd;

        r = image_patterns(p, &pats, &n_pats);
        if (r < 0)
                return r;
        r = open_guest_dirstream(g, "/boot", &d);
        if (r < 0 || !d)
                return r;
        fd = dirfd(d);

        while ((de = fd_readdir(d, &r))) {
                _cleanup_free_ char *path = NULL;
                const char *version;
                struct kernel *k;
                struct stat st;
                size_t len, index, old_len, old_index;

                version = match_patterns(pats, n_pats, de->d_name, &len, &index);
                if (!version || !version_acceptable(version, len))
                        continue;
                if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue; /* gone meanwhile */
                if (asprintf(&path, "/boot/%s", de->d_name) < 0) {
                        path = NULL;
                        return -ENOMEM;
                }
                if (S_ISLNK(st.st_mode)) {
                        bool alias;

                        r = symlink_is_alias(g, path, pats, n_pats, &alias);
                        if (r < 0)
                                return r;
                        if (alias)
                                continue;
                } else if (!S_ISREG(st.st_mode))
                        continue;

                r = kernel_list_get(l, version, len, &k);
                if (r < 0)
                        return r;
                /* vmlinuz-VER and vmlinux-VER: readdir order is arbitrary, keep the earlier pattern's. */
                if (!k->image || !match_patterns(pats, n_pats, k->image + strlen("/boot/"), &old_len, &old_index) ||
                    index < old_index || (index == old_index && strcmp(path, k->image) < 0)) {
                        free(k->image);
                        k->image = TAKE_PTR(path);
                }
        }
        return r;
}

/*
 * Whether a /lib/modules entry is a kernel's module tree: it has a kernel/
 * directory or one of the index files depmod and the kernel's make
 * modules_install leave. An empty leftover of a removed kernel is not.
 */
static int modules_dir_populated(const struct guest_root *g, const char *dir, bool *ret)
{
        static const char *const markers[] = {
                "kernel", "modules.dep", "modules.dep.bin", "modules.order", "modules.builtin", "modules.alias",
        };

        for (size_t i = 0; i < ARRAY_SIZE(markers); i++) {
                _cleanup_free_ char *path = NULL, *canonical = NULL;
                int r;

                if (asprintf(&path, "%s/%s", dir, markers[i]) < 0) {
                        path = NULL;
                        return -ENOMEM;
                }
                r = resolve_existing(g, path, &canonical);
                if (r < 0)
                        return r;
                if (canonical) {
                        *ret = true;
                        return 0;
                }
        }
        *ret = false;
        return 0;
}

static int scan_modules(const struct guest_root *g, struct kernel_list *l)
{
        _cleanup_(closedirp) DIR *d = NULL;
        struct dirent *de;
        int r, fd;

        r = open_guest_dirstream(g, "/lib/modules", &d);
        if (r < 0 || !d)
                return r;
        fd = dirfd(d);

        while ((de = fd_readdir(d, &r))) {
                _cleanup_free_ char *path = NULL, *canonical = NULL;
                size_t len = strlen(de->d_name);
                bool populated;
                struct kernel *k;
                struct stat st;

                if (!version_acceptable(de->d_name, len))
                        continue;
                if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (asprintf(&path, "/lib/modules/%s", de->d_name) < 0) {
                        path = NULL;
                        return -ENOMEM;
                }
                if (S_ISLNK(st.st_mode)) {
                        /* A link to another directory inside the guest is fine. */
                        r = resolve_existing(g, path, &canonical);
                        if (r < 0)
                                return r;
                        if (!canonical)
                                continue;
                        r = stat_canonical(g, canonical, &st);
                        if (r == -ENOENT || r == -ELOOP) {
                                error_clear();
                                continue;
                        }
                        if (r < 0)
                                return r;
                }
                if (!S_ISDIR(st.st_mode))
                        continue;
                r = modules_dir_populated(g, path, &populated);
                if (r < 0)
                        return r;
                if (!populated)
                        continue;

                r = kernel_list_get(l, de->d_name, len, &k);
                if (r < 0)
                        return r;
                free(k->modules_dir);
                k->modules_dir = TAKE_PTR(path);
        }
        return r;
}

/* ---- inventory: images without a version in their name (Arch's /boot/vmlinuz-linux) ---- */

/* How much of an image is read for its setup header and version string. */
#define IMAGE_HEADER_MAX (64u * 1024u)

static unsigned le16(const unsigned char *p)
{
        return p[0] | (unsigned)p[1] << 8;
}

/*
 * The kernel release an x86 bzImage states in its setup header (boot
 * protocol 2.00 and later: "HdrS" at 0x202, the protocol version at 0x206,
 * at 0x20E the offset of the version string less 0x200), e.g. "3.3.7-1-ARCH
 * (builduser@...) #1 SMP ...": its first word. *ret NULL when the file is no
 * such image or the word is no acceptable version.
 */
static int image_header_version(const struct guest_root *g, const char *canonical, char **ret)
{
        _cleanup_free_ unsigned char *buf = NULL;
        _cleanup_close_ int fd = -1;
        size_t n = 0, off, len = 0;
        struct stat st;
        int r;

        *ret = NULL;
        r = guest_open_canonical(g, canonical, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, &fd);
        if (r == -ENOENT || r == -ELOOP) {
                error_clear(); /* changed since it was resolved */
                return 0;
        }
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode))
                return 0;
        buf = malloc(IMAGE_HEADER_MAX);
        if (!buf)
                return -ENOMEM;
        while (n < IMAGE_HEADER_MAX) {
                ssize_t k = read(fd, buf + n, IMAGE_HEADER_MAX - n);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return negative_errno();
                if (k == 0)
                        break;
                n += (size_t)k;
        }

        if (n < 0x210 || memcmp(buf + 0x202, "HdrS", 4) != 0 || le16(buf + 0x206) < 0x200)
                return 0;
        off = (size_t)le16(buf + 0x20E) + 0x200;
        while (off + len < n && len <= NAME_MAX && buf[off + len] != ' ' && buf[off + len] != '\0')
                len++;
        if (!version_acceptable((const char *)buf + off, len))
                return 0;
        *ret = strndup_or_null((const char *)buf + off, len);
        return *ret ? 0 : -ENOMEM;
}

/* Whether a kernel's image was found by a template without {version}. */
static bool image_versionless(const struct kernel *k)
{
        return k->image && !strstr(k->image, k->version);
}

/*
 * The profile's images without {version}: each is given to the kernel its
 * setup header names (a new kernel when /lib/modules has none), or else,
 * when just one such image is left over and just one kernel has no image,
 * to that kernel.
 */
static int scan_versionless(const struct guest_root *g, const struct profile *p, struct kernel_list *l)
{
        _cleanup_free_ char *orphan = NULL;
        struct kernel *without = NULL;
        size_t n_orphans = 0, n_without = 0;
        int r;

        for (size_t i = 0; p && i < p->kernel_images.n; i++) {
                _cleanup_free_ char *canonical = NULL, *version = NULL;
                const char *t = p->kernel_images.v[i];
                bool regular, taken = false;
                struct kernel *k;

                if (!is_versionless(t))
                        continue;
                for (size_t j = 0; j < l->n && !taken; j++)
                        taken = l->v[j].image && streq(l->v[j].image, t);
                if (taken)
                        continue;
                r = is_regular_file(g, t, &canonical, &regular);
                if (r < 0)
                        return r;
                if (!regular || strstr(strrchr(canonical, '/'), "kdump"))
                        continue;
                r = image_header_version(g, canonical, &version);
                if (r < 0)
                        return r;
                if (!version) {
                        if (n_orphans++ == 0 && !(orphan = strdup(t)))
                                return -ENOMEM;
                        continue;
                }
                r = kernel_list_get(l, version, strlen(version), &k);
                if (r < 0)
                        return r;
                if (!k->image && !(k->image = strdup(t)))
                        return -ENOMEM;
        }

        if (n_orphans != 1)
                return 0;
        for (size_t i = 0; i < l->n; i++)
                if (!l->v[i].image) {
                        without = &l->v[i];
                        n_without++;
                }
        if (n_without == 1)
                without->image = TAKE_PTR(orphan);
        return 0;
}

/* ---- inventory: per kernel ---- */

/*
 * The first initrd template, expanded with the exact version, that names a
 * regular file and no kdump image. Templates without {version} (Arch's
 * /boot/initramfs-linux.img) are only for the kernel with a versionless
 * image, and only when it is the only one (versionless_ok).
 */
static int find_initrd(const struct guest_root *g, const struct profile *p, bool versionless_ok, struct kernel *k)
{
        size_t n_profile = p ? p->initrd_images.n : 0;
        size_t n = n_profile ? n_profile : ARRAY_SIZE(default_initrd_images);

        for (int pass = 0; pass < 2; pass++) {
                for (size_t i = 0; i < n; i++) {
                        const char *t = n_profile ? p->initrd_images.v[i] : default_initrd_images[i];
                        _cleanup_free_ char *path = NULL, *canonical = NULL;
                        bool regular;
                        int r;

                        if (pass == 0 && strstr(t, VERSION_VAR)) {
                                r = profile_expand(t, k->version, NULL, &path);
                                if (r < 0)
                                        return r;
                        } else if (pass == 1 && versionless_ok && is_versionless(t)) {
                                path = strdup(t);
                                if (!path)
                                        return -ENOMEM;
                        } else
                                continue;
                        if (strstr(path, "kdump"))
                                continue;
                        r = is_regular_file(g, path, &canonical, &regular);
                        if (r < 0)
                                return r;
                        if (!regular || strstr(strrchr(canonical, '/'), "kdump"))
                                continue;
                        k->initrd = TAKE_PTR(path);
                        return 0;
                }
        }
        return 0;
}

static int config_evidence(const struct guest_root *g, struct kernel *k)
{
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        _cleanup_free_ char *path = NULL;
        int r;

        if (asprintf(&path, "/boot/config-%s", k->version) < 0) {
                path = NULL;
                return -ENOMEM;
        }
        r = read_evidence_file(g, path, &f);
        if (r < 0 || !f)
                return r;
        r = kernel_evidence_from_config(path, f->data, f->size, k);
        if (r < 0)
                return r;
        k->config = TAKE_PTR(path);
        return 0;
}

/* Index files libkmod may open by itself in the modules directory. */
static const char *const kmod_index_files[] = {
        "modules.dep.bin",         /* needed */
        "modules.alias.bin",       /* needed */
        "modules.symbols.bin",
        "modules.builtin.bin",
        "modules.builtin.alias.bin",
        "modules.builtin.modinfo", /* modinfo of built-in modules */
        "modules.softdep",
        "modules.weakdep",
};

/* The header of a libkmod index file: magic 0xB007F457, format version 2.1, big-endian. */
static const unsigned char kmod_index_header[8] = { 0xB0, 0x07, 0xF4, 0x57, 0x00, 0x02, 0x00, 0x01 };

/*
 * Whether an index file starts with the header libkmod reads. Opened through
 * the guest root (no symlink anywhere, O_NONBLOCK), and checked to be the
 * very file seen in the pinned directory (*st).
 */
static int kmod_index_header_ok(const struct guest_root *g, const char *canonical_dir, const char *name,
                                const struct stat *st, bool *ret)
{
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1;
        unsigned char buf[sizeof(kmod_index_header)];
        struct stat st2;
        ssize_t k;
        int r;

        *ret = false;
        if (asprintf(&path, "%s/%s", canonical_dir, name) < 0) {
                path = NULL;
                return -ENOMEM;
        }
        r = guest_open_canonical(g, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, &fd);
        if (r == -ENOENT || r == -ELOOP) {
                error_clear(); /* changed meanwhile: not for libkmod */
                return 0;
        }
        if (r < 0)
                return r;
        if (fstat(fd, &st2) < 0)
                return negative_errno();
        if (!S_ISREG(st2.st_mode) || st2.st_dev != st->st_dev || st2.st_ino != st->st_ino)
                return 0;
        do
                k = read(fd, buf, sizeof(buf));
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return negative_errno();
        *ret = (size_t)k == sizeof(buf) && memcmp(buf, kmod_index_header, sizeof(buf)) == 0;
        return 0;
}

/*
 * Whether libkmod may be let loose on the pinned modules directory: the
 * .bin indexes it needs are there, every .bin index there starts with the
 * header libkmod reads (its file reader does not check short reads: an empty
 * modules.builtin.bin, as depmod writes for kernels without modules.builtin,
 * has it compare bytes it never read), and every index file it might open is
 * a regular file (not a symlink it would follow with the host's meaning). A
 * FIFO, device, socket or directory among them is refused.
 */
static int kmod_indexes_usable(const struct guest_root *g, int dfd, const char *canonical_dir,
                               const char *modules_dir, bool *ret)
{
        bool usable = true;

        for (size_t i = 0; i < ARRAY_SIZE(kmod_index_files); i++) {
                const bool needed = i < 2; /* modules.dep.bin, modules.alias.bin */
                struct stat st;

                if (fstatat(dfd, kmod_index_files[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        int r = negative_errno();

                        if (r != -ENOENT) {
                                error_set("'%s/%s': cannot stat: %s", modules_dir, kmod_index_files[i],
                                          strerror(-r));
                                return r;
                        }
                        if (needed)
                                usable = false;
                        continue;
                }
                if (S_ISLNK(st.st_mode)) {
                        usable = false;
                        continue;
                }
                if (!S_ISREG(st.st_mode)) {
                        error_set("'%s/%s': is %s, refusing to read it", modules_dir, kmod_index_files[i],
                                  guest_file_type_name(st.st_mode));
                        return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;
                }
                if (usable && has_suffix(kmod_index_files[i], strlen(kmod_index_files[i]), ".bin")) {
                        bool ok;
                        int r = kmod_index_header_ok(g, canonical_dir, kmod_index_files[i], &st, &ok);

                        if (r < 0)
                                return r;
                        if (!ok)
                                usable = false;
                }
        }
        *ret = usable;
        return 0;
}

static void kmod_log_nothing(_unused_ void *data, _unused_ int priority, _unused_ const char *file,
                             _unused_ int line, _unused_ const char *fn, _unused_ const char *format,
                             _unused_ va_list args)
{
}

/*
 * Whether libkmod knows a module name as built in. Looked up by its own name,
 * a module of modules.dep comes back with a path; one found only in the
 * builtin indexes comes back without. (kmod_module_new_from_name_lookup()
 * says the same but needs libkmod 30; kmod_module_get_initstate() would look
 * at the host's /sys/module.)
 */
static int kmod_name_is_builtin(struct kmod_ctx *ctx, const char *name, bool *ret)
{
        _cleanup_(kmod_list_unrefp) struct kmod_list *list = NULL;
        int r;

        *ret = false;
        r = kmod_module_new_from_lookup(ctx, name, &list);
        if (r < 0)
                return r == -ENOMEM ? r : 0;
        for (struct kmod_list *it = list; it; it = kmod_list_next(list, it)) {
                _cleanup_(kmod_module_unrefp) struct kmod_module *mod = kmod_module_get_module(it);
                const char *n = mod ? kmod_module_get_name(mod) : NULL;

                if (n && streq(n, name) && !kmod_module_get_path(mod))
                        *ret = true;
        }
        return 0;
}

/*
 * One module libkmod found for xen:vbd. A module from modules.dep has a
 * path; one without a path is confirmed as built in by looking its name up.
 */
static int kmod_module_evidence(struct kmod_ctx *ctx, const char *dir, struct kmod_module *mod, struct kernel *k)
{
        const char *name = kmod_module_get_name(mod), *path = kmod_module_get_path(mod);
        size_t dir_len = strlen(dir);
        enum blk_module m;
        bool builtin;
        int r;

        if (!name || !is_plain_token(name, strlen(name)))
                return 0;
        m = blk_module_from_name(name, strlen(name));
        if (m == BLK_NONE)
                return 0;

        if (path) {
                /* Relative modules.dep entries come back as dir/entry; old depmods wrote guest paths. */
                if (strneq(path, dir, dir_len) && path[dir_len] == '/')
                        path += dir_len + 1;
                if (!is_plain_token(path, strlen(path)))
                        path = "?";
                r = evidence_add(k, EVIDENCE_MODULES, blk_module_says(m), k->modules_dir,
                                 "xen:vbd -> %s (libkmod: %s)%s", name, path, blk_module_note(m));
                if (r > 0 && m == BLK_XEN_BLKFRONT)
                        blkfront_set(k, 0);
                return r;
        }

        r = kmod_name_is_builtin(ctx, name, &builtin);
        if (r < 0)
                return r;
        if (builtin) {
                r = evidence_add(k, EVIDENCE_MODULES, blk_module_says(m), k->modules_dir,
                                 "xen:vbd -> %s (libkmod: built in)%s", name, blk_module_note(m));
                if (r > 0 && m == BLK_XEN_BLKFRONT)
                        blkfront_set(k, 1);
                return r;
        }
        return evidence_add(k, EVIDENCE_MODULES, blk_module_says(m), k->modules_dir,
                            "xen:vbd -> %s (libkmod: not in modules.dep nor built in)%s", name, blk_module_note(m));
}

/*
 * xen:vbd through libkmod. 1: done; 0: use the text indexes instead (no
 * /proc, no context, or an index libkmod wants is missing or unreadable).
 */
static int modules_evidence_libkmod(int dfd, struct kernel *k)
{
        _cleanup_(kmod_ctx_unrefp) struct kmod_ctx *ctx = NULL;
        _cleanup_(kmod_list_unrefp) struct kmod_list *list = NULL;
        const char *const no_config[] = { NULL };
        struct kmod_list *it;
        char dir[64];
        struct stat a, b;
        int r;

        snprintf(dir, sizeof(dir), "/proc/self/fd/%d", dfd);
        /* Without /proc the path would name nothing (or something else): use the text indexes. */
        if (stat(dir, &a) < 0 || fstat(dfd, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
                return 0;

        ctx = kmod_new(dir, no_config);
        if (!ctx)
                return 0;
        kmod_set_log_fn(ctx, kmod_log_nothing, NULL);

        r = kmod_module_new_from_lookup(ctx, "xen:vbd", &list);
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return 0; /* -ENOSYS: an index it wanted is missing or unreadable */

        for (it = list; it; it = kmod_list_next(list, it)) {
                _cleanup_(kmod_module_unrefp) struct kmod_module *mod = kmod_module_get_module(it);

                if (!mod)
                        continue;
                r = kmod_module_evidence(ctx, dir, mod, k);
                if (r < 0)
                        return r;
        }
        return 1;
}

static int modules_evidence_text(const struct guest_root *g, struct kernel *k)
{
        static const char *const names[] = { "modules.alias", "modules.builtin", "modules.dep" };

        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                _cleanup_(guest_file_freep) struct guest_file *f = NULL;
                _cleanup_free_ char *path = NULL;
                int r;

                if (asprintf(&path, "%s/%s", k->modules_dir, names[i]) < 0) {
                        path = NULL;
                        return -ENOMEM;
                }
                r = read_evidence_file(g, path, &f);
                if (r < 0)
                        return r;
                if (f) {
                        r = kernel_evidence_from_text_index(path, f->data, f->size, k);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

static int modules_evidence(const struct guest_root *g, struct kernel *k)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int dfd = -1;
        bool usable = false;
        int r;

        r = resolve_existing(g, k->modules_dir, &canonical);
        if (r < 0 || !canonical)
                return r;
        r = guest_open_canonical(g, canonical, O_PATH | O_DIRECTORY, 0, &dfd);
        if (r == -ENOENT || r == -ELOOP || r == -ENOTDIR) {
                error_clear(); /* changed since the listing */
                return 0;
        }
        if (r < 0)
                return r;

        r = kmod_indexes_usable(g, dfd, canonical, k->modules_dir, &usable);
        if (r < 0)
                return r;
        if (usable) {
                r = modules_evidence_libkmod(dfd, k);
                if (r != 0)
                        return r < 0 ? r : 0;
        }
        return modules_evidence_text(g, k);
}

static int files_evidence(const struct guest_root *g, struct kernel *k)
{
        static const char *const pvops[] = {
                "kernel/drivers/block/xen-blkfront.ko",
                "kernel/drivers/block/xen-blkfront.ko.xz",
                "kernel/drivers/block/xen-blkfront.ko.zst",
                "kernel/drivers/block/xen-blkfront.ko.gz",
        };
        _cleanup_free_ char *path = NULL, *canonical = NULL;
        int r;

        if (asprintf(&path, "%s/kernel/drivers/xen/blkfront/xenblk.ko", k->modules_dir) < 0) {
                path = NULL;
                return -ENOMEM;
        }
        r = resolve_existing(g, path, &canonical);
        if (r < 0)
                return r;
        if (canonical) {
                r = evidence_add(k, EVIDENCE_FILES, FLAVOR_XENLINUX, path,
                                 "kernel/drivers/xen/blkfront/xenblk.ko (the Xenlinux block frontend)");
                if (r < 0)
                        return r;
        }

        for (size_t i = 0; i < ARRAY_SIZE(pvops); i++) {
                free(path);
                free(canonical);
                canonical = NULL;
                if (asprintf(&path, "%s/%s", k->modules_dir, pvops[i]) < 0) {
                        path = NULL;
                        return -ENOMEM;
                }
                r = resolve_existing(g, path, &canonical);
                if (r < 0)
                        return r;
                if (canonical) {
                        r = evidence_add(k, EVIDENCE_FILES, FLAVOR_PVOPS, path, "%s (the pvops block frontend)",
                                         pvops[i]);
                        if (r > 0)
                                blkfront_set(k, 0);
                        return r < 0 ? r : 0;
                }
        }
        return 0;
}

static int kernel_gather(const struct guest_root *g, const struct profile *p, bool versionless_ok,
                         struct kernel *k)
{
        int r;

        r = find_initrd(g, p, versionless_ok && image_versionless(k), k);
        if (r >= 0)
                r = config_evidence(g, k);
        if (r >= 0 && k->modules_dir)
                r = modules_evidence(g, k);
        if (r >= 0 && k->modules_dir)
                r = files_evidence(g, k);
        if (r >= 0)
                r = kernel_evidence_from_version(k);
        if (r >= 0)
                r = kernel_decide(k);
        return r;
}

static int kernel_cmp(const void *a, const void *b)
{
        return kernel_version_compare(((const struct kernel *)a)->version, ((const struct kernel *)b)->version);
}

int kernel_inventory(const struct guest_root *g, const struct profile *p, struct kernel **ret, size_t *ret_n)
{
        struct kernel_list l = {0};
        size_t n_versionless = 0;
        int r;

        r = scan_boot(g, p, &l);
        if (r >= 0)
                r = scan_modules(g, &l);
        if (r >= 0)
                r = scan_versionless(g, p, &l);
        for (size_t i = 0; r >= 0 && i < l.n; i++)
                n_versionless += image_versionless(&l.v[i]);
        for (size_t i = 0; r >= 0 && i < l.n; i++)
                r = kernel_gather(g, p, n_versionless == 1, &l.v[i]);
        if (r < 0) {
                kernels_free(l.v, l.n);
                return r;
        }
        if (l.n > 1)
                qsort(l.v, l.n, sizeof(*l.v), kernel_cmp);
        *ret = l.v;
        *ret_n = l.n;
        return 0;
}
