/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The Upstart getty rewriters (/etc/event.d/hvc0, /etc/init/hvc0.conf): whole created files, exactly. */
#include "test-helpers.h"
#include "test-profiles.h"

#include "config.h"
#include "facts.h"
#include "guest-root.h"
#include "init-scan.h"
#include "profile.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

extern const struct rewriter rewriter_upstart_eventd;
extern const struct rewriter rewriter_upstart_init;

#define HARDY_TTY1                                                          \
        "# tty1 - getty\n"                                                  \
        "#\n"                                                               \
        "# This service maintains a getty on tty1 from the point the system is\n" \
        "# started until it is shut down again.\n"                          \
        "\n"                                                                \
        "start on stopped rc2\n"                                            \
        "start on stopped rc3\n"                                            \
        "start on stopped rc4\n"                                            \
        "start on stopped rc5\n"                                            \
        "\n"                                                                \
        "stop on runlevel 0\n"                                              \
        "stop on runlevel 1\n"                                              \
        "stop on runlevel 6\n"                                              \
        "\n"                                                                \
        "respawn\n"                                                         \
        "exec /sbin/getty 38400 tty1\n"

#define HARDY_HVC0                                                          \
        "# hvc0 - getty\n"                                                  \
        "#\n"                                                               \
        "# This service maintains a getty on hvc0 from the point the system is\n" \
        "# started until it is shut down again.\n"                          \
        "\n"                                                                \
        "start on stopped rc2\n"                                            \
        "start on stopped rc3\n"                                            \
        "start on stopped rc4\n"                                            \
        "start on stopped rc5\n"                                            \
        "\n"                                                                \
        "stop on runlevel 0\n"                                              \
        "stop on runlevel 1\n"                                              \
        "stop on runlevel 6\n"                                              \
        "\n"                                                                \
        "respawn\n"                                                         \
        "exec /sbin/getty 38400 hvc0\n"

#define LUCID_TTY1                                                          \
        "# tty1 - getty\n"                                                  \
        "#\n"                                                               \
        "# This service maintains a getty on tty1 from the point the system is\n" \
        "# started until it is shut down again.\n"                          \
        "\n"                                                                \
        "start on stopped rc RUNLEVEL=[2345]\n"                             \
        "stop on runlevel [!2345]\n"                                        \
        "\n"                                                                \
        "respawn\n"                                                         \
        "exec /sbin/getty -8 38400 tty1\n"

#define LUCID_HVC0                                                          \
        "# hvc0 - getty\n"                                                  \
        "#\n"                                                               \
        "# This service maintains a getty on hvc0 from the point the system is\n" \
        "# started until it is shut down again.\n"                          \
        "\n"                                                                \
        "start on stopped rc RUNLEVEL=[2345]\n"                             \
        "stop on runlevel [!2345]\n"                                        \
        "\n"                                                                \
        "respawn\n"                                                         \
        "exec /sbin/getty -8 38400 hvc0\n"

#define REASON_PREFIX "start a getty on the pvops console hvc0 "
#define NEXT_EVENTD "inside a running guest: initctl start hvc0"
#define NEXT_INIT "inside a running guest: initctl reload-configuration && initctl start hvc0"


/* A profile with only an init system (and no getty template). */
static struct profile *bare_profile(const char *system)
{
        struct profile *p = NULL;
        char *text = NULL;

        assert_true(asprintf(&text, "[profile]\nname = bare\n[init]\nsystem = %s\n", system) > 0);
        assert_int_equal(profile_parse("bare.profile", text, strlen(text), &p), 0);
        free(text);
        return p;
}

static void out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
}

/* Facts with a model job (model may be NULL). */
static void facts_set(struct facts *f, struct profile *p, const char *model_path, const char *model_text,
                      const char *model_tty)
{
        *f = (struct facts){.profile = p};
        f->init.init = p ? p->init : INIT_UNKNOWN;
        if (model_text) {
                f->init.model_path = model_path ? strdup(model_path) : NULL;
                f->init.model_text = strdup(model_text);
                f->init.model_tty = model_tty ? strdup(model_tty) : NULL;
                assert_non_null(f->init.model_text);
        }
}

