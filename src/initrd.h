/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Listing an initramfs / initrd image without unpacking it.
 *
 * An image is a sequence of segments, read as the kernel reads it
 * (init/initramfs.c, unpack_to_rootfs): NUL bytes between segments are
 * skipped; a segment starting with a cpio magic ("070701", "070702" newc,
 * or "070707" odc, which the kernel itself does not take) is an uncompressed
 * cpio archive that ends after its TRAILER!!! entry; anything else must be a
 * compressed stream (gzip, bzip2, lzma, xz, lz4 legacy or frame, zstd) whose
 * decompressed data is one or more cpio archives, NUL padding between and
 * after them. Typical images: RHEL 5 nash, SUSE mkinitrd, Debian and dracut
 * images are one gzip'ed newc archive; newer ones start with an uncompressed
 * early archive (kernel/x86/microcode/GenuineIntel.bin) followed by the
 * compressed main archive.
 *
 * Where a compressed segment ends is found without guessing (initrd.c has
 * the details): libarchive decompresses (its filter for the detected
 * format only, and its "raw" format, so the cpio headers are parsed here,
 * with the kernel's rules, and member data is skipped without copying);
 * for gzip, bzip2 and lzma the end is the count of compressed bytes the
 * decompressor consumed (archive_filter_bytes() of the client filter, fed by
 * a read callback over the fd); for xz, zstd and lz4, whose libarchive
 * filters read on into whatever follows and fail there, the end is found
 * first from the format's own framing (zstd and lz4 block headers, the xz
 * stream footer and index, both CRC32-checked) and libarchive is given
 * exactly that range.
 *
 * gzip members that follow each other directly are joined by libarchive
 * into one segment (the same members are listed). The gzip CRC32, which
 * libarchive does not check, is checked here; xz, bzip2, zstd and lz4
 * frames carry their own checks; lzma and legacy lz4 have none.
 *
 * Memory is bounded: the image is read in blocks through an fd, never
 * whole; only a cpio header and one member name (INITRD_NAME_MAX) are held.
 *
 * Errors (-EBADMSG for a corrupt or truncated image, -ENOTSUP for an
 * unsupported compression, -EFBIG over the caps, -errno from I/O) are
 * recorded with error_set() naming the image, the segment and the offset:
 *   "'/boot/initrd-2.6.18-8.el5.img': truncated cpio archive in segment 2 (gzip at offset 1536)"
 *   "'/boot/initrd.img': not an initramfs: no cpio archive or compressed stream at offset 0"
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "guest-root.h"
#include "util.h"

/* More segments than this are refused (-EFBIG). */
#define INITRD_SEGMENT_MAX 64
/* Longest member name (cpio namesize, NUL included); longer is corrupt (-EBADMSG). */
#define INITRD_NAME_MAX 4096
/* More uncompressed bytes than this in one image are refused (-EFBIG): a bound on time. */
#define INITRD_UNCOMPRESSED_MAX (8ull * 1024 * 1024 * 1024)

enum initrd_compression {
        INITRD_NONE,
        INITRD_GZIP,
        INITRD_BZIP2,
        INITRD_LZMA,       /* the legacy .lzma ("lzma_alone") format */
        INITRD_XZ,
        INITRD_LZ4_LEGACY, /* lz4 -l, the format the kernel reads */
        INITRD_LZ4,        /* lz4 frame format */
        INITRD_ZSTD,
};

/* "none", "gzip", "bzip2", "lzma", "xz", "lz4-legacy", "lz4", "zstd" */
const char *initrd_compression_to_string(enum initrd_compression c);

/* One cpio member, as passed to the callback. */
struct initrd_member {
        const char *name;  /* as stored, with leading "/" and "./" removed ("." for the
                              root itself); valid during the callback only */
        mode_t mode;       /* file type and permission bits from the header */
        uint64_t size;     /* data size (for a symlink: the length of its target) */
        unsigned segment;  /* 1-based index of the segment */
};

/*
 * Called once per member (the TRAILER!!! entry excluded), in image order.
 * Return 0 to go on; a negative -errno stops the scan, which returns it.
 */
typedef int (*initrd_member_fn)(const struct initrd_member *m, void *userdata);

struct initrd_segment {
        enum initrd_compression compression;
        uint64_t offset;       /* where it starts in the image */
        uint64_t size;         /* bytes of the image it takes (compressed size), padding excluded */
        uint64_t uncompressed; /* bytes of cpio data (equal to size when uncompressed) */
        uint64_t n_members;    /* members listed from it */
};

struct initrd_info {
        struct initrd_segment *segments;
        size_t n_segments;
        uint64_t n_members;    /* over all segments */
        uint64_t image_size;
};

void initrd_info_done(struct initrd_info *i);

/*
 * List the image at guest path `path`: resolved inside the root (symlinks
 * with the guest's meaning), refused unless it is a regular file (FIFOs and
 * devices are never opened for reading), then scanned as initrd_scan_fd().
 * A missing image gives -ENOENT with a message. fn may be NULL (only check
 * the image); ret (may be NULL) is set only on success.
 */
int initrd_scan(const struct guest_root *g, const char *path, initrd_member_fn fn, void *userdata,
                struct initrd_info *ret);

/* Scan an open regular file from offset 0 (pread; the fd offset is not used). name is for messages. */
int initrd_scan_fd(int fd, const char *name, initrd_member_fn fn, void *userdata, struct initrd_info *ret);

/* Scan an image in memory (tests and fuzzing). Same rules and messages. */
int initrd_scan_memory(const void *data, size_t size, const char *name, initrd_member_fn fn, void *userdata,
                       struct initrd_info *ret);

/*
 * Whether a member name is the kernel module `module` ("xen-blkfront"): its
 * last component is MODULE.ko, MODULE.ko.xz, .ko.zst or .ko.gz, in any
 * directory, '-' and '_' being the same in module names ("xen_blkfront.ko").
 */
bool initrd_member_is_module(const char *name, const char *module);

/* What an image says about the Xen block and network frontends. */
struct initrd_xen {
        char *blkfront;  /* member name of pvops xen-blkfront.ko[.xz|.zst|.gz], or NULL */
        char *netfront;  /* xen-netfront.ko..., or NULL */
        char *xenblk;    /* Xenlinux xenblk.ko..., or NULL */
        char *xennet;    /* Xenlinux xennet.ko..., or NULL */
        struct strv module_versions; /* each VER of "lib/modules/VER/" (also under usr/), first
                                        seen first, at most 64 */
        struct initrd_info info;
};

void initrd_xen_done(struct initrd_xen *x);

/*
 * Scan the image (as initrd_scan) and fill *ret with the first member found
 * for each module. Whether blkfront is built into the kernel is the kernel's
 * business (struct kernel's blkfront, from its config or modules.builtin),
 * not the image's.
 */
int initrd_find_xen(const struct guest_root *g, const char *path, struct initrd_xen *ret);

/*
 * The same for one kernel: a module under another kernel's module tree
 * ("lib/modules/OTHER/..." or "usr/lib/modules/OTHER/...") does not count;
 * one outside any such tree (RHEL 5 nash keeps them in /lib) does.
 * module_versions still lists every tree. version NULL: initrd_find_xen().
 */
int initrd_find_xen_for(const struct guest_root *g, const char *path, const char *version, struct initrd_xen *ret);

/* Whether a member name lies under the module tree of a kernel other than version. */
bool initrd_member_for_other_kernel(const char *name, const char *version);
