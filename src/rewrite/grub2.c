/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GRUB 2: /etc/default/grub (and Red Hat's /etc/sysconfig/grub) and the
 * generated grub.cfg.
 *
 * GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT (the recovery entries
 * get the first alone, the others both) are converted with kargs_to_pvops()
 * when the target kernel is pvops: the newest installed pvops kernel, or
 * the one given with --kernel when it is not installed (the kernel may live
 * in dom0) or not known to be Xenlinux. These lines serve every kernel
 * grub-mkconfig lists, so a Xenlinux kernel still installed gets the new
 * names too once grub.cfg is regenerated: that is said in a warning. GRUB 2
 * Xen guests rarely keep a Xenlinux kernel (Debian squeeze and later,
 * Fedora 16 and later ship pvops kernels); SUSE's -xen kernels are the
 * exception, and their pygrub entries in grub.cfg stay as they are until the
 * next regeneration. Without a pvops target the lines are left as they are,
 * with a warning when they name Xenlinux devices or consoles. Each value
 * keeps its quoting (kargs-quoted.h). Red Hat's /etc/sysconfig/grub may
 * also hold boot=/dev/sda (the disk grub-install wrote to): that name is
 * mapped like an fstab device, whatever the target.
 *
 * grub.cfg is what pygrub reads, so it is edited too rather than only
 * regenerated: the linux (linux16, linuxefi) command of every menu entry,
 * submenus included, whose kernel (by the version in its file name) is an
 * installed pvops kernel or the --kernel target, is converted in place.
 * Entries of Xenlinux kernels stay byte for byte, so the old kernel remains
 * a working fallback. Entries whose kernel is not installed or of unknown
 * flavor are left alone, with a warning when they name Xenlinux devices or
 * consoles. GRUB's quoting is kept; arguments built from variables are only
 * a problem when they are root=, resume=, console= or xencons= (warned).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "grub-cfg.h"
#include "kargs-quoted.h"
#include "rewrite/rewrite.h"
#include "rewrite/splice.h"
#include "shell-assign.h"

#define SYSCONFIG_GRUB "/etc/sysconfig/grub"

/* Whether the lines that serve every kernel should get pvops names. */
static bool target_is_pvops(const struct facts *f)
{
        return f->target_version && !(f->target && f->target->flavor == FLAVOR_XENLINUX);
}

static int grub2_default_list_paths(const struct guest_root *g, const struct facts *facts, struct strv *ret)
{
        int r = 0;

        if (facts->profile && facts->profile->grub2_default)
                r = rewrite_list_path(g, ret, facts->profile->grub2_default);
        if (r >= 0)
                r = rewrite_list_path(g, ret, SYSCONFIG_GRUB);
        return r;
}

/* "a, b" of the installed Xenlinux kernels, or NULL when there is none. */
static int xenlinux_kernels(const struct facts *f, char **ret)
{
        struct strbuf b = {0};
        int r = 0;

        for (size_t i = 0; r >= 0 && i < f->n_kernels; i++)
                if (f->kernels[i].flavor == FLAVOR_XENLINUX)
                        r = strbuf_printf(&b, "%s%s", b.len ? ", " : "", f->kernels[i].version);
        if (r >= 0 && b.len)
                return strbuf_steal(&b, ret);
        strbuf_done(&b);
        *ret = NULL;
        return r;
}

/* The command that regenerates grub.cfg, for the next steps. */
static int regenerate_step(const struct facts *f, const char *path, char **ret)
{
        _cleanup_free_ char *mk = NULL, *cmd = NULL;
        const struct profile *p = f->profile;
        const char *update = p ? p->grub_update : NULL;

        if (!update && p && p->grub2_cfg) {
                if (asprintf(&mk, "%s -o %s", strstr(p->grub2_cfg, "grub2") ? "grub2-mkconfig" : "grub-mkconfig",
                             p->grub2_cfg) < 0)
                        return -ENOMEM;
                update = mk;
        }
        if (!update)
                update = "grub2-mkconfig -o /boot/grub2/grub.cfg (grub-mkconfig -o /boot/grub/grub.cfg on Debian)";
        if (rewrite_guest_command(f, update, &cmd) < 0)
                return -ENOMEM;
        return asprintf(ret, "regenerate the GRUB 2 menu from %s: %s%s", path, cmd,
                        f->root ? " (with /dev, /proc and /sys mounted inside the guest root)" : "") < 0
                       ? -ENOMEM
                       : 0;
}

static bool is_cmdline_var(const char *name)
{
        return streq(name, "GRUB_CMDLINE_LINUX") || streq(name, "GRUB_CMDLINE_LINUX_DEFAULT");
}

/* boot=/dev/sda in Red Hat's /etc/sysconfig/grub: the disk GRUB was installed on. */
static int map_boot_disk(const struct text *in, const char *path, const struct shell_assign *a,
                         const struct facts *facts, struct splices *sp, struct rewrite_out *out)
{
        _cleanup_free_ char *mapped = NULL, *text = NULL, *reason = NULL;
        enum devname_kind kind;
        int r;

        if (a->value.expands)
                return 0;
        r = devname_map(&facts->devmap, a->value.value, a->value.len, &kind, &mapped);
        if (r < 0)
                return r;
        if (kind == DEVNAME_UNKNOWN)
                return strv_pushf(&out->warnings,
                                  "'%s' line %zu: boot=%s: unknown device: pvops guests see only xvd disks; fix it by hand",
                                  path, a->line + 1, a->value.value);
        if (kind != DEVNAME_MAPPED)
                return 0;
        if (shell_assign_on_one_line(in, a)) {
                r = sw_word_rewrite(SW_SHELL, in->data, &a->value, mapped, &text);
                if (r < 0)
                        return r;
        }
        if (!text)
                return strv_pushf(&out->warnings, "'%s' line %zu: boot=%s: cannot be edited on its line; left as it is",
                                  path, a->line + 1, a->value.value);
        if (asprintf(&reason, "boot=%s -> boot=%s: pvops kernels name Xen disks xvdX", a->value.value, mapped) < 0) {
                reason = NULL;
                return -ENOMEM;
        }
        r = splices_add(sp, in, a->value.start, a->value.end, text, reason);
        return r == -EINVAL ? 0 : r;
}

static int grub2_default_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                                 struct rewrite_out *out)
{
        _cleanup_(shell_assigns_done) struct shell_assigns a = {0};
        _cleanup_(splices_done) struct splices sp = {0};
        bool convert = target_is_pvops(facts), changed = false;
        int r;

        if (!exists)
                return 0;
        r = shell_assigns_parse(in, &a);
        for (size_t i = 0; r >= 0 && i < a.n; i++) {
                const struct shell_assign *x = &a.v[i];
                _cleanup_free_ char *problems = NULL;

                if (streq(x->name, "boot")) {
                        r = map_boot_disk(in, path, x, facts, &sp, out);
                        continue;
                }
                if (!is_cmdline_var(x->name))
                        continue;
                if (!convert) {
                        r = kargs_quoted_problems(&x->value, &problems);
                        if (r >= 0 && problems)
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: %s: %s; left as it is: %s", path, x->line + 1, x->name,
                                               problems,
                                               facts->target_version
                                                       ? "the target kernel is a Xenlinux kernel"
                                                       : "no pvops target kernel (install one, or name it with --kernel)");
                        continue;
                }
                if (!shell_assign_on_one_line(in, x)) {
                        r = kargs_quoted_problems(&x->value, &problems);
                        if (r >= 0 && problems)
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: %s: %s; left as it is: the value does not lie on "
                                               "one line (or the line ends in CR LF); edit it by hand",
                                               path, x->line + 1, x->name, problems);
                        continue;
                }
                r = splices_add_kargs(&sp, in, SW_SHELL, KARGS_QUOTED_VALUE, &x->value, &facts->devmap, path, x->line,
                                      x->name, x->name, &out->warnings, &changed);
        }
        if (r >= 0)
                r = splices_to_edits(&sp, in, &out->edits, NULL);
        if (r >= 0 && changed) {
                _cleanup_free_ char *step = NULL, *xen = NULL;

                r = regenerate_step(facts, path, &step);
                if (r >= 0)
                        r = strv_push(&out->next_steps, step);
                if (r >= 0)
                        r = xenlinux_kernels(facts, &xen);
                if (r >= 0 && xen)
                        r = strv_pushf(&out->warnings,
                                       "'%s': the kernel command line there serves every kernel of the GRUB 2 menu: "
                                       "once grub.cfg is regenerated, the Xenlinux kernel %s gets the pvops names "
                                       "too (its entry in grub.cfg is left as it is until then)",
                                       path, xen);
        }
        return r;
}

