/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <blkid.h>
#include <fcntl.h>
#include <libmount.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/sysmacros.h>

#include "blockid.h"
#include "devname.h"
#include "log.h"
#include "macro.h"
#include "rewrite/crypttab.h"
#include "rewrite/fstab.h"
#include "util.h"

#define MOUNTINFO_DEFAULT "/proc/self/mountinfo"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct libmnt_table *, mnt_unref_table);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct libmnt_iter *, mnt_free_iter);
DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, blkid_free_probe);

const char *fstab_by_to_string(enum fstab_by b)
{
        switch (b) {
        case FSTAB_BY_NAME:
                return "name";
        case FSTAB_BY_UUID:
                return "uuid";
        case FSTAB_BY_LABEL:
                return "label";
        }
        return "unknown";
}

int fstab_by_from_string(const char *s, enum fstab_by *ret)
{
        static const enum fstab_by all[] = {FSTAB_BY_NAME, FSTAB_BY_UUID, FSTAB_BY_LABEL};

        for (size_t i = 0; s && i < ARRAY_SIZE(all); i++)
                if (streq(s, fstab_by_to_string(all[i]))) {
                        *ret = all[i];
                        return 0;
                }
        return -EINVAL;
}

void blockid_info_done(struct blockid_info *i)
{
        free(i->type);
        free(i->uuid);
        free(i->label);
        *i = (struct blockid_info){0};
}

/* ---- probing ---- */

static int probe_value(blkid_probe pr, const char *name, char **ret)
{
        const char *data = NULL;
        size_t len = 0;

        *ret = NULL;
        if (blkid_probe_lookup_value(pr, name, &data, &len) != 0 || !data)
                return 0;
        /* libblkid counts the terminating NUL in len. */
        *ret = strndup_or_null(data, strnlen(data, len));
        return *ret ? 0 : -ENOMEM;
}

/* Probe an open descriptor; what names it in messages. */
static int probe_fd(int fd, const char *what, struct blockid_info *ret)
{
        _cleanup_(blkid_free_probep) blkid_probe pr = NULL;
        struct blockid_info info = {0};
        int r;

        pr = blkid_new_probe();
        if (!pr)
                return -ENOMEM;
        if (blkid_probe_set_device(pr, fd, 0, 0) != 0) {
                error_set("'%s': libblkid cannot probe it", what);
                return -EIO;
        }
        if (blkid_probe_enable_superblocks(pr, 1) != 0 ||
            blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL) !=
                    0 ||
            blkid_probe_enable_partitions(pr, 0) != 0)
                return -ENOMEM;

        r = blkid_do_safeprobe(pr);
        if (r == 1) { /* nothing found */
                *ret = info;
                return 0;
        }
        if (r == -2) {
                info.ambiguous = true;
                *ret = info;
                return 0;
        }
        if (r != 0) {
                error_set("'%s': libblkid failed to read it", what);
                return -EIO;
        }
        r = probe_value(pr, "TYPE", &info.type);
        if (r >= 0)
                r = probe_value(pr, "UUID", &info.uuid);
        if (r >= 0)
                r = probe_value(pr, "LABEL", &info.label);
        if (r < 0) {
                blockid_info_done(&info);
                return r;
        }
        *ret = info;
        return 0;
}

static bool probeable(const struct stat *st)
{
        return S_ISBLK(st->st_mode) || S_ISREG(st->st_mode);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
        return a->st_dev == b->st_dev && a->st_ino == b->st_ino && (a->st_mode & S_IFMT) == (b->st_mode & S_IFMT) &&
               a->st_rdev == b->st_rdev;
}

/* Check an O_PATH descriptor's type, so that nothing but a disk or an image is ever opened for reading. */
static int check_probeable(int pfd, const char *what, struct stat *ret_st)
{
        if (fstat(pfd, ret_st) < 0) {
                int r = negative_errno();
                error_set("'%s': %s", what, strerror(-r));
                return r;
        }
        if (!probeable(ret_st)) {
                error_set("'%s' is %s, not a block device", what, guest_file_type_name(ret_st->st_mode));
                return -ENOTBLK;
        }
        return 0;
}

