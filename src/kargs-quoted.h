/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kargs_to_pvops() on a kernel command line written in shell or GRUB script
 * source: the value of GRUB_CMDLINE_LINUX="..." or DEFAULT_APPEND="...", or
 * the arguments of a GRUB 2 "linux" command.
 *
 * The line is converted in its decoded form (what the kernel gets), then
 * each change is written back into the source with the quoting it had there:
 * a changed device or console name is replaced inside the segment that held
 * it (escaped for double quotes where needed), a removed argument takes its
 * source bytes (and whole quoted strings it filled) with it, and an added
 * argument goes inside the last quotes of a value, or after the last word of
 * an argument list. Every other byte stays. The result is decoded again and
 * must give exactly the converted line; when it cannot (a value without
 * quotes that gains a blank, quoting split across an argument), a value is
 * written anew between double quotes, and an argument list is left as it is.
 *
 * Arguments built from a variable ($VAR, `...`): one whose name is such an
 * expansion ("$vt_handoff") is kept and otherwise ignored; a root=, resume=,
 * console= or xencons= whose value has one ("root=$dev") cannot be known,
 * so the whole line is left as it is, with the reason. Pure: no I/O.
 */
#pragma once

#include "devname.h"
#include "shell-word.h"
#include "util.h"

enum kargs_quoted_mode {
        KARGS_QUOTED_VALUE, /* one word holds the whole line (sw_word_parse): an assignment's value */
        KARGS_QUOTED_ARGS,  /* each word is one argument (sw_args_parse): a GRUB command's arguments */
};

/*
 * w was parsed from src (src_len bytes) in dialect d, as mode says. On
 * success *ret_new is the new source text for src[w->start, w->end), or NULL
 * when nothing changes: the line is right already, or it is left as it is
 * and *ret_refused says why ("root=$dev is set from a variable; left as it
 * is"; NULL otherwise). Both malloc'd. reasons gets one entry per change
 * ("console=xvc0 -> console=hvc0"), warnings kargs_to_pvops' warnings
 * (unknown disk names); either may be NULL. Returns 0 or -ENOMEM.
 * Idempotent: converting the new text changes nothing.
 */
int kargs_quoted_to_pvops(enum sw_dialect d, enum kargs_quoted_mode mode, const struct devmap *m, const char *src,
                          size_t src_len, const struct sw_word *w, char **ret_new, struct strv *reasons,
                          struct strv *warnings, char **ret_refused);

/*
 * What keeps the line held in w from suiting a pvops kernel
 * (kargs_check_pvops(), on the line as the kernel splits it: any white space
 * separates), joined with "; ", in *ret; NULL when nothing does. Returns 0
 * or -ENOMEM.
 */
int kargs_quoted_problems(const struct sw_word *w, char **ret);
