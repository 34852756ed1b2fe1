/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Distribution detection (DESIGN §3 Facts, FACTS.md "Detect" lines).
 *
 * Every parser works on a length-delimited span of the file, never on a
 * NUL-terminated string, so a NUL byte or a missing final newline cannot make
 * it read past the data. Strings copied into struct distro are cleaned: bytes
 * that are not valid UTF-8 and control characters (NUL included) become '?',
 * so what the report prints or puts into JSON is always valid UTF-8.
 *
 * The formats, in the order distro_detect() tries them:
 *
 *   os-release      KEY=VALUE, VALUE optionally in "..." (with \ escapes) or
 *                   '...': ID, VERSION_ID, PRETTY_NAME, NAME, VERSION,
 *                   VERSION_CODENAME (UBUNTU_CODENAME, or "(...)" in VERSION).
 *   centos-release  one line "<product> release <version> (<codename>)",
 *   fedora-release  the product naming the id: "CentOS" centos, "Red Hat
 *   redhat-release  Enterprise Linux" rhel, "Scientific Linux" scientific,
 *                   "Fedora" fedora. RHEL 4's "(Nahant Update 8)" adds the
 *                   update as the minor version: "4.8", codename "Nahant".
 *   SuSE-release    line 1 the product ("SUSE Linux Enterprise Server" sles,
 *                   "... Desktop" sled, "openSUSE" / "SuSE Linux" /
 *                   "SUSE LINUX" opensuse), then "VERSION = 11",
 *                   "PATCHLEVEL = 1" ("11.1"), "CODENAME = Celadon".
 *   lsb-release     DISTRIB_ID=Ubuntu only (Debian and others fall through),
 *                   DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION.
 *   debian_version  "5.0.10" (codename from the major version), or
 *                   "lenny/sid" (testing: no version, codename "lenny").
 *   gentoo-release  "Gentoo Base System release 1.12.14".
 *   arch-release    anything, usually empty: arch, no version.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "distro.h"
#include "log.h"
#include "util.h"

#define OS_RELEASE "/etc/os-release"
#define CENTOS_RELEASE "/etc/centos-release"
#define FEDORA_RELEASE "/etc/fedora-release"
#define REDHAT_RELEASE "/etc/redhat-release"
#define SUSE_RELEASE "/etc/SuSE-release"
#define LSB_RELEASE "/etc/lsb-release"
#define DEBIAN_VERSION "/etc/debian_version"
#define GENTOO_RELEASE "/etc/gentoo-release"
#define ARCH_RELEASE "/etc/arch-release"

/* The order of this table is the contract of distro.h. */
static const char *const release_files[] = {
        OS_RELEASE,    CENTOS_RELEASE, FEDORA_RELEASE, REDHAT_RELEASE, SUSE_RELEASE,
        LSB_RELEASE,   DEBIAN_VERSION, GENTOO_RELEASE, ARCH_RELEASE,
};

/* A piece of the input: bytes s[0..n), not NUL-terminated. */
struct span {
        const char *s;
        size_t n;
};

static bool is_space(char c)
{
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
        return c >= 'a' && c <= 'z';
}

static struct span span_trim(struct span v)
{
        while (v.n > 0 && is_space(v.s[0]))
                v.s++, v.n--;
        while (v.n > 0 && is_space(v.s[v.n - 1]))
                v.n--;
        return v;
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

static bool span_eq_ascii_nocase(struct span v, const char *s)
{
        return v.n == strlen(s) && strncasecmp(v.s, s, v.n) == 0;
}

/* Where needle first occurs in v, or NULL. */
static const char *span_find(struct span v, const char *needle)
{
        return memmem(v.s, v.n, needle, strlen(needle));
}

/* The next line of *rest (its terminator excluded); false at the end of the data. */
static bool next_line(struct span *rest, struct span *ret)
{
        const char *nl;

        if (rest->n == 0)
                return false;
        nl = memchr(rest->s, '\n', rest->n);
        ret->s = rest->s;
        ret->n = nl ? (size_t)(nl - rest->s) : rest->n;
        rest->s += ret->n + (nl ? 1 : 0);
        rest->n -= ret->n + (nl ? 1 : 0);
        return true;
}

/* The first line that is not blank, trimmed; empty when there is none. */
static struct span first_line(struct span text)
{
        struct span l;

