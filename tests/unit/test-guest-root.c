/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest root resolution against hostile trees.
 *
 * Every case builds its tree at run time in BASE/root, next to BASE/host,
 * which holds canary files. Each hostile case runs twice: once with openat2
 * and once with the forced fallback walker, on a freshly rebuilt root. After
 * each pass the canaries must be unchanged (bytes, inode, mtime) and no entry
 * may have appeared under BASE/host; reads that succeed must return guest
 * bytes, never a canary's.
 */
#include "test-helpers.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#include "guest-root.h"
#include "log.h"

#define CANARY_MARK "HOST-CANARY"

static const struct {
        const char *rel;
        const char *content;
} canaries[] = {
        {"etc/fstab", CANARY_MARK " /etc/fstab\n"},
        {"etc/passwd", CANARY_MARK " /etc/passwd\n"},
        {"etc/shadow", CANARY_MARK " /etc/shadow\n"},
        {"grub/menu.lst", CANARY_MARK " /grub/menu.lst\n"},
        {"boot/grub/grub.conf", CANARY_MARK " /boot/grub/grub.conf\n"},
        {"secret", CANARY_MARK " /secret\n"},
};

struct fx {
        char *base;
        char *root;
        char *host;
        struct guest_root *g;
        struct stat canary_st[ARRAY_SIZE(canaries)];
        size_t host_entries;
};

static size_t nftw_count;

static int count_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
        nftw_count++;
        return 0;
}

static size_t count_tree(const char *dir)
{
        nftw_count = 0;
        assert_int_equal(nftw(dir, count_entry, 16, FTW_PHYS), 0);
        return nftw_count;
}

static char *path_join(const char *a, const char *b)
{
        char *p = NULL;

        assert_true(asprintf(&p, "%s/%s", a, b) > 0);
        return p;
}

static void mkdir_p(const char *dir, const char *rel)
{
        char *p = path_join(dir, rel);
        size_t skip = strlen(dir) + 1;

        for (size_t i = skip; p[i]; i++) {
                if (p[i] != '/')
                        continue;
                p[i] = '\0';
                (void)mkdir(p, 0755);
                p[i] = '/';
        }
        assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
        free(p);
}

static void check_canaries(struct fx *f)
{
        for (size_t i = 0; i < ARRAY_SIZE(canaries); i++) {
                _cleanup_free_ char *p = path_join(f->host, canaries[i].rel);
                _cleanup_free_ char *data = th_read(f->host, canaries[i].rel, NULL);
                struct stat st;

                assert_non_null(data);
                assert_string_equal(data, canaries[i].content);
                assert_int_equal(lstat(p, &st), 0);
                assert_true(S_ISREG(st.st_mode));
                assert_true(st.st_ino == f->canary_st[i].st_ino);
                assert_true(st.st_size == f->canary_st[i].st_size);
                assert_true(st.st_mtim.tv_sec == f->canary_st[i].st_mtim.tv_sec);
                assert_true(st.st_mtim.tv_nsec == f->canary_st[i].st_mtim.tv_nsec);
        }
        assert_int_equal(count_tree(f->host), f->host_entries);
}

static int setup(void **state)
{
        struct fx *f = calloc(1, sizeof(*f));
        _cleanup_free_ char *tmp = th_mkdtemp();

        assert_non_null(f);
        f->base = realpath(tmp, NULL); /* absolute, so that links to the host canaries are absolute */
        assert_non_null(f->base);
        f->root = path_join(f->base, "root");
        f->host = path_join(f->base, "host");
        assert_int_equal(mkdir(f->root, 0755), 0);
        assert_int_equal(mkdir(f->host, 0755), 0);
        for (size_t i = 0; i < ARRAY_SIZE(canaries); i++) {
                _cleanup_free_ char *p = path_join(f->host, canaries[i].rel);

                th_write_str(f->host, canaries[i].rel, canaries[i].content);
                assert_int_equal(lstat(p, &f->canary_st[i]), 0);
        }
        mkdir_p(f->host, "var/lib"); /* a sentinel directory: must stay empty */
        f->host_entries = count_tree(f->host);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fx *f = *state;

        f->g = guest_root_free(f->g);
        check_canaries(f);
        th_rmrf(f->base);
        free(f->base);
        free(f->root);
        free(f->host);
        free(f);
        return 0;
}

static void reset_root(struct fx *f)
{
        th_rmrf(f->root);
        assert_int_equal(mkdir(f->root, 0755), 0);
}

/* Run body once with openat2 and once with the fallback walker, each on an empty root. */
static void run_both(void **state, void (*body)(struct fx *f))
{
        struct fx *f = *state;

        for (int fallback = 0; fallback <= 1; fallback++) {
                reset_root(f);
                assert_int_equal(guest_root_open(f->root, &f->g), 0);
                if (fallback)
                        guest_root_force_fallback(f->g, true);
                else if (!guest_root_uses_openat2(f->g)) {
                        print_message("# openat2 not available here: openat2 pass skipped\n");
                        f->g = guest_root_free(f->g);
                        continue;
                }
                assert_true(guest_root_uses_openat2(f->g) == !fallback);
                error_clear();
                body(f);
                f->g = guest_root_free(f->g);
                check_canaries(f);
        }
}

/* Tree builders, below ROOT. */
static void mk_file(struct fx *f, const char *rel, const char *content)
{
        th_write_str(f->root, rel, content);
}

static void mk_dir(struct fx *f, const char *rel)
{
        mkdir_p(f->root, rel);
}

static void mk_link(struct fx *f, const char *rel, const char *target)
{
        _cleanup_free_ char *p = path_join(f->root, rel);
        const char *slash = strrchr(rel, '/');

        if (slash) {
                _cleanup_free_ char *parent = strndup(rel, (size_t)(slash - rel));

                assert_non_null(parent);
                mkdir_p(f->root, parent);
        }
        assert_int_equal(symlink(target, p), 0);
}

static void assert_no_entry(struct fx *f, const char *rel)
{
        _cleanup_free_ char *p = path_join(f->root, rel);
        struct stat st;

        assert_int_equal(lstat(p, &st), -1);
        assert_int_equal(errno, ENOENT);
}

