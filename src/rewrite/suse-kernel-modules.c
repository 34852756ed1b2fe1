/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SUSE /etc/sysconfig/kernel: the module lists of SUSE mkinitrd (tool
 * "mkinitrd-suse"), INITRD_MODULES for every kernel and DOMU_INITRD_MODULES
 * added for "Xen kernels": those whose /boot/config-VERSION (or
 * /lib/modules/VERSION/build/.config) has CONFIG_XEN=y, or, without a config,
 * whose version contains "-xen". A pvops kernel has CONFIG_XEN=y, so it
 * counts as a Xen kernel too (FACTS.md; facts->initrd_conf says which).
 *
 * That mkinitrd resolves each name with modprobe --show-depends (which
 * follows module aliases) and only warns about a name a kernel does not
 * have. So the pvops names can simply be added beside the Xenlinux ones:
 * "xennet xenblk" stays for the Xenlinux kernel, and "xen-blkfront
 * xen-netfront" joins it for the pvops target, in DOMU_INITRD_MODULES when
 * mkinitrd uses it for the target, else in INITRD_MODULES. Nothing changes
 * when a list the target gets names them already (in any spelling, '-' or
 * '_').
 *
 * The file is sourced by the shell: only the last assignment of the chosen
 * variable is edited, and only when its value is a plain list ("...",
 * '...', or a bare word, which gets double quotes); its quoting, comments and
 * every other line stay byte for byte. Without an assignment, one is added
 * at the end of the file.
 */
#include <string.h>

#include "initrd-conf.h"
#include "macro.h"
#include "rewrite/initrd-common.h"

#define TOOL "mkinitrd-suse"
#define VAR_ALL "INITRD_MODULES"
#define VAR_DOMU "DOMU_INITRD_MODULES"
#define TAIL                                                                                              \
        "; the Xenlinux names stay for the Xenlinux kernel (mkinitrd resolves each name with modprobe and " \
        "only warns about one a kernel lacks)"

static int suse_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                        struct rewrite_out *out)
{
        const struct initrd_conf *c = &facts->initrd_conf;
        _cleanup_free_ char *words = NULL, *reason = NULL;
        _cleanup_(initrd_var_done) struct initrd_var all = {.line = SIZE_MAX}, domu = {.line = SIZE_MAX};
        const struct initrd_var *v;
        const char *var;
        bool wanted, blk, net;
        int r;

        r = initrd_rewrite_wanted(facts, TOOL, path, out, &wanted);
        if (r < 0 || !wanted)
                return r;
        if (!exists)
                return strv_pushf(&out->warnings,
                                  "'%s' does not exist: SUSE mkinitrd adds no Xen frontend by itself; add %s=\"%s "
                                  "%s\" there",
                                  path, c->suse_target_xen ? VAR_DOMU : VAR_ALL, INITRD_BLKFRONT, INITRD_NETFRONT);

        r = initrd_var_scan(in, VAR_ALL, &all);
        if (r >= 0)
                r = initrd_var_scan(in, VAR_DOMU, &domu);
        if (r < 0)
                return r;
        blk = all.have_blk || (c->suse_target_xen && domu.have_blk);
        net = all.have_net || (c->suse_target_xen && domu.have_net);
        if (blk && net)
                return strv_pushf(&out->notes, "'%s': the modules mkinitrd adds for %s include %s and %s already",
                                  path, facts->target->version, INITRD_BLKFRONT, INITRD_NETFRONT);

        var = c->suse_target_xen ? VAR_DOMU : VAR_ALL;
        v = c->suse_target_xen ? &domu : &all;
        r = initrd_missing_words(blk, net, "", &words);
        if (r < 0)
                return r;
        if (c->suse_target_xen)
                r = asprintf(&reason,
                             "add %s to %s: SUSE mkinitrd adds it for kernels with CONFIG_XEN=y, the pvops target "
                             "%s among them (%s)" TAIL,
                             words, var, facts->target->version, c->suse_target_why);
        else
                r = asprintf(&reason,
                             "add %s to %s: SUSE mkinitrd does not count the pvops target %s as a Xen kernel (%s), "
                             "so %s is not used for it" TAIL,
                             words, var, facts->target->version, c->suse_target_why ? c->suse_target_why : "?",
                             VAR_DOMU);
        if (r < 0) {
                reason = NULL;
                return -ENOMEM;
        }

        return initrd_var_add(in, path, var, v, words, reason, "plain quoted list", "initrd",
                              facts->target->version, out);
}

static int suse_list_paths(const struct guest_root *g _unused_, const struct facts *facts, struct strv *ret)
{
        return initrd_modules_file_path(facts, TOOL, ret);
}

const struct rewriter rewriter_initrd_suse = {
        .name = "initrd-suse",
        .paths = NULL,
        .rewrite = suse_rewrite,
        .list_paths = suse_list_paths,
};
