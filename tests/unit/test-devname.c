/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests for devname.c: the sdX/hdX -> xvdX mapping (DESIGN §4). */
#include "test-helpers.h"

#include <limits.h>

#include "devname.h"
#include "util.h"

/*
 * Map one whole spec and check the kind and the new name (NULL: no new
 * name). A mapped name must map again to DEVNAME_XVD without a new name, and
 * a mapped "/dev/..." spec must give the same result through
 * devname_map_in_string().
 */
static void expect_map_len(unsigned shift, const char *spec, size_t len, enum devname_kind kind,
                           const char *expected, bool terminated)
{
        struct devmap m = {.sd_shift = shift};
        enum devname_kind k = (enum devname_kind)-1;
        char *out = (char *)&k;

        assert_int_equal(devname_map(&m, spec, len, &k, &out), 0);
        assert_string_equal(devname_kind_to_string(k), devname_kind_to_string(kind));
        assert_int_equal(k, kind);
        if (!expected) {
                assert_null(out);
                return;
        }
        assert_non_null(out);
        assert_string_equal(out, expected);
        assert_null(strstr(out, "xxvd"));

        {
                enum devname_kind again = (enum devname_kind)-1;
                char *out2 = (char *)&again;

                assert_int_equal(devname_map(&m, out, strlen(out), &again, &out2), 0);
                assert_int_equal(again, DEVNAME_XVD);
                assert_null(out2);
        }

        if (terminated && len >= 5 && strneq(spec, "/dev/", 5) && len == strlen(spec)) {
                char *s = NULL;
                size_t n = 99;

                assert_int_equal(devname_map_in_string(&m, spec, &s, &n), 0);
                assert_string_equal(s, expected);
                assert_int_equal(n, 1);
                free(s);
        }
        free(out);
}

static void expect_map(unsigned shift, const char *spec, enum devname_kind kind, const char *expected)
{
        expect_map_len(shift, spec, strlen(spec), kind, expected, true);
}

/*
 * Rewrite a string and check the result and the count; the result must be
 * stable under a second pass (count 0, same text).
 */
static void expect_in(unsigned shift, const char *in, const char *expected, size_t count)
{
        struct devmap m = {.sd_shift = shift};
        char *out = NULL, *out2 = NULL;
        size_t n = 12345, n2 = 12345;

        assert_int_equal(devname_map_in_string(&m, in, &out, &n), 0);
        assert_non_null(out);
        assert_string_equal(out, expected);
        assert_int_equal(n, count);
        assert_true(out != in);

        assert_int_equal(devname_map_in_string(&m, out, &out2, &n2), 0);
        assert_string_equal(out2, out);
        assert_int_equal(n2, 0);
        free(out);
        free(out2);
}

/* --- whole specs: sd and hd --- */

static void test_sda1(void **state)
{
        expect_map(0, "/dev/sda1", DEVNAME_MAPPED, "/dev/xvda1");
}

static void test_sdb_whole_disk(void **state)
{
        expect_map(0, "/dev/sdb", DEVNAME_MAPPED, "/dev/xvdb");
}

static void test_sda10_not_sda1(void **state)
{
        expect_map(0, "/dev/sda10", DEVNAME_MAPPED, "/dev/xvda10");
}

static void test_sdaa2(void **state)
{
        expect_map(0, "/dev/sdaa2", DEVNAME_MAPPED, "/dev/xvdaa2");
}

static void test_sdz(void **state)
{
        expect_map(0, "/dev/sdz", DEVNAME_MAPPED, "/dev/xvdz");
}

static void test_sdzzz_three_letters(void **state)
{
        expect_map(0, "/dev/sdzzz15", DEVNAME_MAPPED, "/dev/xvdzzz15");
        expect_map(0, "/dev/sdaaaa", DEVNAME_NOT_DEVICE, NULL);
}

static void test_hdb1(void **state)
{
        expect_map(0, "/dev/hdb1", DEVNAME_MAPPED, "/dev/xvdb1");
}

static void test_hdc(void **state)
{
        expect_map(0, "/dev/hdc", DEVNAME_MAPPED, "/dev/xvdc");
}

