/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "devname.h"
#include "initrd-cmd.h"
#include "initrd-rebuild.h"
#include "log.h"

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

/* ROOT/BIND on the host, quoted for the shell. */
static int bind_target(const char *prefix, const char *bind, char **ret)
{
        _cleanup_free_ char *target = NULL;

        if (asprintf(&target, "%s%s", prefix, bind) < 0)
                return -ENOMEM;
        return initrd_shell_quote(target, ret);
}

int initrd_cmd_chroot(const struct profile *p, const char *root, const char *command, char **ret)
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
                _cleanup_free_ char *t = NULL;

                r = bind_target(prefix, binds->v[i], &t);
                if (r >= 0)
                        r = strbuf_printf(&b, "mount --bind %s %s && ", binds->v[i], t);
        }
        if (r >= 0)
                r = strbuf_printf(&b, "chroot %s %s", qroot, command);
        if (r >= 0 && binds->n > 0)
                r = strbuf_puts(&b, "; umount");
        for (size_t i = binds->n; i-- > 0 && r >= 0;) {
                _cleanup_free_ char *t = NULL;

                r = bind_target(prefix, binds->v[i], &t);
                if (r >= 0)
                        r = strbuf_printf(&b, " %s", t);
        }
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

int initrd_cmd_for_kernel(const struct profile *p, const struct kernel *k, const struct initrd_cmd_options *o,
                          char **ret)
{
        _cleanup_free_ char *image = NULL, *cmd = NULL;
        struct initrd_rebuild_extra x = {.blkfront = k->blkfront, .root_device = o ? o->root_device : NULL};
        int r;

        r = initrd_rebuild_image(p, k, &image);
        if (r >= 0)
                r = initrd_rebuild_command(p, k->version, image, &x, &cmd);
        if (r < 0)
                return r;
        if (root_is_guest(o ? o->root : NULL)) {
                *ret = TAKE_PTR(cmd);
                return 0;
        }
        return initrd_cmd_chroot(p, o->root, cmd, ret);
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

int initrd_rebuild_step(const struct facts *f, const char *root, char **ret)
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
        r = initrd_cmd_for_kernel(p, f->target, &o, &cmd);
        if (r == -ENOENT || r == -EINVAL) {
                error_clear(); /* no name for the initrd: nothing to give */
                return 0;
        }
        if (r < 0)
                return r;
        if (asprintf(ret, "after apply, rebuild the initrd of %s%s: %s", f->target->version,
                     root_is_guest(root) ? "" : " from the host, in a chroot", cmd) < 0) {
                *ret = NULL;
                return -ENOMEM;
        }
        return 0;
}
