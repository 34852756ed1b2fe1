/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the resume-device rewriters (initramfs-tools
 * RESUME= and uswsusp's "resume device"), run on the same input.
 *
 * The low bit of the first byte picks the RHEL 6 letter shift. Besides
 * fz_check_rewriter()'s invariants: only whole lines are replaced, never
 * inserted, and a replaced line differs from the old one only inside one
 * run of device-name characters, which becomes a xvd name.
 */
#include "fuzz-rewrite.h"

static bool is_name_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static void check_line(const struct line *old, const char *new_content)
{
        size_t n = strlen(new_content), pre = 0, suf = 0;

        while (pre < old->len && pre < n && old->s[pre] == new_content[pre])
                pre++;
        while (suf < old->len - pre && suf < n - pre && old->s[old->len - 1 - suf] == new_content[n - 1 - suf])
                suf++;
        for (size_t i = pre; i < old->len - suf; i++)
                CHECK(is_name_char(old->s[i]));
        for (size_t i = pre; i < n - suf; i++)
                CHECK(is_name_char(new_content[i]));
        CHECK(fz_count(new_content, n, "/dev/xvd") == fz_count(old->s, old->len, "/dev/xvd") + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct facts facts = {.devmap = {.sd_shift = size > 0 && (data[0] & 1) ? 4 : 0}};

        fz_check_rewriter(&rewriter_initramfs_resume, "/etc/initramfs-tools/conf.d/resume", data, size, &facts,
                          check_line, NULL);
        fz_check_rewriter(&rewriter_uswsusp, "/etc/uswsusp.conf", data, size, &facts, check_line, NULL);
        return 0;
}
