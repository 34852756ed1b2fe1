/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the initrd reader (initrd_scan_memory): the segment
 * loop, the framing walkers (xz footer, zstd and lz4 frames, legacy lz4
 * chunks), libarchive's decompression and the cpio parser. Every input is
 * scanned twice: as an image, and gzip-compressed (so the parser also sees
 * it as the decompressed data of a segment: several archives, NUL gaps,
 * junk after a trailer). Invariants, checked with abort():
 *   - the result is 0 or -EBADMSG, -ENOTSUP, -EFBIG (-ENOMEM cannot happen
 *     with inputs this small);
 *   - a failure has a message naming the image ("'fuzz': ..."), made of
 *     printable ASCII only (no input byte reaches a message);
 *   - on success: 1..INITRD_SEGMENT_MAX segments, in image order, not
 *     overlapping, inside the image; the member counts add up, and equal the
 *     callback calls; each name is non-empty, has no leading "/" or "./",
 *     is shorter than INITRD_NAME_MAX, and its segment is a real one, never
 *     lower than the previous member's.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "initrd.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

struct seen {
        uint64_t n;
        unsigned last_segment;
};

static int member(const struct initrd_member *m, void *userdata)
{
        struct seen *s = userdata;
        size_t len = strlen(m->name);

        CHECK(len > 0 && len < INITRD_NAME_MAX);
        CHECK(m->name[0] != '/' && strncmp(m->name, "./", 2) != 0);
        CHECK(m->segment >= 1 && m->segment <= INITRD_SEGMENT_MAX);
        CHECK(m->segment >= s->last_segment);
        (void)initrd_member_is_module(m->name, "xen-blkfront");
        s->last_segment = m->segment;
        s->n++;
        return 0;
}

static void scan(const uint8_t *data, size_t size)
{
        struct initrd_info info = { 0 };
        struct seen seen = { 0 };
        uint64_t sum = 0, prev_end = 0;
        int r;

        error_clear();
        r = initrd_scan_memory(data, size, "fuzz", member, &seen, &info);
        if (r < 0) {
                const char *msg = error_get();

                CHECK(r == -EBADMSG || r == -ENOTSUP || r == -EFBIG);
                CHECK(msg && strncmp(msg, "'fuzz': ", 8) == 0);
                for (const char *p = msg; *p; p++)
                        CHECK(*p >= 0x20 && *p < 0x7f);
                return;
        }
        CHECK(info.n_segments >= 1 && info.n_segments <= INITRD_SEGMENT_MAX);
        CHECK(info.image_size == size);
        for (size_t i = 0; i < info.n_segments; i++) {
                const struct initrd_segment *s = &info.segments[i];

                CHECK(s->offset >= prev_end);
                CHECK(s->size > 0 && s->offset + s->size <= size);
                if (s->compression == INITRD_NONE)
                        CHECK(s->uncompressed == s->size);
                prev_end = s->offset + s->size;
                sum += s->n_members;
        }
        CHECK(sum == info.n_members && seen.n == info.n_members);
        CHECK(seen.last_segment <= info.n_segments);
        initrd_info_done(&info);
}

static void scan_gzipped(const uint8_t *data, size_t size)
{
        z_stream z = { 0 };
        size_t cap;
        uint8_t *out;

        CHECK(deflateInit2(&z, 1, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
        cap = deflateBound(&z, (uLong)size);
        out = malloc(cap);
        CHECK(out);
        z.next_in = (Bytef *)(uintptr_t)data;
        z.avail_in = (uInt)size;
        z.next_out = out;
        z.avail_out = (uInt)cap;
        CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
        scan(out, z.total_out);
        deflateEnd(&z);
        free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > 1024 * 1024)
                return 0;
        scan(data, size);
        scan_gzipped(data, size);
        return 0;
}
