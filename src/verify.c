/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "verify.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "grub-cfg.h"
#include "initrd-cmd.h"
#include "initrd-rebuild.h"
#include "initrd.h"
#include "kargs.h"
#include "log.h"
#include "lvm-conf.h"
#include "lvm-regex.h"

#define LVM_CONF "/etc/lvm/lvm.conf"

const char *check_status_to_string(enum check_status s)
{
        switch (s) {
        case CHECK_OK:
                return "ok";
        case CHECK_FAILED:
                return "failed";
        case CHECK_SKIPPED:
                return "skipped";
        }
        return "unknown";
}

void verify_report_done(struct verify_report *r)
{
        for (size_t i = 0; i < r->n_checks; i++) {
                free(r->checks[i].detail);
                free(r->checks[i].fix);
                strv_done(&r->checks[i].paths);
        }
        free(r->checks);
        *r = (struct verify_report){0};
}

static int verify_vadd(struct verify_report *r, const char *name, enum check_status s, const char *path, char *fix,
                       const char *detail_fmt, va_list ap) _printf_(6, 0);

static int verify_vadd(struct verify_report *r, const char *name, enum check_status s, const char *path, char *fix,
                       const char *detail_fmt, va_list ap)
{
        struct check c = {.name = name, .status = s, .fix = fix};
        struct check *nv;

        if (s != CHECK_OK && !fix)
                return -ENOMEM; /* its allocation failed */
        if (vasprintf(&c.detail, detail_fmt, ap) < 0) {
                free(fix);
                return -ENOMEM;
        }
        if (path && strv_push(&c.paths, path) < 0)
                goto oom;
        nv = reallocarray(r->checks, r->n_checks + 1, sizeof(*nv));
        if (!nv)
                goto oom;
        r->checks = nv;
        r->checks[r->n_checks++] = c;
        if (s == CHECK_FAILED)
                r->n_failed++;
        else if (s == CHECK_SKIPPED)
                r->n_skipped++;
        return 0;
oom:
        free(c.detail);
        free(c.fix);
        strv_done(&c.paths);
        return -ENOMEM;
}

int verify_add(struct verify_report *r, const char *name, enum check_status s, const char *path, char *fix,
               const char *detail_fmt, ...)
{
        va_list ap;
        int k;

        va_start(ap, detail_fmt);
        k = verify_vadd(r, name, s, path, fix, detail_fmt, ap);
        va_end(ap);
        return k;
}

/* The last item added, to add more paths to it. */
static struct check *last_check(struct verify_report *r)
{
        return r->n_checks ? &r->checks[r->n_checks - 1] : NULL;
}

/* A malloc'd fix text, or NULL on ENOMEM (verify_add() then returns -ENOMEM). */
static char *fixf(const char *fmt, ...) _printf_(1, 2);
static char *fixf(const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        if (vasprintf(&s, fmt, ap) < 0)
                s = NULL;
        va_end(ap);
        return s;
}

/* The plan-and-apply fix most items share. */
static char *fix_apply(const char *command, const char *what)
{
        return fixf("run '%s plan', review the diff, then '%s apply'%s%s", command, command, what ? ": " : "",
                    what ? what : "");
}

/* ---- fstab ---- */

static bool is_blank_char(char c)
{
        return c == ' ' || c == '\t';
}

/* The n-th (0-based) blank-separated field of a line. */
static bool line_field(const struct line *l, unsigned n, const char **ret, size_t *ret_len)
{
        const char *p = l->s, *end = l->s + l->len;

        for (unsigned i = 0;; i++) {
                const char *start;

                while (p < end && is_blank_char(*p))
                        p++;
                if (p >= end)
                        return false;
                start = p;
                while (p < end && !is_blank_char(*p))
                        p++;
                if (i == n) {
                        *ret = start;
                        *ret_len = (size_t)(p - start);
                        return true;
                }
        }
}

int verify_fstab(const struct text *t, const char *path, const struct devmap *m, const char *command,
                 struct verify_report *r)
{
        size_t n_bad = 0;
        int k;

        if (!t)
                return verify_add(r, "fstab", CHECK_OK, NULL, NULL, "no %s", path);
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                _cleanup_free_ char *mapped = NULL;
                enum devname_kind kind;
                const char *f, *mp;
                size_t len, mp_len = 0;

                if (line_is_blank(l) || line_is_comment(l) || !line_field(l, 0, &f, &len) || f[0] != '/')
                        continue;
                k = devname_map(m, f, len, &kind, &mapped);
                if (k < 0)
                        return k;
                if (kind != DEVNAME_MAPPED)
                        continue;
                if (!line_field(l, 1, &mp, &mp_len))
                        mp = "";
                k = verify_add(r, "fstab", CHECK_FAILED, path,
                                       fixf("name it %s, UUID= or LABEL=: '%s apply' renames it when plan can "
                                            "read the entry (see the warnings when it cannot)",
                                            mapped, command),
                                       "'%s' line %zu: %.*s%s%.*s%s names a Xenlinux disk (pvops: %s)", path,
                                       i + 1, (int)len, f, mp_len ? " (" : "", (int)mp_len, mp, mp_len ? ")" : "",
                                       mapped);
                if (k < 0)
                        return k;
                n_bad++;
        }
        if (n_bad)
                return 0;
        return verify_add(r, "fstab", CHECK_OK, path, NULL, "no entry of '%s' names a sdX/hdX disk", path);
}

