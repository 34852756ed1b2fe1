/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Listing an initramfs image: segments, decompression, cpio headers.
 *
 * The segment loop follows the kernel's unpack_to_rootfs(): skip NUL bytes;
 * a cpio magic starts an uncompressed archive, read up to and including its
 * TRAILER!!! entry (and the trailer's own 4-byte padding); any other byte
 * must start a compressed stream, recognised by its magic as the kernel's
 * decompress_method() does (gzip 1f 8b, bzip2 "BZh", lzma 5d 00 00, xz
 * fd "7zXZ" 00, lz4 legacy 02 21 4c 18, zstd 28 b5 2f fd; also the lz4 frame
 * format 04 22 4d 18, which `lz4` writes without -l). Then the next segment
 * starts where the stream ends.
 *
 * Finding that end is the subtle part. libarchive's filters take their input
 * from our read callback in blocks and do not say where a stream ended, but
 * each filter records, in the position of the filter below it (the client
 * filter, archive_filter_bytes(a, -1)), how many bytes it consumed. For
 * gzip, bzip2 and lzma that count is exact once the decompressed data has
 * been read to its end: the decoder stops at the end of the stream, and
 * gzip and bzip2 only peek at what follows (to see whether another member
 * starts there; if one does, both members are read as one segment, which
 * lists the same members). The xz, zstd and lz4 filters do not stop: xz
 * decodes concatenated streams and fails on whatever else follows, zstd
 * starts a new frame and fails, lz4 reads on; the data decompressed before
 * the failure is lost. For those three the end is found first, without
 * decompressing, from the format's framing, and libarchive is given exactly
 * that range:
 *   zstd  frame header, then 3-byte block headers (each says its size) up to
 *         the last block, then the optional checksum; further zstd frames
 *         and skippable frames that follow directly belong to the segment;
 *   lz4   frame: header, 4-byte block sizes up to the 0 end mark, optional
 *         checksums; further frames and skippable frames directly after too;
 *         legacy (-l): 4-byte chunk sizes after the magic, up to the end of
 *         the image, a chunk size of 0 (NUL padding, as the kernel's unlz4
 *         stops there) or one larger than a legacy chunk can be;
 *   xz    the stream footer: the first 4-byte aligned "YZ" whose footer CRC32
 *         is right, whose stream flags equal the header's, and whose
 *         backward size points to an index that starts with 0x00 and has a
 *         right CRC32 (two independent CRC32 matches: a false find inside
 *         compressed data has odds around 2^-64).
 * When the framing cannot be followed (truncated or corrupt data), the range
 * runs to the end of the image, and libarchive reports the error.
 *
 * The cpio headers are parsed here rather than by libarchive's cpio reader,
 * which stops at the first trailer (the decompressed data of one segment may
 * hold several archives) and resynchronises silently on a bad header; the
 * data libarchive hands over ("raw" format) is walked header to header and
 * member data is skipped by arithmetic, never copied. newc ("070701",
 * "070702") pads header+name and data to 4 bytes counted from the start of
 * the decompressed stream, or for an uncompressed segment from the start of
 * the image, as the kernel counts; odc ("070707") has no padding.
 *
 * A decompressed stream must end after a trailer (NUL bytes may follow), as
 * the kernel requires ("junk at the end of compressed archive"); an
 * uncompressed segment must reach its trailer before the image ends.
 *
 * Checksums: libarchive's xz, bzip2, zstd and lz4 frame decoders check
 * their own; its gzip decoder does not check the CRC32 that the kernel
 * checks, so it is computed here over the decompressed data (zlib's
 * crc32()) and compared with the trailer (see gzip_check_trailer()). lzma
 * and legacy lz4 have no checksum.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "initrd.h"
#include "log.h"

/* Bytes read from the image per read; also libarchive's input block. */
#define READ_BLOCK (256u * 1024u)
#define NEWC_HEADER_SIZE 110
#define ODC_HEADER_SIZE 76
#define CPIO_MAGIC_SIZE 6
#define MODULE_VERSIONS_MAX 64
/* LZ4_compressBound(8 MiB): the largest chunk of the legacy lz4 format. */
#define LZ4_LEGACY_CHUNK_MAX (8388608u + 8388608u / 255u + 16u)
#define XZ_HEADER_SIZE 12
#define XZ_FOOTER_SIZE 12

const char *initrd_compression_to_string(enum initrd_compression c)
{
        switch (c) {
        case INITRD_NONE:
                return "none";
        case INITRD_GZIP:
                return "gzip";
        case INITRD_BZIP2:
                return "bzip2";
        case INITRD_LZMA:
                return "lzma";
        case INITRD_XZ:
                return "xz";
        case INITRD_LZ4_LEGACY:
                return "lz4-legacy";
        case INITRD_LZ4:
                return "lz4";
        case INITRD_ZSTD:
                return "zstd";
        }
        return "unknown";
}

void initrd_info_done(struct initrd_info *i)
{
        if (!i)
                return;
        free(i->segments);
        *i = (struct initrd_info){ 0 };
}

/* ---- the image: an fd or a memory buffer ---- */

struct scan {
        const char *name;     /* for messages */
        int fd;               /* or -1 for memory */
        const uint8_t *mem;
        uint64_t size;
        uint8_t *buf;         /* READ_BLOCK bytes: small reads (scan_read) and CRCs */
        uint8_t *block;       /* READ_BLOCK bytes: sequential reads (segments, libarchive's input) */
        initrd_member_fn fn;
        void *userdata;
        struct initrd_info info;
        uint64_t uncompressed; /* over the whole image, against INITRD_UNCOMPRESSED_MAX */
};

/*
 * Up to max bytes at off, into buf (fd) or pointing into the image
 * (memory): *ret_n is less than max only at the end of the image.
 */
static int scan_get(struct scan *s, uint8_t *buf, uint64_t off, size_t max, const uint8_t **ret,
                    size_t *ret_n)
{
        size_t got = 0;

        if (off >= s->size) {
                *ret = buf;
                *ret_n = 0;
                return 0;
        }
        if (max > s->size - off)
                max = (size_t)(s->size - off);
        if (s->mem) {
                *ret = s->mem + off;
                *ret_n = max;
                return 0;
        }
        while (got < max) {
                ssize_t n = pread(s->fd, buf + got, max - got, (off_t)(off + got));

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        error_set("'%s': read failed at offset %" PRIu64 ": %s", s->name, off + got,
                                  strerror(errno));
                        return negative_errno();
                }
                if (n == 0)
                        break; /* shrank meanwhile: the end */
                got += (size_t)n;
        }
        *ret = buf;
        *ret_n = got;
        return 0;
}

