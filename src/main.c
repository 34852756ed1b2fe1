/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * domufix: make a Xenlinux-era Xen PV guest ready for a pvops kernel.
 *
 * This file parses options, dispatches the command, prints, and decides the
 * exit status. It is the only place that prints errors or exits.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "commit.h"
#include "diff.h"
#include "guest-root.h"
#include "initrd-cmd.h"
#include "initrd-rebuild.h"
#include "log.h"
#include "plan.h"
#include "report-json.h"
#include "verify.h"

enum {
        EXIT_OK = 0,
        EXIT_ERROR = 1,
        EXIT_PENDING = 2, /* plan: changes pending; verify: not ready */
};

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
        const char *root;
        const char *profile;
        const char *kernel;
        enum fstab_by fstab_by;
        struct strv profile_dirs;
        const char *command;
        const char *backup_id;
        bool json;
        bool dry_run;
        bool list;
        bool rebuild_initrd;
        bool default_to_target;
        enum color_when color;
};

static void usage(FILE *f)
{
        fputs("Usage: domufix [OPTIONS] COMMAND\n"
              "\n"
              "Make a Xen PV guest built for a Xenlinux kernel (disks sdX/hdX, console xvc0)\n"
              "ready for an upstream pvops kernel (disks xvdX, console hvc0).\n"
              "\n"
              "Commands:\n"
              "  detect              show what is there and what plan would change; changes nothing\n"
              "  plan                unified diff of every change, then warnings and next steps;\n"
              "                      changes nothing (exit 2 when changes are pending)\n"
              "  apply [--dry-run] [--rebuild-initrd]\n"
              "                      make the changes: backup set first, then each file atomically;\n"
              "                      --rebuild-initrd then rebuilds the target kernel's initrd with\n"
              "                      the guest's tool (inside the guest only) and checks it\n"
              "  rollback [--backup ID] [--list]\n"
              "                      restore the newest backup set (or ID); --list shows the sets\n"
              "  verify              boot-readiness checklist (exit 2 when not ready)\n"
              "\n"
              "Options:\n"
              "  -r, --root DIR      guest root (default /); every guest path is resolved inside it\n"
              "  -p, --profile NAME|FILE\n"
              "                      use this distro profile instead of detecting one\n"
              "      --profile-dir DIR\n"
              "                      search DIR for profiles before the installed ones\n"
              "  -k, --kernel VERSION\n"
              "                      target kernel (default: the default boot entry's kernel\n"
              "                      if pvops, else the newest installed pvops kernel)\n"
              "      --fstab-by name|uuid|label\n"
              "                      how fstab and crypttab name disks after conversion:\n"
              "                      name (default) renames /dev/sdX to /dev/xvdX; uuid and\n"
              "                      label write UUID=/LABEL= read from the devices, which\n"
              "                      the Xenlinux kernel finds too (label falls back to uuid)\n"
              "      --default-to-target\n"
              "                      make the target kernel's entry the default of each\n"
              "                      GRUB legacy menu (pygrub boots the default entry)\n"
              "      --json          one JSON document on stdout instead of text\n"
              "      --color WHEN    auto, always or never (NO_COLOR is honoured by auto)\n"
              "  -q, --quiet         print only the diff, results and errors\n"
              "  -v, --verbose       also print what was checked and found fine\n"
              "  -h, --help          show this help\n"
              "  -V, --version       show the version\n"
              "\n"
              "Exit status: 0 success (plan: nothing to change; verify: ready), 1 error,\n"
              "2 plan has changes pending or verify found the guest not ready.\n"
              "See domufix(8).\n",
              f);
}

