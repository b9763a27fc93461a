/*
 * fuzz_signature.c: libFuzzer target for the Clout-Signature header check (src/lib/convert/
 * signature.c): the input is "HEADER\nBODY"; any header is refused or accepted without a crash,
 * and a header made by clout_convert_signature_make for the body is always accepted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clout/convert.h"

static const char SECRET[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = malloc(size + 1), *body, made[128];
	clout_error err = { 0 };
	size_t body_len;
	if (!input)
		abort();
	memcpy(input, data, size);
	input[size] = '\0';
	body = memchr(input, '\n', size);
	if (body)
		*body++ = '\0';
	else
		body = input + size;
	body_len = size - (size_t)(body - input);
	(void)clout_convert_signature_check(input, body, body_len, SECRET, 1800000000, &err);
	if (clout_convert_signature_make(made, sizeof(made), body, body_len, SECRET, 1800000000, &err) < 0 ||
	    clout_convert_signature_check(made, body, body_len, SECRET, 1800000000, &err) < 0)
		abort();
	free(input);
	return 0;
}
