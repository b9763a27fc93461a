/*
 * test_text_jsonl.c: the fast JSON line reader of `clout sentiment` (src/lib/text/jsonl.c)
 * against the full parser on every escape, fallback and malformed case: whatever the fast reader
 * accepts, the full parser reads the same id and text; what it declines, the full parser decides.
 * Then the whole operation (clout_text_sentiment_lines) over a mapped file and a stream, one
 * thread and several: the same output and the same FILE:LINE reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clout/text.h"
#include "lib/text/jsonl.h"
#include "util/banned.h"

enum { FAST = 1, SLOW = 0 };        /* what the fast reader should do */
enum { OK = 0, BAD = 1 };           /* what the full parser should say */

/* Checks one line: the fast reader's verdict, the full parser's, and that they agree. */
static void check_line(const char *line, size_t len, int want_fast, int want_full, const char *want_what)
{
	clout__jsonl_post fast, full;
	char what[256] = "";
	int f = clout__jsonl_fast(&fast, line, len);
	int rc = clout__jsonl_full(&full, line, len, what, sizeof(what));
	if (f != want_fast || (rc == 0) != (want_full == OK))
		fail_msg("line %.*s: fast %d (want %d), full %d (want %s) %s", (int)len, line, f, want_fast, rc,
			want_full == OK ? "ok" : "bad", what);
	if (rc == CLOUT_EBADDATA && want_what && strncmp(what, want_what, strlen(want_what)))
		fail_msg("line %.*s: full parser said '%s', want '%s'", (int)len, line, what, want_what);
	if (f && rc == 0) {
		assert_int_equal(fast.text_len, full.text_len);
		assert_memory_equal(fast.text, full.text, full.text_len);
		assert_int_equal(fast.id_json == NULL, full.id_json == NULL);
		if (full.id_json) {
			assert_int_equal(fast.id_len, full.id_len);
			assert_memory_equal(fast.id_json, full.id_json, full.id_len);
		} else
			assert_true(fast.id_int == full.id_int);
		assert_null(fast.doc);
	}
	/* the combined reader answers as the full parser */
	clout__jsonl_post both;
	char what2[256] = "";
	int rc2 = clout__jsonl_read(&both, line, len, what2, sizeof(what2));
	assert_int_equal(rc2, rc);
	if (rc == CLOUT_EBADDATA && !f)
		assert_string_equal(what2, what);
	clout__jsonl_release(&both);
	clout__jsonl_release(&full);
}

#define LINE(s, fast, full) check_line((s), sizeof(s) - 1, (fast), (full), NULL)
#define LINE_WHY(s, why) check_line((s), sizeof(s) - 1, SLOW, BAD, (why))

static void test_jsonl__simple_lines_read_in_place(void **state)
{
	(void)state;
	LINE("{\"id\":\"a1\",\"text\":\"I love it\"}", FAST, OK);
	LINE("{\"id\":7,\"text\":\"x\"}", FAST, OK);
	LINE("{\"id\":-12,\"text\":\"\"}", FAST, OK);
	LINE("{\"id\":-0,\"text\":\"zero\"}", FAST, OK);
	LINE("{\"id\":0,\"text\":\"zero\"}", FAST, OK);
	LINE("{\"id\":999999999999999999,\"text\":\"18 digits\"}", FAST, OK);
	LINE("{\"text\":\"first\",\"id\":\"later\"}", FAST, OK);
	LINE(" \t{ \"id\" : \"s\" , \"text\" : \"spaced\" } \t\r", FAST, OK);
	LINE("{\"type\":\"post\",\"platform\":\"twitter\",\"id\":\"p0\",\"author\":\"1\",\"created_at\":1791763200,"
	     "\"lang\":\"en\",\"text\":\"Sunday vibes \xf0\x9f\x91\x8f\xf0\x9f\x8f\xbd #gadgets\",\"likes\":58,"
	     "\"ok\":true,\"no\":false,\"none\":null,\"r\":-0.25,\"z\":0.0}",
	     FAST, OK);
	LINE("{\"id\":\"caf\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf\",\"text\":\"\xc3\xa9t\xc3\xa9 \xe2\x9c\x93 \x7f\"}", FAST, OK);
	LINE("{\"\":1,\"id\":1,\"text\":\"empty key\"}", FAST, OK);
	LINE("{\"id\":1,\"text\":\"a long text that goes past eight bytes a few times over, with / and ' inside\"}", FAST, OK);
}

