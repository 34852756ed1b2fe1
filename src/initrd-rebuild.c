/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "initrd-rebuild.h"
#include "initrd.h"
#include "log.h"

extern char **environ;

int initrd_rebuild_image(const struct profile *p, const struct kernel *k, char **ret)
{
        if (k->initrd)
                return strdup_checked(k->initrd, ret);
        for (int pass = 0; p && pass < 2; pass++)
                for (size_t i = 0; i < p->initrd_images.n; i++) {
                        const char *t = p->initrd_images.v[i];
                        bool versioned = strstr(t, "{version}") != NULL;

                        if (pass == 0 && versioned)
                                return profile_expand(t, k->version, NULL, ret);
                        if (pass == 1 && !versioned)
                                return strdup_checked(t, ret);
                }
        error_set("kernel %s has no initrd, and profile '%s' does not say how its initrd is named "
                  "([initrd] images)",
                  k->version, p ? p->name : "none");
        return -ENOENT;
}

static bool shell_safe(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_./:=@%+,-", c);
}

int initrd_shell_quote(const char *word, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        bool safe = *word != '\0';
        int r;

        for (const char *s = word; *s && safe; s++)
                safe = shell_safe(*s);
        if (safe)
                return strdup_checked(word, ret);

        r = strbuf_putc(&b, '\'');
        for (const char *s = word; *s && r >= 0; s++)
                r = *s == '\'' ? strbuf_puts(&b, "'\\''") : strbuf_putc(&b, *s);
        if (r >= 0)
                r = strbuf_putc(&b, '\'');
        if (r >= 0)
                r = strbuf_steal(&b, ret);
        return r;
}

/* Whether the command's program (its first word) is mkinitrd, by any path. */
static bool runs_mkinitrd(const char *cmd)
{
        size_t n = strcspn(cmd, " \t");
        const char *base = cmd;

        for (size_t i = 0; i < n; i++)
                if (cmd[i] == '/')
                        base = cmd + i + 1;
        return (size_t)(cmd + n - base) == 8 && strneq(base, "mkinitrd", 8);
}

/* cmd with " opt" put after its first word (the program). */
static int insert_option(char **cmd, const char *opt)
{
        size_t at = strcspn(*cmd, " \t");
        char *n = NULL;

        if (asprintf(&n, "%.*s %s%s", (int)at, *cmd, opt, *cmd + at) < 0)
                return -ENOMEM;
        free(*cmd);
        *cmd = n;
        return 0;
}

int initrd_rebuild_command(const struct profile *p, const char *version, const char *image,
                           const struct initrd_rebuild_extra *x, char **ret)
{
        _cleanup_free_ char *cmd = NULL, *opt = NULL;
        int r;

        if (!p || !p->initrd_rebuild || (p->initrd_tool && streq(p->initrd_tool, "none"))) {
                error_set("profile '%s' has no initrd rebuild command ([initrd] rebuild); "
                          "rebuild the initrd of kernel %s by hand",
                          p ? p->name : "none", version);
                return -ENOENT;
        }
        r = profile_expand(p->initrd_rebuild, version, image, &cmd);
        if (r < 0)
                return r;
        /* Only for the tool itself: a profile may run something else. */
        if (x && p->initrd_tool && streq(p->initrd_tool, "mkinitrd-redhat") && runs_mkinitrd(cmd) &&
            x->blkfront == 1)
                r = insert_option(&cmd, "--builtin=xen-blkfront");
        else if (x && p->initrd_tool && streq(p->initrd_tool, "mkinitrd-suse") && runs_mkinitrd(cmd) &&
                 x->root_device) {
                _cleanup_free_ char *q = NULL;

                r = initrd_shell_quote(x->root_device, &q);
                if (r >= 0 && asprintf(&opt, "-d %s", q) < 0) {
                        opt = NULL;
                        r = -ENOMEM;
                }
                if (r >= 0)
                        r = insert_option(&cmd, opt);
        }
        if (r < 0)
                return r;
        *ret = TAKE_PTR(cmd);
        return 0;
}

