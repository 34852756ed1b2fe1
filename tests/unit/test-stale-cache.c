/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Stale caches: deleted exactly when they name a Xenlinux disk. */
#include "test-rewrite.h"

/* Run rw; reason NULL means "keep the file". */
static void check(const struct rewriter *rw, const char *path, const char *in, const char *reason,
                  const char *const *steps)
{
        const struct facts facts = {0};
        struct rewrite_out o = {0};
        char *out = tr_run_n(rw, path, in, strlen(in), &facts, &o, NULL);

        assert_string_equal(out, in);
        assert_int_equal(o.edits.n, 0);
        assert_int_equal(o.warnings.n, 0);
        assert_false(o.create);
        assert_int_equal(o.delete, reason != NULL);
        if (reason)
                assert_string_equal(o.delete_reason, reason);
        else
                assert_null(o.delete_reason);
        tr_check_list("next step", &o.next_steps, steps);
        free(out);
        rewrite_out_done(&o);
}

static void test_blkid(void **state)
{
        const char *xen = "<device DEVNO=\"0x0801\" TIME=\"1290000000\" LABEL=\"/\" UUID=\"3f1c\" "
                          "TYPE=\"ext3\">/dev/sda1</device>\n"
                          "<device DEVNO=\"0x0802\" TIME=\"1290000000\" TYPE=\"swap\">/dev/sda2</device>\n";
        const char *pvops = "<device DEVNO=\"0xca01\" TIME=\"1390000000\" LABEL=\"/\" UUID=\"3f1c\" "
                            "TYPE=\"ext3\">/dev/xvda1</device>\n";

        check(&rewriter_blkid_cache, "/etc/blkid.tab", xen,
              "stale blkid cache: line 1 names /dev/sda1, a Xenlinux disk name; blkid makes a new one when it is "
              "missing",
              NONE);
        check(&rewriter_blkid_cache, "/etc/blkid/blkid.tab.old",
              "<device DEVNO=\"0x0341\" TYPE=\"ext3\">/dev/hdb1</device>\n",
              "stale blkid cache: line 1 names /dev/hdb1, a Xenlinux disk name; blkid makes a new one when it is "
              "missing",
              NONE);
        /* A cache rebuilt under pvops stays: a second run must not lose it. */
        check(&rewriter_blkid_cache, "/etc/blkid.tab", pvops, NULL, NONE);
        /* Only whole tokens count. */
        check(&rewriter_blkid_cache, "/etc/blkid.tab",
              "<device TYPE=\"ext3\" LABEL=\"/dev/sda1\">/dev/mapper/VolGroup00-LogVol00</device>\n"
              "<device TYPE=\"ext3\">/dev/sda1x</device>\n"
              "<device TYPE=\"ext3\">/dev/disk/by-id/sda1</device>\n",
              NULL, NONE);
        check(&rewriter_blkid_cache, "/etc/blkid.tab", "", NULL, NONE);
        tr_check_missing(&rewriter_blkid_cache, "/etc/blkid.tab");
}

static void test_lvm_cache(void **state)
{
        check(&rewriter_lvm_cache, "/etc/lvm/cache/.cache",
              "# This file is automatically maintained by lvm.\n"
              "\n"
              "persistent_filter_cache {\n"
              "\tvalid_devices=[\n"
              "\t\t\"/dev/sda2\",\n"
              "\t\t\"/dev/root\"\n"
              "\t]\n"
              "}\n",
              "stale LVM device cache: line 5 names /dev/sda2, a Xenlinux disk name; LVM makes a new one on its next "
              "scan",
              NONE);
        check(&rewriter_lvm_cache, "/etc/lvm/.cache",
              "persistent_filter_cache {\n\tvalid_devices=[\n\t\t\"/dev/xvda2\"\n\t]\n}\n", NULL, NONE);
        tr_check_missing(&rewriter_lvm_cache, "/etc/lvm/cache/.cache");
}

static void test_lvm_devices(void **state)
{
        check(&rewriter_lvm_devices, "/etc/lvm/devices/system.devices",
              "# LVM uses devices listed in this file.\n"
              "# Created by LVM command lvmdevices pid 1234 at Mon Nov 25 11:00:00 2024\n"
              "VERSION=1.1.2\n"
              "IDTYPE=devname IDNAME=/dev/sda2 DEVNAME=/dev/sda2 PVID=Wd3X0cK1m2n3o4p5q6r7s8t9u0v1w2x3 PART=2\n",
              "LVM devices file: line 4 names /dev/sda2, a Xenlinux disk name; without it LVM uses every disk, "
              "under either kernel",
              LIST("after the first boot with the pvops kernel, list the disks LVM may use again (if you want a "
                   "devices file): vgimportdevices -a"));
        check(&rewriter_lvm_devices, "/etc/lvm/devices/system.devices",
              "VERSION=1.1.2\nIDTYPE=devname IDNAME=/dev/xvda2 DEVNAME=/dev/xvda2 PVID=Wd3X PART=2\n", NULL, NONE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_blkid),
                cmocka_unit_test(test_lvm_cache),
                cmocka_unit_test(test_lvm_devices),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
