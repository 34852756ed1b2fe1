/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reads and writes on open descriptors, and directory streams. Return 0 or -errno; never print. */
#pragma once

#include <dirent.h>
#include <stddef.h>

/*
 * Read fd to EOF. size_hint (e.g. st_size) only sizes the first buffer: the
 * file may grow or shrink meanwhile. At most max + 1 bytes are read; more than
 * max gives -EFBIG. *ret is NUL-terminated after *ret_size bytes.
 */
int fd_read_all(int fd, size_t size_hint, size_t max, char **ret, size_t *ret_size);

/* Write all of data, retrying short writes and EINTR; a write of 0 bytes gives -EIO. */
int fd_write_all(int fd, const void *data, size_t size);

/*
 * fdopendir() that owns fd in every case: it is closed on failure, and by
 * closedir() of *ret otherwise. Returns 0 or -errno.
 */
int fd_opendir(int fd, DIR **ret);

/*
 * readdir() that tells the end from a failure: returns the next entry, or
 * NULL with *ret_r 0 at the end and -errno on a failure.
 */
struct dirent *fd_readdir(DIR *d, int *ret_r);
