/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Per-distro profiles: parsing, inheritance and selection.
 *
 * The INI structure (sections, keys, comment lines) is handled by inih,
 * through ini_parse_stream() with our own line reader. The reader exists
 * because of three properties of inih that the format must not inherit:
 *
 *  - it reads into a fixed line buffer (200 bytes in common builds), and a
 *    longer line comes back in pieces that are parsed as separate lines;
 *    getty job templates are longer than that;
 *  - it treats an indented line after a key as a continuation of the value,
 *    and "key: value" like "key = value";
 *  - its handler is told the line number only in builds with
 *    INI_HANDLER_LINENO, and our errors must name the line.
 *
 * So the reader numbers the lines, checks each one (bytes, section header,
 * "key = value" shape), takes the value out itself (one rule for every line
 * length: text after the first '=', cut at a ';' that follows a blank, then
 * trimmed), and hands inih a short normalised line: "[section]" or "key=".
 * The handler gets the section and key from inih and the value from the
 * reader. The reader stops the parse (returns NULL, as at end of file) on the
 * first error.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "config.h"
#include "log.h"
#include "profile.h"

#define PROFILE_SUFFIX ".profile"
#define PROFILE_NAME_MAX 64
#define KEY_MAX 64
#define SYSCONF_PROFILE_DIR "/etc/domufix/profiles.d"
#define INSTALLED_PROFILE_DIR DATADIR "/profiles"
#define NO_DIR SIZE_MAX

/* ---------------------------------------------------------------------- */
/* The keys */

enum key_type {
        KT_NAME,     /* a profile name */
        KT_TEXT,     /* free text, empty = NULL */
        KT_NAMES,    /* a list of profile names */
        KT_WORDS,    /* a list of words */
        KT_PRIORITY, /* an integer in [PROFILE_PRIORITY_MIN, PROFILE_PRIORITY_MAX] */
        KT_INIT,     /* enum init_system */
        KT_PATH,     /* one absolute path, empty = NULL */
        KT_PATHS,    /* a list of absolute paths (templates) */
        KT_TEMPLATE, /* text with escapes, empty = NULL */
        KT_COMMAND,  /* a command line, empty = NULL */
        KT_TOOL,     /* an initrd tool name */
        KT_BOOL,     /* yes | no */
        KT_SHIFT,    /* 0 | 4 */
};

enum {
        PH_VERSION = 1u << 0,
        PH_INITRD = 1u << 1,
        PH_TTY = 1u << 2,
};

struct key {
        const char *section;
        const char *name;
        enum key_type type;
        size_t offset;
        unsigned placeholders; /* PH_* allowed in the value */
        bool inherited;
};

#define KEY(s, n, t, field, ph, inh) {s, n, t, offsetof(struct profile, field), ph, inh}

static const struct key keys[] = {
        KEY("profile", "name", KT_NAME, name, 0, false),
        KEY("profile", "description", KT_TEXT, description, 0, false),
        KEY("profile", "inherit", KT_NAMES, inherits, 0, false),
        KEY("profile", "priority", KT_PRIORITY, priority, 0, false),
        KEY("match", "id", KT_WORDS, match_ids, 0, false),
        KEY("match", "version", KT_WORDS, match_versions, 0, false),
        KEY("init", "system", KT_INIT, init, 0, true),
        KEY("init", "getty-file", KT_PATH, getty_file, 0, true),
        KEY("init", "getty-template", KT_TEMPLATE, getty_template, PH_TTY, true),
        KEY("init", "console-getty-automatic", KT_BOOL, console_getty_auto, 0, true),
        KEY("login", "securetty", KT_PATH, securetty, 0, true),
        KEY("boot", "grub-legacy", KT_PATHS, grub_legacy_files, 0, true),
        KEY("boot", "grub2-default", KT_PATH, grub2_default, 0, true),
        KEY("boot", "grub2-cfg", KT_PATH, grub2_cfg, 0, true),
        KEY("boot", "sysconfig-bootloader", KT_PATH, sysconfig_bootloader, 0, true),
        KEY("boot", "device-map", KT_PATH, device_map, 0, true),
        KEY("boot", "grub-update", KT_COMMAND, grub_update, 0, true),
        KEY("initrd", "tool", KT_TOOL, initrd_tool, 0, true),
        KEY("initrd", "modules-file", KT_PATH, initrd_modules_file, 0, true),
        KEY("initrd", "rebuild", KT_COMMAND, initrd_rebuild, PH_VERSION | PH_INITRD, true),
        KEY("initrd", "images", KT_PATHS, initrd_images, PH_VERSION, true),
        KEY("initrd", "modules-dir", KT_PATH, initrd_modules_dir, 0, true),
        KEY("initrd", "chroot-binds", KT_PATHS, initrd_chroot_binds, 0, true),
        KEY("initrd", "chroot-prepare", KT_COMMAND, initrd_chroot_prepare, 0, true),
        KEY("kernel", "disk-letter-shift", KT_SHIFT, sd_shift, 0, true),
        KEY("kernel", "images", KT_PATHS, kernel_images, PH_VERSION, true),
};

/* One bit per key in struct parsed's set. */
_Static_assert(ARRAY_SIZE(keys) <= 32, "too many keys for a uint32_t mask");

static const char *const sections[] = {"profile", "match", "init", "login", "boot", "initrd", "kernel"};

static const char *const initrd_tools[] = {
        "none", "mkinitrd-redhat", "dracut", "initramfs-tools", "mkinitrd-suse", "mkinitcpio", "genkernel",
};

static const char *const init_names[] = {
        [INIT_UNKNOWN] = "unknown",
        [INIT_SYSVINIT] = "sysvinit",
        [INIT_UPSTART_EVENTD] = "upstart-event.d",
        [INIT_UPSTART_INIT] = "upstart-init",
        [INIT_SYSTEMD] = "systemd",
};

const char *init_system_to_string(enum init_system i)
{
        if ((size_t)i >= ARRAY_SIZE(init_names))
                return "unknown";
        return init_names[i];
}

static const struct key *key_find(const char *section, const char *name)
{
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
                if (streq(keys[i].section, section) && streq(keys[i].name, name))
                        return &keys[i];
        return NULL;
}

