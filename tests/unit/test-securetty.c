/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The securetty rewriter: whole-file golden strings. */
#include "test-helpers.h"

#include "facts.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

#define REASON_PLAIN "allow root login on the pvops console hvc0"
#define REASON REASON_PLAIN " (xvc0 kept for the Xenlinux kernel)"

static size_t expected_warnings;

/* Whether text has a line that is exactly "xvc0" (before its LF or CRLF). */
static bool has_xvc0_line(const char *text)
{
        for (const char *p = text; (p = strstr(p, "xvc0")); p += 4)
                if ((p == text || p[-1] == '\n') && (p[4] == '\n' || p[4] == '\r' || p[4] == '\0'))
                        return true;
        return false;
}

static char *run_securetty(const char *in, bool exists, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        const struct facts facts = {0};
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(rewriter_securetty.rewrite(t, exists, "/etc/securetty", &facts, o), 0);
        assert_int_equal(o->warnings.n, expected_warnings);
        assert_int_equal(o->next_steps.n, 0);
        assert_false(o->create);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        assert_int_equal(strlen(out), out_len);
        return out;
}

/* Exact output, at most one insert with the fixed reason, and a second run that changes nothing. */
static void check_securetty(const char *in, const char *expected)
{
        struct rewrite_out o = {0}, o2 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_securetty(in, true, &o);
        assert_string_equal(out, expected);
        if (streq(in, expected)) {
                assert_int_equal(o.edits.n, 0);
        } else {
                assert_int_equal(o.edits.n, 1);
                assert_int_equal(o.edits.v[0].kind, EDIT_INSERT);
                assert_string_equal(o.edits.v[0].content, "hvc0");
                assert_string_equal(o.edits.v[0].reason, has_xvc0_line(in) ? REASON : REASON_PLAIN);
        }

        out2 = run_securetty(out, true, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);

        rewrite_out_done(&o);
        rewrite_out_done(&o2);
}

static void test_rhel5_xvc0_at_end(void **state)
{
        check_securetty("console\nvc/1\nvc/2\nvc/3\nvc/4\nvc/5\nvc/6\nvc/7\nvc/8\nvc/9\nvc/10\nvc/11\n"
                        "tty1\ntty2\ntty3\ntty4\ntty5\ntty6\ntty7\ntty8\ntty9\ntty10\ntty11\nxvc0\n",
                        "console\nvc/1\nvc/2\nvc/3\nvc/4\nvc/5\nvc/6\nvc/7\nvc/8\nvc/9\nvc/10\nvc/11\n"
                        "tty1\ntty2\ntty3\ntty4\ntty5\ntty6\ntty7\ntty8\ntty9\ntty10\ntty11\nxvc0\nhvc0\n");
}

static void test_xvc0_in_the_middle(void **state)
{
        check_securetty("console\nxvc0\ntty1\ntty2\n", "console\nxvc0\nhvc0\ntty1\ntty2\n");
}

static void test_last_of_two_xvc0(void **state)
{
        check_securetty("xvc0\ntty1\nxvc0\n# end\n", "xvc0\ntty1\nxvc0\nhvc0\n# end\n");
        /* "/dev/xvc0" matches no tty for pam_securetty: the exact line is the anchor. */
        check_securetty("xvc0\ntty1\n/dev/xvc0\n# end\n", "xvc0\nhvc0\ntty1\n/dev/xvc0\n# end\n");
}

static void test_debian_has_hvc0(void **state)
{
        check_securetty("# /etc/securetty: list of terminals on which root is allowed to login.\n"
                        "# See securetty(5) and login(1).\n"
                        "console\n"
                        "\n"
                        "# Standard hypervisor virtual console\n"
                        "hvc0\n"
                        "\n"
                        "# Oldstyle Xen console\n"
                        "xvc0\n"
                        "\n"
                        "# Standard consoles\n"
                        "tty1\n"
                        "tty2\n",
                        "# /etc/securetty: list of terminals on which root is allowed to login.\n"
                        "# See securetty(5) and login(1).\n"
                        "console\n"
                        "\n"
                        "# Standard hypervisor virtual console\n"
                        "hvc0\n"
                        "\n"
                        "# Oldstyle Xen console\n"
                        "xvc0\n"
                        "\n"
                        "# Standard consoles\n"
                        "tty1\n"
                        "tty2\n");
}

