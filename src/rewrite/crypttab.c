/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/crypttab: rename the Xenlinux disks an entry names.
 *
 * The source field (the encrypted device) is renamed by the disk-name rule
 * (/dev/sda3 -> /dev/xvda3); UUID=, LABEL=, PARTUUID= and other specs, LVM
 * and mapper paths and files are left alone, and disks a pvops domU does not
 * have (cciss, nvme, ...) are reported. The key file field is renamed only
 * where it names a disk: a raw key device ("/dev/sdb1") or the device part
 * of "file:device" (systemd) and "device:file[:timeout]" (Debian's passdev)
 * forms; /dev/urandom, /dev/random, "none", "-" and plain files never
 * change. The options field is never changed: a disk named in it (header=,
 * tcrypt-keyfile=, ...) is reported for a hand fix. The name field never
 * names a device.
 *
 * With --fstab-by uuid or label, a source naming a kernel disk gets the
 * UUID= that facts->block_ids holds for it (see blockid.h); without one it
 * is renamed as usual and reported. Key file fields are only renamed.
 *
 * Only the bytes of a replaced field change, plus the spaces after it when
 * they absorb a change of length (see crypttab_build_line()). Comments,
 * blank lines and everything else stay byte for byte.
 */
#include <string.h>

#include "blockid.h"
#include "devname.h"
#include "macro.h"
#include "rewrite/crypttab.h"
#include "rewrite/rewrite.h"
#include "util.h"

#define CRYPTTAB_REASON "pvops kernels name Xen disks xvdX"

static bool is_blank_char(char c)
{
        return c == ' ' || c == '\t';
}

void crypttab_parse_line(const char *s, size_t len, struct crypttab_line *ret)
{
        struct crypttab_line l = {0};
        size_t i = 0;

        while (i < len && is_blank_char(s[i]))
                i++;
        if (i < len && s[i] != '#')
                while (i < len) {
                        size_t start = i;

                        while (i < len && !is_blank_char(s[i]))
                                i++;
                        if (l.n < CRYPTTAB_FIELDS_MAX)
                                l.f[l.n++] = (struct crypttab_field){.start = start, .len = i - start};
                        else
                                l.extra = true;
                        while (i < len && is_blank_char(s[i]))
                                i++;
                }
        *ret = l;
}

int crypttab_build_line(const char *s, size_t len, const struct crypttab_line *l,
                        const char *const new_fields[CRYPTTAB_FIELDS_MAX], char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        size_t pos = 0;
        int r = 0;

        for (size_t k = 0; k < l->n && r >= 0; k++) {
                const struct crypttab_field *f = &l->f[k];
                size_t ws_end = f->start + f->len, run, new_run, old_len = f->len, new_len;
                bool spaces_only;

                /* Everything before the field (blanks, or the previous field's padding) as it is. */
                r = strbuf_append(&b, s + pos, f->start - pos);
                if (r < 0)
                        break;
                if (!new_fields[k]) {
                        r = strbuf_append(&b, s + f->start, f->len);
                        pos = f->start + f->len;
                        continue;
                }
                new_len = strlen(new_fields[k]);
                r = strbuf_puts(&b, new_fields[k]);
                if (r < 0)
                        break;

                while (ws_end < len && is_blank_char(s[ws_end]))
                        ws_end++;
                run = new_run = ws_end - (f->start + f->len);
                spaces_only = run > 0 && !memchr(s + f->start + f->len, '\t', run);
                if (!spaces_only || ws_end >= len) {
                        /* Tabs, or nothing after the blanks: keep them as they are. */
                        pos = f->start + f->len;
                        continue;
                }
                if (new_len > old_len && run > new_len - old_len)
                        new_run = run - (new_len - old_len);
                else if (new_len < old_len)
                        new_run = run + (old_len - new_len);
                for (size_t i = 0; i < new_run && r >= 0; i++)
                        r = strbuf_putc(&b, ' ');
                pos = ws_end;
        }
        if (r >= 0)
                r = strbuf_append(&b, s + pos, len - pos);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

/*
 * Decode the octal escapes (\NNN) newer crypttab readers accept, for
 * classifying a field written with them. Other backslashes stay as they are.
 */
static char *crypttab_unescape(const char *s, size_t len)
{
        char *out = malloc(len + 1), *o = out;

        if (!out)
                return NULL;
        for (size_t i = 0; i < len; i++) {
                if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
                        *o++ = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
                        i += 3;
                } else
                        *o++ = s[i];
        }
        *o = '\0';
        return out;
}

/* Whether a field written with escapes reads, once decoded, as a disk (renamable or unknown). */
static int crypttab_escaped_is_disk(const struct facts *facts, const char *tok, size_t len, bool split_colons,
                                    bool *ret)
{
        _cleanup_free_ char *plain = crypttab_unescape(tok, len);
        const char *p;
        int r;

        if (!plain)
                return -ENOMEM;
        *ret = false;
        p = plain;
        for (;;) {
                size_t n = split_colons ? strcspn(p, ":") : strlen(p);
                enum devname_kind kind;

                r = devname_map(&facts->devmap, p, n, &kind, NULL);
                if (r < 0)
                        return r;
                if (kind == DEVNAME_MAPPED || kind == DEVNAME_UNKNOWN)
                        *ret = true;
                if (!p[n])
                        break;
                p += n + 1;
        }
        return 0;
}

/* A key from the random device: the encrypted device is made anew at every boot (swap, /tmp). */
static bool crypttab_random_key(const char *s, const struct crypttab_line *l)
{
        const struct crypttab_field *k = &l->f[CRYPTTAB_KEYFILE];

        if (l->n <= CRYPTTAB_KEYFILE)
                return false;
        return (k->len == 12 && memcmp(s + k->start, "/dev/urandom", 12) == 0) ||
               (k->len == 11 && memcmp(s + k->start, "/dev/random", 11) == 0);
}

struct crypttab_ctx {
        const char *path;
        const struct facts *facts;
        struct rewrite_out *out;
        size_t line_no;
        struct strbuf reason; /* the reasons of this line's edit, "; "-separated */
        bool renamed_source;  /* a source that an initrd may need was renamed by name */
};

/*
 * A field written with escapes stays as it is (renaming it would mean
 * re-escaping it): warn, naming it with what, when it reads as a disk once
 * decoded. split_colons: a ':'-separated list (the key file field).
 */
static int crypttab_warn_escaped(struct crypttab_ctx *c, const char *what, const char *tok, size_t len,
                                 bool split_colons)
{
        bool disk;
        int r;

        r = crypttab_escaped_is_disk(c->facts, tok, len, split_colons, &disk);
        if (r < 0 || !disk)
                return r;
        return rewrite_warn_token(c->out, c->path, c->line_no, what, tok, len,
                                  ": left as it is; fix this entry by hand");
}

/* Add "<what>OLD -> NEW: pvops kernels name Xen disks xvdX" to the line's reason. */
static int crypttab_add_reason(struct crypttab_ctx *c, const char *what, const char *old, const char *new)
{
        int r = 0;

        if (c->reason.len)
                r = strbuf_puts(&c->reason, "; ");
        if (r >= 0)
                r = strbuf_printf(&c->reason, "%s%s -> %s: " CRYPTTAB_REASON, what, old, new);
        return r;
}

/* The new source field, or NULL (*ret_new) when it stays. */
static int crypttab_source(struct crypttab_ctx *c, const char *tok, size_t len, char **ret_new)
{
        _cleanup_free_ char *new_tok = NULL, *old_tok = NULL;
        enum devname_kind kind;
        int r;

        *ret_new = NULL;
        if (memchr(tok, '\\', len))
                return crypttab_warn_escaped(c, "device written with escapes", tok, len, false);
        r = devname_map(&c->facts->devmap, tok, len, &kind, &new_tok);
        if (r < 0)
                return r;
        if (kind == DEVNAME_UNKNOWN)
                return rewrite_warn_token(c->out, c->path, c->line_no, "unknown device", tok, len,
                                          ": pvops guests see only xvd disks; fix this entry by hand");
        if (tok[0] != '/' || (kind != DEVNAME_MAPPED && kind != DEVNAME_XVD))
                return 0; /* tags, mapper/LVM/md, files, bare names: nothing to rename */
        old_tok = strndup_or_null(tok, len);
        if (!old_tok)
                return -ENOMEM;

        if (c->facts->fstab_by != FSTAB_BY_NAME) {
                const struct blockid_entry *e = blockid_table_find(&c->facts->block_ids, BLOCKID_CRYPTTAB, tok, len);
                const char *by = fstab_by_to_string(c->facts->fstab_by);

                if (e && e->tag) {
                        if (c->reason.len)
                                r = strbuf_puts(&c->reason, "; ");
                        if (r >= 0)
                                r = strbuf_printf(&c->reason,
                                                  "%s -> %s: --fstab-by %s, %s; it names the device under the "
                                                  "Xenlinux and the pvops kernel alike",
                                                  old_tok, e->tag, by, e->how);
                        if (r < 0)
                                return r;
                        return strdup_checked(e->tag, ret_new);
                }
                r = strv_pushf(&c->out->warnings, "'%s' line %zu: --fstab-by %s: '%s' keeps a device name: %s",
                               c->path, c->line_no, by, old_tok, e ? e->how : "it was not probed");
                if (r < 0)
                        return r;
        }
        if (kind != DEVNAME_MAPPED || !new_tok)
                return 0; /* already xvd */

        r = crypttab_add_reason(c, "", old_tok, new_tok);
        if (r < 0)
                return r;
        c->renamed_source = true;
        *ret_new = TAKE_PTR(new_tok);
        return 0;
}

/* The new key file field, or NULL when it stays: each ':'-separated part that is a disk path is renamed. */
static int crypttab_keyfile(struct crypttab_ctx *c, const char *tok, size_t len, char **ret_new)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        bool changed = false;
        size_t pos = 0;
        int r;

        *ret_new = NULL;
        if (memchr(tok, '\\', len))
                return crypttab_warn_escaped(c, "key file written with escapes", tok, len, true);
        for (;;) {
                const char *part = tok + pos, *colon = memchr(part, ':', len - pos);
                size_t n = colon ? (size_t)(colon - part) : len - pos;
                _cleanup_free_ char *mapped = NULL, *old_part = NULL;
                enum devname_kind kind;

                r = devname_map(&c->facts->devmap, part, n, &kind, &mapped);
                if (r < 0)
                        return r;
                if (kind == DEVNAME_UNKNOWN) {
                        r = rewrite_warn_token(c->out, c->path, c->line_no, "unknown key device", part, n,
                                               ": pvops guests see only xvd disks; fix this entry by hand");
                        if (r < 0)
                                return r;
                }
                if (kind == DEVNAME_MAPPED && mapped && part[0] == '/') {
                        old_part = strndup_or_null(part, n);
                        if (!old_part)
                                return -ENOMEM;
                        r = crypttab_add_reason(c, "key device ", old_part, mapped);
                        if (r >= 0)
                                r = strbuf_puts(&b, mapped);
                        changed = true;
                } else
                        r = strbuf_append(&b, part, n);
                if (r < 0)
                        return r;
                if (!colon)
                        break;
                r = strbuf_putc(&b, ':');
                if (r < 0)
                        return r;
                pos += n + 1;
        }
        if (!changed)
                return 0;
        return strbuf_steal(&b, ret_new);
}