static void facts_unset(struct facts *f)
{
        init_info_done(&f->init);
        profile_free(f->profile);
        *f = (struct facts){0};
}

/* Run a rewriter on IN and return the rendered result (the new file for a create). */
static char *run(const struct rewriter *rw, const char *in, bool exists, const struct facts *f, struct rewrite_out *o)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        char *out = NULL;
        size_t out_len = 0;

        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(rw->rewrite(t, exists, rw->paths[0], f, o), 0);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &o->edits), 0);
        assert_int_equal(text_result_render(r, &out, &out_len), 0);
        assert_int_equal(strlen(out), out_len);
        return out;
}

/* A created file: its exact text, one reason for every line, the next step. */
static void check_created(const struct rewriter *rw, const struct facts *f, const char *expected, const char *reason,
                          const char *next_step)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = run(rw, "", false, f, &o);

        assert_string_equal(out, expected);
        assert_true(o.create);
        assert_int_equal(o.create_mode, 0644);
        assert_true(o.edits.n > 0);
        for (size_t i = 0; i < o.edits.n; i++) {
                assert_int_equal(o.edits.v[i].kind, EDIT_INSERT);
                assert_int_equal(o.edits.v[i].line, 0);
                assert_string_equal(o.edits.v[i].reason, reason);
        }
        assert_int_equal(o.warnings.n, 0);
        assert_int_equal(o.next_steps.n, 1);
        assert_string_equal(o.next_steps.v[0], next_step);
        out_done(&o);
}

/* No edit and no creation; the number of warnings. */
static void check_nothing(const struct rewriter *rw, const char *in, bool exists, const struct facts *f,
                          size_t warnings)
{
        struct rewrite_out o = {0};
        _cleanup_free_ char *out = run(rw, in, exists, f, &o);

        assert_string_equal(out, in);
        assert_int_equal(o.edits.n, 0);
        assert_false(o.create);
        assert_int_equal(o.warnings.n, warnings);
        assert_int_equal(o.next_steps.n, 0);
        out_done(&o);
}

static void test_hardy_from_model(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/tty1", HARDY_TTY1, "tty1");
        check_created(&rewriter_upstart_eventd, &f, HARDY_HVC0, REASON_PREFIX "(modeled on /etc/event.d/tty1)",
                      NEXT_EVENTD);
        /* The other rewriter is for the other Upstart. */
        check_nothing(&rewriter_upstart_init, "", false, &f, 0);
        facts_unset(&f);
}

static void test_lucid_from_model(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-upstart"), "/etc/init/tty1.conf", LUCID_TTY1, "tty1");
        check_created(&rewriter_upstart_init, &f, LUCID_HVC0, REASON_PREFIX "(modeled on /etc/init/tty1.conf)",
                      NEXT_INIT);
        check_nothing(&rewriter_upstart_eventd, "", false, &f, 0);
        facts_unset(&f);
}

static void test_precise_from_model(void **state)
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
        static const char expected[] = "# hvc0 - getty\n"
                                       "#\n"
                                       "# This service maintains a getty on hvc0 from the point the system is\n"
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
                                       "exec /sbin/getty -8 38400 hvc0\n";
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-upstart"), "/etc/init/tty1.conf", precise, "tty1");
        check_created(&rewriter_upstart_init, &f, expected, REASON_PREFIX "(modeled on /etc/init/tty1.conf)",
                      NEXT_INIT);
        facts_unset(&f);
}

static void test_no_model_eventd_template(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), NULL, NULL, NULL);
        check_created(&rewriter_upstart_eventd, &f, HARDY_HVC0,
                      REASON_PREFIX "(from the getty template of profile ubuntu-eventd)", NEXT_EVENTD);
        facts_unset(&f);
}

