/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "devname.h"
#include "initrd-cmd.h"
#include "log.h"

static bool shell_safe(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_./:=@%+,-", c);
}

int initrd_shell_quote(const char *word, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        bool safe = *word != '\0';
        int r;

        for (const char *s = word; *s && safe; s++)
                safe = shell_safe(*s);
        if (safe)
                return strdup_checked(word, ret);

        r = strbuf_putc(&b, '\'');
        for (const char *s = word; *s && r >= 0; s++)
                r = *s == '\'' ? strbuf_puts(&b, "'\\''") : strbuf_putc(&b, *s);
        if (r >= 0)
                r = strbuf_putc(&b, '\'');
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

/* cmd with " opt" put after its first word (the program), or at the end. */
static int insert_option(char **cmd, const char *opt)
{
        size_t at = strcspn(*cmd, " \t");
        char *n = NULL;

        if (asprintf(&n, "%.*s %s%s", (int)at, *cmd, opt, *cmd + at) < 0)
                return -ENOMEM;
        free(*cmd);
        *cmd = n;
        return 0;
}

static bool root_is_guest(const char *root)
{
        return !root || streq(root, "/");
}

/* The root as it goes into a path on the host: no trailing slash ("/mnt/g/" -> "/mnt/g"). */
static int root_prefix(const char *root, char **ret)
{
        size_t n = strlen(root);

        while (n > 1 && root[n - 1] == '/')
                n--;
        *ret = strndup_or_null(root, n);
        return *ret ? 0 : -ENOMEM;
}

static int chroot_form(const struct profile *p, const char *root, const char *inner, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        _cleanup_free_ char *prefix = NULL, *qroot = NULL;
        const struct strv *binds = &p->initrd_chroot_binds;
        int r;

        r = root_prefix(root, &prefix);
        if (r >= 0)
                r = initrd_shell_quote(prefix, &qroot);
        if (r < 0)
                return r;

        if (p->initrd_chroot_prepare)
                r = strbuf_printf(&b, "%s && ", p->initrd_chroot_prepare);
        for (size_t i = 0; i < binds->n && r >= 0; i++) {
                _cleanup_free_ char *target = NULL, *qtarget = NULL;

                if (asprintf(&target, "%s%s", prefix, binds->v[i]) < 0)
                        return -ENOMEM;
                r = initrd_shell_quote(target, &qtarget);
                if (r >= 0)
                        r = strbuf_printf(&b, "mount --bind %s %s && ", binds->v[i], qtarget);
        }
        if (r >= 0)
                r = strbuf_printf(&b, "chroot %s %s", qroot, inner);
        if (r >= 0 && binds->n > 0) {
                r = strbuf_puts(&b, "; umount");
                for (size_t i = binds->n; i-- > 0 && r >= 0;) {
                        _cleanup_free_ char *target = NULL, *qtarget = NULL;

                        if (asprintf(&target, "%s%s", prefix, binds->v[i]) < 0)
                                return -ENOMEM;
                        r = initrd_shell_quote(target, &qtarget);
                        if (r >= 0)
                                r = strbuf_printf(&b, " %s", qtarget);
                }
        }
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

int initrd_rebuild_command(const struct profile *p, const struct kernel *k, const struct initrd_cmd_options *o,
                           char **ret)
{
        _cleanup_free_ char *initrd = NULL, *cmd = NULL;
        const char *tool;
        int r;

        if (!p || !k || !ret)
                return -EINVAL;
        tool = p->initrd_tool ? p->initrd_tool : "none";
        if (streq(tool, "none") || !p->initrd_rebuild) {
                error_set("profile %s has no command that builds an initrd", p->name);
                return -EOPNOTSUPP;
        }

        if (k->initrd)
                r = strdup_checked(k->initrd, &initrd);
        else if (p->initrd_images.n > 0)
                r = profile_expand(p->initrd_images.v[0], k->version, NULL, &initrd);
        else
                r = 0;
        if (r < 0)
                return r;
        r = profile_expand(p->initrd_rebuild, k->version, initrd, &cmd);
        if (r < 0)
                return r;

        if (streq(tool, "mkinitrd-redhat") && k->blkfront == 1)
                r = insert_option(&cmd, "--builtin=xen-blkfront");
        else if (streq(tool, "mkinitrd-suse") && o && o->root_device) {
                _cleanup_free_ char *q = NULL, *opt = NULL;

                r = initrd_shell_quote(o->root_device, &q);
                if (r >= 0 && asprintf(&opt, "-d %s", q) < 0)
                        r = -ENOMEM;
                if (r >= 0)
                        r = insert_option(&cmd, opt);
        }
        if (r < 0)
                return r;

        if (root_is_guest(o ? o->root : NULL)) {
                *ret = TAKE_PTR(cmd);
                return 0;
        }
        return chroot_form(p, o->root, cmd, ret);
}

int initrd_root_device(const struct facts *f, char **ret)
{
        const char *spec = f->initrd_conf.root_spec;
        enum devname_kind kind;
        char *mapped = NULL;
        int r;

        *ret = NULL;
        if (!spec || !strneq(spec, "/dev/", 5))
                return 0;
        r = devname_map(&f->devmap, spec, strlen(spec), &kind, &mapped);
        if (r < 0)
                return r;
        if (kind == DEVNAME_MAPPED) {
                *ret = mapped;
                return 0;
        }
        free(mapped);
        if (kind == DEVNAME_XVD)
                return strdup_checked(spec, ret);
        return 0;
}

int initrd_rebuild_step(const struct facts *f, const char *root, bool missing, char **ret)
{
        _cleanup_free_ char *dev = NULL, *cmd = NULL;
        struct initrd_cmd_options o = {.root = root};
        const struct profile *p = f->profile;
        int r;

        *ret = NULL;
        if (!f->target || !p || !p->initrd_tool || streq(p->initrd_tool, "none") || !p->initrd_rebuild)
                return 0;
        r = initrd_root_device(f, &dev);
        if (r < 0)
                return r;
        o.root_device = dev;
        r = initrd_rebuild_command(p, f->target, &o, &cmd);
        if (r == -EINVAL) {
                error_clear();
                return 0;
        }
        if (r < 0)
                return r;
        if (asprintf(ret, "%s%s%s: %s", missing ? "no initrd of " : "after apply, rebuild the initrd of ",
                     f->target->version,
                     missing ? (root_is_guest(root) ? " was found: build it" : " was found: build it from the host, "
                                                                              "in a chroot")
                             : (root_is_guest(root) ? "" : " from the host, in a chroot"),
                     cmd) < 0) {
                *ret = NULL;
                return -ENOMEM;
        }
        return 0;
}
