/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>

#include "fd-util.h"
#include "initrd-conf.h"
#include "log.h"
#include "shell-assign.h"
#include "text-file.h"

#define BLKFRONT "xen-blkfront"
#define NETFRONT "xen-netfront"

bool initrd_module_is(const char *word, size_t len, const char *name)
{
        size_t n = strlen(name);

        if (len != n)
                return false;
        for (size_t i = 0; i < n; i++) {
                char a = word[i] == '_' ? '-' : word[i], b = name[i] == '_' ? '-' : name[i];

                if (a != b)
                        return false;
        }
        return true;
}

static void setting_done(struct initrd_setting *s)
{
        free(s->path);
        *s = (struct initrd_setting){0};
}

static int setting_set(struct initrd_setting *s, const char *path, size_t line)
{
        char *p = strdup(path);

        if (!p)
                return -ENOMEM;
        free(s->path);
        s->path = p;
        s->line = line;
        return 0;
}

void initrd_conf_done(struct initrd_conf *c)
{
        free(c->dracut_dropin);
        setting_done(&c->dracut_reset);
        strv_done(&c->dracut_omit);
        strv_done(&c->dracut_unread);
        free(c->itools_modules);
        setting_done(&c->itools_modules_at);
        free(c->suse_target_why);
        free(c->root_spec);
        *c = (struct initrd_conf){0};
}

/*
 * Read a guest text file. *ret is NULL when it is missing; a file the guest
 * root refuses (a FIFO, a device, a dangling link...) is noted in unread (if
 * given) and also gives NULL. Only -ENOMEM fails.
 */
static int read_text(const struct guest_root *g, const char *path, struct strv *unread, struct text **ret)
{
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        int r;

        *ret = NULL;
        error_clear();
        r = guest_file_read(g, path, &f);
        if (r == -ENOMEM)
                return r;
        if (r == -ENOENT && !error_get())
                return 0;
        if (r < 0) {
                int k = 0;

                if (unread)
                        k = strv_pushf(unread, "%s: not read", error_get() ? error_get() : path);
                error_clear();
                return k;
        }
        return text_new(f->data, f->size, ret);
}

static int name_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The entries of a guest directory accepted by keep(), sorted by name (as a
 * shell glob sorts them in the C locale), each as a full path "DIR/NAME".
 * A missing directory gives an empty list and *ret_exists false.
 */
static int list_dir(const struct guest_root *g, const char *dir, bool (*keep)(const char *name),
                    struct strv *unread, struct strv *ret, bool *ret_exists)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_(strv_done) struct strv names = {0};
        struct strv paths = {0};
        bool exists = false;
        DIR *d;
        int fd, r;

        *ret = (struct strv){0};
        *ret_exists = false;
        error_clear();
        r = guest_resolve(g, dir, &canonical, &exists);
        if (r == -ENOENT && !error_get())
                return 0;
        if (r < 0 || !exists) {
                error_clear();
                return r == -ENOMEM ? r : 0;
        }
        r = guest_open_canonical(g, canonical, O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0, &fd);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                error_clear();
                return strv_pushf(unread, "'%s' is not a directory that can be read: its files were not read",
                                  dir);
        }
        r = fd_opendir(fd, &d);
        if (r < 0)
                return r;
        for (;;) {
                struct dirent *de = fd_readdir(d, &r);

                if (!de)
                        break;
                if (de->d_name[0] == '.' || !keep(de->d_name))
                        continue;
                if (names.n >= INITRD_CONF_DIR_MAX) {
                        r = strv_pushf(unread, "'%s' holds more than %d files: only %d were read", dir,
                                       INITRD_CONF_DIR_MAX, INITRD_CONF_DIR_MAX);
                        break;
                }
                r = strv_push(&names, de->d_name);
                if (r < 0)
                        break;
        }
        closedir(d);
        if (r < 0)
                return r;
        if (names.n)
                qsort(names.v, names.n, sizeof(names.v[0]), name_cmp);
        for (size_t i = 0; i < names.n; i++) {
                r = strv_pushf(&paths, "%s/%s", dir, names.v[i]);
                if (r < 0) {
                        strv_done(&paths);
                        return r;
                }
        }
        *ret = paths;
        *ret_exists = true;
        return 0;
}

