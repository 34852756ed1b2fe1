/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The initrd module-list rewriters: modprobe.conf, SUSE sysconfig/kernel,
 * initramfs-tools modules, dracut add_drivers, mkinitcpio MODULES. Whole
 * files in, whole files out, exact reasons, and a second run that changes
 * nothing.
 */
#include "test-helpers.h"
#include "test-profiles.h"

#include "facts.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

#define FALLBACK "a later initrd of the Xenlinux kernel needs: mkinitrd --builtin=xen-blkfront --with=xenblk"
#define R_RENAME                                                                                            \
        "xenblk -> xen-blkfront: RHEL mkinitrd adds each scsi_hostadapter module by its .ko file and stops at " \
        "one a kernel lacks, so one list cannot serve both kernels: it names the pvops target's block "         \
        "frontend (" FALLBACK ")"
#define R_ADD                                                                                           \
        "RHEL mkinitrd adds each scsi_hostadapter module to every initrd it builds: the pvops target's " \
        "block frontend, for its later initrds too (" FALLBACK ")"
#define R_DUP                                                                                              \
        "disabled: xen-blkfront is a scsi_hostadapter module already, and RHEL mkinitrd stops at a module " \
        "without a .ko file, as this one is for the pvops kernel (" FALLBACK ")"
#define R_BUILTIN                                                                                             \
        "disabled: the target kernel has xen-blkfront built in, and RHEL mkinitrd stops at a scsi_hostadapter " \
        "module without a .ko file (a later initrd of the Xenlinux kernel needs: mkinitrd --with=xenblk)"
#define R_NET                                                                                              \
        "xennet -> xen-netfront: modprobe loads an alias's module by its name, and the pvops network "      \
        "frontend is xen-netfront (under the Xenlinux kernel udev loads xennet by its xen:vif alias anyway)"

/* Facts for a guest of profile `profile` whose target is `version` (NULL: no target). */
struct fx {
        struct facts f;
        struct kernel k;
};

static void fx_start(struct fx *x, const char *profile, const char *version)
{
        *x = (struct fx){0};
        x->f.profile = th_load_profile(profile);
        kernel_init(&x->k);
        if (version) {
                x->k.version = strdup(version);
                x->k.flavor = FLAVOR_PVOPS;
                x->k.blkfront = 0;
                x->f.target = &x->k;
        }
}

static void fx_end(struct fx *x)
{
        initrd_conf_done(&x->f.initrd_conf);
        profile_free(x->f.profile);
        free(x->f.target_version);
        kernel_done(&x->k);
}

/* Everything a run gave, for the checks. */
struct run {
        char *out;
        struct rewrite_out o;
};

static void run_done(struct run *r)
{
        free(r->out);
        rewrite_out_done(&r->o);
        *r = (struct run){0};
}

static void run_rw(const struct rewriter *rw, const char *path, const char *in, bool exists, const struct facts *f,
                   struct run *ret)
{
        _cleanup_(text_freep) struct text *t = NULL;
        _cleanup_(text_result_freep) struct text_result *r = NULL;
        size_t len = 0;

        *ret = (struct run){0};
        assert_int_equal(text_new(in, strlen(in), &t), 0);
        assert_int_equal(rw->rewrite(t, exists, path, f, &ret->o), 0);
        assert_int_equal(text_result_new(t, &r), 0);
        assert_int_equal(text_result_apply(r, &ret->o.edits), 0);
        assert_int_equal(text_result_render(r, &ret->out, &len), 0);
        assert_int_equal(strlen(ret->out), len);
        assert_int_equal(r->changed, ret->o.edits.n > 0);
        if (ret->o.rebuild_initrd)
                assert_true(ret->o.edits.n > 0);
}

/*
 * Run once: the output must be `expected`, every edit's reason one of the
 * `reasons` (NULL-terminated; all of them used); run on the output again:
 * no edit. Returns the first run for more checks.
 */
