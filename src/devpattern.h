/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device-name patterns that name Xenlinux disks, and their pvops
 * counterparts: LVM filter regular expressions ("^/dev/sda[0-9]*$") and
 * mdadm globs ("/dev/sd[ab]1").
 *
 * Translating a pattern is text surgery checked by brute force. Where the
 * pattern spells a disk prefix at the start of a name ("sd", "hd", "[hs]d",
 * "[sh]d", and in regexes "(s|h)d" / "(h|s)d", right after "/", "^", "(" or
 * "|" or at the very start), the prefix becomes "xvd"; with a letter shift
 * (RHEL 6: sda -> xvde) a following letter or set of letters is shifted too
 * ("[ab]" -> "[ef]"), and letters pushed past z ("w" -> "aa") give a second
 * counterpart ("xvda[a-d]"). When shifting fails the check, the unshifted
 * text is tried as well. Every candidate is then run against sample names:
 * the disks sda..sdz and hda..hdt, whole and with partitions 1 to 16, 20, 32
 * and 63, their pvops names under the devmap, and a few other names
 * (/dev/md0, /dev/mapper/..., /dev/loop0, /dev/sr0, ...). A translation is
 * used only when, on those samples:
 *   - the pvops name of every disk the pattern matches is matched (by the
 *     pattern, a counterpart, or a pattern already in the cover);
 *   - the counterparts match no pvops name of a disk of the same family
 *     (sd or hd) that the pattern does not match, unless another disk the
 *     pattern matches has that pvops name too (sda and hde are both xvde
 *     with the RHEL 6 shift);
 *   - the counterparts match no Xenlinux name and no other name the pattern
 *     does not match.
 * Anything else is reported as untranslatable, for the admin to fix by
 * hand. Disks past sdz are not sampled: their names are rare on Xen guests.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "devname.h"
#include "macro.h"
#include "util.h"

enum devpattern_syntax {
        DEVPATTERN_LVM_REGEX, /* lvm-regex.h */
        DEVPATTERN_GLOB,      /* fnmatch(3) with FNM_PATHNAME, as mdadm matches DEVICE and devices= */
};

/* The longest pattern checked; longer ones are refused with -E2BIG. */
#define DEVPATTERN_MAX_LEN 256

enum devpattern_verdict {
        DEVPATTERN_NO_DISK,        /* it matches no Xenlinux disk name: nothing to do */
        DEVPATTERN_COVERED,        /* the pvops names of the disks it matches are matched already */
        DEVPATTERN_TRANSLATED,     /* counterparts returned */
        DEVPATTERN_UNTRANSLATABLE, /* it matches Xenlinux disks, and no checked counterpart was found */
};

/* The sample names for one devmap and syntax. */
struct devpattern_checker;

int devpattern_checker_new(const struct devmap *m, enum devpattern_syntax syntax, struct devpattern_checker **ret);
struct devpattern_checker *devpattern_checker_free(struct devpattern_checker *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct devpattern_checker *, devpattern_checker_free);

/* A pattern with what it matches among the checker's samples. */
struct devpattern;

/*
 * Compile s[0..len) and run it on the samples. Returns 0, -EINVAL (not a
 * valid pattern of the syntax, or a NUL byte in it), -E2BIG (longer than
 * DEVPATTERN_MAX_LEN, or nested too deep), -ENOMEM.
 */
int devpattern_new(const struct devpattern_checker *c, const char *s, size_t len, struct devpattern **ret);
struct devpattern *devpattern_free(struct devpattern *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct devpattern *, devpattern_free);

/* Whether the pattern matches the name (one of the samples or not). */
bool devpattern_match(const struct devpattern *p, const char *name);

/* The pvops names matched by a group of patterns (patterns that act as one, e.g. adjacent accept patterns). */
struct devpattern_cover;

int devpattern_cover_new(const struct devpattern_checker *c, struct devpattern_cover **ret);
struct devpattern_cover *devpattern_cover_free(struct devpattern_cover *cv);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct devpattern_cover *, devpattern_cover_free);
void devpattern_cover_add(struct devpattern_cover *cv, const struct devpattern *p);

/*
 * What to do about p: see the verdicts. cover (may be NULL) holds what the
 * patterns around p match; p's own matches count too. For
 * DEVPATTERN_TRANSLATED the counterparts (1 to 4, none equal to p) are
 * appended to ret_counterparts, in the order they should follow p.
 * Returns 0 or -ENOMEM.
 */
int devpattern_translate(const struct devpattern_checker *c, const struct devpattern *p,
                         const struct devpattern_cover *cover, enum devpattern_verdict *ret_verdict,
                         struct strv *ret_counterparts);

typedef int (*devpattern_group_fn)(size_t k, enum devpattern_verdict verdict, const struct strv *counterparts,
                                   void *userdata);

/*
 * Translate the patterns of one group (adjacent filter patterns with one
 * action, mdadm's DEVICE words): the cover is the whole group, then
 * fn(k, verdict, counterparts, userdata) is called in order for each
 * pats[k] that is DEVPATTERN_TRANSLATED or DEVPATTERN_UNTRANSLATABLE. NULL
 * entries are not part of the group. Returns 0, -ENOMEM, or fn's error.
 */
int devpattern_translate_group(const struct devpattern_checker *c, struct devpattern *const *pats, size_t n,
                               devpattern_group_fn fn, void *userdata);