bool verify_fstab_has_boot(const struct text *t)
{
        for (size_t i = 0; t && i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                const char *mp;
                size_t len;

                if (line_is_blank(l) || line_is_comment(l) || !line_field(l, 1, &mp, &len))
                        continue;
                if ((len == 5 && strneq(mp, "/boot", 5)) || (len == 6 && strneq(mp, "/boot/", 6)))
                        return true;
        }
        return false;
}

/* ---- securetty ---- */

int verify_securetty(const struct text *t, const char *path, const char *command, struct verify_report *r)
{
        size_t crlf_line = 0;

        if (!t)
                return verify_add(r, "securetty", CHECK_OK, NULL, NULL,
                                  "no %s: root may log in on any terminal", path);
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];

                if (l->len != 4 || !strneq(l->s, "hvc0", 4))
                        continue;
                if (l->eol_len != 2)
                        return verify_add(r, "securetty", CHECK_OK, path, NULL, "'%s' line %zu lets root log in on hvc0",
                                          path, i + 1);
                crlf_line = i + 1;
        }
        if (crlf_line)
                return verify_add(r, "securetty", CHECK_FAILED, path,
                                  fixf("convert '%s' to LF line ends (pam_securetty compares whole lines)", path),
                                  "'%s' line %zu: hvc0 ends in a carriage return (CRLF): pam_securetty does not "
                                  "match it, so root cannot log in on the xl console",
                                  path, crlf_line);
        return verify_add(r, "securetty", CHECK_FAILED, path, fix_apply(command, "it adds hvc0"),
                          "'%s' does not list hvc0: root cannot log in on the xl console", path);
}

/* ---- getty ---- */

int verify_getty(const struct init_info *i, const char *getty_file, const char *command, struct verify_report *r)
{
        _cleanup_(strbuf_done) struct strbuf ttys = {0};
        _cleanup_free_ char *dir = NULL;
        const char *where = getty_file ? getty_file : "the init configuration";
        int k;

        if (i->console_getty_auto)
                return verify_add(r, "getty", CHECK_OK, NULL, NULL,
                                  "%s starts a getty on the kernel console by itself (hvc0 when console=hvc0 is "
                                  "the last console= or there is none)",
                                  init_system_to_string(i->init));
        for (size_t n = 0; n < i->getty_ttys.n; n++)
                if (streq(i->getty_ttys.v[n], "hvc0") || streq(i->getty_ttys.v[n], "console"))
                        return verify_add(r, "getty", CHECK_OK, NULL, NULL, "a getty runs on %s (%s)%s",
                                          i->getty_ttys.v[n], i->getty_sources.v[n],
                                          streq(i->getty_ttys.v[n], "console")
                                                  ? ", which is hvc0 under a pvops kernel"
                                                  : "");
        for (size_t n = 0; n < i->getty_ttys.n; n++) {
                k = strbuf_printf(&ttys, "%s%s", n ? ", " : "", i->getty_ttys.v[n]);
                if (k < 0)
                        return k;
        }
        /* A job directory stands for every file below it. */
        if (getty_file && i->init != INIT_SYSVINIT && asprintf(&dir, "%s/", getty_file) < 0)
                return -ENOMEM;
        k = verify_add(r, "getty", CHECK_FAILED, dir ? dir : getty_file, fix_apply(command, "it adds a getty on hvc0"),
                       "no getty on hvc0 in %s (%s%s): no login prompt on the xl console", where,
                       ttys.len ? "gettys on: " : "no getty at all", ttys.len ? ttys.s : "");
        return k;
}

/* ---- boot entry ---- */

int verify_cmdline(const char *args, const char *where, const char *path, const char *command,
                   struct verify_report *r)
{
        _cleanup_(strv_done) struct strv problems = {0};
        _cleanup_(strbuf_done) struct strbuf b = {0};
        _cleanup_free_ char *root = NULL, *console = NULL;
        int k;

        k = kargs_check_pvops(args, strlen(args), &problems);
        if (k < 0)
                return k;
        if (problems.n) {
                for (size_t i = 0; i < problems.n && k >= 0; i++)
                        k = strbuf_printf(&b, "%s%s", i ? "; " : "", problems.v[i]);
                if (k < 0)
                        return k;
                return verify_add(r, "boot-entry", CHECK_FAILED, path,
                                  fix_apply(command, "it converts the entries of pvops kernels"), "%s: %s", where,
                                  b.s);
        }
        k = kargs_get(args, strlen(args), "root", &root);
        if (k >= 0)
                k = kargs_get(args, strlen(args), "console", &console);
        if (k >= 0 && root)
                k = strbuf_printf(&b, "root=%s, ", root);
        if (k >= 0)
                k = strbuf_puts(&b, console ? "console=hvc0 last" : "no console= (hvc0 by default)");
        if (k < 0)
                return k;
        return verify_add(r, "boot-entry", CHECK_OK, path, NULL, "%s has pvops names: %s", where, b.s);
}

