/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the release file parsers (distro_parse()).
 *
 * The input is parsed as each release file distro_detect() reads, in turn.
 * Invariants checked on every input and path:
 *  - distro_parse() returns 1 (identified) or 0 (not), nothing else; it
 *    never touches *ret when it returns 0;
 *  - debian_version, gentoo-release and arch-release identify any content;
 *  - an identified distro has non-NULL id, version and name, source is the
 *    path, and every string is valid UTF-8 without control characters;
 *  - parsing the same bytes again gives the same result.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distro.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

static const struct {
        const char *path;
        bool always; /* any content identifies the guest */
} paths[] = {
        {"/etc/os-release", false},     {"/usr/lib/os-release", false}, {"/etc/centos-release", false},
        {"/etc/fedora-release", false}, {"/etc/redhat-release", false}, {"/etc/SuSE-release", false},
        {"/etc/lsb-release", false},    {"/etc/debian_version", true},  {"/etc/gentoo-release", true},
        {"/etc/arch-release", true},
};

static bool clean_string(const char *s)
{
        size_t n = strlen(s);

        if (!utf8_valid(s, n))
                return false;
        for (size_t i = 0; i < n; i++)
                if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
                        return false;
        return true;
}

static bool same(const char *a, const char *b)
{
        return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
                struct distro d = {0}, d2 = {0};
                int r, r2;

                r = distro_parse(paths[i].path, (const char *)data, size, &d);
                CHECK(r == 0 || r == 1);
                if (paths[i].always)
                        CHECK(r == 1);
                if (r == 0) {
                        CHECK(!d.id && !d.version && !d.name && !d.source && !d.codename);
                } else {
                        CHECK(d.id && d.version && d.name && d.source);
                        CHECK(*d.id && strcmp(d.source, paths[i].path) == 0);
                        CHECK(clean_string(d.id) && clean_string(d.version) && clean_string(d.name));
                        CHECK(!d.codename || (*d.codename && clean_string(d.codename)));
                }

                r2 = distro_parse(paths[i].path, (const char *)data, size, &d2);
                CHECK(r2 == r);
                CHECK(same(d.id, d2.id) && same(d.version, d2.version) && same(d.name, d2.name));
                CHECK(same(d.source, d2.source) && same(d.codename, d2.codename));

                distro_done(&d2);
                distro_done(&d);
        }
        return 0;
}
