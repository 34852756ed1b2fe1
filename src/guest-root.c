/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest path resolution.
 *
 * The root is opened once with open(2), which follows a symlink given as the
 * root itself and resolves a relative path against the current directory at
 * that moment; from then on only the pinned fd is used, so renaming or
 * retargeting the path later changes nothing.
 *
 * Two mechanisms, chosen once when the root is opened:
 *
 *  - openat2(2) (raw syscall, glibc has no wrapper) with RESOLVE_IN_ROOT |
 *    RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS. RESOLVE_NO_XDEV is not used:
 *    a guest has /boot and other filesystems mounted below its root.
 *  - where openat2 is missing (ENOSYS, or refused by a seccomp filter), a
 *    walker that opens one component at a time with openat(O_PATH|O_NOFOLLOW)
 *    relative to the directory fd it holds, and fstat()s each step.
 *
 * guest_resolve() never lets the kernel follow a symlink. It does what
 * systemd's chase() does: it keeps a canonical prefix (a path with no
 * symlinks, "" for the root) and the components still to walk. "." is
 * skipped; ".." drops the last component of the prefix, which is exact since
 * the prefix contains no symlinks, and clamps at the root. Each component is
 * opened O_PATH|O_NOFOLLOW below the prefix; when it is a symlink its target
 * (read with readlinkat(fd, "")) replaces it at the front of the remaining
 * components, and an absolute target also empties the prefix, so absolute
 * links mean what they mean inside the guest. Hops are counted (ELOOP past
 * GUEST_SYMLINK_MAX), and the prefix and the queue are bounded by PATH_MAX.
 *
 * The result is a canonical path that is then opened with guest_open_canonical(),
 * again with no symlink allowed anywhere: if a directory is replaced by a
 * symlink between resolution and use, the open fails with ELOOP instead of
 * following it out of the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fd-util.h"
#include "guest-root.h"
#include "log.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#define GUEST_RESOLVE_FLAGS (RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

struct guest_root {
        int fd;              /* the pinned root directory */
        char *path;          /* as given, for messages */
        bool is_host;        /* same inode as "/" */
        bool have_openat2;   /* probed when the root was opened */
        bool force_fallback; /* tests: use the walker anyway */
};

/* openat2() wrapper: returns the fd or -errno. */
static int sys_openat2(int dirfd, const char *path, int flags, mode_t mode, uint64_t resolve)
{
        struct open_how how = {
                .flags = (uint64_t)(unsigned)flags,
                .mode = mode,
                .resolve = resolve,
        };

        /* RESOLVE_IN_ROOT may give EAGAIN when a rename races with the lookup; retry a few times. */
        for (unsigned tries = 0;; tries++) {
                long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

                if (fd >= 0)
                        return (int)fd;
                if (errno != EAGAIN || tries >= 8)
                        return negative_errno();
        }
}

static bool creates(int flags)
{
        return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

int guest_root_open(const char *path, struct guest_root **ret)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        struct stat st, host_st;
        int fd, r;

        if (!path || !*path)
                return -EINVAL;

        g = calloc(1, sizeof(*g));
        if (!g)
                return -ENOMEM;
        g->fd = -1;
        g->path = strdup(path);
        if (!g->path)
                return -ENOMEM;

        g->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (g->fd < 0) {
                r = negative_errno();
                if (r == -ENOTDIR)
                        error_set("'%s': the guest root is not a directory", path);
                else
                        error_set("'%s': cannot open the guest root: %s", path, strerror(-r));
                return r;
        }
        if (fstat(g->fd, &st) < 0 || stat("/", &host_st) < 0) {
                r = negative_errno();
                error_set("'%s': cannot stat the guest root: %s", path, strerror(-r));
                return r;
        }
        g->is_host = st.st_dev == host_st.st_dev && st.st_ino == host_st.st_ino;

        /*
         * Probe openat2 once. Any failure here (ENOSYS on old kernels, EPERM
         * from a container's seccomp filter, EINVAL for unknown resolve flags)
         * selects the walker, which is just as safe, only slower.
         */
        fd = sys_openat2(g->fd, ".", O_PATH | O_CLOEXEC, 0, GUEST_RESOLVE_FLAGS);
        if (fd >= 0) {
                close(fd);
                g->have_openat2 = true;
        }

        *ret = TAKE_PTR(g);
        return 0;
}