static void spawn_file_actions_destroyp(posix_spawn_file_actions_t **p)
{
        if (*p)
                posix_spawn_file_actions_destroy(*p);
}

/* Run path with argv as initrd_rebuild_run() says; command names it in errors. */
static int spawn_wait(const char *path, char *const argv[], const char *command, int *ret_status)
{
        posix_spawn_file_actions_t fa, *fap = NULL;
        _cleanup_(spawn_file_actions_destroyp) posix_spawn_file_actions_t *fa_cleanup = NULL;
        int status, r;
        pid_t pid;

        r = posix_spawn_file_actions_init(&fa);
        if (r != 0)
                return -r;
        fa_cleanup = fap = &fa;
        r = posix_spawn_file_actions_addopen(fap, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        if (r == 0)
                r = posix_spawn_file_actions_adddup2(fap, STDERR_FILENO, STDOUT_FILENO);
        if (r != 0)
                return -r;

        fflush(stdout);
        fflush(stderr);
        r = posix_spawn(&pid, path, fap, NULL, argv, environ);
        if (r != 0) {
                error_set("cannot run '%s': %s: %s", command, path, strerror(r));
                return -r;
        }
        while (waitpid(pid, &status, 0) < 0) {
                if (errno != EINTR) {
                        r = negative_errno();
                        error_set("cannot wait for '%s': %s", command, strerror(-r));
                        return r;
                }
        }
        *ret_status = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
        return 0;
}

int initrd_rebuild_run(const char *command, int *ret_status)
{
        char *argv[] = { (char *)"sh", (char *)"-c", (char *)command, NULL };

        return spawn_wait("/bin/sh", argv, command, ret_status);
}

int initrd_rebuild_run_test(const char *tool, const char *root, const char *command, int *ret_status)
{
        char *argv[] = { (char *)tool, (char *)root, (char *)command, NULL };

        return spawn_wait(tool, argv, tool, ret_status);
}

const char *initrd_blkfront_to_string(enum initrd_blkfront b)
{
        switch (b) {
        case INITRD_BLKFRONT_IN_IMAGE:
                return "in-image";
        case INITRD_BLKFRONT_BUILT_IN:
                return "built-in";
        case INITRD_BLKFRONT_MISSING:
                return "missing";
        case INITRD_BLKFRONT_UNREADABLE:
                break;
        }
        return "unreadable";
}

int initrd_rebuild_check(const struct guest_root *g, const struct kernel *k, const char *image,
                         enum initrd_blkfront *ret, char **ret_detail)
{
        struct initrd_xen x = { 0 };
        struct strbuf trees = { 0 };
        char *detail = NULL;
        int r;

        error_clear();
        r = initrd_find_xen_for(g, image, k->version, &x);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                const char *why = error_get();

                if (asprintf(&detail, "cannot read the new image: %s", why ? why : strerror(-r)) < 0)
                        return -ENOMEM;
                error_clear();
                *ret = INITRD_BLKFRONT_UNREADABLE;
                *ret_detail = detail;
                return 0;
        }

        if (x.blkfront) {
                *ret = INITRD_BLKFRONT_IN_IMAGE;
                r = asprintf(&detail, "xen-blkfront is in the image: %s", x.blkfront);
        } else if (k->blkfront == 1) {
                *ret = INITRD_BLKFRONT_BUILT_IN;
                r = asprintf(&detail, "xen-blkfront is built into kernel %s", k->version);
        } else {
                *ret = INITRD_BLKFRONT_MISSING;
                for (size_t i = 0; i < x.module_versions.n && r >= 0; i++)
                        r = strbuf_printf(&trees, "%s%s", i ? ", " : "", x.module_versions.v[i]);
                if (r >= 0)
                        r = asprintf(&detail,
                                     "xen-blkfront is neither in the image nor built into kernel %s: "
                                     "the guest will not find its disk%s%s%s",
                                     k->version, trees.len ? " (the image has modules for " : "",
                                     trees.len ? trees.s : "", trees.len ? ")" : "");
        }
        strbuf_done(&trees);
        initrd_xen_done(&x);
        if (r < 0)
                return -ENOMEM;
        *ret_detail = detail;
        return 0;
}