static void test_hvc0_with_blanks_or_dev(void **state)
{
        /* pam_securetty compares whole lines: these entries let nobody in, so hvc0 is added. */
        check_securetty("tty1\n  hvc0\t\nxvc0\n", "tty1\n  hvc0\t\nxvc0\nhvc0\n");
        check_securetty("tty1\n/dev/hvc0\nxvc0\n", "tty1\n/dev/hvc0\nxvc0\nhvc0\n");
}

static void test_commented_hvc0(void **state)
{
        check_securetty("console\n#hvc0\nxvc0\ntty1\n", "console\n#hvc0\nxvc0\nhvc0\ntty1\n");
}

static void test_commented_xvc0_only(void **state)
{
        check_securetty("console\n# xvc0\ntty1\n", "console\n# xvc0\ntty1\nhvc0\n");
}

static void test_no_xvc0_appends(void **state)
{
        check_securetty("console\ntty1\ntty2\n", "console\ntty1\ntty2\nhvc0\n");
}

static void test_lookalikes_are_not_hvc0(void **state)
{
        check_securetty("hvc01\nhvc0x\n/dev/hvc\nxvc0 \n", "hvc01\nhvc0x\n/dev/hvc\nxvc0 \nhvc0\n");
}

static void test_no_final_newline(void **state)
{
        check_securetty("console\ntty1\nxvc0", "console\ntty1\nxvc0\nhvc0\n");
        check_securetty("xvc0\ntty1", "xvc0\nhvc0\ntty1");
}

static void test_crlf(void **state)
{
        struct rewrite_out o = {0};
        char *out;

        expected_warnings = 1;
        check_securetty("console\r\ntty1\r\nxvc0\r\ntty2\r\n", "console\r\ntty1\r\nxvc0\r\nhvc0\r\ntty2\r\n");
        check_securetty("console\r\nhvc0\r\n", "console\r\nhvc0\r\n");
        out = run_securetty("tty1\nxvc0\r\n", true, &o);
        assert_string_equal(o.warnings.v[0], "'/etc/securetty' line 2: CRLF line ends; pam_securetty compares "
                                             "whole lines, so entries ending in CR allow no login: convert the "
                                             "file to LF line ends");
        free(out);
        rewrite_out_done(&o);
        expected_warnings = 0;
}

static void test_empty_file(void **state)
{
        check_securetty("", "hvc0\n");
}

static void test_second_run_no_change(void **state)
{
        struct rewrite_out o1 = {0}, o2 = {0};
        _cleanup_free_ char *out1 = NULL, *out2 = NULL;

        out1 = run_securetty("tty1\nxvc0\n", true, &o1);
        assert_string_equal(out1, "tty1\nxvc0\nhvc0\n");
        assert_int_equal(o1.edits.n, 1);
        assert_int_equal(o1.edits.v[0].line, 2);

        out2 = run_securetty(out1, true, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out1);

        rewrite_out_done(&o1);
        rewrite_out_done(&o2);
}

static void test_missing_file(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL;

        out = run_securetty("", false, &o);
        assert_string_equal(out, "");
        assert_int_equal(o.edits.n, 0);
        assert_false(o.create);
        rewrite_out_done(&o);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rhel5_xvc0_at_end),
                cmocka_unit_test(test_xvc0_in_the_middle),
                cmocka_unit_test(test_last_of_two_xvc0),
                cmocka_unit_test(test_debian_has_hvc0),
                cmocka_unit_test(test_hvc0_with_blanks_or_dev),
                cmocka_unit_test(test_commented_hvc0),
                cmocka_unit_test(test_commented_xvc0_only),
                cmocka_unit_test(test_no_xvc0_appends),
                cmocka_unit_test(test_lookalikes_are_not_hvc0),
                cmocka_unit_test(test_no_final_newline),
                cmocka_unit_test(test_crlf),
                cmocka_unit_test(test_empty_file),
                cmocka_unit_test(test_second_run_no_change),
                cmocka_unit_test(test_missing_file),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
