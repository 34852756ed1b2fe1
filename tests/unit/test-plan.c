/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "test-helpers.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "diff.h"
#include "guest-root.h"
#include "log.h"
#include "plan.h"

static const struct facts same_letter = {.devmap = {.sd_shift = 0}};

static struct plan *plan_for(const char *dir, int expect)
{
        struct guest_root *g = NULL;
        struct plan *p = NULL;

        assert_int_equal(guest_root_open(dir, &g), 0);
        error_clear();
        assert_int_equal(plan_build(g, &same_letter, &p), expect);
        guest_root_free(g);
        return p;
}

static void test_fstab_and_securetty(void **state)
{
        char *dir = th_mkdtemp();
        struct plan *p;

        th_write_str(dir, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n/dev/sda2 swap swap defaults 0 0\n");
        th_write_str(dir, "etc/securetty", "console\ntty1\nxvc0\n");
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 2);
        assert_string_equal(p->changes[0].path, "/etc/fstab");
        assert_int_equal(p->changes[0].action, CHANGE_MODIFY);
        assert_int_equal(p->changes[0].new_size, strlen(p->changes[0].new_data));
        assert_string_equal(p->changes[0].new_data,
                            "/dev/xvda1 / ext3 defaults 1 1\n/dev/xvda2 swap swap defaults 0 0\n");
        assert_string_equal(p->changes[1].path, "/etc/securetty");
        assert_string_equal(p->changes[1].new_data, "console\ntty1\nxvc0\nhvc0\n");
        assert_int_equal(p->changes[1].reasons.n, 1);
        assert_int_equal(p->warnings.n, 0);
        plan_free(p);
        th_rmrf(dir);
        free(dir);
}

static void test_nothing_to_do(void **state)
{
        char *dir = th_mkdtemp();
        struct plan *p;

        th_write_str(dir, "etc/fstab", "/dev/xvda1 / ext3 defaults 1 1\n");
        th_write_str(dir, "etc/securetty", "hvc0\nxvc0\n");
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 0);
        plan_free(p);
        th_rmrf(dir);
        free(dir);
}

static void test_missing_files(void **state)
{
        char *dir = th_mkdtemp();
        struct plan *p;

        /* No /etc at all: nothing to do, nothing created. */
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 0);
        plan_free(p);
        th_rmrf(dir);
        free(dir);
}

static void test_symlinked_fstab(void **state)
{
        char *dir = th_mkdtemp(), *link = NULL;
        struct plan *p;

        th_write_str(dir, "etc/fstab.real", "/dev/hda1 / ext3 defaults 1 1\n");
        assert_true(asprintf(&link, "%s/etc/fstab", dir) > 0);
        assert_int_equal(symlink("/etc/fstab.real", link), 0);
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 1);
        assert_string_equal(p->changes[0].path, "/etc/fstab.real");
        assert_int_equal(p->changes[0].via.n, 1);
        assert_string_equal(p->changes[0].via.v[0], "/etc/fstab");
        assert_string_equal(p->changes[0].new_data, "/dev/xvda1 / ext3 defaults 1 1\n");
        plan_free(p);
        free(link);
        th_rmrf(dir);
        free(dir);
}

static void test_two_names_one_file(void **state)
{
        char *dir = th_mkdtemp(), *link = NULL;
        struct plan *p;

        /* securetty is a symlink to fstab: odd, but must give one change, not two. */
        th_write_str(dir, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        assert_true(asprintf(&link, "%s/etc/securetty", dir) > 0);
        assert_int_equal(symlink("fstab", link), 0);
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 1);
        assert_string_equal(p->changes[0].path, "/etc/fstab");
        assert_int_equal(p->changes[0].via.n, 1);
        assert_string_equal(p->changes[0].via.v[0], "/etc/securetty");
        /* Both rewriters edited the same text, one after the other. */
        assert_string_equal(p->changes[0].new_data, "/dev/xvda1 / ext3 defaults 1 1\nhvc0\n");
        assert_int_equal(p->changes[0].reasons.n, 2);
        plan_free(p);
        free(link);
        th_rmrf(dir);
        free(dir);
}

static void test_fifo_refused(void **state)
{
        char *dir = th_mkdtemp(), *path = NULL;

        th_write_str(dir, "etc/securetty", "xvc0\n");
        assert_true(asprintf(&path, "%s/etc/fstab", dir) > 0);
        assert_int_equal(mkfifo(path, 0644), 0);
        assert_null(plan_for(dir, -EBADFD));
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "/etc/fstab"));
        free(path);
        th_rmrf(dir);
        free(dir);
}

