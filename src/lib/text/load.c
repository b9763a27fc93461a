/*
 * load.c: reads the text engine's data files (data/text/, embedded in the binary) into a handle:
 * tokenizer.txt (elisions), langid.txt (language hints), <lang>/rules.txt (which lexicons to load,
 * negators, boosters, contrast words, idioms, sarcasm markers, parameters), <lang>/stopwords.txt,
 * and the lexicons those rules name. Every file is line-oriented text a user can extend; a bad
 * line fails the load with "file:line: what".
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "lib/text/text_internal.h"
#include "util/data.h"
#include "util/banned.h"

typedef int (*line_fn)(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err);

/* Calls fn for each line of data (CRLF tolerated), with a writable NUL-terminated copy. */
static int each_line(clout_text *t, const char *file, const char *data, size_t size, line_fn fn, void *ctx,
	clout_error *err)
{
	clout_buf line = CLOUT_BUF_INIT;
	int lineno = 0, rc = 0;
	for (size_t i = 0; i < size;) {
		const char *nl = memchr(data + i, '\n', size - i);
		size_t end = nl ? (size_t)(nl - data) : size;
		size_t n = end - i;
		lineno++;
		if (n && data[i + n - 1] == '\r')
			n--;
		clout_buf_clear(&line);
		if (clout_buf_put(&line, data + i, n) < 0) {
			rc = clout_error_set(err, CLOUT_ENOMEM, "%s:%d: out of memory", file, lineno);
			goto done;
		}
		i = end + 1;
		if (n == 0 || line.ptr[0] == '#')
			continue;
		if ((rc = fn(t, ctx, file, lineno, line.ptr, line.len, err)) < 0)
			goto done;
	}
done:
	clout_buf_release(&line);
	return rc;
}