/* Exactly n (small) bytes at off into out: 1 when read, 0 when the image ends first. */
static int scan_read(struct scan *s, uint64_t off, void *out, size_t n)
{
        const uint8_t *p;
        size_t got;
        int r;

        r = scan_get(s, s->buf, off, n, &p, &got);
        if (r < 0)
                return r;
        if (got < n)
                return 0;
        memmove(out, p, n);
        return 1;
}

static uint32_t le32(const uint8_t *p)
{
        return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC32 (IEEE 802.3, as gzip and xz use it) of n bytes, continuing crc (0 to start). */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
        while (n > 0) {
                uInt k = n > UINT_MAX ? UINT_MAX : (uInt)n;

                crc = (uint32_t)crc32(crc, p, k);
                p += k;
                n -= k;
        }
        return crc;
}

/* ---- messages ---- */

struct segment_ctx {
        struct scan *scan;
        unsigned index; /* 1-based */
        enum initrd_compression compression;
        uint64_t offset;
};

static const char *compression_label(enum initrd_compression c)
{
        return c == INITRD_NONE ? "uncompressed" : c == INITRD_LZ4_LEGACY ? "lz4 legacy" : initrd_compression_to_string(c);
}

/* "'NAME': segment 2 (gzip at offset 1536): MESSAGE" */
_printf_(2, 3) static void segment_error(const struct segment_ctx *c, const char *fmt, ...)
{
        _cleanup_free_ char *msg = NULL;
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vasprintf(&msg, fmt, ap);
        va_end(ap);
        if (n < 0)
                msg = NULL;
        error_set("'%s': segment %u (%s at offset %" PRIu64 "): %s", c->scan->name, c->index,
                  compression_label(c->compression), c->offset, msg ? msg : "error");
}

static void segment_truncated_cpio(const struct segment_ctx *c)
{
        error_set("'%s': truncated cpio archive in segment %u (%s at offset %" PRIu64 ")", c->scan->name,
                  c->index, compression_label(c->compression), c->offset);
}

/* ---- the cpio parser: fed in chunks, holds one header and one name ---- */

enum cpio_state {
        CPIO_HEADER, /* collecting a header */
        CPIO_NAME,   /* collecting the name */
        CPIO_SKIP,   /* skipping name padding, data, data padding */
        CPIO_GAP,    /* after a trailer: NUL bytes, then another archive */
};

struct cpio {
        const struct segment_ctx *ctx;
        struct initrd_segment *seg;
        bool top;            /* an uncompressed segment: stop after its trailer */
        uint64_t base;       /* absolute offset of stream byte 0, for newc alignment */
        uint64_t pos;        /* stream bytes consumed */
        enum cpio_state state;
        bool odc;
        bool trailer;        /* the current entry is TRAILER!!! */
        uint64_t n_archives; /* archives completed */
        uint64_t header_pos; /* stream position of the current header */
        uint8_t hdr[NEWC_HEADER_SIZE];
        size_t hdr_len;
        size_t hdr_size;
        char name[INITRD_NAME_MAX];
        size_t name_len, name_size;
        mode_t mode;
        uint64_t filesize;
        uint64_t skip;
};

static void cpio_init(struct cpio *c, const struct segment_ctx *ctx, struct initrd_segment *seg, bool top,
                      uint64_t base)
{
        *c = (struct cpio){ .ctx = ctx, .seg = seg, .top = top, .base = base, .state = CPIO_HEADER };
}

/* "offset N" for an uncompressed segment, "byte N of its uncompressed data" otherwise. */
static void cpio_where(const struct cpio *c, uint64_t pos, char *buf, size_t size)
{
        if (c->ctx->compression == INITRD_NONE)
                snprintf(buf, size, "offset %" PRIu64, c->base + pos);
        else
                snprintf(buf, size, "byte %" PRIu64 " of its uncompressed data", pos);
}

static int cpio_bad_header(const struct cpio *c, const char *why)
{
        char where[96];

        cpio_where(c, c->header_pos, where, sizeof(where));
        if (c->n_archives == 0 && c->seg->n_members == 0 && c->header_pos == 0)
                segment_error(c->ctx, "not a cpio archive (%s)", why);
        else
                segment_error(c->ctx, "bad cpio header at %s: %s", where, why);
        return -EBADMSG;
}

static bool parse_number(const uint8_t *p, size_t n, unsigned radix, uint64_t *ret)
{
        uint64_t v = 0;

        for (size_t i = 0; i < n; i++) {
                unsigned d;

                if (p[i] >= '0' && p[i] <= '9')
                        d = p[i] - '0';
                else if (radix == 16 && p[i] >= 'a' && p[i] <= 'f')
                        d = p[i] - 'a' + 10;
                else if (radix == 16 && p[i] >= 'A' && p[i] <= 'F')
                        d = p[i] - 'A' + 10;
                else
                        return false;
                if (d >= radix)
                        return false;
                v = v * radix + d;
        }
        *ret = v;
        return true;
}

static uint64_t pad4(uint64_t abs_pos)
{
        return (4 - (abs_pos & 3)) & 3;
}

