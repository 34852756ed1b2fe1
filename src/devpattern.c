/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device-name patterns and their pvops counterparts (see devpattern.h for
 * the rules).
 *
 * A pattern is evaluated once, on every sample name, into three bitmaps:
 * the Xenlinux samples it matches, the pvops names (images) it matches and
 * the other names it matches. Everything after that (is it about disks, is
 * it covered, does a translation pass the check) is bitmap arithmetic.
 */
#include <fnmatch.h>
#include <string.h>

#include "devpattern.h"
#include "lvm-regex.h"

enum family {
        FAM_SD,
        FAM_HD,
};

#define FAM_BIT(f) (1u << (f))

/* Partition suffixes of the samples: whole disks, 1 to 16 (sd has 15), and a few IDE ones above. */
static const char *const sample_parts[] = {"",   "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10",
                                           "11", "12", "13", "14", "15", "16", "20", "32", "63"};

/* Names that are no Xen disk: a counterpart must not match one its pattern does not. */
static const char *const other_names[] = {
        "/dev/md0",
        "/dev/md/0",
        "/dev/md127",
        "/dev/mapper/VolGroup00-LogVol00",
        "/dev/VolGroup00/LogVol00",
        "/dev/dm-0",
        "/dev/loop0",
        "/dev/sr0",
        "/dev/scd0",
        "/dev/fd0",
        "/dev/cdrom",
        "/dev/ram0",
        "/dev/disk/by-id/ata-QEMU_HARDDISK_QM00001-part1",
        "/dev/disk/by-uuid/0f4c6b0e-6c1b-4d3e-8f3a-2b9f1d7c5e11",
        "/dev/disk/by-path/xen-vbd-51713",
        "/dev/block/202:1",
        "/dev/vda1",
        "/dev/nvme0n1p1",
        "/dev/cciss/c0d0p1",
};

struct sample {
        char *old;
        enum family fam;
        size_t img; /* index into images */
};

/* Which bitmap a name of the trie goes to. */
enum name_kind {
        NAME_NONE,
        NAME_OLD,   /* samples[index].old */
        NAME_IMAGE, /* images.v[index] */
        NAME_OTHER, /* other_names[index] */
};

/*
 * Every name the patterns run on, as a trie (first child, next sibling), so
 * that an LVM regex reads each shared prefix once.
 */
struct trie_node {
        size_t child, sibling;
        enum name_kind kind; /* the name that ends here, if any */
        size_t index;
        unsigned char c;
};

struct devpattern_checker {
        enum devpattern_syntax syntax;
        struct devmap map;
        struct sample *samples;
        size_t n_samples;
        struct strv images;
        struct trie_node *trie; /* trie[0] is the root */
        size_t n_trie;
        size_t depth; /* the longest name */
};

struct devpattern {
        enum devpattern_syntax syntax;
        char *text;
        size_t len;
        struct lvm_regex *re; /* DEVPATTERN_LVM_REGEX */
        uint64_t *old_bits, *img_bits, *other_bits;
};

struct devpattern_cover {
        uint64_t *bits;
        size_t n_images;
};

static size_t bit_words(size_t n)
{
        return n / 64 + 1;
}

static bool bit_get(const uint64_t *b, size_t i)
{
        return (b[i / 64] >> (i % 64)) & 1;
}

static void bit_set(uint64_t *b, size_t i)
{
        b[i / 64] |= UINT64_C(1) << (i % 64);
}

/* ------------------------------------------------------------------------ */
/* Samples */

struct devpattern_checker *devpattern_checker_free(struct devpattern_checker *c)
{
        if (!c)
                return NULL;
        for (size_t i = 0; i < c->n_samples; i++)
                free(c->samples[i].old);
        free(c->samples);
        strv_done(&c->images);
        free(c->trie);
        free(c);
        return NULL;
}

/*
 * Add a name; nodes are preallocated (one per character at most). The path
 * of the previous name (path[d]: its node at depth d, prev its text) saves
 * walking the prefix they share, which is most of it: names come in order.
 */
static int trie_add(struct devpattern_checker *c, size_t *path, const char **prev, const char *name,
                    enum name_kind kind, size_t index)
{
        size_t len = strlen(name), d = 0, node;

