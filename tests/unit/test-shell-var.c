/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The shell assignment parser: forms, words, edits, multi-line state, and the spans it reports. */
#include "test-helpers.h"

#include "shell-var.h"

static int parse(const char *line, struct shell_assign *a)
{
        return shell_assign_parse(line, strlen(line), a);
}

/* The value's words, joined by '|'. */
static char *words_of(const char *line, const struct shell_assign *a)
{
        struct strv w = {0};
        struct strbuf b = {0};
        char *s = NULL;

        assert_int_equal(shell_assign_words(a, line, &w), 0);
        for (size_t i = 0; i < w.n; i++) {
                if (i)
                        assert_int_equal(strbuf_putc(&b, '|'), 0);
                assert_int_equal(strbuf_puts(&b, w.v[i]), 0);
        }
        assert_int_equal(strbuf_steal(&b, &s), 0);
        strv_done(&w);
        return s;
}

/* Parse line as an assignment of name and check its form, literal flag, inner text and words. */
static void check(const char *line, const char *name, bool append, enum shell_form form, bool literal,
                  const char *inner, const char *words)
{
        struct shell_assign a;
        char *w;

        assert_int_equal(parse(line, &a), 1);
        assert_true(shell_assign_is(&a, line, name));
        assert_int_equal(a.append, append);
        assert_int_equal(a.form, form);
        assert_int_equal(a.literal, literal);
        assert_false(a.open);
        assert_int_equal(a.inner_end - a.inner, strlen(inner));
        assert_memory_equal(line + a.inner, inner, strlen(inner));
        /* The spans cut the line into name, operator, value and the rest, in order. */
        assert_true(a.name < a.name + a.name_len && a.name + a.name_len <= a.value);
        assert_true(a.value <= a.inner && a.inner <= a.inner_end && a.inner_end <= a.value_end);
        assert_true(a.value_end <= strlen(line));
        assert_int_equal(line[a.value - 1], '=');
        w = words_of(line, &a);
        assert_string_equal(w, words);
        free(w);
}

static void test_forms(void **state)
{
        check("MODULES=most", "MODULES", false, SHELL_FORM_BARE, true, "most", "most");
        check("INITRD_MODULES=", "INITRD_MODULES", false, SHELL_FORM_BARE, true, "", "");
        check("INITRD_MODULES=\"\"", "INITRD_MODULES", false, SHELL_FORM_DOUBLE, true, "", "");
        check("DOMU_INITRD_MODULES=\"xennet xenblk\"", "DOMU_INITRD_MODULES", false, SHELL_FORM_DOUBLE, true,
              "xennet xenblk", "xennet|xenblk");
        check("add_drivers+=\" xen-blkfront  xen-netfront \"", "add_drivers", true, SHELL_FORM_DOUBLE, true,
              " xen-blkfront  xen-netfront ", "xen-blkfront|xen-netfront");
        check("add_drivers+=' a\tb '", "add_drivers", true, SHELL_FORM_SINGLE, true, " a\tb ", "a|b");
        check("MODULES=(xen-blkfront? ext4)", "MODULES", false, SHELL_FORM_ARRAY, true, "xen-blkfront? ext4",
              "xen-blkfront?|ext4");
        check("MODULES=()", "MODULES", false, SHELL_FORM_ARRAY, true, "", "");
        check("  \tX_1=v  # comment \"", "X_1", false, SHELL_FORM_BARE, true, "v", "v");
}

static void test_not_literal(void **state)
{
        check("add_drivers=\"$add_drivers xen-blkfront\"", "add_drivers", false, SHELL_FORM_DOUBLE, false,
              "$add_drivers xen-blkfront", "$add_drivers|xen-blkfront");
        check("A=\"a\\\"b\"", "A", false, SHELL_FORM_DOUBLE, false, "a\\\"b", "a\\\"b");
        check("A=$B", "A", false, SHELL_FORM_BARE, false, "$B", "$B");
        check("A=a*", "A", false, SHELL_FORM_BARE, false, "a*", "a*");
        check("A=a?", "A", false, SHELL_FORM_BARE, false, "a?", "a?");
        check("A=b#c", "A", false, SHELL_FORM_BARE, false, "b#c", "b#c");
        /* Mixed parts: the raw value is split. */
        check("A=\"a b\"c", "A", false, SHELL_FORM_OTHER, false, "\"a b\"c", "\"a|b\"c");
        check("A=('a' b)", "A", false, SHELL_FORM_ARRAY, false, "'a' b", "'a'|b");
        check("A=(a $b)", "A", false, SHELL_FORM_ARRAY, false, "a $b", "a|$b");
}

static void test_not_assignments(void **state)
{
        static const char *const lines[] = {
                "", "   ", "# A=b", "  # A=b", "A", "A =b", "A= b", "A=b c", "A=b; B=c", "export A=b", "1A=b",
                "A-B=c", "echo A=b", "A=(x)#c", "A=(x) y", "=b", "A+b=c", "A++=b",
        };
        struct shell_assign a;

        for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
                if (parse(lines[i], &a) != 0)
                        fail_msg("'%s' taken for an assignment", lines[i]);
        }
        /* A comment after blanks is fine, even with nothing before it. */
        assert_int_equal(parse("A= # empty", &a), 1);
        assert_int_equal(a.value_end, a.value);
}

