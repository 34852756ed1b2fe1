/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernels and their flavor: config, text and libkmod module indexes, module
 * files, version strings, the decision and its warnings, version order, and
 * the inventory of a fixture guest (images, modules-only kernels, initrds).
 */
#include "test-helpers.h"

#include <elf.h>
#include <limits.h>
#include <sys/stat.h>

#include "guest-root.h"
#include "kernel.h"
#include "log.h"

/* ---- helpers ---- */

static void check_ev(const struct kernel *k, size_t i, enum evidence_kind kind, enum kernel_flavor says,
                     const char *source, const char *detail)
{
        assert_true(i < k->n_evidence);
        assert_string_equal(evidence_kind_to_string(k->evidence[i].kind), evidence_kind_to_string(kind));
        assert_string_equal(kernel_flavor_to_string(k->evidence[i].says), kernel_flavor_to_string(says));
        assert_string_equal(k->evidence[i].source, source);
        assert_string_equal(k->evidence[i].detail, detail);
}

static void config_kernel(const char *version, const char *config, struct kernel *k)
{
        _cleanup_free_ char *source = NULL;

        kernel_init(k);
        k->version = strdup(version);
        assert_non_null(k->version);
        assert_true(asprintf(&source, "/boot/config-%s", version) > 0);
        assert_int_equal(kernel_evidence_from_config(source, config, strlen(config), k), 0);
        assert_int_equal(kernel_decide(k), 0);
}

static void index_kernel(const char *source, const char *text, struct kernel *k)
{
        kernel_init(k);
        k->version = strdup("9.9.9");
        assert_non_null(k->version);
        assert_int_equal(kernel_evidence_from_text_index(source, text, strlen(text), k), 0);
        assert_int_equal(kernel_decide(k), 0);
}

static void version_kernel(const char *version, struct kernel *k)
{
        kernel_init(k);
        k->version = strdup(version);
        assert_non_null(k->version);
        assert_true(asprintf(&k->image, "/boot/vmlinuz-%s", version) > 0);
        assert_int_equal(kernel_evidence_from_version(k), 0);
        assert_int_equal(kernel_decide(k), 0);
}

/* ---- config ---- */

static const char rhel5_xen_config[] = "#\n"
                                       "# Automatically generated make config: don't edit\n"
                                       "# Linux kernel version: 2.6.18-308.el5xen\n"
                                       "#\n"
                                       "CONFIG_X86_64=y\n"
                                       "CONFIG_X86_64_XEN=y\n"
                                       "CONFIG_X86_NO_TSS=y\n"
                                       "CONFIG_X86_NO_IDT=y\n"
                                       "CONFIG_XEN=y\n"
                                       "CONFIG_XEN_INTERFACE_VERSION=0x00030203\n"
                                       "CONFIG_XEN_BLKDEV_FRONTEND=m\n"
                                       "CONFIG_XEN_NETDEV_FRONTEND=m\n"
                                       "CONFIG_XEN_COMPAT_030002_AND_LATER=y\n"
                                       "CONFIG_XEN_COMPAT_030002=y\n";

