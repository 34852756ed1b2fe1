/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Disk and console names (DESIGN §4).
 *
 * A disk name is a prefix ("sd", "hd" or "xvd"), a run of lowercase letters
 * and an optional partition number. The letters count in bijective base 26
 * (a = 0, z = 25, aa = 26, az = 51, ba = 52, ..., zzz = 18277), which is how
 * the kernel names its 27th and later disks; the RHEL 6 shift of sd letters
 * adds to that number, so with a shift of 4 sdw (22) becomes xvdaa (26).
 *
 * Every function works on a length-delimited name, so callers can pass a
 * field of a line without copying it, and never reads past that length.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "devname.h"
#include "util.h"

/* sda .. sdzzz: the kernel's sd naming stops at three letters. */
#define SD_MAX_LETTERS 3

/*
 * The longest xvd letter run we produce and accept. The largest sd index
 * (zzz = 18277) plus the largest shift (UINT_MAX) is below
 * 26 + 26^2 + ... + 26^7, the number of names of at most seven letters, so
 * every name devname_map() returns parses again as a xvd name.
 */
#define XVD_MAX_LETTERS 7
_Static_assert(UINT_MAX <= 0xFFFFFFFFu, "XVD_MAX_LETTERS assumes a 32-bit unsigned");

enum disk_type {
        DISK_SD,
        DISK_HD,
        DISK_XVD,
};

struct disk_name {
        enum disk_type type;
        const char *letters;
        size_t n_letters;
        const char *part; /* partition number digits; n_part == 0 for a whole disk */
        size_t n_part;
};

/* Tags that name a filesystem or partition by an attribute instead of a device. */
static const char *const tag_prefixes[] = {
        "UUID=", "LABEL=", "PARTUUID=", "PARTLABEL=", "ID=",
};

