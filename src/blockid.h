/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Block device identifiers for --fstab-by: the UUID= or LABEL= that can
 * name each disk the guest's fstab and crypttab name by kernel name.
 *
 * Where the guest's devices are found:
 *  - inside the guest (the root is the running system, "/"): the device an
 *    entry names (/dev/sda1, as the running Xenlinux kernel has it) is
 *    probed, opened inside the root;
 *  - from outside (--root DIR): the host's mount table (libmount reads
 *    /proc/self/mountinfo) says which device is mounted at DIR and at each
 *    mount point below it (DIR/boot, ...). A guest fstab entry is matched
 *    to the host device by its mount point ("/" <-> DIR, "/boot" <->
 *    DIR/boot), and that device is probed. What the guest does not mount
 *    (swap areas, crypttab sources) cannot be found this way.
 *
 * Probing is libblkid's low-level probe (superblocks chain: TYPE, UUID,
 * LABEL) on a descriptor opened here read-only and non-blocking, after
 * checking that the path is a block device or a regular file (an image).
 * The blkid cache (/run/blkid/blkid.tab, BLKID_FILE) is never read or
 * written: no cache function of libblkid is called.
 *
 * The probing is I/O, so it happens while the facts are built; the result is
 * a table that the pure rewriters read.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "guest-root.h"
#include "text-file.h"

/* --fstab-by: how fstab (and crypttab) name devices after the conversion. */
enum fstab_by {
        FSTAB_BY_NAME,  /* renamed kernel names, /dev/xvda1 (the default) */
        FSTAB_BY_UUID,  /* UUID= */
        FSTAB_BY_LABEL, /* LABEL=, else UUID= */
};

/* "name", "uuid", "label". */
const char *fstab_by_to_string(enum fstab_by b);
/* The reverse; -EINVAL for anything else. */
int fstab_by_from_string(const char *s, enum fstab_by *ret);

/* What libblkid found on a device. All NULL when it found no signature. */
struct blockid_info {
        char *type;  /* "ext4", "swap", "crypto_LUKS", ... */
        char *uuid;  /* as blkid prints it */
        char *label;
        bool ambiguous; /* several signatures: nothing is reported */
};

void blockid_info_done(struct blockid_info *i);

/*
 * Probe a host path (a block device or a regular file such as an image).
 * Other file types are refused (-ENOTBLK) without being opened for reading.
 * Errors are recorded with error_set() naming the path. Returns 0 or -errno.
 */
int blockid_probe_path(const char *path, struct blockid_info *ret);

/* The same for a path inside the guest root, resolved there (guest_resolve()). */
int blockid_probe_guest(const struct guest_root *g, const char *path, struct blockid_info *ret);

/* One mount of the host's mount table at or below a root directory. */
struct blockid_mount {
        char *target; /* relative to the root: "/" for the root itself, "/boot", "/my dir" */
        char *source; /* as the table has it: "/dev/loop0", "/dev/mapper/vg-guest", "tmpfs" */
        char *fsroot; /* the part of the filesystem mounted there: "/" unless a subdirectory is */
        char *fstype;
        dev_t devno;  /* the st_dev of files there */
};

struct blockid_mounts {
        struct blockid_mount *v;
        size_t n;
};

/*
 * Read a mount table (mountinfo format, e.g. /proc/self/mountinfo) with
 * libmount and list the mounts that are visible at or below root (an
 * absolute, canonical host path; "/" lists every visible mount). Octal
 * escapes (\040) are decoded. A mount is hidden, and left out, when a mount
 * listed after it sits on the same mount point or on a directory above it,
 * unless that mount is one it is itself mounted on (parent ids), so the
 * last mount on a path wins. Lines libmount cannot parse are skipped.
 * Errors (the file cannot be read) are recorded with error_set().
 */
int blockid_mounts_under(const char *mountinfo, const char *root, struct blockid_mounts *ret);
void blockid_mounts_done(struct blockid_mounts *m);
/* The mount on a target (relative to the root, as in blockid_mount), or NULL. */
const struct blockid_mount *blockid_mounts_find(const struct blockid_mounts *m, const char *target);

enum blockid_origin {
        BLOCKID_FSTAB,    /* the source field of an /etc/fstab entry */
        BLOCKID_CRYPTTAB, /* the source field of an /etc/crypttab entry */
};

/* One device spec of the guest and what names it. */
struct blockid_entry {
        enum blockid_origin origin;
        char *spec;    /* as written in the guest file: "/dev/sda1" */
        char *tag;     /* "UUID=..." or "LABEL=..." to write; NULL when none can be */
        char *how;     /* with tag: where it came from ("the ext4 filesystem's UUID, read from ...");
                          without: why there is none */
        char *device;  /* what was probed ("/dev/loop0, mounted at /mnt/guest"), or NULL */
        struct blockid_info info;
};

struct blockid_table {
        struct blockid_entry *v;
        size_t n;
};

struct blockid_options {
        enum fstab_by by;
        bool inside;           /* probe the guest's own device nodes (the root is the running system) */
        const char *mountinfo; /* the host's mount table; NULL for /proc/self/mountinfo */
};

/*
 * Build the table for every source in fstab and crypttab (either may be
 * NULL) that names a kernel disk by path (/dev/sdX, /dev/hdX, /dev/xvdX;
 * the disk-name rule of devname.h). With FSTAB_BY_NAME the table is empty
 * and nothing is probed. A tag is given only when:
 *  - the probe found one signature of the right kind (swap for swap
 *    entries; a filesystem matching the fstab type for others; a LUKS
 *    header for crypttab sources);
 *  - the identifier is usable unquoted (a UUID of hex digits and dashes;
 *    a label of printable ASCII without blanks, '#', '\\' or quotes);
 *  - no other spec of the table has the same UUID (two names for one
 *    device would be two mounts of it).
 * FSTAB_BY_LABEL falls back to the UUID when there is no usable label or
 * the label is on two devices; crypttab sources always get UUID= (older
 * crypttab readers take no LABEL=). Random-key crypttab entries
 * (/dev/urandom, /dev/random: encrypted anew at every boot) get none.
 * Failing to read the mount table is an error (error_set()); everything
 * else is recorded per entry in how.
 */
int blockid_table_build(const struct guest_root *g, const struct blockid_options *o, const struct text *fstab,
                        const struct text *crypttab, struct blockid_table *ret);
void blockid_table_done(struct blockid_table *t);

/* The entry for a spec of a file, or NULL. spec need not be NUL-terminated. */
const struct blockid_entry *blockid_table_find(const struct blockid_table *t, enum blockid_origin origin,
                                               const char *spec, size_t len);
