/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "grub-cfg.h"
#include "kargs.h"
#include "log.h"
#include "rewrite/crypttab.h"

void facts_done(struct facts *f)
{
        free(f->root);
        distro_done(&f->distro);
        f->profile = profile_free(f->profile);
        free(f->profile_reason);
        kernels_free(f->kernels, f->n_kernels);
        free(f->target_version);
        free(f->target_reason);
        free(f->devmap_reason);
        for (size_t i = 0; i < f->n_menus; i++)
                boot_menu_done(&f->menus[i]);
        free(f->menus);
        init_info_done(&f->init);
        blockid_table_done(&f->block_ids);
        initrd_conf_done(&f->initrd_conf);
        strv_done(&f->disks);
        strv_done(&f->consoles);
        strv_done(&f->warnings);
        strv_done(&f->notes);
        *f = (struct facts){0};
}

const struct kernel *facts_find_kernel(const struct facts *f, const char *version)
{
        for (size_t i = 0; version && i < f->n_kernels; i++)
                if (streq(f->kernels[i].version, version))
                        return &f->kernels[i];
        return NULL;
}

static const char *base_name(const char *path)
{
        const char *slash = strrchr(path, '/');

        return slash ? slash + 1 : path;
}

const struct kernel *facts_entry_kernel(const struct facts *f, const struct boot_entry *e)
{
        const struct kernel *k = facts_find_kernel(f, e->version);

        if (k || !e->kernel)
                return k;
        /* Paths in a menu are relative to the boot partition, so compare file names only. */
        for (size_t i = 0; i < f->n_kernels; i++)
                if (f->kernels[i].image && streq(base_name(f->kernels[i].image), base_name(e->kernel)))
                        return &f->kernels[i];
        return NULL;
}

const struct boot_entry *facts_default_entry(const struct facts *f, const struct boot_menu **ret_menu)
{
        /* The first menu in the profile's preference order is the one the boot loader reads. */
        for (size_t i = 0; i < f->n_menus; i++) {
                const struct boot_menu *m = &f->menus[i];

                if (m->default_index < 0 || (size_t)m->default_index >= m->n_entries)
                        continue;
                if (ret_menu)
                        *ret_menu = m;
                return &m->entries[m->default_index];
        }
        return NULL;
}

static int facts_profile(const struct facts_options *o, struct facts *f)
{
        struct profile_search s = {0};
        int r;

        r = profile_search_init(&s, o->profile_dirs);
        if (r < 0)
                return r;
        if (o->profile) {
                r = profile_load(&s, o->profile, &f->profile);
                if (r >= 0 && asprintf(&f->profile_reason, "forced with --profile %s", o->profile) < 0)
                        r = -ENOMEM;
        } else
                r = profile_select(&s, &f->distro, &f->profile, &f->profile_reason);
        profile_search_done(&s);
        return r;
}

