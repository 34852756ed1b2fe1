/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * --fstab-by's probing: the mount-table lookup on mountinfo fixtures, libblkid
 * on ext4, swap and LUKS images made here at test time (regular files: no
 * root, no loop device), and the table built inside a fixture guest and from
 * outside through a fixture mount table that points at the images.
 */
#include "test-helpers.h"

#include <sys/sysmacros.h>

#include "blockid.h"
#include "guest-root.h"
#include "log.h"
#include "text-file.h"

#define UUID_ROOT "0b3c9d8e-1234-4d5e-9f00-abcdefabcdef"
#define UUID_BOOT "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f0"
#define UUID_SWAP "5a9e4b1c-0000-4e4e-8f8f-123456789abc"
#define UUID_LUKS "7c4a3f1e-2b6d-4c8e-9a0b-1d2e3f405162"
#define UUID_SPACE "2d4c6b8a-0000-4111-8222-333344445555"

/* Scratch directory with the images: root.img (ext4 "guestroot"), boot.img (ext4 "boot"),
 * swap.img (no label), luks.img (a LUKS1 header), space.img (ext4 "my disk"), empty.img. */
static char *images;

static void run(const char *fmt, ...) _printf_(1, 2);
static void run(const char *fmt, ...)
{
        va_list ap;
        char *cmd = NULL;

        va_start(ap, fmt);
        assert_true(vasprintf(&cmd, fmt, ap) > 0);
        va_end(ap);
        assert_int_equal(system(cmd), 0);
        free(cmd);
}

static char *path_in(const char *dir, const char *rel)
{
        char *p = NULL;

        assert_true(asprintf(&p, "%s/%s", dir, rel) > 0);
        return p;
}

static void write_luks(const char *path)
{
        static unsigned char b[4096];
        static const char uuid[] = UUID_LUKS;
        FILE *f;

        memset(b, 0, sizeof(b));
        memcpy(b, "LUKS\xba\xbe\x00\x01", 8);
        memcpy(b + 8, "aes", 3);
        memcpy(b + 40, "xts-plain64", 11);
        memcpy(b + 72, "sha256", 6);
        b[106] = 0x10; /* payload offset 4096 */
        b[111] = 64;   /* key bytes */
        memcpy(b + 168, uuid, sizeof(uuid) - 1);
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(b, 1, sizeof(b), f), sizeof(b));
        assert_int_equal(ftruncate(fileno(f), 1024 * 1024), 0); /* 1 MiB */
        assert_int_equal(fclose(f), 0);
}

static int setup_images(void **state)
{
        if (system("command -v mkfs.ext4 >/dev/null 2>&1 && command -v mkswap >/dev/null 2>&1") != 0 &&
            system("test -x /sbin/mkfs.ext4 && test -x /sbin/mkswap") != 0) {
                fprintf(stderr, "# mkfs.ext4 or mkswap missing (e2fsprogs, util-linux)\n");
                return -1;
        }
        images = th_mkdtemp();
        run("cd '%s' && PATH=$PATH:/sbin:/usr/sbin && truncate -s 2M root.img boot.img space.img && "
            "truncate -s 1M swap.img empty.img && "
            "mkfs.ext4 -F -q -L guestroot -U " UUID_ROOT " root.img && "
            "mkfs.ext4 -F -q -L boot -U " UUID_BOOT " boot.img && "
            "mkfs.ext4 -F -q -L 'my disk' -U " UUID_SPACE " space.img && "
            "mkswap -U " UUID_SWAP " swap.img >/dev/null 2>&1",
            images);
        {
                _cleanup_free_ char *luks = path_in(images, "luks.img");
                write_luks(luks);
        }
        return 0;
}

static int teardown_images(void **state)
{
        if (images)
                th_rmrf(images);
        free(images);
        images = NULL;
        return 0;
}

/* ---- --fstab-by values ---- */

static void test_fstab_by_strings(void **state)
{
        enum fstab_by b = FSTAB_BY_NAME;

        assert_int_equal(fstab_by_from_string("uuid", &b), 0);
        assert_int_equal(b, FSTAB_BY_UUID);
        assert_int_equal(fstab_by_from_string("label", &b), 0);
        assert_int_equal(b, FSTAB_BY_LABEL);
        assert_int_equal(fstab_by_from_string("name", &b), 0);
        assert_int_equal(b, FSTAB_BY_NAME);
        assert_int_equal(fstab_by_from_string("UUID", &b), -EINVAL);
        assert_int_equal(fstab_by_from_string("", &b), -EINVAL);
        assert_int_equal(fstab_by_from_string(NULL, &b), -EINVAL);
        assert_string_equal(fstab_by_to_string(FSTAB_BY_LABEL), "label");
}