static void check_rw(const struct rewriter *rw, const char *path, const char *in, const struct facts *f,
                     const char *expected, const char *const *reasons, struct run *ret)
{
        struct run again;

        run_rw(rw, path, in, true, f, ret);
        assert_string_equal(ret->out, expected);
        for (size_t e = 0; e < ret->o.edits.n; e++) {
                bool known = false;

                for (size_t i = 0; reasons && reasons[i]; i++)
                        known = known || streq(ret->o.edits.v[e].reason, reasons[i]);
                if (!known)
                        fail_msg("unexpected reason '%s'", ret->o.edits.v[e].reason);
        }
        for (size_t i = 0; reasons && reasons[i]; i++) {
                bool used = false;

                for (size_t e = 0; e < ret->o.edits.n; e++)
                        used = used || streq(ret->o.edits.v[e].reason, reasons[i]);
                if (!used)
                        fail_msg("reason not used: '%s'", reasons[i]);
        }
        assert_false(ret->o.create);
        if (rw != &rewriter_initrd_modprobe)
                assert_int_equal(ret->o.rebuild_initrd, ret->o.edits.n > 0);

        run_rw(rw, path, ret->out, true, f, &again);
        assert_int_equal(again.o.edits.n, 0);
        assert_int_equal(again.o.warnings.n, 0);
        run_done(&again);
}

#define REASONS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---------------------------------------------------------------------- */
/* modprobe.conf */

static void test_modprobe_rhel5(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel5", "3.10.108-1.el5.elrepo");
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
                 "alias eth0 xennet\nalias scsi_hostadapter xenblk\n", &x.f,
                 "alias eth0 xen-netfront\nalias scsi_hostadapter xen-blkfront\n", REASONS(R_NET, R_RENAME), &r);
        assert_int_equal(r.o.warnings.n, 0);
        run_done(&r);

        /* Spacing, tabs, comments and other aliases stay; a second xenblk alias is disabled. */
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
                 "# alias scsi_hostadapter xenblk\nalias\teth1   xennet  # second NIC\n"
                 "alias scsi_hostadapter ata_piix\nalias scsi_hostadapter1\txen_blkfront\r\n"
                 "alias scsi_hostadapter2 xenblk\noptions xenblk foo=1\nalias eth0 e1000\n",
                 &x.f,
                 "# alias scsi_hostadapter xenblk\nalias\teth1   xen-netfront  # second NIC\n"
                 "alias scsi_hostadapter ata_piix\nalias scsi_hostadapter1\txen-blkfront\r\n"
                 "#alias scsi_hostadapter2 xenblk\noptions xenblk foo=1\nalias eth0 e1000\n",
                 REASONS(R_NET, R_RENAME, R_DUP), &r);
        run_done(&r);
        fx_end(&x);
}

static void test_modprobe_add_alias(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel5", "3.10.108-1.el5.elrepo");
        /* No alias at all: the first one, at the end. */
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias eth0 e1000\n", &x.f,
                 "alias eth0 e1000\nalias scsi_hostadapter xen-blkfront\n", REASONS(R_ADD), &r);
        run_done(&r);
        /* After the last one, with the next free number. */
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
                 "alias scsi_hostadapter ata_piix\nalias scsi_hostadapter3 sd_mod\nalias eth0 e1000\n", &x.f,
                 "alias scsi_hostadapter ata_piix\nalias scsi_hostadapter3 sd_mod\n"
                 "alias scsi_hostadapter4 xen-blkfront\nalias eth0 e1000\n",
                 REASONS(R_ADD), &r);
        run_done(&r);
        /* An empty file, and one without a final newline. */
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "", &x.f, "alias scsi_hostadapter xen-blkfront\n",
                 REASONS(R_ADD), &r);
        run_done(&r);
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias eth0 xennet", &x.f,
                 "alias eth0 xen-netfront\nalias scsi_hostadapter xen-blkfront\n", REASONS(R_NET, R_ADD), &r);
        run_done(&r);
        fx_end(&x);
}

static void test_modprobe_already_and_dup(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel5", "3.10.108-1.el5.elrepo");
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias scsi_hostadapter xen-blkfront\n", true, &x.f,
               &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_int_equal(r.o.notes.n, 1);
        assert_string_equal(r.o.notes.v[0],
                            "'/etc/modprobe.conf': a scsi_hostadapter alias names xen-blkfront already");
        run_done(&r);
        /* Only a network alias to rename: no initrd rebuild for that. */
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
                 "alias scsi_hostadapter xen-blkfront\nalias eth0 xennet\n", &x.f,
                 "alias scsi_hostadapter xen-blkfront\nalias eth0 xen-netfront\n", REASONS(R_NET), &r);
        assert_false(r.o.rebuild_initrd);
        run_done(&r);
        /* Both: the Xenlinux one is disabled. */
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
                 "alias scsi_hostadapter xenblk\nalias scsi_hostadapter1 xen-blkfront\n", &x.f,
                 "#alias scsi_hostadapter xenblk\nalias scsi_hostadapter1 xen-blkfront\n", REASONS(R_DUP), &r);
        run_done(&r);
        fx_end(&x);
}