/* Splits line on tabs into at most max fields; returns the count. */
static int split_tabs(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		fields[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/*
 * A lexicon's numbers are short decimals ("-1.5", "0.25"): with at most 15 digits and 22 after the
 * point, the digits as an integer and the power of ten are exact doubles, and their quotient,
 * which IEEE division rounds correctly, is what strtod returns. The rest goes to strtod.
 */
static bool parse_short_decimal(const char *s, double *out)
{
#if FLT_EVAL_METHOD != 0
	(void)s;
	(void)out;
	return false; /* the quotient might be rounded twice (x87): strtod */
#endif
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
		1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	const char *p = s;
	bool negative = *p == '-';
	uint64_t digits = 0;
	int ndigits = 0, after_point = 0;
	if (negative)
		p++;
	for (; *p >= '0' && *p <= '9'; p++, ndigits++)
		digits = digits * 10 + (uint64_t)(*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, ndigits++, after_point++)
			digits = digits * 10 + (uint64_t)(*p - '0');
	if (ndigits == 0 || ndigits > 15 || after_point > 22 || (*p != '\0' && *p != ' ' && *p != '\t'))
		return false;
	double v = (double)digits / pow10[after_point];
	*out = negative ? -v : v;
	return true;
}

static bool parse_double(const char *s, double *out)
{
	char *end;
	if (parse_short_decimal(s, out))
		return true;
	*out = strtod(s, &end);
	return end != s && (*end == '\0' || *end == ' ' || *end == '\t') && isfinite(*out);
}

/*
 * The lookup key of a lexicon or rule entry: its words as the tokenizer folds them, joined by
 * single spaces, so that "can't stand", "bouc émissaire" or "l'air" match what posts produce.
 * Returns the number of words (0 if none); *emoticon tells an emoticon entry (":-)").
 */
static int entry_key(clout_text *t, const char *text, size_t len, clout_buf *out, bool *emoticon)
{
	clout_buf_clear(out);
	unsigned char c0 = (unsigned char)text[0];
	*emoticon = c0 < 0x80 && c0 > 0x20 && !((c0 | 32) >= 'a' && (c0 | 32) <= 'z') && !(c0 >= '0' && c0 <= '9') &&
		    c0 != '#' && c0 != '@' && !memchr(text, ' ', len);
	if (*emoticon) {
		if (clout__fold(out, text, len) < 0)
			return CLOUT_ENOMEM;
		return 1;
	}
	/* most entries are one word in lower-case ASCII letters: the tokenizer would make one word
	 * of it, folded as it is, unless a letter repeats three times ("zzz" is cut to "zz") */
	size_t plain = 0;
	while (plain < len && text[plain] >= 'a' && text[plain] <= 'z' &&
		!(plain >= 2 && text[plain] == text[plain - 1] && text[plain] == text[plain - 2]))
		plain++;
	if (len && plain == len)
		return clout_buf_put(out, text, len) < 0 ? CLOUT_ENOMEM : 1;
	if (clout__tokenize(t, text, len) < 0)
		return CLOUT_ENOMEM;
	int words = 0;
	for (size_t i = 0; i < t->ntoks; i++) {
		const clout__tok *k = &t->toks[i];
		if (k->kind == CLOUT_TOKEN_PUNCT)
			continue;
		if (words && clout_buf_putc(out, ' ') < 0)
			return CLOUT_ENOMEM;
		if (clout_buf_put(out, t->fold.ptr + k->fold_off, k->fold_len) < 0)
			return CLOUT_ENOMEM;
		words++;
	}
	return words;
}

/*
 * Finds or inserts the entry for text in lang's word table, marking the first word of a phrase as
 * a phrase head and recording emoticons for the tokenizer. *existed tells whether it was there.
 */
static int put_entry(clout_text *t, clout__lang *lang, const char *text, size_t len, clout__lex_entry **out,
	bool *existed)
{
	clout_buf key = CLOUT_BUF_INIT;
	bool emoticon;
	int rc, words = entry_key(t, text, len, &key, &emoticon);
	if (words <= 0) {
		rc = words < 0 ? words : CLOUT_EINVAL;
		goto done;
	}
	if (emoticon) {
		clout__lex_entry *e;
		if ((rc = clout__lex_put(&t->emoticons, key.ptr, key.len, &e)) < 0)
			goto done;
		if (key.len > t->emoticon_max)
			t->emoticon_max = key.len;
	}
	if (words > 1) {
		/* the head, and every shorter prefix, so that matching can stop at the first miss */
		const char *sp = memchr(key.ptr, ' ', key.len);
		clout__lex_entry *head;
		if ((rc = clout__lex_put(&lang->words, key.ptr, (size_t)(sp - key.ptr), &head)) < 0)
			goto done;
		head->flags |= LEX_PHRASE_HEAD;
		if (head->phrase_words < words)
			head->phrase_words = (uint8_t)(words > 255 ? 255 : words);
		for (sp = memchr(sp + 1, ' ', key.len - (size_t)(sp + 1 - key.ptr)); sp;
			sp = memchr(sp + 1, ' ', key.len - (size_t)(sp + 1 - key.ptr))) {
			clout__lex_entry *prefix;
			if ((rc = clout__lex_put(&lang->words, key.ptr, (size_t)(sp - key.ptr), &prefix)) < 0)
				goto done;
			prefix->flags |= LEX_PHRASE_PREFIX;
		}
	}
	size_t before = lang->words.count;
	rc = clout__lex_put(&lang->words, key.ptr, key.len, out);
	*existed = lang->words.count == before && ((*out)->flags & LEX_VALENCE);
done:
	clout_buf_release(&key);
	return rc;
}

/* One lexicon being loaded into one language. */
typedef struct lexicon_load {
	clout__lang *lang;
	double scale;
	bool keep_existing;
} lexicon_load;

static int set_valence(clout_text *t, lexicon_load *ll, const char *file, int lineno, const char *term,
	size_t term_len, double valence, clout_error *err)
{
	clout__lex_entry *e;
	bool existed;
	int rc = put_entry(t, ll->lang, term, term_len, &e, &existed);
	if (rc == CLOUT_EINVAL)
		return 0; /* a term with no word in it ("--") cannot match anything */
	if (rc < 0)
		return clout_error_set(err, rc, "%s:%d: out of memory", file, lineno);
	if (existed && ll->keep_existing)
		return 0;
	e->valence = (float)(valence * ll->scale);
	e->flags |= LEX_VALENCE;
	return 0;
}

/* `term<TAB>valence[<TAB>...]` (VADER) or `term->valence` (VADER FR). */
static int lexicon_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	lexicon_load *ll = ctx;
	char *sep = strchr(line, '\t');
	char *value;
	double sd = 0;
	if (sep) {
		*sep = '\0';
		value = sep + 1;
		char *sd_field = strchr(value, '\t');
		if (sd_field && !parse_double(sd_field + 1, &sd))
			sd = 0;
	} else {
		/* the last "->": emoticons may hold one too */
		char *arrow = NULL;
		for (char *p = line; (p = strstr(p, "->")) != NULL; p++)
			arrow = p;
		if (!arrow || arrow == line)
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: expected term<TAB>valence or term->valence",
				file, lineno);
		*arrow = '\0';
		value = arrow + 2;
	}
	double v;
	if (!parse_double(value, &v) || v < -4.5 || v > 4.5)
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: valence '%s' is not a number in -4..4", file,
			lineno, value);
	(void)len;
	/* raters who disagree make a weaker word */
	if (sd > 0 && ll->lang->sd_weight > 0)
		v /= 1 + ll->lang->sd_weight * sd;
	return set_valence(t, ll, file, lineno, line, strlen(line), v, err);
}

