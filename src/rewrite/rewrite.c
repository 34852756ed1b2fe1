/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "rewrite.h"

const struct rewriter *const rewriters[] = {
        &rewriter_fstab,
        &rewriter_securetty,
        &rewriter_inittab,
        &rewriter_upstart_eventd,
        &rewriter_upstart_init,
        &rewriter_lvm_conf,
        &rewriter_lvm_cache,
        &rewriter_lvm_devices,
        &rewriter_mdadm,
        &rewriter_initramfs_resume,
        &rewriter_uswsusp,
        &rewriter_blkid_cache,
        NULL,
};

void rewrite_out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
        free(o->delete_reason);
        o->delete_reason = NULL;
}
