/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "test-helpers.h"

#include <sys/sysmacros.h>

#include "diff.h"
#include "plan.h"
#include "text-file.h"

/* A change for path built from original bytes and one round of edits. */
struct fixture {
        struct change c;
        struct edit_list el;
};

static void fixture_init(struct fixture *f, const char *path, const char *orig, enum change_action action)
{
        memset(f, 0, sizeof(*f));
        f->c.path = strdup(path);
        f->c.action = action;
        assert_int_equal(text_new(orig, strlen(orig), &f->c.orig_text), 0);
        assert_int_equal(text_result_new(f->c.orig_text, &f->c.result), 0);
}

static char *fixture_diff(struct fixture *f, bool escape)
{
        struct diff_options o = {.context = 3, .escape = escape};
        struct strbuf b = {0};
        char *s;

        assert_int_equal(text_result_apply(f->c.result, &f->el), 0);
        assert_int_equal(strv_extend(&f->c.reasons, &f->c.result->reasons), 0);
        assert_int_equal(diff_render_change(&f->c, &o, &b), 0);
        assert_int_equal(strbuf_steal(&b, &s), 0);
        return s;
}

static void fixture_done(struct fixture *f)
{
        free(f->c.path);
        strv_done(&f->c.via);
        strv_done(&f->c.reasons);
        text_result_free(f->c.result);
        text_free(f->c.orig_text);
        edit_list_done(&f->el);
}

static void test_replace_middle(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/etc/fstab", "a\nb\nc\nd\ne\nf\ng\nh\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 4, "E", "why"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /etc/fstab: why\n"
                               "--- a/etc/fstab\n"
                               "+++ b/etc/fstab\n"
                               "@@ -2,7 +2,7 @@\n"
                               " b\n c\n d\n-e\n+E\n f\n g\n h\n");
        free(d);
        fixture_done(&f);
}

static void test_replace_first_line(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/x", "a\nb\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 0, "A", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n");
        free(d);
        fixture_done(&f);
}

