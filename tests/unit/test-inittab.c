/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The inittab rewriter: whole-file golden strings, reasons and warnings included. */
#include "test-helpers.h"
#include "test-profiles.h"

#include "config.h"
#include "facts.h"
#include "profile.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

extern const struct rewriter rewriter_inittab;

#define PATH "/etc/inittab"
#define IN_PLACE                                                                                              \
        "the pvops console is hvc0 (was xvc0); a Xenlinux kernel booted later gets its getty back from kudzu " \
        "(RHEL) or needs this line switched back"
#define MODELED(n) "add a getty on the pvops console hvc0 (modeled on line " #n ")"
#define TEMPLATE(p) "add a getty on the pvops console hvc0 (from the getty template of profile " p ")"
#define NEXT_STEP "reload init after the change inside a running guest: telinit q"
#define NO_CHANGE NULL

#define NO_WARNINGS ((const char *const *)NULL)
#define WARNINGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- profiles ---- */

static const char *const profile_names[] = {"rhel5", "debian-etch", "debian-lenny", "sles10", "sles11",
                                            "gentoo", "arch", "generic", "rhel6"};
static struct profile *profiles[ARRAY_SIZE(profile_names)];

static int load_profiles(void **state)
{
        struct profile_search s = {0};

        th_profile_search(&s);
        for (size_t i = 0; i < ARRAY_SIZE(profile_names); i++)
                assert_int_equal(profile_load(&s, profile_names[i], &profiles[i]), 0);
        profile_search_done(&s);
        return 0;
}

static int free_profiles(void **state)
{
        for (size_t i = 0; i < ARRAY_SIZE(profiles); i++)
                profiles[i] = profile_free(profiles[i]);
        return 0;
}

static const struct profile *prof(const char *name)
{
        for (size_t i = 0; i < ARRAY_SIZE(profile_names); i++)
                if (streq(profile_names[i], name))
                        return profiles[i];
        fail_msg("profile %s not loaded", name);
        return NULL;
}

/* ---- running the rewriter ---- */

/* rewrite_out_done() lives in rewrite.c with the table of every rewriter; this test links only its own. */
static void out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
}

static char *run_inittab_n(const char *in, size_t len, bool exists, const struct profile *p, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        struct facts facts = {.profile = (struct profile *)p};
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, len, &t), 0);
        assert_int_equal(rewriter_inittab.rewrite(t, exists, PATH, &facts, o), 0);
        assert_false(o->create);
        assert_true(o->edits.n <= 1);
        assert_int_equal(o->next_steps.n, o->edits.n);
        if (o->next_steps.n)
                assert_string_equal(o->next_steps.v[0], NEXT_STEP);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        assert_int_equal(strlen(out), out_len);
        return out;
}

static void check_warnings(const struct rewrite_out *o, const char *const *warnings)
{
        size_t n = 0;

        while (warnings && warnings[n])
                n++;
        for (size_t i = 0; i < o->warnings.n && i < n; i++)
                assert_string_equal(o->warnings.v[i], warnings[i]);
        assert_int_equal(o->warnings.n, n);
}

/*
 * Exact output, exact reason (NO_CHANGE: no edit at all), exact warnings,
 * and a second run on the output that edits nothing.
 */
static void check_p(const struct profile *p, const char *in, const char *expected, const char *reason,
                    const char *const *warnings)
{
        struct rewrite_out o = {0}, o2 = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_inittab_n(in, strlen(in), true, p, &o);
        assert_string_equal(out, expected);
        if (reason) {
                assert_int_equal(o.edits.n, 1);
                assert_string_equal(o.edits.v[0].reason, reason);
        } else {
                assert_int_equal(o.edits.n, 0);
                assert_string_equal(in, expected);
        }
        check_warnings(&o, warnings);

        out2 = run_inittab_n(out, strlen(out), true, p, &o2);
        assert_int_equal(o2.edits.n, 0);
        assert_string_equal(out2, out);

        out_done(&o);
        out_done(&o2);
}

static void check(const char *profile, const char *in, const char *expected, const char *reason,
                  const char *const *warnings)
{
        check_p(prof(profile), in, expected, reason, warnings);
}