/* ---- the mount table ---- */

static char *write_mountinfo(const char *dir, const char *content)
{
        th_write_str(dir, "mountinfo", content);
        return path_in(dir, "mountinfo");
}

/* "target source fsroot major:minor" of every mount, one per line. */
static char *mounts_str(const struct blockid_mounts *m)
{
        struct strbuf b = {0};
        char *s = NULL;

        for (size_t i = 0; i < m->n; i++)
                assert_int_equal(strbuf_printf(&b, "%s %s %s %s %u:%u\n", m->v[i].target, m->v[i].source,
                                               m->v[i].fsroot, m->v[i].fstype, major(m->v[i].devno),
                                               minor(m->v[i].devno)),
                                 0);
        assert_int_equal(strbuf_steal(&b, &s), 0);
        return s;
}

static void check_mounts(const char *mountinfo, const char *root, const char *expected)
{
        _cleanup_free_ char *dir = th_mkdtemp(), *path = write_mountinfo(dir, mountinfo), *got = NULL;
        struct blockid_mounts m = {0};

        assert_int_equal(blockid_mounts_under(path, root, &m), 0);
        got = mounts_str(&m);
        assert_string_equal(got, expected);
        blockid_mounts_done(&m);
        th_rmrf(dir);
}

/* A host with a guest mounted under /mnt/guest, its /boot, and neighbours that must not match. */
static const char host_mountinfo[] =
        "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/host-root rw\n"
        "23 22 0:21 / /proc rw,nosuid shared:12 - proc proc rw\n"
        "24 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=1000k\n"
        "40 22 7:0 / /mnt/guest rw,relatime shared:30 - ext4 /dev/loop0 rw\n"
        "41 40 7:1 / /mnt/guest/boot rw,relatime shared:31 - ext3 /dev/loop1 rw\n"
        "42 22 7:2 / /mnt/guestx rw,relatime shared:32 - ext4 /dev/loop2 rw\n"
        "43 40 0:40 / /mnt/guest/proc rw shared:33 - proc proc rw\n"
        "44 22 8:33 / /mnt/my\\040guest rw,relatime shared:34 - xfs /dev/sdc1 rw\n"
        "45 22 8:34 /images/g1 /srv/g1 rw,relatime shared:35 - ext4 /dev/sdc2 rw\n"
        "this line is not mountinfo\n";

static void test_mounts_under_root(void **state)
{
        check_mounts(host_mountinfo, "/mnt/guest",
                     "/ /dev/loop0 / ext4 7:0\n"
                     "/boot /dev/loop1 / ext3 7:1\n"
                     "/proc proc / proc 0:40\n");
        /* A trailing slash is the same root. */
        check_mounts(host_mountinfo, "/mnt/guest/",
                     "/ /dev/loop0 / ext4 7:0\n"
                     "/boot /dev/loop1 / ext3 7:1\n"
                     "/proc proc / proc 0:40\n");
        /* /mnt/guestx is a neighbour, not below /mnt/guest; and the other way round. */
        check_mounts(host_mountinfo, "/mnt/guestx", "/ /dev/loop2 / ext4 7:2\n");
        /* Escaped spaces are decoded. */
        check_mounts(host_mountinfo, "/mnt/my guest", "/ /dev/sdc1 / xfs 8:33\n");
        /* A subdirectory of a filesystem mounted at the root: its fsroot says so. */
        check_mounts(host_mountinfo, "/srv/g1", "/ /dev/sdc2 /images/g1 ext4 8:34\n");
        /* A root that is no mount point but has mounts below it. */
        check_mounts(host_mountinfo, "/mnt", "/guest /dev/loop0 / ext4 7:0\n"
                                             "/guest/boot /dev/loop1 / ext3 7:1\n"
                                             "/guestx /dev/loop2 / ext4 7:2\n"
                                             "/guest/proc proc / proc 0:40\n"
                                             "/my guest /dev/sdc1 / xfs 8:33\n");
        /* Nothing there at all. */
        check_mounts(host_mountinfo, "/nowhere", "");
}

