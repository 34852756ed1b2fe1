/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * commit.c: apply a hand-built plan to a scratch guest root, then roll back.
 * Every case checks bytes, inode, mode, owner and xattrs of the targets, the
 * backup set on disk, and that no temp file is left behind.
 */
#include "test-helpers.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/xattr.h>
#include <time.h>

#include "commit.h"
#include "guest-root.h"
#include "log.h"
#include "plan.h"

/* Test hooks defined in commit.c (tests only). */
void commit_test_fail_after(int n);
void commit_test_crash_after(int n);

/* Not from <linux/fs.h>: it clashes with <sys/mount.h>. */
#ifndef FS_IOC_GETFLAGS
#define FS_IOC_GETFLAGS _IOR('f', 1, long)
#define FS_IOC_SETFLAGS _IOW('f', 2, long)
#endif
#define T_IMMUTABLE_FL 0x00000010

#define BACKUPS "var/lib/domufix/backups"

struct env {
        char *dir;  /* scratch directory */
        char *root; /* dir/root: the guest */
        struct guest_root *g;
        struct plan plan;
        char *immutable; /* path the case made immutable; cleared in teardown */
        char *mounted;   /* bind mount made by the case; unmounted in teardown */
};

/* ------------------------------------------------------------------------ */
/* Helpers */

/* A host path below the guest root; rotating static buffers, fine for tests. */
static const char *rp(const struct env *e, const char *rel)
{
        static char bufs[8][PATH_MAX];
        static unsigned k;
        char *b = bufs[k++ % 8];

        assert_true((size_t)snprintf(b, PATH_MAX, "%s/%s", e->root, rel) < PATH_MAX);
        return b;
}

static const char *setp(const struct env *e, const char *id, const char *rel)
{
        static char bufs[4][PATH_MAX];
        static unsigned k;
        char *b = bufs[k++ % 4];

        assert_true((size_t)snprintf(b, PATH_MAX, "%s/" BACKUPS "/%s/%s", e->root, id, rel) < PATH_MAX);
        return b;
}

static int setup(void **state)
{
        struct env *e = calloc(1, sizeof(*e));

        assert_non_null(e);
        e->dir = th_mkdtemp();
        assert_true(asprintf(&e->root, "%s/root", e->dir) > 0);
        assert_int_equal(mkdir(e->root, 0755), 0);
        th_write_str(e->dir, "outside/victim", "");
        assert_int_equal(guest_root_open(e->root, &e->g), 0);
        error_clear();
        *state = e;
        return 0;
}

static void plan_clear(struct plan *p)
{
        for (size_t i = 0; i < p->n_changes; i++) {
                struct change *c = &p->changes[i];

                free(c->path);
                strv_done(&c->via);
                guest_file_free(c->orig);
                free(c->new_data);
                strv_done(&c->reasons);
        }
        free(p->changes);
        strv_done(&p->commit_warnings);
        *p = (struct plan){0};
}

static bool set_immutable(const char *path, bool on)
{
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        int flags = 0;
        bool ok;

        if (fd < 0)
                return false;
        ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
        if (ok) {
                flags = on ? flags | T_IMMUTABLE_FL : flags & ~T_IMMUTABLE_FL;
                ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
        }
        close(fd);
        return ok;
}

static int teardown(void **state)
{
        struct env *e = *state;

        commit_test_fail_after(-1);
        commit_test_crash_after(-1);
        if (e->immutable) {
                set_immutable(e->immutable, false);
                free(e->immutable);
        }
        if (e->mounted) {
                umount2(e->mounted, MNT_DETACH);
                free(e->mounted);
        }
        plan_clear(&e->plan);
        guest_root_free(e->g);
        th_rmrf(e->dir);
        free(e->dir);
        free(e->root);
        free(e);
        return 0;
}

/* Add a change the way plan_build would: read the original through the guest root. */
static struct change *add_change(struct env *e, enum change_action a, const char *path, const char *new_data,
                                 mode_t create_mode)
{
        struct change *nv = realloc(e->plan.changes, (e->plan.n_changes + 1) * sizeof(*nv));
        struct change *c;

        assert_non_null(nv);
        e->plan.changes = nv;
        c = &nv[e->plan.n_changes++];
        *c = (struct change){.action = a, .create_mode = create_mode};
        c->path = strdup(path);
        assert_non_null(c->path);
        if (a != CHANGE_CREATE)
                assert_int_equal(guest_file_read(e->g, path, &c->orig), 0);
        if (new_data) {
                c->new_data = strdup(new_data);
                assert_non_null(c->new_data);
                c->new_size = strlen(new_data);
        }
        return c;
}

static void sha256_of(const char *data, size_t size, char out[65])
{
        static const char digits[] = "0123456789abcdef";
        uint8_t d[SHA256_DIGEST_SIZE];
        struct sha256_ctx ctx;

        sha256_init(&ctx);
        sha256_update(&ctx, size, (const uint8_t *)data);
        sha256_digest(&ctx, sizeof(d), d);
        for (size_t i = 0; i < sizeof(d); i++) {
                out[2 * i] = digits[d[i] >> 4];
                out[2 * i + 1] = digits[d[i] & 0xf];
        }
        out[64] = '\0';
}

static void sha256_str(const char *s, char out[65])
{
        sha256_of(s, strlen(s), out);
}

static void assert_content(const struct env *e, const char *rel, const char *want)
{
        size_t len = 0;
        char *got = th_read(e->root, rel, &len);

        assert_non_null(got);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(got, want, len);
        free(got);
}

static void assert_absent(const char *path)
{
        struct stat st;

        assert_int_equal(lstat(path, &st), -1);
        assert_int_equal(errno, ENOENT);
}

static struct stat stat_of(const char *path)
{
        struct stat st;

        assert_int_equal(lstat(path, &st), 0);
        return st;
}

static void assert_xattr(const char *path, const char *name, const char *want, size_t want_len)
{
        char buf[256];
        ssize_t n = lgetxattr(path, name, buf, sizeof(buf));

        assert_int_equal(n, (ssize_t)want_len);
        assert_memory_equal(buf, want, want_len);
}

static void set_xattr(const char *path, const char *name, const char *value)
{
        assert_int_equal(lsetxattr(path, name, value, strlen(value), 0), 0);
}

static bool is_temp_name(const char *name)
{
        return name[0] == '.' && strstr(name, ".domufix-");
}

/* Temp files (".*.domufix-*") anywhere below dir. */
static size_t count_temps(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *de;
        size_t n = 0;

        if (!d)
                return 0;
        while ((de = readdir(d))) {
                char *sub = NULL;
                struct stat st;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (is_temp_name(de->d_name))
                        n++;
                assert_true(asprintf(&sub, "%s/%s", dir, de->d_name) > 0);
                if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                        n += count_temps(sub);
                free(sub);
        }
        closedir(d);
        return n;
}

static bool str_has(const char *s, const char *needle)
{
        return s && strstr(s, needle);
}

static bool valid_id(const char *id)
{
        if (!id || strlen(id) != 20 || id[8] != '-' || id[15] != '-')
                return false;
        for (size_t i = 0; i < 20; i++) {
                if (i == 8 || i == 15)
                        continue;
                if (i < 15 ? !(id[i] >= '0' && id[i] <= '9') : !strchr("0123456789abcdef", id[i]))
                        return false;
        }
        return true;
}

static void list_free(struct backup_info *v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                backup_info_done(&v[i]);
        free(v);
}

static enum backup_state state_of(struct env *e, const char *id)
{
        struct backup_info *v = NULL;
        enum backup_state s = BACKUP_PREPARED;
        bool found = false;
        size_t n = 0;

        assert_int_equal(backup_list(e->g, &v, &n), 0);
        for (size_t i = 0; i < n; i++)
                if (streq(v[i].id, id)) {
                        s = v[i].state;
                        found = true;
                }
        list_free(v, n);
        assert_true(found);
        return s;
}

static json_object *manifest_of(const struct env *e, const char *id)
{
        json_object *m = json_object_from_file(setp(e, id, "manifest.json"));

        assert_non_null(m);
        return m;
}

