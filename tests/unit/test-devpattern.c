/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device-name patterns: exact counterparts for LVM regexes and mdadm globs. */
#include "test-helpers.h"

#include "devpattern.h"

struct tcase {
        enum devpattern_syntax syntax;
        unsigned shift;
        const char *pattern;
        enum devpattern_verdict verdict;
        const char *counterparts; /* joined with '\n', NULL for none */
};

#define RX DEVPATTERN_LVM_REGEX
#define GLOB DEVPATTERN_GLOB
#define NO_DISK DEVPATTERN_NO_DISK
#define COVERED DEVPATTERN_COVERED
#define TR DEVPATTERN_TRANSLATED
#define UNTR DEVPATTERN_UNTRANSLATABLE

static const struct tcase cases[] = {
        /* LVM regexes, same letters. */
        {RX, 0, "^/dev/sda[0-9]*$", TR, "^/dev/xvda[0-9]*$"},
        {RX, 0, "/dev/sd.*", TR, "/dev/xvd.*"},
        {RX, 0, "^/dev/sd[ab]", TR, "^/dev/xvd[ab]"},
        {RX, 0, "/dev/sdc", TR, "/dev/xvdc"},
        {RX, 0, "sda", TR, "xvda"},
        {RX, 0, "^/dev/[hs]d", TR, "^/dev/xvd"},
        {RX, 0, "^/dev/[sh]d[a-z][0-9]*$", TR, "^/dev/xvd[a-z][0-9]*$"},
        {RX, 0, "^/dev/(s|h)d[a-c]", TR, "^/dev/xvd[a-c]"},
        {RX, 0, "^/dev/(h|s)d", TR, "^/dev/xvd"},
        {RX, 0, "^\\/dev\\/sd", TR, "^\\/dev\\/xvd"},
        {RX, 0, "/dev/hd[a-d]", TR, "/dev/xvd[a-d]"},
        {RX, 0, "^/dev/sd.$", TR, "^/dev/xvd.$"},
        {RX, 0, "/dev/sd[a-z]+", TR, "/dev/xvd[a-z]+"},
        {RX, 0, "^/dev/sd[^a]", TR, "^/dev/xvd[^a]"},
        {RX, 0, "^/dev/(sda|sdb)$", TR, "^/dev/(xvda|xvdb)$"},
        {RX, 0, ".*", COVERED, NULL},
        {RX, 0, "/dev/.*d.*", COVERED, NULL},
        {RX, 0, "/dev/cdrom", NO_DISK, NULL},
        {RX, 0, "^/dev/xvd", NO_DISK, NULL},
        {RX, 0, "^/dev/mapper/", NO_DISK, NULL},
        {RX, 0, "/dev/disk/by-id/.*sd", NO_DISK, NULL},
        /* Disks without a prefix to rename, or names not at a name start. */
        {RX, 0, "/dev/[a-z]d[a-z]", UNTR, NULL},
        {RX, 0, "/dev/.d", UNTR, NULL},
        {RX, 0, "^/dev/.da", UNTR, NULL},
        /* Any name with an 'a' in it: the pvops names of those with one have one too. */
        {RX, 0, "a", COVERED, NULL},
        /* One partition only. */
        {RX, 0, "^/dev/sd[cd]3$", TR, "^/dev/xvd[cd]3$"},

        /* LVM regexes, RHEL 6 letter shift. */
        {RX, 4, "^/dev/sda[0-9]*$", TR, "^/dev/xvde[0-9]*$"},
        {RX, 4, "^/dev/sd[ab]", TR, "^/dev/xvd[ef]"},
        {RX, 4, "^/dev/sd[a-c]", TR, "^/dev/xvd[e-g]"},
        {RX, 4, "/dev/sdc", TR, "/dev/xvdg"},
        {RX, 4, "/dev/sdw", TR, "/dev/xvdaa"},
        {RX, 4, "^/dev/sd[a-z]$", TR, "^/dev/xvd[e-z]$\n^/dev/xvda[a-d]$"},
        {RX, 4, "^/dev/sd[b-dxz][0-9]*$", TR, "^/dev/xvd[f-h][0-9]*$\n^/dev/xvda[bd][0-9]*$"},
        {RX, 4, "^/dev/sd.$", TR, "^/dev/xvd.$\n^/dev/xvda[a-d]$"},
        {RX, 4, "/dev/sd.*", TR, "/dev/xvd.*"},
        {RX, 4, "/dev/hd[a-d]", TR, "/dev/xvd[a-d]"},
        {RX, 4, "^/dev/[hs]d", TR, "^/dev/xvd"},
        /* sd[^a] means every disk but sda; shifted, the set is no set of letters. */
        {RX, 4, "^/dev/sd[^a]", UNTR, NULL},
        /* hd and sd letters part ways, and "xvd[a-c]" would also take sdw's xvdaa. */
        {RX, 4, "^/dev/(s|h)d[a-c]", UNTR, NULL},

        /* mdadm globs, same letters. */
        {GLOB, 0, "/dev/sd[ab]1", TR, "/dev/xvd[ab]1"},
        {GLOB, 0, "/dev/sd*", TR, "/dev/xvd*"},
        {GLOB, 0, "/dev/hd*[0-9]", TR, "/dev/xvd*[0-9]"},
        {GLOB, 0, "/dev/sda1", TR, "/dev/xvda1"},
        {GLOB, 0, "/dev/[hs]d*", TR, "/dev/xvd*"},
        {GLOB, 0, "/dev/sd?1", TR, "/dev/xvd?1"},
        {GLOB, 0, "/dev/sd[!a]*", TR, "/dev/xvd[!a]*"},
        {GLOB, 0, "/dev/sd[[:alpha:]]1", TR, "/dev/xvd[[:alpha:]]1"},
        {GLOB, 0, "/dev/\\sda1", TR, "/dev/xvda1"},
        {GLOB, 0, "/dev/*", COVERED, NULL},
        {GLOB, 0, "partitions", NO_DISK, NULL},
        {GLOB, 0, "/dev/md0", NO_DISK, NULL},
        {GLOB, 0, "/dev/xvd[ab]1", NO_DISK, NULL},
        {GLOB, 0, "/dev/?d?1", UNTR, NULL},
        /* An unclosed '[' is a literal '[' to fnmatch: no disk name has one. */
        {GLOB, 0, "/dev/sd[a", NO_DISK, NULL},

        /* mdadm globs, RHEL 6 letter shift. */
        {GLOB, 4, "/dev/sd[ab]1", TR, "/dev/xvd[ef]1"},
        {GLOB, 4, "/dev/sda1", TR, "/dev/xvde1"},
        {GLOB, 4, "/dev/sd?1", TR, "/dev/xvd?1\n/dev/xvda[a-d]1"},
        {GLOB, 4, "/dev/sd[a-z]*", TR, "/dev/xvd[e-z]*\n/dev/xvda[a-d]*"},
        {GLOB, 4, "/dev/sd*", TR, "/dev/xvd*"},
        {GLOB, 4, "/dev/sd[!a]*", UNTR, NULL},
        {GLOB, 4, "/dev/sd[[:alpha:]]1", UNTR, NULL},
};