static void test_mounts_root_is_slash(void **state)
{
        check_mounts(host_mountinfo, "/",
                     "/ /dev/mapper/host-root / ext4 254:1\n"
                     "/proc proc / proc 0:21\n"
                     "/dev udev / devtmpfs 0:5\n"
                     "/mnt/guest /dev/loop0 / ext4 7:0\n"
                     "/mnt/guest/boot /dev/loop1 / ext3 7:1\n"
                     "/mnt/guestx /dev/loop2 / ext4 7:2\n"
                     "/mnt/guest/proc proc / proc 0:40\n"
                     "/mnt/my guest /dev/sdc1 / xfs 8:33\n"
                     "/srv/g1 /dev/sdc2 /images/g1 ext4 8:34\n");
}

static void test_mounts_bind(void **state)
{
        /* A bind mount of a whole filesystem has fsroot "/" and the same source. */
        check_mounts("22 1 254:1 / / rw - ext4 /dev/mapper/host-root rw\n"
                     "40 22 7:0 / /srv/guest rw - ext4 /dev/loop0 rw\n"
                     "50 22 7:0 / /mnt/g rw - ext4 /dev/loop0 rw\n"
                     "51 50 7:0 /etc /mnt/g/etc-copy rw - ext4 /dev/loop0 rw\n",
                     "/mnt/g",
                     "/ /dev/loop0 / ext4 7:0\n"
                     "/etc-copy /dev/loop0 /etc ext4 7:0\n");
}

static void test_mounts_overmount(void **state)
{
        /* A second mount on /mnt/g (its parent is the first) wins, and hides the first one's /boot. */
        check_mounts("22 1 254:1 / / rw - ext4 /dev/mapper/host-root rw\n"
                     "40 22 7:0 / /mnt/g rw - ext4 /dev/loop0 rw\n"
                     "41 40 7:1 / /mnt/g/boot rw - ext4 /dev/loop1 rw\n"
                     "60 40 7:5 / /mnt/g rw - ext4 /dev/loop5 rw\n",
                     "/mnt/g", "/ /dev/loop5 / ext4 7:5\n");
        /* The new top mount's own /boot is visible. */
        check_mounts("22 1 254:1 / / rw - ext4 /dev/mapper/host-root rw\n"
                     "40 22 7:0 / /mnt/g rw - ext4 /dev/loop0 rw\n"
                     "41 40 7:1 / /mnt/g/boot rw - ext4 /dev/loop1 rw\n"
                     "60 40 7:5 / /mnt/g rw - ext4 /dev/loop5 rw\n"
                     "61 60 7:6 / /mnt/g/boot rw - ext4 /dev/loop6 rw\n",
                     "/mnt/g",
                     "/ /dev/loop5 / ext4 7:5\n"
                     "/boot /dev/loop6 / ext4 7:6\n");
        /* A mount over a directory above the root hides everything below it. */
        check_mounts("22 1 254:1 / / rw - ext4 /dev/mapper/host-root rw\n"
                     "40 22 7:0 / /mnt/g rw - ext4 /dev/loop0 rw\n"
                     "70 22 0:50 / /mnt rw - tmpfs tmpfs rw\n",
                     "/mnt/g", "");
        /* Without parent ids to tell (0), the last mount on a path wins. */
        check_mounts("0 0 7:0 / /mnt/g rw - ext4 /dev/loop0 rw\n"
                     "0 0 7:1 / /mnt/g rw - ext4 /dev/loop1 rw\n",
                     "/mnt/g", "/ /dev/loop1 / ext4 7:1\n");
        /* A mount listed after one mounted on it (after a move) does not hide it. */
        check_mounts("22 1 254:1 / / rw - ext4 /dev/mapper/host-root rw\n"
                     "41 40 7:1 / /mnt/g/boot rw - ext4 /dev/loop1 rw\n"
                     "40 22 7:0 / /mnt/g rw - ext4 /dev/loop0 rw\n",
                     "/mnt/g",
                     "/boot /dev/loop1 / ext4 7:1\n"
                     "/ /dev/loop0 / ext4 7:0\n");
}

static void test_mounts_errors(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp(), *missing = path_in(dir, "no-such-mountinfo");
        struct blockid_mounts m = {0};

        error_clear();
        assert_true(blockid_mounts_under(missing, "/mnt/g", &m) < 0);
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "cannot read the mount table"));
        error_clear();
        assert_int_equal(blockid_mounts_under(missing, "relative", &m), -EINVAL);
        th_rmrf(dir);
}