struct guest_root *guest_root_free(struct guest_root *g)
{
        if (!g)
                return NULL;
        if (g->fd >= 0)
                close(g->fd);
        free(g->path);
        free(g);
        return NULL;
}

const char *guest_root_path(const struct guest_root *g)
{
        return g->path;
}

int guest_root_fd(const struct guest_root *g)
{
        return g->fd;
}

bool guest_root_is_host(const struct guest_root *g)
{
        return g->is_host;
}

void guest_root_force_fallback(struct guest_root *g, bool on)
{
        g->force_fallback = on;
}

bool guest_root_uses_openat2(const struct guest_root *g)
{
        return g->have_openat2 && !g->force_fallback;
}

/* Fallback walker: an O_PATH fd for the root directory itself. */
static int open_root_path(const struct guest_root *g)
{
        int fd = openat(g->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

        return fd >= 0 ? fd : negative_errno();
}

/* Split the next component off *p (skipping slashes); returns its length, 0 at the end. */
static size_t next_component(const char **p)
{
        *p += strspn(*p, "/");
        return strcspn(*p, "/");
}

/* Whether only slashes are left. */
static bool at_end(const char *p)
{
        return p[strspn(p, "/")] == '\0';
}

static bool is_dot(const char *s, size_t n)
{
        return n == 1 && s[0] == '.';
}

static bool is_dotdot(const char *s, size_t n)
{
        return n == 2 && s[0] == '.' && s[1] == '.';
}

/*
 * Fallback walker: open the directory named by a canonical path as an O_PATH
 * fd, one component at a time, refusing symlinks (-ELOOP) and non-directories
 * (-ENOTDIR). Returns the fd or -errno. A trailing "." names the directory
 * itself and is harmless; ".." never gets here (callers refuse it).
 */
static int walk_dir(const struct guest_root *g, const char *path)
{
        _cleanup_close_ int cur = -1;
        const char *p = path;
        size_t n;

        cur = open_root_path(g);
        if (cur < 0)
                return cur;

        while ((n = next_component(&p)) > 0) {
                char name[NAME_MAX + 1];
                struct stat st;
                int fd;

                if (n > NAME_MAX)
                        return -ENAMETOOLONG;
                memcpy(name, p, n);
                name[n] = '\0';
                p += n;

                fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return negative_errno();
                closep(&cur);
                cur = fd;
                if (fstat(cur, &st) < 0)
                        return negative_errno();
                if (S_ISLNK(st.st_mode))
                        return -ELOOP;
                if (!S_ISDIR(st.st_mode))
                        return -ENOTDIR;
        }
        return TAKE_FD(cur);
}

/*
 * One resolution step: open the last component of the canonical path
 * done[0..len) as O_PATH|O_NOFOLLOW (a symlink is opened as itself). With
 * openat2 the whole prefix is looked up again from the root with no symlink
 * allowed; with the walker, the name is opened below the held directory fd.
 */
static int open_step(const struct guest_root *g, int dirfd, const char *done, const char *name)
{
        int fd;

        if (guest_root_uses_openat2(g))
                return sys_openat2(g->fd, done, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0, GUEST_RESOLVE_FLAGS);

        fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        return fd >= 0 ? fd : negative_errno();
}

int guest_resolve(const struct guest_root *g, const char *path, char **ret_canonical, bool *ret_exists)
{
        char todo[PATH_MAX], done[PATH_MAX], target[PATH_MAX];
        _cleanup_free_ char *final_target = NULL;
        _cleanup_close_ int cur = -1;
        size_t pos = 0, done_len = 0, len;
        unsigned hops = 0;
        bool exists = true, walker = !guest_root_uses_openat2(g);
        char *canonical;

        if (!path || !*path)
                return -EINVAL;
        len = strlen(path);
        if (len >= sizeof(todo)) {
                error_set("'%.64s...': path too long", path);
                return -ENAMETOOLONG;
        }
        memcpy(todo, path, len + 1);
        done[0] = '\0';

        if (walker) {
                cur = open_root_path(g);
                if (cur < 0)
                        return cur;
        }

        for (;;) {
                _cleanup_close_ int fd = -1;
                size_t saved_len = done_len, n, rest_len;
                const char *comp = todo + pos;
                struct stat st;
                ssize_t k;
                bool last;

                n = next_component(&comp);
                if (n == 0)
                        break;
                pos = (size_t)(comp - todo) + n;
                last = at_end(todo + pos);

                if (is_dot(comp, n))
                        continue;
                if (is_dotdot(comp, n)) {
                        /* The prefix has no symlinks, so its parent is just one component less. */
                        char *slash = strrchr(done, '/');

                        if (slash) {
                                *slash = '\0';
                                done_len = (size_t)(slash - done);
                        }
                        if (walker) {
                                int dfd = walk_dir(g, done);

                                if (dfd < 0) {
                                        error_set("'%s': cannot open '%s': %s", path, done_len ? done : "/",
                                                  strerror(-dfd));
                                        return dfd;
                                }
                                closep(&cur);
                                cur = dfd;
                        }
                        continue;
                }

                if (done_len + 1 + n >= sizeof(done)) {
                        error_set("'%s': path too long", path);
                        return -ENAMETOOLONG;
                }
                done[done_len] = '/';
                memcpy(done + done_len + 1, comp, n);
                done_len += 1 + n;
                done[done_len] = '\0';

                fd = open_step(g, cur, done, done + saved_len + 1);
                if (fd == -ENOENT) {
                        if (final_target) {
                                error_set("'%s': dangling symlink to '%s'", path, final_target);
                                return -ENOENT;
                        }
                        if (!last)
                                return -ENOENT; /* a directory on the way is missing */
                        exists = false;
                        break;
                }
                if (fd < 0) {
                        if (fd == -ENAMETOOLONG)
                                error_set("'%s': file name too long", path);
                        else
                                error_set("'%s': cannot open '%s': %s", path, done, strerror(-fd));
                        return fd;
                }
                if (fstat(fd, &st) < 0) {
                        int r = negative_errno();

                        error_set("'%s': cannot stat '%s': %s", path, done, strerror(-r));
                        return r;
                }

                if (S_ISDIR(st.st_mode)) {
                        if (walker) {
                                closep(&cur);
                                cur = TAKE_FD(fd);
                        }
                        continue;
                }
                if (!S_ISLNK(st.st_mode)) {
                        if (!last) {
                                error_set("'%s': '%s' is not a directory", path, done);
                                return -ENOTDIR;
                        }
                        break;
                }

                /* A symlink: splice its target in front of what is left. */
                if (++hops > GUEST_SYMLINK_MAX) {
                        error_set("'%s': too many levels of symbolic links", path);
                        return -ELOOP;
                }
                k = readlinkat(fd, "", target, sizeof(target));
                if (k < 0) {
                        int r = negative_errno();

                        error_set("'%s': cannot read symlink '%s': %s", path, done, strerror(-r));
                        return r;
                }
                if ((size_t)k >= sizeof(target)) {
                        error_set("'%s': symlink '%s' has a target that is too long", path, done);
                        return -ENAMETOOLONG;
                }
                target[k] = '\0';
                if (k == 0) {
                        error_set("'%s': '%s' is an empty symlink", path, done);
                        return -ENOENT;
                }
                if (last) {
                        /* Everything walked from now on is this link's target. */
                        free(final_target);
                        final_target = strdup(target);
                        if (!final_target)
                                return -ENOMEM;
                }

                rest_len = strlen(todo + pos);
                if ((size_t)k + 1 + rest_len >= sizeof(todo)) {
                        error_set("'%s': path too long after following symlinks", path);
                        return -ENAMETOOLONG;
                }
                memmove(todo + k + 1, todo + pos, rest_len + 1);
                memcpy(todo, target, (size_t)k);
                todo[k] = '/';
                pos = 0;

                done_len = saved_len;
                done[done_len] = '\0';
                if (target[0] == '/') {
                        /* Absolute: relative to the guest root, never the host's. */
                        done_len = 0;
                        done[0] = '\0';
                        if (walker) {
                                int dfd = open_root_path(g);

                                if (dfd < 0)
                                        return dfd;
                                closep(&cur);
                                cur = dfd;
                        }
                }
        }

        canonical = strdup(done_len ? done : "/");
        if (!canonical)
                return -ENOMEM;
        *ret_canonical = canonical;
        if (ret_exists)
                *ret_exists = exists;
        return 0;
}

/* Check that a canonical path is absolute, bounded and has no ".." component. */
static int check_canonical(const char *canonical)
{
        const char *p;
        size_t n;

        if (!canonical || canonical[0] != '/')
                return -EINVAL;
        if (strlen(canonical) >= PATH_MAX)
                return -ENAMETOOLONG;
        for (p = canonical; (n = next_component(&p)) > 0; p += n)
                if (is_dotdot(p, n))
                        return -EINVAL;
        return 0;
}

/* Fallback for guest_open_canonical(): walk the parent, then open the last name with O_NOFOLLOW. */
static int walk_open(const struct guest_root *g, const char *canonical, int flags, mode_t mode)
{
        _cleanup_free_ char *parent = NULL;
        _cleanup_close_ int dirfd = -1;
        const char *p = canonical, *last = NULL;
        char name[NAME_MAX + 1];
        size_t n, last_len = 0;
        int fd;

        for (; (n = next_component(&p)) > 0; p += n) {
                last = p;
                last_len = n;
        }
        if (!last) {
                /* The root itself. */
                fd = openat(g->fd, ".", flags);
                return fd >= 0 ? fd : negative_errno();
        }

        parent = strndup(canonical, (size_t)(last - canonical));
        if (!parent)
                return -ENOMEM;
        dirfd = walk_dir(g, parent);
        if (dirfd < 0)
                return dirfd;

        if (last_len > NAME_MAX)
                return -ENAMETOOLONG;
        memcpy(name, last, last_len);
        name[last_len] = '\0';

        fd = openat(dirfd, name, flags | O_NOFOLLOW, mode);
        if (fd < 0) {
                int r = negative_errno();
                struct stat st;

                /* O_DIRECTORY|O_NOFOLLOW on a symlink gives ENOTDIR; report it as openat2 does. */
                if (r == -ENOTDIR && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                        r = -ELOOP;
                return r;
        }

        if ((flags & O_PATH) && !(flags & O_NOFOLLOW)) {
                /* O_PATH|O_NOFOLLOW opens a symlink as itself; openat2 mode refuses it, so do we. */
                struct stat st;
                int r = fstat(fd, &st) < 0 ? negative_errno() : S_ISLNK(st.st_mode) ? -ELOOP : 0;

                if (r < 0) {
                        close(fd);
                        return r;
                }
        }
        return fd;
}

int guest_open_canonical(const struct guest_root *g, const char *canonical, int flags, mode_t mode, int *ret_fd)
{
        int fd, r;

        r = check_canonical(canonical);
        if (r < 0) {
                error_set("'%s': not a canonical guest path", canonical ? canonical : "(null)");
                return r;
        }
        if (!creates(flags))
                mode = 0; /* openat2 refuses a mode without O_CREAT/O_TMPFILE */

        if (guest_root_uses_openat2(g))
                fd = sys_openat2(g->fd, canonical, flags | O_CLOEXEC, mode, GUEST_RESOLVE_FLAGS);
        else
                fd = walk_open(g, canonical, flags | O_CLOEXEC, mode);

        if (fd < 0) {
                if (fd == -ELOOP)
                        error_set("'%s': a symbolic link is in the way (did the guest tree change "
                                  "while domufix ran?)", canonical);
                else if (fd != -ENOENT && fd != -EEXIST)
                        error_set("'%s': cannot open: %s", canonical, strerror(-fd));
                return fd;
        }
        *ret_fd = fd;
        return 0;
}

int guest_open_parent(const struct guest_root *g, const char *canonical, int *ret_dirfd, const char **ret_name)
{
        _cleanup_free_ char *parent = NULL;
        const char *slash, *name;
        int fd, r;

        r = check_canonical(canonical);
        if (r < 0)
                return r;
        slash = strrchr(canonical, '/');
        name = slash + 1;
        if (!*name || streq(name, "."))
                return -EINVAL; /* "/", a trailing slash or "/." name no file */

        parent = strndup(canonical, slash == canonical ? 1 : (size_t)(slash - canonical));
        if (!parent)
                return -ENOMEM;
        r = guest_open_canonical(g, parent, O_RDONLY | O_DIRECTORY, 0, &fd);
        if (r < 0)
                return r;
        *ret_dirfd = fd;
        *ret_name = name;
        return 0;
}

/*
 * Always a walk with held directory fds, whatever the mode: mkdirat() does not
 * follow a symlink in the last component (it gives EEXIST), and each component
 * is then opened O_PATH|O_NOFOLLOW below the previous one and checked.
 */
int guest_mkdir_p(const struct guest_root *g, const char *canonical_dir, mode_t mode, int *ret_dirfd)
{
        _cleanup_close_ int cur = -1;
        const char *p;
        size_t n;
        int fd, r;

        r = check_canonical(canonical_dir);
        if (r < 0) {
                error_set("'%s': not a canonical guest path", canonical_dir ? canonical_dir : "(null)");
                return r;
        }
        cur = open_root_path(g);
        if (cur < 0)
                return cur;

        for (p = canonical_dir; (n = next_component(&p)) > 0; p += n) {
                char name[NAME_MAX + 1];
                int mkdir_r = 0;
                struct stat st;

                if (is_dot(p, n))
                        continue;
                if (n > NAME_MAX) {
                        error_set("'%s': file name too long", canonical_dir);
                        return -ENAMETOOLONG;
                }
                memcpy(name, p, n);
                name[n] = '\0';

                if (mkdirat(cur, name, mode) < 0 && errno != EEXIST)
                        mkdir_r = negative_errno(); /* maybe it exists anyway (read-only fs) */

                fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0) {
                        r = mkdir_r < 0 ? mkdir_r : negative_errno();
                        error_set("'%.*s': cannot create directory: %s", (int)(p + n - canonical_dir),
                                  canonical_dir, strerror(-r));
                        return r;
                }
                closep(&cur);
                cur = fd;
                if (fstat(cur, &st) < 0)
                        return negative_errno();
                if (S_ISLNK(st.st_mode)) {
                        error_set("'%.*s': is a symbolic link, refusing to create directories through it",
                                  (int)(p + n - canonical_dir), canonical_dir);
                        return -ELOOP;
                }
                if (!S_ISDIR(st.st_mode)) {
                        error_set("'%.*s': exists and is not a directory", (int)(p + n - canonical_dir),
                                  canonical_dir);
                        return -ENOTDIR;
                }
        }

        fd = openat(cur, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
                r = negative_errno();
                error_set("'%s': cannot open directory: %s", canonical_dir, strerror(-r));
                return r;
        }
        *ret_dirfd = fd;
        return 0;
}

struct guest_file *guest_file_free(struct guest_file *f)
{
        if (!f)
                return NULL;
        free(f->path);
        free(f->via);
        free(f->data);
        free(f);
        return NULL;
}

const char *guest_file_type_name(mode_t m)
{
        if (S_ISDIR(m))
                return "a directory";
        if (S_ISFIFO(m))
                return "a FIFO";
        if (S_ISSOCK(m))
                return "a socket";
        if (S_ISCHR(m))
                return "a character device";
        if (S_ISBLK(m))
                return "a block device";
        if (S_ISLNK(m))
                return "a symbolic link";
        return "not a regular file";
}

/* Refuse anything but a regular file: -EISDIR for a directory, -ELOOP for a symlink, else -EBADFD. */
static int check_regular(const char *path, const struct stat *st)
{
        if (S_ISREG(st->st_mode))
                return 0;
        error_set("'%s': is %s, refusing to read it", path, guest_file_type_name(st->st_mode));
        return S_ISDIR(st->st_mode) ? -EISDIR : S_ISLNK(st->st_mode) ? -ELOOP : -EBADFD;
}

static void error_set_too_big(const char *path, size_t max)
{
        if (max % (1024 * 1024) == 0)
                error_set("'%s': larger than %zu MiB", path, max / (1024 * 1024));
        else
                error_set("'%s': larger than %zu bytes", path, max);
}

/* Read to EOF (the fstat size is only a hint); errors are recorded for path. */
static int read_all(int fd, const char *path, size_t hint, size_t max, char **ret, size_t *ret_size)
{
        int r = fd_read_all(fd, hint, max, ret, ret_size);

        if (r == -EFBIG)
                error_set_too_big(path, max);
        else if (r < 0 && r != -ENOMEM)
                error_set("'%s': read failed: %s", path, strerror(-r));
        return r;
}

/* The requested path as the user would write it: absolute, no "//", no "." and no trailing "/". */
static int normalize_request(const char *path, char **ret)
{
        _cleanup_free_ char *s = NULL;
        const char *p = path;
        size_t n, len = 0;

        s = malloc(strlen(path) + 2);
        if (!s)
                return -ENOMEM;
        for (; (n = next_component(&p)) > 0; p += n) {
                if (is_dot(p, n))
                        continue;
                s[len++] = '/';
                memcpy(s + len, p, n);
                len += n;
        }
        if (len == 0)
                s[len++] = '/';
        s[len] = '\0';
        *ret = TAKE_PTR(s);
        return 0;
}

int guest_file_open(const struct guest_root *g, const char *path, char **ret_canonical, int *ret_fd,
                    struct stat *ret_st)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int pfd = -1, fd = -1;
        struct stat pst, st;
        bool exists;
        int r;

        r = guest_resolve(g, path, &canonical, &exists);
        if (r < 0)
                return r;
        if (!exists)
                return -ENOENT;

        /*
         * Look at the type before opening for reading: opening a device node
         * can have side effects (a tape rewinds, a tty becomes ours), and
         * opening a socket fails with ENXIO and no useful reason.
         */
        r = guest_open_canonical(g, canonical, O_PATH, 0, &pfd);
        if (r < 0)
                return r;
        if (fstat(pfd, &pst) < 0)
                return negative_errno();
        r = check_regular(canonical, &pst);
        if (r < 0)
                return r;

        /* O_NONBLOCK: should a FIFO be swapped in meanwhile, the open still returns at once. */
        r = guest_open_canonical(g, canonical, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, &fd);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        r = check_regular(canonical, &st);
        if (r < 0)
                return r;
        if (st.st_dev != pst.st_dev || st.st_ino != pst.st_ino) {
                error_set("'%s': replaced while being opened", canonical);
                return -ESTALE;
        }
        *ret_canonical = TAKE_PTR(canonical);
        *ret_fd = TAKE_FD(fd);
        *ret_st = st;
        return 0;
}