        while (next_line(&text, &l)) {
                l = span_trim(l);
                if (l.n > 0)
                        return l;
        }
        return (struct span){.s = text.s, .n = 0};
}

/*
 * The leading run of digits and dots of v, without a trailing dot: "5.8" from
 * "5.8 (Tikanga)", "11.4" from "11.4". Empty when v does not start with a digit.
 */
static struct span leading_version(struct span v)
{
        size_t n = 0;

        if (v.n == 0 || !is_digit(v.s[0]))
                return (struct span){.s = v.s, .n = 0};
        while (n < v.n && (is_digit(v.s[n]) || v.s[n] == '.'))
                n++;
        while (n > 0 && v.s[n - 1] == '.')
                n--;
        return (struct span){.s = v.s, .n = n};
}

/* A small decimal number ("1", "08"); false for anything else or more than 9 digits. */
static bool span_to_uint(struct span v, unsigned *ret)
{
        unsigned x = 0;

        if (v.n == 0 || v.n > 9)
                return false;
        for (size_t i = 0; i < v.n; i++) {
                if (!is_digit(v.s[i]))
                        return false;
                x = x * 10 + (unsigned)(v.s[i] - '0');
        }
        *ret = x;
        return true;
}

/* Length of the UTF-8 sequence a lead byte announces, 0 when it cannot lead one. */
static size_t utf8_lead_len(unsigned char c)
{
        if (c >= 0xC2 && c <= 0xDF)
                return 2;
        if (c >= 0xE0 && c <= 0xEF)
                return 3;
        if (c >= 0xF0 && c <= 0xF4)
                return 4;
        return 0;
}

/* Copy s[0..n) with every control character and every byte of invalid UTF-8 replaced by '?'. */
static int dup_clean(const char *s, size_t n, char **ret)
{
        char *d = strndup_or_null(s, n);

        if (!d)
                return -ENOMEM;
        for (size_t i = 0; i < n;) {
                unsigned char c = (unsigned char)d[i];
                size_t k;

                if (c < 0x80) {
                        if (c < 0x20 || c == 0x7F)
                                d[i] = '?';
                        i++;
                        continue;
                }
                k = utf8_lead_len(c);
                if (k > 0 && k <= n - i && utf8_valid(d + i, k)) {
                        i += k;
                        continue;
                }
                d[i++] = '?';
        }
        *ret = d;
        return 0;
}

static int set_field(char **field, struct span v)
{
        char *s;
        int r = dup_clean(v.s, v.n, &s);

        if (r < 0)
                return r;
        free(*field);
        *field = s;
        return 0;
}

static int set_field_str(char **field, const char *s)
{
        return set_field(field, (struct span){.s = s, .n = strlen(s)});
}

/* Set a field from a printf format; the arguments are cleaned like file bytes. */
static _printf_(2, 3) int set_field_printf(char **field, const char *fmt, ...)
{
        struct strbuf b = {0};
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = strbuf_vprintf(&b, fmt, ap);
        va_end(ap);
        if (r >= 0)
                r = set_field(field, (struct span){.s = b.s ? b.s : "", .n = b.len});
        strbuf_done(&b);
        return r;
}

/* Codename field: NULL for an empty value. */
static int set_codename(struct distro *d, struct span v)
{
        v = span_trim(v);
        if (v.n == 0)
                return 0;
        return set_field(&d->codename, v);
}

void distro_done(struct distro *d)
{
        if (!d)
                return;
        free(d->id);
        free(d->version);
        free(d->name);
        free(d->source);
        free(d->codename);
        *d = (struct distro){0};
}

/*
 * Complete an identified distro: the source, and "" / the id for a missing
 * version / name, so that id, version and name are never NULL.
 */
static int distro_finish(struct distro *d, const char *path)
{
        int r;

        if (!d->version) {
                r = set_field_str(&d->version, "");
                if (r < 0)
                        return r;
        }
        if (!d->name) {
                r = set_field_str(&d->name, d->id);
                if (r < 0)
                        return r;
        }
        return set_field_str(&d->source, path);
}

/*
 * "KEY=VALUE", "KEY = VALUE" (SuSE-release) or "export KEY=VALUE": the key
 * ([A-Za-z0-9_]+) and the raw value, trimmed, quotes still on. Comments and
 * lines of any other shape give false.
 */
static bool parse_assignment(struct span line, struct span *ret_key, struct span *ret_value)
{
        struct span key;
        size_t i = 0;

        line = span_trim(line);
        if (span_startswith(line, "export") && line.n > 6 && is_blank(line.s[6])) {
                line.s += 7, line.n -= 7;
                line = span_trim(line);
        }
        while (i < line.n && (is_digit(line.s[i]) || is_lower(line.s[i]) || line.s[i] == '_' ||
                              (line.s[i] >= 'A' && line.s[i] <= 'Z')))
                i++;
        if (i == 0)
                return false;
        key = (struct span){.s = line.s, .n = i};
        while (i < line.n && is_blank(line.s[i]))
                i++;
        if (i >= line.n || line.s[i] != '=')
                return false;
        i++;
        *ret_key = key;
        *ret_value = span_trim((struct span){.s = line.s + i, .n = line.n - i});
        return true;
}

/*
 * A shell-style value without its quotes: "..." (where \ escapes ", \, $ and
 * `), '...', or bare. An unterminated quote runs to the end of the line.
 */
static int unquote(struct span v, char **ret)
{
        _cleanup_free_ char *buf = NULL;
        size_t n = 0;
        char q;

        if (v.n == 0 || (v.s[0] != '"' && v.s[0] != '\''))
                return dup_clean(v.s, v.n, ret);

        buf = malloc(v.n + 1);
        if (!buf)
                return -ENOMEM;
        q = v.s[0];
        for (size_t i = 1; i < v.n; i++) {
                char c = v.s[i];

                if (c == q)
                        break;
                if (q == '"' && c == '\\' && i + 1 < v.n && v.s[i + 1] != '\0' && strchr("\"\\$`", v.s[i + 1]))
                        c = v.s[++i];
                buf[n++] = c;
        }
        return dup_clean(buf, n, ret);
}

/* The keys a KEY=VALUE release file is asked for, and their raw values (the last assignment wins). */
struct assignments {
        const char *const *keys;
        struct span *values;
        bool *set;
        size_t n;
};

static void scan_assignments(struct span text, struct assignments *a)
{
        struct span line, key, value;

        while (next_line(&text, &line)) {
                if (!parse_assignment(line, &key, &value))
                        continue;
                for (size_t k = 0; k < a->n; k++)
                        if (span_eq(key, a->keys[k])) {
                                a->values[k] = value;
                                a->set[k] = true;
                        }
        }
}

/* Unquoted value of key k, or NULL when unset or empty. */
static int assignment_value(const struct assignments *a, size_t k, char **ret)
{
        _cleanup_free_ char *s = NULL;
        int r;

        *ret = NULL;
        if (!a->set[k])
                return 0;
        r = unquote(a->values[k], &s);
        if (r < 0)
                return r;
        if (*s)
                *ret = TAKE_PTR(s);
        return 0;
}

/* os-release ids mapped to the ones the profiles use; the others are kept as written. */
static const char *os_release_id(const char *id)
{
        if (strneq(id, "opensuse", 8))
                return "opensuse"; /* "opensuse-leap", "opensuse-tumbleweed" */
        return id;
}

/* Whether an os-release ID is one: lowercase letters, digits, '.', '_' and '-'. */
static bool valid_id(const char *id)
{
        if (!*id)
                return false;
        for (const char *p = id; *p; p++)
                if (!is_lower(*p) && !is_digit(*p) && *p != '.' && *p != '_' && *p != '-')
                        return false;
        return true;
}

/* The text between the first '(' of v and the following ')' (or the end); empty when none. */
static struct span parenthesized(struct span v)
{
        const char *open = memchr(v.s, '(', v.n), *close;
        struct span in;

