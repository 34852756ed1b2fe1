/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Distribution detection: every release file format on a real scratch guest
 * root (so the order, fall-throughs and refusals go through guest-root), and
 * distro_parse() directly for the pure cases.
 */
#include "test-helpers.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>

#include "distro.h"
#include "guest-root.h"
#include "log.h"

struct file {
        const char *rel; /* below the root, no leading slash */
        const char *content;
};

struct expect {
        const char *id;
        const char *version;
        const char *name;
        const char *source;   /* NULL: none */
        const char *codename; /* NULL: none */
};

static void assert_string_or_null(const char *got, const char *want)
{
        if (!want)
                assert_null(got);
        else {
                assert_non_null(got);
                assert_string_equal(got, want);
        }
}

static void assert_distro(const struct distro *d, const struct expect *x)
{
        assert_string_equal(d->id, x->id);
        assert_string_equal(d->version, x->version);
        assert_string_equal(d->name, x->name);
        assert_string_or_null(d->source, x->source);
        assert_string_or_null(d->codename, x->codename);
}

/* A scratch root with an empty /etc and the given files. */
static char *make_root(const struct file *files)
{
        char *root = th_mkdtemp(), *etc = NULL;

        assert_true(asprintf(&etc, "%s/etc", root) > 0);
        assert_int_equal(mkdir(etc, 0755), 0);
        free(etc);
        for (const struct file *f = files; f && f->rel; f++)
                th_write_str(root, f->rel, f->content);
        return root;
}

/* distro_detect() on root, with openat2 and with the fallback walker: both must agree. */
static int detect_in(const char *root, bool fallback, struct distro *ret)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;

        assert_int_equal(guest_root_open(root, &g), 0);
        guest_root_force_fallback(g, fallback);
        return distro_detect(g, ret);
}

static void check_root(const char *root, const struct expect *x)
{
        for (int fb = 0; fb < 2; fb++) {
                struct distro d = {0};
                int r = detect_in(root, fb, &d);

                if (r < 0)
                        fail_msg("distro_detect: %s (%s)", strerror(-r), error_get() ? error_get() : "");
                assert_int_equal(r, 0);
                assert_distro(&d, x);
                distro_done(&d);
                /* distro_done() leaves nothing behind and may run twice. */
                assert_null(d.id);
                distro_done(&d);
        }
}

static void check_detect(const struct file *files, const struct expect *x)
{
        char *root = make_root(files);

        check_root(root, x);
        th_rmrf(root);
        free(root);
}

/* distro_parse() on one file's bytes. */
static void check_parse_n(const char *path, const char *data, size_t size, const struct expect *x)
{
        struct distro d = {0};

        assert_int_equal(distro_parse(path, data, size, &d), 1);
        assert_distro(&d, x);
        distro_done(&d);
}

static void check_parse(const char *path, const char *data, const struct expect *x)
{
        check_parse_n(path, data, strlen(data), x);
}

/* ---- os-release ---------------------------------------------------------------------------------- */

