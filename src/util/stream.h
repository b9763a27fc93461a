/*
 * stream.h: the one byte reader of compressed or plain input shared by the importers and the graph
 * loader. A stream reads a file (by path), a file descriptor (a pipe, a socket, stdin) or a memory
 * buffer; gzip data (one member or several) is inflated on the fly, anything else passes through.
 * A stream only moves forward: nothing rewinds it, so pipes and sockets work.
 */
#ifndef CLOUT_UTIL_STREAM_H
#define CLOUT_UTIL_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "clout/common.h"

typedef struct clout_stream clout_stream;

/* Opens the file at path. CLOUT_ENOTFOUND when it does not exist, CLOUT_EINVAL for a directory,
 * CLOUT_EIO, CLOUT_ENOMEM; messages start with the path. */
int clout_stream_open_path(clout_stream **out, const char *path, clout_error *err);

/* Reads fd (borrowed: not closed by the stream) to its end; name is used in messages. */
int clout_stream_open_fd(clout_stream **out, int fd, const char *name, clout_error *err);

/* Reads data[0..len) (borrowed: it must outlive the stream); name is used in messages. */
int clout_stream_open_memory(clout_stream **out, const void *data, size_t len, const char *name, clout_error *err);

/* Names s in messages from now on (name is borrowed). */
void clout_stream_set_name(clout_stream *s, const char *name);

/* Closes s (NULL-safe). */
void clout_stream_free(clout_stream *s);

/*
 * Reads up to size decompressed bytes into buf; *got is 0 at the end. CLOUT_EBADDATA ("NAME:
 * truncated gzip data", or zlib's reason) for broken gzip data, CLOUT_EIO for a read error.
 */
int clout_stream_read(clout_stream *s, void *buf, size_t size, size_t *got, clout_error *err);

/* Input bytes consumed so far (compressed bytes for gzip; 0 when the input cannot tell). */
uint64_t clout_stream_offset(const clout_stream *s);

/* The input's size in bytes when known (a regular file, a buffer), else 0. */
uint64_t clout_stream_size(const clout_stream *s);

/* The name given (or the path). */
const char *clout_stream_name(const clout_stream *s);

#endif
