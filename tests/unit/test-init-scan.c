/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * init_scan() over fixture roots: which gettys count, which job is the model,
 * automatic console gettys, static /dev, notes and refusals. Exact values.
 */
#include "test-helpers.h"
#include "test-profiles.h"

#include <sys/types.h>

#include "config.h"
#include "guest-root.h"
#include "init-scan.h"
#include "log.h"
#include "profile.h"

#define HARDY_TTY(N)                                                      \
        "# tty" N " - getty\n"                                            \
        "#\n"                                                             \
        "# This service maintains a getty on tty" N " from the point the system is\n" \
        "# started until it is shut down again.\n"                        \
        "\n"                                                              \
        "start on stopped rc2\n"                                          \
        "start on stopped rc3\n"                                          \
        "start on stopped rc4\n"                                          \
        "start on stopped rc5\n"                                          \
        "\n"                                                              \
        "stop on runlevel 0\n"                                            \
        "stop on runlevel 1\n"                                            \
        "stop on runlevel 6\n"                                            \
        "\n"                                                              \
        "respawn\n"                                                       \
        "exec /sbin/getty 38400 tty" N "\n"

#define HARDY_XVC0                                                        \
        "# xvc0 - getty\n"                                                \
        "#\n"                                                             \
        "# This service maintains a getty on xvc0 from the point the system is\n" \
        "# started until it is shut down again.\n"                        \
        "\n"                                                              \
        "start on stopped rc2\n"                                          \
        "start on stopped rc3\n"                                          \
        "start on stopped rc4\n"                                          \
        "start on stopped rc5\n"                                          \
        "\n"                                                              \
        "stop on runlevel 0\n"                                            \
        "stop on runlevel 1\n"                                            \
        "stop on runlevel 6\n"                                            \
        "\n"                                                              \
        "respawn\n"                                                       \
        "exec /sbin/getty 38400 xvc0\n"

#define LUCID_TTY(N)                                                      \
        "# tty" N " - getty\n"                                            \
        "#\n"                                                             \
        "# This service maintains a getty on tty" N " from the point the system is\n" \
        "# started until it is shut down again.\n"                        \
        "\n"                                                              \
        "start on stopped rc RUNLEVEL=[2345]\n"                           \
        "stop on runlevel [!2345]\n"                                      \
        "\n"                                                              \
        "respawn\n"                                                       \
        "exec /sbin/getty -8 38400 tty" N "\n"

#define FEDORA_TTY(N)                                                     \
        "# tty" N " - getty\n"                                            \
        "#\n"                                                             \
        "# This service maintains a getty on tty" N " from the point the system is\n" \
        "# started until it is shut down again.\n"                        \
        "\n"                                                              \
        "start on stopped rc2\n"                                          \
        "start on stopped rc3\n"                                          \
        "start on stopped rc4\n"                                          \
        "start on started prefdm\n"                                       \
        "\n"                                                              \
        "stop on runlevel 0\n"                                            \
        "stop on runlevel 1\n"                                            \
        "stop on runlevel 6\n"                                            \
        "\n"                                                              \
        "respawn\n"                                                       \
        "exec /sbin/mingetty tty" N "\n"

#define FEDORA_SERIAL                                                     \
        "# Automatically start a getty on the serial console.\n"          \
        "start on fedora.serial-console-available *\n"                    \
        "stop on runlevel [016]\n"                                        \
        "\n"                                                              \
        "instance\n"                                                      \
        "respawn\n"                                                       \
        "pre-start script\n"                                              \
        "        if [ -x /usr/bin/getty ]; then\n"                        \
        "                exec /usr/bin/getty hvc0\n"                      \
        "        fi\n"                                                    \
        "        /sbin/securetty $1\n"                                    \
        "end script\n"                                                    \
        "exec /sbin/agetty /dev/$1 $2 vt100-nav\n"

#define RHEL6_TTY                                                         \
        "# tty - getty\n"                                                 \
        "#\n"                                                             \
        "# This service maintains a getty on the specified device.\n"     \
        "\n"                                                              \
        "stop on runlevel [S016]\n"                                       \
        "\n"                                                              \
        "respawn\n"                                                       \
        "instance $TTY\n"                                                 \
        "exec /sbin/mingetty $TTY\n"

