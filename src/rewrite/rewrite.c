/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "log.h"
#include "rewrite.h"

const struct rewriter *const rewriters[] = {
        &rewriter_fstab,
        &rewriter_securetty,
        &rewriter_inittab,
        &rewriter_upstart_eventd,
        &rewriter_upstart_init,
        &rewriter_device_map,
        NULL,
};

void rewrite_out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
}

int rewrite_list_path(const struct guest_root *g, struct strv *ret, const char *path)
{
        _cleanup_free_ char *canonical = NULL;
        int r;

        if (strv_contains(ret, path))
                return 0;
        error_clear();
        r = guest_resolve(g, path, &canonical, NULL);
        error_clear();
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return strv_push(ret, path);
        for (size_t i = 0; i < ret->n; i++) {
                _cleanup_free_ char *other = NULL;

                r = guest_resolve(g, ret->v[i], &other, NULL);
                error_clear();
                if (r == -ENOMEM)
                        return r;
                if (r >= 0 && streq(other, canonical))
                        return 0;
        }
        return strv_push(ret, path);
}
