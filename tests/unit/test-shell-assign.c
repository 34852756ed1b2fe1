/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Assignments found in shell settings files. */
#include "test-helpers.h"

#include "shell-assign.h"

/* The assignments of in as "NAME@LINE=VALUE" (line 1-based, '!' after NAME when exported), joined by '|'. */
static char *list(const char *in, bool *ret_all_one_line)
{
        _cleanup_(text_freep) struct text *t = NULL;
        struct shell_assigns a = {0};
        struct strbuf b = {0};
        char *s = NULL;

        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(shell_assigns_parse(t, &a), 0);
        if (ret_all_one_line)
                *ret_all_one_line = true;
        for (size_t i = 0; i < a.n; i++) {
                assert_int_equal(strbuf_printf(&b, "%s%s%s@%zu=%s", i ? "|" : "", a.v[i].name,
                                               a.v[i].exported ? "!" : "", a.v[i].line + 1, a.v[i].value.value),
                                 0);
                assert_memory_equal(t->data + a.v[i].name_start, a.v[i].name, strlen(a.v[i].name));
                assert_int_equal(a.v[i].value.start, a.v[i].name_start + strlen(a.v[i].name) + 1);
                if (ret_all_one_line && !shell_assign_on_one_line(t, &a.v[i]))
                        *ret_all_one_line = false;
        }
        assert_int_equal(strbuf_steal(&b, &s), 0);
        strbuf_done(&b);
        shell_assigns_done(&a);
        return s;
}

static void check(const char *in, const char *want)
{
        char *s = list(in, NULL);

        assert_string_equal(s, want);
        free(s);
}

static void test_default_grub(void **state)
{
        check("# If you change this file, run 'update-grub' afterwards\n"
              "GRUB_DEFAULT=0\n"
              "GRUB_TIMEOUT=5\n"
              "GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n"
              "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
              "GRUB_CMDLINE_LINUX=\"console=xvc0 root=/dev/sda1\"\n"
              "#GRUB_TERMINAL=console\n",
              "GRUB_DEFAULT@2=0|GRUB_TIMEOUT@3=5|GRUB_DISTRIBUTOR@4=\001|GRUB_CMDLINE_LINUX_DEFAULT@5=quiet|"
              "GRUB_CMDLINE_LINUX@6=console=xvc0 root=/dev/sda1");
}

static void test_forms(void **state)
{
        check("A=1 B='two words' C=\"x\"y\n", "A@1=1|B@1=two words|C@1=xy");
        check("export A=1 B=2 C\n", "A!@1=1|B!@1=2");
        check("  export\tGRUB_CMDLINE_LINUX=\"x\" # comment A=2\n", "GRUB_CMDLINE_LINUX!@1=x");
        check("A=1; B=2 && C=3 || D=4 | E=5\n", "A@1=1|B@1=2|C@1=3|D@1=4|E@1=5");
        check("echo A=1\nB=2\n", "B@2=2");
        check("if [ -n \"$x\" ]; then A=1; else B=2; fi\n", "A@1=1|B@1=2");
        check("A=x\\\ny B=z\n", "A@1=xy|B@2=z");
        check("A=\"a\nB=b\"\nC=c\n", "A@1=a\nB=b|C@3=c");
        check("echo 'A=1\nB=2'\nC=3\n", "C@3=3");
        check("A==b\n=x\n1A=2\n_a=3\n", "A@1==b|_a@4=3");
        check("A=\nB=\"\"\n", "A@1=|B@2=");
        check("f() { A=1; }\n", "A@1=1");
        check("A=1 cmd B=2\n", "A@1=1");
        check("cat <<EOF\nA=1\nEOF\n", "A@2=1");
        check("", "");
        check("A=1", "A@1=1");
        check("A='unterminated\nB=2\n", "A@1=unterminated\nB=2\n");
}

static void test_one_line(void **state)
{
        bool one;
        char *s;

        s = list("A=\"x\"\nB=y\n", &one);
        assert_true(one);
        free(s);
        s = list("A=\"x\ny\"\n", &one);
        assert_false(one);
        free(s);
        /* A CR before the LF belongs to the value for the shell, not to the line's content. */
        s = list("A=\"x\"\r\n", &one);
        assert_string_equal(s, "A@1=x\r");
        assert_false(one);
        free(s);
        s = list("A='x", &one);
        assert_false(one);
        free(s);
}

/* ---- Files sourced by bash (SHELL_PARSE_BASH | SHELL_PARSE_CRLF): list values. ---- */

#define BASH (SHELL_PARSE_BASH | SHELL_PARSE_CRLF)

struct parsed {
        struct text *t;
        struct shell_assigns a;
};