/* Read every GRUB legacy menu the profile names; the same file through two names counts once. */
static int facts_menus(const struct guest_root *g, struct facts *f)
{
        for (size_t i = 0; i < f->profile->grub_legacy_files.n; i++) {
                const char *path = f->profile->grub_legacy_files.v[i];
                _cleanup_(guest_file_freep) struct guest_file *file = NULL;
                _cleanup_(text_freep) struct text *t = NULL;
                struct boot_menu m = {0}, *nv;
                bool seen = false;
                int r;

                error_clear();
                r = guest_file_read(g, path, &file);
                if (r == -ENOENT && !error_get())
                        continue;
                if (r < 0)
                        return r;
                for (size_t k = 0; k < f->n_menus; k++)
                        seen = seen || streq(f->menus[k].path, file->path);
                if (seen)
                        continue;
                r = text_new(file->data, file->size, &t);
                if (r < 0)
                        return r;
                if (!grub_menu_is_menu(t)) {
                        r = strv_pushf(&f->notes, "%s is not a GRUB menu (no title line); not read as one",
                                       file->path);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = grub_menu_parse(t, &m);
                if (r < 0)
                        return r;
                m.path = strdup(file->path);
                nv = realloc(f->menus, (f->n_menus + 1) * sizeof(*nv));
                if (!m.path || !nv) {
                        boot_menu_done(&m);
                        if (nv)
                                f->menus = nv;
                        return -ENOMEM;
                }
                f->menus = nv;
                f->menus[f->n_menus++] = m;
        }
        return 0;
}

/*
 * The target: --kernel; else the default entry's kernel when it is pvops;
 * else the newest installed pvops kernel; else none.
 */
static int facts_target(const struct facts_options *o, struct facts *f)
{
        const struct boot_entry *e;
        const struct kernel *k;
        int r;

        if (o->kernel) {
                f->target = facts_find_kernel(f, o->kernel);
                f->target_version = strdup(o->kernel);
                if (!f->target_version)
                        return -ENOMEM;
                if (!f->target) {
                        r = strv_pushf(&f->warnings,
                                       "kernel %s (--kernel) is not installed in the guest: its flavor, modules "
                                       "and initrd cannot be checked",
                                       o->kernel);
                        if (r < 0)
                                return r;
                } else if (f->target->flavor != FLAVOR_PVOPS) {
                        r = strv_pushf(&f->warnings, "kernel %s (--kernel) does not look like a pvops kernel (%s)",
                                       o->kernel, kernel_flavor_to_string(f->target->flavor));
                        if (r < 0)
                                return r;
                }
                return asprintf(&f->target_reason, "chosen with --kernel") < 0 ? -ENOMEM : 0;
        }

        e = facts_default_entry(f, NULL);
        k = e ? facts_entry_kernel(f, e) : NULL;
        if (k && k->flavor == FLAVOR_PVOPS) {
                f->target = k;
                f->target_reason = strdup("the default boot entry's kernel, a pvops kernel");
        } else {
                for (size_t i = f->n_kernels; i-- > 0;)
                        if (f->kernels[i].flavor == FLAVOR_PVOPS) {
                                f->target = &f->kernels[i];
                                break;
                        }
                if (f->target)
                        f->target_reason = strdup("the newest installed pvops kernel");
                else
                        f->target_reason = strdup("no pvops kernel is installed in the guest: only files that do "
                                                  "not depend on the kernel are converted (give the dom0 kernel "
                                                  "with --kernel VERSION)");
        }
        if (!f->target_reason)
                return -ENOMEM;
        if (f->target) {
                f->target_version = strdup(f->target->version);
                if (!f->target_version)
                        return -ENOMEM;
        }
        return 0;
}

/* Read a guest text file for the names in use; absent (or refused) files are skipped. */
static int read_text(const struct guest_root *g, const char *path, struct text **ret)
{
        _cleanup_(guest_file_freep) struct guest_file *file = NULL;
        int r;

        *ret = NULL;
        error_clear();
        r = guest_file_read(g, path, &file);
        if (r == -ENOMEM)
                return r;
        error_clear();
        if (r < 0)
                return 0; /* the rewriters report unsafe files; detect only lists names */
        return text_new(file->data, file->size, ret);
}

/* The whitespace-separated word at *p, advancing past it; 0 at the end. */
static size_t next_word(const char **p, const char *end)
{
        const char *s = *p;

        while (s < end && (*s == ' ' || *s == '\t'))
                s++;
        *p = s;
        while (*p < end && **p != ' ' && **p != '\t')
                (*p)++;
        return (size_t)(*p - s);
}

static int add_name(struct strv *sv, const char *name, size_t len, const char *where)
{
        _cleanup_free_ char *s = NULL;

        if (asprintf(&s, "%.*s (%s)", (int)len, name, where) < 0)
                return -ENOMEM;
        return strv_push_unique(sv, s);
}

static int names_from_fstab(const struct guest_root *g, struct facts *f)
{
        _cleanup_(text_freep) struct text *t = NULL;
        int r;

        r = read_text(g, "/etc/fstab", &t);
        for (size_t i = 0; r >= 0 && t && i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                const char *p = l->s;
                size_t n;
                enum devname_kind kind;
                _cleanup_free_ char *mapped = NULL;

                if (line_is_comment(l))
                        continue;
                n = next_word(&p, l->s + l->len);
                r = devname_map(&f->devmap, p - n, n, &kind, &mapped);
                if (r >= 0 && (kind == DEVNAME_MAPPED || kind == DEVNAME_XVD || kind == DEVNAME_UNKNOWN))
                        r = add_name(&f->disks, p - n, n, "/etc/fstab");
        }
        return r;
}

/* Disk names in a crypttab source or key file field ("file:device" forms included). */
static int add_disks_in_field(struct facts *f, const char *s, size_t len, const char *where)
{
        int r = 0;

        while (r >= 0) {
                const char *colon = memchr(s, ':', len);
                size_t n = colon ? (size_t)(colon - s) : len;
                enum devname_kind kind;

                r = devname_map(&f->devmap, s, n, &kind, NULL);
                if (r >= 0 && n && s[0] == '/' &&
                    (kind == DEVNAME_MAPPED || kind == DEVNAME_XVD || kind == DEVNAME_UNKNOWN))
                        r = add_name(&f->disks, s, n, where);
                if (!colon)
                        break;
                s += n + 1;
                len -= n + 1;
        }
        return r;
}

static int names_from_crypttab(const struct guest_root *g, struct facts *f)
{
        _cleanup_(text_freep) struct text *t = NULL;
        int r;

        r = read_text(g, "/etc/crypttab", &t);
        for (size_t i = 0; r >= 0 && t && i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                struct crypttab_line cl;

                crypttab_parse_line(l->s, l->len, &cl);
                for (size_t k = CRYPTTAB_SOURCE; r >= 0 && k <= CRYPTTAB_KEYFILE && k < cl.n; k++)
                        r = add_disks_in_field(f, l->s + cl.f[k].start, cl.f[k].len, "/etc/crypttab");
        }
        return r;
}

/* root=, resume= and console= of every boot entry. */
static int names_from_menus(struct facts *f)
{
        int r = 0;

        for (size_t m = 0; r >= 0 && m < f->n_menus; m++)
                for (size_t i = 0; r >= 0 && i < f->menus[m].n_entries; i++) {
                        const char *args = f->menus[m].entries[i].kernel_args, *p = args, *end;
                        size_t n;

                        if (!args)
                                continue;
                        end = args + strlen(args);
                        while (r >= 0 && (n = next_word(&p, end)) > 0) {
                                const char *w = p - n;
                                if (n > 5 && strneq(w, "root=", 5) && strneq(w + 5, "/dev/", 5))
                                        r = add_name(&f->disks, w + 5, n - 5, f->menus[m].path);
                                else if (n > 7 && strneq(w, "resume=", 7) && strneq(w + 7, "/dev/", 5))
                                        r = add_name(&f->disks, w + 7, n - 7, f->menus[m].path);
                                else if (n > 8 && strneq(w, "console=", 8))
                                        r = add_name(&f->consoles, w + 8, strcspn(w + 8, ", \t") < n - 8
                                                                          ? strcspn(w + 8, ", \t")
                                                                          : n - 8,
                                                     f->menus[m].path);
                                else if (n > 8 && strneq(w, "xencons=", 8))
                                        r = add_name(&f->consoles, w, n, f->menus[m].path);
                        }
                }
        return r;
}

/* Consoles allowed in securetty and served by an active getty. */
static int names_from_login(const struct guest_root *g, struct facts *f)
{
        _cleanup_(text_freep) struct text *sec = NULL;
        int r;

        r = read_text(g, f->profile->securetty ? f->profile->securetty : "/etc/securetty", &sec);
        for (size_t i = 0; r >= 0 && sec && i < sec->n_lines; i++) {
                const struct line *l = &sec->lines[i];
                if ((l->len == 4 && (strneq(l->s, "xvc0", 4) || strneq(l->s, "hvc0", 4))))
                        r = add_name(&f->consoles, l->s, l->len, "securetty");
        }
        /* Gettys in what the guest's init really reads. */
        for (size_t i = 0; r >= 0 && i < f->init.getty_ttys.n; i++) {
                _cleanup_free_ char *where = NULL;
                if (asprintf(&where, "getty in %s", f->init.getty_sources.v[i]) < 0)
                        return -ENOMEM;
                r = add_name(&f->consoles, f->init.getty_ttys.v[i], strlen(f->init.getty_ttys.v[i]), where);
        }
        return r;
}

/*
 * --fstab-by: probe the devices fstab and crypttab name (inside the guest) or
 * find them through the host's mount table (--root), and say what was found.
 */
static int facts_block_ids(const struct guest_root *g, const struct facts_options *o, struct facts *f)
{
        _cleanup_(text_freep) struct text *fstab = NULL, *crypttab = NULL;
        const struct blockid_options bo = {
                .by = o->fstab_by, .inside = guest_root_is_host(g), .mountinfo = o->mountinfo};
        int r;

        f->fstab_by = o->fstab_by;
        if (o->fstab_by == FSTAB_BY_NAME)
                return 0;
        r = read_text(g, "/etc/fstab", &fstab);
        if (r >= 0)
                r = read_text(g, "/etc/crypttab", &crypttab);
        if (r >= 0)
                r = blockid_table_build(g, &bo, fstab, crypttab, &f->block_ids);
        for (size_t i = 0; r >= 0 && i < f->block_ids.n; i++) {
                const struct blockid_entry *e = &f->block_ids.v[i];

                r = strv_pushf(&f->notes, "--fstab-by %s: %s %s: %s (%s)", fstab_by_to_string(o->fstab_by),
                               e->origin == BLOCKID_CRYPTTAB ? "/etc/crypttab" : "/etc/fstab", e->spec,
                               e->tag ? e->tag : "no identifier", e->how);
        }
        return r;
}

/* Whether GRUB_CMDLINE_LINUX[_DEFAULT] in /etc/default/grub sets xen_blkfront.sda_is_xvda=1. */
static int grub2_default_sda_is_xvda(const struct guest_root *g, const struct facts *f, bool *ret)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_free_ char *cmdline = NULL;
        int r;

        *ret = false;
        if (!f->profile->grub2_default)
                return 0;
        r = read_text(g, f->profile->grub2_default, &t);
        if (r >= 0)
                r = grub_default_cmdline(t, &cmdline);
        if (r > 0)
                *ret = kargs_sda_is_xvda(cmdline, strlen(cmdline));
        return r < 0 ? r : 0;
}