static json_object *jget(json_object *o, const char *key)
{
        json_object *v = NULL;

        assert_true(json_object_object_get_ex(o, key, &v));
        return v;
}

static bool jhas(json_object *o, const char *key)
{
        return json_object_object_get_ex(o, key, NULL);
}

static char *apply(struct env *e)
{
        char *id = NULL;

        error_clear();
        assert_int_equal(commit_plan(e->g, &e->plan, &id), 0);
        assert_true(valid_id(id));
        assert_int_equal(e->plan.commit_warnings.n, 0); /* only skipped device nodes warn */
        plan_clear(&e->plan);
        return id;
}

/* ------------------------------------------------------------------------ */
/* Apply */

static void test_apply_modify_keeps_bytes_mode_xattr(void **state)
{
        struct env *e = *state;
        struct stat before, after;
        char *id;

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0600), 0);
        set_xattr(rp(e, "etc/fstab"), "user.test", "hello");
        before = stat_of(rp(e, "etc/fstab"));

        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);
        id = apply(e);

        assert_content(e, "etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n");
        after = stat_of(rp(e, "etc/fstab"));
        assert_true(S_ISREG(after.st_mode));
        assert_int_equal(after.st_mode & 07777, 0600);
        assert_int_equal(after.st_uid, before.st_uid);
        assert_int_equal(after.st_gid, before.st_gid);
        assert_int_equal(after.st_nlink, 1);
        assert_true(after.st_ino != before.st_ino); /* replaced by rename, not rewritten in place */
        assert_xattr(rp(e, "etc/fstab"), "user.test", "hello", 5);
        assert_int_equal(count_temps(e->root), 0);
        assert_int_equal(state_of(e, id), BACKUP_COMPLETE);
        free(id);
}

static void test_apply_keeps_owner_and_mode_0640(void **state)
{
        struct env *e = *state;
        struct stat st;
        bool root = geteuid() == 0;
        char *id;

        th_write_str(e->root, "etc/securetty", "console\nxvc0\n");
        if (root)
                assert_int_equal(chown(rp(e, "etc/securetty"), 1234, 5678), 0);
        /* Set after chown, which clears set-id bits. */
        assert_int_equal(chmod(rp(e, "etc/securetty"), root ? 02640 : 0640), 0);

        add_change(e, CHANGE_MODIFY, "/etc/securetty", "console\nxvc0\nhvc0\n", 0);
        id = apply(e);

        assert_content(e, "etc/securetty", "console\nxvc0\nhvc0\n");
        st = stat_of(rp(e, "etc/securetty"));
        if (root) {
                assert_int_equal(st.st_mode & 07777, 02640);
                assert_int_equal(st.st_uid, 1234);
                assert_int_equal(st.st_gid, 5678);
        } else {
                assert_int_equal(st.st_mode & 07777, 0640);
                assert_int_equal(st.st_uid, geteuid());
        }
        free(id);
}

static void test_apply_keeps_trusted_and_security_xattrs(void **state)
{
        static const char label[] = "system_u:object_r:etc_t:s0"; /* stored with its NUL, as SELinux does */
        struct env *e = *state;
        char *id;

        th_write_str(e->root, "etc/inittab", "co:2345:respawn:/sbin/agetty xvc0 9600 vt100\n");
        /* trusted.* and security.* need CAP_SYS_ADMIN and filesystem support: skip otherwise. */
        if (geteuid() != 0 || lsetxattr(rp(e, "etc/inittab"), "trusted.domufix", "t1", 2, 0) < 0 ||
            lsetxattr(rp(e, "etc/inittab"), "security.selinux", label, sizeof(label), 0) < 0) {
                skip();
                return;
        }
        set_xattr(rp(e, "etc/inittab"), "user.a", "A");

        add_change(e, CHANGE_MODIFY, "/etc/inittab", "co:2345:respawn:/sbin/agetty hvc0 9600 vt100\n", 0);
        id = apply(e);

        assert_content(e, "etc/inittab", "co:2345:respawn:/sbin/agetty hvc0 9600 vt100\n");
        assert_xattr(rp(e, "etc/inittab"), "trusted.domufix", "t1", 2);
        assert_xattr(rp(e, "etc/inittab"), "security.selinux", label, sizeof(label));
        assert_xattr(rp(e, "etc/inittab"), "user.a", "A", 1);
        free(id);
}

static void test_manifest_fields(void **state)
{
        struct env *e = *state;
        json_object *m, *files, *f, *xa;
        char sha_fstab[65], sha_new[65], sha_blkid[65], sha_create[65];
        struct stat fst, setst;
        time_t now = time(NULL);
        char *id, *data;
        size_t len;

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0640), 0);
        set_xattr(rp(e, "etc/fstab"), "user.test", "hello");
        th_write_str(e->root, "etc/blkid.tab", "<device DEVNO=\"0x0801\">/dev/sda1</device>\n");
        assert_int_equal(mkdir(rp(e, "etc/init"), 0755), 0);
        fst = stat_of(rp(e, "etc/fstab"));

        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);
        add_change(e, CHANGE_CREATE, "/etc/init/hvc0.conf", "exec /sbin/getty -L 38400 hvc0\n", 0640);
        add_change(e, CHANGE_DELETE, "/etc/blkid.tab", NULL, 0);
        sha256_str("/dev/sda1 / ext3 defaults 1 1\n", sha_fstab);
        sha256_str("/dev/xvda1 / ext3 defaults 1 1\n", sha_new);
        sha256_str("<device DEVNO=\"0x0801\">/dev/sda1</device>\n", sha_blkid);
        sha256_str("exec /sbin/getty -L 38400 hvc0\n", sha_create);
        id = apply(e);

        setst = stat_of(setp(e, id, ""));
        assert_true(S_ISDIR(setst.st_mode));
        assert_int_equal(setst.st_mode & 07777, 0700);

        m = manifest_of(e, id);
        assert_int_equal(json_object_get_int(jget(m, "version")), 1);
        assert_string_equal(json_object_get_string(jget(m, "id")), id);
        assert_true(llabs(json_object_get_int64(jget(m, "created")) - (int64_t)now) <= 60);
        assert_string_equal(json_object_get_string(jget(m, "state")), "prepared");
        files = jget(m, "files");
        assert_int_equal(json_object_array_length(files), 3);

        f = json_object_array_get_idx(files, 0);
        assert_string_equal(json_object_get_string(jget(f, "path")), "/etc/fstab");
        assert_string_equal(json_object_get_string(jget(f, "action")), "modify");
        assert_true(json_object_get_boolean(jget(f, "existed")));
        assert_int_equal(json_object_get_int(jget(f, "mode")), 0640);
        assert_int_equal(json_object_get_int64(jget(f, "uid")), fst.st_uid);
        assert_int_equal(json_object_get_int64(jget(f, "gid")), fst.st_gid);
        assert_int_equal(json_object_get_int(jget(f, "size")), 30);
        assert_string_equal(json_object_get_string(jget(f, "sha256")), sha_fstab);
        assert_string_equal(json_object_get_string(jget(f, "new_sha256")), sha_new);
        assert_string_equal(json_object_get_string(jget(f, "backup")), "files/0");
        {
                const char *t = json_object_get_string(jget(f, "temp"));

                assert_int_equal(strlen(t), strlen(".fstab.domufix-") + 6);
                assert_true(strneq(t, ".fstab.domufix-", strlen(".fstab.domufix-")));
                for (const char *c = t + strlen(".fstab.domufix-"); *c; c++)
                        assert_true((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                                    (*c >= '0' && *c <= '9'));
        }
        xa = jget(f, "xattrs");
        assert_string_equal(json_object_get_string(jget(xa, "user.test")), "68656c6c6f");

        f = json_object_array_get_idx(files, 1);
        assert_string_equal(json_object_get_string(jget(f, "path")), "/etc/init/hvc0.conf");
        assert_string_equal(json_object_get_string(jget(f, "action")), "create");
        assert_false(json_object_get_boolean(jget(f, "existed")));
        assert_int_equal(json_object_get_int(jget(f, "mode")), 0640);
        assert_int_equal(json_object_get_int(jget(f, "size")), 0);
        assert_string_equal(json_object_get_string(jget(f, "new_sha256")), sha_create);
        assert_false(jhas(f, "sha256"));
        assert_false(jhas(f, "backup"));
        if (geteuid() == 0) {
                assert_int_equal(json_object_get_int(jget(f, "uid")), 0);
                assert_int_equal(json_object_get_int(jget(f, "gid")), 0);
        }

        f = json_object_array_get_idx(files, 2);
        assert_string_equal(json_object_get_string(jget(f, "path")), "/etc/blkid.tab");
        assert_string_equal(json_object_get_string(jget(f, "action")), "delete");
        assert_string_equal(json_object_get_string(jget(f, "sha256")), sha_blkid);
        assert_string_equal(json_object_get_string(jget(f, "backup")), "files/2");
        assert_false(jhas(f, "new_sha256"));
        assert_false(jhas(f, "temp"));
        json_object_put(m);

        /* The copies are the original bytes; the journal has every step. */
        data = th_read(setp(e, id, ""), "files/0", &len);
        assert_non_null(data);
        assert_int_equal(len, 30);
        assert_memory_equal(data, "/dev/sda1 / ext3 defaults 1 1\n", 30);
        free(data);
        data = th_read(setp(e, id, ""), "files/2", &len);
        assert_non_null(data);
        assert_string_equal(data, "<device DEVNO=\"0x0801\">/dev/sda1</device>\n");
        free(data);
        assert_absent(setp(e, id, "files/1"));
        data = th_read(setp(e, id, ""), "journal", NULL);
        assert_non_null(data);
        assert_string_equal(data, "begin\nrenamed 0\nrenamed 1\ndeleted 2\ncomplete\n");
        free(data);

        /* And the guest got them. */
        assert_content(e, "etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n");
        assert_content(e, "etc/init/hvc0.conf", "exec /sbin/getty -L 38400 hvc0\n");
        assert_int_equal(stat_of(rp(e, "etc/init/hvc0.conf")).st_mode & 07777, 0640);
        assert_absent(rp(e, "etc/blkid.tab"));
        /* No hidden staging directory left in the backup directory. */
        assert_int_equal(count_temps(rp(e, BACKUPS)), 0);
        {
                DIR *d = opendir(rp(e, BACKUPS));
                struct dirent *de;
                size_t n = 0;

                assert_non_null(d);
                while ((de = readdir(d)))
                        if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
                                n++;
                closedir(d);
                assert_int_equal(n, 1);
        }
        free(id);
}