/* Pattern's XML: `<word form="..." ... polarity="..." .../>` per line; the first form wins.
 * pat is ` NAME="`. */
static bool xml_attr(const char *line, const char *pat, const char **val, size_t *val_len)
{
	const char *p = strstr(line, pat);
	if (!p)
		return false;
	p += strlen(pat);
	const char *q = strchr(p, '"');
	if (!q)
		return false;
	*val = p;
	*val_len = (size_t)(q - p);
	return true;
}

static int xml_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	lexicon_load *ll = ctx;
	const char *form, *pol;
	size_t form_len, pol_len;
	char num[32];
	double v;
	(void)len;
	if (!strstr(line, "<word "))
		return 0;
	if (!xml_attr(line, " form=\"", &form, &form_len) || !xml_attr(line, " polarity=\"", &pol, &pol_len) ||
		pol_len >= sizeof(num))
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: <word> without form and polarity", file, lineno);
	memcpy(num, pol, pol_len);
	num[pol_len] = '\0';
	if (!parse_double(num, &v) || v < -1 || v > 1)
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: polarity '%s' is not in -1..1", file, lineno, num);
	if (v == 0)
		return 0;
	return set_valence(t, ll, file, lineno, form, form_len, v, err);
}

static int load_lexicon_data(clout_text *t, clout__lang *lang, const char *name, const char *data, size_t size,
	double scale, bool keep_existing, clout_error *err)
{
	lexicon_load ll = { lang, scale, keep_existing };
	size_t n = strlen(name);
	bool xml = n > 4 && !strcmp(name + n - 4, ".xml");
	return each_line(t, name, data, size, xml ? xml_line : lexicon_line, &ll, err);
}