static int parse_options(int argc, char **argv, struct options *o)
{
        enum {
                OPT_JSON = 0x100,
                OPT_COLOR,
                OPT_DRY_RUN,
                OPT_BACKUP,
                OPT_LIST,
                OPT_PROFILE_DIR,
                OPT_FSTAB_BY,
                OPT_REBUILD_INITRD,
                OPT_DEFAULT_TO_TARGET,
        };
        static const struct option longopts[] = {
                {"root", required_argument, NULL, 'r'},
                {"profile", required_argument, NULL, 'p'},
                {"profile-dir", required_argument, NULL, OPT_PROFILE_DIR},
                {"kernel", required_argument, NULL, 'k'},
                {"fstab-by", required_argument, NULL, OPT_FSTAB_BY},
                {"default-to-target", no_argument, NULL, OPT_DEFAULT_TO_TARGET},
                {"json", no_argument, NULL, OPT_JSON},
                {"color", required_argument, NULL, OPT_COLOR},
                {"colour", required_argument, NULL, OPT_COLOR},
                {"dry-run", no_argument, NULL, OPT_DRY_RUN},
                {"backup", required_argument, NULL, OPT_BACKUP},
                {"list", no_argument, NULL, OPT_LIST},
                {"rebuild-initrd", no_argument, NULL, OPT_REBUILD_INITRD},
                {"quiet", no_argument, NULL, 'q'},
                {"verbose", no_argument, NULL, 'v'},
                {"help", no_argument, NULL, 'h'},
                {"version", no_argument, NULL, 'V'},
                {},
        };
        int c;

        *o = (struct options){.root = "/", .color = COLOR_AUTO};
        while ((c = getopt_long(argc, argv, "r:p:k:qvhV", longopts, NULL)) >= 0) {
                switch (c) {
                case 'r':
                        o->root = optarg;
                        break;
                case 'p':
                        o->profile = optarg;
                        break;
                case OPT_PROFILE_DIR:
                        if (strv_push(&o->profile_dirs, optarg) < 0)
                                return -ENOMEM;
                        break;
                case 'k':
                        o->kernel = optarg;
                        break;
                case OPT_FSTAB_BY:
                        if (fstab_by_from_string(optarg, &o->fstab_by) < 0) {
                                error_set("--fstab-by takes name, uuid or label, not '%s'", optarg);
                                return -EINVAL;
                        }
                        break;
                case OPT_DEFAULT_TO_TARGET:
                        o->default_to_target = true;
                        break;
                case OPT_JSON:
                        o->json = true;
                        break;
                case OPT_COLOR:
                        if (streq(optarg, "auto"))
                                o->color = COLOR_AUTO;
                        else if (streq(optarg, "always"))
                                o->color = COLOR_ALWAYS;
                        else if (streq(optarg, "never"))
                                o->color = COLOR_NEVER;
                        else {
                                error_set("--color takes auto, always or never, not '%s'", optarg);
                                return -EINVAL;
                        }
                        break;
                case OPT_DRY_RUN:
                        o->dry_run = true;
                        break;
                case OPT_BACKUP:
                        o->backup_id = optarg;
                        break;
                case OPT_LIST:
                        o->list = true;
                        break;
                case OPT_REBUILD_INITRD:
                        o->rebuild_initrd = true;
                        break;
                case 'q':
                        log_set_level(LOG_QUIET);
                        break;
                case 'v':
                        log_set_level(LOG_VERBOSE);
                        break;
                case 'h':
                        usage(stdout);
                        exit(EXIT_OK);
                case 'V':
                        printf("domufix %s\n", PACKAGE_VERSION);
                        exit(EXIT_OK);
                default:
                        error_set("try 'domufix --help'");
                        return -EINVAL;
                }
        }
        if (optind >= argc) {
                error_set("no command given; try 'domufix --help'");
                return -EINVAL;
        }
        o->command = argv[optind++];
        if (optind < argc) {
                error_set("unexpected argument '%s'", argv[optind]);
                return -EINVAL;
        }
        if (!streq(o->command, "detect") && !streq(o->command, "plan") && !streq(o->command, "apply") &&
            !streq(o->command, "rollback") && !streq(o->command, "verify")) {
                error_set("unknown command '%s'; try 'domufix --help'", o->command);
                return -EINVAL;
        }
        if (o->dry_run && !streq(o->command, "apply")) {
                error_set("--dry-run goes with apply");
                return -EINVAL;
        }
        if (o->rebuild_initrd && !streq(o->command, "apply")) {
                error_set("--rebuild-initrd goes with apply");
                return -EINVAL;
        }
        if ((o->backup_id || o->list) && !streq(o->command, "rollback")) {
                error_set("%s goes with rollback", o->list ? "--list" : "--backup");
                return -EINVAL;
        }
        if (o->default_to_target && streq(o->command, "rollback")) {
                error_set("--default-to-target does not go with rollback");
                return -EINVAL;
        }
        if (o->backup_id && o->list) {
                error_set("--backup and --list exclude each other");
                return -EINVAL;
        }
        return 0;
}

static bool use_color(const struct options *o)
{
        const char *term = getenv("TERM");

        if (o->color == COLOR_ALWAYS)
                return true;
        if (o->color == COLOR_NEVER || o->json)
                return false;
        if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
                return false;
        return isatty(STDOUT_FILENO) && term && !streq(term, "dumb");
}

/* Write a buffer to stdout completely. */
static int put_stdout(const struct strbuf *b)
{
        if (b->len && fwrite(b->s, 1, b->len, stdout) != b->len)
                return -EIO;
        if (fflush(stdout) != 0)
                return -EIO;
        return 0;
}

/* The root argument as users should retype it in suggested commands. */
static const char *root_arg(const struct options *o)
{
        return streq(o->root, "/") ? "" : o->root;
}

static void print_list(const char *title, const struct strv *sv)
{
        if (!sv->n)
                return;
        fprintf(stderr, "%s:\n", title);
        for (size_t i = 0; i < sv->n; i++) {
                struct strbuf b = {0};
                if (escape_for_display(sv->v[i], strlen(sv->v[i]), &b) >= 0)
                        fprintf(stderr, "  %s\n", b.s ? b.s : "");
                strbuf_done(&b);
        }
}

