/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* String buffers, string vectors, UTF-8 validation and display escaping. */
#include "test-helpers.h"

#include "util.h"

/* Escape a byte string and return the escaped text (malloc'd). */
static char *escaped(const char *s, size_t len)
{
        struct strbuf b = {0};
        char *out = NULL;

        assert_int_equal(escape_for_display(s, len, &b), 0);
        assert_int_equal(strbuf_steal(&b, &out), 0);
        assert_non_null(out);
        return out;
}

#define assert_escaped(lit, expected)                                        \
        do {                                                                 \
                _cleanup_free_ char *_e = escaped((lit), sizeof(lit) - 1);   \
                assert_string_equal(_e, (expected));                         \
        } while (0)

#define UTF8_VALID(lit) utf8_valid((lit), sizeof(lit) - 1)
#define NEEDS(lit) needs_display_escape((lit), sizeof(lit) - 1)

/* ---- strbuf ---- */

static void test_strbuf_append_puts_putc(void **state)
{
        struct strbuf b = {0};

        assert_int_equal(strbuf_append(&b, "abc", 3), 0);
        assert_int_equal(b.len, 3);
        assert_string_equal(b.s, "abc");
        assert_int_equal(strbuf_append(&b, "defXYZ", 3), 0);
        assert_int_equal(strbuf_puts(&b, "-gh"), 0);
        assert_int_equal(strbuf_putc(&b, '!'), 0);
        assert_int_equal(b.len, 10);
        assert_memory_equal(b.s, "abcdef-gh!", 11); /* NUL included */
        assert_true(b.cap > b.len);

        /* Zero-length append keeps the data and the terminator. */
        assert_int_equal(strbuf_append(&b, NULL, 0), 0);
        assert_int_equal(b.len, 10);
        assert_string_equal(b.s, "abcdef-gh!");
        strbuf_done(&b);
        assert_null(b.s);
        assert_int_equal(b.len, 0);
        assert_int_equal(b.cap, 0);
        /* Done twice is harmless. */
        strbuf_done(&b);
}

static void test_strbuf_append_embedded_nul(void **state)
{
        struct strbuf b = {0};

        assert_int_equal(strbuf_append(&b, "a\0b", 3), 0);
        assert_int_equal(b.len, 3);
        assert_memory_equal(b.s, "a\0b\0", 4);
        assert_int_equal(strbuf_putc(&b, '\0'), 0);
        assert_int_equal(b.len, 4);
        assert_memory_equal(b.s, "a\0b\0\0", 5);
        strbuf_done(&b);
}

static void test_strbuf_growth(void **state)
{
        struct strbuf b = {0};
        _cleanup_free_ char *expected = malloc(100001);

        assert_non_null(expected);
        for (size_t i = 0; i < 100000; i++) {
                char c = (char)('a' + i % 26);
                expected[i] = c;
                assert_int_equal(strbuf_putc(&b, c), 0);
        }
        expected[100000] = '\0';
        assert_int_equal(b.len, 100000);
        assert_true(b.cap >= 100001);
        assert_memory_equal(b.s, expected, 100001);
        strbuf_done(&b);
}

static void test_strbuf_printf(void **state)
{
        struct strbuf b = {0};
        _cleanup_free_ char *long_s = NULL;

        assert_int_equal(strbuf_printf(&b, "%s=%d", "x", 42), 0);
        assert_string_equal(b.s, "x=42");
        assert_int_equal(b.len, 4);
        assert_int_equal(strbuf_printf(&b, " [%05.1f|%-3s|%x]", 3.14159, "a", 255u), 0);
        assert_string_equal(b.s, "x=42 [003.1|a  |ff]");
        assert_int_equal(b.len, strlen("x=42 [003.1|a  |ff]"));
        /* An empty format adds nothing but still leaves a valid string. */
        assert_int_equal(strbuf_printf(&b, "%s", ""), 0);
        assert_string_equal(b.s, "x=42 [003.1|a  |ff]");
        strbuf_done(&b);

        /* printf into an empty buffer, then a long one forcing several reallocations. */
        assert_int_equal(strbuf_printf(&b, "%s", ""), 0);
        assert_non_null(b.s);
        assert_string_equal(b.s, "");
        long_s = malloc(5001);
        assert_non_null(long_s);
        memset(long_s, 'q', 5000);
        long_s[5000] = '\0';
        assert_int_equal(strbuf_printf(&b, "<%s>", long_s), 0);
        assert_int_equal(b.len, 5002);
        assert_int_equal(b.s[0], '<');
        assert_int_equal(b.s[5001], '>');
        assert_int_equal(b.s[5002], '\0');
        assert_memory_equal(b.s + 1, long_s, 5000);
        strbuf_done(&b);
}