static uint32_t key_bit(const struct key *k)
{
        return UINT32_C(1) << (k - keys);
}

/* ---------------------------------------------------------------------- */
/* A parsed file with what inheritance needs to know about it. */

struct parsed {
        struct profile *p;
        uint32_t set;         /* the keys written in the file (or taken from a parent) */
        unsigned name_line;   /* line of "name", for the file name check */
        unsigned inherit_line;
        unsigned version_line;
};

static void parsed_done(struct parsed *x)
{
        x->p = profile_free(x->p);
}

struct profile *profile_free(struct profile *p)
{
        if (!p)
                return NULL;
        free(p->name);
        free(p->file);
        free(p->description);
        strv_done(&p->inherits);
        strv_done(&p->match_ids);
        strv_done(&p->match_versions);
        free(p->getty_file);
        free(p->getty_template);
        free(p->securetty);
        strv_done(&p->grub_legacy_files);
        free(p->grub2_default);
        free(p->grub2_cfg);
        free(p->sysconfig_bootloader);
        free(p->device_map);
        free(p->grub_update);
        free(p->initrd_tool);
        free(p->initrd_modules_file);
        free(p->initrd_rebuild);
        strv_done(&p->initrd_images);
        free(p->initrd_modules_dir);
        strv_done(&p->initrd_chroot_binds);
        free(p->initrd_chroot_prepare);
        strv_done(&p->kernel_images);
        free(p);
        return NULL;
}

/* ---------------------------------------------------------------------- */
/* Small text helpers */

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

/* 1 to max ASCII letters, digits, '.', '_' and '-'. */
static bool word_valid(const char *s, size_t len, size_t max)
{
        if (len == 0 || len > max)
                return false;
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];

                if (!(isascii(c) && (isalnum(c) || c == '.' || c == '_' || c == '-')))
                        return false;
        }
        return true;
}

/* A profile name is also a file name: no leading '.' (hidden, "..") or '-' (an option). */
static bool profile_name_valid(const char *s, size_t len)
{
        return word_valid(s, len, PROFILE_NAME_MAX) && s[0] != '.' && s[0] != '-';
}

static bool key_name_valid(const char *s, size_t len)
{
        return word_valid(s, len, KEY_MAX);
}

/* Split on blanks into sv (which must be empty). */
static int split_words(const char *s, size_t len, struct strv *sv)
{
        size_t i = 0;

        while (i < len) {
                size_t start;
                int r;

                while (i < len && is_blank(s[i]))
                        i++;
                if (i >= len)
                        break;
                start = i;
                while (i < len && !is_blank(s[i]))
                        i++;
                r = strv_push_take(sv, strndup_or_null(s + start, i - start));
                if (r < 0)
                        return r;
        }
        return 0;
}

/*
 * Find the first placeholder "{name}" (name: one or more of a-z) in s.
 * Returns its start or NULL; *ret_len is its length with the braces.
 */
static const char *placeholder_next(const char *s, size_t *ret_len)
{
        for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
                size_t n = 1;

                while (p[n] >= 'a' && p[n] <= 'z')
                        n++;
                if (n > 1 && p[n] == '}') {
                        *ret_len = n + 1;
                        return p;
                }
        }
        return NULL;
}

static unsigned placeholder_kind(const char *p, size_t len)
{
        if (len == 9 && strneq(p, "{version}", 9))
                return PH_VERSION;
        if (len == 8 && strneq(p, "{initrd}", 8))
                return PH_INITRD;
        if (len == 5 && strneq(p, "{tty}", 5))
                return PH_TTY;
        return 0;
}

static void placeholders_describe(unsigned allowed, char *buf, size_t size)
{
        snprintf(buf, size, "%s%s%s%s", allowed ? "allowed:" : "no placeholders are allowed here",
                 allowed & PH_VERSION ? " {version}" : "", allowed & PH_INITRD ? " {initrd}" : "",
                 allowed & PH_TTY ? " {tty}" : "");
}

/* ---------------------------------------------------------------------- */
/* The parser */

struct parse_state {
        const char *file;
        const char *data;
        size_t size;
        size_t pos;
        unsigned line;
        char section[16]; /* the current section, "" before the first */

        /* The value of the key line last handed to inih. */
        const char *value;
        size_t value_len;

        struct parsed *out;
        int r; /* the first error */
};

static _printf_(2, 3) void parse_fail(struct parse_state *st, const char *fmt, ...)
{
        char msg[768];
        va_list ap;

        if (st->r < 0)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        error_set("'%s' line %u: %s", st->file, st->line, msg);
        st->r = -EINVAL;
}

static void parse_oom(struct parse_state *st)
{
        if (st->r >= 0)
                st->r = -ENOMEM;
}

static void bad_value(struct parse_state *st, const struct key *k, const char *v, size_t len,
                      const char *expected)
{
        parse_fail(st, "bad value '%.*s' for %s in [%s] (expected %s)", (int)len, v, k->name, k->section,
                   expected);
}

/* Check the placeholders of a value; true when they are all allowed. */
static bool check_placeholders(struct parse_state *st, const struct key *k, const char *s)
{
        const char *p;
        size_t len;

        for (p = placeholder_next(s, &len); p; p = placeholder_next(p + len, &len)) {
                char allowed[64];

                if (placeholder_kind(p, len) & k->placeholders)
                        continue;
                placeholders_describe(k->placeholders, allowed, sizeof(allowed));
                parse_fail(st, "unknown placeholder %.*s in %s in [%s] (%s)", (int)len, p, k->name, k->section,
                           allowed);
                return false;
        }
        return true;
}