static const char *base_name(const char *path)
{
        const char *s = strrchr(path, '/');

        return s ? s + 1 : path;
}

/* ---------------------------------------------------------------------- */
/* dracut */

/* Which of the two frontends a driver list holds. */
struct drivers {
        bool blk, net;
};

static bool dracut_conf_name(const char *name)
{
        size_t n = strlen(name);

        return n > 5 && streq(name + n - 5, ".conf");
}

static bool is_name_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool initrd_words_self(const struct strv *words, const char *name)
{
        size_t n = strlen(name);

        for (size_t i = 0; i < words->n; i++) {
                const char *w = words->v[i];

                /* "$add_drivers", "${add_drivers}", with or without the quotes around */
                while (*w == '"' || *w == '\'')
                        w++;
                if (*w != '$')
                        continue;
                w++;
                if (*w == '{')
                        w++;
                if (strneq(w, name, n) && !is_name_char(w[n]))
                        return true;
        }
        return false;
}

void initrd_words_frontends(const struct strv *words, bool *blk, bool *net)
{
        for (size_t i = 0; i < words->n; i++) {
                const char *w = words->v[i];
                size_t len = strlen(w);

                /* Quotes of a mixed value stay on its words: look past them, and past a '?'. */
                while (len && (*w == '"' || *w == '\'')) {
                        w++;
                        len--;
                }
                while (len && (w[len - 1] == '"' || w[len - 1] == '\'' || w[len - 1] == '?'))
                        len--;
                if (initrd_module_is(w, len, BLKFRONT))
                        *blk = true;
                if (initrd_module_is(w, len, NETFRONT))
                        *net = true;
        }
}

struct dracut_eval {
        struct drivers add, force, only; /* add_drivers, force_drivers, drivers */
        bool after_dropin;               /* reading files that dracut reads after the drop-in */
};

static int dracut_read_file(const char *path, const struct text *t, struct dracut_eval *ev, struct initrd_conf *c)
{
        _cleanup_(shell_assigns_done) struct shell_assigns all = {0};
        int r;

        r = shell_assigns_parse_flags(t, SHELL_PARSE_BASH | SHELL_PARSE_CRLF, &all);
        for (size_t i = 0; i < all.n && r >= 0; i++) {
                const struct shell_assign *a = &all.v[i];
                _cleanup_(strv_done) struct strv words = {0};
                struct drivers *d = NULL;
                const char *name = NULL;

                if (!a->alone)
                        continue;
                if (streq(a->name, "add_drivers"))
                        d = &ev->add, name = "add_drivers";
                else if (streq(a->name, "force_drivers"))
                        d = &ev->force, name = "force_drivers";
                else if (streq(a->name, "drivers"))
                        d = &ev->only, name = "drivers";
                else if (!streq(a->name, "omit_drivers"))
                        continue;

                r = shell_assign_words(t, a, &words);
                if (r < 0)
                        break;
                if (a->value.unterminated) {
                        r = strv_pushf(&c->dracut_unread, "'%s' line %zu: the value of %s has no end: it was read "
                                                          "to the end of the file",
                                       path, a->line + 1, name ? name : "omit_drivers");
                        if (r < 0)
                                break;
                }
                if (!d) {
                        for (size_t w = 0; w < words.n && r >= 0; w++)
                                if (strstr(words.v[w], "blkfront") || strstr(words.v[w], "netfront"))
                                        r = strv_pushf(&c->dracut_omit, "'%s' line %zu: omit_drivers names '%s'",
                                                       path, a->line + 1, words.v[w]);
                        continue;
                }
                if (!a->append && !initrd_words_self(&words, name)) {
                        *d = (struct drivers){0};
                        if (d == &ev->add && ev->after_dropin)
                                r = setting_set(&c->dracut_reset, path, a->line + 1);
                }
                initrd_words_frontends(&words, &d->blk, &d->net);
        }
        return r;
}