/*
 * The disk-name rule (DESIGN section 4). RHEL 6-family kernels shift sd
 * letters by four (sda -> xvde) unless xen_blkfront.sda_is_xvda=1; every
 * other pvops kernel keeps the letter. The rule follows the target kernel's
 * version when it is known (installed or --kernel), and the profile's
 * disk-letter-shift when it is not (the kernel lives in dom0). One rule
 * serves every file of the plan.
 */
static int facts_disk_rule(const struct guest_root *g, struct facts *f)
{
        const char *v = f->target_version, *where = NULL;
        bool shift, opt_out = false;
        int r;

        shift = v ? kernel_version_is_rhel6(v) : f->profile->sd_shift > 0;
        if (!shift) {
                f->devmap.sd_shift = 0;
                return 0;
        }
        /* The option on any entry that boots the target (or, without one, on the default entry). */
        for (size_t m = 0; m < f->n_menus && !opt_out; m++)
                for (size_t i = 0; i < f->menus[m].n_entries && !opt_out; i++) {
                        const struct boot_entry *e = &f->menus[m].entries[i];
                        bool boots_target = v ? e->version && streq(e->version, v)
                                              : e == facts_default_entry(f, NULL);
                        if (boots_target && e->kernel_args &&
                            kargs_sda_is_xvda(e->kernel_args, strlen(e->kernel_args))) {
                                opt_out = true;
                                where = f->menus[m].path;
                        }
                }
        if (!opt_out) {
                r = grub2_default_sda_is_xvda(g, f, &opt_out);
                if (r < 0)
                        return r;
                if (opt_out)
                        where = f->profile->grub2_default;
        }
        f->devmap.sd_shift = opt_out ? 0 : 4;
        if (v)
                r = asprintf(&f->devmap_reason,
                             opt_out ? "target kernel %s is a RHEL 6 kernel, but its command line in '%s' has "
                                       "xen_blkfront.sda_is_xvda=1"
                                     : "target kernel %s is a RHEL 6 kernel: its blkfront names sda xvde unless "
                                       "xen_blkfront.sda_is_xvda=1 is on its command line%s",
                             v, opt_out ? where : "");
        else
                r = asprintf(&f->devmap_reason,
                             opt_out ? "no target kernel; profile %s says its kernels shift sd letters, but the "
                                       "command line in '%s' has xen_blkfront.sda_is_xvda=1"
                                     : "no target kernel; profile %s says its kernels shift sd letters%s",
                             f->profile->name, opt_out ? where : "");
        return r < 0 ? -ENOMEM : 0;
}