static void test_dangling_refused(void **state)
{
        char *dir = th_mkdtemp(), *path = NULL;

        th_write_str(dir, "etc/securetty", "xvc0\n");
        assert_true(asprintf(&path, "%s/etc/fstab", dir) > 0);
        assert_int_equal(symlink("/etc/nowhere", path), 0);
        assert_null(plan_for(dir, -ENOENT));
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "/etc/fstab"));
        free(path);
        th_rmrf(dir);
        free(dir);
}

static void test_warning_only(void **state)
{
        char *dir = th_mkdtemp();
        struct plan *p;

        th_write_str(dir, "etc/fstab", "/dev/cciss/c0d0p1 / ext3 defaults 1 1\n");
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 0);
        assert_int_equal(p->warnings.n, 1);
        assert_non_null(strstr(p->warnings.v[0], "line 1"));
        plan_free(p);
        th_rmrf(dir);
        free(dir);
}

static void test_node_added_after_build(void **state)
{
        char *dir = th_mkdtemp();
        struct guest_root *g = NULL;
        struct plan *p = NULL;

        th_write_str(dir, "etc/fstab", "/dev/sda1 / ext3 defaults 1 1\n");
        th_write_str(dir, "dev/.keep", "");
        assert_int_equal(guest_root_open(dir, &g), 0);
        assert_int_equal(plan_build(g, &same_letter, &p), 0);
        assert_int_equal(plan_add_xvd_node(g, p, "xvda1", "the root file system: the guest has no udev"), 0);
        assert_int_equal(p->n_changes, 2);
        assert_int_equal(p->changes[0].action, CHANGE_MODIFY);
        assert_int_equal(p->changes[1].action, CHANGE_MKNOD);
        assert_string_equal(p->changes[1].path, "/dev/xvda1");
        assert_string_equal(p->changes[1].reasons.v[0],
                            "block device 202:1 for /dev/xvda1: the root file system: the guest has no udev");
        assert_string_equal(plan_find(p, "/dev/xvda1")->path, "/dev/xvda1");
        plan_free(p);
        guest_root_free(g);
        th_rmrf(dir);
        free(dir);
}

static void test_node_idempotent_and_occupied(void **state)
{
        char *dir = th_mkdtemp(), *path = NULL;
        struct guest_root *g = NULL;
        struct plan *p = calloc(1, sizeof(*p));

        assert_non_null(p);
        th_write_str(dir, "dev/xvda1", "");
        assert_int_equal(guest_root_open(dir, &g), 0);
        assert_int_equal(plan_add_hvc0_node(g, p, NULL), 0);
        assert_int_equal(plan_add_hvc0_node(g, p, NULL), 0); /* planned once */
        assert_int_equal(plan_add_xvd_node(g, p, "xvda1", NULL), 0);
        assert_int_equal(p->n_changes, 1);
        assert_string_equal(p->changes[0].path, "/dev/hvc0");
        assert_int_equal(p->warnings.n, 1);
        assert_string_equal(p->warnings.v[0], "'/dev/xvda1' exists but is not the expected device node (it is a "
                                              "regular file; expected a block device 202:1); not changed");
        plan_free(p);

        if (geteuid() == 0) {
                /* The right node already there: nothing to do. */
                assert_true(asprintf(&path, "%s/dev/hvc0", dir) > 0);
                assert_int_equal(mknod(path, S_IFCHR | 0600, makedev(229, 0)), 0);
                p = calloc(1, sizeof(*p));
                assert_non_null(p);
                assert_int_equal(plan_add_hvc0_node(g, p, NULL), 0);
                assert_int_equal(p->n_changes, 0);
                assert_int_equal(p->warnings.n, 0);
                plan_free(p);
                free(path);
        } else
                print_message("# not root: the existing-node half is in test-devnodes\n");
        guest_root_free(g);
        th_rmrf(dir);
        free(dir);
}

