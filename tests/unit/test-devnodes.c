/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device nodes for guests with a static /dev: planning (plan_add_node and
 * friends), rendering (diff, JSON), apply as root (exact mode, rdev, owner),
 * the not-root path (skipped with a warning), rollback, and crashes.
 *
 * Cases that make nodes need root (mknod(2) needs CAP_MKNOD); they are
 * skipped with a message otherwise. The not-root path is tested as root too,
 * through commit_test_force_nonroot().
 */
#include "test-helpers.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <sys/sysmacros.h>

#include "commit.h"
#include "diff.h"
#include "guest-root.h"
#include "log.h"
#include "plan.h"
#include "report-json.h"

/* Test hooks defined in commit.c (tests only). */
void commit_test_fail_after(int n);
void commit_test_crash_after(int n);
void commit_test_force_nonroot(bool on);

#define BACKUPS "var/lib/domufix/backups"
#define HVC0 makedev(229, 0)
#define XVDA1 makedev(202, 1)

struct env {
        char *dir;  /* scratch directory */
        char *root; /* dir/root: the guest */
        struct guest_root *g;
        struct plan *p;
};

/* ------------------------------------------------------------------------ */
/* Helpers */

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

static struct plan *plan_new(void)
{
        struct plan *p = calloc(1, sizeof(*p));

        assert_non_null(p);
        return p;
}

static int setup(void **state)
{
        struct env *e = calloc(1, sizeof(*e));

        assert_non_null(e);
        e->dir = th_mkdtemp();
        assert_true(asprintf(&e->root, "%s/root", e->dir) > 0);
        assert_int_equal(mkdir(e->root, 0755), 0);
        assert_int_equal(mkdir(rp(e, "dev"), 0755), 0);
        assert_int_equal(guest_root_open(e->root, &e->g), 0);
        e->p = plan_new();
        error_clear();
        *state = e;
        return 0;
}

static int teardown(void **state)
{
        struct env *e = *state;

        commit_test_fail_after(-1);
        commit_test_crash_after(-1);
        commit_test_force_nonroot(false);
        plan_free(e->p);
        guest_root_free(e->g);
        th_rmrf(e->dir);
        free(e->dir);
        free(e->root);
        free(e);
        return 0;
}

/* Skip a case that has to make device nodes. */
static bool need_root(void)
{
        if (geteuid() == 0)
                return true;
        print_message("# skipped: making device nodes needs root\n");
        skip();
        return false;
}

static void make_node(const struct env *e, const char *rel, mode_t mode, dev_t rdev)
{
        assert_int_equal(mknod(rp(e, rel), mode, rdev), 0);
}

static struct stat stat_of(const char *path)
{
        struct stat st;

        assert_int_equal(lstat(path, &st), 0);
        return st;
}

static void assert_absent(const char *path)
{
        struct stat st;

        assert_int_equal(lstat(path, &st), -1);
        assert_int_equal(errno, ENOENT);
}

static void assert_node(const struct env *e, const char *rel, mode_t mode, dev_t rdev, uid_t uid, gid_t gid)
{
        struct stat st = stat_of(rp(e, rel));

        assert_int_equal(st.st_mode & S_IFMT, mode & S_IFMT);
        assert_int_equal(st.st_mode & 07777, mode & 07777);
        assert_int_equal(major(st.st_rdev), major(rdev));
        assert_int_equal(minor(st.st_rdev), minor(rdev));
        assert_int_equal(st.st_uid, uid);
        assert_int_equal(st.st_gid, gid);
        assert_int_equal(st.st_nlink, 1);
}

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
                if (de->d_name[0] == '.' && strstr(de->d_name, ".domufix-"))
                        n++;
                assert_true(asprintf(&sub, "%s/%s", dir, de->d_name) > 0);
                if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                        n += count_temps(sub);
                free(sub);
        }
        closedir(d);
        return n;
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

static void add_hvc0(struct env *e)
{
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0,
                                       "console for the pvops kernel: the guest has no udev"),
                         0);
}

static void add_xvda1(struct env *e)
{
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/xvda1", S_IFBLK | 0660, XVDA1, 0, PLAN_GID_DISK,
                                       "block device for /dev/xvda1: the guest has no udev"),
                         0);
}

/* Commit e->p; returns the backup set id (NULL when nothing was written). */
static char *apply(struct env *e)
{
        char *id = NULL;

        error_clear();
        assert_int_equal(commit_plan(e->g, e->p, &id), 0);
        return id;
}

static char *read_set_file(const struct env *e, const char *id, const char *rel)
{
        char *data = th_read(setp(e, id, ""), rel, NULL);

        assert_non_null(data);
        return data;
}

static void rollback(struct env *e, const char *id, struct rollback_report *rep)
{
        error_clear();
        *rep = (struct rollback_report){0};
        assert_int_equal(backup_rollback(e->g, id, rep), 0);
}