static int dracut_scan(const struct guest_root *g, const struct profile *p, struct initrd_conf *c)
{
        _cleanup_(strv_done) struct strv files = {0};
        struct dracut_eval ev = {0};
        int r;

        c->dracut = true;
        if (p->initrd_modules_dir) {
                if (asprintf(&c->dracut_dropin, "%s/%s", p->initrd_modules_dir, INITRD_DRACUT_DROPIN) < 0) {
                        c->dracut_dropin = NULL;
                        return -ENOMEM;
                }
                r = list_dir(g, p->initrd_modules_dir, dracut_conf_name, &c->dracut_unread, &files,
                             &c->dracut_dir);
                if (r < 0)
                        return r;
        }

        for (size_t i = 0; i <= files.n; i++) {
                _cleanup_(text_freep) struct text *t = NULL;
                const char *path = i == 0 ? p->initrd_modules_file : files.v[i - 1];

                if (!path)
                        continue;
                /* The drop-in's own place in the order: files after it can undo it. */
                ev.after_dropin = i > 0 && strcmp(base_name(path), INITRD_DRACUT_DROPIN) > 0;
                r = read_text(g, path, &c->dracut_unread, &t);
                if (r < 0)
                        return r;
                if (t) {
                        r = dracut_read_file(path, t, &ev, c);
                        if (r < 0)
                                return r;
                }
        }
        c->dracut_blkfront = ev.add.blk || ev.force.blk || ev.only.blk;
        c->dracut_netfront = ev.add.net || ev.force.net || ev.only.net;
        return 0;
}

/* ---------------------------------------------------------------------- */
/* initramfs-tools */

/* The names mkinitramfs sources from a conf.d directory. */
static bool itools_conf_name(const char *name)
{
        if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
              (name[0] >= '0' && name[0] <= '9')))
                return false;
        for (const char *s = name; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                      *s == '.' || *s == '_' || *s == '-'))
                        return false;
        return !strstr(name, ".dpkg-") && !strstr(name, ".ucf-");
}

static int itools_read_file(const char *path, const struct text *t, struct initrd_conf *c)
{
        _cleanup_(shell_assigns_done) struct shell_assigns all = {0};
        int r;

        r = shell_assigns_parse_flags(t, SHELL_PARSE_BASH | SHELL_PARSE_CRLF, &all);
        for (size_t i = 0; i < all.n && r >= 0; i++) {
                const struct shell_assign *a = &all.v[i];
                char *v;

                if (!a->alone || !streq(a->name, "MODULES"))
                        continue;
                v = strndup_or_null(t->data + a->inner, a->inner_end - a->inner);
                if (!v)
                        return -ENOMEM;
                free(c->itools_modules);
                c->itools_modules = v;
                c->itools_modules_literal = a->literal && !a->append && a->form != SHELL_FORM_ARRAY &&
                                            !strpbrk(v, " \t");
                r = setting_set(&c->itools_modules_at, path, a->line + 1);
        }
        return r;
}

