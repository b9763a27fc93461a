/*
 * test_text_fuzz.c: replays the text engine's fuzz target (fuzz/fuzz_text.c) in CTest over
 * seed inputs and deterministic mutations of them (random bytes, truncated UTF-8, emoji pieces,
 * social-text punctuation), so that every build exercises it under the sanitizers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../fuzz/fuzz_text.c"
#include "util/banned.h"

static const char *const seeds[] = {
	"",
	"I love this!!! :-) <3 #HomeCooking @acme $ACME https://x.co/a?b=1",
	"Ce film n'est pas terrible, mais l'histoire est g\xC3\xA9niale",
	"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7",
	"sooooo GOOD but not great, kind of meh #NotHappy /s",
	"\xFF\xFE\xC3\x28\xE2\x82\xF0\x9F\x98\xED\xA0\x80",
	"qu'il l' d'' ''' n'n'n' aujourd'hui #_ @_ $ # @ http:// www.",
	"1,000.50 10:30 3.5.6 #2024Summer #NYCMarathon ALLCAPS",
	":'( </3 \\o/ ;-) >:( (: ): 8) :D :-D :p",
};

static const char *const pieces[] = { "\xF0\x9F", "\x98\x8D", "\xE2\x80\x8D", "\xEF\xB8\x8F", "\xC3", "\xA9", "'",
	"\xE2\x80\x99", "#", "@", "$", ":", "(", ")", "<3", "http://", "not ", "but ", "ne ", "pas ", "!!!", "?", " ",
	"\n", "\t", "\0", "l'", "GOOD", "ooooo", "\xFF" };

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_text_fuzz__seeds_and_mutations(void **state)
{
	uint8_t buf[512];
	uint64_t rng = 0x9E3779B97F4A7C15ull;
	int runs = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++, runs++)
		assert_int_equal(LLVMFuzzerTestOneInput((const uint8_t *)seeds[i], strlen(seeds[i])), 0);
	for (int round = 0; round < 4000; round++, runs++) {
		size_t n = 0;
		const char *seed = seeds[next(&rng) % (sizeof(seeds) / sizeof(seeds[0]))];
		size_t seed_len = strlen(seed);
		while (n < sizeof(buf) - 16) {
			uint64_t r = next(&rng);
			if (r % 4 == 0 && seed_len) {
				/* a slice of a seed, possibly cut inside a UTF-8 sequence */
				size_t from = (r >> 8) % seed_len, len = (r >> 20) % 12;
				for (size_t k = 0; k < len && from + k < seed_len && n < sizeof(buf); k++)
					buf[n++] = (uint8_t)seed[from + k];
			} else if (r % 4 == 1) {
				buf[n++] = (uint8_t)(r >> 8);
			} else {
				const char *p = pieces[(r >> 8) % (sizeof(pieces) / sizeof(pieces[0]))];
				size_t len = strlen(p) ? strlen(p) : 1;
				memcpy(buf + n, p, len);
				n += len;
			}
			if ((r >> 40) % 16 == 0)
				break;
		}
		assert_int_equal(LLVMFuzzerTestOneInput(buf, n), 0);
	}
	assert_int_equal(runs, 4000 + (int)(sizeof(seeds) / sizeof(seeds[0])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_fuzz__seeds_and_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
