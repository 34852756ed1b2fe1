/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shell and GRUB words: decoding, the map back to the source, encoding, rewriting in place. */
#include "test-helpers.h"

#include "shell-word.h"

/* Parse one word of s from offset 0: its value (SW_OPAQUE shown as '@') and where it ended. */
static void check_word(enum sw_dialect d, const char *s, const char *want_value, size_t want_end)
{
        struct sw_word w;
        size_t pos = 0;
        char *v;

        assert_int_equal(sw_word_parse(d, s, strlen(s), &pos, &w), 0);
        v = strndup(w.value, w.len);
        assert_non_null(v);
        for (char *p = v; *p; p++)
                if (*p == SW_OPAQUE)
                        *p = '@';
        assert_string_equal(v, want_value);
        assert_int_equal(pos, want_end);
        assert_int_equal(w.start, 0);
        assert_int_equal(w.end, want_end);
        /* Every byte maps into the word, in order. */
        for (size_t i = 0; i < w.len; i++) {
                assert_true(w.src[i] < w.src_end[i]);
                assert_true(w.src_end[i] <= w.end);
                if (i)
                        assert_true(w.src_end[i - 1] <= w.src[i]);
                assert_true(w.seg[i] < w.n_segs);
                assert_true(w.segs[w.seg[i]].start <= w.src[i] && w.src_end[i] <= w.segs[w.seg[i]].end);
        }
        free(v);
        sw_word_done(&w);
}

static void test_shell_words(void **state)
{
        check_word(SW_SHELL, "abc def", "abc", 3);
        check_word(SW_SHELL, "\"a b\"c'd e'", "a bcd e", 11);
        check_word(SW_SHELL, "\"a\\\"b\\\\c\\$d\\`e\\x\"", "a\"b\\c$d`e\\x", 17);
        check_word(SW_SHELL, "'a\\b'", "a\\b", 5);
        check_word(SW_SHELL, "a\\ b\\;c;d", "a b;c", 7);
        check_word(SW_SHELL, "a\\\nb", "ab", 4);
        check_word(SW_SHELL, "x$HOME/y ${A:-${B}}z $(echo \"a)\")q `ls`", "x@/y", 8);
        check_word(SW_SHELL, "${A:-${B}}z", "@z", 11);
        check_word(SW_SHELL, "$(echo \"a)\")q", "@q", 13);
        check_word(SW_SHELL, "`ls \\`x\\``.", "@.", 11);
        check_word(SW_SHELL, "\"$1 $? $@ ${#} $\"", "@ @ @ @ $", 17);
        check_word(SW_SHELL, "a$ b", "a$", 2);
        check_word(SW_SHELL, "a(b", "a", 1);
        check_word(SW_SHELL, "a{b}", "a{b}", 4);
        check_word(SW_SHELL, "a\r\n", "a\r", 2);
        check_word(SW_SHELL, "", "", 0);
        check_word(SW_SHELL, " x", "", 0);
}

static void test_grub_words(void **state)
{
        check_word(SW_GRUB, "'Debian GNU/Linux'", "Debian GNU/Linux", 18);
        check_word(SW_GRUB, "a{b", "a", 1);
        check_word(SW_GRUB, "a(b)", "a(b)", 4);
        check_word(SW_GRUB, "${root}x `y`", "@x", 8);
        check_word(SW_GRUB, "\"\\`\"", "\\`", 4);
        check_word(SW_GRUB, "$vt_handoff", "@", 11);
}

static void test_segments_and_flags(void **state)
{
        const char *s = "pre\"in\"'sq'\\\npost";
        struct sw_word w;
        size_t pos = 0;

        assert_int_equal(sw_word_parse(SW_SHELL, s, strlen(s), &pos, &w), 0);
        assert_string_equal(w.value, "preinsqpost");
        assert_int_equal(w.n_segs, 4);
        assert_int_equal(w.segs[0].kind, SW_SEG_PLAIN);
        assert_int_equal(w.segs[0].start, 0);
        assert_int_equal(w.segs[0].end, 3);
        assert_int_equal(w.segs[1].kind, SW_SEG_DOUBLE);
        assert_int_equal(w.segs[1].start, 3);
        assert_int_equal(w.segs[1].end, 7);
        assert_int_equal(w.segs[2].kind, SW_SEG_SINGLE);
        assert_int_equal(w.segs[3].kind, SW_SEG_PLAIN);
        assert_int_equal(w.segs[3].start, 11);
        assert_true(w.multiline);
        assert_false(w.unterminated);
        assert_false(w.expands);
        sw_word_done(&w);

        pos = 0;
        assert_int_equal(sw_word_parse(SW_SHELL, "'abc", 4, &pos, &w), 0);
        assert_true(w.unterminated);
        assert_string_equal(w.value, "abc");
        assert_int_equal(pos, 4);
        sw_word_done(&w);

        pos = 0;
        assert_int_equal(sw_word_parse(SW_SHELL, "a${b", 4, &pos, &w), 0);
        assert_true(w.unterminated);
        assert_true(w.expands);
        sw_word_done(&w);
}