static void test_modprobe_builtin(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel5", "4.9.337-1.el5");
        x.k.blkfront = 1;
        check_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
                 "alias eth0 xennet\nalias scsi_hostadapter xenblk\nalias scsi_hostadapter1 xen-blkfront\n", &x.f,
                 "alias eth0 xen-netfront\n#alias scsi_hostadapter xenblk\n#alias scsi_hostadapter1 xen-blkfront\n",
                 REASONS(R_NET, R_BUILTIN), &r);
        run_done(&r);
        /* Nothing is added either. */
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias eth0 e1000\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/modprobe.conf': no scsi_hostadapter alias names a block frontend "
                                            "(the target has xen-blkfront built in)");
        run_done(&r);
        fx_end(&x);
}

static void test_modprobe_continued_and_cr(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel5", "3.10.108-1.el5.elrepo");
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf",
               "install foo \\\n  alias scsi_hostadapter xenblk\nalias scsi_hostadapter1 xenblk\r", true, &x.f, &r);
        assert_string_equal(r.out, "install foo \\\n  alias scsi_hostadapter xenblk\nalias scsi_hostadapter1 xenblk\r"
                                   "\nalias scsi_hostadapter2 xen-blkfront\n");
        assert_int_equal(r.o.warnings.n, 2);
        assert_string_equal(r.o.warnings.v[0], "'/etc/modprobe.conf' line 2: a continued line that names xenblk: "
                                               "left as it is; RHEL mkinitrd may stop at xenblk for the pvops kernel");
        assert_string_equal(r.o.warnings.v[1], "'/etc/modprobe.conf' line 3: ends in a carriage return: left as it "
                                               "is; fix this alias by hand");
        run_done(&r);
        fx_end(&x);
}

static void test_modprobe_not_wanted(void **state)
{
        struct fx x;
        struct run r;

        /* No target: a note, no edit. */
        fx_start(&x, "rhel5", NULL);
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias scsi_hostadapter xenblk\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/modprobe.conf': left as it is: no pvops kernel is installed in the "
                                            "guest (a kernel booted from dom0 brings its own initrd); after installing "
                                            "one, run domufix plan again");
        run_done(&r);
        x.f.target_version = strdup("4.9.337-1.el5");
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias scsi_hostadapter xenblk\n", true, &x.f, &r);
        assert_string_equal(r.o.notes.v[0], "'/etc/modprobe.conf': left as it is: the target kernel 4.9.337-1.el5 is "
                                            "not installed in the guest (a kernel booted from dom0 brings its own "
                                            "initrd)");
        run_done(&r);
        fx_end(&x);

        /* A Xenlinux target (--kernel), another tool's profile. */
        fx_start(&x, "rhel5", "2.6.18-308.el5xen");
        x.k.flavor = FLAVOR_XENLINUX;
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias scsi_hostadapter xenblk\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/modprobe.conf': left as it is: the target kernel "
                                            "2.6.18-308.el5xen is a Xenlinux kernel");
        run_done(&r);
        fx_end(&x);
        fx_start(&x, "rhel6", "2.6.32-431.el6.x86_64");
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "alias scsi_hostadapter xenblk\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n + r.o.notes.n + r.o.warnings.n, 0);
        run_done(&r);
        fx_end(&x);

        /* A missing file: a warning. */
        fx_start(&x, "rhel5", "3.10.108-1.el5.elrepo");
        run_rw(&rewriter_initrd_modprobe, "/etc/modprobe.conf", "", false, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_false(r.o.create);
        assert_int_equal(r.o.warnings.n, 1);
        run_done(&r);
        fx_end(&x);
}

/* ---------------------------------------------------------------------- */
/* SUSE /etc/sysconfig/kernel */

#define SLES_KERNEL                                                                              \
        "## Path:\tSystem/Kernel\n"                                                              \
        "#\n"                                                                                    \
        "INITRD_MODULES=\"processor thermal ata_piix ext3\"\n"                                   \
        "\n"                                                                                     \
        "## Type:\tstring\n"                                                                     \
        "# This variable contains the list of modules to be added to the initial\n"              \
        "# ramdisk that is created for unprivileged Xen domains (domU)\n"                        \
        "DOMU_INITRD_MODULES=\"xennet xenblk\"\n"                                                \
        "\n"                                                                                     \
        "MODULES_LOADED_ON_BOOT=\"\"\n"