static int file_read(const struct guest_root *g, const char *path, size_t max, bool text,
                     struct guest_file **ret)
{
        _cleanup_(guest_file_freep) struct guest_file *f = NULL;
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        if (max == 0 || max >= SIZE_MAX - 1)
                return -EINVAL;

        f = calloc(1, sizeof(*f));
        if (!f)
                return -ENOMEM;

        r = guest_file_open(g, path, &canonical, &fd, &f->st);
        if (r < 0)
                return r;
        if (text && f->st.st_nlink > 1) {
                error_set("'%s': has %ju hard links; replacing it would split them (break the link first)",
                          canonical, (uintmax_t)f->st.st_nlink);
                return -EMLINK;
        }
        if ((uintmax_t)f->st.st_size > max) {
                error_set_too_big(canonical, max);
                return -EFBIG;
        }

        r = read_all(fd, canonical, (size_t)f->st.st_size, max, &f->data, &f->size);
        if (r < 0)
                return r;
        if (text) {
                const char *nul = memchr(f->data, '\0', f->size);

                if (nul) {
                        error_set("'%s': contains a NUL byte at offset %zu", canonical,
                                  (size_t)(nul - f->data));
                        return -EBADMSG;
                }
        }

        r = normalize_request(path, &f->via);
        if (r < 0)
                return r;
        if (streq(f->via, canonical)) {
                free(f->via);
                f->via = NULL;
        }
        f->path = TAKE_PTR(canonical);
        *ret = TAKE_PTR(f);
        return 0;
}

int guest_file_read(const struct guest_root *g, const char *path, struct guest_file **ret)
{
        return file_read(g, path, GUEST_FILE_MAX, true, ret);
}

int guest_file_read_binary(const struct guest_root *g, const char *path, size_t max, struct guest_file **ret)
{
        return file_read(g, path, max, false, ret);
}
