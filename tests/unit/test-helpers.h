/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the cmocka unit tests: scratch directories and files. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"

/* Create a fresh scratch directory under $TMPDIR; returns its malloc'd path. */
static inline char *th_mkdtemp(void)
{
        const char *tmp = getenv("TMPDIR");
        char *p = NULL;

        assert_true(asprintf(&p, "%s/domufix-test-XXXXXX", tmp && *tmp ? tmp : "/tmp") > 0);
        assert_non_null(mkdtemp(p));
        return p;
}

/* Write a file (creating parent directories) below dir. */
static inline void th_write(const char *dir, const char *rel, const char *content, size_t len)
{
        char *path = NULL, *slash;
        int fd;

        assert_true(asprintf(&path, "%s/%s", dir, rel) > 0);
        for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
                *slash = '\0';
                mkdir(path, 0755);
                *slash = '/';
        }
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, content, len), (ssize_t)len);
        close(fd);
        free(path);
}

static inline void th_write_str(const char *dir, const char *rel, const char *content)
{
        th_write(dir, rel, content, strlen(content));
}

/* Read a whole file below dir; returns malloc'd NUL-terminated data or NULL if missing. */
static inline char *th_read(const char *dir, const char *rel, size_t *ret_len)
{
        char *path = NULL, *buf;
        FILE *f;
        long n;

        assert_true(asprintf(&path, "%s/%s", dir, rel) > 0);
        f = fopen(path, "rb");
        free(path);
        if (!f)
                return NULL;
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        assert_true(n >= 0);
        rewind(f);
        buf = malloc((size_t)n + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
        buf[n] = '\0';
        fclose(f);
        if (ret_len)
                *ret_len = (size_t)n;
        return buf;
}

/* rm -rf a scratch directory. */
static inline void th_rmrf(const char *dir)
{
        char *cmd = NULL;

        assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
        assert_int_equal(system(cmd), 0);
        free(cmd);
}
