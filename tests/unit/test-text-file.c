/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The edit model: splitting, edits, the origin map, rendering and chaining. */
#include "test-helpers.h"

#include <sys/types.h>

#include "text-file.h"

#define LIT(s) (s), (sizeof(s) - 1)

struct xline {
        const char *content;
        size_t len;
        size_t eol_len;
};

#define XL(s, eol) {(s), sizeof(s) - 1, (eol)}

static struct text *text_of(const char *data, size_t size)
{
        struct text *t = NULL;

        assert_int_equal(text_new(data, size, &t), 0);
        assert_non_null(t);
        assert_int_equal(t->size, size);
        assert_non_null(t->data);
        assert_int_equal(t->data[size], '\0');
        if (size)
                assert_memory_equal(t->data, data, size);
        return t;
}

/* The split lines must be exactly these, each pointing into t->data. */
static void check_lines(const struct text *t, const struct xline *x, size_t n)
{
        size_t total = 0;

        assert_int_equal(t->n_lines, n);
        for (size_t i = 0; i < n; i++) {
                const struct line *l = &t->lines[i];

                assert_int_equal(l->len, x[i].len);
                assert_memory_equal(l->s, x[i].content, x[i].len);
                assert_int_equal(l->eol_len, x[i].eol_len);
                /* Lines are contiguous slices of the data. */
                assert_ptr_equal(l->s, t->data + total);
                if (x[i].eol_len == 2)
                        assert_memory_equal(l->s + l->len, "\r\n", 2);
                else if (x[i].eol_len == 1)
                        assert_int_equal(l->s[l->len], '\n');
                total += l->len + l->eol_len;
        }
        assert_int_equal(total, t->size);
}

#define CHECK_SPLIT(input, ...)                                                   \
        do {                                                                      \
                const struct xline _x[] = {__VA_ARGS__};                          \
                _cleanup_(text_freep) struct text *_t = text_of(LIT(input));      \
                check_lines(_t, _x, ARRAY_SIZE(_x));                              \
        } while (0)

static char *render(const struct text_result *r, size_t *ret_size)
{
        char *out = NULL;
        size_t size = (size_t)-1;

        assert_int_equal(text_result_render(r, &out, &size), 0);
        assert_non_null(out);
        assert_int_equal(out[size], '\0');
        *ret_size = size;
        return out;
}

static void check_render(const struct text_result *r, const char *expected, size_t expected_len)
{
        size_t size;
        _cleanup_free_ char *out = render(r, &size);

        assert_int_equal(size, expected_len);
        assert_memory_equal(out, expected, expected_len);
}
#define CHECK_RENDER(r, lit) check_render((r), LIT(lit))

static void check_origins(const struct text_result *r, const ssize_t *orig, size_t n)
{
        assert_int_equal(r->n_lines, n);
        for (size_t i = 0; i < n; i++) {
                assert_int_equal(r->lines[i].orig, orig[i]);
                if (orig[i] >= 0)
                        assert_null(r->lines[i].content);
                else
                        assert_non_null(r->lines[i].content);
        }
}
#define CHECK_ORIGINS(r, ...)                                          \
        do {                                                           \
                const ssize_t _o[] = {__VA_ARGS__};                    \
                check_origins((r), _o, ARRAY_SIZE(_o));                \
        } while (0)

static void check_reasons(const struct text_result *r, const char *const *v, size_t n)
{
        assert_int_equal(r->reasons.n, n);
        for (size_t i = 0; i < n; i++)
                assert_string_equal(r->reasons.v[i], v[i]);
        if (r->reasons.v)
                assert_null(r->reasons.v[n]);
}
#define CHECK_REASONS(r, ...)                                          \
        do {                                                           \
                const char *const _v[] = {__VA_ARGS__};                \
                check_reasons((r), _v, ARRAY_SIZE(_v));                \
        } while (0)

/* A fresh result for t with el applied, which must return rc. */
static struct text_result *apply_one(const struct text *t, const struct edit_list *el, int rc)
{
        struct text_result *r = NULL;

        assert_int_equal(text_result_new(t, &r), 0);
        assert_non_null(r);
        assert_int_equal(text_result_apply(r, el), rc);
        return r;
}

/* The result must read back through text_result_to_text() as the same lines. */
static void check_to_text_consistent(const struct text_result *r)
{
        _cleanup_(text_freep) struct text *t2 = NULL;
        size_t size;
        _cleanup_free_ char *out = render(r, &size);

        assert_int_equal(text_result_to_text(r, &t2), 0);
        assert_int_equal(t2->size, size);
        if (size)
                assert_memory_equal(t2->data, out, size);
        assert_int_equal(t2->n_lines, r->n_lines);
        for (size_t i = 0; i < r->n_lines && i < t2->n_lines; i++) {
                const char *s, *eol;
                size_t len, eol_len;

                text_result_line(r, i, &s, &len, &eol, &eol_len);
                assert_int_equal(t2->lines[i].len, len);
                assert_memory_equal(t2->lines[i].s, s, len);
                assert_int_equal(t2->lines[i].eol_len, eol_len);
        }
}

/* ---- splitting ---- */

static void test_split_lf(void **state)
{
        CHECK_SPLIT("one\ntwo\n\nfour\n", XL("one", 1), XL("two", 1), XL("", 1), XL("four", 1));
}

static void test_split_crlf(void **state)
{
        CHECK_SPLIT("one\r\ntwo\r\n\r\n", XL("one", 2), XL("two", 2), XL("", 2));
        CHECK_SPLIT("\r\n", XL("", 2));
}

static void test_split_mixed(void **state)
{
        CHECK_SPLIT("a\nb\r\nc\n\r\nd", XL("a", 1), XL("b", 2), XL("c", 1), XL("", 2), XL("d", 0));
}

static void test_split_no_final_newline(void **state)
{
        CHECK_SPLIT("a\nlast", XL("a", 1), XL("last", 0));
        CHECK_SPLIT("only", XL("only", 0));
        CHECK_SPLIT(" ", XL(" ", 0));
}