/* ---- probing ---- */

static void test_probe_images(void **state)
{
        struct blockid_info i = {0};
        _cleanup_free_ char *root = path_in(images, "root.img"), *swap = path_in(images, "swap.img"),
                            *luks = path_in(images, "luks.img"), *empty = path_in(images, "empty.img");

        assert_int_equal(blockid_probe_path(root, &i), 0);
        assert_string_equal(i.type, "ext4");
        assert_string_equal(i.uuid, UUID_ROOT);
        assert_string_equal(i.label, "guestroot");
        assert_false(i.ambiguous);
        blockid_info_done(&i);

        assert_int_equal(blockid_probe_path(swap, &i), 0);
        assert_string_equal(i.type, "swap");
        assert_string_equal(i.uuid, UUID_SWAP);
        assert_null(i.label);
        blockid_info_done(&i);

        assert_int_equal(blockid_probe_path(luks, &i), 0);
        assert_string_equal(i.type, "crypto_LUKS");
        assert_string_equal(i.uuid, UUID_LUKS);
        blockid_info_done(&i);

        assert_int_equal(blockid_probe_path(empty, &i), 0);
        assert_null(i.type);
        assert_null(i.uuid);
        assert_null(i.label);
        blockid_info_done(&i);
}

static void test_probe_refuses(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp(), *fifo = path_in(dir, "fifo"), *missing = path_in(dir, "missing");
        struct blockid_info i = {0};

        /* A FIFO is refused without being opened for reading (which would block). */
        assert_int_equal(mkfifo(fifo, 0600), 0);
        error_clear();
        assert_int_equal(blockid_probe_path(fifo, &i), -ENOTBLK);
        assert_non_null(strstr(error_get(), "not a block device"));
        error_clear();
        assert_int_equal(blockid_probe_path(dir, &i), -ENOTBLK);
        assert_int_equal(blockid_probe_path("/dev/null", &i), -ENOTBLK);
        assert_int_equal(blockid_probe_path(missing, &i), -ENOENT);
        error_clear();
        th_rmrf(dir);
}

/* ---- the table ---- */

static struct text *text_of(const char *s)
{
        struct text *t = NULL;

        assert_int_equal(text_new(s, strlen(s), &t), 0);
        return t;
}

/* "spec -> tag (how)" or "spec: how", one per entry; crypttab entries prefixed with "crypttab ". */
static char *table_str(const struct blockid_table *t)
{
        struct strbuf b = {0};
        char *s = NULL;

        for (size_t i = 0; i < t->n; i++) {
                const struct blockid_entry *e = &t->v[i];

                if (e->tag)
                        assert_int_equal(strbuf_printf(&b, "%s%s -> %s (%s)\n",
                                                       e->origin == BLOCKID_CRYPTTAB ? "crypttab " : "", e->spec,
                                                       e->tag, e->how),
                                         0);
                else
                        assert_int_equal(strbuf_printf(&b, "%s%s: %s\n",
                                                       e->origin == BLOCKID_CRYPTTAB ? "crypttab " : "", e->spec,
                                                       e->how),
                                         0);
        }
        assert_int_equal(strbuf_steal(&b, &s), 0);
        return s;
}

/* s with every occurrence of what replaced by with. */
static char *replace_all(const char *s, const char *what, const char *with)
{
        struct strbuf b = {0};
        char *out = NULL;

        for (const char *p = s;;) {
                const char *hit = strstr(p, what);
                size_t n = hit ? (size_t)(hit - p) : strlen(p);

                assert_int_equal(strbuf_append(&b, p, n), 0);
                if (!hit)
                        break;
                assert_int_equal(strbuf_puts(&b, with), 0);
                p = hit + strlen(what);
        }
        assert_int_equal(strbuf_steal(&b, &out), 0);
        return out;
}

/* Build a table for a root directory; *ret_str is table_str() with the root shown as ROOT, the images as IMAGES. */
static int build(const char *root, const struct blockid_options *o, const char *fstab, const char *crypttab,
                 struct blockid_table *t, char **ret_str)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        _cleanup_(text_freep) struct text *ft = fstab ? text_of(fstab) : NULL;
        _cleanup_(text_freep) struct text *ct = crypttab ? text_of(crypttab) : NULL;
        _cleanup_free_ char *raw = NULL, *masked = NULL;
        int r;

        assert_int_equal(guest_root_open(root, &g), 0);
        r = blockid_table_build(g, o, ft, ct, t);
        if (r < 0)
                return r;
        raw = table_str(t);
        masked = replace_all(raw, root, "ROOT");
        *ret_str = replace_all(masked, images, "IMAGES");
        return 0;
}