/* The value of a shell assignment NAME=VALUE on line l, quotes removed: 1 and *ret, 0 when l is not one, -ENOMEM. */
/* ---- LVM filter ---- */

/* One filter or global_filter list, its patterns compiled with LVM's regex syntax. */
struct lvm_filter {
        struct lvm_regex **re; /* NULL: a pattern LVM would refuse, or that does not compile: matches nothing */
        bool *accept;
        size_t n;
};

static void lvm_filter_done(struct lvm_filter *f)
{
        for (size_t i = 0; i < f->n; i++)
                lvm_regex_free(f->re[i]);
        free(f->re);
        free(f->accept);
        *f = (struct lvm_filter){0};
}

static int lvm_filter_compile(const char *data, const struct lvm_conf_list *l, struct lvm_filter *ret)
{
        _cleanup_(lvm_filter_done) struct lvm_filter f = {.re = calloc(l->n + 1, sizeof(*f.re)),
                                                          .accept = calloc(l->n + 1, sizeof(*f.accept))};

        if (!f.re || !f.accept)
                return -ENOMEM;
        for (; f.n < l->n; f.n++) {
                _cleanup_free_ char *pat = NULL;
                size_t b, e;
                char action;
                int r;

                if (l->v[f.n].kind == LVM_CONF_OTHER)
                        continue; /* LVM wants patterns in quotes */
                pat = lvm_conf_value_string(data, &l->v[f.n]);
                if (!pat)
                        return -ENOMEM;
                if (!lvm_filter_split(pat, strlen(pat), &action, &b, &e))
                        continue;
                f.accept[f.n] = action == 'a';
                r = lvm_regex_compile(pat + b, e - b, &f.re[f.n]);
                if (r == -ENOMEM)
                        return r;
        }
        *ret = f;
        f = (struct lvm_filter){0};
        return 0;
}

/* LVM's regex filter: the first pattern that matches says accept or reject; no match accepts. */
static bool lvm_filter_accepts(const struct lvm_filter *f, const char *device)
{
        for (size_t i = 0; i < f->n; i++)
                if (f->re[i] && lvm_regex_match(f->re[i], device))
                        return f->accept[i];
        return true;
}

/* The first sd/hd name f accepts whose xvd name it rejects; 1 with both names, 0 when none. */
static int lvm_filter_find_rejected(const struct lvm_filter *f, const struct devmap *m, char **ret_sd, char **ret_xvd)
{
        static const char *const prefixes[] = {"/dev/sd", "/dev/hd"};
        int k;

        for (size_t p = 0; p < ARRAY_SIZE(prefixes); p++)
                for (char letter = 'a'; letter <= 'h'; letter++)
                        for (int part = 0; part <= 4; part++) {
                                _cleanup_free_ char *sd = NULL, *xvd = NULL;
                                enum devname_kind kind;

                                if ((part ? asprintf(&sd, "%s%c%d", prefixes[p], letter, part)
                                          : asprintf(&sd, "%s%c", prefixes[p], letter)) < 0) {
                                        sd = NULL;
                                        return -ENOMEM;
                                }
                                if (!lvm_filter_accepts(f, sd))
                                        continue;
                                k = devname_map(m, sd, strlen(sd), &kind, &xvd);
                                if (k < 0)
                                        return k;
                                if (kind != DEVNAME_MAPPED || !xvd || lvm_filter_accepts(f, xvd))
                                        continue;
                                *ret_sd = TAKE_PTR(sd);
                                *ret_xvd = TAKE_PTR(xvd);
                                return 1;
                        }
        return 0;
}