static void test_split_empty(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of("", 0);
        _cleanup_(text_freep) struct text *t2 = NULL;

        assert_int_equal(t->n_lines, 0);
        assert_int_equal(t->size, 0);
        assert_string_equal(t->data, "");
        /* A NULL pointer with size 0 is also an empty text. */
        assert_int_equal(text_new(NULL, 0, &t2), 0);
        assert_int_equal(t2->n_lines, 0);
        assert_string_equal(t2->data, "");
}

static void test_split_single_newline(void **state)
{
        CHECK_SPLIT("\n", XL("", 1));
        CHECK_SPLIT("\n\n\n", XL("", 1), XL("", 1), XL("", 1));
}

static void test_split_lone_cr_is_content(void **state)
{
        /* A CR not followed by LF is part of the line. */
        CHECK_SPLIT("a\rb\n", XL("a\rb", 1));
        CHECK_SPLIT("\r\r\n", XL("\r", 2));
        CHECK_SPLIT("x\r\r\ny\n", XL("x\r", 2), XL("y", 1));
        CHECK_SPLIT("\rstart\n", XL("\rstart", 1));
}

static void test_split_cr_at_eof(void **state)
{
        /* "\r" at the very end, without LF, stays content of a last line without terminator. */
        CHECK_SPLIT("a\nb\r", XL("a", 1), XL("b\r", 0));
        CHECK_SPLIT("\r", XL("\r", 0));
        CHECK_SPLIT("a\r\n\r", XL("a", 2), XL("\r", 0));
}

static void test_split_binary_and_many_lines(void **state)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_free_ char *buf = NULL;
        const size_t n = 1000;

        /* NUL and high bytes are just content. */
        CHECK_SPLIT("\xff\x00\xfe\n\x00\n", XL("\xff\x00\xfe", 1), XL("\x00", 1));

        /* Enough lines to grow the line array several times. */
        buf = malloc(n * 8);
        assert_non_null(buf);
        size_t size = 0;
        for (size_t i = 0; i < n; i++)
                size += (size_t)sprintf(buf + size, "%zu%s", i, i % 3 == 0 ? "\r\n" : "\n");
        t = text_of(buf, size);
        assert_int_equal(t->n_lines, n);
        for (size_t i = 0; i < n; i++) {
                char exp[16];
                int len = sprintf(exp, "%zu", i);
                assert_int_equal(t->lines[i].len, (size_t)len);
                assert_memory_equal(t->lines[i].s, exp, (size_t)len);
                assert_int_equal(t->lines[i].eol_len, i % 3 == 0 ? 2 : 1);
        }
}

static void test_split_copies_data(void **state)
{
        char buf[] = "abc\ndef\n";
        _cleanup_(text_freep) struct text *t = text_of(buf, sizeof(buf) - 1);

        assert_true(t->data != buf);
        memset(buf, 'X', sizeof(buf) - 1);
        assert_memory_equal(t->lines[0].s, "abc", 3);
        assert_memory_equal(t->lines[1].s, "def", 3);
        assert_null(text_free(NULL));
}

/* ---- text_default_eol, line_is_blank, line_is_comment ---- */

static void test_default_eol(void **state)
{
        static const struct {
                const char *in;
                const char *eol;
        } cases[] = {
                {"", "\n"},
                {"a", "\n"},
                {"a\nb\n", "\n"},
                {"a\r\nb\r\n", "\r\n"},
                {"a\r\n", "\r\n"},
                {"a\r\nb", "\r\n"},            /* the unterminated line does not vote */
                {"a\r\nb\n", "\n"},            /* a tie goes to LF */
                {"a\r\nb\r\nc\n", "\r\n"},
                {"a\r\nb\nc\n", "\n"},
                {"a\r\n\r\n\n\n\n", "\n"},
                {"x\ry\r", "\n"},              /* lone CRs are not terminators */
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                _cleanup_(text_freep) struct text *t = text_of(cases[i].in, strlen(cases[i].in));
                assert_string_equal(text_default_eol(t), cases[i].eol);
        }
}

static void test_line_blank_and_comment(void **state)
{
        static const struct {
                const char *s;
                bool blank, comment;
        } cases[] = {
                {"", true, true},
                {" ", true, true},
                {"\t \t", true, true},
                {"#", false, true},
                {"# comment", false, true},
                {"  \t# indented comment", false, true},
                {"#UUID=x / ext4", false, true},
                {"x", false, false},
                {"  x # not a comment", false, false},
                {"/dev/sda1 / ext4 defaults 0 1", false, false},
                {"\r", false, false},          /* a lone CR is content, not blank */
                {" \v", false, false},
                {";", false, false},
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                const struct line l = {.s = cases[i].s, .len = strlen(cases[i].s), .eol_len = 1};
                assert_int_equal(line_is_blank(&l), cases[i].blank);
                assert_int_equal(line_is_comment(&l), cases[i].comment);
        }

        /* Only len bytes count: content stops before the terminator. */
        const struct line partial = {.s = "   #x", .len = 3, .eol_len = 0};
        assert_true(line_is_blank(&partial));
        const struct line partial2 = {.s = "  x", .len = 2, .eol_len = 0};
        assert_true(line_is_blank(&partial2));

        /* On lines produced by the splitter, the terminator is not content. */
        _cleanup_(text_freep) struct text *t = text_of(LIT("  \r\n# c\r\nx\r\n"));
        assert_true(line_is_blank(&t->lines[0]));
        assert_false(line_is_blank(&t->lines[1]));
        assert_true(line_is_comment(&t->lines[1]));
        assert_false(line_is_comment(&t->lines[2]));
}

/* ---- zero edits ---- */

