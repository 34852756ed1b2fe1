/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/lvm/lvm.conf and /etc/lvm/lvmlocal.conf: the device filters.
 *
 *   devices {
 *       filter = [ "a|^/dev/sda[0-9]*$|", "r|.*|" ]
 *       global_filter = [ "r|/dev/sdc|" ]
 *       preferred_names = [ "^/dev/mpath/", "^/dev/[hs]d" ]
 *   }
 *
 * A filter that accepts only sd disks hides every PV once the disks are
 * called xvd (and dracut then leaves LVM out of the initrd); one that
 * rejects an sd disk lets it back in under its new name. So every pattern
 * that matches Xenlinux disk names gets a sibling for their pvops names
 * right after it, with the same action ("a|^/dev/sda[0-9]*$|" is followed
 * by "a|^/dev/xvda[0-9]*$|"); the old pattern stays for the Xenlinux kernel.
 * Inserting the sibling next to its pattern keeps the first-match-wins order
 * of the list intact for both sets of names. The regex translation and its
 * check are devpattern's; patterns it cannot translate are reported with
 * their line. A pattern whose pvops names are already matched by a pattern
 * of the same action next to it is left alone: a second run changes nothing.
 * preferred_names (plain regexes, no action) gets the same treatment, with
 * the whole list as one group.
 *
 * The file is tokenized as libdevmapper's config parser does (dm_config):
 * '#' comments between tokens, sections "name { ... }", "key = value" with
 * values that are numbers, "double-quoted" strings with backslash escapes,
 * 'single-quoted' strings, bare words, or "[ ... ]" lists whose commas are
 * optional; keys may be paths ("devices/filter = [...]" at the top). A file
 * libdevmapper could not parse is reported and left as it is.
 *
 * The sibling goes on a line of its own, with the same indentation, when
 * its pattern is alone on its line; otherwise right after the pattern on
 * the same line. A single string value ("filter = \"a|sda|\"") becomes a
 * list. Commas follow the list's own style.
 */
#include <string.h>

#include "devpattern.h"
#include "macro.h"
#include "rewrite/insertions.h"
#include "rewrite/rewrite.h"

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

static void lex_next(struct lexer *lx)
{
        const char *s = lx->s;
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
        switch (s[i]) {
        case '{':
                lx->t = TOK_SECTION_B;
                i++;
                break;
        case '}':
                lx->t = TOK_SECTION_E;
                i++;
                break;
        case '[':
                lx->t = TOK_ARRAY_B;
                i++;
                break;
        case ']':
                lx->t = TOK_ARRAY_E;
                i++;
                break;
        case ',':
                lx->t = TOK_COMMA;
                i++;
                break;
        case '=':
                lx->t = TOK_EQ;
                i++;
                break;
        case '"':
                lx->t = TOK_STRING_ESCAPED;
                i++;
                while (i < lx->len && s[i] != '"') {
                        if (s[i] == '\\' && i + 1 < lx->len)
                                i++;
                        i++;
                }
                if (i < lx->len)
                        i++;
                else if (!lx->unterminated) {
                        lx->unterminated = true;
                        lx->unterminated_at = lx->tb;
                }
                break;
        case '\'':
                lx->t = TOK_STRING;
                i++;
                while (i < lx->len && s[i] != '\'')
                        i++;
                if (i < lx->len)
                        i++;
                else if (!lx->unterminated) {
                        lx->unterminated = true;
                        lx->unterminated_at = lx->tb;
                }
                break;
        default:
                if (values_allowed && strchr("0123456789+-.", s[i])) {
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
                        break;
                }
                lx->t = values_allowed ? TOK_STRING_BARE : TOK_IDENTIFIER;
                while (i < lx->len && !is_cfg_space(s[i]) && !strchr("#={}", s[i]))
                        i++;
                break;
        }
        lx->te = lx->pos = i;
}

/* The keys whose values are lists of device patterns. */
enum lvm_key {
        KEY_FILTER,
        KEY_GLOBAL_FILTER,
        KEY_PREFERRED_NAMES,
};

static const char *const key_paths[] = {
        [KEY_FILTER] = "devices/filter",
        [KEY_GLOBAL_FILTER] = "devices/global_filter",
        [KEY_PREFERRED_NAMES] = "devices/preferred_names",
};

static const char *const key_names[] = {
        [KEY_FILTER] = "filter",
        [KEY_GLOBAL_FILTER] = "global_filter",
        [KEY_PREFERRED_NAMES] = "preferred_names",
};