static int cpio_header_done(struct cpio *c)
{
        uint64_t mode, namesize, filesize;

        if (c->odc) {
                if (!parse_number(c->hdr + 18, 6, 8, &mode) || !parse_number(c->hdr + 59, 6, 8, &namesize) ||
                    !parse_number(c->hdr + 65, 11, 8, &filesize))
                        return cpio_bad_header(c, "a field is not an octal number");
        } else {
                if (!parse_number(c->hdr + 14, 8, 16, &mode) || !parse_number(c->hdr + 94, 8, 16, &namesize) ||
                    !parse_number(c->hdr + 54, 8, 16, &filesize))
                        return cpio_bad_header(c, "a field is not a hex number");
        }
        if (namesize == 0)
                return cpio_bad_header(c, "empty name");
        if (namesize > INITRD_NAME_MAX)
                return cpio_bad_header(c, "name longer than 4096 bytes");
        c->mode = (mode_t)mode;
        c->filesize = filesize;
        c->name_size = (size_t)namesize;
        c->name_len = 0;
        c->state = CPIO_NAME;
        return 0;
}

/* The name is complete: report the member, set up the skip. */
static int cpio_name_done(struct cpio *c)
{
        struct scan *s = c->ctx->scan;
        const char *name = c->name;
        uint64_t end;

        if (c->name[c->name_size - 1] != '\0' || memchr(c->name, '\0', c->name_size) != c->name + c->name_size - 1)
                return cpio_bad_header(c, "name is not NUL-terminated where its size says");

        c->trailer = streq(c->name, "TRAILER!!!");
        if (!c->trailer) {
                for (;;) {
                        if (name[0] == '/')
                                name++;
                        else if (name[0] == '.' && name[1] == '/')
                                name += 2;
                        else
                                break;
                }
                if (name[0] == '\0')
                        name = ".";
                c->seg->n_members++;
                s->info.n_members++;
                if (s->fn) {
                        struct initrd_member m = {
                                .name = name,
                                .mode = c->mode,
                                .size = c->filesize,
                                .segment = c->ctx->index,
                        };
                        int r = s->fn(&m, s->userdata);

                        if (r < 0)
                                return r;
                }
        }

        c->skip = c->filesize;
        if (!c->odc) {
                end = c->base + c->pos;
                c->skip += pad4(end);
                end += pad4(end) + c->filesize;
                c->skip += pad4(end);
        }
        c->state = CPIO_SKIP;
        return 0;
}

/*
 * The current entry is over. Returns 1 when a top-level archive is complete.
 */
static int cpio_entry_done(struct cpio *c)
{
        if (!c->trailer) {
                c->state = CPIO_HEADER;
                c->hdr_len = 0;
                c->header_pos = c->pos;
                return 0;
        }
        c->n_archives++;
        c->trailer = false;
        c->state = CPIO_GAP;
        return c->top ? 1 : 0;
}

/*
 * Feed n bytes. Returns 0 when all were taken (more wanted), 1 when a
 * top-level archive ended (*ret_used says where), or -errno.
 */
static int cpio_feed(struct cpio *c, const uint8_t *p, size_t n, size_t *ret_used)
{
        size_t i = 0;
        int r;

        for (;;) {
                if (c->state == CPIO_SKIP && c->skip == 0) {
                        r = cpio_entry_done(c);
                        if (r != 0) {
                                if (ret_used)
                                        *ret_used = i;
                                return r;
                        }
                }
                if (i >= n)
                        break;

                switch (c->state) {
                case CPIO_GAP:
                        while (i < n && p[i] == '\0') {
                                i++;
                                c->pos++;
                        }
                        if (i < n) {
                                c->state = CPIO_HEADER;
                                c->hdr_len = 0;
                                c->header_pos = c->pos;
                        }
                        break;

                case CPIO_HEADER: {
                        size_t need = c->hdr_len < CPIO_MAGIC_SIZE ? CPIO_MAGIC_SIZE : c->hdr_size;
                        size_t take = need - c->hdr_len;

                        if (take > n - i)
                                take = n - i;
                        memcpy(c->hdr + c->hdr_len, p + i, take);
                        c->hdr_len += take;
                        c->pos += take;
                        i += take;
                        if (c->hdr_len == CPIO_MAGIC_SIZE && need == CPIO_MAGIC_SIZE) {
                                if (memcmp(c->hdr, "070701", 6) == 0 || memcmp(c->hdr, "070702", 6) == 0) {
                                        c->odc = false;
                                        c->hdr_size = NEWC_HEADER_SIZE;
                                        if ((c->base + c->header_pos) & 3) {
                                                char where[96];

                                                cpio_where(c, c->header_pos, where, sizeof(where));
                                                segment_error(c->ctx,
                                                              "cpio header at %s is not 4-byte aligned "
                                                              "(broken padding; the kernel rejects it)",
                                                              where);
                                                return -EBADMSG;
                                        }
                                } else if (memcmp(c->hdr, "070707", 6) == 0) {
                                        c->odc = true;
                                        c->hdr_size = ODC_HEADER_SIZE;
                                } else {
                                        return cpio_bad_header(c, "no cpio magic");
                                }
                        } else if (c->hdr_len == c->hdr_size && c->hdr_len > CPIO_MAGIC_SIZE) {
                                r = cpio_header_done(c);
                                if (r < 0)
                                        return r;
                        }
                        break;
                }

                case CPIO_NAME: {
                        size_t take = c->name_size - c->name_len;

                        if (take > n - i)
                                take = n - i;
                        memcpy(c->name + c->name_len, p + i, take);
                        c->name_len += take;
                        c->pos += take;
                        i += take;
                        if (c->name_len == c->name_size) {
                                r = cpio_name_done(c);
                                if (r < 0)
                                        return r;
                        }
                        break;
                }

                case CPIO_SKIP: {
                        uint64_t take = c->skip;

                        if (take > n - i)
                                take = n - i;
                        c->skip -= take;
                        c->pos += take;
                        i += (size_t)take;
                        break;
                }
                }
        }
        if (ret_used)
                *ret_used = i;
        return 0;
}

