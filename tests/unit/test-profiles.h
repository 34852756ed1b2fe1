/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Loading the shipped profiles in unit tests (after test-helpers.h). */
#pragma once

#include "config.h"
#include "profile.h"

/* The source tree's profiles: $DOMUFIX_PROFILE_DIR (set by meson), else the configured source dir. */
static inline void th_profile_search(struct profile_search *s)
{
        const char *dir = getenv("DOMUFIX_PROFILE_DIR");
        struct strv extra = {0};

        assert_int_equal(strv_push(&extra, dir && *dir ? dir : SOURCE_PROFILE_DIR), 0);
        assert_int_equal(profile_search_init(s, &extra), 0);
        strv_done(&extra);
}

/* A shipped profile by name, inheritance resolved. */
static inline struct profile *th_load_profile(const char *name)
{
        struct profile_search s = {0};
        struct profile *p = NULL;

        th_profile_search(&s);
        assert_int_equal(profile_load(&s, name, &p), 0);
        profile_search_done(&s);
        return p;
}
