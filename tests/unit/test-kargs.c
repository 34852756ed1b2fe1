/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Kernel command lines: splitting, lookups, the pvops conversion and its check. */
#include "test-helpers.h"

#include "kargs.h"

static const struct devmap same = {.sd_shift = 0}, rhel6 = {.sd_shift = 4};

/* Convert and compare the line and the reasons (joined by '|'). */
static void check(const struct devmap *m, const char *in, const char *want, const char *want_reasons,
                  const char *want_warnings)
{
        _cleanup_free_ char *out = NULL, *out2 = NULL;
        struct strv reasons = {0}, warnings = {0}, again = {0};
        struct strbuf b = {0};

        assert_int_equal(kargs_to_pvops(m, in, strlen(in), &out, &reasons, &warnings), 0);
        assert_string_equal(out, want);
        for (size_t i = 0; i < reasons.n; i++) {
                if (i)
                        assert_int_equal(strbuf_putc(&b, '|'), 0);
                assert_int_equal(strbuf_puts(&b, reasons.v[i]), 0);
        }
        assert_string_equal(b.s ? b.s : "", want_reasons);
        strbuf_done(&b);
        for (size_t i = 0; i < warnings.n; i++) {
                if (i)
                        assert_int_equal(strbuf_putc(&b, '|'), 0);
                assert_int_equal(strbuf_puts(&b, warnings.v[i]), 0);
        }
        assert_string_equal(b.s ? b.s : "", want_warnings);
        strbuf_done(&b);

        /* Idempotent, and the result passes the check. */
        assert_int_equal(kargs_to_pvops(m, out, strlen(out), &out2, &again, NULL), 0);
        assert_string_equal(out2, out);
        assert_int_equal(again.n, 0);
        if (!*want_warnings)
                assert_int_equal(kargs_check_pvops(out, strlen(out), &again), 0);
        strv_done(&reasons);
        strv_done(&warnings);
        strv_done(&again);
}

static void test_split(void **state)
{
        const char *s = " ro  root=\"/dev/sda1\"\t\"console=xvc0\" quiet=";
        struct kargs a = {0};
        (void)state;

        assert_int_equal(kargs_split(s, strlen(s), &a), 0);
        assert_int_equal(a.n, 4);
        assert_int_equal(a.v[0].start, 1);
        assert_int_equal(a.v[0].len, 2);
        assert_false(a.v[0].has_value);
        assert_true(karg_is(s, &a.v[0], "ro"));
        assert_true(karg_is(s, &a.v[1], "root"));
        assert_int_equal(a.v[1].value_len, 9);
        assert_memory_equal(s + a.v[1].value_off, "/dev/sda1", 9);
        assert_true(karg_is(s, &a.v[2], "console"));
        assert_memory_equal(s + a.v[2].value_off, "xvc0", 4);
        assert_int_equal(a.v[2].value_len, 4);
        assert_true(a.v[3].has_value);
        assert_int_equal(a.v[3].value_len, 0);
        kargs_done(&a);

        /* Spaces inside quotes do not split. */
        s = "a=\"x y\" b";
        assert_int_equal(kargs_split(s, strlen(s), &a), 0);
        assert_int_equal(a.n, 2);
        assert_int_equal(a.v[0].len, 7);
        kargs_done(&a);

        assert_int_equal(kargs_split("", 0, &a), 0);
        assert_int_equal(a.n, 0);
        kargs_done(&a);
}

static void test_get(void **state)
{
        const char *s = "console=tty0 console=xvc0 xen-blkfront.sda_is_xvda=1 single";
        _cleanup_free_ char *v = NULL, *w = NULL;
        (void)state;

        assert_int_equal(kargs_get(s, strlen(s), "console", &v), 1);
        assert_string_equal(v, "xvc0"); /* the last one */
        assert_int_equal(kargs_get(s, strlen(s), "single", &w), 1);
        assert_string_equal(w, "");
        assert_int_equal(kargs_get(s, strlen(s), "root", NULL), 0);
        assert_true(kargs_sda_is_xvda(s, strlen(s)));
        assert_false(kargs_sda_is_xvda("xen_blkfront.sda_is_xvda=0", 26));
        assert_true(kargs_sda_is_xvda("xen_blkfront.sda_is_xvda=1", 26));
        assert_false(kargs_sda_is_xvda("sda_is_xvda=1", 13));
}