/* Probe the descriptor once it is known to be the file checked before (a swap of the path is refused). */
static int probe_checked(int fd, const struct stat *checked, const char *what, struct blockid_info *ret)
{
        struct stat st;

        if (fstat(fd, &st) < 0) {
                int r = negative_errno();
                error_set("'%s': %s", what, strerror(-r));
                return r;
        }
        if (!same_file(&st, checked)) {
                error_set("'%s' changed while it was opened", what);
                return -ESTALE;
        }
        return probe_fd(fd, what, ret);
}

#define PROBE_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

int blockid_probe_path(const char *path, struct blockid_info *ret)
{
        _cleanup_close_ int pfd = -1, fd = -1;
        struct stat st;
        int r;

        pfd = open(path, O_PATH | O_CLOEXEC);
        if (pfd < 0) {
                r = negative_errno();
                error_set("'%s': %s", path, strerror(-r));
                return r;
        }
        r = check_probeable(pfd, path, &st);
        if (r < 0)
                return r;
        fd = open(path, PROBE_FLAGS);
        if (fd < 0) {
                r = negative_errno();
                error_set("'%s': %s", path, strerror(-r));
                return r;
        }
        return probe_checked(fd, &st, path, ret);
}

int blockid_probe_guest(const struct guest_root *g, const char *path, struct blockid_info *ret)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int pfd = -1, fd = -1;
        struct stat st;
        bool exists;
        int r;

        error_clear();
        r = guest_resolve(g, path, &canonical, &exists);
        if (r >= 0 && !exists)
                r = -ENOENT;
        if (r < 0) {
                if (r == -ENOENT && !error_get())
                        error_set("'%s' does not exist", path);
                return r;
        }
        r = guest_open_canonical(g, canonical, O_PATH, 0, &pfd);
        if (r < 0)
                return r;
        r = check_probeable(pfd, path, &st);
        if (r < 0)
                return r;
        r = guest_open_canonical(g, canonical, PROBE_FLAGS, 0, &fd);
        if (r < 0)
                return r;
        return probe_checked(fd, &st, path, ret);
}

/* ---- the mount table ---- */

static void blockid_mount_done(struct blockid_mount *m)
{
        free(m->target);
        free(m->source);
        free(m->fsroot);
        free(m->fstype);
}

void blockid_mounts_done(struct blockid_mounts *m)
{
        for (size_t i = 0; i < m->n; i++)
                blockid_mount_done(&m->v[i]);
        free(m->v);
        *m = (struct blockid_mounts){0};
}

const struct blockid_mount *blockid_mounts_find(const struct blockid_mounts *m, const char *target)
{
        for (size_t i = m->n; i-- > 0;)
                if (streq(m->v[i].target, target))
                        return &m->v[i];
        return NULL;
}

/* Whether path a is b or a directory above it ("/" is above everything). */
static bool path_covers(const char *a, const char *b)
{
        size_t n = strlen(a);

        if (streq(a, "/"))
                return true;
        return strneq(a, b, n) && (b[n] == '\0' || b[n] == '/');
}

struct raw_mount {
        int id, parent;
        const char *target, *source, *fsroot, *fstype;
        dev_t devno;
};

/* Whether mount a is one that b is mounted on, directly or further down (by parent ids). */
static bool mounted_on(const struct raw_mount *v, size_t n, size_t a, size_t b)
{
        int want = v[a].id, cur = v[b].parent;

        if (want <= 0)
                return false;
        /* A chain is at most n long; a loop of bad parent ids stops there. */
        for (size_t hops = 0; hops < n && cur > 0; hops++) {
                size_t k;

                if (cur == want)
                        return true;
                for (k = 0; k < n && v[k].id != cur; k++)
                        ;
                if (k == n)
                        return false;
                cur = v[k].parent;
        }
        return false;
}

static int mounts_errcb(struct libmnt_table *tb _unused_, const char *filename _unused_, int line _unused_)
{
        return 1; /* skip the line, go on */
}

/* The root without trailing slashes ("/" stays "/"). */
static char *root_normalize(const char *root)
{
        size_t n = strlen(root);

        while (n > 1 && root[n - 1] == '/')
                n--;
        return strndup_or_null(root, n);
}