        while (d < len && (*prev)[d] == name[d])
                d++;
        node = path[d];
        for (; d < len; d++) {
                unsigned char ch = (unsigned char)name[d];
                size_t k = c->trie[node].child;

                while (k != SIZE_MAX && c->trie[k].c != ch)
                        k = c->trie[k].sibling;
                if (k == SIZE_MAX) {
                        k = c->n_trie++;
                        c->trie[k] = (struct trie_node){.child = SIZE_MAX, .sibling = c->trie[node].child, .c = ch};
                        c->trie[node].child = k;
                }
                node = k;
                path[d + 1] = k;
        }
        *prev = name;
        if (c->trie[node].kind != NAME_NONE)
                return -EEXIST;
        c->trie[node].kind = kind;
        c->trie[node].index = index;
        if (len > c->depth)
                c->depth = len;
        return 0;
}

static int checker_build_trie(struct devpattern_checker *c)
{
        _cleanup_free_ size_t *path = NULL;
        const char *prev = "";
        size_t chars = 0, longest = 0;
        int r = 0;

        for (size_t i = 0; i < c->n_samples + c->images.n + ARRAY_SIZE(other_names); i++) {
                const char *name = i < c->n_samples                 ? c->samples[i].old
                                   : i < c->n_samples + c->images.n ? c->images.v[i - c->n_samples]
                                                                    : other_names[i - c->n_samples - c->images.n];
                size_t l = strlen(name);

                chars += l;
                if (l > longest)
                        longest = l;
        }
        c->trie = calloc(chars + 1, sizeof(*c->trie));
        path = calloc(longest + 1, sizeof(*path));
        if (!c->trie || !path)
                return -ENOMEM;
        c->trie[0] = (struct trie_node){.child = SIZE_MAX, .sibling = SIZE_MAX};
        c->n_trie = 1;
        for (size_t i = 0; i < c->n_samples && r >= 0; i++)
                r = trie_add(c, path, &prev, c->samples[i].old, NAME_OLD, i);
        for (size_t i = 0; i < c->images.n && r >= 0; i++)
                r = trie_add(c, path, &prev, c->images.v[i], NAME_IMAGE, i);
        for (size_t i = 0; i < ARRAY_SIZE(other_names) && r >= 0; i++)
                r = trie_add(c, path, &prev, other_names[i], NAME_OTHER, i);
        return r;
}

/* Image keys: (letter index of the pvops name, partition) -> index into images, open addressing. */
#define IMAGE_SLOTS 4096

struct image_slot {
        uint64_t key; /* never 0; 0 marks an empty slot */
        size_t index;
};

static int checker_add_sample(struct devpattern_checker *c, struct image_slot *slots, const char *prefix,
                              unsigned letter, size_t part, enum family fam)
{
        _cleanup_free_ char *old = NULL, *img = NULL;
        enum devname_kind kind;
        uint64_t key;
        size_t h;
        int r;

        {
                char buf[32];

                snprintf(buf, sizeof(buf), "/dev/%s%c%s", prefix, 'a' + letter, sample_parts[part]);
                old = strdup(buf);
                if (!old)
                        return -ENOMEM;
        }
        /* Same image, same key: the letters shift (sd only), the partition stays; +1 keeps it nonzero. */
        key = ((uint64_t)letter + (fam == FAM_SD ? c->map.sd_shift : 0)) * ARRAY_SIZE(sample_parts) + part + 1;
        for (h = (size_t)(key * 0x9E3779B97F4A7C15u >> 52) % IMAGE_SLOTS; slots[h].key && slots[h].key != key;
             h = (h + 1) % IMAGE_SLOTS)
                ;
        if (!slots[h].key) {
                r = devname_map(&c->map, old, strlen(old), &kind, &img);
                if (r < 0)
                        return r;
                if (kind != DEVNAME_MAPPED || !img)
                        return -EINVAL;
                r = strv_push(&c->images, img);
                if (r < 0)
                        return r;
                slots[h] = (struct image_slot){.key = key, .index = c->images.n - 1};
        }
        c->samples[c->n_samples++] = (struct sample){.old = TAKE_PTR(old), .fam = fam, .img = slots[h].index};
        return 0;
}

int devpattern_checker_new(const struct devmap *m, enum devpattern_syntax syntax, struct devpattern_checker **ret)
{
        _cleanup_(devpattern_checker_freep) struct devpattern_checker *c = NULL;
        _cleanup_free_ struct image_slot *slots = NULL;
        size_t n_parts = ARRAY_SIZE(sample_parts);
        int r;

        c = calloc(1, sizeof(*c));
        slots = calloc(IMAGE_SLOTS, sizeof(*slots));
        if (!c || !slots)
                return -ENOMEM;
        c->syntax = syntax;
        c->map = m ? *m : (struct devmap){0};
        c->samples = calloc((26 + 20) * n_parts, sizeof(*c->samples));
        if (!c->samples)
                return -ENOMEM;
        for (unsigned l = 0; l < 26; l++)
                for (size_t p = 0; p < n_parts; p++) {
                        r = checker_add_sample(c, slots, "sd", l, p, FAM_SD);
                        if (r < 0)
                                return r;
                }
        for (unsigned l = 0; l < 20; l++)
                for (size_t p = 0; p < n_parts; p++) {
                        r = checker_add_sample(c, slots, "hd", l, p, FAM_HD);
                        if (r < 0)
                                return r;
                }
        r = checker_build_trie(c);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(c);
        return 0;
}