#define RHEL6_START_TTYS                                                  \
        "# This service starts the configured number of gettys.\n"        \
        "\n"                                                              \
        "start on stopped rc RUNLEVEL=[2345]\n"                           \
        "\n"                                                              \
        "env ACTIVE_CONSOLES=/dev/tty[1-6]\n"                             \
        "env X_TTY=/dev/tty1\n"                                           \
        "task\n"                                                          \
        "script\n"                                                        \
        "\t. /etc/sysconfig/init\n"                                       \
        "\tfor tty in $(echo $ACTIVE_CONSOLES) ; do\n"                    \
        "\t\t[ \"$RUNLEVEL\" = \"5\" -a \"$tty\" = \"$X_TTY\" ] && continue\n" \
        "\t\tinitctl start tty TTY=$tty\n"                                \
        "\tdone\n"                                                        \
        "end script\n"

#define RHEL6_SERIAL                                                      \
        "# Automatically start a getty on the serial console.\n"          \
        "start on fedora.serial-console-available DEV=* and stopped rc RUNLEVEL=[2345]\n" \
        "stop on runlevel [S016]\n"                                       \
        "\n"                                                              \
        "instance $DEV\n"                                                 \
        "respawn\n"                                                       \
        "pre-start exec /sbin/securetty $DEV\n"                           \
        "exec /sbin/agetty /dev/$DEV $SPEED vt100-nav\n"

struct fixture {
        char *root;
        struct guest_root *g;
        struct profile *p;
        struct init_info info;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        assert_non_null(f);
        f->root = th_mkdtemp();
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        init_info_done(&f->info);
        profile_free(f->p);
        guest_root_free(f->g);
        th_rmrf(f->root);
        free(f->root);
        free(f);
        return 0;
}


/* A profile that states nothing but the init system (console getty not automatic). */
static struct profile *bare_profile(const char *system)
{
        struct profile *p = NULL;
        char *text = NULL;

        assert_true(asprintf(&text, "[profile]\nname = bare\n[init]\nsystem = %s\n[login]\nsecuretty = /etc/securetty\n",
                             system) > 0);
        assert_int_equal(profile_parse("bare.profile", text, strlen(text), &p), 0);
        free(text);
        assert_int_equal(p->console_getty_auto, false);
        return p;
}

static void add_udev(struct fixture *f)
{
        th_write_str(f->root, "sbin/udevd", "");
}

static int scan(struct fixture *f)
{
        if (!f->g)
                assert_int_equal(guest_root_open(f->root, &f->g), 0);
        init_info_done(&f->info);
        return init_scan(f->g, f->p, &f->info);
}

/* The ttys, joined with spaces, and the sources likewise. */
static void assert_ttys(const struct init_info *i, const char *ttys, const char *sources)
{
        struct strbuf a = {0}, b = {0};

        assert_int_equal(i->getty_ttys.n, i->getty_sources.n);
        for (size_t k = 0; k < i->getty_ttys.n; k++) {
                assert_int_equal(strbuf_printf(&a, "%s%s", k ? " " : "", i->getty_ttys.v[k]), 0);
                assert_int_equal(strbuf_printf(&b, "%s%s", k ? " " : "", i->getty_sources.v[k]), 0);
        }
        assert_string_equal(a.s ? a.s : "", ttys);
        assert_string_equal(b.s ? b.s : "", sources);
        strbuf_done(&a);
        strbuf_done(&b);
}

static void assert_notes(const struct init_info *i, const char *const *expected, size_t n)
{
        for (size_t k = 0; k < i->notes.n && k < n; k++)
                assert_string_equal(i->notes.v[k], expected[k]);
        assert_int_equal(i->notes.n, n);
}

static void write_hardy(struct fixture *f)
{
        static const char *const n[] = {"1", "2", "3", "4", "5", "6"};

        for (size_t k = 0; k < ARRAY_SIZE(n); k++) {
                char rel[64], *text = NULL;

                snprintf(rel, sizeof(rel), "etc/event.d/tty%s", n[k]);
                assert_true(asprintf(&text, HARDY_TTY("%s"), n[k], n[k], n[k]) > 0);
                th_write_str(f->root, rel, text);
                free(text);
        }
        th_write_str(f->root, "etc/event.d/xvc0", HARDY_XVC0);
        th_write_str(f->root, "etc/event.d/rc2", "start on runlevel 2\nstop on runlevel [!2]\n"
                                                  "console output\nscript\n\tset $(/sbin/runlevel --set 2 || true)\n"
                                                  "\texec /etc/init.d/rc 2\nend script\n");
        th_write_str(f->root, "etc/event.d/README", "exec /sbin/getty 38400 tty9\nstart on startup\n");
        th_write_str(f->root, "etc/event.d/tty7.dpkg-old", HARDY_TTY("7"));
        th_write_str(f->root, "etc/event.d/tty8~", HARDY_TTY("8"));
        th_write_str(f->root, "etc/event.d/.tty9.swp", HARDY_TTY("9"));
}