int blockid_mounts_under(const char *mountinfo, const char *root, struct blockid_mounts *ret)
{
        _cleanup_(mnt_unref_tablep) struct libmnt_table *tb = NULL;
        _cleanup_(mnt_free_iterp) struct libmnt_iter *itr = NULL;
        _cleanup_free_ struct raw_mount *raw = NULL;
        _cleanup_free_ char *r0 = NULL;
        struct blockid_mounts out = {0};
        struct libmnt_fs *fs;
        size_t n = 0, cap = 0, rlen;
        int r;

        if (!root || root[0] != '/')
                return -EINVAL;
        r0 = root_normalize(root);
        if (!r0)
                return -ENOMEM;
        rlen = strlen(r0);

        tb = mnt_new_table();
        itr = mnt_new_iter(MNT_ITER_FORWARD);
        if (!tb || !itr)
                return -ENOMEM;
        r = mnt_table_set_parser_errcb(tb, mounts_errcb);
        if (r < 0)
                return r;
        r = mnt_table_parse_file(tb, mountinfo);
        if (r < 0) {
                error_set("'%s': cannot read the mount table: %s", mountinfo, strerror(-r));
                return r;
        }

        while (mnt_table_next_fs(tb, itr, &fs) == 0) {
                const char *target = mnt_fs_get_target(fs);

                if (!target || target[0] != '/')
                        continue;
                if (n == cap) {
                        struct raw_mount *nv;

                        cap = cap ? cap * 2 : 64;
                        nv = realloc(raw, cap * sizeof(*nv));
                        if (!nv)
                                return -ENOMEM;
                        raw = nv;
                }
                raw[n++] = (struct raw_mount){
                        .id = mnt_fs_get_id(fs),
                        .parent = mnt_fs_get_parent_id(fs),
                        .target = target,
                        .source = mnt_fs_get_source(fs),
                        .fsroot = mnt_fs_get_root(fs),
                        .fstype = mnt_fs_get_fstype(fs),
                        .devno = mnt_fs_get_devno(fs),
                };
        }

        for (size_t i = 0; i < n; i++) {
                const char *rel;
                bool hidden = false;
                struct blockid_mount *nv, m = {0};

                if (!path_covers(r0, raw[i].target))
                        continue;
                for (size_t k = i + 1; k < n && !hidden; k++)
                        hidden = path_covers(raw[k].target, raw[i].target) && !mounted_on(raw, n, k, i);
                if (hidden)
                        continue;

                rel = streq(r0, "/") ? raw[i].target : raw[i].target + rlen;
                m.target = strdup(*rel ? rel : "/");
                m.source = strdup(raw[i].source ? raw[i].source : "");
                m.fsroot = strdup(raw[i].fsroot ? raw[i].fsroot : "/");
                m.fstype = strdup(raw[i].fstype ? raw[i].fstype : "");
                m.devno = raw[i].devno;
                nv = realloc(out.v, (out.n + 1) * sizeof(*nv));
                if (!m.target || !m.source || !m.fsroot || !m.fstype || !nv) {
                        blockid_mount_done(&m);
                        if (nv)
                                out.v = nv;
                        blockid_mounts_done(&out);
                        return -ENOMEM;
                }
                out.v = nv;
                out.v[out.n++] = m;
        }
        *ret = out;
        return 0;
}

/* ---- the table ---- */

static void blockid_entry_done(struct blockid_entry *e)
{
        free(e->spec);
        free(e->tag);
        free(e->how);
        free(e->device);
        blockid_info_done(&e->info);
}

void blockid_table_done(struct blockid_table *t)
{
        for (size_t i = 0; i < t->n; i++)
                blockid_entry_done(&t->v[i]);
        free(t->v);
        *t = (struct blockid_table){0};
}

const struct blockid_entry *blockid_table_find(const struct blockid_table *t, enum blockid_origin origin,
                                               const char *spec, size_t len)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->v[i].origin == origin && strlen(t->v[i].spec) == len && memcmp(t->v[i].spec, spec, len) == 0)
                        return &t->v[i];
        return NULL;
}

/* A device spec worth a tag: a kernel disk named by path. */
static bool spec_is_disk(const char *spec, size_t len)
{
        enum devname_kind kind;

        if (len == 0 || spec[0] != '/' || memchr(spec, '\\', len))
                return false;
        if (devname_map(NULL, spec, len, &kind, NULL) < 0)
                return false;
        return kind == DEVNAME_MAPPED || kind == DEVNAME_XVD;
}