static void test_empty_plan_writes_nothing(void **state)
{
        struct env *e = *state;
        struct stat before, after;
        char *id = (char *)"sentinel";

        th_write_str(e->root, "etc/fstab", "x\n");
        before = stat_of(e->root);
        assert_int_equal(commit_plan(e->g, &e->plan, &id), 0);
        assert_null(id);
        after = stat_of(e->root);
        assert_absent(rp(e, "var"));
        assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
        assert_int_equal(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
        assert_int_equal(count_temps(e->root), 0);
}

static void test_temp_name_never_conf(void **state)
{
        struct env *e = *state;
        json_object *m, *f;
        const char *t;
        char *id;

        th_write_str(e->root, "etc/modprobe.d/xen.conf", "alias eth0 xennet\n");
        add_change(e, CHANGE_MODIFY, "/etc/modprobe.d/xen.conf", "alias eth0 xen-netfront\n", 0);
        id = apply(e);

        m = manifest_of(e, id);
        f = json_object_array_get_idx(jget(m, "files"), 0);
        t = json_object_get_string(jget(f, "temp"));
        assert_true(strneq(t, ".xen.conf.domufix-", strlen(".xen.conf.domufix-")));
        assert_int_equal(strlen(t), strlen(".xen.conf.domufix-") + 6);
        assert_false(str_has(t + strlen(t) - 5, ".conf"));
        json_object_put(m);
        free(id);
}

static void test_symlinked_target_keeps_link(void **state)
{
        struct env *e = *state;
        struct change *c;
        json_object *m, *f;
        char *id, link[PATH_MAX];
        ssize_t n;

        th_write_str(e->root, "boot/grub/grub.conf", "kernel /vmlinuz ro root=/dev/sda1 console=xvc0\n");
        assert_int_equal(mkdir(rp(e, "etc"), 0755), 0);
        assert_int_equal(symlink("../boot/grub/grub.conf", rp(e, "etc/grub.conf")), 0);

        c = add_change(e, CHANGE_MODIFY, "/boot/grub/grub.conf", "kernel /vmlinuz ro root=/dev/xvda1 console=hvc0\n", 0);
        assert_int_equal(strv_push(&c->via, "/etc/grub.conf"), 0);
        id = apply(e);

        n = readlink(rp(e, "etc/grub.conf"), link, sizeof(link) - 1);
        assert_true(n > 0);
        link[n] = '\0';
        assert_string_equal(link, "../boot/grub/grub.conf");
        assert_content(e, "boot/grub/grub.conf", "kernel /vmlinuz ro root=/dev/xvda1 console=hvc0\n");
        m = manifest_of(e, id);
        f = json_object_array_get_idx(jget(m, "files"), 0);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(jget(f, "via"), 0)),
                            "/etc/grub.conf");
        json_object_put(m);
        free(id);
}

/* ------------------------------------------------------------------------ */
/* Refusals: every target byte-identical, same inode, no temps, no backup set */

static void assert_untouched(const struct env *e, const char *rel, const char *content, const struct stat *before)
{
        struct stat st = stat_of(rp(e, rel));

        assert_content(e, rel, content);
        assert_int_equal(st.st_ino, before->st_ino);
        assert_int_equal(st.st_mode, before->st_mode);
        assert_int_equal(st.st_uid, before->st_uid);
        assert_int_equal(st.st_gid, before->st_gid);
        assert_int_equal(count_temps(e->root), 0);
        assert_absent(rp(e, "var/lib/domufix"));
}

static void test_stale_modify_refused(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);
        /* Somebody edits the file between plan and apply (same inode). */
        th_write_str(e->root, "etc/fstab", "/dev/sdb1 / ext3 defaults 1 1\n");
        before = stat_of(rp(e, "etc/fstab"));

        assert_int_equal(commit_plan(e->g, &e->plan, &id), -ESTALE);
        assert_null(id);
        assert_true(str_has(error_get(), "'/etc/fstab': changed since it was read; run plan again"));
        assert_untouched(e, "etc/fstab", "/dev/sdb1 / ext3 defaults 1 1\n", &before);
}

static void test_stale_second_file_changes_nothing(void **state)
{
        struct env *e = *state;
        struct stat b1, b2;
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "a\n");
        th_write_str(e->root, "etc/securetty", "console\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "A\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/securetty", "console\nhvc0\n", 0);
        /* Replaced by a symlink to a file with the very same bytes: still stale. */
        th_write_str(e->root, "etc/other", "console\n");
        assert_int_equal(unlink(rp(e, "etc/securetty")), 0);
        assert_int_equal(symlink("other", rp(e, "etc/securetty")), 0);
        b1 = stat_of(rp(e, "etc/fstab"));
        b2 = stat_of(rp(e, "etc/other"));

        assert_int_equal(commit_plan(e->g, &e->plan, &id), -ESTALE);
        assert_true(str_has(error_get(), "'/etc/securetty'"));
        assert_untouched(e, "etc/fstab", "a\n", &b1);
        assert_untouched(e, "etc/other", "console\n", &b2);
        assert_true(S_ISLNK(stat_of(rp(e, "etc/securetty")).st_mode));
}

static void test_stale_create_exists(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL;

        assert_int_equal(mkdir(rp(e, "etc"), 0755), 0);
        add_change(e, CHANGE_CREATE, "/etc/hvc0.conf", "new\n", 0644);
        th_write_str(e->root, "etc/hvc0.conf", "someone else's\n");
        before = stat_of(rp(e, "etc/hvc0.conf"));

        assert_int_equal(commit_plan(e->g, &e->plan, &id), -ESTALE);
        assert_null(id);
        assert_untouched(e, "etc/hvc0.conf", "someone else's\n", &before);
}