static void test_strbuf_steal(void **state)
{
        struct strbuf b = {0};
        char *s = NULL;

        assert_int_equal(strbuf_puts(&b, "hello"), 0);
        assert_int_equal(strbuf_steal(&b, &s), 0);
        assert_string_equal(s, "hello");
        assert_null(b.s);
        assert_int_equal(b.len, 0);
        assert_int_equal(b.cap, 0);
        free(s);
        s = NULL;

        /* The buffer is reusable after a steal. */
        assert_int_equal(strbuf_puts(&b, "again"), 0);
        assert_int_equal(strbuf_steal(&b, &s), 0);
        assert_string_equal(s, "again");
        free(s);
}

static void test_strbuf_steal_empty(void **state)
{
        struct strbuf b = {0};
        char *s = NULL;

        /* Never-used buffer: "" rather than NULL. */
        assert_int_equal(strbuf_steal(&b, &s), 0);
        assert_non_null(s);
        assert_string_equal(s, "");
        assert_null(b.s);
        free(s);
        s = NULL;

        /* Used with zero bytes only. */
        assert_int_equal(strbuf_append(&b, "", 0), 0);
        assert_int_equal(strbuf_steal(&b, &s), 0);
        assert_non_null(s);
        assert_string_equal(s, "");
        free(s);
}

/* ---- strv ---- */

static void test_strv_push_null_terminated(void **state)
{
        struct strv sv = {0};
        char buf[] = "mutable";

        assert_false(strv_contains(&sv, "a"));
        assert_int_equal(strv_push(&sv, "a"), 0);
        assert_int_equal(sv.n, 1);
        assert_string_equal(sv.v[0], "a");
        assert_null(sv.v[1]);

        /* strv_push copies. */
        assert_int_equal(strv_push(&sv, buf), 0);
        buf[0] = 'M';
        assert_string_equal(sv.v[1], "mutable");
        assert_true(sv.v[1] != buf);
        assert_null(sv.v[2]);

        /* Many pushes: still NULL-terminated at every size, order kept. */
        for (int i = 0; i < 100; i++) {
                assert_int_equal(strv_pushf(&sv, "item%d", i), 0);
                assert_int_equal(sv.n, (size_t)i + 3);
                assert_null(sv.v[sv.n]);
        }
        assert_string_equal(sv.v[2], "item0");
        assert_string_equal(sv.v[101], "item99");
        assert_true(sv.cap > sv.n);
        strv_done(&sv);
        assert_null(sv.v);
        assert_int_equal(sv.n, 0);
        strv_done(&sv);
}

static void test_strv_push_take(void **state)
{
        struct strv sv = {0};
        char *s = strdup("owned");

        assert_non_null(s);
        assert_int_equal(strv_push_take(&sv, s), 0);
        assert_ptr_equal(sv.v[0], s);
        assert_null(sv.v[1]);
        /* NULL (a failed allocation) is -ENOMEM and adds nothing. */
        assert_int_equal(strv_push_take(&sv, NULL), -ENOMEM);
        assert_int_equal(sv.n, 1);
        assert_null(sv.v[1]);
        strv_done(&sv);
}

static void test_strv_pushf(void **state)
{
        struct strv sv = {0};

        assert_int_equal(strv_pushf(&sv, "%s:%u:%c", "dev", 7u, 'x'), 0);
        assert_int_equal(strv_pushf(&sv, "%s", ""), 0);
        assert_int_equal(strv_pushf(&sv, "100%%"), 0);
        assert_int_equal(sv.n, 3);
        assert_string_equal(sv.v[0], "dev:7:x");
        assert_string_equal(sv.v[1], "");
        assert_string_equal(sv.v[2], "100%");
        assert_null(sv.v[3]);
        strv_done(&sv);
}

