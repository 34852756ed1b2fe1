/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the guest's init runs on its consoles: which ttys have an active
 * getty in the configuration the guest's init system really reads, which
 * job file to model a new getty job on, whether the init system starts a
 * getty on the kernel console by itself, and whether /dev is static (no
 * udev in the guest). Read-only; used by the getty rewriters and detect.
 *
 * What is read, by the profile's init system:
 *  - sysvinit: /etc/inittab, "respawn" lines whose program is a getty.
 *  - upstart-event.d (0.3-0.5): every job file in /etc/event.d; a job
 *    counts when it has a "start on" stanza and an "exec" of a getty.
 *  - upstart-init (0.6+): every /etc/init/NAME.conf; a job counts when it
 *    execs a getty and is not "manual" (in the job or in NAME.override).
 *    Instance jobs started per tty by another job (RHEL 6 tty.conf from
 *    start-ttys.conf) count for each tty of ACTIVE_CONSOLES in
 *    /etc/sysconfig/init. Getty jobs left in /etc/event.d are only noted.
 *  - systemd: nothing; serial-getty@ serves the kernel console.
 * A job "start on fedora.serial-console-available" (Fedora 9-14 and RHEL 6
 * serial job, fed by udev's console_check) means the init system starts a
 * getty on the kernel console by itself, as does the profile's
 * console-getty-automatic.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "guest-root.h"
#include "profile.h"
#include "util.h"

/* At most this many job files are read from one directory; the rest are noted. */
#define INIT_JOBS_MAX 256

struct init_info {
        enum init_system init;     /* the profile's; a contradiction in the files is only noted */
        struct strv getty_ttys;    /* ttys with an active getty ("tty1", "xvc0", "hvc0"), "/dev/"
                                      stripped; a tty may appear twice (two lines or jobs) */
        struct strv getty_sources; /* parallel to getty_ttys: "/etc/inittab:12", a job file
                                      ("/etc/event.d/tty1"), or "/etc/sysconfig/init" */
        char *model_path;          /* the job file a new hvc0 job is modeled on (the tty1 job, else the
                                      first active getty job on a fixed tty), or NULL; Upstart only */
        char *model_text;          /* its content, or NULL */
        char *model_tty;           /* (added) the tty the model job serves ("tty1"), or NULL */
        bool console_getty_auto;   /* the init system starts a getty on the kernel console itself */
        bool static_dev;           /* no udev in the guest: device nodes must exist in /dev */
        struct strv notes;         /* e.g. "/etc/event.d/xvc0 is not read by Upstart 0.6+ (it reads /etc/init)" */
};

/*
 * Scan the init configuration the profile names. Missing files and
 * directories are normal. Unsafe files (FIFOs, devices, symlink loops, ...)
 * are errors, as guest_file_read() refuses them. *ret is set only on
 * success. Returns 0 or -errno.
 */
int init_scan(const struct guest_root *g, const struct profile *p, struct init_info *ret);
void init_info_done(struct init_info *i);

/*
 * Whether a command line ([s, s + len): "/sbin/agetty -L 9600 xvc0 xterm",
 * "exec /sbin/getty 38400 tty1", "+/sbin/mingetty console") runs a getty,
 * and on which tty: the first argument that looks like one ("/dev/"
 * stripped; a "$VAR" of an instance job is returned as it is). *ret_tty is
 * NULL and *ret_tty_len 0 when no argument looks like a tty. The one rule
 * for inittab entries and Upstart jobs alike.
 */
bool init_getty_command(const char *s, size_t len, const char **ret_tty, size_t *ret_tty_len);

/* Whether a tty has an active getty. */
bool init_has_getty(const struct init_info *i, const char *tty);

/*
 * (added) One Upstart job file, as far as gettys are concerned. Pure: the
 * string fields point into the parsed data (NULL when absent).
 */
struct init_job {
        bool start_on;             /* has a "start on" stanza */
        bool manual;               /* has a "manual" stanza */
        bool instance;             /* has an "instance" stanza */
        bool serial_console_event; /* "start on" names fedora.serial-console-available */
        bool getty;                /* "exec" (or the main script) runs a getty */
        const char *tty;           /* its tty ("tty1"; "/dev/" stripped; may be "$TTY"), or NULL */
        size_t tty_len;
        size_t getty_line;         /* 1-based line of the getty command, or 0 */
        const char *active_consoles; /* value of an "env ACTIVE_CONSOLES=..." stanza, or NULL */
        size_t active_consoles_len;
        bool mentions_active_consoles; /* ACTIVE_CONSOLES appears outside comments */
};

/* Parse an Upstart job (0.3-0.5 or 0.6+ syntax; data need not be NUL-terminated). */
void init_job_parse(const char *data, size_t size, struct init_job *ret);

/* Whether the job runs a getty on this tty ("hvc0") by itself (a fixed tty, not "$TTY"). */
bool init_job_runs_getty_on(const struct init_job *j, const char *tty);