/* Decode \n \t \\ \; in a template. */
static int unescape(struct parse_state *st, const struct key *k, const char *v, size_t len, char **ret)
{
        struct strbuf b = {0};
        int r = 0;

        for (size_t i = 0; i < len && r >= 0; i++) {
                char c = v[i];

                if (c != '\\') {
                        r = strbuf_putc(&b, c);
                        continue;
                }
                if (++i >= len) {
                        parse_fail(st, "unfinished escape at the end of %s in [%s]", k->name, k->section);
                        strbuf_done(&b);
                        return -EINVAL;
                }
                switch (v[i]) {
                case 'n':
                        r = strbuf_putc(&b, '\n');
                        break;
                case 't':
                        r = strbuf_putc(&b, '\t');
                        break;
                case '\\':
                case ';':
                        r = strbuf_putc(&b, v[i]);
                        break;
                default: {
                        /* Show the whole (possibly multi-byte) character after the backslash. */
                        size_t n = 1;

                        while (i + n < len && ((unsigned char)v[i + n] & 0xC0) == 0x80)
                                n++;
                        parse_fail(st, "unknown escape '\\%.*s' in %s in [%s] (use \\n, \\t, \\\\ or \\;)",
                                   (int)n, v + i, k->name, k->section);
                        strbuf_done(&b);
                        return -EINVAL;
                }
                }
        }
        if (r < 0) {
                strbuf_done(&b);
                return r;
        }
        return strbuf_steal(&b, ret);
}

static void set_string(struct parse_state *st, const struct key *k, char *s)
{
        char **field = (char **)((char *)st->out->p + k->offset);

        free(*field);
        *field = s;
}

/* Parse the value of key k; errors are recorded in st. */
static void parse_value(struct parse_state *st, const struct key *k, const char *v, size_t len)
{
        void *field = (char *)st->out->p + k->offset;
        char *s = NULL;
        int r;

        switch (k->type) {
        case KT_NAME:
                if (!profile_name_valid(v, len)) {
                        bad_value(st, k, v, len, "up to 64 letters, digits, '.', '_' and '-', not first '.' or '-'");
                        return;
                }
                s = strndup_or_null(v, len);
                if (!s) {
                        parse_oom(st);
                        return;
                }
                set_string(st, k, s);
                st->out->name_line = st->line;
                return;

        case KT_TEXT:
        case KT_COMMAND:
                if (len == 0) {
                        set_string(st, k, NULL);
                        return;
                }
                s = strndup_or_null(v, len);
                if (!s) {
                        parse_oom(st);
                        return;
                }
                if (k->type == KT_COMMAND && !check_placeholders(st, k, s)) {
                        free(s);
                        return;
                }
                set_string(st, k, s);
                return;

        case KT_TEMPLATE:
                if (len == 0) {
                        set_string(st, k, NULL);
                        return;
                }
                r = unescape(st, k, v, len, &s);
                if (r == -ENOMEM) {
                        parse_oom(st);
                        return;
                }
                if (r < 0)
                        return;
                if (!check_placeholders(st, k, s)) {
                        free(s);
                        return;
                }
                set_string(st, k, s);
                return;

        case KT_PATH:
                if (len == 0) {
                        set_string(st, k, NULL);
                        return;
                }
                if (v[0] != '/' || memchr(v, ' ', len) || memchr(v, '\t', len)) {
                        bad_value(st, k, v, len, "one absolute path");
                        return;
                }
                s = strndup_or_null(v, len);
                if (!s) {
                        parse_oom(st);
                        return;
                }
                if (!check_placeholders(st, k, s)) {
                        free(s);
                        return;
                }
                set_string(st, k, s);
                return;

        case KT_TOOL:
                for (size_t i = 0; i < ARRAY_SIZE(initrd_tools); i++)
                        if (strlen(initrd_tools[i]) == len && strneq(initrd_tools[i], v, len)) {
                                s = strdup(initrd_tools[i]);
                                if (!s) {
                                        parse_oom(st);
                                        return;
                                }
                                set_string(st, k, s);
                                return;
                        }
                bad_value(st, k, v, len,
                          "none, mkinitrd-redhat, dracut, initramfs-tools, mkinitrd-suse, mkinitcpio or genkernel");
                return;

        case KT_NAMES:
        case KT_WORDS:
        case KT_PATHS: {
                struct strv *sv = field;

                strv_done(sv);
                r = split_words(v, len, sv);
                if (r < 0) {
                        parse_oom(st);
                        return;
                }
                for (size_t i = 0; i < sv->n; i++) {
                        const char *w = sv->v[i];

                        if (k->type == KT_NAMES && !profile_name_valid(w, strlen(w))) {
                                bad_value(st, k, w, strlen(w), "profile names");
                                return;
                        }
                        if (k->type == KT_PATHS) {
                                if (w[0] != '/') {
                                        bad_value(st, k, w, strlen(w), "absolute paths");
                                        return;
                                }
                                if (!check_placeholders(st, k, w))
                                        return;
                        }
                }
                if (k->type == KT_NAMES)
                        st->out->inherit_line = st->line;
                if (field == &st->out->p->match_versions)
                        st->out->version_line = st->line;
                return;
        }

        case KT_PRIORITY: {
                long n = 0;
                size_t i = 0;
                bool neg = false;

                if (i < len && (v[i] == '-' || v[i] == '+'))
                        neg = v[i++] == '-';
                if (i == len)
                        goto bad_priority;
                for (; i < len; i++) {
                        if (v[i] < '0' || v[i] > '9')
                                goto bad_priority;
                        n = n * 10 + (v[i] - '0');
                        if (n > 1000000) /* far out of range; stop before overflowing */
                                goto bad_priority;
                }
                if (neg)
                        n = -n;
                if (n < PROFILE_PRIORITY_MIN || n > PROFILE_PRIORITY_MAX)
                        goto bad_priority;
                *(int *)field = (int)n;
                return;
        bad_priority:
                bad_value(st, k, v, len, "an integer from -1000 to 1000");
                return;
        }

        case KT_INIT:
                for (size_t i = INIT_SYSVINIT; i < ARRAY_SIZE(init_names); i++)
                        if (strlen(init_names[i]) == len && strneq(init_names[i], v, len)) {
                                *(enum init_system *)field = (enum init_system)i;
                                return;
                        }
                bad_value(st, k, v, len, "sysvinit, upstart-event.d, upstart-init or systemd");
                return;

        case KT_BOOL:
                if (len == 3 && strneq(v, "yes", 3))
                        *(bool *)field = true;
                else if (len == 2 && strneq(v, "no", 2))
                        *(bool *)field = false;
                else
                        bad_value(st, k, v, len, "yes or no");
                return;

        case KT_SHIFT:
                if (len == 1 && (v[0] == '0' || v[0] == '4'))
                        *(unsigned *)field = (unsigned)(v[0] - '0');
                else
                        bad_value(st, k, v, len, "0 or 4");
                return;
        }
}