static void test_delete_stale_cache(void **state)
{
        char *dir = th_mkdtemp();
        struct diff_options o = {.context = 3};
        struct strbuf d = {0};
        struct plan *p;

        th_write_str(dir, "etc/blkid.tab", "<device TYPE=\"ext3\">/dev/sda1</device>\n");
        th_write_str(dir, "etc/lvm/cache/.cache", "persistent_filter_cache {\n\tvalid_devices=[\n\t\t\"/dev/xvda2\"\n\t]\n}\n");
        p = plan_for(dir, 0);
        /* The cache with sd names goes; the one the pvops kernel made stays. */
        assert_int_equal(p->n_changes, 1);
        assert_string_equal(p->changes[0].path, "/etc/blkid.tab");
        assert_int_equal(p->changes[0].action, CHANGE_DELETE);
        assert_null(p->changes[0].new_data);
        assert_int_equal(p->changes[0].reasons.n, 1);
        assert_string_equal(p->changes[0].reasons.v[0], "stale blkid cache: line 1 names /dev/sda1, a Xenlinux disk "
                                                        "name; blkid makes a new one when it is missing");
        assert_int_equal(diff_render_plan(p, &o, &d), 0);
        assert_string_equal(d.s, "# /etc/blkid.tab: stale blkid cache: line 1 names /dev/sda1, a Xenlinux disk name; "
                                 "blkid makes a new one when it is missing\n"
                                 "--- a/etc/blkid.tab\n"
                                 "+++ /dev/null\n"
                                 "@@ -1 +0,0 @@\n"
                                 "-<device TYPE=\"ext3\">/dev/sda1</device>\n");
        strbuf_done(&d);
        plan_free(p);
        th_rmrf(dir);
        free(dir);
}

static void test_delete_through_symlink(void **state)
{
        char *dir = th_mkdtemp(), *link = NULL;
        struct plan *p;

        /* /etc/blkid.tab -> blkid/blkid.tab: deleting the target would leave the link dangling. */
        th_write_str(dir, "etc/blkid/blkid.tab", "<device TYPE=\"swap\">/dev/hda2</device>\n");
        assert_true(asprintf(&link, "%s/etc/blkid.tab", dir) > 0);
        assert_int_equal(symlink("blkid/blkid.tab", link), 0);
        p = plan_for(dir, 0);
        assert_int_equal(p->n_changes, 0);
        assert_int_equal(p->warnings.n, 1);
        assert_string_equal(p->warnings.v[0],
                            "'/etc/blkid/blkid.tab' (stale blkid cache: line 1 names /dev/hda2, a Xenlinux disk name; "
                            "blkid makes a new one when it is missing) is reached through the symlink "
                            "'/etc/blkid.tab': not deleted, as the link would dangle; remove both by hand");
        plan_free(p);
        free(link);
        th_rmrf(dir);
        free(dir);
}

static void test_delete_conflicts(void **state)
{
        char *dir = th_mkdtemp(), *link = NULL;

        /* Edited first (fstab), then asked to be deleted (blkid cache, for the comment): refused. */
        th_write_str(dir, "etc/fstab", "/dev/hda1 / ext3 defaults 1 1\n# /dev/sda2 was the swap\n");
        assert_true(asprintf(&link, "%s/etc/blkid.tab", dir) > 0);
        assert_int_equal(symlink("fstab", link), 0);
        assert_null(plan_for(dir, -EINVAL));
        assert_string_equal(error_get(), "'/etc/fstab': the blkid-cache rewriter produced conflicting edits");
        free(link);
        th_rmrf(dir);
        free(dir);

        /* Deleted first (LVM cache), then edited (mdadm.conf): refused too. */
        dir = th_mkdtemp();
        th_write_str(dir, "etc/lvm/cache/.cache", "DEVICE /dev/sda1\n");
        assert_true(asprintf(&link, "%s/etc/mdadm.conf", dir) > 0);
        assert_int_equal(symlink("lvm/cache/.cache", link), 0);
        assert_null(plan_for(dir, -EINVAL));
        assert_string_equal(error_get(), "'/etc/lvm/cache/.cache': the mdadm rewriter produced conflicting edits");
        free(link);
        th_rmrf(dir);
        free(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fstab_and_securetty),
                cmocka_unit_test(test_nothing_to_do),
                cmocka_unit_test(test_missing_files),
                cmocka_unit_test(test_symlinked_fstab),
                cmocka_unit_test(test_two_names_one_file),
                cmocka_unit_test(test_fifo_refused),
                cmocka_unit_test(test_dangling_refused),
                cmocka_unit_test(test_warning_only),
                cmocka_unit_test(test_node_added_after_build),
                cmocka_unit_test(test_node_idempotent_and_occupied),
                cmocka_unit_test(test_delete_stale_cache),
                cmocka_unit_test(test_delete_through_symlink),
                cmocka_unit_test(test_delete_conflicts),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