static void test_config_rhel5_x86_64(void **state)
{
        struct kernel k;

        config_kernel("2.6.18-308.el5xen", rhel5_xen_config, &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-2.6.18-308.el5xen", "CONFIG_X86_64_XEN=y");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        assert_int_equal(k.blkfront, -1); /* xenblk is not the pvops blkfront */
        assert_int_equal(k.warnings.n, 0);
        kernel_done(&k);
}

static void test_config_i386_x86_xen(void **state)
{
        struct kernel k;

        config_kernel("2.6.18-308.el5xen", "CONFIG_X86_32=y\nCONFIG_X86_XEN=y\nCONFIG_XEN=y\n", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-2.6.18-308.el5xen", "CONFIG_X86_XEN=y");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        kernel_done(&k);
}

static void test_config_mainline_pvops(void **state)
{
        struct kernel k;

        config_kernel("4.19.0-20-amd64",
                      "CONFIG_HYPERVISOR_GUEST=y\nCONFIG_PARAVIRT=y\nCONFIG_XEN=y\nCONFIG_XEN_PV=y\n"
                      "CONFIG_XEN_PVHVM=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\nCONFIG_HVC_XEN=y\n",
                      &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-4.19.0-20-amd64",
                 "CONFIG_PARAVIRT=y, CONFIG_XEN=y, CONFIG_XEN_PV=y, CONFIG_HVC_XEN=y");
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        assert_int_equal(k.blkfront, 0);
        kernel_done(&k);
}

static void test_config_pvops_builtin_blkfront(void **state)
{
        struct kernel k;

        /* 2.6.2x pvops: no CONFIG_XEN_PV yet; the frontend built in. */
        config_kernel("2.6.27-7-server",
                      "CONFIG_PARAVIRT_GUEST=y\nCONFIG_XEN=y\nCONFIG_PARAVIRT=y\nCONFIG_XEN_BLKDEV_FRONTEND=y\n"
                      "CONFIG_HVC_XEN=y\n",
                      &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-2.6.27-7-server",
                 "CONFIG_PARAVIRT=y, CONFIG_XEN=y, CONFIG_HVC_XEN=y");
        assert_int_equal(k.blkfront, 1);
        kernel_done(&k);

        /* CONFIG_HVC_XEN alone is enough. */
        config_kernel("2.6.25-x", "CONFIG_HVC_XEN=y\n", &k);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-2.6.25-x", "CONFIG_HVC_XEN=y");
        assert_int_equal(k.blkfront, -1);
        kernel_done(&k);
}

static void test_config_suse_xen(void **state)
{
        struct kernel k;

        config_kernel("2.6.32.12-0.7-xen",
                      "CONFIG_X86_64=y\n# CONFIG_PARAVIRT_GUEST is not set\nCONFIG_XEN=y\n"
                      "CONFIG_XEN_PRIVILEGED_GUEST=y\nCONFIG_XEN_INTERFACE_VERSION=0x00030207\n"
                      "CONFIG_XEN_COMPAT_030002_AND_LATER=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\n",
                      &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-2.6.32.12-0.7-xen",
                 "CONFIG_XEN=y without CONFIG_PARAVIRT, CONFIG_XEN_INTERFACE_VERSION=0x00030207");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        assert_int_equal(k.blkfront, -1);
        kernel_done(&k);
}

static void test_config_suse_paravirt_xen(void **state)
{
        struct kernel k;

        /* SUSE -default: the mainline Xen guest symbol under its SUSE name. */
        config_kernel("2.6.32.12-0.7-default",
                      "CONFIG_PARAVIRT_GUEST=y\nCONFIG_PARAVIRT_XEN=y\nCONFIG_PARAVIRT=y\n"
                      "# CONFIG_XEN is not set\nCONFIG_XEN_BLKDEV_FRONTEND=m\n",
                      &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-2.6.32.12-0.7-default", "CONFIG_PARAVIRT_XEN=y");
        assert_int_equal(k.blkfront, 0);
        kernel_done(&k);
}

static void test_config_xen_alone(void **state)
{
        struct kernel k;

        /* CONFIG_XEN=y without CONFIG_PARAVIRT and without a Xenlinux-only symbol says nothing. */
        config_kernel("2.6.99", "CONFIG_XEN=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\n", &k);
        assert_int_equal(k.n_evidence, 0);
        assert_int_equal(k.flavor, FLAVOR_UNKNOWN);
        assert_int_equal(k.blkfront, -1);
        kernel_done(&k);

        /* A non-hex interface version is no marker. */
        config_kernel("2.6.99", "CONFIG_XEN=y\nCONFIG_XEN_INTERFACE_VERSION=\"abc\"\n", &k);
        assert_int_equal(k.n_evidence, 0);
        kernel_done(&k);
}

static void test_config_debian_squeeze_xen(void **state)
{
        struct kernel k;

        config_kernel("2.6.32-5-xen-amd64",
                      "CONFIG_PARAVIRT_GUEST=y\nCONFIG_XEN=y\nCONFIG_XEN_MAX_DOMAIN_MEMORY=32\n"
                      "CONFIG_XEN_SAVE_RESTORE=y\nCONFIG_PARAVIRT=y\nCONFIG_XEN_BLKDEV_FRONTEND=m\n"
                      "CONFIG_HVC_XEN=y\nCONFIG_XEN_DOM0=y\n",
                      &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-2.6.32-5-xen-amd64",
                 "CONFIG_PARAVIRT=y, CONFIG_XEN=y, CONFIG_HVC_XEN=y");
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        assert_int_equal(k.blkfront, 0);
        kernel_done(&k);
}

static void test_config_hvm_only(void **state)
{
        struct kernel k;

        config_kernel("4.18.0-348.el8.x86_64",
                      "CONFIG_PARAVIRT=y\nCONFIG_XEN=y\n# CONFIG_XEN_PV is not set\nCONFIG_XEN_PVHVM=y\n"
                      "CONFIG_XEN_BLKDEV_FRONTEND=m\n",
                      &k);
        assert_int_equal(k.n_evidence, 2);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-4.18.0-348.el8.x86_64",
                 "CONFIG_PARAVIRT=y, CONFIG_XEN=y");
        check_ev(&k, 1, EVIDENCE_CONFIG, FLAVOR_UNKNOWN, "/boot/config-4.18.0-348.el8.x86_64",
                 "CONFIG_XEN=y but CONFIG_XEN_PV is not set (no PV guest support)");
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        assert_int_equal(k.warnings.n, 1);
        assert_string_equal(k.warnings.v[0], "kernel 4.18.0-348.el8.x86_64: /boot/config-4.18.0-348.el8.x86_64 has "
                                             "CONFIG_XEN=y but CONFIG_XEN_PV is not set: it cannot boot as a Xen "
                                             "PV guest");
        kernel_done(&k);
}

static void test_config_contradiction(void **state)
{
        struct kernel k;

        /* A strong pvops symbol beside CONFIG_X86_64_XEN; CONFIG_HVC_XEN alone would not count. */
        config_kernel("9.9", "CONFIG_X86_64_XEN=y\nCONFIG_XEN=y\nCONFIG_XEN_PV=y\nCONFIG_HVC_XEN=y\n", &k);
        assert_int_equal(k.n_evidence, 2);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-9.9", "CONFIG_X86_64_XEN=y");
        check_ev(&k, 1, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/boot/config-9.9", "CONFIG_XEN_PV=y");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        assert_int_equal(k.blkfront, -1);
        assert_int_equal(k.warnings.n, 1);
        assert_string_equal(k.warnings.v[0], "kernel 9.9: /boot/config-9.9 (CONFIG_XEN_PV=y) says pvops but "
                                             "/boot/config-9.9 (CONFIG_X86_64_XEN=y) says xenlinux; taking xenlinux");
        kernel_done(&k);

        config_kernel("9.9", "CONFIG_X86_64_XEN=y\nCONFIG_HVC_XEN=y\n", &k);
        assert_int_equal(k.n_evidence, 1);
        assert_int_equal(k.warnings.n, 0);
        kernel_done(&k);
}

static void test_config_odd_bytes(void **state)
{
        /* CRLF, blanks at the end, a NUL, no final newline; "is not set" undoes an earlier "=y". */
        static const char text[] = "CONFIG_A=\xff\xfe\r\n\0garbage\nCONFIG_X86_XEN=y \r\n# CONFIG_PARAVIRT is not set\n"
                                   "CONFIG_PARAVIRT=y\n# CONFIG_PARAVIRT is not set\r\nCONFIG_XEN_PV=y";
        struct kernel k;

        kernel_init(&k);
        assert_int_equal(kernel_evidence_from_config("/c", text, sizeof(text) - 1, &k), 0);
        assert_int_equal(kernel_decide(&k), 0);
        assert_int_equal(k.n_evidence, 2);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/c", "CONFIG_X86_XEN=y");
        check_ev(&k, 1, EVIDENCE_CONFIG, FLAVOR_PVOPS, "/c", "CONFIG_XEN_PV=y");
        /* No version: the warning says "?". */
        assert_int_equal(k.warnings.n, 1);
        assert_true(strncmp(k.warnings.v[0], "kernel ?: ", 10) == 0);
        kernel_done(&k);

        kernel_init(&k);
        assert_int_equal(kernel_evidence_from_config("/c", "# CONFIG_X86_64_XEN is not set\nCONFIG_X86_64_XEN=n\n",
                                                     strlen("# CONFIG_X86_64_XEN is not set\nCONFIG_X86_64_XEN=n\n"),
                                                     &k),
                         0);
        assert_int_equal(k.n_evidence, 0);
        assert_int_equal(kernel_evidence_from_config("/c", "", 0, &k), 0);
        assert_int_equal(k.n_evidence, 0);
        kernel_done(&k);
}

/* ---- text module indexes ---- */

static void test_text_alias_xenlinux(void **state)
{
        struct kernel k;

        index_kernel("/lib/modules/2.6.18-8.el5xen/modules.alias",
                     "# Aliases extracted from modules themselves.\nalias xen:vif xennet\nalias xen:vbd xenblk\n", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_XENLINUX, "/lib/modules/2.6.18-8.el5xen/modules.alias",
                 "xen:vbd -> xenblk");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        assert_int_equal(k.blkfront, -1);
        kernel_done(&k);
}

static void test_text_alias_pvops(void **state)
{
        struct kernel k;

        /* The pvops frontend also answers to "xenblk"; only xen:vbd counts, and only once. */
        index_kernel("/lib/modules/3.2.0-4-amd64/modules.alias",
                     "alias xenblk xen_blkfront\nalias xen:vbd xen_blkfront\nalias\txen:vbd\txen_blkfront\r\n", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/3.2.0-4-amd64/modules.alias",
                 "xen:vbd -> xen_blkfront");
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        assert_int_equal(k.blkfront, -1); /* an alias does not say module or built in */
        kernel_done(&k);

        /* module-init-tools wrote the file name form. */
        index_kernel("/lib/modules/2.6.26-1/modules.alias", "alias xen:vbd xen-blkfront\n", &k);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/2.6.26-1/modules.alias",
                 "xen:vbd -> xen-blkfront");
        kernel_done(&k);
}

static void test_text_alias_pv_on_hvm(void **state)
{
        struct kernel k;

        index_kernel("/lib/modules/2.6.16.60-0.21-default/modules.alias", "alias xen:vbd xen-vbd\n", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_UNKNOWN, "/lib/modules/2.6.16.60-0.21-default/modules.alias",
                 "xen:vbd -> xen-vbd (PV-on-HVM driver, not a PV block frontend)");
        assert_int_equal(k.flavor, FLAVOR_UNKNOWN);
        assert_int_equal(k.warnings.n, 0);
        kernel_done(&k);
}

static void test_text_builtin(void **state)
{
        struct kernel k;

        index_kernel("/lib/modules/3.10.0/modules.builtin",
                     "kernel/drivers/block/loop.ko\nkernel/drivers/block/xen-blkfront.ko\n", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/3.10.0/modules.builtin",
                 "built in: kernel/drivers/block/xen-blkfront.ko");
        assert_int_equal(k.blkfront, 1);
        kernel_done(&k);
}

static void test_text_dep_absolute_xenlinux(void **state)
{
        struct kernel k;

        index_kernel("/lib/modules/2.6.18-8.el5xen/modules.dep",
                     "/lib/modules/2.6.18-8.el5xen/kernel/drivers/xen/netfront/xennet.ko:\n"
                     "/lib/modules/2.6.18-8.el5xen/kernel/drivers/xen/blkfront/xenblk.ko:\n"
                     "/lib/modules/2.6.18-8.el5xen/kernel/fs/ext3/ext3.ko: "
                     "/lib/modules/2.6.18-8.el5xen/kernel/fs/jbd/jbd.ko\n",
                     &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_XENLINUX, "/lib/modules/2.6.18-8.el5xen/modules.dep",
                 "module /lib/modules/2.6.18-8.el5xen/kernel/drivers/xen/blkfront/xenblk.ko");
        kernel_done(&k);
}

static void test_text_dep_relative_pvops(void **state)
{
        struct kernel k;

        /* A dependency named after the colon is not the module of the line. */
        index_kernel("/lib/modules/6.1.0/modules.dep",
                     "kernel/fs/foo.ko.xz: kernel/drivers/block/xen-blkfront.ko.xz\n"
                     "kernel/drivers/block/xen-blkfront.ko.xz:\n",
                     &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/6.1.0/modules.dep",
                 "module kernel/drivers/block/xen-blkfront.ko.xz");
        assert_int_equal(k.blkfront, 0);
        kernel_done(&k);
}

static void test_text_any_format(void **state)
{
        struct kernel k;

        /* An unknown file name: alias lines and dependency lines are both read; bare paths are not. */
        index_kernel("/tmp/other", "alias xen:vbd xenblk\nkernel/drivers/block/xen-blkfront.ko:\n"
                                   "kernel/drivers/xen/blkfront/xenblk.ko\n", &k);
        assert_int_equal(k.n_evidence, 2);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_XENLINUX, "/tmp/other", "xen:vbd -> xenblk");
        check_ev(&k, 1, EVIDENCE_MODULES, FLAVOR_PVOPS, "/tmp/other", "module kernel/drivers/block/xen-blkfront.ko");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        assert_int_equal(k.warnings.n, 1);
        assert_string_equal(k.warnings.v[0], "kernel 9.9.9: /tmp/other (module kernel/drivers/block/xen-blkfront.ko) "
                                             "says pvops but /tmp/other (xen:vbd -> xenblk) says xenlinux; "
                                             "taking xenlinux");
        kernel_done(&k);
}

static void test_text_hostile_lines(void **state)
{
        _cleanup_free_ char *big = NULL;
        struct kernel k;
        size_t n = 1 << 20;

        /* Lookalikes, missing fields, odd bytes: nothing counts. */
        index_kernel("/lib/modules/x/modules.alias",
                     "alias xen:vbd\nalias xen:vbd* xenblk\nalias xen:vbdX xenblk\nalias xen:vbd xenblk2\n"
                     "alias xen:vbd \x1b[2Jxenblk\nalias xen:vbd xen_blkfront_\nxalias xen:vbd xenblk\n",
                     &k);
        assert_int_equal(k.n_evidence, 0);
        kernel_done(&k);

        index_kernel("/lib/modules/x/modules.dep",
                     "kernel/drivers/block/xen-blkfront.kox:\nkernel/drivers/block/xen-blkfront:\n"
                     "kernel/drivers/block/\x7fxen-blkfront.ko:\n: kernel/drivers/block/xen-blkfront.ko\n"
                     "kernel/drivers/block/xxen-blkfront.ko:\n",
                     &k);
        assert_int_equal(k.n_evidence, 0);
        kernel_done(&k);

        /* A 1 MiB path is refused, not truncated into a detail. */
        big = malloc(n + 32);
        assert_non_null(big);
        memset(big, 'a', n);
        strcpy(big + n, "/xenblk.ko:\n");
        index_kernel("/lib/modules/x/modules.dep", big, &k);
        assert_int_equal(k.n_evidence, 0);
        kernel_done(&k);
}

/* ---- version strings ---- */

static void test_version_debian_squeeze(void **state)
{
        struct kernel k;

        version_kernel("2.6.32-5-xen-amd64", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_PVOPS, "/boot/vmlinuz-2.6.32-5-xen-amd64",
                 "Debian -xen-amd64 flavour of 2.6.32 or later (squeeze: pvops)");
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        kernel_done(&k);

        version_kernel("2.6.26-2-xen-686", &k);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-2.6.26-2-xen-686",
                 "Debian -xen-686 flavour before 2.6.32 (etch, lenny: Xenlinux)");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        kernel_done(&k);
}

