/*
 * fastparse.h: the redirect fast path's request parser (fastparse.c). It reads the bytes waiting
 * on a connection (peeked, not consumed) and says whether they start a plain `GET|HEAD /r/CODE`
 * request that the fast path answers itself, need more bytes to tell, or must go to
 * libmicrohttpd, which then reads them from the socket as if nobody had looked.
 *
 * Only what is plain and complete is taken: request line `GET|HEAD /r/CODE[?query] HTTP/1.1`
 * (CODE a valid link code), CRLF line ends, well-formed header fields, no body (no
 * Content-Length other than 0, no Transfer-Encoding, no Expect), Connection absent, keep-alive or
 * close, and headers within the server's limit. Anything else (another route, HTTP/1.0,
 * percent-escapes, bare LF, obsolete line folding, oversized or malformed headers) is handed to
 * libmicrohttpd, whose answers and limits are then exactly those of every other request.
 */
#ifndef CLOUT_SERVER_FASTPARSE_H
#define CLOUT_SERVER_FASTPARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "clout/track.h"

typedef enum {
	FASTPARSE_MORE,     /* the bytes so far are the start of a request the fast path may take */
	FASTPARSE_REDIRECT, /* a complete redirect request: *out describes it */
	FASTPARSE_HANDOFF   /* anything else: libmicrohttpd's */
} fastparse_verdict;

/* The headers the redirect reads (NULL when absent; the first of repeated ones), NUL-terminated
 * copies with surrounding blanks trimmed, in the caller's scratch buffer. */
typedef struct fastparse_request {
	bool head;
	bool close;    /* Connection: close */
	size_t length; /* bytes of the request (request line to the blank line) */
	char code[CLOUT_LINK_CODE_MAX + 1];
	const char *user_agent, *referer, *purpose, *sec_purpose, *x_purpose, *x_moz, *forwarded_for;
} fastparse_request;

/*
 * Parses the request at the start of buf[0..len). max_header_bytes is the server's header limit
 * (counted as libmicrohttpd's path counts it: name + value + 4 per field); a request whose headers
 * pass it, or that is not complete within max_request bytes, is handed off. scratch (at least
 * max_request bytes) receives the header copies.
 */
fastparse_verdict fastparse_request_parse(const char *buf, size_t len, size_t max_header_bytes, size_t max_request,
	fastparse_request *out, char *scratch);

#endif
