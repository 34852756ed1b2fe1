/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for profile.c: the profile format (domufix-profile(5)),
 * inheritance, selection, and the shipped profiles in distro-profiles/
 * (found through $DOMUFIX_PROFILE_DIR, which meson sets; skipped without it).
 */
#include "test-helpers.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>

#include "config.h"
#include "log.h"
#include "profile.h"
#include "util.h"

/* ---------------------------------------------------------------------- */
/* Helpers */

static struct profile *parse_ok(const char *text)
{
        struct profile *p = NULL;
        int r;

        error_clear();
        r = profile_parse("t.profile", text, strlen(text), &p);
        if (r < 0)
                fail_msg("parse failed (%d): %s", r, error_get() ? error_get() : "(no message)");
        assert_non_null(p);
        return p;
}

static void parse_fails(const char *text, int expected_r, const char *expected_msg)
{
        struct profile *p = (struct profile *)&p; /* must stay untouched */
        int r;

        error_clear();
        r = profile_parse("t.profile", text, strlen(text), &p);
        assert_int_equal(r, expected_r);
        assert_ptr_equal(p, (struct profile *)&p);
        assert_non_null(error_get());
        assert_string_equal(error_get(), expected_msg);
}

/* A minimal complete profile followed by extra lines. */
#define HEAD "[profile]\nname = t\n"

static char *strf(const char *fmt, ...) _printf_(1, 2);
static char *strf(const char *fmt, ...)
{
        va_list ap;
        char *s = NULL;

        va_start(ap, fmt);
        assert_true(vasprintf(&s, fmt, ap) >= 0);
        va_end(ap);
        return s;
}

static void search_one(struct profile_search *s, const char *dir)
{
        *s = (struct profile_search){0};
        assert_int_equal(strv_push(&s->dirs, dir), 0);
}

static void load_fails(const struct profile_search *s, const char *name, int expected_r, const char *expected_msg)
{
        struct profile *p = NULL;
        int r;

        error_clear();
        r = profile_load(s, name, &p);
        assert_int_equal(r, expected_r);
        assert_null(p);
        assert_non_null(error_get());
        assert_string_equal(error_get(), expected_msg);
}

static void assert_strv(const struct strv *sv, const char *const *expected, size_t n)
{
        assert_int_equal(sv->n, n);
        for (size_t i = 0; i < n; i++)
                assert_string_equal(sv->v[i], expected[i]);
}

#define ASSERT_STRV(sv, ...)                                                       \
        do {                                                                       \
                const char *const _e[] = {__VA_ARGS__};                            \
                assert_strv((sv), _e, ARRAY_SIZE(_e));                             \
        } while (0)

/* ---------------------------------------------------------------------- */
/* Parsing: every key */

static void test_parse_every_key(void **state)
{
        struct profile *p = parse_ok("# a comment\n"
                                     "; another\n"
                                     "[profile]\n"
                                     "name = rhel5\n"
                                     "description = Red Hat Enterprise Linux 5, CentOS 5\n"
                                     "inherit = redhat generic\n"
                                     "priority = 10\n"
                                     "\n"
                                     "[match]\n"
                                     "id = rhel centos scientific\n"
                                     "version = 5 5.*\n"
                                     "[init]\n"
                                     "system = upstart-init\n"
                                     "getty-file = /etc/init\n"
                                     "getty-template = start on x\\nexec /sbin/agetty {tty} 38400\\n\n"
                                     "console-getty-automatic = yes\n"
                                     "[login]\n"
                                     "securetty = /etc/securetty\n"
                                     "[boot]\n"
                                     "grub-legacy = /boot/grub/grub.conf /boot/grub/menu.lst /etc/grub.conf\n"
                                     "grub2-default = /etc/default/grub\n"
                                     "grub2-cfg = /boot/grub2/grub.cfg\n"
                                     "sysconfig-bootloader = /etc/sysconfig/bootloader\n"
                                     "device-map = /boot/grub/device.map\n"
                                     "grub-update = grub2-mkconfig -o /boot/grub2/grub.cfg\n"
                                     "[initrd]\n"
                                     "tool = dracut\n"
                                     "modules-file = /etc/dracut.conf\n"
                                     "rebuild = dracut -f --add-drivers \"xen-blkfront xen-netfront\" "
                                     "{initrd} {version}\n"
                                     "images = /boot/initramfs-{version}.img /boot/initrd-{version}.img\n"
                                     "modules-dir = /etc/dracut.conf.d\n"
                                     "chroot-binds = /proc /sys\n"
                                     "chroot-prepare = modprobe loop\n"
                                     "[kernel]\n"
                                     "disk-letter-shift = 4\n"
                                     "images = /boot/vmlinuz-{version}\n");

        assert_string_equal(p->name, "rhel5");
        assert_string_equal(p->file, "t.profile");
        assert_string_equal(p->description, "Red Hat Enterprise Linux 5, CentOS 5");
        ASSERT_STRV(&p->inherits, "redhat", "generic");
        assert_int_equal(p->priority, 10);
        ASSERT_STRV(&p->match_ids, "rhel", "centos", "scientific");
        ASSERT_STRV(&p->match_versions, "5", "5.*");
        assert_int_equal(p->init, INIT_UPSTART_INIT);
        assert_string_equal(p->getty_file, "/etc/init");
        assert_string_equal(p->getty_template, "start on x\nexec /sbin/agetty {tty} 38400\n");
        assert_true(p->console_getty_auto);
        assert_string_equal(p->securetty, "/etc/securetty");
        ASSERT_STRV(&p->grub_legacy_files, "/boot/grub/grub.conf", "/boot/grub/menu.lst", "/etc/grub.conf");
        assert_string_equal(p->grub2_default, "/etc/default/grub");
        assert_string_equal(p->grub2_cfg, "/boot/grub2/grub.cfg");
        assert_string_equal(p->sysconfig_bootloader, "/etc/sysconfig/bootloader");
        assert_string_equal(p->device_map, "/boot/grub/device.map");
        assert_string_equal(p->grub_update, "grub2-mkconfig -o /boot/grub2/grub.cfg");
        assert_string_equal(p->initrd_tool, "dracut");
        assert_string_equal(p->initrd_modules_file, "/etc/dracut.conf");
        assert_string_equal(p->initrd_rebuild,
                            "dracut -f --add-drivers \"xen-blkfront xen-netfront\" {initrd} {version}");
        ASSERT_STRV(&p->initrd_images, "/boot/initramfs-{version}.img", "/boot/initrd-{version}.img");
        assert_string_equal(p->initrd_modules_dir, "/etc/dracut.conf.d");
        ASSERT_STRV(&p->initrd_chroot_binds, "/proc", "/sys");
        assert_string_equal(p->initrd_chroot_prepare, "modprobe loop");
        assert_int_equal(p->sd_shift, 4);
        ASSERT_STRV(&p->kernel_images, "/boot/vmlinuz-{version}");
        profile_free(p);
}

static void test_parse_defaults(void **state)
{
        struct profile *p = parse_ok(HEAD);

        assert_string_equal(p->name, "t");
        assert_null(p->description);
        assert_int_equal(p->inherits.n, 0);
        assert_int_equal(p->priority, 0);
        assert_int_equal(p->match_ids.n, 0);
        assert_int_equal(p->init, INIT_UNKNOWN);
        assert_null(p->getty_file);
        assert_null(p->getty_template);
        assert_false(p->console_getty_auto);
        assert_null(p->securetty);
        assert_int_equal(p->grub_legacy_files.n, 0);
        assert_null(p->initrd_tool);
        assert_null(p->initrd_modules_dir);
        assert_int_equal(p->initrd_chroot_binds.n, 0);
        assert_null(p->initrd_chroot_prepare);
        assert_int_equal(p->sd_shift, 0);
        profile_free(p);
}