/* A fresh plan for the same guest: what `plan` would say now. */
static struct plan *replan_hvc0_xvda1(struct env *e)
{
        struct plan *p = plan_new();

        assert_int_equal(plan_add_hvc0_node(e->g, p, NULL), 0);
        assert_int_equal(plan_add_xvd_node(e->g, p, "xvda1", NULL), 0);
        return p;
}

/* ------------------------------------------------------------------------ */
/* Planning */

static void test_plan_adds_change(void **state)
{
        struct env *e = *state;
        const struct change *c;

        add_hvc0(e);
        add_xvda1(e);
        assert_int_equal(e->p->n_changes, 2);
        assert_int_equal(e->p->warnings.n, 0);

        c = &e->p->changes[0];
        assert_string_equal(c->path, "/dev/hvc0");
        assert_int_equal(c->action, CHANGE_MKNOD);
        assert_string_equal(change_action_to_string(c->action), "mknod");
        assert_int_equal(c->node_mode, S_IFCHR | 0600);
        assert_true(c->node_rdev == HVC0);
        assert_int_equal(c->node_uid, 0);
        assert_int_equal(c->node_gid, 0);
        assert_int_equal(c->reasons.n, 1);
        assert_string_equal(c->reasons.v[0], "console for the pvops kernel: the guest has no udev");
        assert_null(c->orig);
        assert_null(c->new_data);

        c = &e->p->changes[1];
        assert_string_equal(c->path, "/dev/xvda1");
        assert_int_equal(c->node_mode, S_IFBLK | 0660);
        assert_true(c->node_rdev == XVDA1);
        assert_int_equal(c->node_gid, 6);
        /* Nothing was written in the guest. */
        assert_absent(rp(e, "dev/hvc0"));
        assert_absent(rp(e, "dev/xvda1"));
}

static void test_plan_helpers_and_default_reason(void **state)
{
        struct env *e = *state;

        assert_int_equal(plan_add_hvc0_node(e->g, e->p, "the pvops console"), 0);
        assert_int_equal(plan_add_xvd_node(e->g, e->p, "/dev/xvdb2", NULL), 0);
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/xvdc", S_IFBLK | 0660, makedev(202, 32), 0, 6, NULL), 0);
        assert_int_equal(e->p->n_changes, 3);
        assert_string_equal(e->p->changes[0].reasons.v[0], "character device 229:0 for /dev/hvc0: the pvops console");
        assert_string_equal(e->p->changes[1].path, "/dev/xvdb2");
        assert_true(e->p->changes[1].node_rdev == makedev(202, 18));
        assert_int_equal(e->p->changes[1].node_mode, S_IFBLK | 0660);
        assert_int_equal(e->p->changes[1].node_gid, 6);
        assert_string_equal(e->p->changes[1].reasons.v[0], "block device 202:18 for /dev/xvdb2");
        assert_string_equal(e->p->changes[2].reasons.v[0], "block device 202:32 for /dev/xvdc");
}

static void test_xvd_devnum(void **state)
{
        static const struct {
                const char *name;
                int r;
                unsigned minor;
        } cases[] = {
                {"xvda", 0, 0},       {"xvda1", 0, 1},        {"/dev/xvda15", 0, 15}, {"xvdb", 0, 16},
                {"xvdb2", 0, 18},     {"xvdp", 0, 240},       {"xvdp15", 0, 255},     {"xvdq", -ERANGE, 0},
                {"xvdz1", -ERANGE, 0}, {"xvdaa", -ERANGE, 0}, {"xvda16", -ERANGE, 0}, {"xvda100", -ERANGE, 0},
                {"xvda0", -EINVAL, 0}, {"xvd", -EINVAL, 0},   {"xvd1", -EINVAL, 0},   {"sda1", -EINVAL, 0},
                {"xvdA", -EINVAL, 0},  {"xvda1p", -EINVAL, 0}, {"", -EINVAL, 0},
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                dev_t d = makedev(1, 1);
                int r = plan_xvd_devnum(cases[i].name, &d);

                if (r != cases[i].r)
                        fail_msg("%s: %d, expected %d", cases[i].name, r, cases[i].r);
                if (r == 0) {
                        assert_int_equal(major(d), 202);
                        assert_int_equal(minor(d), cases[i].minor);
                } else
                        assert_true(d == makedev(1, 1)); /* untouched on failure */
        }
}

static void test_plan_xvd_out_of_range_warns(void **state)
{
        struct env *e = *state;

        assert_int_equal(plan_add_xvd_node(e->g, e->p, "xvdq1", "root disk"), 0);
        assert_int_equal(plan_add_xvd_node(e->g, e->p, "sda1", NULL), -EINVAL);
        assert_int_equal(e->p->n_changes, 0);
        assert_int_equal(e->p->warnings.n, 1);
        assert_string_equal(e->p->warnings.v[0],
                            "'/dev/xvdq1': not created: only xvda to xvdp with partitions 1 to 15 have fixed "
                            "numbers (block major 202); later disks are numbered by the kernel, so this guest "
                            "needs udev (or a node made by hand) for them");
}

