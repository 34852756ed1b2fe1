/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kargs_to_pvops() written back into shell values and GRUB argument lists, quoting kept. */
#include "test-helpers.h"

#include "kargs-quoted.h"

static const struct devmap same = {.sd_shift = 0}, rhel6 = {.sd_shift = 4};

static char *joined(const struct strv *sv)
{
        struct strbuf b = {0};
        char *s = NULL;

        for (size_t i = 0; i < sv->n; i++) {
                if (i)
                        assert_int_equal(strbuf_putc(&b, '|'), 0);
                assert_int_equal(strbuf_puts(&b, sv->v[i]), 0);
        }
        assert_int_equal(strbuf_steal(&b, &s), 0);
        strbuf_done(&b);
        return s;
}

/*
 * Convert src (a whole value, or a whole argument list) and compare: want is
 * the new source (NULL: unchanged), refused the reason it is left alone (NULL:
 * none). Then the result converts to itself.
 */
static void check_mode(enum sw_dialect d, enum kargs_quoted_mode mode, const struct devmap *m, const char *src,
                       const char *want, const char *want_reasons, const char *want_refused)
{
        struct sw_word w = {0};
        struct strv reasons = {0}, warnings = {0};
        _cleanup_free_ char *text = NULL, *refused = NULL, *why = NULL;
        size_t pos = 0;

        if (mode == KARGS_QUOTED_VALUE)
                assert_int_equal(sw_word_parse(d, src, strlen(src), &pos, &w), 0);
        else
                assert_int_equal(sw_args_parse(d, src, strlen(src), &pos, &w), 0);
        assert_int_equal(pos, strlen(src));
        assert_int_equal(kargs_quoted_to_pvops(d, mode, m, src, strlen(src), &w, &text, &reasons, &warnings, &refused),
                         0);
        if (want)
                assert_non_null(text);
        if (text)
                assert_string_equal(text, want ? want : "(unchanged)");
        if (want_refused)
                assert_non_null(refused);
        if (refused)
                assert_string_equal(refused, want_refused ? want_refused : "(not refused)");
        why = joined(&reasons);
        assert_string_equal(why, want_reasons ? want_reasons : "");
        sw_word_done(&w);
        strv_done(&reasons);

        if (text) {
                _cleanup_free_ char *again = NULL, *refused2 = NULL;

                pos = 0;
                if (mode == KARGS_QUOTED_VALUE)
                        assert_int_equal(sw_word_parse(d, text, strlen(text), &pos, &w), 0);
                else
                        assert_int_equal(sw_args_parse(d, text, strlen(text), &pos, &w), 0);
                assert_int_equal(pos, strlen(text));
                assert_int_equal(
                        kargs_quoted_to_pvops(d, mode, m, text, strlen(text), &w, &again, NULL, NULL, &refused2), 0);
                assert_null(again);
                assert_null(refused2);
                sw_word_done(&w);
        }
        strv_done(&warnings);
}

static void check_sh(const char *src, const char *want, const char *reasons)
{
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &same, src, want, reasons, NULL);
}

static void check_grub(const char *src, const char *want, const char *reasons)
{
        check_mode(SW_GRUB, KARGS_QUOTED_ARGS, &same, src, want, reasons, NULL);
}

static void test_double_quoted(void **state)
{
        check_sh("\"console=xvc0 root=/dev/sda1\"", "\"console=hvc0 root=/dev/xvda1\"",
                 "console=xvc0 -> console=hvc0|root=/dev/sda1 -> root=/dev/xvda1");
        check_sh("\"quiet\"", NULL, NULL);
        check_sh("\"\"", NULL, NULL);
        check_sh("", NULL, NULL);
        check_sh("\"xencons=tty console=tty1\"", "\"console=tty1 console=hvc0\"",
                 "xencons=tty removed|console=hvc0 added as the last console= (the pvops console; the getty runs "
                 "there)");
        /* hvc0 moves to the end; the console of a removed first word takes its separator along. */
        check_sh("\"console=hvc0  console=tty0 quiet\"", "\"console=tty0 quiet console=hvc0\"",
                 "console=hvc0 moved after the other console= arguments");
        check_sh("\"quiet xencons=xvc\"", "\"quiet\"", "xencons=xvc removed");
        check_sh("\"xencons=xvc\"", "\"\"", "xencons=xvc removed");
        check_sh("\"  console=xvc0,115200  \"", "\"  console=hvc0  \"", "console=xvc0,115200 -> console=hvc0");
        /* Repeated arguments: each one. */
        check_sh("\"root=/dev/sda1 root=/dev/sdb2 resume=/dev/hda2\"",
                 "\"root=/dev/xvda1 root=/dev/xvdb2 resume=/dev/xvda2\"",
                 "root=/dev/sda1 -> root=/dev/xvda1|root=/dev/sdb2 -> root=/dev/xvdb2|resume=/dev/hda2 -> "
                 "resume=/dev/xvda2");
        /* Escapes elsewhere in the value stay as they are. */
        check_sh("\"a=\\\"x y\\\" \\$HOME console=xvc0\"", "\"a=\\\"x y\\\" \\$HOME console=hvc0\"",
                 "console=xvc0 -> console=hvc0");
}