/* Every warning under one heading: the facts', the plan's, and extra ones (any may be NULL). */
static void print_warnings(const struct facts *f, const struct plan *p, const struct strv *extra)
{
        struct strv all = {0};

        if ((f && strv_extend(&all, &f->warnings) < 0) || (p && strv_extend(&all, &p->warnings) < 0) ||
            (p && strv_extend(&all, &p->commit_warnings) < 0) || (extra && strv_extend(&all, extra) < 0))
                fprintf(stderr, "domufix: out of memory while printing warnings\n");
        print_list("warnings", &all);
        strv_done(&all);
}

/* Warn about a backup set an interrupted apply left behind. */
static void check_interrupted(const struct guest_root *g, struct strv *warnings)
{
        _cleanup_free_ char *id = NULL;
        int r;

        error_clear();
        r = backup_find_interrupted(g, &id);
        if (r < 0)
                strv_pushf(warnings, "cannot read the backup sets under %s: %s", BACKUP_DIR,
                           error_get() ? error_get() : strerror(-r));
        else if (id)
                strv_pushf(warnings,
                           "backup set %s is from an apply that did not finish; "
                           "run 'domufix rollback --backup %s' to restore a consistent state",
                           id, id);
        error_clear();
}

static int print_json(const struct report *rep)
{
        struct json_object *doc = NULL;
        struct strbuf b = {0};
        int r;

        r = report_json_build(rep, &doc);
        if (r >= 0)
                r = report_json_write(doc, &b);
        if (r >= 0)
                r = put_stdout(&b);
        json_object_put(doc);
        strbuf_done(&b);
        return r;
}

/*
 * The plan: every rewriter, then the device nodes a guest with a static /dev
 * needs for the pvops kernel (its udev-less /dev has no hvc0 or xvd nodes).
 */
static int build_plan(const struct guest_root *g, const struct facts *facts, struct plan **ret)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        int r;

        r = plan_build(g, facts, &p);
        if (r < 0)
                return r;
        if (facts->init.static_dev) {
                r = plan_add_hvc0_node(g, p, "the guest has no udev: the pvops console");
                for (size_t i = 0; r >= 0 && i < facts->disks.n; i++) {
                        const char *d = facts->disks.v[i];
                        size_t len = strcspn(d, " ");
                        enum devname_kind kind;
                        _cleanup_free_ char *mapped = NULL;

                        if (!strneq(d, "/dev/", 5))
                                continue;
                        r = devname_map(&facts->devmap, d, len, &kind, &mapped);
                        if (r >= 0 && kind == DEVNAME_MAPPED)
                                r = plan_add_xvd_node(g, p, mapped, "the guest has no udev: a pvops disk name");
                        else if (r >= 0 && kind == DEVNAME_XVD) {
                                _cleanup_free_ char *name = strndup_or_null(d, len);
                                r = name ? plan_add_xvd_node(g, p, name, "the guest has no udev: a pvops disk name")
                                         : -ENOMEM;
                        }
                }
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(p);
        return 0;
}

/* The disk-name rule, and why when it is not the plain same-letter one. */
static void print_disk_rule(FILE *f, const char *label, const struct facts *facts)
{
        fprintf(f, "%s%s\n", label, devmap_describe(&facts->devmap));
        if (facts->devmap_reason)
                fprintf(f, "%*s(%s)\n", (int)strlen(label), "", facts->devmap_reason);
}

static void print_summary(const struct options *o, const struct plan *p, const struct facts *facts,
                          const struct strv *extra_warnings)
{
        if (log_get_level() == LOG_QUIET)
                return;
        print_disk_rule(stderr, "disk names: ", facts);
        if (p->n_changes == 0)
                fprintf(stderr, "nothing to change\n");
        else {
                fprintf(stderr, "%zu file%s to change:\n", p->n_changes, p->n_changes == 1 ? "" : "s");
                for (size_t i = 0; i < p->n_changes; i++)
                        fprintf(stderr, "  %-7s %s\n", change_action_to_string(p->changes[i].action),
                                p->changes[i].path);
        }
        print_warnings(facts, p, extra_warnings);
        if (log_get_level() >= LOG_VERBOSE) {
                print_list("checked", &facts->notes);
                print_list("checked", &p->notes);
        }
}

/* apply --rebuild-initrd: what runs, and what came of it. */
struct rebuild {
        const struct kernel *kernel;
        char *image;   /* guest path of the target's initrd */
        char *command; /* the profile's rebuild command, expanded */
        bool kept;     /* the previous image existed and is in the backup set */
        bool ran;
        int status;    /* the command's exit status */
        enum initrd_blkfront blkfront;
        char *detail;
};

static void rebuild_done(struct rebuild *rb)
{
        free(rb->image);
        free(rb->command);
        free(rb->detail);
}

/*
 * Tests only (tests/rebuild-initrd): DOMUFIX_TEST_REBUILD_COMMAND names an
 * executable (an absolute path) that apply --rebuild-initrd runs, with any
 * --root, as "TOOL ROOT COMMAND" in place of the profile's rebuild command
 * COMMAND, which then never runs: the guest's initrd tool is never run on
 * this machine. The test's tool plays it inside ROOT. NULL when unset.
 */