static void test_jsonl__escapes_go_to_the_full_parser(void **state)
{
	(void)state;
	const char *escapes[] = { "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u20AC",
		"\\ud83d\\ude00", "\\u0041" };
	for (size_t i = 0; i < sizeof(escapes) / sizeof(*escapes); i++) {
		char line[128];
		int n = snprintf(line, sizeof(line), "{\"id\":\"x\",\"text\":\"a%sb\"}", escapes[i]);
		check_line(line, (size_t)n, SLOW, OK, NULL);
		n = snprintf(line, sizeof(line), "{\"id\":\"i%s\",\"text\":\"t\"}", escapes[i]);
		check_line(line, (size_t)n, SLOW, OK, NULL);
		n = snprintf(line, sizeof(line), "{\"id\":1,\"text\":\"t\",\"k%s\":1}", escapes[i]);
		check_line(line, (size_t)n, SLOW, OK, NULL);
	}
	/* a key spelled with an escape is still the key */
	LINE("{\"i\\u0064\":1,\"text\":\"t\"}", SLOW, OK);
	LINE_WHY("{\"id\":1,\"te\\u0078t\":\"a\",\"text\":\"b\"}", "malformed JSON: duplicate object key");
	/* escapes that are wrong */
	LINE_WHY("{\"id\":1,\"text\":\"\\x41\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"\\ud83d\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"\\u00\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":\"\\u0000\",\"text\":\"nul\"}", "malformed JSON: ");
}

static void test_jsonl__unusual_values_go_to_the_full_parser(void **state)
{
	(void)state;
	LINE("{\"id\":1,\"text\":\"t\",\"meta\":{\"a\":[1,2]}}", SLOW, OK);
	LINE("{\"id\":1,\"text\":\"t\",\"tags\":[]}", SLOW, OK);
	LINE("{\"id\":1,\"text\":\"t\",\"e\":1e5}", SLOW, OK);
	LINE("{\"id\":1,\"text\":\"t\",\"e\":2.5E-3}", SLOW, OK);
	LINE("{\"id\":9223372036854775807,\"text\":\"19 digits\"}", SLOW, OK);
	LINE("{\"id\":-9223372036854775808,\"text\":\"most negative\"}", SLOW, OK);
	LINE("{\"id\":1,\"text\":\"t\",\"n\":12345678901234567890123}", SLOW, BAD);
	LINE("{\"id\":1,\"text\":\"t\",\"n\":1e999}", SLOW, BAD);
	LINE("\n{\"id\":1,\"text\":\"a newline before is JSON whitespace\"}", FAST, OK);
	char keys[512];
	int n = snprintf(keys, sizeof(keys), "{\"id\":1,\"text\":\"many keys\"");
	for (int k = 0; k < 16; k++)
		n += snprintf(keys + n, sizeof(keys) - (size_t)n, ",\"k%d\":%d", k, k);
	n += snprintf(keys + n, sizeof(keys) - (size_t)n, "}");
	check_line(keys, (size_t)n, SLOW, OK, NULL);
}