/* The stream (a decompressed segment) has ended: it must end after a trailer. */
static int cpio_finish(struct cpio *c)
{
        if (c->state == CPIO_GAP && c->n_archives > 0)
                return 0;
        if (c->pos == 0) {
                segment_error(c->ctx, "the compressed stream holds no data");
                return -EBADMSG;
        }
        segment_truncated_cpio(c->ctx);
        return -EBADMSG;
}

/* ---- segment detection ---- */

enum magic {
        MAGIC_UNKNOWN,
        MAGIC_CPIO,
        MAGIC_CPIO_BINARY,
        MAGIC_COMPRESSED,
        MAGIC_LZO,
};

static enum magic detect(const uint8_t *p, size_t n, enum initrd_compression *ret)
{
        *ret = INITRD_NONE;
        if (n >= 6 && (memcmp(p, "070701", 6) == 0 || memcmp(p, "070702", 6) == 0 || memcmp(p, "070707", 6) == 0))
                return MAGIC_CPIO;
        if (n >= 2 && ((p[0] == 0xc7 && p[1] == 0x71) || (p[0] == 0x71 && p[1] == 0xc7)))
                return MAGIC_CPIO_BINARY;
        if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
                *ret = INITRD_GZIP;
        else if (n >= 4 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9')
                *ret = INITRD_BZIP2;
        else if (n >= 3 && p[0] == 0x5d && p[1] == 0x00 && p[2] == 0x00)
                *ret = INITRD_LZMA;
        else if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
                *ret = INITRD_XZ;
        else if (n >= 4 && le32(p) == 0x184C2102u)
                *ret = INITRD_LZ4_LEGACY;
        else if (n >= 4 && le32(p) == 0x184D2204u)
                *ret = INITRD_LZ4;
        else if (n >= 4 && le32(p) == 0xFD2FB528u)
                *ret = INITRD_ZSTD;
        else if (n >= 4 && memcmp(p, "\x89LZO", 4) == 0)
                return MAGIC_LZO;
        else
                return MAGIC_UNKNOWN;
        return MAGIC_COMPRESSED;
}

/* ---- framing: where xz, zstd and lz4 streams end (1 found, 0 not found) ---- */

static bool skippable_frame(uint32_t magic)
{
        return (magic & 0xFFFFFFF0u) == 0x184D2A50u;
}

/* One zstd frame at *off (magic checked); *off is moved past it. */
static int zstd_frame(struct scan *s, uint64_t *off)
{
        static const unsigned did_sizes[4] = { 0, 1, 2, 4 };
        uint8_t fhd, b[3];
        uint64_t p = *off + 4;
        unsigned fcs_flag, single, fcs_size;
        bool checksum;
        int r;

        r = scan_read(s, p, &fhd, 1);
        if (r <= 0)
                return r;
        if (fhd & 0x08)
                return 0; /* reserved bit */
        fcs_flag = fhd >> 6;
        single = (fhd >> 5) & 1;
        checksum = (fhd >> 2) & 1;
        fcs_size = fcs_flag == 0 ? single : fcs_flag == 1 ? 2 : fcs_flag == 2 ? 4 : 8;
        p += 1 + (single ? 0 : 1) + did_sizes[fhd & 3] + fcs_size;

        for (;;) {
                uint32_t h, size;

                r = scan_read(s, p, b, 3);
                if (r <= 0)
                        return r;
                h = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
                size = h >> 3;
                switch ((h >> 1) & 3) {
                case 0: /* raw */
                case 2: /* compressed */
                        p += 3 + (uint64_t)size;
                        break;
                case 1: /* RLE */
                        p += 3 + 1;
                        break;
                default:
                        return 0;
                }
                if (p > s->size)
                        return 0;
                if (h & 1)
                        break;
        }
        if (checksum)
                p += 4;
        if (p > s->size)
                return 0;
        *off = p;
        return 1;
}

/* One lz4 frame at *off (magic checked). */
static int lz4_frame(struct scan *s, uint64_t *off)
{
        uint8_t flg;
        uint64_t p = *off + 4;
        bool block_checksum, content_checksum;
        int r;

        r = scan_read(s, p, &flg, 1);
        if (r <= 0)
                return r;
        if ((flg >> 6) != 1)
                return 0;
        block_checksum = (flg >> 4) & 1;
        content_checksum = (flg >> 2) & 1;
        p += 2 + ((flg >> 3) & 1 ? 8 : 0) + (flg & 1 ? 4 : 0) + 1;

        for (;;) {
                uint8_t b[4];
                uint32_t v;

                r = scan_read(s, p, b, 4);
                if (r <= 0)
                        return r;
                v = le32(b);
                p += 4;
                if (v == 0)
                        break;
                p += (v & 0x7FFFFFFFu) + (block_checksum ? 4 : 0);
                if (p > s->size)
                        return 0;
        }
        if (content_checksum)
                p += 4;
        if (p > s->size)
                return 0;
        *off = p;
        return 1;
}

/* zstd or lz4 frames, and skippable frames, back to back from start. */
static int frames_end(struct scan *s, uint64_t start, enum initrd_compression comp, uint64_t *ret_end)
{
        uint32_t frame_magic = comp == INITRD_ZSTD ? 0xFD2FB528u : 0x184D2204u;
        uint64_t p = start;
        bool first = true;

        for (;;) {
                uint8_t b[8];
                uint32_t m;
                int r;

                r = scan_read(s, p, b, 4);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                m = le32(b);
                if (m == frame_magic) {
                        r = comp == INITRD_ZSTD ? zstd_frame(s, &p) : lz4_frame(s, &p);
                        if (r <= 0)
                                return r;
                } else if (!first && skippable_frame(m)) {
                        r = scan_read(s, p, b, 8);
                        if (r <= 0)
                                return r;
                        p += 8 + (uint64_t)le32(b + 4);
                        if (p > s->size)
                                return 0;
                } else {
                        break;
                }
                first = false;
        }
        *ret_end = p;
        return 1;
}

static int lz4_legacy_end(struct scan *s, uint64_t start, uint64_t *ret_end)
{
        uint64_t p = start + 4;

        for (;;) {
                uint8_t b[4];
                uint32_t v;
                int r;

                r = scan_read(s, p, b, 4);
                if (r < 0)
                        return r;
                if (r == 0) {
                        /* 0 to 3 bytes left: the end if they are NUL padding, else a cut chunk size */
                        r = scan_read(s, p, b, (size_t)(s->size - p));
                        if (r < 0)
                                return r;
                        for (uint64_t k = p; k < s->size; k++)
                                if (b[k - p] != 0)
                                        return 0;
                        break;
                }
                v = le32(b);
                if (v == 0x184C2102u) {
                        p += 4;
                        continue;
                }
                if (v == 0 || v > LZ4_LEGACY_CHUNK_MAX)
                        break;
                if (p + 4 + v > s->size)
                        return 0; /* truncated */
                p += 4 + v;
        }
        *ret_end = p;
        return 1;
}

/* CRC32 of [off, off+n) of the image. */
static int crc_range(struct scan *s, uint64_t off, uint64_t n, uint32_t *ret)
{
        uint32_t crc = 0;

        while (n > 0) {
                const uint8_t *p;
                size_t got;
                int r;

                r = scan_get(s, s->buf, off, n < READ_BLOCK ? (size_t)n : READ_BLOCK, &p, &got);
                if (r < 0)
                        return r;
                if (got == 0)
                        return -EBADMSG;
                crc = crc32_update(crc, p, got);
                off += got;
                n -= got;
        }
        *ret = crc;
        return 0;
}

/* Is there a valid xz stream footer at f? 1 yes, 0 no. */
static int xz_footer_at(struct scan *s, uint64_t start, uint64_t f, const uint8_t flags[2])
{
        uint8_t foot[XZ_FOOTER_SIZE], ind[4];
        uint64_t backward, index;
        uint32_t crc;
        int r;

        if (f < start + XZ_HEADER_SIZE)
                return 0;
        r = scan_read(s, f, foot, sizeof(foot));
        if (r <= 0)
                return r;
        if (foot[10] != 'Y' || foot[11] != 'Z' || foot[8] != flags[0] || foot[9] != flags[1])
                return 0;
        if (crc32_update(0, foot + 4, 6) != le32(foot))
                return 0;
        backward = ((uint64_t)le32(foot + 4) + 1) * 4;
        if (backward > f - start - XZ_HEADER_SIZE)
                return 0;
        index = f - backward;
        r = scan_read(s, index, ind, 1);
        if (r <= 0 || ind[0] != 0x00)
                return r;
        r = crc_range(s, index, backward - 4, &crc);
        if (r < 0)
                return r;
        r = scan_read(s, f - 4, ind, 4);
        if (r <= 0)
                return r;
        return crc == le32(ind) ? 1 : 0;
}

static int xz_stream_end(struct scan *s, uint64_t start, uint64_t *ret_end)
{
        uint8_t hdr[XZ_HEADER_SIZE], flags[2];
        uint64_t chunk;
        int r;

        r = scan_read(s, start, hdr, sizeof(hdr));
        if (r <= 0)
                return r;
        if (crc32_update(0, hdr + 6, 2) != le32(hdr + 8))
                return 0;
        memcpy(flags, hdr + 6, 2);

        /*
         * A stream's size is a multiple of 4, so its footer starts at
         * start + 4k and its "YZ" is at start + 4k + 10. Scan 4-byte aligned
         * words from start + 12 and look at their bytes 2 and 3.
         */
        for (chunk = start + XZ_HEADER_SIZE; chunk < s->size;) {
                const uint8_t *p;
                size_t got;

                r = scan_get(s, s->block, chunk, READ_BLOCK, &p, &got);
                if (r < 0)
                        return r;
                for (size_t k = 0; k + 4 <= got; k += 4) {
                        if (p[k + 2] != 'Y' || p[k + 3] != 'Z')
                                continue;
                        /* "YZ" at chunk + k + 2 = f + 10 */
                        r = xz_footer_at(s, start, chunk + k + 2 - 10, flags);
                        if (r < 0)
                                return r;
                        if (r > 0) {
                                *ret_end = chunk + k + 2 - 10 + XZ_FOOTER_SIZE;
                                return 1;
                        }
                }
                if (got < READ_BLOCK)
                        break;
                chunk += got;
        }
        return 0;
}

/* ---- compressed segments, through libarchive ---- */

struct reader {
        struct scan *scan;
        uint64_t pos, end;
        bool at_image_end; /* asked for more once the image had ended */
        int error;         /* -errno of a failed read */
};

static la_ssize_t reader_read(struct archive *a, void *userdata, const void **ret)
{
        struct reader *rd = userdata;
        const uint8_t *p;
        size_t got;
        uint64_t max;
        int r;

        if (rd->pos >= rd->end) {
                if (rd->end >= rd->scan->size)
                        rd->at_image_end = true;
                *ret = NULL;
                return 0;
        }
        max = rd->end - rd->pos;
        r = scan_get(rd->scan, rd->scan->block, rd->pos, max < READ_BLOCK ? (size_t)max : READ_BLOCK, &p, &got);
        if (r < 0) {
                rd->error = r;
                archive_set_error(a, -r, "read failed");
                return -1;
        }
        if (got == 0)
                rd->at_image_end = true;
        rd->pos += got;
        *ret = p;
        return (la_ssize_t)got;
}

static void archive_read_freep(struct archive **a)
{
        if (*a)
                archive_read_free(*a);
}

/* Enable libarchive's filter for c only; *ret_code is the filter code it must then report. */
static int support_filter(struct archive *a, enum initrd_compression c, int *ret_code)
{
        switch (c) {
        case INITRD_GZIP:
                *ret_code = ARCHIVE_FILTER_GZIP;
                return archive_read_support_filter_gzip(a);
        case INITRD_BZIP2:
                *ret_code = ARCHIVE_FILTER_BZIP2;
                return archive_read_support_filter_bzip2(a);
        case INITRD_LZMA:
                *ret_code = ARCHIVE_FILTER_LZMA;
                return archive_read_support_filter_lzma(a);
        case INITRD_XZ:
                *ret_code = ARCHIVE_FILTER_XZ;
                return archive_read_support_filter_xz(a);
        case INITRD_LZ4_LEGACY:
        case INITRD_LZ4:
                *ret_code = ARCHIVE_FILTER_LZ4;
                return archive_read_support_filter_lz4(a);
        case INITRD_ZSTD:
                *ret_code = ARCHIVE_FILTER_ZSTD;
                return archive_read_support_filter_zstd(a);
        case INITRD_NONE:
                break;
        }
        return ARCHIVE_FATAL;
}

/*
 * The errno libarchive gives "Unrecognized archive format" (its
 * ARCHIVE_ERRNO_FILE_FORMAT, which archive.h does not export): EFTYPE where
 * the platform has it, else EILSEQ.
 */
#ifdef EFTYPE
#define LA_ERRNO_FILE_FORMAT EFTYPE
#else
#define LA_ERRNO_FILE_FORMAT EILSEQ
#endif

/*
 * libarchive failed, or did not recognise the stream: an I/O error, an
 * empty stream (the filter was recognised but the "raw" format found no
 * data), a truncated stream (our callback was asked for more at the end of
 * the image), or corrupt data.
 */
static int archive_failed(const struct segment_ctx *ctx, struct archive *a, const struct reader *rd, int code,
                          bool opening)
{
        const char *what = compression_label(ctx->compression);
        const char *msg = archive_error_string(a);

        if (rd->error < 0)
                return rd->error; /* scan_get() said which read failed */
        if (opening && archive_errno(a) == LA_ERRNO_FILE_FORMAT && archive_filter_count(a) == 2 &&
            archive_filter_code(a, 0) == code) {
                segment_error(ctx, "the %s stream holds no data", what);
                return -EBADMSG;
        }
        if (rd->at_image_end) {
                error_set("'%s': truncated %s stream in segment %u (offset %" PRIu64 ")", ctx->scan->name, what,
                          ctx->index, ctx->offset);
                return -EBADMSG;
        }
        if (opening)
                segment_error(ctx, "not a valid %s stream%s%s%s", what, msg ? " (" : "", msg ? msg : "",
                              msg ? ")" : "");
        else
                segment_error(ctx, "corrupt %s data: %s", what, msg ? msg : "decompression failed");
        return -EBADMSG;
}

/*
 * libarchive does not check the CRC32 of gzip members; the kernel does
 * ("crc error"). The trailer read here is the last member's: when its size
 * field equals the whole output (mod 2^32) the segment was one member, as
 * initramfs tools write it, and its CRC32 must match. Otherwise directly
 * concatenated members were read as one segment (libarchive joins them) and
 * only their structure was checked.
 */
static int gzip_check_trailer(struct scan *s, const struct segment_ctx *ctx, const struct initrd_segment *seg,
                              uint32_t crc)
{
        uint8_t t[8];
        int r;

        if (seg->size < 18)
                return 0;
        r = scan_read(s, seg->offset + seg->size - 8, t, sizeof(t));
        if (r <= 0)
                return r;
        if (le32(t + 4) == (uint32_t)seg->uncompressed && le32(t) != crc) {
                segment_error(ctx, "corrupt gzip data: CRC32 mismatch");
                return -EBADMSG;
        }
        return 0;
}

static int scan_compressed(struct scan *s, const struct segment_ctx *ctx, struct initrd_segment *seg,
                           uint64_t *ret_end)
{
        _cleanup_(archive_read_freep) struct archive *a = NULL;
        struct reader rd = { .scan = s, .pos = ctx->offset, .end = s->size };
        const char *what = compression_label(ctx->compression);
        struct archive_entry *entry;
        uint64_t end = 0;
        uint32_t crc = 0;
        bool framed;
        struct cpio c;
        int code = 0, r;

        switch (ctx->compression) {
        case INITRD_XZ:
                r = xz_stream_end(s, ctx->offset, &end);
                break;
        case INITRD_ZSTD:
        case INITRD_LZ4:
                r = frames_end(s, ctx->offset, ctx->compression, &end);
                break;
        case INITRD_LZ4_LEGACY:
                r = lz4_legacy_end(s, ctx->offset, &end);
                break;
        default:
                r = 0;
                break;
        }
        if (r < 0)
                return r;
        framed = r > 0;
        if (framed)
                rd.end = end;

        a = archive_read_new();
        if (!a)
                return -ENOMEM;
        r = support_filter(a, ctx->compression, &code);
        if (r == ARCHIVE_WARN) {
                /* libarchive built without the library: it would run an external program. */
                segment_error(ctx, "this libarchive reads %s only through an external program; not supported",
                              what);
                return -ENOTSUP;
        }
        if (r != ARCHIVE_OK || archive_read_support_format_raw(a) != ARCHIVE_OK) {
                segment_error(ctx, "this libarchive cannot read %s: %s", what,
                              archive_error_string(a) ? archive_error_string(a) : "not supported");
                return -ENOTSUP;
        }
        if (archive_read_open(a, &rd, NULL, reader_read, NULL) != ARCHIVE_OK)
                return archive_failed(ctx, a, &rd, code, true);
        if (archive_filter_count(a) != 2 || archive_filter_code(a, 0) != code) {
                /* libarchive's bidder did not take it: the filter left is "none" */
                archive_set_error(a, -1, "libarchive does not recognise it");
                return archive_failed(ctx, a, &rd, code, true);
        }
        r = archive_read_next_header(a, &entry);
        if (r != ARCHIVE_OK)
                return archive_failed(ctx, a, &rd, code, true);

        cpio_init(&c, ctx, seg, false, 0);
        for (;;) {
                const void *p;
                size_t n;
                la_int64_t o;

                r = archive_read_data_block(a, &p, &n, &o);
                if (r == ARCHIVE_EOF)
                        break;
                if (r != ARCHIVE_OK)
                        return archive_failed(ctx, a, &rd, code, false);
                seg->uncompressed += n;
                s->uncompressed += n;
                if (s->uncompressed > INITRD_UNCOMPRESSED_MAX) {
                        error_set("'%s': more than %llu GiB of uncompressed data, refusing", s->name,
                                  INITRD_UNCOMPRESSED_MAX >> 30);
                        return -EFBIG;
                }
                if (ctx->compression == INITRD_GZIP)
                        crc = crc32_update(crc, p, n);
                r = cpio_feed(&c, p, n, NULL);
                if (r < 0)
                        return r;
        }
        r = cpio_finish(&c);
        if (r < 0)
                return r;

        /* Framed formats: the range found. Others: what the decoder consumed. */
        if (framed)
                *ret_end = end;
        else
                *ret_end = ctx->offset + (uint64_t)archive_filter_bytes(a, -1);
        if (*ret_end <= ctx->offset || *ret_end > s->size) {
                segment_error(ctx, "cannot tell where the %s stream ends", what);
                return -EBADMSG;
        }
        seg->size = *ret_end - ctx->offset;
        if (ctx->compression == INITRD_GZIP)
                return gzip_check_trailer(s, ctx, seg, crc);
        return 0;
}

/* ---- uncompressed segments ---- */

static int scan_uncompressed(struct scan *s, const struct segment_ctx *ctx, struct initrd_segment *seg,
                             uint64_t *ret_end)
{
        uint64_t off = ctx->offset;
        struct cpio c;

        cpio_init(&c, ctx, seg, true, ctx->offset);
        for (;;) {
                const uint8_t *p;
                size_t got, used;
                int r;

                /* Member data is skipped without reading it. */
                if (c.state == CPIO_SKIP && c.skip > 0 && off < s->size) {
                        uint64_t k = c.skip < s->size - off ? c.skip : s->size - off;

                        c.skip -= k;
                        c.pos += k;
                        off += k;
                }
                r = scan_get(s, s->block, off, READ_BLOCK, &p, &got);
                if (r < 0)
                        return r;
                if (got == 0 && !(c.state == CPIO_SKIP && c.skip == 0)) {
                        segment_truncated_cpio(ctx);
                        return -EBADMSG;
                }
                r = cpio_feed(&c, p, got, &used);
                if (r < 0)
                        return r;
                off += used;
                if (r > 0)
                        break;
        }
        seg->size = seg->uncompressed = off - ctx->offset;
        s->uncompressed += seg->size;
        *ret_end = off;
        return 0;
}

/* ---- the image ---- */

/* The first non-NUL offset at or after off (s->size when none). */
static int skip_nuls(struct scan *s, uint64_t *off)
{
        for (;;) {
                const uint8_t *p;
                size_t got, i = 0;
                int r;

                r = scan_get(s, s->block, *off, READ_BLOCK, &p, &got);
                if (r < 0)
                        return r;
                while (i < got && p[i] == '\0')
                        i++;
                *off += i;
                if (i < got || got == 0)
                        return 0;
        }
}

static int scan_image(struct scan *s)
{
        uint64_t off = 0;
        int r;

        if (s->size == 0) {
                error_set("'%s': empty file, not an initramfs", s->name);
                return -EBADMSG;
        }

        for (;;) {
                enum initrd_compression comp;
                struct initrd_segment *seg, *v;
                struct segment_ctx ctx;
                const uint8_t *p;
                size_t got;
                uint64_t end = 0;

                r = skip_nuls(s, &off);
                if (r < 0)
                        return r;
                if (off >= s->size)
                        break;

                r = scan_get(s, s->block, off, 16, &p, &got);
                if (r < 0)
                        return r;
                switch (detect(p, got, &comp)) {
                case MAGIC_UNKNOWN:
                        if (s->info.n_segments == 0)
                                error_set("'%s': not an initramfs: no cpio archive or compressed stream at offset %" PRIu64,
                                          s->name, off);
                        else
                                error_set("'%s': unknown data at offset %" PRIu64
                                          " after segment %zu: neither a cpio archive nor a compressed stream",
                                          s->name, off, s->info.n_segments);
                        return -EBADMSG;
                case MAGIC_CPIO_BINARY:
                        error_set("'%s': old binary cpio archive at offset %" PRIu64
                                  ": not supported (the kernel cannot read it either)",
                                  s->name, off);
                        return -ENOTSUP;
                case MAGIC_LZO:
                        error_set("'%s': lzo-compressed segment at offset %" PRIu64 ": not supported", s->name, off);
                        return -ENOTSUP;
                case MAGIC_CPIO:
                case MAGIC_COMPRESSED:
                        break;
                }

                if (s->info.n_segments >= INITRD_SEGMENT_MAX) {
                        error_set("'%s': more than %d segments, refusing", s->name, INITRD_SEGMENT_MAX);
                        return -EFBIG;
                }
                v = realloc(s->info.segments, (s->info.n_segments + 1) * sizeof(*v));
                if (!v)
                        return -ENOMEM;
                s->info.segments = v;
                seg = &v[s->info.n_segments];
                *seg = (struct initrd_segment){ .compression = comp, .offset = off };
                ctx = (struct segment_ctx){
                        .scan = s,
                        .index = (unsigned)s->info.n_segments + 1,
                        .compression = comp,
                        .offset = off,
                };
                if (comp == INITRD_NONE)
                        r = scan_uncompressed(s, &ctx, seg, &end);
                else
                        r = scan_compressed(s, &ctx, seg, &end);
                if (r < 0)
                        return r;
                s->info.n_segments++;
                off = end;
        }

        if (s->info.n_segments == 0) {
                error_set("'%s': only NUL bytes, no cpio archive", s->name);
                return -EBADMSG;
        }
        return 0;
}

static int scan_run(struct scan *s, struct initrd_info *ret)
{
        _cleanup_free_ uint8_t *buf = NULL, *block = NULL;
        int r;

        buf = malloc(READ_BLOCK);
        block = malloc(READ_BLOCK);
        if (!buf || !block)
                return -ENOMEM;
        s->buf = buf;
        s->block = block;
        s->info.image_size = s->size;

        r = scan_image(s);
        if (r < 0 || !ret) {
                initrd_info_done(&s->info);
                return r;
        }
        *ret = s->info;
        s->info = (struct initrd_info){ 0 };
        return 0;
}

int initrd_scan_fd(int fd, const char *name, initrd_member_fn fn, void *userdata, struct initrd_info *ret)
{
        struct scan s = { .name = name, .fd = fd, .fn = fn, .userdata = userdata };
        struct stat st;

        if (fd < 0 || !name)
                return -EINVAL;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode)) {
                error_set("'%s': is %s, not an initramfs image", name, guest_file_type_name(st.st_mode));
                return -EBADFD;
        }
        s.size = (uint64_t)st.st_size;
        return scan_run(&s, ret);
}