static void test_os_release_centos7(void **state)
{
        const struct file files[] = {
                {"etc/os-release", "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\n"
                                   "ID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n"
                                   "PRETTY_NAME=\"CentOS Linux 7 (Core)\"\nANSI_COLOR=\"0;31\"\n"},
                {"etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n"},
                {"etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"centos", "7", "CentOS Linux 7 (Core)", "/etc/os-release", "Core"});
}

static void test_os_release_beats_redhat_release(void **state)
{
        const struct file files[] = {
                {"etc/os-release", "NAME=Fedora\nVERSION=\"17 (Beefy Miracle)\"\nID=fedora\nVERSION_ID=17\n"
                                   "PRETTY_NAME=\"Fedora 17 (Beefy Miracle)\"\n"},
                {"etc/redhat-release", "Red Hat Enterprise Linux Server release 5.8 (Tikanga)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"fedora", "17", "Fedora 17 (Beefy Miracle)", "/etc/os-release",
                                             "Beefy Miracle"});
}

static void test_os_release_ubuntu_precise(void **state)
{
        /* precise: os-release beats lsb-release; no codename key, VERSION has no parentheses. */
        const struct file files[] = {
                {"etc/os-release", "NAME=\"Ubuntu\"\nVERSION=\"12.04.5 LTS, Precise Pangolin\"\nID=ubuntu\n"
                                   "ID_LIKE=debian\nPRETTY_NAME=\"Ubuntu precise (12.04.5 LTS)\"\n"
                                   "VERSION_ID=\"12.04\"\n"},
                {"etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=12.04\nDISTRIB_CODENAME=precise\n"
                                    "DISTRIB_DESCRIPTION=\"Ubuntu 12.04.5 LTS\"\n"},
                {"etc/debian_version", "wheezy/sid\n"},
                {0},
        };
        check_detect(files, &(struct expect){"ubuntu", "12.04", "Ubuntu precise (12.04.5 LTS)", "/etc/os-release",
                                             NULL});
}

static void test_os_release_quoting(void **state)
{
        /* Single quotes, escapes in double quotes, comments, blanks, an unquoted value, the last one wins. */
        const char *text = "# comment\n"
                           "ID=sles\n"
                           "  ID='opensuse-leap'  \n"
                           "VERSION_ID=15.1\n"
                           "PRETTY_NAME=\"openSUSE \\\"Leap\\\" 15.1 \\$x \\\\ \\n\"\n"
                           "VERSION_CODENAME=\n"
                           "UBUNTU_CODENAME='not-ubuntu'\n"
                           "not a line at all\n";

        check_parse("/etc/os-release", text,
                    &(struct expect){"opensuse", "15.1", "openSUSE \"Leap\" 15.1 $x \\ \\n", "/etc/os-release",
                                     "not-ubuntu"});
}

static void test_os_release_name_fallbacks(void **state)
{
        check_parse("/etc/os-release", "ID=arch\nNAME=\"Arch Linux\"\n",
                    &(struct expect){"arch", "", "Arch Linux", "/etc/os-release", NULL});
        check_parse("/etc/os-release", "ID=Gentoo\nNAME=Gentoo\nVERSION=\"2.7 (x)\"\n",
                    &(struct expect){"gentoo", "", "Gentoo 2.7 (x)", "/etc/os-release", "x"});
        check_parse("/etc/os-release", "ID=alpine\n", &(struct expect){"alpine", "", "alpine", "/etc/os-release", NULL});
}

static void test_os_release_debian_falls_through(void **state)
{
        const struct file files[] = {
                {"etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 7 (wheezy)\"\nNAME=\"Debian GNU/Linux\"\n"
                                   "VERSION_ID=\"7\"\nVERSION=\"7 (wheezy)\"\nID=debian\n"},
                {"etc/debian_version", "7.11\n"},
                {0},
        };
        check_detect(files, &(struct expect){"debian", "7.11", "Debian GNU/Linux 7.11", "/etc/debian_version",
                                             "wheezy"});
}

static void test_os_release_debian_without_debian_version(void **state)
{
        /* Nothing more precise to fall through to: os-release stays. */
        const struct file files[] = {
                {"etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 7 (wheezy)\"\nVERSION_ID=\"7\"\n"
                                   "VERSION=\"7 (wheezy)\"\nID=debian\n"},
                {0},
        };
        check_detect(files, &(struct expect){"debian", "7", "Debian GNU/Linux 7 (wheezy)", "/etc/os-release",
                                             "wheezy"});
}

static void test_os_release_debian_testing_keeps_os_release(void **state)
{
        /* sid: no VERSION_ID, and debian_version has no number either. */
        const struct file files[] = {
                {"etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux bookworm/sid\"\nNAME=\"Debian GNU/Linux\"\n"
                                   "VERSION_CODENAME=bookworm\nID=debian\n"},
                {"etc/debian_version", "bookworm/sid\n"},
                {0},
        };
        check_detect(files, &(struct expect){"debian", "", "Debian GNU/Linux bookworm/sid", "/etc/os-release",
                                             "bookworm"});
}

static void test_os_release_without_id_falls_through(void **state)
{
        const struct file files[] = {
                {"etc/os-release", "NAME=Something\nVERSION_ID=1\n"},
                {"etc/redhat-release", "CentOS release 5.8 (Final)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"centos", "5.8", "CentOS release 5.8 (Final)", "/etc/redhat-release",
                                             "Final"});
}

static void test_os_release_dangling_symlink_is_absent(void **state)
{
        /* /etc/os-release -> ../usr/lib/os-release with /usr not mounted. */
        const struct file files[] = {
                {"etc/SuSE-release", "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 1\n"},
                {0},
        };
        char *root = make_root(files), *link = NULL;

        assert_true(asprintf(&link, "%s/etc/os-release", root) > 0);
        assert_int_equal(symlink("../usr/lib/os-release", link), 0);
        check_root(root, &(struct expect){"sles", "11.1", "SUSE Linux Enterprise Server 11 (x86_64)",
                                          "/etc/SuSE-release", NULL});
        free(link);
        th_rmrf(root);
        free(root);
}

/* ---- Red Hat family -------------------------------------------------------------------------------- */

static void test_centos_release_beats_redhat_release(void **state)
{
        const struct file files[] = {
                {"etc/centos-release", "CentOS release 6.3 (Final)\n"},
                {"etc/redhat-release", "Red Hat Enterprise Linux Server release 6.3 (Santiago)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"centos", "6.3", "CentOS release 6.3 (Final)", "/etc/centos-release",
                                             "Final"});
}

static void test_centos_release_7(void **state)
{
        const struct file files[] = {
                {"etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n"},
                {"etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"centos", "7.9.2009", "CentOS Linux release 7.9.2009 (Core)",
                                             "/etc/centos-release", "Core"});
}

static void test_centos6_redhat_release_symlink(void **state)
{
        /* CentOS 6: redhat-release -> centos-release; centos-release is read first and named as the source. */
        const struct file files[] = {
                {"etc/centos-release", "CentOS release 6.3 (Final)\n"},
                {0},
        };
        char *root = make_root(files), *link = NULL;

        assert_true(asprintf(&link, "%s/etc/redhat-release", root) > 0);
        assert_int_equal(symlink("centos-release", link), 0);
        check_root(root, &(struct expect){"centos", "6.3", "CentOS release 6.3 (Final)", "/etc/centos-release",
                                          "Final"});
        free(link);
        th_rmrf(root);
        free(root);
}

static void test_fedora_release_beats_redhat_release(void **state)
{
        const struct file files[] = {
                {"etc/fedora-release", "Fedora release 14 (Laughlin)\n"},
                {"etc/redhat-release", "Fedora release 14 (Laughlin)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"fedora", "14", "Fedora release 14 (Laughlin)", "/etc/fedora-release",
                                             "Laughlin"});
}

static void test_redhat_release_rhel5(void **state)
{
        const struct file files[] = {
                {"etc/redhat-release", "Red Hat Enterprise Linux Server release 5.8 (Tikanga)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"rhel", "5.8", "Red Hat Enterprise Linux Server release 5.8 (Tikanga)",
                                             "/etc/redhat-release", "Tikanga"});
}

static void test_redhat_release_rhel4_update(void **state)
{
        const struct file files[] = {
                {"etc/redhat-release", "Red Hat Enterprise Linux AS release 4 (Nahant Update 8)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"rhel", "4.8", "Red Hat Enterprise Linux AS release 4 (Nahant Update 8)",
                                             "/etc/redhat-release", "Nahant"});
}

static void test_redhat_release_centos5(void **state)
{
        /* CentOS 5 has no centos-release. */
        const struct file files[] = {
                {"etc/redhat-release", "CentOS release 5.8 (Final)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"centos", "5.8", "CentOS release 5.8 (Final)", "/etc/redhat-release",
                                             "Final"});
}

static void test_redhat_release_scientific(void **state)
{
        check_parse("/etc/redhat-release", "Scientific Linux SL release 5.5 (Boron)\n",
                    &(struct expect){"scientific", "5.5", "Scientific Linux SL release 5.5 (Boron)",
                                     "/etc/redhat-release", "Boron"});
        check_parse("/etc/redhat-release", "Scientific Linux release 6.2 (Carbon)\n",
                    &(struct expect){"scientific", "6.2", "Scientific Linux release 6.2 (Carbon)",
                                     "/etc/redhat-release", "Carbon"});
}

static void test_redhat_release_fedora8(void **state)
{
        const struct file files[] = {
                {"etc/redhat-release", "Fedora release 8 (Werewolf)\n"},
                {0},
        };
        check_detect(files, &(struct expect){"fedora", "8", "Fedora release 8 (Werewolf)", "/etc/redhat-release",
                                             "Werewolf"});
}

static void test_redhat_release_unrecognised(void **state)
{
        const struct file files[] = {
                {"etc/redhat-release", "Red Hat Linux release 9 (Shrike)\n"},
                {0},
        };
        struct distro d = {0};

        /* Not identified: detection goes on (and ends in "unknown" here). */
        assert_int_equal(distro_parse("/etc/redhat-release", files[0].content, strlen(files[0].content), &d), 0);
        assert_null(d.id);
        check_detect(files, &(struct expect){"unknown", "", "unknown", NULL, NULL});
}

/* ---- SUSE ----------------------------------------------------------------------------------------- */

static void test_suse_sles11sp1(void **state)
{
        const struct file files[] = {
                {"etc/SuSE-release", "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 1\n"},
                {0},
        };
        check_detect(files, &(struct expect){"sles", "11.1", "SUSE Linux Enterprise Server 11 (x86_64)",
                                             "/etc/SuSE-release", NULL});
}

static void test_suse_sles11_ga(void **state)
{
        check_parse("/etc/SuSE-release", "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 0\n",
                    &(struct expect){"sles", "11", "SUSE Linux Enterprise Server 11 (x86_64)", "/etc/SuSE-release",
                                     NULL});
        check_parse("/etc/SuSE-release", "SUSE Linux Enterprise Server 10 (i586)\nVERSION = 10\n",
                    &(struct expect){"sles", "10", "SUSE Linux Enterprise Server 10 (i586)", "/etc/SuSE-release",
                                     NULL});
        check_parse("/etc/SuSE-release", "SUSE Linux Enterprise Desktop 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 2\n",
                    &(struct expect){"sled", "11.2", "SUSE Linux Enterprise Desktop 11 (x86_64)",
                                     "/etc/SuSE-release", NULL});
}

static void test_suse_opensuse(void **state)
{
        const struct file files[] = {
                {"etc/SuSE-release", "openSUSE 11.4 (x86_64)\nVERSION = 11.4\nCODENAME = Celadon\n"},
                {"etc/lsb-release", "DISTRIB_ID=Ubuntu\n"},
                {0},
        };
        check_detect(files, &(struct expect){"opensuse", "11.4", "openSUSE 11.4 (x86_64)", "/etc/SuSE-release",
                                             "Celadon"});
}

static void test_suse_old_products(void **state)
{
        check_parse("/etc/SuSE-release", "SuSE Linux 10.1 (i586)\nVERSION = 10.1\n",
                    &(struct expect){"opensuse", "10.1", "SuSE Linux 10.1 (i586)", "/etc/SuSE-release", NULL});
        /* No VERSION line: the number on the product line. */
        check_parse("/etc/SuSE-release", "SUSE LINUX 10.0 (i586) OSS\n",
                    &(struct expect){"opensuse", "10.0", "SUSE LINUX 10.0 (i586) OSS", "/etc/SuSE-release", NULL});
}

/* ---- Ubuntu, Debian ------------------------------------------------------------------------------- */

static void test_ubuntu_hardy_beats_debian_version(void **state)
{
        const struct file files[] = {
                {"etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=8.04\nDISTRIB_CODENAME=hardy\n"
                                    "DISTRIB_DESCRIPTION=\"Ubuntu 8.04.4 LTS\"\n"},
                {"etc/debian_version", "lenny/sid\n"},
                {0},
        };
        check_detect(files, &(struct expect){"ubuntu", "8.04", "Ubuntu 8.04.4 LTS", "/etc/lsb-release", "hardy"});
}

static void test_lsb_release_not_ubuntu(void **state)
{
        struct distro d = {0};
        const struct file files[] = {
                {"etc/lsb-release", "DISTRIB_ID=Debian\nDISTRIB_RELEASE=5.0.10\nDISTRIB_CODENAME=lenny\n"},
                {"etc/debian_version", "5.0.10\n"},
                {0},
        };

        assert_int_equal(distro_parse("/etc/lsb-release", files[0].content, strlen(files[0].content), &d), 0);
        check_detect(files, &(struct expect){"debian", "5.0.10", "Debian GNU/Linux 5.0.10", "/etc/debian_version",
                                             "lenny"});
        /* Ubuntu without a description or release. */
        check_parse("/etc/lsb-release", "DISTRIB_ID=\"ubuntu\"\n",
                    &(struct expect){"ubuntu", "", "Ubuntu", "/etc/lsb-release", NULL});
        check_parse("/etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=10.04\n",
                    &(struct expect){"ubuntu", "10.04", "Ubuntu 10.04", "/etc/lsb-release", NULL});
}

static void test_debian_etch(void **state)
{
        const struct file files[] = {
                {"etc/debian_version", "4.0\n"},
                {0},
        };
        check_detect(files, &(struct expect){"debian", "4.0", "Debian GNU/Linux 4.0", "/etc/debian_version", "etch"});
}

static void test_debian_lenny_squeeze(void **state)
{
        check_parse("/etc/debian_version", "5.0.10\n",
                    &(struct expect){"debian", "5.0.10", "Debian GNU/Linux 5.0.10", "/etc/debian_version", "lenny"});
        check_parse("/etc/debian_version", "6.0.7\n",
                    &(struct expect){"debian", "6.0.7", "Debian GNU/Linux 6.0.7", "/etc/debian_version", "squeeze"});
        check_parse("/etc/debian_version", "9.13\n",
                    &(struct expect){"debian", "9.13", "Debian GNU/Linux 9.13", "/etc/debian_version", "stretch"});
        check_parse("/etc/debian_version", "12.1",
                    &(struct expect){"debian", "12.1", "Debian GNU/Linux 12.1", "/etc/debian_version", "bookworm"});
        check_parse("/etc/debian_version", "3.1\n",
                    &(struct expect){"debian", "3.1", "Debian GNU/Linux 3.1", "/etc/debian_version", "sarge"});
        check_parse("/etc/debian_version", "42.0\n",
                    &(struct expect){"debian", "42.0", "Debian GNU/Linux 42.0", "/etc/debian_version", NULL});
}

static void test_debian_testing(void **state)
{
        const struct file files[] = {
                {"etc/debian_version", "lenny/sid\n"},
                {0},
        };
        check_detect(files, &(struct expect){"debian", "", "Debian GNU/Linux lenny/sid", "/etc/debian_version",
                                             "lenny"});
        check_parse("/etc/debian_version", "sid\n",
                    &(struct expect){"debian", "", "Debian GNU/Linux sid", "/etc/debian_version", "sid"});
        check_parse("/etc/debian_version", "",
                    &(struct expect){"debian", "", "Debian GNU/Linux", "/etc/debian_version", NULL});
}

/* ---- Gentoo, Arch, unknown ------------------------------------------------------------------------ */

static void test_gentoo(void **state)
{
        const struct file files[] = {
                {"etc/gentoo-release", "Gentoo Base System release 1.12.14\n"},
                {0},
        };
        check_detect(files, &(struct expect){"gentoo", "1.12.14", "Gentoo Base System release 1.12.14",
                                             "/etc/gentoo-release", NULL});
        check_parse("/etc/gentoo-release", "Gentoo Base System version 1.6.14\n",
                    &(struct expect){"gentoo", "1.6.14", "Gentoo Base System version 1.6.14", "/etc/gentoo-release",
                                     NULL});
}

static void test_arch_empty(void **state)
{
        const struct file files[] = {
                {"etc/arch-release", ""},
                {0},
        };
        check_detect(files, &(struct expect){"arch", "", "Arch Linux", "/etc/arch-release", NULL});
}

static void test_unknown(void **state)
{
        const struct file files[] = {
                {"etc/hostname", "guest\n"},
                {"etc/issue", "Welcome\n"},
                {0},
        };
        check_detect(files, &(struct expect){"unknown", "", "unknown", NULL, NULL});
}

static void test_unknown_no_etc(void **state)
{
        /* Not even /etc: every file is absent, still not an error. */
        char *root = th_mkdtemp();

        check_root(root, &(struct expect){"unknown", "", "unknown", NULL, NULL});
        th_rmrf(root);
        free(root);
}

/* ---- refusals, odd bytes -------------------------------------------------------------------------- */

static void on_alarm(int sig)
{
        /* A hang on a FIFO would be the bug: fail loudly instead of blocking the suite. */
        static const char msg[] = "distro_detect blocked on a FIFO\n";

        (void)!write(2, msg, sizeof(msg) - 1);
        _exit(1);
}

static void test_fifo_os_release(void **state)
{
        const struct file files[] = {
                {"etc/redhat-release", "CentOS release 5.8 (Final)\n"},
                {0},
        };
        char *root = make_root(files), *fifo = NULL;

        assert_true(asprintf(&fifo, "%s/etc/os-release", root) > 0);
        assert_int_equal(mkfifo(fifo, 0644), 0);
        signal(SIGALRM, on_alarm);
        alarm(20);
        for (int fb = 0; fb < 2; fb++) {
                struct distro d = {0};

                error_clear();
                assert_int_equal(detect_in(root, fb, &d), -EBADFD);
                assert_null(d.id);
                assert_non_null(error_get());
                assert_non_null(strstr(error_get(), "'/etc/os-release'"));
                assert_non_null(strstr(error_get(), "FIFO"));
        }
        alarm(0);
        signal(SIGALRM, SIG_DFL);
        free(fifo);
        th_rmrf(root);
        free(root);
}

static void test_directory_refused(void **state)
{
        char *root = make_root(NULL), *dir = NULL;
        struct distro d = {0};

        assert_true(asprintf(&dir, "%s/etc/redhat-release", root) > 0);
        assert_int_equal(mkdir(dir, 0755), 0);
        error_clear();
        assert_int_equal(detect_in(root, false, &d), -EISDIR);
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "'/etc/redhat-release'"));
        free(dir);
        th_rmrf(root);
        free(root);
}