#define SUSE_TAIL                                                                                         \
        "; the Xenlinux names stay for the Xenlinux kernel (mkinitrd resolves each name with modprobe and " \
        "only warns about one a kernel lacks)"

static void test_suse_domu(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "sles11", "3.0.101-63-default");
        x.f.initrd_conf.suse = true;
        x.f.initrd_conf.suse_target_xen = true;
        x.f.initrd_conf.suse_target_why = strdup("/boot/config-3.0.101-63-default has CONFIG_XEN=y");
        check_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel", SLES_KERNEL, &x.f,
                 "## Path:\tSystem/Kernel\n#\nINITRD_MODULES=\"processor thermal ata_piix ext3\"\n\n## Type:\tstring\n"
                 "# This variable contains the list of modules to be added to the initial\n"
                 "# ramdisk that is created for unprivileged Xen domains (domU)\n"
                 "DOMU_INITRD_MODULES=\"xennet xenblk xen-blkfront xen-netfront\"\n\nMODULES_LOADED_ON_BOOT=\"\"\n",
                 REASONS("add xen-blkfront xen-netfront to DOMU_INITRD_MODULES: SUSE mkinitrd adds it for kernels "
                         "with CONFIG_XEN=y, the pvops target 3.0.101-63-default among them (/boot/config-3.0.101-"
                         "63-default has CONFIG_XEN=y)" SUSE_TAIL),
                 &r);
        run_done(&r);

        /* One of them listed already (in INITRD_MODULES, with '_'): only the other. */
        check_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel",
                 "INITRD_MODULES='xen_netfront'\nDOMU_INITRD_MODULES=\n", &x.f,
                 "INITRD_MODULES='xen_netfront'\nDOMU_INITRD_MODULES=\"xen-blkfront\"\n",
                 REASONS("add xen-blkfront to DOMU_INITRD_MODULES: SUSE mkinitrd adds it for kernels with "
                         "CONFIG_XEN=y, the pvops target 3.0.101-63-default among them (/boot/config-3.0.101-63-"
                         "default has CONFIG_XEN=y)" SUSE_TAIL),
                 &r);
        run_done(&r);

        /* No DOMU_INITRD_MODULES line: one at the end. */
        check_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel", "INITRD_MODULES=\"\"\n# end", &x.f,
                 "INITRD_MODULES=\"\"\n# end\nDOMU_INITRD_MODULES=\"xen-blkfront xen-netfront\"\n",
                 REASONS("add xen-blkfront xen-netfront to DOMU_INITRD_MODULES: SUSE mkinitrd adds it for kernels "
                         "with CONFIG_XEN=y, the pvops target 3.0.101-63-default among them (/boot/config-3.0.101-"
                         "63-default has CONFIG_XEN=y)" SUSE_TAIL),
                 &r);
        run_done(&r);

        /* Both there: a note. The last assignment wins, an earlier one does not count. */
        run_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel",
               "DOMU_INITRD_MODULES=\"xen-blkfront xen-netfront\"\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/sysconfig/kernel': the modules mkinitrd adds for 3.0.101-63-default "
                                            "include xen-blkfront and xen-netfront already");
        run_done(&r);
        check_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel",
                 "DOMU_INITRD_MODULES=\"xen-blkfront xen-netfront\"\nDOMU_INITRD_MODULES=\"xenblk\"\n", &x.f,
                 "DOMU_INITRD_MODULES=\"xen-blkfront xen-netfront\"\n"
                 "DOMU_INITRD_MODULES=\"xenblk xen-blkfront xen-netfront\"\n",
                 REASONS("add xen-blkfront xen-netfront to DOMU_INITRD_MODULES: SUSE mkinitrd adds it for kernels "
                         "with CONFIG_XEN=y, the pvops target 3.0.101-63-default among them (/boot/config-3.0.101-"
                         "63-default has CONFIG_XEN=y)" SUSE_TAIL),
                 &r);
        run_done(&r);
        fx_end(&x);
}

