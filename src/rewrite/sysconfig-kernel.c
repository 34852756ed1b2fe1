/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Red Hat's /etc/sysconfig/kernel: DEFAULTKERNEL names the kernel package
 * whose new versions new-kernel-pkg (grubby) makes the default boot entry
 * when UPDATEDEFAULT=yes. On a Xen guest it is kernel-xen (kernel-xenU on
 * RHEL 4): the next kernel-xen update would make the Xenlinux kernel the
 * default again, and a new pvops kernel would not become the default.
 *
 * It is reported, not rewritten: a next step when UPDATEDEFAULT=yes (a kernel
 * update would change the default entry; not a warning, since the guest
 * boots as it is), and a next step in any case that
 * says how to find the pvops kernel's package name (rpm -qf on the target's
 * image). The guest's files do not tell that name reliably (kernel on RHEL 6
 * and Fedora, kernel-PAE on 32-bit Fedora, kernel-ml or kernel-lt from
 * ELRepo, a locally built package, or none when dom0 supplies the kernel),
 * and a wrong name would silently stop kernel updates from becoming the
 * default. SUSE's /etc/sysconfig/kernel (INITRD_MODULES) is another file of
 * the same name: only Red Hat profiles (those that are or inherit "redhat")
 * are looked at.
 */
#include <stdio.h>
#include <string.h>

#include "rewrite/rewrite.h"
#include "shell-assign.h"

#define SYSCONFIG_KERNEL "/etc/sysconfig/kernel"

static bool profile_is_redhat(const struct profile *p)
{
        return p && (streq(p->name, "redhat") || strv_contains(&p->inherits, "redhat"));
}

static int sysconfig_kernel_list_paths(const struct guest_root *g, const struct facts *facts, struct strv *ret)
{
        return profile_is_redhat(facts->profile) ? strv_push(ret, SYSCONFIG_KERNEL) : 0;
}

/* Whether a package name is a Xenlinux kernel package: kernel-xen, kernel-xenU, kernel-xen-devel... */
static bool is_xen_package(const char *name)
{
        return strneq(name, "kernel-xen", 10);
}

static int sysconfig_kernel_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                                    struct rewrite_out *out)
{
        _cleanup_(shell_assigns_done) struct shell_assigns a = {0};
        _cleanup_free_ char *image = NULL, *query = NULL, *cmd = NULL;
        const struct shell_assign *def, *upd;
        const char *pkg;
        int r;

        if (!exists)
                return 0;
        r = shell_assigns_parse(in, &a);
        if (r < 0)
                return r;
        def = shell_assigns_last(&a, "DEFAULTKERNEL");
        upd = shell_assigns_last(&a, "UPDATEDEFAULT");
        if (!def || def->value.expands || !is_xen_package(def->value.value))
                return 0;
        pkg = def->value.value;

        /*
         * Only UPDATEDEFAULT=yes makes it decide anything. Not a warning: the
         * guest boots its pvops kernel as it is; only a later kernel update
         * would change the default entry, so verify is not held up by it.
         */
        if (upd && streq(upd->value.value, "yes")) {
                r = strv_pushf(&out->next_steps,
                               "'%s' line %zu: DEFAULTKERNEL=%s with UPDATEDEFAULT=yes: every new %s (a Xenlinux "
                               "kernel) becomes the default boot entry, and a new pvops kernel does not; domufix "
                               "leaves it, as it does not know the pvops kernel's package name",
                               path, def->line + 1, pkg, pkg);
                if (r < 0)
                        return r;
        }
        if (!facts->target)
                return strv_pushf(&out->next_steps,
                                  "set DEFAULTKERNEL in %s to the package name of the pvops kernel once it is "
                                  "installed in the guest (\"kernel\" for a RHEL 6 or Fedora kernel)",
                                  path);
        if (facts->target->image)
                image = strdup(facts->target->image);
        else if (asprintf(&image, "/boot/vmlinuz-%s", facts->target->version) < 0)
                image = NULL;
        if (!image)
                return -ENOMEM;
        if (asprintf(&query, "rpm -qf --qf '%%{NAME}\\n' %s", image) < 0) {
                query = NULL;
                return -ENOMEM;
        }
        r = rewrite_guest_command(facts, query, &cmd);
        if (r < 0)
                return r;
        return strv_pushf(&out->next_steps,
                          "set DEFAULTKERNEL in %s to the package name of the pvops kernel %s (\"kernel\" for a "
                          "RHEL 6 or Fedora kernel), which this prints: %s",
                          path, facts->target->version, cmd);
}

const struct rewriter rewriter_sysconfig_kernel = {
        .name = "sysconfig-kernel",
        .list_paths = sysconfig_kernel_list_paths,
        .rewrite = sysconfig_kernel_rewrite,
};
