/*
 * lazylib.c: opening a shared library on first use and finding its functions (lazylib.h).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "util/lazylib.h"
#include "util/banned.h"

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

/* Opens lib once; call with lazy_lock held. */
static void lazylib_open(clout_lazylib *lib)
{
	if (lib->tried)
		return;
	lib->tried = true;
	if (!(lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();
		snprintf(lib->why, sizeof(lib->why), "cannot load %s: %s", lib->soname, why ? why : "dlopen failed");
	}
}

const char *clout_lazylib_error(clout_lazylib *lib)
{
	const char *why;
	pthread_mutex_lock(&lazy_lock);
	lazylib_open(lib);
	why = lib->handle ? NULL : lib->why;
	pthread_mutex_unlock(&lazy_lock);
	return why;
}

void *clout_lazylib_sym(clout_lazylib *lib, _Atomic(void *) *slot, const char *name)
{
	void *p = atomic_load_explicit(slot, memory_order_acquire);
	if (p)
		return p;
	pthread_mutex_lock(&lazy_lock);
	lazylib_open(lib);
	p = lib->handle ? dlsym(lib->handle, name) : NULL;
	pthread_mutex_unlock(&lazy_lock);
	if (p)
		atomic_store_explicit(slot, p, memory_order_release);
	return p;
}
