/*
 * curl_lazy.c: the libcurl functions webhook delivery calls, opening libcurl on the first of them
 * (util/lazylib.h): a run that delivers no webhook never loads libcurl nor its TLS stack. Every
 * libcurl function called anywhere in clout must be listed here: the link fails on one that is not.
 */
#include <stdarg.h>

/* the functions are defined here, not wrapped in curl.h's type-checking macros */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "util/lazylib.h"
#include "util/banned.h"

static clout_lazylib libcurl = CLOUT_LAZYLIB_INIT(CLOUT_LIBCURL_SONAME);

const char *clout_libcurl_error(void)
{
	return clout_lazylib_error(&libcurl);
}

CLOUT_LAZY_FN(libcurl, CURLcode, curl_global_init, (long flags), (flags), CURLE_FAILED_INIT)
CLOUT_LAZY_FN(libcurl, CURL *, curl_easy_init, (void), (), NULL)
CLOUT_LAZY_FN(libcurl, CURLcode, curl_easy_perform, (CURL *curl), (curl), CURLE_FAILED_INIT)
CLOUT_LAZY_VOID(libcurl, curl_easy_cleanup, (CURL *curl), (curl))
CLOUT_LAZY_FN(libcurl, const char *, curl_easy_strerror, (CURLcode code), (code), "libcurl could not be loaded")
CLOUT_LAZY_FN(libcurl, struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *data), (list, data),
	NULL)
CLOUT_LAZY_VOID(libcurl, curl_slist_free_all, (struct curl_slist *list), (list))

/* The variadic two take their one argument by the type its option number says (as libcurl reads
 * it): long, object pointer, function pointer, curl_off_t, then blob pointers. */
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
	static _Atomic(void *) slot;
	CURLcode (*fn)(CURL *, CURLoption, ...);
	void *p = clout_lazylib_sym(&libcurl, &slot, "curl_easy_setopt");
	CURLcode rc;
	va_list ap;
	if (!p)
		return CURLE_FAILED_INIT;
	memcpy(&fn, &p, sizeof(fn));
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = fn(curl, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn(curl, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = fn(curl, option, va_arg(ap, void (*)(void)));
	else if (option < CURLOPTTYPE_BLOB)
		rc = fn(curl, option, va_arg(ap, curl_off_t));
	else
		rc = fn(curl, option, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
	static _Atomic(void *) slot;
	CURLcode (*fn)(CURL *, CURLINFO, ...);
	void *p = clout_lazylib_sym(&libcurl, &slot, "curl_easy_getinfo");
	CURLcode rc;
	va_list ap;
	if (!p)
		return CURLE_FAILED_INIT;
	memcpy(&fn, &p, sizeof(fn));
	va_start(ap, info);
	rc = fn(curl, info, va_arg(ap, void *)); /* always a pointer to the result */
	va_end(ap);
	return rc;
}