static char *join(const struct strv *sv)
{
        struct strbuf b = {0};
        char *s = NULL;

        for (size_t i = 0; i < sv->n; i++)
                assert_int_equal(strbuf_printf(&b, "%s%s", i ? "\n" : "", sv->v[i]), 0);
        if (sv->n == 0)
                return NULL;
        assert_int_equal(strbuf_steal(&b, &s), 0);
        return s;
}

static void check(const struct tcase *t, const char *const *cover_patterns)
{
        struct devmap m = {.sd_shift = t->shift};
        struct devpattern_checker *c = NULL;
        struct devpattern *p = NULL;
        struct devpattern_cover *cv = NULL;
        struct strv out = {0};
        enum devpattern_verdict v;
        char *got;

        assert_int_equal(devpattern_checker_new(&m, t->syntax, &c), 0);
        assert_int_equal(devpattern_new(c, t->pattern, strlen(t->pattern), &p), 0);
        assert_int_equal(devpattern_cover_new(c, &cv), 0);
        for (size_t i = 0; cover_patterns && cover_patterns[i]; i++) {
                struct devpattern *q = NULL;

                assert_int_equal(devpattern_new(c, cover_patterns[i], strlen(cover_patterns[i]), &q), 0);
                devpattern_cover_add(cv, q);
                devpattern_free(q);
        }
        assert_int_equal(devpattern_translate(c, p, cv, &v, &out), 0);
        got = join(&out);
        if (v != t->verdict || (got == NULL) != (t->counterparts == NULL) ||
            (got && strcmp(got, t->counterparts) != 0))
                fail_msg("%s (shift %u): verdict %d, counterparts '%s'; expected %d, '%s'", t->pattern, t->shift, v,
                         got ? got : "(none)", t->verdict, t->counterparts ? t->counterparts : "(none)");
        free(got);

        /* The counterparts cover what the pattern matched: translating again with them finds nothing to do. */
        if (v == TR) {
                enum devpattern_verdict v2;
                struct strv out2 = {0};

                for (size_t i = 0; i < out.n; i++) {
                        struct devpattern *q = NULL;

                        assert_int_equal(devpattern_new(c, out.v[i], strlen(out.v[i]), &q), 0);
                        devpattern_cover_add(cv, q);
                        /* A counterpart matches no Xenlinux disk itself. */
                        assert_int_equal(devpattern_translate(c, q, NULL, &v2, &out2), 0);
                        assert_int_equal(v2, NO_DISK);
                        devpattern_free(q);
                }
                assert_int_equal(devpattern_translate(c, p, cv, &v2, &out2), 0);
                assert_int_equal(v2, COVERED);
                assert_int_equal(out2.n, 0);
        }
        strv_done(&out);
        devpattern_cover_free(cv);
        devpattern_free(p);
        devpattern_checker_free(c);
}

