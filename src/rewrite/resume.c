/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The swap device to resume from after hibernation, where it is not on the
 * kernel command line (resume= there belongs to the boot entries):
 *
 *   /etc/initramfs-tools/conf.d/resume, /etc/initramfs-tools/initramfs.conf
 *     (Debian, Ubuntu): shell, "RESUME=/dev/sda2", also quoted or after
 *     "export". RESUME=UUID=..., none and auto are left alone.
 *   /etc/uswsusp.conf, /etc/suspend.conf (uswsusp / suspend-utils):
 *     "resume device = /dev/sda2", the key spelled with its space, then '='
 *     or ':'. Read as suspend-utils reads it: a line starting with '#' is a
 *     comment, blanks before the key are skipped, and the value is the first
 *     blank-delimited word after the separator.
 *
 * Only the value is replaced; everything else on the line stays. Both end
 * up in the initramfs, so a next step says to rebuild it.
 */
#include <string.h>

#include "devname.h"
#include "macro.h"
#include "rewrite/rewrite.h"

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static int resume_next_step(const struct facts *facts, struct rewrite_out *out)
{
        if (facts->target_version)
                return strv_pushf(&out->next_steps,
                                  "rebuild the initramfs of the pvops kernel inside the guest, so it resumes from "
                                  "the new swap name: update-initramfs -u -k %s",
                                  facts->target_version);
        return strv_push(&out->next_steps, "rebuild the initramfs of the pvops kernel inside the guest, so it "
                                           "resumes from the new swap name: update-initramfs -u");
}

/*
 * Replace the value l->s[start..end) when it is a Xenlinux disk path. key
 * names the setting in the reason ("RESUME=").
 */
static int resume_replace_value(const struct line *l, size_t i, size_t start, size_t end, const char *key,
                                const char *path, const struct facts *facts, struct rewrite_out *out)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        _cleanup_free_ char *new_value = NULL, *old_value = NULL, *line = NULL, *reason = NULL;
        enum devname_kind kind;
        int r;

        r = devname_map(&facts->devmap, l->s + start, end - start, &kind, &new_value);
        if (r < 0)
                return r;
        if (kind == DEVNAME_UNKNOWN)
                return rewrite_warn_token(out, path, i + 1, "unknown resume device", l->s + start, end - start,
                                          ": pvops guests see only xvd disks; fix it by hand");
        if (kind != DEVNAME_MAPPED || !new_value || l->s[start] != '/')
                return 0;
        if (l->len > 0 && l->s[l->len - 1] == '\r')
                return rewrite_warn_token(out, path, i + 1, "carriage return in the line of", l->s + start, end - start,
                                          ": left as it is; fix it by hand");
        if (memchr(l->s, '\0', l->len))
                return rewrite_warn_token(out, path, i + 1, "NUL byte in the line of", l->s + start, end - start,
                                          ": left as it is; fix it by hand");

        r = strbuf_append(&b, l->s, start);
        if (r >= 0)
                r = strbuf_puts(&b, new_value);
        if (r >= 0)
                r = strbuf_append(&b, l->s + end, l->len - end);
        if (r >= 0)
                r = strbuf_steal(&b, &line);
        if (r < 0)
                return r;
        old_value = strndup_or_null(l->s + start, end - start);
        if (!old_value)
                return -ENOMEM;
        if (asprintf(&reason, "%s%s -> %s: pvops kernels name Xen disks xvdX", key, old_value, new_value) < 0) {
                reason = NULL;
                return -ENOMEM;
        }
        r = edit_list_replace(&out->edits, i, line, reason);
        if (r < 0)
                return r;
        return resume_next_step(facts, out);
}

/* One line of an initramfs-tools file: [blanks][export blanks]RESUME=value... */
static int initramfs_resume_line(const struct line *l, size_t i, const char *path, const struct facts *facts,
                                 struct rewrite_out *out)
{
        size_t p = 0, start, end;