int facts_build(const struct guest_root *g, const struct facts_options *o, struct facts *ret)
{
        struct facts f = {.default_to_target = o->default_to_target};
        int r;

        if (!guest_root_is_host(g)) {
                f.root = strdup(guest_root_path(g));
                if (!f.root)
                        return -ENOMEM;
        }
        r = distro_detect(g, &f.distro);
        if (r >= 0)
                r = facts_profile(o, &f);
        if (r >= 0 && !o->profile && streq(f.distro.id, "unknown"))
                r = strv_push(&f.warnings, "the distribution is unknown: the generic profile is used; files that "
                                           "depend on the distribution may be missed");
        if (r >= 0)
                r = kernel_inventory(g, f.profile, &f.kernels, &f.n_kernels);
        for (size_t i = 0; r >= 0 && i < f.n_kernels; i++)
                r = strv_extend(&f.warnings, &f.kernels[i].warnings);
        if (r >= 0)
                r = facts_menus(g, &f);
        if (r >= 0)
                r = facts_target(o, &f);
        if (r >= 0)
                r = init_scan(g, f.profile, &f.init);
        if (r >= 0)
                r = initrd_conf_scan(g, f.profile, f.target, &f.initrd_conf);
        if (r >= 0)
                r = strv_extend(&f.notes, &f.init.notes);
        if (r >= 0)
                r = names_from_fstab(g, &f);
        if (r >= 0)
                r = names_from_crypttab(g, &f);
        if (r >= 0)
                r = facts_block_ids(g, o, &f);
        if (r >= 0)
                r = names_from_menus(&f);
        if (r >= 0)
                r = names_from_login(g, &f);
        if (r >= 0)
                r = facts_disk_rule(g, &f);
        if (r < 0) {
                facts_done(&f);
                return r;
        }
        *ret = f;
        return 0;
}
