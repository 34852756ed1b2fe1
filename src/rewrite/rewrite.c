/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "rewrite.h"
#include "shell-word.h"

const struct rewriter *const rewriters[] = {
        &rewriter_fstab,
        &rewriter_securetty,
        &rewriter_inittab,
        &rewriter_upstart_eventd,
        &rewriter_upstart_init,
        &rewriter_crypttab,
        &rewriter_grub_legacy,
        &rewriter_grub2_default,
        &rewriter_grub2_cfg,
        &rewriter_sysconfig_bootloader,
        &rewriter_device_map,
        &rewriter_sysconfig_kernel,
        &rewriter_initrd_modprobe,
        &rewriter_initrd_suse,
        &rewriter_initrd_debian,
        &rewriter_initrd_dracut,
        &rewriter_initrd_mkinitcpio,
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
        strv_done(&o->notes);
        free(o->delete_reason);
        o->delete_reason = NULL;
}

/* Append s for the shell: as it is when plain-safe, else between single quotes. */
static int put_shell_quoted(struct strbuf *b, const char *s)
{
        int r;

        if (*s && sw_plain_safe(s, strlen(s)))
                return strbuf_puts(b, s);
        r = strbuf_putc(b, '\'');
        for (; r >= 0 && *s; s++)
                r = *s == '\'' ? strbuf_puts(b, "'\\''") : strbuf_putc(b, *s);
        return r >= 0 ? strbuf_putc(b, '\'') : r;
}

int rewrite_guest_command(const struct facts *f, const char *cmd, char **ret)
{
        struct strbuf b = {0};
        int r = 0;

        if (f->root) {
                r = strbuf_puts(&b, "chroot ");
                if (r >= 0)
                        r = put_shell_quoted(&b, f->root);
                if (r >= 0)
                        r = strbuf_putc(&b, ' ');
        }
        if (r >= 0)
                r = strbuf_puts(&b, cmd);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        strbuf_done(&b);
        return r;
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

int rewrite_warn_token(struct rewrite_out *out, const char *path, size_t line_no, const char *what, const char *tok,
                       size_t tok_len, const char *rest)
{
        _cleanup_(strbuf_done) struct strbuf esc = {0};
        int r;

        r = escape_for_display(tok, tok_len, &esc);
        if (r < 0)
                return r;
        return strv_pushf(&out->warnings, "'%s' line %zu: %s '%s'%s", path, line_no, what, esc.s ? esc.s : "",
                          rest);
}

int rewrite_each_entry(const struct text *in, bool exists, const char *path, const struct facts *facts,
                       struct rewrite_out *out, rewrite_line_fn line_fn)
{
        int r;

        if (!exists)
                return 0;
        for (size_t i = 0; i < in->n_lines; i++) {
                const struct line *l = &in->lines[i];

                if (line_is_blank(l) || line_is_comment(l))
                        continue;
                r = line_fn(l, i, path, facts, out);
                if (r < 0)
                        return r;
        }
        return 0;
}
