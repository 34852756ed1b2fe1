/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * LVM's regular expressions (see lvm-regex.h for the syntax).
 *
 * A pattern is tokenized as libdevmapper does, parsed by recursive descent
 * into a small tree (sequences and alternatives are n-ary, so only groups
 * and quantifiers nest), then compiled into a Thompson NFA. Matching runs
 * the NFA over "^name$" (with the marker characters libdevmapper uses)
 * keeping a set of states, and starts a new thread at every position: that
 * is the ".*" libdevmapper puts in front of every pattern. Time is linear in
 * the length of the name times the number of states, whatever the pattern.
 */
#include <string.h>

#include "lvm-regex.h"

enum node_kind {
        NODE_SET,
        NODE_SEQ,
        NODE_ALT,
        NODE_STAR,
        NODE_PLUS,
        NODE_QUEST,
};

struct node {
        enum node_kind kind;
        uint64_t set[4];
        size_t *kids; /* NODE_SEQ, NODE_ALT: the parts; quantifiers: one */
        size_t n_kids;
};

enum state_kind {
        STATE_CHAR,  /* one character of set, then out */
        STATE_SPLIT, /* out and out1, without input */
        STATE_MATCH,
};

struct state {
        enum state_kind kind;
        uint64_t set[4];
        size_t out, out1;
};

struct lvm_regex {
        struct state *states;
        size_t n_states;
        size_t start;
        /* Scratch space for matching, allocated once: two state sets and a stack. */
        uint64_t *cur, *next;
        size_t *stack;
};

static void set_add(uint64_t set[4], unsigned char c)
{
        set[c / 64] |= UINT64_C(1) << (c % 64);
}

static void set_del(uint64_t set[4], unsigned char c)
{
        set[c / 64] &= ~(UINT64_C(1) << (c % 64));
}

static unsigned char escaped_char(char c)
{
        switch (c) {
        case 'n':
                return '\n';
        case 'r':
                return '\r';
        case 't':
                return '\t';
        default:
                return (unsigned char)c;
        }
}

/* A set "[...]" starting at s[i] == '['; *ret_end is the index after the ']'. */
static int tokenize_set(const char *s, size_t len, size_t i, struct lvm_rx_token *t, size_t *ret_end)
{
        bool neg = false, range = false;
        unsigned lc = 0;

        i++;
        if (i < len && s[i] == '^') {
                neg = true;
                memset(t->set, 0xff, sizeof(t->set));
                set_del(t->set, 0);
                i++;
        }
        while (i < len && s[i] != ']') {
                unsigned c;

                if (s[i] == '\\') {
                        i++;
                        if (i >= len)
                                return -EINVAL;
                        c = escaped_char(s[i]);
                } else if (s[i] == '-' && lc) {
                        range = true;
                        i++;
                        if (i >= len)
                                return -EINVAL;
                        c = (unsigned char)s[i];
                } else
                        c = (unsigned char)s[i];

                if (range) {
                        unsigned lo = lc < c ? lc : c, hi = lc < c ? c : lc;

                        for (unsigned x = lo; x <= hi; x++)
                                neg ? set_del(t->set, (unsigned char)x) : set_add(t->set, (unsigned char)x);
                        range = false;
                } else
                        neg ? set_del(t->set, (unsigned char)c) : set_add(t->set, (unsigned char)c);
                i++;
                lc = c;
        }
        if (i >= len)
                return -EINVAL;
        t->negated = neg;
        *ret_end = i + 1;
        return 0;
}