static void test_suse_not_xen(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "opensuse", "2.6.37.1-1.2-desktop");
        x.f.initrd_conf.suse = true;
        x.f.initrd_conf.suse_target_why = strdup("/boot/config-2.6.37.1-1.2-desktop has no CONFIG_XEN=y");
        /* DOMU lists them, but mkinitrd will not use it for this kernel. */
        check_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel",
                 "INITRD_MODULES=\"\"\nDOMU_INITRD_MODULES=\"xennet xenblk xen-blkfront xen-netfront\"\n", &x.f,
                 "INITRD_MODULES=\"xen-blkfront xen-netfront\"\n"
                 "DOMU_INITRD_MODULES=\"xennet xenblk xen-blkfront xen-netfront\"\n",
                 REASONS("add xen-blkfront xen-netfront to INITRD_MODULES: SUSE mkinitrd does not count the pvops "
                         "target 2.6.37.1-1.2-desktop as a Xen kernel (/boot/config-2.6.37.1-1.2-desktop has no "
                         "CONFIG_XEN=y), so DOMU_INITRD_MODULES is not used for it" SUSE_TAIL),
                 &r);
        run_done(&r);
        fx_end(&x);
}

static void test_suse_not_editable(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "sles11", "3.0.101-63-default");
        x.f.initrd_conf.suse = true;
        x.f.initrd_conf.suse_target_xen = true;
        x.f.initrd_conf.suse_target_why = strdup("x");
        run_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel", "DOMU_INITRD_MODULES=\"$EXTRA xenblk\"\n", true, &x.f,
               &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.warnings.v[0], "'/etc/sysconfig/kernel' line 1: DOMU_INITRD_MODULES is not a plain "
                                               "quoted list: left as it is; add \"xen-blkfront xen-netfront\" to it by "
                                               "hand, or the initrd of 3.0.101-63-default may lack them");
        run_done(&r);
        /* A multi-line value: its continuation is no assignment of its own. */
        run_rw(&rewriter_initrd_suse, "/etc/sysconfig/kernel",
               "DOMU_INITRD_MODULES=\"xennet\nDOMU_INITRD_MODULES=xen-blkfront\"\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_int_equal(r.o.warnings.n, 1);
        run_done(&r);
        fx_end(&x);
}

/* ---------------------------------------------------------------------- */
/* initramfs-tools */

#define DEBIAN_MODULES                                                            \
        "# List of modules that you want to include in your initramfs.\n"         \
        "#\n"                                                                     \
        "# Syntax:  module_name [args ...]\n"                                     \
        "#\n"                                                                     \
        "# You must run update-initramfs(8) to effect this change.\n"             \
        "#\n"                                                                     \
        "xenblk\n"

static void itools_set(struct fx *x, const char *value, const char *path, size_t line)
{
        x->f.initrd_conf.itools = true;
        free(x->f.initrd_conf.itools_modules);
        free(x->f.initrd_conf.itools_modules_at.path);
        x->f.initrd_conf.itools_modules = value ? strdup(value) : NULL;
        x->f.initrd_conf.itools_modules_literal = value && !strchr(value, '$');
        x->f.initrd_conf.itools_modules_at.path = path ? strdup(path) : NULL;
        x->f.initrd_conf.itools_modules_at.line = line;
}

static void test_debian_dep(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "debian-lenny", "2.6.32-5-xen-amd64");
        itools_set(&x, "dep", "/etc/initramfs-tools/initramfs.conf", 12);
        check_rw(&rewriter_initrd_debian, "/etc/initramfs-tools/modules", DEBIAN_MODULES, &x.f,
                 DEBIAN_MODULES "xen-blkfront\nxen-netfront\n",
                 REASONS("MODULES=dep (/etc/initramfs-tools/initramfs.conf line 12): the initramfs gets only the "
                         "drivers of the disk the running system boots from (the Xenlinux kernel's, or the host's in "
                         "a chroot), not the pvops block frontend; a kernel without a listed module skips it"),
                 &r);
        run_done(&r);

        /* A module with arguments counts; the file has no final newline. */
        itools_set(&x, "list", "/etc/initramfs-tools/conf.d/driver-policy", 1);
        check_rw(&rewriter_initrd_debian, "/etc/initramfs-tools/modules", "  xen_blkfront foo=1", &x.f,
                 "  xen_blkfront foo=1\nxen-netfront\n",
                 REASONS("MODULES=list (/etc/initramfs-tools/conf.d/driver-policy line 1): only the modules listed "
                         "here go into the initramfs; a kernel without a listed module skips it"),
                 &r);
        run_done(&r);

        itools_set(&x, "$POLICY", "/etc/initramfs-tools/initramfs.conf", 3);
        check_rw(&rewriter_initrd_debian, "/etc/initramfs-tools/modules", "", &x.f, "xen-blkfront\nxen-netfront\n",
                 REASONS("MODULES=$POLICY (/etc/initramfs-tools/initramfs.conf line 3): initramfs-tools does not know "
                         "this value; listed here the frontends go in whatever it means; a kernel without a listed "
                         "module skips it"),
                 &r);
        run_done(&r);
        fx_end(&x);
}

