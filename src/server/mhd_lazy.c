/*
 * mhd_lazy.c: the libmicrohttpd functions the server calls, opening libmicrohttpd on the first of
 * them (util/lazylib.h): only `clout serve` loads it and its TLS stack. Every libmicrohttpd
 * function called anywhere in clout must be listed here: the link fails on one that is not.
 */
#include <stdarg.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "util/lazylib.h"
#include "util/banned.h"

static clout_lazylib libmhd = CLOUT_LAZYLIB_INIT(CLOUT_LIBMHD_SONAME);

const char *clout_libmhd_error(void)
{
	return clout_lazylib_error(&libmhd);
}

/* the variadic start passes its option list on to the va_list form */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
	MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	static _Atomic(void *) slot;
	struct MHD_Daemon *(*fn)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback, void *,
		va_list);
	void *p = clout_lazylib_sym(&libmhd, &slot, "MHD_start_daemon_va");
	struct MHD_Daemon *d;
	va_list ap;
	if (!p)
		return NULL;
	memcpy(&fn, &p, sizeof(fn));
	va_start(ap, dh_cls);
	d = fn(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

/* no info type the server asks for takes an argument */
const union MHD_ConnectionInfo *MHD_get_connection_info(struct MHD_Connection *connection,
	enum MHD_ConnectionInfoType info_type, ...)
{
	static _Atomic(void *) slot;
	const union MHD_ConnectionInfo *(*fn)(struct MHD_Connection *, enum MHD_ConnectionInfoType, ...);
	void *p = clout_lazylib_sym(&libmhd, &slot, "MHD_get_connection_info");
	if (!p)
		return NULL;
	memcpy(&fn, &p, sizeof(fn));
	return fn(connection, info_type);
}

CLOUT_LAZY_FN(libmhd, enum MHD_Result, MHD_is_feature_supported, (enum MHD_FEATURE feature), (feature), MHD_NO)
CLOUT_LAZY_FN(libmhd, MHD_socket, MHD_quiesce_daemon, (struct MHD_Daemon * daemon), (daemon), MHD_INVALID_SOCKET)
CLOUT_LAZY_VOID(libmhd, MHD_stop_daemon, (struct MHD_Daemon * daemon), (daemon))
CLOUT_LAZY_FN(libmhd, enum MHD_Result, MHD_add_connection,
	(struct MHD_Daemon * daemon, MHD_socket client_socket, const struct sockaddr *addr, socklen_t addrlen),
	(daemon, client_socket, addr, addrlen), MHD_NO)
CLOUT_LAZY_FN(libmhd, int, MHD_get_connection_values,
	(struct MHD_Connection * connection, enum MHD_ValueKind kind, MHD_KeyValueIterator iterator, void *iterator_cls),
	(connection, kind, iterator, iterator_cls), 0)
CLOUT_LAZY_FN(libmhd, const char *, MHD_lookup_connection_value,
	(struct MHD_Connection * connection, enum MHD_ValueKind kind, const char *key), (connection, kind, key), NULL)
CLOUT_LAZY_FN(libmhd, enum MHD_Result, MHD_queue_response,
	(struct MHD_Connection * connection, unsigned int status_code, struct MHD_Response *response),
	(connection, status_code, response), MHD_NO)
CLOUT_LAZY_VOID(libmhd, MHD_suspend_connection, (struct MHD_Connection * connection), (connection))
CLOUT_LAZY_VOID(libmhd, MHD_resume_connection, (struct MHD_Connection * connection), (connection))
CLOUT_LAZY_FN(libmhd, struct MHD_Response *, MHD_create_response_from_buffer,
	(size_t size, void *buffer, enum MHD_ResponseMemoryMode mode), (size, buffer, mode), NULL)
CLOUT_LAZY_VOID(libmhd, MHD_destroy_response, (struct MHD_Response * response), (response))
CLOUT_LAZY_FN(libmhd, enum MHD_Result, MHD_add_response_header,
	(struct MHD_Response * response, const char *header, const char *content), (response, header, content), MHD_NO)
