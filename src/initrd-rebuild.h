/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * apply --rebuild-initrd: the target kernel's initrd is rebuilt by the
 * guest's own tool (the profile's [initrd] rebuild command), after the plan
 * is committed, and then read back to see that the block frontend is there.
 *
 * The command runs only inside the guest (root "/"): the guest's tool must
 * run on the guest's own system. main.c refuses it with --root and points to
 * the chroot form the next steps print. The previous image is kept in the
 * apply's backup set first (commit_plan_keep()), so that `rollback`
 * restores it.
 */
#pragma once

#include <stdbool.h>

#include "guest-root.h"
#include "kernel.h"
#include "profile.h"

/*
 * The guest path of kernel k's initrd: k->initrd when the inventory found
 * one, else the name the profile's initrd_images give it (the first
 * template with {version}, expanded; else a template without it). -ENOENT
 * with a message when the profile names none.
 */
int initrd_rebuild_image(const struct profile *p, const struct kernel *k, char **ret);

/*
 * A word quoted for a POSIX shell when it needs it: "'/mnt/my guest'".
 * Words of [A-Za-z0-9_./:=@%+,-] only come back as they are.
 */
int initrd_shell_quote(const char *word, char **ret);

/* What the command needs to know of the kernel besides its version (see initrd_rebuild_command()). */
struct initrd_rebuild_extra {
        int blkfront;            /* the kernel's xen-blkfront: 1 built in, 0 a module, -1 unknown */
        const char *root_device; /* its root device by its pvops name (initrd_root_device()), or NULL */
};

/*
 * The command that rebuilds the initrd image of kernel version: the
 * profile's rebuild template with {version} and {initrd} expanded
 * (profile_expand()), with what a tool needs besides when the command runs
 * the tool's own program (x may be NULL):
 *   mkinitrd-redhat  --builtin=xen-blkfront for a kernel with it built in:
 *                    that mkinitrd looks for every --with module as a .ko
 *                    file and stops when there is none;
 *   mkinitrd-suse    -d ROOTDEV when the root device is given: mkinitrd of
 *                    SLES before 12 otherwise takes the device the running
 *                    system's / is mounted from (in a chroot, the host's
 *                    name for the disk).
 * -ENOENT with a message when the profile has no rebuild command (generic,
 * or [initrd] tool = none). The one place the command is built: the next
 * steps (in a chroot for --root, initrd-cmd.h), verify and --rebuild-initrd
 * all use it.
 */
int initrd_rebuild_command(const struct profile *p, const char *version, const char *image,
                           const struct initrd_rebuild_extra *x, char **ret);

/*
 * Run a command with /bin/sh -c, stdin from /dev/null and its stdout sent to
 * our stderr (stdout stays for domufix's own output, --json included). The
 * command inherits the environment and the current directory. *ret_status
 * is its exit status, or 128 + N when signal N killed it. Returns -errno
 * only when it cannot be started or waited for.
 */
int initrd_rebuild_run(const char *command, int *ret_status);

/*
 * Tests only (DOMUFIX_TEST_REBUILD_COMMAND, see main.c): run the executable
 * tool (a path) as "tool ROOT COMMAND", without a shell, in place of command,
 * which is never run; otherwise as initrd_rebuild_run().
 */
int initrd_rebuild_run_test(const char *tool, const char *root, const char *command, int *ret_status);

enum initrd_blkfront {
        INITRD_BLKFRONT_IN_IMAGE,  /* xen-blkfront.ko* in the image, for this kernel */
        INITRD_BLKFRONT_BUILT_IN,  /* built into the kernel (config =y or modules.builtin) */
        INITRD_BLKFRONT_MISSING,   /* neither: the guest will not find its disk */
        INITRD_BLKFRONT_UNREADABLE, /* the image is missing, corrupt or not an initramfs */
};

/* "in-image", "built-in", "missing", "unreadable" */
const char *initrd_blkfront_to_string(enum initrd_blkfront b);

/*
 * Read image (guest path) with the initrd reader and say whether kernel k
 * can find its block device: *ret_detail is one line for the report
 * ("xen-blkfront is in the image: lib/modules/VER/.../xen-blkfront.ko.xz").
 * An image that cannot be read is a verdict (INITRD_BLKFRONT_UNREADABLE,
 * with the reader's message as the detail), not an error; errors are only
 * -ENOMEM.
 */
int initrd_rebuild_check(const struct guest_root *g, const struct kernel *k, const char *image,
                         enum initrd_blkfront *ret, char **ret_detail);