static bool is_lower(char c)
{
        return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* A character that continues a device name: the end of a token is anything else. */
static bool is_word_char(char c)
{
        return is_lower(c) || is_digit(c) || (c >= 'A' && c <= 'Z') || c == '_';
}

/* A character of a path or file name: "/dev/" right after one is not a token start. */
static bool is_path_char(char c)
{
        return is_word_char(c) || c == '.' || c == '/' || c == '-';
}

static size_t span(const char *s, size_t n, bool (*pred)(char))
{
        size_t i = 0;

        while (i < n && pred(s[i]))
                i++;
        return i;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
        size_t l = strlen(prefix);

        return n >= l && memcmp(s, prefix, l) == 0;
}

/* Length of the disk-name prefix ("sd", "hd", "xvd") at s, 0 if there is none. */
static size_t disk_prefix(const char *s, size_t n, enum disk_type *ret_type)
{
        if (has_prefix(s, n, "xvd")) {
                *ret_type = DISK_XVD;
                return 3;
        }
        if (has_prefix(s, n, "sd")) {
                *ret_type = DISK_SD;
                return 2;
        }
        if (has_prefix(s, n, "hd")) {
                *ret_type = DISK_HD;
                return 2;
        }
        return 0;
}

/*
 * Parse exactly n bytes as a disk name: sd + 1-3 letters, hd + one letter
 * a..t, or xvd + 1-7 letters, then an optional partition number without a
 * leading zero.
 */
static bool disk_name_parse(const char *s, size_t n, struct disk_name *ret)
{
        struct disk_name d = {0};
        size_t i;

        i = disk_prefix(s, n, &d.type);
        if (i == 0)
                return false;
        d.letters = s + i;
        d.n_letters = span(s + i, n - i, is_lower);
        i += d.n_letters;
        d.part = s + i;
        d.n_part = span(s + i, n - i, is_digit);
        i += d.n_part;
        if (i != n || d.n_letters == 0)
                return false;
        if (d.n_part > 0 && d.part[0] == '0')
                return false;

        switch (d.type) {
        case DISK_SD:
                if (d.n_letters > SD_MAX_LETTERS)
                        return false;
                break;
        case DISK_HD:
                if (d.n_letters != 1 || d.letters[0] > 't')
                        return false;
                break;
        case DISK_XVD:
                if (d.n_letters > XVD_MAX_LETTERS)
                        return false;
                break;
        }
        *ret = d;
        return true;
}

/*
 * Whether a name that is not a valid disk name still belongs to the sd, hd
 * or xvd family: the prefix followed only by lowercase letters and digits
 * ("sd", "sda01", "sda1x", "sdaaaa", "hdu", "xvda0"). Such names are
 * reported as DEVNAME_NOT_DEVICE rather than left alone silently.
 */
static bool disk_family_malformed(const char *s, size_t n)
{
        enum disk_type type;
        size_t i = disk_prefix(s, n, &type);

        if (i == 0)
                return false;
        for (; i < n; i++)
                if (!is_lower(s[i]) && !is_digit(s[i]))
                        return false;
        return true;
}

/*
 * Whether prefix is followed by 1-3 lowercase letters and then only digits,
 * up to the end of the n bytes ("vda", "vdb12").
 */
static bool prefix_letters_digits(const char *s, size_t n, const char *prefix)
{
        size_t i, l;

        if (!has_prefix(s, n, prefix))
                return false;
        i = strlen(prefix);
        l = span(s + i, n - i, is_lower);
        if (l == 0 || l > 3)
                return false;
        i += l;
        return i + span(s + i, n - i, is_digit) == n;
}

/*
 * A disk of a controller that a pvops domU does not have, whose data a
 * renamed guest cannot find by this name: Compaq Smart Array (cciss/, ida/),
 * Mylex DAC960 (rd/cNdN), NVMe (nvmeN...) and virtio (vdX[N]).
 */
static bool is_foreign_disk(const char *s, size_t n)
{
        if (has_prefix(s, n, "cciss/") && n > strlen("cciss/"))
                return true;
        if (has_prefix(s, n, "ida/") && n > strlen("ida/"))
                return true;
        if (has_prefix(s, n, "rd/c") && n > strlen("rd/c") && is_digit(s[strlen("rd/c")]))
                return true;
        if (has_prefix(s, n, "nvme") && n > strlen("nvme") && is_digit(s[strlen("nvme")]))
                return true;
        return prefix_letters_digits(s, n, "vd");
}

/*
 * Whether a path below /dev has an empty, "." or ".." component ("/dev//sda1",
 * "/dev/./sda1", "/dev/disk/../sda1", "/dev/sda1/"). Such a path can resolve to
 * a sd or hd node that its text does not show.
 */
static bool path_is_noncanonical(const char *s, size_t n)
{
        size_t start = 0;

        for (size_t i = 0; i <= n; i++) {
                size_t l;

                if (i < n && s[i] != '/')
                        continue;
                l = i - start;
                if (l == 0 || (l == 1 && s[start] == '.') ||
                    (l == 2 && s[start] == '.' && s[start + 1] == '.'))
                        return true;
                start = i + 1;
        }
        return false;
}

/* The bijective base-26 number of a run of lowercase letters (a = 0). */
static uint64_t letters_to_index(const char *s, size_t n)
{
        uint64_t v = 0;

        for (size_t i = 0; i < n; i++)
                v = v * 26 + (uint64_t)(s[i] - 'a' + 1);
        return v - 1;
}

/* Write the letters of index into buf (XVD_MAX_LETTERS bytes); returns their count. */
static size_t index_to_letters(uint64_t index, char buf[static XVD_MAX_LETTERS])
{
        char tmp[XVD_MAX_LETTERS];
        size_t n = 0;
        uint64_t v = index + 1;

        while (v > 0 && n < XVD_MAX_LETTERS) {
                v--;
                tmp[n++] = (char)('a' + v % 26);
                v /= 26;
        }
        for (size_t i = 0; i < n; i++)
                buf[i] = tmp[n - 1 - i];
        return n;
}

static unsigned devmap_shift(const struct devmap *m)
{
        return m ? m->sd_shift : 0;
}

/* Append the xvd name for a parsed sd or hd name. */
static int disk_name_append_xvd(const struct devmap *m, const struct disk_name *d, struct strbuf *b)
{
        char letters[XVD_MAX_LETTERS];
        const char *l = d->letters;
        size_t nl = d->n_letters;
        int r;

        if (d->type == DISK_SD && devmap_shift(m) > 0) {
                nl = index_to_letters(letters_to_index(d->letters, d->n_letters) + devmap_shift(m),
                                      letters);
                l = letters;
        }
        r = strbuf_puts(b, "xvd");
        if (r < 0)
                return r;
        r = strbuf_append(b, l, nl);
        if (r < 0)
                return r;
        return strbuf_append(b, d->part, d->n_part);
}

/* Classify a name with the "/dev/" prefix (if any) removed. */
static enum devname_kind classify_name(const char *s, size_t n, bool under_dev, struct disk_name *ret_disk)
{
        struct disk_name d;

        if (n == 0)
                return DEVNAME_NOT_DEVICE;
        if (disk_name_parse(s, n, &d)) {
                if (d.type == DISK_XVD)
                        return DEVNAME_XVD;
                *ret_disk = d;
                return DEVNAME_MAPPED;
        }
        if (disk_family_malformed(s, n))
                return DEVNAME_NOT_DEVICE;
        if (under_dev && path_is_noncanonical(s, n))
                return DEVNAME_UNKNOWN;
        if (is_foreign_disk(s, n))
                return DEVNAME_UNKNOWN;
        return DEVNAME_KEEP;
}

const char *devname_kind_to_string(enum devname_kind k)
{
        switch (k) {
        case DEVNAME_NOT_DEVICE:
                return "not a device";
        case DEVNAME_MAPPED:
                return "renamed";
        case DEVNAME_XVD:
                return "already xvd";
        case DEVNAME_TAG:
                return "UUID/LABEL tag";
        case DEVNAME_KEEP:
                return "left alone";
        case DEVNAME_UNKNOWN:
                return "unknown disk";
        }
        return "invalid kind";
}

int devname_map(const struct devmap *m, const char *spec, size_t len, enum devname_kind *ret_kind,
                char **ret_new)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        enum devname_kind kind;
        struct disk_name d = {0};
        bool under_dev = false;
        const char *name = spec;
        size_t n = len;
        char *s = NULL;
        int r;

        if (len == 0 || !spec || memchr(spec, '\0', len))
                kind = DEVNAME_NOT_DEVICE;
        else {
                kind = DEVNAME_KEEP;
                for (size_t i = 0; i < ARRAY_SIZE(tag_prefixes); i++)
                        if (has_prefix(spec, len, tag_prefixes[i]))
                                kind = DEVNAME_TAG;
                if (kind != DEVNAME_TAG) {
                        if (has_prefix(spec, len, "/dev/")) {
                                under_dev = true;
                                name += strlen("/dev/");
                                n -= strlen("/dev/");
                        }
                        kind = classify_name(name, n, under_dev, &d);
                }
        }

        if (kind == DEVNAME_MAPPED && ret_new) {
                r = strbuf_append(&b, spec, (size_t)(name - spec));
                if (r < 0)
                        return r;
                r = disk_name_append_xvd(m, &d, &b);
                if (r < 0)
                        return r;
                r = strbuf_steal(&b, &s);
                if (r < 0)
                        return r;
        }

        if (ret_kind)
                *ret_kind = kind;
        if (ret_new)
                *ret_new = s;
        return 0;
}

