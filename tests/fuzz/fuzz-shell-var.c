/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the shell assignment parser.
 *
 * The input is a file of lines. For each line that starts in a clean
 * lexical state, invariants checked:
 *  - the spans are ordered and inside the line, NAME is a shell name and is
 *    followed by "=" or "+=";
 *  - name, operator, the text before, inside and after the inner part give
 *    the line back byte for byte;
 *  - the words lie inside the value and contain no blank;
 *  - adding words to an editable value gives a line that parses as the same
 *    assignment, still editable, whose words are the old ones plus the new
 *    ones, and whose text outside the value is unchanged;
 *  - shell_scan_line never reads past the line (ASan).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell-var.h"
#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static void check_line(const char *s, size_t len)
{
        struct shell_assign a, b;
        struct strv w = {0}, w2 = {0};
        struct strbuf rebuilt = {0};
        char *out = NULL;
        int r;

        r = shell_assign_parse(s, len, &a);
        CHECK(r == 0 || r == 1);
        if (r == 0)
                return;

        CHECK(a.name_len > 0 && a.name + a.name_len <= a.value && a.value <= len);
        CHECK(a.value <= a.inner);
        CHECK(a.inner <= a.inner_end && a.inner_end <= a.value_end && a.value_end <= len);
        CHECK(s[a.value - 1] == '=');
        CHECK(a.append == (s[a.value - 2] == '+'));
        for (size_t i = a.name; i < a.name + a.name_len; i++)
                CHECK(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                      (i > a.name && s[i] >= '0' && s[i] <= '9'));
        CHECK(!a.open || !a.literal);

        CHECK(strbuf_append(&rebuilt, s, a.inner) == 0);
        CHECK(strbuf_append(&rebuilt, s + a.inner, a.inner_end - a.inner) == 0);
        CHECK(strbuf_append(&rebuilt, s + a.inner_end, len - a.inner_end) == 0);
        CHECK(rebuilt.len == len && (len == 0 || memcmp(rebuilt.s, s, len) == 0));
        strbuf_done(&rebuilt);

        CHECK(shell_assign_words(&a, s, &w) == 0);
        for (size_t i = 0; i < w.n; i++) {
                CHECK(*w.v[i] && !strchr(w.v[i], ' ') && !strchr(w.v[i], '\t'));
                CHECK(memmem(s + a.value, a.value_end - a.value, w.v[i], strlen(w.v[i])));
        }

        r = shell_assign_add_words(&a, s, len, "new-w1 new-w2", &out);
        if (!a.literal || a.open || a.form == SHELL_FORM_OTHER) {
                CHECK(r == -EINVAL && !out);
        } else {
                CHECK(r == 0 && out);
                CHECK(shell_assign_parse(out, strlen(out), &b) == 1);
                CHECK(b.literal && !b.open && b.append == a.append);
                CHECK(b.name == a.name && b.name_len == a.name_len && b.value == a.value);
                CHECK(a.form == SHELL_FORM_BARE ? b.form == SHELL_FORM_DOUBLE : b.form == a.form);
                CHECK(memcmp(out, s, a.value) == 0);
                CHECK(strcmp(out + b.value_end, s + a.value_end) == 0 || memchr(s, '\0', len));
                CHECK(shell_assign_words(&b, out, &w2) == 0);
                CHECK(w2.n == w.n + 2);
                for (size_t i = 0; i < w.n; i++)
                        CHECK(strcmp(w.v[i], w2.v[i]) == 0);
                CHECK(strcmp(w2.v[w.n], "new-w1") == 0 && strcmp(w2.v[w.n + 1], "new-w2") == 0);
        }
        free(out);
        strv_done(&w);
        strv_done(&w2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct text *t = NULL;
        struct shell_state st = {0};

        /* A NUL would end the copies made by asprintf-style helpers: the guest root refuses such files. */
        if (memchr(data, '\0', size))
                return 0;
        CHECK(text_new((const char *)data, size, &t) == 0);
        for (size_t i = 0; i < t->n_lines; i++) {
                const struct line *l = &t->lines[i];
                bool clean = shell_state_clean(&st);

                shell_scan_line(l->s, l->len, &st);
                if (clean) {
                        /* NUL-terminated, so that the tail of the line can be compared as a string. */
                        char *copy = strndup(l->s, l->len);

                        CHECK(copy);
                        check_line(copy, l->len);
                        free(copy);
                }
        }
        text_free(t);
        return 0;
}
