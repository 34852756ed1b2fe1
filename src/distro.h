/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which distribution the guest is, from its own files.
 *
 * Files are read in this order, the first that identifies the guest wins:
 *   /etc/os-release (except Debian with a VERSION_ID without minor part, which
 *   falls through to debian_version), /etc/centos-release,
 *   /etc/fedora-release, /etc/redhat-release, /etc/SuSE-release,
 *   /etc/lsb-release (Ubuntu; debian_version there says "lenny/sid"),
 *   /etc/debian_version, /etc/gentoo-release, /etc/arch-release.
 * Nothing found: id "unknown".
 */
#pragma once

#include <stdbool.h>

#include "guest-root.h"

struct distro {
        char *id;      /* "rhel", "centos", "scientific", "fedora", "debian", "ubuntu", "sles",
                          "sled", "opensuse", "gentoo", "arch", or "unknown"; another os-release
                          ID as written ("opensuse-leap" and the like become "opensuse") */
        char *version; /* "5.8", "6.3", "14", "4.0", "5.0.10", "8.04", "11.1" (SLES 11 SP1), "" if none */
        char *name;    /* pretty name: "CentOS release 5.8 (Final)", "Ubuntu 8.04.4 LTS" */
        char *source;  /* the guest file it came from ("/etc/redhat-release"), NULL when unknown */
        char *codename; /* "hardy", "lenny", "Tikanga", ... or NULL */
};

/*
 * Detect the distribution. An unknown guest is not an error (id "unknown").
 * A missing file or a dangling symlink counts as absent. Unsafe files (FIFO,
 * device, loop, ...) are an error, as everywhere, with error_set() naming
 * the guest path. *ret is set only on success; release it with distro_done().
 */
int distro_detect(const struct guest_root *g, struct distro *ret);
void distro_done(struct distro *d);

/*
 * Parse one release file's text (pure, for tests and fuzzing): path is the
 * guest path it came from and decides the format (one of the files above, or
 * /usr/lib/os-release; any other path gives -EINVAL). Returns 1 and fills *ret
 * when it identifies the guest, 0 when it does not (*ret untouched), -errno on
 * failure. os-release is reported as it is (Debian "7"): the fall-through to
 * debian_version is distro_detect()'s. Strings are valid UTF-8 without control
 * characters (other bytes become '?'); data may hold NUL bytes.
 */
int distro_parse(const char *path, const char *data, size_t size, struct distro *ret);