/* Emoji: `emoji<TAB>description`; the valence is the description's, scored with lang's words. */
static int emoji_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	clout__lang *lang = ctx;
	char *fields[2] = { NULL, NULL };
	(void)len;
	if (split_tabs(line, fields, 2) != 2)
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: expected emoji<TAB>description", file, lineno);
	clout_buf key = CLOUT_BUF_INIT;
	int rc = 0;
	if (clout__fold(&key, fields[0], strlen(fields[0])) < 0 || key.len == 0)
		goto done;
	if ((rc = clout__tokenize(t, fields[1], strlen(fields[1]))) < 0)
		goto done;
	double sum = 0;
	bool negated = false;
	for (size_t i = 0; i < t->ntoks; i++) {
		const clout__tok *k = &t->toks[i];
		const clout__lex_entry *e = clout__lex_get(&lang->words, t->fold.ptr + k->fold_off, k->fold_len);
		if (!e)
			continue;
		if (e->flags & LEX_NEGATOR)
			negated = true;
		else if (e->flags & LEX_VALENCE)
			sum += negated ? -e->valence : e->valence;
	}
	if (sum != 0) {
		clout__lex_entry *e;
		if ((rc = clout__lex_put(&t->emoji, key.ptr, key.len, &e)) < 0)
			goto done;
		e->valence = (float)sum;
		e->flags |= LEX_VALENCE;
	}
done:
	clout_buf_release(&key);
	if (rc < 0)
		return clout_error_set(err, rc, "%s:%d: out of memory", file, lineno);
	return 0;
}

static const struct {
	const char *name;
	size_t offset;
	bool is_int;
} lang_params[] = {
	{ "negation_scalar", offsetof(clout__lang, negation_scalar), false },
	{ "negation_window", offsetof(clout__lang, negation_window), true },
	{ "contrast_before", offsetof(clout__lang, contrast_before), false },
	{ "contrast_after", offsetof(clout__lang, contrast_after), false },
	{ "caps_boost", offsetof(clout__lang, caps_boost), false },
	{ "elongation_boost", offsetof(clout__lang, elongation_boost), false },
	{ "exclamation_boost", offsetof(clout__lang, exclamation_boost), false },
	{ "exclamation_max", offsetof(clout__lang, exclamation_max), true },
	{ "question_boost", offsetof(clout__lang, question_boost), false },
	{ "alpha", offsetof(clout__lang, alpha), false },
	{ "emoji_scale", offsetof(clout__lang, emoji_scale), false },
	{ "sarcasm_scalar", offsetof(clout__lang, sarcasm_scalar), false },
	{ "negation_lookahead", offsetof(clout__lang, negation_lookahead), true },
	{ "stem_scale", offsetof(clout__lang, stem_scale), false },
	{ "length_norm", offsetof(clout__lang, length_norm), false },
	{ "sd_weight", offsetof(clout__lang, sd_weight), false },
	{ "negative_weight", offsetof(clout__lang, negative_weight), false },
};

/* Sets parameter name of lang to v: true, or false when no parameter has that name. */
static bool set_param(clout__lang *lang, const char *name, double v)
{
	for (size_t i = 0; i < sizeof(lang_params) / sizeof(lang_params[0]); i++) {
		if (strcmp(lang_params[i].name, name))
			continue;
		char *field = (char *)lang + lang_params[i].offset;
		if (lang_params[i].is_int)
			*(int *)(void *)field = (int)v;
		else
			*(double *)(void *)field = v;
		return true;
	}
	if (!strcmp(name, "stem_fallback")) {
		lang->stem_fallback = v != 0;
		return true;
	}
	return false;
}

static int param_line(clout__lang *lang, const char *file, int lineno, const char *name, const char *value,
	clout_error *err)
{
	double v;
	if (!parse_double(value, &v))
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: value '%s' of %s is not a number", file, lineno,
			value, name);
	if (!set_param(lang, name, v))
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: unknown parameter '%s'", file, lineno, name);
	return 0;
}

int clout__lang_set_param(clout__lang *lang, const char *name, double value, clout_error *err)
{
	char known[512];
	size_t at = 0;
	if (isfinite(value) && set_param(lang, name, value))
		return 0;
	for (size_t i = 0; i < sizeof(lang_params) / sizeof(lang_params[0]) && at < sizeof(known); i++)
		at += (size_t)snprintf(known + at, sizeof(known) - at, "%s%s", i ? ", " : "", lang_params[i].name);
	if (!isfinite(value))
		return clout_error_set(err, CLOUT_EINVAL, "parameter %s: the value is not a finite number", name);
	return clout_error_set(err, CLOUT_EINVAL, "unknown sentiment parameter '%s' (%s, stem_fallback)", name, known);
}

