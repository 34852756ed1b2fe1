/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Per-distro profiles: INI files (parsed with inih) in distro-profiles/,
 * documented in domufix-profile(5). One file per family or release group;
 * shared parts come from an "inherit" key, so no file repeats another.
 *
 * Search order for a profile NAME: each --profile-dir (in order given), then
 * /etc/domufix/profiles.d (on the machine running domufix, not in the guest),
 * then the installed DATADIR/domufix/profiles. A file name "NAME.profile".
 * A name found earlier in the path shadows the later files of that name.
 *
 * Inheritance: only the settings ([init], [login], [boot], [initrd],
 * [kernel]) are inherited; [profile] and [match] belong to each file. A key
 * the profile does not set is taken from its first parent that sets it
 * (parents with their own inheritance already applied), then the second...
 * A key set to an empty value sets "none" (NULL or an empty list) and so
 * hides the parent's value. A profile that inherits its own name gets the
 * file of that name further down the search path (an override that extends
 * the installed profile).
 *
 * Profiles are the tool's own data: they are read from HOST paths with
 * plain stdio, never from the guest.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "distro.h"
#include "util.h"

/* Profile files larger than this are refused. */
#define PROFILE_FILE_MAX (1024u * 1024u)
/* Longest inherit chain (hops from a profile to its farthest ancestor). */
#define PROFILE_INHERIT_MAX 8
/* The range of [profile] priority; generic uses the minimum. */
#define PROFILE_PRIORITY_MIN (-1000)
#define PROFILE_PRIORITY_MAX 1000

enum init_system {
        INIT_UNKNOWN,
        INIT_SYSVINIT,      /* /etc/inittab */
        INIT_UPSTART_EVENTD, /* upstart 0.3-0.5, /etc/event.d */
        INIT_UPSTART_INIT,   /* upstart 0.6+, /etc/init/JOB.conf */
        INIT_SYSTEMD,
};

/* The [init] system spelling: "sysvinit", "upstart-event.d", "upstart-init", "systemd"; "unknown". */
const char *init_system_to_string(enum init_system i);

struct profile {
        char *name;        /* "rhel5"; never NULL */
        char *file;        /* the file it was loaded from (host path) */
        char *description; /* "Red Hat Enterprise Linux 5, CentOS 5, Scientific Linux 5", or NULL
                              (not inherited) */
        struct strv inherits; /* after profile_parse(): the inherit key as written; after
                                 profile_load()/profile_select(): every ancestor in lookup
                                 order (first parent, its ancestors, second parent, ...),
                                 each once, so nearest first for a single chain */

        /* [match] */
        struct strv match_ids;      /* distro ids, e.g. "rhel" "centos" "scientific"; empty = an
                                       abstract base, never selected */
        struct strv match_versions; /* fnmatch patterns on the version, e.g. "5" "5.*"; empty = any */
        int priority;               /* higher wins when several match; generic has the lowest */

        /* [init] */
        enum init_system init;
        char *getty_file;        /* "/etc/inittab", "/etc/event.d", "/etc/init", or NULL (systemd) */
        char *getty_template;    /* inittab line, or job body (escapes already decoded, so it
                                    may hold newlines), with {tty}; or NULL. See
                                    profile_expand_tty() */
        bool console_getty_auto; /* init starts a getty on the kernel console itself */

        /* [login] */
        char *securetty; /* "/etc/securetty" */

        /* [boot] */
        struct strv grub_legacy_files; /* menus, in preference order */
        char *grub2_default;           /* "/etc/default/grub" or NULL */
        char *grub2_cfg;               /* "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg" or NULL */
        char *sysconfig_bootloader;    /* SUSE "/etc/sysconfig/bootloader" or NULL */
        char *device_map;              /* "/boot/grub/device.map" or NULL */
        char *grub_update;             /* command that regenerates the menu ("update-grub") or NULL */

