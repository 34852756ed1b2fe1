/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dracut's add_drivers (tool "dracut"): /etc/dracut.conf and the drop-ins
 * of /etc/dracut.conf.d (the profile's modules-file and modules-dir).
 *
 * dracut builds host-only images by default on kernel installs of RHEL 6
 * and of Fedora 19 on: only the drivers the running system uses go in,
 * which under the Xenlinux kernel (or on the host, in a chroot) is not the
 * pvops xen-blkfront. add_drivers always goes in. facts->initrd_conf has
 * evaluated every file dracut sources, in its order; when the drivers dracut
 * ends up with include xen-blkfront and xen-netfront (in any file, in
 * add_drivers, force_drivers or drivers), nothing changes. Otherwise:
 *  - with modules-dir present, the missing ones go into a drop-in of
 *    domufix's own, modules-dir/xen-domufix.conf, created with a comment
 *    and one line add_drivers+=" xen-blkfront xen-netfront " (or, if the
 *    admin kept that file, appended to it);
 *  - without it (the earliest dracut), that line is appended to
 *    modules-file.
 * "+=" with blanks inside the quotes is the form dracut documents for
 * drop-ins: it adds to what the other files say. Warnings: a later drop-in
 * that sets add_drivers= (and so would drop ours), omit_drivers naming a
 * frontend, values domufix could not read.
 *
 * A dracut that does not find an add_drivers module for a kernel fails the
 * build; a dracut guest keeping a Xenlinux kernel is unusual (dracut
 * arrived with pvops kernels), and its initrd is already built.
 */
#include <string.h>

#include "initrd-conf.h"
#include "macro.h"
#include "rewrite/initrd-common.h"

#define TOOL "dracut"
#define REASON                                                                                                \
        "dracut's host-only builds (the default of kernel installs on RHEL 6 and Fedora 19 on) take only the " \
        "drivers the running system uses, not the pvops frontends; add_drivers always goes in"

static int dracut_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                          struct rewrite_out *out)
{
        const struct initrd_conf *c = &facts->initrd_conf;
        const struct profile *p = facts->profile;
        _cleanup_free_ char *words = NULL, *line = NULL, *reason = NULL;
        bool wanted, dropin, main_file;
        int r;

        dropin = c->dracut_dropin && streq(path, c->dracut_dropin);
        main_file = p && p->initrd_modules_file && streq(path, p->initrd_modules_file);
        if (!main_file && (!facts->target || facts->target->flavor == FLAVOR_XENLINUX))
                return 0; /* the note goes with the main file */
        r = initrd_rewrite_wanted(facts, TOOL, path, out, &wanted);
        if (r < 0 || !wanted)
                return r;

        if (main_file) {
                /* Said once, with the first file. */
                r = strv_extend(&out->warnings, &c->dracut_omit);
                if (r >= 0)
                        r = strv_extend(&out->warnings, &c->dracut_unread);
                if (r < 0)
                        return r;
        }
        if (c->dracut_blkfront && c->dracut_netfront)
                return main_file ? strv_pushf(&out->notes,
                                              "'%s': dracut's configuration adds %s and %s already", path,
                                              INITRD_BLKFRONT, INITRD_NETFRONT)
                                 : 0;
        /* The drop-in when its directory exists, else the main file. */
        if (c->dracut_dir ? !dropin : !main_file)
                return 0;
        if (!exists && !dropin)
                return strv_pushf(&out->warnings,
                                  "'%s' does not exist, nor does %s: nothing makes dracut add %s to the "
                                  "initramfs of a kernel installed later (the rebuild command passes it)",
                                  path, p->initrd_modules_dir ? p->initrd_modules_dir : "a drop-in directory",
                                  INITRD_BLKFRONT);

        r = initrd_missing_words(c->dracut_blkfront, c->dracut_netfront, "", &words);
        if (r < 0)
                return r;
        if (exists && !initrd_shell_ends_clean(in))
                return strv_pushf(&out->warnings,
                                  "'%s' ends inside an unterminated quote: add_drivers+=\" %s \" not added; add it "
                                  "by hand, or the initramfs of %s may lack them",
                                  path, words, facts->target->version);
        if (asprintf(&reason, "add %s to add_drivers: %s", words, REASON) < 0) {
                reason = NULL;
                return -ENOMEM;
        }
        if (asprintf(&line, "add_drivers+=\" %s \"", words) < 0) {
                line = NULL;
                return -ENOMEM;
        }
        if (!exists) {
                r = edit_list_insert(&out->edits, 0,
                                     "# Added by domufix: the pvops Xen frontends, which host-only initramfs "
                                     "images",
                                     reason);
                if (r >= 0)
                        r = edit_list_insert(&out->edits, 0,
                                             "# leave out when the running system does not use them.", reason);
                if (r < 0)
                        return r;
                out->create = true;
                out->create_mode = 0644;
        }
        r = edit_list_insert(&out->edits, in->n_lines, line, reason);
        if (r < 0)
                return r;
        if (dropin && c->dracut_reset.path) {
                r = strv_pushf(&out->warnings,
                               "'%s' line %zu sets add_drivers= after %s and so drops the drivers added there: "
                               "make it add_drivers+= or add %s to it",
                               c->dracut_reset.path, c->dracut_reset.line, path, words);
                if (r < 0)
                        return r;
        }
        out->rebuild_initrd = true;
        return 0;
}

static int dracut_list_paths(const struct guest_root *g _unused_, const struct facts *facts, struct strv *ret)
{
        const struct initrd_conf *c = &facts->initrd_conf;
        int r;

        r = initrd_modules_file_path(facts, TOOL, ret);
        if (r >= 0 && c->dracut && c->dracut_dropin)
                r = strv_push(ret, c->dracut_dropin);
        return r;
}

const struct rewriter rewriter_initrd_dracut = {
        .name = "initrd-dracut",
        .paths = NULL,
        .rewrite = dracut_rewrite,
        .list_paths = dracut_list_paths,
};
