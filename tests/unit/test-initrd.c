/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The initrd reader on images built here at test time: cpio (newc, crc,
 * odc) compressed with gzip, xz, lzma, bzip2, lz4 legacy and frame, zstd or
 * not at all; an early uncompressed segment before the main one; every pair
 * of compressions back to back, with and without NUL padding; several
 * archives in one stream; corrupt, truncated, empty and non-cpio images; the
 * guest-root rules for the image path; the Xen module finder.
 *
 * Needs cpio, gzip, xz, bzip2, lz4 and zstd (the tests are skipped when one
 * is missing).
 */
#include "test-helpers.h"

#include <inttypes.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "guest-root.h"
#include "initrd.h"
#include "log.h"
#include "util.h"

static char *work;   /* scratch: trees, archives, compressed variants */
static char *root;   /* the guest root; images go to ROOT/boot */
static bool have_tools;

struct comp {
        enum initrd_compression c;
        const char *suffix;
        const char *command; /* stdin to stdout */
};

static const struct comp comps[] = {
        { INITRD_NONE, "none", "cat" },
        { INITRD_GZIP, "gz", "gzip -9 -n -c" },
        { INITRD_XZ, "xz", "xz -c --check=crc32" },
        { INITRD_LZMA, "lzma", "xz -c --format=lzma" },
        { INITRD_BZIP2, "bz2", "bzip2 -c" },
        { INITRD_LZ4_LEGACY, "lz4l", "lz4 -l -q -c" },
        { INITRD_LZ4, "lz4", "lz4 -q -c" },
        { INITRD_ZSTD, "zst", "zstd -q -c" },
};

#define VER "5.10.0-28-amd64"

/* The main archive, in the order of main.list (cpio stores "./" as given; the reader drops it). */
static const char *const main_names[] = {
        ".",
        "bin",
        "bin/busybox",
        "bin/sh",
        "init",
        "lib",
        "lib/modules",
        "lib/modules/" VER,
        "lib/modules/" VER "/kernel",
        "lib/modules/" VER "/kernel/drivers",
        "lib/modules/" VER "/kernel/drivers/block",
        "lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.xz",
        "lib/modules/" VER "/kernel/drivers/net",
        "lib/modules/" VER "/kernel/drivers/net/xen-netfront.ko.xz",
        "lib/modules/" VER "/modules.dep",
};

/* The early microcode archive, as Debian and dracut write it (no "./"). */
static const char *const early_names[] = {
        "kernel",
        "kernel/x86",
        "kernel/x86/microcode",
        "kernel/x86/microcode/GenuineIntel.bin",
};

/* A second small archive, to follow the main one. */
static const char *const extra_names[] = {
        "etc",
        "etc/conf.d",
        "etc/conf.d/extra.conf",
};

/* A RHEL 5 nash initrd: modules flat in /lib. */
static const char *const nash_names[] = {
        ".", "bin", "bin/nash", "init", "lib", "lib/ext3.ko", "lib/xenblk.ko", "lib/xennet.ko",
};

/* ---- helpers ---- */

_printf_(1, 2) static void sh(const char *fmt, ...)
{
        _cleanup_free_ char *cmd = NULL;
        va_list ap;
        int rc;

        va_start(ap, fmt);
        assert_true(vasprintf(&cmd, fmt, ap) > 0);
        va_end(ap);
        rc = system(cmd);
        if (rc != 0)
                fail_msg("command failed (%d): %s", rc, cmd);
}

/* Deterministic bytes that compress a little (not all alike). */
static void fill(char *p, size_t n, unsigned seed)
{
        uint32_t x = seed * 2654435761u + 1;

        for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                p[i] = (x >> 16) % 23 == 0 ? (char)(x >> 8) : "abcdefgh"[(x >> 20) & 7];
        }
}

static void write_blob(const char *dir, const char *rel, size_t n, unsigned seed)
{
        _cleanup_free_ char *b = malloc(n ? n : 1);

        assert_non_null(b);
        fill(b, n, seed);
        th_write(dir, rel, b, n);
}

static char *path_in(const char *dir, const char *rel)
{
        char *p = NULL;

        assert_true(asprintf(&p, "%s/%s", dir, rel) > 0);
        return p;
}

/* Read a file of work/ into memory. */
static char *slurp(const char *rel, size_t *ret_n)
{
        char *d = th_read(work, rel, ret_n);

        assert_non_null(d);
        return d;
}

/* An image ROOT/boot/NAME made of parts: work/ files, or NUL runs ("\0N" parts given as nul()). */
struct part {
        const char *file; /* relative to work/, or NULL */
        size_t nuls;      /* NUL bytes when file is NULL */
};

static void make_image(const char *name, const struct part *parts, size_t n)
{
        _cleanup_free_ char *rel = NULL;
        struct strbuf b = { 0 };

        for (size_t i = 0; i < n; i++) {
                if (parts[i].file) {
                        size_t len;
                        _cleanup_free_ char *d = slurp(parts[i].file, &len);

                        assert_int_equal(strbuf_append(&b, d, len), 0);
                } else {
                        for (size_t k = 0; k < parts[i].nuls; k++)
                                assert_int_equal(strbuf_putc(&b, '\0'), 0);
                }
        }
        assert_true(asprintf(&rel, "boot/%s", name) > 0);
        th_write(root, rel, b.s ? b.s : "", b.len);
        strbuf_done(&b);
}

static void make_image_bytes(const char *name, const void *data, size_t n)
{
        _cleanup_free_ char *rel = NULL;

        assert_true(asprintf(&rel, "boot/%s", name) > 0);
        th_write(root, rel, data, n);
}

static size_t file_size(const char *rel)
{
        _cleanup_free_ char *p = path_in(work, rel);
        struct stat st;

        assert_int_equal(stat(p, &st), 0);
        return (size_t)st.st_size;
}

struct listing {
        struct strv names; /* "SEGMENT NAME" */
};

static int collect(const struct initrd_member *m, void *userdata)
{
        struct listing *l = userdata;

        return strv_pushf(&l->names, "%u %s", m->segment, m->name);
}

