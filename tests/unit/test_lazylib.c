/* test_lazylib.c: libraries opened on first use (util/lazylib.h): a library that cannot be loaded
 * is named with the loader's reason, never taken for a failure of the call that needed it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/lazylib.h"
#include "util/banned.h"

static void test_lazylib__missing_library_is_named(void **state)
{
	(void)state;
	clout_lazylib lib = CLOUT_LAZYLIB_INIT("libclout-not-there.so.0");
	_Atomic(void *) slot = NULL;
	assert_null(clout_lazylib_sym(&lib, &slot, "anything"));
	const char *why = clout_lazylib_error(&lib);
	assert_non_null(why);
	assert_non_null(strstr(why, "cannot load libclout-not-there.so.0: "));
	assert_non_null(strstr(why, "No such file"));
	/* asked again, the same answer without another attempt */
	assert_ptr_equal(clout_lazylib_error(&lib), why);
}

static void test_lazylib__present_library_resolves(void **state)
{
	(void)state;
	clout_lazylib lib = CLOUT_LAZYLIB_INIT("libc.so.6");
	_Atomic(void *) slot = NULL;
	size_t (*len)(const char *);
	void *p = clout_lazylib_sym(&lib, &slot, "strlen");
	assert_non_null(p);
	memcpy(&len, &p, sizeof(len));
	assert_int_equal(len("clout"), 5);
	assert_null(clout_lazylib_error(&lib));
	_Atomic(void *) other = NULL;
	assert_null(clout_lazylib_sym(&lib, &other, "clout_no_such_symbol"));
}

static void test_lazylib__shipped_libraries_load(void **state)
{
	(void)state;
	assert_null(clout_libpq_error());
	assert_null(clout_libcurl_error());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lazylib__missing_library_is_named),
		cmocka_unit_test(test_lazylib__present_library_resolves),
		cmocka_unit_test(test_lazylib__shipped_libraries_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