static void parsed_start(struct parsed *p, const char *in)
{
        assert_int_equal(text_new(in, strlen(in), &p->t), 0);
        assert_int_equal(shell_assigns_parse_flags(p->t, BASH, &p->a), 0);
}

static void parsed_end(struct parsed *p)
{
        shell_assigns_done(&p->a);
        text_free(p->t);
}

/* The one assignment of in that is alone on its line (NULL when there is none; more than one fails). */
static const struct shell_assign *alone(const struct parsed *p)
{
        const struct shell_assign *x = NULL;

        for (size_t i = 0; i < p->a.n; i++)
                if (p->a.v[i].alone) {
                        assert_null(x);
                        x = &p->a.v[i];
                }
        return x;
}

/* The value's words, joined by '|'. */
static char *words_of(const struct parsed *p, const struct shell_assign *a)
{
        struct strv w = {0};
        struct strbuf b = {0};
        char *s = NULL;

        assert_int_equal(shell_assign_words(p->t, a, &w), 0);
        for (size_t i = 0; i < w.n; i++) {
                if (i)
                        assert_int_equal(strbuf_putc(&b, '|'), 0);
                assert_int_equal(strbuf_puts(&b, w.v[i]), 0);
        }
        if (!b.s)
                assert_int_equal(strbuf_puts(&b, ""), 0);
        assert_int_equal(strbuf_steal(&b, &s), 0);
        strv_done(&w);
        return s;
}

/* Parse text into p and return its one assignment alone on its line. */
static const struct shell_assign *parsed_alone(struct parsed *p, const char *text)
{
        const struct shell_assign *a;

        parsed_start(p, text);
        a = alone(p);
        assert_non_null(a);
        return a;
}

static void assert_words(const struct parsed *p, const struct shell_assign *a, const char *words)
{
        char *w = words_of(p, a);

        assert_string_equal(w, words);
        free(w);
}

/* Parse line as an assignment of name alone on its line and check its form, literal flag, inner text and words. */
static void check_list(const char *line, const char *name, bool append, enum shell_form form, bool literal,
                       const char *inner, const char *words)
{
        struct parsed p;
        const struct shell_assign *a = parsed_alone(&p, line);

        assert_string_equal(a->name, name);
        assert_int_equal(a->append, append);
        assert_int_equal(a->form, form);
        assert_int_equal(a->literal, literal);
        assert_false(a->value.multiline);
        assert_false(a->value.unterminated);
        assert_int_equal(a->inner_end - a->inner, strlen(inner));
        assert_memory_equal(line + a->inner, inner, strlen(inner));
        /* The spans cut the line into name, operator, value and the rest, in order. */
        assert_true(a->value.start <= a->inner && a->inner <= a->inner_end && a->inner_end <= a->value.end);
        assert_true(a->value.end <= strlen(line));
        assert_int_equal(a->value.start, a->name_start + strlen(name) + (append ? 2 : 1));
        assert_int_equal(line[a->value.start - 1], '=');
        assert_words(&p, a, words);
        parsed_end(&p);
}

static void test_list_forms(void **state)
{
        check_list("MODULES=most", "MODULES", false, SHELL_FORM_BARE, true, "most", "most");
        check_list("INITRD_MODULES=", "INITRD_MODULES", false, SHELL_FORM_BARE, true, "", "");
        check_list("INITRD_MODULES=\"\"", "INITRD_MODULES", false, SHELL_FORM_DOUBLE, true, "", "");
        check_list("DOMU_INITRD_MODULES=\"xennet xenblk\"", "DOMU_INITRD_MODULES", false, SHELL_FORM_DOUBLE, true,
                   "xennet xenblk", "xennet|xenblk");
        check_list("add_drivers+=\" xen-blkfront  xen-netfront \"", "add_drivers", true, SHELL_FORM_DOUBLE, true,
                   " xen-blkfront  xen-netfront ", "xen-blkfront|xen-netfront");
        check_list("add_drivers+=' a\tb '", "add_drivers", true, SHELL_FORM_SINGLE, true, " a\tb ", "a|b");
        check_list("MODULES=(xen-blkfront? ext4)", "MODULES", false, SHELL_FORM_ARRAY, true, "xen-blkfront? ext4",
                   "xen-blkfront?|ext4");
        check_list("MODULES=()", "MODULES", false, SHELL_FORM_ARRAY, true, "", "");
        check_list("  \tX_1=v  # comment \"", "X_1", false, SHELL_FORM_BARE, true, "v", "v");
        /* The CR of a CRLF line end ends the value. */
        check_list("A=\"a b\"\r\nB=c x\r\n", "A", false, SHELL_FORM_DOUBLE, true, "a b", "a|b");
        check_list("A=b \r\n", "A", false, SHELL_FORM_BARE, true, "b", "b");
}

