/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernels installed in the guest and their flavor, with evidence.
 *
 * Inventory: /boot/vmlinuz-VER, vmlinux-VER, kernel-VER (and the profile's
 * kernel_images templates whose {version} is in a file name directly under
 * /boot; the longest matching template wins) and /lib/modules/VER (a guest
 * booted by a dom0-supplied kernel may have only modules; a directory counts
 * when it has kernel/ or a modules.* index), merged by version. Not kernels:
 * symlinks that alias a versioned image (SUSE vmlinuz-xen, Debian vmlinuz),
 * backups and compressed copies ("*.old", "*.gz", SUSE's vmlinux-VER.gz),
 * kdump and rescue kernels, versions that do not start with a digit ("linux",
 * "extramodules-3.3-ARCH") or have bytes outside [A-Za-z0-9._+~-]. Symlinks
 * are resolved inside the guest root only.
 *
 * A profile's image template without {version} (Arch: /boot/vmlinuz-linux)
 * names one file; it belongs to the kernel whose release its x86 setup header
 * states (the first 64 KiB are read), or, when that cannot be read, to the
 * only kernel without an image if there is exactly one.
 *
 * Each kernel's initrd is the first of the profile's initrd_images templates
 * (defaults when the profile has none) that names a regular file, expanded
 * with the exact version (el5 never takes el5xen's image), and never a
 * "kdump" image; a template without {version} serves only the kernel with a
 * versionless image, and only when there is one such kernel.
 *
 * Evidence, strongest first:
 *   config  /boot/config-VER: CONFIG_X86_XEN / CONFIG_X86_64_XEN => Xenlinux;
 *           CONFIG_XEN=y without CONFIG_PARAVIRT plus a symbol only Xenlinux
 *           trees have (CONFIG_XEN_INTERFACE_VERSION, CONFIG_XEN_COMPAT*,
 *           CONFIG_X86_NO_TSS, CONFIG_X86_NO_IDT: SUSE -xen) => Xenlinux;
 *           CONFIG_PARAVIRT + CONFIG_XEN, CONFIG_XEN_PV, CONFIG_HVC_XEN, and
 *           SUSE's name for the mainline symbol, CONFIG_PARAVIRT_XEN => pvops.
 *           CONFIG_XEN=y alone says nothing. CONFIG_XEN_BLKDEV_FRONTEND y/m of
 *           a pvops config gives blkfront. "# CONFIG_XEN_PV is not set" with
 *           CONFIG_XEN=y (an HVM-only kernel) is recorded as unknown evidence
 *           plus a warning: such a kernel cannot boot as a PV guest.
 *   modules the module index: libkmod when modules.alias.bin and
 *           modules.dep.bin exist and every .bin index present is well formed
 *           (alias xen:vbd resolves to xen_blkfront => pvops, to xenblk =>
 *           Xenlinux, to xen_vbd => a PV-on-HVM driver, unknown; built in
 *           counts), else the text modules.alias / modules.builtin /
 *           modules.dep (old guests have only text).
 *   files   module file names: drivers/xen/blkfront/xenblk.ko => Xenlinux,
 *           drivers/block/xen-blkfront.ko[.xz|.zst|.gz] => pvops.
 *   version the version string: weak ("-xen" suffixes mean different things
 *           in different distros: Debian squeeze 2.6.32-5-xen-amd64 is pvops,
 *           SLES 11 SP1 2.6.32.12-0.7-xen is Xenlinux; ".el5xen", "xenU",
 *           "xenpae" are Xenlinux; .el6 and versions from 2.6.39 on without a
 *           xen suffix are pvops).
 * The strongest evidence decides; disagreeing evidence gives a warning.
 *
 * libkmod reads the guest's index files itself, by path. It is given
 * "/proc/self/fd/N", N a directory fd pinned with guest_open_canonical() (so
 * the path cannot lead out of the root however the tree is linked), and an
 * empty configuration list (the host's /etc/modprobe.d is never read; its log
 * goes nowhere). The index files it may open are checked first inside that
 * directory: a symlink among them makes the text indexes be used instead
 * (libkmod would follow it with the host's meaning), and a FIFO, device,
 * socket or directory is refused as guest_file_read() refuses them. What
 * remains is the window between that check and libkmod's own open: a guest
 * tree changed by someone else while domufix runs could still swap a file.
 */
#pragma once

#include <stdbool.h>

#include "guest-root.h"
#include "profile.h"
#include "util.h"

/* More kernels than this (in /boot and /lib/modules together) are refused. */
#define KERNEL_MAX 512
/* Evidence entries kept per kernel; more are dropped. */
#define KERNEL_EVIDENCE_MAX 64

enum kernel_flavor {
        FLAVOR_UNKNOWN,
        FLAVOR_XENLINUX,
        FLAVOR_PVOPS,
};

const char *kernel_flavor_to_string(enum kernel_flavor f); /* "unknown", "xenlinux", "pvops" */

enum evidence_kind {
        EVIDENCE_VERSION = 1, /* weakest */
        EVIDENCE_FILES = 2,
        EVIDENCE_MODULES = 3,
        EVIDENCE_CONFIG = 4, /* strongest */
};

const char *evidence_kind_to_string(enum evidence_kind k); /* "version", "files", "modules", "config" */

struct evidence {
        enum evidence_kind kind;
        enum kernel_flavor says; /* FLAVOR_UNKNOWN: noted, decides nothing (PV-on-HVM drivers, HVM-only configs) */
        char *source; /* guest path it was read from ("/boot/config-2.6.18-308.el5xen"); for
                         version evidence the image or modules directory it was named by */
        char *detail; /* "CONFIG_X86_64_XEN=y", "xen:vbd -> xen_blkfront (libkmod: built in)" */
};

struct kernel {
        char *version;
        char *image;       /* "/boot/vmlinuz-VER", a versionless "/boot/vmlinuz-linux", or NULL */
        char *modules_dir; /* "/lib/modules/VER" or NULL */
        char *config;      /* "/boot/config-VER" or NULL */
        char *initrd;      /* found by the profile's naming, or NULL */
        enum kernel_flavor flavor;
        struct evidence *evidence; /* strongest first */
        size_t n_evidence;
        struct strv warnings;      /* conflicting evidence, HVM-only configs; each starts "kernel VER: " */
        int blkfront;              /* pvops xen-blkfront: 1 built in, 0 module, -1 unknown; set by the
                                      first evidence that knows (config, then modules, then files) */
};

/* An empty kernel: everything NULL/0, blkfront -1. */
void kernel_init(struct kernel *k);
/* Free everything k owns and re-initialize it (kernel_init). */
void kernel_done(struct kernel *k);
void kernels_free(struct kernel *v, size_t n);

/*
 * Every installed kernel, sorted oldest to newest (kernel_version_compare),
 * each with its image, modules directory, config, initrd, evidence, flavor
 * (kernel_decide) and warnings. p may be NULL (default image and initrd
 * names). No kernel at all is not an error (*ret_n = 0, *ret NULL). Unsafe
 * files that must be read (a FIFO as /boot/config-VER or modules.dep) are an
 * error with a message, as in guest_file_read(); so are more than KERNEL_MAX
 * kernels. A symlink that cannot be resolved inside the root where only a
 * name is needed (an image, an initrd) is skipped.
 */
int kernel_inventory(const struct guest_root *g, const struct profile *p, struct kernel **ret, size_t *ret_n);

/*
 * Compare two version strings the way rpmvercmp orders versions: the strings
 * are split into segments of ASCII digits and of ASCII letters (anything else
 * separates); digits compare numerically (leading zeros ignored), letters
 * byte by byte, a numeric segment is newer than a letter segment, more
 * segments are newer than fewer, and "~" sorts before everything, the end of
 * the string included ("1.0~rc1" < "1.0" < "1.0a" < "1.0.1"). Strings equal by
 * segments ("1.01" and "1.1") are ordered by strcmp, so the order is total
 * and deterministic. Returns -1, 0 (only for identical strings) or 1.
 */
int kernel_version_compare(const char *a, const char *b);

/*
 * Evidence from one /boot/config text (pure, for tests and fuzzing; data
 * need not be NUL-terminated and may hold any bytes): at most two config
 * entries (a Xenlinux verdict and, when the config also has a strong pvops
 * symbol, a contradicting pvops one) are appended to k, blkfront may be set,
 * and an HVM-only config adds a warning naming k->version.
 */
int kernel_evidence_from_config(const char *source, const char *data, size_t size, struct kernel *k);

/*
 * Evidence from a text modules.alias / modules.builtin / modules.dep (pure).
 * The format follows the last component of source ("modules.alias", ...);
 * for any other name, "alias" lines and "path.ko:" dependency lines are both
 * understood. Only alias xen:vbd and the block frontend module files count;
 * identical entries are recorded once.
 */
int kernel_evidence_from_text_index(const char *source, const char *data, size_t size, struct kernel *k);

/*
 * Whether a version is a RHEL 6-family kernel ("2.6.32-279.el6.x86_64",
 * also CentOS and Scientific Linux builds): pvops, and its blkfront names an
 * sd disk xvd with the letter shifted by four unless
 * xen_blkfront.sda_is_xvda=1. NULL gives false.
 */
bool kernel_version_is_rhel6(const char *version);

/* Version-string evidence for k->version (pure; weak, see above). */
int kernel_evidence_from_version(struct kernel *k);

/*
 * Sort evidence strongest first (stable), set k->flavor to the verdict of
 * the first evidence that is not FLAVOR_UNKNOWN, and add one warning per
 * disagreeing entry:
 *   "kernel 2.6.32.12-0.7-xen: version says pvops but /boot/config-2.6.32.12-0.7-xen
 *    says xenlinux (CONFIG_X86_64_XEN=y); the config wins"
 * or, between entries of the same kind,
 *   "kernel VER: SOURCE (DETAIL) says X but SOURCE (DETAIL) says Y; taking Y".
 * Calling it again adds no duplicate warnings.
 */
int kernel_decide(struct kernel *k);
