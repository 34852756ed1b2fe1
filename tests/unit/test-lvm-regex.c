/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* LVM's regular expressions: what libdevmapper's filter would match. */
#include "test-helpers.h"

#include "lvm-regex.h"

static bool m(const char *pattern, const char *name)
{
        struct lvm_regex *re = NULL;
        bool r;

        assert_int_equal(lvm_regex_compile(pattern, strlen(pattern), &re), 0);
        r = lvm_regex_match(re, name);
        lvm_regex_free(re);
        return r;
}

static int compile_error(const char *pattern, size_t len)
{
        struct lvm_regex *re = NULL;
        int r = lvm_regex_compile(pattern, len, &re);

        if (r == 0)
                lvm_regex_free(re);
        return r;
}

static void test_unanchored(void **state)
{
        /* A pattern matches any part of the name, as LVM's ".*(R)" does. */
        assert_true(m("sda", "/dev/sda1"));
        assert_true(m("/dev/sd", "/dev/sdb"));
        assert_false(m("sda", "/dev/xvda1"));
        assert_true(m(".*", "/dev/anything"));
        assert_true(m("x*", "/dev/sda")); /* nullable: matches everything */
        assert_true(m("^", "/dev/sda"));
        assert_true(m("$", "/dev/sda"));
}

static void test_anchors(void **state)
{
        assert_true(m("^/dev/sda[0-9]*$", "/dev/sda"));
        assert_true(m("^/dev/sda[0-9]*$", "/dev/sda15"));
        assert_false(m("^/dev/sda[0-9]*$", "/dev/sdaa"));
        assert_false(m("^/dev/sda[0-9]*$", "/dev/mapper/x/dev/sda"));
        assert_false(m("^/dev/sda$", "/dev/sda1"));
        assert_true(m("^/dev/sda", "/dev/sdab"));
        assert_true(m("1$", "/dev/sda1"));
        assert_false(m("1$", "/dev/sda10"));
        /* '^' only before the first character, '$' only after the last. */
        assert_false(m("a^b", "a^b"));
        assert_false(m("a$b", "a$b"));
        assert_true(m("\\^", "a^b"));
        assert_true(m("\\$b", "a$b"));
}

static void test_sets(void **state)
{
        assert_true(m("^/dev/sd[ab]$", "/dev/sdb"));
        assert_false(m("^/dev/sd[ab]$", "/dev/sdc"));
        assert_true(m("^/dev/sd[^a]", "/dev/sdb"));
        assert_false(m("^/dev/sd[^a]$", "/dev/sda"));
        assert_true(m("^/dev/sd[a-c]$", "/dev/sdb"));
        /* A range starts from the previous character, also after a range. */
        assert_true(m("^[a-c-e]$", "d"));
        /* '-' first is literal. */
        assert_true(m("^[-a]$", "-"));
        /* A reversed range is taken in order. */
        assert_true(m("^[c-a]$", "b"));
        /* ']' right after '[' closes an empty set, which matches nothing. */
        assert_false(m("[]a]", "]a]"));
        assert_false(m("[]a]", "a]"));
        /* Escapes inside sets. */
        assert_true(m("^[\\]]$", "]"));
        assert_true(m("^[\\t]$", "\t"));
        /* No POSIX classes: "[[:alpha:]" is the set of those characters, then a ']'. */
        assert_true(m("^[[:alpha:]]$", "p]"));
        assert_false(m("^[[:alpha:]]$", "b]"));
        assert_false(m("^[[:alpha:]]$", "p"));
}

static void test_operators(void **state)
{
        assert_true(m("^/dev/(sd|hd)a$", "/dev/hda"));
        assert_false(m("^/dev/(sd|hd)a$", "/dev/xda"));
        assert_true(m("^(ab)+$", "ababab"));
        assert_false(m("^(ab)+$", ""));
        assert_true(m("^(ab)*$", ""));
        assert_true(m("^a?b$", "b"));
        assert_true(m("^a?b$", "ab"));
        assert_false(m("^a?b$", "aab"));
        assert_true(m("^a|^b", "bz"));
        assert_true(m("^((a*)*)*b$", "aaab"));
        /* '.' is anything but NUL, CR and LF. */
        assert_true(m("^.$", "x"));
        assert_false(m("^.$", "\n"));
        /* Escapes: \. is a dot, \n a newline, anything else itself. */
        assert_true(m("^a\\.b$", "a.b"));
        assert_false(m("^a\\.b$", "axb"));
        assert_true(m("^\\/dev\\/sda$", "/dev/sda"));
        /* No intervals: braces are plain characters. */
        assert_true(m("^a{2}$", "a{2}"));
        assert_false(m("^a{2}$", "aa"));
}