static void test_two_hunks(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/x", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 0, "one", "r"), 0);
        assert_int_equal(edit_list_replace(&f.el, 11, "twelve", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n"
                               "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"
                               "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n");
        free(d);
        fixture_done(&f);
}

static void test_close_changes_merge(void **state)
{
        struct fixture f;
        char *d;

        /* Six kept lines between two changes: one hunk (gap <= 2 * context). */
        fixture_init(&f, "/x", "1\n2\n3\n4\n5\n6\n7\n8\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 0, "one", "r"), 0);
        assert_int_equal(edit_list_replace(&f.el, 7, "eight", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n"
                               "@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n");
        free(d);
        fixture_done(&f);
}

static void test_append_no_final_newline(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/etc/securetty", "tty1\nxvc0", CHANGE_MODIFY);
        assert_int_equal(edit_list_insert(&f.el, 2, "hvc0", "add hvc0"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /etc/securetty: add hvc0\n--- a/etc/securetty\n+++ b/etc/securetty\n"
                               "@@ -1,2 +1,3 @@\n tty1\n-xvc0\n\\ No newline at end of file\n+xvc0\n+hvc0\n");
        free(d);
        fixture_done(&f);
}

static void test_crlf_kept_in_diff(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/x", "a\r\nb\r\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 1, "B", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n");
        free(d);
        fixture_done(&f);
}

static void test_insert_into_empty_created_file(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/etc/event.d/hvc0", "", CHANGE_CREATE);
        assert_int_equal(edit_list_insert(&f.el, 0, "line one", "create"), 0);
        assert_int_equal(edit_list_insert(&f.el, 0, "line two", "create"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /etc/event.d/hvc0: create\n--- /dev/null\n+++ b/etc/event.d/hvc0\n"
                               "@@ -0,0 +1,2 @@\n+line one\n+line two\n");
        free(d);
        fixture_done(&f);
}

static void test_delete_line(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/x", "a\nb\nc\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_delete(&f.el, 1, "gone"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: gone\n--- a/x\n+++ b/x\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
        free(d);
        fixture_done(&f);
}

static void test_pure_insert_header(void **state)
{
        struct fixture f;
        char *d;

        /* An insertion with no context before it starts at old line 0? no: context precedes it. */
        fixture_init(&f, "/x", "a\nb\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_insert(&f.el, 1, "new", "ins"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: ins\n--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n+new\n b\n");
        free(d);
        fixture_done(&f);
}

static void test_replace_block_dels_before_adds(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/x", "a\nb\nc\nd\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 1, "B", "r"), 0);
        assert_int_equal(edit_list_replace(&f.el, 2, "C", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n a\n-b\n-c\n+B\n+C\n d\n");
        free(d);
        fixture_done(&f);
}

static void test_escape_for_terminal(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/x", "evil\033[2Jline\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 0, "fine", "r"), 0);
        d = fixture_diff(&f, true);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-evil\\x1B[2Jline\n+fine\n");
        free(d);
        fixture_done(&f);
}

static void test_raw_bytes_without_escape(void **state)
{
        struct fixture f;
        char *d;

        /* For a file or a pipe the bytes stay raw, so that patch(1) applies the diff. */
        fixture_init(&f, "/x", "caf\xe9\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_replace(&f.el, 0, "cafe", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /x: r\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-caf\xe9\n+cafe\n");
        free(d);
        fixture_done(&f);
}

static void test_symlink_via_comment(void **state)
{
        struct fixture f;
        char *d;

        fixture_init(&f, "/boot/grub/grub.conf", "x\n", CHANGE_MODIFY);
        assert_int_equal(strv_push(&f.c.via, "/etc/grub.conf"), 0);
        assert_int_equal(edit_list_replace(&f.el, 0, "y", "r"), 0);
        d = fixture_diff(&f, false);
        assert_string_equal(d, "# /etc/grub.conf -> /boot/grub/grub.conf\n# /boot/grub/grub.conf: r\n"
                               "--- a/boot/grub/grub.conf\n+++ b/boot/grub/grub.conf\n@@ -1 +1 @@\n-x\n+y\n");
        free(d);
        fixture_done(&f);
}

static void test_delete_file(void **state)
{
        struct fixture f;
        struct diff_options o = {.context = 3};
        struct strbuf b = {0};

        fixture_init(&f, "/etc/blkid.tab", "one\ntwo\n", CHANGE_DELETE);
        assert_int_equal(diff_render_change(&f.c, &o, &b), 0);
        assert_string_equal(b.s, "--- a/etc/blkid.tab\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-one\n-two\n");
        strbuf_done(&b);
        fixture_done(&f);
}

static void node_init(struct change *c, const char *path, mode_t mode, dev_t rdev, gid_t gid, const char *reason)
{
        *c = (struct change){.action = CHANGE_MKNOD, .node_mode = mode, .node_rdev = rdev, .node_gid = gid};
        c->path = strdup(path);
        assert_non_null(c->path);
        if (reason)
                assert_int_equal(strv_push(&c->reasons, reason), 0);
}

static void node_done(struct change *c)
{
        free(c->path);
        strv_done(&c->via);
        strv_done(&c->reasons);
}

static void test_mknod_comment_only(void **state)
{
        struct diff_options o = {.context = 3};
        struct strbuf b = {0};
        struct change c;

        node_init(&c, "/dev/xvda1", S_IFBLK | 0660, makedev(202, 1), 6,
                  "block device for /dev/xvda1: the guest has no udev");
        assert_int_equal(diff_render_change(&c, &o, &b), 0);
        /* No ---/+++ headers: patch(1) cannot make a node, and skips comment lines. */
        assert_string_equal(b.s, "# mknod /dev/xvda1 b 202 1 (mode 0660, owner 0:6): block device for /dev/xvda1: "
                                 "the guest has no udev\n");
        strbuf_done(&b);
        node_done(&c);

        node_init(&c, "/dev/hvc0", S_IFCHR | 0600, makedev(229, 0), 0, NULL);
        assert_int_equal(diff_render_change(&c, &o, &b), 0);
        assert_string_equal(b.s, "# mknod /dev/hvc0 c 229 0 (mode 0600, owner 0:0)\n");
        strbuf_done(&b);
        node_done(&c);
}

static void test_mknod_via_reasons_color_escape(void **state)
{
        struct diff_options o = {.context = 3, .color = true};
        struct strbuf b = {0};
        struct change c;

        node_init(&c, "/lib/udev/devices/hvc0", S_IFCHR | 0600, makedev(229, 0), 0, "console");
        assert_int_equal(strv_push(&c.via, "/dev/hvc0"), 0);
        /* A newline in a reason must not start a line patch(1) would read. */
        assert_int_equal(strv_push(&c.reasons, "evil\n+++ b/etc/shadow"), 0);
        assert_int_equal(diff_render_change(&c, &o, &b), 0);
        assert_string_equal(b.s, "# /dev/hvc0 -> /lib/udev/devices/hvc0\n"
                                 "\033[1m# mknod /lib/udev/devices/hvc0 c 229 0 (mode 0600, owner 0:0): console; "
                                 "evil\\x0A+++ b/etc/shadow\033[m\n");
        strbuf_done(&b);
        node_done(&c);
}

/* patch -p1 applies the file hunks of a diff with node lines, and makes no node. */
static void test_mknod_lines_ignored_by_patch(void **state)
{
        struct fixture f;
        struct change nodes[2];
        struct strbuf b = {0};
        struct diff_options o = {.context = 3};
        char *dir, *cmd = NULL, *got;
        struct stat st;

        if (access("/usr/bin/patch", X_OK) != 0) {
                print_message("# skipped: no /usr/bin/patch\n");
                skip();
                return;
        }
        dir = th_mkdtemp();
        th_write_str(dir, "etc/securetty", "console\nxvc0\n");
        th_write_str(dir, "dev/.keep", "");
        node_init(&nodes[0], "/dev/hvc0", S_IFCHR | 0600, makedev(229, 0), 0, "console");
        node_init(&nodes[1], "/dev/xvda1", S_IFBLK | 0660, makedev(202, 1), 6, "disk");
        fixture_init(&f, "/etc/securetty", "console\nxvc0\n", CHANGE_MODIFY);
        assert_int_equal(edit_list_insert(&f.el, 2, "hvc0", "add hvc0"), 0);
        assert_int_equal(text_result_apply(f.c.result, &f.el), 0);
        assert_int_equal(strv_extend(&f.c.reasons, &f.c.result->reasons), 0);
        assert_int_equal(diff_render_change(&nodes[0], &o, &b), 0);
        assert_int_equal(diff_render_change(&f.c, &o, &b), 0);
        assert_int_equal(diff_render_change(&nodes[1], &o, &b), 0);
        th_write_str(dir, "p.diff", b.s);

        assert_true(asprintf(&cmd, "cd '%s' && patch -s -p1 < p.diff >/dev/null 2>&1", dir) > 0);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        got = th_read(dir, "etc/securetty", NULL);
        assert_string_equal(got, "console\nxvc0\nhvc0\n");
        free(got);
        assert_true(asprintf(&cmd, "%s/dev/hvc0", dir) > 0);
        assert_int_equal(lstat(cmd, &st), -1);
        free(cmd);

        strbuf_done(&b);
        fixture_done(&f);
        node_done(&nodes[0]);
        node_done(&nodes[1]);
        th_rmrf(dir);
        free(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_replace_middle),
                cmocka_unit_test(test_replace_first_line),
                cmocka_unit_test(test_two_hunks),
                cmocka_unit_test(test_close_changes_merge),
                cmocka_unit_test(test_append_no_final_newline),
                cmocka_unit_test(test_crlf_kept_in_diff),
                cmocka_unit_test(test_insert_into_empty_created_file),
                cmocka_unit_test(test_delete_line),
                cmocka_unit_test(test_pure_insert_header),
                cmocka_unit_test(test_replace_block_dels_before_adds),
                cmocka_unit_test(test_escape_for_terminal),
                cmocka_unit_test(test_raw_bytes_without_escape),
                cmocka_unit_test(test_symlink_via_comment),
                cmocka_unit_test(test_delete_file),
                cmocka_unit_test(test_mknod_comment_only),
                cmocka_unit_test(test_mknod_via_reasons_color_escape),
                cmocka_unit_test(test_mknod_lines_ignored_by_patch),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