static void test_no_model_init_template(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-upstart"), NULL, NULL, NULL);
        check_created(&rewriter_upstart_init, &f, LUCID_HVC0,
                      REASON_PREFIX "(from the getty template of profile ubuntu-upstart)", NEXT_INIT);
        facts_unset(&f);
}

/* RHEL 6: serial.conf serves hvc0; were it gone, the profile's template (inherited from fedora13) is used. */
static void test_rhel6_template(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("rhel6"), NULL, NULL, NULL);
        f.init.console_getty_auto = true;
        check_nothing(&rewriter_upstart_init, "", false, &f, 0);
        f.init.console_getty_auto = false;
        check_created(&rewriter_upstart_init, &f,
                      "start on stopped rc RUNLEVEL=[2345]\n"
                      "stop on starting runlevel [016]\n"
                      "\n"
                      "respawn\n"
                      "instance /dev/hvc0\n"
                      "exec /sbin/agetty /dev/hvc0 38400 vt100-nav\n",
                      REASON_PREFIX "(from the getty template of profile rhel6)", NEXT_INIT);
        facts_unset(&f);
}

static void test_no_model_no_template(void **state)
{
        struct facts f;

        facts_set(&f, bare_profile("upstart-init"), NULL, NULL, NULL);
        check_nothing(&rewriter_upstart_init, "", false, &f, 1);
        {
                struct rewrite_out o = {0};
                _cleanup_free_ char *out = run(&rewriter_upstart_init, "", false, &f, &o);
                assert_string_equal(out, "");
                assert_string_equal(o.warnings.v[0],
                                    "'/etc/init/hvc0.conf': no getty job to model on and no getty template in "
                                    "profile bare: add a job that runs a getty on hvc0 by hand");
                out_done(&o);
        }
        facts_unset(&f);
}

static void test_present_hvc0_job(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/tty1", HARDY_TTY1, "tty1");
        /* The scan found it ... */
        assert_int_equal(strv_push(&f.init.getty_ttys, "hvc0"), 0);
        assert_int_equal(strv_push(&f.init.getty_sources, "/etc/event.d/hvc0"), 0);
        check_nothing(&rewriter_upstart_eventd, HARDY_HVC0, true, &f, 0);
        /* ... or only the file says so. */
        strv_done(&f.init.getty_ttys);
        strv_done(&f.init.getty_sources);
        check_nothing(&rewriter_upstart_eventd, HARDY_HVC0, true, &f, 0);
        facts_unset(&f);
}

static void test_existing_job_without_hvc0_getty(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/tty1", HARDY_TTY1, "tty1");
        check_nothing(&rewriter_upstart_eventd, "# hvc0\nstart on stopped rc2\n#exec /sbin/getty 38400 hvc0\n", true,
                      &f, 1);
        /* Upstart 0.3-0.5 never starts a job without "start on". */
        check_nothing(&rewriter_upstart_eventd, "respawn\nexec /sbin/getty 38400 hvc0\n", true, &f, 1);
        {
                struct rewrite_out o = {0};
                _cleanup_free_ char *out = run(&rewriter_upstart_eventd, "exec /sbin/getty 38400 tty1\n", true, &f, &o);
                assert_string_equal(out, "exec /sbin/getty 38400 tty1\n");
                assert_int_equal(o.warnings.n, 1);
                assert_string_equal(o.warnings.v[0], "'/etc/event.d/hvc0' exists but does not start a getty on hvc0: "
                                                     "left as it is; the pvops console has no login until it does");
                out_done(&o);
        }
        facts_unset(&f);

        /* Upstart 0.6+ needs no "start on" in the job itself, but "manual" disables it. */
        facts_set(&f, th_load_profile("ubuntu-upstart"), "/etc/init/tty1.conf", LUCID_TTY1, "tty1");
        check_nothing(&rewriter_upstart_init, "respawn\nexec /sbin/getty 38400 hvc0\n", true, &f, 0);
        check_nothing(&rewriter_upstart_init, LUCID_HVC0 "manual\n", true, &f, 1);
        facts_unset(&f);
}