static const char *rebuild_test_command(void)
{
        const char *t = getenv("DOMUFIX_TEST_REBUILD_COMMAND");

        return t && *t ? t : NULL;
}

/* Everything --rebuild-initrd needs, checked before anything is written. */
static int rebuild_prepare(const struct options *o, const struct guest_root *g, const struct facts *facts,
                           struct rebuild *rb)
{
        _cleanup_free_ char *canonical = NULL;
        bool exists = false;
        int r;

        if (rebuild_test_command() && rebuild_test_command()[0] != '/') {
                error_set("DOMUFIX_TEST_REBUILD_COMMAND (for domufix's test suite only) must be an absolute path, "
                          "not '%s'",
                          rebuild_test_command());
                return -EINVAL;
        }
        if (!guest_root_is_host(g) && !rebuild_test_command()) {
                error_set("--rebuild-initrd runs the guest's own initrd tool, so it works only inside the "
                          "guest (root /). With --root, apply without it; the next steps of "
                          "'domufix --root %s plan' give the command to run in a chroot",
                          o->root);
                return -EINVAL;
        }
        rb->kernel = facts->target;
        if (!rb->kernel) {
                error_set("--rebuild-initrd: no target kernel installed in the guest%s%s",
                          facts->target_reason ? ": " : "", facts->target_reason ? facts->target_reason : "");
                return -ENOENT;
        }
        r = initrd_rebuild_image(facts->profile, rb->kernel, &rb->image);
        if (r < 0)
                return r;
        {
                _cleanup_free_ char *dev = NULL;

                r = initrd_root_device(facts, &dev);
                if (r >= 0)
                        r = initrd_rebuild_command(facts->profile, rb->kernel->version, rb->image,
                                                   &(const struct initrd_rebuild_extra){
                                                           .blkfront = rb->kernel->blkfront, .root_device = dev},
                                                   &rb->command);
        }
        if (r < 0)
                return r;
        r = guest_resolve(g, rb->image, &canonical, &exists);
        if (r < 0 && r != -ENOENT)
                return r;
        rb->kept = r >= 0 && exists;
        return 0;
}

static bool rebuild_ok(const struct rebuild *rb)
{
        return rb->ran && rb->status == 0 &&
               (rb->blkfront == INITRD_BLKFRONT_IN_IMAGE || rb->blkfront == INITRD_BLKFRONT_BUILT_IN);
}

/* The results as JSON: "initrd_rebuild" {image, command, kept, exit_status, blkfront, detail, ok}. */
static struct json_object *rebuild_json(const struct rebuild *rb, const char *backup_id)
{
        struct json_object *o = json_object_new_object();

        if (!o)
                return NULL;
        json_object_object_add(o, "image", json_object_new_string(rb->image));
        json_object_object_add(o, "command", json_object_new_string(rb->command));
        json_object_object_add(o, "kept_in_backup", rb->kept && backup_id ? json_object_new_string(backup_id) : NULL);
        json_object_object_add(o, "exit_status", json_object_new_int(rb->status));
        json_object_object_add(o, "blkfront",
                               rb->ran && rb->status == 0 ? json_object_new_string(initrd_blkfront_to_string(rb->blkfront))
                                                          : NULL);
        json_object_object_add(o, "detail", rb->detail ? report_json_string(rb->detail, strlen(rb->detail)) : NULL);
        json_object_object_add(o, "ok", json_object_new_boolean(rebuild_ok(rb)));
        return o;
}

/* Run the command, check the image; an unusable result is an error after the report. */
static int rebuild_run(const struct options *o, const struct guest_root *g, struct rebuild *rb)
{
        int r;

        if (log_get_level() != LOG_QUIET)
                fprintf(stderr, "rebuilding the initrd: %s\n", rb->command);
        if (rebuild_test_command())
                r = initrd_rebuild_run_test(rebuild_test_command(), o->root, rb->command, &rb->status);
        else
                r = initrd_rebuild_run(rb->command, &rb->status);
        if (r < 0)
                return r;
        rb->ran = true;
        if (rb->status != 0)
                return 0;
        return initrd_rebuild_check(g, rb->kernel, rb->image, &rb->blkfront, &rb->detail);
}

/* After the report: the error for a failed rebuild, naming the backup set that keeps the old image. */
static int rebuild_verdict(const struct rebuild *rb, const char *backup_id)
{
        _cleanup_free_ char *kept = NULL;

        if (rb->kept && backup_id && asprintf(&kept, "; backup set %s keeps the previous initrd ('domufix "
                                                     "rollback' restores it and the other files)",
                                              backup_id) < 0)
                return -ENOMEM;
        if (rb->status != 0) {
                error_set("the initrd rebuild command failed (exit status %d): %s%s", rb->status, rb->command,
                          kept ? kept : "");
                return -EIO;
        }
        if (!rebuild_ok(rb)) {
                error_set("'%s': %s%s", rb->image, rb->detail ? rb->detail : "not usable", kept ? kept : "");
                return -EIO;
        }
        return 0;
}