static void test_debian_most(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "debian-lenny", "2.6.32-5-xen-amd64");
        itools_set(&x, NULL, NULL, 0);
        run_rw(&rewriter_initrd_debian, "/etc/initramfs-tools/modules", DEBIAN_MODULES, true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/initramfs-tools/modules': nothing to add: MODULES=most (not set: "
                                            "the default) puts all of drivers/block, xen-blkfront included, into the "
                                            "initramfs");
        run_done(&r);
        itools_set(&x, "most", "/etc/initramfs-tools/initramfs.conf", 7);
        run_rw(&rewriter_initrd_debian, "/etc/initramfs-tools/modules", DEBIAN_MODULES, true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/initramfs-tools/modules': nothing to add: MODULES=most "
                                            "(/etc/initramfs-tools/initramfs.conf line 7) puts all of drivers/block, "
                                            "xen-blkfront included, into the initramfs");
        run_done(&r);
        fx_end(&x);
}

static void test_debian_create(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "debian-lenny", "2.6.32-5-xen-amd64");
        itools_set(&x, "dep", "/etc/initramfs-tools/initramfs.conf", 12);
        run_rw(&rewriter_initrd_debian, "/etc/initramfs-tools/modules", "", false, &x.f, &r);
        assert_true(r.o.create);
        assert_int_equal(r.o.create_mode, 0644);
        assert_string_equal(r.out, "xen-blkfront\nxen-netfront\n");
        run_done(&r);
        fx_end(&x);
}

/* ---------------------------------------------------------------------- */
/* dracut */

#define DRACUT_REASON                                                                                    \
        "dracut's host-only builds (the default of kernel installs on RHEL 6 and Fedora 19 on) take only " \
        "the drivers the running system uses, not the pvops frontends; add_drivers always goes in"
#define DROPIN "/etc/dracut.conf.d/xen-domufix.conf"

static void dracut_set(struct fx *x, bool dir, bool blk, bool net)
{
        x->f.initrd_conf.dracut = true;
        x->f.initrd_conf.dracut_dir = dir;
        if (!x->f.initrd_conf.dracut_dropin)
                x->f.initrd_conf.dracut_dropin = strdup(DROPIN);
        x->f.initrd_conf.dracut_blkfront = blk;
        x->f.initrd_conf.dracut_netfront = net;
}

static void test_dracut_dropin(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel6", "2.6.32-431.el6.x86_64");
        dracut_set(&x, true, false, false);
        /* The main file is left alone; the drop-in is created. */
        run_rw(&rewriter_initrd_dracut, "/etc/dracut.conf", "add_drivers=\"\"\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n + r.o.warnings.n + r.o.notes.n, 0);
        run_done(&r);
        run_rw(&rewriter_initrd_dracut, DROPIN, "", false, &x.f, &r);
        assert_true(r.o.create);
        assert_int_equal(r.o.create_mode, 0644);
        assert_string_equal(r.out, "# Added by domufix: the pvops Xen frontends, which host-only initramfs images\n"
                                   "# leave out when the running system does not use them.\n"
                                   "add_drivers+=\" xen-blkfront xen-netfront \"\n");
        for (size_t i = 0; i < r.o.edits.n; i++)
                assert_string_equal(r.o.edits.v[i].reason, "add xen-blkfront xen-netfront to add_drivers: " DRACUT_REASON);
        run_done(&r);

        /*
         * A drop-in the admin kept (but emptied): appended to, only the
         * missing driver. (The second run is idempotent through the scan of
         * the files, tested in test-initrd-conf and the golden cases.)
         */
        dracut_set(&x, true, false, true);
        run_rw(&rewriter_initrd_dracut, DROPIN, "# mine\n", true, &x.f, &r);
        assert_false(r.o.create);
        assert_string_equal(r.out, "# mine\nadd_drivers+=\" xen-blkfront \"\n");
        assert_string_equal(r.o.edits.v[0].reason, "add xen-blkfront to add_drivers: " DRACUT_REASON);
        run_done(&r);
        fx_end(&x);
}

static void test_dracut_main_file(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "fedora12", "2.6.31.5-127.fc12.x86_64");
        dracut_set(&x, false, false, false);
        run_rw(&rewriter_initrd_dracut, "/etc/dracut.conf", "# dracut\nadd_drivers=\"\"\n", true, &x.f, &r);
        assert_string_equal(r.out, "# dracut\nadd_drivers=\"\"\nadd_drivers+=\" xen-blkfront xen-netfront \"\n");
        run_done(&r);
        /* The drop-in path is not used without its directory. */
        run_rw(&rewriter_initrd_dracut, DROPIN, "", false, &x.f, &r);
        assert_int_equal(r.o.edits.n + r.o.warnings.n, 0);
        run_done(&r);
        /* Neither exists: a warning. */
        run_rw(&rewriter_initrd_dracut, "/etc/dracut.conf", "", false, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.warnings.v[0], "'/etc/dracut.conf' does not exist, nor does /etc/dracut.conf.d: nothing "
                                               "makes dracut add xen-blkfront to the initramfs of a kernel installed "
                                               "later (the rebuild command passes it)");
        run_done(&r);
        fx_end(&x);
}