static void test_hardy_eventd(void **state)
{
        struct fixture *f = *state;

        write_hardy(f);
        add_udev(f);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.init, INIT_UPSTART_EVENTD);
        assert_ttys(&f->info, "tty1 tty2 tty3 tty4 tty5 tty6 xvc0",
                    "/etc/event.d/tty1 /etc/event.d/tty2 /etc/event.d/tty3 /etc/event.d/tty4 /etc/event.d/tty5 "
                    "/etc/event.d/tty6 /etc/event.d/xvc0");
        assert_string_equal(f->info.model_path, "/etc/event.d/tty1");
        assert_string_equal(f->info.model_text, HARDY_TTY("1"));
        assert_string_equal(f->info.model_tty, "tty1");
        assert_false(f->info.console_getty_auto);
        assert_false(f->info.static_dev);
        assert_int_equal(f->info.notes.n, 0);
        assert_true(init_has_getty(&f->info, "xvc0"));
        assert_false(init_has_getty(&f->info, "hvc0"));
        assert_false(init_has_getty(&f->info, "tty7"));

        /* The component-walking resolver gives the same. */
        guest_root_force_fallback(f->g, true);
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1 tty2 tty3 tty4 tty5 tty6 xvc0",
                    "/etc/event.d/tty1 /etc/event.d/tty2 /etc/event.d/tty3 /etc/event.d/tty4 /etc/event.d/tty5 "
                    "/etc/event.d/tty6 /etc/event.d/xvc0");
        assert_string_equal(f->info.model_text, HARDY_TTY("1"));
}

/* /etc/init is a file, /etc/event.d a link to a directory elsewhere in the guest. */
static void test_odd_job_directories(void **state)
{
        static const char *const notes[] = {
                "'/etc/init' is not a directory: no jobs read from it",
                "/etc/event.d/xvc0 is not read by Upstart 0.6+ (it reads /etc/init)",
        };
        struct fixture *f = *state;
        char *p = NULL;

        th_write_str(f->root, "etc/init", "not a directory\n");
        th_write_str(f->root, "usr/share/old-jobs/xvc0", HARDY_XVC0);
        th_write_str(f->root, "usr/share/old-jobs/sub/tty1", HARDY_TTY("1"));
        assert_true(asprintf(&p, "%s/etc/event.d", f->root) > 0);
        assert_int_equal(symlink("../../usr/share/old-jobs", p), 0);
        free(p);
        add_udev(f);
        f->p = th_load_profile("ubuntu-upstart");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.getty_ttys.n, 0);
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));

        profile_free(f->p);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "xvc0", "/etc/event.d/xvc0");
        assert_int_equal(f->info.notes.n, 0);
}

/* Without a tty1 job the first getty job (by name) is the model. */
static void test_eventd_model_without_tty1(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/event.d/xvc0", HARDY_XVC0);
        th_write_str(f->root, "etc/event.d/hvc0", "start on stopped rc2\nexec /sbin/getty 38400 hvc0\n");
        add_udev(f);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "hvc0 xvc0", "/etc/event.d/hvc0 /etc/event.d/xvc0");
        assert_string_equal(f->info.model_path, "/etc/event.d/xvc0");
        assert_string_equal(f->info.model_tty, "xvc0");
        assert_string_equal(f->info.model_text, HARDY_XVC0);
}

static void test_lucid_with_leftover_eventd(void **state)
{
        static const char *const notes[] = {
                "/etc/event.d/xvc0 is not read by Upstart 0.6+ (it reads /etc/init)",
        };
        struct fixture *f = *state;

        th_write_str(f->root, "etc/init/tty1.conf", LUCID_TTY("1"));
        th_write_str(f->root, "etc/init/tty2.conf", LUCID_TTY("2"));
        th_write_str(f->root, "etc/init/rc-sysinit.conf", "start on filesystem and net-device-up IFACE=lo\n"
                                                         "task\nexec /etc/init.d/rcS\n");
        th_write_str(f->root, "etc/init/tty3.conf.dpkg-dist", LUCID_TTY("3"));
        th_write_str(f->root, "etc/init/README", LUCID_TTY("4"));
        th_write_str(f->root, "etc/event.d/xvc0", HARDY_XVC0);
        th_write_str(f->root, "etc/event.d/rc2", "start on runlevel 2\nexec /etc/init.d/rc 2\n");
        add_udev(f);
        f->p = th_load_profile("ubuntu-upstart");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.init, INIT_UPSTART_INIT);
        assert_ttys(&f->info, "tty1 tty2", "/etc/init/tty1.conf /etc/init/tty2.conf");
        assert_false(init_has_getty(&f->info, "xvc0"));
        assert_string_equal(f->info.model_path, "/etc/init/tty1.conf");
        assert_string_equal(f->info.model_text, LUCID_TTY("1"));
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));
        assert_false(f->info.console_getty_auto);
}