/* ------------------------------------------------------------------------ */
/* Patterns */

struct devpattern *devpattern_free(struct devpattern *p)
{
        if (!p)
                return NULL;
        free(p->text);
        lvm_regex_free(p->re);
        free(p->old_bits);
        free(p->img_bits);
        free(p->other_bits);
        free(p);
        return NULL;
}

bool devpattern_match(const struct devpattern *p, const char *name)
{
        if (!p || !name)
                return false;
        if (p->syntax == DEVPATTERN_LVM_REGEX)
                return lvm_regex_match(p->re, name);
        return fnmatch(p->text, name, FNM_PATHNAME) == 0;
}

static void name_mark(struct devpattern *p, const struct trie_node *n)
{
        switch (n->kind) {
        case NAME_NONE:
                break;
        case NAME_OLD:
                bit_set(p->old_bits, n->index);
                break;
        case NAME_IMAGE:
                bit_set(p->img_bits, n->index);
                break;
        case NAME_OTHER:
                bit_set(p->other_bits, n->index);
                break;
        }
}

/* Every name that starts with the prefix of node matches. */
static void subtree_mark(const struct devpattern_checker *c, struct devpattern *p, size_t node, size_t *stack)
{
        size_t top = 0;

        name_mark(p, &c->trie[node]);
        for (size_t k = c->trie[node].child; k != SIZE_MAX; k = c->trie[k].sibling)
                stack[top++] = k;
        while (top > 0) {
                size_t x = stack[--top];

                name_mark(p, &c->trie[x]);
                for (size_t k = c->trie[x].child; k != SIZE_MAX; k = c->trie[k].sibling)
                        stack[top++] = k;
        }
}

/*
 * Run an LVM regex over the trie of names, depth first: the state set of
 * each prefix is computed once, from its parent's, and kept per depth.
 */
static int regex_eval(const struct devpattern_checker *c, struct devpattern *p)
{
        _cleanup_free_ uint64_t *sets = NULL, *tmp = NULL;
        _cleanup_free_ size_t *nodes = NULL, *depths = NULL, *marks = NULL;
        size_t words = lvm_regex_set_words(p->re), top = 0;
        bool all;

        sets = calloc((c->depth + 2) * words, sizeof(*sets));
        tmp = calloc(words, sizeof(*tmp));
        nodes = calloc(c->n_trie, sizeof(*nodes));
        depths = calloc(c->n_trie, sizeof(*depths));
        marks = calloc(c->n_trie, sizeof(*marks));
        if (!sets || !tmp || !nodes || !depths || !marks)
                return -ENOMEM;

        /* sets[0]: before anything; sets[1]: after the '^' marker, where every name starts. */
        all = lvm_regex_start(p->re, sets);
        if (lvm_regex_feed(p->re, sets, LVM_REGEX_HAT_CHAR, sets + words) || all) {
                subtree_mark(c, p, 0, marks);
                return 0;
        }
        for (size_t k = c->trie[0].child; k != SIZE_MAX; k = c->trie[k].sibling) {
                nodes[top] = k;
                depths[top++] = 1;
        }
        while (top > 0) {
                size_t x = nodes[--top], d = depths[top];
                const uint64_t *parent = sets + d * words;
                uint64_t *cur = sets + (d + 1) * words;

                if (lvm_regex_feed(p->re, parent, c->trie[x].c, cur)) {
                        subtree_mark(c, p, x, marks);
                        continue;
                }
                if (c->trie[x].kind != NAME_NONE && lvm_regex_feed(p->re, cur, LVM_REGEX_DOLLAR_CHAR, tmp))
                        name_mark(p, &c->trie[x]);
                for (size_t k = c->trie[x].child; k != SIZE_MAX; k = c->trie[k].sibling) {
                        nodes[top] = k;
                        depths[top++] = d + 1;
                }
        }
        return 0;
}

/*
 * Run a glob with fnmatch(3), but only on the names that start with its
 * literal head (up to the first '*', '?', '[' or '\\'): no other name can
 * match, and the trie finds those at once.
 */