static void test_jsonl__invalid_utf8_and_controls_are_refused(void **state)
{
	(void)state;
	LINE_WHY("{\"id\":1,\"text\":\"\xc0\x80\"}", "malformed JSON: ");         /* overlong NUL */
	LINE_WHY("{\"id\":1,\"text\":\"\xc1\xbf\"}", "malformed JSON: ");         /* overlong */
	LINE_WHY("{\"id\":1,\"text\":\"\xe0\x80\xaf\"}", "malformed JSON: ");     /* overlong 3 bytes */
	LINE_WHY("{\"id\":1,\"text\":\"\xf0\x80\x80\xaf\"}", "malformed JSON: "); /* overlong 4 bytes */
	LINE_WHY("{\"id\":1,\"text\":\"\xed\xa0\x80\"}", "malformed JSON: ");     /* a surrogate */
	LINE_WHY("{\"id\":1,\"text\":\"\xf4\x90\x80\x80\"}", "malformed JSON: "); /* above U+10FFFF */
	LINE_WHY("{\"id\":1,\"text\":\"\xf5\x80\x80\x80\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"\x80\"}", "malformed JSON: ");             /* a lone continuation */
	LINE_WHY("{\"id\":1,\"text\":\"\xe2\x82\"}", "malformed JSON: ");         /* cut short */
	LINE_WHY("{\"id\":1,\"text\":\"\xff\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":\"\xc3\",\"text\":\"t\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"tab\there\"}", "malformed JSON: ");         /* a raw control character */
	LINE_WHY("{\"id\":1,\"text\":\"bell\x07\"}", "malformed JSON: ");
	check_line("{\"id\":1,\"text\":\"n\0l\"}", 20, SLOW, BAD, "malformed JSON: ");
	check_line("{\"id\":1,\"text\":\"t\"}\0", 20, SLOW, BAD, "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\"}\xc2\xa0", "malformed JSON: ");          /* not JSON whitespace */
	LINE_WHY("\xef\xbb\xbf{\"id\":1,\"text\":\"a byte order mark\"}", "malformed JSON: ");
}

static void test_jsonl__malformed_lines_keep_their_messages(void **state)
{
	(void)state;
	LINE_WHY("{\"id\":1,\"text\":\"t\"", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\",}", "malformed JSON: ");
	LINE_WHY("{\"id\":1 \"text\":\"t\"}", "malformed JSON: ");
	LINE_WHY("{\"id\" 1,\"text\":\"t\"}", "malformed JSON: ");
	LINE_WHY("{id:1,\"text\":\"t\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\"} x", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\"}{}", "malformed JSON: ");
	LINE_WHY("{\"id\":01,\"text\":\"t\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":-,\"text\":\"t\"}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\",\"r\":1.}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\",\"r\":.5}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\",\"b\":truex}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"text\":\"t\",\"b\":nul}", "malformed JSON: ");
	LINE_WHY("{\"id\":1,\"id\":2,\"text\":\"t\"}", "malformed JSON: duplicate object key");
	LINE_WHY("{\"id\":1,\"text\":\"a\",\"text\":\"b\"}", "malformed JSON: duplicate object key");
	LINE_WHY("{\"id\":1,\"x\":1,\"text\":\"a\",\"x\":2}", "malformed JSON: duplicate object key");
	LINE_WHY("[1,2]", "expected a JSON object");
	LINE_WHY("\"text\"", "malformed JSON: ");
	LINE_WHY("{}", "\"id\" must be a string or an integer");
	LINE_WHY("{\"text\":\"no id\"}", "\"id\" must be a string or an integer");
	LINE_WHY("{\"id\":null,\"text\":\"t\"}", "\"id\" must be a string or an integer");
	LINE_WHY("{\"id\":true,\"text\":\"t\"}", "\"id\" must be a string or an integer");
	LINE_WHY("{\"id\":1.5,\"text\":\"t\"}", "\"id\" must be a string or an integer");
	LINE_WHY("{\"id\":[1],\"text\":\"t\"}", "\"id\" must be a string or an integer");
	LINE_WHY("{\"id\":1}", "\"text\" must be a string");
	LINE_WHY("{\"id\":1,\"text\":5}", "\"text\" must be a string");
	LINE_WHY("{\"id\":1,\"text\":null}", "\"text\" must be a string");
	LINE_WHY("{\"id\":1,\"text\":false}", "\"text\" must be a string");
	LINE_WHY("{\"id\":1,\"text\":[\"t\"]}", "\"text\" must be a string");
	LINE_WHY("{\"id\":1,\"text\":-2.5}", "\"text\" must be a string");
}

/* ---- the whole operation: mapped file and stream, one thread and three ---- */