static void test_version_suse_xen(void **state)
{
        struct kernel k;

        version_kernel("2.6.32.12-0.7-xen", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-2.6.32.12-0.7-xen",
                 "ends in \"xen\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        kernel_done(&k);

        version_kernel("2.6.16.60-0.21-xenpae", &k);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-2.6.16.60-0.21-xenpae",
                 "ends in \"xenpae\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        kernel_done(&k);

        /* SLES 11 SP2: past 2.6.39, and still Xenlinux. */
        version_kernel("3.0.13-0.27-xen", &k);
        assert_int_equal(k.n_evidence, 1);
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        kernel_done(&k);
}

static void test_version_rhel(void **state)
{
        struct kernel k;

        version_kernel("2.6.18-308.el5xen", &k);
        assert_int_equal(k.n_evidence, 1);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-2.6.18-308.el5xen",
                 "ends in \"xen\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        kernel_done(&k);

        version_kernel("2.6.9-89.ELxenU", &k);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-2.6.9-89.ELxenU",
                 "ends in \"xenU\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        kernel_done(&k);

        version_kernel("2.6.18-308.el5", &k);
        assert_int_equal(k.n_evidence, 0);
        assert_int_equal(k.flavor, FLAVOR_UNKNOWN);
        kernel_done(&k);

        version_kernel("2.6.32-279.el6.x86_64", &k);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_PVOPS, "/boot/vmlinuz-2.6.32-279.el6.x86_64", "RHEL 6 kernel (.el6)");
        kernel_done(&k);
}

static void test_version_mainline(void **state)
{
        struct kernel k;

        version_kernel("3.10.108-1.el5.elrepo", &k);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_PVOPS, "/boot/vmlinuz-3.10.108-1.el5.elrepo",
                 "3.10.108 is 2.6.39 or later without a xen flavour (mainline Xen PV support)");
        kernel_done(&k);

        version_kernel("2.6.39", &k);
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        kernel_done(&k);

        /* Older, or a xen marking somewhere else, or no leading number: nothing. */
        static const char *const none[] = { "2.6.38.8", "2.6.32-5-amd64", "3.2.0-xen-custom", "genkernel-x86_64-3.2",
                                            "2.6.24-19-server" };
        for (size_t i = 0; i < ARRAY_SIZE(none); i++) {
                version_kernel(none[i], &k);
                assert_int_equal(k.n_evidence, 0);
                kernel_done(&k);
        }

        /* The modules directory names a modules-only kernel. */
        kernel_init(&k);
        k.version = strdup("2.6.24-19-xen");
        k.modules_dir = strdup("/lib/modules/2.6.24-19-xen");
        assert_int_equal(kernel_evidence_from_version(&k), 0);
        check_ev(&k, 0, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/lib/modules/2.6.24-19-xen",
                 "ends in \"xen\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        kernel_done(&k);
}

/* ---- decision ---- */

static void test_decide_config_beats_version(void **state)
{
        struct kernel k;

        version_kernel("2.6.32-5-xen-amd64", &k);
        assert_int_equal(kernel_evidence_from_config("/boot/config-2.6.32-5-xen-amd64", "CONFIG_X86_64_XEN=y\n",
                                                     strlen("CONFIG_X86_64_XEN=y\n"), &k),
                         0);
        assert_int_equal(kernel_decide(&k), 0);
        assert_int_equal(k.n_evidence, 2);
        check_ev(&k, 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-2.6.32-5-xen-amd64", "CONFIG_X86_64_XEN=y");
        assert_int_equal(k.evidence[1].kind, EVIDENCE_VERSION);
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        assert_int_equal(k.warnings.n, 1);
        assert_string_equal(k.warnings.v[0], "kernel 2.6.32-5-xen-amd64: version says pvops but "
                                             "/boot/config-2.6.32-5-xen-amd64 says xenlinux (CONFIG_X86_64_XEN=y); "
                                             "the config wins");
        /* Deciding again changes nothing and adds no duplicate warning. */
        assert_int_equal(kernel_decide(&k), 0);
        assert_int_equal(k.warnings.n, 1);
        assert_int_equal(k.flavor, FLAVOR_XENLINUX);
        kernel_done(&k);
}

static void test_decide_order_and_unknown(void **state)
{
        struct kernel k;

        kernel_init(&k);
        k.version = strdup("3.0.13-0.27-xen");
        k.image = strdup("/boot/vmlinuz-3.0.13-0.27-xen");
        /* Gathered weakest first; the sort must be by kind and stable within a kind. */
        assert_int_equal(kernel_evidence_from_version(&k), 0);
        assert_int_equal(kernel_evidence_from_text_index("/m/modules.alias", "alias xen:vbd xen-vbd\n", 22, &k), 0);
        assert_int_equal(kernel_evidence_from_text_index("/m/modules.dep", "kernel/drivers/block/xen-blkfront.ko:\n",
                                                         38, &k),
                         0);
        assert_int_equal(kernel_decide(&k), 0);
        assert_int_equal(k.n_evidence, 3);
        check_ev(&k, 0, EVIDENCE_MODULES, FLAVOR_UNKNOWN, "/m/modules.alias",
                 "xen:vbd -> xen-vbd (PV-on-HVM driver, not a PV block frontend)");
        check_ev(&k, 1, EVIDENCE_MODULES, FLAVOR_PVOPS, "/m/modules.dep", "module kernel/drivers/block/xen-blkfront.ko");
        check_ev(&k, 2, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-3.0.13-0.27-xen",
                 "ends in \"xen\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        /* Unknown evidence decides nothing: the first real verdict wins. */
        assert_int_equal(k.flavor, FLAVOR_PVOPS);
        assert_int_equal(k.warnings.n, 1);
        assert_string_equal(k.warnings.v[0], "kernel 3.0.13-0.27-xen: version says xenlinux but /m/modules.dep says "
                                             "pvops (module kernel/drivers/block/xen-blkfront.ko); the modules wins");
        kernel_done(&k);

        /* No evidence at all. */
        kernel_init(&k);
        assert_int_equal(kernel_decide(&k), 0);
        assert_int_equal(k.flavor, FLAVOR_UNKNOWN);
        kernel_done(&k);
}

static void test_names(void **state)
{
        assert_string_equal(kernel_flavor_to_string(FLAVOR_UNKNOWN), "unknown");
        assert_string_equal(kernel_flavor_to_string(FLAVOR_XENLINUX), "xenlinux");
        assert_string_equal(kernel_flavor_to_string(FLAVOR_PVOPS), "pvops");
        assert_string_equal(evidence_kind_to_string(EVIDENCE_VERSION), "version");
        assert_string_equal(evidence_kind_to_string(EVIDENCE_FILES), "files");
        assert_string_equal(evidence_kind_to_string(EVIDENCE_MODULES), "modules");
        assert_string_equal(evidence_kind_to_string(EVIDENCE_CONFIG), "config");
        kernels_free(NULL, 0);
        kernel_done(NULL);
}

/* ---- version order ---- */

static void test_version_compare_pairs(void **state)
{
        static const struct {
                const char *older, *newer;
        } pairs[] = {
                { "2.6.18-8", "2.6.18-308" },
                { "2.6.9", "2.6.18" },
                { "2.6.32", "3.10" },
                { "1.0~rc1", "1.0" },
                { "1.0~rc1", "1.0~rc2" },
                { "1.0~~", "1.0~" },
                { "2.6.32-5", "2.6.32-5-xen" },
                { "2.6.18-308.el5", "2.6.18-308.el5xen" },
                { "2.6.32-5-xen-amd64", "2.6.32.12-0.7-xen" },
                { "1.a", "1.1" },        /* numeric is newer than letters */
                { "1.0", "1.0a" },
                { "a", "b" },
                { "1.9", "1.10" },
                { "99999999999999999999998", "99999999999999999999999" },
                { "1.01", "1.1" },       /* equal by segments: strcmp decides */
        };

        for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
                assert_int_equal(kernel_version_compare(pairs[i].older, pairs[i].newer), -1);
                assert_int_equal(kernel_version_compare(pairs[i].newer, pairs[i].older), 1);
        }
        assert_int_equal(kernel_version_compare("2.6.18-308.el5xen", "2.6.18-308.el5xen"), 0);
        assert_int_equal(kernel_version_compare("", ""), 0);
        assert_int_equal(kernel_version_compare("", "0"), -1);
        assert_int_equal(kernel_version_compare("0001", "1"), -1); /* "0001" < "1" by strcmp */
}

static void test_version_compare_total_order(void **state)
{
        static const char *const v[] = {
                "", "0", "1", "01", "1.0", "1.0~rc1", "1.0~", "1~", "~", "a", "A", "a1", "1a", "1.a", "1-a", "1_0",
                "2.6.32-5", "2.6.32-5-xen", "2.6.32.5", "2.6.32-5-xen-amd64", "\xff", "1.\xff", "~~", "1~1", "x~",
        };
        size_t n = ARRAY_SIZE(v);

        for (size_t i = 0; i < n; i++) {
                assert_int_equal(kernel_version_compare(v[i], v[i]), 0);
                for (size_t j = 0; j < n; j++) {
                        int ij = kernel_version_compare(v[i], v[j]);

                        assert_int_equal(ij, -kernel_version_compare(v[j], v[i]));
                        assert_true(ij != 0 || i == j);
                        for (size_t l = 0; l < n; l++)
                                if (ij < 0 && kernel_version_compare(v[j], v[l]) < 0)
                                        assert_int_equal(kernel_version_compare(v[i], v[l]), -1);
                }
        }
}

/* ---- inventory ---- */

struct fixture {
        char *root;
        struct guest_root *g;
        struct profile p;
};

static char *fx_path(const struct fixture *f, const char *rel)
{
        char *p = NULL;

        assert_true(asprintf(&p, "%s/%s", f->root, rel) > 0);
        return p;
}

static void fx_symlink(const struct fixture *f, const char *target, const char *rel)
{
        _cleanup_free_ char *p = fx_path(f, rel);

        assert_int_equal(symlink(target, p), 0);
}

static void fx_mkdir(const struct fixture *f, const char *rel)
{
        char p[PATH_MAX];
        size_t root_len = strlen(f->root);

        assert_true((size_t)snprintf(p, sizeof(p), "%s/%s", f->root, rel) < sizeof(p));
        for (size_t i = root_len + 1; p[i]; i++)
                if (p[i] == '/') {
                        p[i] = '\0';
                        mkdir(p, 0755);
                        p[i] = '/';
                }
        assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
}

static void th_rmrf_rel(const struct fixture *f, const char *rel)
{
        _cleanup_free_ char *p = fx_path(f, rel);

        th_rmrf(p);
}

static void fx_mkfifo(const struct fixture *f, const char *rel)
{
        _cleanup_free_ char *p = fx_path(f, rel);

        assert_int_equal(mkfifo(p, 0644), 0);
}

static int fx_setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        assert_non_null(f);
        f->root = th_mkdtemp();
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/initrd-{version}.img"), 0);
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/initramfs-{version}.img"), 0);
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/initrd.img-{version}"), 0);
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/initrd-{version}"), 0);
        assert_int_equal(strv_push(&f->p.kernel_images, "/boot/vmlinuz-{version}"), 0);
        *state = f;
        return 0;
}