static int glob_eval(const struct devpattern_checker *c, struct devpattern *p)
{
        _cleanup_free_ size_t *stack = NULL;
        size_t head = strcspn(p->text, "*?[\\"), node = 0, top = 0;

        for (size_t i = 0; i < head && node != SIZE_MAX; i++) {
                size_t k = c->trie[node].child;

                while (k != SIZE_MAX && c->trie[k].c != (unsigned char)p->text[i])
                        k = c->trie[k].sibling;
                node = k;
        }
        if (node == SIZE_MAX)
                return 0;
        stack = calloc(c->n_trie, sizeof(*stack));
        if (!stack)
                return -ENOMEM;
        stack[top++] = node;
        while (top > 0) {
                const struct trie_node *n = &c->trie[stack[--top]];
                const char *name = n->kind == NAME_OLD     ? c->samples[n->index].old
                                   : n->kind == NAME_IMAGE ? c->images.v[n->index]
                                   : n->kind == NAME_OTHER ? other_names[n->index]
                                                           : NULL;

                if (name && fnmatch(p->text, name, FNM_PATHNAME) == 0)
                        name_mark(p, n);
                for (size_t k = n->child; k != SIZE_MAX; k = c->trie[k].sibling)
                        stack[top++] = k;
        }
        return 0;
}

int devpattern_new(const struct devpattern_checker *c, const char *s, size_t len, struct devpattern **ret)
{
        _cleanup_(devpattern_freep) struct devpattern *p = NULL;
        int r;

        if (!c || !s || !ret)
                return -EINVAL;
        if (len > DEVPATTERN_MAX_LEN)
                return -E2BIG;
        if (memchr(s, '\0', len))
                return -EINVAL;
        p = calloc(1, sizeof(*p));
        if (!p)
                return -ENOMEM;
        p->syntax = c->syntax;
        p->len = len;
        p->text = strndup_or_null(s, len);
        if (!p->text)
                return -ENOMEM;
        if (c->syntax == DEVPATTERN_LVM_REGEX) {
                r = lvm_regex_compile(s, len, &p->re);
                if (r < 0)
                        return r;
        }
        p->old_bits = calloc(bit_words(c->n_samples), sizeof(uint64_t));
        p->img_bits = calloc(bit_words(c->images.n), sizeof(uint64_t));
        p->other_bits = calloc(bit_words(ARRAY_SIZE(other_names)), sizeof(uint64_t));
        if (!p->old_bits || !p->img_bits || !p->other_bits)
                return -ENOMEM;
        if (c->syntax == DEVPATTERN_LVM_REGEX)
                r = regex_eval(c, p);
        else
                r = glob_eval(c, p);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}

int devpattern_cover_new(const struct devpattern_checker *c, struct devpattern_cover **ret)
{
        struct devpattern_cover *cv;

        if (!c || !ret)
                return -EINVAL;
        cv = calloc(1, sizeof(*cv));
        if (!cv)
                return -ENOMEM;
        cv->n_images = c->images.n;
        cv->bits = calloc(bit_words(cv->n_images), sizeof(uint64_t));
        if (!cv->bits) {
                free(cv);
                return -ENOMEM;
        }
        *ret = cv;
        return 0;
}

struct devpattern_cover *devpattern_cover_free(struct devpattern_cover *cv)
{
        if (cv) {
                free(cv->bits);
                free(cv);
        }
        return NULL;
}

void devpattern_cover_add(struct devpattern_cover *cv, const struct devpattern *p)
{
        if (!cv || !p)
                return;
        for (size_t w = 0; w < bit_words(cv->n_images); w++)
                cv->bits[w] |= p->img_bits[w];
}

/* ------------------------------------------------------------------------ */
/* Tokens, for both syntaxes */

enum ptok_kind {
        PT_SET,   /* one character out of a set */
        PT_OPEN,  /* regex ( */
        PT_CLOSE, /* regex ) */
        PT_OR,    /* regex | */
        PT_QUANT, /* regex * + ? */
        PT_STAR,  /* glob * */
        PT_OTHER, /* anything else (a glob [[:class:]]) */
};

struct ptok {
        enum ptok_kind kind;
        size_t start, end;
        uint64_t set[4];
        bool negated, any;
};

static void ptok_set_add(struct ptok *t, unsigned char c)
{
        t->set[c / 64] |= UINT64_C(1) << (c % 64);
}