/* Precise: "start on" over several lines in parentheses. */
static void test_precise_multiline_start_on(void **state)
{
        static const char precise[] = "# tty1 - getty\n"
                                      "#\n"
                                      "# This service maintains a getty on tty1 from the point the system is\n"
                                      "# started until it is shut down again.\n"
                                      "\n"
                                      "start on stopped rc RUNLEVEL=[2345] and (\n"
                                      "            not-container or\n"
                                      "            container CONTAINER=lxc or\n"
                                      "            container CONTAINER=lxc-libvirt)\n"
                                      "\n"
                                      "stop on runlevel [!2345]\n"
                                      "\n"
                                      "respawn\n"
                                      "exec /sbin/getty -8 38400 tty1\n";
        struct fixture *f = *state;
        struct init_job j;

        th_write_str(f->root, "etc/init/tty1.conf", precise);
        add_udev(f);
        f->p = th_load_profile("ubuntu-upstart");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1", "/etc/init/tty1.conf");
        assert_string_equal(f->info.model_text, precise);

        init_job_parse(precise, strlen(precise), &j);
        assert_true(j.start_on);
        assert_true(j.getty);
        assert_int_equal(j.getty_line, 14);
        assert_int_equal(j.tty_len, 4);
        assert_memory_equal(j.tty, "tty1", 4);
        assert_false(j.instance);
}

static void write_rhel6(struct fixture *f, const char *sysconfig)
{
        th_write_str(f->root, "etc/inittab", "id:3:initdefault:\n");
        th_write_str(f->root, "etc/init/tty.conf", RHEL6_TTY);
        th_write_str(f->root, "etc/init/start-ttys.conf", RHEL6_START_TTYS);
        th_write_str(f->root, "etc/init/serial.conf", RHEL6_SERIAL);
        th_write_str(f->root, "etc/init/rcS.conf", "start on startup\ntask\nexec /etc/rc.d/rc.sysinit\n");
        if (sysconfig)
                th_write_str(f->root, "etc/sysconfig/init", sysconfig);
        th_write_str(f->root, "lib/udev/console_check", "");
}

static void test_rhel6(void **state)
{
        struct fixture *f = *state;

        write_rhel6(f, "# color\nBOOTUP=color\nACTIVE_CONSOLES=/dev/tty[1-6]\nSINGLE=/sbin/sushell\n");
        f->p = bare_profile("upstart-init");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1 tty2 tty3 tty4 tty5 tty6",
                    "/etc/sysconfig/init /etc/sysconfig/init /etc/sysconfig/init /etc/sysconfig/init "
                    "/etc/sysconfig/init /etc/sysconfig/init");
        /* From serial.conf, not from the profile. */
        assert_true(f->info.console_getty_auto);
        assert_null(f->info.model_path);
        assert_null(f->info.model_text);
        assert_false(f->info.static_dev);
        assert_int_equal(f->info.notes.n, 0);
}

/* ACTIVE_CONSOLES quoted, several words, the last assignment wins; unset: the job's env default. */
static void test_rhel6_active_consoles_forms(void **state)
{
        static const char *const notes[] = {
                "/etc/sysconfig/init: ACTIVE_CONSOLES word '/dev/tty*' is a pattern domufix does not expand: not counted",
        };
        struct fixture *f = *state;

        write_rhel6(f, "ACTIVE_CONSOLES=/dev/tty[1-6]\n"
                       "export ACTIVE_CONSOLES=\"/dev/tty[12] /dev/ttyS0 /dev/tty*\" # serial too\n"
                       "#ACTIVE_CONSOLES=/dev/tty9\n");
        f->p = th_load_profile("rhel6");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1 tty2 ttyS0", "/etc/sysconfig/init /etc/sysconfig/init /etc/sysconfig/init");
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));
        assert_true(f->info.console_getty_auto);

        th_rmrf(f->root);
        free(f->root);
        f->root = th_mkdtemp();
        f->g = guest_root_free(f->g);
        write_rhel6(f, NULL);
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1 tty2 tty3 tty4 tty5 tty6",
                    "/etc/init/start-ttys.conf /etc/init/start-ttys.conf /etc/init/start-ttys.conf "
                    "/etc/init/start-ttys.conf /etc/init/start-ttys.conf /etc/init/start-ttys.conf");
}

