/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Applying a plan, and undoing it.
 *
 * The order, and why:
 *
 *  0. The guest root is locked (flock on a fresh fd of the root directory),
 *     so two instances never interleave, and an apply is refused while an
 *     earlier one is still "prepared" (interrupted): its files may be a mix
 *     of old and new, and a new backup of that mix would be worthless.
 *
 *  1. Preflight. Every target is re-read and compared with the bytes the plan
 *     was built from (-ESTALE otherwise), opened relative to its directory fd
 *     with O_NOFOLLOW and checked to be the very inode that was read, and
 *     refused if it (or its directory) is immutable or append-only, or if it
 *     is a mount point (a bind-mounted file: rename gives EBUSY/EXDEV). A file
 *     to be created must still be absent. Nothing is written yet.
 *
 *  2. Temps. Each new content goes to ".NAME.domufix-XXXXXX" in the target's
 *     own directory (same filesystem, so the rename is atomic), created with
 *     O_EXCL|O_NOFOLLOW under a random name so a planted symlink cannot
 *     redirect it, and never ending in ".conf" or matching another consumer
 *     glob. Owner, mode and every xattr (SELinux label, ACLs, ...) are copied
 *     from the original, then the temp is fsynced. A failure here (ENOSPC,
 *     EROFS, EPERM, ...) unlinks the temps made so far: nothing changed.
 *
 *  3. The backup set. It is written under a hidden staging name
 *     ".ID.partial" in BACKUP_DIR (byte copies "files/N", "manifest.json",
 *     a "journal" saying "begin"), everything fsynced, and only then renamed
 *     to ID and the backup directory fsynced. So a visible set is always
 *     whole, and a crash before this point leaves only hidden leftovers and
 *     unchanged targets. A failure removes the set and the temps.
 *
 *  4. Renames. Each temp is renamed over its target (RENAME_NOREPLACE for
 *     a create, unlink for a delete), and the journal records it ("renamed
 *     N", "deleted N", each line fsynced). If step k fails, the files already
 *     replaced are restored in the same atomic way from the copies held in
 *     memory (which equal the backup set), the other temps are unlinked and
 *     the journal says "rolledback". After a crash in this step the journal
 *     has no "complete": the set is listed as prepared and `rollback` puts
 *     every file back (it decides per file by checksum, so it does not need
 *     to trust how far the journal got).
 *
 *  5. Every touched directory is fsynced and the journal says "complete".
 *
 * Device nodes (CHANGE_MKNOD, for guests with a static /dev) go through the
 * same steps as a created file, as root only: in 1 the path must still be
 * absent; in 2 the node is made as the temp ".NAME.domufix-XXXXXX" with
 * mknodat(2) (a random name, and mknod never follows or replaces anything),
 * then given its owner and mode with fchownat/fchmodat(AT_SYMLINK_NOFOLLOW)
 * and checked with fstatat; in 4 it is renamed into place with
 * RENAME_NOREPLACE ("renamed N"). A node has no data to fsync (and opening it
 * would open the device): the directory fsync of step 5 makes it durable. It
 * has no backup copy, since nothing was there. Not running as root (or with
 * commit_test_force_nonroot()), a node is skipped: it is not preflighted and
 * not in the manifest, and plan->commit_warnings says how to make it by hand.
 * Rollback removes a node only while it is still a node of the same type and
 * rdev; anything else there is left with a warning.
 *
 * Rollback verifies every backup copy against the manifest before writing
 * anything, then compares each current file with the original and with what
 * apply wrote: files that already hold the original bytes (and owner and
 * mode) are not touched at all, so a second rollback writes nothing.
 *
 * The manifest (version 1) lists, per change: path (canonical guest path),
 * action, existed, mode, uid, gid, size (0 when the file did not exist),
 * sha256 of the original, new_sha256/new_size of what apply wrote, backup
 * ("files/N"), temp (the temp name used in the target directory), xattrs
 * (name -> value as lowercase hex) and via (symlinks the file was found by).
 * A "mknod" entry has existed false, size 0, no sha256/new_sha256/backup, and
 * type ("char" or "block"), major and minor; mode/uid/gid are the node's.
 * Top level: version, id, created (epoch seconds), created_nsec (used only
 * to order sets made within the same second), state ("prepared" when
 * written; the real state is the journal's last line).
 *
 * A file kept for a command that regenerates it after the apply
 * (commit_plan_keep(): the initrd of apply --rebuild-initrd) is an entry
 * after the changes with action "modify" and "regenerated": true, and no
 * new_sha256, new_size or temp; its size has no cap. Apply copies it into
 * the set by streaming (hashing as it goes) and does not touch it; the
 * journal has no line for it. Rollback checks its copy by streaming too and
 * restores it whenever the file differs from it (without keeping a
 * ".domufix-modified" copy: the command makes the file again at will).
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <limits.h>
#include <linux/fs.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "commit.h"
#include "fd-util.h"
#include "log.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

#define SHA256_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)
#define TEMP_MARK ".domufix-"
#define TEMP_RANDOM_LEN 6
#define MODIFIED_SUFFIX ".domufix-modified"
#define MANIFEST_NAME "manifest.json"
#define JOURNAL_NAME "journal"
#define FILES_DIR "files"
#define MANIFEST_VERSION 1
#define MANIFEST_MAX (8u * 1024u * 1024u)
#define JOURNAL_MAX (1024u * 1024u)
/* "YYYYMMDD-HHMMSS-xxxx" */
#define BACKUP_ID_LEN 20
#define NAME_ATTEMPTS 100
/* Read and write size when streaming a file kept for regeneration. */
#define COPY_BLOCK (128u * 1024u)

DEFINE_TRIVIAL_CLEANUP_FUNC(json_object *, json_object_put);
DEFINE_TRIVIAL_CLEANUP_FUNC(json_tokener *, json_tokener_free);
DEFINE_TRIVIAL_CLEANUP_FUNC(DIR *, closedir);

/* Tests only: see commit_test_fail_after(), commit_test_crash_after(), commit_test_force_nonroot(). */
static int test_fail_after = -1;
static int test_crash_after = -1;
static bool test_force_nonroot;

/* Tests only: the rename of change n fails as if renameat(2) said EIO (-1: off). */
void commit_test_fail_after(int n);
void commit_test_fail_after(int n)
{
        test_fail_after = n;
}

/*
 * Tests only: stop after n renames as a killed process would, without
 * restoring anything, unlinking temps or completing the journal (-1: off).
 */
void commit_test_crash_after(int n);
void commit_test_crash_after(int n)
{
        test_crash_after = n;
}

/* Tests only: behave as if not running as root (device nodes are skipped). */
void commit_test_force_nonroot(bool on);
void commit_test_force_nonroot(bool on)
{
        test_force_nonroot = on;
}

bool commit_makes_nodes(void)
{
        return geteuid() == 0 && !test_force_nonroot;
}

/* ------------------------------------------------------------------------ */
/* Small helpers */

static int commit_action_from_name(const char *s, enum change_action *ret)
{
        static const enum change_action all[] = {CHANGE_MODIFY, CHANGE_CREATE, CHANGE_DELETE, CHANGE_MKNOD};

        for (size_t i = 0; i < ARRAY_SIZE(all); i++)
                if (streq(s, change_action_to_string(all[i]))) {
                        *ret = all[i];
                        return 0;
                }
        return -EINVAL;
}

static bool errno_is_unsupported(int e)
{
        return e == EOPNOTSUPP || e == ENOTSUP;
}

/* Whether the action replaces or removes a file that existed (and so has a backup copy). */
static bool action_had_file(enum change_action a)
{
        return a == CHANGE_MODIFY || a == CHANGE_DELETE;
}

/* Whether the action writes file content (and so has new_sha256). */
static bool action_writes_file(enum change_action a)
{
        return a == CHANGE_MODIFY || a == CHANGE_CREATE;
}

static const char *node_type_name(mode_t m)
{
        return S_ISBLK(m) ? "block" : "char";
}

/* "character device 229:0", for messages. */
static const char *node_kind(mode_t m)
{
        return S_ISBLK(m) ? "block device" : "character device";
}

/* Open a regular file in dirfd (no symlink, never blocks) and read it; non-regular gives -EBADMSG. */
static int read_file_at(int dirfd, const char *name, size_t max, char **ret, size_t *ret_size)
{
        _cleanup_close_ int fd = -1;
        struct stat st;

        fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode))
                return -EBADMSG;
        return fd_read_all(fd, (size_t)st.st_size, max, ret, ret_size);
}

/* Create a new file (O_EXCL, mode 0600) holding data, flushed to disk. */
static int file_write_new(int dirfd, const char *name, const char *data, size_t size)
{
        _cleanup_close_ int fd = -1;
        int r;

        fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return negative_errno();
        r = fd_write_all(fd, data, size);
        if (r < 0)
                goto fail;
        if (fsync(fd) < 0 || close(TAKE_FD(fd)) < 0) {
                r = negative_errno();
                goto fail;
        }
        return 0;
fail:
        (void)unlinkat(dirfd, name, 0);
        return r;
}

/* fsync a directory given by a (possibly O_PATH) fd. */
static int dir_fsync(int dirfd)
{
        _cleanup_close_ int fd = -1;

        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (fsync(fd) < 0)
                return negative_errno();
        return 0;
}

static void sha256_finish_hex(struct sha256_ctx *ctx, char ret[static SHA256_HEX_SIZE])
{
        static const char digits[] = "0123456789abcdef";
        uint8_t digest[SHA256_DIGEST_SIZE];

        sha256_digest(ctx, sizeof(digest), digest);
        for (size_t i = 0; i < sizeof(digest); i++) {
                ret[2 * i] = digits[digest[i] >> 4];
                ret[2 * i + 1] = digits[digest[i] & 0xf];
        }
        ret[SHA256_HEX_SIZE - 1] = '\0';
}

static void sha256_hex(const void *data, size_t size, char ret[static SHA256_HEX_SIZE])
{
        struct sha256_ctx ctx;

        sha256_init(&ctx);
        sha256_update(&ctx, size, (const uint8_t *)data);
        sha256_finish_hex(&ctx, ret);
}

/*
 * Stream src (pread from offset 0 to its end) into dst (-1: nowhere),
 * hashing it: for files too large to hold (a regenerated initrd). Returns
 * -errno; *ret_src_failed says whether reading (not writing) failed.
 */
static int copy_stream(int src, int dst, char ret_sha[static SHA256_HEX_SIZE], uint64_t *ret_size,
                       bool *ret_src_failed)
{
        _cleanup_free_ uint8_t *buf = malloc(COPY_BLOCK);
        struct sha256_ctx ctx;
        uint64_t off = 0;
        int r;

        *ret_src_failed = false;
        if (!buf)
                return -ENOMEM;
        sha256_init(&ctx);
        for (;;) {
                ssize_t n = pread(src, buf, COPY_BLOCK, (off_t)off);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        *ret_src_failed = true;
                        return negative_errno();
                }
                if (n == 0)
                        break;
                sha256_update(&ctx, (size_t)n, buf);
                if (dst >= 0) {
                        r = fd_write_all(dst, buf, (size_t)n);
                        if (r < 0)
                                return r;
                }
                off += (uint64_t)n;
        }
        sha256_finish_hex(&ctx, ret_sha);
        *ret_size = off;
        return 0;
}

static bool sha256_hex_valid(const char *s)
{
        if (strlen(s) != SHA256_HEX_SIZE - 1)
                return false;
        for (; *s; s++)
                if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
                        return false;
        return true;
}

static char *hex_encode(const void *data, size_t size)
{
        static const char digits[] = "0123456789abcdef";
        const unsigned char *p = data;
        char *s = malloc(2 * size + 1);

        if (!s)
                return NULL;
        for (size_t i = 0; i < size; i++) {
                s[2 * i] = digits[p[i] >> 4];
                s[2 * i + 1] = digits[p[i] & 0xf];
        }
        s[2 * size] = '\0';
        return s;
}

