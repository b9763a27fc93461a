/*
 * lazylib.c: opening a shared library on first use and finding its functions (lazylib.h).
 */
#include <dlfcn.h>
#include <pthread.h>

#include "util/lazylib.h"
#include "util/banned.h"

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

void *clout_lazylib_sym(clout_lazylib *lib, _Atomic(void *) *slot, const char *name)
{
	void *p = atomic_load_explicit(slot, memory_order_acquire);
	if (p)
		return p;
	pthread_mutex_lock(&lazy_lock);
	if (!lib->tried) {
		lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
		lib->tried = true;
	}
	p = lib->handle ? dlsym(lib->handle, name) : NULL;
	pthread_mutex_unlock(&lazy_lock);
	if (p)
		atomic_store_explicit(slot, p, memory_order_release);
	return p;
}