static void test_fedora12_eventd_serial(void **state)
{
        struct fixture *f = *state;

        for (int k = 1; k <= 6; k++) {
                char rel[64], *text = NULL;

                snprintf(rel, sizeof(rel), "etc/event.d/tty%d", k);
                assert_true(asprintf(&text, FEDORA_TTY("%d"), k, k, k) > 0);
                th_write_str(f->root, rel, text);
                free(text);
        }
        th_write_str(f->root, "etc/event.d/serial", FEDORA_SERIAL);
        th_write_str(f->root, "etc/event.d/prefdm", "start on stopped rc5\nrespawn\nexec /etc/X11/prefdm -nodaemon\n");
        add_udev(f);
        f->p = bare_profile("upstart-event.d");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1 tty2 tty3 tty4 tty5 tty6",
                    "/etc/event.d/tty1 /etc/event.d/tty2 /etc/event.d/tty3 /etc/event.d/tty4 /etc/event.d/tty5 "
                    "/etc/event.d/tty6");
        assert_true(f->info.console_getty_auto);
        assert_string_equal(f->info.model_path, "/etc/event.d/tty1");
        assert_int_equal(f->info.notes.n, 0);

        /* The profile's own word is OR-ed in. */
        profile_free(f->p);
        f->p = th_load_profile("fedora12");
        th_write_str(f->root, "etc/event.d/serial", "# gone\n");
        assert_int_equal(scan(f), 0);
        assert_true(f->info.console_getty_auto);
}

static void test_debian_inittab(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/inittab",
                     "# /etc/inittab: init(8) configuration.\n"
                     "id:2:initdefault:\n"
                     "si::sysinit:/etc/init.d/rcS\n"
                     "~~:S:wait:/sbin/sulogin\n"
                     "l2:2:wait:/etc/init.d/rc 2\n"
                     "ca:12345:ctrlaltdel:/sbin/shutdown -t1 -a -r now\n"
                     "1:2345:respawn:/sbin/getty 38400 tty1\n"
                     "2:23:respawn:/sbin/getty 38400 tty2\n"
                     "#3:23:respawn:/sbin/getty 38400 tty3\n"
                     "  # 4:23:respawn:/sbin/getty 38400 tty4\n"
                     "5:23:off:/sbin/getty 38400 tty5\n"
                     "#T0:23:respawn:/sbin/getty -L ttyS0 9600 vt100\n"
                     "T1:23:respawn:/sbin/getty -L ttyS1 9600 vt100\n"
                     "h0:2345:respawn:/sbin/getty 38400 /dev/hvc0\n");
        add_udev(f);
        f->p = th_load_profile("debian");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.init, INIT_SYSVINIT);
        assert_ttys(&f->info, "tty1 tty2 ttyS1 hvc0",
                    "/etc/inittab:7 /etc/inittab:8 /etc/inittab:13 /etc/inittab:14");
        assert_null(f->info.model_path);
        assert_false(f->info.console_getty_auto);
        assert_int_equal(f->info.notes.n, 0);
}

static void test_suse_inittab(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/inittab",
                     "id:3:initdefault:\n"
                     "l3:3:wait:/etc/init.d/rc 3\n"
                     "cons:12345:respawn:/sbin/smart_agetty -L 42 console\n"
                     "1:2345:respawn:/sbin/mingetty --noclear tty1\n"
                     "2:2345:respawn:/sbin/mingetty tty2\n"
                     "x0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm\r\n"
                     "X1:12345:respawn:+/sbin/agetty -8 38400 ttyS0 vt102\n");
        add_udev(f);
        f->p = th_load_profile("suse");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "console tty1 tty2 xvc0 ttyS0",
                    "/etc/inittab:3 /etc/inittab:4 /etc/inittab:5 /etc/inittab:6 /etc/inittab:7");
}

/* The kudzu "co" line; kudzu commented the mingetty lines out; prefdm is no getty. */
static void test_rhel5_kudzu(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/inittab",
                     "id:3:initdefault:\n"
                     "si::sysinit:/etc/rc.d/rc.sysinit\n"
                     "l3:3:wait:/etc/rc.d/rc 3\n"
                     "pr:12345:powerokwait:/sbin/shutdown -c \"Power Restored; Shutdown Cancelled\"\n"
                     "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
                     "#1:2345:respawn:/sbin/mingetty tty1\n"
                     "#2:2345:respawn:/sbin/mingetty tty2\n"
                     "x:5:respawn:/etc/X11/prefdm -nodaemon\n");
        add_udev(f);
        f->p = th_load_profile("rhel5");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "xvc0", "/etc/inittab:5");
        assert_false(init_has_getty(&f->info, "tty1"));
}