static void check_table(const char *root, const struct blockid_options *o, const char *fstab, const char *crypttab,
                        const char *expected)
{
        struct blockid_table t = {0};
        _cleanup_free_ char *got = NULL;

        assert_int_equal(build(root, o, fstab, crypttab, &t, &got), 0);
        assert_string_equal(got, expected);
        blockid_table_done(&t);
}

/* A guest with its disks as image files in its own /dev, probed from inside. */
static char *inside_root(void)
{
        char *root = th_mkdtemp();

        run("mkdir -p '%1$s/dev' '%1$s/etc' && cd '%2$s' && cp root.img '%1$s/dev/sda1' && "
            "cp swap.img '%1$s/dev/sda2' && cp luks.img '%1$s/dev/sda3' && cp boot.img '%1$s/dev/xvdb1' && "
            "cp empty.img '%1$s/dev/sdc1' && cp root.img '%1$s/dev/sdd1' && cp space.img '%1$s/dev/sde1' && "
            "mkfifo '%1$s/dev/sdf1' && ln -s sda1 '%1$s/dev/sdg1'",
            root, images);
        return root;
}

static const char inside_fstab[] = "# the guest's fstab\n"
                                   "/dev/sda1  /      ext3  defaults 1 1\n"
                                   "/dev/sda2  none   swap  sw       0 0\n"
                                   "/dev/xvdb1 /boot  ext4,ext3 defaults 1 2\n"
                                   "/dev/sdc1  /srv   ext3  defaults 1 2\n"
                                   "/dev/sdb9  /data  ext3  defaults 1 2\n"
                                   "/dev/sda3  /x     ext3  defaults 0 0\n"
                                   "/dev/sde1  /y     auto  defaults 0 0\n"
                                   "/dev/sdf1  /z     ext3  defaults 0 0\n"
                                   "LABEL=guestroot /mnt ext3 defaults 0 0\n"
                                   "/dev/mapper/vg-lv /lv ext3 defaults 0 0\n"
                                   "/dev/sda1  /again ext3  defaults 1 1\n"
                                   "/dev/sd\\141 /esc ext3 defaults 0 0\n";

static const char inside_crypttab[] = "cswap /dev/sda2 /dev/urandom swap\n"
                                      "home /dev/sda3 none luks\n"
                                      "bad /dev/sda1 none luks\n"
                                      "map /dev/mapper/x none luks\n";

static void test_table_inside_uuid(void **state)
{
        _cleanup_free_ char *root = inside_root();
        const struct blockid_options o = {.by = FSTAB_BY_UUID, .inside = true};

        check_table(root, &o, inside_fstab, inside_crypttab,
                    "/dev/sda1 -> UUID=" UUID_ROOT " (the ext4 filesystem's UUID, read from /dev/sda1 on the "
                    "running system)\n"
                    "/dev/sda2 -> UUID=" UUID_SWAP " (the swap area's UUID, read from /dev/sda2 on the running "
                    "system)\n"
                    "/dev/xvdb1 -> UUID=" UUID_BOOT " (the ext4 filesystem's UUID, read from /dev/xvdb1 on the "
                    "running system)\n"
                    "/dev/sdc1: libblkid found no filesystem, swap area or LUKS header on /dev/sdc1 on the "
                    "running system\n"
                    "/dev/sdb9: cannot probe it: '/dev/sdb9' does not exist\n"
                    "/dev/sda3: /dev/sda3 on the running system holds crypto_LUKS, not a filesystem\n"
                    "/dev/sde1 -> UUID=" UUID_SPACE " (the ext4 filesystem's UUID, read from /dev/sde1 on the "
                    "running system)\n"
                    "/dev/sdf1: cannot probe it: '/dev/sdf1' is a FIFO, not a block device\n"
                    "crypttab /dev/sda2: its key comes from the random device: it is encrypted anew at every boot "
                    "and has no identifier to name it by\n"
                    "crypttab /dev/sda3 -> UUID=" UUID_LUKS " (the LUKS header's UUID, read from /dev/sda3 on the "
                    "running system)\n"
                    "crypttab /dev/sda1: /dev/sda1 on the running system holds ext4, not a LUKS header\n");
        th_rmrf(root);
}

