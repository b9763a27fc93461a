/*
 * clout/common.h: error codes and the error object every libclout call reports through.
 *
 * Library functions return 0 on success or a negative CLOUT_E* code, and, when given a non-NULL
 * clout_error, leave a message there that names the place (file:line, field, id) and what is wrong.
 * Nothing in libclout prints or exits; front ends map codes to exit statuses.
 */
#ifndef CLOUT_COMMON_H
#define CLOUT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	CLOUT_OK = 0,
	CLOUT_EINVAL = -1,    /* a caller's argument or option is wrong */
	CLOUT_ENOTFOUND = -2, /* a named thing does not exist */
	CLOUT_EEXISTS = -3,   /* a thing to create already exists */
	CLOUT_EBADDATA = -4,  /* input data is malformed */
	CLOUT_ECONFLICT = -5, /* the store changed under us, or a constraint holds */
	CLOUT_ENOMEM = -6,    /* out of memory, or a size cap was reached */
	CLOUT_EIO = -7,       /* a file could not be read or written */
	CLOUT_EBACKEND = -8,  /* the storage backend failed */
	CLOUT_EINTERNAL = -9, /* a bug: an invariant did not hold */
	CLOUT_EUNAVAILABLE = -10, /* a service (the database server) cannot be reached */
	CLOUT_EDENIED = -11,  /* credentials are missing, wrong, expired or revoked */
	CLOUT_ELIMITED = -12  /* too many attempts: try again later */
};

#define CLOUT_ERROR_MESSAGE_MAX 1024

/* The error object. Zero-initialize it (or call clout_error_clear) before use. */
typedef struct clout_error {
	int code;
	char message[CLOUT_ERROR_MESSAGE_MAX];
} clout_error;

/* Clears err (NULL-safe). */
void clout_error_clear(clout_error *err);

/*
 * Records code and a printf-style message on err (NULL-safe) and returns code, so that callers can
 * write `return clout_error_set(err, CLOUT_EINVAL, "...")`. A message already set is kept when the
 * new one is set through clout_error_wrap.
 */
int clout_error_set(clout_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the message already on err with a context such as "file.jsonl:12: " and returns code. */
int clout_error_wrap(clout_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A short, static name for a code ("bad data", "not found", ...). */
const char *clout_strerror(int code);

/*
 * A progress callback: done and total in the unit the caller documents (bytes for imports);
 * total is 0 when unknown. Return non-zero to ask the operation to stop (it then fails with
 * CLOUT_EINVAL and changes nothing).
 */
typedef int (*clout_progress_fn)(void *ctx, uint64_t done, uint64_t total);

#ifdef __cplusplus
}
#endif
#endif
