/*
 * token.c: the social-text tokenizer and case/accent folding. One pass over the bytes: ASCII is
 * classified inline, everything else through utf8proc (categories, grapheme breaks for emoji,
 * case folding and mark stripping). Tokens go into the handle's reusable array; folded forms into
 * its reusable buffer, so a warmed-up handle tokenizes without allocating.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lib/text/text_internal.h"
#include "util/banned.h"

#define REPLACEMENT_CHAR 0xFFFD

/* Decodes one code point at s[i..n); invalid or truncated sequences give U+FFFD over one byte. */
static size_t decode(const unsigned char *s, size_t n, size_t i, int32_t *cp)
{
	if (s[i] < 0x80) {
		*cp = s[i];
		return 1;
	}
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
	if (k <= 0) {
		*cp = REPLACEMENT_CHAR;
		return 1;
	}
	*cp = c;
	return (size_t)k;
}

static bool is_ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Letters, marks and digits make words. */
static bool is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return is_ascii_alnum((unsigned char)cp);
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_space_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp <= 0x20 || cp == 0x7f;
	if (cp == 0xFE0F || cp == 0x200D)
		return false; /* only meaningful inside an emoji; a stray one is skipped as punctuation */
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
	       c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF;
}

static bool is_emoji_start(int32_t cp)
{
	if (cp < 0xA9)
		return false;
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	switch (p->boundclass) {
	case UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC:
	case UTF8PROC_BOUNDCLASS_E_ZWG:
	case UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR:
	case UTF8PROC_BOUNDCLASS_E_BASE:
	case UTF8PROC_BOUNDCLASS_E_BASE_GAZ:
	case UTF8PROC_BOUNDCLASS_GLUE_AFTER_ZWJ:
		return true;
	default:
		return false;
	}
}

static bool is_upper_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_lower_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int put_cp(clout_buf *b, int32_t cp)
{
	if (clout_buf_grow(b, 4) < 0)
		return CLOUT_ENOMEM;
	utf8proc_ssize_t k = utf8proc_encode_char(cp, (utf8proc_uint8_t *)b->ptr + b->len);
	clout_buf_setlen(b, b->len + (size_t)k);
	return 0;
}

int clout__fold(clout_buf *b, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	if (clout_buf_grow(b, len) < 0)
		return CLOUT_ENOMEM;
	for (size_t i = 0; i < len;) {
		if (s[i] < 0x80) {
			/* ASCII folds to one byte: a run of it needs no further room checks */
			size_t run = i;
			while (run < len && s[run] < 0x80)
				run++;
			if (clout_buf_grow(b, run - i) < 0)
				return CLOUT_ENOMEM;
			char *dst = b->ptr + b->len;
			for (size_t j = i; j < run; j++) {
				unsigned char c = s[j];
				*dst++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			}
			b->len += run - i;
			i = run;
			continue;
		}
		int32_t cp;
		i += decode(s, len, i, &cp);
		if (is_apostrophe(cp)) {
			if (clout_buf_putc(b, '\'') < 0)
				return CLOUT_ENOMEM;
			continue;
		}
		if (cp == 0xFE0F)
			continue; /* emoji presentation selector: the same emoji with or without it */
		utf8proc_int32_t out[8];
		int boundclass = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, out, 8,
			UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK, &boundclass);
		if (k <= 0 || k > 8) {
			/* a lone mark folds to nothing; anything unexpected is kept as it is */
			if (k == 0)
				continue;
			out[0] = cp;
			k = 1;
		}
		for (utf8proc_ssize_t j = 0; j < k; j++)
			if (put_cp(b, out[j]) < 0)
				return CLOUT_ENOMEM;
	}
	b->ptr[b->len] = '\0';
	return 0;
}