int verify_lvm(const struct text *t, const char *path, const struct devmap *m, struct verify_report *r)
{
        _cleanup_(lvm_conf_done) struct lvm_conf conf = {0};
        struct lvm_conf_error err = {0};
        size_t n_filters = 0;
        int k;

        if (!t)
                return verify_add(r, "lvm-filter", CHECK_OK, NULL, NULL, "no %s", path);
        k = lvm_conf_parse(t->data, t->size, &conf, &err);
        if (k == -EINVAL) {
                size_t line = text_line_at(t, err.offset) + 1;

                return verify_add(r, "lvm-filter", CHECK_SKIPPED, path,
                                  fixf("make '%s' line %zu readable for LVM ('lvm dumpconfig' shows what it "
                                       "finds), then run verify again",
                                       path, line),
                                  "'%s' line %zu: cannot be read as LVM reads it (%s): its filters are not checked",
                                  path, line, err.what);
        }
        if (k < 0)
                return k;
        for (size_t i = 0; i < conf.n_lists; i++) {
                const struct lvm_conf_list *l = &conf.lists[i];
                _cleanup_(lvm_filter_done) struct lvm_filter f = {0};
                _cleanup_free_ char *sd = NULL, *xvd = NULL;
                size_t line;

                if (l->key != LVM_CONF_FILTER && l->key != LVM_CONF_GLOBAL_FILTER)
                        continue;
                n_filters++;
                k = lvm_filter_compile(t->data, l, &f);
                if (k >= 0)
                        k = lvm_filter_find_rejected(&f, m, &sd, &xvd);
                if (k <= 0) {
                        if (k < 0)
                                return k;
                        continue;
                }
                line = text_line_at(t, l->key_at) + 1;
                return verify_add(r, "lvm-filter", CHECK_FAILED, path,
                                  fixf("let '%s' line %zu accept the xvd names too (for example a pattern "
                                       "\"a|^/dev/xvd|\" before the one that rejects them), then rebuild the "
                                       "initrd (it has a copy of lvm.conf)",
                                       path, line),
                                  "'%s' line %zu: %s accepts %s but rejects %s: LVM will not find its "
                                  "physical volumes under a pvops kernel",
                                  path, line, lvm_conf_key_name(l->key), sd, xvd);
        }
        return n_filters ? verify_add(r, "lvm-filter", CHECK_OK, path, NULL,
                                      "the filters of '%s' accept the xvd names of the disks they accept", path)
                         : verify_add(r, "lvm-filter", CHECK_OK, path, NULL, "'%s' sets no filter", path);
}

/* ---- the whole checklist ---- */

/* What verify_run() finds once and several items use. */
struct verify_ctx {
        const struct guest_root *g;
        const struct facts *f;
        const char *command;
        struct verify_report *r;
        struct text *fstab;                /* NULL: no fstab */
        const struct boot_menu *menu;      /* the target's entry, or NULL */
        const struct boot_entry *entry;
        size_t entry_index;
        char *where;                       /* "'/boot/grub/menu.lst' entry 0 (TITLE)" */
        char *no_entry_reason;             /* why there is no entry to check, when there is none */
        char *initrd;                      /* the entry's initrd as a guest path, when it is a file */
        char *initrd_wanted;               /* the entry's initrd as a guest path, whether it is there or not */
};

static void verify_ctx_done(struct verify_ctx *c)
{
        c->fstab = text_free(c->fstab);
        free(c->where);
        free(c->no_entry_reason);
        free(c->initrd);
        free(c->initrd_wanted);
}

/* Read a guest text file: 0 with *ret NULL when it does not exist; unsafe files are errors. */
static int read_guest_text(const struct guest_root *g, const char *path, struct text **ret)
{
        _cleanup_(guest_file_freep) struct guest_file *file = NULL;
        int r;

        *ret = NULL;
        error_clear();
        r = guest_file_read(g, path, &file);
        if ((r == -ENOENT || r == -ENOTDIR) && !error_get())
                return 0;
        if (r < 0)
                return r;
        return text_new(file->data, file->size, ret);
}

/* Whether a guest path exists (anything, a dangling symlink included). */
static int guest_exists(const struct guest_root *g, const char *path, bool *ret)
{
        _cleanup_free_ char *canonical = NULL;
        bool exists = false;
        int r;

        error_clear();
        r = guest_resolve(g, path, &canonical, &exists);
        if (r == -ENOMEM)
                return r;
        error_clear();
        *ret = r >= 0 ? exists : r != -ENOENT && r != -ENOTDIR;
        return 0;
}

/*
 * The fix that rebuilds the target's initrd: "PREFIX; inside the guest: CMD"
 * with the profile's command (initrd_rebuild_command()) for image, or the
 * image named by the profile when image is NULL. NULL only on ENOMEM.
 */
static char *fix_rebuild(const struct verify_ctx *c, const char *prefix, const char *image)
{
        const struct facts *f = c->f;
        _cleanup_free_ char *named = NULL, *cmd = NULL, *dev = NULL;
        int r = 0;

        error_clear();
        if (!image && f->target)
                r = initrd_rebuild_image(f->profile, f->target, &named);
        if (r >= 0)
                r = initrd_root_device(f, &dev);
        if (r >= 0 && (image || named) && f->target_version)
                r = initrd_rebuild_command(f->profile, f->target_version, image ? image : named,
                                           &(const struct initrd_rebuild_extra){
                                                   .blkfront = f->target ? f->target->blkfront : -1,
                                                   .root_device = dev},
                                           &cmd);
        error_clear();
        if (r == -ENOMEM)
                return NULL;
        if (cmd)
                return fixf("%s; inside the guest: %s", prefix, cmd);
        return fixf("%s with the distribution's initrd tool", prefix);
}

static bool entry_boots_target(const struct facts *f, const struct boot_entry *e)
{
        return !e->is_xen_hypervisor && e->kernel && facts_entry_kernel(f, e) == f->target;
}