/* ---- fixtures ---- */

#define RHEL5_HEAD                                                                    \
        "#\n"                                                                         \
        "# inittab       This file describes how the INIT process should set up\n"   \
        "#               the system in a certain run-level.\n"                       \
        "#\n"                                                                         \
        "id:3:initdefault:\n"                                                         \
        "\n"                                                                          \
        "# System initialization.\n"                                                  \
        "si::sysinit:/etc/rc.d/rc.sysinit\n"                                          \
        "\n"                                                                          \
        "l0:0:wait:/etc/rc.d/rc 0\n"                                                  \
        "l3:3:wait:/etc/rc.d/rc 3\n"                                                  \
        "l6:6:wait:/etc/rc.d/rc 6\n"                                                  \
        "\n"                                                                          \
        "# Trap CTRL-ALT-DELETE\n"                                                    \
        "ca::ctrlaltdel:/sbin/shutdown -t3 -r now\n"                                  \
        "pr:12345:powerokwait:/sbin/shutdown -c \"Power Restored; Shutdown Cancelled\"\n" \
        "\n"                                                                          \
        "\n"                                                                          \
        "# Run gettys in standard runlevels\n"

#define RHEL5_MINGETTYS_COMMENTED                 \
        "#1:2345:respawn:/sbin/mingetty tty1\n"   \
        "#2:2345:respawn:/sbin/mingetty tty2\n"   \
        "#3:2345:respawn:/sbin/mingetty tty3\n"   \
        "#4:2345:respawn:/sbin/mingetty tty4\n"   \
        "#5:2345:respawn:/sbin/mingetty tty5\n"   \
        "#6:2345:respawn:/sbin/mingetty tty6\n"

#define RHEL5_TAIL                                \
        "\n"                                      \
        "# Run xdm in runlevel 5\n"               \
        "x:5:respawn:/etc/X11/prefdm -nodaemon\n"

#define DEBIAN_HEAD                                                      \
        "# /etc/inittab: init(8) configuration.\n"                       \
        "# $Id: inittab,v 1.91 2002/01/25 13:35:21 miquels Exp $\n"     \
        "\n"                                                             \
        "# The default runlevel.\n"                                      \
        "id:2:initdefault:\n"                                            \
        "\n"                                                             \
        "si::sysinit:/etc/init.d/rcS\n"                                  \
        "~~:S:wait:/sbin/sulogin\n"                                      \
        "l2:2:wait:/etc/init.d/rc 2\n"                                   \
        "z6:6:respawn:/sbin/sulogin\n"                                   \
        "ca:12345:ctrlaltdel:/sbin/shutdown -t1 -a -r now\n"             \
        "\n"                                                             \
        "# /sbin/getty invocations for the runlevels.\n"                 \
        "#\n"                                                            \
        "# Format:\n"                                                    \
        "#  <id>:<runlevels>:<action>:<process>\n"                       \
        "#\n"

#define DEBIAN_GETTYS                                 \
        "1:2345:respawn:/sbin/getty 38400 tty1\n"     \
        "2:23:respawn:/sbin/getty 38400 tty2\n"       \
        "3:23:respawn:/sbin/getty 38400 tty3\n"       \
        "4:23:respawn:/sbin/getty 38400 tty4\n"       \
        "5:23:respawn:/sbin/getty 38400 tty5\n"       \
        "6:23:respawn:/sbin/getty 38400 tty6\n"

#define DEBIAN_TAIL                                                   \
        "\n"                                                          \
        "# Example how to put a getty on a serial line (for a terminal)\n" \
        "#\n"                                                         \
        "#T0:23:respawn:/sbin/getty -L ttyS0 9600 vt100\n"            \
        "#T1:23:respawn:/sbin/getty -L ttyS1 9600 vt100\n"