static void test_crlf(void **state)
{
        const struct file rh[] = {
                {"etc/redhat-release", "CentOS release 5.8 (Final)\r\n"},
                {0},
        };
        const struct file suse[] = {
                {"etc/SuSE-release", "SUSE Linux Enterprise Server 11 (x86_64)\r\nVERSION = 11\r\nPATCHLEVEL = 1\r\n"},
                {0},
        };
        const struct file osr[] = {
                {"etc/os-release", "ID=\"centos\"\r\nVERSION_ID=\"7\"\r\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\r\n"},
                {0},
        };
        const struct file lsb[] = {
                {"etc/lsb-release", "DISTRIB_ID=Ubuntu\r\nDISTRIB_RELEASE=8.04\r\nDISTRIB_CODENAME=hardy\r\n"
                                    "DISTRIB_DESCRIPTION=\"Ubuntu 8.04.4 LTS\"\r\n"},
                {0},
        };

        check_detect(rh, &(struct expect){"centos", "5.8", "CentOS release 5.8 (Final)", "/etc/redhat-release",
                                          "Final"});
        check_detect(suse, &(struct expect){"sles", "11.1", "SUSE Linux Enterprise Server 11 (x86_64)",
                                            "/etc/SuSE-release", NULL});
        check_detect(osr, &(struct expect){"centos", "7", "CentOS Linux 7 (Core)", "/etc/os-release", NULL});
        check_detect(lsb, &(struct expect){"ubuntu", "8.04", "Ubuntu 8.04.4 LTS", "/etc/lsb-release", "hardy"});
        check_parse("/etc/debian_version", "5.0.10\r\n",
                    &(struct expect){"debian", "5.0.10", "Debian GNU/Linux 5.0.10", "/etc/debian_version", "lenny"});
}

