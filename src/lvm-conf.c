/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "lvm-conf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "util.h"

enum cfg_tok {
        TOK_EOF,
        TOK_SECTION_B, /* { */
        TOK_SECTION_E, /* } */
        TOK_ARRAY_B,   /* [ */
        TOK_ARRAY_E,   /* ] */
        TOK_COMMA,
        TOK_EQ,
        TOK_STRING_ESCAPED, /* "..." */
        TOK_STRING,         /* '...' */
        TOK_NUMBER,
        TOK_IDENTIFIER,
        TOK_STRING_BARE, /* an identifier where a value may stand */
};

struct lexer {
        const char *s;
        size_t len; /* up to the first NUL byte, where libdevmapper stops */
        size_t pos;
        enum cfg_tok t, prev;
        size_t tb, te; /* the current token */
        bool unterminated;
        size_t unterminated_at; /* where that string starts */
};

static bool is_cfg_space(char c)
{
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Skip a quoted string from its opening quote; backslash escapes only in "...". */
static size_t lex_string(struct lexer *lx, size_t i, char quote)
{
        const char *s = lx->s;

        for (i++; i < lx->len && s[i] != quote; i++)
                if (quote == '"' && s[i] == '\\' && i + 1 < lx->len)
                        i++;
        if (i < lx->len)
                return i + 1;
        if (!lx->unterminated) {
                lx->unterminated = true;
                lx->unterminated_at = lx->tb;
        }
        return i;
}

static void lex_next(struct lexer *lx)
{
        static const char punct[] = "{}[],=";
        static const enum cfg_tok punct_tok[] = {TOK_SECTION_B, TOK_SECTION_E, TOK_ARRAY_B,
                                                 TOK_ARRAY_E,   TOK_COMMA,     TOK_EQ};
        const char *s = lx->s, *p;
        size_t i = lx->pos;
        bool values_allowed = lx->t == TOK_EQ || lx->t == TOK_ARRAY_B || lx->t == TOK_COMMA;

        lx->prev = lx->t;
        for (;;) {
                while (i < lx->len && is_cfg_space(s[i]))
                        i++;
                if (i < lx->len && s[i] == '#') {
                        while (i < lx->len && s[i] != '\n')
                                i++;
                        continue;
                }
                break;
        }
        lx->tb = i;
        if (i >= lx->len) {
                lx->t = TOK_EOF;
                lx->te = lx->pos = i;
                return;
        }
        p = strchr(punct, s[i]);
        if (p) {
                lx->t = punct_tok[p - punct];
                i++;
        } else if (s[i] == '"' || s[i] == '\'') {
                lx->t = s[i] == '"' ? TOK_STRING_ESCAPED : TOK_STRING;
                i = lex_string(lx, i, s[i]);
        } else if (values_allowed && strchr("0123456789+-.", s[i])) {
                bool dot = s[i] == '.';

                lx->t = TOK_NUMBER;
                for (i++; i < lx->len; i++) {
                        if (s[i] >= '0' && s[i] <= '9')
                                continue;
                        if (s[i] == '.' && !dot) {
                                dot = true;
                                continue;
                        }
                        break;
                }
        } else {
                lx->t = values_allowed ? TOK_STRING_BARE : TOK_IDENTIFIER;
                while (i < lx->len && !is_cfg_space(s[i]) && !strchr("#={}", s[i]))
                        i++;
        }
        lx->te = lx->pos = i;
}

static const char *const key_paths[] = {
        [LVM_CONF_FILTER] = "devices/filter",
        [LVM_CONF_GLOBAL_FILTER] = "devices/global_filter",
        [LVM_CONF_PREFERRED_NAMES] = "devices/preferred_names",
};

const char *lvm_conf_key_name(enum lvm_conf_key key)
{
        return strchr(key_paths[key], '/') + 1;
}

void lvm_conf_done(struct lvm_conf *c)
{
        for (size_t i = 0; i < c->n_lists; i++)
                free(c->lists[i].v);
        free(c->lists);
        *c = (struct lvm_conf){0};
}

/* Append a key's text (unquoted) to the path, with '/' between the parts; empty parts vanish. */
static int path_append(struct strbuf *path, const char *s, size_t len)
{
        for (size_t i = 0; i < len;) {
                size_t j = i;
                int r;

                while (j < len && s[j] != '/')
                        j++;
                if (j > i) {
                        if (path->len)
                                r = strbuf_putc(path, '/');
                        else
                                r = 0;
                        if (r >= 0)
                                r = strbuf_append(path, s + i, j - i);
                        if (r < 0)
                                return r;
                }
                i = j + 1;
        }
        return 0;
}

static int key_of_path(const char *path)
{
        for (size_t k = 0; k < ARRAY_SIZE(key_paths); k++)
                if (streq(path, key_paths[k]))
                        return (int)k;
        return -1;
}

/* What went wrong at the current token: an unterminated string runs to the end and hides the rest. */
static struct lvm_conf_error parse_error_at(const struct lexer *lx, const char *what)
{
        if (lx->unterminated)
                return (struct lvm_conf_error){lx->unterminated_at, "unterminated string"};
        return (struct lvm_conf_error){lx->tb, what};
}

static bool is_value_token(enum cfg_tok t)
{
        return t == TOK_NUMBER || t == TOK_STRING || t == TOK_STRING_ESCAPED || t == TOK_STRING_BARE;
}

static int list_push(struct lvm_conf_list *vl, const struct lexer *lx)
{
        struct lvm_conf_value *nv = reallocarray(vl->v, vl->n + 1, sizeof(*nv));

        if (!nv)
                return -ENOMEM;
        vl->v = nv;
        vl->v[vl->n++] = (struct lvm_conf_value){
                .tb = lx->tb,
                .te = lx->te,
                .kind = lx->t == TOK_STRING_ESCAPED ? LVM_CONF_DQUOTED
                        : lx->t == TOK_STRING       ? LVM_CONF_SQUOTED
                                                    : LVM_CONF_OTHER,
        };
        return 0;
}

/* One value: record it in vl (when not NULL) and read on; what: the error when it is not a value. */
static int value_take(struct lexer *lx, struct lvm_conf_list *vl, const char *what, struct lvm_conf_error *err)
{
        int r;

        if (!is_value_token(lx->t)) {
                *err = parse_error_at(lx, what);
                return -EINVAL;
        }
        if (vl) {
                r = list_push(vl, lx);
                if (r < 0)
                        return r;
        }
        lex_next(lx);
        return 0;
}

/* Read "[ v, v ... ]" or one value; record it in c when key >= 0. */
static int parse_value(struct lexer *lx, int key, size_t key_at, struct lvm_conf *c, struct lvm_conf_error *err)
{
        struct lvm_conf_list *vl = NULL;
        int r;

        if (key >= 0) {
                struct lvm_conf_list *nv = reallocarray(c->lists, c->n_lists + 1, sizeof(*nv));

                if (!nv)
                        return -ENOMEM;
                c->lists = nv;
                vl = &c->lists[c->n_lists++];
                *vl = (struct lvm_conf_list){.key = (enum lvm_conf_key)key, .key_at = key_at};
        }

        if (lx->t != TOK_ARRAY_B)
                return value_take(lx, vl, "expected a value", err);

        if (vl)
                vl->is_array = true;
        lex_next(lx);
        while (lx->t != TOK_ARRAY_E) {
                r = value_take(lx, vl, lx->t == TOK_EOF ? "unclosed list" : "expected a value", err);
                if (r < 0)
                        return r;
                if (lx->t == TOK_COMMA) {
                        if (vl) {
                                vl->v[vl->n - 1].comma_after = true;
                                vl->v[vl->n - 1].comma_end = lx->te;
                                vl->has_comma = true;
                        }
                        lex_next(lx);
                }
        }
        lex_next(lx);
        return 0;
}

static int conf_parse(const char *data, size_t size, struct lvm_conf *c, struct lvm_conf_error *err)
{
        _cleanup_(strbuf_done) struct strbuf path = {0};
        _cleanup_free_ size_t *stack = NULL; /* path length before each open section */
        size_t depth = 0, cap = 0;
        const char *nul = memchr(data, '\0', size);
        struct lexer lx = {.s = data, .len = nul ? (size_t)(nul - data) : size, .t = TOK_EOF};
        int r;

        lex_next(&lx);
        for (;;) {
                size_t key_at, key_tb, key_te, saved;
                int key;

                if (lx.unterminated) {
                        *err = parse_error_at(&lx, NULL);
                        return -EINVAL;
                }
                if (lx.t == TOK_EOF) {
                        if (depth > 0) {
                                *err = (struct lvm_conf_error){lx.tb, "unclosed section"};
                                return -EINVAL;
                        }
                        return 0;
                }
                if (lx.t == TOK_SECTION_E) {
                        if (depth == 0) {
                                *err = (struct lvm_conf_error){lx.tb, "'}' without a section"};
                                return -EINVAL;
                        }
                        path.len = stack[--depth];
                        if (path.s)
                                path.s[path.len] = '\0';
                        lex_next(&lx);
                        continue;
                }
                if (lx.t != TOK_IDENTIFIER && lx.t != TOK_STRING && lx.t != TOK_STRING_ESCAPED) {
                        *err = (struct lvm_conf_error){lx.tb, "expected a name"};
                        return -EINVAL;
                }
                key_at = key_tb = lx.tb;
                key_te = lx.te;
                if (lx.t != TOK_IDENTIFIER) {
                        key_tb++;
                        key_te--;
                }
                if (key_te <= key_tb) {
                        *err = (struct lvm_conf_error){lx.tb, "empty name"};
                        return -EINVAL;
                }
                saved = path.len;
                r = path_append(&path, data + key_tb, key_te - key_tb);
                if (r < 0)
                        return r;
                lex_next(&lx);
                if (lx.t == TOK_SECTION_B) {
                        if (depth == cap) {
                                size_t ncap = cap ? cap * 2 : 8, *nv = reallocarray(stack, ncap, sizeof(*nv));

                                if (!nv)
                                        return -ENOMEM;
                                stack = nv;
                                cap = ncap;
                        }
                        stack[depth++] = saved;
                        lex_next(&lx);
                        continue;
                }
                if (lx.t != TOK_EQ) {
                        *err = (struct lvm_conf_error){lx.tb, "expected '=' or '{'"};
                        return -EINVAL;
                }
                key = key_of_path(path.s ? path.s : "");
                path.len = saved;
                if (path.s)
                        path.s[path.len] = '\0';
                lex_next(&lx);
                r = parse_value(&lx, key, key_at, c, err);
                if (r < 0)
                        return r;
        }
}

int lvm_conf_parse(const char *data, size_t size, struct lvm_conf *ret, struct lvm_conf_error *err)
{
        struct lvm_conf c = {0};
        int r;

        r = conf_parse(data, size, &c, err);
        if (r < 0) {
                lvm_conf_done(&c);
                return r;
        }
        *ret = c;
        return 0;
}

bool lvm_filter_split(const char *s, size_t len, char *action, size_t *rx_start, size_t *rx_end)
{
        char sep;

        if (len < 3 || (s[0] != 'a' && s[0] != 'r'))
                return false;
        switch (s[1]) {
        case '(':
                sep = ')';
                break;
        case '[':
                sep = ']';
                break;
        case '{':
                sep = '}';
                break;
        default:
                sep = s[1];
        }
        if (s[len - 1] != sep)
                return false;
        *action = s[0];
        *rx_start = 2;
        *rx_end = len - 1;
        return true;
}

bool lvm_conf_filter_split(const char *data, const struct lvm_conf_value *v, char *action, size_t *rx_start,
                           size_t *rx_end)
{
        size_t b = v->tb + 1, end = v->te - 1; /* inside the quotes */

        if (v->kind == LVM_CONF_OTHER)
                return false;
        if (v->kind == LVM_CONF_DQUOTED && end >= b + 3 && data[b + 1] == '\\' && data[b + 2] == '"') {
                /* "a\"regex\"": the separator is a quote, escaped in the string. */
                if (end < b + 5 || (data[b] != 'a' && data[b] != 'r') || data[end - 2] != '\\' ||
                    data[end - 1] != '"')
                        return false;
                *action = data[b];
                *rx_start = b + 3;
                *rx_end = end - 2;
                return true;
        }
        if (!lvm_filter_split(data + b, end - b, action, rx_start, rx_end))
                return false;
        *rx_start += b;
        *rx_end += b;
        return true;
}

char *lvm_conf_value_string(const char *data, const struct lvm_conf_value *v)
{
        size_t start = v->tb, end = v->te;
        char *out, *o;

        if (v->kind != LVM_CONF_OTHER) {
                start++;
                end--;
        }
        out = o = malloc(end - start + 1);
        if (!out)
                return NULL;
        for (size_t i = start; i < end; i++) {
                if (v->kind == LVM_CONF_DQUOTED && data[i] == '\\' && i + 1 < end &&
                    (data[i + 1] == '"' || data[i + 1] == '\\'))
                        i++;
                *o++ = data[i];
        }
        *o = '\0';
        return out;
}