/* Commented stanzas, a job nobody starts, a getty on an unknown tty. */
static void test_commented_and_inactive_jobs(void **state)
{
        static const char *const notes[] = {
                "'/etc/event.d/tty3' runs a getty but has no \"start on\" line: not counted",
                "'/etc/event.d/tty4' runs a getty on a tty named when it is started: not counted",
        };
        struct fixture *f = *state;

        th_write_str(f->root, "etc/event.d/tty1", "start on stopped rc2\n#exec /sbin/getty 38400 tty1\n");
        th_write_str(f->root, "etc/event.d/tty2", "#start on stopped rc2\n  # exec /sbin/getty 38400 tty2\n");
        th_write_str(f->root, "etc/event.d/tty3", "# start on stopped rc2\nrespawn\nexec /sbin/getty 38400 tty3\n");
        th_write_str(f->root, "etc/event.d/tty4", "start on stopped rc2 # start on\nexec /sbin/getty 38400 $X\n");
        th_write_str(f->root, "etc/event.d/tty5", "start on \\\n  stopped rc2\nexec /sbin/getty \\\n 38400 tty5\n");
        add_udev(f);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty5", "/etc/event.d/tty5");
        assert_string_equal(f->info.model_path, "/etc/event.d/tty5");
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));
}

static void test_static_dev(void **state)
{
        static const char *const notes[] = {
                "the guest has /dev but no udev (no udevd, udevadm, /lib/udev or /etc/udev): /dev is static, so "
                "device nodes such as /dev/hvc0 must exist in it",
        };
        struct fixture *f = *state;

        th_write_str(f->root, "etc/inittab", "1:2345:respawn:/sbin/getty 38400 tty1\n");
        th_write_str(f->root, "sbin/init", "");
        f->p = th_load_profile("debian");
        /* Without a /dev in the root nothing is known about it: not static. */
        assert_int_equal(scan(f), 0);
        assert_false(f->info.static_dev);
        assert_int_equal(f->info.notes.n, 0);

        th_write_str(f->root, "dev/MAKEDEV", "");
        assert_int_equal(scan(f), 0);
        assert_true(f->info.static_dev);
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));

        /* A dangling /sbin/udevd link is no udev either. */
        {
                char *p = NULL;
                assert_true(asprintf(&p, "%s/sbin/udevd", f->root) > 0);
                assert_int_equal(symlink("/sbin/missing", p), 0);
                free(p);
        }
        assert_int_equal(scan(f), 0);
        assert_true(f->info.static_dev);

        {
                char *p = NULL;
                assert_true(asprintf(&p, "%s/sbin/udevd", f->root) > 0);
                assert_int_equal(unlink(p), 0);
                free(p);
        }
        th_write_str(f->root, "sbin/udevd", "");
        assert_int_equal(scan(f), 0);
        assert_false(f->info.static_dev);
        assert_int_equal(f->info.notes.n, 0);
}

/* /etc/udev or a /lib/udev directory (through a /lib -> usr/lib link) is enough. */
static void test_udev_directories(void **state)
{
        struct fixture *f = *state;
        char *p = NULL;

        th_write_str(f->root, "usr/lib/udev/rules.d/50-udev.rules", "");
        assert_true(asprintf(&p, "%s/lib", f->root) > 0);
        assert_int_equal(symlink("/usr/lib", p), 0);
        free(p);
        f->p = th_load_profile("debian");
        assert_int_equal(scan(f), 0);
        assert_false(f->info.static_dev);

        f->g = guest_root_free(f->g);
        th_rmrf(f->root);
        free(f->root);
        f->root = th_mkdtemp();
        th_write_str(f->root, "etc/udev/udev.conf", "");
        assert_int_equal(scan(f), 0);
        assert_false(f->info.static_dev);
}

static void make_fifo(const char *root, const char *rel)
{
        char *p = NULL;

        assert_true(asprintf(&p, "%s/%s", root, rel) > 0);
        assert_int_equal(mkfifo(p, 0644), 0);
        free(p);
}

static void test_fifo_job_is_an_error(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/event.d/tty1", HARDY_TTY("1"));
        make_fifo(f->root, "etc/event.d/xvc0");
        add_udev(f);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), -EBADFD);
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "/etc/event.d/xvc0"));
        /* Nothing was handed out. */
        assert_int_equal(f->info.getty_ttys.n, 0);
        assert_null(f->info.model_text);
}