/*
 * Whether the token at pos is the value of a tag ("LABEL=/dev/sda1", also
 * with a quote after the '='): a label is text, not a device.
 */
static bool is_tag_value(const char *s, size_t pos)
{
        if (pos > 0 && (s[pos - 1] == '"' || s[pos - 1] == '\''))
                pos--;
        for (size_t i = 0; i < ARRAY_SIZE(tag_prefixes); i++) {
                size_t l = strlen(tag_prefixes[i]);

                if (pos < l || memcmp(s + pos - l, tag_prefixes[i], l) != 0)
                        continue;
                if (pos == l || !is_word_char(s[pos - l - 1]))
                        return true;
        }
        return false;
}

/*
 * Length of the sd/hd token candidate at s (right after "/dev/"): the prefix,
 * the run of lowercase letters and the run of digits. 0 when s does not start
 * with "sd" or "hd".
 */
static size_t token_candidate_len(const char *s)
{
        size_t i = 0;

        if (!(s[0] == 's' || s[0] == 'h') || s[1] != 'd')
                return 0;
        i = 2;
        while (is_lower(s[i]))
                i++;
        while (is_digit(s[i]))
                i++;
        return i;
}

int devname_map_in_string(const struct devmap *m, const char *s, char **ret, size_t *ret_count)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        size_t count = 0, done = 0;
        char *out = NULL;
        int r;

        if (!s || !ret)
                return -EINVAL;

        for (const char *p = strstr(s, "/dev/"); p; p = strstr(p + 1, "/dev/")) {
                size_t pos = (size_t)(p - s), n;
                struct disk_name d;

                if (pos > 0 && is_path_char(s[pos - 1]))
                        continue;
                if (is_tag_value(s, pos))
                        continue;
                n = token_candidate_len(p + strlen("/dev/"));
                if (n == 0 || is_word_char(p[strlen("/dev/") + n]))
                        continue;
                if (!disk_name_parse(p + strlen("/dev/"), n, &d) || d.type == DISK_XVD)
                        continue;

                r = strbuf_append(&b, s + done, pos - done);
                if (r < 0)
                        return r;
                r = strbuf_puts(&b, "/dev/");
                if (r < 0)
                        return r;
                r = disk_name_append_xvd(m, &d, &b);
                if (r < 0)
                        return r;
                done = pos + strlen("/dev/") + n;
                count++;
                /* The next search starts at the end of this token. */
                p = s + done - 1;
        }

        if (count == 0) {
                r = strdup_checked(s, &out);
                if (r < 0)
                        return r;
        } else {
                r = strbuf_puts(&b, s + done);
                if (r < 0)
                        return r;
                r = strbuf_steal(&b, &out);
                if (r < 0)
                        return r;
        }

        *ret = out;
        if (ret_count)
                *ret_count = count;
        return 0;
}