static int ini_handler_cb(void *user, const char *section, const char *name, const char *value)
{
        struct parse_state *st = user;
        const struct key *k;
        uint32_t bit;

        (void)value; /* the reader's value is used: see the top of this file */
        if (st->r < 0)
                return 0;
        k = key_find(section, name);
        if (!k) {
                parse_fail(st, "unknown key '%s' in [%s]", name, section);
                return 0;
        }
        bit = key_bit(k);
        if (st->out->set & bit) {
                parse_fail(st, "duplicate key '%s' in [%s]", name, section);
                return 0;
        }
        st->out->set |= bit;
        parse_value(st, k, st->value, st->value_len);
        return st->r < 0 ? 0 : 1;
}

/* Check the bytes of one line: no NUL or control characters, valid UTF-8. */
static bool line_bytes_ok(struct parse_state *st, const char *s, size_t len)
{
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];

                if (c == '\0') {
                        parse_fail(st, "NUL byte");
                        return false;
                }
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                        parse_fail(st, "control character 0x%02X", c);
                        return false;
                }
        }
        if (!utf8_valid(s, len)) {
                parse_fail(st, "invalid UTF-8");
                return false;
        }
        return true;
}

static bool section_known(const char *s, size_t len)
{
        for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
                if (strlen(sections[i]) == len && strneq(sections[i], s, len))
                        return true;
        return false;
}

/*
 * Look at one line and write what inih should see into buf (size num):
 * "\n" for blank and comment lines, "[section]\n", or "key=\n" with the value
 * kept in st. false on error (recorded in st).
 */
static bool line_normalise(struct parse_state *st, const char *s, size_t len, char *buf, size_t num)
{
        const char *end = s + len, *eq, *v, *vend;
        int n;

        while (s < end && is_blank(*s))
                s++;
        len = (size_t)(end - s);

        if (len == 0 || *s == '#' || *s == ';') {
                n = snprintf(buf, num, "\n");
        } else if (*s == '[') {
                const char *close = memchr(s, ']', len), *name = s + 1, *name_end, *rest;

                if (!close) {
                        parse_fail(st, "malformed section header (no ']')");
                        return false;
                }
                name_end = close;
                while (name < name_end && is_blank(*name))
                        name++;
                while (name_end > name && is_blank(name_end[-1]))
                        name_end--;
                for (rest = close + 1; rest < end && is_blank(*rest); rest++)
                        ;
                if (rest < end && *rest != '#' && *rest != ';') {
                        parse_fail(st, "malformed section header (text after ']')");
                        return false;
                }
                if (!section_known(name, (size_t)(name_end - name))) {
                        parse_fail(st, "unknown section [%.*s]", (int)(name_end - name), name);
                        return false;
                }
                memcpy(st->section, name, (size_t)(name_end - name));
                st->section[name_end - name] = '\0';
                n = snprintf(buf, num, "[%s]\n", st->section);
        } else {
                const char *kend;

                eq = memchr(s, '=', len);
                if (!eq) {
                        parse_fail(st, "expected 'key = value' (no '=')");
                        return false;
                }
                kend = eq;
                while (kend > s && is_blank(kend[-1]))
                        kend--;
                if (kend == s) {
                        parse_fail(st, "expected 'key = value' (no key before '=')");
                        return false;
                }
                if (!st->section[0]) {
                        parse_fail(st, "key '%.*s' outside any section", (int)(kend - s), s);
                        return false;
                }
                if (!key_name_valid(s, (size_t)(kend - s))) {
                        parse_fail(st, "unknown key '%.*s' in [%s]", (int)(kend - s), s, st->section);
                        return false;
                }

                /* The value: up to a ';' that follows a blank, then trimmed. */
                v = eq + 1;
                for (vend = v; vend < end; vend++)
                        if (*vend == ';' && vend > v && is_blank(vend[-1]))
                                break;
                while (v < vend && is_blank(*v))
                        v++;
                while (vend > v && is_blank(vend[-1]))
                        vend--;
                st->value = v;
                st->value_len = (size_t)(vend - v);
                n = snprintf(buf, num, "%.*s=\n", (int)(kend - s), s);
        }
        if (n < 0 || (size_t)n >= num) {
                parse_fail(st, "line too long for the INI parser");
                return false;
        }
        return true;
}

static char *ini_reader_cb(char *buf, int num, void *stream)
{
        struct parse_state *st = stream;
        const char *s, *nl;
        size_t len;

        if (st->r < 0 || st->pos >= st->size)
                return NULL;
        if (num < 2) {
                parse_fail(st, "line too long for the INI parser");
                return NULL;
        }
        s = st->data + st->pos;
        nl = memchr(s, '\n', st->size - st->pos);
        len = nl ? (size_t)(nl - s) : st->size - st->pos;
        st->pos += len + (nl ? 1 : 0);
        st->line++;

        if (len > 0 && s[len - 1] == '\r')
                len--;
        if (st->line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
                s += 3;
                len -= 3;
        }
        if (!line_bytes_ok(st, s, len) || !line_normalise(st, s, len, buf, (size_t)num))
                return NULL;
        return buf;
}

static int parse_internal(const char *file, const char *data, size_t size, struct parsed *ret)
{
        struct parsed out = {0};
        struct parse_state st = {
                .file = file,
                .data = data,
                .size = size,
                .out = &out,
        };
        int r;

        if (size > PROFILE_FILE_MAX) {
                error_set("'%s': larger than 1 MiB", file);
                return -EFBIG;
        }
        out.p = calloc(1, sizeof(*out.p));
        if (!out.p)
                return -ENOMEM;
        out.p->file = strdup(file);
        if (!out.p->file) {
                parsed_done(&out);
                return -ENOMEM;
        }

        r = ini_parse_stream(ini_reader_cb, &st, ini_handler_cb, &st);
        if (st.r < 0) {
                parsed_done(&out);
                return st.r;
        }
        if (r == -2) {
                parsed_done(&out);
                return -ENOMEM;
        }
        if (r != 0) {
                /* Not expected: the reader hands inih only lines it accepts. */
                error_set("'%s' line %d: syntax error", file, r);
                parsed_done(&out);
                return -EINVAL;
        }

        if (!out.p->name) {
                error_set("'%s': no name in [profile]", file);
                parsed_done(&out);
                return -EINVAL;
        }
        if (out.p->match_versions.n > 0 && out.p->match_ids.n == 0) {
                error_set("'%s' line %u: version in [match] without an id", file, out.version_line);
                parsed_done(&out);
                return -EINVAL;
        }
        *ret = out;
        return 0;
}