static void test_parse_values_of_each_type(void **state)
{
        static const struct {
                const char *value;
                enum init_system init;
        } inits[] = {
                {"sysvinit", INIT_SYSVINIT},
                {"upstart-event.d", INIT_UPSTART_EVENTD},
                {"upstart-init", INIT_UPSTART_INIT},
                {"systemd", INIT_SYSTEMD},
        };
        static const char *const tools[] = {"none",          "mkinitrd-redhat", "dracut",   "initramfs-tools",
                                            "mkinitrd-suse", "mkinitcpio",      "genkernel"};

        for (size_t i = 0; i < ARRAY_SIZE(inits); i++) {
                _cleanup_free_ char *t = strf(HEAD "[init]\nsystem = %s\n", inits[i].value);
                struct profile *p = parse_ok(t);

                assert_int_equal(p->init, inits[i].init);
                assert_string_equal(init_system_to_string(p->init), inits[i].value);
                profile_free(p);
        }
        assert_string_equal(init_system_to_string(INIT_UNKNOWN), "unknown");

        for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
                _cleanup_free_ char *t = strf(HEAD "[initrd]\ntool = %s\n", tools[i]);
                struct profile *p = parse_ok(t);

                assert_string_equal(p->initrd_tool, tools[i]);
                profile_free(p);
        }

        {
                struct profile *p = parse_ok(HEAD "priority = -1000\n[init]\nconsole-getty-automatic = no\n"
                                                  "[kernel]\ndisk-letter-shift = 0\n");

                assert_int_equal(p->priority, -1000);
                assert_false(p->console_getty_auto);
                assert_int_equal(p->sd_shift, 0);
                profile_free(p);
        }
        {
                struct profile *p = parse_ok("[profile]\nname=t\npriority=+1000\n");

                assert_int_equal(p->priority, 1000);
                profile_free(p);
        }
}

static void test_parse_empty_values_mean_none(void **state)
{
        struct profile *p = parse_ok(HEAD "description =\n[init]\ngetty-file =\ngetty-template =\n"
                                          "[boot]\ngrub-legacy =\ngrub-update =\n[match]\nid =\n");

        assert_null(p->description);
        assert_null(p->getty_file);
        assert_null(p->getty_template);
        assert_int_equal(p->grub_legacy_files.n, 0);
        assert_null(p->grub_update);
        assert_int_equal(p->match_ids.n, 0);
        profile_free(p);
}

static void test_parse_syntax_details(void **state)
{
        /* Indentation, blanks around '=', inline ';' comments, CRLF, a BOM, [ section ] spacing. */
        struct profile *p = parse_ok("\xEF\xBB\xBF# BOM first\r\n"
                                     "  [ profile ]   ; comment\r\n"
                                     "\tname\t=\tt   ; the name\r\n"
                                     "    description = a;b # not a comment\r\n"
                                     "[init]\n"
                                     "  getty-file=/etc/inittab\n"
                                     "getty-template = x \\; y ; cut here\n");

        assert_string_equal(p->name, "t");
        assert_string_equal(p->description, "a;b # not a comment");
        assert_string_equal(p->getty_file, "/etc/inittab");
        assert_string_equal(p->getty_template, "x ; y");
        profile_free(p);

        /* An indented line is a key of its own, never a continuation. */
        parse_fails(HEAD "[init]\ngetty-file = /etc/inittab\n    /etc/more\n", -EINVAL,
                    "'t.profile' line 5: expected 'key = value' (no '=')");
        /* A file without a final newline. */
        p = parse_ok("[profile]\nname = last");
        assert_string_equal(p->name, "last");
        profile_free(p);
}

static void test_parse_long_line(void **state)
{
        /* Longer than inih's line buffer: the value must come through whole. */
        struct strbuf b = {0};
        _cleanup_free_ char *text = NULL;
        struct profile *p;

        for (int i = 0; i < 100; i++)
                assert_int_equal(strbuf_printf(&b, "start on stopped rc%d\\n", i), 0);
        assert_int_equal(strbuf_steal(&b, &text), 0);
        {
                _cleanup_free_ char *t = strf(HEAD "[init]\ngetty-template = %s  ; comment\nsystem = systemd\n", text);

                p = parse_ok(t);
        }
        assert_int_equal(strlen(p->getty_template), 100 * strlen("start on stopped rc00\n") - 10);
        assert_true(strneq(p->getty_template, "start on stopped rc0\nstart on stopped rc1\n", 42));
        assert_int_equal(p->init, INIT_SYSTEMD);
        profile_free(p);
}

static void test_getty_template_escapes(void **state)
{
        struct profile *p = parse_ok(HEAD "[init]\ngetty-template = a\\tb\\\\n\\n{tty}\\;\n");

        assert_string_equal(p->getty_template, "a\tb\\n\n{tty};");
        profile_free(p);

        parse_fails(HEAD "[init]\ngetty-template = a\\x\n", -EINVAL,
                    "'t.profile' line 4: unknown escape '\\x' in getty-template in [init] (use \\n, \\t, \\\\ or \\;)");
        parse_fails(HEAD "[init]\ngetty-template = ab\\\n", -EINVAL,
                    "'t.profile' line 4: unfinished escape at the end of getty-template in [init]");
        /* Escapes are for getty-template only. */
        p = parse_ok(HEAD "[initrd]\nrebuild = a\\nb\n");
        assert_string_equal(p->initrd_rebuild, "a\\nb");
        profile_free(p);
}

/* ---------------------------------------------------------------------- */
/* Parsing: errors */

static void test_unknown_key_and_section(void **state)
{
        parse_fails(HEAD "[init]\nsystem = sysvinit\ngetty-lien = x\n", -EINVAL,
                    "'t.profile' line 5: unknown key 'getty-lien' in [init]");
        parse_fails(HEAD "[init]\nsecuretty = /etc/securetty\n", -EINVAL,
                    "'t.profile' line 4: unknown key 'securetty' in [init]");
        parse_fails(HEAD "[init]\nget:ty = x\n", -EINVAL, "'t.profile' line 4: unknown key 'get:ty' in [init]");
        parse_fails(HEAD "[init]\nget ty = x\n", -EINVAL, "'t.profile' line 4: unknown key 'get ty' in [init]");
        parse_fails(HEAD "[inti]\nsystem = sysvinit\n", -EINVAL, "'t.profile' line 3: unknown section [inti]");
        parse_fails("name = x\n[profile]\n", -EINVAL, "'t.profile' line 1: key 'name' outside any section");
}

static void test_malformed_lines(void **state)
{
        parse_fails(HEAD "[init]\nsystem sysvinit\n", -EINVAL,
                    "'t.profile' line 4: expected 'key = value' (no '=')");
        parse_fails(HEAD "[init]\nsystem: sysvinit\n", -EINVAL,
                    "'t.profile' line 4: expected 'key = value' (no '=')");
        parse_fails(HEAD "[init]\n = sysvinit\n", -EINVAL,
                    "'t.profile' line 4: expected 'key = value' (no key before '=')");
        parse_fails(HEAD "[init\n", -EINVAL, "'t.profile' line 3: malformed section header (no ']')");
        parse_fails(HEAD "[init] x\n", -EINVAL, "'t.profile' line 3: malformed section header (text after ']')");
        parse_fails(HEAD "[init]\nsystem = sys\x01vinit\n", -EINVAL, "'t.profile' line 4: control character 0x01");
        parse_fails(HEAD "[init]\nsystem = sys\xff\n", -EINVAL, "'t.profile' line 4: invalid UTF-8");
        parse_fails(HEAD "a\rb = c\n", -EINVAL, "'t.profile' line 3: control character 0x0D");
        {
                static const char nul[] = "[profile]\nname = a\0b\n";

                struct profile *p = NULL;

                error_clear();
                assert_int_equal(profile_parse("t.profile", nul, sizeof(nul) - 1, &p), -EINVAL);
                assert_null(p);
                assert_string_equal(error_get(), "'t.profile' line 2: NUL byte");
        }
}

