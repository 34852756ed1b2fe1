/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helper of the initrd-scan benchmark (tests/bench/initrd-scan).
 *
 *   initrd-scan-helper cpio MIB
 *       write a deterministic newc cpio archive of about MIB MiB to stdout: a
 *       module tree and firmware-like files whose bytes come from a small
 *       vocabulary, so gzip compresses them about as well as a real
 *       initramfs (2.5:1 or so)
 *   initrd-scan-helper scan IMAGE N
 *       scan IMAGE (a host path: the guest root is "/") N times with
 *       initrd_find_xen(); print the wall time of each run in microseconds,
 *       one a line
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest-root.h"
#include "initrd.h"
#include "log.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
        /* xorshift64* */
        rng_state ^= rng_state >> 12;
        rng_state ^= rng_state << 25;
        rng_state ^= rng_state >> 27;
        return rng_state * 0x2545F4914F6CDD1Dull;
}

static uint64_t offset;

static void out(const void *p, size_t n)
{
        if (fwrite(p, 1, n, stdout) != n) {
                perror("initrd-scan-helper: write");
                exit(1);
        }
        offset += n;
}

static void pad4(void)
{
        static const char zeros[4];

        out(zeros, (4 - (offset & 3)) & 3);
}

static void entry(const char *name, unsigned mode, const unsigned char *data, size_t size)
{
        static unsigned ino = 1;
        char hdr[128];

        snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", ino++, mode,
                 0u, 0u, 1u, 1500000000u, size, 8u, 1u, 0u, 0u, strlen(name) + 1, 0u);
        out(hdr, 110);
        out(name, strlen(name) + 1);
        pad4();
        if (size > 0)
                out(data, size);
        pad4();
}

/* Fill with words from a vocabulary of 4096 random tokens of 1..16 bytes, skewed toward the first ones. */
static void fill(unsigned char *p, size_t n)
{
        static unsigned char vocab[4096][16];
        static unsigned char len[4096];
        static int ready;
        size_t i = 0;

        if (!ready) {
                for (int w = 0; w < 4096; w++) {
                        len[w] = 1 + rng() % 16;
                        for (int k = 0; k < 16; k++)
                                vocab[w][k] = (unsigned char)rng();
                }
                ready = 1;
        }
        while (i < n) {
                uint64_t x = rng();
                unsigned w = (unsigned)((x & 0xfff) & ((x >> 12) & 0xfff));
                size_t k = len[w];

                if (k > n - i)
                        k = n - i;
                memcpy(p + i, vocab[w], k);
                i += k;
        }
}

static int gen_cpio(unsigned mib)
{
        static const char *const dirs[] = { "kernel/drivers/block", "kernel/drivers/net", "kernel/drivers/scsi",
                                            "kernel/fs", "kernel/drivers/md", "kernel/crypto" };
        const uint64_t target = (uint64_t)mib * 1024 * 1024;
        const char *ver = "4.19.0-27-amd64";
        unsigned char *buf = malloc(1 << 20);
        char name[256];
        unsigned n = 0;

        if (!buf)
                return 1;
        entry(".", 040755, NULL, 0);
        entry("usr", 040755, NULL, 0);
        entry("usr/lib", 040755, NULL, 0);
        entry("usr/lib/modules", 040755, NULL, 0);
        snprintf(name, sizeof(name), "usr/lib/modules/%s", ver);
        entry(name, 040755, NULL, 0);
        entry("lib", 0120777, (const unsigned char *)"usr/lib", 7);
        for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
                snprintf(name, sizeof(name), "usr/lib/modules/%s/%s", ver, dirs[d]);
                entry(name, 040755, NULL, 0);
        }
        snprintf(name, sizeof(name), "usr/lib/modules/%s/kernel/drivers/block/xen-blkfront.ko.xz", ver);
        fill(buf, 23456);
        entry(name, 0100644, buf, 23456);

        while (offset < target) {
                /* Mostly small modules, some larger binaries and firmware. */
                size_t size = (n % 50 == 0) ? 200000 + rng() % 800000 : 2000 + rng() % 60000;

                fill(buf, size);
                if (n % 50 == 0)
                        snprintf(name, sizeof(name), "usr/lib/firmware/blob-%05u.bin", n);
                else
                        snprintf(name, sizeof(name), "usr/lib/modules/%s/%s/mod%05u.ko", ver,
                                 dirs[n % (sizeof(dirs) / sizeof(dirs[0]))], n);
                entry(name, 0100644, buf, size);
                n++;
        }
        entry("TRAILER!!!", 0, NULL, 0);
        /* cpio pads the archive to 512 bytes */
        while (offset % 512)
                out("", 1);
        free(buf);
        return fflush(stdout) == 0 ? 0 : 1;
}

static int scan(const char *image, unsigned runs)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        int r;

        r = guest_root_open("/", &g);
        if (r < 0) {
                fprintf(stderr, "initrd-scan-helper: /: %s\n", strerror(-r));
                return 1;
        }
        for (unsigned i = 0; i < runs; i++) {
                struct initrd_xen x;
                struct timespec t0, t1;

                clock_gettime(CLOCK_MONOTONIC, &t0);
                r = initrd_find_xen(g, image, &x);
                clock_gettime(CLOCK_MONOTONIC, &t1);
                if (r < 0) {
                        fprintf(stderr, "initrd-scan-helper: %s\n", error_get() ? error_get() : strerror(-r));
                        return 1;
                }
                if (!x.blkfront) {
                        fprintf(stderr, "initrd-scan-helper: %s: xen-blkfront not found\n", image);
                        initrd_xen_done(&x);
                        return 1;
                }
                if (i == 0)
                        fprintf(stderr, "initrd-scan-helper: %" PRIu64 " members in %zu segment(s), %" PRIu64
                                        " bytes uncompressed\n",
                                x.info.n_members, x.info.n_segments, x.info.segments[0].uncompressed);
                initrd_xen_done(&x);
                printf("%lld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000);
        }
        return 0;
}

int main(int argc, char **argv)
{
        if (argc == 3 && strcmp(argv[1], "cpio") == 0)
                return gen_cpio((unsigned)atoi(argv[2]));
        if (argc == 4 && strcmp(argv[1], "scan") == 0)
                return scan(argv[2], (unsigned)atoi(argv[3]));
        fprintf(stderr, "usage: initrd-scan-helper cpio MIB | initrd-scan-helper scan IMAGE RUNS\n");
        return 2;
}
