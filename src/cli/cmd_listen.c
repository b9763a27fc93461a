/*
 * cmd_listen.c: `clout listen`: listening rules. `listen test EXPR FILE...` tries a rule before it
 * is saved: it reads clout JSON lines (docs/formats.md; accounts give the handles that from:
 * compares, posts are matched) and prints the id of every post that matches, one per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util/map.h"
#include "util/banned.h"

#define MAX_LINE (4u << 20)

/* Account handles by "platform\x1fid", read from account records, for from: filters. */
typedef struct handles {
	clout_smap keys;
	char **names;
	size_t cap;
} handles;

static int key_of(char *out, size_t cap, const char *platform, const char *id)
{
	int n = snprintf(out, cap, "%s\x1f%s", platform ? platform : "", id);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static int remember_handle(handles *h, const char *platform, const char *id, const char *handle)
{
	char key[512];
	int n = key_of(key, sizeof(key), platform, id);
	if (n < 0)
		return 0; /* an id that long cannot be an author we will meet */
	int64_t k = clout_smap_intern(&h->keys, key, (size_t)n);
	if (k < 0)
		return -1;
	if ((size_t)k >= h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 256;
		char **names = realloc(h->names, cap * sizeof(*names));
		if (!names)
			return -1;
		memset(names + h->cap, 0, (cap - h->cap) * sizeof(*names));
		h->names = names;
		h->cap = cap;
	}
	free(h->names[k]);
	return (h->names[k] = strdup(handle)) ? 0 : -1;
}

static const char *find_handle(const handles *h, const char *platform, const char *id)
{
	char key[512];
	int n = key_of(key, sizeof(key), platform, id);
	int64_t k = n < 0 ? -1 : clout_smap_find(&h->keys, key, (size_t)n);
	return k < 0 ? NULL : h->names[k];
}

/* A JSON id (string or integer) as text in buf. */
static const char *id_text(json_t *v, char *buf, size_t cap)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	return NULL;
}

static int print_match(void *ctx, uint32_t rule)
{
	(void)rule;
	*(bool *)ctx = true;
	return 0;
}

typedef struct test_run {
	clout_listen_set *set;
	clout_listen_matcher *m;
	handles h;
	long matched;
} test_run;

/* Matches one JSON line; returns an exit status (EXIT_OK to go on). */
static int test_record(test_run *r, const char *name, long lineno, const char *line, size_t len)
{
	json_error_t jerr;
	clout_error err = { 0 };
	json_t *doc = json_loadb(line, len, 0, &jerr);
	int rc = EXIT_OK;
	char idbuf[32], authbuf[32];
	if (!doc || !json_is_object(doc)) {
		fprintf(stderr, "clout listen: %s:%ld: %s\n", name, lineno, doc ? "expected a JSON object" : jerr.text);
		rc = EXIT_DATAERR;
		goto done;
	}
	const char *type = json_string_value(json_object_get(doc, "type"));
	const char *platform = json_string_value(json_object_get(doc, "platform"));
	json_t *text = json_object_get(doc, "text");
	const char *id = id_text(json_object_get(doc, "id"), idbuf, sizeof(idbuf));
	if ((type && !strcmp(type, "account")) || (!type && json_object_get(doc, "handle") && !text)) {
		const char *handle = json_string_value(json_object_get(doc, "handle"));
		if (id && handle && remember_handle(&r->h, platform, id, handle) < 0) {
			fprintf(stderr, "clout listen: out of memory\n");
			rc = EXIT_SOFTWARE;
		}
		goto done;
	}
	if ((type && strcmp(type, "post")) || !json_is_string(text))
		goto done; /* edges, and posts without text, cannot match */
	if (!id) {
		fprintf(stderr, "clout listen: %s:%ld: \"id\" must be a string or an integer\n", name, lineno);
		rc = EXIT_DATAERR;
		goto done;
	}
	const char *author = id_text(json_object_get(doc, "author"), authbuf, sizeof(authbuf));
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	clout_listen_post post = { json_string_value(text), json_string_length(text),
		json_string_value(json_object_get(doc, "lang")), platform,
		author ? find_handle(&r->h, platform, author) : NULL, kind && !strcmp(kind, "reply"), false };
	bool hit = false;
	if (clout_listen_match(r->m, r->set, &post, print_match, &hit, &err) < 0) {
		rc = cli_fail("listen", &err);
		goto done;
	}
	if (hit) {
		fputs(id, stdout);
		fputc('\n', stdout);
		r->matched++;
	}
done:
	json_decref(doc);
	return rc;
}