static void test_list_not_literal(void **state)
{
        check_list("add_drivers=\"$add_drivers xen-blkfront\"", "add_drivers", false, SHELL_FORM_DOUBLE, false,
                   "$add_drivers xen-blkfront", "$add_drivers|xen-blkfront");
        check_list("A=\"a\\\"b\"", "A", false, SHELL_FORM_DOUBLE, false, "a\\\"b", "a\\\"b");
        check_list("A=$B", "A", false, SHELL_FORM_BARE, false, "$B", "$B");
        check_list("A=a*", "A", false, SHELL_FORM_BARE, false, "a*", "a*");
        check_list("A=a?", "A", false, SHELL_FORM_BARE, false, "a?", "a?");
        check_list("A=b#c", "A", false, SHELL_FORM_BARE, false, "b#c", "b#c");
        /* A lone CR at the end of the last line is the value's. */
        check_list("A=b\r", "A", false, SHELL_FORM_BARE, false, "b\r", "b");
        /* Mixed parts: the raw value is split. */
        check_list("A=\"a b\"c", "A", false, SHELL_FORM_OTHER, false, "\"a b\"c", "\"a|b\"c");
        check_list("A=('a' b)", "A", false, SHELL_FORM_ARRAY, false, "'a' b", "'a'|b");
        check_list("A=(a $b)", "A", false, SHELL_FORM_ARRAY, false, "a $b", "a|$b");
}

static void test_list_not_alone(void **state)
{
        static const char *const texts[] = {
                "", "   ", "# A=b", "  # A=b", "A", "A =b", "A= b", "A=b c", "A=b; B=c", "export A=b", "1A=b",
                "A-B=c", "echo A=b", "A=(x)#c", "A=(x) y", "=b", "A+b=c", "A++=b", "A=b \\\nB=c\n",
                "(\nA=b\n)\n", "echo 'x\nA=b'\n", "if true; then A=b; fi\n", "A=\"x\ny\" cmd\n", "A=(a (b))",
        };

        for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
                struct parsed p;

                parsed_start(&p, texts[i]);
                if (alone(&p))
                        fail_msg("'%s': an assignment taken for alone on its line", texts[i]);
                parsed_end(&p);
        }
}

static void test_list_empty_with_comment(void **state)
{
        struct parsed p;
        /* A comment after blanks is fine, even with nothing before it. */
        const struct shell_assign *a = parsed_alone(&p, "A= # empty");

        assert_int_equal(a->value.end, a->value.start);
        parsed_end(&p);
}

/* Values that go on past their line, or never end: read whole, never literal. */
static void check_open(const char *text, const char *words, bool unterminated)
{
        struct parsed p;
        const struct shell_assign *a = parsed_alone(&p, text);

        assert_false(a->literal);
        assert_int_equal(a->value.unterminated, unterminated);
        assert_true(a->value.multiline || a->value.unterminated);
        assert_false(shell_assign_on_one_line(p.t, a));
        assert_words(&p, a, words);
        parsed_end(&p);
}

static void test_list_open(void **state)
{
        check_open("A=\"a b", "a|b", true);
        check_open("A=(a b", "a|b", true);
        check_open("A=(a # comment)", "a", true);
        check_open("A=a\\\nb\n", "a\\|b", false);
        check_open("A='x", "x", true);
        check_open("A=\"a\nb\"\n", "a|b", false);
        check_open("MODULES=(\n a # c d\n xen-blkfront\n)\n", "a|xen-blkfront", false);
}

/* Whether text ends clean before each of its lines (y/n), and the names of the assignments alone on a line. */
static void check_states(const char *text, const char *clean, const char *names)
{
        struct parsed p;
        struct strbuf b = {0};
        size_t line = 0;

        for (const char *q = text;; line++) {
                _cleanup_(text_freep) struct text *t = NULL;

                assert_int_equal(text_new(text, (size_t)(q - text), &t), 0);
                if (shell_text_ends_clean(t, BASH) != (clean[line] == 'y'))
                        fail_msg("before line %zu of '%s': clean should be %c", line + 1, text, clean[line]);
                q = strchr(q, '\n');
                if (!q)
                        break;
                q++;
        }
        assert_int_equal(strlen(clean), line + 1);
        parsed_start(&p, text);
        for (size_t i = 0; i < p.a.n; i++)
                if (p.a.v[i].alone)
                        assert_int_equal(strbuf_puts(&b, p.a.v[i].name), 0);
        if (!b.s)
                assert_int_equal(strbuf_puts(&b, ""), 0);
        assert_string_equal(b.s, names);
        strbuf_done(&b);
        parsed_end(&p);
}