static void test_dracut_covered_and_warnings(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "rhel6", "2.6.32-431.el6.x86_64");
        dracut_set(&x, true, true, true);
        strv_push(&x.f.initrd_conf.dracut_omit, "'/etc/dracut.conf' line 3: omit_drivers names 'xen-netfront'");
        run_rw(&rewriter_initrd_dracut, "/etc/dracut.conf", "x=1\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/dracut.conf': dracut's configuration adds xen-blkfront and "
                                            "xen-netfront already");
        assert_string_equal(r.o.warnings.v[0], "'/etc/dracut.conf' line 3: omit_drivers names 'xen-netfront'");
        run_done(&r);
        run_rw(&rewriter_initrd_dracut, DROPIN, "", false, &x.f, &r);
        assert_int_equal(r.o.edits.n + r.o.notes.n + r.o.warnings.n, 0);
        run_done(&r);

        /* A later drop-in that sets add_drivers=. */
        dracut_set(&x, true, false, false);
        x.f.initrd_conf.dracut_reset.path = strdup("/etc/dracut.conf.d/zz.conf");
        x.f.initrd_conf.dracut_reset.line = 4;
        run_rw(&rewriter_initrd_dracut, DROPIN, "", false, &x.f, &r);
        assert_true(r.o.create);
        assert_string_equal(r.o.warnings.v[0], "'/etc/dracut.conf.d/zz.conf' line 4 sets add_drivers= after " DROPIN
                                               " and so drops the drivers added there: make it add_drivers+= or add "
                                               "xen-blkfront xen-netfront to it");
        run_done(&r);
        free(x.f.initrd_conf.dracut_reset.path);
        x.f.initrd_conf.dracut_reset.path = NULL;
        fx_end(&x);

        /* No target: one note, with the main file. */
        fx_start(&x, "rhel6", NULL);
        dracut_set(&x, true, false, false);
        run_rw(&rewriter_initrd_dracut, DROPIN, "", false, &x.f, &r);
        assert_int_equal(r.o.edits.n + r.o.notes.n, 0);
        run_done(&r);
        run_rw(&rewriter_initrd_dracut, "/etc/dracut.conf", "", true, &x.f, &r);
        assert_int_equal(r.o.notes.n, 1);
        run_done(&r);
        fx_end(&x);
}

/* ---------------------------------------------------------------------- */
/* mkinitcpio */

#define MKINITCPIO_REASON                                                                                       \
        "mkinitcpio's autodetect hook keeps only the drivers the running system uses, not the pvops frontends; " \
        "MODULES always go in"