typedef struct collected {
	char out[1 << 16];
	size_t len;
	char errs[4096];
	size_t errs_len;
} collected;

static int collect_out(void *ctx, const char *data, size_t len)
{
	collected *c = ctx;
	assert_true(c->len + len < sizeof(c->out));
	memcpy(c->out + c->len, data, len);
	c->len += len;
	return 0;
}

static int collect_bad(void *ctx, const clout_error *err)
{
	collected *c = ctx;
	int n = snprintf(c->errs + c->errs_len, sizeof(c->errs) - c->errs_len, "%s\n", err->message);
	c->errs_len += (size_t)n;
	/* a report comes after the output of the lines before it */
	c->len += (size_t)snprintf(c->out + c->len, sizeof(c->out) - c->len, "!%s\n", err->message);
	return 0;
}

static void run_lines(collected *c, const clout_text_model *model, clout_text *t, FILE *in, unsigned threads, bool plain)
{
	clout_text_lines_options opts = CLOUT_TEXT_LINES_OPTIONS_INIT;
	clout_text_lines_stats stats;
	clout_error err = { 0 };
	memset(c, 0, sizeof(*c));
	opts.name = "in.jsonl";
	opts.write = collect_out;
	opts.bad = collect_bad;
	opts.ctx = c;
	opts.threads = threads;
	opts.model = model;
	opts.plain = plain;
	opts.max_line = 200;
	assert_int_equal(clout_text_sentiment_lines(t, in, &opts, &stats, &err), 0);
}

static const char input[] =
	"{\"id\":\"a1\",\"text\":\"I love this so much!\"}\n"
	"{\"id\":2,\"text\":\"worst day \\ud83d\\ude21 ever\"}\r\n"
	"not json\n"
	"\n"
	"   \n"
	"{\"id\":\"a\\\"4\",\"text\":\"caf\xc3\xa9 pas terrible\"}\n"
	"{\"id\":5}\n"
	"[1]\n"
	"{\"id\":\"long\",\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"
	"{\"id\":1,\"text\":\"\xed\xa0\x80\"}\n"
	"{\"id\":10,\"text\":\"the last line has no newline\"}";

static void test_jsonl__lines_report_file_and_line_the_same_way_everywhere(void **state)
{
	(void)state;
	clout_text_model *model;
	clout_text *t;
	clout_error err = { 0 };
	char path[] = "/tmp/test_text_jsonl_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, input, sizeof(input) - 1), (ssize_t)(sizeof(input) - 1));
	close(fd);
	assert_int_equal(clout_text_model_new(&model, &err), 0);
	assert_int_equal(clout_text_new(&t, model, &err), 0);
	collected *one = malloc(sizeof(*one)), *other = malloc(sizeof(*other));
	assert_non_null(one);
	assert_non_null(other);

	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	run_lines(one, model, t, in, 1, false);
	assert_true(feof(in) || fgetc(in) == EOF); /* the mapped file is left at its end */
	fclose(in);
	assert_string_equal(one->errs,
		"in.jsonl:3: malformed JSON: '[' or '{' expected near 'not'\n"
		"in.jsonl:7: \"text\" must be a string\n"
		"in.jsonl:8: expected a JSON object\n"
		"in.jsonl:9: line longer than 200 bytes\n"
		"in.jsonl:10: malformed JSON: unable to decode byte 0xed near '\"'\n");
	assert_non_null(strstr(one->out, "{\"id\":\"a1\",\"lang\":\"en\""));
	assert_non_null(strstr(one->out, "\n{\"id\":2,"));
	assert_non_null(strstr(one->out, "\n{\"id\":\"a\\\"4\","));
	assert_non_null(strstr(one->out, "\n!in.jsonl:10: "));
	assert_non_null(strstr(one->out, "!in.jsonl:10: malformed JSON: unable to decode byte 0xed near '\"'\n{\"id\":10,"));

	/* the same through a stream (not a regular file), with threads */
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		in = fmemopen((void *)input, sizeof(input) - 1, "r");
		assert_non_null(in);
		run_lines(other, model, t, in, threads, false);
		fclose(in);
		assert_int_equal(other->len, one->len);
		assert_memory_equal(other->out, one->out, one->len);
		assert_string_equal(other->errs, one->errs);
		in = fopen(path, "rb");
		run_lines(other, model, t, in, threads, false);
		fclose(in);
		assert_int_equal(other->len, one->len);
		assert_memory_equal(other->out, one->out, one->len);
	}
	/* plain lines: ids are line numbers */
	in = fopen(path, "rb");
	run_lines(one, model, t, in, 1, true);
	fclose(in);
	assert_non_null(strstr(one->out, "\n{\"id\":11,"));
	assert_non_null(strstr(one->out, "!in.jsonl:9: line longer than 200 bytes\n{\"id\":10,"));

	free(one);
	free(other);
	unlink(path);
	clout_text_free(t);
	clout_text_model_free(model);
}