static void test_table_inside_label(void **state)
{
        _cleanup_free_ char *root = inside_root();
        const struct blockid_options o = {.by = FSTAB_BY_LABEL, .inside = true};

        check_table(root, &o, inside_fstab, inside_crypttab,
                    "/dev/sda1 -> LABEL=guestroot (the ext4 filesystem's label, read from /dev/sda1 on the running "
                    "system)\n"
                    "/dev/sda2 -> UUID=" UUID_SWAP " (the swap area's UUID (it has no label), read from /dev/sda2 on "
                    "the running system)\n"
                    "/dev/xvdb1 -> LABEL=boot (the ext4 filesystem's label, read from /dev/xvdb1 on the running "
                    "system)\n"
                    "/dev/sdc1: libblkid found no filesystem, swap area or LUKS header on /dev/sdc1 on the "
                    "running system\n"
                    "/dev/sdb9: cannot probe it: '/dev/sdb9' does not exist\n"
                    "/dev/sda3: /dev/sda3 on the running system holds crypto_LUKS, not a filesystem\n"
                    "/dev/sde1 -> UUID=" UUID_SPACE " (the ext4 filesystem's UUID (its label would need quoting in "
                    "fstab), read from /dev/sde1 on the running system)\n"
                    "/dev/sdf1: cannot probe it: '/dev/sdf1' is a FIFO, not a block device\n"
                    "crypttab /dev/sda2: its key comes from the random device: it is encrypted anew at every boot "
                    "and has no identifier to name it by\n"
                    "crypttab /dev/sda3 -> UUID=" UUID_LUKS " (the LUKS header's UUID (crypttab sources are written "
                    "as UUID=), read from /dev/sda3 on the running system)\n"
                    "crypttab /dev/sda1: /dev/sda1 on the running system holds ext4, not a LUKS header\n");
        th_rmrf(root);
}

static void test_table_inside_duplicates(void **state)
{
        _cleanup_free_ char *root = inside_root();
        const struct blockid_options uuid = {.by = FSTAB_BY_UUID, .inside = true};
        const struct blockid_options label = {.by = FSTAB_BY_LABEL, .inside = true};

        /* sdd1 is a copy of sda1 (a cloned disk), sdg1 a link to it: one UUID, several names. */
        check_table(root, &uuid,
                    "/dev/sda1 / ext4 defaults 1 1\n"
                    "/dev/sdd1 /clone ext4 defaults 1 2\n"
                    "/dev/sdg1 /link ext4 defaults 1 2\n",
                    NULL,
                    "/dev/sda1: /dev/sda1 has the same UUID as /dev/sdd1: two names for one device\n"
                    "/dev/sdd1: /dev/sdd1 has the same UUID as /dev/sda1: two names for one device\n"
                    "/dev/sdg1: /dev/sdg1 has the same UUID as /dev/sda1: two names for one device\n");
        /* The same label on two devices: neither gets LABEL=; their UUIDs differ, so UUID=. */
        run("cd '%s/dev' && PATH=$PATH:/sbin:/usr/sbin && e2label sdd1 boot >/dev/null && "
            "tune2fs -U 3c3c3c3c-1111-4222-8333-444455556666 sdd1 >/dev/null 2>&1",
            root);
        check_table(root, &label,
                    "/dev/xvdb1 /boot ext4 defaults 1 2\n"
                    "/dev/sdd1 /boot2 ext4 defaults 1 2\n",
                    NULL,
                    "/dev/xvdb1 -> UUID=" UUID_BOOT " (the ext4 filesystem's UUID (its label is on another device "
                    "too), read from /dev/xvdb1 on the running system)\n"
                    "/dev/sdd1 -> UUID=3c3c3c3c-1111-4222-8333-444455556666 (the ext4 filesystem's UUID (its label "
                    "is on another device too), read from /dev/sdd1 on the running system)\n");
        th_rmrf(root);
}

static void test_table_by_name_probes_nothing(void **state)
{
        _cleanup_free_ char *root = inside_root();
        const struct blockid_options o = {.by = FSTAB_BY_NAME, .inside = true};
        struct blockid_table t = {0};
        _cleanup_free_ char *got = NULL;

        assert_int_equal(build(root, &o, inside_fstab, inside_crypttab, &t, &got), 0);
        assert_int_equal(t.n, 0);
        assert_string_equal(got, "");
        blockid_table_done(&t);
        th_rmrf(root);
}

