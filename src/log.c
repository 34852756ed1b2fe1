/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static char error_detail[1024];
static enum log_level level = LOG_NORMAL;

static _printf_(1, 0) void error_vset(const char *fmt, va_list ap)
{
        vsnprintf(error_detail, sizeof(error_detail), fmt, ap);
}

void error_set(const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        error_vset(fmt, ap);
        va_end(ap);
}

void error_set_if_unset(const char *fmt, ...)
{
        va_list ap;

        if (error_detail[0])
                return;
        va_start(ap, fmt);
        error_vset(fmt, ap);
        va_end(ap);
}

const char *error_get(void)
{
        return error_detail[0] ? error_detail : NULL;
}

void error_clear(void)
{
        error_detail[0] = '\0';
}

void log_set_level(enum log_level l)
{
        level = l;
}

enum log_level log_get_level(void)
{
        return level;
}
