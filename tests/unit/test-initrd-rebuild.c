/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * initrd-rebuild.c: the image name and the command for each shipped profile,
 * running a command, and the verdict on a new image (module in it, built in,
 * missing, for another kernel, unreadable).
 */
#include "test-helpers.h"

#include "test-profiles.h"

#include "guest-root.h"
#include "initrd-rebuild.h"
#include "log.h"

static void kernel_with(struct kernel *k, const char *version, const char *initrd)
{
        kernel_init(k);
        k->version = strdup(version);
        assert_non_null(k->version);
        if (initrd) {
                k->initrd = strdup(initrd);
                assert_non_null(k->initrd);
        }
}

/* The shipped profiles: which image, which command. */
static void test_command_per_profile(void **state)
{
        static const struct {
                const char *profile;
                const char *version;
                const char *image;
                const char *command;
        } cases[] = {
                { "rhel5", "3.10.108-1.el5.elrepo", "/boot/initrd-3.10.108-1.el5.elrepo.img",
                  "mkinitrd -f --with=xen-blkfront --with=xen-netfront /boot/initrd-3.10.108-1.el5.elrepo.img "
                  "3.10.108-1.el5.elrepo" },
                { "rhel6", "2.6.32-279.el6.x86_64", "/boot/initramfs-2.6.32-279.el6.x86_64.img",
                  "dracut -f --add-drivers \"xen-blkfront xen-netfront\" /boot/initramfs-2.6.32-279.el6.x86_64.img "
                  "2.6.32-279.el6.x86_64" },
                { "debian-squeeze", "2.6.32-5-xen-amd64", "/boot/initrd.img-2.6.32-5-xen-amd64",
                  "update-initramfs -u -k 2.6.32-5-xen-amd64" },
                { "sles11", "3.0.101-63-default", "/boot/initrd-3.0.101-63-default",
                  "mkinitrd -k /boot/vmlinuz-3.0.101-63-default -i /boot/initrd-3.0.101-63-default" },
                { "arch", "6.1.0-arch1-1", "/boot/initramfs-linux.img", "mkinitcpio -p linux" },
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                _cleanup_(profile_freep) struct profile *p = th_load_profile(cases[i].profile);
                _cleanup_free_ char *image = NULL, *command = NULL;
                struct kernel k;

                kernel_with(&k, cases[i].version, NULL);
                assert_int_equal(initrd_rebuild_image(p, &k, &image), 0);
                assert_string_equal(image, cases[i].image);
                assert_int_equal(initrd_rebuild_command(p, k.version, image, NULL, &command), 0);
                assert_string_equal(command, cases[i].command);
                kernel_done(&k);
        }
}

static void test_image_and_command_edge_cases(void **state)
{
        _cleanup_(profile_freep) struct profile *generic = th_load_profile("generic");
        _cleanup_(profile_freep) struct profile *rhel5 = th_load_profile("rhel5");
        _cleanup_free_ char *image = NULL, *command = NULL;
        struct kernel k;

        /* the inventory's initrd wins over the profile's name */
        kernel_with(&k, "3.10.108-1.el5.elrepo", "/boot/initramfs-3.10.108-1.el5.elrepo.img");
        assert_int_equal(initrd_rebuild_image(rhel5, &k, &image), 0);
        assert_string_equal(image, "/boot/initramfs-3.10.108-1.el5.elrepo.img");
        kernel_done(&k);

        /* no rebuild command in the generic profile */
        error_clear();
        assert_int_equal(initrd_rebuild_command(generic, "4.9.0", "/boot/initrd-4.9.0.img", NULL, &command),
                         -ENOENT);
        assert_string_equal(error_get(), "profile 'generic' has no initrd rebuild command ([initrd] rebuild); "
                                         "rebuild the initrd of kernel 4.9.0 by hand");
        assert_null(command);

        /* no image names at all */
        free(image);
        image = NULL;
        strv_done(&rhel5->initrd_images);
        kernel_with(&k, "4.9.0", NULL);
        error_clear();
        assert_int_equal(initrd_rebuild_image(rhel5, &k, &image), -ENOENT);
        assert_string_equal(error_get(), "kernel 4.9.0 has no initrd, and profile 'rhel5' does not say how its "
                                         "initrd is named ([initrd] images)");
        kernel_done(&k);
}