static int fx_teardown(void **state)
{
        struct fixture *f = *state;

        guest_root_free(f->g);
        th_rmrf(f->root);
        free(f->root);
        strv_done(&f->p.initrd_images);
        strv_done(&f->p.kernel_images);
        free(f);
        error_clear();
        return 0;
}

static void fx_open(struct fixture *f)
{
        if (!f->g)
                assert_int_equal(guest_root_open(f->root, &f->g), 0);
}

static void fx_inventory(struct fixture *f, struct kernel **ret, size_t *ret_n)
{
        fx_open(f);
        error_clear();
        assert_int_equal(kernel_inventory(f->g, &f->p, ret, ret_n), 0);
        assert_null(error_get());
}

/* The five-kernel guest of the inventory tests. */
static void fx_five_kernels(struct fixture *f)
{
        const char *el5xen = "2.6.18-308.el5xen", *suse = "2.6.32.12-0.7-xen";
        char rel[256];

        /* RHEL 5 Xenlinux: image, config, modules (text modules.dep, module file), initrd. */
        snprintf(rel, sizeof(rel), "boot/vmlinuz-%s", el5xen);
        th_write_str(f->root, rel, "kernel");
        snprintf(rel, sizeof(rel), "boot/config-%s", el5xen);
        th_write_str(f->root, rel, rhel5_xen_config);
        th_write_str(f->root, "boot/initrd-2.6.18-308.el5xen.img", "initrd");
        th_write_str(f->root, "boot/System.map-2.6.18-308.el5xen", "map");
        th_write_str(f->root, "boot/vmlinuz-2.6.18-308.el5xen.old", "old");
        th_write_str(f->root, "lib/modules/2.6.18-308.el5xen/modules.dep",
                     "/lib/modules/2.6.18-308.el5xen/kernel/drivers/xen/blkfront/xenblk.ko:\n");
        th_write_str(f->root, "lib/modules/2.6.18-308.el5xen/kernel/drivers/xen/blkfront/xenblk.ko", "elf");

        /* RHEL 5 non-Xen kernel of the same release: its own initrd only; an empty modules dir. */
        th_write_str(f->root, "boot/vmlinuz-2.6.18-308.el5", "kernel");
        th_write_str(f->root, "boot/initrd-2.6.18-308.el5.img", "initrd");
        th_write_str(f->root, "lib/modules/2.6.18-308.el5/modules.dep", "");

        /* kdump: neither a kernel nor an initrd. */
        th_write_str(f->root, "boot/vmlinuz-2.6.18-308.el5kdump", "kernel");
        th_write_str(f->root, "boot/initrd-2.6.18-308.el5kdump.img", "initrd");
        th_write_str(f->root, "boot/initrd-2.6.18-308.el5xenkdump.img", "initrd");
        fx_mkdir(f, "lib/modules/2.6.18-308.el5kdump");

        /* SLES 11 SP1: image + vmlinuz-xen alias + vmlinux .gz copy, SUSE initrd name, text alias index. */
        snprintf(rel, sizeof(rel), "boot/vmlinuz-%s", suse);
        th_write_str(f->root, rel, "kernel");
        fx_symlink(f, "vmlinuz-2.6.32.12-0.7-xen", "boot/vmlinuz-xen");
        th_write_str(f->root, "boot/vmlinux-2.6.32.12-0.7-xen.gz", "gz");
        th_write_str(f->root, "boot/initrd-2.6.32.12-0.7-xen", "initrd");
        fx_symlink(f, "initrd-2.6.32.12-0.7-xen", "boot/initrd-xen");
        th_write_str(f->root, "boot/config-2.6.32.12-0.7-xen",
                     "CONFIG_XEN=y\nCONFIG_XEN_INTERFACE_VERSION=0x00030207\nCONFIG_XEN_BLKDEV_FRONTEND=m\n");
        th_write_str(f->root, "lib/modules/2.6.32.12-0.7-xen/modules.alias", "alias xen:vbd xenblk\n");

        /* Debian squeeze, image only (modules on another disk). */
        th_write_str(f->root, "boot/vmlinuz-2.6.32-5-xen-amd64", "kernel");
        th_write_str(f->root, "boot/initrd.img-2.6.32-5-xen-amd64", "initrd");
        fx_symlink(f, "boot/vmlinuz-2.6.32-5-xen-amd64", "vmlinuz");

        /* Modules only: a kernel booted from dom0. */
        th_write_str(f->root, "lib/modules/3.10.108-1.el5.elrepo/modules.alias",
                     "alias xenblk xen_blkfront\nalias xen:vbd xen_blkfront\n");
        th_write_str(f->root, "lib/modules/3.10.108-1.el5.elrepo/kernel/drivers/block/xen-blkfront.ko", "elf");

        /* Not kernels. */
        th_write_str(f->root, "lib/modules/README", "not a kernel");
        fx_mkdir(f, "lib/modules/extra");
        fx_mkdir(f, "lib/modules/2.6.18-238.el5"); /* an empty leftover */
        th_write_str(f->root, "lib/modules/extramodules-3.3-ARCH/version", "3.3.7-1-ARCH\n");
        fx_mkdir(f, "boot/vmlinuz-3.3.3"); /* a directory */
}

