/*
 * money.c: ISO 4217 currencies (data/track/currencies.txt) and exact decimal amounts in integer
 * minor units (see clout/convert.h). No double ever holds an amount here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "clout/convert.h"
#include "util/data.h"
#include "util/banned.h"

/* Whether s is three upper-case ASCII letters. */
static bool currency_shape(const char *s)
{
	return s && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' &&
		s[2] <= 'Z';
}

int clout_convert_currency_exponent(const char *currency)
{
	const struct clout__embedded_file *f = clout__data_find("track/currencies.txt");
	const char *p, *end;
	if (!f || !currency_shape(currency))
		return -1;
	p = (const char *)f->data;
	end = p + f->size;
	/* Lines "CODE E": a short file read in place, no parse kept. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (line_end - p >= 5 && p[0] != '#' && !memcmp(p, currency, 3) && p[3] == ' ' && p[4] >= '0' && p[4] <= '9')
			return p[4] - '0';
		p = nl ? nl + 1 : end;
	}
	return -1;
}

int clout_convert_money_parse(int64_t *out_minor, const char *text, const char *currency, clout_error *err)
{
	int exponent = clout_convert_currency_exponent(currency);
	int64_t value = 0;
	int decimals = -1; /* -1 before the point */
	const char *p = text;
	*out_minor = 0;
	if (exponent < 0)
		return clout_error_set(err, CLOUT_EINVAL, "currency: '%s' is not an ISO 4217 code", currency ? currency : "");
	if (!text || !*text)
		return clout_error_set(err, CLOUT_EINVAL, "amount: empty");
	if (*p < '0' || *p > '9')
		return clout_error_set(err, CLOUT_EINVAL, "amount: '%s' is not a decimal number like 99.99", text);
	for (; *p; p++) {
		if (*p == '.' && decimals < 0 && p[1] >= '0' && p[1] <= '9') {
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return clout_error_set(err, CLOUT_EINVAL, "amount: '%s' is not a decimal number like 99.99", text);
		if (decimals >= 0 && ++decimals > exponent) {
			if (*p == '0')
				continue; /* trailing zeros past the minor unit are harmless */
			return clout_error_set(err, CLOUT_EINVAL, "amount: '%s' has more than %d decimals for %s", text, exponent,
				currency);
		}
		if (value > (INT64_MAX - (*p - '0')) / 10)
			return clout_error_set(err, CLOUT_EINVAL, "amount: '%s' is too large", text);
		value = value * 10 + (*p - '0');
	}
	for (int d = decimals < 0 ? 0 : decimals > exponent ? exponent : decimals; d < exponent; d++) {
		if (value > INT64_MAX / 10)
			return clout_error_set(err, CLOUT_EINVAL, "amount: '%s' is too large", text);
		value *= 10;
	}
	*out_minor = value;
	return 0;
}

char *clout_convert_money_format(char *out, size_t size, int64_t minor, const char *currency)
{
	int exponent = clout_convert_currency_exponent(currency);
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor, scale = 1;
	if (exponent < 0 || exponent > 6)
		exponent = exponent < 0 ? 0 : 6;
	for (int i = 0; i < exponent; i++)
		scale *= 10;
	char frac[8] = "";
	uint64_t rest = mag % scale;
	if (exponent > 0) {
		frac[0] = '.';
		for (int i = exponent; i > 0; i--, rest /= 10)
			frac[i] = (char)('0' + rest % 10);
		frac[exponent + 1] = '\0';
	}
	snprintf(out, size, "%s%" PRIu64 "%s", minor < 0 ? "-" : "", mag / scale, frac);
	return out;
}
