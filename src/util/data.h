/*
 * data.h: the data files compiled into the binary from data/ (migrations, lexicons, rules),
 * found by their path relative to data/ ("migrations/0001_init.sql").
 */
#ifndef CLOUT_UTIL_DATA_H
#define CLOUT_UTIL_DATA_H

#include <stddef.h>

struct clout__embedded_file {
	const char *name;
	const unsigned char *data;
	size_t size;
};

/* The table, ended by a NULL name. */
extern const struct clout__embedded_file clout__embedded[];

/* The file called name, or NULL. Its bytes are NUL-terminated. */
const struct clout__embedded_file *clout__data_find(const char *name);

#endif