int initrd_scan_memory(const void *data, size_t size, const char *name, initrd_member_fn fn, void *userdata,
                       struct initrd_info *ret)
{
        static const uint8_t empty[1];
        struct scan s = {
                .name = name,
                .fd = -1,
                .mem = data ? data : empty,
                .size = data ? size : 0,
                .fn = fn,
                .userdata = userdata,
        };

        if (!name)
                return -EINVAL;
        return scan_run(&s, ret);
}

int initrd_scan(const struct guest_root *g, const char *path, initrd_member_fn fn, void *userdata,
                struct initrd_info *ret)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        r = guest_file_open(g, path, &canonical, &fd, &st);
        if (r == -ENOENT)
                error_set_if_unset("'%s': no such file", path);
        if (r < 0)
                return r;
        return initrd_scan_fd(fd, canonical, fn, userdata, ret);
}

/* ---- the Xen frontends ---- */

bool initrd_member_is_module(const char *name, const char *module)
{
        const char *slash = strrchr(name, '/'), *base = slash ? slash + 1 : name, *rest;
        size_t n = strlen(module);

        for (size_t i = 0; i < n; i++) {
                char a = base[i], b = module[i];

                if (a == '\0')
                        return false;
                if (a == '_')
                        a = '-';
                if (b == '_')
                        b = '-';
                if (a != b)
                        return false;
        }
        if (n == 0)
                return false;
        rest = base + n;
        return streq(rest, ".ko") || streq(rest, ".ko.xz") || streq(rest, ".ko.zst") || streq(rest, ".ko.gz");
}