static void test_tags_and_mapper(void **state)
{
        check_sh("\"root=LABEL=/ resume=UUID=0b1c-22 root=/dev/mapper/vg-root\"", NULL, NULL);
        check_sh("\"root=/dev/VolGroup00/LogVol00 console=hvc0\"", NULL, NULL);
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &rhel6, "\"root=/dev/sda1\"", "\"root=/dev/xvde1\"",
                   "root=/dev/sda1 -> root=/dev/xvde1", NULL);
}

static void test_single_and_plain(void **state)
{
        check_sh("'console=xvc0 quiet'", "'console=hvc0 quiet'", "console=xvc0 -> console=hvc0");
        check_sh("'console=tty1'", "'console=tty1 console=hvc0'",
                 "console=hvc0 added as the last console= (the pvops console; the getty runs there)");
        check_sh("console=xvc0", "console=hvc0", "console=xvc0 -> console=hvc0");
        check_sh("root=/dev/sda1", "root=/dev/xvda1", "root=/dev/sda1 -> root=/dev/xvda1");
        /* A blank has to be added: the value gets double quotes. */
        check_sh("console=tty1", "\"console=tty1 console=hvc0\"",
                 "console=hvc0 added as the last console= (the pvops console; the getty runs there)");
        check_sh("console=tty1\\ quiet", "\"console=tty1 quiet console=hvc0\"",
                 "console=hvc0 added as the last console= (the pvops console; the getty runs there)");
        /* Mixed quoting: changes go inside the segment that holds them. */
        check_sh("\"quiet \"'console=xvc0'", "\"quiet \"'console=hvc0'", "console=xvc0 -> console=hvc0");
        check_sh("\"quiet\"' xencons=tty'", "\"quiet\"", "xencons=tty removed");
        check_sh("\"console=tty1\"' xencons=tty'", "\"console=tty1 console=hvc0\"",
                 "xencons=tty removed|console=hvc0 added as the last console= (the pvops console; the getty runs "
                 "there)");
        check_sh("root=\"/dev/sda1\"", "root=\"/dev/xvda1\"", "root=/dev/sda1 -> root=/dev/xvda1");
        /* Kernel-level quotes inside the shell quotes are kept. */
        check_sh("'root=\"/dev/sda1\" console=xvc0'", "'root=\"/dev/xvda1\" console=hvc0'",
                 "root=\"/dev/sda1\" -> root=\"/dev/xvda1\"|console=xvc0 -> console=hvc0");
}

static void test_variables(void **state)
{
        check_sh("\"$GRUB_CMDLINE_LINUX console=xvc0\"", "\"$GRUB_CMDLINE_LINUX console=hvc0\"",
                 "console=xvc0 -> console=hvc0");
        check_sh("\"${EXTRA} console=tty0\"", "\"${EXTRA} console=tty0 console=hvc0\"",
                 "console=hvc0 added as the last console= (the pvops console; the getty runs there)");
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &same, "\"root=$ROOTDEV console=xvc0\"", NULL, NULL,
                   "root=$ROOTDEV is set from a variable; left as it is");
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &same, "\"console=`cat /c` quiet\"", NULL, NULL,
                   "console=`cat /c` is set from a variable; left as it is");
        /* With an expansion the value cannot be written anew: left as it is. */
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &same, "$X\\ console=tty1", NULL, NULL,
                   "$X\\ console=tty1: its quoting cannot be kept; left as it is, edit it by hand");
}