static void test_garbage_bytes(void **state)
{
        static const char bad_name[] = "ID=centos\nVERSION_ID=7\nPRETTY_NAME=\"Cent\xff\xfeOS \xc3\xa9t\xc3\x1b\"\n";
        static const char bad_id[] = "ID=\"cent\xc3\xa9os\"\nVERSION_ID=1\n";
        static const char deb[] = "\x80lenny\x01/sid\n";
        const struct file files[] = {
                {"etc/os-release", bad_id},
                {"etc/gentoo-release", "Gentoo Base System release 2.0.3\xff\n"},
                {0},
        };
        struct distro d = {0};

        /* Invalid UTF-8 and control characters become '?'; valid UTF-8 (é) stays. */
        check_parse_n("/etc/os-release", bad_name, sizeof(bad_name) - 1,
                      &(struct expect){"centos", "7", "Cent??OS \xc3\xa9t??", "/etc/os-release", NULL});
        /* An ID that is no ID identifies nothing. */
        assert_int_equal(distro_parse("/etc/os-release", bad_id, sizeof(bad_id) - 1, &d), 0);
        check_parse_n("/etc/debian_version", deb, sizeof(deb) - 1,
                      &(struct expect){"debian", "", "Debian GNU/Linux ?lenny?/sid", "/etc/debian_version", NULL});
        check_detect(files, &(struct expect){"gentoo", "2.0.3", "Gentoo Base System release 2.0.3?",
                                             "/etc/gentoo-release", NULL});
}

