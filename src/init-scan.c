/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which consoles the guest's init runs a getty on.
 *
 * Only the configuration the profile's init system really reads counts:
 * Upstart 0.6+ ignores /etc/event.d, Upstart 0.3-0.5 ignores /etc/init, and
 * both ignore the gettys of an /etc/inittab. Files the other init systems
 * would read are only mentioned in notes, so the plan can say why a getty
 * line that seems to be there does not help.
 *
 * Every guest file is read through guest_file_read(); directories are
 * listed by opening their canonical path with guest_open_canonical() and
 * looking at the entries with fstatat(AT_SYMLINK_NOFOLLOW) on that pinned
 * fd, one component at a time, so nothing outside the root is touched.
 */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "init-scan.h"
#include "log.h"
#include "macro.h"
#include "text-file.h"

/* Job file names kept, and entries looked at, in one job directory (a hostile one may hold millions). */
#define INIT_DIR_ENTRIES_MAX 4096
#define INIT_DIR_SCAN_MAX 65536
/* Words kept of one stanza or command line; later ones are skipped. */
#define JOB_WORDS_MAX 32
/* ttys one ACTIVE_CONSOLES value may expand to, and the longest word expanded. */
#define ACTIVE_CONSOLES_MAX 64
#define ACTIVE_CONSOLES_WORD_MAX 256

static const char *const udev_paths[] = {
        "/sbin/udevd",
        "/sbin/udevadm",
        "/bin/udevadm",
        "/usr/bin/udevadm",
        "/lib/udev",
        "/usr/lib/udev",
        "/lib/systemd/systemd-udevd",
        "/usr/lib/systemd/systemd-udevd",
        "/etc/udev",
};

struct word {
        const char *s;
        size_t len;
};

static bool word_is(const struct word *w, const char *s)
{
        size_t n = strlen(s);

        return w->len == n && memcmp(w->s, s, n) == 0;
}

static bool word_has_prefix(const struct word *w, const char *s)
{
        size_t n = strlen(s);

        return w->len >= n && memcmp(w->s, s, n) == 0;
}