/* What the guest wrote, kept until every entry is known. */
struct wanted {
        enum blockid_origin origin;
        char *spec;
        char *target; /* fstab mount point, or NULL */
        char *fstype; /* fstab type, or NULL */
        bool random_key; /* crypttab: a key from /dev/urandom or /dev/random */
};

struct wanted_list {
        struct wanted *v;
        size_t n;
};

static void wanted_list_done(struct wanted_list *w)
{
        for (size_t i = 0; i < w->n; i++) {
                free(w->v[i].spec);
                free(w->v[i].target);
                free(w->v[i].fstype);
        }
        free(w->v);
        *w = (struct wanted_list){0};
}

static int wanted_add(struct wanted_list *w, enum blockid_origin origin, const char *spec, size_t len,
                      const char *target, const char *fstype, bool random_key)
{
        struct wanted x = {.origin = origin, .random_key = random_key}, *nv;

        for (size_t i = 0; i < w->n; i++)
                if (w->v[i].origin == origin && strlen(w->v[i].spec) == len && memcmp(w->v[i].spec, spec, len) == 0)
                        return 0; /* the first entry naming it decides */
        x.spec = strndup_or_null(spec, len);
        x.target = target ? strdup(target) : NULL;
        x.fstype = fstype ? strdup(fstype) : NULL;
        nv = realloc(w->v, (w->n + 1) * sizeof(*nv));
        if (!x.spec || (target && !x.target) || (fstype && !x.fstype) || !nv) {
                free(x.spec);
                free(x.target);
                free(x.fstype);
                if (nv)
                        w->v = nv;
                return -ENOMEM;
        }
        w->v = nv;
        w->v[w->n++] = x;
        return 0;
}