        if (!open)
                return (struct span){.s = v.s, .n = 0};
        in = (struct span){.s = open + 1, .n = v.n - (size_t)(open + 1 - v.s)};
        close = memchr(in.s, ')', in.n);
        if (close)
                in.n = (size_t)(close - in.s);
        return span_trim(in);
}

enum {
        OS_ID,
        OS_VERSION_ID,
        OS_PRETTY_NAME,
        OS_NAME,
        OS_VERSION,
        OS_VERSION_CODENAME,
        OS_UBUNTU_CODENAME,
        _OS_MAX,
};

static int parse_os_release(struct span text, struct distro *d)
{
        static const char *const keys[_OS_MAX] = {
                [OS_ID] = "ID",
                [OS_VERSION_ID] = "VERSION_ID",
                [OS_PRETTY_NAME] = "PRETTY_NAME",
                [OS_NAME] = "NAME",
                [OS_VERSION] = "VERSION",
                [OS_VERSION_CODENAME] = "VERSION_CODENAME",
                [OS_UBUNTU_CODENAME] = "UBUNTU_CODENAME",
        };
        struct span values[_OS_MAX] = {{0}};
        bool set[_OS_MAX] = {0};
        struct assignments a = {.keys = keys, .values = values, .set = set, .n = _OS_MAX};
        char *v[_OS_MAX] = {0};
        int r = 0;

        scan_assignments(text, &a);
        for (size_t k = 0; k < _OS_MAX && r >= 0; k++)
                r = assignment_value(&a, k, &v[k]);
        if (r < 0)
                goto finish;

        if (!v[OS_ID]) {
                r = 0;
                goto finish;
        }
        for (char *p = v[OS_ID]; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p - 'A' + 'a');
        if (!valid_id(v[OS_ID])) {
                r = 0;
                goto finish;
        }

        r = set_field_str(&d->id, os_release_id(v[OS_ID]));
        if (r >= 0 && v[OS_VERSION_ID])
                r = set_field_str(&d->version, v[OS_VERSION_ID]);
        if (r >= 0) {
                if (v[OS_PRETTY_NAME])
                        r = set_field_str(&d->name, v[OS_PRETTY_NAME]);
                else if (v[OS_NAME] && v[OS_VERSION])
                        r = set_field_printf(&d->name, "%s %s", v[OS_NAME], v[OS_VERSION]);
                else if (v[OS_NAME])
                        r = set_field_str(&d->name, v[OS_NAME]);
        }
        if (r >= 0) {
                if (v[OS_VERSION_CODENAME])
                        r = set_field_str(&d->codename, v[OS_VERSION_CODENAME]);
                else if (v[OS_UBUNTU_CODENAME])
                        r = set_field_str(&d->codename, v[OS_UBUNTU_CODENAME]);
                else if (v[OS_VERSION])
                        r = set_codename(d, parenthesized((struct span){.s = v[OS_VERSION],
                                                                        .n = strlen(v[OS_VERSION])}));
        }
        if (r >= 0)
                r = 1;
finish:
        for (size_t k = 0; k < _OS_MAX; k++)
                free(v[k]);
        return r;
}

/* centos-release, fedora-release, redhat-release: the product decides the id. */
static int parse_redhat_family(struct span text, struct distro *d)
{
        static const struct {
                const char *prefix;
                const char *id;
        } products[] = {
                {"CentOS", "centos"}, /* "CentOS release 5.8", "CentOS Linux release 7.9.2009" */
                {"Red Hat Enterprise Linux", "rhel"},
                {"Scientific Linux", "scientific"}, /* "Scientific Linux SL release 5.5", "... CERN SLC ..." */
                {"Fedora", "fedora"},               /* "Fedora release 14", "Fedora Core release 6" */
        };
        struct span line = first_line(text), version = {.s = line.s, .n = 0}, paren, update = {0};
        const char *id = NULL, *rel, *u;
        unsigned upd;
        int r;

        for (size_t i = 0; i < ARRAY_SIZE(products) && !id; i++)
                if (span_startswith(line, products[i].prefix))
                        id = products[i].id;
        if (!id)
                return 0;

        rel = span_find(line, " release ");
        if (rel) {
                struct span after = {.s = rel + 9, .n = line.n - (size_t)(rel + 9 - line.s)};

                version = leading_version(span_trim(after));
                paren = parenthesized((struct span){.s = version.s + version.n,
                                                    .n = line.n - (size_t)(version.s + version.n - line.s)});
        } else
                paren = parenthesized(line);

        /* RHEL 4: "(Nahant Update 8)" is 4.8. */
        u = span_find(paren, " Update ");
        if (u) {
                update = span_trim((struct span){.s = u + 8, .n = paren.n - (size_t)(u + 8 - paren.s)});
                paren.n = (size_t)(u - paren.s);
        }

        r = set_field_str(&d->id, id);
        if (r < 0)
                return r;
        if (update.n > 0 && version.n > 0 && !memchr(version.s, '.', version.n) && span_to_uint(update, &upd))
                r = set_field_printf(&d->version, "%.*s.%u", (int)version.n, version.s, upd);
        else
                r = set_field(&d->version, version);
        if (r < 0)
                return r;
        r = set_field(&d->name, line);
        if (r < 0)
                return r;
        r = set_codename(d, paren);
        if (r < 0)
                return r;
        return 1;
}

enum {
        SUSE_VERSION,
        SUSE_PATCHLEVEL,
        SUSE_CODENAME,
        _SUSE_MAX,
};

static int parse_suse_release(struct span text, struct distro *d)
{
        static const char *const keys[_SUSE_MAX] = {
                [SUSE_VERSION] = "VERSION",
                [SUSE_PATCHLEVEL] = "PATCHLEVEL",
                [SUSE_CODENAME] = "CODENAME",
        };
        struct span values[_SUSE_MAX] = {{0}};
        bool set[_SUSE_MAX] = {0};
        struct assignments a = {.keys = keys, .values = values, .set = set, .n = _SUSE_MAX};
        struct span product = first_line(text), version = {0};
        const char *id;
        unsigned level = 0;
        int r;

        if (span_startswith(product, "SUSE Linux Enterprise ") || span_startswith(product, "SUSE LINUX Enterprise "))
                id = span_startswith((struct span){.s = product.s + 22, .n = product.n - 22}, "Desktop") ? "sled"
                                                                                                        : "sles";
        else if (span_startswith(product, "openSUSE") || span_startswith(product, "SuSE Linux") ||
                 span_startswith(product, "SUSE LINUX") || span_startswith(product, "SUSE Linux"))
                id = "opensuse";
        else
                return 0;

        scan_assignments(text, &a);
        if (set[SUSE_VERSION])
                version = leading_version(values[SUSE_VERSION]);
        if (version.n == 0) {
                /* No VERSION line: the first number of the product line, "SuSE Linux 10.1 (i586)". */
                struct span rest = product, word;

                while (rest.n > 0 && version.n == 0) {
                        size_t n = 0;

                        while (n < rest.n && !is_blank(rest.s[n]))
                                n++;
                        word = (struct span){.s = rest.s, .n = n};
                        version = leading_version(word);
                        if (version.n != word.n)
                                version.n = 0; /* "x86_64)" or "11x": not a version */
                        rest.s += n, rest.n -= n;
                        rest = span_trim(rest);
                }
        }
        if (set[SUSE_PATCHLEVEL] && !span_to_uint(values[SUSE_PATCHLEVEL], &level))
                level = 0;

        r = set_field_str(&d->id, id);
        if (r < 0)
                return r;
        if (level > 0 && version.n > 0 && !memchr(version.s, '.', version.n))
                r = set_field_printf(&d->version, "%.*s.%u", (int)version.n, version.s, level);
        else
                r = set_field(&d->version, version);
        if (r < 0)
                return r;
        r = set_field(&d->name, product);
        if (r < 0)
                return r;
        if (set[SUSE_CODENAME]) {
                r = set_codename(d, values[SUSE_CODENAME]);
                if (r < 0)
                        return r;
        }
        return 1;
}

enum {
        LSB_ID,
        LSB_RELEASE_KEY,
        LSB_CODENAME,
        LSB_DESCRIPTION,
        _LSB_MAX,
};

static int parse_lsb_release(struct span text, struct distro *d)
{
        static const char *const keys[_LSB_MAX] = {
                [LSB_ID] = "DISTRIB_ID",
                [LSB_RELEASE_KEY] = "DISTRIB_RELEASE",
                [LSB_CODENAME] = "DISTRIB_CODENAME",
                [LSB_DESCRIPTION] = "DISTRIB_DESCRIPTION",
        };
        struct span values[_LSB_MAX] = {{0}};
        bool set[_LSB_MAX] = {0};
        struct assignments a = {.keys = keys, .values = values, .set = set, .n = _LSB_MAX};
        char *v[_LSB_MAX] = {0};
        int r = 0;

        scan_assignments(text, &a);
        for (size_t k = 0; k < _LSB_MAX && r >= 0; k++)
                r = assignment_value(&a, k, &v[k]);
        if (r < 0)
                goto finish;
        /* Only Ubuntu: Debian's lsb-release (when there is one) says less than debian_version. */
        if (!v[LSB_ID] || !span_eq_ascii_nocase((struct span){.s = v[LSB_ID], .n = strlen(v[LSB_ID])}, "Ubuntu")) {
                r = 0;
                goto finish;
        }

        r = set_field_str(&d->id, "ubuntu");
        if (r >= 0 && v[LSB_RELEASE_KEY])
                r = set_field_str(&d->version, v[LSB_RELEASE_KEY]);
        if (r >= 0) {
                if (v[LSB_DESCRIPTION])
                        r = set_field_str(&d->name, v[LSB_DESCRIPTION]);
                else if (v[LSB_RELEASE_KEY])
                        r = set_field_printf(&d->name, "Ubuntu %s", v[LSB_RELEASE_KEY]);
                else
                        r = set_field_str(&d->name, "Ubuntu");
        }
        if (r >= 0 && v[LSB_CODENAME])
                r = set_field_str(&d->codename, v[LSB_CODENAME]);
        if (r >= 0)
                r = 1;
finish:
        for (size_t k = 0; k < _LSB_MAX; k++)
                free(v[k]);
        return r;
}

/* Debian release codenames by major version (3.0 and 3.1 by minor). */
static const char *debian_codename(struct span version)
{
        static const char *const by_major[] = {
                [4] = "etch",    [5] = "lenny",  [6] = "squeeze",   [7] = "wheezy",   [8] = "jessie",
                [9] = "stretch", [10] = "buster", [11] = "bullseye", [12] = "bookworm", [13] = "trixie",
        };
        const char *dot = memchr(version.s, '.', version.n);
        struct span major = {.s = version.s, .n = dot ? (size_t)(dot - version.s) : version.n};
        unsigned m;

        if (!span_to_uint(major, &m))
                return NULL;
        if (m == 3 && dot) {
                struct span rest = {.s = dot + 1, .n = version.n - major.n - 1};

                if (span_startswith(rest, "0"))
                        return "woody";
                if (span_startswith(rest, "1"))
                        return "sarge";
                return NULL;
        }
        return m < ARRAY_SIZE(by_major) ? by_major[m] : NULL;
}

static bool all_lower(struct span v)
{
        if (v.n == 0)
                return false;
        for (size_t i = 0; i < v.n; i++)
                if (!is_lower(v.s[i]))
                        return false;
        return true;
}

static int parse_debian_version(struct span text, struct distro *d)
{
        struct span line = first_line(text), version = {.s = line.s, .n = 0}, codename = {0};
        const char *slash;
        int r;

        if (line.n > 0 && is_digit(line.s[0])) {
                /* "5.0.10": the first word is the version. */
                while (version.n < line.n && !is_blank(line.s[version.n]))
                        version.n++;
        } else if ((slash = memchr(line.s, '/', line.n))) {
                /* "lenny/sid": testing, named after the next release. */
                codename = (struct span){.s = line.s, .n = (size_t)(slash - line.s)};
        } else {
                /* "sid", "trixie". */
                codename = line;
        }

        r = set_field_str(&d->id, "debian");
        if (r < 0)
                return r;
        r = set_field(&d->version, version);
        if (r < 0)
                return r;
        if (line.n > 0)
                r = set_field_printf(&d->name, "Debian GNU/Linux %.*s", (int)line.n, line.s);
        else
                r = set_field_str(&d->name, "Debian GNU/Linux");
        if (r < 0)
                return r;
        if (version.n > 0) {
                const char *c = debian_codename(leading_version(version));

                if (c)
                        r = set_field_str(&d->codename, c);
        } else if (all_lower(codename))
                r = set_field(&d->codename, codename);
        if (r < 0)
                return r;
        return 1;
}

static int parse_gentoo_release(struct span text, struct distro *d)
{
        struct span line = first_line(text), version = {.s = line.s, .n = 0};
        const char *at = span_find(line, " release ");
        int r;

        if (!at)
                at = span_find(line, " version ");
        if (at) {
                struct span after = {.s = at + 9, .n = line.n - (size_t)(at + 9 - line.s)};

                version = leading_version(span_trim(after));
        }

        r = set_field_str(&d->id, "gentoo");
        if (r < 0)
                return r;
        r = set_field(&d->version, version);
        if (r < 0)
                return r;
        if (line.n > 0)
                r = set_field(&d->name, line);
        else
                r = set_field_str(&d->name, "Gentoo");
        if (r < 0)
                return r;
        return 1;
}

static int parse_arch_release(struct span text, struct distro *d)
{
        int r = set_field_str(&d->id, "arch");

        if (r < 0)
                return r;
        r = set_field_str(&d->name, "Arch Linux");
        if (r < 0)
                return r;
        return 1;
}

int distro_parse(const char *path, const char *data, size_t size, struct distro *ret)
{
        static const struct {
                const char *path;
                int (*parse)(struct span text, struct distro *d);
        } formats[] = {
                {OS_RELEASE, parse_os_release},           {"/usr/lib/os-release", parse_os_release},
                {CENTOS_RELEASE, parse_redhat_family},    {FEDORA_RELEASE, parse_redhat_family},
                {REDHAT_RELEASE, parse_redhat_family},    {SUSE_RELEASE, parse_suse_release},
                {LSB_RELEASE, parse_lsb_release},         {DEBIAN_VERSION, parse_debian_version},
                {GENTOO_RELEASE, parse_gentoo_release},   {ARCH_RELEASE, parse_arch_release},
        };
        _cleanup_(distro_done) struct distro d = {0};
        struct span text = {.s = data ? data : "", .n = data ? size : 0};
        int r = -EINVAL;

        if (!path || !ret || (!data && size > 0))
                return -EINVAL;
        for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
                if (streq(path, formats[i].path)) {
                        r = formats[i].parse(text, &d);
                        break;
                }
        if (r <= 0)
                return r;
        r = distro_finish(&d, path);
        if (r < 0)
                return r;
        *ret = d;
        d = (struct distro){0};
        return 1;
}

/*
 * Read one release file and parse it: 1 identified, 0 absent or not
 * identifying, -errno when it cannot be read safely. A missing file (or a
 * dangling symlink: /etc/os-release -> ../usr/lib/os-release with /usr not
 * mounted) counts as absent. The file is read without guest_file_read()'s
 * NUL and hard link checks: those protect a rewrite, and a release file is
 * only read (rpm-ostree trees hard-link it). FIFOs, devices, directories,
 * symlink loops and oversized files are refused as everywhere.
 */
static int detect_one(const struct guest_root *g, const char *path, struct distro *ret)
{
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        int r;

        error_clear();
        r = guest_file_read_binary(g, path, GUEST_FILE_MAX, &f);
        if (r == -ENOENT) {
                error_clear();
                return 0;
        }
        if (r < 0) {
                error_set_if_unset("'%s': cannot read: %s", path, strerror(-r));
                return r;
        }
        return distro_parse(path, f->data, f->size, ret);
}

/* Debian's os-release says "7" (or nothing) where debian_version says "7.11". */
static bool needs_debian_version(const struct distro *d)
{
        return streq(d->id, "debian") && !strchr(d->version, '.');
}

int distro_detect(const struct guest_root *g, struct distro *ret)
{
        _cleanup_(distro_done) struct distro d = {0};
        int r = 0;

        if (!g || !ret)
                return -EINVAL;

        for (size_t i = 0; i < ARRAY_SIZE(release_files) && r == 0; i++) {
                r = detect_one(g, release_files[i], &d);
                if (r < 0)
                        return r;
                if (r > 0 && streq(release_files[i], OS_RELEASE) && needs_debian_version(&d)) {
                        _cleanup_(distro_done) struct distro dv = {0};
                        int k = detect_one(g, DEBIAN_VERSION, &dv);

                        if (k < 0)
                                return k;
                        if (k > 0 && *dv.version) {
                                distro_done(&d);
                                d = dv;
                                dv = (struct distro){0};
                        }
                }
        }

        if (r == 0) {
                r = set_field_str(&d.id, "unknown");
                if (r >= 0)
                        r = set_field_str(&d.version, "");
                if (r >= 0)
                        r = set_field_str(&d.name, "unknown");
                if (r < 0)
                        return r;
        }
        *ret = d;
        d = (struct distro){0};
        return 0;
}