static void test_run(void **state)
{
        int status = -1;

        assert_int_equal(initrd_rebuild_run("true", &status), 0);
        assert_int_equal(status, 0);
        assert_int_equal(initrd_rebuild_run("exit 3", &status), 0);
        assert_int_equal(status, 3);
        assert_int_equal(initrd_rebuild_run("kill -TERM $$", &status), 0);
        assert_int_equal(status, 128 + 15);
        /* stdin is /dev/null, so a tool that asks never waits */
        assert_int_equal(initrd_rebuild_run("read x; test -z \"$x\"", &status), 0);
        assert_int_equal(status, 0);
        /* its stdout goes to our stderr: our stdout stays for the report (--json) */
        {
                _cleanup_free_ char *dir = th_mkdtemp(), *out = NULL, *err = NULL, *po = NULL, *pe = NULL;
                int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO), fo, fe;

                assert_true(asprintf(&po, "%s/out", dir) > 0 && asprintf(&pe, "%s/err", dir) > 0);
                fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0600);
                fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
                assert_true(saved_out >= 0 && saved_err >= 0 && fo >= 0 && fe >= 0);
                fflush(stdout);
                fflush(stderr);
                assert_true(dup2(fo, STDOUT_FILENO) >= 0 && dup2(fe, STDERR_FILENO) >= 0);
                status = -1;
                (void)initrd_rebuild_run("echo to-stdout; echo to-stderr >&2", &status);
                assert_true(dup2(saved_out, STDOUT_FILENO) >= 0 && dup2(saved_err, STDERR_FILENO) >= 0);
                close(fo);
                close(fe);
                close(saved_out);
                close(saved_err);
                assert_int_equal(status, 0);
                out = th_read(dir, "out", NULL);
                err = th_read(dir, "err", NULL);
                assert_string_equal(out, "");
                assert_string_equal(err, "to-stdout\nto-stderr\n");
                th_rmrf(dir);
        }
}

/* A newc entry by hand. */
static void newc(struct strbuf *b, const char *name, unsigned mode)
{
        assert_int_equal(strbuf_printf(b, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X", 1u, mode,
                                       0u, 0u, 1u, 0u, 0u, 0u, 0u, 0u, 0u, strlen(name) + 1, 0u),
                         0);
        assert_int_equal(strbuf_append(b, name, strlen(name) + 1), 0);
        while (b->len % 4)
                assert_int_equal(strbuf_putc(b, '\0'), 0);
}

static void image_with(const char *root, const char *rel, const char *member)
{
        struct strbuf b = { 0 };

        newc(&b, "init", 0100755);
        if (member)
                newc(&b, member, 0100644);
        newc(&b, "TRAILER!!!", 0);
        th_write(root, rel, b.s, b.len);
        strbuf_done(&b);
}

/* The tests' hook: the tool gets ROOT and the command, which itself never runs. */
static void test_run_test(void **state)
{
        _cleanup_free_ char *dir = th_mkdtemp(), *tool = NULL, *cmd = NULL, *log = NULL, *marker = NULL;
        int status = -1;

        assert_true(asprintf(&tool, "%s/tool", dir) > 0 && asprintf(&marker, "%s/ran", dir) > 0);
        assert_true(asprintf(&cmd, "touch %s; exit 0", marker) > 0);
        th_write_str(dir, "tool", "#!/bin/sh\nprintf '%s|%s' \"$1\" \"$2\" > \"$(dirname \"$0\")/log\"\nexit 5\n");
        assert_int_equal(chmod(tool, 0755), 0);
        assert_int_equal(initrd_rebuild_run_test(tool, "/srv/guest", cmd, &status), 0);
        assert_int_equal(status, 5);
        log = th_read(dir, "log", NULL);
        assert_true(strncmp(log, "/srv/guest|", strlen("/srv/guest|")) == 0);
        assert_string_equal(log + strlen("/srv/guest|"), cmd);
        assert_int_equal(access(marker, F_OK), -1);

        error_clear();
        assert_int_equal(initrd_rebuild_run_test("/nonexistent/tool", "/srv/guest", cmd, &status), -ENOENT);
        assert_string_equal(error_get(), "cannot run '/nonexistent/tool': /nonexistent/tool: No such file or directory");
        th_rmrf(dir);
}