#define SLES_HEAD                                                       \
        "#\n"                                                           \
        "# /etc/inittab\n"                                              \
        "#\n"                                                           \
        "id:3:initdefault:\n"                                           \
        "si::bootwait:/etc/init.d/boot\n"                               \
        "l3:3:wait:/etc/init.d/rc 3\n"                                  \
        "#l4:4:wait:/etc/init.d/rc 4\n"                                 \
        "ls:S:wait:/etc/init.d/rc S\n"                                  \
        "~~:S:respawn:/sbin/sulogin\n"                                  \
        "\n"                                                            \
        "# getty-programs for the normal runlevels\n"                   \
        "# <id>:<runlevels>:<action>:<process>\n"                       \
        "1:2345:respawn:/sbin/mingetty --noclear tty1\n"                \
        "2:2345:respawn:/sbin/mingetty tty2\n"                          \
        "#\n"                                                           \
        "#S0:12345:respawn:/sbin/agetty -L 9600 ttyS0 vt102\n"

#define GENTOO_HEAD                                                 \
        "# /etc/inittab:  This file describes how the INIT process should set up\n" \
        "#                the system in a certain run-level.\n"     \
        "\n"                                                        \
        "# Default runlevel.\n"                                     \
        "id:3:initdefault:\n"                                       \
        "\n"                                                        \
        "si::sysinit:/sbin/rc sysinit\n"                            \
        "rc::bootwait:/sbin/rc boot\n"                              \
        "l3:3:wait:/sbin/rc default\n"                              \
        "\n"                                                        \
        "# TERMINALS\n"                                             \
        "c1:12345:respawn:/sbin/agetty 38400 tty1 linux\n"          \
        "c2:2345:respawn:/sbin/agetty 38400 tty2 linux\n"           \
        "c3:2345:respawn:/sbin/agetty 38400 tty3 linux\n"

#define GENTOO_TAIL                                                 \
        "\n"                                                        \
        "# SERIAL CONSOLES\n"                                       \
        "#s0:12345:respawn:/sbin/agetty 9600 ttyS0 vt100\n"         \
        "#s1:12345:respawn:/sbin/agetty 9600 ttyS1 vt100\n"         \
        "\n"                                                        \
        "# What to do at the \"Three Finger Salute\".\n"            \
        "ca:12345:ctrlaltdel:/sbin/shutdown -r now\n"

/* ---- cases ---- */

static void test_rhel5_kudzu_in_place(void **state)
{
        check("rhel5",
              RHEL5_HEAD "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n" RHEL5_MINGETTYS_COMMENTED RHEL5_TAIL,
              RHEL5_HEAD "co:2345:respawn:/sbin/agetty hvc0 9600 vt100-nav\n" RHEL5_MINGETTYS_COMMENTED RHEL5_TAIL,
              IN_PLACE, NO_WARNINGS);
}

static void test_rhel5_dev_xvc0(void **state)
{
        check("rhel5", "id:3:initdefault:\nco:2345:respawn:/sbin/agetty /dev/xvc0 9600 vt100-nav\n",
              "id:3:initdefault:\nco:2345:respawn:/sbin/agetty /dev/hvc0 9600 vt100-nav\n", IN_PLACE,
              NO_WARNINGS);
}

static void test_centos_xt_mingetty_console(void **state)
{
        /*
         * xen-tools' centos-5 hook: "co" on console after the "Cancelled" line,
         * 1:2345 commented. The console getty serves hvc0 under pvops (the last
         * console= names it): no second getty that would fight it.
         */
        const char *in = "id:3:initdefault:\n"
                         "pr:12345:powerokwait:/sbin/shutdown -c \"Power Restored; Shutdown Cancelled\"\n"
                         "co:2345:respawn:/sbin/mingetty console\n"
                         "\n"
                         "# Run gettys in standard runlevels\n"
                         "#1:2345:respawn:/sbin/mingetty tty1\n"
                         "2:2345:respawn:/sbin/mingetty tty2\n"
                         "3:2345:respawn:/sbin/mingetty tty3\n"
                         "\n"
                         "x:5:respawn:/etc/X11/prefdm -nodaemon\n";

        check("rhel5", in, in, NO_CHANGE, NO_WARNINGS);
}

static void test_debian_etch_tty1(void **state)
{
        check("debian-etch", DEBIAN_HEAD DEBIAN_GETTYS DEBIAN_TAIL,
              DEBIAN_HEAD DEBIAN_GETTYS "h0:2345:respawn:/sbin/getty 38400 hvc0\n" DEBIAN_TAIL, MODELED(18),
              NO_WARNINGS);
}