static void test_hardlink_appeared_refused(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "a\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        /* A second name for the inode: a rename would split it. */
        assert_int_equal(link(rp(e, "etc/fstab"), rp(e, "etc/fstab.hard")), 0);
        before = stat_of(rp(e, "etc/fstab"));

        assert_true(commit_plan(e->g, &e->plan, &id) < 0);
        assert_null(id);
        assert_untouched(e, "etc/fstab", "a\n", &before);
}

static void test_predictable_names_planted_symlinks(void **state)
{
        static const char *const bait[] = {"fstab.new", "fstab.tmp", "fstab.bak", "fstab~", ".fstab.swp",
                                           ".fstab.domufix-", ".fstab.domufix-XXXXXX", ".fstab.domufix-000000",
                                           "fstab.domufix-modified"};
        struct env *e = *state;
        char victim[PATH_MAX];
        size_t len = 99;
        char *id, *data;
        DIR *d;
        struct dirent *de;
        size_t n = 0;

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        snprintf(victim, sizeof(victim), "%s/outside/victim", e->dir);
        /* Every name a careless tool might use points outside the root. */
        for (size_t i = 0; i < ARRAY_SIZE(bait); i++) {
                char rel[PATH_MAX];

                snprintf(rel, sizeof(rel), "etc/%s", bait[i]);
                assert_int_equal(symlink(victim, rp(e, rel)), 0);
        }

        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);
        id = apply(e);

        assert_content(e, "etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n");
        for (size_t i = 0; i < ARRAY_SIZE(bait); i++) {
                char rel[PATH_MAX];

                snprintf(rel, sizeof(rel), "etc/%s", bait[i]);
                assert_true(S_ISLNK(stat_of(rp(e, rel)).st_mode));
        }
        data = th_read(e->dir, "outside/victim", &len);
        assert_non_null(data);
        assert_int_equal(len, 0);
        free(data);
        d = opendir(e->dir);
        assert_non_null(d);
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
                        n++;
        closedir(d);
        assert_int_equal(n, 2); /* root/ and outside/, nothing else */
        free(id);
}

static void test_immutable_dir_refused(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL;
        int r;

        th_write_str(e->root, "etc/fstab", "a\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        if (geteuid() == 0) {
                /* Root ignores directory permissions: use the immutable flag where the fs has it. */
                if (!set_immutable(rp(e, "etc"), true)) {
                        skip();
                        return;
                }
                e->immutable = strdup(rp(e, "etc"));
        } else
                assert_int_equal(chmod(rp(e, "etc"), 0555), 0);
        before = stat_of(rp(e, "etc/fstab"));

        r = commit_plan(e->g, &e->plan, &id);
        if (geteuid() == 0) {
                assert_int_equal(r, -EPERM);
                assert_true(str_has(error_get(), "'/etc/fstab'"));
                assert_true(str_has(error_get(), "immutable"));
        } else
                assert_int_equal(r, -EACCES);
        assert_null(id);
        if (geteuid() != 0)
                assert_int_equal(chmod(rp(e, "etc"), 0755), 0);
        assert_untouched(e, "etc/fstab", "a\n", &before);
}

static void test_immutable_file_refused(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "a\n");
        th_write_str(e->root, "boot/grub/menu.lst", "m\n");
        add_change(e, CHANGE_MODIFY, "/boot/grub/menu.lst", "M\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        if (geteuid() != 0 || !set_immutable(rp(e, "etc/fstab"), true)) {
                skip(); /* needs CAP_LINUX_IMMUTABLE and a filesystem with the flag */
                return;
        }
        e->immutable = strdup(rp(e, "etc/fstab"));
        before = stat_of(rp(e, "etc/fstab"));

        assert_int_equal(commit_plan(e->g, &e->plan, &id), -EPERM);
        assert_null(id);
        assert_true(str_has(error_get(), "'/etc/fstab': file is immutable or append-only"));
        assert_untouched(e, "etc/fstab", "a\n", &before);
        assert_content(e, "boot/grub/menu.lst", "m\n");
}

static void test_mount_point_refused(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL, *src = NULL;

        th_write_str(e->root, "etc/hosts", "127.0.0.1 localhost\n");
        th_write_str(e->dir, "outside/hosts", "127.0.0.1 localhost\n");
        assert_true(asprintf(&src, "%s/outside/hosts", e->dir) > 0);
        /* A private mount namespace, so the bind mount is never seen outside this test. */
        if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
            mount(src, rp(e, "etc/hosts"), "none", MS_BIND, NULL) < 0) {
                free(src);
                skip();
                return;
        }
        free(src);
        e->mounted = strdup(rp(e, "etc/hosts"));
        /* The root fd from setup() still sees the old namespace's mounts: reopen it here. */
        guest_root_free(e->g);
        assert_int_equal(guest_root_open(e->root, &e->g), 0);
        add_change(e, CHANGE_MODIFY, "/etc/hosts", "127.0.0.1 localhost guest\n", 0);
        before = stat_of(rp(e, "etc/hosts"));

        assert_int_equal(commit_plan(e->g, &e->plan, &id), -EBUSY);
        assert_null(id);
        if (!str_has(error_get(), "'/etc/hosts': is a mount point (bind mount?); rename would fail"))
                fail_msg("message: %s", error_get());
        assert_untouched(e, "etc/hosts", "127.0.0.1 localhost\n", &before);
}

static void test_locked_root_refused(void **state)
{
        struct env *e = *state;
        struct stat before;
        char *id = NULL;
        int fd;

        th_write_str(e->root, "etc/fstab", "a\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        before = stat_of(rp(e, "etc/fstab"));
        /* Another instance holds the guest. */
        fd = open(e->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);

        assert_int_equal(commit_plan(e->g, &e->plan, &id), -EBUSY);
        assert_true(str_has(error_get(), "another domufix"));
        close(fd);
        assert_untouched(e, "etc/fstab", "a\n", &before);
}

/* ------------------------------------------------------------------------ */
/* Failures during the renames */

static void test_rename_failure_restores_all(void **state)
{
        struct env *e = *state;
        struct backup_info *v = NULL;
        size_t n = 0;
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "f1\n");
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0600), 0);
        set_xattr(rp(e, "etc/fstab"), "user.k", "v");
        th_write_str(e->root, "etc/inittab", "i1\n");
        th_write_str(e->root, "boot/grub/menu.lst", "m1\n");
        assert_int_equal(mkdir(rp(e, "etc/init"), 0755), 0);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "f2\n", 0);
        add_change(e, CHANGE_CREATE, "/etc/init/hvc0.conf", "c2\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/inittab", "i2\n", 0);
        add_change(e, CHANGE_MODIFY, "/boot/grub/menu.lst", "m2\n", 0);

        commit_test_fail_after(3); /* three steps done, the fourth fails */
        assert_int_equal(commit_plan(e->g, &e->plan, &id), -EIO);
        assert_null(id);
        assert_true(str_has(error_get(), "'/boot/grub/menu.lst': cannot replace the file"));
        assert_true(str_has(error_get(), "restored, nothing changed"));

        assert_content(e, "etc/fstab", "f1\n");
        assert_int_equal(stat_of(rp(e, "etc/fstab")).st_mode & 07777, 0600);
        assert_xattr(rp(e, "etc/fstab"), "user.k", "v", 1);
        assert_content(e, "etc/inittab", "i1\n");
        assert_content(e, "boot/grub/menu.lst", "m1\n");
        assert_absent(rp(e, "etc/init/hvc0.conf"));
        assert_int_equal(count_temps(e->root), 0);

        assert_int_equal(backup_list(e->g, &v, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].state, BACKUP_ROLLED_BACK);
        assert_string_equal(backup_state_to_string(v[0].state), "rolled-back");
        list_free(v, n);
}