static void test_plan_existing_same_node_is_no_change(void **state)
{
        struct env *e = *state;

        if (!need_root())
                return;
        /* Another mode and owner: still the right device, left as it is. */
        make_node(e, "dev/hvc0", S_IFCHR | 0620, HVC0);
        add_hvc0(e);
        assert_int_equal(e->p->n_changes, 0);
        assert_int_equal(e->p->warnings.n, 0);
}

static void test_plan_existing_other_thing_warns(void **state)
{
        struct env *e = *state;

        th_write_str(e->root, "dev/hvc0", "not a device\n");
        add_hvc0(e);
        assert_int_equal(e->p->n_changes, 0);
        assert_int_equal(e->p->warnings.n, 1);
        assert_string_equal(e->p->warnings.v[0], "'/dev/hvc0' exists but is not the expected device node "
                                                 "(it is a regular file; expected a character device 229:0); "
                                                 "not changed");
        /* A dangling symlink is never replaced either. */
        assert_int_equal(symlink("/dev/nowhere", rp(e, "dev/xvda1")), 0);
        add_xvda1(e);
        assert_int_equal(e->p->n_changes, 0);
        assert_int_equal(e->p->warnings.n, 2);
        assert_string_equal(e->p->warnings.v[1], "'/dev/xvda1' exists but is not the expected device node "
                                                 "(it is a dangling symlink; expected a block device 202:1); "
                                                 "not changed");
        assert_true(S_ISREG(stat_of(rp(e, "dev/hvc0")).st_mode));
        assert_true(S_ISLNK(stat_of(rp(e, "dev/xvda1")).st_mode));
}

static void test_plan_existing_other_node_warns(void **state)
{
        struct env *e = *state;

        if (!need_root())
                return;
        make_node(e, "dev/hvc0", S_IFCHR | 0600, makedev(5, 1)); /* /dev/console */
        make_node(e, "dev/xvda1", S_IFCHR | 0660, XVDA1);       /* right numbers, wrong type */
        assert_int_equal(symlink("hvc0", rp(e, "dev/hvc1")), 0);
        add_hvc0(e);
        add_xvda1(e);
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc1", S_IFCHR | 0600, makedev(229, 1), 0, 0, NULL), 0);
        assert_int_equal(e->p->n_changes, 0);
        assert_int_equal(e->p->warnings.n, 3);
        assert_string_equal(e->p->warnings.v[0], "'/dev/hvc0' exists but is not the expected device node "
                                                 "(it is a character device 5:1; expected a character device "
                                                 "229:0); not changed");
        assert_string_equal(e->p->warnings.v[1], "'/dev/xvda1' exists but is not the expected device node "
                                                 "(it is a character device 202:1; expected a block device "
                                                 "202:1); not changed");
        assert_string_equal(e->p->warnings.v[2], "'/dev/hvc1' exists but is not the expected device node "
                                                 "(it resolves to '/dev/hvc0', a character device 5:1; expected "
                                                 "a character device 229:1); not changed");
}

static void test_plan_no_dev_dir_and_bad_args(void **state)
{
        struct env *e = *state;

        assert_int_equal(rmdir(rp(e, "dev")), 0);
        add_hvc0(e);
        assert_int_equal(e->p->n_changes, 0);
        assert_int_equal(e->p->warnings.n, 1);
        assert_string_equal(e->p->warnings.v[0], "'/dev/hvc0': its directory does not exist; device node not created");

        assert_int_equal(plan_add_node(e->g, e->p, "dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0, NULL), -EINVAL);
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc0", S_IFREG | 0600, HVC0, 0, 0, NULL), -EINVAL);
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc0", S_IFIFO | 0600, HVC0, 0, 0, NULL), -EINVAL);
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc0", S_IFCHR | 0600, HVC0, (uid_t)-1, 0, NULL), -EINVAL);
        assert_int_equal(e->p->n_changes, 0);

        /* /dev is a file: a broken guest, refused with the path named. */
        th_write_str(e->root, "dev", "x\n");
        error_clear();
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0, NULL), -ENOTDIR);
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "/dev"));
}

static void test_plan_twice_once_and_conflict(void **state)
{
        struct env *e = *state;

        add_hvc0(e);
        add_hvc0(e);
        assert_int_equal(e->p->n_changes, 1);
        error_clear();
        assert_int_equal(plan_add_node(e->g, e->p, "/dev/hvc0", S_IFCHR | 0600, makedev(229, 1), 0, 0, NULL), -EEXIST);
        assert_string_equal(error_get(), "'/dev/hvc0': already planned as another change");
        assert_int_equal(e->p->n_changes, 1);
}

