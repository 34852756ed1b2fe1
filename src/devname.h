/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Disk and console names: the Xenlinux -> pvops mapping of DESIGN §4.
 *
 * sdX[N] and hdX[N] become xvdX[N], keeping the letters and the partition
 * number (sda1 -> xvda1, sdaa2 -> xvdaa2, hdc -> xvdc). With a RHEL 6-family
 * target kernel (no xen_blkfront.sda_is_xvda=1) sd letters shift by four
 * (sda -> xvde); hd letters never shift. Everything else is left alone:
 * UUID=/LABEL=/PARTUUID= specs, /dev/mapper, LVM paths, md, sr/scd/fd, loop,
 * names that already are xvd. cciss and nvme names are reported as unknown.
 *
 * Names, exactly:
 *   sd + 1-3 lowercase letters (sda .. sdzzz), hd + one letter a..t,
 *   xvd + 1-7 letters, each with an optional partition number of digits
 *   without a leading zero (sda1, sda15; not sda0, sda01).
 * The letters count in bijective base 26 (z + 1 = aa); sd_shift adds to that
 * number (shift 4: sdv -> xvdz, sdw -> xvdaa, sdz -> xvdad).
 *
 * How devname_map() classifies a spec (the same with or without "/dev/"):
 *   DEVNAME_NOT_DEVICE  the empty spec, "/dev/" alone, a spec containing a NUL
 *                       byte, and malformed members of the sd/hd/xvd family:
 *                       the prefix followed only by [a-z0-9] that is not a
 *                       valid name ("sd", "sda01", "sda0", "sda1x", "sdaaaa",
 *                       "hdu", "xvda01").
 *   DEVNAME_TAG         UUID=, LABEL=, PARTUUID=, PARTLABEL=, ID= (case
 *                       sensitive, as blkid and mount take them).
 *   DEVNAME_UNKNOWN     disks of controllers a pvops domU does not have:
 *                       cciss/..., ida/..., rd/cN..., nvmeN..., vd + 1-3
 *                       letters + digits; and any path below /dev with an
 *                       empty, "." or ".." component ("/dev//sda1",
 *                       "/dev/disk/../sda1", "/dev/sda1/"), which may reach a
 *                       sd node that its text does not show.
 *   DEVNAME_KEEP        everything else: /dev/mapper/..., /dev/VG/LV, md,
 *                       /dev/md/N, sr, scd, fd, loop, cdrom, /dev/disk/by-*,
 *                       nbd, ram, /dev/shm, /dev/pts, "host:/path", "none",
 *                       "proc", "tmpfs", uppercase or other unrecognised names
 *                       under /dev ("/dev/SDA1", "/dev/sda1-old", "/dev/sd_x").
 * Mapping is idempotent: the output is a xvd name and maps to DEVNAME_XVD, so
 * "xxvda" is never produced.
 *
 * A NULL struct devmap pointer means sd_shift 0.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct devmap {
        unsigned sd_shift; /* 0: sda -> xvda; 4: sda -> xvde (RHEL 6 blkfront) */
};

enum devname_kind {
        DEVNAME_NOT_DEVICE, /* not a /dev path or bare kernel name we know of */
        DEVNAME_MAPPED,     /* sdX/hdX: a new name is returned */
        DEVNAME_XVD,        /* already a xvd name: nothing to do */
        DEVNAME_TAG,        /* UUID=, LABEL=, PARTUUID=, PARTLABEL=, ID= */
        DEVNAME_KEEP,       /* mapper, LVM, md, sr, scd, fd, loop, by-*, nfs... */
        DEVNAME_UNKNOWN,    /* a disk name pvops will not have: cciss, nvme, vd, ida */
};

/* A short human name of a kind, for messages ("already xvd", "LVM/mapper"). */
const char *devname_kind_to_string(enum devname_kind k);

/*
 * Classify one whole device spec (an fstab source, a root= value, ...) of
 * length len and, for DEVNAME_MAPPED, return the new spec in *ret_new
 * (malloc'd; "/dev/" kept if it was there). *ret_new is NULL otherwise.
 * spec need not be NUL-terminated and is never read past len. ret_new may be
 * NULL to classify only. Returns 0 or -ENOMEM.
 */
int devname_map(const struct devmap *m, const char *spec, size_t len, enum devname_kind *ret_kind,
                char **ret_new);

/*
 * Rewrite every whole "/dev/sdX[N]" and "/dev/hdX[N]" token inside s: a token
 * must not be preceded by a name character and must end at a character that
 * cannot continue a device name, so /dev/sda1 never matches inside
 * /dev/sda10 or /dev/sda1x. Returns the number of replacements in
 * *ret_count; *ret is a new string (a copy when nothing changed).
 *
 * Precisely: "/dev/" must be at the start of s or after a character outside
 * [A-Za-z0-9_./-] (a space, '=', a quote, ',', '|', '(', '^', ':' ...); the
 * name is a valid sd/hd name (see above) and the next character is not in
 * [A-Za-z0-9_] (so "/dev/sda[0-9]*" and "/dev/sda1-x" map, "/dev/sda1x" and
 * "/dev/sda01" do not). A token that is the value of a tag ("LABEL=/dev/sda1",
 * UUID="/dev/sda1") is left alone. ret_count may be NULL. Returns 0,
 * -ENOMEM, or -EINVAL when s or ret is NULL.
 */
int devname_map_in_string(const struct devmap *m, const char *s, char **ret, size_t *ret_count);

/*
 * Map a bare kernel disk name ("sda", "sdb2", "hdc") to its xvd name. Returns
 * 1 and sets *ret when mapped, 0 when name is not a sd/hd name (including
 * xvd names, "/dev/" paths and malformed names), -ENOMEM. name need not be
 * NUL-terminated; ret may be NULL to test only.
 */
int devname_map_kernel_name(const struct devmap *m, const char *name, size_t len, char **ret);

/*
 * Console: "xvc0" -> "hvc0". Returns true for the Xenlinux console names:
 * "xvc" followed by a decimal number without a leading zero (xvc0, xvc1,
 * xvc10; not xvc, xvc01, /dev/xvc0). NULL gives false.
 */
bool devname_is_xen_console(const char *name);

/*
 * A description of the rule for the plan (a static string): shift 0 gives
 * "sdX/hdX -> xvdX (same letter)", shift 4 the RHEL 6 rule, any other shift a
 * generic text.
 */
const char *devmap_describe(const struct devmap *m);
