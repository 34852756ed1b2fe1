/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lvm-conf: the pattern lists of lvm.conf, read as libdevmapper reads the file. */
#include "test-helpers.h"

#include "lvm-conf.h"
#include "util.h"

/* 1-based line of an offset. */
static size_t line_of(const char *s, size_t off)
{
        size_t line = 1;

        for (size_t i = 0; i < off; i++)
                line += s[i] == '\n';
        return line;
}

/* The string value k of list i, as LVM gets it. */
static void assert_value(const char *conf, const struct lvm_conf_list *l, size_t k, const char *want)
{
        char *s = lvm_conf_value_string(conf, &l->v[k]);

        assert_non_null(s);
        assert_string_equal(s, want);
        free(s);
}

/* Filter value k: its action and regex (from the unescaped string), or action 0 when LVM refuses it. */
static void assert_filter(const char *conf, const struct lvm_conf_list *l, size_t k, char action, const char *regex)
{
        char *s = lvm_conf_value_string(conf, &l->v[k]), got = 0;
        size_t b = 0, e = 0;

        assert_non_null(s);
        if (lvm_filter_split(s, strlen(s), &got, &b, &e)) {
                assert_int_equal(got, action);
                assert_int_equal(e - b, strlen(regex));
                assert_memory_equal(s + b, regex, e - b);
        } else
                assert_int_equal(action, 0);
        free(s);
}

static void test_parse(void **state)
{
        static const char conf[] =
                "# filter = [ \"r|.*|\" ]\n"
                "config {\n"
                "    checks = 1\n"
                "}\n"
                "devices {\n"
                "    dir = \"/dev\"\n"
                "    scan = [ \"/dev\" ]\n"
                "    # filter = [ \"a/.*/\" ]\n"
                "    filter = [ \"a|^/dev/sda[0-9]*$|\", # the system disk\n"
                "               \"r/.*/\" ]\n"
                "    types = [ \"fd\", 16 ]\n"
                "    global_filter = \"a|/dev/\\\"x|\"\n"
                "    preferred_names = [ '^/dev/mpath/' \"^/dev/[hs]d\" ]\n"
                "}\n"
                "activation {\n"
                "    filter = [ \"r|.*|\" ]\n"
                "}\n"
                "devices/filter = [ \"x\", \"a||\", \"r|sdb|\", a ]\n";
        struct lvm_conf c = {0};
        struct lvm_conf_error err = {0};
        (void)state;

        assert_int_equal(lvm_conf_parse(conf, strlen(conf), &c, &err), 0);
        assert_int_equal(c.n_lists, 4);

        assert_int_equal(c.lists[0].key, LVM_CONF_FILTER);
        assert_string_equal(lvm_conf_key_name(c.lists[0].key), "filter");
        assert_int_equal(line_of(conf, c.lists[0].key_at), 9);
        assert_true(c.lists[0].is_array);
        assert_true(c.lists[0].has_comma);
        assert_int_equal(c.lists[0].n, 2);
        assert_true(c.lists[0].v[0].comma_after);
        assert_false(c.lists[0].v[1].comma_after);
        assert_filter(conf, &c.lists[0], 0, 'a', "^/dev/sda[0-9]*$");
        assert_filter(conf, &c.lists[0], 1, 'r', ".*");

        assert_int_equal(c.lists[1].key, LVM_CONF_GLOBAL_FILTER);
        assert_string_equal(lvm_conf_key_name(c.lists[1].key), "global_filter");
        assert_int_equal(line_of(conf, c.lists[1].key_at), 12);
        assert_false(c.lists[1].is_array);
        assert_int_equal(c.lists[1].n, 1);
        assert_int_equal(c.lists[1].v[0].kind, LVM_CONF_DQUOTED);
        assert_filter(conf, &c.lists[1], 0, 'a', "/dev/\"x");

        assert_int_equal(c.lists[2].key, LVM_CONF_PREFERRED_NAMES);
        assert_false(c.lists[2].has_comma);
        assert_int_equal(c.lists[2].n, 2);
        assert_int_equal(c.lists[2].v[0].kind, LVM_CONF_SQUOTED);
        assert_value(conf, &c.lists[2], 0, "^/dev/mpath/");
        assert_value(conf, &c.lists[2], 1, "^/dev/[hs]d");

        /* The path form at the top; activation/filter is another key. */
        assert_int_equal(c.lists[3].key, LVM_CONF_FILTER);
        assert_int_equal(line_of(conf, c.lists[3].key_at), 18);
        assert_int_equal(c.lists[3].n, 4);
        assert_filter(conf, &c.lists[3], 0, 0, NULL);
        assert_filter(conf, &c.lists[3], 1, 'a', "");
        assert_filter(conf, &c.lists[3], 2, 'r', "sdb");
        assert_int_equal(c.lists[3].v[3].kind, LVM_CONF_OTHER);
        lvm_conf_done(&c);
}