static void assert_is_link(struct fx *f, const char *rel)
{
        _cleanup_free_ char *p = path_join(f->root, rel);
        struct stat st;

        assert_int_equal(lstat(p, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
}

/* The recorded message contains every part given (NULL part: ignored); no part at all: no message. */
static void assert_msg(const char *part1, const char *part2)
{
        const char *m = error_get();

        if (!part1 && !part2) {
                assert_null(m);
                return;
        }
        assert_non_null(m);
        if (part1 && !strstr(m, part1))
                fail_msg("message \"%s\" lacks \"%s\"", m, part1);
        if (part2 && !strstr(m, part2))
                fail_msg("message \"%s\" lacks \"%s\"", m, part2);
}

static void expect_resolve(struct fx *f, const char *path, const char *want, bool want_exists)
{
        _cleanup_free_ char *c = NULL;
        bool exists = !want_exists;
        int r;

        r = guest_resolve(f->g, path, &c, &exists);
        if (r != 0)
                fail_msg("resolving '%s': %s (%s)", path, strerror(-r), error_get() ?: "");
        assert_string_equal(c, want);
        assert_true(exists == want_exists);
}

static void expect_resolve_fails(struct fx *f, const char *path, int want_r, const char *msg1, const char *msg2)
{
        char *c = NULL;
        bool exists = false;

        error_clear();
        assert_int_equal(guest_resolve(f->g, path, &c, &exists), want_r);
        assert_null(c);
        assert_false(exists);
        assert_msg(msg1, msg2);
}

static void expect_read(struct fx *f, const char *path, const char *want_path, const char *want_via,
                        const char *want_data)
{
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;
        int r;

        r = guest_file_read(f->g, path, &gf);
        if (r != 0)
                fail_msg("reading '%s': %s (%s)", path, strerror(-r), error_get() ?: "");
        assert_string_equal(gf->path, want_path);
        if (want_via)
                assert_string_equal(gf->via, want_via);
        else
                assert_null(gf->via);
        assert_int_equal(gf->size, strlen(want_data));
        assert_memory_equal(gf->data, want_data, gf->size);
        assert_int_equal(gf->data[gf->size], '\0');
        assert_null(strstr(gf->data, CANARY_MARK));
        assert_true(S_ISREG(gf->st.st_mode));
}

static void expect_read_fails(struct fx *f, const char *path, int want_r, const char *msg1, const char *msg2)
{
        struct guest_file *gf = NULL;

        error_clear();
        assert_int_equal(guest_file_read(f->g, path, &gf), want_r);
        assert_null(gf);
        assert_msg(msg1, msg2);
}

/* ---- the root itself ---- */

static void test_root_open_basic(void **state)
{
        struct fx *f = *state;
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        struct stat a, b;

        assert_int_equal(guest_root_open(f->root, &g), 0);
        assert_string_equal(guest_root_path(g), f->root);
        assert_false(guest_root_is_host(g));
        assert_true(guest_root_fd(g) >= 0);
        assert_int_equal(fstat(guest_root_fd(g), &a), 0);
        assert_int_equal(stat(f->root, &b), 0);
        assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
        if (!guest_root_uses_openat2(g))
                print_message("# openat2 not available: only the fallback walker is tested\n");
        guest_root_force_fallback(g, true);
        assert_false(guest_root_uses_openat2(g));
        guest_root_force_fallback(g, false);
        assert_null(guest_root_free(TAKE_PTR(g)));
        assert_null(guest_root_free(NULL));
}

static void test_root_open_host(void **state)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        _cleanup_free_ char *c = NULL;
        bool exists = false;

        assert_int_equal(guest_root_open("/", &g), 0);
        assert_true(guest_root_is_host(g));
        assert_int_equal(guest_resolve(g, "/", &c, &exists), 0);
        assert_string_equal(c, "/");
        assert_true(exists);
}

static void test_root_open_errors(void **state)
{
        struct fx *f = *state;
        _cleanup_free_ char *missing = path_join(f->base, "nope");
        _cleanup_free_ char *file = path_join(f->host, "secret");
        struct guest_root *g = NULL;

        error_clear();
        assert_int_equal(guest_root_open(missing, &g), -ENOENT);
        assert_null(g);
        assert_msg(missing, "cannot open the guest root");
        error_clear();
        assert_int_equal(guest_root_open(file, &g), -ENOTDIR);
        assert_null(g);
        assert_msg(file, "not a directory");
        assert_int_equal(guest_root_open("", &g), -EINVAL);
        assert_null(g);
}

/* Relative root: resolved against the cwd once; later cwd changes do not matter. */
static void test_root_relative(void **state)
{
        struct fx *f = *state;

        mk_file(f, "etc/fstab", "guest fstab\n");
        for (int fallback = 0; fallback <= 1; fallback++) {
                int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

                assert_true(cwd >= 0);
                assert_int_equal(chdir(f->base), 0);
                assert_int_equal(guest_root_open("root", &f->g), 0);
                assert_string_equal(guest_root_path(f->g), "root");
                assert_int_equal(chdir(f->host), 0); /* host/ has no "root" */
                guest_root_force_fallback(f->g, fallback);
                expect_read(f, "/etc/fstab", "/etc/fstab", NULL, "guest fstab\n");
                assert_int_equal(fchdir(cwd), 0);
                close(cwd);
                f->g = guest_root_free(f->g);
        }
}

/* Root given as a symlink: followed once, then pinned; retargeting the link later changes nothing. */
static void test_root_symlink(void **state)
{
        struct fx *f = *state;
        _cleanup_free_ char *link = path_join(f->base, "rootlink");
        _cleanup_free_ char *rellink = path_join(f->base, "rellink");

        mk_file(f, "etc/fstab", "guest fstab\n");
        assert_int_equal(symlink(f->root, link), 0);
        assert_int_equal(symlink("root", rellink), 0);
        for (int fallback = 0; fallback <= 1; fallback++) {
                assert_int_equal(guest_root_open(rellink, &f->g), 0);
                guest_root_force_fallback(f->g, fallback);
                expect_read(f, "/etc/fstab", "/etc/fstab", NULL, "guest fstab\n");
                f->g = guest_root_free(f->g);

                assert_int_equal(guest_root_open(link, &f->g), 0);
                guest_root_force_fallback(f->g, fallback);
                assert_string_equal(guest_root_path(f->g), link);
                assert_int_equal(unlink(link), 0);
                assert_int_equal(symlink(f->host, link), 0); /* now points at the canaries */
                expect_read(f, "/etc/fstab", "/etc/fstab", NULL, "guest fstab\n");
                f->g = guest_root_free(f->g);
                assert_int_equal(unlink(link), 0);
                assert_int_equal(symlink(f->root, link), 0);
        }
        unlink(link);
        unlink(rellink);
}

/* ---- plain paths ---- */

static void body_plain_read(struct fx *f)
{
        _cleanup_free_ char *p = path_join(f->root, "etc/fstab");
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;
        struct stat st;

        mk_file(f, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        expect_read(f, "/etc/fstab", "/etc/fstab", NULL, "/dev/sda1 / ext3 defaults 1 1\n");
        expect_read(f, "etc//./fstab", "/etc/fstab", NULL, "/dev/sda1 / ext3 defaults 1 1\n");
        assert_int_equal(guest_file_read(f->g, "/etc/fstab", &gf), 0);
        assert_int_equal(stat(p, &st), 0);
        assert_true(gf->st.st_ino == st.st_ino && gf->st.st_dev == st.st_dev);
        assert_int_equal(gf->st.st_nlink, 1);
}

static void test_plain_read(void **state)
{
        run_both(state, body_plain_read);
}

static void body_resolve_normalises(struct fx *f)
{
        mk_file(f, "etc/fstab", "x\n");
        expect_resolve(f, "/", "/", true);
        expect_resolve(f, ".", "/", true);
        expect_resolve(f, "//", "/", true);
        expect_resolve(f, "/..", "/", true);
        expect_resolve(f, "/etc", "/etc", true);
        expect_resolve(f, "/etc/", "/etc", true);
        expect_resolve(f, "/etc/.", "/etc", true);
        expect_resolve(f, "//etc//fstab", "/etc/fstab", true);
        expect_resolve(f, "/etc/../etc/./fstab", "/etc/fstab", true);
        expect_resolve(f, "etc/fstab", "/etc/fstab", true);
        expect_resolve_fails(f, "", -EINVAL, NULL, NULL);
}

static void test_resolve_normalises(void **state)
{
        run_both(state, body_resolve_normalises);
}

/* ---- symlinks that would escape with host semantics ---- */

/* ROOT/etc/fstab -> /etc/fstab is, inside the guest, a link to itself. */
static void body_abs_link_same_name(struct fx *f)
{
        mk_link(f, "etc/fstab", "/etc/fstab");
        expect_resolve_fails(f, "/etc/fstab", -ELOOP, "'/etc/fstab'", "too many levels of symbolic links");
        expect_read_fails(f, "/etc/fstab", -ELOOP, "'/etc/fstab'", "too many levels of symbolic links");
        assert_is_link(f, "etc/fstab");
}

static void test_abs_link_same_name(void **state)
{
        run_both(state, body_abs_link_same_name);
}

/* An absolute link resolves to the guest's file of that name, not the host's. */
static void body_abs_link_guest_target(struct fx *f)
{
        mk_file(f, "etc/fstab.real", "guest real fstab\n");
        mk_link(f, "etc/fstab", "/etc/fstab.real");
        mk_link(f, "etc/passwd-link", "/etc/passwd");
        expect_read(f, "/etc/fstab", "/etc/fstab.real", "/etc/fstab", "guest real fstab\n");
        /* The guest has no /etc/passwd; the host has one: dangling, not the host's. */
        expect_read_fails(f, "/etc/passwd-link", -ENOENT, "'/etc/passwd-link'", "dangling symlink to '/etc/passwd'");
}

static void test_abs_link_guest_target(void **state)
{
        run_both(state, body_abs_link_guest_target);
}

/* A link to the canary's absolute host path means that path inside the guest. */
static void body_abs_link_host_path(struct fx *f)
{
        _cleanup_free_ char *target = path_join(f->host, "etc/fstab");
        _cleanup_free_ char *rel = NULL;

        mk_link(f, "etc/fstab", target);
        expect_read_fails(f, "/etc/fstab", -ENOENT, "'/etc/fstab'", "dangling symlink");
        assert_msg(target, NULL);

        /* Plant the same path inside the guest: that file is what is read. */
        assert_true(asprintf(&rel, "%s", target + 1) > 0);
        mk_file(f, rel, "guest copy\n");
        expect_read(f, "/etc/fstab", target, "/etc/fstab", "guest copy\n");
}

static void test_abs_link_host_path(void **state)
{
        run_both(state, body_abs_link_host_path);
}

static void body_dotdot_link_clamps(struct fx *f)
{
        mk_file(f, "etc/passwd", "guest passwd\n");
        mk_link(f, "etc/fstab", "../../../../etc/passwd");
        mk_link(f, "etc/shadow", "../../../../../../../../host/etc/shadow");
        expect_resolve(f, "/etc/fstab", "/etc/passwd", true);
        expect_read(f, "/etc/fstab", "/etc/passwd", "/etc/fstab", "guest passwd\n");
        expect_read_fails(f, "/etc/shadow", -ENOENT, "'/etc/shadow'", "dangling symlink");
}

static void test_dotdot_link_clamps(void **state)
{
        run_both(state, body_dotdot_link_clamps);
}

static void body_dotdot_request_clamps(struct fx *f)
{
        mk_file(f, "etc/passwd", "guest passwd\n");
        expect_resolve(f, "/../../../etc/passwd", "/etc/passwd", true);
        expect_resolve(f, "../../../../etc/passwd", "/etc/passwd", true);
        expect_read(f, "/../../../../etc/passwd", "/etc/passwd", "/../../../../etc/passwd", "guest passwd\n");
        /* BASE/host is ROOT/../host on the host; in the guest it is /host, which is missing. */
        expect_resolve_fails(f, "../host/etc/fstab", -ENOENT, NULL, NULL);
        expect_read_fails(f, "/../host/secret", -ENOENT, NULL, NULL);
}

static void test_dotdot_request_clamps(void **state)
{
        run_both(state, body_dotdot_request_clamps);
}

/* ROOT/boot -> / : /boot/grub/menu.lst is the guest's /grub/menu.lst. */
static void body_boot_link_to_root(struct fx *f)
{
        mk_file(f, "grub/menu.lst", "guest menu.lst\n");
        mk_link(f, "boot", "/");
        expect_resolve(f, "/boot/grub/menu.lst", "/grub/menu.lst", true);
        expect_read(f, "/boot/grub/menu.lst", "/grub/menu.lst", "/boot/grub/menu.lst", "guest menu.lst\n");
        expect_resolve(f, "/boot/boot/boot/grub", "/grub", true);
}

static void test_boot_link_to_root(void **state)
{
        run_both(state, body_boot_link_to_root);
}

/* Directory links that point outside with host semantics stay inside. */
static void body_dir_link_escapes(struct fx *f)
{
        _cleanup_free_ char *host_etc = path_join(f->host, "etc");

        mk_file(f, "grub/menu.lst", "guest menu.lst\n");
        mk_link(f, "boot", "../../..");
        mk_link(f, "etc", host_etc);
        mk_link(f, "etc2", "../host/etc");
        expect_read(f, "/boot/grub/menu.lst", "/grub/menu.lst", "/boot/grub/menu.lst", "guest menu.lst\n");
        /* A missing directory on the way: absent, no message, no host read. */
        expect_resolve_fails(f, "/etc/fstab", -ENOENT, NULL, NULL);
        expect_read_fails(f, "/etc/fstab", -ENOENT, NULL, NULL);
        expect_read_fails(f, "/etc2/passwd", -ENOENT, NULL, NULL);
}

static void test_dir_link_escapes(void **state)
{
        run_both(state, body_dir_link_escapes);
}

/* ".." after a symlinked directory is the parent of its target (kernel semantics), not lexical. */
static void body_dotdot_after_dir_link(struct fx *f)
{
        mk_file(f, "srv/etc/fstab", "srv fstab\n");
        mk_file(f, "etc/fstab", "etc fstab\n");
        mk_dir(f, "srv/boot");
        mk_link(f, "boot", "/srv/boot");
        expect_resolve(f, "/boot/../etc/fstab", "/srv/etc/fstab", true);
        expect_read(f, "/boot/../etc/fstab", "/srv/etc/fstab", "/boot/../etc/fstab", "srv fstab\n");
}

static void test_dotdot_after_dir_link(void **state)
{
        run_both(state, body_dotdot_after_dir_link);
}

/* ---- links valid inside the guest ---- */

static void body_grub_conf_relative(struct fx *f)
{
        mk_file(f, "boot/grub/grub.conf", "default=0\n");
        mk_link(f, "etc/grub.conf", "../boot/grub/grub.conf");
        expect_resolve(f, "/etc/grub.conf", "/boot/grub/grub.conf", true);
        expect_read(f, "/etc/grub.conf", "/boot/grub/grub.conf", "/etc/grub.conf", "default=0\n");
        expect_read(f, "/etc/./grub.conf", "/boot/grub/grub.conf", "/etc/grub.conf", "default=0\n");
        assert_is_link(f, "etc/grub.conf");
}

static void test_grub_conf_relative(void **state)
{
        run_both(state, body_grub_conf_relative);
}

static void body_grub_conf_absolute(struct fx *f)
{
        mk_file(f, "boot/grub/grub.conf", "default=1\n");
        mk_link(f, "etc/grub.conf", "/boot/grub/grub.conf");
        expect_resolve(f, "/etc/grub.conf", "/boot/grub/grub.conf", true);
        expect_read(f, "/etc/grub.conf", "/boot/grub/grub.conf", "/etc/grub.conf", "default=1\n");
        assert_is_link(f, "etc/grub.conf");
}

static void test_grub_conf_absolute(void **state)
{
        run_both(state, body_grub_conf_absolute);
}

static void body_menu_lst_dot(struct fx *f)
{
        mk_file(f, "boot/grub/grub.conf", "timeout=5\n");
        mk_link(f, "boot/grub/menu.lst", "./grub.conf");
        mk_link(f, "etc/grub.conf", "../boot/grub/menu.lst");
        expect_read(f, "/boot/grub/menu.lst", "/boot/grub/grub.conf", "/boot/grub/menu.lst", "timeout=5\n");
        /* Two hops: /etc/grub.conf -> menu.lst -> grub.conf. */
        expect_read(f, "/etc/grub.conf", "/boot/grub/grub.conf", "/etc/grub.conf", "timeout=5\n");
}

static void test_menu_lst_dot(void **state)
{
        run_both(state, body_menu_lst_dot);
}

/* ---- dangling links and loops ---- */

static void body_dangling(struct fx *f)
{
        mk_dir(f, "boot/grub");
        mk_link(f, "etc/grub.conf", "/boot/grub/grub.conf");
        mk_link(f, "etc/menu.lst", "../nodir/menu.lst");
        expect_resolve_fails(f, "/etc/grub.conf", -ENOENT, "'/etc/grub.conf'",
                             "dangling symlink to '/boot/grub/grub.conf'");
        expect_read_fails(f, "/etc/grub.conf", -ENOENT, "'/etc/grub.conf'",
                          "dangling symlink to '/boot/grub/grub.conf'");
        /* Missing directory inside the target: still a dangling link, with a message. */
        expect_read_fails(f, "/etc/menu.lst", -ENOENT, "'/etc/menu.lst'", "dangling symlink to '../nodir/menu.lst'");
        /* Nothing was created in place of the link or at its target. */
        assert_is_link(f, "etc/grub.conf");
        assert_no_entry(f, "boot/grub/grub.conf");
        assert_no_entry(f, "nodir");
}

static void test_dangling(void **state)
{
        run_both(state, body_dangling);
}

static void body_loop_pair(struct fx *f)
{
        mk_link(f, "etc/a", "b");
        mk_link(f, "etc/b", "/etc/a");
        expect_resolve_fails(f, "/etc/a", -ELOOP, "'/etc/a'", "too many levels of symbolic links");
        expect_read_fails(f, "/etc/b", -ELOOP, "'/etc/b'", "too many levels of symbolic links");
        /* A loop in the middle of a path is just as bounded. */
        expect_read_fails(f, "/etc/a/fstab", -ELOOP, "'/etc/a/fstab'", NULL);
}

static void test_loop_pair(void **state)
{
        run_both(state, body_loop_pair);
}

static void body_loop_self(struct fx *f)
{
        mk_link(f, "etc/fstab", "fstab");
        mk_link(f, "etc/dot", "./dot");
        mk_link(f, "etc/dir", "../etc/dir/x");
        expect_read_fails(f, "/etc/fstab", -ELOOP, "'/etc/fstab'", "too many levels of symbolic links");
        expect_read_fails(f, "/etc/dot", -ELOOP, "'/etc/dot'", "too many levels of symbolic links");
        expect_read_fails(f, "/etc/dir", -ELOOP, "'/etc/dir'", "too many levels of symbolic links");
}

static void test_loop_self(void **state)
{
        run_both(state, body_loop_self);
}

/* etc/l1 -> l2 -> ... -> lN -> fstab: N symlinks to follow. */
static void mk_chain(struct fx *f, unsigned n)
{
        mk_file(f, "etc/fstab", "end of chain\n");
        for (unsigned i = 1; i <= n; i++) {
                char rel[32], target[32];

                snprintf(rel, sizeof(rel), "etc/l%u", i);
                if (i == n)
                        snprintf(target, sizeof(target), "fstab");
                else if (i % 2)
                        snprintf(target, sizeof(target), "l%u", i + 1);
                else
                        snprintf(target, sizeof(target), "/etc/l%u", i + 1);
                mk_link(f, rel, target);
        }
}

static void body_chain_41(struct fx *f)
{
        mk_chain(f, GUEST_SYMLINK_MAX + 1);
        expect_resolve_fails(f, "/etc/l1", -ELOOP, "'/etc/l1'", "too many levels of symbolic links");
        expect_read_fails(f, "/etc/l1", -ELOOP, "'/etc/l1'", "too many levels of symbolic links");
        /* One hop less from the second link: fine. */
        expect_read(f, "/etc/l2", "/etc/fstab", "/etc/l2", "end of chain\n");
}

static void test_chain_41(void **state)
{
        run_both(state, body_chain_41);
}

static void body_chain_39(struct fx *f)
{
        mk_chain(f, GUEST_SYMLINK_MAX - 1);
        expect_resolve(f, "/etc/l1", "/etc/fstab", true);
        expect_read(f, "/etc/l1", "/etc/fstab", "/etc/l1", "end of chain\n");
}

static void test_chain_39(void **state)
{
        run_both(state, body_chain_39);
}

static void body_chain_40(struct fx *f)
{
        mk_chain(f, GUEST_SYMLINK_MAX);
        expect_read(f, "/etc/l1", "/etc/fstab", "/etc/l1", "end of chain\n");
}

static void test_chain_40(void **state)
{
        run_both(state, body_chain_40);
}

/* ---- file types ---- */

static void body_fifo(struct fx *f)
{
        _cleanup_free_ char *p = path_join(f->root, "etc/fstab");
        struct timespec t0, t1;

        mk_dir(f, "etc");
        assert_int_equal(mkfifo(p, 0644), 0);
        mk_link(f, "etc/grub.conf", "fstab");

        /* If the open blocked on the FIFO, SIGALRM would end the test run instead of hanging it. */
        alarm(10);
        assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &t0), 0);
        expect_read_fails(f, "/etc/fstab", -EBADFD, "'/etc/fstab'", "is a FIFO, refusing to read it");
        expect_read_fails(f, "/etc/grub.conf", -EBADFD, "'/etc/fstab'", "is a FIFO");
        {
                struct guest_file *gf = NULL;

                assert_int_equal(guest_file_read_binary(f->g, "/etc/fstab", 4096, &gf), -EBADFD);
                assert_null(gf);
        }
        assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &t1), 0);
        alarm(0);
        assert_true(t1.tv_sec - t0.tv_sec < 3);
}