static void test_mkinitcpio(void **state)
{
        struct fx x;
        struct run r;

        fx_start(&x, "arch", "3.3.7-1-ARCH");
        check_rw(&rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf",
                 "# MODULES\n#     MODULES=\"piix ide_disk reiserfs\"\nMODULES=\"\"\nHOOKS=\"base udev\"\n", &x.f,
                 "# MODULES\n#     MODULES=\"piix ide_disk reiserfs\"\nMODULES=\"xen-blkfront xen-netfront\"\n"
                 "HOOKS=\"base udev\"\n",
                 REASONS("add xen-blkfront xen-netfront to MODULES: " MKINITCPIO_REASON), &r);
        run_done(&r);
        check_rw(&rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf", "MODULES=(ext4 xen_netfront)\nHOOKS=(base)\n",
                 &x.f, "MODULES=(ext4 xen_netfront xen-blkfront?)\nHOOKS=(base)\n",
                 REASONS("add xen-blkfront? to MODULES: " MKINITCPIO_REASON
                         "; with '?' a kernel without them (the Xenlinux one) skips them"),
                 &r);
        run_done(&r);
        check_rw(&rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf", "MODULES=()\n", &x.f,
                 "MODULES=(xen-blkfront? xen-netfront?)\n",
                 REASONS("add xen-blkfront? xen-netfront? to MODULES: " MKINITCPIO_REASON
                         "; with '?' a kernel without them (the Xenlinux one) skips them"),
                 &r);
        run_done(&r);
        check_rw(&rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf", "HOOKS=\"base\"\n", &x.f,
                 "HOOKS=\"base\"\nMODULES=\"xen-blkfront xen-netfront\"\n",
                 REASONS("add xen-blkfront xen-netfront to MODULES: " MKINITCPIO_REASON), &r);
        run_done(&r);

        run_rw(&rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf", "MODULES=(xen-blkfront? xen-netfront)\n", true,
               &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.notes.v[0], "'/etc/mkinitcpio.conf': MODULES lists xen-blkfront and xen-netfront "
                                            "already");
        run_done(&r);
        run_rw(&rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf", "MODULES=(\n  ext4\n)\n", true, &x.f, &r);
        assert_int_equal(r.o.edits.n, 0);
        assert_string_equal(r.o.warnings.v[0], "'/etc/mkinitcpio.conf' line 1: MODULES is not a plain list: left as it "
                                               "is; add \"xen-blkfront? xen-netfront?\" to it by hand, or the initramfs "
                                               "of 3.3.7-1-ARCH may lack them");
        run_done(&r);
        fx_end(&x);
}

/* Each rewriter's file is the profile's modules-file, and only for its own tool. */
static void test_paths_from_profile(void **state)
{
        static const struct {
                const char *profile;
                const struct rewriter *rw;
                const char *paths;
        } cases[] = {
                {"rhel5", &rewriter_initrd_modprobe, "/etc/modprobe.conf"},
                {"sles11", &rewriter_initrd_suse, "/etc/sysconfig/kernel"},
                {"debian-lenny", &rewriter_initrd_debian, "/etc/initramfs-tools/modules"},
                {"rhel6", &rewriter_initrd_dracut, "/etc/dracut.conf " DROPIN},
                {"arch", &rewriter_initrd_mkinitcpio, "/etc/mkinitcpio.conf"},
        };
        const struct rewriter *all[] = {&rewriter_initrd_modprobe, &rewriter_initrd_suse, &rewriter_initrd_debian,
                                        &rewriter_initrd_dracut, &rewriter_initrd_mkinitcpio};

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct fx x;

                fx_start(&x, cases[i].profile, "1.0");
                if (cases[i].rw == &rewriter_initrd_dracut)
                        dracut_set(&x, true, false, false);
                for (size_t j = 0; j < ARRAY_SIZE(all); j++) {
                        struct strv sv = {0};
                        struct strbuf b = {0};

                        assert_null(all[j]->paths);
                        assert_int_equal(all[j]->list_paths(NULL, &x.f, &sv), 0);
                        for (size_t k = 0; k < sv.n; k++) {
                                assert_int_equal(strbuf_printf(&b, "%s%s", k ? " " : "", sv.v[k]), 0);
                        }
                        if (all[j] == cases[i].rw)
                                assert_string_equal(b.s, cases[i].paths);
                        else
                                assert_int_equal(sv.n, 0);
                        strbuf_done(&b);
                        strv_done(&sv);
                }
                fx_end(&x);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_modprobe_rhel5),
                cmocka_unit_test(test_modprobe_add_alias),
                cmocka_unit_test(test_modprobe_already_and_dup),
                cmocka_unit_test(test_modprobe_builtin),
                cmocka_unit_test(test_modprobe_continued_and_cr),
                cmocka_unit_test(test_modprobe_not_wanted),
                cmocka_unit_test(test_suse_domu),
                cmocka_unit_test(test_suse_not_xen),
                cmocka_unit_test(test_suse_not_editable),
                cmocka_unit_test(test_debian_dep),
                cmocka_unit_test(test_debian_most),
                cmocka_unit_test(test_debian_create),
                cmocka_unit_test(test_dracut_dropin),
                cmocka_unit_test(test_dracut_main_file),
                cmocka_unit_test(test_dracut_covered_and_warnings),
                cmocka_unit_test(test_mkinitcpio),
                cmocka_unit_test(test_paths_from_profile),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