int profile_parse(const char *file, const char *data, size_t size, struct profile **ret)
{
        struct parsed x = {0};
        int r;

        r = parse_internal(file, data, size, &x);
        if (r < 0)
                return r;
        *ret = x.p;
        return 0;
}

/* ---------------------------------------------------------------------- */
/* Reading files */

static int read_profile_file(const char *path, char **ret, size_t *ret_size, struct stat *ret_st)
{
        _cleanup_close_ int fd = -1;
        _cleanup_fclose_ FILE *f = NULL;
        struct strbuf b = {0};
        struct stat st;
        char chunk[8192];
        size_t n;
        int r;

        /* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0 || fstat(fd, &st) < 0) {
                r = negative_errno();
                error_set("'%s': %s", path, strerror(-r));
                return r;
        }
        if (!S_ISREG(st.st_mode)) {
                error_set("'%s': not a regular file", path);
                return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
        }
        if ((uint64_t)st.st_size > PROFILE_FILE_MAX) {
                error_set("'%s': larger than 1 MiB", path);
                return -EFBIG;
        }
        f = fdopen(fd, "r");
        if (!f)
                return negative_errno();
        fd = -1; /* owned by f now */

        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
                if (b.len + n > PROFILE_FILE_MAX) {
                        strbuf_done(&b);
                        error_set("'%s': larger than 1 MiB", path);
                        return -EFBIG;
                }
                r = strbuf_append(&b, chunk, n);
                if (r < 0) {
                        strbuf_done(&b);
                        return r;
                }
        }
        if (ferror(f)) {
                strbuf_done(&b);
                error_set("'%s': read error", path);
                return -EIO;
        }
        n = b.len;
        r = strbuf_steal(&b, ret);
        if (r < 0)
                return r;
        *ret_size = n;
        *ret_st = st;
        return 0;
}

/* ---------------------------------------------------------------------- */
/* Search path */

/*
 * The installed profiles. A build that is not installed (its DATADIR has no
 * profiles directory) uses the profiles of its source tree instead; an
 * installed one never looks at a build tree.
 */
static const char *installed_dir(void)
{
#ifdef SOURCE_PROFILE_DIR
        struct stat st;

        if (stat(INSTALLED_PROFILE_DIR, &st) < 0 && errno == ENOENT)
                return SOURCE_PROFILE_DIR;
#endif
        return INSTALLED_PROFILE_DIR;
}

int profile_search_init(struct profile_search *s, const struct strv *extra_dirs)
{
        int r;

        *s = (struct profile_search){0};
        /* A directory named twice is searched once, at its first place. */
        for (size_t i = 0; extra_dirs && i < extra_dirs->n; i++) {
                r = strv_push_unique(&s->dirs, extra_dirs->v[i]);
                if (r < 0)
                        goto fail;
        }
        r = strv_push_unique(&s->dirs, SYSCONF_PROFILE_DIR);
        if (r < 0)
                goto fail;
        r = strv_push_unique(&s->dirs, installed_dir());
        if (r < 0)
                goto fail;
        return 0;
fail:
        strv_done(&s->dirs);
        return r;
}

void profile_search_done(struct profile_search *s)
{
        strv_done(&s->dirs);
}

/*
 * Find NAME.profile in the search dirs from index `from`, skipping the file
 * `skip` (may be NULL). *ret_path, *ret_dir and *ret_st (may be NULL) on
 * success; -ENOENT without a message when there is none.
 */
static int search_find(const struct profile_search *s, const char *name, size_t from, const struct stat *skip,
                       char **ret_path, size_t *ret_dir, struct stat *ret_st)
{
        for (size_t i = from; i < s->dirs.n; i++) {
                char *path = NULL;
                struct stat st;

                if (asprintf(&path, "%s/%s" PROFILE_SUFFIX, s->dirs.v[i], name) < 0)
                        return -ENOMEM;
                if (stat(path, &st) < 0) {
                        int r = negative_errno();

                        if (r == -ENOENT) {
                                free(path);
                                continue;
                        }
                        error_set("'%s': %s", path, strerror(-r));
                        free(path);
                        return r;
                }
                if (skip && st.st_dev == skip->st_dev && st.st_ino == skip->st_ino) {
                        free(path);
                        continue;
                }
                *ret_path = path;
                *ret_dir = i;
                if (ret_st)
                        *ret_st = st;
                return 0;
        }
        return -ENOENT;
}

/* ---------------------------------------------------------------------- */
/* Inheritance */

struct chain_link {
        const char *name;
        dev_t dev;
        ino_t ino;
};

static void chain_describe(const struct chain_link *chain, size_t n, const char *last, char *buf, size_t size)
{
        size_t off = 0;

        buf[0] = '\0';
        for (size_t i = 0; i <= n; i++) {
                int w = snprintf(buf + off, size - off, "%s%s", i ? " -> " : "", i < n ? chain[i].name : last);

                if (w < 0 || (size_t)w >= size - off)
                        return;
                off += (size_t)w;
        }
}

static int copy_string(char **dst, const char *src)
{
        if (!src) {
                *dst = NULL;
                return 0;
        }
        *dst = strdup(src);
        return *dst ? 0 : -ENOMEM;
}