static void test_bad_values(void **state)
{
        parse_fails(HEAD "[init]\nsystem = foo\n", -EINVAL,
                    "'t.profile' line 4: bad value 'foo' for system in [init] "
                    "(expected sysvinit, upstart-event.d, upstart-init or systemd)");
        parse_fails(HEAD "[init]\nsystem =\n", -EINVAL,
                    "'t.profile' line 4: bad value '' for system in [init] "
                    "(expected sysvinit, upstart-event.d, upstart-init or systemd)");
        parse_fails(HEAD "[kernel]\ndisk-letter-shift = 3\n", -EINVAL,
                    "'t.profile' line 4: bad value '3' for disk-letter-shift in [kernel] (expected 0 or 4)");
        parse_fails(HEAD "[init]\nconsole-getty-automatic = true\n", -EINVAL,
                    "'t.profile' line 4: bad value 'true' for console-getty-automatic in [init] (expected yes or no)");
        parse_fails(HEAD "priority = high\n", -EINVAL,
                    "'t.profile' line 3: bad value 'high' for priority in [profile] "
                    "(expected an integer from -1000 to 1000)");
        parse_fails(HEAD "priority = 1001\n", -EINVAL,
                    "'t.profile' line 3: bad value '1001' for priority in [profile] "
                    "(expected an integer from -1000 to 1000)");
        parse_fails(HEAD "priority = 99999999999999999999\n", -EINVAL,
                    "'t.profile' line 3: bad value '99999999999999999999' for priority in [profile] "
                    "(expected an integer from -1000 to 1000)");
        parse_fails(HEAD "priority = -\n", -EINVAL,
                    "'t.profile' line 3: bad value '-' for priority in [profile] "
                    "(expected an integer from -1000 to 1000)");
        parse_fails(HEAD "[initrd]\ntool = yaird\n", -EINVAL,
                    "'t.profile' line 4: bad value 'yaird' for tool in [initrd] (expected none, mkinitrd-redhat, "
                    "dracut, initramfs-tools, mkinitrd-suse, mkinitcpio or genkernel)");
        parse_fails(HEAD "[login]\nsecuretty = etc/securetty\n", -EINVAL,
                    "'t.profile' line 4: bad value 'etc/securetty' for securetty in [login] "
                    "(expected one absolute path)");
        parse_fails(HEAD "[login]\nsecuretty = /etc/a /etc/b\n", -EINVAL,
                    "'t.profile' line 4: bad value '/etc/a /etc/b' for securetty in [login] "
                    "(expected one absolute path)");
        parse_fails(HEAD "[boot]\ngrub-legacy = /boot/grub/menu.lst grub.conf\n", -EINVAL,
                    "'t.profile' line 4: bad value 'grub.conf' for grub-legacy in [boot] (expected absolute paths)");
        parse_fails(HEAD "[initrd]\nmodules-dir = dracut.conf.d\n", -EINVAL,
                    "'t.profile' line 4: bad value 'dracut.conf.d' for modules-dir in [initrd] "
                    "(expected one absolute path)");
        parse_fails(HEAD "[initrd]\nchroot-binds = /dev proc\n", -EINVAL,
                    "'t.profile' line 4: bad value 'proc' for chroot-binds in [initrd] (expected absolute paths)");
        parse_fails("[profile]\nname = ../x\n", -EINVAL,
                    "'t.profile' line 2: bad value '../x' for name in [profile] "
                    "(expected up to 64 letters, digits, '.', '_' and '-', not first '.' or '-')");
        parse_fails(HEAD "inherit = redhat a/b\n", -EINVAL,
                    "'t.profile' line 3: bad value 'a/b' for inherit in [profile] (expected profile names)");
}

static void test_placeholders_checked(void **state)
{
        parse_fails(HEAD "[initrd]\nrebuild = mkinitrd {initrd} {verison}\n", -EINVAL,
                    "'t.profile' line 4: unknown placeholder {verison} in rebuild in [initrd] "
                    "(allowed: {version} {initrd})");
        parse_fails(HEAD "[kernel]\nimages = /boot/vmlinuz-{tty}\n", -EINVAL,
                    "'t.profile' line 4: unknown placeholder {tty} in images in [kernel] (allowed: {version})");
        parse_fails(HEAD "[init]\ngetty-template = x {version}\n", -EINVAL,
                    "'t.profile' line 4: unknown placeholder {version} in getty-template in [init] (allowed: {tty})");
        parse_fails(HEAD "[login]\nsecuretty = /etc/{x}\n", -EINVAL,
                    "'t.profile' line 4: unknown placeholder {x} in securetty in [login] "
                    "(no placeholders are allowed here)");
        parse_fails(HEAD "[boot]\ngrub-update = update-grub {version}\n", -EINVAL,
                    "'t.profile' line 4: unknown placeholder {version} in grub-update in [boot] "
                    "(no placeholders are allowed here)");
        parse_fails(HEAD "[initrd]\nchroot-prepare = modprobe {version}\n", -EINVAL,
                    "'t.profile' line 4: unknown placeholder {version} in chroot-prepare in [initrd] "
                    "(no placeholders are allowed here)");
        /* Braces that are not {lowercase} are plain text. */
        {
                struct profile *p = parse_ok(HEAD "[initrd]\nrebuild = f() { x; }; f {} {A} {version}\n");

                assert_string_equal(p->initrd_rebuild, "f() { x; }; f {} {A} {version}");
                profile_free(p);
        }
}

static void test_duplicate_and_missing(void **state)
{
        parse_fails(HEAD "[init]\nsystem = sysvinit\n[login]\n[init]\nsystem = systemd\n", -EINVAL,
                    "'t.profile' line 7: duplicate key 'system' in [init]");
        parse_fails("[profile]\ndescription = no name\n[init]\nsystem = sysvinit\n", -EINVAL,
                    "'t.profile': no name in [profile]");
        parse_fails("", -EINVAL, "'t.profile': no name in [profile]");
        parse_fails(HEAD "[match]\nversion = 5\n", -EINVAL, "'t.profile' line 4: version in [match] without an id");
}

static void test_profile_free_null_and_parse_size(void **state)
{
        struct profile *p = NULL;
        char *big;

        assert_null(profile_free(NULL));
        big = malloc(PROFILE_FILE_MAX + 1);
        assert_non_null(big);
        memset(big, '\n', PROFILE_FILE_MAX + 1);
        error_clear();
        assert_int_equal(profile_parse("big.profile", big, PROFILE_FILE_MAX + 1, &p), -EFBIG);
        assert_string_equal(error_get(), "'big.profile': larger than 1 MiB");
        assert_null(p);
        free(big);
}

/* ---------------------------------------------------------------------- */
/* Inheritance */

