/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "fd-util.h"
#include "macro.h"

int fd_read_all(int fd, size_t size_hint, size_t max, char **ret, size_t *ret_size)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0, cap, limit = max + 1;

        /* hint + 1 lets the first pass already see EOF. */
        cap = size_hint < limit ? size_hint + 1 : limit;
        buf = malloc(cap + 1);
        if (!buf)
                return -ENOMEM;

        for (;;) {
                ssize_t k;

                if (len == cap) {
                        size_t ncap;
                        char *nbuf;

                        if (cap >= limit)
                                break;
                        ncap = cap < 4096 ? 4096 : cap < limit / 2 ? cap * 2 : limit;
                        if (ncap > limit)
                                ncap = limit;
                        nbuf = realloc(buf, ncap + 1);
                        if (!nbuf)
                                return -ENOMEM;
                        buf = nbuf;
                        cap = ncap;
                }
                k = read(fd, buf + len, cap - len);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (k == 0)
                        break;
                len += (size_t)k;
        }
        if (len > max)
                return -EFBIG;
        buf[len] = '\0';
        *ret = TAKE_PTR(buf);
        *ret_size = len;
        return 0;
}

int fd_write_all(int fd, const void *data, size_t size)
{
        const char *p = data;

        while (size > 0) {
                ssize_t n = write(fd, p, size);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (n == 0)
                        return -EIO;
                p += n;
                size -= (size_t)n;
        }
        return 0;
}

int fd_opendir(int fd, DIR **ret)
{
        DIR *d;
        int r;

        d = fdopendir(fd);
        if (!d) {
                r = negative_errno();
                close(fd);
                return r;
        }
        *ret = d;
        return 0;
}

struct dirent *fd_readdir(DIR *d, int *ret_r)
{
        struct dirent *de;

        errno = 0;
        de = readdir(d);
        *ret_r = de || errno == 0 ? 0 : negative_errno();
        return de;
}
