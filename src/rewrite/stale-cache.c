/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Stale caches of device names: deleted when they name Xenlinux disks.
 *
 *   /etc/blkid.tab, /etc/blkid/blkid.tab (and their .old copies): libblkid's
 *     cache; with sd names in it, blkid and mount by UUID/LABEL may look at
 *     devices that no longer exist (virt-v2v deletes both).
 *   /etc/lvm/cache/.cache (and /etc/lvm/.cache of older LVM2): the device
 *     list LVM's persistent filter remembers; stale, it hides the renamed PVs.
 *   /etc/lvm/devices/system.devices: the LVM devices file (LVM 2.03.12 and
 *     later). Not a cache but a list of the disks LVM may use; without it LVM
 *     uses every disk, so deleting it makes the volume groups show up under
 *     either kernel. A next step says how to make a new one.
 *
 * The rule: a file is deleted only when it names a sd or hd device as a
 * whole token (/dev/sda1, not /dev/sda10-of-something, not xvda1), so a
 * cache that the pvops kernel has already rebuilt with xvd names stays,
 * and a second run finds nothing to do. The programs rebuild their caches
 * when they are missing; rollback puts the files back byte for byte.
 */
#include <string.h>

#include "devname.h"
#include "macro.h"
#include "rewrite/rewrite.h"

/*
 * The first whole sd/hd device token in the text (by the token rules of
 * devname_map_in_string()) and its 1-based line: returns 1 and sets both,
 * 0 when there is none, or -ENOMEM.
 */
static int stale_cache_find(const struct text *in, const struct facts *facts, char **ret_name, size_t *ret_line)
{
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];
                _cleanup_free_ char *s = NULL, *mapped = NULL;
                size_t count = 0;
                int r;

                s = strndup_or_null(l->s, l->len);
                if (!s)
                        return -ENOMEM;
                r = devname_map_in_string(&facts->devmap, s, &mapped, &count);
                if (r < 0)
                        return r;
                if (count == 0)
                        continue;
                /*
                 * The first place where the line and its mapped copy differ is
                 * the "s" or "h" of the first token, right after its "/dev/".
                 */
                for (size_t k = strlen("/dev/"); s[k]; k++) {
                        size_t end = k;

                        if (s[k] == mapped[k])
                                continue;
                        while ((s[end] >= 'a' && s[end] <= 'z') || (s[end] >= '0' && s[end] <= '9'))
                                end++;
                        *ret_name = strndup_or_null(s + k - strlen("/dev/"), end - k + strlen("/dev/"));
                        if (!*ret_name)
                                return -ENOMEM;
                        *ret_line = i + 1;
                        return 1;
                }
        }
        return 0;
}

static int stale_cache_rewrite(const struct text *in, bool exists, const char *what, const char *rebuilt,
                               const struct facts *facts, struct rewrite_out *out)
{
        _cleanup_free_ char *name = NULL;
        size_t line = 0;
        int r;

        if (!exists)
                return 0;
        r = stale_cache_find(in, facts, &name, &line);
        if (r <= 0)
                return r;
        if (asprintf(&out->delete_reason, "%s: line %zu names %s, a Xenlinux disk name; %s", what, line, name,
                     rebuilt) < 0) {
                out->delete_reason = NULL;
                return -ENOMEM;
        }
        out->delete = true;
        return 0;
}

static int blkid_cache_rewrite(const struct text *in, bool exists, const char *path _unused_,
                               const struct facts *facts, struct rewrite_out *out)
{
        return stale_cache_rewrite(in, exists, "stale blkid cache", "blkid makes a new one when it is missing",
                                   facts, out);
}

static int lvm_cache_rewrite(const struct text *in, bool exists, const char *path _unused_,
                             const struct facts *facts, struct rewrite_out *out)
{
        return stale_cache_rewrite(in, exists, "stale LVM device cache", "LVM makes a new one on its next scan",
                                   facts, out);
}

#define LVM_DEVICES_NEXT_STEP                                                                                     \
        "after the first boot with the pvops kernel, list the disks LVM may use again (if you want a devices " \
        "file): vgimportdevices -a"

static int lvm_devices_rewrite(const struct text *in, bool exists, const char *path _unused_,
                               const struct facts *facts, struct rewrite_out *out)
{
        int r;

        r = stale_cache_rewrite(in, exists, "LVM devices file",
                                "without it LVM uses every disk, under either kernel", facts, out);
        if (r < 0 || !out->delete)
                return r;
        return strv_push(&out->next_steps, LVM_DEVICES_NEXT_STEP);
}

const struct rewriter rewriter_blkid_cache = {
        .name = "blkid-cache",
        .paths = (const char *const[]){"/etc/blkid.tab", "/etc/blkid.tab.old", "/etc/blkid/blkid.tab",
                                       "/etc/blkid/blkid.tab.old", NULL},
        .rewrite = blkid_cache_rewrite,
};

const struct rewriter rewriter_lvm_cache = {
        .name = "lvm-cache",
        .paths = (const char *const[]){"/etc/lvm/cache/.cache", "/etc/lvm/.cache", NULL},
        .rewrite = lvm_cache_rewrite,
};

const struct rewriter rewriter_lvm_devices = {
        .name = "lvm-devices",
        .paths = (const char *const[]){"/etc/lvm/devices/system.devices", NULL},
        .rewrite = lvm_devices_rewrite,
};