static void test_open_values(void **state)
{
        struct shell_assign a;

        assert_int_equal(parse("A=\"a b", &a), 1);
        assert_true(a.open);
        assert_false(a.literal);
        assert_int_equal(parse("A=(a b", &a), 1);
        assert_true(a.open);
        assert_int_equal(parse("A=(a # comment)", &a), 1);
        assert_true(a.open);
        assert_int_equal(parse("A=a\\", &a), 1);
        assert_true(a.open);
        assert_int_equal(parse("A='x", &a), 1);
        assert_true(a.open);
}

/* The state after each line of text, as "q p b" letters: quote, parens, backslash. */
static void check_states(const char *text, const char *const *expect_clean, size_t n)
{
        struct shell_state st = {0};
        const char *p = text;

        for (size_t i = 0; i < n; i++) {
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);

                if (shell_state_clean(&st) != (expect_clean[i][0] == 'y'))
                        fail_msg("line %zu ('%.*s'): clean should be %s", i + 1, (int)len, p, expect_clean[i]);
                shell_scan_line(p, len, &st);
                p += len + (nl ? 1 : 0);
        }
}

static void test_scan_lines(void **state)
{
        static const char *const c1[] = {"y", "n", "n", "y", "y"};
        static const char *const c2[] = {"y", "n", "n", "y"};
        static const char *const c3[] = {"y", "n", "y", "y"};
        static const char *const c4[] = {"y", "y", "y", "y"};

        check_states("A=\"one\nB=two\nthree\"\nC=d\nE=f\n", c1, 5);
        check_states("MODULES=(\n a\n)\nB=c\n", c2, 4);
        check_states("A=b \\\nB=c\nD='it''s'\nE=\"#\"\n", c3, 4);
        /* Quotes in comments and inside other quotes open nothing. */
        check_states("# it's\nA=\"it's\" # don't\nB='\"'\nC=d\n", c4, 4);
}

static void check_add(const char *line, const char *words, const char *expected)
{
        struct shell_assign a;
        char *out = NULL, *again = NULL;
        struct shell_assign b;

        assert_int_equal(parse(line, &a), 1);
        assert_int_equal(shell_assign_add_words(&a, line, strlen(line), words, &out), 0);
        assert_string_equal(out, expected);
        /* The result is still an assignment with the words at the end. */
        assert_int_equal(parse(out, &b), 1);
        assert_true(b.literal);
        assert_int_equal(shell_assign_add_words(&b, out, strlen(out), "z", &again), 0);
        free(again);
        free(out);
}

static void test_add_words(void **state)
{
        check_add("INITRD_MODULES=\"\"", "xen-blkfront xen-netfront", "INITRD_MODULES=\"xen-blkfront xen-netfront\"");
        check_add("DOMU_INITRD_MODULES=\"xennet xenblk\"", "xen-blkfront",
                  "DOMU_INITRD_MODULES=\"xennet xenblk xen-blkfront\"");
        check_add("add_drivers+=\" a \"", "b", "add_drivers+=\" a b \"");
        check_add("add_drivers+=\" \"", "b", "add_drivers+=\"b \"");
        check_add("A='x'  # keep", "y", "A='x y'  # keep");
        check_add("MODULES=()", "xen-blkfront?", "MODULES=(xen-blkfront?)");
        check_add("MODULES=(ext4 )", "xen-blkfront?", "MODULES=(ext4 xen-blkfront? )");
        check_add("INITRD_MODULES=ata_piix", "xen-blkfront", "INITRD_MODULES=\"ata_piix xen-blkfront\"");
        check_add("INITRD_MODULES= # none", "xen-blkfront", "INITRD_MODULES=\"xen-blkfront\" # none");
        check_add("\tMODULES=\"a\"\t", "b", "\tMODULES=\"a b\"\t");
}

static void test_add_words_refused(void **state)
{
        static const char *const lines[] = {
                "A=\"$A b\"", "A=\"a b", "A=(a", "A=\"a\"b", "A=$B", "A=('a')",
        };
        struct shell_assign a;
        char *out = NULL;

        for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
                assert_int_equal(parse(lines[i], &a), 1);
                assert_int_equal(shell_assign_add_words(&a, lines[i], strlen(lines[i]), "x", &out), -EINVAL);
                assert_null(out);
        }
}

/* Round trip: the reported spans and the rest of the line give the line back. */
static void test_round_trip(void **state)
{
        static const char *const lines[] = {
                "A=b", "  A+=\"b c\"  # d", "MODULES=(a b) #", "X='y'", "A=", "B=\"\"",
        };

        for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
                const char *l = lines[i];
                struct shell_assign a;
                struct strbuf b = {0};

                assert_int_equal(parse(l, &a), 1);
                assert_int_equal(strbuf_append(&b, l, a.name), 0);
                assert_int_equal(strbuf_append(&b, l + a.name, a.name_len), 0);
                assert_int_equal(strbuf_puts(&b, a.append ? "+=" : "="), 0);
                assert_int_equal(strbuf_append(&b, l + a.value, a.inner - a.value), 0);
                assert_int_equal(strbuf_append(&b, l + a.inner, a.inner_end - a.inner), 0);
                assert_int_equal(strbuf_append(&b, l + a.inner_end, strlen(l) - a.inner_end), 0);
                assert_string_equal(b.s, l);
                strbuf_done(&b);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_forms),
                cmocka_unit_test(test_not_literal),
                cmocka_unit_test(test_not_assignments),
                cmocka_unit_test(test_open_values),
                cmocka_unit_test(test_scan_lines),
                cmocka_unit_test(test_add_words),
                cmocka_unit_test(test_add_words_refused),
                cmocka_unit_test(test_round_trip),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