static int tokenize_regex(const char *s, size_t len, struct ptok **ret, size_t *ret_n)
{
        _cleanup_free_ struct lvm_rx_token *rt = NULL;
        struct ptok *v;
        size_t n;
        int r;

        r = lvm_regex_tokenize(s, len, &rt, &n);
        if (r < 0)
                return r;
        v = calloc(n + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                v[i] = (struct ptok){.start = rt[i].start, .end = rt[i].end, .negated = rt[i].negated,
                                     .any = rt[i].any};
                memcpy(v[i].set, rt[i].set, sizeof(v[i].set));
                switch (rt[i].kind) {
                case LVM_RX_SET:
                        v[i].kind = PT_SET;
                        break;
                case LVM_RX_OPEN:
                        v[i].kind = PT_OPEN;
                        break;
                case LVM_RX_CLOSE:
                        v[i].kind = PT_CLOSE;
                        break;
                case LVM_RX_OR:
                        v[i].kind = PT_OR;
                        break;
                case LVM_RX_STAR:
                case LVM_RX_PLUS:
                case LVM_RX_QUEST:
                        v[i].kind = PT_QUANT;
                        break;
                }
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

/* A glob bracket expression at s[i] == '['; false when it is not one (then '[' is literal). */
static bool glob_bracket(const char *s, size_t len, size_t i, struct ptok *t)
{
        size_t j = i + 1;
        bool other = false;
        unsigned prev = 0;

        if (j < len && (s[j] == '!' || s[j] == '^')) {
                t->negated = true;
                j++;
        }
        if (j < len && s[j] == ']') {
                ptok_set_add(t, ']');
                prev = ']';
                j++;
        }
        for (; j < len && s[j] != ']'; j++) {
                if (s[j] == '\\' || (s[j] == '[' && j + 1 < len && strchr(":=.", s[j + 1])))
                        other = true; /* escapes and classes: not worth reading */
                if (s[j] == '-' && prev && j + 1 < len && s[j + 1] != ']') {
                        unsigned hi = (unsigned char)s[j + 1];


                        for (unsigned x = prev; x <= hi; x++)
                                ptok_set_add(t, (unsigned char)x);
                        prev = 0;
                        j++;
                        continue;
                }
                ptok_set_add(t, (unsigned char)s[j]);
                prev = (unsigned char)s[j];
        }
        if (j >= len)
                return false;
        t->end = j + 1;
        if (other)
                t->kind = PT_OTHER;
        if (t->negated) {
                /* Everything but the listed characters and '/' (FNM_PATHNAME). */
                for (size_t w = 0; w < 4; w++)
                        t->set[w] = ~t->set[w];
                t->set[0] &= ~(UINT64_C(1) << 0);
                t->set['/' / 64] &= ~(UINT64_C(1) << ('/' % 64));
        }
        return true;
}

static int tokenize_glob(const char *s, size_t len, struct ptok **ret, size_t *ret_n)
{
        struct ptok *v;
        size_t n = 0;

        v = calloc(len + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < len;) {
                struct ptok *t = &v[n++];

                *t = (struct ptok){.kind = PT_SET, .start = i, .end = i + 1};
                switch (s[i]) {
                case '*':
                        t->kind = PT_STAR;
                        break;
                case '?':
                        memset(t->set, 0xff, sizeof(t->set));
                        t->set[0] &= ~(UINT64_C(1) << 0);
                        t->set['/' / 64] &= ~(UINT64_C(1) << ('/' % 64));
                        t->any = true;
                        break;
                case '\\':
                        if (i + 1 < len) {
                                ptok_set_add(t, (unsigned char)s[i + 1]);
                                t->end = i + 2;
                        } else
                                t->kind = PT_OTHER;
                        break;
                case '[':
                        if (!glob_bracket(s, len, i, t)) {
                                *t = (struct ptok){.kind = PT_SET, .start = i, .end = i + 1};
                                ptok_set_add(t, '[');
                        }
                        break;
                default:
                        ptok_set_add(t, (unsigned char)s[i]);
                        break;
                }
                i = t->end;
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

/* Whether the token is exactly the set of the characters in chars. */
static bool ptok_is(const struct ptok *t, const char *chars)
{
        uint64_t want[4] = {0};

        if (t->kind != PT_SET || t->negated)
                return false;
        for (const char *c = chars; *c; c++)
                want[(unsigned char)*c / 64] |= UINT64_C(1) << ((unsigned char)*c % 64);
        return memcmp(want, t->set, sizeof(want)) == 0;
}

/* The lowercase letters of a set as a 26-bit mask, or 0 when it has anything else. */
static uint32_t ptok_letters(const struct ptok *t)
{
        uint32_t m = 0;

        if (t->kind != PT_SET || t->negated || t->any)
                return 0;
        for (unsigned c = 0; c < 256; c++) {
                if (!((t->set[c / 64] >> (c % 64)) & 1))
                        continue;
                if (c < 'a' || c > 'z')
                        return 0;
                m |= 1u << (c - 'a');
        }
        return m;
}

/* ------------------------------------------------------------------------ */
/* Translation */

/* A disk prefix spelled in the pattern. */
struct occurrence {
        size_t start, end; /* the prefix: "sd", "[hs]d", "(s|h)d" */
        unsigned fams;     /* FAM_BIT(FAM_SD) | FAM_BIT(FAM_HD) */
        size_t letter;     /* index of the letter token after it, or SIZE_MAX */
};

static bool at_name_start(const struct ptok *tok, size_t i)
{
        const struct ptok *p;
        char hat[2] = {LVM_REGEX_HAT_CHAR, 0};

        if (i == 0)
                return true;
        p = &tok[i - 1];
        return p->kind == PT_OPEN || p->kind == PT_OR || ptok_is(p, "/") || ptok_is(p, hat);
}

/* The family bits of a one-character prefix set ("s", "h", "[hs]"), or 0. */
static unsigned prefix_fams(const struct ptok *t)
{
        if (ptok_is(t, "s"))
                return FAM_BIT(FAM_SD);
        if (ptok_is(t, "h"))
                return FAM_BIT(FAM_HD);
        if (ptok_is(t, "hs"))
                return FAM_BIT(FAM_SD) | FAM_BIT(FAM_HD);
        return 0;
}

static int find_occurrences(const struct ptok *tok, size_t n, struct occurrence **ret, size_t *ret_n)
{
        struct occurrence *v = calloc(n + 1, sizeof(*v));
        size_t k = 0;

        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < n;) {
                size_t next = 0, j;
                unsigned fams = 0;

                if (!at_name_start(tok, i)) {
                        i++;
                        continue;
                }
                if (i + 1 < n && (fams = prefix_fams(&tok[i])) && ptok_is(&tok[i + 1], "d"))
                        next = i + 2;
                else if (i + 5 < n && tok[i].kind == PT_OPEN && tok[i + 2].kind == PT_OR &&
                         tok[i + 4].kind == PT_CLOSE && ptok_is(&tok[i + 5], "d") &&
                         ((ptok_is(&tok[i + 1], "s") && ptok_is(&tok[i + 3], "h")) ||
                          (ptok_is(&tok[i + 1], "h") && ptok_is(&tok[i + 3], "s")))) {
                        fams = FAM_BIT(FAM_SD) | FAM_BIT(FAM_HD);
                        next = i + 6;
                }
                if (!next) {
                        i++;
                        continue;
                }
                v[k] = (struct occurrence){.start = tok[i].start, .end = tok[next - 1].end, .fams = fams,
                                           .letter = SIZE_MAX};
                j = next;
                /* One letter (a set of letters, or any character), not repeated by a quantifier. */
                if (j < n && tok[j].kind == PT_SET && (tok[j].any || ptok_letters(&tok[j])) &&
                    !(j + 1 < n && tok[j + 1].kind == PT_QUANT))
                        v[k].letter = j;
                k++;
                i = next;
        }
        *ret = v;
        *ret_n = k;
        return 0;
}

/* "e", or "[ef]", "[e-h]", "[e-gz]": a set of letters as the shortest text. */
static int letters_render(uint32_t m, struct strbuf *b)
{
        unsigned count = (unsigned)__builtin_popcount(m);
        int r = 0;

        if (count == 1)
                return strbuf_putc(b, (char)('a' + __builtin_ctz(m)));
        r = strbuf_putc(b, '[');
        for (unsigned c = 0; c < 26 && r >= 0;) {
                unsigned e = c;

                if (!(m & (1u << c))) {
                        c++;
                        continue;
                }
                while (e + 1 < 26 && (m & (1u << (e + 1))))
                        e++;
                if (e - c >= 2)
                        r = strbuf_printf(b, "%c-%c", 'a' + c, 'a' + e);
                else
                        for (unsigned x = c; x <= e && r >= 0; x++)
                                r = strbuf_putc(b, (char)('a' + x));
                c = e + 1;
        }
        if (r >= 0)
                r = strbuf_putc(b, ']');
        return r;
}

#define MAX_VARIANTS 4

struct variants {
        struct strbuf v[MAX_VARIANTS];
        size_t n;
};

static void variants_done(struct variants *vs)
{
        for (size_t i = 0; i < MAX_VARIANTS; i++)
                strbuf_done(&vs->v[i]);
}

static int variants_append(struct variants *vs, const char *s, size_t len)
{
        for (size_t i = 0; i < vs->n; i++) {
                int r = strbuf_append(&vs->v[i], s, len);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Double the variants: the copies get alt, the originals main. -ERANGE past MAX_VARIANTS. */
static int variants_fork(struct variants *vs, const char *main, const char *alt)
{
        size_t n = vs->n;
        int r;

        if (2 * n > MAX_VARIANTS)
                return -ERANGE;
        for (size_t i = 0; i < n; i++) {
                r = strbuf_append(&vs->v[n + i], vs->v[i].s ? vs->v[i].s : "", vs->v[i].len);
                if (r >= 0)
                        r = strbuf_puts(&vs->v[i], main);
                if (r >= 0)
                        r = strbuf_puts(&vs->v[n + i], alt);
                if (r < 0)
                        return r;
        }
        vs->n = 2 * n;
        return 0;
}

/*
 * The counterpart texts for family fam: every prefix becomes "xvd"; with
 * shift, an sd prefix's letter token is shifted. Appends the distinct
 * results to out. -ERANGE when there would be too many variants.
 */
static int build_candidates(const char *text, size_t len, const struct ptok *tok, const struct occurrence *occ,
                            size_t n_occ, unsigned shift, enum family fam, struct strv *out)
{
        struct variants vs = {.n = 1};
        size_t done = 0;
        int r = 0;

        for (size_t k = 0; k < n_occ && r >= 0; k++) {
                const struct occurrence *o = &occ[k];
                bool both = o->fams == (FAM_BIT(FAM_SD) | FAM_BIT(FAM_HD));
                enum family eff = both ? fam : (o->fams & FAM_BIT(FAM_SD)) ? FAM_SD : FAM_HD;

                r = variants_append(&vs, text + done, o->start - done);
                if (r >= 0)
                        r = variants_append(&vs, "xvd", 3);
                done = o->end;
                if (r < 0 || shift == 0 || eff != FAM_SD || o->letter == SIZE_MAX)
                        continue;

                {
                        const struct ptok *lt = &tok[o->letter];
                        uint32_t m = lt->any ? (1u << 26) - 1 : ptok_letters(lt), in = 0, ov = 0;
                        _cleanup_(strbuf_done) struct strbuf a = {0}, b = {0};

                        for (unsigned c = 0; c < 26; c++)
                                if (m & (1u << c)) {
                                        unsigned t = c + shift;
                                        if (t < 26)
                                                in |= 1u << t;
                                        else
                                                ov |= 1u << (t - 26);
                                }
                        /* Any character stays any character for the one-letter names. */
                        if (lt->any)
                                r = strbuf_append(&a, text + lt->start, lt->end - lt->start);
                        else if (in)
                                r = letters_render(in, &a);
                        if (r >= 0 && ov) {
                                r = strbuf_putc(&b, 'a');
                                if (r >= 0)
                                        r = letters_render(ov, &b);
                        }
                        if (r < 0)
                                break;
                        if (a.s && b.s)
                                r = variants_fork(&vs, a.s, b.s);
                        else
                                r = variants_append(&vs, a.s ? a.s : b.s, a.s ? a.len : b.len);
                        done = lt->end;
                }
        }
        if (r >= 0)
                r = variants_append(&vs, text + done, len - done);
        for (size_t i = 0; i < vs.n && r >= 0; i++) {
                const char *s = vs.v[i].s ? vs.v[i].s : "";

                if (vs.v[i].len == len && memcmp(s, text, len) == 0)
                        continue;
                r = strv_push_unique(out, s);
        }
        variants_done(&vs);
        return r;
}

/*
 * Whether the counterparts cand pass the check for p (see devpattern.h).
 * Returns 1, 0, or -ENOMEM.
 */
static int candidates_check(const struct devpattern_checker *c, const struct devpattern *p,
                            const struct devpattern_cover *cover, const struct strv *cand, unsigned fams)
{
        _cleanup_free_ struct devpattern **cp = NULL;
        _cleanup_free_ uint64_t *pos_img = NULL;
        int r = 1;

        cp = calloc(cand->n + 1, sizeof(*cp));
        pos_img = calloc(bit_words(c->images.n), sizeof(uint64_t));
        if (!cp || !pos_img)
                return -ENOMEM;
        for (size_t k = 0; k < cand->n && r > 0; k++) {
                int q = devpattern_new(c, cand->v[k], strlen(cand->v[k]), &cp[k]);

                if (q == -ENOMEM)
                        r = q;
                else if (q < 0)
                        r = 0; /* the text surgery made something invalid or too long */
        }

        for (size_t i = 0; i < c->n_samples && r > 0; i++)
                if (bit_get(p->old_bits, i))
                        bit_set(pos_img, c->samples[i].img);

        for (size_t i = 0; i < c->n_samples && r > 0; i++) {
                const struct sample *s = &c->samples[i];
                bool cand_img = false, cand_old = false;

                for (size_t k = 0; k < cand->n; k++) {
                        cand_img = cand_img || bit_get(cp[k]->img_bits, s->img);
                        cand_old = cand_old || bit_get(cp[k]->old_bits, i);
                }
                /* Counterparts never match a Xenlinux name the pattern does not. */
                if (cand_old && !bit_get(p->old_bits, i))
                        r = 0;
                if (!(fams & FAM_BIT(s->fam)))
                        continue;
                if (bit_get(p->old_bits, i)) {
                        if (!cand_img && !bit_get(p->img_bits, s->img) && !(cover && bit_get(cover->bits, s->img)))
                                r = 0;
                } else if (cand_img && !bit_get(pos_img, s->img))
                        r = 0;
        }
        for (size_t j = 0; j < ARRAY_SIZE(other_names) && r > 0; j++)
                for (size_t k = 0; k < cand->n; k++)
                        if (bit_get(cp[k]->other_bits, j) && !bit_get(p->other_bits, j))
                                r = 0;

        for (size_t k = 0; k < cand->n; k++)
                devpattern_free(cp[k]);
        return r;
}

int devpattern_translate(const struct devpattern_checker *c, const struct devpattern *p,
                         const struct devpattern_cover *cover, enum devpattern_verdict *ret_verdict,
                         struct strv *ret_counterparts)
{
        _cleanup_free_ struct ptok *tok = NULL;
        _cleanup_free_ struct occurrence *occ = NULL;
        size_t n_tok = 0, n_occ = 0;
        unsigned fams = 0, shift = c->map.sd_shift;
        bool covered = true;
        int r;

        for (size_t i = 0; i < c->n_samples; i++)
                if (bit_get(p->old_bits, i)) {
                        const struct sample *s = &c->samples[i];

                        fams |= FAM_BIT(s->fam);
                        if (!bit_get(p->img_bits, s->img) && !(cover && bit_get(cover->bits, s->img)))
                                covered = false;
                }
        if (!fams) {
                *ret_verdict = DEVPATTERN_NO_DISK;
                return 0;
        }
        if (covered) {
                *ret_verdict = DEVPATTERN_COVERED;
                return 0;
        }

        *ret_verdict = DEVPATTERN_UNTRANSLATABLE;
        r = c->syntax == DEVPATTERN_LVM_REGEX ? tokenize_regex(p->text, p->len, &tok, &n_tok)
                                              : tokenize_glob(p->text, p->len, &tok, &n_tok);
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return 0;
        r = find_occurrences(tok, n_tok, &occ, &n_occ);
        if (r < 0)
                return r;
        if (n_occ == 0)
                return 0;

        /* First the exact letter shift (when there is one to make), then the names as they are. */
        for (int pass = shift > 0 && shift < 26 ? 0 : 1; pass < 2; pass++) {
                _cleanup_(strv_done) struct strv cand = {0};

                for (enum family f = FAM_SD; f <= FAM_HD && r >= 0; f++)
                        if (fams & FAM_BIT(f))
                                r = build_candidates(p->text, p->len, tok, occ, n_occ, pass == 0 ? shift : 0, f,
                                                     &cand);
                if (r == -ENOMEM)
                        return r;
                if (r < 0 || cand.n == 0) {
                        r = 0;
                        continue;
                }
                r = candidates_check(c, p, cover, &cand, fams);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                r = strv_extend(ret_counterparts, &cand);
                if (r < 0)
                        return r;
                *ret_verdict = DEVPATTERN_TRANSLATED;
                return 0;
        }
        return 0;
}

int devpattern_translate_group(const struct devpattern_checker *c, struct devpattern *const *pats, size_t n,
                               devpattern_group_fn fn, void *userdata)
{
        _cleanup_(devpattern_cover_freep) struct devpattern_cover *cover = NULL;
        int r;

        r = devpattern_cover_new(c, &cover);
        if (r < 0)
                return r;
        for (size_t k = 0; k < n; k++)
                if (pats[k])
                        devpattern_cover_add(cover, pats[k]);
        for (size_t k = 0; k < n; k++) {
                _cleanup_(strv_done) struct strv cps = {0};
                enum devpattern_verdict verdict;

                if (!pats[k])
                        continue;
                r = devpattern_translate(c, pats[k], cover, &verdict, &cps);
                if (r >= 0 && (verdict == DEVPATTERN_TRANSLATED || verdict == DEVPATTERN_UNTRANSLATABLE))
                        r = fn(k, verdict, &cps, userdata);
                if (r < 0)
                        return r;
        }
        return 0;
}
