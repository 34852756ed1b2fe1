/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * JSON output (json-c): one object per command with the keys of DESIGN §2.
 */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>

#include "facts.h"
#include "plan.h"
#include "util.h"
#include "verify.h"

struct report {
        const char *command;
        const char *root;
        const struct facts *facts;     /* may be NULL */
        bool boot_entries;             /* detect: also list the boot menus */
        const struct plan *plan;       /* may be NULL */
        const char *backup_id;         /* apply */
        const struct verify_report *verify; /* verify: ready and checks */
        const struct strv *extra_warnings; /* may be NULL */
};

/* Build the document; *ret is owned by the caller (json_object_put). */
int report_json_build(const struct report *r, struct json_object **ret);

/* Serialise (pretty, no escaped slashes) to out, with a final newline. */
int report_json_write(struct json_object *o, struct strbuf *out);

/* A JSON string from bytes that may not be UTF-8: invalid bytes become \xNN text. */
struct json_object *report_json_string(const char *s, size_t len);
