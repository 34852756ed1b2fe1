/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The diff is rendered straight from the origin map of the result: every
 * result line is either an original line (kept) or a new one (added), and
 * original lines missing from the result were removed. Within a block of
 * changes, removals are shown before additions, as diff(1) does.
 *
 * A device node (CHANGE_MKNOD) has no content, and patch(1) cannot make one:
 * it is shown as comment lines only, which patch skips as garbage between
 * file diffs, e.g.
 *   # mknod /dev/xvda1 b 202 1 (mode 0660, owner 0:6): block device 202:1 ...
 * So `patch -p1` does not create nodes; `domufix apply` does (as root). A
 * diff of nothing but nodes makes patch say "Only garbage was found in the
 * patch input." (exit status 2): there is no file for it to change.
 */
#include <string.h>
#include <sys/sysmacros.h>

#include "diff.h"

enum op_kind { OP_KEEP, OP_DEL, OP_ADD };

struct op {
        enum op_kind kind;
        size_t old_line; /* for KEEP and DEL */
        size_t new_line; /* for KEEP and ADD */
};

#define C_RESET "\033[m"
#define C_META "\033[1m"
#define C_FRAG "\033[36m"
#define C_OLD "\033[31m"
#define C_NEW "\033[32m"

/* Build the edit script; returns the number of ops in *ret_n. */
static int diff_ops(const struct change *c, struct op **ret, size_t *ret_n)
{
        const struct text_result *r = c->result;
        size_t n_old = c->orig_text->n_lines, oi = 0, n = 0;
        struct op *ops;

        ops = calloc(n_old + r->n_lines + 1, sizeof(*ops));
        if (!ops)
                return -ENOMEM;

        for (size_t ni = 0; ni <= r->n_lines; ni++) {
                size_t until = ni < r->n_lines && r->lines[ni].orig >= 0 ? (size_t)r->lines[ni].orig : n_old;
                bool is_orig = ni < r->n_lines && r->lines[ni].orig >= 0;

                if (ni < r->n_lines && !is_orig) {
                        ops[n++] = (struct op){.kind = OP_ADD, .new_line = ni};
                        continue;
                }
                /* Removed original lines go before the additions of the same block. */
                if (oi < until) {
                        size_t first_add = n;
                        while (first_add > 0 && ops[first_add - 1].kind == OP_ADD)
                                first_add--;
                        size_t n_del = until - oi;
                        memmove(ops + first_add + n_del, ops + first_add, (n - first_add) * sizeof(*ops));
                        for (size_t k = 0; k < n_del; k++)
                                ops[first_add + k] = (struct op){.kind = OP_DEL, .old_line = oi + k};
                        n += n_del;
                        oi = until;
                }
                if (is_orig) {
                        ops[n++] = (struct op){.kind = OP_KEEP, .old_line = oi, .new_line = ni};
                        oi++;
                }
        }
        *ret = ops;
        *ret_n = n;
        return 0;
}

static int put_line(struct strbuf *out, const struct diff_options *o, const char *color, char sign, const char *s,
                    size_t len, size_t eol_len, const char *eol)
{
        int r = 0;

        if (o->color && color)
                r = strbuf_puts(out, color);
        if (r >= 0)
                r = strbuf_putc(out, sign);
        if (r >= 0)
                r = o->escape ? escape_for_display(s, len, out) : strbuf_append(out, s, len);
        if (r >= 0 && o->color && color)
                r = strbuf_puts(out, C_RESET);
        if (r < 0)
                return r;
        if (eol_len == 0)
                return strbuf_puts(out, "\n\\ No newline at end of file\n");
        /* A CRLF line keeps its CR so that patch(1) reproduces it. */
        return strbuf_append(out, eol, eol_len);
}

static int put_op(struct strbuf *out, const struct diff_options *o, const struct change *c, const struct op *op)
{
        const char *s, *eol;
        size_t len, eol_len;

        if (op->kind == OP_DEL) {
                const struct line *l = &c->orig_text->lines[op->old_line];
                return put_line(out, o, C_OLD, '-', l->s, l->len, l->eol_len, l->eol_len == 2 ? "\r\n" : "\n");
        }
        text_result_line(c->result, op->new_line, &s, &len, &eol, &eol_len);
        return put_line(out, o, op->kind == OP_ADD ? C_NEW : NULL, op->kind == OP_ADD ? '+' : ' ', s, len, eol_len,
                        eol);
}

static int put_header(struct strbuf *out, const struct diff_options *o, const struct change *c)
{
        int r = 0;

        for (size_t i = 0; i < c->via.n && r >= 0; i++)
                r = strbuf_printf(out, "# %s -> %s\n", c->via.v[i], c->path);
        for (size_t i = 0; i < c->reasons.n && r >= 0; i++) {
                r = strbuf_printf(out, "# %s: ", c->path);
                if (r >= 0)
                        r = escape_for_display(c->reasons.v[i], strlen(c->reasons.v[i]), out);
                if (r >= 0)
                        r = strbuf_putc(out, '\n');
        }
        if (r < 0)
                return r;
        if (o->color)
                r = strbuf_puts(out, C_META);
        if (r >= 0)
                r = c->action == CHANGE_CREATE ? strbuf_puts(out, "--- /dev/null\n")
                                               : strbuf_printf(out, "--- a%s\n", c->path);
        if (r >= 0)
                r = c->action == CHANGE_DELETE ? strbuf_puts(out, "+++ /dev/null\n")
                                               : strbuf_printf(out, "+++ b%s\n", c->path);
        if (r >= 0 && o->color)
                r = strbuf_puts(out, C_RESET);
        return r;
}

/* Start line for a hunk header: 1-based first line, or the line before when the range is empty. */
static size_t hunk_start(size_t first_index, size_t count)
{
        return count ? first_index + 1 : first_index;
}

