/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The command that rebuilds the target kernel's initrd, for the plan's next
 * steps and for running it (apply --rebuild-initrd).
 *
 * The command is the profile's [initrd] rebuild template with {version} and
 * {initrd} expanded (the kernel's initrd file, or the first of the profile's
 * image names when it has none yet), adjusted per tool:
 *
 *   mkinitrd-redhat  a target with xen-blkfront built in gets
 *                    --builtin=xen-blkfront: that mkinitrd looks for every
 *                    --with module as a .ko file and stops when there is none;
 *   mkinitrd-suse    -d ROOTDEV when the root device is known: mkinitrd of
 *                    SLES before 12 otherwise takes it from the running
 *                    system, which in a chroot is the host's name for the disk.
 *
 * Inside the guest (root "/") that is the whole command. For a guest root
 * elsewhere it becomes one shell line run on the host: the profile's
 * chroot-prepare command, the chroot-binds mounted with "mount --bind" into
 * the root, "chroot ROOT COMMAND", then the mounts undone in reverse order
 * whatever the command did:
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
 * The rebuild command for kernel k (never NULL) under profile p. Fails with
 * -EOPNOTSUPP and a message when the profile has no initrd tool ("none") or
 * no rebuild template, -EINVAL when {initrd} is needed and no initrd name is
 * known, -ENOMEM.
 */
int initrd_rebuild_command(const struct profile *p, const struct kernel *k, const struct initrd_cmd_options *o,
                           char **ret);

/*
 * A word quoted for a POSIX shell when it needs it: "'/mnt/my guest'".
 * Words of [A-Za-z0-9_./:=@%+,-] only come back as they are.
 */
int initrd_shell_quote(const char *word, char **ret);

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
 * not "/"); with missing set, "no initrd of VERSION was found: build it ...".
 * *ret is NULL when there is nothing to run: no target kernel installed, a
 * profile without an initrd tool, or no initrd name known.
 */
int initrd_rebuild_step(const struct facts *f, const char *root, bool missing, char **ret);