static const struct {
	const char *kind;
	uint32_t flag;
	bool needs_value;
} rule_kinds[] = {
	{ "negator", LEX_NEGATOR, false },
	{ "negator_after_ne", LEX_NEG_AFTER_NE, false },
	{ "booster", LEX_BOOSTER, true },
	{ "contrast", LEX_CONTRAST, false },
	{ "sarcasm", LEX_SARCASM, false },
	{ "scope_end", LEX_SCOPE_END, false },
	{ "neutral", LEX_NEUTRAL, false },
	{ "idiom", LEX_VALENCE, true },
};

static int rules_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	clout__lang *lang = ctx;
	char *f[4] = { NULL, NULL, NULL, NULL };
	int n = split_tabs(line, f, 4);
	(void)len;
	if (!strcmp(f[0], "param") && n == 3)
		return param_line(lang, file, lineno, f[1], f[2], err);
	if ((!strcmp(f[0], "lexicon") && n >= 3) || (!strcmp(f[0], "emoji") && n == 2)) {
		const struct clout__embedded_file *df;
		char path[256];
		double scale = 1;
		snprintf(path, sizeof(path), "text/%s", f[1]);
		if (!(df = clout__data_find(path)))
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: no data file '%s'", file, lineno, f[1]);
		if (f[0][0] == 'e')
			return each_line(t, path, (const char *)df->data, df->size, emoji_line, lang, err);
		if (!parse_double(f[2], &scale))
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: scale '%s' is not a number", file, lineno, f[2]);
		return load_lexicon_data(t, lang, path, (const char *)df->data, df->size, scale,
			n == 4 && !strcmp(f[3], "fallback"), err);
	}
	for (size_t i = 0; i < sizeof(rule_kinds) / sizeof(rule_kinds[0]); i++) {
		if (strcmp(rule_kinds[i].kind, f[0]))
			continue;
		double v = 0;
		if (n != (rule_kinds[i].needs_value ? 3 : 2))
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: '%s' takes %s", file, lineno, f[0],
				rule_kinds[i].needs_value ? "a phrase and a value" : "one phrase");
		if (rule_kinds[i].needs_value && !parse_double(f[2], &v))
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: value '%s' is not a number", file, lineno, f[2]);
		clout__lex_entry *e;
		bool existed;
		int rc = put_entry(t, lang, f[1], strlen(f[1]), &e, &existed);
		if (rc == CLOUT_EINVAL)
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: '%s' holds no word", file, lineno, f[1]);
		if (rc < 0)
			return clout_error_set(err, rc, "%s:%d: out of memory", file, lineno);
		e->flags |= rule_kinds[i].flag;
		if (rule_kinds[i].flag == LEX_BOOSTER)
			e->booster = (float)v;
		else if (rule_kinds[i].flag == LEX_VALENCE)
			e->valence = (float)v;
		else if (rule_kinds[i].flag == LEX_NEUTRAL)
			e->flags &= ~(uint32_t)LEX_VALENCE;
		return 0;
	}
	return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: unknown rule '%s'", file, lineno, f[0]);
}

static int stopword_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	clout__lang *lang = ctx;
	clout_buf key = CLOUT_BUF_INIT;
	clout__lex_entry *e;
	int rc = 0;
	(void)t;
	if (clout__fold(&key, line, len) < 0 || (key.len && clout__lex_put(&lang->words, key.ptr, key.len, &e) < 0))
		rc = clout_error_set(err, CLOUT_ENOMEM, "%s:%d: out of memory", file, lineno);
	else if (key.len)
		e->flags |= LEX_STOPWORD;
	clout_buf_release(&key);
	return rc;
}