struct element {
        size_t tb, te;        /* the token, quotes included */
        enum cfg_tok kind;    /* TOK_STRING_ESCAPED, TOK_STRING, or another value */
        bool comma_after;     /* a ',' follows it */
        size_t comma_end;     /* just after that ',' */
        struct devpattern *pat;
        char action;          /* 'a', 'r', or 0 for preferred_names */
        size_t rx_start;      /* the regex inside the token */
        size_t rx_end;
};

struct value_list {
        enum lvm_key key;
        bool is_array;
        bool has_comma;
        struct element *v;
        size_t n;
};

struct lvm_parse {
        struct value_list *lists;
        size_t n_lists;
};

static void lvm_parse_done(struct lvm_parse *lp)
{
        for (size_t i = 0; i < lp->n_lists; i++) {
                for (size_t k = 0; k < lp->lists[i].n; k++)
                        devpattern_free(lp->lists[i].v[k].pat);
                free(lp->lists[i].v);
        }
        free(lp->lists);
        *lp = (struct lvm_parse){0};
}

/* The 0-based line of a byte offset. */
static size_t line_of(const struct text *in, size_t off)
{
        size_t lo = 0, hi = in->n_lines;

        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;

                if ((size_t)(in->lines[mid].s - in->data) <= off)
                        lo = mid;
                else
                        hi = mid;
        }
        return lo;
}

