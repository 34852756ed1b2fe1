/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Debian/Ubuntu /etc/initramfs-tools/modules (tool "initramfs-tools"): one
 * module per line ("name [args]"), '#' comments. mkinitramfs adds each with
 * modprobe --show-depends, quietly skipping a name the kernel lacks, so a
 * pvops name listed here costs the Xenlinux kernel nothing.
 *
 * Whether the list matters depends on MODULES in initramfs.conf (and its
 * conf.d), which facts->initrd_conf has read:
 *   most (the default)  all of drivers/block goes in, xen-blkfront with it:
 *                       nothing is added, a note says why;
 *   dep                 only the drivers of the disk the RUNNING system
 *                       (the Xenlinux kernel, or the host in a chroot) boots
 *                       from: xen-blkfront must be listed;
 *   list, netboot       no disk driver unless listed: likewise;
 *   anything else       mkinitramfs does not know it: listed to be safe.
 * xen-blkfront and xen-netfront are appended at the end of the file when
 * missing (in either spelling, '-' or '_'); a missing file is created with
 * them. Nothing else is touched.
 */
#include <string.h>

#include "initrd-conf.h"
#include "macro.h"
#include "rewrite/initrd-common.h"

#define TOOL "initramfs-tools"

static bool is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r';
}

/* Why MODULES makes the list needed. */
static const char *modules_why(const char *value)
{
        if (streq(value, "dep"))
                return "the initramfs gets only the drivers of the disk the running system boots from (the "
                       "Xenlinux kernel's, or the host's in a chroot), not the pvops block frontend";
        if (streq(value, "list"))
                return "only the modules listed here go into the initramfs";
        if (streq(value, "netboot"))
                return "no disk driver goes into the initramfs unless listed here";
        return "initramfs-tools does not know this value; listed here the frontends go in whatever it means";
}

static int debian_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                          struct rewrite_out *out)
{
        const struct initrd_conf *c = &facts->initrd_conf;
        _cleanup_free_ char *where = NULL, *value = NULL, *reason = NULL;
        bool wanted, blk = false, net = false;
        int r;

        r = initrd_rewrite_wanted(facts, TOOL, path, out, &wanted);
        if (r < 0 || !wanted)
                return r;

        if (c->itools_modules_at.path) {
                if (asprintf(&where, "%s line %zu", c->itools_modules_at.path, c->itools_modules_at.line) < 0) {
                        where = NULL;
                        return -ENOMEM;
                }
        } else {
                where = strdup("not set: the default");
                if (!where)
                        return -ENOMEM;
        }
        value = strdup(c->itools_modules ? c->itools_modules : "most");
        if (!value)
                return -ENOMEM;
        if (!c->itools_modules || (c->itools_modules_literal && streq(value, "most")))
                return strv_pushf(&out->notes,
                                  "'%s': nothing to add: MODULES=most (%s) puts all of drivers/block, "
                                  "xen-blkfront included, into the initramfs",
                                  path, where);

        for (size_t i = 0; i < in->n_lines && exists; i++) {
                const struct line *l = &in->lines[i];
                size_t a = 0, b;

                if (line_is_comment(l))
                        continue;
                while (a < l->len && is_blank(l->s[a]))
                        a++;
                b = a;
                while (b < l->len && !is_blank(l->s[b]))
                        b++;
                if (initrd_module_is(l->s + a, b - a, INITRD_BLKFRONT))
                        blk = true;
                if (initrd_module_is(l->s + a, b - a, INITRD_NETFRONT))
                        net = true;
        }
        if (blk && net)
                return strv_pushf(&out->notes, "'%s': lists %s and %s already (MODULES=%s)", path, INITRD_BLKFRONT,
                                  INITRD_NETFRONT, value);

        if (asprintf(&reason, "MODULES=%s (%s): %s; a kernel without a listed module skips it", value, where,
                     modules_why(c->itools_modules_literal ? value : "")) < 0) {
                reason = NULL;
                return -ENOMEM;
        }
        if (!blk)
                r = edit_list_insert(&out->edits, in->n_lines, INITRD_BLKFRONT, reason);
        if (r >= 0 && !net)
                r = edit_list_insert(&out->edits, in->n_lines, INITRD_NETFRONT, reason);
        if (r < 0)
                return r;
        if (!exists) {
                out->create = true;
                out->create_mode = 0644;
        }
        out->rebuild_initrd = true;
        return 0;
}

static int debian_list_paths(const struct guest_root *g _unused_, const struct facts *facts, struct strv *ret)
{
        return initrd_modules_file_path(facts, TOOL, ret);
}

const struct rewriter rewriter_initrd_debian = {
        .name = "initrd-initramfs-tools",
        .paths = NULL,
        .rewrite = debian_rewrite,
        .list_paths = debian_list_paths,
};