static void test_crash_between_renames_then_rollback(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct backup_info *v = NULL;
        size_t n = 0;
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "f1\n");
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0640), 0);
        set_xattr(rp(e, "etc/fstab"), "user.k", "v");
        th_write_str(e->root, "etc/inittab", "i1\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "f2\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/inittab", "i2\n", 0);
        add_change(e, CHANGE_CREATE, "/etc/hvc0", "c2\n", 0);

        /* Killed after the first rename: no undo, temps left, journal not complete. */
        commit_test_crash_after(1);
        assert_int_equal(commit_plan(e->g, &e->plan, &id), -ECANCELED);
        assert_null(id);
        commit_test_crash_after(-1);
        plan_clear(&e->plan);
        assert_content(e, "etc/fstab", "f2\n");
        assert_content(e, "etc/inittab", "i1\n");
        assert_absent(rp(e, "etc/hvc0"));
        assert_int_equal(count_temps(e->root), 2);

        assert_int_equal(backup_list(e->g, &v, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].state, BACKUP_PREPARED);
        assert_string_equal(backup_state_to_string(v[0].state), "prepared");
        assert_int_equal(v[0].n_files, 3);

        /* A new apply on top of the mix is refused. */
        add_change(e, CHANGE_MODIFY, "/etc/inittab", "i3\n", 0);
        assert_int_equal(commit_plan(e->g, &e->plan, &id), -EBUSY);
        assert_true(str_has(error_get(), v[0].id));
        assert_content(e, "etc/inittab", "i1\n");

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_string_equal(rep.id, v[0].id);
        assert_int_equal(rep.restored.n, 1);
        assert_string_equal(rep.restored.v[0], "/etc/fstab");
        assert_int_equal(rep.unchanged.n, 2);
        assert_string_equal(rep.unchanged.v[0], "/etc/inittab");
        assert_string_equal(rep.unchanged.v[1], "/etc/hvc0");
        assert_int_equal(rep.removed.n, 0);
        assert_int_equal(rep.warnings.n, 0);
        rollback_report_done(&rep);

        assert_content(e, "etc/fstab", "f1\n");
        assert_int_equal(stat_of(rp(e, "etc/fstab")).st_mode & 07777, 0640);
        assert_xattr(rp(e, "etc/fstab"), "user.k", "v", 1);
        assert_content(e, "etc/inittab", "i1\n");
        assert_absent(rp(e, "etc/hvc0"));
        assert_int_equal(count_temps(e->root), 0);
        assert_int_equal(state_of(e, v[0].id), BACKUP_ROLLED_BACK);
        list_free(v, n);

        /* Now apply works again. */
        free(apply(e));
        assert_content(e, "etc/inittab", "i3\n");
}

static void test_crash_after_all_renames_then_rollback(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "f1\n");
        th_write_str(e->root, "etc/blkid.tab", "b1\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "f2\n", 0);
        add_change(e, CHANGE_DELETE, "/etc/blkid.tab", NULL, 0);
        commit_test_crash_after(2);
        assert_int_equal(commit_plan(e->g, &e->plan, &id), -ECANCELED);
        commit_test_crash_after(-1);
        assert_content(e, "etc/fstab", "f2\n");
        assert_absent(rp(e, "etc/blkid.tab"));

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.restored.n, 2);
        rollback_report_done(&rep);
        assert_content(e, "etc/fstab", "f1\n");
        assert_content(e, "etc/blkid.tab", "b1\n");
}

/* ------------------------------------------------------------------------ */
/* Rollback */

struct snap {
        char *data;
        size_t size;
        struct stat st;
        char xattr[64];
        ssize_t xattr_len;
};

static struct snap snap_take(const struct env *e, const char *rel)
{
        struct snap s = {0};

        s.data = th_read(e->root, rel, &s.size);
        assert_non_null(s.data);
        s.st = stat_of(rp(e, rel));
        s.xattr_len = lgetxattr(rp(e, rel), "user.k", s.xattr, sizeof(s.xattr));
        return s;
}

/* Same bytes, mode, owner, xattr; same inode and mtime too when same_inode. */
static void snap_check(const struct env *e, const char *rel, struct snap *s, bool same_inode)
{
        struct snap now = snap_take(e, rel);

        assert_int_equal(now.size, s->size);
        assert_memory_equal(now.data, s->data, s->size);
        assert_int_equal(now.st.st_mode, s->st.st_mode);
        assert_int_equal(now.st.st_uid, s->st.st_uid);
        assert_int_equal(now.st.st_gid, s->st.st_gid);
        assert_int_equal(now.xattr_len, s->xattr_len);
        if (s->xattr_len > 0)
                assert_memory_equal(now.xattr, s->xattr, (size_t)s->xattr_len);
        if (same_inode) {
                assert_int_equal(now.st.st_ino, s->st.st_ino);
                assert_int_equal(now.st.st_mtim.tv_sec, s->st.st_mtim.tv_sec);
                assert_int_equal(now.st.st_mtim.tv_nsec, s->st.st_mtim.tv_nsec);
        }
        free(now.data);
}

static void test_apply_rollback_exact(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct snap s1, s2;
        char *id;

        th_write_str(e->root, "etc/shadow-like", "root:$1$x:14000:0:99999:7:::\n");
        assert_int_equal(chmod(rp(e, "etc/shadow-like"), 0600), 0);
        set_xattr(rp(e, "etc/shadow-like"), "user.k", "secret-label");
        th_write(e->root, "etc/fstab", "/dev/sda1\t/\text3\r\n\xff\x01odd\n", 24);
        if (geteuid() == 0) {
                assert_int_equal(chown(rp(e, "etc/fstab"), 1234, 5678), 0);
                assert_int_equal(chown(rp(e, "etc/shadow-like"), 0, 42), 0);
        }
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0640), 0);
        s1 = snap_take(e, "etc/shadow-like");
        s2 = snap_take(e, "etc/fstab");

        add_change(e, CHANGE_MODIFY, "/etc/shadow-like", "root:$1$y:14000:0:99999:7:::\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1\t/\text3\r\n\xff\x01odd\n", 0);
        id = apply(e);
        assert_content(e, "etc/fstab", "/dev/xvda1\t/\text3\r\n\xff\x01odd\n");

        assert_int_equal(backup_rollback(e->g, id, &rep), 0);
        assert_string_equal(rep.id, id);
        assert_int_equal(rep.restored.n, 2);
        assert_string_equal(rep.restored.v[0], "/etc/shadow-like");
        assert_string_equal(rep.restored.v[1], "/etc/fstab");
        assert_int_equal(rep.unchanged.n, 0);
        assert_int_equal(rep.warnings.n, 0);
        rollback_report_done(&rep);

        snap_check(e, "etc/shadow-like", &s1, false);
        snap_check(e, "etc/fstab", &s2, false);
        assert_int_equal(count_temps(e->root), 0);
        assert_int_equal(state_of(e, id), BACKUP_ROLLED_BACK);
        free(s1.data);
        free(s2.data);
        free(id);
}

static void test_rollback_twice_writes_nothing(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct snap s1, s2;
        struct stat j1, j2, d1, d2;
        char *id, *journal;

        th_write_str(e->root, "etc/fstab", "f1\n");
        set_xattr(rp(e, "etc/fstab"), "user.k", "v");
        th_write_str(e->root, "etc/blkid.tab", "b1\n");
        assert_int_equal(mkdir(rp(e, "etc/init"), 0755), 0);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "f2\n", 0);
        add_change(e, CHANGE_DELETE, "/etc/blkid.tab", NULL, 0);
        add_change(e, CHANGE_CREATE, "/etc/init/hvc0.conf", "c\n", 0);
        id = apply(e);
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.restored.n, 2);
        assert_int_equal(rep.removed.n, 1);
        rollback_report_done(&rep);

        s1 = snap_take(e, "etc/fstab");
        s2 = snap_take(e, "etc/blkid.tab");
        j1 = stat_of(setp(e, id, "journal"));
        d1 = stat_of(rp(e, "etc"));

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_string_equal(rep.id, id);
        assert_int_equal(rep.restored.n, 0);
        assert_int_equal(rep.removed.n, 0);
        assert_int_equal(rep.warnings.n, 0);
        assert_int_equal(rep.unchanged.n, 3);
        rollback_report_done(&rep);

        snap_check(e, "etc/fstab", &s1, true);
        snap_check(e, "etc/blkid.tab", &s2, true);
        j2 = stat_of(setp(e, id, "journal"));
        d2 = stat_of(rp(e, "etc"));
        assert_int_equal(j1.st_size, j2.st_size);
        assert_int_equal(j1.st_mtim.tv_nsec, j2.st_mtim.tv_nsec);
        assert_int_equal(d1.st_mtim.tv_sec, d2.st_mtim.tv_sec);
        assert_int_equal(d1.st_mtim.tv_nsec, d2.st_mtim.tv_nsec);
        journal = th_read(setp(e, id, ""), "journal", NULL);
        assert_string_equal(journal, "begin\nrenamed 0\ndeleted 1\nrenamed 2\ncomplete\nrolledback\n");
        free(journal);
        free(s1.data);
        free(s2.data);
        free(id);
}