static void test_debian_lenny_has_hvc0(void **state)
{
        const char *in = DEBIAN_HEAD DEBIAN_GETTYS "h0:2345:respawn:/sbin/getty 38400 hvc0\n" DEBIAN_TAIL;

        check("debian-lenny", in, in, NO_CHANGE, NO_WARNINGS);
        /* Other spellings of a getty on hvc0 count as well. */
        check("debian-lenny", "1:2345:respawn:/sbin/getty 38400 tty1\nh0:2345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n",
              "1:2345:respawn:/sbin/getty 38400 tty1\nh0:2345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n", NO_CHANGE,
              NO_WARNINGS);
        check("rhel5", "co:2345:respawn:agetty hvc0 9600 vt100-nav\n", "co:2345:respawn:agetty hvc0 9600 vt100-nav\n",
              NO_CHANGE, NO_WARNINGS);
        check("rhel5", "co:2345:respawn:/sbin/agetty /dev/hvc0 9600 vt100-nav\nx0:2345:respawn:/sbin/agetty xvc0\n",
              "co:2345:respawn:/sbin/agetty /dev/hvc0 9600 vt100-nav\nx0:2345:respawn:/sbin/agetty xvc0\n",
              NO_CHANGE, NO_WARNINGS);
}

static void test_sles11_x0_in_place(void **state)
{
        check("sles11",
              SLES_HEAD "x0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm\n",
              SLES_HEAD "x0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n", IN_PLACE, NO_WARNINGS);
}

static void test_sles10_cons_and_x0(void **state)
{
        check("sles10",
              SLES_HEAD "cons:12345:respawn:/sbin/smart_agetty -L 42 console\n"
                        "x0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm\n",
              SLES_HEAD "cons:12345:respawn:/sbin/smart_agetty -L 42 console\n"
                        "x0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n",
              IN_PLACE, NO_WARNINGS);
}

static void test_gentoo_tty1_linux(void **state)
{
        check("gentoo", GENTOO_HEAD GENTOO_TAIL,
              GENTOO_HEAD "h0:12345:respawn:/sbin/agetty 38400 hvc0 linux\n" GENTOO_TAIL, MODELED(12),
              NO_WARNINGS);
}

static void test_arch_agetty_8(void **state)
{
        check("arch",
              "id:3:initdefault:\n"
              "rc::sysinit:/etc/rc.sysinit\n"
              "rm::wait:/etc/rc.multi\n"
              "\n"
              "c1:2345:respawn:/sbin/agetty -8 38400 tty1 linux\n"
              "c2:2345:respawn:/sbin/agetty -8 38400 tty2 linux\n"
              "\n"
              "# Serial Virtual Console for KVM and others VMs\n"
              "#s1:2345:respawn:/sbin/agetty -8 -s 9600 ttyS0 linux\n",
              "id:3:initdefault:\n"
              "rc::sysinit:/etc/rc.sysinit\n"
              "rm::wait:/etc/rc.multi\n"
              "\n"
              "c1:2345:respawn:/sbin/agetty -8 38400 tty1 linux\n"
              "c2:2345:respawn:/sbin/agetty -8 38400 tty2 linux\n"
              "h0:2345:respawn:/sbin/agetty -8 38400 hvc0 linux\n"
              "\n"
              "# Serial Virtual Console for KVM and others VMs\n"
              "#s1:2345:respawn:/sbin/agetty -8 -s 9600 ttyS0 linux\n",
              MODELED(5), NO_WARNINGS);
}

static void test_h0_taken_by_comment(void **state)
{
        /* A commented hvc0 getty counts for nothing but its id. */
        check("debian-etch",
              "#h0:2345:respawn:/sbin/getty 38400 hvc0\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n",
              "#h0:2345:respawn:/sbin/getty 38400 hvc0\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "hv:2345:respawn:/sbin/getty 38400 hvc0\n",
              MODELED(2), NO_WARNINGS);
}