void initrd_xen_done(struct initrd_xen *x)
{
        if (!x)
                return;
        free(x->blkfront);
        free(x->netfront);
        free(x->xenblk);
        free(x->xennet);
        strv_done(&x->module_versions);
        initrd_info_done(&x->info);
        *x = (struct initrd_xen){ 0 };
}

/* "VER" of "lib/modules/VER/..." or "usr/lib/modules/VER..." (also the directory itself), or NULL. */
static const char *module_tree_version(const char *name, size_t *ret_len)
{
        const char *v = name, *end;

        if (strneq(v, "usr/", 4))
                v += 4;
        if (!strneq(v, "lib/modules/", 12))
                return NULL;
        v += 12;
        end = strchr(v, '/');
        *ret_len = end ? (size_t)(end - v) : strlen(v);
        return *ret_len > 0 ? v : NULL;
}

bool initrd_member_for_other_kernel(const char *name, const char *version)
{
        size_t len;
        const char *v = module_tree_version(name, &len);

        return v && version && !(strlen(version) == len && memcmp(v, version, len) == 0);
}

struct xen_scan {
        struct initrd_xen *x;
        const char *version;
};

static int remember_module(char **slot, const struct initrd_member *m, const char *module)
{
        if (*slot || !initrd_member_is_module(m->name, module))
                return 0;
        return strdup_checked(m->name, slot);
}