/* Scan ROOT/boot/NAME; returns the result, the listing and info filled. */
static int scan(const char *name, struct listing *l, struct initrd_info *info)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        _cleanup_free_ char *path = NULL;

        assert_int_equal(guest_root_open(root, &g), 0);
        assert_true(asprintf(&path, "/boot/%s", name) > 0);
        *l = (struct listing){ 0 };
        error_clear();
        return initrd_scan(g, path, collect, l, info);
}

/* The expected listing: groups of (segment, names). */
static void expect_names(const struct listing *l, size_t *i, unsigned segment, const char *const *names, size_t n)
{
        for (size_t k = 0; k < n; k++, (*i)++) {
                _cleanup_free_ char *want = NULL;

                assert_true(asprintf(&want, "%u %s", segment, names[k]) > 0);
                if (*i >= l->names.n)
                        fail_msg("listing ends before '%s'", want);
                assert_string_equal(l->names.v[*i], want);
        }
}

static void expect_error(const char *image, int want_r, const char *want_msg)
{
        struct listing l;
        struct initrd_info info = { 0 };
        int r = scan(image, &l, &info);

        strv_done(&l.names);
        if (r != want_r)
                fail_msg("%s: got %d (%s), want %d", image, r, error_get() ? error_get() : "no message", want_r);
        assert_non_null(error_get());
        assert_string_equal(error_get(), want_msg);
}

/* ---- fixtures ---- */

static int group_setup(void **state)
{
        static const char *const tools[] = { "cpio", "gzip", "xz", "bzip2", "lz4", "zstd" };

        have_tools = true;
        for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
                _cleanup_free_ char *cmd = NULL;

                if (asprintf(&cmd, "command -v %s >/dev/null 2>&1", tools[i]) < 0)
                        return -1;
                if (system(cmd) != 0) {
                        fprintf(stderr, "# %s is not installed: skipping\n", tools[i]);
                        have_tools = false;
                }
        }
        work = th_mkdtemp();
        root = th_mkdtemp();
        if (!have_tools)
                return 0;

        /* main tree */
        th_write_str(work, "main/bin/busybox", "busybox\n");
        sh("ln -s busybox %s/main/bin/sh", work);
        th_write_str(work, "main/init", "#!/bin/sh\nexec /bin/sh\n");
        write_blob(work, "main/lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.xz", 200000, 1);
        write_blob(work, "main/lib/modules/" VER "/kernel/drivers/net/xen-netfront.ko.xz", 70001, 2);
        th_write_str(work, "main/lib/modules/" VER "/modules.dep",
                     "kernel/drivers/block/xen-blkfront.ko.xz:\nkernel/drivers/net/xen-netfront.ko.xz:\n");
        {
                struct strbuf list = { 0 };

                for (size_t i = 0; i < ARRAY_SIZE(main_names); i++)
                        assert_int_equal(strbuf_printf(&list, "%s%s\n", i == 0 ? "" : "./", main_names[i]), 0);
                th_write(work, "main.list", list.s, list.len);
                strbuf_done(&list);
        }
        sh("cd %s/main && cpio --quiet -o -H newc < ../main.list > ../main.cpio", work);
        sh("cd %s/main && cpio --quiet -o -H crc < ../main.list > ../main-crc.cpio", work);
        sh("cd %s/main && cpio --quiet -o -H odc < ../main.list > ../main-odc.cpio", work);

        /* early microcode tree */
        write_blob(work, "early/kernel/x86/microcode/GenuineIntel.bin", 5000, 3);
        sh("cd %s/early && printf 'kernel\\nkernel/x86\\nkernel/x86/microcode\\n"
           "kernel/x86/microcode/GenuineIntel.bin\\n' | cpio --quiet -o -H newc > ../early.cpio",
           work);

        /* extra tree */
        th_write_str(work, "extra/etc/conf.d/extra.conf", "x=1\n");
        sh("cd %s/extra && printf 'etc\\netc/conf.d\\netc/conf.d/extra.conf\\n' | cpio --quiet -o -H newc "
           "> ../extra.cpio",
           work);

        /* nash tree */
        th_write_str(work, "nash/bin/nash", "nash\n");
        th_write_str(work, "nash/init", "#!/bin/nash\ninsmod /lib/xenblk.ko\n");
        write_blob(work, "nash/lib/ext3.ko", 3000, 4);
        write_blob(work, "nash/lib/xenblk.ko", 3000, 5);
        write_blob(work, "nash/lib/xennet.ko", 3000, 6);
        sh("cd %s/nash && printf '.\\nbin\\nbin/nash\\ninit\\nlib\\nlib/ext3.ko\\nlib/xenblk.ko\\nlib/xennet.ko\\n' "
           "| cpio --quiet -o -H newc > ../nash.cpio",
           work);

        for (size_t i = 0; i < ARRAY_SIZE(comps); i++)
                sh("cd %s && for a in main extra early nash; do %s < $a.cpio > $a.cpio.%s; done", work,
                   comps[i].command, comps[i].suffix);
        sh("mkdir -p %s/boot", root);
        return 0;
}

static int group_teardown(void **state)
{
        if (work)
                sh("rm -rf %s %s", work, root);
        free(work);
        free(root);
        return 0;
}

#define NEED_TOOLS()                 \
        do {                         \
                if (!have_tools)     \
                        skip();      \
        } while (0)

static char *comp_file(const char *base, const struct comp *c)
{
        char *p = NULL;

        assert_true(asprintf(&p, "%s.cpio.%s", base, c->suffix) > 0);
        return p;
}

/* ---- every compression alone ---- */