/* "START,COUNT", or just "START" for a one-line range, as diff(1) writes it. */
static int put_range(struct strbuf *out, const char *prefix, size_t start, size_t count)
{
        if (count == 1)
                return strbuf_printf(out, "%s%zu", prefix, start);
        return strbuf_printf(out, "%s%zu,%zu", prefix, start, count);
}

/* Comment lines only: "# mknod PATH b|c MAJOR MINOR (mode 0660, owner 0:6): REASON; REASON". */
static int put_mknod(struct strbuf *out, const struct diff_options *o, const struct change *c)
{
        int r = 0;

        for (size_t i = 0; i < c->via.n && r >= 0; i++) {
                r = strbuf_puts(out, "# ");
                if (r >= 0)
                        r = escape_for_display(c->via.v[i], strlen(c->via.v[i]), out);
                if (r >= 0)
                        r = strbuf_puts(out, " -> ");
                if (r >= 0)
                        r = escape_for_display(c->path, strlen(c->path), out);
                if (r >= 0)
                        r = strbuf_putc(out, '\n');
        }
        if (r >= 0 && o->color)
                r = strbuf_puts(out, C_META);
        if (r >= 0)
                r = strbuf_puts(out, "# mknod ");
        if (r >= 0)
                r = escape_for_display(c->path, strlen(c->path), out);
        if (r >= 0)
                r = strbuf_printf(out, " %c %u %u (mode %04o, owner %u:%u)", S_ISBLK(c->node_mode) ? 'b' : 'c',
                                  major(c->node_rdev), minor(c->node_rdev), (unsigned)(c->node_mode & 07777),
                                  (unsigned)c->node_uid, (unsigned)c->node_gid);
        for (size_t i = 0; i < c->reasons.n && r >= 0; i++) {
                r = strbuf_puts(out, i == 0 ? ": " : "; ");
                if (r >= 0)
                        r = escape_for_display(c->reasons.v[i], strlen(c->reasons.v[i]), out);
        }
        if (r >= 0 && o->color)
                r = strbuf_puts(out, C_RESET);
        if (r >= 0)
                r = strbuf_putc(out, '\n');
        return r;
}

int diff_render_change(const struct change *c, const struct diff_options *o, struct strbuf *out)
{
        _cleanup_free_ struct op *ops = NULL;
        size_t n_ops, ctx = o->context;
        int r;

        if (c->action == CHANGE_MKNOD)
                return put_mknod(out, o, c);
        if (c->action == CHANGE_DELETE) {
                /* Every original line removed. */
                ops = calloc(c->orig_text->n_lines + 1, sizeof(*ops));
                if (!ops)
                        return -ENOMEM;
                for (size_t i = 0; i < c->orig_text->n_lines; i++)
                        ops[i] = (struct op){.kind = OP_DEL, .old_line = i};
                n_ops = c->orig_text->n_lines;
        } else {
                r = diff_ops(c, &ops, &n_ops);
                if (r < 0)
                        return r;
        }

        r = put_header(out, o, c);
        if (r < 0)
                return r;

        for (size_t i = 0; i < n_ops;) {
                size_t start, end, old_first, new_first, old_count = 0, new_count = 0;

                if (ops[i].kind == OP_KEEP) {
                        i++;
                        continue;
                }
                /* Extend the hunk while the next change is within 2*ctx kept lines. */
                start = i > ctx ? i - ctx : 0;
                while (start < i && ops[start].kind != OP_KEEP)
                        start++;
                end = i;
                for (;;) {
                        size_t j = end, keeps = 0;
                        while (j < n_ops && ops[j].kind != OP_KEEP)
                                j++;
                        end = j;
                        while (j < n_ops && ops[j].kind == OP_KEEP && keeps <= 2 * ctx) {
                                j++;
                                keeps++;
                        }
                        if (j < n_ops && ops[j].kind != OP_KEEP && keeps <= 2 * ctx) {
                                end = j;
                                continue;
                        }
                        break;
                }
                /* Trailing context. */
                for (size_t k = 0; k < ctx && end < n_ops && ops[end].kind == OP_KEEP; k++)
                        end++;

                /* Line numbers of the first old and new line of the hunk. */
                old_first = new_first = 0;
                for (size_t k = 0; k < start; k++) {
                        if (ops[k].kind != OP_ADD)
                                old_first = ops[k].old_line + 1;
                        if (ops[k].kind != OP_DEL)
                                new_first = ops[k].new_line + 1;
                }
                for (size_t k = start; k < end; k++) {
                        if (ops[k].kind != OP_ADD)
                                old_count++;
                        if (ops[k].kind != OP_DEL)
                                new_count++;
                }

                if (o->color)
                        r = strbuf_puts(out, C_FRAG);
                if (r >= 0)
                        r = put_range(out, "@@ -", hunk_start(old_first, old_count), old_count);
                if (r >= 0)
                        r = put_range(out, " +", hunk_start(new_first, new_count), new_count);
                if (r >= 0)
                        r = strbuf_puts(out, " @@");
                if (r >= 0 && o->color)
                        r = strbuf_puts(out, C_RESET);
                if (r >= 0)
                        r = strbuf_putc(out, '\n');
                for (size_t k = start; k < end && r >= 0; k++)
                        r = put_op(out, o, c, &ops[k]);
                if (r < 0)
                        return r;
                i = end;
        }
        return 0;
}

int diff_render_plan(const struct plan *p, const struct diff_options *o, struct strbuf *out)
{
        for (size_t i = 0; i < p->n_changes; i++) {
                int r = diff_render_change(&p->changes[i], o, out);
                if (r < 0)
                        return r;
        }
        return 0;
}