static void test_multiline(void **state)
{
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &same, "\"quiet\nconsole=xvc0\"", NULL, NULL,
                   "\"quiet\nconsole=xvc0\" spans several lines; left as it is");
        check_mode(SW_SHELL, KARGS_QUOTED_VALUE, &same, "\"console=xvc0", NULL, NULL,
                   "\"console=xvc0 has a quote that is not closed; left as it is");
        /* Nothing to change: no complaint. */
        check_sh("\"quiet\nsplash\"", NULL, NULL);
        /*
         * An odd kernel-level quote swallows whatever would be added after it:
         * kargs_to_pvops() itself leaves the line and warns, so nothing is
         * refused here (the refusal stays for lines whose other edits would
         * go through).
         */
        {
                const char *src = "'console=tty1 a=\"b c'";
                struct sw_word w = {0};
                struct strv reasons = {0}, warnings = {0};
                _cleanup_free_ char *text = NULL, *refused = NULL;
                size_t pos = 0;

                assert_int_equal(sw_word_parse(SW_SHELL, src, strlen(src), &pos, &w), 0);
                assert_int_equal(kargs_quoted_to_pvops(SW_SHELL, KARGS_QUOTED_VALUE, &same, src, strlen(src), &w,
                                                       &text, &reasons, &warnings, &refused),
                                 0);
                assert_null(text);
                assert_null(refused);
                assert_int_equal(reasons.n, 0);
                assert_int_equal(warnings.n, 1);
                assert_string_equal(warnings.v[0], "console=hvc0 cannot be made the last console=: the line ends "
                                                   "inside a quote; fix it by hand");
                sw_word_done(&w);
                strv_done(&reasons);
                strv_done(&warnings);
        }
}

static void test_grub_args(void **state)
{
        check_grub("root=UUID=8d1e ro console=xvc0 quiet", "root=UUID=8d1e ro console=hvc0 quiet",
                   "console=xvc0 -> console=hvc0");
        check_grub("root=/dev/sda1 ro\tconsole=tty0", "root=/dev/xvda1 ro\tconsole=tty0 console=hvc0",
                   "root=/dev/sda1 -> root=/dev/xvda1|console=hvc0 added as the last console= (the pvops console; "
                   "the getty runs there)");
        check_grub("ro xencons=tty console=tty1", "ro console=tty1 console=hvc0",
                   "xencons=tty removed|console=hvc0 added as the last console= (the pvops console; the getty runs "
                   "there)");
        check_grub("ro console=tty1 xencons=tty", "ro console=tty1 console=hvc0",
                   "xencons=tty removed|console=hvc0 added as the last console= (the pvops console; the getty runs "
                   "there)");
        check_grub("xencons=tty ro", "ro", "xencons=tty removed");
        check_grub("'console=xvc0' \"root=/dev/sda1\" root=\"/dev/sdb1\"",
                   "'console=hvc0' \"root=/dev/xvda1\" root=\"/dev/xvdb1\"",
                   "console=xvc0 -> console=hvc0|root=/dev/sda1 -> root=/dev/xvda1|root=/dev/sdb1 -> "
                   "root=/dev/xvdb1");
        check_grub("ro 'xencons=tty' quiet", "ro quiet", "xencons=tty removed");
        check_grub("ro quiet $vt_handoff console=xvc0", "ro quiet $vt_handoff console=hvc0",
                   "console=xvc0 -> console=hvc0");
        check_grub("ro console=tty1 'my arg'", "ro console=tty1 'my arg' console=hvc0",
                   "console=hvc0 added as the last console= (the pvops console; the getty runs there)");
        check_grub("ro \\$x console=xvc0", "ro \\$x console=hvc0", "console=xvc0 -> console=hvc0");
        check_mode(SW_GRUB, KARGS_QUOTED_ARGS, &same, "ro root=${dev}", NULL, NULL,
                   "root=${dev} is set from a variable; left as it is");
        check_mode(SW_GRUB, KARGS_QUOTED_ARGS, &same, "ro 'console=xvc0 quiet'", NULL, NULL,
                   "console=xvc0 quiet holds a quoted blank (one argument); left as it is");
        check_grub("", NULL, NULL);
        check_grub("ro quiet", NULL, NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_double_quoted), cmocka_unit_test(test_tags_and_mapper),
                cmocka_unit_test(test_single_and_plain), cmocka_unit_test(test_variables),
                cmocka_unit_test(test_multiline), cmocka_unit_test(test_grub_args),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