/* Disks named in the options are reported, never changed. */
static int crypttab_options(struct crypttab_ctx *c, const char *tok, size_t len)
{
        _cleanup_free_ char *opts = NULL, *mapped = NULL;
        size_t count = 0;
        int r;

        if (!memmem(tok, len, "/dev/", 5))
                return 0;
        opts = strndup_or_null(tok, len);
        if (!opts)
                return -ENOMEM;
        if (strlen(opts) != len)
                return 0; /* a NUL byte: not options any reader would take */
        r = devname_map_in_string(&c->facts->devmap, opts, &mapped, &count);
        if (r < 0 || count == 0)
                return r;
        return rewrite_warn_token(c->out, c->path, c->line_no, "the options name a Xenlinux disk:", tok, len,
                                  ": left as they are; fix them by hand");
}

static int crypttab_rewrite_line(const struct line *ln, size_t i, struct crypttab_ctx *c)
{
        _cleanup_free_ char *new_source = NULL, *new_keyfile = NULL, *new_line = NULL, *reason = NULL;
        const char *new_fields[CRYPTTAB_FIELDS_MAX] = {0};
        struct crypttab_line l;
        bool random_key, renamed_before = c->renamed_source;
        int r;

        crypttab_parse_line(ln->s, ln->len, &l);
        if (l.n == 0)
                return 0;
        c->line_no = i + 1;
        strbuf_done(&c->reason);
        if (memchr(ln->s, '\0', ln->len))
                /* Never in a guest file (they are refused), but the edit could not carry it. */
                return strv_pushf(&c->out->warnings, "'%s' line %zu: a NUL byte, left as it is", c->path,
                                  c->line_no);
        if (l.n < 2)
                return strv_pushf(&c->out->warnings,
                                  "'%s' line %zu: not a valid crypttab entry (no source device), left as it is",
                                  c->path, c->line_no);
        if (l.extra)
                return strv_pushf(&c->out->warnings,
                                  "'%s' line %zu: more than four fields, not a valid crypttab entry; left as it is",
                                  c->path, c->line_no);

        random_key = crypttab_random_key(ln->s, &l);
        r = crypttab_source(c, ln->s + l.f[CRYPTTAB_SOURCE].start, l.f[CRYPTTAB_SOURCE].len, &new_source);
        if (r >= 0 && l.n > CRYPTTAB_KEYFILE)
                r = crypttab_keyfile(c, ln->s + l.f[CRYPTTAB_KEYFILE].start, l.f[CRYPTTAB_KEYFILE].len,
                                     &new_keyfile);
        if (r >= 0 && l.n > CRYPTTAB_OPTIONS)
                r = crypttab_options(c, ln->s + l.f[CRYPTTAB_OPTIONS].start, l.f[CRYPTTAB_OPTIONS].len);
        if (r < 0)
                return r;
        if (random_key)
                /* Set up by the boot scripts after root is mounted: never from an initrd. */
                c->renamed_source = renamed_before;
        if (!new_source && !new_keyfile)
                return 0;

        if (ln->len && ln->s[ln->len - 1] == '\r') {
                /* A last line ending in a lone CR: new content cannot end in CR (it would read back as CRLF). */
                c->renamed_source = renamed_before;
                return rewrite_warn_token(c->out, c->path, c->line_no, "carriage return in the entry for",
                                          ln->s + l.f[CRYPTTAB_NAME].start, l.f[CRYPTTAB_NAME].len,
                                          ": left as it is; fix this entry by hand");
        }

        new_fields[CRYPTTAB_SOURCE] = new_source;
        new_fields[CRYPTTAB_KEYFILE] = new_keyfile;
        r = crypttab_build_line(ln->s, ln->len, &l, new_fields, &new_line);
        if (r < 0)
                return r;
        r = strbuf_steal(&c->reason, &reason);
        if (r < 0)
                return r;
        return edit_list_replace(&c->out->edits, i, new_line, reason);
}