static int xen_member(const struct initrd_member *m, void *userdata)
{
        struct xen_scan *xs = userdata;
        struct initrd_xen *x = xs->x;
        const char *v;
        size_t len;
        int r;

        if (!S_ISDIR(m->mode) && !initrd_member_for_other_kernel(m->name, xs->version)) {
                r = remember_module(&x->blkfront, m, "xen-blkfront");
                if (r >= 0)
                        r = remember_module(&x->netfront, m, "xen-netfront");
                if (r >= 0)
                        r = remember_module(&x->xenblk, m, "xenblk");
                if (r >= 0)
                        r = remember_module(&x->xennet, m, "xennet");
                if (r < 0)
                        return r;
        }

        v = module_tree_version(m->name, &len);
        if (!v || x->module_versions.n >= MODULE_VERSIONS_MAX)
                return 0;
        for (size_t i = 0; i < x->module_versions.n; i++)
                if (strlen(x->module_versions.v[i]) == len && memcmp(x->module_versions.v[i], v, len) == 0)
                        return 0;
        return strv_push_take(&x->module_versions, strndup_or_null(v, len));
}

int initrd_find_xen_for(const struct guest_root *g, const char *path, const char *version, struct initrd_xen *ret)
{
        struct initrd_xen x = { 0 };
        struct xen_scan xs = { .x = &x, .version = version };
        int r;

        r = initrd_scan(g, path, xen_member, &xs, &x.info);
        if (r < 0) {
                initrd_xen_done(&x);
                return r;
        }
        *ret = x;
        return 0;
}

int initrd_find_xen(const struct guest_root *g, const char *path, struct initrd_xen *ret)
{
        return initrd_find_xen_for(g, path, NULL, ret);
}
