/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The mdadm.conf rewriter: whole-file golden strings, warnings included. */
#include "test-rewrite.h"

#define P "/etc/mdadm.conf"
#define STEP LIST("rebuild the initrd of the pvops kernel: it carries a copy of /etc/mdadm.conf")

static void check(const char *in, const char *expected, const char *const *warnings)
{
        tr_check(&rewriter_mdadm, P, in, expected, warnings, strcmp(in, expected) ? STEP : NONE);
}

static void test_rhel5(void **state)
{
        check("# mdadm.conf written out by anaconda\n"
              "DEVICE /dev/sd[ab]1 /dev/sd[ab]2\n"
              "MAILADDR root\n"
              "ARRAY /dev/md0 level=raid1 num-devices=2 uuid=3aaa0122:29827cfa:5331ad66:ca767371\n"
              "ARRAY /dev/md1 level=raid1 num-devices=2 uuid=0bf3a3e2:9a4f7d1c:5d3c2a11:77e0d9b4\n",
              "# mdadm.conf written out by anaconda\n"
              "DEVICE /dev/sd[ab]1 /dev/xvd[ab]1 /dev/sd[ab]2 /dev/xvd[ab]2\n"
              "MAILADDR root\n"
              "ARRAY /dev/md0 level=raid1 num-devices=2 uuid=3aaa0122:29827cfa:5331ad66:ca767371\n"
              "ARRAY /dev/md1 level=raid1 num-devices=2 uuid=0bf3a3e2:9a4f7d1c:5d3c2a11:77e0d9b4\n",
              NONE);
}

static void test_debian(void **state)
{
        const char *in = "# mdadm.conf\n"
                         "#\n"
                         "# by default, scan all partitions (/proc/partitions) for MD superblocks.\n"
                         "#DEVICE /dev/sda1 /dev/sdb1\n"
                         "DEVICE partitions\n"
                         "\n"
                         "CREATE owner=root group=disk mode=0660 auto=yes\n"
                         "HOMEHOST <system>\n"
                         "MAILADDR root\n"
                         "ARRAY /dev/md0 level=raid1 num-devices=2 UUID=d5e0a2b8:1f2e3d4c:5b6a7980:a1b2c3d4\n";

        check(in, in, NONE);
}

static void test_array_devices(void **state)
{
        check("ARRAY /dev/md0 level=raid1 num-devices=2\n"
              "   UUID=3aaa0122:29827cfa:5331ad66:ca767371\n"
              "# the members, as they were named under Xenlinux\n"
              "\n"
              "\tdevices=/dev/sda1,/dev/sdb1\n"
              "ARRAY /dev/md1 devices=/dev/hda2,/dev/hdc2 spares=0\n"
              "ARRAY /dev/md/root metadata=1.2 DEVICES=/dev/sd[cd]3\n",
              "ARRAY /dev/md0 level=raid1 num-devices=2\n"
              "   UUID=3aaa0122:29827cfa:5331ad66:ca767371\n"
              "# the members, as they were named under Xenlinux\n"
              "\n"
              "\tdevices=/dev/sda1,/dev/xvda1,/dev/sdb1,/dev/xvdb1\n"
              "ARRAY /dev/md1 devices=/dev/hda2,/dev/xvda2,/dev/hdc2,/dev/xvdc2 spares=0\n"
              "ARRAY /dev/md/root metadata=1.2 DEVICES=/dev/sd[cd]3,/dev/xvd[cd]3\n",
              NONE);
        /* Empty entries of a list stay as they are. */
        check("ARRAY /dev/md0 devices=/dev/sda1,,/dev/sdb1,\n",
              "ARRAY /dev/md0 devices=/dev/sda1,/dev/xvda1,,/dev/sdb1,/dev/xvdb1,\n", NONE);
}

static void test_keywords(void **state)
{
        /* Three letters are enough, in any case; a line starting with a blank continues the last one. */
        check("dev /dev/sda1 # /dev/sdb1 is gone\n"
              "    /dev/hdc*\n"
              "Arr /dev/md0 Devices=/dev/sdc1\n"
              "PROGRAM /usr/sbin/md-event /dev/sda1\n"
              "    /dev/sdb1\n"
              "DE /dev/sde1\n"
              "DEVICE containers /dev/sdf1\n",
              "dev /dev/sda1 /dev/xvda1 # /dev/sdb1 is gone\n"
              "    /dev/hdc* /dev/xvdc*\n"
              "Arr /dev/md0 Devices=/dev/sdc1,/dev/xvdc1\n"
              "PROGRAM /usr/sbin/md-event /dev/sda1\n"
              "    /dev/sdb1\n"
              "DE /dev/sde1\n"
              "DEVICE containers /dev/sdf1 /dev/xvdf1\n",
              NONE);
        /* A first line with leading blanks still starts with its keyword. */
        check("  DEVICE /dev/sda1\n", "  DEVICE /dev/sda1 /dev/xvda1\n", NONE);
}