static void test_args(void **state)
{
        const char *s = "linux  /vmlinuz  ro\t'a b'  \"c\"d $x ;next";
        struct sw_word w;
        size_t pos = 15;

        assert_int_equal(sw_args_parse(SW_GRUB, s, strlen(s), &pos, &w), 0);
        /* Separators kept as they are; the blank inside 'a b' is opaque. */
        assert_int_equal(w.len, strlen("ro\ta\001b  cd \001"));
        assert_memory_equal(w.value, "ro\ta\001b  cd \001", w.len);
        assert_int_equal(w.start, 17);
        assert_int_equal(w.end, 34);
        assert_int_equal(pos, 34);
        sw_word_done(&w);

        pos = 0;
        assert_int_equal(sw_args_parse(SW_GRUB, "   # comment", 12, &pos, &w), 0);
        assert_int_equal(w.len, 0);
        assert_int_equal(w.start, 3);
        assert_int_equal(w.end, 3);
        assert_int_equal(pos, 3);
        sw_word_done(&w);

        pos = 0;
        assert_int_equal(sw_args_parse(SW_GRUB, "a \\\nb}", 6, &pos, &w), 0);
        assert_string_equal(w.value, "a  b");
        assert_true(w.multiline);
        assert_int_equal(pos, 5);
        sw_word_done(&w);
}

static void check_encode(enum sw_dialect d, enum sw_seg_kind k, const char *v, int want_r, const char *want)
{
        struct strbuf b = {0};

        assert_int_equal(strbuf_puts(&b, "x"), 0);
        assert_int_equal(sw_encode(d, k, v, strlen(v), &b), want_r);
        assert_string_equal(b.s, want);
        strbuf_done(&b);
}

static void test_encode(void **state)
{
        check_encode(SW_SHELL, SW_SEG_PLAIN, "console=hvc0", 0, "xconsole=hvc0");
        check_encode(SW_SHELL, SW_SEG_PLAIN, "a b", -EINVAL, "x");
        check_encode(SW_SHELL, SW_SEG_PLAIN, "a*", -EINVAL, "x");
        check_encode(SW_SHELL, SW_SEG_SINGLE, "a \"b\" $c", 0, "xa \"b\" $c");
        check_encode(SW_SHELL, SW_SEG_SINGLE, "it's", -EINVAL, "x");
        check_encode(SW_SHELL, SW_SEG_DOUBLE, "a \"b\" $c \\ `d`", 0, "xa \\\"b\\\" \\$c \\\\ \\`d\\`");
        check_encode(SW_GRUB, SW_SEG_DOUBLE, "$c `d`", 0, "x\\$c `d`");
        check_encode(SW_SHELL, SW_SEG_DOUBLE, "a\nb", -EINVAL, "x");
        check_encode(SW_SHELL, SW_SEG_DOUBLE, "a\001", -EINVAL, "x");
        assert_true(sw_plain_safe("root=/dev/xvda1,x:y+z@%_-", 25));
        assert_false(sw_plain_safe("a\0b", 3));
        assert_false(sw_plain_safe("~a", 2));
}

static void test_source_range(void **state)
{
        const char *s = "\"quiet\"' xen' tail";
        struct sw_word w;
        size_t pos = 0, from, to;

        assert_int_equal(sw_word_parse(SW_SHELL, s, strlen(s), &pos, &w), 0);
        assert_string_equal(w.value, "quiet xen");
        /* Inside one segment. */
        assert_int_equal(sw_word_source_range(&w, 1, 3, &from, &to), 0);
        assert_int_equal(from, 2);
        assert_int_equal(to, 4);
        /* A whole quoted segment among others goes with its quotes. */
        assert_int_equal(sw_word_source_range(&w, 5, 9, &from, &to), 0);
        assert_int_equal(from, 7);
        assert_int_equal(to, 13);
        /* Across segments: the edge segments must be whole. */
        assert_int_equal(sw_word_source_range(&w, 4, 9, &from, &to), -EINVAL);
        assert_int_equal(sw_word_source_range(&w, 0, 9, &from, &to), 0);
        assert_int_equal(from, 0);
        assert_int_equal(to, 13);
        assert_int_equal(sw_word_source_range(&w, 3, 3, &from, &to), -EINVAL);
        sw_word_done(&w);

        /* The only segment keeps its quotes. */
        pos = 0;
        assert_int_equal(sw_word_parse(SW_SHELL, "'abc'", 5, &pos, &w), 0);
        assert_int_equal(sw_word_source_range(&w, 0, 3, &from, &to), 0);
        assert_int_equal(from, 1);
        assert_int_equal(to, 4);
        sw_word_done(&w);
}

static void check_rewrite(const char *src, const char *v, const char *want)
{
        _cleanup_free_ char *out = NULL;
        struct sw_word w;
        size_t pos = 0;

        assert_int_equal(sw_word_parse(SW_SHELL, src, strlen(src), &pos, &w), 0);
        assert_int_equal(sw_word_rewrite(SW_SHELL, src, &w, v, &out), 0);
        if (want)
                assert_string_equal(out ? out : "(null)", want);
        else
                assert_null(out);
        sw_word_done(&w);
}

static void test_rewrite(void **state)
{
        check_rewrite("/dev/sda", "/dev/xvda", "/dev/xvda");
        check_rewrite("\"/dev/sda\"", "/dev/xvda", "\"/dev/xvda\"");
        check_rewrite("'/dev/'sda", "/dev/xvda", "'/dev/'xvda");
        check_rewrite("/dev/s'da'", "/dev/xvda", "/dev/xv'da'");
        check_rewrite("a", "a b", "\"a b\"");
        check_rewrite("$X/sda", "$X/xvda", NULL);
        check_rewrite("\"a\nb\"", "x", NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_shell_words), cmocka_unit_test(test_grub_words),
                cmocka_unit_test(test_segments_and_flags), cmocka_unit_test(test_args),
                cmocka_unit_test(test_encode), cmocka_unit_test(test_source_range),
                cmocka_unit_test(test_rewrite),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