/* ------------------------------------------------------------------------ */
/* Rendering */

static void test_diff_render(void **state)
{
        struct env *e = *state;
        struct diff_options o = {.context = 3};
        struct strbuf b = {0};

        add_hvc0(e);
        add_xvda1(e);
        assert_int_equal(diff_render_plan(e->p, &o, &b), 0);
        assert_string_equal(b.s, "# mknod /dev/hvc0 c 229 0 (mode 0600, owner 0:0): console for the pvops kernel: "
                                 "the guest has no udev\n"
                                 "# mknod /dev/xvda1 b 202 1 (mode 0660, owner 0:6): block device for /dev/xvda1: "
                                 "the guest has no udev\n");
        strbuf_done(&b);
}

static void test_json_change_fields(void **state)
{
        static const char *const keys[] = {"path", "action", "type", "major", "minor", "mode", "uid", "gid",
                                           "reasons", "diff"};
        struct env *e = *state;
        struct report rep = {.command = "plan", .root = "/guest"};
        json_object *doc = NULL, *changes, *c, *w;
        size_t n_keys = 0;

        add_hvc0(e);
        add_xvda1(e);
        assert_int_equal(strv_push(&e->p->commit_warnings, "not root: test"), 0);
        rep.plan = e->p;
        assert_int_equal(report_json_build(&rep, &doc), 0);
        changes = jget(doc, "changes");
        assert_int_equal(json_object_array_length(changes), 2);

        c = json_object_array_get_idx(changes, 0);
        assert_string_equal(json_object_get_string(jget(c, "path")), "/dev/hvc0");
        assert_string_equal(json_object_get_string(jget(c, "action")), "mknod");
        assert_string_equal(json_object_get_string(jget(c, "type")), "char");
        assert_int_equal(json_object_get_int(jget(c, "major")), 229);
        assert_int_equal(json_object_get_int(jget(c, "minor")), 0);
        assert_true(json_object_is_type(jget(c, "mode"), json_type_string));
        assert_string_equal(json_object_get_string(jget(c, "mode")), "0600");
        assert_int_equal(json_object_get_int(jget(c, "uid")), 0);
        assert_int_equal(json_object_get_int(jget(c, "gid")), 0);
        assert_int_equal(json_object_array_length(jget(c, "reasons")), 1);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(jget(c, "reasons"), 0)),
                            "console for the pvops kernel: the guest has no udev");
        assert_string_equal(json_object_get_string(jget(c, "diff")),
                            "# mknod /dev/hvc0 c 229 0 (mode 0600, owner 0:0): console for the pvops kernel: the "
                            "guest has no udev\n");
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
                assert_true(jhas(c, keys[i]));
        json_object_object_foreach(c, key, val) {
                (void)key;
                (void)val;
                n_keys++;
        }
        assert_int_equal(n_keys, ARRAY_SIZE(keys));

        c = json_object_array_get_idx(changes, 1);
        assert_string_equal(json_object_get_string(jget(c, "path")), "/dev/xvda1");
        assert_string_equal(json_object_get_string(jget(c, "type")), "block");
        assert_int_equal(json_object_get_int(jget(c, "major")), 202);
        assert_int_equal(json_object_get_int(jget(c, "minor")), 1);
        assert_string_equal(json_object_get_string(jget(c, "mode")), "0660");
        assert_int_equal(json_object_get_int(jget(c, "gid")), 6);

        /* Warnings from commit_plan are in the report's warnings. */
        w = jget(doc, "warnings");
        assert_int_equal(json_object_array_length(w), 1);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(w, 0)), "not root: test");
        json_object_put(doc);
}

/* ------------------------------------------------------------------------ */
/* Apply and rollback as root */