static void check_identity(const char *in, size_t size)
{
        _cleanup_(text_freep) struct text *t = text_of(in, size);
        struct edit_list el = {0};
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);

        assert_false(r->changed);
        assert_int_equal(r->reasons.n, 0);
        assert_int_equal(r->n_lines, t->n_lines);
        for (size_t i = 0; i < r->n_lines; i++)
                assert_int_equal(r->lines[i].orig, (ssize_t)i);
        check_render(r, in, size);
        check_to_text_consistent(r);
}

static void test_zero_edits_identity(void **state)
{
        static const char *const inputs[] = {
                "",
                "\n",
                "a",
                "a\nb\n",
                "a\r\nb\r\n",
                "a\nb\r\nc",
                "\r",
                "x\r\r\n\r\n\n",
                "  # comment  \t\n\n\ttrailing   \n",
        };

        for (size_t i = 0; i < ARRAY_SIZE(inputs); i++)
                check_identity(inputs[i], strlen(inputs[i]));
        check_identity(LIT("\xff\xfe\x00\x01\r\n\x80\x00\n\x00"));
        check_identity(LIT("\x00"));

        /* Without calling apply at all the result is the original too. */
        _cleanup_(text_freep) struct text *t = text_of(LIT("p\r\nq"));
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        assert_int_equal(text_result_new(t, &r), 0);
        assert_ptr_equal(r->orig, t);
        assert_false(r->changed);
        CHECK_RENDER(r, "p\r\nq");
        assert_null(text_result_free(NULL));
}

static void test_zero_edits_huge_line(void **state)
{
        const size_t size = 1024 * 1024;
        _cleanup_free_ char *buf = malloc(size + 3);

        assert_non_null(buf);
        for (size_t i = 0; i < size; i++)
                buf[i] = (char)(i * 131 % 251 + 1); /* never '\n'... */
        for (size_t i = 0; i < size; i++)
                if (buf[i] == '\n')
                        buf[i] = 'n';
        check_identity(buf, size);       /* one line, no terminator */
        buf[size] = '\r';
        buf[size + 1] = '\n';
        buf[size + 2] = 'z';
        check_identity(buf, size + 3);   /* CRLF line + a short last one */

        _cleanup_(text_freep) struct text *t = text_of(buf, size + 3);
        assert_int_equal(t->n_lines, 2);
        /* A bare CR inside the big line may exist; only the last CR before LF is the terminator. */
        assert_int_equal(t->lines[0].eol_len, 2);
        assert_int_equal(t->lines[0].len, size);
}

/* ---- single edits ---- */