static void test_hd_letter_range(void **state)
{
        expect_map(0, "/dev/hdt3", DEVNAME_MAPPED, "/dev/xvdt3");
        expect_map(0, "/dev/hdu", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "/dev/hdaa", DEVNAME_NOT_DEVICE, NULL);
}

static void test_partition_only_disk(void **state)
{
        /* xen-tools style: sda1 and sda2 exported, no sda; mapped by name. */
        expect_map(0, "/dev/sda2", DEVNAME_MAPPED, "/dev/xvda2");
        expect_in(0, "/dev/sda1 / ext3\n/dev/sda2 none swap\n",
                  "/dev/xvda1 / ext3\n/dev/xvda2 none swap\n", 2);
}

static void test_bare_name(void **state)
{
        expect_map(0, "sda1", DEVNAME_MAPPED, "xvda1");
        expect_map(0, "hdc", DEVNAME_MAPPED, "xvdc");
}

static void test_null_devmap_is_shift_0(void **state)
{
        enum devname_kind k;
        char *out = NULL;

        assert_int_equal(devname_map(NULL, "/dev/sdb3", 9, &k, &out), 0);
        assert_int_equal(k, DEVNAME_MAPPED);
        assert_string_equal(out, "/dev/xvdb3");
        free(out);
}

static void test_classify_only(void **state)
{
        struct devmap m = {0};
        enum devname_kind k;

        assert_int_equal(devname_map(&m, "/dev/sda1", 9, &k, NULL), 0);
        assert_int_equal(k, DEVNAME_MAPPED);
}

/* --- the RHEL 6 shift --- */

static void test_shift4_sda(void **state)
{
        expect_map(4, "/dev/sda", DEVNAME_MAPPED, "/dev/xvde");
}

static void test_shift4_sdv(void **state)
{
        expect_map(4, "/dev/sdv", DEVNAME_MAPPED, "/dev/xvdz");
}

static void test_shift4_sdw_carries(void **state)
{
        expect_map(4, "/dev/sdw", DEVNAME_MAPPED, "/dev/xvdaa");
}

static void test_shift4_sdz1(void **state)
{
        expect_map(4, "/dev/sdz1", DEVNAME_MAPPED, "/dev/xvdad1");
}

static void test_shift4_two_and_three_letters(void **state)
{
        expect_map(4, "/dev/sdaa", DEVNAME_MAPPED, "/dev/xvdae");
        expect_map(4, "/dev/sdzz2", DEVNAME_MAPPED, "/dev/xvdaad2");
        expect_map(4, "/dev/sdzzz", DEVNAME_MAPPED, "/dev/xvdaaad");
}

static void test_shift4_hd_unshifted(void **state)
{
        expect_map(4, "/dev/hda1", DEVNAME_MAPPED, "/dev/xvda1");
        expect_map(4, "/dev/hdc", DEVNAME_MAPPED, "/dev/xvdc");
}

static void test_shift4_xvd_untouched(void **state)
{
        expect_map(4, "/dev/xvde1", DEVNAME_XVD, NULL);
}

static void test_shift_extremes(void **state)
{
        expect_map(26, "sda", DEVNAME_MAPPED, "xvdaa");
        expect_map(UINT_MAX, "/dev/sda", DEVNAME_MAPPED, "/dev/xvdmwlqkwv");
        expect_map(UINT_MAX, "/dev/sdzzz9", DEVNAME_MAPPED, "/dev/xvdmwlrlxu9");
}

/* --- already xvd, tags --- */

static void test_already_xvd(void **state)
{
        expect_map(0, "/dev/xvda1", DEVNAME_XVD, NULL);
        expect_map(0, "/dev/xvdaa", DEVNAME_XVD, NULL);
        expect_map(0, "xvdb", DEVNAME_XVD, NULL);
}

static void test_malformed_xvd(void **state)
{
        expect_map(0, "/dev/xvda01", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "/dev/xvd", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "/dev/xxvda", DEVNAME_KEEP, NULL);
}

static void test_tags(void **state)
{
        expect_map(0, "UUID=3e6be9de-8139-11d1-9106-a43f08d823a6", DEVNAME_TAG, NULL);
        expect_map(0, "PARTUUID=0a1b2c3d-01", DEVNAME_TAG, NULL);
        expect_map(0, "PARTLABEL=root", DEVNAME_TAG, NULL);
        expect_map(0, "ID=ata-disk", DEVNAME_TAG, NULL);
}

