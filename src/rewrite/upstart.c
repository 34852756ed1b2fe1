/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Upstart: a getty job on the pvops console hvc0.
 *
 * Upstart 0.3-0.5 (Ubuntu hardy to jaunty, Fedora 9-12) reads
 * /etc/event.d/JOB, Upstart 0.6+ (Ubuntu karmic on, RHEL 6, Fedora 13-14)
 * /etc/init/JOB.conf. The new job is a copy of the guest's own tty1 job
 * (init_scan()'s model) with the model's tty renamed to hvc0 wherever it is
 * a whole word, comments included, as xen-tools does with sed; without a
 * model it is the profile's getty template. Nothing is created when the
 * guest already has an active getty on hvc0 (or on "console", which is hvc0
 * when console=hvc0 comes last), when the init system starts one on the
 * kernel console by itself (RHEL 6 serial.conf, Fedora event.d/serial), or
 * when the file exists: an existing job is the admin's, and is only
 * reported when it runs no getty on hvc0.
 *
 * The created file's lines all end in LF (the edit engine's terminator for
 * a new file): a model with CRLF line ends, which Upstart would not parse
 * anyway, gives an LF job, and CRs left at the end of a line are dropped.
 */
#include <string.h>

#include "init-scan.h"
#include "macro.h"
#include "rewrite/rewrite.h"

#define UPSTART_TTY "hvc0"

static bool is_word_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Append one line (s, len) to b with every whole-word "from" replaced by
 * "to", and without trailing CRs.
 */
static int line_rename(const char *s, size_t len, const char *from, const char *to, struct strbuf *b)
{
        size_t n = strlen(from), i = 0;
        int r;

        while (len > 0 && s[len - 1] == '\r')
                len--;
        while (i < len) {
                if (n > 0 && len - i >= n && memcmp(s + i, from, n) == 0 && (i == 0 || !is_word_char(s[i - 1])) &&
                    (i + n == len || !is_word_char(s[i + n]))) {
                        r = strbuf_puts(b, to);
                        i += n;
                } else {
                        r = strbuf_putc(b, s[i]);
                        i++;
                }
                if (r < 0)
                        return r;
        }
        if (!b->s) /* an empty line */
                return strbuf_puts(b, "");
        return 0;
}

/*
 * Insert the lines of text (split on LF) at the start of the empty file,
 * each with "from" renamed to "to". A final LF ends the last line rather
 * than starting another. *ret_n: the number of lines inserted.
 */
static int insert_lines(const char *text, const char *from, const char *to, const char *reason,
                        struct edit_list *edits, size_t *ret_n)
{
        const char *p = text;
        size_t n = 0;
        int r;

        while (*p) {
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);
                struct strbuf b = {0};

                r = line_rename(p, len, from, to, &b);
                if (r >= 0)
                        r = edit_list_insert(edits, 0, b.s, reason);
                strbuf_done(&b);
                if (r < 0)
                        return r;
                n++;
                p += len + (nl ? 1 : 0);
        }
        *ret_n = n;
        return 0;
}

static int upstart_rewrite(enum init_system init, const struct text *in, bool exists, const char *path,
                           const struct facts *facts, struct rewrite_out *out, const char *next_step)
{
        const struct init_info *info = &facts->init;
        const struct profile *p = facts->profile;
        _cleanup_free_ char *reason = NULL, *expanded = NULL;
        size_t n = 0;
        int r;

        if (!p || p->init != init)
                return 0;
        if (init_has_getty(info, UPSTART_TTY) || init_has_getty(info, "console") || info->console_getty_auto)
                return 0;

        if (exists) {
                struct init_job j;

                init_job_parse(in->data, in->size, &j);
                if (init_job_runs_getty_on(&j, UPSTART_TTY) && (init != INIT_UPSTART_EVENTD || j.start_on) &&
                    !j.manual)
                        return 0;
                return strv_pushf(&out->warnings,
                                  "'%s' exists but does not start a getty on " UPSTART_TTY
                                  ": left as it is; the pvops console has no login until it does",
                                  path);
        }

        if (info->model_text) {
                if (asprintf(&reason, "start a getty on the pvops console " UPSTART_TTY " (modeled on %s)",
                             info->model_path ? info->model_path : "the guest's tty1 job") < 0) {
                        reason = NULL;
                        return -ENOMEM;
                }
                r = insert_lines(info->model_text, info->model_tty ? info->model_tty : "tty1", UPSTART_TTY,
                                 reason, &out->edits, &n);
                if (r < 0)
                        return r;
        }
        if (n == 0 && p->getty_template) {
                free(reason);
                if (asprintf(&reason, "start a getty on the pvops console " UPSTART_TTY
                                      " (from the getty template of profile %s)", p->name) < 0) {
                        reason = NULL;
                        return -ENOMEM;
                }
                r = profile_expand_tty(p->getty_template, UPSTART_TTY, &expanded);
                if (r < 0)
                        return r;
                r = insert_lines(expanded, "", "", reason, &out->edits, &n);
                if (r < 0)
                        return r;
        }
        if (n == 0)
                return strv_pushf(&out->warnings,
                                  "'%s': no getty job to model on and no getty template in profile %s: "
                                  "add a job that runs a getty on " UPSTART_TTY " by hand",
                                  path, p->name);

        r = strv_push(&out->next_steps, next_step);
        if (r < 0)
                return r;
        out->create = true;
        out->create_mode = 0644;
        return 0;
}

static int eventd_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                          struct rewrite_out *out)
{
        return upstart_rewrite(INIT_UPSTART_EVENTD, in, exists, path, facts, out,
                               "inside a running guest: initctl start " UPSTART_TTY);
}

static int init_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                        struct rewrite_out *out)
{
        return upstart_rewrite(INIT_UPSTART_INIT, in, exists, path, facts, out,
                               "inside a running guest: initctl reload-configuration && initctl start " UPSTART_TTY);
}

const struct rewriter rewriter_upstart_eventd = {
        .name = "upstart-event.d",
        .paths = (const char *const[]){"/etc/event.d/" UPSTART_TTY, NULL},
        .rewrite = eventd_rewrite,
};

const struct rewriter rewriter_upstart_init = {
        .name = "upstart-init",
        .paths = (const char *const[]){"/etc/init/" UPSTART_TTY ".conf", NULL},
        .rewrite = init_rewrite,
};