/* Cuts every run of three or more identical ASCII letters in b[from..] to two ("sooo" -> "soo"). */
static void cut_runs(clout_buf *b, size_t from)
{
	size_t w = from;
	for (size_t r = from; r < b->len; r++) {
		char c = b->ptr[r];
		if (w - from >= 2 && b->ptr[w - 1] == c && b->ptr[w - 2] == c && c >= 'a' && c <= 'z')
			continue;
		b->ptr[w++] = c;
	}
	clout_buf_setlen(b, w);
}

bool clout_token_is_word_like(clout_token_kind kind)
{
	return kind >= CLOUT_TOKEN_WORD && kind <= CLOUT_TOKEN_CASHTAG;
}

/* Where clout__tokenize_scan puts the token starts (NULL: an ordinary tokenization). */
typedef struct scan_out {
	uint32_t **starts, *cap, *n;
	bool *has_url;
} scan_out;

typedef struct tokenizer {
	clout_text *t;
	const unsigned char *s;
	size_t n;
	scan_out *scan;
} tokenizer;

/* Internal flag for emit: scan_word already wrote the lower-cased bytes at the fold buffer's end. */
#define PREFOLDED (1u << 15)

static int emit_fold(tokenizer *z, clout_token_kind kind, size_t off, size_t end, unsigned flags);

/* A token of a scan text (see clout__tokenize_scan): word-like tokens are folded into the buffer
 * with a space after each, URLs only noted, the rest skipped. */
static int emit_scan(tokenizer *z, clout_token_kind kind, size_t off, size_t end, unsigned flags)
{
	clout_text *t = z->t;
	scan_out *o = z->scan;
	if (!clout_token_is_word_like(kind)) {
		if (kind == CLOUT_TOKEN_URL)
			*o->has_url = true;
		return 0;
	}
	if (*o->n == *o->cap) {
		uint32_t cap = *o->cap ? *o->cap * 2 : 64;
		uint32_t *starts = realloc(*o->starts, cap * sizeof(*starts));
		if (!starts)
			return CLOUT_ENOMEM;
		*o->starts = starts;
		*o->cap = cap;
	}
	size_t fold_off = t->fold.len;
	int rc = emit_fold(z, kind, off, end, flags);
	if (rc < 0)
		return rc;
	if (t->fold.len >= UINT32_MAX)
		return CLOUT_ENOMEM;
	/* a compatibility decomposition can put a space inside a token: keep it one token */
	if (flags & CLOUT_TOKEN_NON_ASCII)
		for (size_t j = fold_off; j < t->fold.len; j++)
			if (t->fold.ptr[j] == ' ')
				t->fold.ptr[j] = '\x1f';
	(*o->starts)[(*o->n)++] = (uint32_t)fold_off;
	/* the closing space (and the NUL after it): clout_buf_putc's work without its calls */
	if (t->fold.cap - t->fold.len < 2 && clout_buf_grow(&t->fold, 1) < 0)
		return CLOUT_ENOMEM;
	t->fold.ptr[t->fold.len++] = ' ';
	t->fold.ptr[t->fold.len] = '\0';
	return 0;
}

static int emit(tokenizer *z, clout_token_kind kind, size_t off, size_t end, unsigned flags)
{
	if (z->scan)
		return emit_scan(z, kind, off, end, flags);
	clout_text *t = z->t;
	if (t->ntoks == t->toks_cap) {
		size_t cap = t->toks_cap ? t->toks_cap * 2 : 64;
		clout__tok *toks = realloc(t->toks, cap * sizeof(*toks));
		if (!toks)
			return CLOUT_ENOMEM;
		t->toks = toks;
		t->toks_cap = cap;
	}
	size_t fold_off = t->fold.len;
	int rc = emit_fold(z, kind, off, end, flags);
	if (rc < 0)
		return rc;
	if (end - off > UINT32_MAX || t->fold.len > UINT32_MAX)
		return CLOUT_ENOMEM;
	clout__tok *k = &t->toks[t->ntoks++];
	k->kind = (uint8_t)kind;
	k->flags = (uint8_t)(flags & 0xff);
	k->off = (uint32_t)off;
	k->len = (uint32_t)(end - off);
	k->fold_off = (uint32_t)fold_off;
	k->fold_len = (uint32_t)(t->fold.len - fold_off);
	k->hash = kind == CLOUT_TOKEN_URL || kind == CLOUT_TOKEN_PUNCT ? 0 : clout__hash(t->fold.ptr + fold_off, k->fold_len);
	return 0;
}

