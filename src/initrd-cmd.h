/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The command that rebuilds the target kernel's initrd, as the plan's next
 * steps give it: the profile's command (initrd_rebuild_command(), with what
 * each tool needs besides) for the kernel's initrd (initrd_rebuild_image()),
 * run as it is inside the guest (root "/", which is also what apply
 * --rebuild-initrd runs). For a guest root elsewhere it becomes one shell
 * line run on the host: the profile's chroot-prepare command, the
 * chroot-binds mounted with "mount --bind" into the root, "chroot ROOT
 * COMMAND", then the mounts undone in reverse order whatever the command
 * did:
 *
 *   modprobe loop && mount --bind /dev /mnt/g/dev && mount --bind /proc
 *   /mnt/g/proc && mount --bind /sys /mnt/g/sys && chroot /mnt/g mkinitrd -f
 *   ... ; umount /mnt/g/sys /mnt/g/proc /mnt/g/dev
 *
 * The root is quoted for the shell when it needs quoting.
 */
#pragma once

#include <stdbool.h>

#include "facts.h"
#include "kernel.h"
#include "profile.h"

struct initrd_cmd_options {
        const char *root;        /* the guest root as given; NULL or "/": the command runs in the guest */
        const char *root_device; /* the target's root device (pvops name) for tools that take it, or NULL */
};

/*
 * The whole command for kernel k (never NULL) under profile p: in the guest,
 * or in a chroot. Errors as initrd_rebuild_image() and
 * initrd_rebuild_command() (-ENOENT with a message when the profile has no
 * command or no name for the initrd), -ENOMEM.
 */
int initrd_cmd_for_kernel(const struct profile *p, const struct kernel *k, const struct initrd_cmd_options *o,
                          char **ret);

/* command as the one host line that runs it in a chroot of root (see above). */
int initrd_cmd_chroot(const struct profile *p, const char *root, const char *command, char **ret);

/*
 * The root device to pass to a tool that takes one: the source of the "/"
 * entry of /etc/fstab when it is a Xen disk name, with the pvops name
 * (/dev/sda2 mapped by the facts' rule to /dev/xvda2; /dev/xvda2 as it is).
 * *ret is NULL for LVM, md, UUID= and LABEL= roots (their names do not depend
 * on the kernel) and when fstab has no "/" entry.
 */
int initrd_root_device(const struct facts *f, char **ret);

/*
 * The next step that rebuilds the target's initrd, for a plan on the guest
 * root `root` as given: "after apply, rebuild the initrd of VERSION:
 * COMMAND" ("... of VERSION from the host, in a chroot: COMMAND" when root is
 * not "/"). *ret is NULL when there is nothing to run: no target kernel
 * installed, a profile without an initrd tool, or no initrd name known.
 */
int initrd_rebuild_step(const struct facts *f, const char *root, char **ret);