static void test_nul_byte_and_hard_link(void **state)
{
        /* Release files are only read: a NUL byte or a hard link does not stop detection. */
        static const char rh[] = "CentOS release 5.8 (Final)\n\0junk";
        char *root = make_root(NULL), *a = NULL, *b = NULL;

        th_write(root, "etc/redhat-release", rh, sizeof(rh) - 1);
        assert_true(asprintf(&a, "%s/etc/redhat-release", root) > 0);
        assert_true(asprintf(&b, "%s/etc/redhat-release.orig", root) > 0);
        assert_int_equal(link(a, b), 0);
        check_root(root, &(struct expect){"centos", "5.8", "CentOS release 5.8 (Final)", "/etc/redhat-release",
                                          "Final"});
        check_parse_n("/etc/redhat-release", "Fedora release 8\0 (x)", 21,
                      &(struct expect){"fedora", "8", "Fedora release 8? (x)", "/etc/redhat-release", "x"});
        free(a);
        free(b);
        th_rmrf(root);
        free(root);
}

static void test_parse_contract(void **state)
{
        struct distro d = {.id = NULL};

        assert_int_equal(distro_parse("/etc/motd", "hello", 5, &d), -EINVAL);
        assert_int_equal(distro_parse(NULL, "", 0, &d), -EINVAL);
        assert_int_equal(distro_parse("/etc/os-release", NULL, 3, &d), -EINVAL);
        assert_int_equal(distro_parse("/etc/os-release", NULL, 0, &d), 0);
        assert_int_equal(distro_parse("/etc/os-release", "", 0, &d), 0);
        assert_int_equal(distro_parse("/etc/SuSE-release", "Novell Open Enterprise Server\n", 30, &d), 0);
        assert_null(d.id);
        /* /usr/lib/os-release reads as os-release. */
        check_parse("/usr/lib/os-release", "ID=fedora\nVERSION_ID=20\n",
                    &(struct expect){"fedora", "20", "fedora", "/usr/lib/os-release", NULL});
        /* Only the bytes given are read: a version cut by the size ends there. */
        check_parse_n("/etc/debian_version", "5.0.10", 3,
                      &(struct expect){"debian", "5.0", "Debian GNU/Linux 5.0", "/etc/debian_version", "lenny"});
        distro_done(NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_os_release_centos7),
                cmocka_unit_test(test_os_release_beats_redhat_release),
                cmocka_unit_test(test_os_release_ubuntu_precise),
                cmocka_unit_test(test_os_release_quoting),
                cmocka_unit_test(test_os_release_name_fallbacks),
                cmocka_unit_test(test_os_release_debian_falls_through),
                cmocka_unit_test(test_os_release_debian_without_debian_version),
                cmocka_unit_test(test_os_release_debian_testing_keeps_os_release),
                cmocka_unit_test(test_os_release_without_id_falls_through),
                cmocka_unit_test(test_os_release_dangling_symlink_is_absent),
                cmocka_unit_test(test_centos_release_beats_redhat_release),
                cmocka_unit_test(test_centos_release_7),
                cmocka_unit_test(test_centos6_redhat_release_symlink),
                cmocka_unit_test(test_fedora_release_beats_redhat_release),
                cmocka_unit_test(test_redhat_release_rhel5),
                cmocka_unit_test(test_redhat_release_rhel4_update),
                cmocka_unit_test(test_redhat_release_centos5),
                cmocka_unit_test(test_redhat_release_scientific),
                cmocka_unit_test(test_redhat_release_fedora8),
                cmocka_unit_test(test_redhat_release_unrecognised),
                cmocka_unit_test(test_suse_sles11sp1),
                cmocka_unit_test(test_suse_sles11_ga),
                cmocka_unit_test(test_suse_opensuse),
                cmocka_unit_test(test_suse_old_products),
                cmocka_unit_test(test_ubuntu_hardy_beats_debian_version),
                cmocka_unit_test(test_lsb_release_not_ubuntu),
                cmocka_unit_test(test_debian_etch),
                cmocka_unit_test(test_debian_lenny_squeeze),
                cmocka_unit_test(test_debian_testing),
                cmocka_unit_test(test_gentoo),
                cmocka_unit_test(test_arch_empty),
                cmocka_unit_test(test_unknown),
                cmocka_unit_test(test_unknown_no_etc),
                cmocka_unit_test(test_fifo_os_release),
                cmocka_unit_test(test_directory_refused),
                cmocka_unit_test(test_crlf),
                cmocka_unit_test(test_garbage_bytes),
                cmocka_unit_test(test_nul_byte_and_hard_link),
                cmocka_unit_test(test_parse_contract),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