int lvm_regex_tokenize(const char *s, size_t len, struct lvm_rx_token **ret, size_t *ret_n)
{
        _cleanup_free_ struct lvm_rx_token *v = NULL;
        size_t n = 0, i = 0;
        int r;

        if (len > LVM_REGEX_MAX_LEN)
                return -E2BIG;
        if (memchr(s, '\0', len))
                return -EINVAL;
        v = calloc(len + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;

        while (i < len) {
                struct lvm_rx_token *t = &v[n];
                size_t end = i + 1;

                *t = (struct lvm_rx_token){.kind = LVM_RX_SET, .start = i};
                switch (s[i]) {
                case '[':
                        r = tokenize_set(s, len, i, t, &end);
                        if (r < 0)
                                return r;
                        break;
                case '(':
                        t->kind = LVM_RX_OPEN;
                        break;
                case ')':
                        t->kind = LVM_RX_CLOSE;
                        break;
                case '|':
                        t->kind = LVM_RX_OR;
                        break;
                case '*':
                        t->kind = LVM_RX_STAR;
                        break;
                case '+':
                        t->kind = LVM_RX_PLUS;
                        break;
                case '?':
                        t->kind = LVM_RX_QUEST;
                        break;
                case '^':
                        set_add(t->set, LVM_REGEX_HAT_CHAR);
                        break;
                case '$':
                        set_add(t->set, LVM_REGEX_DOLLAR_CHAR);
                        break;
                case '.':
                        memset(t->set, 0xff, sizeof(t->set));
                        set_del(t->set, '\n');
                        set_del(t->set, '\r');
                        set_del(t->set, 0);
                        t->any = true;
                        break;
                case '\\':
                        if (i + 1 >= len)
                                return -EINVAL;
                        set_add(t->set, escaped_char(s[i + 1]));
                        end = i + 2;
                        break;
                default:
                        set_add(t->set, (unsigned char)s[i]);
                        break;
                }
                t->end = end;
                n++;
                i = end;
        }

        *ret = TAKE_PTR(v);
        *ret_n = n;
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Parser: tokens -> tree */

struct parser {
        const struct lvm_rx_token *tok;
        size_t n_tok, pos;
        struct node *nodes;
        size_t n_nodes, cap_nodes;
        int error; /* -EINVAL, -E2BIG or -ENOMEM once something failed */
};

static void parser_done(struct parser *p)
{
        for (size_t i = 0; i < p->n_nodes; i++)
                free(p->nodes[i].kids);
        free(p->nodes);
}

/* Returns the index of a new node, or SIZE_MAX with p->error set. */
static size_t node_new(struct parser *p, enum node_kind kind)
{
        if (p->n_nodes == p->cap_nodes) {
                size_t cap = p->cap_nodes ? p->cap_nodes * 2 : 16;
                struct node *nv = realloc(p->nodes, cap * sizeof(*nv));

                if (!nv) {
                        p->error = -ENOMEM;
                        return SIZE_MAX;
                }
                p->nodes = nv;
                p->cap_nodes = cap;
        }
        p->nodes[p->n_nodes] = (struct node){.kind = kind};
        return p->n_nodes++;
}

static bool node_add_kid(struct parser *p, size_t node, size_t kid)
{
        struct node *n = &p->nodes[node];
        size_t *nv = realloc(n->kids, (n->n_kids + 1) * sizeof(*nv));

        if (!nv) {
                p->error = -ENOMEM;
                return false;
        }
        n->kids = nv;
        n->kids[n->n_kids++] = kid;
        return true;
}

static bool at(const struct parser *p, enum lvm_rx_token_kind kind)
{
        return p->pos < p->n_tok && p->tok[p->pos].kind == kind;
}

static size_t parse_alt(struct parser *p, unsigned depth);

static size_t fail(struct parser *p, int error)
{
        if (!p->error)
                p->error = error;
        return SIZE_MAX;
}

/* An atom (a set or a group) and its quantifiers. */
static size_t parse_closure(struct parser *p, unsigned depth)
{
        size_t n;

        if (at(p, LVM_RX_SET)) {
                n = node_new(p, NODE_SET);
                if (n == SIZE_MAX)
                        return n;
                memcpy(p->nodes[n].set, p->tok[p->pos].set, sizeof(p->nodes[n].set));
                p->pos++;
        } else if (at(p, LVM_RX_OPEN)) {
                p->pos++;
                n = parse_alt(p, depth + 1);
                if (n == SIZE_MAX)
                        return n;
                if (!at(p, LVM_RX_CLOSE))
                        return fail(p, -EINVAL);
                p->pos++;
        } else
                return fail(p, -EINVAL);

        for (unsigned k = 0; at(p, LVM_RX_STAR) || at(p, LVM_RX_PLUS) || at(p, LVM_RX_QUEST); k++) {
                enum node_kind kind = at(p, LVM_RX_STAR) ? NODE_STAR : at(p, LVM_RX_PLUS) ? NODE_PLUS : NODE_QUEST;
                size_t q;

                if (depth + k > LVM_REGEX_MAX_DEPTH)
                        return fail(p, -E2BIG);
                q = node_new(p, kind);
                if (q == SIZE_MAX || !node_add_kid(p, q, n))
                        return SIZE_MAX;
                n = q;
                p->pos++;
        }
        return n;
}

/* One or more closures up to '|', ')' or the end. */
static size_t parse_seq(struct parser *p, unsigned depth)
{
        size_t seq = SIZE_MAX, first = SIZE_MAX;

        while (at(p, LVM_RX_SET) || at(p, LVM_RX_OPEN)) {
                size_t n = parse_closure(p, depth);

                if (n == SIZE_MAX)
                        return n;
                if (first == SIZE_MAX) {
                        first = n;
                        continue;
                }
                if (seq == SIZE_MAX) {
                        seq = node_new(p, NODE_SEQ);
                        if (seq == SIZE_MAX || !node_add_kid(p, seq, first))
                                return SIZE_MAX;
                }
                if (!node_add_kid(p, seq, n))
                        return SIZE_MAX;
        }
        if (first == SIZE_MAX)
                return fail(p, -EINVAL); /* empty, or a quantifier with nothing before it */
        return seq != SIZE_MAX ? seq : first;
}

static size_t parse_alt(struct parser *p, unsigned depth)
{
        size_t first, alt;

        if (depth > LVM_REGEX_MAX_DEPTH)
                return fail(p, -E2BIG);
        first = parse_seq(p, depth);
        if (first == SIZE_MAX || !at(p, LVM_RX_OR))
                return first;
        alt = node_new(p, NODE_ALT);
        if (alt == SIZE_MAX || !node_add_kid(p, alt, first))
                return SIZE_MAX;
        while (at(p, LVM_RX_OR)) {
                size_t n;

                p->pos++;
                n = parse_seq(p, depth);
                if (n == SIZE_MAX || !node_add_kid(p, alt, n))
                        return SIZE_MAX;
        }
        return alt;
}

/* ------------------------------------------------------------------------ */
/* Compiler: tree -> NFA */

struct compiler {
        const struct node *nodes;
        struct state *states;
        size_t n_states, cap_states;
};

/* Returns the index of a new state or SIZE_MAX on -ENOMEM. */
static size_t state_new(struct compiler *c, enum state_kind kind, size_t out, size_t out1)
{
        if (c->n_states == c->cap_states) {
                size_t cap = c->cap_states ? c->cap_states * 2 : 32;
                struct state *nv = realloc(c->states, cap * sizeof(*nv));

                if (!nv)
                        return SIZE_MAX;
                c->states = nv;
                c->cap_states = cap;
        }
        c->states[c->n_states] = (struct state){.kind = kind, .out = out, .out1 = out1};
        return c->n_states++;
}

/* The start state of node's NFA, whose accepting exits lead to next; SIZE_MAX on -ENOMEM. */
static size_t compile_node(struct compiler *c, size_t node, size_t next)
{
        const struct node *n = &c->nodes[node];
        size_t s, body;

        switch (n->kind) {
        case NODE_SET:
                s = state_new(c, STATE_CHAR, next, SIZE_MAX);
                if (s != SIZE_MAX)
                        memcpy(c->states[s].set, n->set, sizeof(n->set));
                return s;
        case NODE_SEQ:
                s = next;
                for (size_t i = n->n_kids; i > 0 && s != SIZE_MAX; i--)
                        s = compile_node(c, n->kids[i - 1], s);
                return s;
        case NODE_ALT:
                s = compile_node(c, n->kids[n->n_kids - 1], next);
                for (size_t i = n->n_kids - 1; i > 0 && s != SIZE_MAX; i--) {
                        size_t k = compile_node(c, n->kids[i - 1], next);

                        if (k == SIZE_MAX)
                                return k;
                        s = state_new(c, STATE_SPLIT, k, s);
                }
                return s;
        case NODE_STAR:
        case NODE_PLUS:
                /* A loop state: into the body again, or on to next. */
                s = state_new(c, STATE_SPLIT, SIZE_MAX, next);
                if (s == SIZE_MAX)
                        return s;
                body = compile_node(c, n->kids[0], s);
                if (body == SIZE_MAX)
                        return body;
                c->states[s].out = body;
                return n->kind == NODE_STAR ? s : body;
        case NODE_QUEST:
                body = compile_node(c, n->kids[0], next);
                if (body == SIZE_MAX)
                        return body;
                return state_new(c, STATE_SPLIT, body, next);
        }
        return SIZE_MAX;
}

int lvm_regex_compile(const char *s, size_t len, struct lvm_regex **ret)
{
        _cleanup_free_ struct lvm_rx_token *tok = NULL;
        struct parser p = {0};
        struct compiler c = {0};
        struct lvm_regex *re;
        size_t root, match;
        int r;

        r = lvm_regex_tokenize(s, len, &tok, &p.n_tok);
        if (r < 0)
                return r;
        p.tok = tok;
        root = parse_alt(&p, 0);
        if (root == SIZE_MAX || p.pos != p.n_tok) {
                r = p.error ? p.error : -EINVAL;
                parser_done(&p);
                return r;
        }

        c.nodes = p.nodes;
        match = state_new(&c, STATE_MATCH, SIZE_MAX, SIZE_MAX);
        root = match == SIZE_MAX ? SIZE_MAX : compile_node(&c, root, match);
        parser_done(&p);
        re = root == SIZE_MAX ? NULL : calloc(1, sizeof(*re));
        if (!re) {
                free(c.states);
                return -ENOMEM;
        }
        *re = (struct lvm_regex){.states = c.states, .n_states = c.n_states, .start = root};
        re->cur = calloc((c.n_states + 63) / 64, sizeof(*re->cur));
        re->next = calloc((c.n_states + 63) / 64, sizeof(*re->next));
        /* Each state is expanded once per closure, and a split pushes two: 2n + 1 entries at most. */
        re->stack = calloc(2 * c.n_states + 2, sizeof(*re->stack));
        if (!re->cur || !re->next || !re->stack) {
                lvm_regex_free(re);
                return -ENOMEM;
        }
        *ret = re;
        return 0;
}

struct lvm_regex *lvm_regex_free(struct lvm_regex *re)
{
        if (re) {
                free(re->states);
                free(re->cur);
                free(re->next);
                free(re->stack);
                free(re);
        }
        return NULL;
}

/* Add state s and everything reachable from it without input to the set. */
static bool closure_add(const struct lvm_regex *re, uint64_t *set, size_t *stack, size_t s)
{
        size_t top = 0;
        bool match = false;

        stack[top++] = s;
        while (top > 0) {
                size_t x = stack[--top];
                const struct state *st;

                if (x == SIZE_MAX || (set[x / 64] >> (x % 64)) & 1)
                        continue;
                set[x / 64] |= UINT64_C(1) << (x % 64);
                st = &re->states[x];
                if (st->kind == STATE_MATCH)
                        match = true;
                else if (st->kind == STATE_SPLIT) {
                        stack[top++] = st->out1;
                        stack[top++] = st->out;
                }
        }
        return match;
}

size_t lvm_regex_set_words(const struct lvm_regex *re)
{
        return (re->n_states + 63) / 64;
}

bool lvm_regex_start(struct lvm_regex *re, uint64_t *set)
{
        memset(set, 0, lvm_regex_set_words(re) * sizeof(*set));
        return closure_add(re, set, re->stack, re->start);
}

bool lvm_regex_feed(struct lvm_regex *re, const uint64_t *cur, unsigned char c, uint64_t *next)
{
        bool match = false;

        memset(next, 0, lvm_regex_set_words(re) * sizeof(*next));
        for (size_t x = 0; x < re->n_states; x++) {
                const struct state *st = &re->states[x];

                if (!((cur[x / 64] >> (x % 64)) & 1) || st->kind != STATE_CHAR || !lvm_rx_set_has(st->set, c))
                        continue;
                if (closure_add(re, next, re->stack, st->out))
                        match = true;
        }
        /* A match may start anywhere: the ".*" in front of every LVM pattern. */
        if (closure_add(re, next, re->stack, re->start))
                match = true;
        return match;
}

bool lvm_regex_match(struct lvm_regex *re, const char *name)
{
        size_t len;

        if (!re || !name)
                return false;
        len = strlen(name);
        if (len > 1024)
                return false;
        if (lvm_regex_start(re, re->cur) || lvm_regex_feed(re, re->cur, LVM_REGEX_HAT_CHAR, re->next))
                return true;
        for (size_t i = 0; i < len; i++) {
                uint64_t *t;

                if (lvm_regex_feed(re, re->next, (unsigned char)name[i], re->cur))
                        return true;
                t = re->cur;
                re->cur = re->next;
                re->next = t;
        }
        return lvm_regex_feed(re, re->next, LVM_REGEX_DOLLAR_CHAR, re->cur);
}