static bool word_contains(const struct word *w, const char *s)
{
        return memmem(w->s, w->len, s, strlen(s)) != NULL;
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the program (a path or a name) is a getty: its basename contains "getty". */
static bool word_is_getty(const struct word *w)
{
        const char *slash = memrchr(w->s, '/', w->len);
        struct word base = *w;

        if (slash) {
                base.s = slash + 1;
                base.len = w->len - (size_t)(base.s - w->s);
        }
        return word_contains(&base, "getty");
}

/* "hvc0", "xvc12": PREFIX followed by one or more digits. */
static bool word_is_numbered(const struct word *w, const char *prefix)
{
        size_t n = strlen(prefix);

        if (w->len <= n || memcmp(w->s, prefix, n) != 0)
                return false;
        for (size_t i = n; i < w->len; i++)
                if (!is_digit(w->s[i]))
                        return false;
        return true;
}

/* tty[A-Za-z]*[0-9]*: "tty1", "ttyS0", "ttySG0", "tty". */
static bool word_is_tty_name(const struct word *w)
{
        size_t i = 3;

        if (!word_has_prefix(w, "tty"))
                return false;
        while (i < w->len && is_alpha(w->s[i]))
                i++;
        while (i < w->len && is_digit(w->s[i]))
                i++;
        return i == w->len;
}

/*
 * The tty a getty command serves: the first argument after the program
 * that looks like a tty (options and speeds such as "-L" and "9600" are
 * skipped, and so is a terminal type such as "vt100-nav", which never looks
 * like one). agetty takes "xvc0 9600 vt100-nav" as well as "-L 9600 xvc0
 * xterm". A "$VAR" argument is the tty of an instance job. "/dev/" is
 * stripped. Returns false when there is none.
 */
static bool getty_tty(const struct word *args, size_t n, struct word *ret)
{
        for (size_t i = 0; i < n; i++) {
                struct word w = args[i];

                if (w.len == 0 || w.s[0] == '-')
                        continue;
                if (word_has_prefix(&w, "/dev/") && w.len > 5) {
                        w.s += 5;
                        w.len -= 5;
                        *ret = w;
                        return true;
                }
                if (w.s[0] == '$' || word_is(&w, "console") || word_is_tty_name(&w) || word_is_numbered(&w, "xvc") ||
                    word_is_numbered(&w, "hvc")) {
                        *ret = w;
                        return true;
                }
        }
        return false;
}

/*
 * A getty command: words[0] the program (after an optional "exec"). Sets
 * *ret_tty (or leaves it empty when no argument looks like a tty). Returns
 * whether the command runs a getty.
 */
static bool command_getty(const struct word *words, size_t n, struct word *ret_tty)
{
        if (n > 0 && word_is(&words[0], "exec")) {
                words++;
                n--;
        }
        if (n == 0 || !word_is_getty(&words[0]))
                return false;
        *ret_tty = (struct word){0};
        (void)getty_tty(words + 1, n - 1, ret_tty);
        return true;
}

bool init_getty_command(const char *s, size_t len, const char **ret_tty, size_t *ret_tty_len)
{
        struct word words[JOB_WORDS_MAX], tty = {0};
        const char *p = s, *end = s + len;
        size_t n = 0;
        bool getty;

        while (p < end && n < JOB_WORDS_MAX) {
                const char *start;

                while (p < end && is_blank(*p))
                        p++;
                if (p == end)
                        break;
                start = p;
                while (p < end && !is_blank(*p))
                        p++;
                words[n++] = (struct word){.s = start, .len = (size_t)(p - start)};
        }
        /* sysvinit: a leading '+' on the process means "no utmp entry". */
        if (n > 0 && words[0].s[0] == '+') {
                words[0].s++;
                words[0].len--;
        }
        getty = command_getty(words, n, &tty);
        *ret_tty = tty.len ? tty.s : NULL;
        *ret_tty_len = tty.len;
        return getty;
}

/* ---- Upstart jobs ---- */

struct stanza {
        struct word w[JOB_WORDS_MAX];
        size_t n;        /* words kept (at most JOB_WORDS_MAX) */
        size_t total;    /* words seen */
        struct word last; /* the last word seen */
        size_t line;     /* 1-based line the stanza starts on */
        bool active_consoles;
};

/*
 * Read one logical line from data at *pos: words separated by blanks, a '#'
 * at the start of a word comments out the rest of the line, a backslash
 * before the newline continues the line, and so does a newline inside the
 * parentheses of a "start on"/"stop on" expression (Upstart 0.6+). *line is
 * the current 1-based line number; it is advanced past the line.
 */
static void stanza_read(const char *data, size_t size, size_t *pos, size_t *line, bool continuation,
                        struct stanza *st)
{
        size_t i = *pos;
        long depth = 0;

        *st = (struct stanza){.line = *line};
        while (i < size) {
                char c = data[i];
                size_t start;
                struct word w;

                if (c == '\n') {
                        i++;
                        (*line)++;
                        if (continuation && depth > 0)
                                continue;
                        break;
                }
                if (is_blank(c)) {
                        i++;
                        continue;
                }
                if (continuation && c == '\\') {
                        /* A backslash at the end of the line (CRs before the newline are blanks). */
                        size_t k = i + 1;

                        while (k < size && data[k] == '\r')
                                k++;
                        if (k < size && data[k] == '\n') {
                                i = k + 1;
                                (*line)++;
                                continue;
                        }
                }
                if (c == '#') {
                        while (i < size && data[i] != '\n')
                                i++;
                        continue;
                }
                start = i;
                while (i < size && data[i] != '\n' && !is_blank(data[i]))
                        i++;
                w = (struct word){data + start, i - start};
                if (word_contains(&w, "ACTIVE_CONSOLES"))
                        st->active_consoles = true;
                if (st->n < JOB_WORDS_MAX)
                        st->w[st->n++] = w;
                st->total++;
                st->last = w;
                if (continuation && st->n > 0 && (word_is(&st->w[0], "start") || word_is(&st->w[0], "stop")))
                        for (size_t k = 0; k < w.len; k++)
                                depth += w.s[k] == '(' ? 1 : w.s[k] == ')' ? -1 : 0;
        }
        *pos = i;
}

void init_job_parse(const char *data, size_t size, struct init_job *ret)
{
        struct init_job j = {0};
        size_t pos = 0, line = 1;
        enum { OUTSIDE, MAIN_SCRIPT, OTHER_SCRIPT } where = OUTSIDE;

        while (pos < size) {
                struct stanza st;
                struct word tty;

                stanza_read(data, size, &pos, &line, where == OUTSIDE, &st);
                if (st.active_consoles)
                        j.mentions_active_consoles = true;
                if (st.n == 0)
                        continue;

                if (where != OUTSIDE) {
                        if (st.n == 2 && word_is(&st.w[0], "end") && word_is(&st.w[1], "script")) {
                                where = OUTSIDE;
                                continue;
                        }
                        if (where == MAIN_SCRIPT && !j.getty && command_getty(st.w, st.n, &tty)) {
                                j.getty = true;
                                j.tty = tty.s;
                                j.tty_len = tty.len;
                                j.getty_line = st.line;
                        }
                        continue;
                }

                if (st.n >= 2 && word_is(&st.w[0], "start") && word_is(&st.w[1], "on")) {
                        j.start_on = true;
                        for (size_t k = 2; k < st.n; k++)
                                if (word_contains(&st.w[k], "serial-console-available"))
                                        j.serial_console_event = true;
                } else if (word_is(&st.w[0], "manual")) {
                        j.manual = true;
                } else if (word_is(&st.w[0], "instance")) {
                        j.instance = true;
                } else if (st.n >= 2 && word_is(&st.w[0], "env") && word_has_prefix(&st.w[1], "ACTIVE_CONSOLES=")) {
                        j.active_consoles = st.w[1].s + strlen("ACTIVE_CONSOLES=");
                        j.active_consoles_len = (size_t)(st.last.s + st.last.len - j.active_consoles);
                } else if (word_is(&st.w[0], "exec")) {
                        if (!j.getty && command_getty(st.w, st.n, &tty)) {
                                j.getty = true;
                                j.tty = tty.s;
                                j.tty_len = tty.len;
                                j.getty_line = st.line;
                        }
                } else if (st.total == 1 && word_is(&st.w[0], "script")) {
                        where = MAIN_SCRIPT;
                } else if (st.total == 2 && word_is(&st.w[1], "script") &&
                           (word_is(&st.w[0], "pre-start") || word_is(&st.w[0], "post-start") ||
                            word_is(&st.w[0], "pre-stop") || word_is(&st.w[0], "post-stop"))) {
                        where = OTHER_SCRIPT;
                }
        }
        if (j.tty_len == 0)
                j.tty = NULL;
        *ret = j;
}

bool init_job_runs_getty_on(const struct init_job *j, const char *tty)
{
        return j->getty && j->tty && j->tty[0] != '$' && j->tty_len == strlen(tty) &&
               memcmp(j->tty, tty, j->tty_len) == 0;
}

/* ---- the scan ---- */

struct scan {
        const struct guest_root *g;
        const struct profile *p;
        struct init_info *info;
        bool model_is_tty1;

        /* Upstart 0.6+: RHEL 6's tty.conf (instance $TTY) and start-ttys.conf. */
        char *instance_getty_job;
        char *starter_job;
        char *starter_default; /* "env ACTIVE_CONSOLES=" of the starter */
};

static void scan_done(struct scan *s)
{
        free(s->instance_getty_job);
        free(s->starter_job);
        free(s->starter_default);
}

static int add_getty(struct init_info *info, const char *tty, size_t tty_len, const char *source)
{
        _cleanup_free_ char *t = strndup_or_null(tty, tty_len);
        int r;

        if (!t)
                return -ENOMEM;
        r = strv_push(&info->getty_sources, source);
        if (r < 0)
                return r;
        r = strv_push_take(&info->getty_ttys, TAKE_PTR(t));
        if (r < 0) {
                free(info->getty_sources.v[--info->getty_sources.n]);
                return r;
        }
        return 0;
}

/*
 * Read a guest file that may be missing (*ret NULL). A dangling symlink and
 * every unsafe file are errors, with guest_file_read()'s message.
 */
static int read_optional(const struct guest_root *g, const char *path, struct guest_file **ret)
{
        int r;

        error_clear();
        r = guest_file_read(g, path, ret);
        if (r == -ENOENT && !error_get()) {
                *ret = NULL;
                return 0;
        }
        return r;
}

/* Whether a guest path exists; a missing or non-directory parent and a dangling symlink mean no. */
static int path_exists(const struct guest_root *g, const char *path, bool *ret)
{
        _cleanup_free_ char *canonical = NULL;
        bool exists = false;
        int r;

        error_clear();
        r = guest_resolve(g, path, &canonical, &exists);
        if (r == -ENOENT || r == -ENOTDIR) {
                error_clear();
                *ret = false;
                return 0;
        }
        if (r < 0)
                return r;
        *ret = exists;
        return 0;
}

/* ---- /etc/inittab ---- */

/*
 * "id:runlevels:action:process" lines with action respawn whose process is
 * a getty. Comment lines ("#1:2345:respawn:...", as guest tools leave them)
 * do not count. A getty on no recognisable tty is noted.
 */
static int inittab_scan(const struct guest_root *g, const char *path, struct init_info *info, bool *ret_exists)
{
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        _cleanup_(text_freep) struct text *t = NULL;
        int r;

        r = read_optional(g, path, &f);
        if (r < 0)
                return r;
        *ret_exists = f != NULL;
        if (!f)
                return 0;
        r = text_new(f->data, f->size, &t);
        if (r < 0)
                return r;

        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                const char *colon[3], *p = l->s, *end = l->s + l->len;
                struct word action, words[JOB_WORDS_MAX], tty;
                _cleanup_free_ char *source = NULL;
                size_t n = 0;

                if (line_is_comment(l))
                        continue;
                for (size_t k = 0; k < 3; k++) {
                        colon[k] = memchr(p, ':', (size_t)(end - p));
                        if (!colon[k])
                                break;
                        p = colon[k] + 1;
                }
                if (!colon[0] || !colon[1] || !colon[2])
                        continue;
                action = (struct word){colon[1] + 1, (size_t)(colon[2] - colon[1] - 1)};
                while (action.len > 0 && is_blank(action.s[0]))
                        action.s++, action.len--;
                while (action.len > 0 && is_blank(action.s[action.len - 1]))
                        action.len--;
                if (!word_is(&action, "respawn"))
                        continue;

                for (p = colon[2] + 1; p < end && n < JOB_WORDS_MAX;) {
                        const char *start;

                        while (p < end && is_blank(*p))
                                p++;
                        if (p == end)
                                break;
                        start = p;
                        while (p < end && !is_blank(*p))
                                p++;
                        words[n++] = (struct word){start, (size_t)(p - start)};
                }
                /* A leading '+' asks init not to write utmp for the process. */
                if (n > 0 && words[0].s[0] == '+') {
                        words[0].s++;
                        words[0].len--;
                }
                if (!command_getty(words, n, &tty))
                        continue;
                if (tty.len == 0 || tty.s[0] == '$') {
                        r = strv_pushf(&info->notes, "%s:%zu: a getty on no tty domufix recognises: not counted",
                                       path, i + 1);
                        if (r < 0)
                                return r;
                        continue;
                }

                if (asprintf(&source, "%s:%zu", path, i + 1) < 0) {
                        source = NULL;
                        return -ENOMEM;
                }
                r = add_getty(info, tty.s, tty.len, source);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---- job directories ---- */

static bool has_suffix(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);

        return n >= m && streq(s + n - m, suffix);
}

/*
 * Names Upstart skips (as libnih's file filter does): hidden files, editor
 * backups and swap files, package manager leftovers; and README. In
 * /etc/init only NAME.conf is a job.
 */
static bool job_name_wanted(const char *name, bool conf_only)
{
        static const char *const ignored_suffixes[] = {
                "~", ".swp", ".swo", ".rej", ".orig", ".bak", ".rpmsave", ".rpmnew", ".rpmorig",
        };

        if (name[0] == '.' || name[0] == '#' || streq(name, "README") || strstr(name, ".dpkg-") ||
            strstr(name, ".ucf-"))
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(ignored_suffixes); i++)
                if (has_suffix(name, ignored_suffixes[i]))
                        return false;
        if (conf_only)
                return has_suffix(name, ".conf") && strlen(name) > strlen(".conf");
        return true;
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The job file names in a guest directory, sorted. A missing directory gives
 * *ret_exists false; a non-directory there is noted and treated as missing.
 * Subdirectories are skipped.
 */
static int job_dir_list(const struct guest_root *g, const char *dir, bool conf_only, struct init_info *info,
                        struct strv *ret_names, bool *ret_exists)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int fd = -1;
        struct strv names = {0};
        bool exists = false, truncated = false;
        size_t seen = 0;
        DIR *d;
        int r;

        error_clear();
        r = guest_resolve(g, dir, &canonical, &exists);
        if (r == -ENOENT && !error_get())
                exists = false;
        else if (r < 0)
                return r;
        if (!exists) {
                *ret_names = (struct strv){0};
                *ret_exists = false;
                return 0;
        }

        r = guest_open_canonical(g, canonical, O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0, &fd);
        if (r == -ENOTDIR) {
                r = strv_pushf(&info->notes, "'%s' is not a directory: no jobs read from it", dir);
                if (r < 0)
                        return r;
                *ret_names = (struct strv){0};
                *ret_exists = false;
                return 0;
        }
        if (r == -ENOENT) { /* removed meanwhile */
                *ret_names = (struct strv){0};
                *ret_exists = false;
                return 0;
        }
        if (r < 0)
                return r;

        d = fdopendir(fd);
        if (!d)
                return negative_errno();
        fd = -1; /* owned by d now */

        for (;;) {
                struct dirent *de;
                struct stat st;

                errno = 0;
                de = readdir(d);
                if (!de) {
                        r = errno > 0 ? -errno : 0;
                        break;
                }
                if (++seen > INIT_DIR_SCAN_MAX) {
                        truncated = true;
                        break;
                }
                if (!job_name_wanted(de->d_name, conf_only))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(st.st_mode))
                        continue;
                if (names.n >= INIT_DIR_ENTRIES_MAX) {
                        truncated = true;
                        break;
                }
                r = strv_push(&names, de->d_name);
                if (r < 0)
                        break;
        }
        closedir(d);
        if (r >= 0 && truncated)
                r = strv_pushf(&info->notes, "'%s' holds too many files (over %d job files or %d entries): only "
                               "some were read", dir, INIT_DIR_ENTRIES_MAX, INIT_DIR_SCAN_MAX);
        if (r < 0) {
                strv_done(&names);
                return r;
        }
        if (names.n > 1)
                qsort(names.v, names.n, sizeof(names.v[0]), cmp_str);
        *ret_names = names;
        *ret_exists = true;
        return 0;
}