static void test_each_compression(void **state)
{
        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(comps); i++) {
                _cleanup_free_ char *f = comp_file("main", &comps[i]);
                struct part parts[] = { { f, 0 } };
                struct initrd_info info = { 0 };
                struct listing l;
                size_t k = 0;

                make_image("one.img", parts, 1);
                if (scan("one.img", &l, &info) < 0)
                        fail_msg("%s: %s", comps[i].suffix, error_get());
                expect_names(&l, &k, 1, main_names, ARRAY_SIZE(main_names));
                assert_int_equal(l.names.n, k);
                assert_int_equal(info.n_segments, 1);
                assert_int_equal(info.n_members, ARRAY_SIZE(main_names));
                assert_int_equal(info.image_size, file_size(f));
                assert_string_equal(initrd_compression_to_string(info.segments[0].compression),
                                    initrd_compression_to_string(comps[i].c));
                assert_int_equal(info.segments[0].offset, 0);
                assert_int_equal(info.segments[0].n_members, ARRAY_SIZE(main_names));
                if (comps[i].c == INITRD_NONE) {
                        /* up to the trailer's padding; cpio's 512-byte block padding is not the segment's */
                        assert_true(info.segments[0].size < file_size(f));
                        assert_true(info.segments[0].size + 512 > file_size(f));
                        assert_int_equal(info.segments[0].uncompressed, info.segments[0].size);
                } else {
                        assert_int_equal(info.segments[0].size, file_size(f));
                        assert_int_equal(info.segments[0].uncompressed, file_size("main.cpio"));
                }
                initrd_info_done(&info);
                strv_done(&l.names);
        }
}

/* The newc "crc" variant and the old portable (odc) format. */
static void test_crc_and_odc(void **state)
{
        static const char *const files[] = { "main-crc.cpio", "main-odc.cpio" };

        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
                struct part parts[] = { { files[i], 0 } };
                struct initrd_info info = { 0 };
                struct listing l;
                size_t k = 0;

                make_image("fmt.img", parts, 1);
                assert_int_equal(scan("fmt.img", &l, &info), 0);
                expect_names(&l, &k, 1, main_names, ARRAY_SIZE(main_names));
                assert_int_equal(l.names.n, k);
                assert_int_equal(info.n_segments, 1);
                initrd_info_done(&info);
                strv_done(&l.names);
        }
        /* odc, gzip'ed */
        sh("gzip -n -c < %s/main-odc.cpio > %s/boot/odc.img", work, root);
        {
                struct initrd_info info = { 0 };
                struct listing l;
                size_t k = 0;

                assert_int_equal(scan("odc.img", &l, &info), 0);
                expect_names(&l, &k, 1, main_names, ARRAY_SIZE(main_names));
                assert_int_equal(l.names.n, k);
                initrd_info_done(&info);
                strv_done(&l.names);
        }
}

/* ---- an early uncompressed segment, then the compressed main one ---- */

static void test_early_then_main(void **state)
{
        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(comps); i++) {
                _cleanup_free_ char *f = comp_file("main", &comps[i]);
                struct part parts[] = { { "early.cpio", 0 }, { f, 0 } };
                struct initrd_info info = { 0 };
                struct listing l;
                size_t k = 0;

                make_image("early.img", parts, 2);
                if (scan("early.img", &l, &info) < 0)
                        fail_msg("%s: %s", comps[i].suffix, error_get());
                expect_names(&l, &k, 1, early_names, ARRAY_SIZE(early_names));
                expect_names(&l, &k, 2, main_names, ARRAY_SIZE(main_names));
                assert_int_equal(l.names.n, k);
                assert_int_equal(info.n_segments, 2);
                assert_int_equal(info.segments[0].compression, INITRD_NONE);
                assert_int_equal(info.segments[0].n_members, ARRAY_SIZE(early_names));
                assert_int_equal(info.segments[1].compression, comps[i].c);
                /* cpio pads the early archive to 512 bytes: the main segment starts after the NULs */
                assert_int_equal(info.segments[1].offset, file_size("early.cpio"));
                assert_int_equal(info.segments[1].n_members, ARRAY_SIZE(main_names));
                initrd_info_done(&info);
                strv_done(&l.names);
        }
}

/*
 * Every compression followed by every compression, directly and after NUL
 * padding. Directly concatenated gzip members and bzip2 streams are read by
 * libarchive as one stream, and back-to-back lz4 or zstd frames are one
 * segment: one segment then, with the same members. A legacy lz4 stream has
 * no end mark: only NUL padding (or the end of the image) ends it, as in the
 * kernel, so it is always padded here.
 */
static void test_every_pair(void **state)
{
        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(comps); i++)
                for (size_t j = 0; j < ARRAY_SIZE(comps); j++)
                        for (size_t pad = 0; pad <= 8; pad += 3) {
                                _cleanup_free_ char *a = comp_file("main", &comps[i]);
                                _cleanup_free_ char *b = comp_file("extra", &comps[j]);
                                size_t nuls = comps[i].c == INITRD_LZ4_LEGACY && pad == 0 ? 4 : pad;
                                /* an uncompressed archive must start 4-byte aligned (see test_bad_images) */
                                if (comps[j].c == INITRD_NONE)
                                        while ((file_size(a) + nuls) % 4)
                                                nuls++;
                                struct part parts[] = { { a, 0 }, { NULL, nuls }, { b, 0 } };
                                enum initrd_compression ci = comps[i].c, cj = comps[j].c;
                                bool merged = nuls == 0 && ci == cj &&
                                              (ci == INITRD_GZIP || ci == INITRD_BZIP2 || ci == INITRD_LZ4 ||
                                               ci == INITRD_ZSTD);
                                struct initrd_info info = { 0 };
                                struct listing l;
                                size_t k = 0;

                                make_image("pair.img", parts, 3);
                                if (scan("pair.img", &l, &info) < 0)
                                        fail_msg("%s + %zu NULs + %s: %s", comps[i].suffix, nuls, comps[j].suffix,
                                                 error_get());
                                expect_names(&l, &k, 1, main_names, ARRAY_SIZE(main_names));
                                expect_names(&l, &k, merged ? 1 : 2, extra_names, ARRAY_SIZE(extra_names));
                                assert_int_equal(l.names.n, k);
                                assert_int_equal(info.n_segments, merged ? 1 : 2);
                                if (!merged) {
                                        assert_int_equal(info.segments[1].compression, cj);
                                        if (ci != INITRD_NONE)
                                                assert_int_equal(info.segments[1].offset,
                                                                 file_size(a) + nuls);
                                        if (ci != INITRD_NONE && ci != INITRD_LZ4_LEGACY)
                                                assert_int_equal(info.segments[0].size, file_size(a));
                                }
                                initrd_info_done(&info);
                                strv_done(&l.names);
                        }
}

