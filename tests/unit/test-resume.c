/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The resume-device rewriters: initramfs-tools RESUME= and uswsusp's "resume device". */
#include "test-rewrite.h"

#define RESUME "/etc/initramfs-tools/conf.d/resume"
#define USWSUSP "/etc/uswsusp.conf"
#define STEP LIST("rebuild the initramfs of the pvops kernel inside the guest, so it resumes from the new swap name: " \
                  "update-initramfs -u")

static void test_initramfs(void **state)
{
        tr_check(&rewriter_initramfs_resume, RESUME, "RESUME=/dev/sda2\n", "RESUME=/dev/xvda2\n", NONE, STEP);
        tr_check(&rewriter_initramfs_resume, RESUME, "# written by the installer\nRESUME=\"/dev/hdb1\" # swap\n",
                 "# written by the installer\nRESUME=\"/dev/xvdb1\" # swap\n", NONE, STEP);
        tr_check(&rewriter_initramfs_resume, RESUME, "  export RESUME='/dev/sda2';\n",
                 "  export RESUME='/dev/xvda2';\n", NONE, STEP);
        /* Left alone: tags, keywords, xvd, LVM, comments, other variables. */
        {
                const char *in = "RESUME=UUID=0f4c6b0e-6c1b-4d3e-8f3a-2b9f1d7c5e11\n"
                                 "RESUME=none\n"
                                 "RESUME=auto\n"
                                 "RESUME=/dev/xvda2\n"
                                 "RESUME=/dev/mapper/VolGroup00-LogVol01\n"
                                 "#RESUME=/dev/sda2\n"
                                 "NOTRESUME=/dev/sda2\n"
                                 "RESUME =/dev/sda2\n"
                                 "RESUME=\"/dev/sda2\n";

                tr_check(&rewriter_initramfs_resume, RESUME, in, in, NONE, NONE);
        }
}

static void test_initramfs_warnings(void **state)
{
        const char *in = "RESUME=${SWAP:-/dev/sda2}\n"
                         "RESUME=/dev/cciss/c0d0p2\n"
                         "RESUME=$SWAP\n";

        tr_check(&rewriter_initramfs_resume, RESUME, in, in,
                 LIST("'" RESUME "' line 1: resume device written with shell expansions '${SWAP:-/dev/sda2}': left as "
                      "it is; fix it by hand",
                      "'" RESUME "' line 2: unknown resume device '/dev/cciss/c0d0p2': pvops guests see only xvd "
                      "disks; fix it by hand"),
                 NONE);
}

static void test_initramfs_conf(void **state)
{
        /* initramfs.conf: only RESUME changes, the other settings stay. */
        tr_check(&rewriter_initramfs_resume, "/etc/initramfs-tools/initramfs.conf",
                 "MODULES=most\nBUSYBOX=y\nRESUME=/dev/sda3\nBOOT=local\n",
                 "MODULES=most\nBUSYBOX=y\nRESUME=/dev/xvda3\nBOOT=local\n", NONE, STEP);
        tr_check_missing(&rewriter_initramfs_resume, RESUME);
}

static void test_target_version(void **state)
{
        const struct facts facts = {.target_version = (char *)"2.6.32-5-xen-amd64"};

        tr_check_facts(&rewriter_initramfs_resume, RESUME, &facts, "RESUME=/dev/sda2\n", "RESUME=/dev/xvda2\n", NONE,
                       LIST("rebuild the initramfs of the pvops kernel inside the guest, so it resumes from the new "
                            "swap name: update-initramfs -u -k 2.6.32-5-xen-amd64"));
}

static void test_shift(void **state)
{
        tr_check_shift(&rewriter_initramfs_resume, RESUME, 4, "RESUME=/dev/sda2\n", "RESUME=/dev/xvde2\n", NONE, STEP);
        tr_check_shift(&rewriter_uswsusp, USWSUSP, 4, "resume device = /dev/hda2\n", "resume device = /dev/xvda2\n",
                       NONE, STEP);
}

static void test_uswsusp(void **state)
{
        tr_check(&rewriter_uswsusp, USWSUSP,
                 "# /etc/uswsusp.conf(8) -- Configuration file for s2disk/s2both\n"
                 "resume device = /dev/sda2\n"
                 "compress = y\n"
                 "early writeout = y\n"
                 "image size = 1011142656\n"
                 "RSA key file = /etc/uswsusp.key\n"
                 "shutdown method = platform\n",
                 "# /etc/uswsusp.conf(8) -- Configuration file for s2disk/s2both\n"
                 "resume device = /dev/xvda2\n"
                 "compress = y\n"
                 "early writeout = y\n"
                 "image size = 1011142656\n"
                 "RSA key file = /etc/uswsusp.key\n"
                 "shutdown method = platform\n",
                 NONE, STEP);
        /* ':' as the separator, blanks around it, a word after the value. */
        tr_check(&rewriter_uswsusp, USWSUSP, "\tresume device\t:\t/dev/sdb5  trailing\n",
                 "\tresume device\t:\t/dev/xvdb5  trailing\n", NONE, STEP);
        /* Left alone: comments, other keys, other spellings, tags, by-uuid paths. */
        {
                const char *in = "#resume device = /dev/sda2\n"
                                 "snapshot device = /dev/snapshot\n"
                                 "resume  device = /dev/sda2\n"
                                 "Resume device = /dev/sda2\n"
                                 "resume device /dev/sda2\n"
                                 "resume device = /dev/disk/by-uuid/0f4c6b0e-6c1b-4d3e-8f3a-2b9f1d7c5e11\n"
                                 "resume offset = 34816\n";

                tr_check(&rewriter_uswsusp, USWSUSP, in, in, NONE, NONE);
        }
        tr_check_missing(&rewriter_uswsusp, USWSUSP);
}

static void test_carriage_return(void **state)
{
        /* CRLF is kept; a lone CR at the very end cannot be. */
        tr_check(&rewriter_uswsusp, USWSUSP, "resume device = /dev/sda2\r\n", "resume device = /dev/xvda2\r\n", NONE,
                 STEP);
        tr_check(&rewriter_initramfs_resume, RESUME, "RESUME=/dev/sda2 \r", "RESUME=/dev/sda2 \r",
                 LIST("'" RESUME "' line 1: carriage return in the line of '/dev/sda2': left as it is; fix it by hand"),
                 NONE);
}

static void test_round_trip(void **state)
{
        tr_check(&rewriter_initramfs_resume, RESUME, "# \xe9t\xe9\r\nRESUME=/dev/sda2\t# swap \xff\r\nX=1",
                 "# \xe9t\xe9\r\nRESUME=/dev/xvda2\t# swap \xff\r\nX=1", NONE, STEP);
        tr_check(&rewriter_uswsusp, USWSUSP, "resume device = /dev/sda2", "resume device = /dev/xvda2", NONE, STEP);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_initramfs),      cmocka_unit_test(test_initramfs_warnings),
                cmocka_unit_test(test_initramfs_conf), cmocka_unit_test(test_target_version),
                cmocka_unit_test(test_shift),          cmocka_unit_test(test_uswsusp),
                cmocka_unit_test(test_carriage_return),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
