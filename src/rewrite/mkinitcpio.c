/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Arch Linux /etc/mkinitcpio.conf (tool "mkinitcpio"): MODULES, written as a
 * bash array (MODULES=(a b), mkinitcpio 24 on) or, earlier, as a string
 * (MODULES="a b"). The autodetect hook keeps only the drivers the running
 * system uses (the Xenlinux kernel's, or the host's in a chroot); MODULES
 * always go in. Every kernel's preset reads this one file, the Xenlinux
 * kernel's too.
 *
 * The missing frontends are added at the end of the last MODULES
 * assignment, in its own syntax: to an array with mkinitcpio's '?' suffix
 * ("xen-blkfront?"), which makes a kernel without them (the Xenlinux one)
 * skip them quietly (the suffix predates the array syntax, so every
 * mkinitcpio that reads arrays knows it); to a string without it, since the
 * mkinitcpio of that era may not know the suffix (a kernel without the
 * modules then gets an error message, and its image is still built).
 * Names already there, with or without '?', in either spelling, count.
 * Without a MODULES line, one is added at the end of the file.
 */
#include <string.h>

#include "initrd-conf.h"
#include "macro.h"
#include "rewrite/initrd-common.h"

#define TOOL "mkinitcpio"
#define VAR "MODULES"
#define REASON                                                                                                  \
        "mkinitcpio's autodetect hook keeps only the drivers the running system uses, not the pvops frontends; " \
        "MODULES always go in"

static int mkinitcpio_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                              struct rewrite_out *out)
{
        _cleanup_free_ char *words = NULL, *reason = NULL;
        _cleanup_(initrd_var_done) struct initrd_var v = {.line = SIZE_MAX};
        bool wanted, array;
        int r;

        r = initrd_rewrite_wanted(facts, TOOL, path, out, &wanted);
        if (r < 0 || !wanted)
                return r;
        if (!exists)
                return strv_pushf(&out->warnings,
                                  "'%s' does not exist: is mkinitcpio installed? Its initramfs may lack %s", path,
                                  INITRD_BLKFRONT);

        r = initrd_var_scan(in, VAR, &v);
        if (r < 0)
                return r;
        if (v.have_blk && v.have_net)
                return strv_pushf(&out->notes, "'%s': MODULES lists %s and %s already", path, INITRD_BLKFRONT,
                                  INITRD_NETFRONT);

        array = v.a && v.a->form == SHELL_FORM_ARRAY;
        r = initrd_missing_words(v.have_blk, v.have_net, array ? "?" : "", &words);
        if (r < 0)
                return r;
        if (asprintf(&reason, "add %s to MODULES: %s%s", words, REASON,
                     array ? "; with '?' a kernel without them (the Xenlinux one) skips them" : "") < 0) {
                reason = NULL;
                return -ENOMEM;
        }

        return initrd_var_add(in, path, VAR, &v, words, reason, "plain list", "initramfs", facts->target->version,
                              out);
}

static int mkinitcpio_list_paths(const struct guest_root *g _unused_, const struct facts *facts, struct strv *ret)
{
        return initrd_modules_file_path(facts, TOOL, ret);
}

const struct rewriter rewriter_initrd_mkinitcpio = {
        .name = "initrd-mkinitcpio",
        .paths = NULL,
        .rewrite = mkinitcpio_rewrite,
        .list_paths = mkinitcpio_list_paths,
};
