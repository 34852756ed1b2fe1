/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the shell-syntax module-list rewriters: SUSE
 * /etc/sysconfig/kernel, Debian's /etc/initramfs-tools/modules, Arch's
 * /etc/mkinitcpio.conf and dracut's files.
 *
 * The first input byte chooses the rewriter and its facts (a SUSE target
 * that is a Xen kernel or not; MODULES=dep or most; dracut with or without
 * its drop-in directory, one driver already added or none); the rest is the
 * file. Invariants checked on every input:
 *  - the edits apply, and set rebuild_initrd exactly when there are some;
 *  - only inserts, or one replace that keeps the text before the value's end
 *    and adds the missing names (SUSE, Arch);
 *  - SUSE, Arch, Debian: without a warning, the output lists xen-blkfront and
 *    xen-netfront where the tool reads them, and a second run changes
 *    nothing;
 *  - dracut: the added line is add_drivers+=" ... " with the missing drivers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "profile.h"
#include "rewrite/initrd-common.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

struct tool {
        const char *profile;
        const struct rewriter *rw;
        const char *path;
};

static const struct tool tools[] = {
        {"[profile]\nname = t\n[initrd]\ntool = mkinitrd-suse\nmodules-file = /etc/sysconfig/kernel\n",
         &rewriter_initrd_suse, "/etc/sysconfig/kernel"},
        {"[profile]\nname = t\n[initrd]\ntool = initramfs-tools\nmodules-file = /etc/initramfs-tools/modules\n",
         &rewriter_initrd_debian, "/etc/initramfs-tools/modules"},
        {"[profile]\nname = t\n[initrd]\ntool = mkinitcpio\nmodules-file = /etc/mkinitcpio.conf\n",
         &rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf"},
        {"[profile]\nname = t\n[initrd]\ntool = dracut\nmodules-file = /etc/dracut.conf\n"
         "modules-dir = /etc/dracut.conf.d\n",
         &rewriter_initrd_dracut, "/etc/dracut.conf"},
};

static char *run(const struct tool *tl, const struct text *t, const struct facts *f, struct rewrite_out *o,
                 size_t *ret_size)
{
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(tl->rw->rewrite(t, true, tl->path, f, o) == 0);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        CHECK(r->changed == (o->edits.n > 0));
        CHECK(o->rebuild_initrd == (o->edits.n > 0));
        text_result_free(r);
        return out;
}

/* Whether the output lists both frontends where the tool reads them. */
static bool listed(size_t which, const struct text *t, bool suse_xen)
{
        struct initrd_var a, b;
        bool ret = true;

        if (which == 0) {
                CHECK(initrd_var_scan(t, "INITRD_MODULES", &a) == 0);
                CHECK(initrd_var_scan(t, "DOMU_INITRD_MODULES", &b) == 0);
                ret = (a.have_blk || (suse_xen && b.have_blk)) && (a.have_net || (suse_xen && b.have_net));
                initrd_var_done(&a);
                initrd_var_done(&b);
        } else if (which == 2) {
                CHECK(initrd_var_scan(t, "MODULES", &a) == 0);
                ret = a.have_blk && a.have_net;
                initrd_var_done(&a);
        }
        return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const struct tool *tl;
        struct tool dropin;
        struct profile *p = NULL;
        struct kernel k;
        struct facts f = {0};
        struct rewrite_out o = {0}, o2 = {0};
        struct text *t = NULL, *t1 = NULL;
        char *out1 = NULL, *out2 = NULL;
        size_t out1_size = 0, out2_size = 0, which, inserts = 0, replaces = 0;
        uint8_t sel;

        /* guest_file_read() refuses files with a NUL byte: rewriters never see one. */
        if (size < 1 || memchr(data, '\0', size))
                return 0;
        sel = data[0];
        data++;
        size--;
        which = sel % ARRAY_SIZE(tools);
        tl = &tools[which];

        CHECK(profile_parse("t.profile", tl->profile, strlen(tl->profile), &p) == 0);
        kernel_init(&k);
        k.version = strdup("4.4.180-domu");
        CHECK(k.version);
        k.flavor = FLAVOR_PVOPS;
        k.blkfront = 0;
        f.profile = p;
        f.target = &k;
        f.initrd_conf.suse = which == 0;
        f.initrd_conf.suse_target_xen = sel & 0x10;
        f.initrd_conf.suse_target_why = strdup("why");
        f.initrd_conf.itools = which == 1;
        f.initrd_conf.itools_modules = strdup(sel & 0x10 ? "dep" : "most");
        f.initrd_conf.itools_modules_literal = true;
        f.initrd_conf.dracut = which == 3;
        f.initrd_conf.dracut_dir = sel & 0x10;
        f.initrd_conf.dracut_dropin = strdup("/etc/dracut.conf.d/xen-domufix.conf");
        f.initrd_conf.dracut_blkfront = sel & 0x20;
        f.initrd_conf.dracut_netfront = sel & 0x40;
        if (which == 3 && (sel & 0x10)) {
                /* With the directory, the drop-in is the file that gets the line. */
                dropin = (struct tool){tl->profile, tl->rw, "/etc/dracut.conf.d/xen-domufix.conf"};
                tl = &dropin;
        }

        CHECK(text_new((const char *)data, size, &t) == 0);
        out1 = run(tl, t, &f, &o, &out1_size);
        for (size_t e = 0; e < o.edits.n; e++) {
                const struct edit *ed = &o.edits.v[e];

                CHECK(ed->kind != EDIT_DELETE);
                if (ed->kind == EDIT_INSERT) {
                        inserts++;
                        continue;
                }
                replaces++;
                CHECK(which == 0 || which == 2);
                /* Only added text: the old line is a subsequence of the new one, with its start kept. */
                {
                        const struct line *l = &t->lines[ed->line];
                        size_t j = 0;

                        for (size_t i = 0; ed->content[i] && j < l->len; i++)
                                if (ed->content[i] == l->s[j])
                                        j++;
                        CHECK(j == l->len);
                        CHECK(strstr(ed->content, "xen-blkfront") || strstr(ed->content, "xen-netfront"));
                }
        }
        CHECK(replaces <= 1 && (replaces == 0 || inserts == 0));
        CHECK(inserts <= 2);
        if (which == 3 && o.edits.n) {
                const struct edit *last = &o.edits.v[o.edits.n - 1];
                const char *want = !f.initrd_conf.dracut_blkfront && !f.initrd_conf.dracut_netfront
                                           ? "add_drivers+=\" xen-blkfront xen-netfront \""
                                   : !f.initrd_conf.dracut_blkfront ? "add_drivers+=\" xen-blkfront \""
                                                                    : "add_drivers+=\" xen-netfront \"";

                CHECK(last->kind == EDIT_INSERT && strcmp(last->content, want) == 0);
        }

        if (which != 3) {
                CHECK(text_new(out1, out1_size, &t1) == 0);
                if (o.warnings.n == 0 && !(which == 1 && !(sel & 0x10)))
                        CHECK(listed(which, t1, f.initrd_conf.suse_target_xen));
                out2 = run(tl, t1, &f, &o2, &out2_size);
                if (o.warnings.n == 0) {
                        CHECK(o2.edits.n == 0);
                        CHECK(out2_size == out1_size && memcmp(out1, out2, out1_size) == 0);
                }
        }

        free(out2);
        free(out1);
        text_free(t1);
        text_free(t);
        rewrite_out_done(&o2);
        rewrite_out_done(&o);
        initrd_conf_done(&f.initrd_conf);
        kernel_done(&k);
        profile_free(p);
        return 0;
}