        /* [initrd] */
        char *initrd_tool;         /* "mkinitrd-redhat", "dracut", "initramfs-tools", "mkinitrd-suse",
                                      "mkinitcpio", "genkernel", "none" (only these), or NULL
                                      when no profile in the chain sets it */
        char *initrd_modules_file; /* "/etc/modprobe.conf", "/etc/initramfs-tools/modules",
                                      "/etc/dracut.conf", "/etc/sysconfig/kernel",
                                      "/etc/mkinitcpio.conf", or NULL */
        char *initrd_rebuild;      /* command template with {version} and {initrd} */
        struct strv initrd_images; /* image name templates: "/boot/initrd-{version}.img";
                                      a template may lack {version} (Arch) */
        char *initrd_modules_dir;  /* a directory of drop-ins (*.conf) the tool reads after
                                      modules_file ("/etc/dracut.conf.d"), or NULL */
        struct strv initrd_chroot_binds; /* host directories bind-mounted into the guest root
                                            before the tool runs there in a chroot: "/dev"
                                            "/proc" "/sys"; empty: none */
        char *initrd_chroot_prepare; /* host command run before that chroot ("modprobe loop"),
                                        or NULL */

        /* [kernel] */
        unsigned sd_shift;        /* disk-letter rule of the distro's pvops kernels: 0, or 4 (RHEL 6) */
        struct strv kernel_images; /* "/boot/vmlinuz-{version}" */
};

struct profile *profile_free(struct profile *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct profile *, profile_free);

struct profile_search {
        struct strv dirs; /* directories searched in order */
};

/*
 * The default search path, with extra directories (from --profile-dir, may be
 * NULL) first: extra..., "/etc/domufix/profiles.d", DATADIR "/profiles".
 * While DATADIR "/profiles" does not exist (a build that is not installed),
 * the source tree's distro-profiles (SOURCE_PROFILE_DIR) takes its place.
 * *s need not be initialised; on failure it is left empty.
 */
int profile_search_init(struct profile_search *s, const struct strv *extra_dirs);
void profile_search_done(struct profile_search *s);

/*
 * Load a profile by NAME (searched) or by FILE (contains a '/'), resolving
 * inherit. Errors name the file and line: "'x.profile' line 7: unknown key
 * 'getty-lien' in [init]". Returns -ENOENT (with a message) when not found.
 * A file found by NAME must say "name = NAME". The result must have a name,
 * an [init] system and a [login] securetty (after inheritance).
 * Errors: -EINVAL (syntax, values), -ELOOP (inherit cycle or chain longer
 * than PROFILE_INHERIT_MAX), -EFBIG, -ENOENT, other -errno from reading.
 */
int profile_load(const struct profile_search *s, const char *name_or_file, struct profile **ret);

/*
 * Pick the profile for a distro: every profile in the search path is read,
 * the matching one with the highest priority wins; "generic" when none.
 * A profile matches when d->id is one of its [match] ids and, if it has
 * version patterns, one of them fnmatch()es d->version, else its major
 * version ("5" of "5.8"); a distro without a version ("lenny/sid") is
 * matched on d->codename. Two matches with the same highest priority are an
 * error (-EINVAL), as is a missing "generic" when nothing matches (-ENOENT).
 * *ret_reason (may be NULL) says why ("/etc/redhat-release: centos 5.8
 * matches rhel5 (id centos, version 5.*)", "... (id centos, version 5 on
 * major version 5)", "distribution unknown: falling back to generic",
 * "/etc/redhat-release: centos 7.1 matches no profile: falling back to
 * generic"). A malformed profile anywhere, abstract or not, is an error.
 */
int profile_select(const struct profile_search *s, const struct distro *d, struct profile **ret,
                   char **ret_reason);

/*
 * Parse one profile text without inheritance (pure, for tests and fuzzing).
 * file names it in messages. data need not be NUL-terminated. The result
 * always has a name; init system and securetty may still be missing (they
 * may come from a parent).
 */
int profile_parse(const char *file, const char *data, size_t size, struct profile **ret);

/*
 * Expand {version} and {initrd} in a template. Other {placeholders} are
 * copied as they are. A placeholder whose value is NULL is an error
 * (-EINVAL with a message).
 */
int profile_expand(const char *template, const char *version, const char *initrd, char **ret);

/* Expand {tty} in a getty template ("hvc0"). Same rules as profile_expand(). */
int profile_expand_tty(const char *template, const char *tty, char **ret);