/* Four segments with odd padding; several archives inside one compressed stream. */
static void test_many_segments(void **state)
{
        NEED_TOOLS();
        {
                struct part parts[] = {
                        { "early.cpio", 0 },     { NULL, 4096 }, { "main.cpio.xz", 0 },
                        { NULL, 1 },             { "extra.cpio.zst", 0 }, { "nash.cpio.lzma", 0 },
                        { NULL, 7 },
                };
                struct initrd_info info = { 0 };
                struct listing l;
                size_t k = 0;

                make_image("four.img", parts, ARRAY_SIZE(parts));
                assert_int_equal(scan("four.img", &l, &info), 0);
                expect_names(&l, &k, 1, early_names, ARRAY_SIZE(early_names));
                expect_names(&l, &k, 2, main_names, ARRAY_SIZE(main_names));
                expect_names(&l, &k, 3, extra_names, ARRAY_SIZE(extra_names));
                expect_names(&l, &k, 4, nash_names, ARRAY_SIZE(nash_names));
                assert_int_equal(l.names.n, k);
                assert_int_equal(info.n_segments, 4);
                assert_int_equal(info.segments[1].offset, file_size("early.cpio") + 4096);
                assert_int_equal(info.segments[2].offset, file_size("early.cpio") + 4096 + file_size("main.cpio.xz") + 1);
                assert_int_equal(info.segments[3].offset, info.segments[2].offset + file_size("extra.cpio.zst"));
                assert_int_equal(info.n_members, ARRAY_SIZE(early_names) + ARRAY_SIZE(main_names) +
                                                         ARRAY_SIZE(extra_names) + ARRAY_SIZE(nash_names));
                initrd_info_done(&info);
                strv_done(&l.names);
        }
        {
                struct initrd_info info = { 0 };
                struct listing l;
                size_t k = 0;

                /* cat early.cpio main.cpio | gzip: two archives in one stream, one segment */
                sh("cat %s/early.cpio %s/main.cpio | gzip -n > %s/boot/joined.img", work, work, root);
                assert_int_equal(scan("joined.img", &l, &info), 0);
                expect_names(&l, &k, 1, early_names, ARRAY_SIZE(early_names));
                expect_names(&l, &k, 1, main_names, ARRAY_SIZE(main_names));
                assert_int_equal(l.names.n, k);
                assert_int_equal(info.n_segments, 1);
                initrd_info_done(&info);
                strv_done(&l.names);
        }
}

/* Many members with names and data of every length: headers cut at every block boundary. */
static void test_many_members(void **state)
{
        struct strbuf list = { 0 };
        struct initrd_info info = { 0 };
        struct listing l;

        NEED_TOOLS();
        for (unsigned i = 0; i < 3000; i++) {
                char rel[64];

                snprintf(rel, sizeof(rel), "many/d/%0*u", 1 + (int)(i % 40), i);
                write_blob(work, rel, (i * 37) % 700, i);
                assert_int_equal(strbuf_printf(&list, "d/%0*u\n", 1 + (int)(i % 40), i), 0);
        }
        th_write(work, "many.list", list.s, list.len);
        strbuf_done(&list);
        sh("cd %s/many && cpio --quiet -o -H newc < ../many.list > ../many.cpio && zstd -q -c ../many.cpio > "
           "../many.cpio.zst",
           work);
        {
                struct part parts[] = { { "many.cpio", 0 }, { "many.cpio.zst", 0 } };

                make_image("many.img", parts, 2);
        }
        assert_int_equal(scan("many.img", &l, &info), 0);
        assert_int_equal(l.names.n, 6000);
        for (unsigned i = 0; i < 6000; i++) {
                char want[64];

                snprintf(want, sizeof(want), "%u d/%0*u", i < 3000 ? 1 : 2, 1 + (int)(i % 3000 % 40), i % 3000);
                assert_string_equal(l.names.v[i], want);
        }
        initrd_info_done(&info);
        strv_done(&l.names);
}

/* ---- bad images ---- */

/* A newc header by hand. */
static void newc(struct strbuf *b, const char *name, unsigned mode, size_t namesize, const char *data, size_t size)
{
        assert_int_equal(strbuf_printf(b, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", 1u, mode,
                                       0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u),
                         0);
        assert_int_equal(strbuf_append(b, name, namesize), 0);
        while (b->len % 4)
                assert_int_equal(strbuf_putc(b, '\0'), 0);
        assert_int_equal(strbuf_append(b, data, size), 0);
        while (b->len % 4)
                assert_int_equal(strbuf_putc(b, '\0'), 0);
}

static void newc_s(struct strbuf *b, const char *name, unsigned mode, const char *data, size_t size)
{
        newc(b, name, mode, strlen(name) + 1, data, size);
}

