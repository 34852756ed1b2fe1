/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for lvm-conf (the dm_config tokenizer and parser that
 * the lvm.conf rewriter and verify's lvm-filter item share) and the lvm.conf
 * rewriter (with LVM regexes and devpattern's translation).
 *
 * The input is an lvm.conf; the low bit of the first byte picks the RHEL 6
 * letter shift. The parser: it never fails but for bad syntax, with the
 * error inside the input; every list's key and values lie inside the input,
 * in order; a value split in place (for editing) agrees with LVM's split of
 * its unescaped string when it holds no "\\"; round trip: the lists written
 * back as lvm.conf (every value double-quoted, '"' and '\' escaped) parse to
 * the same keys and strings. The rewriter, besides fz_check_rewriter()'s
 * invariants: a replaced line is the old line with text inserted (a comma,
 * siblings, "[ " and " ]"), which adds xvd names or a comma; every warning
 * names the file and a line.
 */
#include "fuzz-rewrite.h"
#include "lvm-conf.h"
#include "util.h"

#define PATH "/etc/lvm/lvm.conf"

static void check_line(const struct line *old, const char *new_content)
{
        size_t n = strlen(new_content);

        CHECK(n > old->len);
        CHECK(fz_is_subsequence(old->s, old->len, new_content, n));
        CHECK(fz_count(new_content, n, "xvd") > fz_count(old->s, old->len, "xvd") ||
              fz_count(new_content, n, ",") == fz_count(old->s, old->len, ",") + 1);
}

static void check_out(const struct rewrite_out *o)
{
        for (size_t i = 0; i < o->warnings.n; i++)
                CHECK(strncmp(o->warnings.v[i], "'" PATH "' line ", strlen("'" PATH "' line ")) == 0);
}

/* The in-place split agrees with the split of the string LVM gets. */
static void check_split(const char *s, const struct lvm_conf_value *v)
{
        size_t b = 0, e = 0, sb = 0, se = 0;
        char action = 0, saction = 0;
        char *str, *rx;
        bool ok, sok;

        if (v->kind == LVM_CONF_OTHER || memmem(s + v->tb, v->te - v->tb, "\\\\", 2))
                return;
        str = lvm_conf_value_string(s, v);
        CHECK(str);
        ok = lvm_conf_filter_split(s, v, &action, &b, &e);
        sok = lvm_filter_split(str, strlen(str), &saction, &sb, &se);
        CHECK(ok == sok);
        if (ok) {
                CHECK(v->tb < b && b <= e && e < v->te);
                struct lvm_conf_value part = {.tb = b - 1, .te = e + 1, .kind = v->kind};

                CHECK(action == saction);
                rx = lvm_conf_value_string(s, &part);
                CHECK(rx);
                CHECK(strlen(rx) == se - sb && memcmp(rx, str + sb, se - sb) == 0);
                free(rx);
        }
        free(str);
}

static void fuzz_parser(const char *s, size_t size)
{
        struct lvm_conf c = {0}, w = {0};
        struct lvm_conf_error err = {0};
        struct strbuf b = {0};
        size_t last = 0;
        int r;

        r = lvm_conf_parse(s, size, &c, &err);
        CHECK(r == 0 || r == -EINVAL);
        if (r < 0) {
                CHECK(err.offset <= size && err.what);
                return;
        }
        for (size_t i = 0; i < c.n_lists; i++) {
                const struct lvm_conf_list *l = &c.lists[i];

                CHECK(l->key_at >= last && l->key_at < size);
                last = l->key_at;
                CHECK(l->is_array || l->n == 1);
                for (size_t k = 0; k < l->n; k++) {
                        CHECK(l->v[k].tb > last && l->v[k].tb < l->v[k].te && l->v[k].te <= size);
                        CHECK(!l->v[k].comma_after || (l->v[k].comma_end > l->v[k].te && l->v[k].comma_end <= size));
                        last = l->v[k].tb;
                        check_split(s, &l->v[k]);
                }
        }

        /* Round trip, every value written as a double-quoted string. */
        for (size_t i = 0; i < c.n_lists; i++) {
                CHECK(strbuf_printf(&b, "devices/%s = [", lvm_conf_key_name(c.lists[i].key)) == 0);
                for (size_t k = 0; k < c.lists[i].n; k++) {
                        char *str = lvm_conf_value_string(s, &c.lists[i].v[k]);

                        CHECK(str);
                        CHECK(strbuf_puts(&b, " \"") == 0);
                        for (const char *p = str; *p; p++) {
                                if (*p == '"' || *p == '\\')
                                        CHECK(strbuf_putc(&b, '\\') == 0);
                                CHECK(strbuf_putc(&b, *p) == 0);
                        }
                        CHECK(strbuf_putc(&b, '"') == 0);
                        free(str);
                }
                CHECK(strbuf_puts(&b, " ]\n") == 0);
        }
        CHECK(lvm_conf_parse(b.s ? b.s : "", b.len, &w, &err) == 0);
        CHECK(w.n_lists == c.n_lists);
        for (size_t i = 0; i < c.n_lists; i++) {
                CHECK(w.lists[i].key == c.lists[i].key && w.lists[i].n == c.lists[i].n);
                for (size_t k = 0; k < c.lists[i].n; k++) {
                        char *a = lvm_conf_value_string(s, &c.lists[i].v[k]);
                        char *z = lvm_conf_value_string(b.s, &w.lists[i].v[k]);

                        CHECK(a && z && strcmp(a, z) == 0);
                        CHECK(w.lists[i].v[k].kind == LVM_CONF_DQUOTED);
                        free(a);
                        free(z);
                }
        }
        strbuf_done(&b);
        lvm_conf_done(&w);
        lvm_conf_done(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct facts facts = {.devmap = {.sd_shift = size > 0 && (data[0] & 1) ? 4 : 0}};

        fuzz_parser((const char *)data, size);
        fz_check_rewriter(&rewriter_lvm_conf, PATH, data, size, &facts, check_line, check_out);
        return 0;
}
