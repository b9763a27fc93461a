/*
 * hugepage.h: asking the kernel for transparent huge pages on a large array accessed at random
 * (fewer page faults and TLB misses): the graph loader's and the roster optimizer's arrays.
 */
#ifndef CLOUT_UTIL_HUGEPAGE_H
#define CLOUT_UTIL_HUGEPAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* A hint only: nothing changes when the kernel says no. CLOUT_NO_HUGE in the environment turns it
 * off (a tuning switch read by no logic, so kept out of the options). */
static inline void clout_hint_huge(void *p, size_t bytes)
{
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), b = ((uintptr_t)p + bytes) & ~(huge - 1);
	if (p && b > a && !getenv("CLOUT_NO_HUGE"))
		madvise((void *)a, b - a, MADV_HUGEPAGE);
}

#endif