static void test_errors(void **state)
{
        static const struct {
                const char *conf;
                size_t offset;
                const char *what;
        } cases[] = {
                {"devices { filter = [ \"a|x", 21, "unterminated string"},
                {"}}} devices { filter = [ { } ] filter =", 0, "'}' without a section"},
                {"devices { filter = [ \"a|x|\" }", 28, "expected a value"},
                {"devices { filter = [ \"a|x|\"", 27, "unclosed list"},
                {"devices {\n filter = [ ]\n", 24, "unclosed section"},
                {"devices {\n filter [ ]\n}\n", 18, "expected '=' or '{'"},
                {"devices { filter = }", 19, "expected a value"},
                {"= 1", 0, "expected a name"},
                {"\"\" = 1", 0, "empty name"},
        };
        (void)state;

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct lvm_conf c = {0};
                struct lvm_conf_error err = {0};

                assert_int_equal(lvm_conf_parse(cases[i].conf, strlen(cases[i].conf), &c, &err), -EINVAL);
                assert_int_equal(err.offset, cases[i].offset);
                assert_string_equal(err.what, cases[i].what);
                assert_int_equal(c.n_lists, 0);
        }
}

static void test_empty_and_nul(void **state)
{
        static const char conf[] = "devices { filter = [ \"r|sda|\" ] }\n\0 }}}";
        struct lvm_conf c = {0};
        struct lvm_conf_error err = {0};
        (void)state;

        assert_int_equal(lvm_conf_parse("", 0, &c, &err), 0);
        assert_int_equal(c.n_lists, 0);
        lvm_conf_done(&c);
        /* libdevmapper stops at a NUL byte. */
        assert_int_equal(lvm_conf_parse(conf, sizeof(conf) - 1, &c, &err), 0);
        assert_int_equal(c.n_lists, 1);
        lvm_conf_done(&c);
}

/* LVM's _extract_pattern(): the separator after the action must end the string. */
static void test_filter_split(void **state)
{
        static const struct {
                const char *pat;
                char action;
                const char *regex;
        } cases[] = {
                {"a|sda|", 'a', "sda"},    {"r/.*/", 'r', ".*"},      {"a(sd(a|b))", 'a', "sd(a|b)"},
                {"a[sda]", 'a', "sda"},    {"a{sda}", 'a', "sda"},    {"a\"sda\"", 'a', "sda"},
                {"a|x|y|", 'a', "x|y"},    {"a||", 'a', ""},          {"a|sda/", 0, NULL},
                {"x|sda|", 0, NULL},       {"a|", 0, NULL},           {"", 0, NULL},
                {"a(sda(", 0, NULL},
        };
        (void)state;

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                size_t b = 0, e = 0, len = strlen(cases[i].pat);
                char action = 0;
                bool ok = lvm_filter_split(cases[i].pat, len, &action, &b, &e);

                assert_int_equal(ok, cases[i].action != 0);
                if (!ok)
                        continue;
                assert_int_equal(action, cases[i].action);
                assert_int_equal(e - b, strlen(cases[i].regex));
                assert_memory_equal(cases[i].pat + b, cases[i].regex, e - b);
        }
}

/* The in-place split (for editing) agrees with LVM's split of the unescaped string. */
static void test_filter_split_in_place(void **state)
{
        static const char conf[] = "devices { filter = [ \"a|^/dev/sd\\\"q|\", \"r\\\"sdb\\\"\", "
                                   "'a/x\\\"/', \"a|x\", 7 ] }\n";
        static const char *const want[] = {"^/dev/sd\\\"q", "sdb", "x\\\"", NULL, NULL};
        struct lvm_conf c = {0};
        struct lvm_conf_error err = {0};
        (void)state;

        assert_int_equal(lvm_conf_parse(conf, strlen(conf), &c, &err), 0);
        assert_int_equal(c.n_lists, 1);
        assert_int_equal(c.lists[0].n, 5);
        for (size_t k = 0; k < c.lists[0].n; k++) {
                size_t b = 0, e = 0;
                char action = 0;
                bool ok = lvm_conf_filter_split(conf, &c.lists[0].v[k], &action, &b, &e);

                assert_int_equal(ok, want[k] != NULL);
                if (!ok)
                        continue;
                assert_int_equal(action, k == 1 ? 'r' : 'a');
                assert_int_equal(e - b, strlen(want[k]));
                assert_memory_equal(conf + b, want[k], e - b);
        }
        assert_filter(conf, &c.lists[0], 0, 'a', "^/dev/sd\"q");
        assert_filter(conf, &c.lists[0], 1, 'r', "sdb");
        assert_filter(conf, &c.lists[0], 2, 'a', "x\\\"");
        assert_filter(conf, &c.lists[0], 3, 0, NULL);
        lvm_conf_done(&c);

        /* "filter" at the top is not devices/filter. */
        assert_int_equal(lvm_conf_parse(conf + 10, strlen(conf) - 12, &c, &err), 0);
        assert_int_equal(c.n_lists, 0);
        lvm_conf_done(&c);
}