static int test_file(test_run *r, const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	const char *name = in == stdin ? "<stdin>" : path;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = EXIT_OK;
	if (!in) {
		fprintf(stderr, "clout listen: %s: cannot open\n", path);
		return EXIT_NOINPUT;
	}
	while (rc == EXIT_OK && (n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len > MAX_LINE) {
			fprintf(stderr, "clout listen: %s:%ld: line longer than %u bytes\n", name, lineno, MAX_LINE);
			rc = EXIT_DATAERR;
		} else if (strspn(line, " \t") < len) {
			rc = test_record(r, name, lineno, line, len);
		}
	}
	if (rc == EXIT_OK && ferror(in)) {
		fprintf(stderr, "clout listen: %s: read error\n", name);
		rc = EXIT_IOERR;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return rc;
}

static int cmd_listen_test(int argc, char **argv)
{
	const cli_opt options[] = { { 0 } };
	const cli_command_spec spec = { "listen test", "EXPR FILE...",
		"Print the id of every post in FILE (clout JSON lines, - for stdin) that rule EXPR matches.\n"
		"Account records give the handles that from: compares (list accounts before posts).",
		options, 2, -1 };
	clout_text *t = NULL;
	clout_error err = { 0 };
	test_run r = { 0 };
	char **args;
	int nargs, rc;
	if ((rc = cli_opt_parse(&spec, argc, argv, &args, &nargs)) != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (clout_smap_init(&r.h.keys, 256) < 0) {
		fprintf(stderr, "clout listen: out of memory\n");
		rc = EXIT_SOFTWARE;
		goto done;
	}
	if (clout_text_new(&t, NULL, &err) < 0 || clout_listen_set_new(&r.set, &err) < 0 ||
		clout_listen_set_add(r.set, t, NULL, args[0], NULL, &err) < 0 ||
		clout_listen_set_compile(r.set, true, &err) < 0 || clout_listen_matcher_new(&r.m, t, &err) < 0) {
		rc = cli_fail("listen", &err);
		goto done;
	}
	for (int k = 1; k < nargs && rc == EXIT_OK; k++)
		rc = test_file(&r, args[k]);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		fprintf(stderr, "clout listen: cannot write the output\n");
		rc = EXIT_IOERR;
	}
done:
	for (size_t k = 0; k < r.h.cap; k++)
		free(r.h.names[k]);
	free(r.h.names);
	clout_smap_release(&r.h.keys);
	clout_listen_matcher_free(r.m);
	clout_listen_set_free(r.set);
	clout_text_free(t);
	free(args);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} subcommands[] = {
	{ "test", cmd_listen_test, "print the ids of the posts in FILE that a rule matches" },
};

int cmd_listen(const cli_context *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc >= 2) {
		for (size_t k = 0; k < sizeof(subcommands) / sizeof(subcommands[0]); k++)
			if (!strcmp(argv[1], subcommands[k].name))
				return subcommands[k].fn(argc - 1, argv + 1);
	}
	bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	FILE *out = help ? stdout : stderr;
	if (!help && argc >= 2)
		fprintf(stderr, "clout listen: unknown subcommand '%s'\n", argv[1]);
	fprintf(out, "usage: clout listen SUBCOMMAND ...\n\nListening rules (docs/listen.md).\n\nsubcommands:\n");
	for (size_t k = 0; k < sizeof(subcommands) / sizeof(subcommands[0]); k++)
		fprintf(out, "  %-10s %s\n", subcommands[k].name, subcommands[k].summary);
	return help ? EXIT_OK : EXIT_USAGE;
}
