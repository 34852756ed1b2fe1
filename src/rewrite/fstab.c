/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/fstab: rename the source field of every entry that names a Xenlinux
 * disk (/dev/sda1 -> /dev/xvda1).
 *
 * Every entry is validated by libmount on its own: the line is handed to
 * mnt_table_parse_stream() through an in-memory stream, so a broken line
 * never hides the lines around it and its number is known exactly. libmount
 * is only a parser here; the new line is built from the original bytes by
 * replacing the first field and, where the padding allows, adjusting the
 * spaces after it so that the following columns stay aligned. Everything
 * else in the line (other fields, escapes, a trailing comment, odd bytes) is
 * kept byte for byte. Comments and blank lines are never looked at.
 *
 * With --fstab-by uuid or label, a source naming a kernel disk (sdX, hdX, or
 * xvdX) is replaced by the UUID= or LABEL= that facts->block_ids holds for it
 * (found when the facts were built: see blockid.h); a source with no tag
 * there is renamed as usual and reported.
 */
#include <libmount.h>
#include <stdio.h>
#include <string.h>

#include "blockid.h"
#include "devname.h"
#include "macro.h"
#include "rewrite/fstab.h"
#include "rewrite/rewrite.h"
#include "util.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct libmnt_table *, mnt_unref_table);

static bool is_blank_char(char c)
{
        return c == ' ' || c == '\t';
}

/* Parse errors are only counted; the table's userdata points at the counter. */
static int fstab_parser_errcb(struct libmnt_table *tb, const char *filename _unused_, int line _unused_)
{
        unsigned *n_errors = mnt_table_get_userdata(tb);

        if (n_errors)
                (*n_errors)++;
        return 1; /* recoverable: skip the line, go on */
}

void fstab_entry_done(struct fstab_entry *e)
{
        free(e->source);
        free(e->target);
        free(e->fstype);
        *e = (struct fstab_entry){0};
}

static int strdup_or_null_checked(const char *s, char **ret)
{
        *ret = NULL;
        return s ? strdup_checked(s, ret) : 0;
}

int fstab_entry_parse(const struct line *l, const char *path, struct fstab_entry *ret)
{
        /* Declared in this order so that the stream is closed before its buffer is freed. */
        _cleanup_free_ char *buf = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_(mnt_unref_tablep) struct libmnt_table *tb = NULL;
        struct libmnt_fs *fs = NULL;
        struct fstab_entry e = {0};
        const char *tag_name, *tag_value, *source = NULL;
        unsigned n_errors = 0;
        int r;

        /* A NUL byte would cut the line short inside libmount: not an entry. */
        if (memchr(l->s, '\0', l->len))
                return 0;

        buf = malloc(l->len + 2);
        if (!buf)
                return -ENOMEM;
        memcpy(buf, l->s, l->len);
        buf[l->len] = '\n';
        buf[l->len + 1] = '\0';

        f = fmemopen(buf, l->len + 1, "r");
        if (!f)
                return negative_errno();
        tb = mnt_new_table();
        if (!tb)
                return -ENOMEM;
        r = mnt_table_set_userdata(tb, &n_errors);
        if (r < 0)
                return r;
        r = mnt_table_set_parser_errcb(tb, fstab_parser_errcb);
        if (r < 0)
                return r;

        r = mnt_table_parse_stream(tb, f, path);
        if (r == -ENOMEM)
                return r;
        if (r < 0 || n_errors > 0 || mnt_table_get_nents(tb) != 1)
                return 0;
        if (mnt_table_first_fs(tb, &fs) != 0 || !fs)
                return 0;

        if (mnt_fs_get_tag(fs, &tag_name, &tag_value) != 0) {
                source = mnt_fs_get_source(fs);
                if (!source)
                        return 0;
        }
        r = strdup_or_null_checked(source, &e.source);
        if (r >= 0)
                r = strdup_or_null_checked(mnt_fs_get_target(fs), &e.target);
        if (r >= 0)
                r = strdup_or_null_checked(mnt_fs_get_fstype(fs), &e.fstype);
        if (r < 0) {
                fstab_entry_done(&e);
                return r;
        }
        *ret = e;
        return 1;
}

/*
 * Parse one line as an fstab entry. Returns 1 with the source in *ret_source
 * (malloc'd, NULL for a tag such as LABEL= or UUID=) when the line is a valid
 * entry, 0 when libmount rejects it, or -errno.
 */
static int fstab_parse_line(const struct line *l, const char *path, char **ret_source)
{
        struct fstab_entry e = {0};
        int r;

        r = fstab_entry_parse(l, path, &e);
        if (r <= 0)
                return r;
        *ret_source = TAKE_PTR(e.source);
        fstab_entry_done(&e);
        return 1;
}

/*
 * The line with the first field [tok_start, tok_end) replaced by new_tok.
 * The run of blanks after the field absorbs the change of length when it is
 * made of spaces only (at least one space stays); tabs are kept as they are.
 */