static void test_invalid(void **state)
{
        char deep[200] = "", longp[LVM_REGEX_MAX_LEN + 2];

        assert_int_equal(compile_error("", 0), -EINVAL);
        assert_int_equal(compile_error("(", 1), -EINVAL);
        assert_int_equal(compile_error(")", 1), -EINVAL);
        assert_int_equal(compile_error("a)", 2), -EINVAL);
        assert_int_equal(compile_error("()", 2), -EINVAL);
        assert_int_equal(compile_error("*a", 2), -EINVAL);
        assert_int_equal(compile_error("a|", 2), -EINVAL);
        assert_int_equal(compile_error("|a", 2), -EINVAL);
        assert_int_equal(compile_error("a||b", 4), -EINVAL);
        assert_int_equal(compile_error("[abc", 4), -EINVAL);
        assert_int_equal(compile_error("[a-", 3), -EINVAL);
        assert_int_equal(compile_error("a\\", 2), -EINVAL);
        assert_int_equal(compile_error("a\0b", 3), -EINVAL);

        for (size_t i = 0; i < 40; i++)
                strcat(deep, "(");
        strcat(deep, "a");
        for (size_t i = 0; i < 40; i++)
                strcat(deep, ")");
        assert_int_equal(compile_error(deep, strlen(deep)), -E2BIG);

        memset(longp, 'a', sizeof(longp) - 1);
        longp[sizeof(longp) - 1] = '\0';
        assert_int_equal(compile_error(longp, strlen(longp)), -E2BIG);
        assert_int_equal(compile_error(longp, LVM_REGEX_MAX_LEN), 0);
}

static void test_tokens(void **state)
{
        struct lvm_rx_token *t = NULL;
        size_t n = 0;
        const char *p = "^/dev/[hs]d\\.(a|b)*";

        assert_int_equal(lvm_regex_tokenize(p, strlen(p), &t, &n), 0);
        assert_int_equal(n, 15);
        assert_int_equal(t[0].kind, LVM_RX_SET);
        assert_true(lvm_rx_set_has(t[0].set, LVM_REGEX_HAT_CHAR));
        assert_int_equal(t[6].kind, LVM_RX_SET);
        assert_int_equal(t[6].start, 6);
        assert_int_equal(t[6].end, 10);
        assert_true(lvm_rx_set_has(t[6].set, 'h'));
        assert_true(lvm_rx_set_has(t[6].set, 's'));
        assert_false(lvm_rx_set_has(t[6].set, 'd'));
        assert_false(t[6].negated);
        assert_int_equal(t[8].start, 11);
        assert_int_equal(t[8].end, 13);
        assert_true(lvm_rx_set_has(t[8].set, '.'));
        assert_false(lvm_rx_set_has(t[8].set, 'a'));
        assert_false(t[8].any);
        assert_int_equal(t[9].kind, LVM_RX_OPEN);
        assert_int_equal(t[11].kind, LVM_RX_OR);
        assert_int_equal(t[13].kind, LVM_RX_CLOSE);
        assert_int_equal(t[14].kind, LVM_RX_STAR);
        free(t);
}

static void test_long_name(void **state)
{
        char name[1100];

        memset(name, 'a', sizeof(name) - 1);
        name[sizeof(name) - 1] = '\0';
        assert_false(m("a", name));
        name[1024] = '\0';
        assert_true(m("a", name));
}

/* Where LVM's syntax is not POSIX ERE's (verify used to translate to ERE and got "[]a]" wrong). */
static void test_not_ere(void **state)
{
        static const struct {
                const char *regex;
                const char *name;
                bool match;
        } cases[] = {
                /* No intervals: braces are characters. */
                {"^/dev/sd{1}a$", "/dev/sd{1}a", true},
                {"^/dev/sd{1}a$", "/dev/sda", false},
                /* No backreferences: "\c" is c. */
                {"^(/dev/sda)\\1$", "/dev/sda1", true},
                {"^(/dev/sda)\\1$", "/dev/sda/dev/sda", false},
                {"^/dev/sda\\.1$", "/dev/sda.1", true},
                {"^/dev/sda\\.1$", "/dev/sdax1", false},
                /* A ']' right after '[' or "[^" closes the set (ERE would take it as a member). */
                {"^/dev/sd[]a]$", "/dev/sd]", false},
                {"^/dev/sd[]a]$", "/dev/sda", false},
                {"^/dev/sd[^]a]$", "/dev/sdxa]", true},
                {"^/dev/sd[^]a]$", "/dev/sdb", false},
                {"^/dev/(sd|xvd)[a-z]+[0-9]*$", "/dev/xvdb12", true},
        };
        (void)state;

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
                assert_int_equal(m(cases[i].regex, cases[i].name), cases[i].match);
        assert_int_equal(compile_error("trailing\\", 9), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_unanchored), cmocka_unit_test(test_anchors),
                cmocka_unit_test(test_sets),       cmocka_unit_test(test_operators),
                cmocka_unit_test(test_invalid),    cmocka_unit_test(test_tokens),
                cmocka_unit_test(test_long_name),  cmocka_unit_test(test_not_ere),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