static void test_apply_makes_exact_nodes_then_rollback(void **state)
{
        struct env *e = *state;
        struct rollback_report rep;
        struct stat j1, j2, d1, d2;
        json_object *m, *files, *f;
        struct plan *again;
        char *id, *journal;

        if (!need_root())
                return;
        assert_int_equal(umask(077), 022); /* the umask must not matter */
        add_hvc0(e);
        add_xvda1(e);
        id = apply(e);
        umask(022);
        assert_non_null(id);
        assert_int_equal(e->p->commit_warnings.n, 0);

        assert_node(e, "dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0);
        assert_node(e, "dev/xvda1", S_IFBLK | 0660, XVDA1, 0, 6);
        assert_int_equal(count_temps(e->root), 0);

        /* The manifest records them, without backup copies. */
        m = json_object_from_file(setp(e, id, "manifest.json"));
        assert_non_null(m);
        files = jget(m, "files");
        assert_int_equal(json_object_array_length(files), 2);
        f = json_object_array_get_idx(files, 1);
        assert_string_equal(json_object_get_string(jget(f, "path")), "/dev/xvda1");
        assert_string_equal(json_object_get_string(jget(f, "action")), "mknod");
        assert_false(json_object_get_boolean(jget(f, "existed")));
        assert_string_equal(json_object_get_string(jget(f, "type")), "block");
        assert_int_equal(json_object_get_int(jget(f, "major")), 202);
        assert_int_equal(json_object_get_int(jget(f, "minor")), 1);
        assert_int_equal(json_object_get_int(jget(f, "mode")), 0660);
        assert_int_equal(json_object_get_int(jget(f, "uid")), 0);
        assert_int_equal(json_object_get_int(jget(f, "gid")), 6);
        assert_int_equal(json_object_get_int(jget(f, "size")), 0);
        assert_true(strneq(json_object_get_string(jget(f, "temp")), ".xvda1.domufix-", 15));
        assert_false(jhas(f, "sha256"));
        assert_false(jhas(f, "new_sha256"));
        assert_false(jhas(f, "backup"));
        assert_string_equal(json_object_get_string(jget(json_object_array_get_idx(files, 0), "type")), "char");
        json_object_put(m);
        assert_absent(setp(e, id, "files/0"));
        assert_absent(setp(e, id, "files/1"));
        journal = read_set_file(e, id, "journal");
        assert_string_equal(journal, "begin\nrenamed 0\nrenamed 1\ncomplete\n");
        free(journal);

        /* Planning again: nothing to do. */
        again = replan_hvc0_xvda1(e);
        assert_int_equal(again->n_changes, 0);
        assert_int_equal(again->warnings.n, 0);
        plan_free(again);

        rollback(e, id, &rep);
        assert_int_equal(rep.removed.n, 2);
        assert_string_equal(rep.removed.v[0], "/dev/hvc0");
        assert_string_equal(rep.removed.v[1], "/dev/xvda1");
        assert_int_equal(rep.restored.n + rep.warnings.n + rep.unchanged.n, 0);
        rollback_report_done(&rep);
        assert_absent(rp(e, "dev/hvc0"));
        assert_absent(rp(e, "dev/xvda1"));

        /* A second rollback writes nothing: not the guest's /dev, not the journal. */
        j1 = stat_of(setp(e, id, "journal"));
        d1 = stat_of(rp(e, "dev"));
        rollback(e, id, &rep);
        assert_int_equal(rep.removed.n, 0);
        assert_int_equal(rep.unchanged.n, 2);
        assert_int_equal(rep.warnings.n, 0);
        rollback_report_done(&rep);
        j2 = stat_of(setp(e, id, "journal"));
        d2 = stat_of(rp(e, "dev"));
        assert_int_equal(j1.st_size, j2.st_size);
        assert_int_equal(d1.st_mtim.tv_sec, d2.st_mtim.tv_sec);
        assert_int_equal(d1.st_mtim.tv_nsec, d2.st_mtim.tv_nsec);
        journal = read_set_file(e, id, "journal");
        assert_string_equal(journal, "begin\nrenamed 0\nrenamed 1\ncomplete\nrolledback\n");
        free(journal);
        free(id);
}

static void test_apply_file_and_node_together(void **state)
{
        struct env *e = *state;
        struct rollback_report rep;
        struct backup_info *list = NULL;
        struct change *c;
        size_t n = 0;
        char *id, *journal, *data;

        if (!need_root())
                return;
        th_write_str(e->root, "etc/securetty", "console\nxvc0\n");
        add_hvc0(e);
        /* A modify the way plan_build makes one. */
        c = realloc(e->p->changes, (e->p->n_changes + 1) * sizeof(*c));
        assert_non_null(c);
        e->p->changes = c;
        c = &c[e->p->n_changes++];
        *c = (struct change){.action = CHANGE_MODIFY};
        c->path = strdup("/etc/securetty");
        assert_non_null(c->path);
        assert_int_equal(guest_file_read(e->g, "/etc/securetty", &c->orig), 0);
        c->new_data = strdup("console\nxvc0\nhvc0\n");
        assert_non_null(c->new_data);
        c->new_size = strlen(c->new_data);

        id = apply(e);
        assert_non_null(id);
        assert_node(e, "dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0);
        data = th_read(e->root, "etc/securetty", NULL);
        assert_string_equal(data, "console\nxvc0\nhvc0\n");
        free(data);
        journal = read_set_file(e, id, "journal");
        assert_string_equal(journal, "begin\nrenamed 0\nrenamed 1\ncomplete\n");
        free(journal);
        /* The only backup copy is the file's. */
        assert_absent(setp(e, id, "files/0"));
        data = read_set_file(e, id, "files/1");
        assert_string_equal(data, "console\nxvc0\n");
        free(data);

        /* Listed with both paths. */
        assert_int_equal(backup_list(e->g, &list, &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(list[0].n_files, 2);
        assert_string_equal(list[0].paths.v[0], "/dev/hvc0");
        assert_string_equal(list[0].paths.v[1], "/etc/securetty");
        assert_int_equal(list[0].state, BACKUP_COMPLETE);
        backup_info_done(&list[0]);
        free(list);

        rollback(e, NULL, &rep);
        assert_int_equal(rep.removed.n, 1);
        assert_int_equal(rep.restored.n, 1);
        assert_string_equal(rep.restored.v[0], "/etc/securetty");
        rollback_report_done(&rep);
        assert_absent(rp(e, "dev/hvc0"));
        data = th_read(e->root, "etc/securetty", NULL);
        assert_string_equal(data, "console\nxvc0\n");
        free(data);
        free(id);
}

static void test_nonroot_skips_with_warning(void **state)
{
        struct env *e = *state;
        char *id;

        commit_test_force_nonroot(true);
        assert_false(commit_makes_nodes());
        add_hvc0(e);
        add_xvda1(e);
        id = apply(e);
        /* Only nodes: nothing written at all, not even a backup set. */
        assert_null(id);
        assert_absent(rp(e, "dev/hvc0"));
        assert_absent(rp(e, "dev/xvda1"));
        assert_absent(rp(e, "var"));
        assert_int_equal(count_temps(e->root), 0);
        assert_int_equal(e->p->commit_warnings.n, 2);
        assert_true(strneq(e->p->commit_warnings.v[0], "not root: device node /dev/hvc0 not created;", 44));
        assert_true(strneq(e->p->commit_warnings.v[1], "not root: device node /dev/xvda1 not created;", 45));
}

static void test_nonroot_warning_text_exact(void **state)
{
        struct env *e = *state;
        char *id, *want = NULL;

        commit_test_force_nonroot(true);
        add_hvc0(e);
        add_xvda1(e);
        id = apply(e);
        assert_null(id);
        assert_int_equal(e->p->commit_warnings.n, 2);
        /* The command names the path as the host sees it. */
        assert_true(asprintf(&want,
                             "not root: device node /dev/hvc0 not created; create it with: mknod -m 0600 %s/dev/hvc0 "
                             "c 229 0",
                             e->root) > 0);
        assert_string_equal(e->p->commit_warnings.v[0], want);
        free(want);
        assert_true(asprintf(&want,
                             "not root: device node /dev/xvda1 not created; create it with: mknod -m 0660 "
                             "%s/dev/xvda1 b 202 1 && chown 0:6 %s/dev/xvda1",
                             e->root, e->root) > 0);
        assert_string_equal(e->p->commit_warnings.v[1], want);
        free(want);
}

static void test_nonroot_quotes_odd_root(void **state)
{
        struct env *e = *state;
        struct guest_root *g = NULL;
        char *odd = NULL, *id = NULL, *want = NULL;
        struct plan *p = plan_new();

        commit_test_force_nonroot(true);
        assert_true(asprintf(&odd, "%s/it's a root/", e->dir) > 0);
        assert_int_equal(mkdir(odd, 0755), 0);
        th_write_str(odd, "dev/.keep", "");
        assert_int_equal(guest_root_open(odd, &g), 0);
        assert_int_equal(plan_add_hvc0_node(g, p, NULL), 0);
        assert_int_equal(commit_plan(g, p, &id), 0);
        assert_null(id);
        assert_int_equal(p->commit_warnings.n, 1);
        assert_true(asprintf(&want,
                             "not root: device node /dev/hvc0 not created; create it with: mknod -m 0600 "
                             "'%s/it'\\''s a root/dev/hvc0' c 229 0",
                             e->dir) > 0);
        assert_string_equal(p->commit_warnings.v[0], want);
        free(want);
        plan_free(p);
        guest_root_free(g);
        free(odd);

}

static void test_nonroot_mixed_manifest_without_node(void **state)
{
        struct env *e = *state;
        json_object *m, *files;
        struct change *c;
        char *id, *journal;

        commit_test_force_nonroot(true);
        assert_int_equal(mkdir(rp(e, "etc"), 0755), 0);
        add_hvc0(e);
        c = realloc(e->p->changes, (e->p->n_changes + 1) * sizeof(*c));
        assert_non_null(c);
        e->p->changes = c;
        c = &c[e->p->n_changes++];
        *c = (struct change){.action = CHANGE_CREATE, .create_mode = 0644};
        c->path = strdup("/etc/hvc0.conf");
        c->new_data = strdup("hvc0\n");
        assert_non_null(c->path);
        assert_non_null(c->new_data);
        c->new_size = 5;

        id = apply(e);
        assert_non_null(id);
        assert_absent(rp(e, "dev/hvc0"));
        assert_int_equal(e->p->commit_warnings.n, 1);
        assert_true(strneq(e->p->commit_warnings.v[0], "not root: device node /dev/hvc0 not created;", 44));
        m = json_object_from_file(setp(e, id, "manifest.json"));
        assert_non_null(m);
        files = jget(m, "files");
        assert_int_equal(json_object_array_length(files), 1);
        assert_string_equal(json_object_get_string(jget(json_object_array_get_idx(files, 0), "path")),
                            "/etc/hvc0.conf");
        json_object_put(m);
        journal = read_set_file(e, id, "journal");
        assert_string_equal(journal, "begin\nrenamed 0\ncomplete\n");
        free(journal);
        free(id);
}

static void test_node_appeared_since_plan_is_stale(void **state)
{
        struct env *e = *state;
        char *id = NULL;

        if (!need_root())
                return;
        add_hvc0(e);
        add_xvda1(e);
        make_node(e, "dev/xvda1", S_IFBLK | 0640, XVDA1);
        error_clear();
        assert_int_equal(commit_plan(e->g, e->p, &id), -ESTALE);
        assert_null(id);
        assert_string_equal(error_get(), "'/dev/xvda1': changed since it was read; run plan again");
        assert_absent(rp(e, "dev/hvc0"));
        assert_node(e, "dev/xvda1", S_IFBLK | 0640, XVDA1, 0, 0);
        assert_int_equal(count_temps(e->root), 0);
        assert_absent(rp(e, "var"));
        assert_int_equal(e->p->commit_warnings.n, 0);
}

static void test_rename_failure_removes_nodes(void **state)
{
        struct env *e = *state;
        char *id = NULL;

        if (!need_root())
                return;
        add_hvc0(e);
        add_xvda1(e);
        commit_test_fail_after(1);
        error_clear();
        assert_int_equal(commit_plan(e->g, e->p, &id), -EIO);
        assert_null(id);
        assert_non_null(strstr(error_get(), "'/dev/xvda1': cannot put the device node in place"));
        assert_non_null(strstr(error_get(), "nothing changed"));
        assert_absent(rp(e, "dev/hvc0"));
        assert_absent(rp(e, "dev/xvda1"));
        assert_int_equal(count_temps(e->root), 0);
}

static void test_crash_after_renames_rollback_removes(void **state)
{
        struct env *e = *state;
        struct rollback_report rep;
        char *id = NULL, *interrupted = NULL;

        if (!need_root())
                return;
        add_hvc0(e);
        add_xvda1(e);
        commit_test_crash_after(2);
        assert_int_equal(commit_plan(e->g, e->p, &id), -ECANCELED);
        commit_test_crash_after(-1);
        assert_null(id);
        assert_node(e, "dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0);
        assert_node(e, "dev/xvda1", S_IFBLK | 0660, XVDA1, 0, 6);
        assert_int_equal(backup_find_interrupted(e->g, &interrupted), 0);
        assert_non_null(interrupted);

        rollback(e, NULL, &rep);
        assert_string_equal(rep.id, interrupted);
        assert_int_equal(rep.removed.n, 2);
        rollback_report_done(&rep);
        assert_absent(rp(e, "dev/hvc0"));
        assert_absent(rp(e, "dev/xvda1"));
        assert_int_equal(count_temps(e->root), 0);
        free(interrupted);
}

static void test_crash_between_renames_removes_temp_node(void **state)
{
        struct env *e = *state;
        struct rollback_report rep;
        char *id = NULL;

        if (!need_root())
                return;
        add_hvc0(e);
        add_xvda1(e);
        commit_test_crash_after(1);
        assert_int_equal(commit_plan(e->g, e->p, &id), -ECANCELED);
        commit_test_crash_after(-1);
        assert_node(e, "dev/hvc0", S_IFCHR | 0600, HVC0, 0, 0);
        assert_absent(rp(e, "dev/xvda1"));
        assert_int_equal(count_temps(e->root), 1); /* the xvda1 temp node a killed apply would leave */

        rollback(e, NULL, &rep);
        assert_int_equal(rep.removed.n, 1);
        assert_string_equal(rep.removed.v[0], "/dev/hvc0");
        assert_int_equal(rep.unchanged.n, 1);
        assert_string_equal(rep.unchanged.v[0], "/dev/xvda1");
        rollback_report_done(&rep);
        assert_absent(rp(e, "dev/hvc0"));
        assert_int_equal(count_temps(e->root), 0);
}

static void test_rollback_leaves_replaced_node(void **state)
{
        struct env *e = *state;
        struct rollback_report rep;
        char *id;

        if (!need_root())
                return;
        add_hvc0(e);
        add_xvda1(e);
        id = apply(e);
        assert_non_null(id);
        /* Somebody replaced them since: another device, and a plain file. */
        assert_int_equal(unlink(rp(e, "dev/hvc0")), 0);
        make_node(e, "dev/hvc0", S_IFCHR | 0600, makedev(5, 1));
        assert_int_equal(unlink(rp(e, "dev/xvda1")), 0);
        th_write_str(e->root, "dev/xvda1", "data\n");

        rollback(e, id, &rep);
        assert_int_equal(rep.removed.n, 0);
        assert_int_equal(rep.warnings.n, 2);
        assert_string_equal(rep.warnings.v[0],
                            "'/dev/hvc0' is no longer the character device 229:0 apply made; left in place");
        assert_string_equal(rep.warnings.v[1],
                            "'/dev/xvda1' is no longer the block device 202:1 apply made; left in place");
        rollback_report_done(&rep);
        assert_node(e, "dev/hvc0", S_IFCHR | 0600, makedev(5, 1), 0, 0);
        assert_true(S_ISREG(stat_of(rp(e, "dev/xvda1")).st_mode));
        free(id);
}

/* Set (or with val NULL remove) key of files[0] in the manifest of set id. */
static void manifest_set(const struct env *e, const char *id, const char *key, json_object *val)
{
        json_object *m = json_object_from_file(setp(e, id, "manifest.json"));
        json_object *f;

        assert_non_null(m);
        f = json_object_array_get_idx(jget(m, "files"), 0);
        assert_non_null(f);
        if (val)
                assert_int_equal(json_object_object_add(f, key, val), 0);
        else
                json_object_object_del(f, key);
        assert_int_equal(json_object_to_file_ext(setp(e, id, "manifest.json"), m, JSON_C_TO_STRING_PRETTY), 0);
        json_object_put(m);
}

static void test_corrupt_manifest_node_fields(void **state)
{
        struct env *e = *state;
        const struct {
                const char *key;
                json_object *val; /* NULL: removed */
        } cases[] = {
                {"type", json_object_new_string("fifo")},
                {"type", NULL},
                {"major", json_object_new_int(4096)},
                {"minor", json_object_new_int(-1)},
                {"minor", json_object_new_string("1")},
                {"size", json_object_new_int(5)},
                {"existed", json_object_new_boolean(true)},
                {"action", json_object_new_string("mkfifo")},
                {"sha256", json_object_new_string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")},
                {"backup", json_object_new_string("files/0")},
        };
        struct rollback_report rep = {0};
        struct backup_info *list = NULL;
        char *id, *orig, *want = NULL;
        size_t n = 0;

        if (!need_root()) {
                for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
                        json_object_put(cases[i].val);
                return;
        }
        add_xvda1(e);
        id = apply(e);
        assert_non_null(id);
        orig = read_set_file(e, id, "manifest.json");
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                th_write_str(setp(e, id, ""), "manifest.json", orig);
                manifest_set(e, id, cases[i].key, cases[i].val);
                assert_true(asprintf(&want,
                                     "'/" BACKUPS "/%s/manifest.json': corrupt backup manifest: files[0]: "
                                     "missing or invalid \"%s\"",
                                     id, cases[i].key) > 0);
                error_clear();
                assert_int_equal(backup_list(e->g, &list, &n), -EBADMSG);
                assert_string_equal(error_get(), want);
                error_clear();
                assert_int_equal(backup_rollback(e->g, id, &rep), -EBADMSG);
                assert_string_equal(error_get(), want);
                free(want);
        }

        /* The untouched manifest still works, and the node was left alone meanwhile. */
        th_write_str(setp(e, id, ""), "manifest.json", orig);
        assert_node(e, "dev/xvda1", S_IFBLK | 0660, XVDA1, 0, 6);
        rollback(e, id, &rep);
        assert_int_equal(rep.removed.n, 1);
        rollback_report_done(&rep);
        free(orig);
        free(id);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
        const struct CMUnitTest tests[] = {
                T(test_plan_adds_change),
                T(test_plan_helpers_and_default_reason),
                T(test_xvd_devnum),
                T(test_plan_xvd_out_of_range_warns),
                T(test_plan_existing_same_node_is_no_change),
                T(test_plan_existing_other_thing_warns),
                T(test_plan_existing_other_node_warns),
                T(test_plan_no_dev_dir_and_bad_args),
                T(test_plan_twice_once_and_conflict),
                T(test_diff_render),
                T(test_json_change_fields),
                T(test_apply_makes_exact_nodes_then_rollback),
                T(test_apply_file_and_node_together),
                T(test_nonroot_skips_with_warning),
                T(test_nonroot_warning_text_exact),
                T(test_nonroot_quotes_odd_root),
                T(test_nonroot_mixed_manifest_without_node),
                T(test_node_appeared_since_plan_is_stale),
                T(test_rename_failure_removes_nodes),
                T(test_crash_after_renames_rollback_removes),
                T(test_crash_between_renames_removes_temp_node),
                T(test_rollback_leaves_replaced_node),
                T(test_corrupt_manifest_node_fields),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