int devname_map_kernel_name(const struct devmap *m, const char *name, size_t len, char **ret)
{
        _cleanup_(strbuf_done) struct strbuf b = {0};
        struct disk_name d;
        int r;

        if (!name || len == 0 || memchr(name, '\0', len))
                return 0;
        if (!disk_name_parse(name, len, &d) || d.type == DISK_XVD)
                return 0;
        r = disk_name_append_xvd(m, &d, &b);
        if (r < 0)
                return r;
        if (ret) {
                r = strbuf_steal(&b, ret);
                if (r < 0)
                        return r;
        }
        return 1;
}

bool devname_is_xen_console(const char *name)
{
        size_t n;

        if (!name || strncmp(name, "xvc", 3) != 0)
                return false;
        n = strspn(name + 3, "0123456789");
        if (n == 0 || name[3 + n] != '\0')
                return false;
        /* xvc0, xvc1, ..., xvc10: no leading zero. */
        return n == 1 || name[3] != '0';
}

const char *devmap_describe(const struct devmap *m)
{
        switch (devmap_shift(m)) {
        case 0:
                return "sdX/hdX -> xvdX (same letter)";
        case 4:
                return "sdX -> xvd(X+4) (RHEL 6 blkfront: sda -> xvde), hdX -> xvdX";
        default:
                return "sdX -> xvdX shifted by the configured offset, hdX -> xvdX";
        }
}