/* The entry that boots the target: the default one if it does, else the first in menu order. */
static int find_target_entry(struct verify_ctx *c)
{
        const struct facts *f = c->f;
        const struct boot_menu *dm = NULL;
        const struct boot_entry *def = facts_default_entry(f, &dm);

        /* A kernel that is not installed is booted by dom0, which gives the command line too. */
        if (!f->target)
                return 0;
        if (def && entry_boots_target(f, def)) {
                c->menu = dm;
                c->entry = def;
        }
        for (size_t m = 0; !c->entry && m < f->n_menus; m++)
                for (size_t i = 0; !c->entry && i < f->menus[m].n_entries; i++)
                        if (entry_boots_target(f, &f->menus[m].entries[i])) {
                                c->menu = &f->menus[m];
                                c->entry = &f->menus[m].entries[i];
                        }
        if (!c->entry)
                return 0;
        c->entry_index = (size_t)(c->entry - c->menu->entries);
        if (asprintf(&c->where, "'%s' entry %zu (%s)", c->menu->path, c->entry_index,
                     c->entry->title ? c->entry->title : "no title") < 0) {
                c->where = NULL;
                return -ENOMEM;
        }
        return 0;
}

static int check_kernel(struct verify_ctx *c, bool has_menu)
{
        const struct facts *f = c->f;
        const struct kernel *k = f->target;
        const char *cmd = c->command;

        if (k && k->flavor == FLAVOR_PVOPS) {
                const struct evidence *e = k->n_evidence ? &k->evidence[0] : NULL;
                return verify_add(c->r, "kernel", CHECK_OK, NULL, NULL, "%s is a pvops kernel%s%s%s%s%s", k->version,
                                  e ? " (" : "", e ? evidence_kind_to_string(e->kind) : "", e ? ": " : "",
                                  e && e->detail ? e->detail : "", e ? ")" : "");
        }
        if (k && k->flavor == FLAVOR_XENLINUX)
                return verify_add(c->r, "kernel", CHECK_FAILED, NULL,
                                  fixf("name a pvops kernel with '%s --kernel VERSION verify'", cmd),
                                  "%s (%s) is a Xenlinux kernel", k->version, f->target_reason);
        if (k)
                return verify_add(c->r, "kernel", CHECK_SKIPPED, NULL,
                                  fixf("make sure %s is a pvops kernel (CONFIG_PARAVIRT and CONFIG_XEN, console hvc0)",
                                       k->version),
                                  "nothing says whether %s is a pvops or a Xenlinux kernel (no config, no module "
                                  "index)",
                                  k->version);
        if (f->target_version)
                return verify_add(c->r, "kernel", CHECK_SKIPPED, NULL,
                                  fixf("make sure dom0's %s is a pvops kernel and its ramdisk has xen-blkfront",
                                       f->target_version),
                                  "%s (--kernel) is not installed in the guest: dom0 boots it (kernel= in the domU "
                                  "configuration), so it cannot be checked from here",
                                  f->target_version);
        if (has_menu)
                return verify_add(c->r, "kernel", CHECK_FAILED, NULL,
                                  fixf("install a pvops kernel in the guest; or, when dom0 boots the guest with its "
                                       "own kernel, name it: '%s --kernel VERSION verify'",
                                       cmd),
                                  "no pvops kernel is installed in the guest, and its boot menu (pygrub) can only "
                                  "boot the kernels it has");
        return verify_add(c->r, "kernel", CHECK_SKIPPED, NULL,
                          fixf("make sure dom0's kernel for this guest is pvops; name it: '%s --kernel VERSION verify'",
                               cmd),
                          "no pvops kernel and no boot menu in the guest: dom0 gives the kernel (kernel= in the domU "
                          "configuration), which cannot be checked from here");
}

/*
 * Every file that holds a kernel command line, on the boot-entry item just
 * added: plan's changes to any of them are that item's fix.
 */
static int add_boot_paths(struct verify_ctx *c)
{
        const struct profile *p = c->f->profile;
        const char *const extra[] = {p->grub2_default, p->grub2_cfg, p->sysconfig_bootloader};
        struct check *last = last_check(c->r);
        int r = 0;

        for (size_t i = 0; r >= 0 && i < c->f->n_menus; i++)
                r = strv_push_unique(&last->paths, c->f->menus[i].path);
        for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(extra); i++)
                if (extra[i])
                        r = strv_push_unique(&last->paths, extra[i]);
        return r;
}