static void test_replace_keeps_terminator(void **state)
{
        struct edit_list el = {0};

        /* LF line. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc\n"));
                assert_int_equal(edit_list_replace(&el, 1, "B2", "why"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                assert_true(r->changed);
                CHECK_RENDER(r, "a\nB2\nc\n");
                CHECK_ORIGINS(r, 0, -1, 2);
                assert_string_equal(r->lines[1].content, "B2");
                assert_int_equal(r->lines[1].len, 2);
                assert_string_equal(r->lines[1].eol, "\n");
                CHECK_REASONS(r, "why");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* A CRLF line stays CRLF even in an LF-majority file. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\r\nc\nd\n"));
                assert_int_equal(edit_list_replace(&el, 1, "X", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nX\r\nc\nd\n");
                assert_string_equal(r->lines[1].eol, "\r\n");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* An LF line stays LF in a CRLF-majority file. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\nc\r\n"));
                assert_int_equal(edit_list_replace(&el, 1, "X", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\r\nX\nc\r\n");
                edit_list_done(&el);
        }
        /* The last line without terminator stays without one. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
                assert_int_equal(edit_list_replace(&el, 1, "longer line", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nlonger line");
                assert_string_equal(r->lines[1].eol, "");
                CHECK_ORIGINS(r, 0, -1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Replace the first line with empty content. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\r\n"));
                assert_int_equal(edit_list_replace(&el, 0, "", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "\r\nb\r\n");
                CHECK_ORIGINS(r, -1, 1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
}

static void test_insert_positions(void **state)
{
        struct edit_list el = {0};

        /* Before the first line. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\n"));
                assert_int_equal(edit_list_insert(&el, 0, "first", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "first\na\nb\n");
                CHECK_ORIGINS(r, -1, 0, 1);
                assert_true(r->changed);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* In the middle. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc\n"));
                assert_int_equal(edit_list_insert(&el, 2, "mid", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nb\nmid\nc\n");
                CHECK_ORIGINS(r, 0, 1, -1, 2);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Append (before == n_lines) to a terminated file. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\n"));
                assert_int_equal(edit_list_insert(&el, 2, "end", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nb\nend\n");
                CHECK_ORIGINS(r, 0, 1, -1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Into an empty file. */
        {
                _cleanup_(text_freep) struct text *t = text_of("", 0);
                assert_int_equal(edit_list_insert(&el, 0, "hvc0", "r"), 0);
                assert_int_equal(edit_list_insert(&el, 0, "", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "hvc0\n\n");
                CHECK_ORIGINS(r, -1, -1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
}

static void test_insert_order_same_position(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\n"));
        struct edit_list el = {0};

        /* Given out of position order on purpose; same-position ones keep their order. */
        assert_int_equal(edit_list_insert(&el, 2, "z1", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 1, "m1", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 2, "z2", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 1, "m2", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 1, "m3", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 2, "z3", "r"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        CHECK_RENDER(r, "a\nm1\nm2\nm3\nb\nz1\nz2\nz3\n");
        CHECK_ORIGINS(r, 0, -1, -1, -1, 1, -1, -1, -1);
        check_to_text_consistent(r);
        edit_list_done(&el);
}

static void test_delete(void **state)
{
        struct edit_list el = {0};

        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc\n"));
                assert_int_equal(edit_list_delete(&el, 1, "gone"), 0);
                assert_null(el.v[0].content);
                assert_int_equal(el.v[0].kind, EDIT_DELETE);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                assert_true(r->changed);
                CHECK_RENDER(r, "a\nc\n");
                CHECK_ORIGINS(r, 0, 2);
                CHECK_REASONS(r, "gone");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* First and last lines; the last had no terminator, the new last keeps its own. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\r\nc"));
                assert_int_equal(edit_list_delete(&el, 0, "r"), 0);
                assert_int_equal(edit_list_delete(&el, 2, "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "b\r\n");
                CHECK_ORIGINS(r, 1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Every line. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\n"));
                assert_int_equal(edit_list_delete(&el, 1, "r"), 0);
                assert_int_equal(edit_list_delete(&el, 0, "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                assert_true(r->changed);
                assert_int_equal(r->n_lines, 0);
                CHECK_RENDER(r, "");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
}

static void test_replace_and_insert_same_index(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc\n"));
        struct edit_list el = {0};

        /* The insert goes before the (replaced) line, whichever order they were given in. */
        assert_int_equal(edit_list_replace(&el, 1, "B", "replace"), 0);
        assert_int_equal(edit_list_insert(&el, 1, "new", "insert"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        CHECK_RENDER(r, "a\nnew\nB\nc\n");
        CHECK_ORIGINS(r, 0, -1, -1, 2);
        check_to_text_consistent(r);
        edit_list_done(&el);
}

static void test_delete_and_insert_same_index(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc\n"));
        struct edit_list el = {0};

        /* Delete + insert at the same index is a legitimate "swap this line". */
        assert_int_equal(edit_list_delete(&el, 1, "r"), 0);
        assert_int_equal(edit_list_insert(&el, 1, "instead", "r"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        CHECK_RENDER(r, "a\ninstead\nc\n");
        CHECK_ORIGINS(r, 0, -1, 2);
        check_to_text_consistent(r);
        edit_list_done(&el);
}

static void test_replace_identical_is_no_change(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\nc"));
        struct edit_list el = {0};

        assert_int_equal(edit_list_replace(&el, 0, "a", "noop0"), 0);
        assert_int_equal(edit_list_replace(&el, 1, "b", "noop1"), 0);
        assert_int_equal(edit_list_replace(&el, 2, "c", "noop2"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        assert_false(r->changed);
        assert_int_equal(r->reasons.n, 0);
        CHECK_ORIGINS(r, 0, 1, 2);
        CHECK_RENDER(r, "a\r\nb\nc");
        edit_list_done(&el);

        /* Mixed with a real change: the no-op keeps its origin and its reason is not recorded. */
        assert_int_equal(edit_list_replace(&el, 0, "a", "noop"), 0);
        assert_int_equal(edit_list_replace(&el, 1, "B", "real"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        assert_true(r->changed);
        CHECK_ORIGINS(r, 0, -1, 2);
        CHECK_REASONS(r, "real");
        CHECK_RENDER(r, "a\r\nB\nc");
        edit_list_done(&el);

        /* Replacing a new line with its own content is a no-op too. */
        assert_int_equal(edit_list_replace(&el, 1, "B", "again"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        CHECK_ORIGINS(r, 0, -1, 2);
        CHECK_REASONS(r, "real");
        CHECK_RENDER(r, "a\r\nB\nc");
        edit_list_done(&el);

        /* The whole content is compared, not a prefix: "a " is not "a". */
        assert_int_equal(edit_list_replace(&el, 0, "a ", "space"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        CHECK_RENDER(r, "a \r\nB\nc");
        edit_list_done(&el);
}

/* After a failed apply, r must be exactly what it was. */
static void check_rejected(const char *in, size_t size, const struct edit_list *el)
{
        _cleanup_(text_freep) struct text *t = text_of(in, size);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, el, -EINVAL);

        assert_false(r->changed);
        assert_int_equal(r->reasons.n, 0);
        assert_int_equal(r->n_lines, t->n_lines);
        for (size_t i = 0; i < r->n_lines; i++)
                assert_int_equal(r->lines[i].orig, (ssize_t)i);
        check_render(r, in, size);
}

static void test_conflicting_edits(void **state)
{
        struct edit_list el = {0};

        /* Two replaces on one line. */
        assert_int_equal(edit_list_replace(&el, 1, "x", "r1"), 0);
        assert_int_equal(edit_list_replace(&el, 1, "y", "r2"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        /* Even when both say the same thing. */
        assert_int_equal(edit_list_replace(&el, 0, "same", "r1"), 0);
        assert_int_equal(edit_list_replace(&el, 0, "same", "r1"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        /* Replace + delete, both orders, with a valid edit before them. */
        assert_int_equal(edit_list_insert(&el, 0, "ok", "r0"), 0);
        assert_int_equal(edit_list_replace(&el, 2, "x", "r1"), 0);
        assert_int_equal(edit_list_delete(&el, 2, "r2"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);
        assert_int_equal(edit_list_delete(&el, 2, "r2"), 0);
        assert_int_equal(edit_list_replace(&el, 2, "x", "r1"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        /* Two deletes of one line. */
        assert_int_equal(edit_list_delete(&el, 0, "r"), 0);
        assert_int_equal(edit_list_delete(&el, 0, "r"), 0);
        check_rejected(LIT("a\r\nb\r\n"), &el);
        edit_list_done(&el);
}

static void test_conflict_leaves_chained_result(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc\n"));
        struct edit_list el = {0};
        _cleanup_(text_result_freep) struct text_result *r = NULL;

        assert_int_equal(edit_list_replace(&el, 1, "B", "round1"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);

        assert_int_equal(edit_list_insert(&el, 0, "x", "bad"), 0);
        assert_int_equal(edit_list_delete(&el, 1, "bad"), 0);
        assert_int_equal(edit_list_replace(&el, 1, "y", "bad"), 0);
        assert_int_equal(text_result_apply(r, &el), -EINVAL);
        edit_list_done(&el);

        assert_true(r->changed);
        CHECK_ORIGINS(r, 0, -1, 2);
        assert_string_equal(r->lines[1].content, "B");
        CHECK_REASONS(r, "round1");
        CHECK_RENDER(r, "a\nB\nc\n");
}

static void test_out_of_range(void **state)
{
        struct edit_list el = {0};

        assert_int_equal(edit_list_replace(&el, 3, "x", "r"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_delete(&el, 3, "r"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_insert(&el, 4, "x", "r"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_insert(&el, (size_t)-1, "x", "r"), 0);
        check_rejected(LIT("a\nb\nc\n"), &el);
        edit_list_done(&el);

        /* An empty file has no line 0 to replace or delete. */
        assert_int_equal(edit_list_replace(&el, 0, "x", "r"), 0);
        check_rejected("", 0, &el);
        edit_list_done(&el);
        assert_int_equal(edit_list_delete(&el, 0, "r"), 0);
        check_rejected("", 0, &el);
        edit_list_done(&el);

        /* A valid edit followed by a bad one: nothing is applied. */
        assert_int_equal(edit_list_replace(&el, 0, "A", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 3, "end", "r"), 0);
        assert_int_equal(edit_list_delete(&el, 5, "r"), 0);
        check_rejected(LIT("a\nb\nc"), &el);
        edit_list_done(&el);
}

static void test_content_with_newline_rejected(void **state)
{
        struct edit_list el = {0};

        assert_int_equal(edit_list_replace(&el, 0, "x\ny", "r"), 0);
        check_rejected(LIT("a\nb\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_insert(&el, 1, "two\nlines", "r"), 0);
        check_rejected(LIT("a\nb\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_insert(&el, 2, "trailing\n", "r"), 0);
        check_rejected(LIT("a\nb\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_replace(&el, 1, "crlf\r\n", "r"), 0);
        check_rejected(LIT("a\r\nb\r\n"), &el);
        edit_list_done(&el);

        assert_int_equal(edit_list_insert(&el, 0, "\n", "r"), 0);
        check_rejected("", 0, &el);
        edit_list_done(&el);

        /* A content-less replace/insert (only possible by hand) is rejected too. */
        assert_int_equal(edit_list_replace(&el, 0, NULL, "r"), 0);
        assert_null(el.v[0].content);
        check_rejected(LIT("a\n"), &el);
        edit_list_done(&el);
}

static void test_edit_list_records(void **state)
{
        struct edit_list el = {0};
        char content[] = "content", reason[] = "reason";

        assert_int_equal(edit_list_replace(&el, 4, content, reason), 0);
        assert_int_equal(edit_list_insert(&el, 5, "ins", NULL), 0);
        assert_int_equal(edit_list_delete(&el, 6, "del"), 0);
        /* Copies, not borrowed pointers. */
        content[0] = 'X';
        reason[0] = 'X';
        assert_int_equal(el.n, 3);
        assert_int_equal(el.v[0].kind, EDIT_REPLACE);
        assert_int_equal(el.v[0].line, 4);
        assert_string_equal(el.v[0].content, "content");
        assert_string_equal(el.v[0].reason, "reason");
        assert_int_equal(el.v[1].kind, EDIT_INSERT);
        assert_int_equal(el.v[1].line, 5);
        assert_string_equal(el.v[1].content, "ins");
        assert_non_null(el.v[1].reason); /* never NULL */
        assert_string_equal(el.v[1].reason, "");
        assert_int_equal(el.v[2].kind, EDIT_DELETE);
        assert_null(el.v[2].content);
        for (int i = 0; i < 50; i++)
                assert_int_equal(edit_list_insert(&el, 0, "x", "r"), 0);
        assert_int_equal(el.n, 53);
        edit_list_done(&el);
        assert_null(el.v);
        assert_int_equal(el.n, 0);
        edit_list_done(&el);
}

/* ---- terminators of new lines ---- */

static void test_append_after_unterminated_last_line(void **state)
{
        struct edit_list el = {0};

        /* LF file: the old last line gets "\n", the new one too. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
                assert_int_equal(edit_list_insert(&el, 2, "c", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nb\nc\n");
                /* "b" changed bytes ("b" -> "b\n"), so it is no longer an original line. */
                CHECK_ORIGINS(r, 0, -1, -1);
                assert_string_equal(r->lines[1].content, "b");
                assert_string_equal(r->lines[1].eol, "\n");
                assert_string_equal(r->lines[2].eol, "\n");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* A single unterminated line. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("only"));
                assert_int_equal(edit_list_insert(&el, 1, "more", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "only\nmore\n");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* CRLF file: both get CRLF. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\r\nc"));
                assert_int_equal(edit_list_insert(&el, 3, "d", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\r\nb\r\nc\r\nd\r\n");
                CHECK_ORIGINS(r, 0, 1, -1, -1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Inserting before the unterminated last line leaves it alone. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
                assert_int_equal(edit_list_insert(&el, 1, "mid", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nmid\nb");
                CHECK_ORIGINS(r, 0, -1, 1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Deleting the unterminated last line and appending: the new line is terminated. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
                assert_int_equal(edit_list_delete(&el, 1, "r"), 0);
                assert_int_equal(edit_list_insert(&el, 2, "c", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nc\n");
                CHECK_ORIGINS(r, 0, -1);
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* An identical replace of the last line plus an append. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
                assert_int_equal(edit_list_replace(&el, 1, "b", "same"), 0);
                assert_int_equal(edit_list_insert(&el, 2, "c", "add"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\nb\nc\n");
                CHECK_REASONS(r, "add");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
}

/*
 * Replacing the unterminated last line and appending after it in the same
 * edit list: the replaced line must get a terminator. (Run under ASan or
 * valgrind: the intermediate replacement must not leak.)
 */
static void test_replace_last_unterminated_and_append(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb"));
        struct edit_list el = {0};

        assert_int_equal(edit_list_replace(&el, 1, "B", "r1"), 0);
        assert_int_equal(edit_list_insert(&el, 2, "c", "r2"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        CHECK_RENDER(r, "a\r\nB\r\nc\r\n");
        CHECK_ORIGINS(r, 0, -1, -1);
        assert_string_equal(r->lines[1].content, "B");
        CHECK_REASONS(r, "r1", "r2");
        check_to_text_consistent(r);
        edit_list_done(&el);
}

static void test_new_lines_dominant_eol(void **state)
{
        struct edit_list el = {0};

        /* CRLF file: inserts anywhere get CRLF. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\r\n"));
                assert_int_equal(edit_list_insert(&el, 0, "0", "r"), 0);
                assert_int_equal(edit_list_insert(&el, 1, "1", "r"), 0);
                assert_int_equal(edit_list_insert(&el, 2, "2", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "0\r\na\r\n1\r\nb\r\n2\r\n");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* Mostly CRLF with one LF line: CRLF. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\nc\r\n"));
                assert_int_equal(edit_list_insert(&el, 3, "d", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\r\nb\nc\r\nd\r\n");
                edit_list_done(&el);
        }
        /* A tie: LF. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\n"));
                assert_int_equal(edit_list_insert(&el, 1, "m", "r"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\r\nm\nb\n");
                edit_list_done(&el);
        }
        /* The vote is on the current state: once round 1 removed the LF lines, CRLF wins. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\nc\n"));
                _cleanup_(text_result_freep) struct text_result *r = NULL;
                assert_string_equal(text_default_eol(t), "\n");
                assert_int_equal(edit_list_delete(&el, 1, "r"), 0);
                assert_int_equal(edit_list_delete(&el, 2, "r"), 0);
                r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\r\n");
                edit_list_done(&el);
                assert_int_equal(edit_list_insert(&el, 1, "d", "r"), 0);
                assert_int_equal(text_result_apply(r, &el), 0);
                CHECK_RENDER(r, "a\r\nd\r\n");
                edit_list_done(&el);
        }
}

/* ---- chaining ---- */

static void test_chain_two_rounds(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("l0\nl1\nl2\nl3\nl4"));
        _cleanup_(text_freep) struct text *t1 = NULL, *t2 = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct edit_list el = {0};

        /* Round 1 (original numbering): drop l0, rewrite l1, add a line before l3. */
        assert_int_equal(edit_list_delete(&el, 0, "drop l0"), 0);
        assert_int_equal(edit_list_replace(&el, 1, "L1", "fix l1"), 0);
        assert_int_equal(edit_list_insert(&el, 3, "new-a", "add a"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "L1\nl2\nnew-a\nl3\nl4");
        CHECK_ORIGINS(r, -1, 2, -1, 3, 4);

        assert_int_equal(text_result_to_text(r, &t1), 0);
        {
                const struct xline x[] = {XL("L1", 1), XL("l2", 1), XL("new-a", 1), XL("l3", 1), XL("l4", 0)};
                check_lines(t1, x, ARRAY_SIZE(x));
        }

        /*
         * Round 2 refers to t1's numbering: line 1 is "l2", line 2 is
         * "new-a", line 4 is "l4", 5 appends.
         */
        assert_int_equal(edit_list_delete(&el, 1, "drop l2"), 0);
        assert_int_equal(edit_list_replace(&el, 2, "NEW-A", "fix a"), 0);
        assert_int_equal(edit_list_replace(&el, 4, "l4", "no-op"), 0);
        assert_int_equal(edit_list_insert(&el, 0, "top", "add top"), 0);
        assert_int_equal(edit_list_insert(&el, 5, "tail", "add tail"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);

        assert_true(r->changed);
        CHECK_RENDER(r, "top\nL1\nNEW-A\nl3\nl4\ntail\n");
        /* l3 still maps to original line 3; l4 got a terminator so it is now new. */
        CHECK_ORIGINS(r, -1, -1, -1, 3, -1, -1);
        assert_string_equal(r->lines[0].content, "top");
        assert_string_equal(r->lines[1].content, "L1");
        assert_string_equal(r->lines[2].content, "NEW-A");
        assert_string_equal(r->lines[4].content, "l4");
        assert_string_equal(r->lines[5].content, "tail");
        CHECK_REASONS(r, "drop l0", "fix l1", "add a", "add top", "drop l2", "fix a", "add tail");
        check_to_text_consistent(r);

        /* Round 3 with no edits changes nothing. */
        assert_int_equal(text_result_to_text(r, &t2), 0);
        assert_int_equal(t2->n_lines, 6);
        assert_int_equal(text_result_apply(r, &el), 0);
        CHECK_RENDER(r, "top\nL1\nNEW-A\nl3\nl4\ntail\n");
}

static void test_chain_keeps_origins(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\r\nc\r\nd\r\ne\r\n"));
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct edit_list el = {0};

        /* Round 1: insert between b and c; result a b X c d e. */
        assert_int_equal(edit_list_insert(&el, 2, "X", "x"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_ORIGINS(r, 0, 1, -1, 2, 3, 4);

        /* Round 2 (current numbering): delete "c" (index 3), insert Y before "e" (index 5). */
        assert_int_equal(edit_list_delete(&el, 3, "c"), 0);
        assert_int_equal(edit_list_insert(&el, 5, "Y", "y"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_ORIGINS(r, 0, 1, -1, 3, -1, 4);
        CHECK_RENDER(r, "a\r\nb\r\nX\r\nd\r\nY\r\ne\r\n");

        /* Round 3: delete the new line X and replace original d; others untouched. */
        assert_int_equal(edit_list_delete(&el, 2, "x"), 0);
        assert_int_equal(edit_list_replace(&el, 3, "D", "d"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_ORIGINS(r, 0, 1, -1, -1, 4);
        CHECK_RENDER(r, "a\r\nb\r\nD\r\nY\r\ne\r\n");
        CHECK_REASONS(r, "x", "c", "y", "d");
        check_to_text_consistent(r);

        /* Round 4: a replace of a new line carries its terminator. */
        assert_int_equal(edit_list_replace(&el, 3, "YY", "yy"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "a\r\nb\r\nD\r\nYY\r\ne\r\n");
        assert_string_equal(r->lines[3].eol, "\r\n");
}

static void test_chain_append_after_replaced_last(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct edit_list el = {0};

        /* Round 1 rewrites the unterminated last line; round 2 appends after it. */
        assert_int_equal(edit_list_replace(&el, 1, "B", "r1"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "a\nB");
        assert_int_equal(edit_list_insert(&el, 2, "c", "r2"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "a\nB\nc\n");
        CHECK_ORIGINS(r, 0, -1, -1);
        check_to_text_consistent(r);
}

/*
 * Chained: the result is shorter than the original, and the unterminated
 * last line (original index 4) is carried over at result index 1.
 */
static void test_chain_append_after_unterminated_in_shorter_result(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("l0\nl1\nl2\nl3\nl4"));
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct edit_list el = {0};

        assert_int_equal(edit_list_delete(&el, 0, "r1"), 0);
        assert_int_equal(edit_list_delete(&el, 1, "r1"), 0);
        assert_int_equal(edit_list_delete(&el, 2, "r1"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "l3\nl4");
        CHECK_ORIGINS(r, 3, 4);

        assert_int_equal(edit_list_insert(&el, 2, "c", "r2"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "l3\nl4\nc\n");
        CHECK_ORIGINS(r, 3, -1, -1);
        assert_string_equal(r->lines[1].content, "l4");
        check_to_text_consistent(r);
}

/*
 * Chained: the unterminated last line has original index 2, and the
 * result's line 2 is a new line from round 1. Appending in round 2 must
 * leave that new line intact.
 */
static void test_chain_append_after_unterminated_keeps_new_lines(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb\nc"));
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct edit_list el = {0};

        assert_int_equal(edit_list_delete(&el, 0, "r1"), 0);
        assert_int_equal(edit_list_insert(&el, 2, "N1", "r1"), 0);
        assert_int_equal(edit_list_insert(&el, 2, "N2", "r1"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "b\nN1\nN2\nc");
        CHECK_ORIGINS(r, 1, -1, -1, 2);

        assert_int_equal(edit_list_insert(&el, 4, "d", "r2"), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_ORIGINS(r, 1, -1, -1, -1, -1);
        assert_string_equal(r->lines[1].content, "N1");
        assert_string_equal(r->lines[2].content, "N2");
        assert_string_equal(r->lines[3].content, "c");
        assert_string_equal(r->lines[4].content, "d");
        CHECK_RENDER(r, "b\nN1\nN2\nc\nd\n");
        check_to_text_consistent(r);
}

static void test_content_with_cr(void **state)
{
        struct edit_list el = {0};

        /* A CR inside the content is kept as content. */
        {
                _cleanup_(text_freep) struct text *t = text_of(LIT("a\rb\nc\n"));
                assert_int_equal(edit_list_replace(&el, 0, "a\rb", "same"), 0);
                assert_int_equal(edit_list_replace(&el, 1, "x\ry", "cr"), 0);
                assert_int_equal(edit_list_insert(&el, 2, "\rz", "cr"), 0);
                _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
                CHECK_RENDER(r, "a\rb\nx\ry\n\rz\n");
                CHECK_ORIGINS(r, 0, -1, -1);
                CHECK_REASONS(r, "cr");
                check_to_text_consistent(r);
                edit_list_done(&el);
        }
        /* A trailing CR would read back as part of a CRLF terminator: rejected. */
        assert_int_equal(edit_list_replace(&el, 0, "x\r", "r"), 0);
        check_rejected(LIT("a\nb\n"), &el);
        edit_list_done(&el);
        assert_int_equal(edit_list_insert(&el, 2, "\r", "r"), 0);
        check_rejected(LIT("a\nb\n"), &el);
        edit_list_done(&el);
}

/* ---- reasons ---- */

static void test_reasons_unique_in_order(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("1\n2\n3\n4\n5\n"));
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct edit_list el = {0};

        assert_int_equal(edit_list_insert(&el, 0, "i0", "beta"), 0);
        assert_int_equal(edit_list_replace(&el, 1, "two", "alpha"), 0);
        assert_int_equal(edit_list_delete(&el, 2, "beta"), 0);
        assert_int_equal(edit_list_replace(&el, 3, "four", "gamma"), 0);
        assert_int_equal(edit_list_replace(&el, 4, "5", "unused (no-op)"), 0);
        assert_int_equal(edit_list_insert(&el, 5, "end", "alpha"), 0);
        r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "i0\n1\ntwo\nfour\n5\nend\n");
        CHECK_REASONS(r, "beta", "alpha", "gamma");

        /* A second round adds only reasons not seen yet, after the old ones. */
        assert_int_equal(edit_list_insert(&el, 0, "x", "gamma"), 0);
        assert_int_equal(edit_list_insert(&el, 0, "y", "delta"), 0);
        assert_int_equal(edit_list_delete(&el, 5, ""), 0);
        assert_int_equal(text_result_apply(r, &el), 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "x\ny\ni0\n1\ntwo\nfour\n5\n");
        CHECK_REASONS(r, "beta", "alpha", "gamma", "delta", "");
}

/* ---- round trip ---- */

static void test_to_text_round_trip(void **state)
{
        static const char *const inputs[] = {
                "", "\n", "a", "a\nb", "a\r\nb\r\n", "x\r", "a\rb\r\n\r\nc",
        };

        for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
                _cleanup_(text_freep) struct text *t = text_of(inputs[i], strlen(inputs[i]));
                _cleanup_(text_freep) struct text *t2 = NULL;
                _cleanup_(text_result_freep) struct text_result *r = NULL;

                assert_int_equal(text_result_new(t, &r), 0);
                assert_int_equal(text_result_to_text(r, &t2), 0);
                assert_int_equal(t2->size, t->size);
                assert_memory_equal(t2->data, t->data, t->size + 1);
                assert_int_equal(t2->n_lines, t->n_lines);
                for (size_t j = 0; j < t->n_lines; j++) {
                        assert_int_equal(t2->lines[j].len, t->lines[j].len);
                        assert_int_equal(t2->lines[j].eol_len, t->lines[j].eol_len);
                        assert_memory_equal(t2->lines[j].s, t->lines[j].s, t->lines[j].len);
                }
                /* The copy is independent of the original text. */
                assert_true(t2->data != t->data);
        }

        /* After edits, to_text gives exactly the rendered bytes and the result's lines. */
        _cleanup_(text_freep) struct text *t = text_of(LIT("#c\r\nkeep\r\nold\r\n"));
        _cleanup_(text_freep) struct text *t2 = NULL;
        struct edit_list el = {0};
        assert_int_equal(edit_list_replace(&el, 2, "new", "r"), 0);
        assert_int_equal(edit_list_insert(&el, 1, "ins", "r"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        edit_list_done(&el);
        assert_int_equal(text_result_to_text(r, &t2), 0);
        {
                const struct xline x[] = {XL("#c", 2), XL("ins", 2), XL("keep", 2), XL("new", 2)};
                check_lines(t2, x, ARRAY_SIZE(x));
        }
        check_to_text_consistent(r);
}

static void test_result_line_accessor(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\r\nb\nc"));
        struct edit_list el = {0};
        const char *s, *eol;
        size_t len, eol_len;

        assert_int_equal(edit_list_insert(&el, 1, "new", "r"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        edit_list_done(&el);

        /* new line takes the tie-break LF: one CRLF, one LF */
        static const struct {
                const char *s;
                const char *eol;
        } expect[] = {{"a", "\r\n"}, {"new", "\n"}, {"b", "\n"}, {"c", ""}};
        assert_int_equal(r->n_lines, ARRAY_SIZE(expect));
        for (size_t i = 0; i < ARRAY_SIZE(expect); i++) {
                text_result_line(r, i, &s, &len, &eol, &eol_len);
                assert_int_equal(len, strlen(expect[i].s));
                assert_memory_equal(s, expect[i].s, len);
                assert_string_equal(eol, expect[i].eol);
                assert_int_equal(eol_len, strlen(expect[i].eol));
        }
        /* Original lines point into the original text. */
        text_result_line(r, 0, &s, &len, &eol, &eol_len);
        assert_ptr_equal(s, t->lines[0].s);
}

/*
 * The result and text_result_to_text() must agree on the line count, since
 * the next round's edits use to_text's numbering and the diff uses the
 * result's lines. Replacing an unterminated last line with "" renders no
 * bytes for it.
 */
static void test_replace_unterminated_last_with_empty(void **state)
{
        _cleanup_(text_freep) struct text *t = text_of(LIT("a\nb"));
        struct edit_list el = {0};

        assert_int_equal(edit_list_replace(&el, 1, "", "empty it"), 0);
        _cleanup_(text_result_freep) struct text_result *r = apply_one(t, &el, 0);
        edit_list_done(&el);
        CHECK_RENDER(r, "a\n");
        check_to_text_consistent(r);
}

static void test_line_at(void **state)
{
        const char *in = "ab\r\n\ncd";
        struct text *t = NULL;

        (void)state;
        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(t->n_lines, 3);
        assert_int_equal(text_line_at(t, 0), 0);
        assert_int_equal(text_line_at(t, 2), 0); /* the CR of the terminator */
        assert_int_equal(text_line_at(t, 3), 0);
        assert_int_equal(text_line_at(t, 4), 1);
        assert_int_equal(text_line_at(t, 5), 2);
        assert_int_equal(text_line_at(t, 7), 2); /* the end of the data */
        text_free(t);
        assert_int_equal(text_new("", 0, &t), 0);
        assert_int_equal(text_line_at(t, 0), 0);
        text_free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_split_lf),
                cmocka_unit_test(test_split_crlf),
                cmocka_unit_test(test_split_mixed),
                cmocka_unit_test(test_split_no_final_newline),
                cmocka_unit_test(test_split_empty),
                cmocka_unit_test(test_split_single_newline),
                cmocka_unit_test(test_split_lone_cr_is_content),
                cmocka_unit_test(test_split_cr_at_eof),
                cmocka_unit_test(test_split_binary_and_many_lines),
                cmocka_unit_test(test_split_copies_data),
                cmocka_unit_test(test_default_eol),
                cmocka_unit_test(test_line_blank_and_comment),
                cmocka_unit_test(test_zero_edits_identity),
                cmocka_unit_test(test_zero_edits_huge_line),
                cmocka_unit_test(test_replace_keeps_terminator),
                cmocka_unit_test(test_insert_positions),
                cmocka_unit_test(test_insert_order_same_position),
                cmocka_unit_test(test_delete),
                cmocka_unit_test(test_replace_and_insert_same_index),
                cmocka_unit_test(test_delete_and_insert_same_index),
                cmocka_unit_test(test_replace_identical_is_no_change),
                cmocka_unit_test(test_conflicting_edits),
                cmocka_unit_test(test_conflict_leaves_chained_result),
                cmocka_unit_test(test_out_of_range),
                cmocka_unit_test(test_content_with_newline_rejected),
                cmocka_unit_test(test_edit_list_records),
                cmocka_unit_test(test_append_after_unterminated_last_line),
                cmocka_unit_test(test_replace_last_unterminated_and_append),
                cmocka_unit_test(test_new_lines_dominant_eol),
                cmocka_unit_test(test_chain_two_rounds),
                cmocka_unit_test(test_chain_keeps_origins),
                cmocka_unit_test(test_chain_append_after_replaced_last),
                cmocka_unit_test(test_chain_append_after_unterminated_in_shorter_result),
                cmocka_unit_test(test_chain_append_after_unterminated_keeps_new_lines),
                cmocka_unit_test(test_content_with_cr),
                cmocka_unit_test(test_reasons_unique_in_order),
                cmocka_unit_test(test_to_text_round_trip),
                cmocka_unit_test(test_result_line_accessor),
                cmocka_unit_test(test_replace_unterminated_last_with_empty),
                cmocka_unit_test(test_line_at),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