static void check_five_kernels(struct kernel *v, size_t n)
{
        assert_int_equal(n, 5);

        /* Oldest first. */
        assert_string_equal(v[0].version, "2.6.18-308.el5");
        assert_string_equal(v[1].version, "2.6.18-308.el5xen");
        assert_string_equal(v[2].version, "2.6.32-5-xen-amd64");
        assert_string_equal(v[3].version, "2.6.32.12-0.7-xen");
        assert_string_equal(v[4].version, "3.10.108-1.el5.elrepo");

        /* el5: no evidence; the exact initrd. */
        assert_string_equal(v[0].image, "/boot/vmlinuz-2.6.18-308.el5");
        assert_string_equal(v[0].modules_dir, "/lib/modules/2.6.18-308.el5");
        assert_null(v[0].config);
        assert_string_equal(v[0].initrd, "/boot/initrd-2.6.18-308.el5.img");
        assert_int_equal(v[0].n_evidence, 0);
        assert_int_equal(v[0].flavor, FLAVOR_UNKNOWN);
        assert_int_equal(v[0].blkfront, -1);

        /* el5xen: config, modules.dep, file, version; strongest first. */
        assert_string_equal(v[1].image, "/boot/vmlinuz-2.6.18-308.el5xen");
        assert_string_equal(v[1].config, "/boot/config-2.6.18-308.el5xen");
        assert_string_equal(v[1].initrd, "/boot/initrd-2.6.18-308.el5xen.img");
        assert_int_equal(v[1].n_evidence, 4);
        check_ev(&v[1], 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-2.6.18-308.el5xen", "CONFIG_X86_64_XEN=y");
        check_ev(&v[1], 1, EVIDENCE_MODULES, FLAVOR_XENLINUX, "/lib/modules/2.6.18-308.el5xen/modules.dep",
                 "module /lib/modules/2.6.18-308.el5xen/kernel/drivers/xen/blkfront/xenblk.ko");
        check_ev(&v[1], 2, EVIDENCE_FILES, FLAVOR_XENLINUX,
                 "/lib/modules/2.6.18-308.el5xen/kernel/drivers/xen/blkfront/xenblk.ko",
                 "kernel/drivers/xen/blkfront/xenblk.ko (the Xenlinux block frontend)");
        check_ev(&v[1], 3, EVIDENCE_VERSION, FLAVOR_XENLINUX, "/boot/vmlinuz-2.6.18-308.el5xen",
                 "ends in \"xen\" (the Xenlinux flavour of RHEL, SUSE, Ubuntu)");
        assert_int_equal(v[1].flavor, FLAVOR_XENLINUX);
        assert_int_equal(v[1].warnings.n, 0);

        /* Debian: image only, Debian initrd name, version evidence. */
        assert_string_equal(v[2].image, "/boot/vmlinuz-2.6.32-5-xen-amd64");
        assert_null(v[2].modules_dir);
        assert_string_equal(v[2].initrd, "/boot/initrd.img-2.6.32-5-xen-amd64");
        assert_int_equal(v[2].n_evidence, 1);
        check_ev(&v[2], 0, EVIDENCE_VERSION, FLAVOR_PVOPS, "/boot/vmlinuz-2.6.32-5-xen-amd64",
                 "Debian -xen-amd64 flavour of 2.6.32 or later (squeeze: pvops)");
        assert_int_equal(v[2].flavor, FLAVOR_PVOPS);

        /* SUSE: the vmlinuz-xen alias and the vmlinux .gz are not kernels; SUSE initrd name. */
        assert_string_equal(v[3].image, "/boot/vmlinuz-2.6.32.12-0.7-xen");
        assert_string_equal(v[3].initrd, "/boot/initrd-2.6.32.12-0.7-xen");
        assert_int_equal(v[3].n_evidence, 3);
        check_ev(&v[3], 0, EVIDENCE_CONFIG, FLAVOR_XENLINUX, "/boot/config-2.6.32.12-0.7-xen",
                 "CONFIG_XEN=y without CONFIG_PARAVIRT, CONFIG_XEN_INTERFACE_VERSION=0x00030207");
        check_ev(&v[3], 1, EVIDENCE_MODULES, FLAVOR_XENLINUX, "/lib/modules/2.6.32.12-0.7-xen/modules.alias",
                 "xen:vbd -> xenblk");
        assert_int_equal(v[3].evidence[2].kind, EVIDENCE_VERSION);
        assert_int_equal(v[3].flavor, FLAVOR_XENLINUX);

        /* Modules only. */
        assert_null(v[4].image);
        assert_null(v[4].initrd);
        assert_string_equal(v[4].modules_dir, "/lib/modules/3.10.108-1.el5.elrepo");
        assert_int_equal(v[4].n_evidence, 3);
        check_ev(&v[4], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/3.10.108-1.el5.elrepo/modules.alias",
                 "xen:vbd -> xen_blkfront");
        check_ev(&v[4], 1, EVIDENCE_FILES, FLAVOR_PVOPS,
                 "/lib/modules/3.10.108-1.el5.elrepo/kernel/drivers/block/xen-blkfront.ko",
                 "kernel/drivers/block/xen-blkfront.ko (the pvops block frontend)");
        check_ev(&v[4], 2, EVIDENCE_VERSION, FLAVOR_PVOPS, "/lib/modules/3.10.108-1.el5.elrepo",
                 "3.10.108 is 2.6.39 or later without a xen flavour (mainline Xen PV support)");
        assert_int_equal(v[4].flavor, FLAVOR_PVOPS);
        assert_int_equal(v[4].blkfront, 0);
}

static void test_inventory_five_kernels(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        fx_five_kernels(f);
        fx_inventory(f, &v, &n);
        check_five_kernels(v, n);
        kernels_free(v, n);
}

static void test_inventory_fallback_resolver(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        fx_five_kernels(f);
        fx_open(f);
        guest_root_force_fallback(f->g, true);
        fx_inventory(f, &v, &n);
        check_five_kernels(v, n);
        kernels_free(v, n);
}

static void test_inventory_no_profile(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* The default image and initrd names. */
        fx_five_kernels(f);
        fx_open(f);
        assert_int_equal(kernel_inventory(f->g, NULL, &v, &n), 0);
        check_five_kernels(v, n);
        kernels_free(v, n);
}

static void test_inventory_empty(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = (struct kernel *)1;
        size_t n = 99;

        fx_inventory(f, &v, &n);
        assert_null(v);
        assert_int_equal(n, 0);

        /* /boot and /lib/modules as dangling links: still nothing. */
        fx_symlink(f, "/nowhere", "boot");
        fx_mkdir(f, "lib");
        fx_symlink(f, "../../nowhere", "lib/modules");
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 0);
}

static void test_inventory_initrd_choice(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* el5 has only el5xen's image and a kdump one: none is its. */
        th_write_str(f->root, "boot/vmlinuz-2.6.18-308.el5", "k");
        th_write_str(f->root, "boot/initrd-2.6.18-308.el5xen.img", "i");
        th_write_str(f->root, "boot/initrd-2.6.18-308.el5kdump.img", "i");
        /* el5xen: its .img name is a link to a kdump image, so the next template's name is taken. */
        th_write_str(f->root, "boot/vmlinuz-2.6.18-308.el5xen", "k");
        fx_symlink(f, "initrd-2.6.18-308.el5kdump.img", "boot/initramfs-2.6.18-308.el5xen.img");
        fx_mkdir(f, "boot/initrd-2.6.18-308.el5xen"); /* a directory is no initrd */
        /* Debian: a link inside /boot to the real image counts, by the name asked for. */
        th_write_str(f->root, "boot/vmlinuz-3.2.0-4-amd64", "k");
        th_write_str(f->root, "boot/real-initrd", "i");
        fx_symlink(f, "/boot/real-initrd", "boot/initrd.img-3.2.0-4-amd64");
        /* A link out of the root resolves inside it, to nothing. */
        th_write_str(f->root, "boot/vmlinuz-3.16.0-4-amd64", "k");
        fx_symlink(f, "../../../../../../etc/hostname", "boot/initrd.img-3.16.0-4-amd64");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 4);
        assert_string_equal(v[0].version, "2.6.18-308.el5");
        assert_null(v[0].initrd);
        assert_string_equal(v[1].version, "2.6.18-308.el5xen");
        assert_string_equal(v[1].initrd, "/boot/initrd-2.6.18-308.el5xen.img");
        assert_string_equal(v[2].version, "3.2.0-4-amd64");
        assert_string_equal(v[2].initrd, "/boot/initrd.img-3.2.0-4-amd64");
        assert_string_equal(v[3].version, "3.16.0-4-amd64");
        assert_null(v[3].initrd);
        kernels_free(v, n);
}

static void test_inventory_image_names(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* vmlinuz and vmlinux of one version: one kernel, the vmlinuz image. */
        th_write_str(f->root, "boot/vmlinux-3.0.0", "k");
        th_write_str(f->root, "boot/vmlinuz-3.0.0", "k");
        /* kernel-VER (Arch, Gentoo) */
        th_write_str(f->root, "boot/kernel-3.1.0", "k");
        /* a link to a file that is no image name is a kernel of its own */
        th_write_str(f->root, "boot/bzImage", "k");
        fx_symlink(f, "bzImage", "boot/vmlinuz-3.2.0");
        /* dangling, looping, escaping links, odd names, backups, rescue: not kernels */
        fx_symlink(f, "vmlinuz-9.9.9-missing", "boot/vmlinuz-9.9.8");
        fx_symlink(f, "vmlinuz-9.9.7", "boot/vmlinuz-9.9.7");
        fx_symlink(f, "/../../../../../bin/sh", "boot/vmlinuz-9.9.6");
        th_write_str(f->root, "boot/vmlinuz-9.9.5 x", "k");
        th_write_str(f->root, "boot/vmlinuz-9.9.4\x1b[2J", "k");
        th_write_str(f->root, "boot/vmlinuz-9.9.3.bak", "k");
        th_write_str(f->root, "boot/vmlinuz-9.9.2.dpkg-new", "k");
        th_write_str(f->root, "boot/vmlinuz-0-rescue-0123456789abcdef", "k");
        th_write_str(f->root, "boot/vmlinuz-", "k");
        th_write_str(f->root, "boot/vmlinuz-default", "k");
        fx_mkfifo(f, "boot/vmlinuz-9.9.1");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 3);
        assert_string_equal(v[0].version, "3.0.0");
        assert_string_equal(v[0].image, "/boot/vmlinuz-3.0.0");
        assert_string_equal(v[1].version, "3.1.0");
        assert_string_equal(v[1].image, "/boot/kernel-3.1.0");
        assert_string_equal(v[2].version, "3.2.0");
        assert_string_equal(v[2].image, "/boot/vmlinuz-3.2.0");
        kernels_free(v, n);
}