/* The boot-entry item; with GRUB 2 only, /etc/default/grub's command line. */
static int check_boot_entry_item(struct verify_ctx *c, const char *grub2_cfg)
{
        const struct facts *f = c->f;
        const struct profile *p = f->profile;
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_free_ char *cmdline = NULL, *where = NULL;
        int r;

        if (c->entry)
                return verify_cmdline(c->entry->kernel_args ? c->entry->kernel_args : "", c->where, c->menu->path,
                                      c->command, c->r);
        if (!f->target_version)
                r = asprintf(&c->no_entry_reason, "no target kernel, so no boot entry to check");
        else if (!f->target)
                r = asprintf(&c->no_entry_reason,
                             "%s is not installed in the guest: dom0 gives its command line (extra= or cmdline= "
                             "in the domU configuration)",
                             f->target_version);
        else if (f->n_menus)
                r = asprintf(&c->no_entry_reason, "no entry of '%s' boots %s", f->menus[0].path, f->target_version);
        else if (grub2_cfg)
                r = asprintf(&c->no_entry_reason, "the entries of the GRUB 2 menu '%s' are not read", grub2_cfg);
        else
                r = asprintf(&c->no_entry_reason,
                             "no boot menu in the guest: dom0 gives the kernel command line (extra= or cmdline= in "
                             "the domU configuration)");
        if (r < 0) {
                c->no_entry_reason = NULL;
                return -ENOMEM;
        }
        if (f->target && f->n_menus)
                return verify_add(c->r, "boot-entry", CHECK_FAILED, f->menus[0].path,
                                  fixf("add an entry for %s to '%s' (the kernel package's scripts or %s do that)",
                                       f->target_version, f->menus[0].path,
                                       p->grub_update ? p->grub_update : "grubby"),
                                  "%s: pygrub cannot boot it", c->no_entry_reason);
        if (f->target && grub2_cfg && p->grub2_default) {
                r = read_guest_text(c->g, p->grub2_default, &t);
                if (r < 0)
                        return r;
                r = t ? grub_default_cmdline(t, &cmdline) : 0;
                if (r < 0)
                        return r;
                if (r > 0) {
                        if (asprintf(&where, "GRUB 2 (the entries of '%s' are not read): '%s' GRUB_CMDLINE_LINUX",
                                     grub2_cfg, p->grub2_default) < 0)
                                return -ENOMEM;
                        return verify_cmdline(cmdline, where, p->grub2_default, c->command, c->r);
                }
        }
        return verify_add(c->r, "boot-entry", CHECK_SKIPPED, NULL,
                          fixf("make sure the command line that boots %s has root= with a xvd name (or UUID=, "
                               "LABEL=, LVM), console=hvc0 last or no console=, and no xencons=",
                               f->target_version ? f->target_version : "the pvops kernel"),
                          "%s", c->no_entry_reason);
}

/* boot-entry, with GRUB 2's /etc/default/grub when the guest has no GRUB legacy menu. */
static int check_boot_entry(struct verify_ctx *c, const char *grub2_cfg)
{
        int r = check_boot_entry_item(c, grub2_cfg);

        return r < 0 ? r : add_boot_paths(c);
}

/* The guest path of a menu's initrd path: without a "(hd0,0)" device, below /boot when it is a partition. */
static int entry_initrd_path(const char *initrd, bool separate_boot, char **ret)
{
        const char *p = initrd;

        if (*p == '(' && strchr(p, ')'))
                p = strchr(p, ')') + 1;
        if (asprintf(ret, "%s%s%s", separate_boot ? "/boot" : "", *p == '/' ? "" : "/", p) < 0) {
                *ret = NULL;
                return -ENOMEM;
        }
        return 0;
}