static void test_label_with_device_name(void **state)
{
        expect_map(0, "LABEL=sda1", DEVNAME_TAG, NULL);
        expect_map(0, "LABEL=/dev/sda1", DEVNAME_TAG, NULL);
        expect_map(0, "UUID=sda1", DEVNAME_TAG, NULL);
}

/* --- left alone --- */

static void test_mapper_lv_named_like_disk(void **state)
{
        expect_map(0, "/dev/mapper/vg-sda1", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/mapper/VolGroup00-LogVol00", DEVNAME_KEEP, NULL);
}

static void test_lvm_path(void **state)
{
        expect_map(0, "/dev/VolGroup00/LogVol00", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/vg/sda1", DEVNAME_KEEP, NULL);
}

static void test_md(void **state)
{
        expect_map(0, "/dev/md0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/md/0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/md127", DEVNAME_KEEP, NULL);
}

static void test_optical_and_floppy(void **state)
{
        expect_map(0, "/dev/sr0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/scd0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/fd0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/cdrom", DEVNAME_KEEP, NULL);
}

static void test_loop_nbd_ram(void **state)
{
        expect_map(0, "/dev/loop0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/nbd0", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/ram0", DEVNAME_KEEP, NULL);
}

static void test_disk_by(void **state)
{
        expect_map(0, "/dev/disk/by-uuid/3e6be9de-8139-11d1-9106-a43f08d823a6", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/disk/by-path/xen-vbd-51713-part1", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/disk/by-label/sda1", DEVNAME_KEEP, NULL);
}

static void test_pseudo_filesystems(void **state)
{
        expect_map(0, "none", DEVNAME_KEEP, NULL);
        expect_map(0, "proc", DEVNAME_KEEP, NULL);
        expect_map(0, "tmpfs", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/shm", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/pts", DEVNAME_KEEP, NULL);
}

static void test_network_filesystems(void **state)
{
        expect_map(0, "server:/export/home", DEVNAME_KEEP, NULL);
        expect_map(0, "//server/share", DEVNAME_KEEP, NULL);
}

static void test_other_dev_garbage_kept(void **state)
{
        expect_map(0, "/dev/SDA1", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/sda1-old", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev/sd_x", DEVNAME_KEEP, NULL);
        expect_map(0, "/dev", DEVNAME_KEEP, NULL);
}

/* --- unknown disks --- */

static void test_cciss_unknown(void **state)
{
        expect_map(0, "/dev/cciss/c0d0p1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/ida/c0d0p1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/rd/c0d0p1", DEVNAME_UNKNOWN, NULL);
}

static void test_nvme_unknown(void **state)
{
        expect_map(0, "/dev/nvme0n1p1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/nvme0n1", DEVNAME_UNKNOWN, NULL);
}

static void test_vd_unknown(void **state)
{
        expect_map(0, "/dev/vda1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/vdb", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "vda2", DEVNAME_UNKNOWN, NULL);
}

static void test_noncanonical_path_unknown(void **state)
{
        expect_map(0, "/dev//sda1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/./sda1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/disk/../sda1", DEVNAME_UNKNOWN, NULL);
        expect_map(0, "/dev/sda1/", DEVNAME_UNKNOWN, NULL);
}

/* --- not devices --- */

static void test_sd_mod(void **state)
{
        expect_map(0, "sd_mod", DEVNAME_KEEP, NULL);
        expect_in(0, "alias scsi_hostadapter sd_mod", "alias scsi_hostadapter sd_mod", 0);
}

static void test_dev_sd_alone(void **state)
{
        expect_map(0, "/dev/sd", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "/dev/hd", DEVNAME_NOT_DEVICE, NULL);
        expect_in(0, "/dev/sd /dev/hd", "/dev/sd /dev/hd", 0);
}

static void test_leading_zero_partition(void **state)
{
        expect_map(0, "/dev/sda01", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "/dev/sda0", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "sda01", DEVNAME_NOT_DEVICE, NULL);
}

static void test_trailing_letter(void **state)
{
        expect_map(0, "/dev/sda1x", DEVNAME_NOT_DEVICE, NULL);
}

static void test_empty_spec(void **state)
{
        expect_map(0, "", DEVNAME_NOT_DEVICE, NULL);
        expect_map(0, "/dev/", DEVNAME_NOT_DEVICE, NULL);
}

static void test_length_delimited(void **state)
{
        /* Only the first len bytes count; the buffer need not end in NUL. */
        static const char buf[] = {'/', 'd', 'e', 'v', '/', 's', 'd', 'b', '2'};

        expect_map_len(0, buf, sizeof(buf), DEVNAME_MAPPED, "/dev/xvdb2", false);
        expect_map_len(0, "/dev/sda1 /boot ext3", 9, DEVNAME_MAPPED, "/dev/xvda1", false);
        expect_map_len(0, "/dev/sda10", 9, DEVNAME_MAPPED, "/dev/xvda1", false);
}

static void test_embedded_nul(void **state)
{
        expect_map_len(0, "/dev/sda\0" "1", 10, DEVNAME_NOT_DEVICE, NULL, false);
}

/* --- kernel names --- */

static void test_kernel_name(void **state)
{
        struct devmap m = {0};
        char *out = NULL;

        assert_int_equal(devname_map_kernel_name(&m, "sda", 3, &out), 1);
        assert_string_equal(out, "xvda");
        free(out);
        assert_int_equal(devname_map_kernel_name(&m, "sdb2", 4, &out), 1);
        assert_string_equal(out, "xvdb2");
        free(out);
        assert_int_equal(devname_map_kernel_name(&m, "hdc", 3, &out), 1);
        assert_string_equal(out, "xvdc");
        free(out);
}

static void test_kernel_name_shift4(void **state)
{
        struct devmap m = {.sd_shift = 4};
        char *out = NULL;

        assert_int_equal(devname_map_kernel_name(&m, "sdb2", 4, &out), 1);
        assert_string_equal(out, "xvdf2");
        free(out);
        assert_int_equal(devname_map_kernel_name(&m, "hdb", 3, &out), 1);
        assert_string_equal(out, "xvdb");
        free(out);
}

static void test_kernel_name_not_mapped(void **state)
{
        struct devmap m = {0};
        char *out = NULL;

        assert_int_equal(devname_map_kernel_name(&m, "xvda", 4, &out), 0);
        assert_int_equal(devname_map_kernel_name(&m, "/dev/sda", 8, &out), 0);
        assert_int_equal(devname_map_kernel_name(&m, "sda01", 5, &out), 0);
        assert_int_equal(devname_map_kernel_name(&m, "sd_mod", 6, &out), 0);
        assert_int_equal(devname_map_kernel_name(&m, "sr0", 3, &out), 0);
        assert_int_equal(devname_map_kernel_name(&m, "", 0, &out), 0);
        assert_null(out);
        /* Only len bytes: "sda1" of "sda1x". */
        assert_int_equal(devname_map_kernel_name(&m, "sda1x", 4, &out), 1);
        assert_string_equal(out, "xvda1");
        free(out);
}

/* --- console, descriptions --- */

static void test_xen_console(void **state)
{
        assert_true(devname_is_xen_console("xvc0"));
        assert_true(devname_is_xen_console("xvc9"));
        assert_true(devname_is_xen_console("xvc10"));
        assert_false(devname_is_xen_console("xvc"));
        assert_false(devname_is_xen_console("xvc01"));
        assert_false(devname_is_xen_console("xvc0x"));
        assert_false(devname_is_xen_console("hvc0"));
        assert_false(devname_is_xen_console("tty1"));
        assert_false(devname_is_xen_console("/dev/xvc0"));
        assert_false(devname_is_xen_console(""));
        assert_false(devname_is_xen_console(NULL));
}

static void test_describe(void **state)
{
        struct devmap m0 = {.sd_shift = 0}, m4 = {.sd_shift = 4}, m7 = {.sd_shift = 7};

        assert_string_equal(devmap_describe(&m0), "sdX/hdX -> xvdX (same letter)");
        assert_string_equal(devmap_describe(&m4),
                            "sdX -> xvd(X+4) (RHEL 6 blkfront: sda -> xvde), hdX -> xvdX");
        assert_non_null(devmap_describe(&m7));
        assert_true(strlen(devmap_describe(&m7)) > 0);
        assert_string_equal(devmap_describe(NULL), "sdX/hdX -> xvdX (same letter)");
}

static void test_kind_to_string(void **state)
{
        assert_string_equal(devname_kind_to_string(DEVNAME_NOT_DEVICE), "not a device");
        assert_string_equal(devname_kind_to_string(DEVNAME_MAPPED), "renamed");
        assert_string_equal(devname_kind_to_string(DEVNAME_XVD), "already xvd");
        assert_string_equal(devname_kind_to_string(DEVNAME_TAG), "UUID/LABEL tag");
        assert_string_equal(devname_kind_to_string(DEVNAME_KEEP), "left alone");
        assert_string_equal(devname_kind_to_string(DEVNAME_UNKNOWN), "unknown disk");
}

/* --- inside strings --- */

static void test_in_cmdline(void **state)
{
        expect_in(0, "ro root=/dev/sda1 resume=/dev/sda2 console=xvc0",
                  "ro root=/dev/xvda1 resume=/dev/xvda2 console=xvc0", 2);
}

static void test_in_sda1_vs_sda10(void **state)
{
        expect_in(0, "/dev/sda10", "/dev/xvda10", 1);
        expect_in(0, "/dev/sda1 /dev/sda10 /dev/sda1", "/dev/xvda1 /dev/xvda10 /dev/xvda1", 3);
}

static void test_in_not_whole_tokens(void **state)
{
        expect_in(0, "/dev/sda1x", "/dev/sda1x", 0);
        expect_in(0, "x/dev/sda", "x/dev/sda", 0);
        expect_in(0, "/dev/sda01 /dev/sda0", "/dev/sda01 /dev/sda0", 0);
        expect_in(0, "/dev/sda_1 /dev/sdA /dev/sdaB", "/dev/sda_1 /dev/sdA /dev/sdaB", 0);
        expect_in(0, "/dev/sdaaaa1 /dev/hdu1", "/dev/sdaaaa1 /dev/hdu1", 0);
}

static void test_in_preceded_by_path_chars(void **state)
{
        expect_in(0, "/mnt/dev/sda1 ./dev/sda1 -/dev/sda1 _/dev/sda1 //dev/sda1 9/dev/sda1",
                  "/mnt/dev/sda1 ./dev/sda1 -/dev/sda1 _/dev/sda1 //dev/sda1 9/dev/sda1", 0);
        expect_in(0, "/dev/sda/dev/sdb", "/dev/xvda/dev/sdb", 1);
}

static void test_in_quotes(void **state)
{
        expect_in(0, "GRUB_CMDLINE_LINUX=\"root=/dev/sda1\"", "GRUB_CMDLINE_LINUX=\"root=/dev/xvda1\"", 1);
        expect_in(0, "RESUME='/dev/sdb2'", "RESUME='/dev/xvdb2'", 1);
        expect_in(0, "\"/dev/hda\"", "\"/dev/xvda\"", 1);
}

static void test_in_commas_and_parens(void **state)
{
        expect_in(0, "DEVICE /dev/sda1,/dev/sdb1,/dev/hdc1", "DEVICE /dev/xvda1,/dev/xvdb1,/dev/xvdc1", 3);
        expect_in(0, "(/dev/sda1)", "(/dev/xvda1)", 1);
}

static void test_in_lvm_regex(void **state)
{
        expect_in(0, "a|^/dev/sda[0-9]*$|", "a|^/dev/xvda[0-9]*$|", 1);
        expect_in(0, "filter = [ \"a|/dev/sdb|\", \"r|.*|\" ]",
                  "filter = [ \"a|/dev/xvdb|\", \"r|.*|\" ]", 1);
        expect_in(0, "filter = [ \"a/dev/sda.*/\" ]", "filter = [ \"a/dev/sda.*/\" ]", 0);
}

static void test_in_label_value_untouched(void **state)
{
        expect_in(0, "root=LABEL=/dev/sda1 resume=/dev/sda2", "root=LABEL=/dev/sda1 resume=/dev/xvda2", 1);
        expect_in(0, "root=UUID=\"/dev/sda1\" PARTLABEL=/dev/hda",
                  "root=UUID=\"/dev/sda1\" PARTLABEL=/dev/hda", 0);
        /* "XLABEL=" is not a tag. */
        expect_in(0, "XLABEL=/dev/sda1", "XLABEL=/dev/xvda1", 1);
}

static void test_in_other_names_untouched(void **state)
{
        expect_in(0, "/dev/mapper/vg-sda1 /dev/xvda1 /dev/md0 /dev/sr0 /dev/scd0 /dev/disk/by-id/sda",
                  "/dev/mapper/vg-sda1 /dev/xvda1 /dev/md0 /dev/sr0 /dev/scd0 /dev/disk/by-id/sda", 0);
}

static void test_in_token_end_chars(void **state)
{
        expect_in(0, "\t/dev/sda1\n/dev/sdb:2;/dev/hdb.", "\t/dev/xvda1\n/dev/xvdb:2;/dev/xvdb.", 3);
        expect_in(0, "/dev/sda1-old", "/dev/xvda1-old", 1);
}

static void test_in_shift4(void **state)
{
        expect_in(4, "root=/dev/sda1 /dev/hda2 /dev/sdw /dev/sdz1",
                  "root=/dev/xvde1 /dev/xvda2 /dev/xvdaa /dev/xvdad1", 4);
}

static void test_in_shift4_xvd_not_shifted_again(void **state)
{
        expect_in(4, "root=/dev/xvde1 resume=/dev/xvda2", "root=/dev/xvde1 resume=/dev/xvda2", 0);
}

static void test_in_empty(void **state)
{
        expect_in(0, "", "", 0);
}

static void test_in_no_count(void **state)
{
        char *out = NULL;

        assert_int_equal(devname_map_in_string(NULL, "root=/dev/sda1", &out, NULL), 0);
        assert_string_equal(out, "root=/dev/xvda1");
        free(out);
}

static void test_in_idempotent(void **state)
{
        struct devmap m = {.sd_shift = 4};
        const char *in = "kernel /vmlinuz ro root=/dev/sdb1 resume=/dev/sdc2";
        char *once = NULL, *twice = NULL, *thrice = NULL;
        size_t n;

        assert_int_equal(devname_map_in_string(&m, in, &once, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(once, "kernel /vmlinuz ro root=/dev/xvdf1 resume=/dev/xvdg2");
        assert_int_equal(devname_map_in_string(&m, once, &twice, &n), 0);
        assert_int_equal(n, 0);
        assert_int_equal(devname_map_in_string(&m, twice, &thrice, &n), 0);
        assert_int_equal(n, 0);
        assert_string_equal(thrice, once);
        free(once);
        free(twice);
        free(thrice);
}

static void test_in_adjacent_tokens(void **state)
{
        expect_in(0, "/dev/sda,/dev/sdb,/dev/sdc", "/dev/xvda,/dev/xvdb,/dev/xvdc", 3);
        expect_in(0, "/dev/sda /dev/sda", "/dev/xvda /dev/xvda", 2);
}

static void test_in_very_long_string(void **state)
{
        struct strbuf in = {0}, want = {0};
        char *out = NULL;
        size_t n = 0;

        for (int i = 0; i < 20000; i++) {
                char letter = (char)('a' + i % 26);
                int part = i % 16 + 1;

                assert_int_equal(strbuf_printf(&in, "x=/dev/sd%c%d y/dev/sda ", letter, part), 0);
                assert_int_equal(strbuf_printf(&want, "x=/dev/xvd%c%d y/dev/sda ", letter, part), 0);
        }
        for (int i = 0; i < 100000; i++)
                assert_int_equal(strbuf_putc(&in, 'q'), 0);
        assert_int_equal(strbuf_puts(&in, "/dev/sda"), 0);
        for (int i = 0; i < 100000; i++)
                assert_int_equal(strbuf_putc(&want, 'q'), 0);
        assert_int_equal(strbuf_puts(&want, "/dev/sda"), 0);

        assert_int_equal(devname_map_in_string(NULL, in.s, &out, &n), 0);
        assert_int_equal(n, 20000);
        assert_int_equal(strlen(out), want.len);
        assert_string_equal(out, want.s);
        free(out);
        strbuf_done(&in);
        strbuf_done(&want);
}

static void test_long_spec(void **state)
{
        struct strbuf spec = {0}, want = {0};

        assert_int_equal(strbuf_puts(&spec, "/dev/sdb1"), 0);
        assert_int_equal(strbuf_puts(&want, "/dev/xvdb1"), 0);
        for (int i = 0; i < 5000; i++) {
                assert_int_equal(strbuf_putc(&spec, '7'), 0);
                assert_int_equal(strbuf_putc(&want, '7'), 0);
        }
        expect_map(0, spec.s, DEVNAME_MAPPED, want.s);
        strbuf_done(&spec);
        strbuf_done(&want);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sda1),
                cmocka_unit_test(test_sdb_whole_disk),
                cmocka_unit_test(test_sda10_not_sda1),
                cmocka_unit_test(test_sdaa2),
                cmocka_unit_test(test_sdz),
                cmocka_unit_test(test_sdzzz_three_letters),
                cmocka_unit_test(test_hdb1),
                cmocka_unit_test(test_hdc),
                cmocka_unit_test(test_hd_letter_range),
                cmocka_unit_test(test_partition_only_disk),
                cmocka_unit_test(test_bare_name),
                cmocka_unit_test(test_null_devmap_is_shift_0),
                cmocka_unit_test(test_classify_only),
                cmocka_unit_test(test_shift4_sda),
                cmocka_unit_test(test_shift4_sdv),
                cmocka_unit_test(test_shift4_sdw_carries),
                cmocka_unit_test(test_shift4_sdz1),
                cmocka_unit_test(test_shift4_two_and_three_letters),
                cmocka_unit_test(test_shift4_hd_unshifted),
                cmocka_unit_test(test_shift4_xvd_untouched),
                cmocka_unit_test(test_shift_extremes),
                cmocka_unit_test(test_already_xvd),
                cmocka_unit_test(test_malformed_xvd),
                cmocka_unit_test(test_tags),
                cmocka_unit_test(test_label_with_device_name),
                cmocka_unit_test(test_mapper_lv_named_like_disk),
                cmocka_unit_test(test_lvm_path),
                cmocka_unit_test(test_md),
                cmocka_unit_test(test_optical_and_floppy),
                cmocka_unit_test(test_loop_nbd_ram),
                cmocka_unit_test(test_disk_by),
                cmocka_unit_test(test_pseudo_filesystems),
                cmocka_unit_test(test_network_filesystems),
                cmocka_unit_test(test_other_dev_garbage_kept),
                cmocka_unit_test(test_cciss_unknown),
                cmocka_unit_test(test_nvme_unknown),
                cmocka_unit_test(test_vd_unknown),
                cmocka_unit_test(test_noncanonical_path_unknown),
                cmocka_unit_test(test_sd_mod),
                cmocka_unit_test(test_dev_sd_alone),
                cmocka_unit_test(test_leading_zero_partition),
                cmocka_unit_test(test_trailing_letter),
                cmocka_unit_test(test_empty_spec),
                cmocka_unit_test(test_length_delimited),
                cmocka_unit_test(test_embedded_nul),
                cmocka_unit_test(test_kernel_name),
                cmocka_unit_test(test_kernel_name_shift4),
                cmocka_unit_test(test_kernel_name_not_mapped),
                cmocka_unit_test(test_xen_console),
                cmocka_unit_test(test_describe),
                cmocka_unit_test(test_kind_to_string),
                cmocka_unit_test(test_in_cmdline),
                cmocka_unit_test(test_in_sda1_vs_sda10),
                cmocka_unit_test(test_in_not_whole_tokens),
                cmocka_unit_test(test_in_preceded_by_path_chars),
                cmocka_unit_test(test_in_quotes),
                cmocka_unit_test(test_in_commas_and_parens),
                cmocka_unit_test(test_in_lvm_regex),
                cmocka_unit_test(test_in_label_value_untouched),
                cmocka_unit_test(test_in_other_names_untouched),
                cmocka_unit_test(test_in_token_end_chars),
                cmocka_unit_test(test_in_shift4),
                cmocka_unit_test(test_in_shift4_xvd_not_shifted_again),
                cmocka_unit_test(test_in_empty),
                cmocka_unit_test(test_in_no_count),
                cmocka_unit_test(test_in_idempotent),
                cmocka_unit_test(test_in_adjacent_tokens),
                cmocka_unit_test(test_in_very_long_string),
                cmocka_unit_test(test_long_spec),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