static void test_auto_no_edits(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-upstart"), "/etc/init/tty1.conf", LUCID_TTY1, "tty1");
        f.init.console_getty_auto = true;
        check_nothing(&rewriter_upstart_init, "", false, &f, 0);
        /* An odd existing job is not reported when the init system serves the console anyway. */
        check_nothing(&rewriter_upstart_init, "# nothing\n", true, &f, 0);
        facts_unset(&f);
}

/* A getty on "console" is a getty on hvc0 when console=hvc0 comes last: no second one. */
static void test_console_getty_no_edits(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/tty1", HARDY_TTY1, "tty1");
        assert_int_equal(strv_push(&f.init.getty_ttys, "console"), 0);
        assert_int_equal(strv_push(&f.init.getty_sources, "/etc/event.d/console"), 0);
        check_nothing(&rewriter_upstart_eventd, "", false, &f, 0);
        facts_unset(&f);
}

static void test_other_init_systems(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("debian"), "/etc/event.d/tty1", HARDY_TTY1, "tty1");
        check_nothing(&rewriter_upstart_eventd, "", false, &f, 0);
        check_nothing(&rewriter_upstart_init, "", false, &f, 0);
        facts_unset(&f);

        facts_set(&f, NULL, NULL, NULL, NULL);
        check_nothing(&rewriter_upstart_eventd, "", false, &f, 0);
        check_nothing(&rewriter_upstart_init, "", false, &f, 0);
        facts_unset(&f);
}

/* Only whole words are renamed: tty10, ttyS1, xtty1 stay; /dev/tty1, tty1.conf, $tty1 change. */
static void test_whole_words(void **state)
{
        static const char model[] = "# tty1 - getty (tty1.conf), not tty10 nor ttyS1 nor xtty1 nor tty1_x\n"
                                    "start on stopped rc2\n"
                                    "env T=/dev/tty1\n"
                                    "exec /sbin/getty 38400 tty1 # tty1tty1 tty1\n";
        static const char expected[] = "# hvc0 - getty (hvc0.conf), not tty10 nor ttyS1 nor xtty1 nor tty1_x\n"
                                       "start on stopped rc2\n"
                                       "env T=/dev/hvc0\n"
                                       "exec /sbin/getty 38400 hvc0 # tty1tty1 hvc0\n";
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/tty1", model, "tty1");
        check_created(&rewriter_upstart_eventd, &f, expected, REASON_PREFIX "(modeled on /etc/event.d/tty1)",
                      NEXT_EVENTD);
        facts_unset(&f);
}

/* CRLF model lines come out with LF; a last line without newline gets one. */
static void test_crlf_and_no_final_newline(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-upstart"), "/etc/init/tty1.conf",
                  "start on stopped rc RUNLEVEL=[2345]\r\n\r\nexec /sbin/getty -8 38400 tty1\r\r\n", "tty1");
        check_created(&rewriter_upstart_init, &f, "start on stopped rc RUNLEVEL=[2345]\n\nexec /sbin/getty -8 38400 hvc0\n",
                      REASON_PREFIX "(modeled on /etc/init/tty1.conf)", NEXT_INIT);
        facts_unset(&f);

        facts_set(&f, th_load_profile("ubuntu-upstart"), "/etc/init/tty1.conf",
                  "start on runlevel [2345]\nexec /sbin/getty 38400 tty1", "tty1");
        check_created(&rewriter_upstart_init, &f, "start on runlevel [2345]\nexec /sbin/getty 38400 hvc0\n",
                      REASON_PREFIX "(modeled on /etc/init/tty1.conf)", NEXT_INIT);
        facts_unset(&f);
}

/* A model on another tty (no tty1 job): that tty is renamed, tty1 is left alone. */
static void test_model_on_xvc0(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/xvc0",
                  "# xvc0 - getty (like tty1)\nstart on stopped rc2\nexec /sbin/getty 38400 xvc0\n", "xvc0");
        check_created(&rewriter_upstart_eventd, &f,
                      "# hvc0 - getty (like tty1)\nstart on stopped rc2\nexec /sbin/getty 38400 hvc0\n",
                      REASON_PREFIX "(modeled on /etc/event.d/xvc0)", NEXT_EVENTD);
        facts_unset(&f);
}