static int check_initrd(struct verify_ctx *c)
{
        const struct facts *f = c->f;
        const struct kernel *k = f->target;
        bool separate_boot = verify_fstab_has_boot(c->fstab);
        _cleanup_free_ char *path = NULL, *canonical = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;
        bool exists = false;
        int r;

        if (!c->entry && f->target_version && !k)
                return verify_add(c->r, "initrd", CHECK_SKIPPED, NULL,
                                  fixf("make sure dom0's ramdisk for %s has xen-blkfront (or that it is built in)",
                                       f->target_version),
                                  "%s is not installed in the guest: dom0 gives its ramdisk (ramdisk= in the domU "
                                  "configuration)",
                                  f->target_version);
        if (!c->entry)
                return verify_add(c->r, "initrd", CHECK_SKIPPED, NULL,
                                  fixf("make sure the initrd that boots %s exists and has xen-blkfront",
                                       f->target_version ? f->target_version : "the pvops kernel"),
                                  "%s", c->no_entry_reason);
        if (!c->entry->initrd) {
                if (k && k->blkfront == 1)
                        return verify_add(c->r, "initrd", CHECK_OK, NULL, NULL,
                                          "%s has no initrd line; xen-blkfront is built into %s", c->where,
                                          k->version);
                return verify_add(c->r, "initrd", CHECK_FAILED, NULL,
                                  fix_rebuild(c, "build an initrd and add an initrd line to the entry", NULL),
                                  "%s has no initrd line, and xen-blkfront is not known to be built into %s",
                                  c->where, f->target_version);
        }
        r = entry_initrd_path(c->entry->initrd, separate_boot, &path);
        if (r < 0)
                return r;
        c->initrd_wanted = strdup(path);
        if (!c->initrd_wanted)
                return -ENOMEM;
        error_clear();
        r = guest_resolve(c->g, path, &canonical, &exists);
        if (r >= 0 && exists) {
                r = guest_open_canonical(c->g, canonical, O_PATH, 0, &fd);
                if (r >= 0 && fstat(fd, &st) < 0)
                        r = negative_errno();
        } else if (r >= 0 || (r == -ENOTDIR && !error_get()))
                r = -ENOENT; /* missing, or a directory on the way is */
        if (r == -ENOMEM)
                return r;
        if (r >= 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
                c->initrd = TAKE_PTR(path);
                return verify_add(c->r, "initrd", CHECK_OK, NULL, NULL, "%s: initrd %s exists", c->where, c->initrd);
        }
        if (r != -ENOENT || error_get()) {
                /* Why it cannot be used, copied now: building the fix clears the recorded error. */
                _cleanup_free_ char *why = NULL;

                if (r >= 0 && !S_ISREG(st.st_mode))
                        r = asprintf(&why, "is %s, not a file", guest_file_type_name(st.st_mode));
                else if (r >= 0)
                        r = asprintf(&why, "is empty");
                else /* a dangling symlink, a loop, ... */
                        r = asprintf(&why, "cannot be used: %s", error_get() ? error_get() : strerror(-r));
                if (r < 0)
                        return -ENOMEM;
                return verify_add(c->r, "initrd", CHECK_FAILED, NULL, fix_rebuild(c, "rebuild it", path),
                                  "%s: initrd %s %s", c->where, path, why);
        }
        return verify_add(c->r, "initrd", CHECK_FAILED, NULL,
                          separate_boot && !guest_root_is_host(c->g)
                                  ? fix_rebuild(c, "build it (and make sure the guest's /boot partition is "
                                                   "mounted on /boot under the root)",
                                                path)
                                  : fix_rebuild(c, "build it", path),
                          "%s: initrd %s%s does not exist", c->where, path,
                          separate_boot ? " (/boot is a separate partition in fstab)" : "");
}

static int check_blkfront(struct verify_ctx *c)
{
        const struct facts *f = c->f;
        const struct kernel *k = f->target;
        const char *initrd = c->initrd ? c->initrd : !c->entry && k ? k->initrd : NULL;
        const char *modules_file = f->profile->initrd_modules_file;
        _cleanup_(initrd_xen_done) struct initrd_xen x = {0};
        _cleanup_free_ char *fix = NULL;
        int r;

        if (!k)
                return verify_add(c->r, "blkfront", CHECK_SKIPPED, NULL,
                                  fixf("make sure the pvops kernel has xen-blkfront built in or in its ramdisk"),
                                  "%s", f->target_version ? "the target kernel is not installed in the guest, so its "
                                                            "modules cannot be read"
                                                          : "no pvops kernel in the guest");
        if (k->blkfront == 1)
                return verify_add(c->r, "blkfront", CHECK_OK, NULL, NULL, "xen-blkfront is built into %s",
                                  k->version);
        if (!initrd) {
                if (k->blkfront == 0)
                        return verify_add(c->r, "blkfront", CHECK_FAILED, modules_file,
                                          fix_rebuild(c, "build an initrd with xen-blkfront", c->initrd_wanted),
                                          "xen-blkfront is a module of %s, and there is no initrd to load it "
                                          "from%s",
                                          k->version, c->initrd_wanted ? " (see initrd)" : "");
                return verify_add(c->r, "blkfront", CHECK_SKIPPED, NULL,
                                  fixf("make sure xen-blkfront is built into %s (CONFIG_XEN_BLKDEV_FRONTEND=y)",
                                       k->version),
                                  "nothing says whether xen-blkfront is built into %s, and there is no initrd to "
                                  "look into",
                                  k->version);
        }
        fix = fix_rebuild(c,
                          "list xen-blkfront in the initrd tool's modules (domufix plan and apply do that where "
                          "they can), then rebuild the initrd",
                          initrd);
        if (!fix)
                return -ENOMEM;
        error_clear();
        r = initrd_find_xen_for(c->g, initrd, k->version, &x);
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return verify_add(c->r, "blkfront", CHECK_FAILED, modules_file, TAKE_PTR(fix), "%s",
                                  error_get() ? error_get() : strerror(-r));
        if (!x.blkfront && x.module_versions.n && !strv_contains(&x.module_versions, k->version))
                return verify_add(c->r, "blkfront", CHECK_FAILED, modules_file, TAKE_PTR(fix),
                                  "'%s' has no modules for %s (they are for %s): it belongs to another kernel",
                                  initrd, k->version, x.module_versions.v[0]);
        if (x.blkfront)
                return verify_add(c->r, "blkfront", CHECK_OK, NULL, NULL, "'%s' has xen-blkfront (%s)", initrd,
                                  x.blkfront);
        return verify_add(c->r, "blkfront", CHECK_FAILED, modules_file, TAKE_PTR(fix),
                          "'%s' has no xen-blkfront%s%s%s: the pvops kernel will not find its disks", initrd,
                          x.xenblk ? " (only the Xenlinux xenblk)" : "",
                          k->blkfront < 0 ? ", and nothing says it is built into " : "",
                          k->blkfront < 0 ? k->version : "");
}