static void test_root_resume(void **state)
{
        (void)state;
        check(&same, "ro root=/dev/sda1", "ro root=/dev/xvda1", "root=/dev/sda1 -> root=/dev/xvda1", "");
        check(&same, "root=/dev/hda2 resume=/dev/hda3 splash=silent", "root=/dev/xvda2 resume=/dev/xvda3 splash=silent",
              "root=/dev/hda2 -> root=/dev/xvda2|resume=/dev/hda3 -> resume=/dev/xvda3", "");
        check(&rhel6, "ro root=/dev/sda1 rhgb", "ro root=/dev/xvde1 rhgb", "root=/dev/sda1 -> root=/dev/xvde1", "");
        /* Tags, mapper, LVM, md: left alone. */
        check(&same, "root=LABEL=/ ro", "root=LABEL=/ ro", "", "");
        check(&same, "root=UUID=0a1b-22 ro", "root=UUID=0a1b-22 ro", "", "");
        check(&same, "root=/dev/mapper/VolGroup-lv_root rd_LVM_LV=VolGroup/lv_root",
              "root=/dev/mapper/VolGroup-lv_root rd_LVM_LV=VolGroup/lv_root", "", "");
        check(&same, "root=/dev/VolGroup00/LogVol00 ro", "root=/dev/VolGroup00/LogVol00 ro", "", "");
        check(&same, "root=/dev/md0", "root=/dev/md0", "", "");
        /* A quoted value keeps its quotes. */
        check(&same, "root=\"/dev/sdb2\" ro", "root=\"/dev/xvdb2\" ro", "root=\"/dev/sdb2\" -> root=\"/dev/xvdb2\"", "");
        /* Repeated root=: each is mapped (the kernel takes the last). */
        check(&same, "root=/dev/sda1 root=/dev/sda2", "root=/dev/xvda1 root=/dev/xvda2",
              "root=/dev/sda1 -> root=/dev/xvda1|root=/dev/sda2 -> root=/dev/xvda2", "");
        /* Only whole values: sda10 is its own name, "rootfstype" is not root. */
        check(&same, "root=/dev/sda10 rootfstype=ext3", "root=/dev/xvda10 rootfstype=ext3",
              "root=/dev/sda10 -> root=/dev/xvda10", "");
        /* Unknown disks are reported and kept. */
        check(&same, "root=/dev/cciss/c0d0p1 ro", "root=/dev/cciss/c0d0p1 ro", "",
              "root=/dev/cciss/c0d0p1: unknown disk name, left as it is");
        /* A bare kernel name is what the kernel accepts too. */
        check(&same, "root=sda1", "root=xvda1", "root=sda1 -> root=xvda1", "");
}

static void test_console(void **state)
{
        (void)state;
        check(&same, "ro root=/dev/xvda1 console=xvc0", "ro root=/dev/xvda1 console=hvc0",
              "console=xvc0 -> console=hvc0", "");
        check(&same, "console=xvc0,9600n8 ro", "console=hvc0 ro", "console=xvc0,9600n8 -> console=hvc0", "");
        /* Several consoles: order kept, hvc0 last. */
        check(&same, "console=xvc0 console=tty0", "console=tty0 console=hvc0",
              "console=xvc0 -> console=hvc0|console=hvc0 moved after the other console= arguments", "");
        check(&same, "console=tty0 console=xvc0 quiet", "console=tty0 console=hvc0 quiet",
              "console=xvc0 -> console=hvc0", "");
        check(&same, "console=hvc0 console=ttyS0,115200 ro", "console=ttyS0,115200 ro console=hvc0",
              "console=hvc0 moved after the other console= arguments", "");
        /* xencons=tty users had their console on tty1: hvc0 is added last. */
        check(&same, "xencons=tty console=tty1 ro", "console=tty1 ro console=hvc0",
              "xencons=tty removed|console=hvc0 added as the last console= (the pvops console; the getty runs there)",
              "");
        /* No console= at all: a pvops PV kernel uses hvc0 anyway. */
        check(&same, "ro quiet", "ro quiet", "", "");
        check(&same, "ro xencons=xvc quiet", "ro quiet", "xencons=xvc removed", "");
        /* xvc1 becomes hvc1; hvc0 still has to be last? No console hvc0: one is added. */
        check(&same, "console=xvc1", "console=hvc1 console=hvc0",
              "console=xvc1 -> console=hvc1|console=hvc0 added as the last console= (the pvops console; the getty "
              "runs there)",
              "");
}