static void test_fifo(void **state)
{
        run_both(state, body_fifo);
}

static void body_socket(struct fx *f)
{
        _cleanup_free_ char *etc = path_join(f->root, "etc");
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int cwd, s;

        mk_dir(f, "etc");
        /* bind() relative to the cwd: sun_path is short, the scratch path may not be. */
        cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
        assert_true(cwd >= 0);
        assert_int_equal(chdir(etc), 0);
        s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_true(s >= 0);
        strcpy(sa.sun_path, "fstab");
        assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
        assert_int_equal(fchdir(cwd), 0);
        close(cwd);

        expect_read_fails(f, "/etc/fstab", -EBADFD, "'/etc/fstab'", "is a socket, refusing to read it");
        close(s);
}

static void test_socket(void **state)
{
        run_both(state, body_socket);
}

static void body_device_nodes(struct fx *f)
{
        _cleanup_free_ char *chr = path_join(f->root, "etc/fstab");
        _cleanup_free_ char *blk = path_join(f->root, "etc/mtab");

        /*
         * mknod needs CAP_MKNOD: as an ordinary user (or in a container that
         * drops it) these assertions are skipped; the type check is the same
         * code path as for FIFOs and sockets, which are tested above.
         */
        mk_dir(f, "etc");
        if (geteuid() != 0 || mknod(chr, S_IFCHR | 0644, makedev(1, 5)) < 0) {
                print_message("# not allowed to create device nodes: device checks skipped\n");
                return;
        }
        expect_read_fails(f, "/etc/fstab", -EBADFD, "'/etc/fstab'", "is a character device, refusing to read it");
        if (mknod(blk, S_IFBLK | 0644, makedev(7, 0)) == 0)
                expect_read_fails(f, "/etc/mtab", -EBADFD, "'/etc/mtab'", "is a block device");
}