typedef int (*job_fn)(struct scan *s, const char *path, const char *name, const struct guest_file *f);

/*
 * Read each job file of a directory (at most INIT_JOBS_MAX) and hand it to
 * fn. Unsafe files are errors; a dangling symlink or a link to a directory
 * is noted and skipped, as Upstart skips it.
 */
static int job_dir_scan(struct scan *s, const char *dir, bool conf_only, job_fn fn, bool *ret_exists)
{
        struct strv names = {0};
        bool exists;
        int r;

        r = job_dir_list(s->g, dir, conf_only, s->info, &names, &exists);
        if (r < 0)
                return r;

        for (size_t i = 0; r >= 0 && i < names.n; i++) {
                _cleanup_(guest_file_freep) struct guest_file *f = NULL;
                _cleanup_free_ char *path = NULL;

                if (i == INIT_JOBS_MAX) {
                        r = strv_pushf(&s->info->notes, "'%s' holds %zu job files: only the first %d were read",
                                       dir, names.n, INIT_JOBS_MAX);
                        break;
                }
                if (asprintf(&path, "%s/%s", dir, names.v[i]) < 0) {
                        path = NULL;
                        r = -ENOMEM;
                        break;
                }
                error_clear();
                r = guest_file_read(s->g, path, &f);
                if (r == -ENOENT && !error_get()) { /* removed meanwhile */
                        r = 0;
                        continue;
                }
                if (r == -ENOENT || r == -EISDIR) {
                        error_clear();
                        r = strv_pushf(&s->info->notes, "'%s' is %s: skipped", path,
                                       r == -ENOENT ? "a dangling symlink" : "a link to a directory");
                        continue;
                }
                if (r < 0)
                        break;
                r = fn(s, path, names.v[i], f);
        }
        strv_done(&names);
        if (r < 0)
                return r;
        *ret_exists = exists;
        return 0;
}

