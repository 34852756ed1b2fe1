/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unified diff of a change, rendered from the line-origin map (no diff
 * algorithm). Paths are "a/PATH" / "b/PATH" relative to the root, so the
 * output applies with `patch -p1 -d ROOT`.
 */
#pragma once

#include <stdbool.h>

#include "plan.h"
#include "util.h"

struct diff_options {
        bool color;   /* git-like colours */
        bool escape;  /* show control characters and invalid UTF-8 as \xNN (terminal output) */
        unsigned context; /* lines of context, normally 3 */
};

int diff_render_change(const struct change *c, const struct diff_options *o, struct strbuf *out);
int diff_render_plan(const struct plan *p, const struct diff_options *o, struct strbuf *out);