static void test_inventory_profile_templates(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* Gentoo genkernel: the longer profile pattern wins over the default "kernel-". */
        strv_done(&f->p.kernel_images);
        strv_done(&f->p.initrd_images);
        assert_int_equal(strv_push(&f->p.kernel_images, "/boot/kernel-genkernel-x86_64-{version}"), 0);
        assert_int_equal(strv_push(&f->p.kernel_images, "/elsewhere/{version}/vmlinuz"), 0); /* not listable */
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/initramfs-genkernel-x86_64-{version}"), 0);
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/no-version"), 0);
        th_write_str(f->root, "boot/kernel-genkernel-x86_64-3.2.12-gentoo", "k");
        th_write_str(f->root, "boot/initramfs-genkernel-x86_64-3.2.12-gentoo", "i");
        th_write_str(f->root, "boot/no-version", "i");
        th_write_str(f->root, "lib/modules/3.2.12-gentoo/modules.order", "");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        assert_string_equal(v[0].version, "3.2.12-gentoo");
        assert_string_equal(v[0].image, "/boot/kernel-genkernel-x86_64-3.2.12-gentoo");
        assert_string_equal(v[0].modules_dir, "/lib/modules/3.2.12-gentoo");
        assert_string_equal(v[0].initrd, "/boot/initramfs-genkernel-x86_64-3.2.12-gentoo");
        kernels_free(v, n);
}

static void test_inventory_symlinked_dirs(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* /lib -> usr/lib, /boot -> /sysroot/boot, and a modules dir that is a guest-absolute link. */
        fx_mkdir(f, "usr/lib/modules/real");
        fx_symlink(f, "usr/lib", "lib");
        th_write_str(f->root, "usr/lib/modules/real/modules.dep", "kernel/drivers/block/xen-blkfront.ko:\n");
        fx_symlink(f, "/lib/modules/real", "usr/lib/modules/4.9.0-8-amd64");
        /* An escape attempt clamps at the root: "/../../..../lib/modules/real" is the same directory. */
        fx_symlink(f, "../../../../../../../../lib/modules/real", "usr/lib/modules/4.9.0-9-amd64");
        /* A link to a file is no modules dir. */
        fx_symlink(f, "real/modules.dep", "usr/lib/modules/4.9.0-10-amd64");
        fx_mkdir(f, "sysroot/boot");
        fx_symlink(f, "/sysroot/boot", "boot");
        th_write_str(f->root, "sysroot/boot/vmlinuz-4.9.0-8-amd64", "k");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 2);
        assert_string_equal(v[0].version, "4.9.0-8-amd64");
        assert_string_equal(v[0].image, "/boot/vmlinuz-4.9.0-8-amd64");
        assert_string_equal(v[0].modules_dir, "/lib/modules/4.9.0-8-amd64");
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/4.9.0-8-amd64/modules.dep",
                 "module kernel/drivers/block/xen-blkfront.ko");
        assert_int_equal(v[0].blkfront, 0);
        assert_string_equal(v[1].version, "4.9.0-9-amd64");
        assert_null(v[1].image);
        assert_int_equal(v[1].flavor, FLAVOR_PVOPS);
        kernels_free(v, n);
}

static void test_inventory_unsafe_files(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* A FIFO as the config: refused (never opened for reading, so nothing blocks). */
        th_write_str(f->root, "boot/vmlinuz-3.2.0-4-amd64", "k");
        fx_mkfifo(f, "boot/config-3.2.0-4-amd64");
        fx_open(f);
        error_clear();
        assert_int_equal(kernel_inventory(f->g, &f->p, &v, &n), -EBADFD);
        assert_non_null(error_get());
        assert_non_null(strstr(error_get(), "/boot/config-3.2.0-4-amd64"));
        assert_null(v);
        assert_int_equal(n, 0);
}

static void test_inventory_unsafe_text_index(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        fx_mkdir(f, "lib/modules/2.6.18-8.el5xen");
        fx_mkfifo(f, "lib/modules/2.6.18-8.el5xen/modules.dep");
        fx_open(f);
        error_clear();
        assert_int_equal(kernel_inventory(f->g, &f->p, &v, &n), -EBADFD);
        assert_non_null(strstr(error_get(), "/lib/modules/2.6.18-8.el5xen/modules.dep"));
}

static void test_inventory_unsafe_kmod_index(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* libkmod would block on it: refused before libkmod sees the directory. */
        th_write_str(f->root, "lib/modules/6.1.0-1-amd64/modules.alias.bin", "x");
        fx_mkfifo(f, "lib/modules/6.1.0-1-amd64/modules.dep.bin");
        fx_open(f);
        error_clear();
        assert_int_equal(kernel_inventory(f->g, &f->p, &v, &n), -EBADFD);
        assert_string_equal(error_get(), "'/lib/modules/6.1.0-1-amd64/modules.dep.bin': is a FIFO, refusing to read it");
}

static void test_inventory_kmod_index_symlink(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* A .bin index that is a symlink (libkmod would follow it on the host): the text index is used. */
        fx_mkdir(f, "lib/modules/6.1.0-1-amd64");
        fx_symlink(f, "/etc/passwd", "lib/modules/6.1.0-1-amd64/modules.alias.bin");
        th_write_str(f->root, "lib/modules/6.1.0-1-amd64/modules.dep.bin", "x");
        th_write_str(f->root, "lib/modules/6.1.0-1-amd64/modules.alias", "alias xen:vbd xen_blkfront\n");
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/6.1.0-1-amd64/modules.alias",
                 "xen:vbd -> xen_blkfront");
        kernels_free(v, n);
}

static void test_inventory_kmod_corrupt_index(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* .bin files libkmod cannot read: the text indexes are used instead. */
        th_write_str(f->root, "lib/modules/6.1.0-1-amd64/modules.alias.bin", "not an index");
        th_write_str(f->root, "lib/modules/6.1.0-1-amd64/modules.dep.bin", "not an index");
        th_write_str(f->root, "lib/modules/6.1.0-1-amd64/modules.builtin", "kernel/drivers/block/xen-blkfront.ko\n");
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/6.1.0-1-amd64/modules.builtin",
                 "built in: kernel/drivers/block/xen-blkfront.ko");
        assert_int_equal(v[0].blkfront, 1);
        kernels_free(v, n);
}

static void test_inventory_too_many(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;
        char rel[64];

        for (int i = 0; i <= KERNEL_MAX; i++) {
                snprintf(rel, sizeof(rel), "lib/modules/1.0.%d/kernel", i);
                fx_mkdir(f, rel);
        }
        fx_open(f);
        error_clear();
        assert_int_equal(kernel_inventory(f->g, &f->p, &v, &n), -E2BIG);
        assert_non_null(error_get());
        assert_null(v);
}

/* Arch: /boot/vmlinuz-linux and /boot/initramfs-linux.img carry no version. */
static void fx_arch_profile(struct fixture *f)
{
        strv_done(&f->p.kernel_images);
        strv_done(&f->p.initrd_images);
        assert_int_equal(strv_push(&f->p.kernel_images, "/boot/vmlinuz-linux"), 0);
        assert_int_equal(strv_push(&f->p.kernel_images, "/boot/vmlinuz26"), 0);
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/initramfs-linux.img"), 0);
        assert_int_equal(strv_push(&f->p.initrd_images, "/boot/kernel26.img"), 0);
}