static void test_bad_images(void **state)
{
        NEED_TOOLS();

        make_image_bytes("empty.img", "", 0);
        expect_error("empty.img", -EBADMSG, "'/boot/empty.img': empty file, not an initramfs");

        make_image_bytes("text.img", "title CentOS\n", 13);
        expect_error("text.img", -EBADMSG,
                     "'/boot/text.img': not an initramfs: no cpio archive or compressed stream at offset 0");

        {
                static const char zeros[2048];

                make_image_bytes("zeros.img", zeros, sizeof(zeros));
                expect_error("zeros.img", -EBADMSG, "'/boot/zeros.img': only NUL bytes, no cpio archive");
        }

        sh("printf 'not a cpio archive\\n' | gzip -n > %s/boot/gz-text.img", root);
        expect_error("gz-text.img", -EBADMSG,
                     "'/boot/gz-text.img': segment 1 (gzip at offset 0): not a cpio archive (no cpio magic)");

        sh("gzip -n < /dev/null > %s/boot/gz-empty.img", root);
        expect_error("gz-empty.img", -EBADMSG,
                     "'/boot/gz-empty.img': segment 1 (gzip at offset 0): the gzip stream holds no data");

        /* junk after the main segment */
        {
                struct part parts[] = { { "main.cpio.gz", 0 }, { "main.list", 0 } };
                _cleanup_free_ char *want = NULL;

                make_image("junk.img", parts, 2);
                assert_true(asprintf(&want,
                                     "'/boot/junk.img': unknown data at offset %zu after segment 1: neither a cpio "
                                     "archive nor a compressed stream",
                                     file_size("main.cpio.gz")) > 0);
                expect_error("junk.img", -EBADMSG, want);
        }

        /* junk after the trailer inside the compressed stream */
        sh("(cat %s/extra.cpio; echo junk after the archive) | gzip -n > %s/boot/junk-in.img", work, root);
        {
                _cleanup_free_ char *want = NULL;

                assert_true(asprintf(&want,
                                     "'/boot/junk-in.img': segment 1 (gzip at offset 0): bad cpio header at byte "
                                     "%zu of its uncompressed data: no cpio magic",
                                     file_size("extra.cpio")) > 0);
                expect_error("junk-in.img", -EBADMSG, want);
        }

        /* a bad second header (the magic of the third member overwritten) */
        {
                struct strbuf b = { 0 };
                size_t second;

                newc(&b, "a", 0100644, 2, "aaaa", 4);
                second = b.len;
                newc(&b, "b", 0100644, 2, "bb", 2);
                memcpy(b.s + second, "07070X", 6);
                newc(&b, "TRAILER!!!", 0, 11, "", 0);
                make_image_bytes("badmagic.img", b.s, b.len);
                expect_error("badmagic.img", -EBADMSG,
                             "'/boot/badmagic.img': segment 1 (uncompressed at offset 0): bad cpio header at "
                             "offset 116: no cpio magic");
                memcpy(b.s + second, "070701", 6);
                memcpy(b.s + second + 54, "0000000G", 8); /* filesize */
                make_image_bytes("badhex.img", b.s, b.len);
                expect_error("badhex.img", -EBADMSG,
                             "'/boot/badhex.img': segment 1 (uncompressed at offset 0): bad cpio header at "
                             "offset 116: a field is not a hex number");
                strbuf_done(&b);
        }

        /* names: not NUL-terminated, empty, too long */
        {
                struct strbuf b = { 0 };
                _cleanup_free_ char *longname = malloc(INITRD_NAME_MAX + 2);

                newc(&b, "abc", 0100644, 3, "", 0);
                make_image_bytes("nonul.img", b.s, b.len);
                expect_error("nonul.img", -EBADMSG,
                             "'/boot/nonul.img': segment 1 (uncompressed at offset 0): not a cpio archive (name "
                             "is not NUL-terminated where its size says)");
                strbuf_done(&b);

                newc(&b, "", 0100644, 0, "", 0);
                make_image_bytes("noname.img", b.s, b.len);
                expect_error("noname.img", -EBADMSG,
                             "'/boot/noname.img': segment 1 (uncompressed at offset 0): not a cpio archive (empty "
                             "name)");
                strbuf_done(&b);

                assert_non_null(longname);
                memset(longname, 'n', INITRD_NAME_MAX + 1);
                longname[INITRD_NAME_MAX + 1] = '\0';
                newc(&b, "ok", 0100644, 3, "", 0);
                newc(&b, longname, 0100644, INITRD_NAME_MAX + 2, "", 0);
                make_image_bytes("longname.img", b.s, b.len);
                expect_error("longname.img", -EBADMSG,
                             "'/boot/longname.img': segment 1 (uncompressed at offset 0): bad cpio header at "
                             "offset 116: name longer than 4096 bytes");
                strbuf_done(&b);
        }

        /* a compressed archive without its trailer */
        {
                struct strbuf b = { 0 };

                newc(&b, "a", 0100644, 2, "aaaa", 4);
                th_write(work, "notrailer.cpio", b.s, b.len);
                strbuf_done(&b);
                sh("xz -c --check=crc32 < %s/notrailer.cpio > %s/boot/notrailer.img", work, root);
                expect_error("notrailer.img", -EBADMSG,
                             "'/boot/notrailer.img': truncated cpio archive in segment 1 (xz at offset 0)");
        }

        /* a newc archive at an offset that is not a multiple of 4 */
        {
                struct part parts[] = { { "early.cpio", 0 }, { NULL, 2 }, { "extra.cpio", 0 } };
                _cleanup_free_ char *want = NULL;

                make_image("unaligned.img", parts, 3);
                assert_true(asprintf(&want,
                                     "'/boot/unaligned.img': segment 2 (uncompressed at offset %zu): cpio header at "
                                     "offset %zu is not 4-byte aligned (broken padding; the kernel rejects it)",
                                     file_size("early.cpio") + 2, file_size("early.cpio") + 2) > 0);
                expect_error("unaligned.img", -EBADMSG, want);
        }

        /* formats the kernel cannot read either */
        make_image_bytes("binary.img", "\xc7\x71\x00\x00", 4);
        expect_error("binary.img", -ENOTSUP,
                     "'/boot/binary.img': old binary cpio archive at offset 0: not supported (the kernel cannot "
                     "read it either)");
        make_image_bytes("lzo.img", "\x89LZO\0\r\n\x1a\n", 9);
        expect_error("lzo.img", -ENOTSUP, "'/boot/lzo.img': lzo-compressed segment at offset 0: not supported");
}

/*
 * Flipped bytes in the compressed data: an error for every format with a
 * checksum or a structure that breaks. What the decompressor says depends
 * on where the bytes land, so only the start of the message is fixed.
 */