static void test_table(void **state)
{
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
                check(&cases[i], NULL);
}

static void test_cover(void **state)
{
        /* A neighbour that already matches the pvops names: nothing to add. */
        check(&(struct tcase){RX, 0, "^/dev/sda[0-9]*$", COVERED, NULL},
              (const char *const[]){"^/dev/xvda[0-9]*$", NULL});
        check(&(struct tcase){RX, 0, "^/dev/sda[0-9]*$", COVERED, NULL}, (const char *const[]){"^/dev/xvd", NULL});
        check(&(struct tcase){GLOB, 0, "/dev/sda1", COVERED, NULL}, (const char *const[]){"/dev/xvd*", NULL});
        /* Partly covered: the whole translation is added. */
        check(&(struct tcase){RX, 0, "^/dev/sd[ab]$", TR, "^/dev/xvd[ab]$"},
              (const char *const[]){"^/dev/xvda$", NULL});
        /* An unrelated neighbour changes nothing. */
        check(&(struct tcase){RX, 0, "^/dev/sdb", TR, "^/dev/xvdb"}, (const char *const[]){"^/dev/md", NULL});
}

static void test_invalid(void **state)
{
        struct devpattern_checker *c = NULL;
        struct devpattern *p = NULL;
        char longp[DEVPATTERN_MAX_LEN + 2];

        assert_int_equal(devpattern_checker_new(NULL, RX, &c), 0);
        assert_int_equal(devpattern_new(c, "(", 1, &p), -EINVAL);
        assert_int_equal(devpattern_new(c, "a\0b", 3, &p), -EINVAL);
        memset(longp, 'a', sizeof(longp));
        assert_int_equal(devpattern_new(c, longp, DEVPATTERN_MAX_LEN + 1, &p), -E2BIG);
        assert_null(p);

        /* A counterpart that would be too long is no counterpart. */
        memcpy(longp, "^/dev/sd", strlen("^/dev/sd"));
        for (size_t i = strlen("^/dev/sd"); i + 1 < DEVPATTERN_MAX_LEN; i += 2)
                memcpy(longp + i, "x*", 2);
        assert_int_equal(devpattern_new(c, longp, DEVPATTERN_MAX_LEN, &p), 0);
        {
                enum devpattern_verdict v;
                struct strv out = {0};

                assert_int_equal(devpattern_translate(c, p, NULL, &v, &out), 0);
                assert_int_equal(v, UNTR);
                assert_int_equal(out.n, 0);
        }
        devpattern_free(p);
        devpattern_checker_free(c);

        assert_int_equal(devpattern_checker_new(NULL, GLOB, &c), 0);
        assert_int_equal(devpattern_new(c, "a\0b", 3, &p), -EINVAL);
        assert_int_equal(devpattern_new(c, "[", 1, &p), 0);
        devpattern_free(p);
        devpattern_checker_free(c);
}

static void test_match(void **state)
{
        struct devpattern_checker *c = NULL;
        struct devpattern *p = NULL;

        assert_int_equal(devpattern_checker_new(NULL, GLOB, &c), 0);
        assert_int_equal(devpattern_new(c, "/dev/sd*", 8, &p), 0);
        assert_true(devpattern_match(p, "/dev/sdq7"));
        assert_false(devpattern_match(p, "/dev/sd/x")); /* FNM_PATHNAME: '*' stops at '/' */
        devpattern_free(p);
        devpattern_checker_free(c);

        assert_int_equal(devpattern_checker_new(NULL, RX, &c), 0);
        assert_int_equal(devpattern_new(c, "/dev/sd", 7, &p), 0);
        assert_true(devpattern_match(p, "/dev/sd/x"));
        assert_false(devpattern_match(p, NULL));
        devpattern_free(p);
        devpattern_checker_free(c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_cover),
                cmocka_unit_test(test_invalid),
                cmocka_unit_test(test_match),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
