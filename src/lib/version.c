/* version.c: the library version. */
#include "clout/clout.h"
#include "util/banned.h"

const char *clout_version(void)
{
	return "0.1.0";
}
