/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The guest root: the safety boundary.
 *
 * The root directory is opened once and pinned as a dirfd. Every guest path
 * ("/etc/fstab", "/boot/grub/menu.lst") is resolved inside it with the guest's
 * meaning: absolute symlinks are relative to the guest root, ".." clamps at
 * the root, and nothing outside it is ever opened. Resolution is done with
 * openat2(RESOLVE_IN_ROOT) where the kernel has it, and by a component-by-
 * component walk (openat O_NOFOLLOW on pinned directory fds) where openat2
 * returns ENOSYS.
 *
 * All functions return 0 or -errno; on refusal they record the reason with
 * error_set() naming the guest path.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "macro.h"

/* Files larger than this are refused. */
#define GUEST_FILE_MAX (16u * 1024u * 1024u)
/* Symlinks followed in one resolution before ELOOP. */
#define GUEST_SYMLINK_MAX 40

struct guest_root;

/*
 * Open a root directory. A relative path is taken from the current directory
 * and a symlink is followed, once, by open(2); the directory fd is then
 * pinned, so later changes to the path or the link do not matter. Also
 * probes openat2 (any failure selects the fallback walker).
 */
int guest_root_open(const char *path, struct guest_root **ret);
struct guest_root *guest_root_free(struct guest_root *g);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct guest_root *, guest_root_free);

/* The root as given on the command line, for messages. */
const char *guest_root_path(const struct guest_root *g);
/* The pinned directory fd (O_RDONLY|O_DIRECTORY), owned by g. */
int guest_root_fd(const struct guest_root *g);
/* Whether the root is the running system ("/"). */
bool guest_root_is_host(const struct guest_root *g);

/* Tests only: force the component-walking resolver even when openat2 exists. */
void guest_root_force_fallback(struct guest_root *g, bool on);
bool guest_root_uses_openat2(const struct guest_root *g);

/*
 * Resolve a guest path, following symlinks inside the root, to its canonical
 * absolute guest path (no symlinks, no "." or ".."). A relative path is taken
 * from the guest's "/"; ".." clamps at the root and is applied after the
 * symlinks before it (as the kernel does). The last component need not exist
 * (-ENOENT is returned, without a message, only when a directory on the way
 * is missing); *ret_exists (may be NULL) says whether it does. Symlink loops
 * and chains over GUEST_SYMLINK_MAX give -ELOOP; a non-directory on the way
 * -ENOTDIR; a final symlink whose target is missing -ENOENT with a "dangling
 * symlink" message (callers must not create a file in its place); paths over
 * PATH_MAX -ENAMETOOLONG.
 */
int guest_resolve(const struct guest_root *g, const char *path, char **ret_canonical, bool *ret_exists);

/*
 * Open a canonical guest path (from guest_resolve) with open(2) flags (O_CLOEXEC
 * is added) and no symlink allowed anywhere on the way, the last component
 * included: a symlink swapped in after resolution gives -ELOOP instead of
 * being followed. A relative path or a ".." component gives -EINVAL. -ENOENT
 * and -EEXIST come without a message.
 */
int guest_open_canonical(const struct guest_root *g, const char *canonical, int flags, mode_t mode, int *ret_fd);

/*
 * Open (O_RDONLY|O_DIRECTORY, so it can be fsynced) the directory containing
 * a canonical path; *ret_name points into canonical (the last component).
 * "/" and paths ending in "/" or "." give -EINVAL.
 */
int guest_open_parent(const struct guest_root *g, const char *canonical, int *ret_dirfd, const char **ret_name);

/*
 * Create a directory and its parents inside the root (mode for the new ones,
 * existing ones are fine) and open it O_RDONLY|O_DIRECTORY. A symlink on the
 * way gives -ELOOP and a non-directory -ENOTDIR, with a message: nothing is
 * ever created through a link.
 */
int guest_mkdir_p(const struct guest_root *g, const char *canonical_dir, mode_t mode, int *ret_dirfd);

/* "a FIFO", "a directory", "a character device", ...: for refusal messages. */
const char *guest_file_type_name(mode_t m);

/* A file read from the guest, with what is needed to write it back safely. */
struct guest_file {
        char *path;      /* canonical guest path of the real file */
        char *via;       /* the path asked for, when it differs (a symlink), else NULL */
        char *data;      /* contents, NUL-terminated after size */
        size_t size;
        struct stat st;  /* fstat of the opened file */
};

struct guest_file *guest_file_free(struct guest_file *f);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct guest_file *, guest_file_free);

/*
 * Read a regular file. Refused (with a message naming the path): directories
 * (-EISDIR); FIFOs, sockets and device nodes (-EBADFD, found with an O_PATH
 * fstat before any real open, so nothing blocks and no device is opened);
 * dangling symlinks (-ENOENT); symlink loops (-ELOOP); files over
 * GUEST_FILE_MAX (-EFBIG); files with a NUL byte (-EBADMSG); files with more
 * than one hard link (-EMLINK; a rename would split them). A missing file
 * gives -ENOENT without a message. f->path is the canonical path; f->via the
 * path asked for (made absolute, without "//", "." or a trailing "/") when it
 * differs.
 */
int guest_file_read(const struct guest_root *g, const char *path, struct guest_file **ret);

/*
 * Open a regular file for reading without reading it (large binaries such as
 * initrds): resolved and refused as in guest_file_read() (directories, FIFOs,
 * sockets and devices are refused after an O_PATH fstat, before any real
 * open; a missing file gives -ENOENT without a message), opened
 * O_RDONLY|O_NONBLOCK|O_NOCTTY and checked to be the inode that was looked
 * at. No size cap and no hard link check. *ret_canonical is the canonical
 * guest path, *ret_st the fstat of *ret_fd.
 */
int guest_file_open(const struct guest_root *g, const char *path, char **ret_canonical, int *ret_fd,
                    struct stat *ret_st);

/* Like guest_file_read, but without the NUL and hard link checks and with the given cap (binary files, backups). */
int guest_file_read_binary(const struct guest_root *g, const char *path, size_t max, struct guest_file **ret);