static void test_check(void **state)
{
        _cleanup_free_ char *root = th_mkdtemp();
        _cleanup_(guest_root_freep) struct guest_root *g = NULL;
        enum initrd_blkfront v;
        struct kernel k;
        char *detail = NULL;

        image_with(root, "boot/in.img", "lib/modules/6.1.0/kernel/drivers/block/xen-blkfront.ko.xz");
        image_with(root, "boot/flat.img", "lib/xen-blkfront.ko");
        image_with(root, "boot/none.img", "lib/modules/6.1.0/kernel/fs/ext4/ext4.ko");
        image_with(root, "boot/other.img", "lib/modules/4.19.0/kernel/drivers/block/xen-blkfront.ko");
        th_write_str(root, "boot/text.img", "not an image\n");
        assert_int_equal(guest_root_open(root, &g), 0);
        kernel_with(&k, "6.1.0", NULL);

        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/in.img", &v, &detail), 0);
        assert_string_equal(initrd_blkfront_to_string(v), "in-image");
        assert_string_equal(detail, "xen-blkfront is in the image: lib/modules/6.1.0/kernel/drivers/block/xen-blkfront.ko.xz");
        free(detail);

        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/flat.img", &v, &detail), 0);
        assert_int_equal(v, INITRD_BLKFRONT_IN_IMAGE);
        assert_string_equal(detail, "xen-blkfront is in the image: lib/xen-blkfront.ko");
        free(detail);

        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/none.img", &v, &detail), 0);
        assert_string_equal(initrd_blkfront_to_string(v), "missing");
        assert_string_equal(detail, "xen-blkfront is neither in the image nor built into kernel 6.1.0: the guest "
                                    "will not find its disk (the image has modules for 6.1.0)");
        free(detail);

        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/other.img", &v, &detail), 0);
        assert_int_equal(v, INITRD_BLKFRONT_MISSING);
        assert_string_equal(detail, "xen-blkfront is neither in the image nor built into kernel 6.1.0: the guest "
                                    "will not find its disk (the image has modules for 4.19.0)");
        free(detail);

        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/text.img", &v, &detail), 0);
        assert_string_equal(initrd_blkfront_to_string(v), "unreadable");
        assert_string_equal(detail, "cannot read the new image: '/boot/text.img': not an initramfs: no cpio archive "
                                    "or compressed stream at offset 0");
        free(detail);

        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/gone.img", &v, &detail), 0);
        assert_int_equal(v, INITRD_BLKFRONT_UNREADABLE);
        assert_string_equal(detail, "cannot read the new image: '/boot/gone.img': no such file");
        free(detail);

        /* built in: the image needs no module */
        k.blkfront = 1;
        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/none.img", &v, &detail), 0);
        assert_string_equal(initrd_blkfront_to_string(v), "built-in");
        assert_string_equal(detail, "xen-blkfront is built into kernel 6.1.0");
        free(detail);
        /* in the image and built in: the image says it */
        assert_int_equal(initrd_rebuild_check(g, &k, "/boot/in.img", &v, &detail), 0);
        assert_int_equal(v, INITRD_BLKFRONT_IN_IMAGE);
        free(detail);
        kernel_done(&k);
        th_rmrf(root);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_command_per_profile),
                cmocka_unit_test(test_image_and_command_edge_cases),
                cmocka_unit_test(test_run),
                cmocka_unit_test(test_run_test),
                cmocka_unit_test(test_check),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