/* Elisions (tokenizer.txt): `elision<TAB>l'`. */
static int tokenizer_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	char *f[2] = { NULL, NULL };
	clout__lex_entry *e;
	(void)ctx;
	(void)len;
	if (split_tabs(line, f, 2) != 2 || strcmp(f[0], "elision"))
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: expected elision<TAB>text", file, lineno);
	size_t n = strlen(f[1]);
	if (n < 2 || n > 12 || f[1][n - 1] != '\'')
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: an elision is 1 to 11 letters and an apostrophe",
			file, lineno);
	if (clout__lex_put(&t->elisions, f[1], n, &e) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "%s:%d: out of memory", file, lineno);
	return 0;
}

/* Language hints (langid.txt): `<lang><TAB>words<TAB>w1 w2 ...` or `<lang><TAB>chars<TAB>é è ...`. */
static int langid_line(clout_text *t, void *ctx, const char *file, int lineno, char *line, size_t len,
	clout_error *err)
{
	char *f[3] = { NULL, NULL, NULL };
	int li;
	(void)ctx;
	(void)len;
	if (split_tabs(line, f, 3) != 3 || strlen(f[0]) > 3 || !f[0][0])
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: expected lang<TAB>words|chars<TAB>items", file, lineno);
	for (li = 0; li < t->langid_count && strcmp(t->langid_names[li], f[0]); li++)
		;
	if (li == t->langid_count) {
		if (li == CLOUT__LANG_MAX)
			return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: more than %d languages", file, lineno,
				CLOUT__LANG_MAX);
		snprintf(t->langid_names[li], sizeof(t->langid_names[li]), "%s", f[0]);
		t->langid_count++;
	}
	bool chars = !strcmp(f[1], "chars");
	if (!chars && strcmp(f[1], "words"))
		return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: kind '%s' is neither words nor chars", file, lineno,
			f[1]);
	for (char *p = f[2]; *p;) {
		while (*p == ' ')
			p++;
		char *q = p;
		while (*q && *q != ' ')
			q++;
		if (q == p)
			break;
		if (chars) {
			int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, q - p, &cp);
			if (k <= 0 || t->langid_char_count == 64)
				return clout_error_set(err, CLOUT_EBADDATA, "%s:%d: bad or too many hint characters", file,
					lineno);
			t->langid_chars[t->langid_char_count] = (uint32_t)cp;
			t->langid_char_langs[t->langid_char_count++] = (uint16_t)(1u << li);
		} else {
			clout_buf key = CLOUT_BUF_INIT;
			clout__lex_entry *e;
			int rc = clout__fold(&key, p, (size_t)(q - p));
			if (!rc)
				rc = clout__lex_put(&t->langid, key.ptr, key.len, &e);
			clout_buf_release(&key);
			if (rc < 0)
				return clout_error_set(err, CLOUT_ENOMEM, "%s:%d: out of memory", file, lineno);
			e->langs |= (uint16_t)(1u << li);
		}
		p = q;
	}
	return 0;
}

static void lang_defaults(clout__lang *l, const char *code)
{
	snprintf(l->code, sizeof(l->code), "%s", code);
	l->negation_scalar = -0.74;
	l->negation_window = 3;
	l->contrast_before = 0.5;
	l->contrast_after = 1.5;
	l->caps_boost = 0.733;
	l->elongation_boost = 0.3;
	l->exclamation_boost = 0.292;
	l->exclamation_max = 4;
	l->question_boost = 0.18;
	l->alpha = 15;
	l->emoji_scale = 1;
	l->sarcasm_scalar = -0.5;
	l->stem_fallback = true;
	l->negation_lookahead = 0;
	l->stem_scale = 1;
	l->negative_weight = 1;
}