/* Appends a token's folded form to the fold buffer. */
static int emit_fold(tokenizer *z, clout_token_kind kind, size_t off, size_t end, unsigned flags)
{
	clout_text *t = z->t;
	size_t fold_off = t->fold.len;
	/* URLs and ASCII punctuation are kept as typed; anything else is folded (and so made valid UTF-8) */
	if ((flags & PREFOLDED) && !(flags & CLOUT_TOKEN_NON_ASCII)) {
		/* the common case, a plain ASCII word: tokenize_one made room for the rest of the text
		 * and its NUL, so the length is set here rather than through clout_buf_setlen's call */
		t->fold.len = fold_off + (end - off);
		t->fold.ptr[t->fold.len] = '\0';
		if (flags & CLOUT_TOKEN_ELONGATED)
			cut_runs(&t->fold, fold_off);
	} else if (!(flags & CLOUT_TOKEN_NON_ASCII) && kind != CLOUT_TOKEN_URL && kind != CLOUT_TOKEN_PUNCT) {
		/* ASCII: lower-casing is all the folding there is */
		if (clout_buf_grow(&t->fold, end - off) < 0)
			return CLOUT_ENOMEM;
		char *dst = t->fold.ptr + fold_off;
		for (size_t j = off; j < end; j++) {
			unsigned char c = z->s[j];
			dst[j - off] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		clout_buf_setlen(&t->fold, fold_off + (end - off));
		if (flags & CLOUT_TOKEN_ELONGATED)
			cut_runs(&t->fold, fold_off);
	} else if ((kind != CLOUT_TOKEN_URL && kind != CLOUT_TOKEN_PUNCT) || (flags & CLOUT_TOKEN_NON_ASCII)) {
		if (clout__fold(&t->fold, (const char *)z->s + off, end - off) < 0)
			return CLOUT_ENOMEM;
		if (flags & CLOUT_TOKEN_ELONGATED)
			cut_runs(&t->fold, fold_off);
	} else {
		/* URLs and ASCII punctuation, copied as typed */
		if (t->fold.cap - fold_off <= end - off && clout_buf_grow(&t->fold, end - off) < 0)
			return CLOUT_ENOMEM;
		memcpy(t->fold.ptr + fold_off, z->s + off, end - off);
		t->fold.len = fold_off + (end - off);
		t->fold.ptr[t->fold.len] = '\0';
	}
	return 0;
}

/* Is text[from..i) followed by an apostrophe an elision ("l'", "qu'")? */
static bool is_elision(const tokenizer *z, size_t from, size_t i)
{
	char key[16];
	size_t n = i - from;
	if (n == 0 || n >= sizeof(key) - 1 || !z->t->elisions.count)
		return false;
	for (size_t j = 0; j < n; j++) {
		unsigned char c = z->s[from + j];
		if (c >= 0x80)
			return false;
		key[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	key[n] = '\'';
	return clout__lex_get(&z->t->elisions, key, n + 1) != NULL;
}

/* Scans a word or number from i; returns its end and sets its kind and flags. */
static size_t scan_word(tokenizer *z, size_t i, clout_token_kind *kind, unsigned *flags)
{
	size_t start = i;
	int letters = 0, upper = 0, lower = 0, digits = 0, run = 0;
	int32_t prev = -1;
	/* room was made for the rest of the text: ASCII is lower-cased straight into the fold buffer */
	char *dst = z->t->fold.ptr + z->t->fold.len;
	*flags = PREFOLDED;
	while (i < z->n) {
		unsigned char c = z->s[i];
		if (c < 0x80 && ((c | 32) >= 'a' && (c | 32) <= 'z')) {
			/* ASCII letters, the common case */
			letters++;
			if (c <= 'Z')
				upper++;
			else
				lower++;
			dst[i - start] = (char)(c | 32);
			run = (int32_t)c == prev ? run + 1 : 1;
			if (run >= 3)
				*flags |= CLOUT_TOKEN_ELONGATED;
			prev = c;
			i++;
			continue;
		}
		if (c >= '0' && c <= '9') {
			digits++;
			dst[i - start] = (char)c;
			run = 0;
			prev = c;
			i++;
			continue;
		}
		if (c <= 0x20)
			break; /* the usual end of a word */
		if (c < 0x80)
			dst[i - start] = (char)c; /* '.', ',', ':' in numbers, apostrophes in words */
		int32_t cp;
		size_t k = decode(z->s, z->n, i, &cp);
		if (is_word_cp(cp)) {
			if (cp >= 0x80)
				*flags |= CLOUT_TOKEN_NON_ASCII;
			if (cp < 0x80 && cp >= '0' && cp <= '9') {
				digits++;
			} else {
				letters++;
				if (is_upper_cp(cp))
					upper++;
				else if (is_lower_cp(cp))
					lower++;
			}
			run = cp == prev ? run + 1 : 1;
			if (run >= 3 && !(cp >= '0' && cp <= '9'))
				*flags |= CLOUT_TOKEN_ELONGATED;
			prev = cp;
			i += k;
			continue;
		}
		/* inside a number: 1,000  3.5  10:30 */
		if ((cp == '.' || cp == ',' || cp == ':') && letters == 0 && digits > 0 && i + 1 < z->n &&
			z->s[i + 1] >= '0' && z->s[i + 1] <= '9') {
			i += k;
			prev = cp;
			continue;
		}
		/* an apostrophe between letters: "don't" stays whole, "l'amour" splits after the elision */
		if (is_apostrophe(cp) && letters > 0 && i + k < z->n) {
			int32_t next;
			decode(z->s, z->n, i + k, &next);
			if (is_word_cp(next) && !(next >= '0' && next <= '9')) {
				if (cp >= 0x80)
					*flags |= CLOUT_TOKEN_NON_ASCII; /* a typographic apostrophe, folded to ' */
				if (is_elision(z, start, i)) {
					i += k;
					break;
				}
				i += k;
				prev = cp;
				continue;
			}
		}
		break;
	}
	*kind = letters == 0 ? CLOUT_TOKEN_NUMBER : CLOUT_TOKEN_WORD;
	if (upper)
		*flags |= CLOUT_TOKEN_HAS_UPPER;
	if (upper >= 2 && lower == 0)
		*flags |= CLOUT_TOKEN_ALL_CAPS;
	return i;
}

static bool starts_ci(const tokenizer *z, size_t i, const char *prefix, size_t n)
{
	if (z->n - i < n)
		return false;
	for (size_t j = 0; j < n; j++) {
		unsigned char c = z->s[i + j];
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)prefix[j])
			return false;
	}
	return true;
}

static size_t scan_url(const tokenizer *z, size_t i)
{
	while (i < z->n && z->s[i] > 0x20 && z->s[i] != '<' && z->s[i] != '>' && z->s[i] != '"')
		i++;
	/* trailing punctuation belongs to the sentence, not the address */
	while (i > 0 && z->s[i - 1] && strchr(".,!?;:)]}'", z->s[i - 1]))
		i--;
	return i;
}

/* Length of an emoticon starting at i, or 0. */
static size_t match_emoticon(const tokenizer *z, size_t i)
{
	const clout_text *t = z->t;
	char key[16];
	size_t max = t->emoticon_max < sizeof(key) ? t->emoticon_max : sizeof(key);
	size_t avail = 0;
	while (avail < max && i + avail < z->n && z->s[i + avail] > 0x20 && z->s[i + avail] < 0x80) {
		unsigned char c = z->s[i + avail];
		key[avail++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	/* closing brackets open an emoticon only after a space: "(see below):" is no frown */
	if (strchr(")]}", z->s[i]) && i > 0 && z->s[i - 1] > 0x20)
		return 0;
	for (size_t n = avail; n >= 2; n--) {
		size_t end = i + n;
		if (end < z->n && is_ascii_alnum(z->s[end]))
			continue;
		if (clout__lex_get(&t->emoticons, key, n))
			return n;
	}
	return 0;
}

/* An emoji grapheme cluster: ZWJ sequences, skin tones, flags and selectors stay together. */
static size_t scan_emoji(const tokenizer *z, size_t i)
{
	int32_t prev;
	utf8proc_int32_t state = 0;
	i += decode(z->s, z->n, i, &prev);
	while (i < z->n) {
		int32_t cp;
		size_t k = decode(z->s, z->n, i, &cp);
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		i += k;
	}
	return i;
}

/* A #hashtag or @mention body after s[i]: word characters and '_'. Returns its end, or i if none. */
static size_t scan_tag(const tokenizer *z, size_t i, unsigned *flags)
{
	size_t end = i + 1;
	int upper = 0, lower = 0;
	while (end < z->n) {
		int32_t w;
		size_t kw = decode(z->s, z->n, end, &w);
		if (!is_word_cp(w) && w != '_')
			break;
		upper += is_upper_cp(w);
		lower += is_lower_cp(w);
		if (w >= 0x80)
			*flags |= CLOUT_TOKEN_NON_ASCII;
		end += kw;
	}
	if (end == i + 1)
		return i;
	if (upper)
		*flags |= CLOUT_TOKEN_HAS_UPPER;
	if (upper >= 2 && !lower)
		*flags |= CLOUT_TOKEN_ALL_CAPS;
	return end;
}

static int tokenize_one(tokenizer *z, size_t *pi)
{
	size_t i = *pi, end;
	unsigned char c = z->s[i];
	int32_t cp;
	size_t k = decode(z->s, z->n, i, &cp);
	unsigned flags = 0;
	clout_token_kind kind;
	if (is_space_cp(cp)) {
		*pi = i + k;
		return 0;
	}
	if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && (i == 0 || !is_ascii_alnum(z->s[i - 1])) &&
		(starts_ci(z, i, "http://", 7) || starts_ci(z, i, "https://", 8) || starts_ci(z, i, "www.", 4))) {
		end = scan_url(z, i);
		*pi = end;
		for (size_t j = i; j < end; j++)
			if (z->s[j] >= 0x80)
				flags = CLOUT_TOKEN_NON_ASCII;
		return emit(z, CLOUT_TOKEN_URL, i, end, flags);
	}
	if (is_word_cp(cp)) {
		if (z->t->fold.cap - z->t->fold.len <= z->n - i && clout_buf_grow(&z->t->fold, z->n - i) < 0)
			return CLOUT_ENOMEM;
		end = scan_word(z, i, &kind, &flags);
		*pi = end;
		return emit(z, kind, i, end, flags);
	}
	if ((c == '#' || c == '@') && (end = scan_tag(z, i, &flags)) > i) {
		*pi = end;
		return emit(z, c == '#' ? CLOUT_TOKEN_HASHTAG : CLOUT_TOKEN_MENTION, i, end, flags);
	}
	if (c == '$' && i + 1 < z->n && ((z->s[i + 1] | 32) >= 'a' && (z->s[i + 1] | 32) <= 'z')) {
		end = i + 1;
		while (end < z->n && end - i <= 10 && ((z->s[end] | 32) >= 'a' && (z->s[end] | 32) <= 'z'))
			end++;
		if (end >= z->n || !is_ascii_alnum(z->s[end])) {
			*pi = end;
			return emit(z, CLOUT_TOKEN_CASHTAG, i, end, 0);
		}
	}
	if (c < 0x80 && c > 0x20) {
		size_t n = match_emoticon(z, i);
		if (n) {
			*pi = i + n;
			return emit(z, CLOUT_TOKEN_EMOTICON, i, i + n, 0);
		}
		end = i + 1;
		while (end < z->n && z->s[end] == c)
			end++;
		*pi = end;
		return emit(z, CLOUT_TOKEN_PUNCT, i, end, 0);
	}
	if (is_emoji_start(cp)) {
		end = scan_emoji(z, i);
		*pi = end;
		return emit(z, CLOUT_TOKEN_EMOJI, i, end, CLOUT_TOKEN_NON_ASCII);
	}
	*pi = i + k;
	return emit(z, CLOUT_TOKEN_PUNCT, i, i + k, CLOUT_TOKEN_NON_ASCII);
}

static int tokenize_all(tokenizer *z)
{
	for (size_t i = 0; i < z->n;) {
		/* ASCII blanks between tokens (most of what is skipped) without a call per byte; the same
		 * test as is_space_cp for ASCII */
		if (z->s[i] <= 0x20 || z->s[i] == 0x7f) {
			i++;
			continue;
		}
		int rc = tokenize_one(z, &i);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int clout__tokenize(clout_text *t, const char *text, size_t len)
{
	tokenizer z = { t, (const unsigned char *)text, len, NULL };
	t->ntoks = 0;
	clout_buf_clear(&t->fold);
	return tokenize_all(&z);
}

int clout__tokenize_scan(clout_text *t, const char *text, size_t len, clout_buf *out, uint32_t **starts,
	uint32_t *starts_cap, uint32_t *nstarts, bool *has_url)
{
	scan_out o = { starts, starts_cap, nstarts, has_url };
	tokenizer z = { t, (const unsigned char *)text, len, &o };
	/* the tokenizer folds into t->fold: lend it out for the call */
	clout_buf keep = t->fold;
	int rc;
	t->fold = *out;
	t->ntoks = 0;
	*nstarts = 0;
	*has_url = false;
	clout_buf_clear(&t->fold);
	rc = clout_buf_putc(&t->fold, ' ') < 0 ? CLOUT_ENOMEM : tokenize_all(&z);
	*out = t->fold;
	t->fold = keep;
	clout_buf_clear(&t->fold);
	return rc;
}

int clout__split_camel(const char *body, size_t len, clout__part_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)body;
	size_t start = 0, i = 0;
	int prev_class = 0; /* 0 none, 1 lower, 2 upper, 3 digit */
	while (i < len) {
		int32_t cp;
		size_t k = decode(s, len, i, &cp);
		int cls = cp == '_' ? 0 : (cp < 0x80 && cp >= '0' && cp <= '9') ? 3 : is_upper_cp(cp) ? 2 : 1;
		bool cut = false;
		if (cls == 0) {
			cut = true;
		} else if (prev_class && cls != prev_class) {
			if (cls == 2 && prev_class == 1)
				cut = true; /* homeCooking */
			else if (cls == 3 || prev_class == 3)
				cut = true; /* summer2024 */
			else if (cls == 1 && prev_class == 2 && i > start) {
				/* NYCMarathon: the last capital starts the next word */
				size_t back = i - 1;
				while (back > start && (s[back] & 0xC0) == 0x80)
					back--;
				if (back > start) {
					int rc = fn(ctx, start, back - start);
					if (rc)
						return rc;
					start = back;
				}
			}
		}
		if (cut && i > start) {
			int rc = fn(ctx, start, i - start);
			if (rc)
				return rc;
			start = i;
		}
		if (cls == 0)
			start = i + k;
		prev_class = cls;
		i += k;
	}
	if (len > start)
		return fn(ctx, start, len - start);
	return 0;
}