static void test_inventory_versionless_single(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* A placeholder image (no setup header) and one kernel in /lib/modules: they belong together. */
        fx_arch_profile(f);
        th_write_str(f->root, "boot/vmlinuz-linux", "placeholder");
        th_write_str(f->root, "boot/initramfs-linux.img", "placeholder");
        th_write_str(f->root, "boot/initramfs-linux-fallback.img", "placeholder");
        th_write_str(f->root, "lib/modules/3.3.7-1-ARCH/modules.alias", "alias xen:vbd xen_blkfront\n");
        th_write_str(f->root, "lib/modules/3.3.7-1-ARCH/modules.dep", "kernel/drivers/block/xen-blkfront.ko.gz:\n");
        th_write_str(f->root, "lib/modules/3.3.7-1-ARCH/modules.builtin", "kernel/fs/ext4/ext4.ko\n");
        th_write_str(f->root, "lib/modules/3.3.7-1-ARCH/kernel/drivers/block/xen-blkfront.ko.gz", "placeholder");
        th_write_str(f->root, "lib/modules/extramodules-3.3-ARCH/version", "3.3.7-1-ARCH\n");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        assert_string_equal(v[0].version, "3.3.7-1-ARCH");
        assert_string_equal(v[0].image, "/boot/vmlinuz-linux");
        assert_string_equal(v[0].initrd, "/boot/initramfs-linux.img");
        assert_null(v[0].config);
        assert_int_equal(v[0].n_evidence, 4);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/3.3.7-1-ARCH/modules.alias",
                 "xen:vbd -> xen_blkfront");
        check_ev(&v[0], 1, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/3.3.7-1-ARCH/modules.dep",
                 "module kernel/drivers/block/xen-blkfront.ko.gz");
        check_ev(&v[0], 2, EVIDENCE_FILES, FLAVOR_PVOPS,
                 "/lib/modules/3.3.7-1-ARCH/kernel/drivers/block/xen-blkfront.ko.gz",
                 "kernel/drivers/block/xen-blkfront.ko.gz (the pvops block frontend)");
        check_ev(&v[0], 3, EVIDENCE_VERSION, FLAVOR_PVOPS, "/boot/vmlinuz-linux",
                 "3.3.7 is 2.6.39 or later without a xen flavour (mainline Xen PV support)");
        assert_int_equal(v[0].flavor, FLAVOR_PVOPS);
        assert_int_equal(v[0].blkfront, 0);
        kernels_free(v, n);
}

/* A minimal x86 bzImage: the setup header with its version string. */
static void write_bzimage(const struct fixture *f, const char *rel, const char *banner)
{
        char buf[0x400] = {0};

        memcpy(buf + 0x202, "HdrS", 4);
        buf[0x206] = 0x0a; /* protocol 2.10 */
        buf[0x207] = 0x02;
        buf[0x20E] = 0x00; /* the string at 0x100 + 0x200 */
        buf[0x20F] = 0x01;
        assert_true(strlen(banner) < sizeof(buf) - 0x300);
        memcpy(buf + 0x300, banner, strlen(banner));
        th_write(f->root, rel, buf, sizeof(buf));
}

static void test_inventory_versionless_header(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* Two versionless images, told apart by their headers; one names a kernel without modules. */
        fx_arch_profile(f);
        assert_int_equal(strv_push(&f->p.kernel_images, "/boot/vmlinuz-linux-lts"), 0);
        write_bzimage(f, "boot/vmlinuz-linux", "3.3.7-1-ARCH (tobias@T-POWA-LX) #1 SMP PREEMPT Tue May 22 2012");
        write_bzimage(f, "boot/vmlinuz-linux-lts", "3.0.32-1-lts (tobias@T-POWA-LX) #1 SMP Mon May 21 2012");
        write_bzimage(f, "boot/vmlinuz26", "linux banner without a version");
        th_write_str(f->root, "boot/initramfs-linux.img", "i");
        th_write_str(f->root, "lib/modules/3.3.7-1-ARCH/modules.dep", "");
        th_write_str(f->root, "lib/modules/2.6.32-1/modules.dep", "");
        th_write_str(f->root, "lib/modules/2.6.30-1/modules.dep", "");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 4);
        /* vmlinuz26 states no version, and two kernels lack an image: it is nobody's. */
        assert_string_equal(v[0].version, "2.6.30-1");
        assert_null(v[0].image);
        assert_string_equal(v[1].version, "2.6.32-1");
        assert_null(v[1].image);
        assert_string_equal(v[2].version, "3.0.32-1-lts");
        assert_string_equal(v[2].image, "/boot/vmlinuz-linux-lts");
        assert_null(v[2].modules_dir);
        assert_string_equal(v[3].version, "3.3.7-1-ARCH");
        assert_string_equal(v[3].image, "/boot/vmlinuz-linux");
        assert_string_equal(v[3].modules_dir, "/lib/modules/3.3.7-1-ARCH");
        /* Two kernels with versionless images: a versionless initrd is nobody's. */
        assert_null(v[2].initrd);
        assert_null(v[3].initrd);
        kernels_free(v, n);

        /* With one kernel fewer, the image that states no version goes to the one kernel left without. */
        th_rmrf_rel(f, "lib/modules/2.6.30-1");
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 3);
        assert_string_equal(v[0].version, "2.6.32-1");
        assert_string_equal(v[0].image, "/boot/vmlinuz26");
        kernels_free(v, n);
}

/* ---- libkmod on indexes built by depmod ---- */

static const char *depmod_path(void)
{
        static const char *const paths[] = { "/sbin/depmod", "/usr/sbin/depmod", "/usr/bin/depmod" };

        for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
                if (access(paths[i], X_OK) == 0)
                        return paths[i];
        return NULL;
}

/*
 * A module file depmod accepts: an ELF relocatable object with only a
 * .modinfo section ("alias=xen:vbd\0license=GPL\0"). depmod reads the aliases
 * from it and takes the module name from the file name.
 */
static void write_fake_module(const char *root, const char *rel, const char *modinfo, size_t modinfo_len)
{
        static const char shstrtab[] = "\0.modinfo\0.shstrtab";
        Elf64_Ehdr eh = {0};
        Elf64_Shdr sh[3] = {{0}};
        size_t off_modinfo = sizeof(eh), off_shstr = off_modinfo + modinfo_len;
        size_t off_sh = (off_shstr + sizeof(shstrtab) + 7) & ~(size_t)7, size = off_sh + sizeof(sh);
        char *buf = calloc(1, size);

        assert_non_null(buf);
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS64;
        eh.e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        eh.e_type = ET_REL;
        eh.e_machine = EM_X86_64;
        eh.e_version = EV_CURRENT;
        eh.e_shoff = off_sh;
        eh.e_ehsize = sizeof(eh);
        eh.e_shentsize = sizeof(Elf64_Shdr);
        eh.e_shnum = 3;
        eh.e_shstrndx = 2;
        sh[1].sh_name = 1;
        sh[1].sh_type = SHT_PROGBITS;
        sh[1].sh_flags = SHF_ALLOC;
        sh[1].sh_offset = off_modinfo;
        sh[1].sh_size = modinfo_len;
        sh[1].sh_addralign = 1;
        sh[2].sh_name = 10;
        sh[2].sh_type = SHT_STRTAB;
        sh[2].sh_offset = off_shstr;
        sh[2].sh_size = sizeof(shstrtab);
        sh[2].sh_addralign = 1;

        memcpy(buf, &eh, sizeof(eh));
        memcpy(buf + off_modinfo, modinfo, modinfo_len);
        memcpy(buf + off_shstr, shstrtab, sizeof(shstrtab));
        memcpy(buf + off_sh, sh, sizeof(sh));
        th_write(root, rel, buf, size);
        free(buf);
}

/*
 * Run depmod on ROOT/lib/modules/VER; false when it is not available or
 * fails. Without modules.builtin and modules.builtin.modinfo depmod writes
 * empty builtin .bin indexes, which kernel.c does not give libkmod: a
 * built-in ext4 is added first unless the tree has its own.
 */
static bool run_depmod(const struct fixture *f, const char *version)
{
        static const char ext4_modinfo[] = "ext4.license=GPL";
        _cleanup_free_ char *cmd = NULL, *bin = NULL, *rel = NULL;
        const char *depmod = depmod_path();
        bool ok;

        if (!depmod)
                return false;
        assert_true(asprintf(&rel, "lib/modules/%s/modules.builtin", version) > 0);
        bin = fx_path(f, rel);
        if (access(bin, F_OK) < 0) {
                th_write_str(f->root, rel, "kernel/fs/ext4/ext4.ko\n");
                free(rel);
                assert_true(asprintf(&rel, "lib/modules/%s/modules.builtin.modinfo", version) > 0);
                th_write(f->root, rel, ext4_modinfo, sizeof(ext4_modinfo));
        }
        free(TAKE_PTR(rel));
        free(TAKE_PTR(bin));
        assert_true(asprintf(&cmd, "'%s' -b '%s' '%s' 2>/dev/null", depmod, f->root, version) > 0);
        if (system(cmd) != 0)
                return false;
        /* A depmod built for /usr/lib/modules writes there: only ROOT/lib/modules is the guest's layout. */
        assert_true(asprintf(&rel, "lib/modules/%s/modules.alias.bin", version) > 0);
        bin = fx_path(f, rel);
        ok = access(bin, F_OK) == 0;
        return ok;
}

static const char modinfo_vbd[] = "alias=xen:vbd\0alias=xenblk\0license=GPL";

static void test_libkmod_module(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        fx_mkdir(f, "lib/modules/9.9.9-test/kernel/fs");
        write_fake_module(f->root, "lib/modules/9.9.9-test/kernel/drivers/block/xen-blkfront.ko", modinfo_vbd,
                          sizeof(modinfo_vbd));
        if (!run_depmod(f, "9.9.9-test"))
                skip();
        /* The text index would say otherwise: it must not be read when libkmod can be used. */
        th_write_str(f->root, "lib/modules/9.9.9-test/modules.alias", "alias xen:vbd xenblk\n");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].n_evidence, 3);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/9.9.9-test",
                 "xen:vbd -> xen_blkfront (libkmod: kernel/drivers/block/xen-blkfront.ko)");
        check_ev(&v[0], 1, EVIDENCE_FILES, FLAVOR_PVOPS, "/lib/modules/9.9.9-test/kernel/drivers/block/xen-blkfront.ko",
                 "kernel/drivers/block/xen-blkfront.ko (the pvops block frontend)");
        assert_int_equal(v[0].evidence[2].kind, EVIDENCE_VERSION);
        assert_int_equal(v[0].flavor, FLAVOR_PVOPS);
        assert_int_equal(v[0].blkfront, 0);
        assert_int_equal(v[0].warnings.n, 0);
        kernels_free(v, n);
}

