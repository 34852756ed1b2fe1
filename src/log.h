/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Error detail and verbosity.
 *
 * Modules never print. When a module fails with a reason that the bare errno
 * does not carry (which file, which line, why it was refused), it records one
 * message with error_set() before returning -errno. main() prints it once:
 *     domufix: '/etc/fstab': refusing a FIFO
 */
#pragma once

#include "macro.h"

void error_set(const char *fmt, ...) _printf_(1, 2);
/* Set the detail only if nothing was recorded yet (keeps the innermost reason). */
void error_set_if_unset(const char *fmt, ...) _printf_(1, 2);
const char *error_get(void);
void error_clear(void);

enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };
void log_set_level(enum log_level l);
enum log_level log_get_level(void);
