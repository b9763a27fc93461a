/* error.c: the clout_error object (see include/clout/common.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clout/common.h"
#include "util/banned.h"

void clout_error_clear(clout_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->message[0] = '\0';
}

int clout_error_set(clout_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

int clout_error_wrap(clout_error *err, int code, const char *fmt, ...)
{
	char prefix[512], old[CLOUT_ERROR_MESSAGE_MAX];
	va_list ap;
	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof(old));
	err->code = code;
	{
		const char *rest = old[0] ? old : clout_strerror(code);
		size_t n = strlen(prefix), m = strlen(rest);
		if (n > sizeof(err->message) - 1)
			n = sizeof(err->message) - 1;
		if (m > sizeof(err->message) - 1 - n)
			m = sizeof(err->message) - 1 - n;
		memcpy(err->message, prefix, n);
		memcpy(err->message + n, rest, m);
		err->message[n + m] = '\0';
	}
	return code;
}

const char *clout_strerror(int code)
{
	switch (code) {
	case CLOUT_OK: return "ok";
	case CLOUT_EINVAL: return "invalid argument";
	case CLOUT_ENOTFOUND: return "not found";
	case CLOUT_EEXISTS: return "already exists";
	case CLOUT_EBADDATA: return "bad data";
	case CLOUT_ECONFLICT: return "conflict";
	case CLOUT_ENOMEM: return "out of memory";
	case CLOUT_EIO: return "i/o error";
	case CLOUT_EBACKEND: return "storage backend error";
	case CLOUT_EUNAVAILABLE: return "service unavailable";
	case CLOUT_EDENIED: return "access denied";
	case CLOUT_ELIMITED: return "too many attempts";
	default: return "internal error";
	}
}