static void test_libkmod_builtin(void **state)
{
        static const char builtin_modinfo[] = "xen_blkfront.alias=xen:vbd\0xen_blkfront.alias=xenblk\0"
                                              "xen_blkfront.license=GPL";
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        th_write_str(f->root, "lib/modules/9.9.9-test/modules.builtin", "kernel/drivers/block/xen-blkfront.ko\n");
        th_write(f->root, "lib/modules/9.9.9-test/modules.builtin.modinfo", builtin_modinfo, sizeof(builtin_modinfo));
        if (!run_depmod(f, "9.9.9-test"))
                skip();
        /* Only libkmod knows the alias of a built-in driver: there is no files evidence. */
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].n_evidence, 2);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/9.9.9-test",
                 "xen:vbd -> xen_blkfront (libkmod: built in)");
        assert_int_equal(v[0].flavor, FLAVOR_PVOPS);
        assert_int_equal(v[0].blkfront, 1);
        kernels_free(v, n);
}

static void test_libkmod_xenlinux(void **state)
{
        static const char modinfo[] = "alias=xen:vbd\0license=GPL";
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        write_fake_module(f->root, "lib/modules/3.0.101-63-xen/kernel/drivers/xen/blkfront/xenblk.ko", modinfo,
                          sizeof(modinfo));
        if (!run_depmod(f, "3.0.101-63-xen"))
                skip();
        th_write_str(f->root, "boot/vmlinuz-3.0.101-63-xen", "k");
        /* With the fallback resolver too. */
        fx_open(f);
        guest_root_force_fallback(f->g, true);
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].n_evidence, 3);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_XENLINUX, "/lib/modules/3.0.101-63-xen",
                 "xen:vbd -> xenblk (libkmod: kernel/drivers/xen/blkfront/xenblk.ko)");
        check_ev(&v[0], 1, EVIDENCE_FILES, FLAVOR_XENLINUX,
                 "/lib/modules/3.0.101-63-xen/kernel/drivers/xen/blkfront/xenblk.ko",
                 "kernel/drivers/xen/blkfront/xenblk.ko (the Xenlinux block frontend)");
        assert_int_equal(v[0].flavor, FLAVOR_XENLINUX);
        assert_int_equal(v[0].blkfront, -1);
        kernels_free(v, n);
}

static void test_libkmod_symlinked_dir(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* The index directory is reached through a guest-absolute link: libkmod gets the pinned fd. */
        write_fake_module(f->root, "lib/modules/9.9.9-test/kernel/drivers/block/xen-blkfront.ko", modinfo_vbd,
                          sizeof(modinfo_vbd));
        if (!run_depmod(f, "9.9.9-test"))
                skip();
        fx_symlink(f, "/lib/modules/9.9.9-test", "lib/modules/9.9.9-link");
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 2);
        assert_string_equal(v[0].version, "9.9.9-link");
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/9.9.9-link",
                 "xen:vbd -> xen_blkfront (libkmod: kernel/drivers/block/xen-blkfront.ko)");
        assert_int_equal(v[0].blkfront, 0);
        kernels_free(v, n);
}

static void test_libkmod_stale_alias(void **state)
{
        _cleanup_free_ char *from = NULL, *to = NULL;
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* modules.alias.bin names a module that modules.dep.bin lacks (an index from another tree). */
        write_fake_module(f->root, "lib/modules/9.9.9-test/kernel/drivers/block/xen-blkfront.ko", modinfo_vbd,
                          sizeof(modinfo_vbd));
        write_fake_module(f->root, "lib/modules/9.9.8-other/kernel/drivers/block/loop.ko", "license=GPL",
                          sizeof("license=GPL"));
        if (!run_depmod(f, "9.9.9-test") || !run_depmod(f, "9.9.8-other"))
                skip();
        from = fx_path(f, "lib/modules/9.9.8-other/modules.dep.bin");
        to = fx_path(f, "lib/modules/9.9.9-test/modules.dep.bin");
        assert_int_equal(rename(from, to), 0);
        th_rmrf_rel(f, "lib/modules/9.9.9-test/kernel");

        fx_inventory(f, &v, &n);
        assert_int_equal(n, 2);
        assert_string_equal(v[1].version, "9.9.9-test");
        check_ev(&v[1], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/9.9.9-test",
                 "xen:vbd -> xen_blkfront (libkmod: not in modules.dep nor built in)");
        assert_int_equal(v[1].blkfront, -1);
        kernels_free(v, n);
}

static void test_libkmod_empty_builtin_index(void **state)
{
        struct fixture *f = *state;
        struct kernel *v = NULL;
        size_t n = 0;

        /* depmod on a kernel without modules.builtin writes empty builtin .bin files: the text is read. */
        write_fake_module(f->root, "lib/modules/2.6.32-9-test/kernel/drivers/block/xen-blkfront.ko", modinfo_vbd,
                          sizeof(modinfo_vbd));
        if (!run_depmod(f, "2.6.32-9-test"))
                skip();
        th_write_str(f->root, "lib/modules/2.6.32-9-test/modules.builtin.bin", "");
        th_write_str(f->root, "lib/modules/2.6.32-9-test/modules.builtin.alias.bin", "");
        fx_inventory(f, &v, &n);
        assert_int_equal(n, 1);
        check_ev(&v[0], 0, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/2.6.32-9-test/modules.alias",
                 "xen:vbd -> xen_blkfront");
        check_ev(&v[0], 1, EVIDENCE_MODULES, FLAVOR_PVOPS, "/lib/modules/2.6.32-9-test/modules.dep",
                 "module kernel/drivers/block/xen-blkfront.ko");
        assert_int_equal(v[0].blkfront, 0);
        kernels_free(v, n);
}

static void test_version_is_rhel6(void **state)
{
        (void)state;
        assert_true(kernel_version_is_rhel6("2.6.32-279.el6.x86_64"));
        assert_true(kernel_version_is_rhel6("2.6.32-754.35.1.el6.i686"));
        assert_false(kernel_version_is_rhel6("2.6.18-308.el5xen"));
        assert_false(kernel_version_is_rhel6("4.4.0-1.el6.elrepo.x86_64"));
        assert_false(kernel_version_is_rhel6("2.6.32-5-xen-amd64"));
        assert_false(kernel_version_is_rhel6("2.6.320-1.el6"));
        assert_false(kernel_version_is_rhel6(""));
        assert_false(kernel_version_is_rhel6(NULL));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_config_rhel5_x86_64),
                cmocka_unit_test(test_config_i386_x86_xen),
                cmocka_unit_test(test_config_mainline_pvops),
                cmocka_unit_test(test_config_pvops_builtin_blkfront),
                cmocka_unit_test(test_config_suse_xen),
                cmocka_unit_test(test_config_suse_paravirt_xen),
                cmocka_unit_test(test_config_xen_alone),
                cmocka_unit_test(test_config_debian_squeeze_xen),
                cmocka_unit_test(test_config_hvm_only),
                cmocka_unit_test(test_config_contradiction),
                cmocka_unit_test(test_config_odd_bytes),
                cmocka_unit_test(test_text_alias_xenlinux),
                cmocka_unit_test(test_text_alias_pvops),
                cmocka_unit_test(test_text_alias_pv_on_hvm),
                cmocka_unit_test(test_text_builtin),
                cmocka_unit_test(test_text_dep_absolute_xenlinux),
                cmocka_unit_test(test_text_dep_relative_pvops),
                cmocka_unit_test(test_text_any_format),
                cmocka_unit_test(test_text_hostile_lines),
                cmocka_unit_test(test_version_debian_squeeze),
                cmocka_unit_test(test_version_suse_xen),
                cmocka_unit_test(test_version_rhel),
                cmocka_unit_test(test_version_mainline),
                cmocka_unit_test(test_decide_config_beats_version),
                cmocka_unit_test(test_decide_order_and_unknown),
                cmocka_unit_test(test_names),
                cmocka_unit_test(test_version_compare_pairs),
                cmocka_unit_test(test_version_compare_total_order),
                cmocka_unit_test(test_version_is_rhel6),
                cmocka_unit_test_setup_teardown(test_inventory_five_kernels, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_fallback_resolver, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_no_profile, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_empty, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_initrd_choice, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_image_names, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_profile_templates, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_versionless_single, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_versionless_header, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_symlinked_dirs, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_unsafe_files, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_unsafe_text_index, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_unsafe_kmod_index, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_kmod_index_symlink, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_kmod_corrupt_index, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_inventory_too_many, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_libkmod_module, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_libkmod_builtin, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_libkmod_xenlinux, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_libkmod_symlinked_dir, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_libkmod_stale_alias, fx_setup, fx_teardown),
                cmocka_unit_test_setup_teardown(test_libkmod_empty_builtin_index, fx_setup, fx_teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
