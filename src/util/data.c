/* data.c: lookup in the embedded data table (see data.h). */
#include <string.h>

#include "util/data.h"
#include "util/banned.h"

const struct clout__embedded_file *clout__data_find(const char *name)
{
	const struct clout__embedded_file *f;
	for (f = clout__embedded; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}