/* Take every inherited key the child does not set from the parent. */
static int merge_parent(struct parsed *child, const struct parsed *parent)
{
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
                const struct key *k = &keys[i];
                uint32_t bit = key_bit(k);
                void *dst = (char *)child->p + k->offset;
                const void *src = (const char *)parent->p + k->offset;
                int r = 0;

                if (!k->inherited || (child->set & bit) || !(parent->set & bit))
                        continue;
                switch (k->type) {
                case KT_NAME:
                case KT_TEXT:
                case KT_PATH:
                case KT_TEMPLATE:
                case KT_COMMAND:
                case KT_TOOL:
                        free(*(char **)dst);
                        r = copy_string(dst, *(char *const *)src);
                        break;
                case KT_NAMES:
                case KT_WORDS:
                case KT_PATHS:
                        strv_done(dst);
                        r = strv_extend(dst, src);
                        break;
                case KT_PRIORITY:
                        *(int *)dst = *(const int *)src;
                        break;
                case KT_INIT:
                        *(enum init_system *)dst = *(const enum init_system *)src;
                        break;
                case KT_BOOL:
                        *(bool *)dst = *(const bool *)src;
                        break;
                case KT_SHIFT:
                        *(unsigned *)dst = *(const unsigned *)src;
                        break;
                }
                if (r < 0)
                        return r;
                child->set |= bit;
        }
        return 0;
}

/*
 * Load the file at path (found in search dir `dir`, or NO_DIR when given
 * directly) and resolve its parents. chain holds the n profiles that led here
 * (child first); n is also the depth.
 */
static int resolve(const struct profile_search *s, const char *path, size_t dir, struct chain_link *chain,
                   size_t n, struct parsed *ret)
{
        _cleanup_free_ char *data = NULL;
        struct parsed x = {0};
        struct strv parents = {0}, all = {0};
        struct stat st;
        size_t size = 0;
        int r;

        r = read_profile_file(path, &data, &size, &st);
        if (r < 0)
                return r;
        r = parse_internal(path, data, size, &x);
        if (r < 0)
                return r;

        if (dir != NO_DIR) {
                const char *base = strrchr(path, '/');
                size_t stem = strlen(base + 1) - strlen(PROFILE_SUFFIX);

                base++;
                if (strlen(x.p->name) != stem || !strneq(x.p->name, base, stem)) {
                        error_set("'%s' line %u: name '%s' does not match the file name '%s'", path, x.name_line,
                                  x.p->name, base);
                        r = -EINVAL;
                        goto out;
                }
        }

        /* The direct parents, then (below) every ancestor in lookup order. */
        parents = x.p->inherits;
        x.p->inherits = (struct strv){0};

        chain[n] = (struct chain_link){.name = x.p->name, .dev = st.st_dev, .ino = st.st_ino};
        for (size_t i = 0; i < parents.n; i++) {
                const char *pname = parents.v[i];
                _cleanup_free_ char *ppath = NULL;
                struct parsed px = {0};
                struct stat pst;
                size_t pdir;
                bool own = streq(pname, x.p->name);
                char desc[(PROFILE_NAME_MAX + 4) * (PROFILE_INHERIT_MAX + 2)];

                r = search_find(s, pname, own && dir != NO_DIR ? dir + 1 : 0, own ? &st : NULL, &ppath, &pdir,
                                &pst);
                if (r == -ENOENT) {
                        if (own)
                                error_set("'%s' line %u: inherits its own name '%s', but no file of that name "
                                          "follows it in the profile search path",
                                          path, x.inherit_line, pname);
                        else
                                error_set("'%s' line %u: inherits '%s', which is not in the profile search path",
                                          path, x.inherit_line, pname);
                        goto out;
                }
                if (r < 0)
                        goto out;

                for (size_t j = 0; j <= n; j++)
                        if (chain[j].dev == pst.st_dev && chain[j].ino == pst.st_ino) {
                                chain_describe(chain, n + 1, pname, desc, sizeof(desc));
                                error_set("'%s' line %u: inheritance cycle: %s", path, x.inherit_line, desc);
                                r = -ELOOP;
                                goto out;
                        }
                if (n + 1 > PROFILE_INHERIT_MAX) {
                        chain_describe(chain, n + 1, pname, desc, sizeof(desc));
                        error_set("'%s' line %u: inheritance deeper than %d levels: %s", path, x.inherit_line,
                                  PROFILE_INHERIT_MAX, desc);
                        r = -ELOOP;
                        goto out;
                }

                r = resolve(s, ppath, pdir, chain, n + 1, &px);
                if (r < 0)
                        goto out;
                r = merge_parent(&x, &px);
                if (r >= 0)
                        r = strv_push_unique(&all, px.p->name);
                for (size_t j = 0; r >= 0 && j < px.p->inherits.n; j++)
                        r = strv_push_unique(&all, px.p->inherits.v[j]);
                parsed_done(&px);
                if (r < 0)
                        goto out;
        }
        x.p->inherits = all;
        all = (struct strv){0};
        *ret = x;
        x.p = NULL;
        r = 0;
out:
        strv_done(&parents);
        strv_done(&all);
        parsed_done(&x);
        return r;
}

static int check_complete(const struct profile *p)
{
        if (p->init == INIT_UNKNOWN) {
                error_set("'%s': profile '%s' has no system in [init], neither its own nor inherited", p->file,
                          p->name);
                return -EINVAL;
        }
        if (!p->securetty) {
                error_set("'%s': profile '%s' has no securetty in [login], neither its own nor inherited",
                          p->file, p->name);
                return -EINVAL;
        }
        return 0;
}

static int load_resolved(const struct profile_search *s, const char *path, size_t dir, struct profile **ret)
{
        struct chain_link chain[PROFILE_INHERIT_MAX + 1];
        struct parsed x = {0};
        int r;

        r = resolve(s, path, dir, chain, 0, &x);
        if (r < 0)
                return r;
        *ret = x.p;
        return 0;
}

static void search_describe(const struct profile_search *s, char *buf, size_t size)
{
        size_t off = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < s->dirs.n; i++) {
                int w = snprintf(buf + off, size - off, "%s%s", i ? ", " : "", s->dirs.v[i]);

                if (w < 0 || (size_t)w >= size - off)
                        return;
                off += (size_t)w;
        }
}