static int hex_digit(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

static int hex_decode(const char *s, char **ret, size_t *ret_size)
{
        size_t len = strlen(s);
        char *buf;

        if (len % 2)
                return -EINVAL;
        buf = malloc(len / 2 + 1);
        if (!buf)
                return -ENOMEM;
        for (size_t i = 0; i < len / 2; i++) {
                int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

                if (hi < 0 || lo < 0) {
                        free(buf);
                        return -EINVAL;
                }
                buf[i] = (char)(hi << 4 | lo);
        }
        buf[len / 2] = '\0';
        *ret = buf;
        *ret_size = len / 2;
        return 0;
}

/*
 * Random bytes for names. Without entropy yet (early boot) a clock-based mix
 * is used: the names only need to be hard to guess in advance, and O_EXCL
 * with O_NOFOLLOW keeps them safe against a planted file anyway.
 */
static void random_bytes(void *buf, size_t n)
{
        static uint64_t counter;
        uint8_t *p = buf;
        size_t got = 0;

        while (got < n) {
                ssize_t k = getrandom(p + got, n - got, GRND_NONBLOCK);

                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                got += (size_t)k;
        }
        if (got < n) {
                struct timespec ts;
                uint64_t x;

                clock_gettime(CLOCK_MONOTONIC, &ts);
                x = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
                    (++counter * UINT64_C(0x9E3779B97F4A7C15));
                for (; got < n; got++) {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        p[got] = (uint8_t)(x >> 24);
                }
        }
}

/* ".NAME.domufix-XXXXXX": hidden, never a ".conf" suffix, fits NAME_MAX. */
static int temp_name_new(const char *name, char **ret)
{
        static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        size_t len = strlen(name), room = NAME_MAX - 1 - strlen(TEMP_MARK) - TEMP_RANDOM_LEN;
        uint8_t rnd[TEMP_RANDOM_LEN];
        char suffix[TEMP_RANDOM_LEN + 1];
        char *s;

        random_bytes(rnd, sizeof(rnd));
        for (size_t i = 0; i < TEMP_RANDOM_LEN; i++)
                suffix[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
        suffix[TEMP_RANDOM_LEN] = '\0';
        if (len > room)
                len = room;
        if (asprintf(&s, ".%.*s" TEMP_MARK "%s", (int)len, name, suffix) < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

static bool temp_name_valid(const char *s)
{
        return s[0] == '.' && !strchr(s, '/') && strstr(s, TEMP_MARK) && strlen(s) <= NAME_MAX;
}

/* The guest directory of a canonical path, for messages ("/" for "/x"). */
static char *path_dirname(const char *path)
{
        const char *slash = strrchr(path, '/');

        if (!slash || slash == path)
                return strdup("/");
        return strndup_or_null(path, (size_t)(slash - path));
}

/* ------------------------------------------------------------------------ */
/* Extended attributes */

struct xattr {
        char *name;
        char *value;
        size_t size;
};

struct xattr_list {
        struct xattr *v;
        size_t n;
};

static void xattr_list_done(struct xattr_list *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->v[i].name);
                free(l->v[i].value);
        }
        free(l->v);
        l->v = NULL;
        l->n = 0;
}

/* Add an attribute; takes value in every case. */
static int xattr_list_add(struct xattr_list *l, const char *name, char *value, size_t size)
{
        struct xattr *nv;
        char *n;

        nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
        if (!nv) {
                free(value);
                return -ENOMEM;
        }
        l->v = nv;
        n = strdup(name);
        if (!n) {
                free(value);
                return -ENOMEM;
        }
        l->v[l->n++] = (struct xattr){.name = n, .value = value, .size = size};
        return 0;
}

static int xattr_get(int fd, const char *name, char **ret, size_t *ret_size)
{
        for (;;) {
                _cleanup_free_ char *v = NULL;
                ssize_t n, m;

                n = fgetxattr(fd, name, NULL, 0);
                if (n < 0)
                        return negative_errno();
                v = malloc((size_t)n + 1);
                if (!v)
                        return -ENOMEM;
                m = fgetxattr(fd, name, v, (size_t)n);
                if (m < 0) {
                        if (errno == ERANGE) /* grew meanwhile */
                                continue;
                        return negative_errno();
                }
                *ret = TAKE_PTR(v);
                *ret_size = (size_t)m;
                return 0;
        }
}

/*
 * All extended attributes of an open file. A filesystem without xattr
 * support gives an empty list; any other failure is an error.
 */
static int xattrs_read(int fd, const char *path, struct xattr_list *ret)
{
        _cleanup_(xattr_list_done) struct xattr_list l = {0};
        _cleanup_free_ char *names = NULL;
        ssize_t len;
        int r;

        for (;;) {
                len = flistxattr(fd, NULL, 0);
                if (len < 0) {
                        if (errno_is_unsupported(errno)) {
                                *ret = (struct xattr_list){0};
                                return 0;
                        }
                        goto fail;
                }
                free(names);
                names = malloc((size_t)len + 1);
                if (!names)
                        return -ENOMEM;
                if (len == 0)
                        break;
                len = flistxattr(fd, names, (size_t)len);
                if (len >= 0)
                        break;
                if (errno != ERANGE)
                        goto fail;
        }
        names[len] = '\0';
        for (const char *n = names; n < names + len; n += strlen(n) + 1) {
                char *value;
                size_t size;

                if (!*n)
                        continue;
                r = xattr_get(fd, n, &value, &size);
                if (r == -ENODATA) /* removed meanwhile */
                        continue;
                if (r < 0) {
                        error_set("'%s': cannot read extended attribute '%s': %s", path, n, strerror(-r));
                        return r;
                }
                r = xattr_list_add(&l, n, value, size);
                if (r < 0)
                        return r;
        }
        *ret = l;
        l = (struct xattr_list){0};
        return 0;
fail:
        r = negative_errno();
        error_set("'%s': cannot list extended attributes: %s", path, strerror(-r));
        return r;
}

/*
 * Set every attribute of the list. Policy: "unsupported" on set would only be
 * tolerated if reading them had said unsupported too, and then the list is
 * empty; so any failure here is an error (an SELinux label or ACL the copy
 * cannot carry must not be dropped silently).
 */
static int xattrs_apply(int fd, const struct xattr_list *l, const char *path)
{
        for (size_t i = 0; i < l->n; i++)
                if (fsetxattr(fd, l->v[i].name, l->v[i].value, l->v[i].size, 0) < 0) {
                        int r = negative_errno();

                        error_set("'%s': cannot copy extended attribute '%s': %s", path, l->v[i].name,
                                  strerror(-r));
                        return r;
                }
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Metadata and temp files */

struct file_meta {
        uid_t uid; /* (uid_t)-1: leave the owner the kernel gave */
        gid_t gid;
        mode_t mode; /* permission bits only */
};

static int meta_apply(int fd, const struct file_meta *m, const struct xattr_list *xl, const char *path)
{
        struct stat st;
        int r;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        /* Owner first: chown clears set-id bits and security.capability. */
        if (m->uid != (uid_t)-1 && (st.st_uid != m->uid || st.st_gid != m->gid) &&
            fchown(fd, m->uid, m->gid) < 0) {
                r = negative_errno();
                error_set("'%s': cannot set owner %u:%u: %s", path, (unsigned)m->uid, (unsigned)m->gid,
                          strerror(-r));
                return r;
        }
        if (fchmod(fd, m->mode & 07777) < 0) {
                r = negative_errno();
                error_set("'%s': cannot set mode %04o: %s", path, (unsigned)(m->mode & 07777), strerror(-r));
                return r;
        }
        return xattrs_apply(fd, xl, path);
}

/* Create a new temp file beside name in dirfd, open for writing, owner-only. */
static int temp_create(int dirfd, const char *name, const char *path, char **ret_tmp, int *ret_fd)
{
        _cleanup_free_ char *tmp = NULL;
        int fd, r;

        for (unsigned attempt = 0;; attempt++) {
                free(tmp);
                tmp = NULL;
                r = temp_name_new(name, &tmp);
                if (r < 0)
                        return r;
                fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd >= 0)
                        break;
                if (errno != EEXIST || attempt >= NAME_ATTEMPTS) {
                        r = negative_errno();
                        error_set("'%s': cannot create a temp file in its directory: %s", path, strerror(-r));
                        return r;
                }
        }
        *ret_tmp = TAKE_PTR(tmp);
        *ret_fd = fd;
        return 0;
}

/*
 * Give the written temp file fd the metadata, flush and close it (fd is
 * closed in every case). what names the content in errors ("new").
 */
static int temp_finish(int fd, const struct file_meta *m, const struct xattr_list *xl, const char *path,
                       const char *what)
{
        _cleanup_close_ int owned = fd;
        int r;

        r = meta_apply(owned, m, xl, path);
        if (r < 0)
                return r;
        if (fsync(owned) < 0 || close(TAKE_FD(owned)) < 0) {
                r = negative_errno();
                error_set("'%s': cannot flush the %s content: %s", path, what, strerror(-r));
                return r;
        }
        return 0;
}

/*
 * Write data to a new temp file beside name in dirfd, give it the metadata
 * and flush it. On failure nothing is left behind.
 */
static int temp_write(int dirfd, const char *name, const char *path, const char *data, size_t size,
                      const struct file_meta *m, const struct xattr_list *xl, char **ret_tmp)
{
        _cleanup_free_ char *tmp = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        r = temp_create(dirfd, name, path, &tmp, &fd);
        if (r < 0)
                return r;
        r = fd_write_all(fd, data, size);
        if (r < 0) {
                error_set("'%s': cannot write the new content: %s", path, strerror(-r));
                goto fail;
        }
        r = temp_finish(TAKE_FD(fd), m, xl, path, "new");
        if (r < 0)
                goto fail;
        *ret_tmp = TAKE_PTR(tmp);
        return 0;
fail:
        (void)unlinkat(dirfd, tmp, 0);
        return r;
}

/*
 * Like temp_write(), with the content streamed from src (a backup copy of a
 * regenerated file), which must hash to sha256 (checked while copying).
 */
static int temp_write_stream(int dirfd, const char *name, const char *path, int src, const char *sha256,
                             const struct file_meta *m, const struct xattr_list *xl, char **ret_tmp)
{
        _cleanup_free_ char *tmp = NULL;
        _cleanup_close_ int fd = -1;
        char sha[SHA256_HEX_SIZE];
        uint64_t size;
        bool src_failed;
        int r;

        r = temp_create(dirfd, name, path, &tmp, &fd);
        if (r < 0)
                return r;
        r = copy_stream(src, fd, sha, &size, &src_failed);
        if (r < 0) {
                error_set("'%s': cannot %s: %s", path, src_failed ? "read the backup copy" : "write the restored content",
                          strerror(-r));
                goto fail;
        }
        if (!streq(sha, sha256)) {
                error_set("'%s': the backup copy changed while it was restored (checksum mismatch)", path);
                r = -EBADMSG;
                goto fail;
        }
        r = temp_finish(TAKE_FD(fd), m, xl, path, "restored");
        if (r < 0)
                goto fail;
        *ret_tmp = TAKE_PTR(tmp);
        return 0;
fail:
        (void)unlinkat(dirfd, tmp, 0);
        return r;
}

/* Whether st is the node wanted: same type and device number. */
static bool node_matches(const struct stat *st, mode_t mode, dev_t rdev)
{
        return (st->st_mode & S_IFMT) == (mode & S_IFMT) && (S_ISCHR(mode) || S_ISBLK(mode)) && st->st_rdev == rdev;
}

/* Set the permission bits of the node tmp in dirfd, never through a symlink. */
static int node_chmod(int dirfd, const char *tmp, mode_t mode, dev_t rdev)
{
        struct stat st;

        if (fchmodat(dirfd, tmp, mode & 07777, AT_SYMLINK_NOFOLLOW) == 0)
                return 0;
        if (!errno_is_unsupported(errno))
                return negative_errno();
        /*
         * An older C library does AT_SYMLINK_NOFOLLOW through /proc, and says
         * "unsupported" without it. tmp was made by us under a random name in
         * a directory we hold: check that it is still our node, not a link.
         */
        if (fstatat(dirfd, tmp, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return negative_errno();
        if (!node_matches(&st, mode, rdev))
                return -ESTALE;
        if (fchmodat(dirfd, tmp, mode & 07777, 0) < 0)
                return negative_errno();
        return 0;
}

/*
 * Make the device node of a CHANGE_MKNOD as a temp beside name in dirfd, with
 * the owner and mode asked for. On failure nothing is left behind.
 */
static int node_temp_make(int dirfd, const char *name, const char *path, const struct change *c, char **ret_tmp)
{
        _cleanup_free_ char *tmp = NULL;
        mode_t perm = c->node_mode & 07777;
        const char *what;
        struct stat st;
        int r;

        for (unsigned attempt = 0;; attempt++) {
                free(tmp);
                tmp = NULL;
                r = temp_name_new(name, &tmp);
                if (r < 0)
                        return r;
                /* Owner-only until the owner is set; the umask may only take bits away. */
                if (mknodat(dirfd, tmp, (c->node_mode & S_IFMT) | 0600, c->node_rdev) == 0)
                        break;
                if (errno != EEXIST || attempt >= NAME_ATTEMPTS) {
                        r = negative_errno();
                        error_set("'%s': cannot create the device node in its directory: %s", path, strerror(-r));
                        return r;
                }
        }
        what = "set the owner of";
        if (fchownat(dirfd, tmp, c->node_uid, c->node_gid, AT_SYMLINK_NOFOLLOW) < 0) {
                r = negative_errno();
                goto fail;
        }
        what = "set the mode of";
        r = node_chmod(dirfd, tmp, c->node_mode, c->node_rdev);
        if (r < 0)
                goto fail;
        what = "check";
        if (fstatat(dirfd, tmp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                r = negative_errno();
                goto fail;
        }
        if (!node_matches(&st, c->node_mode, c->node_rdev) || (st.st_mode & 07777) != perm ||
            st.st_uid != c->node_uid || st.st_gid != c->node_gid) {
                r = -EIO;
                error_set("'%s': the new device node came out as %s %u:%u, mode %04o, owner %u:%u "
                          "instead of %s %u:%u, mode %04o, owner %u:%u",
                          path, node_type_name(st.st_mode), major(st.st_rdev), minor(st.st_rdev),
                          (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid, (unsigned)st.st_gid,
                          node_type_name(c->node_mode), major(c->node_rdev), minor(c->node_rdev), (unsigned)perm,
                          (unsigned)c->node_uid, (unsigned)c->node_gid);
                (void)unlinkat(dirfd, tmp, 0);
                return r;
        }
        *ret_tmp = TAKE_PTR(tmp);
        return 0;
fail:
        error_set("'%s': cannot %s the new device node: %s", path, what, strerror(-r));
        (void)unlinkat(dirfd, tmp, 0);
        return r;
}

/* Atomic rename that never replaces an existing file. */
static int rename_noreplace(int dirfd, const char *from, const char *to)
{
        if (renameat2(dirfd, from, dirfd, to, RENAME_NOREPLACE) == 0)
                return 0;
        if (errno != EINVAL && errno != ENOSYS)
                return negative_errno();
        /* Filesystem without RENAME_NOREPLACE: link(2) also refuses to replace. */
        if (linkat(dirfd, from, dirfd, to, 0) < 0)
                return negative_errno();
        (void)unlinkat(dirfd, from, 0);
        return 0;
}

/* Refuse files (or directories) marked immutable or append-only. */
static int fs_flags_check(int fd, const char *path, bool is_dir)
{
        int flags = 0;

        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
                int r = negative_errno();

                if (r == -ENOTTY || errno_is_unsupported(-r) || r == -EINVAL || r == -ENOSYS)
                        return 0; /* no such flags on this filesystem */
                error_set("'%s': cannot read its attribute flags: %s", path, strerror(-r));
                return r;
        }
        if (flags & (FS_IMMUTABLE_FL | FS_APPEND_FL)) {
                if (is_dir)
                        error_set("'%s': its directory is immutable or append-only (lsattr -d); "
                                  "the file cannot be replaced",
                                  path);
                else
                        error_set("'%s': file is immutable or append-only (lsattr); it cannot be replaced", path);
                return -EPERM;
        }
        return 0;
}

/* Refuse a file that is the root of a mount (a bind-mounted file). */
static int mount_point_check(int fd, const struct stat *dir_st, const char *path)
{
        struct statx stx;
        struct stat st;

        if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) == 0) {
                if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
                    (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
                        goto busy;
        } else if (errno != ENOSYS && errno != EINVAL) {
                int r = negative_errno();

                error_set("'%s': cannot stat: %s", path, strerror(-r));
                return r;
        }
        /* Older kernels: a file on another filesystem than its directory is mounted too. */
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_dev != dir_st->st_dev)
                goto busy;
        return 0;
busy:
        error_set("'%s': is a mount point (bind mount?); rename would fail", path);
        return -EBUSY;
}

/* Open a readable fd on a directory given by a (possibly O_PATH) fd, and check it. */
static int dir_check(int dirfd, const char *path, struct stat *ret_st)
{
        _cleanup_close_ int fd = -1;
        int r;

        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, ret_st) < 0) {
                r = negative_errno();
                error_set("'%s': cannot open its directory: %s", path, strerror(-r));
                return r;
        }
        return fs_flags_check(fd, path, true);
}

/*
 * Take the root's lock, so that two instances never commit or roll back in
 * the same guest at once. Filesystems without flock() are not locked.
 */
static int root_lock(const struct guest_root *g, int *ret_fd)
{
        _cleanup_close_ int fd = -1;
        int r;

        fd = openat(guest_root_fd(g), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
                r = negative_errno();
                error_set("'%s': cannot open the guest root: %s", guest_root_path(g), strerror(-r));
                return r;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                r = negative_errno();
                if (r == -EWOULDBLOCK) {
                        error_set("'%s': another domufix is changing this guest", guest_root_path(g));
                        return -EBUSY;
                }
                if (r != -ENOLCK && r != -EINVAL && !errno_is_unsupported(-r)) {
                        error_set("'%s': cannot lock the guest root: %s", guest_root_path(g), strerror(-r));
                        return r;
                }
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Backup directory and ids */

static bool backup_id_valid(const char *s)
{
        if (strlen(s) != BACKUP_ID_LEN)
                return false;
        for (size_t i = 0; i < BACKUP_ID_LEN; i++) {
                char c = s[i];

                if (i == 8 || i == 15) {
                        if (c != '-')
                                return false;
                } else if (i > 15) {
                        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                                return false;
                } else if (c < '0' || c > '9')
                        return false;
        }
        return true;
}

static int backup_id_new(char **ret_id, struct timespec *ret_ts)
{
        struct timespec ts;
        struct tm tm;
        uint8_t rnd[2];
        char buf[32];
        char *id;

        if (clock_gettime(CLOCK_REALTIME, &ts) < 0 || !gmtime_r(&ts.tv_sec, &tm))
                return -EINVAL;
        if (strftime(buf, sizeof(buf), "%Y%m%d-%H%M%S", &tm) != 15)
                return -EINVAL;
        random_bytes(rnd, sizeof(rnd));
        if (asprintf(&id, "%s-%02x%02x", buf, rnd[0], rnd[1]) < 0)
                return -ENOMEM;
        *ret_id = id;
        *ret_ts = ts;
        return 0;
}

/* Open BACKUP_DIR in the guest; -ENOENT when there is none yet. */
static int backup_dir_open(const struct guest_root *g, char **ret_path, int *ret_fd)
{
        _cleanup_free_ char *canon = NULL;
        bool exists = false;
        int fd, r;

        r = guest_resolve(g, BACKUP_DIR, &canon, &exists);
        if (r == -ENOENT || (r >= 0 && !exists))
                return -ENOENT;
        if (r < 0)
                return r;
        r = guest_open_canonical(g, canon, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, &fd);
        if (r < 0)
                return r;
        *ret_path = TAKE_PTR(canon);
        *ret_fd = fd;
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Reading backup sets */

struct manifest_file {
        char *path;
        enum change_action action;
        struct file_meta meta;
        uint64_t size;
        bool has_sha256;
        bool has_new_sha256;
        char sha256[SHA256_HEX_SIZE];
        char new_sha256[SHA256_HEX_SIZE];
        char *backup; /* "N" of "files/N", or NULL */
        char *temp;   /* temp name in the target directory, or NULL */
        struct xattr_list xattrs;
        mode_t node_type; /* CHANGE_MKNOD: S_IFCHR or S_IFBLK */
        dev_t node_rdev;
        bool regenerated; /* kept for a command that regenerates it: streamed, no size cap */
};

struct manifest {
        char *id;
        int64_t created;
        int64_t created_nsec;
        struct manifest_file *files;
        size_t n_files;
        enum backup_state state;
};

static void manifest_done(struct manifest *m)
{
        for (size_t i = 0; i < m->n_files; i++) {
                struct manifest_file *f = &m->files[i];

                free(f->path);
                free(f->backup);
                free(f->temp);
                xattr_list_done(&f->xattrs);
        }
        free(m->files);
        free(m->id);
        *m = (struct manifest){0};
}

struct manifest_array {
        struct manifest *v;
        size_t n;
};

static void manifest_array_done(struct manifest_array *a)
{
        for (size_t i = 0; i < a->n; i++)
                manifest_done(&a->v[i]);
        free(a->v);
        *a = (struct manifest_array){0};
}

static int manifest_bad(const char *mpath, size_t idx, const char *field)
{
        if (idx == SIZE_MAX)
                error_set("'%s': corrupt backup manifest: missing or invalid \"%s\"", mpath, field);
        else
                error_set("'%s': corrupt backup manifest: files[%zu]: missing or invalid \"%s\"", mpath, idx,
                          field);
        return -EBADMSG;
}

static bool json_get(json_object *o, const char *key, json_type type, json_object **ret)
{
        json_object *v;

        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, type))
                return false;
        *ret = v;
        return true;
}

static bool json_get_int(json_object *o, const char *key, int64_t min, int64_t max, int64_t *ret)
{
        json_object *v;
        int64_t x;

        if (!json_get(o, key, json_type_int, &v))
                return false;
        x = json_object_get_int64(v);
        if (x < min || x > max)
                return false;
        *ret = x;
        return true;
}

/* Optional string field: absent is fine, present must be a string. */
static bool json_get_opt_string(json_object *o, const char *key, const char **ret)
{
        json_object *v;

        *ret = NULL;
        if (!json_object_object_get_ex(o, key, &v))
                return true;
        if (!json_object_is_type(v, json_type_string))
                return false;
        *ret = json_object_get_string(v);
        return true;
}

static int manifest_parse_file(json_object *o, const char *mpath, size_t idx, struct manifest_file *f)
{
        const char *s, *sha = NULL, *new_sha = NULL, *backup = NULL, *temp = NULL;
        json_object *v, *xa;
        int64_t x;
        int r;

        if (!json_object_is_type(o, json_type_object))
                return manifest_bad(mpath, idx, "files");
        if (!json_get(o, "path", json_type_string, &v) || json_object_get_string(v)[0] != '/' ||
            strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
                return manifest_bad(mpath, idx, "path");
        f->path = strdup(json_object_get_string(v));
        if (!f->path)
                return -ENOMEM;
        if (!json_get(o, "action", json_type_string, &v) ||
            commit_action_from_name(json_object_get_string(v), &f->action) < 0)
                return manifest_bad(mpath, idx, "action");
        if (json_object_object_get_ex(o, "regenerated", &v)) {
                if (!json_object_is_type(v, json_type_boolean))
                        return manifest_bad(mpath, idx, "regenerated");
                f->regenerated = json_object_get_boolean(v);
                if (f->regenerated && f->action != CHANGE_MODIFY)
                        return manifest_bad(mpath, idx, "regenerated");
        }
        if (!json_get(o, "existed", json_type_boolean, &v) ||
            json_object_get_boolean(v) != action_had_file(f->action))
                return manifest_bad(mpath, idx, "existed");
        if (!json_get_int(o, "mode", 0, 07777, &x))
                return manifest_bad(mpath, idx, "mode");
        f->meta.mode = (mode_t)x;
        if (!json_get_int(o, "uid", 0, UINT32_MAX - 1, &x))
                return manifest_bad(mpath, idx, "uid");
        f->meta.uid = (uid_t)x;
        if (!json_get_int(o, "gid", 0, UINT32_MAX - 1, &x))
                return manifest_bad(mpath, idx, "gid");
        f->meta.gid = (gid_t)x;
        if (!json_get_int(o, "size", 0, f->regenerated ? INT64_MAX : GUEST_FILE_MAX, &x) ||
            (x != 0 && f->action == CHANGE_MKNOD))
                return manifest_bad(mpath, idx, "size");
        f->size = (uint64_t)x;
        if (f->action == CHANGE_MKNOD) {
                int64_t maj, min;

                if (!json_get(o, "type", json_type_string, &v))
                        return manifest_bad(mpath, idx, "type");
                if (streq(json_object_get_string(v), "char"))
                        f->node_type = S_IFCHR;
                else if (streq(json_object_get_string(v), "block"))
                        f->node_type = S_IFBLK;
                else
                        return manifest_bad(mpath, idx, "type");
                /* Linux device numbers: 12-bit major, 20-bit minor. */
                if (!json_get_int(o, "major", 0, 0xfff, &maj))
                        return manifest_bad(mpath, idx, "major");
                if (!json_get_int(o, "minor", 0, 0xfffff, &min))
                        return manifest_bad(mpath, idx, "minor");
                f->node_rdev = makedev((unsigned)maj, (unsigned)min);
        }

        if (!json_get_opt_string(o, "sha256", &sha) || (sha && !sha256_hex_valid(sha)) ||
            (!sha && action_had_file(f->action)) || (sha && f->action == CHANGE_MKNOD))
                return manifest_bad(mpath, idx, "sha256");
        if (sha) {
                f->has_sha256 = true;
                memcpy(f->sha256, sha, SHA256_HEX_SIZE);
        }
        if (!json_get_opt_string(o, "new_sha256", &new_sha) || (new_sha && !sha256_hex_valid(new_sha)) ||
            (!new_sha && action_writes_file(f->action) && !f->regenerated) ||
            (new_sha && (f->action == CHANGE_MKNOD || f->regenerated)))
                return manifest_bad(mpath, idx, "new_sha256");
        if (new_sha) {
                f->has_new_sha256 = true;
                memcpy(f->new_sha256, new_sha, SHA256_HEX_SIZE);
        }
        if (!json_get_opt_string(o, "backup", &backup) || (!backup && action_had_file(f->action)) ||
            (backup && f->action == CHANGE_MKNOD))
                return manifest_bad(mpath, idx, "backup");
        if (backup) {
                s = backup + strlen(FILES_DIR "/");
                if (!strneq(backup, FILES_DIR "/", strlen(FILES_DIR "/")) || !*s ||
                    strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
                        return manifest_bad(mpath, idx, "backup");
                f->backup = strdup(s);
                if (!f->backup)
                        return -ENOMEM;
        }
        if (!json_get_opt_string(o, "temp", &temp) || (temp && (!temp_name_valid(temp) || f->regenerated)))
                return manifest_bad(mpath, idx, "temp");
        if (temp) {
                f->temp = strdup(temp);
                if (!f->temp)
                        return -ENOMEM;
        }
        if (json_object_object_get_ex(o, "xattrs", &xa)) {
                if (!json_object_is_type(xa, json_type_object))
                        return manifest_bad(mpath, idx, "xattrs");
                json_object_object_foreach(xa, key, val) {
                        char *value;
                        size_t size;

                        if (!json_object_is_type(val, json_type_string))
                                return manifest_bad(mpath, idx, "xattrs");
                        r = hex_decode(json_object_get_string(val), &value, &size);
                        if (r == -EINVAL)
                                return manifest_bad(mpath, idx, "xattrs");
                        if (r < 0)
                                return r;
                        r = xattr_list_add(&f->xattrs, key, value, size);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

static int manifest_parse(const char *data, size_t size, const char *mpath, const char *id, struct manifest *ret)
{
        _cleanup_(json_tokener_freep) json_tokener *tok = NULL;
        _cleanup_(json_object_putp) json_object *root = NULL;
        _cleanup_(manifest_done) struct manifest m = {0};
        json_object *v, *files;
        size_t end;
        int64_t x;
        int r;

        if (size > INT_MAX)
                return -EFBIG;
        tok = json_tokener_new();
        if (!tok)
                return -ENOMEM;
        root = json_tokener_parse_ex(tok, data, (int)size);
        end = json_tokener_get_parse_end(tok);
        if (!root || strspn(data + end, " \t\r\n") != size - end) {
                enum json_tokener_error jerr = json_tokener_get_error(tok);
                const char *what = !root ? (jerr == json_tokener_continue ? "unexpected end of file"
                                                                          : json_tokener_error_desc(jerr))
                                         : "trailing data";
                unsigned line = 1;

                if (root)
                        end += strspn(data + end, " \t\r\n");
                for (size_t i = 0; i < end && i < size; i++)
                        if (data[i] == '\n')
                                line++;
                error_set("'%s': corrupt backup manifest at line %u (offset %zu): %s", mpath, line, end, what);
                return -EBADMSG;
        }
        if (!json_object_is_type(root, json_type_object))
                return manifest_bad(mpath, SIZE_MAX, "{");
        if (!json_get_int(root, "version", MANIFEST_VERSION, MANIFEST_VERSION, &x))
                return manifest_bad(mpath, SIZE_MAX, "version");
        if (!json_get(root, "id", json_type_string, &v) || !streq(json_object_get_string(v), id))
                return manifest_bad(mpath, SIZE_MAX, "id");
        if (!json_get_int(root, "created", 0, INT64_MAX, &m.created))
                return manifest_bad(mpath, SIZE_MAX, "created");
        if (json_object_object_get_ex(root, "created_nsec", &v) &&
            !json_get_int(root, "created_nsec", 0, 999999999, &m.created_nsec))
                return manifest_bad(mpath, SIZE_MAX, "created_nsec");
        if (!json_get(root, "files", json_type_array, &files) || json_object_array_length(files) == 0)
                return manifest_bad(mpath, SIZE_MAX, "files");
        m.id = strdup(id);
        if (!m.id)
                return -ENOMEM;
        m.files = calloc(json_object_array_length(files), sizeof(*m.files));
        if (!m.files)
                return -ENOMEM;
        for (size_t i = 0; i < json_object_array_length(files); i++) {
                m.n_files++;
                r = manifest_parse_file(json_object_array_get_idx(files, i), mpath, i, &m.files[i]);
                if (r < 0)
                        return r;
        }
        *ret = m;
        m = (struct manifest){0};
        return 0;
}

/*
 * The state is the last meaningful journal line. A last line without its
 * newline is a write cut by a crash and is ignored.
 */
static int journal_parse(const char *data, size_t size, const char *jpath, size_t n_files, enum backup_state *ret)
{
        enum backup_state state = BACKUP_PREPARED;
        unsigned line = 0;
        bool begun = false;

        for (size_t pos = 0; pos < size;) {
                const char *nl = memchr(data + pos, '\n', size - pos);
                const char *s = data + pos;
                size_t len;
                unsigned long idx;
                char *end;

                if (!nl)
                        break;
                len = (size_t)(nl - s);
                pos += len + 1;
                line++;
                if (len == 5 && strneq(s, "begin", 5) && !begun) {
                        begun = true;
                        state = BACKUP_PREPARED;
                        continue;
                }
                if (!begun)
                        goto bad;
                if (len == 8 && strneq(s, "complete", 8))
                        state = BACKUP_COMPLETE;
                else if (len == 10 && strneq(s, "rolledback", 10))
                        state = BACKUP_ROLLED_BACK;
                else if ((len > 8 && strneq(s, "renamed ", 8)) || (len > 8 && strneq(s, "deleted ", 8))) {
                        if (s[8] < '0' || s[8] > '9')
                                goto bad;
                        errno = 0;
                        idx = strtoul(s + 8, &end, 10);
                        if (errno || end != nl || idx >= n_files)
                                goto bad;
                        state = BACKUP_PREPARED;
                } else
                        goto bad;
        }
        if (!begun) {
                error_set("'%s': corrupt backup journal: no \"begin\" line", jpath);
                return -EBADMSG;
        }
        *ret = state;
        return 0;
bad:
        error_set("'%s' line %u: corrupt backup journal: unknown entry", jpath, line);
        return -EBADMSG;
}

/* Load one set: its manifest and the state from its journal. -ENOENT (no message) if there is no such set. */
static int manifest_load(int backupsfd, const char *bdir, const char *id, struct manifest *ret)
{
        _cleanup_(manifest_done) struct manifest m = {0};
        _cleanup_free_ char *mpath = NULL, *jpath = NULL, *data = NULL;
        _cleanup_close_ int setfd = -1;
        size_t size;
        int r;

        if (asprintf(&mpath, "%s/%s/" MANIFEST_NAME, bdir, id) < 0)
                return -ENOMEM;
        if (asprintf(&jpath, "%s/%s/" JOURNAL_NAME, bdir, id) < 0)
                return -ENOMEM;
        setfd = openat(backupsfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (setfd < 0) {
                r = negative_errno();
                if (r == -ENOENT)
                        return r;
                error_set("'%s/%s': cannot open the backup set: %s", bdir, id, strerror(-r));
                return r == -ENOTDIR || r == -ELOOP ? -EBADMSG : r;
        }
        r = read_file_at(setfd, MANIFEST_NAME, MANIFEST_MAX, &data, &size);
        if (r < 0) {
                error_set("'%s': cannot read the backup manifest: %s", mpath,
                          r == -EBADMSG ? "not a regular file" : strerror(-r));
                return r == -ENOENT ? -EBADMSG : r;
        }
        r = manifest_parse(data, size, mpath, id, &m);
        if (r < 0)
                return r;
        free(data);
        data = NULL;
        r = read_file_at(setfd, JOURNAL_NAME, JOURNAL_MAX, &data, &size);
        if (r < 0) {
                error_set("'%s': cannot read the backup journal: %s", jpath,
                          r == -EBADMSG ? "not a regular file" : strerror(-r));
                return r == -ENOENT ? -EBADMSG : r;
        }
        r = journal_parse(data, size, jpath, m.n_files, &m.state);
        if (r < 0)
                return r;
        *ret = m;
        m = (struct manifest){0};
        return 0;
}

static int manifest_cmp(const void *a, const void *b)
{
        const struct manifest *x = a, *y = b;

        if (x->created != y->created)
                return x->created < y->created ? -1 : 1;
        if (x->created_nsec != y->created_nsec)
                return x->created_nsec < y->created_nsec ? -1 : 1;
        return strcmp(x->id, y->id);
}

/* Every set in BACKUP_DIR, oldest first. Entries not named like an id are not sets. */
static int manifests_load_all(int backupsfd, const char *bdir, struct manifest_array *ret)
{
        _cleanup_(manifest_array_done) struct manifest_array a = {0};
        _cleanup_(closedirp) DIR *d = NULL;
        struct dirent *de;
        int fd, r;

        fd = openat(backupsfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        r = fd_opendir(fd, &d);
        if (r < 0)
                return r;
        for (;;) {
                struct manifest *nv;

                de = fd_readdir(d, &r);
                if (!de) {
                        if (r < 0) {
                                error_set("'%s': cannot read the directory: %s", bdir, strerror(-r));
                                return r;
                        }
                        break;
                }
                if (!backup_id_valid(de->d_name))
                        continue;
                nv = realloc(a.v, (a.n + 1) * sizeof(*nv));
                if (!nv)
                        return -ENOMEM;
                a.v = nv;
                r = manifest_load(backupsfd, bdir, de->d_name, &a.v[a.n]);
                if (r == -ENOENT) /* removed meanwhile */
                        continue;
                if (r < 0)
                        return r;
                a.n++;
        }
        if (a.n > 1)
                qsort(a.v, a.n, sizeof(*a.v), manifest_cmp);
        *ret = a;
        a = (struct manifest_array){0};
        return 0;
}

const char *backup_state_to_string(enum backup_state s)
{
        switch (s) {
        case BACKUP_PREPARED:
                return "prepared";
        case BACKUP_COMPLETE:
                return "complete";
        case BACKUP_ROLLED_BACK:
                return "rolled-back";
        }
        return NULL;
}

void backup_info_done(struct backup_info *b)
{
        if (!b)
                return;
        free(b->id);
        strv_done(&b->paths);
        *b = (struct backup_info){0};
}

static void backup_infos_free(struct backup_info *v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                backup_info_done(&v[i]);
        free(v);
}

int backup_list(const struct guest_root *g, struct backup_info **ret, size_t *ret_n)
{
        _cleanup_(manifest_array_done) struct manifest_array a = {0};
        _cleanup_free_ char *bdir = NULL;
        _cleanup_close_ int backupsfd = -1;
        struct backup_info *v;
        int r;

        if (!g || !ret || !ret_n)
                return -EINVAL;
        r = backup_dir_open(g, &bdir, &backupsfd);
        if (r == -ENOENT) {
                *ret = NULL;
                *ret_n = 0;
                return 0;
        }
        if (r < 0)
                return r;
        r = manifests_load_all(backupsfd, bdir, &a);
        if (r < 0)
                return r;
        if (a.n == 0) {
                *ret = NULL;
                *ret_n = 0;
                return 0;
        }
        v = calloc(a.n, sizeof(*v));
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < a.n; i++) {
                v[i].id = TAKE_PTR(a.v[i].id);
                v[i].created = (time_t)a.v[i].created;
                v[i].n_files = a.v[i].n_files;
                v[i].state = a.v[i].state;
                for (size_t j = 0; j < a.v[i].n_files; j++) {
                        r = strv_push(&v[i].paths, a.v[i].files[j].path);
                        if (r < 0) {
                                backup_infos_free(v, a.n);
                                return r;
                        }
                }
        }
        *ret = v;
        *ret_n = a.n;
        return 0;
}

/* Refuse to apply on top of an interrupted apply: its files may be a mix of old and new. */
int backup_find_interrupted(const struct guest_root *g, char **ret_id)
{
        struct backup_info *v = NULL;
        size_t n = 0;
        int r;

        r = backup_list(g, &v, &n);
        if (r < 0)
                return r;
        *ret_id = NULL;
        for (size_t i = 0; i < n && r >= 0; i++)
                if (v[i].state == BACKUP_PREPARED) {
                        free(*ret_id);
                        *ret_id = strdup(v[i].id);
                        if (!*ret_id)
                                r = -ENOMEM;
                }
        backup_infos_free(v, n);
        return r;
}

static int commit_check_interrupted(const struct guest_root *g)
{
        _cleanup_free_ char *id = NULL;
        int r;

        r = backup_find_interrupted(g, &id);
        if (r < 0)
                return r;
        if (id) {
                error_set("backup set '%s' is from an interrupted apply; run 'domufix rollback --backup %s' first",
                          id, id);
                return -EBUSY;
        }
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Commit */

struct commit_item {
        const struct change *change;
        char *path;              /* canonical guest path, owned */
        struct guest_file *cur;  /* the target as re-read in preflight (modify, delete) */
        int dirfd;               /* its directory */
        const char *name;        /* last component, points into path */
        int fd;                  /* the original file (modify, delete), for metadata */
        struct file_meta meta;   /* of the original, or wanted for a created file */
        struct xattr_list xattrs;
        char sha256[SHA256_HEX_SIZE];
        char new_sha256[SHA256_HEX_SIZE];
        char *tmp;               /* temp name while it exists */
        bool done;               /* renamed or deleted */
};

/*
 * A file a command run after the apply will regenerate (the initrd of apply
 * --rebuild-initrd): only copied into the backup set, by streaming.
 */
struct commit_keep {
        char *path;                   /* canonical guest path */
        int fd;
        struct file_meta meta;
        struct xattr_list xattrs;
        char sha256[SHA256_HEX_SIZE]; /* of the copy, set while copying */
        uint64_t size;
};

struct commit_batch {
        struct commit_item *v;
        size_t n;
        struct commit_keep *keep;     /* in the manifest after the n changes */
        size_t n_keep;
};

static void commit_batch_done(struct commit_batch *b)
{
        for (size_t i = 0; i < b->n_keep; i++) {
                free(b->keep[i].path);
                if (b->keep[i].fd >= 0)
                        close(b->keep[i].fd);
                xattr_list_done(&b->keep[i].xattrs);
        }
        free(b->keep);
        for (size_t i = 0; i < b->n; i++) {
                struct commit_item *it = &b->v[i];

                guest_file_free(it->cur);
                free(it->path);
                if (it->dirfd >= 0)
                        close(it->dirfd);
                if (it->fd >= 0)
                        close(it->fd);
                xattr_list_done(&it->xattrs);
                free(it->tmp);
        }
        free(b->v);
        *b = (struct commit_batch){0};
}

static int commit_stale(const char *path)
{
        error_set("'%s': changed since it was read; run plan again", path);
        return -ESTALE;
}

static int commit_preflight(const struct guest_root *g, const struct change *c, struct commit_item *it)
{
        _cleanup_(guest_file_freep) struct guest_file *cur = NULL;
        _cleanup_free_ char *canon = NULL;
        struct stat st, dir_st;
        bool exists = false;
        int r;

        it->change = c;
        if (!c->path || (unsigned)c->action > CHANGE_MKNOD || (action_had_file(c->action) && !c->orig) ||
            (action_writes_file(c->action) && !c->new_data && c->new_size > 0) ||
            (c->action == CHANGE_MKNOD &&
             ((!S_ISCHR(c->node_mode) && !S_ISBLK(c->node_mode)) || (c->node_mode & ~(mode_t)(S_IFMT | 07777)) ||
              c->node_uid == (uid_t)-1 || c->node_gid == (gid_t)-1))) {
                error_set("'%s': invalid change in the plan", c->path ? c->path : "?");
                return -EINVAL;
        }

        if (!action_had_file(c->action)) {
                error_clear(); /* keep guest_resolve()'s own reason, if it gives one */
                r = guest_resolve(g, c->path, &canon, &exists);
                if (r == -ENOENT) {
                        error_set_if_unset("'%s': its directory does not exist", c->path);
                        return r;
                }
                if (r < 0)
                        return r;
                if (exists || !streq(canon, c->path))
                        return commit_stale(c->path);
                it->path = TAKE_PTR(canon);
        } else {
                if (c->action == CHANGE_MODIFY)
                        r = guest_file_read(g, c->path, &cur);
                else
                        r = guest_file_read_binary(g, c->path, GUEST_FILE_MAX, &cur);
                if (r == -ENOENT)
                        return commit_stale(c->path);
                if (r < 0)
                        return r;
                if (!streq(cur->path, c->path) || cur->size != c->orig->size ||
                    (cur->size > 0 && memcmp(cur->data, c->orig->data, cur->size) != 0))
                        return commit_stale(c->path);
                it->path = strdup(cur->path);
                if (!it->path)
                        return -ENOMEM;
        }

        r = guest_open_parent(g, it->path, &it->dirfd, &it->name);
        if (r < 0)
                return r;
        r = dir_check(it->dirfd, it->path, &dir_st);
        if (r < 0)
                return r;

        if (c->action == CHANGE_CREATE) {
                uid_t euid = geteuid();

                /* As root the new file is root's; otherwise it keeps the owner the kernel gives. */
                it->meta = (struct file_meta){
                        .uid = euid == 0 ? 0 : (uid_t)-1,
                        .gid = euid == 0 ? 0 : (gid_t)-1,
                        .mode = (c->create_mode ? c->create_mode : 0644) & 07777,
                };
        } else if (c->action == CHANGE_MKNOD) {
                it->meta = (struct file_meta){.uid = c->node_uid, .gid = c->node_gid, .mode = c->node_mode & 07777};
        } else {
                /* The very inode that was read, found from the directory we will rename in. */
                it->fd = openat(it->dirfd, it->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
                if (it->fd < 0) {
                        r = negative_errno();
                        if (r == -ENOENT || r == -ELOOP)
                                return commit_stale(it->path);
                        error_set("'%s': cannot open: %s", it->path, strerror(-r));
                        return r;
                }
                if (fstat(it->fd, &st) < 0)
                        return negative_errno();
                if (!S_ISREG(st.st_mode) || st.st_dev != cur->st.st_dev || st.st_ino != cur->st.st_ino)
                        return commit_stale(it->path);
                it->meta = (struct file_meta){.uid = st.st_uid, .gid = st.st_gid, .mode = st.st_mode & 07777};
                r = fs_flags_check(it->fd, it->path, false);
                if (r < 0)
                        return r;
                r = mount_point_check(it->fd, &dir_st, it->path);
                if (r < 0)
                        return r;
                r = xattrs_read(it->fd, it->path, &it->xattrs);
                if (r < 0)
                        return r;
                sha256_hex(cur->data, cur->size, it->sha256);
                it->cur = TAKE_PTR(cur);
        }
        if (action_writes_file(c->action))
                sha256_hex(c->new_data ? c->new_data : "", c->new_size, it->new_sha256);
        return 0;
}

static int commit_preflight_keep(const struct guest_root *g, const char *path, struct commit_keep *k)
{
        struct stat st;
        int r;

        error_clear(); /* keep guest_file_open()'s own reason, if it gives one */
        r = guest_file_open(g, path, &k->path, &k->fd, &st);
        if (r == -ENOENT)
                error_set_if_unset("'%s': no such file, nothing to keep", path);
        if (r < 0)
                return r;
        k->meta = (struct file_meta){.uid = st.st_uid, .gid = st.st_gid, .mode = st.st_mode & 07777};
        return xattrs_read(k->fd, k->path, &k->xattrs);
}

static void commit_remove_temps(struct commit_batch *b)
{
        for (size_t i = 0; i < b->n; i++) {
                struct commit_item *it = &b->v[i];

                if (it->tmp && !it->done)
                        (void)unlinkat(it->dirfd, it->tmp, 0);
                free(it->tmp);
                it->tmp = NULL;
        }
}

static int commit_write_temps(struct commit_batch *b)
{
        for (size_t i = 0; i < b->n; i++) {
                struct commit_item *it = &b->v[i];
                const struct change *c = it->change;
                struct stat st;
                int r;

                if (c->action == CHANGE_DELETE)
                        continue;
                if (c->action == CHANGE_MKNOD) {
                        r = node_temp_make(it->dirfd, it->name, it->path, c, &it->tmp);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = temp_write(it->dirfd, it->name, it->path, c->new_data ? c->new_data : "", c->new_size,
                               &it->meta, &it->xattrs, &it->tmp);
                if (r < 0)
                        return r;
                if (c->action == CHANGE_CREATE) {
                        /* Record the owner the new file really has, for the manifest. */
                        if (fstatat(it->dirfd, it->tmp, &st, AT_SYMLINK_NOFOLLOW) < 0)
                                return negative_errno();
                        it->meta.uid = st.st_uid;
                        it->meta.gid = st.st_gid;
                }
        }
        return 0;
}

/*
 * Add v to o under key; takes v in every case. json_add() is for literal
 * keys only (enforced by the "" concatenation): json-c then keeps a pointer
 * instead of a copy, which also avoids its leak of the copied key when an
 * insertion fails for lack of memory. json_add_copy() is for other keys.
 */
#define json_add(o, key, v) json_add_opts((o), "" key "", (v), JSON_C_OBJECT_KEY_IS_CONSTANT)
#define json_add_copy(o, key, v) json_add_opts((o), (key), (v), 0)

static int json_add_opts(json_object *o, const char *key, json_object *v, unsigned opts)
{
        if (!v)
                return -ENOMEM;
        if (json_object_object_add_ex(o, key, v, opts) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

static int json_append(json_object *a, json_object *v)
{
        if (!v)
                return -ENOMEM;
        if (json_object_array_add(a, v) < 0) {
                json_object_put(v);
                return -ENOMEM;
        }
        return 0;
}

/* "xattrs": {name: hex value, ...} in the manifest entry o. */
static int manifest_xattrs_add(json_object *o, const struct xattr_list *xl)
{
        json_object *xa = json_object_new_object();
        int r;

        r = json_add(o, "xattrs", xa);
        for (size_t i = 0; r >= 0 && i < xl->n; i++) {
                char *hex = hex_encode(xl->v[i].value, xl->v[i].size);

                if (!hex)
                        return -ENOMEM;
                r = json_add_copy(xa, xl->v[i].name, json_object_new_string(hex));
                free(hex);
        }
        return r;
}

static int manifest_file_build(const struct commit_item *it, size_t idx, json_object **ret)
{
        _cleanup_(json_object_putp) json_object *o = NULL;
        const struct change *c = it->change;
        json_object *via;
        char backup[32];
        int r;

        o = json_object_new_object();
        if (!o)
                return -ENOMEM;
        r = json_add(o, "path", json_object_new_string(it->path));
        if (r >= 0)
                r = json_add(o, "action", json_object_new_string(change_action_to_string(c->action)));
        if (r >= 0)
                r = json_add(o, "existed", json_object_new_boolean(action_had_file(c->action)));
        if (r >= 0)
                r = json_add(o, "mode", json_object_new_int64(it->meta.mode & 07777));
        if (r >= 0)
                r = json_add(o, "uid", json_object_new_int64(it->meta.uid));
        if (r >= 0)
                r = json_add(o, "gid", json_object_new_int64(it->meta.gid));
        if (r >= 0)
                r = json_add(o, "size", json_object_new_int64(it->cur ? (int64_t)it->cur->size : 0));
        if (r >= 0 && action_had_file(c->action)) {
                snprintf(backup, sizeof(backup), FILES_DIR "/%zu", idx);
                r = json_add(o, "sha256", json_object_new_string(it->sha256));
                if (r >= 0)
                        r = json_add(o, "backup", json_object_new_string(backup));
        }
        if (r >= 0 && action_writes_file(c->action)) {
                r = json_add(o, "new_sha256", json_object_new_string(it->new_sha256));
                if (r >= 0)
                        r = json_add(o, "new_size", json_object_new_int64((int64_t)c->new_size));
        }
        if (r >= 0 && c->action == CHANGE_MKNOD) {
                r = json_add(o, "type", json_object_new_string(node_type_name(c->node_mode)));
                if (r >= 0)
                        r = json_add(o, "major", json_object_new_int64(major(c->node_rdev)));
                if (r >= 0)
                        r = json_add(o, "minor", json_object_new_int64(minor(c->node_rdev)));
        }
        if (r >= 0 && c->action != CHANGE_DELETE)
                r = json_add(o, "temp", json_object_new_string(it->tmp));
        if (r < 0)
                return r;

        r = manifest_xattrs_add(o, &it->xattrs);
        if (r < 0)
                return r;
        if (c->via.n > 0) {
                via = json_object_new_array();
                r = json_add(o, "via", via);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < c->via.n; i++) {
                        r = json_append(via, json_object_new_string(c->via.v[i]));
                        if (r < 0)
                                return r;
                }
        }
        *ret = TAKE_PTR(o);
        return 0;
}

static int manifest_keep_build(const struct commit_keep *k, size_t idx, json_object **ret)
{
        _cleanup_(json_object_putp) json_object *o = NULL;
        char backup[32];
        int r;

        o = json_object_new_object();
        if (!o)
                return -ENOMEM;
        snprintf(backup, sizeof(backup), FILES_DIR "/%zu", idx);
        r = json_add(o, "path", json_object_new_string(k->path));
        if (r >= 0)
                r = json_add(o, "action", json_object_new_string(change_action_to_string(CHANGE_MODIFY)));
        if (r >= 0)
                r = json_add(o, "regenerated", json_object_new_boolean(true));
        if (r >= 0)
                r = json_add(o, "existed", json_object_new_boolean(true));
        if (r >= 0)
                r = json_add(o, "mode", json_object_new_int64(k->meta.mode & 07777));
        if (r >= 0)
                r = json_add(o, "uid", json_object_new_int64(k->meta.uid));
        if (r >= 0)
                r = json_add(o, "gid", json_object_new_int64(k->meta.gid));
        if (r >= 0)
                r = json_add(o, "size", json_object_new_int64((int64_t)k->size));
        if (r >= 0)
                r = json_add(o, "sha256", json_object_new_string(k->sha256));
        if (r >= 0)
                r = json_add(o, "backup", json_object_new_string(backup));
        if (r < 0)
                return r;
        r = manifest_xattrs_add(o, &k->xattrs);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(o);
        return 0;
}

static int manifest_build(const struct commit_batch *b, const char *id, const struct timespec *ts, char **ret)
{
        _cleanup_(json_object_putp) json_object *root = NULL;
        json_object *files;
        const char *s;
        int r;

        root = json_object_new_object();
        if (!root)
                return -ENOMEM;
        r = json_add(root, "version", json_object_new_int(MANIFEST_VERSION));
        if (r >= 0)
                r = json_add(root, "id", json_object_new_string(id));
        if (r >= 0)
                r = json_add(root, "created", json_object_new_int64((int64_t)ts->tv_sec));
        if (r >= 0)
                r = json_add(root, "created_nsec", json_object_new_int64((int64_t)ts->tv_nsec));
        if (r >= 0)
                r = json_add(root, "state", json_object_new_string(backup_state_to_string(BACKUP_PREPARED)));
        if (r < 0)
                return r;
        files = json_object_new_array();
        r = json_add(root, "files", files);
        if (r < 0)
                return r;
        for (size_t i = 0; i < b->n; i++) {
                json_object *f = NULL;

                r = manifest_file_build(&b->v[i], i, &f);
                if (r < 0)
                        return r;
                r = json_append(files, f);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < b->n_keep; i++) {
                json_object *f = NULL;

                r = manifest_keep_build(&b->keep[i], b->n + i, &f);
                if (r < 0)
                        return r;
                r = json_append(files, f);
                if (r < 0)
                        return r;
        }
        s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (!s || asprintf(ret, "%s\n", s) < 0)
                return -ENOMEM;
        return 0;
}

struct backup_writer {
        char *bdir;      /* canonical guest path of BACKUP_DIR */
        int backupsfd;
        char *id;
        char *staging;   /* ".ID.partial" */
        bool created;    /* the staging directory exists */
        bool published;  /* renamed to id */
        int setfd;
        int filesfd;
        int journalfd;
        char *jpath;     /* for messages */
};

static void backup_writer_done(struct backup_writer *w)
{
        free(w->bdir);
        free(w->id);
        free(w->staging);
        free(w->jpath);
        if (w->backupsfd >= 0)
                close(w->backupsfd);
        if (w->setfd >= 0)
                close(w->setfd);
        if (w->filesfd >= 0)
                close(w->filesfd);
        if (w->journalfd >= 0)
                close(w->journalfd);
        *w = (struct backup_writer){.backupsfd = -1, .setfd = -1, .filesfd = -1, .journalfd = -1};
}

/* Remove a set that was not (fully) written: no file was changed through it. */
static void backup_writer_discard(struct backup_writer *w, size_t n_files)
{
        char num[32];

        if (!w->created)
                return;
        if (w->filesfd >= 0)
                for (size_t i = 0; i < n_files; i++) {
                        snprintf(num, sizeof(num), "%zu", i);
                        (void)unlinkat(w->filesfd, num, 0);
                }
        if (w->setfd >= 0) {
                (void)unlinkat(w->setfd, FILES_DIR, AT_REMOVEDIR);
                (void)unlinkat(w->setfd, MANIFEST_NAME, 0);
                (void)unlinkat(w->setfd, JOURNAL_NAME, 0);
        }
        (void)unlinkat(w->backupsfd, w->published ? w->id : w->staging, AT_REMOVEDIR);
        (void)dir_fsync(w->backupsfd);
        w->created = w->published = false;
}

static int journal_append(int fd, const char *line)
{
        char buf[64];
        int n, r;

        n = snprintf(buf, sizeof(buf), "%s\n", line);
        if (n < 0 || (size_t)n >= sizeof(buf))
                return -EINVAL;
        r = fd_write_all(fd, buf, (size_t)n);
        if (r < 0)
                return r;
        if (fsync(fd) < 0)
                return negative_errno();
        return 0;
}

static int backup_set_write(const struct guest_root *g, struct commit_batch *b, struct backup_writer *w)
{
        _cleanup_free_ char *manifest = NULL, *canon = NULL;
        struct timespec ts = {0};
        const char *what;
        bool exists = false;
        struct stat st;
        int r;

        r = guest_resolve(g, BACKUP_DIR, &canon, &exists);
        if (r == -ENOENT) {
                free(canon);
                canon = strdup(BACKUP_DIR);
                if (!canon)
                        return -ENOMEM;
        } else if (r < 0)
                return r;
        w->bdir = TAKE_PTR(canon);
        error_clear(); /* keep guest_mkdir_p()'s own reason, if it gives one */
        r = guest_mkdir_p(g, w->bdir, 0700, &w->backupsfd);
        if (r < 0) {
                error_set_if_unset("'%s': cannot create the backup directory: %s", w->bdir, strerror(-r));
                return r;
        }

        for (unsigned attempt = 0;; attempt++) {
                free(w->id);
                free(w->staging);
                w->id = w->staging = NULL;
                r = backup_id_new(&w->id, &ts);
                if (r < 0)
                        return r;
                if (asprintf(&w->staging, ".%s.partial", w->id) < 0) {
                        w->staging = NULL;
                        return -ENOMEM;
                }
                if (fstatat(w->backupsfd, w->id, &st, AT_SYMLINK_NOFOLLOW) == 0)
                        r = -EEXIST;
                else if (errno != ENOENT)
                        r = negative_errno();
                else if (mkdirat(w->backupsfd, w->staging, 0700) < 0)
                        r = negative_errno();
                else
                        break;
                if (r != -EEXIST || attempt >= NAME_ATTEMPTS) {
                        error_set("'%s': cannot create a backup set: %s", w->bdir, strerror(-r));
                        return r;
                }
        }
        w->created = true;
        if (asprintf(&w->jpath, "%s/%s/" JOURNAL_NAME, w->bdir, w->id) < 0) {
                w->jpath = NULL;
                return -ENOMEM;
        }

        what = "open the backup set";
        w->setfd = openat(w->backupsfd, w->staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (w->setfd < 0)
                goto fail_errno;
        what = "create the backup set";
        if (mkdirat(w->setfd, FILES_DIR, 0700) < 0)
                goto fail_errno;
        w->filesfd = openat(w->setfd, FILES_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (w->filesfd < 0)
                goto fail_errno;

        what = "write a backup copy";
        for (size_t i = 0; i < b->n; i++) {
                const struct commit_item *it = &b->v[i];
                char num[32];

                if (!it->cur)
                        continue;
                snprintf(num, sizeof(num), "%zu", i);
                r = file_write_new(w->filesfd, num, it->cur->data, it->cur->size);
                if (r < 0)
                        goto fail;
        }
        for (size_t i = 0; i < b->n_keep; i++) {
                struct commit_keep *k = &b->keep[i];
                _cleanup_close_ int fd = -1;
                char num[32];
                bool src_failed;

                snprintf(num, sizeof(num), "%zu", b->n + i);
                fd = openat(w->filesfd, num, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd < 0)
                        goto fail_errno;
                r = copy_stream(k->fd, fd, k->sha256, &k->size, &src_failed);
                if (r >= 0 && fsync(fd) < 0)
                        r = negative_errno();
                if (r < 0) {
                        if (src_failed) {
                                error_set("'%s': cannot read it to keep a copy: %s", k->path, strerror(-r));
                                return r;
                        }
                        goto fail;
                }
        }

        r = manifest_build(b, w->id, &ts, &manifest);
        if (r < 0)
                return r;
        what = "write the backup manifest";
        r = file_write_new(w->setfd, MANIFEST_NAME, manifest, strlen(manifest));
        if (r < 0)
                goto fail;

        what = "write the backup journal";
        w->journalfd = openat(w->setfd, JOURNAL_NAME,
                              O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (w->journalfd < 0)
                goto fail_errno;
        r = journal_append(w->journalfd, "begin");
        if (r < 0)
                goto fail;

        what = "flush the backup set";
        r = dir_fsync(w->filesfd);
        if (r >= 0)
                r = dir_fsync(w->setfd);
        if (r < 0)
                goto fail;

        /* Publish: from here on the set is visible, and whole. */
        what = "publish the backup set";
        r = rename_noreplace(w->backupsfd, w->staging, w->id);
        if (r < 0)
                goto fail;
        w->published = true;
        r = dir_fsync(w->backupsfd);
        if (r < 0)
                goto fail;
        return 0;

fail_errno:
        r = negative_errno();
fail:
        error_set("'%s/%s': cannot %s: %s", w->bdir, w->id, what, strerror(-r));
        return r;
}

static int commit_item_swap(struct commit_item *it)
{
        int r = 0;

        switch (it->change->action) {
        case CHANGE_MODIFY:
                if (renameat(it->dirfd, it->tmp, it->dirfd, it->name) < 0)
                        r = negative_errno();
                break;
        case CHANGE_CREATE:
        case CHANGE_MKNOD:
                r = rename_noreplace(it->dirfd, it->tmp, it->name);
                break;
        case CHANGE_DELETE:
                if (unlinkat(it->dirfd, it->name, 0) < 0)
                        r = negative_errno();
                break;
        }
        return r;
}

/* Put one replaced file back, atomically, from the original bytes and metadata. */
static int commit_item_restore(struct commit_item *it)
{
        _cleanup_free_ char *tmp = NULL;
        int r;

        if (!action_had_file(it->change->action)) {
                /* Put there by RENAME_NOREPLACE, so it is ours. */
                if (unlinkat(it->dirfd, it->name, 0) < 0 && errno != ENOENT)
                        return negative_errno();
                return 0;
        }
        r = temp_write(it->dirfd, it->name, it->path, it->cur->data, it->cur->size, &it->meta, &it->xattrs, &tmp);
        if (r < 0)
                return r;
        if (renameat(it->dirfd, tmp, it->dirfd, it->name) < 0) {
                r = negative_errno();
                (void)unlinkat(it->dirfd, tmp, 0);
                return r;
        }
        return 0;
}

/*
 * A step of the renames failed: put back what was already replaced, remove
 * the remaining temps, and mark the set rolled back if that all worked.
 */
static int commit_undo(struct commit_batch *b, struct backup_writer *w, const char *cause, int err)
{
        const char *bad = NULL;
        int bad_r = 0;

        for (size_t i = 0; i < b->n; i++) {
                struct commit_item *it = &b->v[i];

                if (it->done) {
                        int r = commit_item_restore(it);

                        if (r < 0 && !bad) {
                                bad = it->path;
                                bad_r = r;
                        } else if (r >= 0)
                                it->done = false;
                }
        }
        commit_remove_temps(b);
        for (size_t i = 0; i < b->n; i++)
                (void)dir_fsync(b->v[i].dirfd);
        if (!bad) {
                (void)journal_append(w->journalfd, "rolledback");
                error_set("%s; the files already replaced were restored, nothing changed", cause);
        } else
                error_set("%s; restoring '%s' failed too (%s): run 'domufix rollback --backup %s'", cause, bad,
                          strerror(-bad_r), w->id);
        return err;
}

static int commit_renames(struct commit_batch *b, struct backup_writer *w)
{
        char cause[PATH_MAX + 256];

        for (size_t i = 0; i <= b->n; i++) {
                struct commit_item *it;
                char line[64];
                int r;

                if (test_crash_after >= 0 && (size_t)test_crash_after == i) {
                        error_set("simulated crash after %zu renames (test)", i);
                        return -ECANCELED;
                }
                if (i == b->n)
                        break;
                it = &b->v[i];
                if (test_fail_after >= 0 && (size_t)test_fail_after == i)
                        r = -EIO;
                else
                        r = commit_item_swap(it);
                if (r < 0) {
                        snprintf(cause, sizeof(cause), "'%s': cannot %s: %s", it->path,
                                 it->change->action == CHANGE_DELETE  ? "remove the file"
                                 : it->change->action == CHANGE_MKNOD ? "put the device node in place"
                                                                      : "replace the file",
                                 strerror(-r));
                        return commit_undo(b, w, cause, r);
                }
                it->done = true;
                snprintf(line, sizeof(line), "%s %zu", it->change->action == CHANGE_DELETE ? "deleted" : "renamed", i);
                r = journal_append(w->journalfd, line);
                if (r < 0) {
                        snprintf(cause, sizeof(cause), "'%s': cannot write: %s", w->jpath, strerror(-r));
                        return commit_undo(b, w, cause, r);
                }
        }
        return 0;
}

/* Make room for extra more strings in sv (keeping its NULL terminator), so that adding them cannot fail. */
static int strv_reserve(struct strv *sv, size_t extra)
{
        size_t want = sv->n + extra + 1;
        char **nv;

        if (want <= sv->cap)
                return 0;
        nv = realloc(sv->v, want * sizeof(*nv));
        if (!nv)
                return -ENOMEM;
        sv->v = nv;
        sv->cap = want;
        sv->v[sv->n] = NULL;
        return 0;
}

/* Characters a shell takes literally; anything else is single-quoted. */
static int shell_quote(const char *s, struct strbuf *out)
{
        int r;

        if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._+,:@%-") == strlen(s))
                return strbuf_puts(out, s);
        r = strbuf_putc(out, '\'');
        for (; *s && r >= 0; s++)
                r = *s == '\'' ? strbuf_puts(out, "'\\''") : strbuf_putc(out, *s);
        if (r >= 0)
                r = strbuf_putc(out, '\'');
        return r;
}

/*
 * "not root: device node /dev/hvc0 not created; create it with: mknod -m
 * 0600 /dev/hvc0 c 229 0", with the path as the host sees it (ROOT/dev/hvc0
 * with --root) and "&& chown U:G PATH" when the owner is not root:root.
 */
static int node_skip_warning(const struct guest_root *g, const struct change *c, struct strv *warnings)
{
        _cleanup_(strbuf_done) struct strbuf host = {0}, b = {0};
        const char *root = guest_root_path(g);
        size_t root_len = strlen(root);
        int r = 0;

        while (root_len > 0 && root[root_len - 1] == '/')
                root_len--;
        if (!guest_root_is_host(g) && root_len > 0)
                r = strbuf_append(&host, root, root_len);
        if (r >= 0)
                r = strbuf_puts(&host, c->path);
        if (r >= 0)
                r = strbuf_printf(&b, "not root: device node %s not created; create it with: mknod -m %04o ", c->path,
                                  (unsigned)(c->node_mode & 07777));
        if (r >= 0)
                r = shell_quote(host.s, &b);
        if (r >= 0)
                r = strbuf_printf(&b, " %c %u %u", S_ISBLK(c->node_mode) ? 'b' : 'c', major(c->node_rdev),
                                  minor(c->node_rdev));
        if (r >= 0 && (c->node_uid != 0 || c->node_gid != 0)) {
                r = strbuf_printf(&b, " && chown %u:%u ", (unsigned)c->node_uid, (unsigned)c->node_gid);
                if (r >= 0)
                        r = shell_quote(host.s, &b);
        }
        if (r < 0)
                return r;
        return strv_push(warnings, b.s);
}

int commit_plan(const struct guest_root *g, const struct plan *p, char **ret_id)
{
        return commit_plan_keep(g, p, NULL, ret_id);
}

int commit_plan_keep(const struct guest_root *g, const struct plan *p, const struct strv *keep, char **ret_id)
{
        _cleanup_(backup_writer_done) struct backup_writer w = {
                .backupsfd = -1, .setfd = -1, .filesfd = -1, .journalfd = -1};
        _cleanup_(commit_batch_done) struct commit_batch b = {0};
        _cleanup_(strv_done) struct strv skipped = {0};
        _cleanup_close_ int lockfd = -1;
        struct plan *out = (struct plan *)p; /* commit_warnings only: see plan.h */
        int r;

        if (!g || !p || !ret_id || (p->n_changes > 0 && !p->changes))
                return -EINVAL;
        if (p->n_changes == 0 && (!keep || keep->n == 0)) {
                *ret_id = NULL;
                return 0;
        }
        r = root_lock(g, &lockfd);
        if (r < 0)
                return r;
        r = commit_check_interrupted(g);
        if (r < 0)
                return r;

        /* 1. Preflight: nothing is written. Device nodes need root, else they are skipped. */
        b.v = calloc(p->n_changes ? p->n_changes : 1, sizeof(*b.v));
        if (!b.v)
                return -ENOMEM;
        for (size_t i = 0; i < p->n_changes; i++) {
                struct commit_item *it;

                if (p->changes[i].action == CHANGE_MKNOD && !commit_makes_nodes()) {
                        r = node_skip_warning(g, &p->changes[i], &skipped);
                        if (r < 0)
                                return r;
                        continue;
                }
                it = &b.v[b.n++];
                *it = (struct commit_item){.dirfd = -1, .fd = -1};
                r = commit_preflight(g, &p->changes[i], it);
                if (r < 0)
                        return r;
                for (size_t j = 0; j + 1 < b.n; j++)
                        if (streq(b.v[j].path, it->path)) {
                                error_set("'%s': changed twice in one plan", it->path);
                                return -EINVAL;
                        }
        }
        if (keep && keep->n > 0) {
                b.keep = calloc(keep->n, sizeof(*b.keep));
                if (!b.keep)
                        return -ENOMEM;
        }
        for (size_t i = 0; keep && i < keep->n; i++) {
                struct commit_keep *k = &b.keep[b.n_keep++];

                *k = (struct commit_keep){.fd = -1};
                r = commit_preflight_keep(g, keep->v[i], k);
                if (r < 0)
                        return r;
                for (size_t j = 0; j < b.n; j++)
                        if (streq(b.v[j].path, k->path)) {
                                error_set("'%s': both changed by the plan and regenerated", k->path);
                                return -EINVAL;
                        }
                for (size_t j = 0; j + 1 < b.n_keep; j++)
                        if (streq(b.keep[j].path, k->path)) {
                                error_set("'%s': kept twice", k->path);
                                return -EINVAL;
                        }
        }
        if (b.n == 0 && b.n_keep == 0) {
                /* Only skipped nodes: nothing to write at all. */
                r = strv_extend(&out->commit_warnings, &skipped);
                if (r < 0)
                        return r;
                *ret_id = NULL;
                return 0;
        }
        /* Room for the warnings now, so that nothing can fail once the files are in place. */
        if (skipped.n > 0) {
                r = strv_reserve(&out->commit_warnings, skipped.n);
                if (r < 0)
                        return r;
        }

        /* 2. Temps, with the new content and the old metadata. */
        r = commit_write_temps(&b);
        if (r < 0) {
                commit_remove_temps(&b);
                return r;
        }

        /* 3. The backup set. */
        r = backup_set_write(g, &b, &w);
        if (r < 0) {
                backup_writer_discard(&w, b.n + b.n_keep);
                commit_remove_temps(&b);
                return r;
        }

        /* 4. Renames (undone on failure). */
        r = commit_renames(&b, &w);
        if (r < 0)
                return r;

        /* 5. Make the renames durable, then close the journal. */
        for (size_t i = 0; i < b.n; i++) {
                r = dir_fsync(b.v[i].dirfd);
                if (r < 0) {
                        error_set("'%s': cannot flush its directory: %s; the new files are in place, "
                                  "'domufix rollback --backup %s' restores the old ones",
                                  b.v[i].path, strerror(-r), w.id);
                        return r;
                }
        }
        r = journal_append(w.journalfd, "complete");
        if (r < 0) {
                error_set("'%s': cannot write: %s; the new files are in place, "
                          "'domufix rollback --backup %s' restores the old ones",
                          w.jpath, strerror(-r), w.id);
                return r;
        }
        /* Cannot fail: the room was reserved above. */
        for (size_t i = 0; i < skipped.n; i++) {
                out->commit_warnings.v[out->commit_warnings.n++] = TAKE_PTR(skipped.v[i]);
                out->commit_warnings.v[out->commit_warnings.n] = NULL;
        }
        *ret_id = TAKE_PTR(w.id);
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Rollback */

enum rollback_op {
        ROLLBACK_UNCHANGED,
        ROLLBACK_RESTORE,
        ROLLBACK_REMOVE,
        ROLLBACK_LEAVE, /* created by apply, changed since: left alone with a warning */
};

struct rollback_item {
        const struct manifest_file *mf;
        int dirfd;          /* -1 when the directory is gone (only for a create) */
        const char *name;   /* into mf->path */
        char *backup;       /* the verified backup copy */
        size_t backup_size;
        int backup_fd;      /* the verified backup copy of a regenerated file (streamed), or -1 */
        char *cur;          /* the current content, when the file exists */
        size_t cur_size;
        bool exists;
        bool temp_exists;
        bool keep_modified;
        enum rollback_op op;
};

struct rollback_batch {
        struct rollback_item *v;
        size_t n;
};

static void rollback_batch_done(struct rollback_batch *b)
{
        for (size_t i = 0; i < b->n; i++) {
                if (b->v[i].dirfd >= 0)
                        close(b->v[i].dirfd);
                if (b->v[i].backup_fd >= 0)
                        close(b->v[i].backup_fd);
                free(b->v[i].backup);
                free(b->v[i].cur);
        }
        free(b->v);
        *b = (struct rollback_batch){0};
}

void rollback_report_done(struct rollback_report *r)
{
        if (!r)
                return;
        strv_done(&r->restored);
        strv_done(&r->removed);
        strv_done(&r->unchanged);
        strv_done(&r->warnings);
        free(r->id);
        r->id = NULL;
}

/* The backup copy of a regenerated file: hashed by streaming, and kept open for the restore. */
static int rollback_verify_stream(int filesfd, const char *setpath, const struct manifest_file *f,
                                  struct rollback_item *it)
{
        _cleanup_close_ int fd = -1;
        char sha[SHA256_HEX_SIZE];
        struct stat st;
        uint64_t size;
        bool src_failed;
        int r;

        fd = openat(filesfd, f->backup, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                r = negative_errno();
        else if (fstat(fd, &st) < 0)
                r = negative_errno();
        else
                r = S_ISREG(st.st_mode) ? 0 : -EBADMSG;
        if (r < 0) {
                error_set("'%s/" FILES_DIR "/%s': cannot read the backup copy of '%s': %s; nothing restored",
                          setpath, f->backup, f->path, r == -EBADMSG ? "not a regular file" : strerror(-r));
                return r == -ENOENT || r == -ELOOP ? -EBADMSG : r;
        }
        r = copy_stream(fd, -1, sha, &size, &src_failed);
        if (r < 0) {
                error_set("'%s/" FILES_DIR "/%s': cannot read the backup copy of '%s': %s; nothing restored",
                          setpath, f->backup, f->path, strerror(-r));
                return r;
        }
        if (size != f->size || !streq(sha, f->sha256)) {
                error_set("'%s/" FILES_DIR "/%s': the backup copy of '%s' is corrupt "
                          "(checksum mismatch); nothing restored",
                          setpath, f->backup, f->path);
                return -EBADMSG;
        }
        it->backup_fd = TAKE_FD(fd);
        return 0;
}

/* Read every backup copy and check it against the manifest, before anything is written. */
static int rollback_verify(int setfd, const char *setpath, const struct manifest *m, struct rollback_batch *b)
{
        _cleanup_close_ int filesfd = -1;
        char sha[SHA256_HEX_SIZE];
        int r;

        for (size_t i = 0; i < m->n_files; i++) {
                const struct manifest_file *f = &m->files[i];
                struct rollback_item *it = &b->v[i];

                if (!f->backup)
                        continue;
                if (filesfd < 0) {
                        filesfd = openat(setfd, FILES_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (filesfd < 0) {
                                r = negative_errno();
                                error_set("'%s/" FILES_DIR "': cannot open the backup copies: %s; nothing restored",
                                          setpath, strerror(-r));
                                return r == -ENOENT || r == -ELOOP || r == -ENOTDIR ? -EBADMSG : r;
                        }
                }
                if (f->regenerated) {
                        r = rollback_verify_stream(filesfd, setpath, f, it);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = read_file_at(filesfd, f->backup, GUEST_FILE_MAX, &it->backup, &it->backup_size);
                if (r < 0) {
                        error_set("'%s/" FILES_DIR "/%s': cannot read the backup copy of '%s': %s; nothing restored",
                                  setpath, f->backup, f->path, r == -EBADMSG ? "not a regular file" : strerror(-r));
                        return r == -ENOENT || r == -ELOOP ? -EBADMSG : r;
                }
                sha256_hex(it->backup, it->backup_size, sha);
                if (it->backup_size != f->size || !streq(sha, f->sha256)) {
                        error_set("'%s/" FILES_DIR "/%s': the backup copy of '%s' is corrupt "
                                  "(checksum mismatch); nothing restored",
                                  setpath, f->backup, f->path);
                        return -EBADMSG;
                }
        }
        return 0;
}

/*
 * A node apply made: removed only while it is still a node of the same type
 * and rdev. Never opened (that would open the device).
 */
static int rollback_assess_node(struct rollback_item *it)
{
        const struct manifest_file *f = it->mf;
        mode_t mode = f->node_type | f->meta.mode;
        struct stat st;
        int r;

        if (f->temp && fstatat(it->dirfd, f->temp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            node_matches(&st, mode, f->node_rdev))
                it->temp_exists = true;
        if (fstatat(it->dirfd, it->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                r = negative_errno();
                if (r == -ENOENT) {
                        it->op = ROLLBACK_UNCHANGED;
                        return 0;
                }
                error_set("'%s': cannot stat: %s; nothing restored", f->path, strerror(-r));
                return r;
        }
        it->exists = true;
        it->op = node_matches(&st, mode, f->node_rdev) ? ROLLBACK_REMOVE : ROLLBACK_LEAVE;
        return 0;
}

/* Look at one file as it is now and decide what to do; writes nothing. */
static int rollback_assess(const struct guest_root *g, struct rollback_item *it)
{
        const struct manifest_file *f = it->mf;
        _cleanup_close_ int fd = -1;
        char sha[SHA256_HEX_SIZE] = "";
        struct stat st;
        bool meta_same = false;
        int r;

        error_clear(); /* keep guest_open_parent()'s own reason, if it gives one */
        r = guest_open_parent(g, f->path, &it->dirfd, &it->name);
        if (r == -ENOENT && !action_had_file(f->action)) {
                it->dirfd = -1;
                it->op = ROLLBACK_UNCHANGED;
                return 0;
        }
        if (r < 0) {
                error_set_if_unset("'%s': cannot open its directory: %s; nothing restored", f->path, strerror(-r));
                return r;
        }
        if (f->action == CHANGE_MKNOD)
                return rollback_assess_node(it);

        fd = openat(it->dirfd, it->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
                r = negative_errno();
                if (r == -ELOOP) {
                        error_set("'%s': is a symlink now; not replacing it, nothing restored", f->path);
                        return r;
                }
                if (r != -ENOENT) {
                        error_set("'%s': cannot open: %s; nothing restored", f->path, strerror(-r));
                        return r;
                }
        } else {
                if (fstat(fd, &st) < 0)
                        return negative_errno();
                if (!S_ISREG(st.st_mode)) {
                        error_set("'%s': is not a regular file any more; nothing restored", f->path);
                        return -EINVAL;
                }
                if (f->regenerated) {
                        uint64_t size;
                        bool src_failed;

                        r = copy_stream(fd, -1, sha, &size, &src_failed);
                        if (r >= 0 && size != f->size)
                                sha[0] = '\0'; /* differs, whatever its hash */
                } else {
                        r = fd_read_all(fd, 0, GUEST_FILE_MAX, &it->cur, &it->cur_size);
                        if (r >= 0)
                                sha256_hex(it->cur, it->cur_size, sha);
                }
                if (r < 0) {
                        error_set("'%s': cannot read: %s; nothing restored", f->path, strerror(-r));
                        return r;
                }
                it->exists = true;
                meta_same = (st.st_mode & 07777) == f->meta.mode && st.st_uid == f->meta.uid &&
                            st.st_gid == f->meta.gid;
        }
        if (f->temp && fstatat(it->dirfd, f->temp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
                it->temp_exists = true;

        if (f->action == CHANGE_CREATE) {
                if (!it->exists)
                        it->op = ROLLBACK_UNCHANGED;
                else if (streq(sha, f->new_sha256))
                        it->op = ROLLBACK_REMOVE;
                else
                        it->op = ROLLBACK_LEAVE;
        } else if (!it->exists)
                it->op = ROLLBACK_RESTORE;
        else if (streq(sha, f->sha256))
                it->op = meta_same ? ROLLBACK_UNCHANGED : ROLLBACK_RESTORE;
        else {
                it->op = ROLLBACK_RESTORE;
                /*
                 * Neither the original nor what apply wrote: somebody edited it
                 * since. A regenerated file (an initrd) is the command's output,
                 * made again at will: no copy of it is kept.
                 */
                it->keep_modified = !f->regenerated && !(f->has_new_sha256 && streq(sha, f->new_sha256));
        }
        return 0;
}

/* Keep a copy of a file modified after apply as NAME.domufix-modified (mode 0600, never replaced). */
static int rollback_keep_modified(struct rollback_item *it, char **ret_path)
{
        _cleanup_free_ char *dir = NULL;
        int r = -EEXIST;

        dir = path_dirname(it->mf->path);
        if (!dir)
                return -ENOMEM;
        for (unsigned k = 0; k < NAME_ATTEMPTS && r == -EEXIST; k++) {
                _cleanup_free_ char *copy = NULL;
                int n = k == 0 ? asprintf(&copy, "%s" MODIFIED_SUFFIX, it->name)
                               : asprintf(&copy, "%s" MODIFIED_SUFFIX ".%u", it->name, k);

                if (n < 0)
                        return -ENOMEM;
                r = file_write_new(it->dirfd, copy, it->cur, it->cur_size);
                if (r >= 0 && asprintf(ret_path, "%s%s%s", dir, streq(dir, "/") ? "" : "/", copy) < 0) {
                        (void)unlinkat(it->dirfd, copy, 0);
                        return -ENOMEM;
                }
        }
        if (r < 0)
                error_set("'%s': cannot keep a copy of the modified file: %s", it->mf->path, strerror(-r));
        return r;
}

static int rollback_act(struct rollback_item *it, struct rollback_report *rep, bool *wrote)
{
        const struct manifest_file *f = it->mf;
        _cleanup_free_ char *tmp = NULL, *kept = NULL;
        int r;

        if (it->temp_exists) {
                /* A temp left by an apply that stopped before its rename. */
                if (unlinkat(it->dirfd, f->temp, 0) < 0 && errno != ENOENT) {
                        r = negative_errno();
                        error_set("'%s': cannot remove the leftover temp file '%s': %s", f->path, f->temp,
                                  strerror(-r));
                        return r;
                }
                *wrote = true;
        }

        switch (it->op) {
        case ROLLBACK_UNCHANGED:
                return strv_push(&rep->unchanged, f->path);
        case ROLLBACK_LEAVE:
                if (f->action == CHANGE_MKNOD)
                        return strv_pushf(&rep->warnings,
                                          "'%s' is no longer the %s %u:%u apply made; left in place", f->path,
                                          node_kind(f->node_type), major(f->node_rdev), minor(f->node_rdev));
                return strv_pushf(&rep->warnings,
                                  "'%s' was created by apply and modified since; left in place", f->path);
        case ROLLBACK_REMOVE:
                if (unlinkat(it->dirfd, it->name, 0) < 0) {
                        r = negative_errno();
                        error_set("'%s': cannot remove: %s", f->path, strerror(-r));
                        return r;
                }
                *wrote = true;
                return strv_push(&rep->removed, f->path);
        case ROLLBACK_RESTORE:
                break;
        }

        if (it->keep_modified) {
                r = rollback_keep_modified(it, &kept);
                if (r < 0)
                        return r;
                *wrote = true;
        }
        if (f->regenerated)
                r = temp_write_stream(it->dirfd, it->name, f->path, it->backup_fd, f->sha256, &f->meta, &f->xattrs,
                                      &tmp);
        else
                r = temp_write(it->dirfd, it->name, f->path, it->backup, it->backup_size, &f->meta, &f->xattrs,
                               &tmp);
        if (r < 0)
                return r;
        *wrote = true;
        if (renameat(it->dirfd, tmp, it->dirfd, it->name) < 0) {
                r = negative_errno();
                (void)unlinkat(it->dirfd, tmp, 0);
                error_set("'%s': cannot restore: %s", f->path, strerror(-r));
                return r;
        }
        r = strv_push(&rep->restored, f->path);
        if (r < 0)
                return r;
        if (kept)
                return strv_pushf(&rep->warnings,
                                  "'%s' was modified after apply; restored the backup anyway "
                                  "(the modified copy is kept as '%s')",
                                  f->path, kept);
        return 0;
}

int backup_rollback(const struct guest_root *g, const char *id, struct rollback_report *ret)
{
        _cleanup_(rollback_report_done) struct rollback_report rep = {0};
        _cleanup_(manifest_array_done) struct manifest_array all = {0};
        _cleanup_(manifest_done) struct manifest one = {0};
        _cleanup_(rollback_batch_done) struct rollback_batch b = {0};
        _cleanup_free_ char *bdir = NULL, *setpath = NULL;
        _cleanup_close_ int lockfd = -1, backupsfd = -1, setfd = -1, jfd = -1;
        const struct manifest *m;
        bool wrote = false;
        int r;

        if (!g || !ret)
                return -EINVAL;
        if (id && !backup_id_valid(id)) {
                error_set("'%s': not a backup set id (YYYYMMDD-HHMMSS-xxxx)", id);
                return -EINVAL;
        }
        r = root_lock(g, &lockfd);
        if (r < 0)
                return r;
        r = backup_dir_open(g, &bdir, &backupsfd);
        if (r == -ENOENT) {
                error_set("'%s': no backup sets in this guest", BACKUP_DIR);
                return r;
        }
        if (r < 0)
                return r;

        if (id) {
                r = manifest_load(backupsfd, bdir, id, &one);
                if (r == -ENOENT) {
                        error_set("'%s/%s': no such backup set", bdir, id);
                        return r;
                }
                if (r < 0)
                        return r;
                m = &one;
        } else {
                /* The newest set, whatever its state: a second rollback must not reach an older one. */
                r = manifests_load_all(backupsfd, bdir, &all);
                if (r < 0)
                        return r;
                if (all.n == 0) {
                        error_set("'%s': no backup sets in this guest", bdir);
                        return -ENOENT;
                }
                m = &all.v[all.n - 1];
        }
        if (asprintf(&setpath, "%s/%s", bdir, m->id) < 0) {
                setpath = NULL;
                return -ENOMEM;
        }
        setfd = openat(backupsfd, m->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (setfd < 0) {
                r = negative_errno();
                error_set("'%s': cannot open the backup set: %s", setpath, strerror(-r));
                return r;
        }

        b.v = calloc(m->n_files, sizeof(*b.v));
        if (!b.v)
                return -ENOMEM;
        for (size_t i = 0; i < m->n_files; i++)
                b.v[b.n++] = (struct rollback_item){.mf = &m->files[i], .dirfd = -1, .backup_fd = -1};

        /* Everything is checked before the first write. */
        r = rollback_verify(setfd, setpath, m, &b);
        if (r < 0)
                return r;
        for (size_t i = 0; i < b.n; i++) {
                r = rollback_assess(g, &b.v[i]);
                if (r < 0)
                        return r;
        }

        rep.id = strdup(m->id);
        if (!rep.id)
                return -ENOMEM;
        for (size_t i = 0; i < b.n; i++) {
                r = rollback_act(&b.v[i], &rep, &wrote);
                if (r < 0)
                        return r;
        }
        if (wrote)
                for (size_t i = 0; i < b.n; i++)
                        if (b.v[i].dirfd >= 0 && (r = dir_fsync(b.v[i].dirfd)) < 0) {
                                error_set("'%s': cannot flush its directory: %s", b.v[i].mf->path, strerror(-r));
                                return r;
                        }
        if (wrote || m->state != BACKUP_ROLLED_BACK) {
                jfd = openat(setfd, JOURNAL_NAME, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
                r = jfd < 0 ? negative_errno() : journal_append(jfd, "rolledback");
                if (r < 0) {
                        error_set("'%s/" JOURNAL_NAME "': cannot write: %s; the files were restored", setpath,
                                  strerror(-r));
                        return r;
                }
        }
        *ret = rep;
        rep = (struct rollback_report){0};
        return 0;
}
