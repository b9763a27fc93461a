/*
 * lazylib.h: shared libraries opened on first use instead of at process start: libpq (the
 * PostgreSQL store), libcurl (webhook delivery) and libmicrohttpd (`clout serve`). Each pulls in
 * a TLS stack, Kerberos and LDAP whose symbols the dynamic loader binds up front (their objects
 * are linked with -z now): some 3.5 ms on every run of every command, most of which never talk to
 * PostgreSQL, a webhook or a browser. The library's own functions keep their names: a shim file
 * per library (src/lib/store/pg_lazy.c, src/lib/webhook/curl_lazy.c, src/server/mhd_lazy.c)
 * defines each function the code calls, which finds the real one on its first call. The sonames
 * come from the libraries pkg-config found (CMakeLists.txt), so the same builds are used.
 */
#ifndef CLOUT_UTIL_LAZYLIB_H
#define CLOUT_UTIL_LAZYLIB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

typedef struct clout_lazylib {
	const char *soname;
	void *handle;
	bool tried;
	char why[256]; /* dlerror()'s words when the library could not be opened */
} clout_lazylib;

#define CLOUT_LAZYLIB_INIT(soname) { soname, NULL, false, "" }

/* The address of name in lib, opening lib on the first call; cached in *slot. NULL when the
 * library cannot be opened or lacks name. Thread-safe. */
void *clout_lazylib_sym(clout_lazylib *lib, _Atomic(void *) *slot, const char *name);

/* NULL when lib opens (opening it if no call has yet); else why it cannot be, for the error of the
 * caller whose connect or init function failed: "cannot load SONAME: WHY". Thread-safe. */
const char *clout_lazylib_error(clout_lazylib *lib);

/* clout_lazylib_error of each shim's library: libpq (store/pg_lazy.c), libcurl (webhook/curl_lazy.c),
 * libmicrohttpd (server/mhd_lazy.c). */
const char *clout_libpq_error(void);
const char *clout_libcurl_error(void);
const char *clout_libmhd_error(void);

/* Defines `ret name params` that calls lib's own name with args, or returns fail when the library
 * cannot be opened (a connect or init function then reports its usual failure). */
#define CLOUT_LAZY_FN(lib, ret, name, params, args, fail)                                                           \
	ret name params                                                                                              \
	{                                                                                                            \
		static _Atomic(void *) slot;                                                                             \
		ret(*fn) params;                                                                                         \
		void *p = clout_lazylib_sym(&(lib), &slot, #name);                                                       \
		if (!p)                                                                                                  \
			return fail;                                                                                         \
		memcpy(&fn, &p, sizeof(fn));                                                                             \
		return fn args;                                                                                          \
	}

/* The same for a function returning nothing. */
#define CLOUT_LAZY_VOID(lib, name, params, args)                                                                  \
	void name params                                                                                             \
	{                                                                                                            \
		static _Atomic(void *) slot;                                                                             \
		void(*fn) params;                                                                                        \
		void *p = clout_lazylib_sym(&(lib), &slot, #name);                                                       \
		if (!p)                                                                                                  \
			return;                                                                                              \
		memcpy(&fn, &p, sizeof(fn));                                                                             \
		fn args;                                                                                                 \
	}

#endif