int profile_load(const struct profile_search *s, const char *name_or_file, struct profile **ret)
{
        _cleanup_free_ char *path = NULL;
        _cleanup_(profile_freep) struct profile *p = NULL;
        size_t dir = NO_DIR;
        int r;

        if (strchr(name_or_file, '/')) {
                r = load_resolved(s, name_or_file, NO_DIR, &p);
        } else {
                if (!profile_name_valid(name_or_file, strlen(name_or_file))) {
                        error_set("'%s': not a valid profile name", name_or_file);
                        return -EINVAL;
                }
                r = search_find(s, name_or_file, 0, NULL, &path, &dir, NULL);
                if (r == -ENOENT) {
                        char dirs[768];
                        size_t len = strlen(name_or_file), sl = strlen(PROFILE_SUFFIX);
                        bool looks_like_file = len > sl && streq(name_or_file + len - sl, PROFILE_SUFFIX);

                        search_describe(s, dirs, sizeof(dirs));
                        error_set("no profile '%s' in %s%s", name_or_file, dirs,
                                  looks_like_file ? " (give a file as a path: ./NAME.profile)" : "");
                        return r;
                }
                if (r < 0)
                        return r;
                r = load_resolved(s, path, dir, &p);
        }
        if (r < 0)
                return r;
        r = check_complete(p);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}

/* ---------------------------------------------------------------------- */
/* Selection */

struct candidate {
        char *name;
        char *path;
        size_t dir;
};

static int cmp_strings(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static void candidates_free(struct candidate *c, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(c[i].name);
                free(c[i].path);
        }
        free(c);
}

/* The *.profile files of one directory, sorted; a missing directory has none. */
static int list_dir(const char *dir, struct strv *ret)
{
        DIR *d;
        struct dirent *de;
        size_t sl = strlen(PROFILE_SUFFIX);
        int r = 0;

        d = opendir(dir);
        if (!d) {
                r = negative_errno();
                if (r == -ENOENT)
                        return 0;
                error_set("'%s': %s", dir, strerror(-r));
                return r;
        }
        for (;;) {
                size_t len;

                errno = 0;
                de = readdir(d);
                if (!de) {
                        if (errno) {
                                r = negative_errno();
                                error_set("'%s': %s", dir, strerror(-r));
                        }
                        break;
                }
                len = strlen(de->d_name);
                if (de->d_name[0] == '.' || len <= sl || !streq(de->d_name + len - sl, PROFILE_SUFFIX))
                        continue;
                r = strv_push_take(ret, strndup_or_null(de->d_name, len - sl));
                if (r < 0)
                        break;
        }
        closedir(d);
        if (r < 0)
                return r;
        if (ret->n > 1)
                qsort(ret->v, ret->n, sizeof(char *), cmp_strings);
        return 0;
}

static int collect_candidates(const struct profile_search *s, struct candidate **ret, size_t *ret_n)
{
        struct candidate *c = NULL;
        size_t n = 0, cap = 0;
        int r = 0;

        for (size_t i = 0; i < s->dirs.n && r >= 0; i++) {
                struct strv names = {0};

                r = list_dir(s->dirs.v[i], &names);
                for (size_t j = 0; r >= 0 && j < names.n; j++) {
                        bool seen = false;

                        if (!profile_name_valid(names.v[j], strlen(names.v[j]))) {
                                error_set("'%s/%s" PROFILE_SUFFIX "': not a valid profile name", s->dirs.v[i],
                                          names.v[j]);
                                r = -EINVAL;
                                break;
                        }
                        for (size_t k = 0; k < n && !seen; k++)
                                seen = streq(c[k].name, names.v[j]);
                        if (seen)
                                continue; /* shadowed by an earlier directory */
                        if (n == cap) {
                                size_t ncap = cap ? cap * 2 : 32;
                                struct candidate *nc = realloc(c, ncap * sizeof(*c));

                                if (!nc) {
                                        r = -ENOMEM;
                                        break;
                                }
                                c = nc;
                                cap = ncap;
                        }
                        c[n] = (struct candidate){.dir = i};
                        c[n].name = strdup(names.v[j]);
                        if (!c[n].name) {
                                r = -ENOMEM;
                                break;
                        }
                        n++;
                        if (asprintf(&c[n - 1].path, "%s/%s" PROFILE_SUFFIX, s->dirs.v[i], names.v[j]) < 0) {
                                c[n - 1].path = NULL;
                                r = -ENOMEM;
                        }
                }
                strv_done(&names);
        }
        if (r < 0) {
                candidates_free(c, n);
                return r;
        }
        *ret = c;
        *ret_n = n;
        return 0;
}

enum match_kind {
        MATCH_ANY,      /* the profile has no version patterns */
        MATCH_VERSION,  /* a pattern matches the version */
        MATCH_MAJOR,    /* a pattern matches the major version ("5" of "5.8") */
        MATCH_CODENAME, /* no version; a pattern matches the codename ("lenny" of "lenny/sid") */
};

static bool pattern_find(const struct strv *patterns, const char *s, const char **ret_pattern)
{
        for (size_t i = 0; i < patterns->n; i++)
                if (fnmatch(patterns->v[i], s, 0) == 0) {
                        *ret_pattern = patterns->v[i];
                        return true;
                }
        return false;
}

/* Whether the version patterns of p match d; how, and with which pattern. */
static bool version_matches(const struct profile *p, const struct distro *d, enum match_kind *ret_kind,
                            const char **ret_pattern)
{
        const char *version = d->version ? d->version : "", *dot;
        char major[64];

        *ret_pattern = NULL;
        *ret_kind = MATCH_ANY;
        if (p->match_versions.n == 0)
                return true;
        if (!*version) {
                *ret_kind = MATCH_CODENAME;
                return d->codename && *d->codename && pattern_find(&p->match_versions, d->codename, ret_pattern);
        }
        *ret_kind = MATCH_VERSION;
        if (pattern_find(&p->match_versions, version, ret_pattern))
                return true;
        dot = strchr(version, '.');
        if (!dot || dot == version || (size_t)(dot - version) >= sizeof(major))
                return false;
        memcpy(major, version, (size_t)(dot - version));
        major[dot - version] = '\0';
        *ret_kind = MATCH_MAJOR;
        return pattern_find(&p->match_versions, major, ret_pattern);
}