static int cmd_plan(const struct options *o, const struct guest_root *g, const struct facts *facts)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        _cleanup_(strv_done) struct strv extra = {0};
        struct strbuf out = {0};
        int r;

        r = build_plan(g, facts, &p);
        if (r < 0)
                return r;
        check_interrupted(g, &extra);
        if (p->n_changes) {
                r = strv_pushf(&p->next_steps, "review the diff, then run: domufix%s%s%s apply",
                               *root_arg(o) ? " --root " : "", root_arg(o),
                               o->default_to_target ? " --default-to-target" : "");
                if (r < 0)
                        return r;
        }
        if (o->rebuild_initrd) {
                /* apply --dry-run --rebuild-initrd: the same checks, and what would run. */
                _cleanup_(rebuild_done) struct rebuild rb = {0};

                r = rebuild_prepare(o, g, facts, &rb);
                if (r < 0)
                        return r;
                if (rb.kept)
                        r = strv_pushf(&p->next_steps,
                                       "apply --rebuild-initrd would then keep %s in the backup set and run: %s",
                                       rb.image, rb.command);
                else
                        r = strv_pushf(&p->next_steps,
                                       "apply --rebuild-initrd would then run: %s (there is no %s to keep yet)",
                                       rb.command, rb.image);
                if (r < 0)
                        return r;
        }

        if (o->json) {
                struct report rep = {
                        .command = "plan", .root = o->root, .facts = facts, .plan = p, .extra_warnings = &extra};
                r = print_json(&rep);
        } else {
                struct diff_options dopt = {.color = use_color(o), .escape = isatty(STDOUT_FILENO), .context = 3};

                r = diff_render_plan(p, &dopt, &out);
                if (r >= 0)
                        r = put_stdout(&out);
                strbuf_done(&out);
                print_summary(o, p, facts, &extra);
                if (log_get_level() != LOG_QUIET)
                        print_list("next steps", &p->next_steps);
        }
        if (r < 0)
                return r;
        return p->n_changes ? EXIT_PENDING : EXIT_OK;
}

static int cmd_apply(const struct options *o, const struct guest_root *g, const struct facts *facts)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        _cleanup_(rebuild_done) struct rebuild rb = {0};
        _cleanup_(strv_done) struct strv keep = {0};
        _cleanup_free_ char *id = NULL;
        int r;

        if (o->rebuild_initrd) {
                r = rebuild_prepare(o, g, facts, &rb);
                if (r < 0)
                        return r;
                if (rb.kept && (r = strv_push(&keep, rb.image)) < 0)
                        return r;
        }

        /*
         * commit_plan() locks the root, refuses after an interrupted apply, and
         * checks that nothing changed since this read. With --rebuild-initrd
         * the current initrd goes into the same backup set.
         */
        r = build_plan(g, facts, &p);
        if (r < 0)
                return r;
        r = commit_plan_keep(g, p, &keep, &id);
        if (r < 0)
                return r;
        if (id) {
                r = strv_pushf(&p->next_steps, "to undo: domufix%s%s rollback --backup %s",
                               *root_arg(o) ? " --root " : "", root_arg(o), id);
                if (r < 0)
                        return r;
        }

        if (o->json) {
                struct report rep = {.command = "apply",
                                     .root = o->root,
                                     .facts = facts,
                                     .plan = p,
                                     .backup_id = id};
                struct json_object *doc = NULL;
                struct strbuf b = {0};

                if (o->rebuild_initrd) {
                        r = rebuild_run(o, g, &rb);
                        if (r < 0)
                                return r;
                }
                r = report_json_build(&rep, &doc);
                if (r >= 0 && o->rebuild_initrd) {
                        struct json_object *ro = rebuild_json(&rb, id);

                        r = ro ? json_object_object_add(doc, "initrd_rebuild", ro) : -ENOMEM;
                }
                if (r >= 0)
                        r = report_json_write(doc, &b);
                if (r >= 0)
                        r = put_stdout(&b);
                json_object_put(doc);
                strbuf_done(&b);
                if (r < 0)
                        return r;
                return o->rebuild_initrd ? rebuild_verdict(&rb, id) : EXIT_OK;
        }
        if (log_get_level() != LOG_QUIET) {
                print_disk_rule(stderr, "disk names: ", facts);
                print_warnings(facts, p, NULL);
        }
        if (!id && !o->rebuild_initrd) {
                printf("nothing to change\n");
                return EXIT_OK;
        }
        if (!id || p->n_changes == 0)
                printf("nothing to change\n");
        for (size_t i = 0; id && i < p->n_changes; i++) {
                const struct change *c = &p->changes[i];

                if (c->action == CHANGE_MKNOD && !commit_makes_nodes())
                        continue; /* reported in the warnings */
                printf("%s %s\n",
                       c->action == CHANGE_CREATE || c->action == CHANGE_MKNOD ? "created"
                       : c->action == CHANGE_DELETE                             ? "deleted"
                                                                                : "changed",
                       c->path);
        }
        if (id)
                printf("backup set %s in %s/%s\n", id, BACKUP_DIR, id);
        if (o->rebuild_initrd) {
                /* The command's own output comes between the apply's report and this. */
                if (rb.kept)
                        printf("kept the previous %s in backup set %s\n", rb.image, id);
                fflush(stdout);
                r = rebuild_run(o, g, &rb);
                if (r < 0)
                        return r;
                if (rebuild_ok(&rb))
                        printf("rebuilt %s: %s\n", rb.image, rb.detail);
                else if (rb.status == 0)
                        printf("rebuilt %s\n", rb.image);
        }
        fflush(stdout);
        if (log_get_level() != LOG_QUIET)
                print_list("next steps", &p->next_steps);
        return o->rebuild_initrd ? rebuild_verdict(&rb, id) : EXIT_OK;
}

