/*
 * text_fixture.h: the cmocka group fixture of the text tests: one clout_text, in *state, for every
 * test of the group. Include after <cmocka.h> and "clout/text.h".
 */
#ifndef CLOUT_TESTS_UNIT_TEXT_FIXTURE_H
#define CLOUT_TESTS_UNIT_TEXT_FIXTURE_H

#include <stdio.h>

static inline int text_setup(void **state)
{
	clout_text *t;
	clout_error err = { 0 };
	if (clout_text_new(&t, NULL, &err) < 0) {
		fprintf(stderr, "clout_text_new: %s\n", err.message);
		return -1;
	}
	*state = t;
	return 0;
}

static inline int text_teardown(void **state)
{
	clout_text_free(*state);
	return 0;
}

#endif