static void test_corrupt_data(void **state)
{
        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(comps); i++) {
                _cleanup_free_ char *f = comp_file("main", &comps[i]), *want = NULL;
                struct listing l;
                size_t n;
                _cleanup_free_ char *d = NULL;
                int r;

                if (comps[i].c == INITRD_NONE || comps[i].c == INITRD_LZMA || comps[i].c == INITRD_LZ4_LEGACY)
                        continue; /* no checksum: corrupt member data goes unnoticed (the kernel's too) */
                d = slurp(f, &n);
                for (size_t k = n / 2; k < n / 2 + 8; k++)
                        d[k] ^= 0x55;
                make_image_bytes("corrupt.img", d, n);
                assert_true(asprintf(&want, "'/boot/corrupt.img': segment 1 (%s at offset 0): ",
                                     initrd_compression_to_string(comps[i].c)) > 0);
                r = scan("corrupt.img", &l, NULL);
                strv_done(&l.names);
                if (r != -EBADMSG || !strneq(error_get(), want, strlen(want)))
                        fail_msg("%s: %d '%s'", comps[i].suffix, r, error_get());
        }

        /* the gzip CRC32: the same size and structure, one byte of member data changed */
        {
                size_t n, gn;
                _cleanup_free_ char *d = slurp("main.cpio", &n);
                _cleanup_free_ char *orig = slurp("main.cpio.gz", &gn);
                _cleanup_free_ char *g = NULL;

                d[n / 2] ^= 1; /* inside xen-blkfront.ko.xz's data */
                th_write(work, "changed.cpio", d, n);
                sh("gzip -9 -n -c < %s/changed.cpio > %s/changed.cpio.gz", work, work);
                g = slurp("changed.cpio.gz", &gn);
                memcpy(g + gn - 8, orig + file_size("main.cpio.gz") - 8, 8); /* the original CRC32 and size */
                make_image_bytes("corrupt.img", g, gn);
                expect_error("corrupt.img", -EBADMSG,
                             "'/boot/corrupt.img': segment 1 (gzip at offset 0): corrupt gzip data: CRC32 mismatch");
        }
        /* the CRC32 field itself */
        {
                size_t n;
                _cleanup_free_ char *d = slurp("main.cpio.gz", &n);

                d[n - 8] ^= 1;
                make_image_bytes("corrupt.img", d, n);
                expect_error("corrupt.img", -EBADMSG,
                             "'/boot/corrupt.img': segment 1 (gzip at offset 0): corrupt gzip data: CRC32 mismatch");
        }
}

/* Cut the main segment at several places, after an early one: always a "truncated" error. */
static void test_truncated(void **state)
{
        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(comps); i++) {
                _cleanup_free_ char *f = comp_file("main", &comps[i]);
                size_t n, en;
                _cleanup_free_ char *d = slurp(f, &n), *e = slurp("early.cpio", &en);
                size_t cuts[] = { 6, 7, 12, 30, n / 3, n / 2, n - 600, n - 13, n - 1 };

                for (size_t c = 0; c < ARRAY_SIZE(cuts); c++) {
                        _cleanup_free_ char *all = malloc(en + cuts[c]), *want = NULL;

                        if (comps[i].c == INITRD_NONE && cuts[c] > n - 512)
                                continue; /* inside cpio's NUL padding: the archive is whole */
                        assert_non_null(all);
                        memcpy(all, e, en);
                        memcpy(all + en, d, cuts[c]);
                        make_image_bytes("cut.img", all, en + cuts[c]);
                        if (comps[i].c == INITRD_NONE)
                                assert_true(asprintf(&want,
                                                     "'/boot/cut.img': truncated cpio archive in segment 2 "
                                                     "(uncompressed at offset %zu)",
                                                     en) > 0);
                        else
                                assert_true(asprintf(&want,
                                                     "'/boot/cut.img': truncated %s stream in segment 2 (offset %zu)",
                                                     comps[i].c == INITRD_LZ4_LEGACY
                                                             ? "lz4 legacy"
                                                             : initrd_compression_to_string(comps[i].c),
                                                     en) > 0);
                        expect_error("cut.img", -EBADMSG, want);
                }
        }
}

/* ---- the image path, inside the guest root ---- */

static void test_image_path(void **state)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        _cleanup_free_ char *fifo = NULL, *link = NULL;
        struct initrd_info info = { 0 };
        struct listing l = { 0 };

        NEED_TOOLS();
        {
                struct part parts[] = { { "main.cpio.gz", 0 } };

                make_image("initrd.img-" VER, parts, 1);
        }
        /* Debian's /initrd.img -> boot/initrd.img-VER; and an absolute link meant inside the guest */
        link = path_in(root, "initrd.img");
        unlink(link);
        assert_int_equal(symlink("boot/initrd.img-" VER, link), 0);
        free(link);
        link = path_in(root, "boot/abs.img");
        unlink(link);
        assert_int_equal(symlink("/boot/initrd.img-" VER, link), 0);

        assert_int_equal(guest_root_open(root, &g), 0);
        assert_int_equal(initrd_scan(g, "/initrd.img", collect, &l, &info), 0);
        assert_int_equal(l.names.n, ARRAY_SIZE(main_names));
        initrd_info_done(&info);
        strv_done(&l.names);
        assert_int_equal(initrd_scan(g, "/boot/abs.img", NULL, NULL, &info), 0);
        assert_int_equal(info.n_members, ARRAY_SIZE(main_names));
        initrd_info_done(&info);
        /* ret may be NULL */
        assert_int_equal(initrd_scan(g, "/boot/abs.img", NULL, NULL, NULL), 0);

        /* errors name the real file */
        {
                struct part parts[] = { { "main.list", 0 } };

                make_image("bad-target.img", parts, 1);
                free(link);
                link = path_in(root, "boot/bad.img");
                unlink(link);
                assert_int_equal(symlink("bad-target.img", link), 0);
                error_clear();
                assert_int_equal(initrd_scan(g, "/boot/bad.img", NULL, NULL, NULL), -EBADMSG);
                assert_string_equal(error_get(), "'/boot/bad-target.img': not an initramfs: no cpio archive or "
                                                 "compressed stream at offset 0");
        }

        error_clear();
        assert_int_equal(initrd_scan(g, "/boot/none.img", NULL, NULL, NULL), -ENOENT);
        assert_string_equal(error_get(), "'/boot/none.img': no such file");

        fifo = path_in(root, "boot/fifo.img");
        unlink(fifo);
        assert_int_equal(mkfifo(fifo, 0600), 0);
        error_clear();
        assert_int_equal(initrd_scan(g, "/boot/fifo.img", NULL, NULL, NULL), -EBADFD);
        assert_string_equal(error_get(), "'/boot/fifo.img': is a FIFO, refusing to read it");

        error_clear();
        assert_int_equal(initrd_scan(g, "/boot", NULL, NULL, NULL), -EISDIR);
        assert_string_equal(error_get(), "'/boot': is a directory, refusing to read it");
}