static void test_many_ids_taken(void **state)
{
        check("debian-etch",
              "h0:S:wait:/bin/true\n"
              "# hv:2345:off:/bin/false\n"
              "  hvc:2345:once:/bin/true\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n",
              "h0:S:wait:/bin/true\n"
              "# hv:2345:off:/bin/false\n"
              "  hvc:2345:once:/bin/true\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "h1:2345:respawn:/sbin/getty 38400 hvc0\n",
              MODELED(4), NO_WARNINGS);
}

static void test_crlf(void **state)
{
        check("debian-etch",
              "id:2:initdefault:\r\n"
              "si::sysinit:/etc/init.d/rcS\r\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\r\n"
              "2:23:respawn:/sbin/getty 38400 tty2\r\n",
              "id:2:initdefault:\r\n"
              "si::sysinit:/etc/init.d/rcS\r\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\r\n"
              "2:23:respawn:/sbin/getty 38400 tty2\r\n"
              "h0:2345:respawn:/sbin/getty 38400 hvc0\r\n",
              MODELED(3), NO_WARNINGS);
        check("rhel5", "id:3:initdefault:\r\nco:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\r\n# end\r\n",
              "id:3:initdefault:\r\nco:2345:respawn:/sbin/agetty hvc0 9600 vt100-nav\r\n# end\r\n", IN_PLACE,
              NO_WARNINGS);
}

static void test_no_final_newline(void **state)
{
        check("debian-etch", "id:2:initdefault:\n1:2345:respawn:/sbin/getty 38400 tty1",
              "id:2:initdefault:\n1:2345:respawn:/sbin/getty 38400 tty1\nh0:2345:respawn:/sbin/getty 38400 hvc0\n",
              MODELED(2), NO_WARNINGS);
        check("debian-etch", "1:2345:respawn:/sbin/getty 38400 tty1\n# the end",
              "1:2345:respawn:/sbin/getty 38400 tty1\nh0:2345:respawn:/sbin/getty 38400 hvc0\n# the end",
              MODELED(1), NO_WARNINGS);
        check("sles11", "id:3:initdefault:\nx0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm",
              "id:3:initdefault:\nx0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm", IN_PLACE, NO_WARNINGS);
}

static void test_lone_cr_dropped(void **state)
{
        /* New content cannot end in CR; init would have taken it for part of the terminal type. */
        check("rhel5", "id:3:initdefault:\nco:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\r",
              "id:3:initdefault:\nco:2345:respawn:/sbin/agetty hvc0 9600 vt100-nav", IN_PLACE, NO_WARNINGS);
}

static void test_no_getty_template(void **state)
{
        check("debian-etch", "id:2:initdefault:\nsi::sysinit:/etc/init.d/rcS\n",
              "id:2:initdefault:\nsi::sysinit:/etc/init.d/rcS\nh0:2345:respawn:/sbin/getty 38400 hvc0\n",
              TEMPLATE("debian-etch"), NO_WARNINGS);
        /* Gentoo's template id c0 is free: it is kept. */
        check("gentoo", "id:3:initdefault:\n", "id:3:initdefault:\nc0:12345:respawn:/sbin/agetty 38400 hvc0 linux\n",
              TEMPLATE("gentoo"), NO_WARNINGS);
        /* An empty inittab still gets the line. */
        check("sles11", "", "x0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n", TEMPLATE("sles11"),
              NO_WARNINGS);
}

static void test_template_id_taken_or_kudzu(void **state)
{
        /* The Red Hat template says "co", which kudzu owns: never used. */
        check("rhel5", "id:3:initdefault:\n", "id:3:initdefault:\nh0:2345:respawn:/sbin/agetty hvc0 9600 vt100-nav\n",
              TEMPLATE("rhel5"), NO_WARNINGS);
        check("generic", "id:3:initdefault:\n", "id:3:initdefault:\nh0:2345:respawn:/sbin/agetty 38400 hvc0 vt100\n",
              TEMPLATE("generic"), NO_WARNINGS);
        /* SUSE's x0 is taken by a commented line. */
        check("sles11", "id:3:initdefault:\n#x0:12345:respawn:/sbin/agetty -L 9600 ttyS1 xterm\n",
              "id:3:initdefault:\n#x0:12345:respawn:/sbin/agetty -L 9600 ttyS1 xterm\n"
              "h0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n",
              TEMPLATE("sles11"), NO_WARNINGS);
}