static int wanted_from_fstab(const struct text *t, struct wanted_list *w)
{
        for (size_t i = 0; t && i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                struct fstab_entry e = {0};
                size_t start = 0, end;
                int r;

                if (line_is_blank(l) || line_is_comment(l))
                        continue;
                /* The field as written: an entry with escapes in it is left to the rewriter's warning. */
                while (start < l->len && (l->s[start] == ' ' || l->s[start] == '\t'))
                        start++;
                for (end = start; end < l->len && l->s[end] != ' ' && l->s[end] != '\t'; end++)
                        ;
                if (!spec_is_disk(l->s + start, end - start))
                        continue;
                r = fstab_entry_parse(l, "/etc/fstab", &e);
                if (r > 0 && e.source && strlen(e.source) == end - start &&
                    memcmp(e.source, l->s + start, end - start) == 0)
                        r = wanted_add(w, BLOCKID_FSTAB, e.source, strlen(e.source), e.target, e.fstype, false);
                fstab_entry_done(&e);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int wanted_from_crypttab(const struct text *t, struct wanted_list *w)
{
        for (size_t i = 0; t && i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                const struct crypttab_field *src, *key;
                struct crypttab_line cl;
                bool random_key = false;
                int r;

                crypttab_parse_line(l->s, l->len, &cl);
                if (cl.n < 2 || cl.extra || memchr(l->s, '\0', l->len))
                        continue;
                src = &cl.f[CRYPTTAB_SOURCE];
                if (!spec_is_disk(l->s + src->start, src->len))
                        continue;
                if (cl.n > CRYPTTAB_KEYFILE) {
                        key = &cl.f[CRYPTTAB_KEYFILE];
                        random_key = (key->len == 12 && memcmp(l->s + key->start, "/dev/urandom", 12) == 0) ||
                                     (key->len == 11 && memcmp(l->s + key->start, "/dev/random", 11) == 0);
                }
                r = wanted_add(w, BLOCKID_CRYPTTAB, l->s + src->start, src->len, NULL, NULL, random_key);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* "/boot/" and "//boot" -> "/boot"; NULL for what is not an absolute path. */
static char *mount_point_normalize(const char *p)
{
        char *out, *o;

        if (!p || p[0] != '/')
                return NULL;
        out = o = strdup(p);
        if (!out)
                return NULL;
        for (const char *s = p; *s; s++)
                if (!(*s == '/' && o > out && o[-1] == '/'))
                        *o++ = *s;
        while (o > out + 1 && o[-1] == '/')
                o--;
        *o = '\0';
        return out;
}

static bool type_is_ext(const char *t)
{
        return streq(t, "ext2") || streq(t, "ext3") || streq(t, "ext4") || streq(t, "ext4dev");
}

static bool type_is_fat(const char *t)
{
        return streq(t, "vfat") || streq(t, "msdos") || streq(t, "fat") || streq(t, "umsdos");
}

/* A signature that is not mounted itself: swap, LUKS, RAID and LVM members, ... */
static bool type_is_container(const char *t)
{
        size_t n = strlen(t);

        return streq(t, "swap") || strneq(t, "crypto_", 7) || (n > 7 && streq(t + n - 7, "_member"));
}

/* Whether the probed type fits the fstab type field ("ext3", "ext4,ext3", "auto"). */
static bool fstype_matches(const char *fstab_type, const char *probed)
{
        const char *p = fstab_type;

        if (!p || !*p || streq(p, "auto"))
                return true;
        for (;;) {
                size_t n = strcspn(p, ",");
                _cleanup_free_ char *one = strndup_or_null(p, n);

                if (!one)
                        return false;
                if (streq(one, probed) || streq(one, "auto") || (type_is_ext(one) && type_is_ext(probed)) ||
                    (type_is_fat(one) && type_is_fat(probed)))
                        return true;
                if (!p[n])
                        return false;
                p += n + 1;
        }
}

/* "the ext4 filesystem's", "the swap area's", "the LUKS header's". */
static const char *thing(const char *type, char *buf, size_t size)
{
        if (streq(type, "swap"))
                return "the swap area's";
        if (streq(type, "crypto_LUKS"))
                return "the LUKS header's";
        snprintf(buf, size, "the %s filesystem's", type);
        return buf;
}

/* UUIDs as blkid gives them: hex digits and dashes (FAT's "ABCD-1234" included). */
static bool uuid_usable(const char *u)
{
        if (!u || !*u)
                return false;
        for (; *u; u++)
                if (!((*u >= '0' && *u <= '9') || (*u >= 'a' && *u <= 'f') || (*u >= 'A' && *u <= 'F') || *u == '-'))
                        return false;
        return true;
}

/* A label fstab takes as it is: printable ASCII, no blanks, no '#', '\\' or quotes. */
static bool label_usable(const char *l)
{
        if (!l || !*l)
                return false;
        for (; *l; l++)
                if (*l <= ' ' || *l > '~' || *l == '#' || *l == '\\' || *l == '"' || *l == '\'')
                        return false;
        return true;
}

static int set_str(char **dst, const char *fmt, ...) _printf_(2, 3);
static int set_str(char **dst, const char *fmt, ...)
{
        va_list ap;
        char *s = NULL;
        int r;

        va_start(ap, fmt);
        r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        free(*dst);
        *dst = s;
        return 0;
}

/* The error detail of a failed probe, for an entry's how. */
static int set_probe_failure(struct blockid_entry *e, int err)
{
        const char *detail = error_get();
        int r;

        if (err == -ENOMEM)
                return err;
        r = set_str(&e->how, "cannot probe it: %s", detail ? detail : strerror(-err));
        error_clear();
        return r;
}

struct table_ctx {
        const struct guest_root *g;
        const struct blockid_options *o;
        char *root;                    /* canonical host path of the root (outside mode) */
        struct blockid_mounts mounts;  /* outside mode */
};

/* The host path of a guest mount point, for messages: ROOT + target. */
static int host_path(const struct table_ctx *c, const char *target, char **ret)
{
        if (streq(target, "/"))
                return strdup_checked(c->root, ret);
        return asprintf(ret, "%s%s", streq(c->root, "/") ? "" : c->root, target) < 0 ? -ENOMEM : 0;
}

/* The st_dev of a guest mount point, read inside the root. */
static int guest_devno(const struct guest_root *g, const char *target, dev_t *ret)
{
        _cleanup_free_ char *canonical = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;
        bool exists;
        int r;

        if (streq(target, "/")) {
                if (fstat(guest_root_fd(g), &st) < 0)
                        return negative_errno();
                *ret = st.st_dev;
                return 0;
        }
        r = guest_resolve(g, target, &canonical, &exists);
        if (r >= 0 && !exists)
                r = -ENOENT;
        if (r >= 0)
                r = guest_open_canonical(g, canonical, O_PATH | O_DIRECTORY, 0, &fd);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        *ret = st.st_dev;
        return 0;
}

/* From outside: the host device mounted where the guest mounts this entry. */
static int resolve_outside(struct table_ctx *c, const struct wanted *w, struct blockid_entry *e)
{
        _cleanup_free_ char *mp = NULL, *where = NULL;
        const struct blockid_mount *m;
        dev_t devno = 0;
        int r;

        if (w->origin == BLOCKID_CRYPTTAB)
                return set_str(&e->how, "an encrypted device is not mounted, so which device of this host holds "
                                        "it is unknown: run domufix inside the guest, or write UUID= by hand "
                                        "(blkid shows it)");
        if (w->fstype && streq(w->fstype, "swap"))
                return set_str(&e->how, "a swap area is not mounted, so which device of this host holds it is "
                                        "unknown: run domufix inside the guest, or write UUID= by hand (blkid "
                                        "shows it)");
        mp = mount_point_normalize(w->target);
        if (!mp)
                return w->target && w->target[0] == '/' ? -ENOMEM
                                                         : set_str(&e->how, "its mount point '%s' is not a path",
                                                                   w->target ? w->target : "");
        r = host_path(c, mp, &where);
        if (r < 0)
                return r;
        m = blockid_mounts_find(&c->mounts, mp);
        if (!m)
                return streq(mp, "/")
                               ? set_str(&e->how, "the guest root %s is not a mount point on this host, so its "
                                                  "device is unknown",
                                         where)
                               : set_str(&e->how, "nothing is mounted at %s on this host (mount it there, as the "
                                                  "guest would)",
                                         where);
        if (!streq(m->fsroot, "/"))
                return set_str(&e->how, "%s is the directory %s of the filesystem on %s, not a whole filesystem",
                               where, m->fsroot, m->source);
        r = guest_devno(c->g, mp, &devno);
        if (r == -ENOMEM)
                return r;
        error_clear();
        if (r < 0 || devno != m->devno)
                return set_str(&e->how, "the mount table (device %u:%u at %s) does not match what is there",
                               major(m->devno), minor(m->devno), where);
        if (m->source[0] != '/')
                return set_str(&e->how, "%s is mounted from '%s', not from a device", where, m->source);

        r = set_str(&e->device, "%s, mounted at %s", m->source, where);
        if (r < 0)
                return r;
        r = blockid_probe_path(m->source, &e->info);
        return r < 0 ? set_probe_failure(e, r) : 0;
}

/* Inside the guest: the device as the running kernel names it. */
static int resolve_inside(struct table_ctx *c, const struct wanted *w, struct blockid_entry *e)
{
        int r;

        if (w->random_key)
                return 0; /* reported by check_kind */
        r = set_str(&e->device, "%s on the running system", w->spec);
        if (r < 0)
                return r;
        r = blockid_probe_guest(c->g, w->spec, &e->info);
        return r < 0 ? set_probe_failure(e, r) : 0;
}

/* Whether what was found is what the entry needs; else say why in how. */
static int check_kind(const struct wanted *w, struct blockid_entry *e)
{
        const char *type = e->info.type;

        if (w->random_key)
                return set_str(&e->how, "its key comes from the random device: it is encrypted anew at every "
                                        "boot and has no identifier to name it by");
        if (e->how || !e->device)
                return 0; /* not found, already said why */
        if (e->info.ambiguous)
                return set_str(&e->how, "libblkid found more than one signature on %s", e->device);
        if (!type)
                return set_str(&e->how, "libblkid found no filesystem, swap area or LUKS header on %s", e->device);
        if (w->origin == BLOCKID_CRYPTTAB) {
                if (!streq(type, "crypto_LUKS"))
                        return set_str(&e->how, "%s holds %s, not a LUKS header", e->device, type);
                return 0;
        }
        if (w->fstype && streq(w->fstype, "swap")) {
                if (!streq(type, "swap"))
                        return set_str(&e->how, "fstab says swap, but %s holds %s", e->device, type);
                return 0;
        }
        if (type_is_container(type))
                return set_str(&e->how, "%s holds %s, not a filesystem", e->device, type);
        if (!fstype_matches(w->fstype, type))
                return set_str(&e->how, "fstab says %s, but %s holds %s", w->fstype, e->device, type);
        return 0;
}

/* Pick the tag of every entry found, now that all are known. */
static int choose_tags(const struct blockid_options *o, struct blockid_table *t)
{
        int r;

        /* One UUID under two names would mount one filesystem twice (or a wrong one). */
        for (size_t i = 0; i < t->n; i++) {
                struct blockid_entry *e = &t->v[i];

                if (e->how || !uuid_usable(e->info.uuid))
                        continue;
                for (size_t k = 0; k < t->n; k++) {
                        const struct blockid_entry *x = &t->v[k];

                        if (k == i || streq(x->spec, e->spec) || !x->info.uuid ||
                            strcasecmp(x->info.uuid, e->info.uuid) != 0)
                                continue;
                        r = set_str(&e->how, "%s has the same UUID as %s: two names for one device", e->spec, x->spec);
                        if (r < 0)
                                return r;
                        break;
                }
        }

        for (size_t i = 0; i < t->n; i++) {
                struct blockid_entry *e = &t->v[i];
                const char *fallback = "";
                char buf[64];
                bool label_dup = false;

                if (e->how)
                        continue;
                if (o->by == FSTAB_BY_LABEL && e->origin == BLOCKID_FSTAB) {
                        for (size_t k = 0; k < t->n && e->info.label; k++)
                                label_dup = label_dup || (k != i && !streq(t->v[k].spec, e->spec) &&
                                                          t->v[k].info.label &&
                                                          streq(t->v[k].info.label, e->info.label));
                        if (label_usable(e->info.label) && !label_dup) {
                                r = set_str(&e->tag, "LABEL=%s", e->info.label);
                                if (r >= 0)
                                        r = set_str(&e->how, "%s label, read from %s",
                                                    thing(e->info.type, buf, sizeof(buf)), e->device);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                        fallback = !e->info.label || !*e->info.label ? " (it has no label)"
                                   : label_dup                        ? " (its label is on another device too)"
                                                                      : " (its label would need quoting in fstab)";
                } else if (o->by == FSTAB_BY_LABEL)
                        fallback = " (crypttab sources are written as UUID=)";

                if (!uuid_usable(e->info.uuid)) {
                        r = set_str(&e->how, "%s UUID is missing or unusable on %s",
                                    thing(e->info.type, buf, sizeof(buf)), e->device);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = set_str(&e->tag, "UUID=%s", e->info.uuid);
                if (r >= 0)
                        r = set_str(&e->how, "%s UUID%s, read from %s", thing(e->info.type, buf, sizeof(buf)),
                                    fallback, e->device);
                if (r < 0)
                        return r;
        }
        return 0;
}

int blockid_table_build(const struct guest_root *g, const struct blockid_options *o, const struct text *fstab,
                        const struct text *crypttab, struct blockid_table *ret)
{
        struct table_ctx c = {.g = g, .o = o};
        struct wanted_list w = {0};
        struct blockid_table t = {0};
        int r = 0;

        if (o->by == FSTAB_BY_NAME) {
                *ret = t;
                return 0;
        }
        r = wanted_from_fstab(fstab, &w);
        if (r >= 0)
                r = wanted_from_crypttab(crypttab, &w);
        if (r >= 0 && !o->inside && w.n > 0) {
                c.root = realpath(guest_root_path(g), NULL);
                if (!c.root) {
                        r = negative_errno();
                        error_set("'%s': %s", guest_root_path(g), strerror(-r));
                } else
                        r = blockid_mounts_under(o->mountinfo ? o->mountinfo : MOUNTINFO_DEFAULT, c.root, &c.mounts);
        }
        if (r >= 0 && w.n > 0) {
                t.v = calloc(w.n, sizeof(*t.v));
                r = t.v ? 0 : -ENOMEM;
        }
        for (size_t i = 0; r >= 0 && i < w.n; i++) {
                struct blockid_entry *e = &t.v[t.n++];

                e->origin = w.v[i].origin;
                e->spec = strdup(w.v[i].spec);
                if (!e->spec) {
                        r = -ENOMEM;
                        break;
                }
                r = o->inside || w.v[i].random_key ? resolve_inside(&c, &w.v[i], e) : resolve_outside(&c, &w.v[i], e);
                if (r >= 0)
                        r = check_kind(&w.v[i], e);
        }
        if (r >= 0)
                r = choose_tags(o, &t);

        wanted_list_done(&w);
        blockid_mounts_done(&c.mounts);
        free(c.root);
        if (r < 0) {
                blockid_table_done(&t);
                return r;
        }
        *ret = t;
        return 0;
}