static int itools_scan(const struct guest_root *g, const struct profile *p, struct initrd_conf *c)
{
        _cleanup_free_ char *confdir = NULL, *conf = NULL, *confd = NULL;
        const char *slash;
        int r;

        c->itools = true;
        /* CONFDIR is the directory of the modules file: /etc/initramfs-tools. */
        slash = p->initrd_modules_file ? strrchr(p->initrd_modules_file, '/') : NULL;
        confdir = slash && slash != p->initrd_modules_file
                          ? strndup_or_null(p->initrd_modules_file, (size_t)(slash - p->initrd_modules_file))
                          : strdup("/etc/initramfs-tools");
        if (!confdir || asprintf(&conf, "%s/initramfs.conf", confdir) < 0 ||
            asprintf(&confd, "%s/conf.d", confdir) < 0)
                return -ENOMEM;

        {
                _cleanup_(text_freep) struct text *t = NULL;

                r = read_text(g, conf, NULL, &t);
                if (r >= 0 && t)
                        r = itools_read_file(conf, t, c);
                if (r < 0)
                        return r;
        }
        for (int d = 0; d < 2; d++) {
                _cleanup_(strv_done) struct strv files = {0}, unread = {0};
                bool exists;

                r = list_dir(g, d == 0 ? "/usr/share/initramfs-tools/conf.d" : confd, itools_conf_name, &unread,
                             &files, &exists);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < files.n; i++) {
                        _cleanup_(text_freep) struct text *t = NULL;

                        r = read_text(g, files.v[i], NULL, &t);
                        if (r >= 0 && t)
                                r = itools_read_file(files.v[i], t, c);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* ---------------------------------------------------------------------- */
/* SUSE mkinitrd */

static bool text_has_line(const struct text *t, const char *s)
{
        size_t n = strlen(s);

        for (size_t i = 0; i < t->n_lines; i++)
                if (t->lines[i].len == n && memcmp(t->lines[i].s, s, n) == 0)
                        return true;
        return false;
}

static int suse_scan(const struct guest_root *g, const struct kernel *k, struct initrd_conf *c)
{
        _cleanup_free_ char *build_config = NULL;
        int r;

        c->suse = true;
        if (!k)
                return 0;
        if (asprintf(&build_config, "/lib/modules/%s/build/.config", k->version) < 0)
                return -ENOMEM;
        /* As mkinitrd's is_xen_kernel(): the first readable config decides. */
        for (int i = 0; i < 2; i++) {
                _cleanup_(text_freep) struct text *t = NULL;
                const char *path = i == 0 ? k->config : build_config;

                if (!path)
                        continue;
                r = read_text(g, path, NULL, &t);
                if (r < 0)
                        return r;
                if (!t)
                        continue;
                c->suse_target_xen = text_has_line(t, "CONFIG_XEN=y");
                if (asprintf(&c->suse_target_why, "%s has %sCONFIG_XEN=y", path, c->suse_target_xen ? "" : "no ") <
                    0) {
                        c->suse_target_why = NULL;
                        return -ENOMEM;
                }
                return 0;
        }
        c->suse_target_xen = strstr(k->version, "-xen") != NULL;
        if (asprintf(&c->suse_target_why, "no kernel config, and the version %s %s \"-xen\"", k->version,
                     c->suse_target_xen ? "contains" : "does not contain") < 0) {
                c->suse_target_why = NULL;
                return -ENOMEM;
        }
        return 0;
}

/* ---------------------------------------------------------------------- */

static int fstab_root(const struct guest_root *g, struct initrd_conf *c)
{
        _cleanup_(text_freep) struct text *t = NULL;
        int r;

        r = read_text(g, "/etc/fstab", NULL, &t);
        if (r < 0 || !t)
                return r;
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                size_t a = 0, b, m, e;

                if (line_is_blank(l) || line_is_comment(l))
                        continue;
                while (a < l->len && (l->s[a] == ' ' || l->s[a] == '\t'))
                        a++;
                b = a;
                while (b < l->len && l->s[b] != ' ' && l->s[b] != '\t')
                        b++;
                m = b;
                while (m < l->len && (l->s[m] == ' ' || l->s[m] == '\t'))
                        m++;
                e = m;
                while (e < l->len && l->s[e] != ' ' && l->s[e] != '\t' && l->s[e] != '\r')
                        e++;
                if (e - m == 1 && l->s[m] == '/' && b > a) {
                        c->root_spec = strndup_or_null(l->s + a, b - a);
                        return c->root_spec ? 0 : -ENOMEM;
                }
        }
        return 0;
}

int initrd_conf_scan(const struct guest_root *g, const struct profile *p, const struct kernel *target,
                     struct initrd_conf *ret)
{
        struct initrd_conf c = {0};
        const char *tool = p ? p->initrd_tool : NULL;
        int r = 0;

        if (tool && streq(tool, "dracut"))
                r = dracut_scan(g, p, &c);
        else if (tool && streq(tool, "initramfs-tools"))
                r = itools_scan(g, p, &c);
        else if (tool && streq(tool, "mkinitrd-suse"))
                r = suse_scan(g, target, &c);
        if (r >= 0)
                r = fstab_root(g, &c);
        if (r < 0) {
                initrd_conf_done(&c);
                *ret = (struct initrd_conf){0};
                return r;
        }
        *ret = c;
        return 0;
}