        while (p < l->len && is_blank(l->s[p]))
                p++;
        if (l->len - p > strlen("export") && memcmp(l->s + p, "export", strlen("export")) == 0 &&
            is_blank(l->s[p + strlen("export")])) {
                p += strlen("export");
                while (p < l->len && is_blank(l->s[p]))
                        p++;
        }
        if (l->len - p < strlen("RESUME=") || memcmp(l->s + p, "RESUME=", strlen("RESUME=")) != 0)
                return 0;
        p += strlen("RESUME=");

        if (p < l->len && (l->s[p] == '"' || l->s[p] == '\'')) {
                const char *q = memchr(l->s + p + 1, l->s[p], l->len - p - 1);

                if (!q)
                        return 0; /* an unclosed quote: the shell would fail on it, not ours to guess */
                start = p + 1;
                end = (size_t)(q - l->s);
        } else {
                start = end = p;
                while (end < l->len && !is_blank(l->s[end]) && l->s[end] != ';' && l->s[end] != '#')
                        end++;
        }
        if (end - start > 0 && (memchr(l->s + start, '$', end - start) || memchr(l->s + start, '`', end - start) ||
                                memchr(l->s + start, '\\', end - start))) {
                /* Expansions or escapes: the shell decides what it is. Say so when it names a disk. */
                for (size_t k = start; k + strlen("/dev/sdX") <= end; k++)
                        if ((memcmp(l->s + k, "/dev/sd", strlen("/dev/sd")) == 0 ||
                             memcmp(l->s + k, "/dev/hd", strlen("/dev/hd")) == 0) &&
                            l->s[k + strlen("/dev/sd")] >= 'a' && l->s[k + strlen("/dev/sd")] <= 'z')
                                return rewrite_warn_token(out, path, i + 1,
                                                          "resume device written with shell expansions",
                                                          l->s + start, end - start, ": left as it is; fix it by hand");
                return 0;
        }
        return resume_replace_value(l, i, start, end, "RESUME=", path, facts, out);
}

static int initramfs_resume_rewrite(const struct text *in, bool exists, const char *path,
                                    const struct facts *facts, struct rewrite_out *out)
{
        return rewrite_each_entry(in, exists, path, facts, out, initramfs_resume_line);
}

#define USWSUSP_KEY "resume device"

static bool is_c_space(char c)
{
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int uswsusp_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                           struct rewrite_out *out)
{
        int r;

        if (!exists)
                return 0;
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];
                size_t p = 0, start, end;

                if (l->len == 0 || l->s[0] == '#')
                        continue;
                while (p < l->len && is_c_space(l->s[p]))
                        p++;
                if (l->len - p < strlen(USWSUSP_KEY) || memcmp(l->s + p, USWSUSP_KEY, strlen(USWSUSP_KEY)) != 0)
                        continue;
                p += strlen(USWSUSP_KEY);
                while (p < l->len && is_blank(l->s[p]))
                        p++;
                if (p >= l->len || (l->s[p] != '=' && l->s[p] != ':'))
                        continue;
                p++;
                while (p < l->len && is_blank(l->s[p]))
                        p++;
                start = end = p;
                while (end < l->len && !is_c_space(l->s[end]))
                        end++;
                if (end == start)
                        continue;
                r = resume_replace_value(l, i, start, end, USWSUSP_KEY " = ", path, facts, out);
                if (r < 0)
                        return r;
        }
        return 0;
}

const struct rewriter rewriter_initramfs_resume = {
        .name = "initramfs-resume",
        .paths = (const char *const[]){"/etc/initramfs-tools/conf.d/resume", "/etc/initramfs-tools/initramfs.conf",
                                       NULL},
        .rewrite = initramfs_resume_rewrite,
};

const struct rewriter rewriter_uswsusp = {
        .name = "uswsusp",
        .paths = (const char *const[]){"/etc/uswsusp.conf", "/etc/suspend.conf", NULL},
        .rewrite = uswsusp_rewrite,
};