/* Remember the job as the model for a new hvc0 job: the tty1 job, else the first one. */
static int model_offer(struct scan *s, const char *path, const struct guest_file *f, const struct init_job *j)
{
        bool tty1 = init_job_runs_getty_on(j, "tty1");
        char *mp, *mt, *my;

        if (init_job_runs_getty_on(j, "hvc0") || s->model_is_tty1 || (s->info->model_path && !tty1))
                return 0;
        mp = strdup(path);
        mt = strndup_or_null(f->data, f->size);
        my = strndup_or_null(j->tty, j->tty_len);
        if (!mp || !mt || !my) {
                free(mp);
                free(mt);
                free(my);
                return -ENOMEM;
        }
        free(s->info->model_path);
        free(s->info->model_text);
        free(s->info->model_tty);
        s->info->model_path = mp;
        s->info->model_text = mt;
        s->info->model_tty = my;
        s->model_is_tty1 = tty1;
        return 0;
}

/* Upstart 0.3-0.5: a getty job counts when something starts it. */
static int eventd_job(struct scan *s, const char *path, const char *name _unused_, const struct guest_file *f)
{
        struct init_job j;
        int r;

        init_job_parse(f->data, f->size, &j);
        if (!j.getty)
                return 0;
        if (!j.start_on)
                return strv_pushf(&s->info->notes, "'%s' runs a getty but has no \"start on\" line: not counted",
                                  path);
        if (j.serial_console_event) {
                /* Fedora's event.d/serial: udev's console_check starts it on the kernel console. */
                s->info->console_getty_auto = true;
                return 0;
        }
        if (!j.tty || j.tty[0] == '$')
                return strv_pushf(&s->info->notes,
                                  "'%s' runs a getty on a tty named when it is started: not counted", path);
        r = add_getty(s->info, j.tty, j.tty_len, path);
        if (r < 0)
                return r;
        return model_offer(s, path, f, &j);
}