/* A guest root directory and a mount table that says the images are mounted on it. */
struct outside {
        char *dir;       /* scratch */
        char *root;      /* dir/root, the guest root */
        char *mountinfo; /* dir/mountinfo */
};

static void outside_setup(struct outside *x, const char *extra_lines)
{
        struct stat st_root;
        _cleanup_free_ char *content = NULL;

        x->dir = th_mkdtemp();
        x->root = path_in(x->dir, "root");
        run("mkdir -p '%1$s/boot' '%1$s/srv/sub' '%1$s/home' '%1$s/tmp' '%1$s/etc'", x->root);
        assert_int_equal(stat(x->root, &st_root), 0);
        assert_true(asprintf(&content,
                             "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/host-root rw\n"
                             "40 22 %1$u:%2$u / %3$s rw,relatime shared:30 - ext4 %4$s/root.img rw\n"
                             "41 40 %1$u:%2$u / %3$s/boot rw,relatime shared:31 - ext4 %4$s/boot.img rw\n"
                             "42 40 %1$u:%2$u /sub %3$s/home rw,relatime shared:32 - ext4 %4$s/space.img rw\n"
                             "43 40 %1$u:%2$u / %3$s/tmp rw - tmpfs tmpfs rw\n"
                             "%5$s",
                             major(st_root.st_dev), minor(st_root.st_dev), x->root, images,
                             extra_lines ? extra_lines : "") > 0);
        x->mountinfo = write_mountinfo(x->dir, content);
}

static void outside_done(struct outside *x)
{
        th_rmrf(x->dir);
        free(x->dir);
        free(x->root);
        free(x->mountinfo);
}

static void test_table_outside(void **state)
{
        struct outside x = {0};
        struct blockid_options o = {.by = FSTAB_BY_UUID};

        outside_setup(&x, NULL);
        o.mountinfo = x.mountinfo;
        check_table(x.root, &o,
                    "/dev/sda1  /       ext3  defaults 1 1\n"
                    "/dev/sda2  none    swap  sw       0 0\n"
                    "/dev/hda1  /boot/  ext3  defaults 1 2\n"
                    "/dev/sdb1  /srv    ext3  defaults 1 2\n"
                    "/dev/sdb2  /home   ext3  defaults 1 2\n"
                    "/dev/sdb3  /tmp    ext3  defaults 1 2\n"
                    "/dev/sdb4  relative ext3 defaults 1 2\n",
                    "home /dev/sda3 none luks\n",
                    "/dev/sda1 -> UUID=" UUID_ROOT " (the ext4 filesystem's UUID, read from IMAGES/root.img, "
                    "mounted at ROOT)\n"
                    "/dev/sda2: a swap area is not mounted, so which device of this host holds it is unknown: run "
                    "domufix inside the guest, or write UUID= by hand (blkid shows it)\n"
                    "/dev/hda1 -> UUID=" UUID_BOOT " (the ext4 filesystem's UUID, read from IMAGES/boot.img, "
                    "mounted at ROOT/boot)\n"
                    "/dev/sdb1: nothing is mounted at ROOT/srv on this host (mount it there, as the guest would)\n"
                    "/dev/sdb2: ROOT/home is the directory /sub of the filesystem on IMAGES/space.img, not a whole "
                    "filesystem\n"
                    "/dev/sdb3: ROOT/tmp is mounted from 'tmpfs', not from a device\n"
                    "/dev/sdb4: its mount point 'relative' is not a path\n"
                    "crypttab /dev/sda3: an encrypted device is not mounted, so which device of this host holds it "
                    "is unknown: run domufix inside the guest, or write UUID= by hand (blkid shows it)\n");
        outside_done(&x);
}