static void test_upstart_no_edit(void **state)
{
        check("rhel6", "id:3:initdefault:\n", "id:3:initdefault:\n", NO_CHANGE, NO_WARNINGS);
        check("rhel6", "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n",
              "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n", NO_CHANGE, NO_WARNINGS);
}

static void test_missing_file_or_profile(void **state)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = NULL, *out2 = NULL;

        out = run_inittab_n("", 0, false, prof("debian-etch"), &o);
        assert_string_equal(out, "");
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        out_done(&o);

        out2 = run_inittab_n("1:2345:respawn:/sbin/getty 38400 tty1\n", 38, true, NULL, &o);
        assert_string_equal(out2, "1:2345:respawn:/sbin/getty 38400 tty1\n");
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        out_done(&o);
}

static void test_commented_xvc0_only(void **state)
{
        /* xe-guest-utilities commented the console getty out: it stays so, and is reported. */
        check("rhel5",
              "id:3:initdefault:\n"
              "#co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
              "1:2345:respawn:/sbin/mingetty tty1\n"
              "2:2345:respawn:/sbin/mingetty tty2\n",
              "id:3:initdefault:\n"
              "#co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
              "1:2345:respawn:/sbin/mingetty tty1\n"
              "2:2345:respawn:/sbin/mingetty tty2\n"
              "h0:2345:respawn:/sbin/mingetty hvc0\n",
              MODELED(3),
              WARNINGS("'/etc/inittab' line 2: the getty on xvc0 is commented out and no console getty is "
                       "active: left commented, so a Xenlinux kernel has no login on its console"));
        /* With an active console getty there is nothing to report. */
        check("rhel5",
              "#co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
              "co:2345:respawn:/sbin/mingetty console\n",
              "#co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
              "co:2345:respawn:/sbin/mingetty console\n",
              NO_CHANGE, NO_WARNINGS);
}

static void test_commented_hvc0_with_active_xvc0(void **state)
{
        check("sles11",
              "#h0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n"
              "x0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm\n",
              "#h0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n"
              "x0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n",
              IN_PLACE, NO_WARNINGS);
}

static void test_unparseable_getty(void **state)
{
        check("debian-etch",
              "id:2:initdefault:\n"
              "1:2345/sbin/getty 38400 tty1\n",
              "id:2:initdefault:\n"
              "1:2345/sbin/getty 38400 tty1\n"
              "h0:2345:respawn:/sbin/getty 38400 hvc0\n",
              TEMPLATE("debian-etch"),
              WARNINGS("'/etc/inittab' line 2: looks like a getty but is not an inittab entry "
                       "(id:runlevels:action:process): left as it is"));
}

static void test_ttys0_preferred_over_tty1(void **state)
{
        check("debian-etch",
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "T0:23:respawn:/sbin/getty -L ttyS0 9600 vt100\n"
              "2:23:respawn:/sbin/getty 38400 tty2\n"
              "# end\n",
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "T0:23:respawn:/sbin/getty -L ttyS0 9600 vt100\n"
              "2:23:respawn:/sbin/getty 38400 tty2\n"
              "h0:23:respawn:/sbin/getty -L hvc0 9600 vt100\n"
              "# end\n",
              MODELED(2), NO_WARNINGS);
}

static void test_any_getty_model(void **state)
{
        /* No console, ttyS0 or tty1 getty: the first active getty, "/dev/" kept, '+' kept. */
        check("gentoo",
              "c2:2345:respawn:+/sbin/agetty 38400 /dev/tty2 linux\n"
              "c3:2345:respawn:/sbin/agetty 38400 tty3 linux\n",
              "c2:2345:respawn:+/sbin/agetty 38400 /dev/tty2 linux\n"
              "c3:2345:respawn:/sbin/agetty 38400 tty3 linux\n"
              "h0:2345:respawn:+/sbin/agetty 38400 /dev/hvc0 linux\n",
              MODELED(1), NO_WARNINGS);
}