/* Two backslashes are one in the string LVM gets: "a\\|x|" has '\' for separator (refused). */
static void test_unescape(void **state)
{
        static const char conf[] = "devices { filter = [ \"a|\\\\.x|\", \"a\\\\|x|\", \"r|\\x|\" ] }\n";
        struct lvm_conf c = {0};
        struct lvm_conf_error err = {0};
        (void)state;

        assert_int_equal(lvm_conf_parse(conf, strlen(conf), &c, &err), 0);
        assert_int_equal(c.lists[0].n, 3);
        assert_value(conf, &c.lists[0], 0, "a|\\.x|");
        assert_filter(conf, &c.lists[0], 0, 'a', "\\.x");
        assert_value(conf, &c.lists[0], 1, "a\\|x|");
        assert_filter(conf, &c.lists[0], 1, 0, NULL);
        /* A backslash before another character stays. */
        assert_value(conf, &c.lists[0], 2, "r|\\x|");
        lvm_conf_done(&c);
}

/* Round trip: the patterns written back as lvm.conf (quotes and backslashes escaped) parse the same. */
static void test_roundtrip(void **state)
{
        static const char conf[] = "devices {\n"
                                   "  filter = [ \"a|^/dev/sd\\\"q\\\\.x|\", 'r/.*/' ] # c\n"
                                   "  global_filter = \"a|[]]|\"\n"
                                   "  preferred_names = [ \"^/dev/\\\\\\\"\" ]\n"
                                   "}\n";
        struct lvm_conf c = {0}, w = {0};
        struct lvm_conf_error err = {0};
        struct strbuf b = {0};
        (void)state;

        assert_int_equal(lvm_conf_parse(conf, strlen(conf), &c, &err), 0);
        assert_int_equal(c.n_lists, 3);
        assert_filter(conf, &c.lists[0], 0, 'a', "^/dev/sd\"q\\.x");
        assert_int_equal(strbuf_puts(&b, "devices {\n"), 0);
        for (size_t i = 0; i < c.n_lists; i++) {
                assert_int_equal(strbuf_printf(&b, "%s = [", lvm_conf_key_name(c.lists[i].key)), 0);
                for (size_t k = 0; k < c.lists[i].n; k++) {
                        char *s = lvm_conf_value_string(conf, &c.lists[i].v[k]);

                        assert_non_null(s);
                        assert_int_equal(strbuf_puts(&b, " \""), 0);
                        for (const char *p = s; *p; p++) {
                                if (*p == '"' || *p == '\\')
                                        assert_int_equal(strbuf_putc(&b, '\\'), 0);
                                assert_int_equal(strbuf_putc(&b, *p), 0);
                        }
                        assert_int_equal(strbuf_putc(&b, '"'), 0);
                        free(s);
                }
                assert_int_equal(strbuf_puts(&b, " ]\n"), 0);
        }
        assert_int_equal(strbuf_puts(&b, "}\n"), 0);
        assert_int_equal(lvm_conf_parse(b.s, b.len, &w, &err), 0);
        assert_int_equal(w.n_lists, c.n_lists);
        for (size_t i = 0; i < c.n_lists; i++) {
                assert_int_equal(w.lists[i].key, c.lists[i].key);
                assert_int_equal(w.lists[i].n, c.lists[i].n);
                for (size_t k = 0; k < c.lists[i].n; k++) {
                        char *s = lvm_conf_value_string(conf, &c.lists[i].v[k]);

                        assert_non_null(s);
                        assert_value(b.s, &w.lists[i], k, s);
                        free(s);
                }
        }
        lvm_conf_done(&c);
        lvm_conf_done(&w);
        strbuf_done(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse),         cmocka_unit_test(test_errors),
                cmocka_unit_test(test_empty_and_nul), cmocka_unit_test(test_filter_split),
                cmocka_unit_test(test_filter_split_in_place), cmocka_unit_test(test_unescape),
                cmocka_unit_test(test_roundtrip),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