static int crypttab_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                            struct rewrite_out *out)
{
        struct crypttab_ctx c = {.path = path, .facts = facts, .out = out};
        int r = 0;

        if (!exists)
                return 0;
        for (size_t i = 0; r >= 0 && i < in->n_lines; i++)
                r = crypttab_rewrite_line(&in->lines[i], i, &c);
        strbuf_done(&c.reason);
        if (r < 0)
                return r;
        if (!c.renamed_source)
                return 0;
        r = strv_pushf(&out->next_steps,
                       "%s now names xvd disks, which the running Xenlinux kernel does not have: if root or "
                       "resume is encrypted, an initrd built before the first pvops boot cannot find its device; "
                       "write UUID= there (domufix --fstab-by uuid, run inside the guest)",
                       path);
        if (r >= 0 && facts->profile && facts->profile->initrd_tool &&
            streq(facts->profile->initrd_tool, "initramfs-tools"))
                r = strv_pushf(&out->next_steps,
                               "Debian's cryptroot initramfs hook takes from %s only the entries of the root and "
                               "resume devices it finds when update-initramfs runs: give any other entry the "
                               "initramfs must open the 'initramfs' option",
                               path);
        return r;
}

const struct rewriter rewriter_crypttab = {
        .name = "crypttab",
        .paths = (const char *const[]){"/etc/crypttab", NULL},
        .rewrite = crypttab_rewrite,
};