/* Whether NAME.override (Upstart 1.3+) next to a NAME.conf says "manual". */
static int override_manual(struct scan *s, const char *path, bool *ret)
{
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        _cleanup_free_ char *opath = NULL;
        struct init_job j;
        int r;

        if (asprintf(&opath, "%.*s.override", (int)(strlen(path) - strlen(".conf")), path) < 0) {
                opath = NULL;
                return -ENOMEM;
        }
        r = read_optional(s->g, opath, &f);
        if (r < 0)
                return r;
        if (!f) {
                *ret = false;
                return 0;
        }
        init_job_parse(f->data, f->size, &j);
        *ret = j.manual;
        return 0;
}

/* Upstart 0.6+: every getty job counts unless it is "manual". */
static int init_job(struct scan *s, const char *path, const char *name _unused_, const struct guest_file *f)
{
        struct init_job j;
        bool manual = false;
        int r;

        init_job_parse(f->data, f->size, &j);
        if (j.mentions_active_consoles && !j.getty && !s->starter_job) {
                s->starter_job = strdup(path);
                if (!s->starter_job)
                        return -ENOMEM;
                if (j.active_consoles) {
                        s->starter_default = strndup_or_null(j.active_consoles, j.active_consoles_len);
                        if (!s->starter_default)
                                return -ENOMEM;
                }
        }
        if (!j.getty)
                return 0;
        r = override_manual(s, path, &manual);
        if (r < 0)
                return r;
        if (j.manual || manual)
                return strv_pushf(&s->info->notes, "'%s' runs a getty but is disabled (\"manual\"): not counted",
                                  path);
        if (j.serial_console_event) {
                /* RHEL 6 / Fedora 13-14 serial.conf: udev's console_check starts it on the kernel console. */
                s->info->console_getty_auto = true;
                return 0;
        }
        if (j.tty && j.tty[0] == '$' && j.instance) {
                if (!s->instance_getty_job) {
                        s->instance_getty_job = strdup(path);
                        if (!s->instance_getty_job)
                                return -ENOMEM;
                }
                return 0;
        }
        if (!j.tty || j.tty[0] == '$')
                return strv_pushf(&s->info->notes,
                                  "'%s' runs a getty on a tty named when it is started: not counted", path);
        r = add_getty(s->info, j.tty, j.tty_len, path);
        if (r < 0)
                return r;
        return model_offer(s, path, f, &j);
}

