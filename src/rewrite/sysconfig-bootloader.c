/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SUSE's /etc/sysconfig/bootloader: the kernel arguments perl-Bootloader
 * (YaST, and the kernel packages' scripts) writes into each new menu.lst
 * entry. XEN_KERNEL_APPEND serves the kernels of the "xen" flavour (version
 * ending in -xen or -xenpae), DEFAULT_APPEND and FAILSAFE_APPEND every other
 * kernel (-default, -pae, ...: their normal and failsafe entries).
 *
 * Each is converted with kargs_to_pvops() when every kernel it serves is
 * pvops (the installed kernels of its flavour; the --kernel target counts as
 * pvops when it is not installed), so that the next kernel update writes the
 * right names into the new entry. It is left as it is when they are
 * Xenlinux (SUSE's kernel-xen in every release), of unknown flavor (a
 * -default kernel kept for HVM boots, whose disks are sda), or when none is
 * installed; and left with a warning when pvops kernels share it with
 * others.
 * Quoting is kept (kargs-quoted.h); comments, the "## Path:"/"## Type:"
 * metadata and every other variable (XEN_APPEND is for the hypervisor,
 * CONSOLE for the boot loader's own serial console) are not touched.
 */
#include <stdio.h>
#include <string.h>

#include "kargs-quoted.h"
#include "rewrite/rewrite.h"
#include "rewrite/splice.h"
#include "shell-assign.h"

static int bootloader_list_paths(const struct guest_root *g, const struct facts *facts, struct strv *ret)
{
        if (facts->profile && facts->profile->sysconfig_bootloader)
                return strv_push(ret, facts->profile->sysconfig_bootloader);
        return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);

        return n >= m && streq(s + n - m, suffix);
}

/* Whether a kernel version is of SUSE's "xen" flavour. */
static bool is_xen_flavour(const char *version)
{
        return ends_with(version, "-xen") || ends_with(version, "-xenpae");
}

enum served {
        SERVED_OTHER, /* none installed, or no pvops kernel among them */
        SERVED_PVOPS, /* every one is pvops */
        SERVED_MIXED, /* pvops kernels and others */
};

/* The flavor of the kernels a variable serves; *ret_names lists them ("a (xenlinux), b (pvops)"). */
static int served_flavor(const struct facts *f, bool xen, enum served *ret, char **ret_names)
{
        struct strbuf names = {0};
        size_t n = 0, n_pvops = 0;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < f->n_kernels; i++) {
                const struct kernel *k = &f->kernels[i];
                if (is_xen_flavour(k->version) != xen)
                        continue;
                n++;
                n_pvops += k->flavor == FLAVOR_PVOPS;
                r = strbuf_printf(&names, "%s%s (%s)", names.len ? ", " : "", k->version,
                                  kernel_flavor_to_string(k->flavor));
        }
        if (r >= 0 && f->target_version && !f->target && is_xen_flavour(f->target_version) == xen) {
                n++;
                n_pvops++;
                r = strbuf_printf(&names, "%s%s (--kernel)", names.len ? ", " : "", f->target_version);
        }
        if (r >= 0)
                r = strbuf_steal(&names, ret_names);
        strbuf_done(&names);
        if (r < 0)
                return r;
        *ret = n_pvops == 0 ? SERVED_OTHER : n_pvops == n ? SERVED_PVOPS : SERVED_MIXED;
        return 0;
}

static int bootloader_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                              struct rewrite_out *out)
{
        _cleanup_(shell_assigns_done) struct shell_assigns a = {0};
        _cleanup_(splices_done) struct splices sp = {0};
        int r;

        if (!exists)
                return 0;
        r = shell_assigns_parse(in, &a);
        for (size_t i = 0; r >= 0 && i < a.n; i++) {
                const struct shell_assign *x = &a.v[i];
                _cleanup_free_ char *names = NULL, *reason_what = NULL, *problems = NULL;
                bool xen = streq(x->name, "XEN_KERNEL_APPEND");
                enum served served;

                if (!xen && !streq(x->name, "DEFAULT_APPEND") && !streq(x->name, "FAILSAFE_APPEND"))
                        continue;
                r = served_flavor(facts, xen, &served, &names);
                if (r < 0)
                        break;
                if (served == SERVED_OTHER)
                        continue;
                if (served == SERVED_MIXED || !shell_assign_on_one_line(in, x)) {
                        r = kargs_quoted_problems(&x->value, &problems);
                        if (r >= 0 && problems && served == SERVED_MIXED)
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: %s: %s; left as it is: it serves pvops and other "
                                               "kernels alike (%s)",
                                               path, x->line + 1, x->name, problems, names);
                        else if (r >= 0 && problems)
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: %s: %s; left as it is: the value does not lie on one "
                                               "line (or the line ends in CR LF); edit it by hand",
                                               path, x->line + 1, x->name, problems);
                        continue;
                }
                if (asprintf(&reason_what, "%s (serves %s)", x->name, names) < 0) {
                        reason_what = NULL;
                        r = -ENOMEM;
                        break;
                }
                r = splices_add_kargs(&sp, in, SW_SHELL, KARGS_QUOTED_VALUE, &x->value, &facts->devmap, path, x->line,
                                      x->name, reason_what, &out->warnings, NULL);
        }
        if (r >= 0)
                r = splices_to_edits(&sp, in, &out->edits, NULL);
        return r;
}

const struct rewriter rewriter_sysconfig_bootloader = {
        .name = "sysconfig-bootloader",
        .list_paths = bootloader_list_paths,
        .rewrite = bootloader_rewrite,
};