/* A callback error stops the scan and is returned. */
static int stop_at_third(const struct initrd_member *m, void *userdata)
{
        unsigned *n = userdata;

        return ++*n == 3 ? -ECANCELED : 0;
}

static void test_callback_stops(void **state)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        struct initrd_info info = { .n_segments = 99 };
        unsigned n = 0;

        NEED_TOOLS();
        {
                struct part parts[] = { { "early.cpio", 0 }, { "main.cpio.gz", 0 } };

                make_image("stop.img", parts, 2);
        }
        assert_int_equal(guest_root_open(root, &g), 0);
        assert_int_equal(initrd_scan(g, "/boot/stop.img", stop_at_third, &n, &info), -ECANCELED);
        assert_int_equal(n, 3);
        assert_int_equal(info.n_segments, 99); /* untouched on failure */
}

/* The same bytes from memory give the same listing. */
static void test_memory(void **state)
{
        NEED_TOOLS();
        for (size_t i = 0; i < ARRAY_SIZE(comps); i++) {
                _cleanup_free_ char *f = comp_file("main", &comps[i]);
                size_t n, en;
                _cleanup_free_ char *d = slurp(f, &n);
                _cleanup_free_ char *e = slurp("early.cpio", &en);
                _cleanup_free_ char *all = malloc(en + n);
                struct initrd_info info = { 0 };
                struct listing l = { 0 };
                size_t k = 0;

                assert_non_null(all);
                memcpy(all, e, en);
                memcpy(all + en, d, n);
                assert_int_equal(initrd_scan_memory(all, en + n, "mem", collect, &l, &info), 0);
                expect_names(&l, &k, 1, early_names, ARRAY_SIZE(early_names));
                expect_names(&l, &k, 2, main_names, ARRAY_SIZE(main_names));
                assert_int_equal(l.names.n, k);
                assert_int_equal(info.n_segments, 2);
                initrd_info_done(&info);
                strv_done(&l.names);
        }
        error_clear();
        assert_int_equal(initrd_scan_memory(NULL, 0, "mem", NULL, NULL, NULL), -EBADMSG);
        assert_string_equal(error_get(), "'mem': empty file, not an initramfs");
}

/* ---- the Xen frontends ---- */