static void test_create_then_rollback_removes(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct stat st;
        char *id;

        assert_int_equal(mkdir(rp(e, "etc"), 0755), 0);
        assert_int_equal(mkdir(rp(e, "etc/event.d"), 0755), 0);
        add_change(e, CHANGE_CREATE, "/etc/event.d/hvc0", "start on runlevel 2\nexec /sbin/getty 38400 hvc0\n", 0);
        id = apply(e);
        st = stat_of(rp(e, "etc/event.d/hvc0"));
        assert_int_equal(st.st_mode & 07777, 0644);
        if (geteuid() == 0) {
                assert_int_equal(st.st_uid, 0);
                assert_int_equal(st.st_gid, 0);
        }

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.removed.n, 1);
        assert_string_equal(rep.removed.v[0], "/etc/event.d/hvc0");
        assert_int_equal(rep.restored.n, 0);
        rollback_report_done(&rep);
        assert_absent(rp(e, "etc/event.d/hvc0"));
        assert_int_equal(count_temps(e->root), 0);
        free(id);
}

static void test_delete_then_rollback_restores(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct snap s;
        char *id;

        th_write_str(e->root, "etc/blkid/blkid.tab", "<device>/dev/sda1</device>\n");
        assert_int_equal(chmod(rp(e, "etc/blkid/blkid.tab"), 0640), 0);
        set_xattr(rp(e, "etc/blkid/blkid.tab"), "user.k", "cache");
        s = snap_take(e, "etc/blkid/blkid.tab");
        add_change(e, CHANGE_DELETE, "/etc/blkid/blkid.tab", NULL, 0);
        id = apply(e);
        assert_absent(rp(e, "etc/blkid/blkid.tab"));

        assert_int_equal(backup_rollback(e->g, id, &rep), 0);
        assert_int_equal(rep.restored.n, 1);
        assert_string_equal(rep.restored.v[0], "/etc/blkid/blkid.tab");
        rollback_report_done(&rep);
        snap_check(e, "etc/blkid/blkid.tab", &s, false);
        free(s.data);
        free(id);
}

static void test_rollback_newest_after_two_applies(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct backup_info *v = NULL;
        size_t n = 0;
        char *a, *b;

        th_write_str(e->root, "etc/fstab", "v1\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "v2\n", 0);
        a = apply(e);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "v3\n", 0);
        b = apply(e); /* very likely within the same second as a */
        assert_string_not_equal(a, b);

        assert_int_equal(backup_list(e->g, &v, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(v[0].id, a);
        assert_string_equal(v[1].id, b);
        list_free(v, n);

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_string_equal(rep.id, b);
        assert_int_equal(rep.restored.n, 1);
        rollback_report_done(&rep);
        assert_content(e, "etc/fstab", "v2\n");

        /* Again: still the newest set, already rolled back; it must not reach the older one. */
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_string_equal(rep.id, b);
        assert_int_equal(rep.unchanged.n, 1);
        assert_int_equal(rep.restored.n, 0);
        rollback_report_done(&rep);
        assert_content(e, "etc/fstab", "v2\n");

        /* The older one on request. */
        assert_int_equal(backup_rollback(e->g, a, &rep), 0);
        assert_string_equal(rep.id, a);
        assert_int_equal(rep.restored.n, 1);
        assert_int_equal(rep.warnings.n, 0);
        rollback_report_done(&rep);
        assert_content(e, "etc/fstab", "v1\n");
        free(a);
        free(b);
}

static void test_rollback_modified_after_apply_keeps_copy(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct stat st;
        char *id;

        th_write_str(e->root, "etc/fstab", "v1\n");
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0644), 0);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "v2\n", 0);
        id = apply(e);
        th_write_str(e->root, "etc/fstab", "admin edit\n");

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.restored.n, 1);
        assert_int_equal(rep.warnings.n, 1);
        assert_string_equal(rep.warnings.v[0],
                            "'/etc/fstab' was modified after apply; restored the backup anyway "
                            "(the modified copy is kept as '/etc/fstab.domufix-modified')");
        rollback_report_done(&rep);
        assert_content(e, "etc/fstab", "v1\n");
        assert_content(e, "etc/fstab.domufix-modified", "admin edit\n");
        st = stat_of(rp(e, "etc/fstab.domufix-modified"));
        assert_int_equal(st.st_mode & 07777, 0600);
        free(id);
}

static void test_rollback_created_then_modified_left(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        char *id;

        assert_int_equal(mkdir(rp(e, "etc"), 0755), 0);
        add_change(e, CHANGE_CREATE, "/etc/hvc0.conf", "ours\n", 0600);
        id = apply(e);
        th_write_str(e->root, "etc/hvc0.conf", "ours, edited\n");

        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.removed.n, 0);
        assert_int_equal(rep.warnings.n, 1);
        assert_string_equal(rep.warnings.v[0],
                            "'/etc/hvc0.conf' was created by apply and modified since; left in place");
        rollback_report_done(&rep);
        assert_content(e, "etc/hvc0.conf", "ours, edited\n");
        free(id);
}

static void test_rollback_restores_metadata_only_change(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        char *id;

        th_write_str(e->root, "etc/fstab", "v1\n");
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0600), 0);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "v2\n", 0);
        id = apply(e);
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        rollback_report_done(&rep);
        /* CVE-2012-2690 style: somebody made it world-readable; rollback puts 0600 back. */
        assert_int_equal(chmod(rp(e, "etc/fstab"), 0644), 0);
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.restored.n, 1);
        assert_int_equal(rep.warnings.n, 0);
        rollback_report_done(&rep);
        assert_int_equal(stat_of(rp(e, "etc/fstab")).st_mode & 07777, 0600);
        assert_content(e, "etc/fstab", "v1\n");
        free(id);
}

/* ------------------------------------------------------------------------ */
/* Listing and corrupt sets */