static void test_two_xvc0_gettys(void **state)
{
        check("sles11",
              "x0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm\n"
              "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n",
              "x0:12345:respawn:/sbin/agetty -L 9600 hvc0 xterm\n"
              "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n",
              IN_PLACE,
              WARNINGS("'/etc/inittab' line 2: another getty on xvc0, left as it is: under the pvops kernel "
                       "init reports it \"respawning too fast\"; comment it out by hand"));
}

static void test_inactive_actions_ignored(void **state)
{
        /* A getty line whose action is not respawn is no active getty; "xvc01" is no xvc0. */
        check("debian-etch",
              "h0:2345:off:/sbin/getty 38400 hvc0\n"
              "x0:2345:respawn:/sbin/getty 38400 xvc01\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n",
              "h0:2345:off:/sbin/getty 38400 hvc0\n"
              "x0:2345:respawn:/sbin/getty 38400 xvc01\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "hv:2345:respawn:/sbin/getty 38400 hvc0\n",
              MODELED(3), NO_WARNINGS);
}

static void test_no_template_no_getty(void **state)
{
        struct profile p = {.name = (char *)"bare", .init = INIT_SYSVINIT};

        check_p(&p, "id:3:initdefault:\n", "id:3:initdefault:\n", NO_CHANGE,
                WARNINGS("'/etc/inittab': no active getty to model on and no getty template in profile bare: "
                         "add a getty on hvc0 by hand"));
        /* A template that is no inittab getty line is refused as well. */
        p.getty_template = (char *)"exec /sbin/getty 38400 {tty}\n";
        check_p(&p, "id:3:initdefault:\n", "id:3:initdefault:\n", NO_CHANGE,
                WARNINGS("'/etc/inittab': the getty template of profile bare is not an inittab line that runs a "
                         "getty on hvc0: add one by hand"));
}

static void test_getty_without_tty_is_position_only(void **state)
{
        /* A getty on no recognisable tty is no model, but the new line still goes after it. */
        check("debian-etch",
              "id:2:initdefault:\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "9:2345:respawn:/sbin/getty\n"
              "# end\n",
              "id:2:initdefault:\n"
              "1:2345:respawn:/sbin/getty 38400 tty1\n"
              "9:2345:respawn:/sbin/getty\n"
              "h0:2345:respawn:/sbin/getty 38400 hvc0\n"
              "# end\n",
              MODELED(2), NO_WARNINGS);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rhel5_kudzu_in_place),
                cmocka_unit_test(test_rhel5_dev_xvc0),
                cmocka_unit_test(test_centos_xt_mingetty_console),
                cmocka_unit_test(test_debian_etch_tty1),
                cmocka_unit_test(test_debian_lenny_has_hvc0),
                cmocka_unit_test(test_sles11_x0_in_place),
                cmocka_unit_test(test_sles10_cons_and_x0),
                cmocka_unit_test(test_gentoo_tty1_linux),
                cmocka_unit_test(test_arch_agetty_8),
                cmocka_unit_test(test_h0_taken_by_comment),
                cmocka_unit_test(test_many_ids_taken),
                cmocka_unit_test(test_crlf),
                cmocka_unit_test(test_no_final_newline),
                cmocka_unit_test(test_lone_cr_dropped),
                cmocka_unit_test(test_no_getty_template),
                cmocka_unit_test(test_template_id_taken_or_kudzu),
                cmocka_unit_test(test_upstart_no_edit),
                cmocka_unit_test(test_missing_file_or_profile),
                cmocka_unit_test(test_commented_xvc0_only),
                cmocka_unit_test(test_commented_hvc0_with_active_xvc0),
                cmocka_unit_test(test_unparseable_getty),
                cmocka_unit_test(test_ttys0_preferred_over_tty1),
                cmocka_unit_test(test_any_getty_model),
                cmocka_unit_test(test_two_xvc0_gettys),
                cmocka_unit_test(test_inactive_actions_ignored),
                cmocka_unit_test(test_no_template_no_getty),
                cmocka_unit_test(test_getty_without_tty_is_position_only),
        };

        return cmocka_run_group_tests(tests, load_profiles, free_profiles);
}