void clout__lang_release_stemmer(clout__lang *l)
{
	if (l->stemmer)
		sb_stemmer_delete(l->stemmer);
	free(l->stem_cache);
	l->stem_cache = NULL;
	l->stemmer = NULL;
}

void clout__lang_release(clout__lang *l)
{
	clout__lex_release(&l->words);
	clout__lex_release(&l->stems);
	clout__lang_release_stemmer(l);
}

int clout__lang_own_stemmer(clout__lang *l, clout_error *err)
{
	l->stemmer = NULL;
	if (!(l->stem_cache = calloc(CLOUT__STEM_CACHE_SIZE, sizeof(*l->stem_cache))))
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory");
	if (!(l->stemmer = sb_stemmer_new(l->algorithm, "UTF_8")))
		return clout_error_set(err, CLOUT_ENOMEM, "cannot create the %s stemmer", l->algorithm);
	return 0;
}

static int load_file(clout_text *t, const char *name, line_fn fn, void *ctx, bool required, clout_error *err)
{
	const struct clout__embedded_file *df = clout__data_find(name);
	if (!df)
		return required ? clout_error_set(err, CLOUT_EBADDATA, "%s: data file missing from the build", name) : 0;
	return each_line(t, name, (const char *)df->data, df->size, fn, ctx, err);
}

static int load_lang(clout_text *t, clout__lang *l, const char *code, const char *algorithm, clout_error *err)
{
	char name[64];
	int rc;
	lang_defaults(l, code);
	l->algorithm = algorithm;
	if ((rc = clout__lang_own_stemmer(l, err)) < 0)
		return rc;
	snprintf(name, sizeof(name), "text/%s/rules.txt", code);
	if ((rc = load_file(t, name, rules_line, l, true, err)) < 0)
		return rc;
	snprintf(name, sizeof(name), "text/%s/stopwords.txt", code);
	if ((rc = load_file(t, name, stopword_line, l, true, err)) < 0)
		return rc;
	return 0; /* the stem table is built once both languages are read (clout__build_stems) */
}

int clout__text_load(clout_text *t, clout_error *err)
{
	int rc;
	if ((rc = load_file(t, "text/tokenizer.txt", tokenizer_line, NULL, true, err)) < 0 ||
		(rc = load_file(t, "text/langid.txt", langid_line, NULL, true, err)) < 0 ||
		(rc = load_lang(t, &t->en, "en", "english", err)) < 0)
		return rc;
	/* English is stemmed on another core while French is read; French is stemmed after */
	clout__stems_bg *en_stems = clout__stems_bg_begin(&t->en);
	clout__lang *langs[2] = { &t->en, &t->fr };
	rc = load_lang(t, &t->fr, "fr", "french", err);
	if (rc == 0 && clout__build_stems(en_stems ? langs + 1 : langs, en_stems ? 1 : 2) < 0)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory building the stem tables");
	if (en_stems && clout__stems_bg_end(en_stems) < 0 && rc == 0)
		rc = clout_error_set(err, CLOUT_ENOMEM, "out of memory building the stem tables");
	if (rc < 0)
		return rc;
	/* found once here rather than by name for every post detected */
	t->langid_en = t->langid_fr = -1;
	for (int l = 0; l < t->langid_count; l++) {
		if (!strcmp(t->langid_names[l], "en"))
			t->langid_en = l;
		else if (!strcmp(t->langid_names[l], "fr"))
			t->langid_fr = l;
	}
	return 0;
}

int clout__load_lexicon_text(clout_text *t, clout__lang *lang, const char *name, const char *data, size_t size,
	double scale, bool keep_existing, clout_error *err)
{
	int rc = load_lexicon_data(t, lang, name, data, size, scale, keep_existing, err);
	if (rc < 0)
		return rc;
	if (lang->stem_fallback && clout__build_stems(&lang, 1) < 0)
		return clout_error_set(err, CLOUT_ENOMEM, "out of memory building the stem table");
	return 0;
}
