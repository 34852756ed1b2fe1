/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for devname.c. Every input is tried as a whole spec
 * (devname_map, length-delimited), as a bare kernel name and as a string to
 * rewrite (devname_map_in_string), with shifts 0 and 4. Invariants, checked
 * with abort():
 *   - no call fails (inputs are small, so -ENOMEM does not happen);
 *   - a new name is returned exactly for DEVNAME_MAPPED, is a xvd name, and
 *     maps again to DEVNAME_XVD; "xxvd" never appears unless it was in the
 *     input;
 *   - devname_map and devname_map_kernel_name agree on bare names, and
 *     devname_map and devname_map_in_string agree on a whole "/dev/..." spec;
 *   - devname_map_in_string replaces exactly the tokens that an independent
 *     matcher (a POSIX regex) finds, leaves none in its output, and a second
 *     pass changes nothing.
 */
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned shifts[] = {0, 4};

static regex_t token_re;

static void check(bool ok)
{
        if (!ok)
                abort();
}

static bool name_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The value of a TAG= (optionally quoted) is text, not a device. */
static bool tag_value_at(const char *s, size_t pos)
{
        static const char *const tags[] = {"UUID=", "LABEL=", "PARTUUID=", "PARTLABEL=", "ID="};

        if (pos > 0 && (s[pos - 1] == '"' || s[pos - 1] == '\''))
                pos--;
        for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
                size_t l = strlen(tags[i]);

                if (pos < l || strncmp(s + pos - l, tags[i], l) != 0)
                        continue;
                if (pos == l || !name_char(s[pos - l - 1]))
                        return true;
        }
        return false;
}

/* Count the whole, valid /dev/sdX[N] and /dev/hdX[N] tokens in s, independently of devname.c. */
static size_t count_tokens(const char *s)
{
        size_t n = 0;

        for (const char *p = strstr(s, "/dev/"); p; p = strstr(p + 1, "/dev/")) {
                size_t pos = (size_t)(p - s);

                if (pos > 0 && (name_char(s[pos - 1]) || s[pos - 1] == '.' || s[pos - 1] == '/' ||
                                s[pos - 1] == '-'))
                        continue;
                if (tag_value_at(s, pos))
                        continue;
                if (regexec(&token_re, p, 0, NULL, 0) == 0)
                        n++;
        }
        return n;
}

static size_t count_substr(const char *s, const char *needle)
{
        size_t n = 0;

        for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
                n++;
        return n;
}

static bool is_xvd_output(const char *s)
{
        if (strncmp(s, "/dev/", 5) == 0)
                s += 5;
        return strncmp(s, "xvd", 3) == 0;
}

static void fuzz_map(const struct devmap *m, const char *data, size_t size, const char *copy)
{
        enum devname_kind kind, again;
        char *out = NULL, *out2 = NULL, *kout = NULL;
        int r;

        check(devname_map(m, data, size, &kind, &out) == 0);
        check(kind >= DEVNAME_NOT_DEVICE && kind <= DEVNAME_UNKNOWN);
        check(devname_kind_to_string(kind) != NULL);
        check((kind == DEVNAME_MAPPED) == (out != NULL));

        r = devname_map_kernel_name(m, data, size, &kout);
        check(r == 0 || r == 1);

        if (!out) {
                /* A name the kernel-name mapper takes is MAPPED as a whole spec too. */
                check(r == 0 && kout == NULL);
                return;
        }

        check(is_xvd_output(out));
        check(!strstr(out, "xxvd"));
        check(devname_map(m, out, strlen(out), &again, &out2) == 0);
        check(again == DEVNAME_XVD && out2 == NULL);

        if (strncmp(out, "/dev/", 5) == 0) {
                char *s = NULL;
                size_t count = 0;

                /* A whole /dev spec with no NUL maps the same way inside a string. */
                check(r == 0 && kout == NULL);
                check(copy != NULL);
                check(devname_map_in_string(m, copy, &s, &count) == 0);
                check(count == 1 && strcmp(s, out) == 0);
                free(s);
        } else {
                check(r == 1 && kout && strcmp(kout, out) == 0);
        }
        free(kout);
        free(out);
}

static void fuzz_in_string(const struct devmap *m, const char *copy)
{
        char *out = NULL, *out2 = NULL;
        size_t count = 0, count2 = 0;

        check(devname_map_in_string(m, copy, &out, &count) == 0);
        check(out != NULL && out != copy);
        check(count == count_tokens(copy));
        if (count == 0)
                check(strcmp(out, copy) == 0);
        check(count_substr(out, "xxvd") == count_substr(copy, "xxvd"));
        check(count_tokens(out) == 0);

        check(devname_map_in_string(m, out, &out2, &count2) == 0);
        check(count2 == 0 && strcmp(out2, out) == 0);
        free(out);
        free(out2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static bool initialized;
        const char *spec = (const char *)data;
        char *copy;
        bool has_nul = memchr(data, '\0', size) != NULL;

        if (!initialized) {
                check(regcomp(&token_re, "^/dev/(sd[a-z]{1,3}|hd[a-t])([1-9][0-9]*)?([^A-Za-z0-9_]|$)",
                              REG_EXTENDED | REG_NOSUB) == 0);
                initialized = true;
        }
        if (size > 64 * 1024)
                return 0;

        /* A NUL-terminated copy: the harness owns the terminator, not the input. */
        copy = malloc(size + 1);
        check(copy != NULL);
        memcpy(copy, data, size);
        copy[size] = '\0';

        for (size_t i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++) {
                struct devmap m = {.sd_shift = shifts[i]};

                fuzz_map(&m, spec, size, has_nul ? NULL : copy);
                fuzz_in_string(&m, copy);
        }
        (void)devname_is_xen_console(copy);
        (void)devmap_describe(NULL);

        free(copy);
        return 0;
}
