/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the profile parser (profile_parse()).
 *
 * The input is a profile file. Invariants checked on every input:
 *  - no crash, no leak (ASan/LSan);
 *  - a rejected input returns -EINVAL, -EFBIG or -ENOMEM, leaves the result
 *    untouched, and its message names the file ("'fuzz.profile'...");
 *  - an accepted profile has a valid name and only values the format
 *    allows (init system, disk-letter shift, priority range, absolute paths,
 *    initrd tool, no control characters other than the template's newlines
 *    and tabs);
 *  - parsing is deterministic: the same input gives the same result, or
 *    the same error and message;
 *  - the accepted templates expand.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

#define FILE_NAME "fuzz.profile"

static bool str_eq(const char *a, const char *b)
{
        return a == b || (a && b && strcmp(a, b) == 0);
}

static bool strv_eq(const struct strv *a, const struct strv *b)
{
        if (a->n != b->n)
                return false;
        for (size_t i = 0; i < a->n; i++)
                if (strcmp(a->v[i], b->v[i]) != 0)
                        return false;
        return true;
}

static bool profile_eq(const struct profile *a, const struct profile *b)
{
        return str_eq(a->name, b->name) && str_eq(a->file, b->file) && str_eq(a->description, b->description) &&
               strv_eq(&a->inherits, &b->inherits) && strv_eq(&a->match_ids, &b->match_ids) &&
               strv_eq(&a->match_versions, &b->match_versions) && a->priority == b->priority &&
               a->init == b->init && str_eq(a->getty_file, b->getty_file) &&
               str_eq(a->getty_template, b->getty_template) && a->console_getty_auto == b->console_getty_auto &&
               str_eq(a->securetty, b->securetty) && strv_eq(&a->grub_legacy_files, &b->grub_legacy_files) &&
               str_eq(a->grub2_default, b->grub2_default) && str_eq(a->grub2_cfg, b->grub2_cfg) &&
               str_eq(a->sysconfig_bootloader, b->sysconfig_bootloader) && str_eq(a->device_map, b->device_map) &&
               str_eq(a->grub_update, b->grub_update) && str_eq(a->initrd_tool, b->initrd_tool) &&
               str_eq(a->initrd_modules_file, b->initrd_modules_file) &&
               str_eq(a->initrd_rebuild, b->initrd_rebuild) && strv_eq(&a->initrd_images, &b->initrd_images) &&
               a->sd_shift == b->sd_shift && strv_eq(&a->kernel_images, &b->kernel_images);
}

/* No control characters (TAB and, in templates, LF allowed), valid UTF-8. */
static void check_text(const char *s, bool multiline)
{
        if (!s)
                return;
        CHECK(*s != '\0');
        CHECK(utf8_valid(s, strlen(s)));
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                CHECK(*p >= 0x20 ? *p != 0x7F : (*p == '\t' || (multiline && *p == '\n')));
}

static void check_word(const char *s)
{
        check_text(s, false);
        CHECK(!strchr(s, ' ') && !strchr(s, '\t'));
}

static void check_path(const char *s)
{
        if (!s)
                return;
        check_word(s);
        CHECK(s[0] == '/');
}

static void check_paths(const struct strv *sv)
{
        for (size_t i = 0; i < sv->n; i++)
                check_path(sv->v[i]);
}

static void check_words(const struct strv *sv)
{
        for (size_t i = 0; i < sv->n; i++)
                check_word(sv->v[i]);
}

static void check_name(const char *s)
{
        CHECK(s && *s && strlen(s) <= 64 && s[0] != '.' && s[0] != '-');
        for (const char *p = s; *p; p++)
                CHECK((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                      *p == '.' || *p == '_' || *p == '-');
}

static void check_profile(const struct profile *p)
{
        static const char *const tools[] = {"none",          "mkinitrd-redhat", "dracut",   "initramfs-tools",
                                            "mkinitrd-suse", "mkinitcpio",      "genkernel"};
        char *out = NULL;

        check_name(p->name);
        CHECK(strcmp(p->file, FILE_NAME) == 0);
        check_text(p->description, false);
        for (size_t i = 0; i < p->inherits.n; i++)
                check_name(p->inherits.v[i]);
        check_words(&p->match_ids);
        check_words(&p->match_versions);
        CHECK(p->match_versions.n == 0 || p->match_ids.n > 0);
        CHECK(p->priority >= PROFILE_PRIORITY_MIN && p->priority <= PROFILE_PRIORITY_MAX);
        CHECK(p->init >= INIT_UNKNOWN && p->init <= INIT_SYSTEMD);
        CHECK(strcmp(init_system_to_string(p->init), "") != 0);
        check_path(p->getty_file);
        check_text(p->getty_template, true);
        check_path(p->securetty);
        check_paths(&p->grub_legacy_files);
        check_path(p->grub2_default);
        check_path(p->grub2_cfg);
        check_path(p->sysconfig_bootloader);
        check_path(p->device_map);
        check_text(p->grub_update, false);
        if (p->initrd_tool) {
                bool known = false;

                for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
                        known = known || strcmp(p->initrd_tool, tools[i]) == 0;
                CHECK(known);
        }
        check_path(p->initrd_modules_file);
        check_text(p->initrd_rebuild, false);
        check_paths(&p->initrd_images);
        CHECK(p->sd_shift == 0 || p->sd_shift == 4);
        check_paths(&p->kernel_images);

        /* Every accepted template expands. */
        if (p->initrd_rebuild) {
                CHECK(profile_expand(p->initrd_rebuild, "2.6.32", "/boot/initrd.img", &out) == 0);
                CHECK(strstr(out, "{version}") == NULL && strstr(out, "{initrd}") == NULL);
                free(out);
        }
        for (size_t i = 0; i < p->initrd_images.n; i++) {
                CHECK(profile_expand(p->initrd_images.v[i], "2.6.32", NULL, &out) == 0);
                CHECK(strstr(out, "{version}") == NULL);
                free(out);
        }
        if (p->getty_template) {
                CHECK(profile_expand_tty(p->getty_template, "hvc0", &out) == 0);
                CHECK(strstr(out, "{tty}") == NULL);
                free(out);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct profile *sentinel = (struct profile *)&sentinel;
        struct profile *p1 = sentinel, *p2 = sentinel;
        char *msg1 = NULL;
        int r1, r2;

        error_clear();
        r1 = profile_parse(FILE_NAME, (const char *)data, size, &p1);
        if (error_get())
                msg1 = strdup(error_get());
        error_clear();
        r2 = profile_parse(FILE_NAME, (const char *)data, size, &p2);

        CHECK(r1 == r2);
        if (r1 < 0) {
                CHECK(r1 == -EINVAL || r1 == -EFBIG || r1 == -ENOMEM);
                CHECK(p1 == sentinel && p2 == sentinel);
                if (r1 != -ENOMEM) {
                        CHECK(msg1 && strncmp(msg1, "'" FILE_NAME "'", strlen(FILE_NAME) + 2) == 0);
                        CHECK(error_get() && strcmp(msg1, error_get()) == 0);
                }
        } else {
                CHECK(r1 == 0 && p1 && p1 != sentinel && p2 && p2 != sentinel);
                CHECK(profile_eq(p1, p2));
                check_profile(p1);
                profile_free(p1);
                profile_free(p2);
        }
        free(msg1);
        return 0;
}
