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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_default_grub),
                cmocka_unit_test(test_forms),
                cmocka_unit_test(test_one_line),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