static int write_file(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : CLOUT_EIO;
}

/* A stream with lines across block boundaries (more than a block of input, a line longer than a
 * block) reads as the mapped file does. */
static void test_jsonl__blocks_cut_at_newlines(void **state)
{
	(void)state;
	clout_text_model *model;
	clout_text *t;
	clout_error err = { 0 };
	size_t cap = 4u << 20, len = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	for (int i = 0; len < (5u << 19); i++)
		len += (size_t)snprintf(big + len, cap - len, "{\"id\":%d,\"text\":\"post %d is %s\"}\n", i, i,
			i % 3 ? "great" : "awful");
	big[len++] = '{';
	memcpy(big + len, "\"id\":\"huge\",\"text\":\"", 20);
	len += 20;
	memset(big + len, 'a', 1200000);
	len += 1200000;
	memcpy(big + len, "\"}\n{\"id\":\"end\",\"text\":\"ok\"}\n", 29);
	len += 29 - 1;
	char path[] = "/tmp/test_text_jsonl_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, len), (ssize_t)len);
	close(fd);
	assert_int_equal(clout_text_model_new(&model, &err), 0);
	assert_int_equal(clout_text_new(&t, model, &err), 0);
	char *outs[2] = { NULL, NULL };
	size_t sizes[2] = { 0, 0 };
	for (int k = 0; k < 2; k++) {
		clout_text_lines_options opts = CLOUT_TEXT_LINES_OPTIONS_INIT;
		clout_text_lines_stats stats;
		FILE *out = open_memstream(&outs[k], &sizes[k]);
		FILE *in = k == 0 ? fopen(path, "rb") : fmemopen(big, len, "r");
		assert_non_null(out);
		assert_non_null(in);
		opts.write = write_file;
		opts.ctx = out;
		opts.threads = 2;
		opts.model = model;
		opts.max_line = 2u << 20;
		assert_int_equal(clout_text_sentiment_lines(t, in, &opts, &stats, &err), 0);
		assert_int_equal(stats.bad, 0);
		fclose(in);
		fclose(out);
	}
	assert_true(sizes[0] > (1u << 20));
	assert_int_equal(sizes[0], sizes[1]);
	assert_memory_equal(outs[0], outs[1], sizes[0]);
	assert_non_null(strstr(outs[0], "{\"id\":\"huge\",\"lang\":"));
	assert_non_null(strstr(outs[0], "{\"id\":\"end\",\"lang\":"));
	free(outs[0]);
	free(outs[1]);
	free(big);
	unlink(path);
	clout_text_free(t);
	clout_text_model_free(model);
}

/* Output and reports of a run over an input of many chunks. */
typedef struct many_out {
	FILE *out;
	char errs[1024];
	size_t errs_len;
} many_out;

static int many_bad(void *ctx, const clout_error *err)
{
	many_out *m = ctx;
	m->errs_len += (size_t)snprintf(m->errs + m->errs_len, sizeof(m->errs) - m->errs_len, "%s\n", err->message);
	fprintf(m->out, "!%s\n", err->message);
	return 0;
}

static int many_write(void *ctx, const char *data, size_t len)
{
	many_out *m = ctx;
	return fwrite(data, 1, len, m->out) == len ? 0 : CLOUT_EIO;
}