static void test_strv_push_unique_contains(void **state)
{
        struct strv sv = {0};

        assert_int_equal(strv_push_unique(&sv, "b"), 0);
        assert_int_equal(strv_push_unique(&sv, "a"), 0);
        assert_int_equal(strv_push_unique(&sv, "b"), 0);
        assert_int_equal(strv_push_unique(&sv, "B"), 0);
        assert_int_equal(strv_push_unique(&sv, "a"), 0);
        assert_int_equal(strv_push_unique(&sv, ""), 0);
        assert_int_equal(strv_push_unique(&sv, ""), 0);
        assert_int_equal(sv.n, 4);
        assert_string_equal(sv.v[0], "b");
        assert_string_equal(sv.v[1], "a");
        assert_string_equal(sv.v[2], "B");
        assert_string_equal(sv.v[3], "");
        assert_null(sv.v[4]);

        assert_true(strv_contains(&sv, "a"));
        assert_true(strv_contains(&sv, "B"));
        assert_true(strv_contains(&sv, ""));
        assert_false(strv_contains(&sv, "A"));
        assert_false(strv_contains(&sv, "ab"));
        assert_false(strv_contains(&sv, "b "));
        strv_done(&sv);
}

static void test_strv_extend(void **state)
{
        struct strv a = {0}, b = {0}, empty = {0};

        assert_int_equal(strv_push(&a, "1"), 0);
        assert_int_equal(strv_push(&b, "2"), 0);
        assert_int_equal(strv_push(&b, "1"), 0);
        assert_int_equal(strv_push(&b, "3"), 0);

        /* Extend copies everything, duplicates included, in order. */
        assert_int_equal(strv_extend(&a, &b), 0);
        assert_int_equal(a.n, 4);
        assert_string_equal(a.v[0], "1");
        assert_string_equal(a.v[1], "2");
        assert_string_equal(a.v[2], "1");
        assert_string_equal(a.v[3], "3");
        assert_null(a.v[4]);
        /* Deep copies: the source is untouched and separately owned. */
        assert_int_equal(b.n, 3);
        assert_true(a.v[1] != b.v[0]);
        strv_done(&b);
        assert_string_equal(a.v[3], "3");

        /* Extending by an empty vector changes nothing; extending an empty one copies. */
        assert_int_equal(strv_extend(&a, &empty), 0);
        assert_int_equal(a.n, 4);
        assert_int_equal(strv_extend(&empty, &a), 0);
        assert_int_equal(empty.n, 4);
        assert_string_equal(empty.v[3], "3");
        assert_null(empty.v[4]);
        strv_done(&a);
        strv_done(&empty);
}

static void test_strdup_helpers(void **state)
{
        char *s = NULL;

        assert_int_equal(strdup_checked("abc", &s), 0);
        assert_string_equal(s, "abc");
        free(s);

        s = strndup_or_null("abcdef", 3);
        assert_non_null(s);
        assert_string_equal(s, "abc");
        free(s);
        /* Copies exactly n bytes, even past a NUL. */
        s = strndup_or_null("a\0c", 3);
        assert_non_null(s);
        assert_memory_equal(s, "a\0c\0", 4);
        free(s);
        s = strndup_or_null("", 0);
        assert_non_null(s);
        assert_string_equal(s, "");
        free(s);
}

/* ---- UTF-8 ---- */

static void test_utf8_valid_ok(void **state)
{
        assert_true(utf8_valid("", 0));
        assert_true(utf8_valid(NULL, 0));
        assert_true(UTF8_VALID("plain ASCII\t\n\x01\x7f"));
        assert_true(UTF8_VALID("\0")); /* NUL is a valid code point */
        assert_true(UTF8_VALID("\xC2\x80"));          /* U+0080, smallest 2-byte */
        assert_true(UTF8_VALID("caf\xC3\xA9"));       /* café */
        assert_true(UTF8_VALID("\xDF\xBF"));          /* U+07FF */
        assert_true(UTF8_VALID("\xE0\xA0\x80"));      /* U+0800, smallest 3-byte */
        assert_true(UTF8_VALID("\xE2\x82\xAC"));      /* € */
        assert_true(UTF8_VALID("\xED\x9F\xBF"));      /* U+D7FF, just below surrogates */
        assert_true(UTF8_VALID("\xEE\x80\x80"));      /* U+E000, just above surrogates */
        assert_true(UTF8_VALID("\xEF\xBF\xBF"));      /* U+FFFF */
        assert_true(UTF8_VALID("\xF0\x90\x80\x80"));  /* U+10000, smallest 4-byte */
        assert_true(UTF8_VALID("\xF0\x9F\x98\x80"));  /* 😀 */
        assert_true(UTF8_VALID("\xF4\x8F\xBF\xBF"));  /* U+10FFFF, the last code point */
        assert_true(UTF8_VALID("a\xC3\xA9" "b\xE2\x82\xAC" "c\xF0\x9F\x98\x80" "d"));
}

