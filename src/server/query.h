/*
 * query.h: query strings, one parser for every route: the parameters of a request (as
 * libmicrohttpd decoded them, or parsed here from raw text), and typed reads that answer 400
 * naming the parameter for a bad value, an unknown name or a repeated one.
 */
#ifndef CLOUT_SERVER_QUERY_H
#define CLOUT_SERVER_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct http_request http_request;

#define QUERY_MAX_PARAMS 32

typedef struct query {
	size_t count;
	const char *names[QUERY_MAX_PARAMS];
	const char *values[QUERY_MAX_PARAMS]; /* "" for a name without '=' */
	bool overflow;                        /* more than QUERY_MAX_PARAMS */
	bool malformed;                       /* a bad %-escape or an empty name */
} query;

/* Splits raw ("a=1&b=x%20y", no '?') in place: '+' is a space, %XX a byte. Names and values point
 * into raw. Sets malformed or overflow rather than failing. */
void query_parse(query *q, char *raw);

/* The parameters of req as libmicrohttpd decoded them (borrowed for the request's life). 0. */
int query_from_request(query *q, http_request *req);

/* The first value of name, or NULL. */
const char *query_get(const query *q, const char *name);

/* 0, or -1 after answering 400 for a name not in known (NULL-ended), a repeated name, too many
 * parameters or a malformed query. */
int query_check_names(const query *q, http_request *req, const char *const *known);

/* Sets *out to the index of name's value in values (NULL-ended) when present: 0, or -1 after 400. */
int query_enum(const query *q, http_request *req, const char *name, const char *const *values, int *out);

/* Sets *out to name's integer value in [min, max] when present: 0, or -1 after 400. */
int query_int(const query *q, http_request *req, const char *name, int64_t min, int64_t max, int64_t *out);

/* Sets *out to name's finite number in [min, max] when present: 0, or -1 after 400. */
int query_number(const query *q, http_request *req, const char *name, double min, double max, double *out);

#endif