static const char *format_time(time_t t, char *buf, size_t size)
{
        struct tm tm;

        if (!gmtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
                snprintf(buf, size, "%lld", (long long)t);
        return buf;
}

static int cmd_rollback_list(const struct options *o, const struct guest_root *g)
{
        struct backup_info *sets = NULL;
        size_t n = 0;
        int r;

        r = backup_list(g, &sets, &n);
        if (r < 0)
                return r;
        if (o->json) {
                struct json_object *arr = json_object_new_array(), *doc = json_object_new_object();
                struct strbuf b = {0};

                r = doc && arr ? 0 : -ENOMEM;
                for (size_t i = 0; r >= 0 && i < n; i++) {
                        struct json_object *s = json_object_new_object(), *paths = json_object_new_array();
                        if (!s || !paths) {
                                json_object_put(s);
                                json_object_put(paths);
                                r = -ENOMEM;
                                break;
                        }
                        json_object_object_add(s, "id", json_object_new_string(sets[i].id));
                        json_object_object_add(s, "created", json_object_new_int64(sets[i].created));
                        json_object_object_add(s, "state",
                                               json_object_new_string(backup_state_to_string(sets[i].state)));
                        for (size_t k = 0; k < sets[i].paths.n; k++)
                                json_object_array_add(paths,
                                                      report_json_string(sets[i].paths.v[k],
                                                                         strlen(sets[i].paths.v[k])));
                        json_object_object_add(s, "paths", paths);
                        json_object_array_add(arr, s);
                }
                if (r >= 0) {
                        json_object_object_add(doc, "command", json_object_new_string("rollback"));
                        json_object_object_add(doc, "root", json_object_new_string(o->root));
                        json_object_object_add(doc, "backups", arr);
                        arr = NULL;
                        r = report_json_write(doc, &b);
                }
                if (r >= 0)
                        r = put_stdout(&b);
                strbuf_done(&b);
                json_object_put(arr);
                json_object_put(doc);
        } else {
                if (n == 0)
                        printf("no backup sets in %s\n", BACKUP_DIR);
                for (size_t i = 0; i < n; i++) {
                        char when[64];
                        printf("%s  %s  %-11s %zu file%s:", sets[i].id,
                               format_time(sets[i].created, when, sizeof(when)),
                               backup_state_to_string(sets[i].state), sets[i].n_files,
                               sets[i].n_files == 1 ? "" : "s");
                        for (size_t k = 0; k < sets[i].paths.n; k++)
                                printf(" %s", sets[i].paths.v[k]);
                        printf("\n");
                }
        }
        for (size_t i = 0; i < n; i++)
                backup_info_done(&sets[i]);
        free(sets);
        return r < 0 ? r : EXIT_OK;
}

static int cmd_rollback(const struct options *o, const struct guest_root *g)
{
        struct rollback_report rep = {0};
        int r;

        if (o->list)
                return cmd_rollback_list(o, g);
        r = backup_rollback(g, o->backup_id, &rep);
        if (r < 0) {
                rollback_report_done(&rep);
                return r;
        }
        if (o->json) {
                struct json_object *doc = json_object_new_object();
                struct strbuf b = {0};
                static const char *const keys[] = {"restored", "removed", "unchanged", "warnings"};
                const struct strv *lists[] = {&rep.restored, &rep.removed, &rep.unchanged, &rep.warnings};

                r = doc ? 0 : -ENOMEM;
                if (r >= 0) {
                        json_object_object_add(doc, "command", json_object_new_string("rollback"));
                        json_object_object_add(doc, "root", json_object_new_string(o->root));
                        json_object_object_add(doc, "backup", json_object_new_string(rep.id ? rep.id : ""));
                        for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
                                struct json_object *arr = json_object_new_array();
                                for (size_t i = 0; arr && i < lists[k]->n; i++)
                                        json_object_array_add(arr, report_json_string(lists[k]->v[i],
                                                                                      strlen(lists[k]->v[i])));
                                json_object_object_add(doc, keys[k], arr);
                        }
                        r = report_json_write(doc, &b);
                }
                if (r >= 0)
                        r = put_stdout(&b);
                strbuf_done(&b);
                json_object_put(doc);
        } else {
                for (size_t i = 0; i < rep.restored.n; i++)
                        printf("restored %s\n", rep.restored.v[i]);
                for (size_t i = 0; i < rep.removed.n; i++)
                        printf("removed %s\n", rep.removed.v[i]);
                if (log_get_level() >= LOG_VERBOSE)
                        for (size_t i = 0; i < rep.unchanged.n; i++)
                                printf("unchanged %s\n", rep.unchanged.v[i]);
                if (!rep.restored.n && !rep.removed.n)
                        printf("nothing to restore: backup set %s is already in place\n", rep.id ? rep.id : "");
                else
                        printf("rolled back backup set %s\n", rep.id ? rep.id : "");
                if (log_get_level() != LOG_QUIET)
                        print_list("warnings", &rep.warnings);
        }
        rollback_report_done(&rep);
        return r < 0 ? r : EXIT_OK;
}