/* An empty model falls back to the template. */
static void test_empty_model_uses_template(void **state)
{
        struct facts f;

        facts_set(&f, th_load_profile("ubuntu-eventd"), "/etc/event.d/tty1", "", "tty1");
        check_created(&rewriter_upstart_eventd, &f, HARDY_HVC0,
                      REASON_PREFIX "(from the getty template of profile ubuntu-eventd)", NEXT_EVENTD);
        facts_unset(&f);
}

/*
 * The whole loop over a fixture root: scan, create, write the file into the
 * guest, scan again: the second run changes nothing.
 */
static void second_run(const char *profile, const struct rewriter *rw, const char *rel_model, const char *model,
                       const char *rel_new, const char *expected)
{
        _cleanup_free_ char *root = th_mkdtemp(), *out = NULL, *out2 = NULL, *out3 = NULL;
        struct guest_root *g = NULL;
        struct rewrite_out o = {0}, o2 = {0}, o3 = {0};
        struct facts f = {.profile = th_load_profile(profile)};

        th_write_str(root, rel_model, model);
        th_write_str(root, "sbin/udevd", "");
        assert_int_equal(guest_root_open(root, &g), 0);
        assert_int_equal(init_scan(g, f.profile, &f.init), 0);
        assert_false(init_has_getty(&f.init, "hvc0"));
        out = run(rw, "", false, &f, &o);
        assert_string_equal(out, expected);
        assert_true(o.create);

        th_write_str(root, rel_new, out);
        init_info_done(&f.init);
        assert_int_equal(init_scan(g, f.profile, &f.init), 0);
        assert_true(init_has_getty(&f.init, "hvc0"));
        out2 = run(rw, out, true, &f, &o2);
        assert_string_equal(out2, out);
        assert_int_equal(o2.edits.n + o2.warnings.n + o2.next_steps.n, 0);
        assert_false(o2.create);

        /* Even with the scan forgotten, the existing file stops it. */
        init_info_done(&f.init);
        out3 = run(rw, out, true, &f, &o3);
        assert_int_equal(o3.edits.n + o3.warnings.n, 0);

        out_done(&o);
        out_done(&o2);
        out_done(&o3);
        facts_unset(&f);
        guest_root_free(g);
        th_rmrf(root);
}

static void test_second_run_hardy(void **state)
{
        second_run("ubuntu-eventd", &rewriter_upstart_eventd, "etc/event.d/tty1", HARDY_TTY1, "etc/event.d/hvc0",
                   HARDY_HVC0);
}

static void test_second_run_lucid(void **state)
{
        second_run("ubuntu-upstart", &rewriter_upstart_init, "etc/init/tty1.conf", LUCID_TTY1, "etc/init/hvc0.conf",
                   LUCID_HVC0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_hardy_from_model),
                cmocka_unit_test(test_lucid_from_model),
                cmocka_unit_test(test_precise_from_model),
                cmocka_unit_test(test_no_model_eventd_template),
                cmocka_unit_test(test_no_model_init_template),
                cmocka_unit_test(test_rhel6_template),
                cmocka_unit_test(test_no_model_no_template),
                cmocka_unit_test(test_present_hvc0_job),
                cmocka_unit_test(test_existing_job_without_hvc0_getty),
                cmocka_unit_test(test_auto_no_edits),
                cmocka_unit_test(test_console_getty_no_edits),
                cmocka_unit_test(test_other_init_systems),
                cmocka_unit_test(test_whole_words),
                cmocka_unit_test(test_crlf_and_no_final_newline),
                cmocka_unit_test(test_model_on_xvc0),
                cmocka_unit_test(test_empty_model_uses_template),
                cmocka_unit_test(test_second_run_hardy),
                cmocka_unit_test(test_second_run_lucid),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