/* Lines are counted by the threads that score them, chunk by chunk: the reports of malformed lines
 * far into the input, and the ids of plain lines, name the same line numbers whatever the number
 * of threads, mapped or streamed. */
static void test_jsonl__line_numbers_across_chunks(void **state)
{
	(void)state;
	clout_text_model *model;
	clout_text *t;
	clout_error err = { 0 };
	size_t cap = 8u << 20, len = 0;
	char *big = malloc(cap);
	assert_non_null(big);
	for (int line = 1; line <= 60000; line++) {
		if (line == 7 || line == 31234 || line == 59999)
			len += (size_t)snprintf(big + len, cap - len, "{\"id\":%d,\"text\":%d}\n", line, line);
		else
			len += (size_t)snprintf(big + len, cap - len, "{\"id\":%d,\"text\":\"post %d was %s\"}\n", line,
				line, line % 3 ? "great" : "awful");
	}
	char path[] = "/tmp/test_text_jsonl_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, len), (ssize_t)len);
	close(fd);
	assert_int_equal(clout_text_model_new(&model, &err), 0);
	assert_int_equal(clout_text_new(&t, model, &err), 0);
	char *first = NULL;
	size_t first_len = 0;
	for (int plain = 0; plain < 2; plain++) {
		for (unsigned threads = 1; threads <= 3; threads++) {
			for (int stream = 0; stream < 2; stream++) {
				clout_text_lines_options opts = CLOUT_TEXT_LINES_OPTIONS_INIT;
				clout_text_lines_stats stats;
				many_out m = { 0 };
				char *out = NULL;
				size_t out_len = 0;
				FILE *in = stream ? fmemopen(big, len, "r") : fopen(path, "rb");
				assert_non_null(in);
				assert_non_null(m.out = open_memstream(&out, &out_len));
				opts.name = "many.jsonl";
				opts.write = many_write;
				opts.bad = many_bad;
				opts.ctx = &m;
				opts.threads = threads;
				opts.model = model;
				opts.plain = plain;
				assert_int_equal(clout_text_sentiment_lines(t, in, &opts, &stats, &err), 0);
				fclose(in);
				fclose(m.out);
				if (!plain) {
					assert_string_equal(m.errs, "many.jsonl:7: \"text\" must be a string\n"
								    "many.jsonl:31234: \"text\" must be a string\n"
								    "many.jsonl:59999: \"text\" must be a string\n");
					assert_int_equal(stats.records, 60000 - 3);
					assert_non_null(strstr(out, "\n!many.jsonl:31234: \"text\" must be a string\n{\"id\":31235,"));
				} else {
					assert_int_equal(m.errs_len, 0);
					assert_int_equal(stats.records, 60000);
					/* the id of plain line N is N: the line of post 31234 is line 31234 */
					assert_non_null(strstr(out, "\n{\"id\":31234,"));
					assert_non_null(strstr(out, "\n{\"id\":60000,"));
				}
				if (threads == 1 && !stream) {
					free(first);
					first = out;
					first_len = out_len;
				} else {
					assert_int_equal(out_len, first_len);
					assert_memory_equal(out, first, first_len);
					free(out);
				}
			}
		}
	}
	assert_true(first_len > (1u << 20)); /* several chunks */
	free(first);
	free(big);
	unlink(path);
	clout_text_free(t);
	clout_text_model_free(model);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl__simple_lines_read_in_place),
		cmocka_unit_test(test_jsonl__escapes_go_to_the_full_parser),
		cmocka_unit_test(test_jsonl__unusual_values_go_to_the_full_parser),
		cmocka_unit_test(test_jsonl__invalid_utf8_and_controls_are_refused),
		cmocka_unit_test(test_jsonl__malformed_lines_keep_their_messages),
		cmocka_unit_test(test_jsonl__lines_report_file_and_line_the_same_way_everywhere),
		cmocka_unit_test(test_jsonl__blocks_cut_at_newlines),
		cmocka_unit_test(test_jsonl__line_numbers_across_chunks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
