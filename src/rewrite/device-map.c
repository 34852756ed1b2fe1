/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GRUB's device.map: "(hd0)   /dev/sda" lines tie BIOS drives to Linux
 * disk names for grub-install and update-grub. The Linux name of each line
 * is mapped like an fstab device (devname_map() with the plan's disk-name
 * rule, the RHEL 6 shift included), whatever the target kernel: the names
 * are those the running kernel will show. Only the name changes: the
 * blanks, the drive and anything after the name stay byte for byte.
 * Floppies, CD-ROMs, /dev/disk/by-* and names already xvd are left alone;
 * names a pvops guest cannot have (cciss, nvme) are warned about.
 *
 * The map of GRUB legacy (the profile's device-map, /boot/grub/device.map)
 * is read, and the one next to the profile's GRUB 2 grub.cfg
 * (/boot/grub2/device.map on Fedora and SUSE).
 */
#include <stdio.h>
#include <string.h>

#include "rewrite/rewrite.h"
#include "rewrite/splice.h"

static int device_map_list_paths(const struct guest_root *g, const struct facts *facts, struct strv *ret)
{
        const struct profile *p = facts->profile;
        int r = 0;

        if (!p)
                return 0;
        if (p->device_map)
                r = rewrite_list_path(g, ret, p->device_map);
        if (r >= 0 && p->grub2_cfg) {
                const char *slash = strrchr(p->grub2_cfg, '/');
                _cleanup_free_ char *path = NULL;

                if (slash && asprintf(&path, "%.*s/device.map", (int)(slash - p->grub2_cfg), p->grub2_cfg) < 0)
                        return -ENOMEM;
                if (path)
                        r = rewrite_list_path(g, ret, path);
        }
        return r;
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t';
}

static int device_map_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                              struct rewrite_out *out)
{
        _cleanup_(splices_done) struct splices sp = {0};
        int r = 0;

        if (!exists)
                return 0;
        for (size_t i = 0; r >= 0 && i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];
                _cleanup_free_ char *mapped = NULL, *reason = NULL;
                _cleanup_(strbuf_done) struct strbuf shown = {0};
                size_t p = 0, drive, drive_end, dev, dev_end, off = (size_t)(l->s - in->data);
                enum devname_kind kind;

                if (line_is_blank(l) || line_is_comment(l))
                        continue;
                while (p < l->len && is_blank(l->s[p]))
                        p++;
                drive = p;
                while (p < l->len && l->s[p] != ')' && !is_blank(l->s[p]))
                        p++;
                if (l->s[drive] != '(' || p >= l->len || l->s[p] != ')') {
                        r = strv_pushf(&out->warnings, "'%s' line %zu: not a device.map entry; left as it is", path,
                                       i + 1);
                        continue;
                }
                drive_end = ++p;
                if (p < l->len && !is_blank(l->s[p])) {
                        r = strv_pushf(&out->warnings, "'%s' line %zu: not a device.map entry; left as it is", path,
                                       i + 1);
                        continue;
                }
                while (p < l->len && is_blank(l->s[p]))
                        p++;
                dev = p;
                while (p < l->len && !is_blank(l->s[p]) && l->s[p] != '#')
                        p++;
                dev_end = p;
                if (dev == dev_end) {
                        r = strv_pushf(&out->warnings, "'%s' line %zu: no device after the drive; left as it is",
                                       path, i + 1);
                        continue;
                }
                r = devname_map(&facts->devmap, l->s + dev, dev_end - dev, &kind, &mapped);
                if (r < 0)
                        break;
                if (kind == DEVNAME_UNKNOWN) {
                        r = escape_for_display(l->s + dev, dev_end - dev, &shown);
                        if (r >= 0)
                                r = strv_pushf(&out->warnings,
                                               "'%s' line %zu: unknown device '%s': pvops guests see only xvd disks; "
                                               "fix this entry by hand",
                                               path, i + 1, shown.s ? shown.s : "");
                        continue;
                }
                if (kind != DEVNAME_MAPPED || l->s[dev] != '/')
                        continue;
                if (asprintf(&reason, "%.*s %.*s -> %s: pvops kernels name Xen disks xvdX",
                             (int)(drive_end - drive), l->s + drive, (int)(dev_end - dev), l->s + dev, mapped) < 0) {
                        reason = NULL;
                        r = -ENOMEM;
                        break;
                }
                r = splices_add(&sp, in, off + dev, off + dev_end, mapped, reason);
        }
        if (r >= 0)
                r = splices_to_edits(&sp, in, &out->edits, NULL);
        return r;
}

const struct rewriter rewriter_device_map = {
        .name = "device-map",
        .list_paths = device_map_list_paths,
        .rewrite = device_map_rewrite,
};