static void test_fifo_inittab_and_override(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/hostname", "guest\n");
        make_fifo(f->root, "etc/inittab");
        f->p = th_load_profile("debian");
        assert_int_equal(scan(f), -EBADFD);

        profile_free(f->p);
        f->p = th_load_profile("ubuntu-upstart");
        th_write_str(f->root, "etc/init/tty1.conf", LUCID_TTY("1"));
        make_fifo(f->root, "etc/init/tty1.override");
        assert_int_equal(scan(f), -EBADFD);
}

/* A symlink loop is refused; a dangling job link is noted and skipped. */
static void test_job_links(void **state)
{
        static const char *const notes[] = {
                "'/etc/init/tty2.conf' is a dangling symlink: skipped",
        };
        struct fixture *f = *state;
        char *p = NULL;

        th_write_str(f->root, "etc/init/tty1.conf", LUCID_TTY("1"));
        assert_true(asprintf(&p, "%s/etc/init/tty2.conf", f->root) > 0);
        assert_int_equal(symlink("/etc/init/missing.conf", p), 0);
        free(p);
        add_udev(f);
        f->p = th_load_profile("ubuntu-upstart");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1", "/etc/init/tty1.conf");
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));

        assert_true(asprintf(&p, "%s/etc/init/tty3.conf", f->root) > 0);
        assert_int_equal(symlink("tty3.conf", p), 0);
        free(p);
        assert_int_equal(scan(f), -ELOOP);
}

/* "manual" in the job or in NAME.override disables it. */
static void test_manual_override(void **state)
{
        static const char *const notes[] = {
                "'/etc/init/tty2.conf' runs a getty but is disabled (\"manual\"): not counted",
                "'/etc/init/tty3.conf' runs a getty but is disabled (\"manual\"): not counted",
        };
        struct fixture *f = *state;

        th_write_str(f->root, "etc/init/tty1.conf", LUCID_TTY("1"));
        th_write_str(f->root, "etc/init/tty2.conf", LUCID_TTY("2"));
        th_write_str(f->root, "etc/init/tty2.override", "# keep it off\nmanual\n");
        th_write_str(f->root, "etc/init/tty3.conf", LUCID_TTY("3") "manual\n");
        th_write_str(f->root, "etc/init/tty4.conf", LUCID_TTY("4"));
        th_write_str(f->root, "etc/init/tty4.override", "# manual\n");
        add_udev(f);
        f->p = th_load_profile("ubuntu-upstart");
        assert_int_equal(scan(f), 0);
        assert_ttys(&f->info, "tty1 tty4", "/etc/init/tty1.conf /etc/init/tty4.conf");
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));
}

static void test_systemd(void **state)
{
        struct fixture *f = *state;

        th_write_str(f->root, "etc/inittab", "1:2345:respawn:/sbin/getty 38400 tty1\n");
        th_write_str(f->root, "lib/systemd/systemd-udevd", "");
        f->p = th_load_profile("fedora15");
        assert_int_equal(f->p->init, INIT_SYSTEMD);
        assert_int_equal(scan(f), 0);
        assert_true(f->info.console_getty_auto);
        assert_int_equal(f->info.getty_ttys.n, 0);
        assert_false(f->info.static_dev);
        assert_int_equal(f->info.notes.n, 0);
}

/* The profile says upstart-init, the guest has only an inittab with gettys: noted, profile kept. */
static void test_contradiction_noted(void **state)
{
        static const char *const notes[] = {
                "the profile says upstart-init, but the guest has no /etc/init and /etc/inittab runs gettys "
                "(tty1, xvc0): the profile's init system is kept; check the profile",
        };
        struct fixture *f = *state;

        th_write_str(f->root, "etc/inittab", "1:2345:respawn:/sbin/getty 38400 tty1\n"
                                             "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n");
        add_udev(f);
        f->p = th_load_profile("ubuntu-upstart");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.init, INIT_UPSTART_INIT);
        assert_int_equal(f->info.getty_ttys.n, 0);
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));
}

/* Nothing at all: no gettys, no model, no notes (udev present). */
static void test_empty_guest(void **state)
{
        struct fixture *f = *state;

        add_udev(f);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.getty_ttys.n, 0);
        assert_null(f->info.model_path);
        assert_int_equal(f->info.notes.n, 0);
        assert_false(f->info.console_getty_auto);
}