/* Getty jobs left in /etc/event.d under Upstart 0.6+: only noted. */
static int leftover_job(struct scan *s, const char *path, const char *name _unused_, const struct guest_file *f)
{
        struct init_job j;

        init_job_parse(f->data, f->size, &j);
        if (!j.getty)
                return 0;
        return strv_pushf(&s->info->notes, "%s is not read by Upstart 0.6+ (it reads /etc/init)", path);
}

/* ---- ACTIVE_CONSOLES (RHEL 6, Fedora 13-14) ---- */

/*
 * Expand the bracket expressions of one word ("/dev/tty[1-6]") as the shell
 * does against a /dev that has those nodes. Returns -EDOM for patterns that
 * cannot be expanded from the text alone ('*', '?', "[!...]"), -E2BIG past
 * ACTIVE_CONSOLES_MAX results.
 */
static int consoles_expand(const char *w, struct strv *out)
{
        const char *open = strchr(w, '['), *close;
        int r;

        if (strlen(w) > ACTIVE_CONSOLES_WORD_MAX)
                return -EDOM;
        if (!open) {
                if (strpbrk(w, "*?"))
                        return -EDOM;
                if (out->n >= ACTIVE_CONSOLES_MAX)
                        return -E2BIG;
                return strv_push(out, w);
        }
        close = strchr(open + 1, ']');
        if (!close || close == open + 1 || open[1] == '!' || open[1] == '^' || memchr(w, '*', (size_t)(open - w)) ||
            memchr(w, '?', (size_t)(open - w)))
                return -EDOM;

        for (const char *c = open + 1; c < close; c++) {
                unsigned char lo = (unsigned char)*c, hi = lo;

                if (c + 2 < close && c[1] == '-') {
                        hi = (unsigned char)c[2];
                        c += 2;
                }
                for (unsigned ch = lo; ch <= hi; ch++) {
                        _cleanup_free_ char *next = NULL;

                        if (asprintf(&next, "%.*s%c%s", (int)(open - w), w, (char)ch, close + 1) < 0) {
                                next = NULL;
                                return -ENOMEM;
                        }
                        r = consoles_expand(next, out);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* The value of the last ACTIVE_CONSOLES= assignment of a shell file, unquoted; NULL when none. */
static int sysconfig_active_consoles(const struct text *t, char **ret)
{
        _cleanup_free_ char *value = NULL;

        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                const char *p = l->s, *end = l->s + l->len, *v;
                char q;

                if (line_is_comment(l))
                        continue;
                while (p < end && is_blank(*p))
                        p++;
                if ((size_t)(end - p) > 7 && strneq(p, "export", 6) && is_blank(p[6]))
                        for (p += 7; p < end && is_blank(*p);)
                                p++;
                if ((size_t)(end - p) < strlen("ACTIVE_CONSOLES=") || !strneq(p, "ACTIVE_CONSOLES=", 16))
                        continue;
                p += 16;
                q = p < end && (*p == '"' || *p == '\'') ? *p : 0;
                if (q) {
                        const char *e = memchr(p + 1, q, (size_t)(end - p - 1));
                        v = p + 1;
                        p = e ? e : end;
                } else {
                        v = p;
                        while (p < end && !is_blank(*p))
                                p++;
                }
                free(value);
                value = strndup_or_null(v, (size_t)(p - v));
                if (!value)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(value);
        return 0;
}

/*
 * RHEL 6: start-ttys.conf starts tty.conf ("instance $TTY", "exec
 * /sbin/mingetty $TTY") for each tty of ACTIVE_CONSOLES, set in
 * /etc/sysconfig/init (default: the job's own "env ACTIVE_CONSOLES=").
 */
static int active_consoles_scan(struct scan *s)
{
        static const char sysconfig[] = "/etc/sysconfig/init";
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_free_ char *value = NULL;
        const char *source = sysconfig, *p;
        int r;

        if (!s->instance_getty_job || !s->starter_job)
                return 0;
        r = read_optional(s->g, sysconfig, &f);
        if (r < 0)
                return r;
        if (f) {
                r = text_new(f->data, f->size, &t);
                if (r < 0)
                        return r;
                r = sysconfig_active_consoles(t, &value);
                if (r < 0)
                        return r;
        }
        if (!value) {
                if (!s->starter_default)
                        return strv_pushf(&s->info->notes,
                                          "'%s' starts gettys from ACTIVE_CONSOLES, but %s does not set it",
                                          s->starter_job, sysconfig);
                value = strdup(s->starter_default);
                if (!value)
                        return -ENOMEM;
                source = s->starter_job;
        }

        for (p = value; *p;) {
                _cleanup_free_ char *w = NULL;
                struct strv ttys = {0};
                size_t n;

                while (*p && (is_blank(*p) || *p == '\n'))
                        p++;
                n = strcspn(p, " \t\r\n\v\f\"'");
                if (n == 0) {
                        if (*p)
                                p++;
                        continue;
                }
                w = strndup_or_null(p, n);
                if (!w)
                        return -ENOMEM;
                p += n;
                r = consoles_expand(w, &ttys);
                if (r == -EDOM || r == -E2BIG) {
                        strv_done(&ttys);
                        r = strv_pushf(&s->info->notes, "%s: ACTIVE_CONSOLES word '%s' is a pattern domufix "
                                                        "does not expand: not counted", source, w);
                        if (r < 0)
                                return r;
                        continue;
                }
                for (size_t i = 0; r >= 0 && i < ttys.n; i++) {
                        const char *tty = ttys.v[i];

                        if (strneq(tty, "/dev/", 5) && tty[5])
                                tty += 5;
                        r = add_getty(s->info, tty, strlen(tty), source);
                }
                strv_done(&ttys);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---- putting it together ---- */

/* "tty1, xvc0": the ttys of an info, for notes. */
static int ttys_joined(const struct init_info *i, char **ret)
{
        struct strbuf b = {0};
        int r = 0;

        for (size_t k = 0; r >= 0 && k < i->getty_ttys.n; k++)
                r = strbuf_printf(&b, "%s%s", k ? ", " : "", i->getty_ttys.v[k]);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        strbuf_done(&b);
        return r;
}

/* The profile's Upstart directory is missing: say so when /etc/inittab has gettys instead. */
static int note_missing_dir(struct scan *s, const char *dir)
{
        struct init_info other = {0};
        _cleanup_free_ char *ttys = NULL;
        bool exists = false;
        int r;

        r = inittab_scan(s->g, "/etc/inittab", &other, &exists);
        if (r >= 0 && other.getty_ttys.n > 0)
                r = ttys_joined(&other, &ttys);
        if (r >= 0 && ttys)
                r = strv_pushf(&s->info->notes,
                               "the profile says %s, but the guest has no %s and /etc/inittab runs gettys (%s): "
                               "the profile's init system is kept; check the profile",
                               init_system_to_string(s->p->init), dir, ttys);
        init_info_done(&other);
        return r;
}

static int static_dev_scan(const struct guest_root *g, struct init_info *info)
{
        bool dev;
        int k;

        /*
         * A guest without /dev in its root (an image tree, a partial mount)
         * tells nothing about how it gets device nodes: no static /dev then.
         */
        k = path_exists(g, "/dev", &dev);
        if (k < 0 || !dev)
                return k < 0 ? k : 0;
        for (size_t i = 0; i < ARRAY_SIZE(udev_paths); i++) {
                bool exists;
                int r = path_exists(g, udev_paths[i], &exists);

                if (r < 0)
                        return r;
                if (exists)
                        return 0;
        }
        info->static_dev = true;
        return strv_push(&info->notes, "the guest has /dev but no udev (no udevd, udevadm, /lib/udev or /etc/udev): /dev "
                                       "is static, so device nodes such as /dev/hvc0 must exist in it");
}

static int scan_sysvinit(struct scan *s)
{
        const char *path = s->p->getty_file ? s->p->getty_file : "/etc/inittab";
        bool exists = false, other = false;
        int r;

        r = inittab_scan(s->g, path, s->info, &exists);
        if (r < 0 || exists)
                return r;
        r = path_exists(s->g, "/etc/init", &other);
        if (r >= 0 && !other)
                r = path_exists(s->g, "/etc/event.d", &other);
        if (r >= 0)
                r = strv_pushf(&s->info->notes, "the profile says sysvinit, but the guest has no %s%s", path,
                               other ? " (it has Upstart job directories): the profile's init system is kept; "
                                       "check the profile"
                                     : "");
        return r;
}

static int scan_eventd(struct scan *s)
{
        const char *dir = s->p->getty_file ? s->p->getty_file : "/etc/event.d";
        bool exists = false;
        int r;

        r = job_dir_scan(s, dir, false, eventd_job, &exists);
        if (r >= 0 && !exists)
                r = note_missing_dir(s, dir);
        return r;
}

static int scan_init(struct scan *s)
{
        const char *dir = s->p->getty_file ? s->p->getty_file : "/etc/init";
        bool exists = false, leftovers = false;
        int r;

        r = job_dir_scan(s, dir, true, init_job, &exists);
        if (r >= 0)
                r = active_consoles_scan(s);
        if (r >= 0 && !streq(dir, "/etc/event.d"))
                r = job_dir_scan(s, "/etc/event.d", false, leftover_job, &leftovers);
        if (r >= 0 && !exists)
                r = note_missing_dir(s, dir);
        return r;
}

int init_scan(const struct guest_root *g, const struct profile *p, struct init_info *ret)
{
        struct init_info info = {.init = p->init};
        struct scan s = {.g = g, .p = p, .info = &info};
        int r;

        switch (p->init) {
        case INIT_SYSVINIT:
                r = scan_sysvinit(&s);
                break;
        case INIT_UPSTART_EVENTD:
                r = scan_eventd(&s);
                break;
        case INIT_UPSTART_INIT:
                r = scan_init(&s);
                break;
        case INIT_SYSTEMD:
                /* serial-getty@.service serves the console= device by itself. */
                info.console_getty_auto = true;
                r = 0;
                break;
        default:
                r = 0;
                break;
        }
        if (r >= 0)
                r = static_dev_scan(g, &info);
        scan_done(&s);
        if (r < 0) {
                init_info_done(&info);
                return r;
        }
        info.console_getty_auto = info.console_getty_auto || p->console_getty_auto;
        *ret = info;
        return 0;
}

void init_info_done(struct init_info *i)
{
        if (!i)
                return;
        strv_done(&i->getty_ttys);
        strv_done(&i->getty_sources);
        free(i->model_path);
        free(i->model_text);
        free(i->model_tty);
        strv_done(&i->notes);
        *i = (struct init_info){0};
}

bool init_has_getty(const struct init_info *i, const char *tty)
{
        return strv_contains(&i->getty_ttys, tty);
}