static int fstab_build_line(const struct line *l, size_t tok_start, size_t tok_end, const char *new_tok,
                            char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        size_t ws_end = tok_end, run, new_run, old_len = tok_end - tok_start, new_len = strlen(new_tok);
        bool spaces_only;
        int r;

        while (ws_end < l->len && is_blank_char(l->s[ws_end]))
                ws_end++;
        run = new_run = ws_end - tok_end;
        spaces_only = run > 0 && !memchr(l->s + tok_end, '\t', run);

        if (spaces_only && ws_end < l->len) {
                if (new_len > old_len && run > new_len - old_len)
                        new_run = run - (new_len - old_len);
                else if (new_len < old_len)
                        new_run = run + (old_len - new_len);
        }

        r = strbuf_append(&b, l->s, tok_start);
        if (r >= 0)
                r = strbuf_puts(&b, new_tok);
        if (spaces_only)
                for (size_t i = 0; i < new_run && r >= 0; i++)
                        r = strbuf_putc(&b, ' ');
        else if (r >= 0)
                r = strbuf_append(&b, l->s + tok_end, run);
        if (r >= 0)
                r = strbuf_append(&b, l->s + ws_end, l->len - ws_end);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

static int fstab_rewrite_line(const struct line *l, size_t i, const char *path, const struct facts *facts,
                              struct rewrite_out *out)
{
        _cleanup_free_ char *source = NULL, *new_tok = NULL, *new_line = NULL, *reason = NULL;
        _cleanup_free_ char *old_tok = NULL, *tag_reason = NULL;
        size_t tok_start = 0, tok_end, line_no = i + 1;
        enum devname_kind kind;
        int r;

        r = fstab_parse_line(l, path, &source);
        if (r < 0)
                return r;
        if (r == 0)
                return strv_pushf(&out->warnings, "'%s' line %zu: not a valid fstab entry, left as it is", path,
                                  line_no);
        if (!source)
                return 0; /* LABEL=, UUID=, ...: stays valid under any kernel */

        while (tok_start < l->len && is_blank_char(l->s[tok_start]))
                tok_start++;
        tok_end = tok_start;
        while (tok_end < l->len && !is_blank_char(l->s[tok_end]))
                tok_end++;

        if (memchr(l->s + tok_start, '\\', tok_end - tok_start)) {
                /*
                 * The field is written with octal escapes. Replacing it would
                 * mean re-escaping it; a disk name never needs that, so only
                 * tell the admin when libmount's reading of it is a disk.
                 */
                r = devname_map(&facts->devmap, source, strlen(source), &kind, &new_tok);
                if (r < 0)
                        return r;
                if (kind == DEVNAME_MAPPED || kind == DEVNAME_UNKNOWN)
                        return rewrite_warn_token(out, path, line_no, "device written with escapes",
                                                  l->s + tok_start, tok_end - tok_start,
                                                  ": left as it is; fix this entry by hand");
                return 0;
        }
        if (strlen(source) != tok_end - tok_start || memcmp(source, l->s + tok_start, tok_end - tok_start) != 0)
                /* libmount read the line in another format (mountinfo): not ours to touch. */
                return strv_pushf(&out->warnings, "'%s' line %zu: not a valid fstab entry, left as it is", path,
                                  line_no);

        r = devname_map(&facts->devmap, l->s + tok_start, tok_end - tok_start, &kind, &new_tok);
        if (r < 0)
                return r;

        if (kind == DEVNAME_UNKNOWN)
                return rewrite_warn_token(out, path, line_no, "unknown device", l->s + tok_start,
                                          tok_end - tok_start,
                                          ": pvops guests see only xvd disks; fix this entry by hand");
        if (l->s[tok_start] != '/')
                /* A bare "sda1" is no device path to mount(8): nothing to rename. */
                return 0;
        if (facts->fstab_by != FSTAB_BY_NAME && (kind == DEVNAME_MAPPED || kind == DEVNAME_XVD)) {
                const struct blockid_entry *e =
                        blockid_table_find(&facts->block_ids, BLOCKID_FSTAB, l->s + tok_start, tok_end - tok_start);

                if (e && e->tag) {
                        free(new_tok);
                        new_tok = strdup(e->tag);
                        if (!new_tok || asprintf(&tag_reason, "--fstab-by %s, %s; it names the device under the "
                                                              "Xenlinux and the pvops kernel alike",
                                                 fstab_by_to_string(facts->fstab_by), e->how) < 0) {
                                tag_reason = NULL;
                                return -ENOMEM;
                        }
                } else {
                        _cleanup_free_ char *what = NULL, *why = NULL;

                        if (asprintf(&what, "--fstab-by %s:", fstab_by_to_string(facts->fstab_by)) < 0) {
                                what = NULL;
                                return -ENOMEM;
                        }
                        if (asprintf(&why, " keeps a device name: %s", e ? e->how : "it was not probed") < 0) {
                                why = NULL;
                                return -ENOMEM;
                        }
                        r = rewrite_warn_token(out, path, line_no, what, l->s + tok_start, tok_end - tok_start, why);
                        if (r < 0)
                                return r;
                }
        }
        if (!new_tok)
                return 0;

        if (l->len && l->s[l->len - 1] == '\r')
                /* A last line ending in a lone CR: new content cannot end in CR (it would read back as CRLF). */
                return rewrite_warn_token(out, path, line_no, "carriage return in the entry for",
                                          l->s + tok_start, tok_end - tok_start,
                                          ": left as it is; fix this entry by hand");

        r = fstab_build_line(l, tok_start, tok_end, new_tok, &new_line);
        if (r < 0)
                return r;
        old_tok = strndup_or_null(l->s + tok_start, tok_end - tok_start);
        if (!old_tok)
                return -ENOMEM;
        if (asprintf(&reason, "%s -> %s: %s", old_tok, new_tok,
                     tag_reason ? tag_reason : "pvops kernels name Xen disks xvdX") < 0) {
                reason = NULL;
                return -ENOMEM;
        }
        return edit_list_replace(&out->edits, i, new_line, reason);
}

static int fstab_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                         struct rewrite_out *out)
{
        return rewrite_each_entry(in, exists, path, facts, out, fstab_rewrite_line);
}

const struct rewriter rewriter_fstab = {
        .name = "fstab",
        .paths = (const char *const[]){"/etc/fstab", NULL},
        .rewrite = fstab_rewrite,
};