/* At most INIT_JOBS_MAX job files are read. */
static void test_job_limit(void **state)
{
        static const char *const notes[] = {
                "'/etc/event.d' holds 300 job files: only the first 256 were read",
        };
        struct fixture *f = *state;

        for (int k = 0; k < 300; k++) {
                char rel[64], *text = NULL;

                snprintf(rel, sizeof(rel), "etc/event.d/j%03d", k);
                assert_true(asprintf(&text, "start on startup\nexec /sbin/getty 38400 tty%d\n", k) > 0);
                th_write_str(f->root, rel, text);
                free(text);
        }
        add_udev(f);
        f->p = th_load_profile("ubuntu-eventd");
        assert_int_equal(scan(f), 0);
        assert_int_equal(f->info.getty_ttys.n, INIT_JOBS_MAX);
        assert_string_equal(f->info.getty_ttys.v[255], "tty255");
        assert_string_equal(f->info.model_path, "/etc/event.d/j001");
        assert_notes(&f->info, notes, ARRAY_SIZE(notes));
}

/* The job parser: script blocks, continuation lines, the getty's tty in its various places. */
static void test_job_parse(void **state)
{
        static const char script_job[] = "start on runlevel 2\n"
                                         "pre-start script\n"
                                         "    exec /sbin/getty 38400 tty7\n"
                                         "end script\n"
                                         "script\n"
                                         "    # exec /sbin/getty tty8\n"
                                         "    exec /sbin/agetty -L 9600 /dev/hvc0 xterm\n"
                                         "end script\n";
        static const char instance_job[] = "instance $TTY\nexec /sbin/mingetty $TTY\n";
        static const char not_getty[] = "start on startup\n#exec /sbin/getty tty1\nexec /bin/login -f tty1\n";
        struct init_job j;

        init_job_parse(script_job, strlen(script_job), &j);
        assert_true(j.getty && j.start_on);
        assert_int_equal(j.getty_line, 7);
        assert_true(init_job_runs_getty_on(&j, "hvc0"));
        assert_false(init_job_runs_getty_on(&j, "tty7"));

        init_job_parse(instance_job, strlen(instance_job), &j);
        assert_true(j.getty && j.instance && !j.start_on);
        assert_int_equal(j.tty_len, 4);
        assert_memory_equal(j.tty, "$TTY", 4);
        assert_false(init_job_runs_getty_on(&j, "$TTY"));

        init_job_parse(not_getty, strlen(not_getty), &j);
        assert_false(j.getty);
        assert_true(j.start_on);

        init_job_parse("", 0, &j);
        assert_false(j.getty || j.start_on || j.manual || j.instance);
        assert_null(j.tty);
        (void)state;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_hardy_eventd, setup, teardown),
                cmocka_unit_test_setup_teardown(test_eventd_model_without_tty1, setup, teardown),
                cmocka_unit_test_setup_teardown(test_odd_job_directories, setup, teardown),
                cmocka_unit_test_setup_teardown(test_lucid_with_leftover_eventd, setup, teardown),
                cmocka_unit_test_setup_teardown(test_precise_multiline_start_on, setup, teardown),
                cmocka_unit_test_setup_teardown(test_rhel6, setup, teardown),
                cmocka_unit_test_setup_teardown(test_rhel6_active_consoles_forms, setup, teardown),
                cmocka_unit_test_setup_teardown(test_fedora12_eventd_serial, setup, teardown),
                cmocka_unit_test_setup_teardown(test_debian_inittab, setup, teardown),
                cmocka_unit_test_setup_teardown(test_suse_inittab, setup, teardown),
                cmocka_unit_test_setup_teardown(test_rhel5_kudzu, setup, teardown),
                cmocka_unit_test_setup_teardown(test_commented_and_inactive_jobs, setup, teardown),
                cmocka_unit_test_setup_teardown(test_static_dev, setup, teardown),
                cmocka_unit_test_setup_teardown(test_udev_directories, setup, teardown),
                cmocka_unit_test_setup_teardown(test_fifo_job_is_an_error, setup, teardown),
                cmocka_unit_test_setup_teardown(test_fifo_inittab_and_override, setup, teardown),
                cmocka_unit_test_setup_teardown(test_job_links, setup, teardown),
                cmocka_unit_test_setup_teardown(test_manual_override, setup, teardown),
                cmocka_unit_test_setup_teardown(test_systemd, setup, teardown),
                cmocka_unit_test_setup_teardown(test_contradiction_noted, setup, teardown),
                cmocka_unit_test_setup_teardown(test_empty_guest, setup, teardown),
                cmocka_unit_test_setup_teardown(test_job_limit, setup, teardown),
                cmocka_unit_test(test_job_parse),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
