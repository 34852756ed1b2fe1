/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer harness for the Upstart getty rewriters (/etc/event.d/hvc0 and
 * /etc/init/hvc0.conf).
 *
 * The input is used twice: as the model job (the guest's tty1 job) from
 * which a new hvc0 job is created, and as an existing hvc0 job. Invariants:
 *  - the edits apply; a created file has one line per model line (or, for a
 *    model without lines, is the profile's template) and no whole word
 *    "tty1" left;
 *  - when the model runs a getty on tty1 (and, for Upstart 0.3-0.5, has a
 *    "start on" line), the created job runs a getty on hvc0 the same way;
 *  - a second run with the created file as the existing one gives no edits
 *    (and no warning when the model was a real getty job);
 *  - an existing file is never edited, only warned about (at most once).
 * Bytes after a NUL are ignored for the model (it is a C string in the facts).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "init-scan.h"
#include "profile.h"
#include "rewrite/rewrite.h"
#include "text-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct rewriter rewriter_upstart_eventd;
extern const struct rewriter rewriter_upstart_init;

#define CHECK(x)                                                                              \
        do {                                                                                  \
                if (!(x)) {                                                                   \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x); \
                        abort();                                                              \
                }                                                                             \
        } while (0)

#define TEMPLATE                                                                                         \
        "# {tty} - getty\\n#\\n\\nstart on stopped rc RUNLEVEL=[2345]\\nstop on runlevel [!2345]\\n\\n" \
        "respawn\\nexec /sbin/getty -8 38400 {tty}\\n"

static struct profile *profile_eventd, *profile_init;

static struct profile *make_profile(const char *system)
{
        struct profile *p = NULL;
        char *text = NULL;

        CHECK(asprintf(&text, "[profile]\nname = fuzz\n[init]\nsystem = %s\ngetty-template = " TEMPLATE "\n",
                       system) > 0);
        CHECK(profile_parse("fuzz.profile", text, strlen(text), &p) == 0);
        free(text);
        return p;
}

static void out_done(struct rewrite_out *o)
{
        edit_list_done(&o->edits);
        strv_done(&o->warnings);
        strv_done(&o->next_steps);
}

static bool is_word_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool has_word(const char *s, size_t n, const char *w)
{
        size_t m = strlen(w);

        for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), w, m)); p++)
                if ((p == s || !is_word_char(p[-1])) && (p + m == s + n || !is_word_char(p[m])))
                        return true;
        return false;
}

static size_t count_lines(const char *s)
{
        struct text *t = NULL;
        size_t n;

        CHECK(text_new(s, strlen(s), &t) == 0);
        n = t->n_lines;
        text_free(t);
        return n;
}

/* Run a rewriter and render the result; *ret_changed whether any edit applied. */
static char *run(const struct rewriter *rw, const char *in, size_t in_size, bool exists, const struct facts *f,
                 struct rewrite_out *o, size_t *ret_size)
{
        struct text *t = NULL;
        struct text_result *r = NULL;
        char *out = NULL;

        CHECK(text_new(in, in_size, &t) == 0);
        CHECK(rw->rewrite(t, exists, rw->paths[0], f, o) == 0);
        CHECK(text_result_new(t, &r) == 0);
        CHECK(text_result_apply(r, &o->edits) == 0);
        CHECK(text_result_render(r, &out, ret_size) == 0);
        text_result_free(r);
        text_free(t);
        return out;
}

static void one(const struct rewriter *rw, struct profile *p, const char *model, const uint8_t *data, size_t size)
{
        struct facts f = {.profile = p};
        struct rewrite_out o = {0}, o2 = {0}, o3 = {0};
        struct init_job jm, jc;
        char *out, *out2, *out3;
        size_t out_size, out2_size, out3_size, model_lines = count_lines(model);
        bool eventd = p->init == INIT_UPSTART_EVENTD, model_ok;

        f.init.init = p->init;
        f.init.model_path = (char *)"/model";
        f.init.model_text = (char *)model;
        f.init.model_tty = (char *)"tty1";

        /* Create from the model. */
        out = run(rw, "", 0, false, &f, &o, &out_size);
        CHECK(o.create && o.create_mode == 0644 && o.warnings.n == 0 && o.next_steps.n == 1);
        CHECK(strlen(out) == out_size);
        CHECK(!has_word(out, out_size, "tty1"));
        CHECK(count_lines(out) == (model_lines > 0 ? model_lines : 8));
        CHECK(model_lines > 0 || has_word(out, out_size, "hvc0"));
        for (size_t i = 0; i < o.edits.n; i++)
                CHECK(o.edits.v[i].kind == EDIT_INSERT && o.edits.v[i].line == 0);

        init_job_parse(model, strlen(model), &jm);
        init_job_parse(out, out_size, &jc);
        CHECK(jc.start_on == (model_lines > 0 ? jm.start_on : true));
        CHECK(jc.manual == (model_lines > 0 ? jm.manual : false));
        model_ok = init_job_runs_getty_on(&jm, "tty1") && (!eventd || jm.start_on) && !jm.manual;
        if (model_ok)
                CHECK(init_job_runs_getty_on(&jc, "hvc0"));

        /* Second run: the created file exists. */
        out2 = run(rw, out, out_size, true, &f, &o2, &out2_size);
        CHECK(o2.edits.n == 0 && !o2.create && o2.next_steps.n == 0 && o2.warnings.n <= 1);
        CHECK(out2_size == out_size && memcmp(out, out2, out_size) == 0);
        if (model_ok || model_lines == 0)
                CHECK(o2.warnings.n == 0);

        /* The input as an existing hvc0 job: never edited. */
        out3 = run(rw, (const char *)data, size, true, &f, &o3, &out3_size);
        CHECK(o3.edits.n == 0 && !o3.create && o3.warnings.n <= 1);
        CHECK(out3_size == size && memcmp(out3, data, size) == 0);

        free(out3);
        free(out2);
        free(out);
        out_done(&o3);
        out_done(&o2);
        out_done(&o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *model;

        if (!profile_eventd) {
                profile_eventd = make_profile("upstart-event.d");
                profile_init = make_profile("upstart-init");
        }
        if (size > 65536)
                return 0;
        model = strndup((const char *)data, size);
        CHECK(model);
        one(&rewriter_upstart_eventd, profile_eventd, model, data, size);
        one(&rewriter_upstart_init, profile_init, model, data, size);
        free(model);
        return 0;
}