static void test_list_states_and_fields(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct backup_info *v = (struct backup_info *)1;
        size_t n = 99;
        time_t now = time(NULL);
        char *id;

        assert_int_equal(backup_list(e->g, &v, &n), 0);
        assert_null(v);
        assert_int_equal(n, 0);

        th_write_str(e->root, "etc/fstab", "a\n");
        th_write_str(e->root, "etc/inittab", "b\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "A\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/inittab", "B\n", 0);
        id = apply(e);

        assert_int_equal(backup_list(e->g, &v, &n), 0);
        assert_int_equal(n, 1);
        assert_string_equal(v[0].id, id);
        assert_int_equal(v[0].state, BACKUP_COMPLETE);
        assert_string_equal(backup_state_to_string(v[0].state), "complete");
        assert_int_equal(v[0].n_files, 2);
        assert_int_equal(v[0].paths.n, 2);
        assert_string_equal(v[0].paths.v[0], "/etc/fstab");
        assert_string_equal(v[0].paths.v[1], "/etc/inittab");
        assert_true(llabs((long long)(v[0].created - now)) <= 60);
        list_free(v, n);

        /* Stray entries are not sets. */
        th_write_str(e->root, BACKUPS "/README", "x\n");
        assert_int_equal(mkdir(rp(e, BACKUPS "/.20200101-000000-abcd.partial"), 0700), 0);
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        rollback_report_done(&rep);
        assert_int_equal(backup_list(e->g, &v, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].state, BACKUP_ROLLED_BACK);
        list_free(v, n);
        free(id);
}

static void test_corrupt_manifest_named(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct backup_info *v = NULL;
        size_t n = 0;
        char *id, *want = NULL;

        th_write_str(e->root, "etc/fstab", "a\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        id = apply(e);
        {
                char rel[PATH_MAX];

                snprintf(rel, sizeof(rel), BACKUPS "/%s/manifest.json", id);
                th_write_str(e->root, rel, "{\n  \"version\": 1,\n  \"id\": ]\n}\n");
        }

        error_clear();
        assert_int_equal(backup_list(e->g, &v, &n), -EBADMSG);
        assert_null(v);
        assert_true(asprintf(&want, "'/var/lib/domufix/backups/%s/manifest.json': corrupt backup manifest at line 3",
                             id) > 0);
        assert_true(str_has(error_get(), want));
        assert_int_equal(backup_rollback(e->g, NULL, &rep), -EBADMSG);
        assert_content(e, "etc/fstab", "b\n");
        free(want);
        free(id);
}

static void test_corrupt_manifest_field_and_journal(void **state)
{
        struct env *e = *state;
        struct backup_info *v = NULL;
        size_t n = 0;
        char rel[PATH_MAX];
        char *id;

        th_write_str(e->root, "etc/fstab", "a\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        id = apply(e);

        /* A torn last journal line (crash mid-write) is ignored. */
        snprintf(rel, sizeof(rel), BACKUPS "/%s/journal", id);
        th_write_str(e->root, rel, "begin\nrenamed 0\ncomplete\nrolled");
        assert_int_equal(state_of(e, id), BACKUP_COMPLETE);

        /* An unknown entry is reported with its line. */
        th_write_str(e->root, rel, "begin\nrenamed 7\n");
        error_clear();
        assert_int_equal(backup_list(e->g, &v, &n), -EBADMSG);
        assert_true(str_has(error_get(), "/journal' line 2"));

        /* A backup path leaving files/ is refused. */
        th_write_str(e->root, rel, "begin\ncomplete\n");
        snprintf(rel, sizeof(rel), BACKUPS "/%s/manifest.json", id);
        {
                char *m = th_read(e->root, rel, NULL);
                char *p = strstr(m, "files/0");

                assert_non_null(p);
                memcpy(p, "../../0", 7);
                th_write_str(e->root, rel, m);
                free(m);
        }
        error_clear();
        assert_int_equal(backup_list(e->g, &v, &n), -EBADMSG);
        assert_true(str_has(error_get(), "files[0]: missing or invalid \"backup\""));
        free(id);
}

static void test_corrupt_backup_copy_refused(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        struct stat f1, f2, j1;
        char rel[PATH_MAX];
        char *id;

        th_write_str(e->root, "etc/fstab", "a\n");
        th_write_str(e->root, "etc/inittab", "i\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "A\n", 0);
        add_change(e, CHANGE_MODIFY, "/etc/inittab", "I\n", 0);
        id = apply(e);
        snprintf(rel, sizeof(rel), BACKUPS "/%s/files/1", id);
        th_write_str(e->root, rel, "j\n"); /* same size, other bytes */
        f1 = stat_of(rp(e, "etc/fstab"));
        f2 = stat_of(rp(e, "etc/inittab"));
        j1 = stat_of(setp(e, id, "journal"));

        error_clear();
        assert_int_equal(backup_rollback(e->g, NULL, &rep), -EBADMSG);
        assert_null(rep.id);
        assert_true(str_has(error_get(), "the backup copy of '/etc/inittab' is corrupt"));
        assert_true(str_has(error_get(), "nothing restored"));
        /* Verified before anything was written: the first file was not restored either. */
        assert_content(e, "etc/fstab", "A\n");
        assert_content(e, "etc/inittab", "I\n");
        assert_int_equal(stat_of(rp(e, "etc/fstab")).st_ino, f1.st_ino);
        assert_int_equal(stat_of(rp(e, "etc/inittab")).st_ino, f2.st_ino);
        assert_int_equal(stat_of(setp(e, id, "journal")).st_size, j1.st_size);
        assert_int_equal(count_temps(e->root), 0);
        free(id);
}

static void test_rollback_bad_ids(void **state)
{
        struct env *e = *state;
        struct rollback_report rep = {0};
        char *id;

        assert_int_equal(backup_rollback(e->g, NULL, &rep), -ENOENT);
        assert_int_equal(backup_rollback(e->g, "../../../etc", &rep), -EINVAL);
        th_write_str(e->root, "etc/fstab", "a\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "b\n", 0);
        id = apply(e);
        assert_int_equal(backup_rollback(e->g, "20000101-000000-0000", &rep), -ENOENT);
        assert_true(str_has(error_get(), "no such backup set"));
        assert_null(rep.id);
        assert_content(e, "etc/fstab", "b\n");
        free(id);
}


/* ------------------------------------------------------------------------ */
/* Files kept for a command that regenerates them (apply --rebuild-initrd) */

/* A big binary file (over GUEST_FILE_MAX) with a NUL in it, like an initrd. */
static char *big_file(struct env *e, const char *rel, size_t size, unsigned char seed)
{
        char *d = malloc(size);

        assert_non_null(d);
        for (size_t i = 0; i < size; i++)
                d[i] = (char)(i * 131 + seed + (i >> 13));
        th_write(e->root, rel, d, size);
        return d;
}

static void assert_file_bytes(const struct env *e, const char *rel, const char *want, size_t want_len)
{
        size_t len = 0;
        char *got = th_read(e->root, rel, &len);

        assert_non_null(got);
        assert_int_equal(len, want_len);
        assert_memory_equal(got, want, len);
        free(got);
}

static void test_keep_big_file_with_changes(void **state)
{
        struct env *e = *state;
        const size_t size = GUEST_FILE_MAX + 12345;
        _cleanup_free_ char *orig = NULL, *copy = NULL, *redone = NULL;
        _cleanup_(strv_done) struct strv keep = {0};
        struct rollback_report rep = {0};
        char sha[65];
        json_object *m, *files, *f;
        char *id = NULL;
        size_t len = 0;

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        orig = big_file(e, "boot/initrd-4.9.337.img", size, 7);
        assert_int_equal(chmod(rp(e, "boot/initrd-4.9.337.img"), 0600), 0);
        set_xattr(rp(e, "boot/initrd-4.9.337.img"), "user.test", "initrd");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);
        assert_int_equal(strv_push(&keep, "/boot/initrd-4.9.337.img"), 0);

        error_clear();
        assert_int_equal(commit_plan_keep(e->g, &e->plan, &keep, &id), 0);
        assert_true(valid_id(id));
        plan_clear(&e->plan);
        assert_content(e, "etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n");
        assert_file_bytes(e, "boot/initrd-4.9.337.img", orig, size); /* not touched */
        assert_int_equal(state_of(e, id), BACKUP_COMPLETE);

        /* the copy is files/1, after the change; the manifest entry says regenerated */
        {
                char rel[128];

                snprintf(rel, sizeof(rel), BACKUPS "/%s/files/1", id);
                copy = th_read(e->root, rel, &len);
        }
        assert_non_null(copy);
        assert_int_equal(len, size);
        assert_memory_equal(copy, orig, size);
        m = manifest_of(e, id);
        files = jget(m, "files");
        assert_int_equal(json_object_array_length(files), 2);
        f = json_object_array_get_idx(files, 1);
        assert_string_equal(json_object_get_string(jget(f, "path")), "/boot/initrd-4.9.337.img");
        assert_string_equal(json_object_get_string(jget(f, "action")), "modify");
        assert_true(json_object_get_boolean(jget(f, "regenerated")));
        assert_true(json_object_get_boolean(jget(f, "existed")));
        assert_int_equal(json_object_get_int64(jget(f, "size")), (int64_t)size);
        assert_int_equal(json_object_get_int64(jget(f, "mode")), 0600);
        sha256_of(orig, size, sha);
        assert_string_equal(json_object_get_string(jget(f, "sha256")), sha);
        assert_string_equal(json_object_get_string(jget(f, "backup")), "files/1");
        assert_false(jhas(f, "new_sha256"));
        assert_false(jhas(f, "temp"));
        assert_string_equal(json_object_get_string(jget(jget(f, "xattrs"), "user.test")), "696e69747264");
        json_object_put(m);

        /* the command regenerates it (other bytes, other mode); rollback puts the old one back */
        redone = big_file(e, "boot/initrd-4.9.337.img", size - 1000, 9);
        assert_int_equal(chmod(rp(e, "boot/initrd-4.9.337.img"), 0644), 0);
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_file_bytes(e, "boot/initrd-4.9.337.img", orig, size);
        assert_int_equal(stat_of(rp(e, "boot/initrd-4.9.337.img")).st_mode & 07777, 0600);
        assert_xattr(rp(e, "boot/initrd-4.9.337.img"), "user.test", "initrd", 6);
        assert_content(e, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        assert_int_equal(rep.restored.n, 2);
        assert_int_equal(rep.warnings.n, 0); /* no .domufix-modified copy of a regenerated file */
        assert_absent(rp(e, "boot/initrd-4.9.337.img.domufix-modified"));
        assert_int_equal(count_temps(e->root), 0);
        rollback_report_done(&rep);

        /* a second rollback writes nothing */
        assert_int_equal(backup_rollback(e->g, NULL, &rep), 0);
        assert_int_equal(rep.restored.n, 0);
        assert_int_equal(rep.unchanged.n, 2);
        rollback_report_done(&rep);
        free(id);
}

/* Nothing to change but a file to keep: a set is written all the same. */
static void test_keep_without_changes(void **state)
{
        struct env *e = *state;
        _cleanup_(strv_done) struct strv keep = {0};
        struct rollback_report rep = {0};
        char *id = NULL;

        th_write(e->root, "boot/initramfs-6.1.img", "old\0image", 9);
        assert_int_equal(strv_push(&keep, "/boot/initramfs-6.1.img"), 0);
        assert_int_equal(commit_plan_keep(e->g, &e->plan, &keep, &id), 0);
        assert_true(valid_id(id));
        assert_int_equal(state_of(e, id), BACKUP_COMPLETE);
        th_write(e->root, "boot/initramfs-6.1.img", "new image", 9);
        assert_int_equal(backup_rollback(e->g, id, &rep), 0);
        assert_file_bytes(e, "boot/initramfs-6.1.img", "old\0image", 9);
        assert_int_equal(rep.restored.n, 1);
        assert_string_equal(rep.restored.v[0], "/boot/initramfs-6.1.img");
        rollback_report_done(&rep);

        /* the regenerated file removed meanwhile: restored too */
        assert_int_equal(unlink(rp(e, "boot/initramfs-6.1.img")), 0);
        assert_int_equal(backup_rollback(e->g, id, &rep), 0);
        assert_file_bytes(e, "boot/initramfs-6.1.img", "old\0image", 9);
        rollback_report_done(&rep);
        free(id);
}

static void test_keep_refusals(void **state)
{
        struct env *e = *state;
        _cleanup_(strv_done) struct strv keep = {0}, twice = {0}, fifo = {0};
        char *id = NULL;

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);

        /* missing: nothing written at all */
        assert_int_equal(strv_push(&keep, "/boot/none.img"), 0);
        error_clear();
        assert_int_equal(commit_plan_keep(e->g, &e->plan, &keep, &id), -ENOENT);
        assert_string_equal(error_get(), "'/boot/none.img': no such file, nothing to keep");
        assert_content(e, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        assert_absent(rp(e, BACKUPS));
        assert_int_equal(count_temps(e->root), 0);

        /* also changed by the plan */
        assert_int_equal(strv_push(&twice, "/etc/fstab"), 0);
        error_clear();
        assert_int_equal(commit_plan_keep(e->g, &e->plan, &twice, &id), -EINVAL);
        assert_string_equal(error_get(), "'/etc/fstab': both changed by the plan and regenerated");
        assert_absent(rp(e, BACKUPS));

        /* not a regular file */
        assert_int_equal(mkdir(rp(e, "boot"), 0755), 0);
        assert_int_equal(mkfifo(rp(e, "boot/fifo.img"), 0600), 0);
        assert_int_equal(strv_push(&fifo, "/boot/fifo.img"), 0);
        error_clear();
        assert_int_equal(commit_plan_keep(e->g, &e->plan, &fifo, &id), -EBADFD);
        assert_string_equal(error_get(), "'/boot/fifo.img': is a FIFO, refusing to read it");
        assert_absent(rp(e, BACKUPS));
        assert_content(e, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        assert_int_equal(count_temps(e->root), 0);
}

/* A corrupt copy of a kept file: rollback refuses before writing anything. */
static void test_keep_corrupt_copy_refused(void **state)
{
        struct env *e = *state;
        _cleanup_(strv_done) struct strv keep = {0};
        struct rollback_report rep = {0};
        char *id = NULL;
        char rel[128];

        th_write_str(e->root, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        th_write(e->root, "boot/initrd.img", "old\0image", 9);
        add_change(e, CHANGE_MODIFY, "/etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n", 0);
        assert_int_equal(strv_push(&keep, "/boot/initrd.img"), 0);
        assert_int_equal(commit_plan_keep(e->g, &e->plan, &keep, &id), 0);
        plan_clear(&e->plan);
        th_write(e->root, "boot/initrd.img", "new image", 9);
        snprintf(rel, sizeof(rel), BACKUPS "/%s/files/1", id);
        assert_int_equal(chmod(rp(e, rel), 0600), 0);
        th_write(e->root, rel, "old\0imagX", 9);
        error_clear();
        assert_int_equal(backup_rollback(e->g, id, &rep), -EBADMSG);
        assert_true(str_has(error_get(), "the backup copy of '/boot/initrd.img' is corrupt (checksum mismatch); "
                                         "nothing restored"));
        assert_content(e, "etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n");
        assert_file_bytes(e, "boot/initrd.img", "new image", 9);
        rollback_report_done(&rep);
        free(id);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
                T(test_apply_modify_keeps_bytes_mode_xattr),
                T(test_apply_keeps_owner_and_mode_0640),
                T(test_apply_keeps_trusted_and_security_xattrs),
                T(test_manifest_fields),
                T(test_empty_plan_writes_nothing),
                T(test_temp_name_never_conf),
                T(test_symlinked_target_keeps_link),
                T(test_stale_modify_refused),
                T(test_stale_second_file_changes_nothing),
                T(test_stale_create_exists),
                T(test_hardlink_appeared_refused),
                T(test_predictable_names_planted_symlinks),
                T(test_immutable_dir_refused),
                T(test_immutable_file_refused),
                T(test_mount_point_refused),
                T(test_locked_root_refused),
                T(test_rename_failure_restores_all),
                T(test_crash_between_renames_then_rollback),
                T(test_crash_after_all_renames_then_rollback),
                T(test_apply_rollback_exact),
                T(test_rollback_twice_writes_nothing),
                T(test_create_then_rollback_removes),
                T(test_delete_then_rollback_restores),
                T(test_rollback_newest_after_two_applies),
                T(test_rollback_modified_after_apply_keeps_copy),
                T(test_rollback_created_then_modified_left),
                T(test_rollback_restores_metadata_only_change),
                T(test_list_states_and_fields),
                T(test_corrupt_manifest_named),
                T(test_corrupt_manifest_field_and_journal),
                T(test_corrupt_backup_copy_refused),
                T(test_rollback_bad_ids),
                T(test_keep_big_file_with_changes),
                T(test_keep_without_changes),
                T(test_keep_refusals),
                T(test_keep_corrupt_copy_refused),
#undef T
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