static void test_utf8_valid_bad(void **state)
{
        /* Stray continuation bytes and bytes that never occur. */
        assert_false(UTF8_VALID("\x80"));
        assert_false(UTF8_VALID("\xBF"));
        assert_false(UTF8_VALID("caf\xE9"));  /* Latin-1 é */
        assert_false(UTF8_VALID("\xFE"));
        assert_false(UTF8_VALID("\xFF"));
        assert_false(UTF8_VALID("\xF8\x88\x80\x80\x80")); /* 5-byte form */
        /* Overlong forms. */
        assert_false(UTF8_VALID("\xC0\x80"));
        assert_false(UTF8_VALID("\xC0\xAF"));
        assert_false(UTF8_VALID("\xC1\xBF"));
        assert_false(UTF8_VALID("\xE0\x80\xAF"));
        assert_false(UTF8_VALID("\xE0\x9F\xBF"));
        assert_false(UTF8_VALID("\xF0\x80\x80\xAF"));
        assert_false(UTF8_VALID("\xF0\x8F\xBF\xBF"));
        /* UTF-16 surrogates. */
        assert_false(UTF8_VALID("\xED\xA0\x80"));     /* U+D800 */
        assert_false(UTF8_VALID("\xED\xBF\xBF"));     /* U+DFFF */
        assert_false(UTF8_VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
        /* Past U+10FFFF. */
        assert_false(UTF8_VALID("\xF4\x90\x80\x80")); /* U+110000 */
        assert_false(UTF8_VALID("\xF5\x80\x80\x80"));
        assert_false(UTF8_VALID("\xF7\xBF\xBF\xBF"));
        /* Truncated sequences, at the end and followed by ASCII. */
        assert_false(UTF8_VALID("\xC3"));
        assert_false(UTF8_VALID("\xE2\x82"));
        assert_false(UTF8_VALID("\xF0\x9F\x98"));
        assert_false(UTF8_VALID("\xE2\x82z"));
        assert_false(UTF8_VALID("\xC3 "));
        /* Truncated by the length argument, not by the bytes. */
        assert_true(utf8_valid("\xE2\x82\xAC", 3));
        assert_false(utf8_valid("\xE2\x82\xAC", 2));
        assert_false(utf8_valid("ab\xF0\x9F\x98\x80", 5));
        /* An invalid byte after valid text. */
        assert_false(UTF8_VALID("ok \xC3\xA9 then \xFF"));
}

/* ---- display escaping ---- */

static void test_needs_display_escape(void **state)
{
        assert_false(NEEDS(""));
        assert_false(NEEDS("UUID=abc /boot ext4 defaults 0 2"));
        assert_false(NEEDS("a\tb"));
        assert_false(NEEDS("C:\\path\\x"));
        assert_false(NEEDS("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
        assert_false(NEEDS("\xC2\xA0")); /* NBSP, first non-C1 in that block */

        assert_true(NEEDS("\x1B[31m"));
        assert_true(NEEDS("a\nb"));
        assert_true(NEEDS("a\rb"));
        assert_true(NEEDS("\0"));
        assert_true(NEEDS("\x7F"));
        assert_true(NEEDS("\xC2\x80"));
        assert_true(NEEDS("\xC2\x9B"));
        assert_true(NEEDS("\xC2\x9F"));
        assert_true(NEEDS("caf\xE9"));
        assert_true(NEEDS("\xE2\x82"));
        /* Only the given length counts. */
        assert_false(needs_display_escape("ab\x1B", 2));
}

static void test_escape_plain_unchanged(void **state)
{
        assert_escaped("", "");
        assert_escaped("/dev/xvda1 / ext4 defaults 1 1", "/dev/xvda1 / ext4 defaults 1 1");
        assert_escaped("tab\there", "tab\there");
        assert_escaped("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
        /* A backslash alone is not doubled. */
        assert_escaped("a\\b\\\\c", "a\\b\\\\c");
        assert_escaped("\\x1B", "\\x1B");
}

static void test_escape_controls(void **state)
{
        assert_escaped("\x1B[31mred\x1B[0m", "\\x1B[31mred\\x1B[0m");
        assert_escaped("\x1B]0;title\x07", "\\x1B]0;title\\x07");
        assert_escaped("a\nb\rc", "a\\x0Ab\\x0Dc");
        assert_escaped("\x7F", "\\x7F");
        assert_escaped("\x01\x1F", "\\x01\\x1F");
        assert_escaped("x\0y", "x\\x00y");
        /* TAB is kept even when other things are escaped. */
        assert_escaped("a\tb\x1B", "a\tb\\x1B");
}

static void test_escape_c1_and_invalid(void **state)
{
        /* C1 CSI (U+009B) as UTF-8: both bytes shown. */
        assert_escaped("\xC2\x9B" "2J", "\\xC2\\x9B2J");
        assert_escaped("\xC2\x80", "\\xC2\\x80");
        assert_escaped("\xC2\x9F", "\\xC2\\x9F");
        /* U+00A0 is not C1 and stays, even next to something escaped. */
        assert_escaped("\xC2\xA0\x1B", "\xC2\xA0\\x1B");
        /* Invalid UTF-8: only the bad bytes are escaped, valid neighbours stay. */
        assert_escaped("caf\xE9", "caf\\xE9");
        assert_escaped("\xC3\xA9\xE9\xC3\xA9", "\xC3\xA9\\xE9\xC3\xA9");
        assert_escaped("\xFF\xFE", "\\xFF\\xFE");
        assert_escaped("\xE2\x82", "\\xE2\\x82");
        assert_escaped("\xE2\x82z", "\\xE2\\x82z");
        assert_escaped("\xC0\xAF", "\\xC0\\xAF");
        assert_escaped("\xED\xA0\x80", "\\xED\\xA0\\x80");
}

static void test_escape_backslash_doubled_when_escaping(void **state)
{
        /* Once anything is escaped, \ becomes \\ so the output is unambiguous. */
        assert_escaped("a\\b\x1B", "a\\\\b\\x1B");
        assert_escaped("\\x1B\x1B", "\\\\x1B\\x1B");
        assert_escaped("\\\xE9", "\\\\\\xE9");
        assert_escaped("\\\\\n", "\\\\\\\\\\x0A");
}

static void test_escape_appends(void **state)
{
        struct strbuf b = {0};

        assert_int_equal(strbuf_puts(&b, "prefix:"), 0);
        assert_int_equal(escape_for_display("x\x1B", 2, &b), 0);
        assert_int_equal(escape_for_display("|y", 2, &b), 0);
        assert_string_equal(b.s, "prefix:x\\x1B|y");
        assert_int_equal(b.len, strlen("prefix:x\\x1B|y"));
        strbuf_done(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_strbuf_append_puts_putc),
                cmocka_unit_test(test_strbuf_append_embedded_nul),
                cmocka_unit_test(test_strbuf_growth),
                cmocka_unit_test(test_strbuf_printf),
                cmocka_unit_test(test_strbuf_steal),
                cmocka_unit_test(test_strbuf_steal_empty),
                cmocka_unit_test(test_strv_push_null_terminated),
                cmocka_unit_test(test_strv_push_take),
                cmocka_unit_test(test_strv_pushf),
                cmocka_unit_test(test_strv_push_unique_contains),
                cmocka_unit_test(test_strv_extend),
                cmocka_unit_test(test_strdup_helpers),
                cmocka_unit_test(test_utf8_valid_ok),
                cmocka_unit_test(test_utf8_valid_bad),
                cmocka_unit_test(test_needs_display_escape),
                cmocka_unit_test(test_escape_plain_unchanged),
                cmocka_unit_test(test_escape_controls),
                cmocka_unit_test(test_escape_c1_and_invalid),
                cmocka_unit_test(test_escape_backslash_doubled_when_escaping),
                cmocka_unit_test(test_escape_appends),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