static int check_fstab(struct verify_ctx *c)
{
        return verify_fstab(c->fstab, "/etc/fstab", &c->f->devmap, c->command, c->r);
}

static int check_securetty(struct verify_ctx *c)
{
        const char *path = c->f->profile->securetty ? c->f->profile->securetty : "/etc/securetty";
        _cleanup_(text_freep) struct text *t = NULL;
        int r;

        r = read_guest_text(c->g, path, &t);
        if (r < 0)
                return r;
        return verify_securetty(t, path, c->command, c->r);
}

static int check_lvm(struct verify_ctx *c)
{
        _cleanup_(text_freep) struct text *t = NULL;
        int r;

        r = read_guest_text(c->g, LVM_CONF, &t);
        if (r < 0)
                return r;
        return verify_lvm(t, LVM_CONF, &c->f->devmap, c->r);
}

/* Whether a path is one a failed item judged (and so the plan's change to it is that item's fix). */
static bool covered_by_failed(const struct verify_report *r, const char *path)
{
        for (size_t i = 0; i < r->n_checks; i++) {
                const struct check *c = &r->checks[i];

                if (c->status != CHECK_FAILED)
                        continue;
                for (size_t k = 0; k < c->paths.n; k++) {
                        const char *cp = c->paths.v[k];
                        size_t n = strlen(cp);

                        if (streq(path, cp) || (n && cp[n - 1] == '/' && strneq(path, cp, n)))
                                return true;
                }
        }
        return false;
}

static int check_pending(struct verify_ctx *c, const struct plan *p)
{
        _cleanup_(strbuf_done) struct strbuf list = {0};
        size_t n = 0;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < p->n_changes; i++) {
                const struct change *ch = &p->changes[i];
                bool covered = covered_by_failed(c->r, ch->path);

                for (size_t v = 0; !covered && v < ch->via.n; v++)
                        covered = covered_by_failed(c->r, ch->via.v[v]);
                if (!covered)
                        r = strbuf_printf(&list, "%s%s", n++ ? ", " : "", ch->path);
        }
        if (r < 0)
                return r;
        if (n)
                return verify_add(c->r, "pending", CHECK_FAILED, NULL,
                                  fixf("review '%s plan', then run '%s apply'", c->command, c->command),
                                  "plan would still change %zu file%s: %s", n, n == 1 ? "" : "s", list.s);
        return verify_add(c->r, "pending", CHECK_OK, NULL, NULL, "%s",
                          p->n_changes ? "plan's other changes are the fixes of the failed items above"
                                       : "plan has nothing left to change");
}

static int check_warnings(struct verify_ctx *c, const struct plan *p)
{
        if (!p->warnings.n)
                return verify_add(c->r, "warnings", CHECK_OK, NULL, NULL, "plan has no warnings");
        return verify_add(c->r, "warnings", CHECK_FAILED, NULL,
                          fixf("fix by hand what each warning names, then run '%s verify' again", c->command),
                          "plan has %zu warning%s that need%s a human (see the warnings)", p->warnings.n,
                          p->warnings.n == 1 ? "" : "s", p->warnings.n == 1 ? "s" : "");
}

int verify_run(const struct guest_root *g, const struct facts *f, const struct plan *p, const char *command,
               struct verify_report *ret)
{
        _cleanup_(verify_report_done) struct verify_report rep = {0};
        struct verify_ctx c = {.g = g, .f = f, .command = command, .r = &rep};
        const char *grub2_cfg = NULL;
        bool has_menu = f->n_menus > 0, exists;
        int r;

        r = read_guest_text(g, "/etc/fstab", &c.fstab);
        if (r >= 0 && f->profile->grub2_cfg) {
                r = guest_exists(g, f->profile->grub2_cfg, &exists);
                if (r >= 0 && exists)
                        grub2_cfg = f->profile->grub2_cfg;
        }
        has_menu = has_menu || grub2_cfg;
        if (r >= 0)
                r = find_target_entry(&c);
        if (r >= 0)
                r = check_kernel(&c, has_menu);
        if (r >= 0)
                r = check_boot_entry(&c, grub2_cfg);
        if (r >= 0)
                r = check_initrd(&c);
        if (r >= 0)
                r = check_blkfront(&c);
        if (r >= 0)
                r = check_fstab(&c);
        if (r >= 0)
                r = verify_getty(&f->init, f->profile->getty_file, command, &rep);
        if (r >= 0)
                r = check_securetty(&c);
        if (r >= 0)
                r = check_lvm(&c);
        if (r >= 0 && p)
                r = check_pending(&c, p);
        if (r >= 0 && p)
                r = check_warnings(&c, p);
        verify_ctx_done(&c);
        if (r < 0)
                return r;
        rep.ready = rep.n_failed == 0;
        *ret = rep;
        rep = (struct verify_report){0};
        return 0;
}