static size_t line_start(const struct text *in, size_t line)
{
        return (size_t)(in->lines[line].s - in->data);
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

struct parse_error {
        size_t offset;
        const char *what;
};

/* What went wrong at the current token: an unterminated string runs to the end and hides the rest. */
static struct parse_error parse_error_at(const struct lexer *lx, const char *what)
{
        if (lx->unterminated)
                return (struct parse_error){lx->unterminated_at, "unterminated string"};
        return (struct parse_error){lx->tb, what};
}

static bool is_value_token(enum cfg_tok t)
{
        return t == TOK_NUMBER || t == TOK_STRING || t == TOK_STRING_ESCAPED || t == TOK_STRING_BARE;
}

/* Read "[ v, v ... ]" or one value; record it in lp when key >= 0. */
static int parse_value(struct lexer *lx, int key, struct lvm_parse *lp, struct parse_error *err)
{
        struct value_list *vl = NULL;

        if (key >= 0) {
                struct value_list *nv = realloc(lp->lists, (lp->n_lists + 1) * sizeof(*nv));

                if (!nv)
                        return -ENOMEM;
                lp->lists = nv;
                vl = &lp->lists[lp->n_lists++];
                *vl = (struct value_list){.key = (enum lvm_key)key};
        }

        if (lx->t != TOK_ARRAY_B) {
                if (!is_value_token(lx->t)) {
                        *err = parse_error_at(lx, "expected a value");
                        return -EINVAL;
                }
                if (vl) {
                        vl->v = calloc(1, sizeof(*vl->v));
                        if (!vl->v)
                                return -ENOMEM;
                        vl->v[0] = (struct element){.tb = lx->tb, .te = lx->te, .kind = lx->t};
                        vl->n = 1;
                }
                lex_next(lx);
                return 0;
        }

        if (vl)
                vl->is_array = true;
        lex_next(lx);
        while (lx->t != TOK_ARRAY_E) {
                if (!is_value_token(lx->t)) {
                        *err = parse_error_at(lx, lx->t == TOK_EOF ? "unclosed list" : "expected a value");
                        return -EINVAL;
                }
                if (vl) {
                        struct element *nv = realloc(vl->v, (vl->n + 1) * sizeof(*nv));

                        if (!nv)
                                return -ENOMEM;
                        vl->v = nv;
                        vl->v[vl->n++] = (struct element){.tb = lx->tb, .te = lx->te, .kind = lx->t};
                }
                lex_next(lx);
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

/* The whole file, as dm_config reads it. Lists of the keys we handle go to lp. */
static int lvm_parse(const struct text *in, struct lvm_parse *lp, struct parse_error *err)
{
        _cleanup_(strbuf_done) struct strbuf path = {0};
        _cleanup_free_ size_t *stack = NULL; /* path length before each open section */
        size_t depth = 0, cap = 0;
        const char *nul = memchr(in->data, '\0', in->size);
        struct lexer lx = {.s = in->data, .len = nul ? (size_t)(nul - in->data) : in->size, .t = TOK_EOF};
        int r;

        lex_next(&lx);
        for (;;) {
                size_t key_tb, key_te, saved;
                int key;

                if (lx.unterminated) {
                        *err = parse_error_at(&lx, NULL);
                        return -EINVAL;
                }
                if (lx.t == TOK_EOF) {
                        if (depth > 0) {
                                *err = (struct parse_error){lx.tb, "unclosed section"};
                                return -EINVAL;
                        }
                        return 0;
                }
                if (lx.t == TOK_SECTION_E) {
                        if (depth == 0) {
                                *err = (struct parse_error){lx.tb, "'}' without a section"};
                                return -EINVAL;
                        }
                        path.len = stack[--depth];
                        if (path.s)
                                path.s[path.len] = '\0';
                        lex_next(&lx);
                        continue;
                }
                if (lx.t != TOK_IDENTIFIER && lx.t != TOK_STRING && lx.t != TOK_STRING_ESCAPED) {
                        *err = (struct parse_error){lx.tb, "expected a name"};
                        return -EINVAL;
                }
                key_tb = lx.tb;
                key_te = lx.te;
                if (lx.t != TOK_IDENTIFIER) {
                        key_tb++;
                        key_te--;
                }
                if (key_te <= key_tb) {
                        *err = (struct parse_error){lx.tb, "empty name"};
                        return -EINVAL;
                }
                saved = path.len;
                r = path_append(&path, in->data + key_tb, key_te - key_tb);
                if (r < 0)
                        return r;
                lex_next(&lx);
                if (lx.t == TOK_SECTION_B) {
                        if (depth == cap) {
                                size_t ncap = cap ? cap * 2 : 8, *nv = realloc(stack, ncap * sizeof(*nv));

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
                        *err = (struct parse_error){lx.tb, "expected '=' or '{'"};
                        return -EINVAL;
                }
                key = key_of_path(path.s ? path.s : "");
                path.len = saved;
                if (path.s)
                        path.s[path.len] = '\0';
                lex_next(&lx);
                r = parse_value(&lx, key, lp, err);
                if (r < 0)
                        return r;
        }
}

/* ------------------------------------------------------------------------ */

/*
 * Find the action and the regex inside a filter pattern token ("a|re|",
 * 'r/re/'); the separator after the action closes the regex, with "(", "["
 * and "{" closed by their pairs (libdevmapper's _extract_pattern()).
 */
static bool filter_split(const char *s, struct element *e)
{
        size_t b = e->tb + 1, end = e->te - 1; /* inside the quotes */
        char sep;

        if (end < b + 3 || (s[b] != 'a' && s[b] != 'r'))
                return false;
        if (e->kind == TOK_STRING_ESCAPED && s[b + 1] == '\\' && s[b + 2] == '"') {
                /* "a\"regex\"": the separator is a quote, escaped in the string. */
                if (end < b + 5 || s[end - 2] != '\\' || s[end - 1] != '"')
                        return false;
                e->action = s[b];
                e->rx_start = b + 3;
                e->rx_end = end - 2;
                return true;
        }
        switch (s[b + 1]) {
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
                sep = s[b + 1];
        }
        if (s[end - 1] != sep)
                return false;
        e->action = s[b];
        e->rx_start = b + 2;
        e->rx_end = end - 1;
        return true;
}

static int lvm_warn(struct rewrite_out *out, const char *path, const struct text *in, const struct element *e,
                    enum lvm_key key, const char *what)
{
        _cleanup_(strbuf_done) struct strbuf esc = {0};
        int r;

        r = escape_for_display(in->data + e->tb, e->te - e->tb, &esc);
        if (r < 0)
                return r;
        return strv_pushf(&out->warnings, "'%s' line %zu: %s pattern %s %s", path, line_of(in, e->tb) + 1,
                          key_names[key], esc.s ? esc.s : "", what);
}

/* Check every element and compile its regex; warn about the ones that cannot be read. */
static int lvm_prepare(const struct text *in, const char *path, const struct devpattern_checker *chk,
                       struct value_list *vl, struct rewrite_out *out)
{
        int r;

        for (size_t k = 0; k < vl->n; k++) {
                struct element *e = &vl->v[k];
                const char *what = NULL;

                if (e->kind != TOK_STRING && e->kind != TOK_STRING_ESCAPED)
                        continue; /* LVM refuses unquoted patterns itself */
                if (memchr(in->data + e->tb, '\n', e->te - e->tb))
                        continue;
                if (vl->key == KEY_PREFERRED_NAMES) {
                        e->rx_start = e->tb + 1;
                        e->rx_end = e->te - 1;
                } else if (!filter_split(in->data, e)) {
                        r = lvm_warn(out, path, in, e, vl->key,
                                     "is not one LVM accepts (a|regex| or r|regex|): left as it is");
                        if (r < 0)
                                return r;
                        continue;
                }
                if (e->kind == TOK_STRING_ESCAPED && e->rx_end > e->rx_start &&
                    memmem(in->data + e->rx_start, e->rx_end - e->rx_start, "\\\\", 2))
                        /* LVM versions differ on what "\\" means in a string: not ours to guess. */
                        what = "has a doubled backslash, which LVM versions read differently: check it by hand";
                else {
                        r = devpattern_new(chk, in->data + e->rx_start, e->rx_end - e->rx_start, &e->pat);
                        if (r == -ENOMEM)
                                return r;
                        if (r == -E2BIG)
                                what = "is too long or too deeply nested to check: check it by hand";
                        else if (r < 0)
                                what = "is not a regular expression LVM accepts: left as it is";
                }
                if (what) {
                        r = lvm_warn(out, path, in, e, vl->key, what);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* Whether only blanks stand before the token on its line, and after it at most a comma and a comment. */
static bool element_alone(const struct text *in, const struct element *e)
{
        size_t line = line_of(in, e->tb), b = line_start(in, line), end = b + in->lines[line].len;
        size_t i;

        for (i = b; i < e->tb; i++)
                if (in->data[i] != ' ' && in->data[i] != '\t')
                        return false;
        i = e->te;
        while (i < end && (in->data[i] == ' ' || in->data[i] == '\t'))
                i++;
        if (i < end && in->data[i] == ',') {
                i++;
                while (i < end && (in->data[i] == ' ' || in->data[i] == '\t'))
                        i++;
        }
        return i == end || in->data[i] == '#';
}

/* The element text for a counterpart regex: same quotes, same action and separators. */
static int counterpart_token(const struct text *in, const struct element *e, const char *rx, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        int r;

        r = strbuf_append(&b, in->data + e->tb, e->rx_start - e->tb);
        if (r >= 0)
                r = strbuf_puts(&b, rx);
        if (r >= 0)
                r = strbuf_append(&b, in->data + e->rx_end, e->te - e->rx_end);
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

/* Put the counterparts of element k of vl into the file. */
static int lvm_emit(const struct text *in, const struct value_list *vl, size_t k, const struct strv *cps,
                    struct insertions *ins, struct rewrite_out *out)
{
        const struct element *e = &vl->v[k];
        size_t line = line_of(in, e->tb), ls = line_start(in, line);
        bool commas = vl->has_comma || vl->n == 1;
        _cleanup_(strv_done) struct strv toks = {0};
        _cleanup_(strbuf_done) struct strbuf reason = {0}, list = {0};
        _cleanup_free_ char *orig = NULL;
        int r;

        orig = strndup_or_null(in->data + e->tb, e->te - e->tb);
        if (!orig)
                return -ENOMEM;
        for (size_t c = 0; c < cps->n; c++) {
                _cleanup_free_ char *t = NULL;

                r = counterpart_token(in, e, cps->v[c], &t);
                if (r >= 0)
                        r = strv_push(&toks, t);
                if (r >= 0)
                        r = strbuf_printf(&list, "%s%s", c ? ", " : "", t);
                if (r < 0)
                        return r;
        }
        r = strbuf_printf(&reason, "%s %s: %s added for the pvops disk names (the Xenlinux pattern stays)",
                          key_names[vl->key], orig, list.s);
        if (r < 0)
                return r;

        if (!vl->is_array) {
                /* One string: make it a list. */
                _cleanup_(strbuf_done) struct strbuf tail = {0};

                for (size_t c = 0; c < toks.n && r >= 0; c++)
                        r = strbuf_printf(&tail, ", %s", toks.v[c]);
                if (r >= 0)
                        r = strbuf_puts(&tail, " ]");
                if (r >= 0)
                        r = insertions_add(ins, line, e->tb - ls, "[ ", reason.s);
                if (r >= 0)
                        r = insertions_add(ins, line, e->te - ls, tail.s, reason.s);
                return r;
        }

        if (element_alone(in, e)) {
                const struct line *l = &in->lines[line];
                size_t indent = 0;
                bool same_line_comma = e->comma_after && line_of(in, e->comma_end - 1) == line;
                bool add_comma = commas && !e->comma_after;

                while (indent < l->len && (l->s[indent] == ' ' || l->s[indent] == '\t'))
                        indent++;
                if (add_comma) {
                        r = insertions_add(ins, line, e->te - ls, ",", reason.s);
                        if (r < 0)
                                return r;
                }
                for (size_t c = 0; c < toks.n; c++) {
                        _cleanup_(strbuf_done) struct strbuf nl = {0};
                        bool comma = same_line_comma || (add_comma && c + 1 < toks.n);

                        r = strbuf_append(&nl, l->s, indent);
                        if (r >= 0)
                                r = strbuf_printf(&nl, "%s%s", toks.v[c], comma ? "," : "");
                        if (r >= 0)
                                r = edit_list_insert(&out->edits, line + 1, nl.s, reason.s);
                        if (r < 0)
                                return r;
                }
                return 0;
        }

        for (size_t c = 0; c < toks.n; c++) {
                _cleanup_free_ char *t = NULL;

                if (asprintf(&t, "%s%s", commas ? ", " : " ", toks.v[c]) < 0)
                        return -ENOMEM;
                r = insertions_add(ins, line, e->te - ls, t, reason.s);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Translate the patterns of one list, group by group (a group: neighbours with the same action). */
static int lvm_translate_list(const struct text *in, const char *path, const struct devpattern_checker *chk,
                              const struct value_list *vl, struct insertions *ins, struct rewrite_out *out)
{
        int r;

        for (size_t g = 0; g < vl->n;) {
                _cleanup_(devpattern_cover_freep) struct devpattern_cover *cover = NULL;
                size_t h = g;

                if (!vl->v[g].pat) {
                        g++;
                        continue;
                }
                while (h < vl->n && vl->v[h].pat && vl->v[h].action == vl->v[g].action)
                        h++;
                r = devpattern_cover_new(chk, &cover);
                if (r < 0)
                        return r;
                for (size_t k = g; k < h; k++)
                        devpattern_cover_add(cover, vl->v[k].pat);

                for (size_t k = g; k < h; k++) {
                        _cleanup_(strv_done) struct strv cps = {0};
                        enum devpattern_verdict verdict;

                        r = devpattern_translate(chk, vl->v[k].pat, cover, &verdict, &cps);
                        if (r < 0)
                                return r;
                        if (verdict == DEVPATTERN_UNTRANSLATABLE)
                                r = lvm_warn(out, path, in, &vl->v[k], vl->key,
                                             "matches Xenlinux disk names (sdX/hdX) but not their pvops names, "
                                             "and domufix cannot translate it: add a pattern for the xvd names "
                                             "by hand");
                        else if (verdict == DEVPATTERN_TRANSLATED)
                                r = lvm_emit(in, vl, k, &cps, ins, out);
                        if (r < 0)
                                return r;
                }
                g = h;
        }
        return 0;
}

static int lvm_rewrite(const struct text *in, bool exists, const char *path, const struct facts *facts,
                       struct rewrite_out *out)
{
        _cleanup_(devpattern_checker_freep) struct devpattern_checker *chk = NULL;
        _cleanup_(lvm_parse_done) struct lvm_parse lp = {0};
        _cleanup_(insertions_done) struct insertions ins = {0};
        struct parse_error err = {0};
        size_t n_edits = out->edits.n;
        int r;

        if (!exists || in->n_lines == 0)
                return 0;
        r = lvm_parse(in, &lp, &err);
        if (r == -EINVAL)
                return strv_pushf(&out->warnings, "'%s' line %zu: cannot be read as LVM reads it (%s): left as it is",
                                  path, line_of(in, err.offset) + 1, err.what);
        if (r < 0 || lp.n_lists == 0)
                return r;

        r = devpattern_checker_new(&facts->devmap, DEVPATTERN_LVM_REGEX, &chk);
        if (r < 0)
                return r;
        for (size_t i = 0; i < lp.n_lists; i++) {
                r = lvm_prepare(in, path, chk, &lp.lists[i], out);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < lp.n_lists; i++) {
                r = lvm_translate_list(in, path, chk, &lp.lists[i], &ins, out);
                if (r < 0)
                        return r;
        }
        r = insertions_apply(&ins, in, path, out);
        if (r < 0)
                return r;
        if (out->edits.n > n_edits)
                return strv_pushf(&out->next_steps,
                                  "rebuild the initrd of the pvops kernel: it carries a copy of %s", path);
        return 0;
}

const struct rewriter rewriter_lvm_conf = {
        .name = "lvm-conf",
        .paths = (const char *const[]){"/etc/lvm/lvm.conf", "/etc/lvm/lvmlocal.conf", NULL},
        .rewrite = lvm_rewrite,
};