static void test_spacing(void **state)
{
        (void)state;
        /* Separators are kept; a removed word takes the one before it. */
        check(&same, "ro\troot=/dev/sda1  xencons=tty\tquiet", "ro\troot=/dev/xvda1\tquiet",
              "root=/dev/sda1 -> root=/dev/xvda1|xencons=tty removed", "");
        /* A removed first word takes the one after it; leading and trailing blanks stay. */
        check(&same, "  xencons=tty  ro ", "  ro ", "xencons=tty removed", "");
        check(&same, "xencons=tty", "", "xencons=tty removed", "");
        check(&same, "", "", "", "");
        /* Appended words go before trailing blanks. */
        check(&same, "console=tty1 ", "console=tty1 console=hvc0 ",
              "console=hvc0 added as the last console= (the pvops console; the getty runs there)", "");
        /* Unterminated quote: the rest is one word, left alone. */
        check(&same, "root=\"/dev/sda1 ro", "root=\"/dev/sda1 ro", "", "");
        /* Console options with a quote in them stay, so that the quotes still pair up. */
        check(&same, "console=xvc0,1\"/x y\" quiet", "console=hvc0,1\"/x y\" quiet",
              "console=xvc0,1\"/x y\" -> console=hvc0,1\"/x y\"", "");
        /* Nothing is appended after an unterminated quote: it would join the quoted word. */
        check(&same, "console=tty1 \"quiet", "console=tty1 \"quiet", "",
              "console=hvc0 cannot be made the last console=: the line ends inside a quote; fix it by hand");
        check(&same, "console=xvc0 console=tty1 \"quiet", "console=hvc0 console=tty1 \"quiet",
              "console=xvc0 -> console=hvc0",
              "console=hvc0 cannot be made the last console=: the line ends inside a quote; fix it by hand");
        /* Odd bytes pass through. */
        check(&same, "ro \xff\xfe root=/dev/sda1", "ro \xff\xfe root=/dev/xvda1", "root=/dev/sda1 -> root=/dev/xvda1",
              "");
}

static void test_check(void **state)
{
        const char *s = "root=/dev/sda1 console=xvc0 console=tty0 xencons=tty resume=/dev/hda2";
        struct strv p = {0};
        (void)state;

        assert_int_equal(kargs_check_pvops(s, strlen(s), &p), 5);
        assert_int_equal(p.n, 5);
        assert_string_equal(p.v[0], "root=/dev/sda1 names a Xenlinux disk");
        assert_string_equal(p.v[1], "console=xvc0 is a Xenlinux console");
        assert_string_equal(p.v[2], "xencons=tty is a Xenlinux parameter");
        assert_string_equal(p.v[3], "resume=/dev/hda2 names a Xenlinux disk");
        assert_string_equal(p.v[4], "hvc0 is not the last console=");
        strv_done(&p);

        s = "root=UUID=1234 ro console=tty0 console=hvc0";
        assert_int_equal(kargs_check_pvops(s, strlen(s), &p), 0);
        assert_int_equal(p.n, 0);
        assert_int_equal(kargs_check_pvops("", 0, &p), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_split),        cmocka_unit_test(test_get),
                cmocka_unit_test(test_root_resume),  cmocka_unit_test(test_console),
                cmocka_unit_test(test_spacing),      cmocka_unit_test(test_check),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