/* One checklist line (and its fix on the next), escaped for the terminal. */
static void print_check(const struct check *c, bool color)
{
        static const char *const labels[] = {[CHECK_OK] = " ok ", [CHECK_FAILED] = "FAIL", [CHECK_SKIPPED] = "skip"};
        static const char *const colors[] = {[CHECK_OK] = "\033[32m", [CHECK_FAILED] = "\033[1;31m",
                                             [CHECK_SKIPPED] = "\033[33m"};
        struct strbuf detail = {0}, fix = {0};

        if (escape_for_display(c->detail, strlen(c->detail), &detail) >= 0 &&
            (!c->fix || escape_for_display(c->fix, strlen(c->fix), &fix) >= 0)) {
                printf("[%s%s%s] %-10s %s\n", color ? colors[c->status] : "", labels[c->status], color ? "\033[0m" : "",
                       c->name, detail.s ? detail.s : "");
                if (c->fix)
                        printf("       %-10s -> %s\n", "", fix.s ? fix.s : "");
        }
        strbuf_done(&detail);
        strbuf_done(&fix);
}

static int cmd_verify(const struct options *o, const struct guest_root *g, const struct facts *facts)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        _cleanup_(verify_report_done) struct verify_report vr = {0};
        _cleanup_free_ char *command = NULL;
        int r;

        r = build_plan(g, facts, &p);
        if (r < 0)
                return r;
        if (asprintf(&command, "domufix%s%s", *root_arg(o) ? " --root " : "", root_arg(o)) < 0)
                return -ENOMEM;
        r = verify_run(g, facts, p, command, &vr);
        if (r < 0)
                return r;
        if (o->json) {
                struct report rep = {
                        .command = "verify", .root = o->root, .facts = facts, .plan = p, .verify = &vr};
                r = print_json(&rep);
        } else {
                bool color = use_color(o);

                for (size_t i = 0; i < vr.n_checks; i++)
                        print_check(&vr.checks[i], color);
                fflush(stdout);
                print_warnings(facts, p, NULL);
                if (!vr.ready)
                        printf("NOT ready for a pvops kernel: %zu item%s failed\n", vr.n_failed,
                               vr.n_failed == 1 ? "" : "s");
                else if (vr.n_skipped)
                        printf("ready for a pvops kernel as far as can be checked here (%zu item%s skipped)\n",
                               vr.n_skipped, vr.n_skipped == 1 ? "" : "s");
                else
                        printf("ready for a pvops kernel\n");
        }
        if (r < 0)
                return r;
        return vr.ready ? EXIT_OK : EXIT_PENDING;
}

static void print_evidence(const struct kernel *k)
{
        for (size_t i = 0; i < k->n_evidence; i++) {
                const struct evidence *e = &k->evidence[i];
                printf("      %-8s %-9s %s%s%s%s\n", evidence_kind_to_string(e->kind), kernel_flavor_to_string(e->says),
                       e->detail ? e->detail : "", e->source ? " (" : "", e->source ? e->source : "",
                       e->source ? ")" : "");
        }
}