static void test_inherit_override_and_list_replace(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        struct profile_search s;
        struct profile *p = NULL;

        th_write_str(dir, "base.profile",
                     "[profile]\nname = base\ndescription = the base\npriority = 5\n"
                     "[match]\nid = debian\n"
                     "[init]\nsystem = sysvinit\ngetty-file = /etc/inittab\ngetty-template = base {tty}\n"
                     "console-getty-automatic = yes\n"
                     "[login]\nsecuretty = /etc/securetty\n"
                     "[boot]\ngrub-legacy = /boot/grub/menu.lst /boot/grub/grub.conf\ngrub-update = update-grub\n"
                     "[kernel]\ndisk-letter-shift = 4\nimages = /boot/vmlinuz-{version}\n");
        th_write_str(dir, "child.profile",
                     "[profile]\nname = child\ninherit = base\n"
                     "[init]\ngetty-template = child {tty}\nconsole-getty-automatic = no\n"
                     "[boot]\ngrub-legacy = /boot/grub/grub.conf\ngrub-update =\n"
                     "[kernel]\ndisk-letter-shift = 0\n");
        search_one(&s, dir);

        error_clear();
        assert_int_equal(profile_load(&s, "child", &p), 0);
        assert_string_equal(p->name, "child");
        {
                _cleanup_free_ char *f = strf("%s/child.profile", dir);
                assert_string_equal(p->file, f);
        }
        /* [profile] and [match] are not inherited. */
        assert_null(p->description);
        assert_int_equal(p->priority, 0);
        assert_int_equal(p->match_ids.n, 0);
        ASSERT_STRV(&p->inherits, "base");
        /* Settings: the child's win, the others come from the parent. */
        assert_int_equal(p->init, INIT_SYSVINIT);
        assert_string_equal(p->getty_file, "/etc/inittab");
        assert_string_equal(p->getty_template, "child {tty}");
        assert_false(p->console_getty_auto);
        assert_string_equal(p->securetty, "/etc/securetty");
        /* A list replaces the parent's, never appends. */
        ASSERT_STRV(&p->grub_legacy_files, "/boot/grub/grub.conf");
        /* An empty value hides the parent's. */
        assert_null(p->grub_update);
        assert_int_equal(p->sd_shift, 0);
        ASSERT_STRV(&p->kernel_images, "/boot/vmlinuz-{version}");
        profile_free(p);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_inherit_multiple_and_chain_order(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        struct profile_search s;
        struct profile *p = NULL;

        th_write_str(dir, "root.profile",
                     "[profile]\nname = root\n[init]\nsystem = sysvinit\ngetty-file = /root-getty\n"
                     "[login]\nsecuretty = /root-securetty\n[initrd]\ntool = none\n");
        th_write_str(dir, "mid.profile", "[profile]\nname = mid\ninherit = root\n[initrd]\ntool = dracut\n");
        th_write_str(dir, "part.profile",
                     "[profile]\nname = part\n[init]\nsystem = systemd\ngetty-file =\n[initrd]\ntool = genkernel\n"
                     "modules-file = /part-modules\n");
        th_write_str(dir, "leaf.profile", "[profile]\nname = leaf\ninherit = mid part\n");
        search_one(&s, dir);

        assert_int_equal(profile_load(&s, "leaf", &p), 0);
        /* Lookup order: leaf, mid, root, part. */
        ASSERT_STRV(&p->inherits, "mid", "root", "part");
        assert_string_equal(p->initrd_tool, "dracut");       /* mid */
        assert_int_equal(p->init, INIT_SYSVINIT);            /* root, before part */
        assert_string_equal(p->getty_file, "/root-getty");   /* root */
        assert_string_equal(p->initrd_modules_file, "/part-modules"); /* only part sets it */
        assert_string_equal(p->securetty, "/root-securetty");
        profile_free(p);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_inherit_cycle(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *msg = NULL, *msg2 = NULL;
        struct profile_search s;

        th_write_str(dir, "a.profile", "[profile]\nname = a\ninherit = b\n");
        th_write_str(dir, "b.profile", "[profile]\nname = b\n\ninherit = c\n");
        th_write_str(dir, "c.profile", "[profile]\nname = c\ninherit = a\n");
        th_write_str(dir, "self.profile", "[profile]\nname = self\ninherit = other\n");
        th_write_str(dir, "other.profile", "[profile]\nname = other\ninherit = other\n");
        search_one(&s, dir);

        msg = strf("'%s/c.profile' line 3: inheritance cycle: a -> b -> c -> a", dir);
        load_fails(&s, "a", -ELOOP, msg);
        /* A profile that inherits its own name looks further down the path: here there is none. */
        msg2 = strf("'%s/other.profile' line 3: inherits its own name 'other', but no file of that name follows "
                    "it in the profile search path",
                    dir);
        load_fails(&s, "self", -ENOENT, msg2);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_inherit_missing_parent(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *msg = NULL;
        struct profile_search s;

        th_write_str(dir, "a.profile", "[profile]\nname = a\ndescription = x\ninherit = nosuch\n");
        search_one(&s, dir);
        msg = strf("'%s/a.profile' line 4: inherits 'nosuch', which is not in the profile search path", dir);
        load_fails(&s, "a", -ENOENT, msg);
        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_inherit_depth_limit(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *msg = NULL;
        struct profile_search s;
        struct profile *p = NULL;

        /* p0 -> p1 -> ... -> p9; p9 is complete. */
        for (int i = 0; i <= 9; i++) {
                _cleanup_free_ char *name = strf("p%d.profile", i);
                _cleanup_free_ char *text =
                        i < 9 ? strf("[profile]\nname = p%d\ninherit = p%d\n", i, i + 1)
                              : strf("[profile]\nname = p9\n[init]\nsystem = sysvinit\n[login]\nsecuretty = /s\n");

                th_write_str(dir, name, text);
        }
        search_one(&s, dir);

        /* p1 has 8 levels above it: allowed. */
        assert_int_equal(profile_load(&s, "p1", &p), 0);
        assert_int_equal(p->inherits.n, 8);
        assert_string_equal(p->inherits.v[0], "p2");
        assert_string_equal(p->inherits.v[7], "p9");
        assert_int_equal(p->init, INIT_SYSVINIT);
        profile_free(p);

        /* p0 has 9. */
        msg = strf("'%s/p8.profile' line 3: inheritance deeper than 8 levels: "
                   "p0 -> p1 -> p2 -> p3 -> p4 -> p5 -> p6 -> p7 -> p8 -> p9",
                   dir);
        load_fails(&s, "p0", -ELOOP, msg);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_inherit_errors_in_parent_name_the_parent(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *msg = NULL;
        struct profile_search s;

        th_write_str(dir, "child.profile", "[profile]\nname = child\ninherit = parent\n");
        th_write_str(dir, "parent.profile", "[profile]\nname = parent\n[kernel]\ndisk-letter-shift = 2\n");
        search_one(&s, dir);
        msg = strf("'%s/parent.profile' line 4: bad value '2' for disk-letter-shift in [kernel] (expected 0 or 4)",
                   dir);
        load_fails(&s, "child", -EINVAL, msg);
        profile_search_done(&s);
        th_rmrf(dir);
}

/* ---------------------------------------------------------------------- */
/* Loading */

static void test_load_completeness_and_names(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL, *path = NULL;
        struct profile_search s;
        struct profile *p = NULL;

        th_write_str(dir, "noinit.profile", "[profile]\nname = noinit\n[login]\nsecuretty = /etc/securetty\n");
        th_write_str(dir, "nosec.profile", "[profile]\nname = nosec\n[init]\nsystem = sysvinit\n");
        th_write_str(dir, "wrong.profile", "# x\n[profile]\nname = right\n");
        th_write_str(dir, "ok.profile",
                     "[profile]\nname = whatever\n[init]\nsystem = systemd\n[login]\nsecuretty = /etc/securetty\n");
        search_one(&s, dir);

        m1 = strf("'%s/noinit.profile': profile 'noinit' has no system in [init], neither its own nor inherited",
                  dir);
        load_fails(&s, "noinit", -EINVAL, m1);
        m2 = strf("'%s/nosec.profile': profile 'nosec' has no securetty in [login], neither its own nor inherited",
                  dir);
        load_fails(&s, "nosec", -EINVAL, m2);
        m3 = strf("'%s/wrong.profile' line 3: name 'right' does not match the file name 'wrong.profile'", dir);
        load_fails(&s, "wrong", -EINVAL, m3);
        m4 = strf("no profile 'nosuch' in %s", dir);
        load_fails(&s, "nosuch", -ENOENT, m4);
        free(m4);
        m4 = strf("no profile 'my.profile' in %s (give a file as a path: ./NAME.profile)", dir);
        load_fails(&s, "my.profile", -ENOENT, m4);
        load_fails(&s, "..", -EINVAL, "'..': not a valid profile name");

        /* By path, the name need not match the file name. */
        path = strf("%s/ok.profile", dir);
        assert_int_equal(profile_load(&s, path, &p), 0);
        assert_string_equal(p->name, "whatever");
        assert_string_equal(p->file, path);
        profile_free(p);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_load_refuses_odd_files(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *fifo = NULL, *sub = NULL, *big = NULL, *m = NULL, *missing = NULL;
        struct profile_search s;
        char *data;
        FILE *f;

        search_one(&s, dir);
        fifo = strf("%s/fifo.profile", dir);
        assert_int_equal(mkfifo(fifo, 0600), 0);
        m = strf("'%s': not a regular file", fifo);
        load_fails(&s, "fifo", -EINVAL, m);
        free(m);

        sub = strf("%s/sub.profile", dir);
        assert_int_equal(mkdir(sub, 0755), 0);
        m = strf("'%s': not a regular file", sub);
        load_fails(&s, sub, -EISDIR, m);
        free(m);

        big = strf("%s/big.profile", dir);
        f = fopen(big, "w");
        assert_non_null(f);
        data = calloc(1, PROFILE_FILE_MAX + 1);
        assert_non_null(data);
        memset(data, '#', PROFILE_FILE_MAX);
        assert_int_equal(fwrite(data, 1, PROFILE_FILE_MAX + 1, f), PROFILE_FILE_MAX + 1);
        fclose(f);
        free(data);
        m = strf("'%s': larger than 1 MiB", big);
        load_fails(&s, "big", -EFBIG, m);
        free(m);

        missing = strf("%s/missing.profile", dir);
        m = strf("'%s': No such file or directory", missing);
        load_fails(&s, missing, -ENOENT, m);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_override_extends_same_name(void **state)
{
        _cleanup_free_ char *d1 = th_mkdtemp(), *d2 = th_mkdtemp();
        struct profile_search s = {0};
        struct profile *p = NULL;

        th_write_str(d2, "rhel5.profile",
                     "[profile]\nname = rhel5\n[init]\nsystem = sysvinit\ngetty-file = /etc/inittab\n"
                     "[login]\nsecuretty = /etc/securetty\n[initrd]\nrebuild = old {version}\n");
        th_write_str(d1, "rhel5.profile",
                     "[profile]\nname = rhel5\ninherit = rhel5\n[initrd]\nrebuild = new {version}\n");
        assert_int_equal(strv_push(&s.dirs, d1), 0);
        assert_int_equal(strv_push(&s.dirs, d2), 0);

        assert_int_equal(profile_load(&s, "rhel5", &p), 0);
        assert_string_equal(p->initrd_rebuild, "new {version}");
        assert_string_equal(p->getty_file, "/etc/inittab");
        ASSERT_STRV(&p->inherits, "rhel5");
        profile_free(p);

        profile_search_done(&s);
        th_rmrf(d1);
        th_rmrf(d2);
}

static void test_search_init(void **state)
{
        struct profile_search s;
        struct strv extra = {0};
        const char *installed = DATADIR "/profiles";

#ifdef SOURCE_PROFILE_DIR
        /* Not installed: the source tree's profiles instead. */
        if (access(installed, F_OK) < 0 && errno == ENOENT)
                installed = SOURCE_PROFILE_DIR;
#endif
        assert_int_equal(profile_search_init(&s, NULL), 0);
        ASSERT_STRV(&s.dirs, "/etc/domufix/profiles.d", installed);
        profile_search_done(&s);

        assert_int_equal(strv_push(&extra, "/a"), 0);
        assert_int_equal(strv_push(&extra, "/b"), 0);
        assert_int_equal(profile_search_init(&s, &extra), 0);
        ASSERT_STRV(&s.dirs, "/a", "/b", "/etc/domufix/profiles.d", installed);
        profile_search_done(&s);
        strv_done(&extra);
}

/* ---------------------------------------------------------------------- */
/* Selection */

static const char *shipped_dir(void)
{
        const char *d = getenv("DOMUFIX_PROFILE_DIR");

        return d && *d ? d : NULL;
}

static struct profile *select_ok(const struct profile_search *s, const char *id, const char *version,
                                 const char *codename, char **ret_reason)
{
        struct distro d = {
                .id = (char *)id,
                .version = (char *)version,
                .codename = (char *)codename,
                .source = (char *)"/etc/release",
        };
        struct profile *p = NULL;
        char *reason = NULL;
        int r;

        error_clear();
        r = profile_select(s, &d, &p, &reason);
        if (r < 0)
                fail_msg("select %s %s failed (%d): %s", id, version, r, error_get() ? error_get() : "");
        assert_non_null(p);
        assert_non_null(reason);
        if (ret_reason)
                *ret_reason = reason;
        else
                free(reason);
        return p;
}

static void test_select_shipped(void **state)
{
        static const struct {
                const char *id, *version, *codename, *profile;
        } cases[] = {
                {"centos", "5.8", "Final", "rhel5"},
                {"rhel", "5", "Tikanga", "rhel5"},
                {"rhel", "4.8", "Nahant", "rhel4"},
                {"centos", "4.9", NULL, "rhel4"},
                {"scientific", "6.2", "Carbon", "rhel6"},
                {"centos", "6.3", NULL, "rhel6"},
                {"fedora", "6", NULL, "fedora8"},
                {"fedora", "8", "Werewolf", "fedora8"},
                {"fedora", "9", NULL, "fedora9"},
                {"fedora", "10", NULL, "fedora9"},
                {"fedora", "12", NULL, "fedora12"},
                {"fedora", "14", "Laughlin", "fedora13"},
                {"fedora", "15", NULL, "fedora15"},
                {"fedora", "17", NULL, "fedora15"},
                {"fedora", "25", NULL, "fedora15"},
                {"debian", "4.0", "etch", "debian-etch"},
                {"debian", "5.0.10", "lenny", "debian-lenny"},
                {"debian", "", "lenny", "debian-lenny"},
                {"debian", "6.0.7", "squeeze", "debian-squeeze"},
                {"debian", "7.11", "wheezy", "debian-wheezy"},
                {"debian", "7", NULL, "debian-wheezy"},
                {"ubuntu", "6.06", "dapper", "ubuntu-dapper"},
                {"ubuntu", "7.10", "gutsy", "ubuntu-eventd"},
                {"ubuntu", "8.04", "hardy", "ubuntu-eventd"},
                {"ubuntu", "9.04", "jaunty", "ubuntu-eventd"},
                {"ubuntu", "9.10", "karmic", "ubuntu-upstart"},
                {"ubuntu", "10.04", "lucid", "ubuntu-upstart"},
                {"ubuntu", "12.04", "precise", "ubuntu-upstart"},
                {"sles", "10.2", NULL, "sles10"},
                {"sles", "11.1", NULL, "sles11"},
                {"sled", "11", NULL, "sles11"},
                {"sles", "12.1", NULL, "sles12"},
                {"opensuse", "11.4", NULL, "opensuse"},
                {"opensuse", "12.3", NULL, "opensuse12"},
                {"gentoo", "2.0.3", NULL, "gentoo"},
                {"gentoo", "", NULL, "gentoo"},
                {"arch", "", NULL, "arch"},
                {"unknown", "", NULL, "generic"},
                {"centos", "7.1", NULL, "generic"},
                {"ubuntu", "16.04", NULL, "generic"},
                {"slackware", "13.37", NULL, "generic"},
        };
        const char *dir = shipped_dir();
        struct profile_search s;
        struct strv names = {0};
        DIR *dh;
        struct dirent *de;

        if (!dir)
                skip();
        search_one(&s, dir);
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct profile *p = select_ok(&s, cases[i].id, cases[i].version, cases[i].codename, NULL);

                if (!streq(p->name, cases[i].profile))
                        fail_msg("%s %s: got %s, expected %s", cases[i].id, cases[i].version, p->name,
                                 cases[i].profile);
                assert_int_not_equal(p->init, INIT_UNKNOWN);
                assert_non_null(p->securetty);
                assert_non_null(p->initrd_tool);
                assert_int_not_equal(p->kernel_images.n, 0);
                assert_int_equal(strv_push_unique(&names, p->name), 0);
                profile_free(p);
        }

        /* Every shipped profile with a [match] is selected by some case above. */
        dh = opendir(dir);
        assert_non_null(dh);
        while ((de = readdir(dh))) {
                size_t len = strlen(de->d_name), size = 0;
                _cleanup_free_ char *name = NULL, *text = NULL;
                struct profile *p = NULL;

                if (len <= 8 || !streq(de->d_name + len - 8, ".profile"))
                        continue;
                name = strndup(de->d_name, len - 8);
                text = th_read(dir, de->d_name, &size);
                assert_non_null(text);
                assert_int_equal(profile_parse(de->d_name, text, size, &p), 0);
                assert_string_equal(p->name, name);
                if (p->match_ids.n > 0 && !strv_contains(&names, name))
                        fail_msg("shipped profile %s is not covered by the selection table", name);
                /* Abstract bases have no priority; concrete ones 10, generic the minimum. */
                if (streq(name, "generic"))
                        assert_int_equal(p->priority, PROFILE_PRIORITY_MIN);
                else
                        assert_int_equal(p->priority, p->match_ids.n > 0 ? 10 : 0);
                profile_free(p);
        }
        closedir(dh);

        strv_done(&names);
        profile_search_done(&s);
}

static void test_shipped_values(void **state)
{
        const char *dir = shipped_dir();
        struct profile_search s;
        struct profile *p;
        char *reason = NULL;

        if (!dir)
                skip();
        search_one(&s, dir);

        p = select_ok(&s, "centos", "5.8", NULL, &reason);
        assert_string_equal(reason, "/etc/release: centos 5.8 matches rhel5 (id centos, version 5.*)");
        free(reason);
        assert_int_equal(p->init, INIT_SYSVINIT);
        assert_string_equal(p->getty_file, "/etc/inittab");
        assert_string_equal(p->getty_template, "co:2345:respawn:/sbin/agetty {tty} 9600 vt100-nav");
        assert_false(p->console_getty_auto);
        assert_string_equal(p->securetty, "/etc/securetty");
        ASSERT_STRV(&p->grub_legacy_files, "/boot/grub/grub.conf", "/boot/grub/menu.lst", "/etc/grub.conf");
        assert_string_equal(p->initrd_tool, "mkinitrd-redhat");
        assert_string_equal(p->initrd_modules_file, "/etc/modprobe.conf");
        assert_string_equal(p->initrd_rebuild,
                            "mkinitrd -f --with=xen-blkfront --with=xen-netfront {initrd} {version}");
        ASSERT_STRV(&p->initrd_images, "/boot/initrd-{version}.img");
        assert_null(p->initrd_modules_dir);
        ASSERT_STRV(&p->initrd_chroot_binds, "/dev", "/proc", "/sys");
        assert_string_equal(p->initrd_chroot_prepare, "modprobe loop");
        assert_int_equal(p->sd_shift, 0);
        ASSERT_STRV(&p->inherits, "redhat", "generic");
        profile_free(p);

        /* RHEL 4 mkinitrd breaks with a bind-mounted /dev. */
        p = select_ok(&s, "centos", "4.9", NULL, NULL);
        ASSERT_STRV(&p->initrd_chroot_binds, "/proc", "/sys");
        assert_string_equal(p->initrd_chroot_prepare, "modprobe loop");
        profile_free(p);

        p = select_ok(&s, "scientific", "6.2", NULL, NULL);
        assert_int_equal(p->init, INIT_UPSTART_INIT);
        assert_string_equal(p->getty_file, "/etc/init");
        assert_true(p->console_getty_auto);
        assert_int_equal(p->sd_shift, 4);
        assert_string_equal(p->initrd_tool, "dracut");
        assert_string_equal(p->initrd_rebuild,
                            "dracut -f --add-drivers \"xen-blkfront xen-netfront\" {initrd} {version}");
        ASSERT_STRV(&p->initrd_images, "/boot/initramfs-{version}.img");
        assert_string_equal(p->initrd_modules_file, "/etc/dracut.conf");
        assert_string_equal(p->initrd_modules_dir, "/etc/dracut.conf.d");
        ASSERT_STRV(&p->initrd_chroot_binds, "/dev", "/proc", "/sys");
        assert_null(p->initrd_chroot_prepare); /* dracut hides redhat's "modprobe loop" */
        profile_free(p);

        p = select_ok(&s, "fedora", "17", NULL, NULL);
        assert_int_equal(p->init, INIT_SYSTEMD);
        assert_null(p->getty_file);
        assert_null(p->getty_template);
        assert_true(p->console_getty_auto);
        assert_string_equal(p->grub2_cfg, "/boot/grub2/grub.cfg");
        assert_string_equal(p->grub2_default, "/etc/default/grub");
        assert_int_equal(p->grub_legacy_files.n, 3);
        profile_free(p);

        p = select_ok(&s, "debian", "7.11", NULL, NULL);
        assert_string_equal(p->getty_template, "h0:2345:respawn:/sbin/getty 38400 {tty}");
        ASSERT_STRV(&p->grub_legacy_files, "/boot/grub/menu.lst");
        assert_string_equal(p->grub2_default, "/etc/default/grub");
        assert_string_equal(p->grub2_cfg, "/boot/grub/grub.cfg");
        assert_string_equal(p->grub_update, "update-grub");
        assert_string_equal(p->initrd_rebuild, "update-initramfs -u -k {version}");
        ASSERT_STRV(&p->initrd_images, "/boot/initrd.img-{version}");
        profile_free(p);

        p = select_ok(&s, "ubuntu", "8.04", NULL, NULL);
        assert_int_equal(p->init, INIT_UPSTART_EVENTD);
        assert_string_equal(p->getty_file, "/etc/event.d");
        assert_string_equal(p->getty_template,
                            "# {tty} - getty\n#\n"
                            "# This service maintains a getty on {tty} from the point the system is\n"
                            "# started until it is shut down again.\n\n"
                            "start on stopped rc2\nstart on stopped rc3\nstart on stopped rc4\nstart on stopped rc5\n\n"
                            "stop on runlevel 0\nstop on runlevel 1\nstop on runlevel 6\n\n"
                            "respawn\nexec /sbin/getty 38400 {tty}\n");
        profile_free(p);

        p = select_ok(&s, "ubuntu", "10.04", NULL, NULL);
        assert_int_equal(p->init, INIT_UPSTART_INIT);
        assert_string_equal(p->getty_template,
                            "# {tty} - getty\n#\n"
                            "# This service maintains a getty on {tty} from the point the system is\n"
                            "# started until it is shut down again.\n\n"
                            "start on stopped rc RUNLEVEL=[2345]\nstop on runlevel [!2345]\n\n"
                            "respawn\nexec /sbin/getty -8 38400 {tty}\n");
        profile_free(p);

        p = select_ok(&s, "sles", "11.1", NULL, NULL);
        assert_string_equal(p->getty_template, "x0:12345:respawn:/sbin/agetty -L 9600 {tty} xterm");
        ASSERT_STRV(&p->grub_legacy_files, "/boot/grub/menu.lst");
        assert_string_equal(p->sysconfig_bootloader, "/etc/sysconfig/bootloader");
        assert_string_equal(p->initrd_modules_file, "/etc/sysconfig/kernel");
        assert_string_equal(p->initrd_rebuild, "mkinitrd -k /boot/vmlinuz-{version} -i {initrd}");
        ASSERT_STRV(&p->initrd_images, "/boot/initrd-{version}");
        profile_free(p);

        p = select_ok(&s, "gentoo", "2.0.3", NULL, NULL);
        assert_string_equal(p->getty_template, "c0:12345:respawn:/sbin/agetty 38400 {tty} linux");
        assert_string_equal(p->initrd_images.v[0], "/boot/initramfs-genkernel-x86_64-{version}");
        profile_free(p);

        p = select_ok(&s, "arch", "", NULL, NULL);
        assert_string_equal(p->getty_template, "c0:2345:respawn:/sbin/agetty -8 38400 {tty} linux");
        assert_string_equal(p->initrd_rebuild, "mkinitcpio -p linux");
        profile_free(p);

        p = select_ok(&s, "unknown", "", NULL, &reason);
        assert_string_equal(reason, "distribution unknown: falling back to generic");
        free(reason);
        assert_int_equal(p->init, INIT_SYSVINIT);
        assert_string_equal(p->getty_file, "/etc/inittab");
        assert_string_equal(p->securetty, "/etc/securetty");
        ASSERT_STRV(&p->grub_legacy_files, "/boot/grub/menu.lst", "/boot/grub/grub.conf");
        assert_string_equal(p->initrd_tool, "none");
        ASSERT_STRV(&p->initrd_chroot_binds, "/dev", "/proc", "/sys");
        assert_null(p->initrd_chroot_prepare);
        assert_int_equal(p->priority, PROFILE_PRIORITY_MIN);
        profile_free(p);

        profile_search_done(&s);
}

static void test_select_reasons(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        struct profile_search s;
        struct profile *p;
        char *reason = NULL;

        th_write_str(dir, "generic.profile",
                     "[profile]\nname = generic\npriority = -1000\n[init]\nsystem = sysvinit\n"
                     "[login]\nsecuretty = /etc/securetty\n");
        th_write_str(dir, "five.profile",
                     "[profile]\nname = five\ninherit = generic\n[match]\nid = centos\nversion = 5\n");
        th_write_str(dir, "deb.profile",
                     "[profile]\nname = deb\ninherit = generic\n[match]\nid = debian\nversion = 5 lenny\n");
        th_write_str(dir, "any.profile", "[profile]\nname = any\ninherit = generic\n[match]\nid = gentoo\n");
        search_one(&s, dir);

        p = select_ok(&s, "centos", "5.8", NULL, &reason);
        assert_string_equal(p->name, "five");
        assert_string_equal(reason, "/etc/release: centos 5.8 matches five (id centos, version 5 on major version 5)");
        profile_free(p);
        free(reason);

        p = select_ok(&s, "debian", "", "lenny", &reason);
        assert_string_equal(p->name, "deb");
        assert_string_equal(reason,
                            "/etc/release: debian (lenny) matches deb (id debian, version lenny on codename lenny)");
        profile_free(p);
        free(reason);

        p = select_ok(&s, "gentoo", "", NULL, &reason);
        assert_string_equal(reason, "/etc/release: gentoo matches any (id gentoo, any version)");
        profile_free(p);
        free(reason);

        p = select_ok(&s, "centos", "6.3", NULL, &reason);
        assert_string_equal(p->name, "generic");
        assert_string_equal(reason, "/etc/release: centos 6.3 matches no profile: falling back to generic");
        profile_free(p);
        free(reason);

        /* The reason is optional. */
        {
                struct distro d = {.id = (char *)"centos", .version = (char *)"5"};

                p = NULL;
                assert_int_equal(profile_select(&s, &d, &p, NULL), 0);
                assert_string_equal(p->name, "five");
                profile_free(p);
        }

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_select_priority_tie_and_abstract(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        struct profile_search s;
        struct profile *p = NULL;
        struct distro d = {.id = (char *)"centos", .version = (char *)"5.8"};

        th_write_str(dir, "generic.profile",
                     "[profile]\nname = generic\npriority = -1000\n[init]\nsystem = sysvinit\n"
                     "[login]\nsecuretty = /etc/securetty\n");
        /* An abstract base needs no init system: it is never selected. */
        th_write_str(dir, "part.profile", "[profile]\nname = part\n[initrd]\ntool = dracut\n");
        th_write_str(dir, "low.profile", "[profile]\nname = low\ninherit = part generic\n[match]\nid = centos\n");
        th_write_str(dir, "high.profile",
                     "[profile]\nname = high\ninherit = generic\npriority = 20\n[match]\nid = centos rhel\n");
        search_one(&s, dir);

        p = select_ok(&s, "centos", "5.8", NULL, NULL);
        assert_string_equal(p->name, "high");
        profile_free(p);
        p = select_ok(&s, "rhel", "5.8", NULL, NULL);
        assert_string_equal(p->name, "high");
        profile_free(p);

        th_write_str(dir, "same.profile",
                     "[profile]\nname = same\ninherit = generic\npriority = 20\n[match]\nid = centos\n");
        p = NULL;
        error_clear();
        assert_int_equal(profile_select(&s, &d, &p, NULL), -EINVAL);
        assert_null(p);
        assert_string_equal(error_get(),
                            "profiles 'high' and 'same' both match centos 5.8 with priority 20: "
                            "give one a higher priority");

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_select_errors(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *msg = NULL, *msg2 = NULL;
        struct profile_search s;
        struct profile *p = NULL;
        struct distro d = {.id = (char *)"centos", .version = (char *)"5.8"};

        th_write_str(dir, "a.profile",
                     "[profile]\nname = a\n[match]\nid = debian\n[init]\nsystem = sysvinit\n"
                     "[login]\nsecuretty = /etc/securetty\n");
        search_one(&s, dir);

        /* No generic. */
        error_clear();
        assert_int_equal(profile_select(&s, &d, &p, NULL), -ENOENT);
        assert_null(p);
        assert_string_equal(error_get(),
                            "no profile matches centos 5.8 and there is no 'generic' profile in the search path");

        /* A broken profile anywhere is an error, even one that would not be selected. */
        th_write_str(dir, "generic.profile",
                     "[profile]\nname = generic\n[init]\nsystem = sysvinit\n[login]\nsecuretty = /etc/securetty\n");
        th_write_str(dir, "zz.profile", "[profile]\nname = zz\n[init]\nsytem = x\n");
        msg = strf("'%s/zz.profile' line 4: unknown key 'sytem' in [init]", dir);
        error_clear();
        assert_int_equal(profile_select(&s, &d, &p, NULL), -EINVAL);
        assert_string_equal(error_get(), msg);

        /* A selectable profile must be complete. */
        th_write_str(dir, "zz.profile", "[profile]\nname = zz\n[match]\nid = fedora\n[init]\nsystem = systemd\n");
        msg2 = strf("'%s/zz.profile': profile 'zz' has no securetty in [login], neither its own nor inherited", dir);
        error_clear();
        assert_int_equal(profile_select(&s, &d, &p, NULL), -EINVAL);
        assert_string_equal(error_get(), msg2);
        assert_null(p);

        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_select_bad_directory_entries(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp();
        _cleanup_free_ char *file = NULL, *msg = NULL;
        struct profile_search s;
        struct profile *p = NULL;
        struct distro d = {.id = (char *)"centos", .version = (char *)"5.8"};

        /* A file whose name is not a profile name. */
        th_write_str(dir, "a b.profile", "[profile]\nname = a\n");
        search_one(&s, dir);
        msg = strf("'%s/a b.profile': not a valid profile name", dir);
        error_clear();
        assert_int_equal(profile_select(&s, &d, &p, NULL), -EINVAL);
        assert_string_equal(error_get(), msg);
        profile_search_done(&s);

        /* A search "directory" that is a file. */
        file = strf("%s/a b.profile", dir);
        search_one(&s, file);
        free(msg);
        msg = strf("'%s': Not a directory", file);
        error_clear();
        assert_int_equal(profile_select(&s, &d, &p, NULL), -ENOTDIR);
        assert_string_equal(error_get(), msg);
        free(msg);
        msg = strf("'%s/rhel5.profile': Not a directory", file);
        load_fails(&s, "rhel5", -ENOTDIR, msg);
        assert_null(p);
        profile_search_done(&s);

        /* Editor leftovers and hidden files are not profiles. */
        th_rmrf(dir);
        assert_int_equal(mkdir(dir, 0700), 0);
        th_write_str(dir, "generic.profile",
                     "[profile]\nname = generic\n[init]\nsystem = sysvinit\n[login]\nsecuretty = /etc/securetty\n");
        th_write_str(dir, ".hidden.profile", "garbage");
        th_write_str(dir, "generic.profile~", "garbage");
        th_write_str(dir, "generic.profile.rpmnew", "garbage");
        th_write_str(dir, ".profile", "garbage");
        search_one(&s, dir);
        p = select_ok(&s, "centos", "5.8", NULL, NULL);
        assert_string_equal(p->name, "generic");
        profile_free(p);
        profile_search_done(&s);
        th_rmrf(dir);
}

static void test_select_shadowing(void **state)
{
        _cleanup_free_ char *d1 = th_mkdtemp(), *d2 = th_mkdtemp();
        _cleanup_free_ char *expected_file = NULL;
        struct profile_search s = {0};
        struct profile *p;

        th_write_str(d2, "generic.profile",
                     "[profile]\nname = generic\n[init]\nsystem = sysvinit\n[login]\nsecuretty = /etc/securetty\n");
        th_write_str(d2, "rhel5.profile",
                     "[profile]\nname = rhel5\ninherit = generic\npriority = 10\n[match]\nid = centos\n"
                     "[initrd]\ntool = mkinitrd-redhat\n");
        /* The earlier directory's rhel5 hides the later one, and is the one inherited from too. */
        th_write_str(d1, "rhel5.profile",
                     "[profile]\nname = rhel5\ninherit = generic\npriority = 10\n[match]\nid = centos\n"
                     "[initrd]\ntool = dracut\n");
        /* A broken file that is shadowed is never read. */
        th_write_str(d2, "broken.profile", "garbage\n");
        th_write_str(d1, "broken.profile", "[profile]\nname = broken\n");
        th_write_str(d1, "child.profile",
                     "[profile]\nname = child\ninherit = rhel5\npriority = 5\n[match]\nid = centos\n");
        assert_int_equal(strv_push(&s.dirs, d1), 0);
        assert_int_equal(strv_push(&s.dirs, d2), 0);
        assert_int_equal(strv_push(&s.dirs, "/nonexistent/domufix/profiles"), 0);

        p = select_ok(&s, "centos", "5.8", NULL, NULL);
        expected_file = strf("%s/rhel5.profile", d1);
        assert_string_equal(p->name, "rhel5");
        assert_string_equal(p->file, expected_file);
        assert_string_equal(p->initrd_tool, "dracut");
        profile_free(p);

        assert_int_equal(profile_load(&s, "child", &p), 0);
        assert_string_equal(p->initrd_tool, "dracut");
        profile_free(p);

        profile_search_done(&s);
        th_rmrf(d1);
        th_rmrf(d2);
}

/* ---------------------------------------------------------------------- */
/* Templates */

static void test_expand(void **state)
{
        char *out = NULL;

        assert_int_equal(profile_expand("/boot/initrd-{version}.img", "2.6.32-5-xen-amd64", NULL, &out), 0);
        assert_string_equal(out, "/boot/initrd-2.6.32-5-xen-amd64.img");
        free(out);

        assert_int_equal(profile_expand("mkinitrd -f {initrd} {version} {version}", "3.2", "/boot/i.img", &out), 0);
        assert_string_equal(out, "mkinitrd -f /boot/i.img 3.2 3.2");
        free(out);

        /* Other placeholders and braces stay. */
        assert_int_equal(profile_expand("{tty} {x} { } {version", "1", "2", &out), 0);
        assert_string_equal(out, "{tty} {x} { } {version");
        free(out);

        assert_int_equal(profile_expand("", "1", "2", &out), 0);
        assert_string_equal(out, "");
        free(out);

        out = NULL;
        error_clear();
        assert_int_equal(profile_expand("mkinitrd {initrd} {version}", "3.2", NULL, &out), -EINVAL);
        assert_null(out);
        assert_string_equal(error_get(), "template 'mkinitrd {initrd} {version}' needs a value for {initrd}");

        assert_int_equal(profile_expand_tty("co:2345:respawn:/sbin/agetty {tty} 9600 vt100-nav", "hvc0", &out), 0);
        assert_string_equal(out, "co:2345:respawn:/sbin/agetty hvc0 9600 vt100-nav");
        free(out);

        assert_int_equal(profile_expand_tty("instance /dev/{tty}\nexec x {tty} {version}\n", "hvc0", &out), 0);
        assert_string_equal(out, "instance /dev/hvc0\nexec x hvc0 {version}\n");
        free(out);

        error_clear();
        assert_int_equal(profile_expand_tty("{tty}", NULL, &out), -EINVAL);
        assert_string_equal(error_get(), "template '{tty}' needs a value for {tty}");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_every_key),
                cmocka_unit_test(test_parse_defaults),
                cmocka_unit_test(test_parse_values_of_each_type),
                cmocka_unit_test(test_parse_empty_values_mean_none),
                cmocka_unit_test(test_parse_syntax_details),
                cmocka_unit_test(test_parse_long_line),
                cmocka_unit_test(test_getty_template_escapes),
                cmocka_unit_test(test_unknown_key_and_section),
                cmocka_unit_test(test_malformed_lines),
                cmocka_unit_test(test_bad_values),
                cmocka_unit_test(test_placeholders_checked),
                cmocka_unit_test(test_duplicate_and_missing),
                cmocka_unit_test(test_profile_free_null_and_parse_size),
                cmocka_unit_test(test_inherit_override_and_list_replace),
                cmocka_unit_test(test_inherit_multiple_and_chain_order),
                cmocka_unit_test(test_inherit_cycle),
                cmocka_unit_test(test_inherit_missing_parent),
                cmocka_unit_test(test_inherit_depth_limit),
                cmocka_unit_test(test_inherit_errors_in_parent_name_the_parent),
                cmocka_unit_test(test_load_completeness_and_names),
                cmocka_unit_test(test_load_refuses_odd_files),
                cmocka_unit_test(test_override_extends_same_name),
                cmocka_unit_test(test_search_init),
                cmocka_unit_test(test_select_shipped),
                cmocka_unit_test(test_shipped_values),
                cmocka_unit_test(test_select_reasons),
                cmocka_unit_test(test_select_priority_tie_and_abstract),
                cmocka_unit_test(test_select_errors),
                cmocka_unit_test(test_select_bad_directory_entries),
                cmocka_unit_test(test_select_shadowing),
                cmocka_unit_test(test_expand),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