static void test_list_states(void **state)
{
        check_states("A=\"one\nB=two\nthree\"\nC=d\nE=f\n", "ynnyyy", "ACE");
        check_states("MODULES=(\n a\n)\nB=c\n", "ynnyy", "MODULESB");
        check_states("A=b \\\nB=c\nD='it''s'\nE=\"#\"\n", "ynyyy", "DE");
        /* Quotes in comments and inside other quotes open nothing. */
        check_states("# it's\nA=\"it's\" # don't\nB='\"'\nC=d\n", "yyyyy", "ABC");
        check_states("# a comment \\\n", "yy", "");
        check_states("A=$(echo\nb)\n", "yny", "A");
        check_states("A=b\\\\\n", "yy", "A");
        {
                _cleanup_(text_freep) struct text *t = NULL;

                /* A backslash at the very end: a line added after it would continue this one. */
                assert_int_equal(text_new("A=b\\", 4, &t), 0);
                assert_false(shell_text_ends_clean(t, BASH));
        }
}

static void check_add(const char *line, const char *words, const char *expected)
{
        struct parsed p, q;
        char *out = NULL, *again = NULL;
        const struct shell_assign *a = parsed_alone(&p, line), *b;

        assert_int_equal(shell_assign_add_words(p.t, a, words, &out), 0);
        assert_string_equal(out, expected);
        /* The result is still an assignment with the words at the end. */
        b = parsed_alone(&q, out);
        assert_true(b->literal);
        assert_int_equal(shell_assign_add_words(q.t, b, "z", &again), 0);
        free(again);
        free(out);
        parsed_end(&q);
        parsed_end(&p);
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
        /* Only the assignment's line: the CR of its CRLF and the other lines are not part of the result. */
        check_add("MODULES=\"a\"\r\nY=2 x\r\n", "b", "MODULES=\"a b\"");
}

static void test_add_words_refused(void **state)
{
        static const char *const lines[] = {
                "A=\"$A b\"", "A=\"a b", "A=(a", "A=\"a\"b", "A=$B", "A=('a')", "A=\"a\nb\"\n", "A=(a\n)\n",
        };

        for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
                struct parsed p;
                const struct shell_assign *a = parsed_alone(&p, lines[i]);
                char *out = NULL;

                assert_int_equal(shell_assign_add_words(p.t, a, "x", &out), -EINVAL);
                assert_null(out);
                parsed_end(&p);
        }
}

/* Round trip: the reported spans and the rest of the line give the line back. */
static void test_list_round_trip(void **state)
{
        static const char *const lines[] = {
                "A=b", "  A+=\"b c\"  # d", "MODULES=(a b) #", "X='y'", "A=", "B=\"\"",
        };

        for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
                const char *l = lines[i];
                const struct shell_assign *a;
                struct strbuf b = {0};
                struct parsed p;

                a = parsed_alone(&p, l);
                assert_int_equal(strbuf_append(&b, l, a->name_start), 0);
                assert_int_equal(strbuf_puts(&b, a->name), 0);
                assert_int_equal(strbuf_puts(&b, a->append ? "+=" : "="), 0);
                assert_int_equal(strbuf_append(&b, l + a->value.start, a->inner - a->value.start), 0);
                assert_int_equal(strbuf_append(&b, l + a->inner, a->inner_end - a->inner), 0);
                assert_int_equal(strbuf_append(&b, l + a->inner_end, strlen(l) - a->inner_end), 0);
                assert_string_equal(b.s, l);
                strbuf_done(&b);
                parsed_end(&p);
        }
}

/* Without SHELL_PARSE_BASH, "+=" and arrays are not read (as sh does not). */
static void test_sh_only(void **state)
{
        check("A+=b\nB=c\n", "B@2=c");
        check("A=(x y=1)\nB=c\n", "A@1=|B@2=c");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_default_grub),
                cmocka_unit_test(test_forms),
                cmocka_unit_test(test_one_line),
                cmocka_unit_test(test_list_forms),
                cmocka_unit_test(test_list_not_literal),
                cmocka_unit_test(test_list_not_alone),
                cmocka_unit_test(test_list_empty_with_comment),
                cmocka_unit_test(test_list_open),
                cmocka_unit_test(test_list_states),
                cmocka_unit_test(test_add_words),
                cmocka_unit_test(test_add_words_refused),
                cmocka_unit_test(test_list_round_trip),
                cmocka_unit_test(test_sh_only),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