static void test_device_nodes(void **state)
{
        run_both(state, body_device_nodes);
}

static void body_directory(struct fx *f)
{
        mk_dir(f, "etc/fstab");
        mk_dir(f, "boot/grub");
        mk_link(f, "etc/grub", "/boot/grub");
        expect_resolve(f, "/etc/fstab", "/etc/fstab", true);
        expect_read_fails(f, "/etc/fstab", -EISDIR, "'/etc/fstab'", "is a directory, refusing to read it");
        expect_read_fails(f, "/etc/grub", -EISDIR, "'/boot/grub'", "is a directory");
        expect_read_fails(f, "/", -EISDIR, "'/'", "is a directory");
}

static void test_directory(void **state)
{
        run_both(state, body_directory);
}

static void mk_sparse(struct fx *f, const char *rel, off_t size)
{
        _cleanup_free_ char *p = path_join(f->root, rel);
        int fd;

        th_write_str(f->root, rel, "");
        fd = open(p, O_WRONLY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(ftruncate(fd, size), 0);
        close(fd);
}

static void body_too_big(struct fx *f)
{
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;

        mk_sparse(f, "etc/fstab", (off_t)GUEST_FILE_MAX + 1);
        mk_sparse(f, "etc/exact", (off_t)GUEST_FILE_MAX);
        expect_read_fails(f, "/etc/fstab", -EFBIG, "'/etc/fstab'", "larger than 16 MiB");
        assert_int_equal(guest_file_read_binary(f->g, "/etc/fstab", GUEST_FILE_MAX, &gf), -EFBIG);
        assert_null(gf);
        /* Exactly at the cap is allowed (the text read then refuses its zeros). */
        assert_int_equal(guest_file_read_binary(f->g, "/etc/exact", GUEST_FILE_MAX, &gf), 0);
        assert_int_equal(gf->size, GUEST_FILE_MAX);
        expect_read_fails(f, "/etc/exact", -EBADMSG, "'/etc/exact'", "contains a NUL byte at offset 0");
}

static void test_too_big(void **state)
{
        run_both(state, body_too_big);
}

static void body_binary_max(struct fx *f)
{
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;

        mk_file(f, "etc/ten", "0123456789");
        error_clear();
        assert_int_equal(guest_file_read_binary(f->g, "/etc/ten", 9, &gf), -EFBIG);
        assert_msg("'/etc/ten'", "larger than 9 bytes");
        assert_int_equal(guest_file_read_binary(f->g, "/etc/ten", 0, &gf), -EINVAL);
        assert_int_equal(guest_file_read_binary(f->g, "/etc/ten", 10, &gf), 0);
        assert_int_equal(gf->size, 10);
        assert_memory_equal(gf->data, "0123456789", 11);
}

static void test_binary_max(void **state)
{
        run_both(state, body_binary_max);
}

static void body_nul_byte(struct fx *f)
{
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;

        th_write(f->root, "etc/fstab", "abc\0def\n", 8);
        expect_read_fails(f, "/etc/fstab", -EBADMSG, "'/etc/fstab'", "contains a NUL byte at offset 3");
        assert_int_equal(guest_file_read_binary(f->g, "/etc/fstab", 1024, &gf), 0);
        assert_int_equal(gf->size, 8);
        assert_memory_equal(gf->data, "abc\0def\n", 9);
}

static void test_nul_byte(void **state)
{
        run_both(state, body_nul_byte);
}

static void body_hard_link(struct fx *f)
{
        _cleanup_free_ char *a = path_join(f->root, "etc/fstab");
        _cleanup_free_ char *b = path_join(f->root, "etc/fstab.hard");
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;

        mk_file(f, "etc/fstab", "linked\n");
        assert_int_equal(link(a, b), 0);
        expect_read_fails(f, "/etc/fstab", -EMLINK, "'/etc/fstab'",
                          "has 2 hard links; replacing it would split them (break the link first)");
        assert_int_equal(guest_file_read_binary(f->g, "/etc/fstab", GUEST_FILE_MAX, &gf), 0);
        assert_int_equal(gf->st.st_nlink, 2);
        assert_string_equal(gf->data, "linked\n");
}

static void test_hard_link(void **state)
{
        run_both(state, body_hard_link);
}

/* ---- absent versus empty ---- */

static void body_empty_vs_missing(struct fx *f)
{
        _cleanup_(guest_file_freep) struct guest_file *gf = NULL;

        mk_file(f, "etc/empty", "");
        assert_int_equal(guest_file_read(f->g, "/etc/empty", &gf), 0);
        assert_int_equal(gf->size, 0);
        assert_non_null(gf->data);
        assert_string_equal(gf->data, "");
        expect_read_fails(f, "/etc/missing", -ENOENT, NULL, NULL);
        expect_resolve(f, "/etc/missing", "/etc/missing", false);
        assert_no_entry(f, "etc/missing");
}

static void test_empty_vs_missing(void **state)
{
        run_both(state, body_empty_vs_missing);
}

static void body_missing_middle(struct fx *f)
{
        mk_dir(f, "etc");
        expect_resolve_fails(f, "/nodir/fstab", -ENOENT, NULL, NULL);
        expect_resolve_fails(f, "/etc/nodir/fstab", -ENOENT, NULL, NULL);
        expect_resolve_fails(f, "/etc/nodir/..", -ENOENT, NULL, NULL);
        expect_read_fails(f, "/nodir/fstab", -ENOENT, NULL, NULL);
        assert_no_entry(f, "nodir");
}

static void test_missing_middle(void **state)
{
        run_both(state, body_missing_middle);
}

static void body_missing_last(struct fx *f)
{
        mk_dir(f, "etc");
        mk_link(f, "etc2", "etc");
        expect_resolve(f, "/etc/newfile", "/etc/newfile", false);
        expect_resolve(f, "/etc2/newfile", "/etc/newfile", false);
        expect_resolve(f, "/etc/newdir/", "/etc/newdir", false);
}

static void test_missing_last(void **state)
{
        run_both(state, body_missing_last);
}

static void body_not_dir_middle(struct fx *f)
{
        mk_file(f, "etc/fstab", "x\n");
        mk_link(f, "etc/link", "fstab");
        expect_resolve_fails(f, "/etc/fstab/x", -ENOTDIR, "'/etc/fstab/x'", "'/etc/fstab' is not a directory");
        expect_read_fails(f, "/etc/fstab/x", -ENOTDIR, "'/etc/fstab/x'", "is not a directory");
        expect_read_fails(f, "/etc/link/x", -ENOTDIR, "'/etc/link/x'", "'/etc/fstab' is not a directory");
        expect_resolve_fails(f, "/etc/fstab/..", -ENOTDIR, "'/etc/fstab/..'", NULL);
}

static void test_not_dir_middle(void **state)
{
        run_both(state, body_not_dir_middle);
}

static void body_long_path(struct fx *f)
{
        char *p = malloc(PATH_MAX + 16);
        char *c = NULL;

        assert_non_null(p);
        for (size_t i = 0; i < PATH_MAX + 8; i += 2)
                memcpy(p + i, "/a", 2);
        p[PATH_MAX + 8] = '\0';
        error_clear();
        assert_int_equal(guest_resolve(f->g, p, &c, NULL), -ENAMETOOLONG);
        assert_null(c);
        assert_msg("path too long", NULL);
        free(p);
}

static void test_long_path(void **state)
{
        run_both(state, body_long_path);
}

/* ---- creating directories ---- */

static void body_mkdir_p(struct fx *f)
{
        _cleanup_free_ char *p = path_join(f->root, "var/lib/domufix/backups");
        struct stat st, fst;
        int fd = -1;

        mk_dir(f, "var");
        assert_int_equal(guest_mkdir_p(f->g, "/var/lib/domufix/backups", 0700, &fd), 0);
        assert_true(fd >= 0);
        assert_int_equal(stat(p, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(fstat(fd, &fst), 0);
        assert_true(st.st_ino == fst.st_ino && st.st_dev == fst.st_dev);
        assert_int_equal(fsync(fd), 0); /* a real fd, not O_PATH */
        close(fd);

        /* Again: everything exists already. */
        assert_int_equal(guest_mkdir_p(f->g, "/var/lib/domufix/backups/", 0700, &fd), 0);
        close(fd);
        assert_int_equal(guest_mkdir_p(f->g, "/", 0755, &fd), 0);
        assert_int_equal(fstat(fd, &fst), 0);
        assert_int_equal(stat(f->root, &st), 0);
        assert_true(st.st_ino == fst.st_ino);
        close(fd);
        assert_int_equal(guest_mkdir_p(f->g, "/var/../etc", 0755, &fd), -EINVAL);
        assert_no_entry(f, "etc");
}

static void test_mkdir_p(void **state)
{
        run_both(state, body_mkdir_p);
}

static void body_mkdir_p_symlink(struct fx *f)
{
        _cleanup_free_ char *host_lib = path_join(f->host, "var/lib");
        int fd = -1;

        mk_link(f, "var/lib", host_lib);
        mk_link(f, "srv", "../host");
        error_clear();
        assert_int_equal(guest_mkdir_p(f->g, "/var/lib/domufix/backups", 0700, &fd), -ELOOP);
        assert_int_equal(fd, -1);
        assert_msg("'/var/lib'", "is a symbolic link");
        assert_int_equal(guest_mkdir_p(f->g, "/srv/var/lib/domufix", 0700, &fd), -ELOOP);
        assert_msg("'/srv'", "symbolic link");
        /* check_canaries() (after the pass) asserts that nothing appeared under host/. */
        assert_is_link(f, "var/lib");
}

static void test_mkdir_p_symlink(void **state)
{
        run_both(state, body_mkdir_p_symlink);
}

static void body_mkdir_p_not_dir(struct fx *f)
{
        int fd = -1;

        mk_file(f, "var", "a file\n");
        error_clear();
        assert_int_equal(guest_mkdir_p(f->g, "/var/lib/domufix", 0755, &fd), -ENOTDIR);
        assert_msg("'/var'", "not a directory");
        assert_int_equal(fd, -1);
}

static void test_mkdir_p_not_dir(void **state)
{
        run_both(state, body_mkdir_p_not_dir);
}

/* ---- opening canonical paths ---- */

/* Resolve, then swap a directory for a symlink to the host: the open must fail, not follow it. */
static void body_race_dir_swapped(struct fx *f)
{
        _cleanup_free_ char *c = NULL;
        _cleanup_free_ char *etc = path_join(f->root, "etc");
        _cleanup_free_ char *etc_old = path_join(f->root, "etc.old");
        _cleanup_free_ char *host_etc = path_join(f->host, "etc");
        bool exists = false;
        int fd = -1;

        mk_file(f, "etc/fstab", "guest fstab\n");
        assert_int_equal(guest_resolve(f->g, "/etc/fstab", &c, &exists), 0);
        assert_true(exists);

        assert_int_equal(rename(etc, etc_old), 0);
        assert_int_equal(symlink(host_etc, etc), 0);

        error_clear();
        assert_int_equal(guest_open_canonical(f->g, c, O_RDONLY, 0, &fd), -ELOOP);
        assert_msg("'/etc/fstab'", "symbolic link");
        assert_int_equal(guest_open_canonical(f->g, c, O_WRONLY | O_TRUNC, 0, &fd), -ELOOP);
        assert_int_equal(guest_open_canonical(f->g, "/etc/new", O_WRONLY | O_CREAT | O_EXCL, 0644, &fd), -ELOOP);
        assert_int_equal(fd, -1);

        /* A relative link out of the root is refused the same way. */
        assert_int_equal(unlink(etc), 0);
        assert_int_equal(symlink("../host/etc", etc), 0);
        assert_int_equal(guest_open_canonical(f->g, c, O_RDWR, 0, &fd), -ELOOP);
        assert_int_equal(fd, -1);
}

static void test_race_dir_swapped(void **state)
{
        run_both(state, body_race_dir_swapped);
}

static void body_race_last_swapped(struct fx *f)
{
        _cleanup_free_ char *c = NULL;
        _cleanup_free_ char *p = path_join(f->root, "etc/fstab");
        _cleanup_free_ char *host_fstab = path_join(f->host, "etc/fstab");
        int fd = -1;

        mk_file(f, "etc/fstab", "guest fstab\n");
        assert_int_equal(guest_resolve(f->g, "/etc/fstab", &c, NULL), 0);
        assert_int_equal(unlink(p), 0);
        assert_int_equal(symlink(host_fstab, p), 0);
        assert_int_equal(guest_open_canonical(f->g, c, O_RDONLY, 0, &fd), -ELOOP);
        assert_int_equal(guest_open_canonical(f->g, c, O_WRONLY | O_TRUNC, 0, &fd), -ELOOP);
        assert_int_equal(guest_open_canonical(f->g, c, O_PATH, 0, &fd), -ELOOP);
        assert_int_equal(fd, -1);
}

static void test_race_last_swapped(void **state)
{
        run_both(state, body_race_last_swapped);
}

/*
 * A child keeps exchanging ROOT/etc with a symlink to the host's etc while the
 * parent reads and appends to /etc/fstab: each attempt either works on the
 * guest file or fails, and never touches a canary (checked after the pass).
 */
static void body_race_stress(struct fx *f)
{
        _cleanup_free_ char *etc = path_join(f->root, "etc");
        _cleanup_free_ char *etc_link = path_join(f->root, "etc.link");
        _cleanup_free_ char *host_etc = path_join(f->host, "etc");
        unsigned ok = 0, refused = 0, bad = 0;
        pid_t parent = getpid(), pid;

        mk_file(f, "etc/fstab", "guest fstab\n");
        assert_int_equal(symlink(host_etc, etc_link), 0);

        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                /* Bounded, in case the parent dies without killing us. */
                for (unsigned i = 0; i < 50000000 && getppid() == parent; i++)
                        if (renameat2(AT_FDCWD, etc, AT_FDCWD, etc_link, RENAME_EXCHANGE) < 0)
                                _exit(1);
                _exit(0);
        }

        /* No assertion while the child runs: a failure must not leave it behind. */
        for (unsigned i = 0; i < 2000; i++) {
                _cleanup_(guest_file_freep) struct guest_file *gf = NULL;
                _cleanup_free_ char *c = NULL;
                int fd = -1, r;

                r = guest_file_read(f->g, "/etc/fstab", &gf);
                if (r == 0) {
                        if (!streq(gf->path, "/etc/fstab") || strstr(gf->data, CANARY_MARK))
                                bad++;
                        ok++;
                } else if (r == -ENOENT || r == -ELOOP || r == -ENOTDIR || r == -ESTALE)
                        refused++;
                else
                        bad++;
                if (guest_resolve(f->g, "/etc/fstab", &c, NULL) == 0 &&
                    guest_open_canonical(f->g, c, O_WRONLY | O_APPEND, 0, &fd) == 0) {
                        if (write(fd, "#\n", 2) != 2)
                                bad++;
                        close(fd);
                }
        }

        assert_int_equal(kill(pid, SIGKILL), 0);
        assert_int_equal(waitpid(pid, NULL, 0), pid);
        assert_int_equal(bad, 0);
        print_message("# race: %u reads of the guest file, %u refused\n", ok, refused);
}

static void test_race_stress(void **state)
{
        run_both(state, body_race_stress);
}

static void body_open_canonical(struct fx *f)
{
        _cleanup_free_ char *p = path_join(f->root, "etc/new");
        struct stat st;
        mode_t old_umask;
        int fd = -1;

        mk_file(f, "etc/fstab", "guest\n");
        assert_int_equal(guest_open_canonical(f->g, "/etc/fstab", O_RDONLY, 0, &fd), 0);
        assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
        {
                char buf[16] = {0};

                assert_int_equal(read(fd, buf, sizeof(buf) - 1), 6);
                assert_string_equal(buf, "guest\n");
        }
        close(fd);

        old_umask = umask(022);
        assert_int_equal(guest_open_canonical(f->g, "/etc/new", O_WRONLY | O_CREAT | O_EXCL, 0600, &fd), 0);
        umask(old_umask);
        close(fd);
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0600);
        assert_int_equal(guest_open_canonical(f->g, "/etc/new", O_WRONLY | O_CREAT | O_EXCL, 0600, &fd), -EEXIST);

        assert_int_equal(guest_open_canonical(f->g, "/", O_RDONLY | O_DIRECTORY, 0, &fd), 0);
        close(fd);
        fd = -1;
        assert_int_equal(guest_open_canonical(f->g, "/etc/missing", O_RDONLY, 0, &fd), -ENOENT);
        assert_int_equal(guest_open_canonical(f->g, "etc/fstab", O_RDONLY, 0, &fd), -EINVAL);
        assert_int_equal(guest_open_canonical(f->g, "/etc/../../host/secret", O_RDONLY, 0, &fd), -EINVAL);
        assert_int_equal(fd, -1);
}

static void test_open_canonical(void **state)
{
        run_both(state, body_open_canonical);
}

static void body_open_parent(struct fx *f)
{
        _cleanup_free_ char *etc = path_join(f->root, "etc");
        _cleanup_free_ char *etc_old = path_join(f->root, "etc.old");
        _cleanup_free_ char *host_etc = path_join(f->host, "etc");
        const char *name = NULL;
        struct stat a, b;
        int fd = -1;

        mk_file(f, "etc/fstab", "x\n");
        assert_int_equal(guest_open_parent(f->g, "/etc/fstab", &fd, &name), 0);
        assert_string_equal(name, "fstab");
        assert_int_equal(fstat(fd, &a), 0);
        assert_int_equal(stat(etc, &b), 0);
        assert_true(a.st_ino == b.st_ino);
        assert_int_equal(fsync(fd), 0);
        close(fd);

        assert_int_equal(guest_open_parent(f->g, "/fstab", &fd, &name), 0);
        assert_string_equal(name, "fstab");
        assert_int_equal(fstat(fd, &a), 0);
        assert_int_equal(stat(f->root, &b), 0);
        assert_true(a.st_ino == b.st_ino);
        close(fd);

        fd = -1;
        name = NULL;
        assert_int_equal(guest_open_parent(f->g, "/", &fd, &name), -EINVAL);
        assert_int_equal(guest_open_parent(f->g, "/etc/", &fd, &name), -EINVAL);
        assert_int_equal(guest_open_parent(f->g, "/etc/..", &fd, &name), -EINVAL);

        assert_int_equal(rename(etc, etc_old), 0);
        assert_int_equal(symlink(host_etc, etc), 0);
        assert_int_equal(guest_open_parent(f->g, "/etc/fstab", &fd, &name), -ELOOP);
        assert_int_equal(fd, -1);
        assert_null(name);
}

static void test_open_parent(void **state)
{
        run_both(state, body_open_parent);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_root_open_basic, setup, teardown),
                cmocka_unit_test_setup_teardown(test_root_open_host, setup, teardown),
                cmocka_unit_test_setup_teardown(test_root_open_errors, setup, teardown),
                cmocka_unit_test_setup_teardown(test_root_relative, setup, teardown),
                cmocka_unit_test_setup_teardown(test_root_symlink, setup, teardown),
                cmocka_unit_test_setup_teardown(test_plain_read, setup, teardown),
                cmocka_unit_test_setup_teardown(test_resolve_normalises, setup, teardown),
                cmocka_unit_test_setup_teardown(test_abs_link_same_name, setup, teardown),
                cmocka_unit_test_setup_teardown(test_abs_link_guest_target, setup, teardown),
                cmocka_unit_test_setup_teardown(test_abs_link_host_path, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dotdot_link_clamps, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dotdot_request_clamps, setup, teardown),
                cmocka_unit_test_setup_teardown(test_boot_link_to_root, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dir_link_escapes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dotdot_after_dir_link, setup, teardown),
                cmocka_unit_test_setup_teardown(test_grub_conf_relative, setup, teardown),
                cmocka_unit_test_setup_teardown(test_grub_conf_absolute, setup, teardown),
                cmocka_unit_test_setup_teardown(test_menu_lst_dot, setup, teardown),
                cmocka_unit_test_setup_teardown(test_dangling, setup, teardown),
                cmocka_unit_test_setup_teardown(test_loop_pair, setup, teardown),
                cmocka_unit_test_setup_teardown(test_loop_self, setup, teardown),
                cmocka_unit_test_setup_teardown(test_chain_41, setup, teardown),
                cmocka_unit_test_setup_teardown(test_chain_40, setup, teardown),
                cmocka_unit_test_setup_teardown(test_chain_39, setup, teardown),
                cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
                cmocka_unit_test_setup_teardown(test_socket, setup, teardown),
                cmocka_unit_test_setup_teardown(test_device_nodes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
                cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
                cmocka_unit_test_setup_teardown(test_binary_max, setup, teardown),
                cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
                cmocka_unit_test_setup_teardown(test_hard_link, setup, teardown),
                cmocka_unit_test_setup_teardown(test_empty_vs_missing, setup, teardown),
                cmocka_unit_test_setup_teardown(test_missing_middle, setup, teardown),
                cmocka_unit_test_setup_teardown(test_missing_last, setup, teardown),
                cmocka_unit_test_setup_teardown(test_not_dir_middle, setup, teardown),
                cmocka_unit_test_setup_teardown(test_long_path, setup, teardown),
                cmocka_unit_test_setup_teardown(test_mkdir_p, setup, teardown),
                cmocka_unit_test_setup_teardown(test_mkdir_p_symlink, setup, teardown),
                cmocka_unit_test_setup_teardown(test_mkdir_p_not_dir, setup, teardown),
                cmocka_unit_test_setup_teardown(test_race_dir_swapped, setup, teardown),
                cmocka_unit_test_setup_teardown(test_race_last_swapped, setup, teardown),
                cmocka_unit_test_setup_teardown(test_race_stress, setup, teardown),
                cmocka_unit_test_setup_teardown(test_open_canonical, setup, teardown),
                cmocka_unit_test_setup_teardown(test_open_parent, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