static void test_already_converted(void **state)
{
        const char *in = "DEVICE /dev/sda1 /dev/xvda1\n"
                         "DEVICE /dev/sd* \n"
                         "DEVICE /dev/xvd*\n"
                         "ARRAY /dev/md0 devices=/dev/xvdb1,/dev/sdb1\n";

        check(in, in, NONE);
        /* The md device and every other word stay: only the disk patterns count. */
        in = "ARRAY /dev/md0 level=raid1 num-devices=2 UUID=1:2:3:4 name=sda\n";
        check(in, in, NONE);
}

static void test_warnings(void **state)
{
        check("DEVICE \"/dev/sda1\" /dev/?d?1 '/dev/md0'\n"
              "ARRAY /dev/md0 devices=/dev/sd[a-z]1,\"/dev/sdb1\"\n",
              "DEVICE \"/dev/sda1\" /dev/?d?1 '/dev/md0'\n"
              "ARRAY /dev/md0 devices=/dev/sd[a-z]1,\"/dev/sdb1\"\n",
              LIST("'" P "' line 1: quoted word \"/dev/sda1\" names a Xenlinux disk: left as it is; add the xvd "
                   "names by hand",
                   "'" P "' line 2: quoted word devices=/dev/sd[a-z]1,\"/dev/sdb1\" names a Xenlinux disk: left "
                   "as it is; add the xvd names by hand",
                   "'" P "' line 1: DEVICE word /dev/?d?1 matches Xenlinux disk names but not their pvops names, "
                   "and domufix cannot translate it: add the xvd names by hand"));
}

static void test_shift(void **state)
{
        tr_check_shift(&rewriter_mdadm, P, 4, "DEVICE /dev/sd?1 /dev/hda1\nARRAY /dev/md0 devices=/dev/sda1\n",
                       "DEVICE /dev/sd?1 /dev/xvd?1 /dev/xvda[a-d]1 /dev/hda1 /dev/xvda1\n"
                       "ARRAY /dev/md0 devices=/dev/sda1,/dev/xvde1\n",
                       NONE, STEP);
}

static void test_debian_path(void **state)
{
        tr_check(&rewriter_mdadm, "/etc/mdadm/mdadm.conf", "DEVICE /dev/sda1\r\n", "DEVICE /dev/sda1 /dev/xvda1\r\n",
                 NONE, LIST("rebuild the initrd of the pvops kernel: it carries a copy of /etc/mdadm/mdadm.conf"));
        tr_check_missing(&rewriter_mdadm, P);
        check("", "", NONE);
}

static void test_reasons(void **state)
{
        const struct facts facts = {0};
        struct rewrite_out o = {0};
        const char *in = "DEVICE /dev/sda1 /dev/sdb1\n";
        char *out = tr_run_n(&rewriter_mdadm, P, in, strlen(in), &facts, &o, NULL);

        assert_int_equal(o.edits.n, 1);
        assert_int_equal(o.edits.v[0].kind, EDIT_REPLACE);
        assert_string_equal(o.edits.v[0].content, "DEVICE /dev/sda1 /dev/xvda1 /dev/sdb1 /dev/xvdb1");
        assert_string_equal(o.edits.v[0].reason,
                            "DEVICE /dev/sda1: /dev/xvda1 added for the pvops disk names (the Xenlinux name stays); "
                            "DEVICE /dev/sdb1: /dev/xvdb1 added for the pvops disk names (the Xenlinux name stays)");
        free(out);
        rewrite_out_done(&o);
}

static void test_round_trip(void **state)
{
        const char *in = "# \xe9t\xe9 \xff\r\n"
                         "DEVICE\t/dev/sda1\t\t# tabs\r\n"
                         "MAILADDR root@example.com\n"
                         "ARRAY /dev/md0 UUID=1:2:3:4 devices=/dev/sda1";

        check(in,
              "# \xe9t\xe9 \xff\r\n"
              "DEVICE\t/dev/sda1 /dev/xvda1\t\t# tabs\r\n"
              "MAILADDR root@example.com\n"
              "ARRAY /dev/md0 UUID=1:2:3:4 devices=/dev/sda1,/dev/xvda1",
              NONE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_rhel5),       cmocka_unit_test(test_debian),
                cmocka_unit_test(test_array_devices), cmocka_unit_test(test_keywords),
                cmocka_unit_test(test_already_converted), cmocka_unit_test(test_warnings),
                cmocka_unit_test(test_shift),       cmocka_unit_test(test_debian_path),
                cmocka_unit_test(test_reasons),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