static int cmd_detect(const struct options *o, const struct guest_root *g, const struct facts *facts)
{
        _cleanup_(plan_freep) struct plan *p = NULL;
        const struct boot_entry *def = facts_default_entry(facts, NULL);
        int r;

        r = build_plan(g, facts, &p);
        if (r < 0)
                return r;
        if (o->json) {
                struct report rep = {
                        .command = "detect", .root = o->root, .facts = facts, .boot_entries = true, .plan = p};
                return print_json(&rep);
        }
        printf("root:        %s%s\n", o->root, guest_root_is_host(g) ? " (the running system)" : "");
        printf("distro:      %s%s%s: %s%s%s%s\n", facts->distro.id, *facts->distro.version ? " " : "",
               facts->distro.version, facts->distro.name,
               facts->distro.source ? " (" : "", facts->distro.source ? facts->distro.source : "",
               facts->distro.source ? ")" : "");
        printf("profile:     %s (%s)\n", facts->profile->name, facts->profile->file ? facts->profile->file : "");
        printf("             %s\n", facts->profile_reason ? facts->profile_reason : "");
        printf("kernels:%s\n", facts->n_kernels ? "" : "     none installed in the guest");
        for (size_t i = 0; i < facts->n_kernels; i++) {
                const struct kernel *k = &facts->kernels[i];
                if (k == facts->target)
                        printf("  %-28s %-9s <- target\n", k->version, kernel_flavor_to_string(k->flavor));
                else
                        printf("  %-28s %s\n", k->version, kernel_flavor_to_string(k->flavor));
                print_evidence(k);
        }
        printf("target:      %s%s%s\n", facts->target_version ? facts->target_version : "none",
               ": ", facts->target_reason ? facts->target_reason : "");
        for (size_t m = 0; m < facts->n_menus; m++) {
                const struct boot_menu *menu = &facts->menus[m];
                printf("boot menu:   %s\n", menu->path);
                for (size_t i = 0; i < menu->n_entries; i++) {
                        const struct boot_entry *e = &menu->entries[i];
                        const struct kernel *k = facts_entry_kernel(facts, e);
                        printf("  %c%2zu %-40s %s\n", e == def ? '*' : ' ', i, e->title ? e->title : "(no title)",
                               k           ? kernel_flavor_to_string(k->flavor)
                               : e->kernel ? "(kernel not installed)"
                                           : "(no kernel)");
                }
        }
        printf("init:        %s%s%s\n", init_system_to_string(facts->init.init),
               facts->init.console_getty_auto ? ", starts a getty on the kernel console by itself" : "",
               facts->init.static_dev ? ", static /dev (no udev)" : "");
        printf("disks:      ");
        for (size_t i = 0; i < facts->disks.n; i++)
                printf(" %s%s", facts->disks.v[i], i + 1 < facts->disks.n ? "," : "");
        printf("%s\n", facts->disks.n ? "" : " none named");
        printf("consoles:   ");
        for (size_t i = 0; i < facts->consoles.n; i++)
                printf(" %s%s", facts->consoles.v[i], i + 1 < facts->consoles.n ? "," : "");
        printf("%s\n", facts->consoles.n ? "" : " none named");
        print_disk_rule(stdout, "disk names:  ", facts);
        if (facts->fstab_by != FSTAB_BY_NAME) {
                printf("fstab by:    %s%s\n", fstab_by_to_string(facts->fstab_by),
                       facts->block_ids.n ? "" : " (no disk named by kernel name)");
                for (size_t i = 0; i < facts->block_ids.n; i++) {
                        const struct blockid_entry *e = &facts->block_ids.v[i];
                        printf("  %s (%s): %s, %s\n", e->spec,
                               e->origin == BLOCKID_CRYPTTAB ? "/etc/crypttab" : "/etc/fstab",
                               e->tag ? e->tag : "no identifier", e->how);
                }
        }
        if (p->n_changes == 0)
                printf("plan:        nothing to change\n");
        else {
                printf("plan:        would change %zu file%s:", p->n_changes, p->n_changes == 1 ? "" : "s");
                for (size_t i = 0; i < p->n_changes; i++)
                        printf(" %s", p->changes[i].path);
                printf("\n");
        }
        fflush(stdout);
        print_warnings(facts, p, NULL);
        return EXIT_OK;
}

int main(int argc, char **argv)
{
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        struct options o;
        struct facts facts = {0};
        int r;

        r = parse_options(argc, argv, &o);
        if (r < 0) {
                fprintf(stderr, "domufix: %s\n", error_get() ? error_get() : strerror(-r));
                strv_done(&o.profile_dirs);
                return EXIT_ERROR;
        }

        r = guest_root_open(o.root, &g);
        if (r >= 0 && streq(o.command, "rollback"))
                r = cmd_rollback(&o, g);
        else if (r >= 0) {
                /* DOMUFIX_TEST_MOUNTINFO (tests only) stands in for the host's /proc/self/mountinfo. */
                struct facts_options fo = {.profile = o.profile,
                                           .profile_dirs = &o.profile_dirs,
                                           .kernel = o.kernel,
                                           .fstab_by = o.fstab_by,
                                           .mountinfo = getenv("DOMUFIX_TEST_MOUNTINFO"),
                                           .default_to_target = o.default_to_target};

                r = facts_build(g, &fo, &facts);
                if (r >= 0 && (streq(o.command, "plan") || (streq(o.command, "apply") && o.dry_run)))
                        r = cmd_plan(&o, g, &facts);
                else if (r >= 0 && streq(o.command, "apply"))
                        r = cmd_apply(&o, g, &facts);
                else if (r >= 0 && streq(o.command, "verify"))
                        r = cmd_verify(&o, g, &facts);
                else if (r >= 0)
                        r = cmd_detect(&o, g, &facts);
        }
        facts_done(&facts);
        strv_done(&o.profile_dirs);
        if (r < 0) {
                const char *detail = error_get();
                if (detail)
                        fprintf(stderr, "domufix: %s\n", detail);
                else
                        fprintf(stderr, "domufix: %s: %s\n", o.command, strerror(-r));
                return EXIT_ERROR;
        }
        return r;
}