static void test_member_is_module(void **state)
{
        static const struct {
                const char *name;
                const char *module;
                bool want;
        } cases[] = {
                { "lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko", "xen-blkfront", true },
                { "lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.xz", "xen-blkfront", true },
                { "usr/lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.zst", "xen-blkfront", true },
                { "lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.gz", "xen-blkfront", true },
                { "xen-blkfront.ko", "xen-blkfront", true },
                { "lib/xen_blkfront.ko", "xen-blkfront", true },
                { "lib/xen-blkfront.ko", "xen_blkfront", true },
                { "lib/xenblk.ko", "xenblk", true },
                { "lib/xenblk.ko", "xen-blkfront", false },
                { "lib/xen-blkfront.ko.bz2", "xen-blkfront", false },
                { "lib/xen-blkfront.kox", "xen-blkfront", false },
                { "lib/xen-blkfront", "xen-blkfront", false },
                { "lib/xen-blkfront.ko/x", "xen-blkfront", false },
                { "lib/my-xen-blkfront.ko", "xen-blkfront", false },
                { "lib/xen-blkfront2.ko", "xen-blkfront", false },
                { "lib/xen-blk.ko", "xen-blkfront", false },
                { "lib/xenblk.ko", "", false },
                { "", "xenblk", false },
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
                if (initrd_member_is_module(cases[i].name, cases[i].module) != cases[i].want)
                        fail_msg("'%s' is '%s': want %d", cases[i].name, cases[i].module, cases[i].want);
}

static void test_member_for_other_kernel(void **state)
{
        assert_true(initrd_member_for_other_kernel("lib/modules/4.9/kernel/x.ko", "5.10"));
        assert_true(initrd_member_for_other_kernel("usr/lib/modules/4.9/kernel/x.ko", "5.10"));
        assert_true(initrd_member_for_other_kernel("lib/modules/4.9", "5.10"));
        assert_true(initrd_member_for_other_kernel("lib/modules/5.10.1/x.ko", "5.10"));
        assert_false(initrd_member_for_other_kernel("lib/modules/5.10/kernel/x.ko", "5.10"));
        assert_false(initrd_member_for_other_kernel("usr/lib/modules/5.10/x.ko", "5.10"));
        assert_false(initrd_member_for_other_kernel("lib/xenblk.ko", "5.10"));
        assert_false(initrd_member_for_other_kernel("lib/modules/", "5.10"));
        assert_false(initrd_member_for_other_kernel("lib/modules", "5.10"));
        assert_false(initrd_member_for_other_kernel("usr/lib/modules/4.9/x.ko", NULL));
        assert_false(initrd_member_for_other_kernel("etc/lib/modules/4.9/x.ko", "5.10"));
}

static void test_find_xen(void **state)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        struct initrd_xen x;

        NEED_TOOLS();
        assert_int_equal(guest_root_open(root, &g), 0);

        /* pvops: Debian-style early + main */
        {
                struct part parts[] = { { "early.cpio", 0 }, { "main.cpio.xz", 0 } };

                make_image("pvops.img", parts, 2);
        }
        assert_int_equal(initrd_find_xen(g, "/boot/pvops.img", &x), 0);
        assert_string_equal(x.blkfront, "lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.xz");
        assert_string_equal(x.netfront, "lib/modules/" VER "/kernel/drivers/net/xen-netfront.ko.xz");
        assert_null(x.xenblk);
        assert_null(x.xennet);
        assert_int_equal(x.module_versions.n, 1);
        assert_string_equal(x.module_versions.v[0], VER);
        assert_int_equal(x.info.n_segments, 2);
        assert_int_equal(x.info.n_members, ARRAY_SIZE(early_names) + ARRAY_SIZE(main_names));
        initrd_xen_done(&x);

        /* RHEL 5 nash: one gzip'ed newc archive, Xenlinux modules in /lib */
        {
                struct part parts[] = { { "nash.cpio.gz", 0 } };

                make_image("initrd-2.6.18-419.el5xen.img", parts, 1);
        }
        assert_int_equal(initrd_find_xen(g, "/boot/initrd-2.6.18-419.el5xen.img", &x), 0);
        assert_null(x.blkfront);
        assert_null(x.netfront);
        assert_string_equal(x.xenblk, "lib/xenblk.ko");
        assert_string_equal(x.xennet, "lib/xennet.ko");
        assert_int_equal(x.module_versions.n, 0);
        initrd_xen_done(&x);

        /* none of them: only the early archive and an extra one */
        {
                struct part parts[] = { { "early.cpio", 0 }, { "extra.cpio.zst", 0 } };

                make_image("bare.img", parts, 2);
        }
        assert_int_equal(initrd_find_xen(g, "/boot/bare.img", &x), 0);
        assert_null(x.blkfront);
        assert_null(x.netfront);
        assert_null(x.xenblk);
        assert_null(x.xennet);
        assert_int_equal(x.module_versions.n, 0);
        initrd_xen_done(&x);

        /* a directory named like the module is not the module; versions under usr/ count */
        {
                struct strbuf b = { 0 };

                newc_s(&b, "usr/lib/modules/6.1.0-1-amd64", 040755, "", 0);
                newc_s(&b, "usr/lib/modules/6.1.0-1-amd64/xen-blkfront.ko", 040755, "", 0);
                newc_s(&b, "lib/modules/2.6.32-5-xen-amd64/kernel/drivers/block/xen-blkfront.ko", 0100644, "x", 1);
                newc_s(&b, "usr/lib/modules/6.1.0-1-amd64/modules.dep", 0100644, "", 0);
                newc_s(&b, "TRAILER!!!", 0, "", 0);
                make_image_bytes("dirs.img", b.s, b.len);
                strbuf_done(&b);
        }
        assert_int_equal(initrd_find_xen(g, "/boot/dirs.img", &x), 0);
        assert_string_equal(x.blkfront, "lib/modules/2.6.32-5-xen-amd64/kernel/drivers/block/xen-blkfront.ko");
        assert_int_equal(x.module_versions.n, 2);
        assert_string_equal(x.module_versions.v[0], "6.1.0-1-amd64");
        assert_string_equal(x.module_versions.v[1], "2.6.32-5-xen-amd64");
        initrd_xen_done(&x);

        /* for one kernel: another kernel's module tree does not count */
        assert_int_equal(initrd_find_xen_for(g, "/boot/dirs.img", "6.1.0-1-amd64", &x), 0);
        assert_null(x.blkfront);
        assert_int_equal(x.module_versions.n, 2);
        initrd_xen_done(&x);
        assert_int_equal(initrd_find_xen_for(g, "/boot/dirs.img", "2.6.32-5-xen-amd64", &x), 0);
        assert_string_equal(x.blkfront, "lib/modules/2.6.32-5-xen-amd64/kernel/drivers/block/xen-blkfront.ko");
        initrd_xen_done(&x);
        /* modules outside any tree (RHEL 5 nash) count for every kernel */
        assert_int_equal(initrd_find_xen_for(g, "/boot/initrd-2.6.18-419.el5xen.img", "2.6.18-419.el5xen", &x), 0);
        assert_string_equal(x.xenblk, "lib/xenblk.ko");
        initrd_xen_done(&x);
        assert_int_equal(initrd_find_xen_for(g, "/boot/pvops.img", VER, &x), 0);
        assert_string_equal(x.blkfront, "lib/modules/" VER "/kernel/drivers/block/xen-blkfront.ko.xz");
        initrd_xen_done(&x);
        assert_int_equal(initrd_find_xen_for(g, "/boot/pvops.img", "5.10.0-29-amd64", &x), 0);
        assert_null(x.blkfront);
        assert_null(x.netfront);
        initrd_xen_done(&x);

        /* failure: nothing returned, the error names the image */
        make_image_bytes("text2.img", "title CentOS\n", 13);
        error_clear();
        assert_int_equal(initrd_find_xen(g, "/boot/text2.img", &x), -EBADMSG);
        assert_string_equal(error_get(), "'/boot/text2.img': not an initramfs: no cpio archive or compressed "
                                         "stream at offset 0");
}

/* More than INITRD_SEGMENT_MAX segments are refused. */
static void test_segment_cap(void **state)
{
        struct strbuf one = { 0 }, all = { 0 };

        newc(&one, "a", 0100644, 2, "", 0);
        newc(&one, "TRAILER!!!", 0, 11, "", 0);
        for (int i = 0; i <= INITRD_SEGMENT_MAX; i++)
                assert_int_equal(strbuf_append(&all, one.s, one.len), 0);
        assert_int_equal(initrd_scan_memory(all.s, all.len - one.len, "cap", NULL, NULL, NULL), 0);
        error_clear();
        assert_int_equal(initrd_scan_memory(all.s, all.len, "cap", NULL, NULL, NULL), -EFBIG);
        assert_string_equal(error_get(), "'cap': more than 64 segments, refusing");
        strbuf_done(&one);
        strbuf_done(&all);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_each_compression),
                cmocka_unit_test(test_crc_and_odc),
                cmocka_unit_test(test_early_then_main),
                cmocka_unit_test(test_every_pair),
                cmocka_unit_test(test_many_segments),
                cmocka_unit_test(test_many_members),
                cmocka_unit_test(test_bad_images),
                cmocka_unit_test(test_corrupt_data),
                cmocka_unit_test(test_truncated),
                cmocka_unit_test(test_image_path),
                cmocka_unit_test(test_callback_stops),
                cmocka_unit_test(test_memory),
                cmocka_unit_test(test_member_is_module),
                cmocka_unit_test(test_member_for_other_kernel),
                cmocka_unit_test(test_find_xen),
                cmocka_unit_test(test_segment_cap),
        };

        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