const struct rewriter rewriter_grub2_default = {
        .name = "grub2-default",
        .list_paths = grub2_default_list_paths,
        .rewrite = grub2_default_rewrite,
};

/* ------------------------------------------------------------------------ */
/* grub.cfg */

static int grub2_cfg_list_paths(const struct guest_root *g, const struct facts *facts, struct strv *ret)
{
        if (facts->profile && facts->profile->grub2_cfg)
                return strv_push(ret, facts->profile->grub2_cfg);
        return 0;
}

/* The installed kernel a linux command boots (by version, or by image file name). */
static const struct kernel *linux_kernel(const struct facts *f, const struct grub_cfg_linux *k)
{
        struct boot_entry e = {.kernel = k->kernel, .version = k->version};

        return facts_entry_kernel(f, &e);
}

static int grub2_cfg_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                             struct rewrite_out *out)
{
        struct grub_cfg c = {0};
        _cleanup_(splices_done) struct splices sp = {0};
        bool changed = false;
        int r;

        if (!exists)
                return 0;
        r = grub_cfg_parse(in, &c);
        for (size_t i = 0; r >= 0 && i < c.n_kernel_cmds; i++) {
                const struct grub_cfg_linux *k = &c.kernel_cmds[i];
                const struct kernel *kern = linux_kernel(facts, k);
                _cleanup_free_ char *what = NULL, *problems = NULL;
                const char *title = k->entry != SIZE_MAX ? c.entries[k->entry].title : NULL;
                bool pvops;

                if (kern && kern->flavor == FLAVOR_XENLINUX)
                        continue; /* the fallback entry stays as it is */
                pvops = kern ? kern->flavor == FLAVOR_PVOPS
                             : k->version && facts->target_version && !facts->target &&
                                       streq(k->version, facts->target_version);
                if (title)
                        r = asprintf(&what, "entry '%s'", title);
                else
                        r = asprintf(&what, "%s %s", k->command, k->kernel ? k->kernel : "");
                if (r < 0) {
                        what = NULL;
                        r = -ENOMEM;
                        break;
                }
                if (!pvops || !k->one_line) {
                        r = kargs_quoted_problems(&k->args, &problems);
                        if (r < 0 || !problems)
                                continue;
                        if (!pvops)
                                r = strv_pushf(&out->warnings, "'%s' line %zu: %s: %s; left as it is: its kernel %s%s",
                                               path, k->line + 1, what, problems,
                                               k->kernel ? k->kernel : "(none named)",
                                               kern ? " is of unknown flavor" : " is not installed");
                        else
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: %s: %s; left as it is: the command does not lie on "
                                               "one line (or the line ends in CR LF); edit it by hand",
                                               path, k->line + 1, what, problems);
                        continue;
                }
                r = splices_add_kargs(&sp, in, SW_GRUB, KARGS_QUOTED_ARGS, &k->args, &facts->devmap, path, k->line,
                                      what, what, &out->warnings, &changed);
        }
        if (r >= 0)
                r = splices_to_edits(&sp, in, &out->edits, NULL);
        grub_cfg_done(&c);
        return r;
}

const struct rewriter rewriter_grub2_cfg = {
        .name = "grub2-cfg",
        .list_paths = grub2_cfg_list_paths,
        .rewrite = grub2_cfg_rewrite,
};