static int select_reason(const struct distro *d, const struct profile *p, enum match_kind kind,
                         const char *pattern, char **ret)
{
        struct strbuf b = {0};
        const char *version = d->version ? d->version : "";
        bool known = d->id && !streq(d->id, "unknown");
        int r = 0;

        if (!known) {
                r = strbuf_printf(&b, "distribution unknown: falling back to %s", p->name);
                goto done;
        }
        if (d->source)
                r = strbuf_printf(&b, "%s: ", d->source);
        if (r >= 0)
                r = strbuf_puts(&b, d->id);
        if (r >= 0 && *version)
                r = strbuf_printf(&b, " %s", version);
        else if (r >= 0 && d->codename && *d->codename)
                r = strbuf_printf(&b, " (%s)", d->codename);
        if (r < 0)
                goto done;
        if (!strv_contains(&p->match_ids, d->id)) {
                r = strbuf_printf(&b, " matches no profile: falling back to %s", p->name);
                goto done;
        }
        r = strbuf_printf(&b, " matches %s (id %s, ", p->name, d->id);
        if (r < 0)
                goto done;
        switch (kind) {
        case MATCH_ANY:
                r = strbuf_puts(&b, "any version)");
                break;
        case MATCH_VERSION:
                r = strbuf_printf(&b, "version %s)", pattern);
                break;
        case MATCH_MAJOR:
                r = strbuf_printf(&b, "version %s on major version %.*s)", pattern,
                                  (int)strcspn(version, "."), version);
                break;
        case MATCH_CODENAME:
                r = strbuf_printf(&b, "version %s on codename %s)", pattern, d->codename);
                break;
        }
done:
        if (r < 0) {
                strbuf_done(&b);
                return r;
        }
        return strbuf_steal(&b, ret);
}

int profile_select(const struct profile_search *s, const struct distro *d, struct profile **ret,
                   char **ret_reason)
{
        struct candidate *c = NULL;
        size_t n = 0;
        struct profile **loaded = NULL;
        struct profile *best = NULL, *generic = NULL;
        const char *best_pattern = NULL;
        enum match_kind best_kind = MATCH_ANY;
        bool tie = false;
        const char *tie_name = NULL;
        char *reason = NULL;
        int r;

        r = collect_candidates(s, &c, &n);
        if (r < 0)
                return r;
        loaded = calloc(n ? n : 1, sizeof(*loaded));
        if (!loaded) {
                r = -ENOMEM;
                goto out;
        }

        /* Every profile is read, so a broken one is noticed whichever distro this is. */
        for (size_t i = 0; i < n; i++) {
                struct profile *p;

                r = load_resolved(s, c[i].path, c[i].dir, &loaded[i]);
                if (r < 0)
                        goto out;
                p = loaded[i];
                if (p->match_ids.n > 0 || streq(p->name, "generic")) {
                        r = check_complete(p);
                        if (r < 0)
                                goto out;
                }
                if (streq(p->name, "generic"))
                        generic = p;
        }

        if (d->id && !streq(d->id, "unknown"))
                for (size_t i = 0; i < n; i++) {
                        struct profile *p = loaded[i];
                        const char *pattern;
                        enum match_kind kind;

                        if (!strv_contains(&p->match_ids, d->id) || !version_matches(p, d, &kind, &pattern))
                                continue;
                        if (!best || p->priority > best->priority) {
                                best = p;
                                best_pattern = pattern;
                                best_kind = kind;
                                tie = false;
                        } else if (p->priority == best->priority) {
                                tie = true;
                                tie_name = p->name;
                        }
                }

        if (best && tie) {
                error_set("profiles '%s' and '%s' both match %s%s%s with priority %d: give one a higher priority",
                          best->name, tie_name, d->id, d->version && *d->version ? " " : "",
                          d->version ? d->version : "", best->priority);
                r = -EINVAL;
                goto out;
        }
        if (!best) {
                if (!generic) {
                        error_set("no profile matches %s%s%s and there is no 'generic' profile in the search path",
                                  d->id ? d->id : "unknown", d->version && *d->version ? " " : "",
                                  d->version ? d->version : "");
                        r = -ENOENT;
                        goto out;
                }
                best = generic;
        }

        r = select_reason(d, best, best_kind, best_pattern, &reason);
        if (r < 0)
                goto out;
        for (size_t i = 0; i < n; i++)
                if (loaded[i] == best)
                        loaded[i] = NULL;
        *ret = best;
        if (ret_reason)
                *ret_reason = reason;
        else
                free(reason);
        r = 0;
out:
        if (loaded)
                for (size_t i = 0; i < n; i++)
                        profile_free(loaded[i]);
        free(loaded);
        candidates_free(c, n);
        return r;
}

/* ---------------------------------------------------------------------- */
/* Templates */

/*
 * Replace the placeholders in `handled` (PH_*) by values[] (indexed like
 * names[]); the others are copied as they are.
 */
static int expand(const char *template, unsigned handled, const char *const values[3], char **ret)
{
        static const char *const names[3] = {"{version}", "{initrd}", "{tty}"};
        struct strbuf b = {0};
        const char *at = template, *p;
        size_t len;
        int r = 0;

        for (p = placeholder_next(at, &len); p; p = placeholder_next(at, &len)) {
                unsigned kind = placeholder_kind(p, len);
                size_t i = kind == PH_VERSION ? 0 : kind == PH_INITRD ? 1 : 2;

                r = strbuf_append(&b, at, (size_t)(p - at));
                if (r < 0)
                        break;
                if (kind & handled) {
                        if (!values[i]) {
                                error_set("template '%s' needs a value for %s", template, names[i]);
                                r = -EINVAL;
                                break;
                        }
                        r = strbuf_puts(&b, values[i]);
                } else
                        r = strbuf_append(&b, p, len);
                if (r < 0)
                        break;
                at = p + len;
        }
        if (r >= 0)
                r = strbuf_puts(&b, at);
        if (r < 0) {
                strbuf_done(&b);
                return r;
        }
        return strbuf_steal(&b, ret);
}

int profile_expand(const char *template, const char *version, const char *initrd, char **ret)
{
        const char *const values[3] = {version, initrd, NULL};

        return expand(template, PH_VERSION | PH_INITRD, values, ret);
}

int profile_expand_tty(const char *template, const char *tty, char **ret)
{
        const char *const values[3] = {NULL, NULL, tty};

        return expand(template, PH_TTY, values, ret);
}