static void test_table_outside_not_mounted(void **state)
{
        struct outside x = {0};
        struct blockid_options o = {.by = FSTAB_BY_LABEL};

        /* The guest root's own directory is mounted over (a later mount on a directory above it). */
        outside_setup(&x, NULL);
        {
                _cleanup_free_ char *content = NULL, *path = NULL;
                struct stat st;

                assert_int_equal(stat(x.root, &st), 0);
                assert_true(asprintf(&content,
                                     "22 1 254:1 / / rw - ext4 /dev/mapper/host-root rw\n"
                                     "40 22 %u:%u / %s rw - ext4 %s/root.img rw\n"
                                     "70 22 0:50 / %s rw - tmpfs tmpfs rw\n",
                                     major(st.st_dev), minor(st.st_dev), x.root, images, x.dir) > 0);
                path = write_mountinfo(x.dir, content);
                o.mountinfo = path;
                check_table(x.root, &o, "/dev/sda1 / ext3 defaults 1 1\n", NULL,
                            "/dev/sda1: the guest root ROOT is not a mount point on this host, so its device is "
                            "unknown\n");
        }
        /* A mount table whose device numbers are not what is really there. */
        {
                _cleanup_free_ char *content = NULL, *path = NULL;

                assert_true(asprintf(&content, "40 22 250:250 / %s rw - ext4 %s/root.img rw\n", x.root, images) > 0);
                path = write_mountinfo(x.dir, content);
                o.mountinfo = path;
                check_table(x.root, &o, "/dev/sda1 / ext3 defaults 1 1\n", NULL,
                            "/dev/sda1: the mount table (device 250:250 at ROOT) does not match what is there\n");
        }
        outside_done(&x);
}

static void test_table_outside_errors(void **state)
{
        struct outside x = {0};
        _cleanup_free_ char *missing = NULL;
        struct blockid_options o = {.by = FSTAB_BY_UUID};
        struct blockid_table t = {0};
        _cleanup_free_ char *got = NULL;

        outside_setup(&x, NULL);
        missing = path_in(x.dir, "no-mountinfo");
        o.mountinfo = missing;
        error_clear();
        assert_true(build(x.root, &o, "/dev/sda1 / ext3 defaults 1 1\n", NULL, &t, &got) < 0);
        assert_non_null(strstr(error_get(), "cannot read the mount table"));
        error_clear();
        /* Nothing to look up: the table is not even read. */
        assert_int_equal(build(x.root, &o, "LABEL=x / ext3 defaults 1 1\n", NULL, &t, &got), 0);
        assert_int_equal(t.n, 0);
        blockid_table_done(&t);
        outside_done(&x);
}

/* libblkid's cache is never touched: point it at scratch files and check they never appear. */
static void test_no_blkid_cache(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp(), *cache = path_in(dir, "blkid.tab"), *conf = path_in(dir, "blkid.conf"),
                            *conf_cache = path_in(dir, "conf-cache.tab"), *root = inside_root(), *conf_text = NULL;
        const struct blockid_options o = {.by = FSTAB_BY_UUID, .inside = true};
        struct blockid_table t = {0};
        _cleanup_free_ char *got = NULL, *img = path_in(images, "root.img");
        struct blockid_info i = {0};
        struct stat st;

        assert_true(asprintf(&conf_text, "CACHE_FILE=%s\n", conf_cache) > 0);
        th_write_str(dir, "blkid.conf", conf_text);
        assert_int_equal(setenv("BLKID_FILE", cache, 1), 0);
        assert_int_equal(setenv("BLKID_CONF", conf, 1), 0);

        assert_int_equal(blockid_probe_path(img, &i), 0);
        blockid_info_done(&i);
        assert_int_equal(build(root, &o, inside_fstab, inside_crypttab, &t, &got), 0);
        blockid_table_done(&t);

        assert_int_equal(stat(cache, &st), -1);
        assert_int_equal(stat(conf_cache, &st), -1);
        unsetenv("BLKID_FILE");
        unsetenv("BLKID_CONF");
        th_rmrf(root);
        th_rmrf(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fstab_by_strings),
                cmocka_unit_test(test_mounts_under_root),
                cmocka_unit_test(test_mounts_root_is_slash),
                cmocka_unit_test(test_mounts_bind),
                cmocka_unit_test(test_mounts_overmount),
                cmocka_unit_test(test_mounts_errors),
                cmocka_unit_test(test_probe_images),
                cmocka_unit_test(test_probe_refuses),
                cmocka_unit_test(test_table_inside_uuid),
                cmocka_unit_test(test_table_inside_label),
                cmocka_unit_test(test_table_inside_duplicates),
                cmocka_unit_test(test_table_by_name_probes_nothing),
                cmocka_unit_test(test_table_outside),
                cmocka_unit_test(test_table_outside_not_mounted),
                cmocka_unit_test(test_table_outside_errors),
                cmocka_unit_test(test_no_blkid_cache),
        };

        return cmocka_run_group_tests(tests, setup_images, teardown_images);
}
