/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel command lines: the arguments of a GRUB "kernel" line, of a GRUB 2
 * "linux" line, of GRUB_CMDLINE_LINUX, of SUSE's DEFAULT_APPEND.
 *
 * Words are split as the kernel splits them (lib/cmdline.c next_arg):
 * spaces and tabs separate words, except inside double quotes, which may
 * start anywhere in a word ('root="/dev/sda1"', '"console=xvc0"'). A word is
 * "name=value" or a bare "name"; parameter names compare with '-' and '_'
 * as equal (xen-blkfront.sda_is_xvda is xen_blkfront.sda_is_xvda).
 *
 * Editing keeps every byte it does not change: the separators between
 * words, the quotes around a value, the words it does not touch. A removed
 * word takes the separator before it with it (after it, when it is the
 * first word). Pure: no I/O.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "devname.h"
#include "util.h"

/* One word of a command line: offsets into the string it was split from. */
struct karg {
        size_t start;     /* first byte of the word */
        size_t len;       /* bytes of the word, quotes included */
        size_t name_len;  /* bytes of the name: up to '=' or the end (quotes excluded) */
        size_t value_off; /* first byte of the value after '=' and an opening quote, or start+len */
        size_t value_len; /* bytes of the value without its quotes; 0 for a bare word */
        bool has_value;   /* the word has '=' */
};

struct kargs {
        struct karg *v;
        size_t n;
};

/* Split s (len bytes, need not be NUL-terminated). Never fails on content; -ENOMEM only. */
int kargs_split(const char *s, size_t len, struct kargs *ret);
void kargs_done(struct kargs *a);

/* Whether word i is parameter name (compared with '-' == '_'). */
bool karg_is(const char *s, const struct karg *k, const char *name);

/*
 * The value of the last occurrence of parameter name (the kernel takes the
 * last one), malloc'd without quotes, in *ret (may be NULL to test only).
 * Returns 1 when found (a bare word gives ""), 0 when not, -ENOMEM.
 */
int kargs_get(const char *s, size_t len, const char *name, char **ret);

/* Whether xen_blkfront.sda_is_xvda is set to 1 (RHEL 6 blkfront keeps sda as xvda). */
bool kargs_sda_is_xvda(const char *s, size_t len);

/*
 * Turn a Xenlinux command line into one for a pvops kernel:
 *  - root= and resume= device names mapped with m (devname_map: sdX/hdX to
 *    xvdX; UUID=, LABEL=, /dev/mapper, LVM and md left alone);
 *  - console=xvcN becomes console=hvcN (options after a comma dropped: hvc
 *    takes none);
 *  - when the line has console= arguments, hvc0 is the last of them (the
 *    kernel's /dev/console is the last console=, and the getty runs on
 *    hvc0): a console=hvc0 earlier in the line is moved to the end of the
 *    line, and one is appended when only other consoles (tty1 of
 *    xencons=tty, ttyS0 of xencons=ttyS) are named; the others keep their
 *    order. A line without console= is left so: a pvops PV kernel uses
 *    hvc0 by default. A line that ends inside an unterminated quote gets
 *    nothing appended (the word would become part of the quoted one): a
 *    warning says so;
 *  - xencons= removed (pvops has no such parameter).
 * *ret is the new line (a copy when nothing changed); each change is
 * appended to reasons as "root=/dev/sda1 -> root=/dev/xvda1", "xencons=tty
 * removed", ...; device names the mapping cannot handle (cciss, nvme) are
 * appended to warnings as "root=/dev/cciss/c0d0p1: unknown disk name, left
 * as it is". reasons and warnings may be NULL. Returns 0 or -ENOMEM.
 * Idempotent: converting the result changes nothing.
 */
int kargs_to_pvops(const struct devmap *m, const char *s, size_t len, char **ret, struct strv *reasons,
                   struct strv *warnings);

/*
 * What keeps a command line from being right for a pvops kernel, one
 * problem per entry in problems ("root=/dev/sda1 names a Xenlinux disk",
 * "console=xvc0 is a Xenlinux console", "hvc0 is not the last console=",
 * "xencons=tty is a Xenlinux parameter"). Returns the number of problems
 * found, or -ENOMEM.
 */
int kargs_check_pvops(const char *s, size_t len, struct strv *problems);
