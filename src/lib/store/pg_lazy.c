/*
 * pg_lazy.c: the libpq functions clout calls, opening libpq on the first of them (util/lazylib.h):
 * a run that never opens a PostgreSQL store never loads libpq nor its TLS, Kerberos and LDAP
 * libraries. Every libpq function called anywhere in clout (and its tests) must be listed here:
 * the link fails on one that is not.
 */
#include <libpq-fe.h>

#include "util/lazylib.h"
#include "util/banned.h"

static clout_lazylib libpq = CLOUT_LAZYLIB_INIT(CLOUT_LIBPQ_SONAME);

const char *clout_libpq_error(void)
{
	return clout_lazylib_error(&libpq);
}

/* the connect functions report a failed load as out of memory does (NULL); the others are only
 * reached with a connection or result, so with the library loaded */
CLOUT_LAZY_FN(libpq, PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname),
	(keywords, values, expand_dbname), NULL)
CLOUT_LAZY_FN(libpq, PGconn *, PQconnectdb, (const char *conninfo), (conninfo), NULL)
CLOUT_LAZY_VOID(libpq, PQfinish, (PGconn *conn), (conn))
CLOUT_LAZY_FN(libpq, ConnStatusType, PQstatus, (const PGconn *conn), (conn), CONNECTION_BAD)
CLOUT_LAZY_FN(libpq, PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn), PQTRANS_UNKNOWN)
CLOUT_LAZY_FN(libpq, char *, PQerrorMessage, (const PGconn *conn), (conn), (char *)"libpq could not be loaded")
CLOUT_LAZY_FN(libpq, PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg),
	(conn, proc, arg), NULL)
CLOUT_LAZY_FN(libpq, PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query), NULL)
CLOUT_LAZY_FN(libpq, PGresult *, PQprepare,
	(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
	(conn, stmtName, query, nParams, paramTypes), NULL)
CLOUT_LAZY_FN(libpq, PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt), NULL)
CLOUT_LAZY_FN(libpq, int, PQsendQueryPrepared,
	(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
		const int *paramFormats, int resultFormat),
	(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat), 0)
CLOUT_LAZY_FN(libpq, int, PQsetSingleRowMode, (PGconn *conn), (conn), 0)
CLOUT_LAZY_FN(libpq, PGresult *, PQgetResult, (PGconn *conn), (conn), NULL)
CLOUT_LAZY_FN(libpq, int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes), -1)
CLOUT_LAZY_FN(libpq, int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg), -1)
CLOUT_LAZY_VOID(libpq, PQclear, (PGresult *res), (res))
CLOUT_LAZY_FN(libpq, ExecStatusType, PQresultStatus, (const PGresult *res), (res), PGRES_FATAL_ERROR)
CLOUT_LAZY_FN(libpq, char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode), NULL)
CLOUT_LAZY_FN(libpq, char *, PQcmdStatus, (PGresult *res), (res), NULL)
CLOUT_LAZY_FN(libpq, char *, PQcmdTuples, (PGresult *res), (res), NULL)
CLOUT_LAZY_FN(libpq, int, PQntuples, (const PGresult *res), (res), 0)
CLOUT_LAZY_FN(libpq, int, PQnfields, (const PGresult *res), (res), 0)
CLOUT_LAZY_FN(libpq, int, PQnparams, (const PGresult *res), (res), 0)
CLOUT_LAZY_FN(libpq, Oid, PQftype, (const PGresult *res, int field_num), (res, field_num), 0)
CLOUT_LAZY_FN(libpq, int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num), 1)
CLOUT_LAZY_FN(libpq, int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num), 0)
CLOUT_LAZY_FN(libpq, char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num),
	NULL)
CLOUT_LAZY_FN(libpq, PGresult *, PQexecParams,
	(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
		const int *paramLengths, const int *paramFormats, int resultFormat),
	(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat), NULL)

/* not called today: listed so that code which starts calling them links as before */
CLOUT_LAZY_FN(libpq, PGresult *, PQexecPrepared,
	(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
		const int *paramFormats, int resultFormat),
	(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat), NULL)
CLOUT_LAZY_FN(libpq, int, PQsendQuery, (PGconn *conn, const char *query), (conn, query), 0)
CLOUT_LAZY_FN(libpq, int, PQsendQueryParams,
	(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
		const int *paramLengths, const int *paramFormats, int resultFormat),
	(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat), 0)
CLOUT_LAZY_FN(libpq, int, PQsendPrepare,
	(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
	(conn, stmtName, query, nParams, paramTypes), 0)
CLOUT_LAZY_FN(libpq, char *, PQescapeLiteral, (PGconn *conn, const char *str, size_t len), (conn, str, len), NULL)
CLOUT_LAZY_FN(libpq, char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len), NULL)
CLOUT_LAZY_VOID(libpq, PQfreemem, (void *ptr), (ptr))
CLOUT_LAZY_FN(libpq, int, PQgetCopyData, (PGconn *conn, char **buffer, int async), (conn, buffer, async), -2)
CLOUT_LAZY_FN(libpq, int, PQconsumeInput, (PGconn *conn), (conn), 0)
CLOUT_LAZY_FN(libpq, int, PQisBusy, (PGconn *conn), (conn), 0)
CLOUT_LAZY_FN(libpq, int, PQsetnonblocking, (PGconn *conn, int arg), (conn, arg), -1)
CLOUT_LAZY_FN(libpq, int, PQflush, (PGconn *conn), (conn), -1)
CLOUT_LAZY_FN(libpq, char *, PQfname, (const PGresult *res, int field_num), (res, field_num), NULL)
CLOUT_LAZY_FN(libpq, int, PQfnumber, (const PGresult *res, const char *field_name), (res, field_name), -1)
CLOUT_LAZY_FN(libpq, char *, PQresStatus, (ExecStatusType status), (status), (char *)"libpq could not be loaded")
CLOUT_LAZY_FN(libpq, char *, PQresultErrorMessage, (const PGresult *res), (res), (char *)"libpq could not be loaded")
CLOUT_LAZY_FN(libpq, int, PQserverVersion, (const PGconn *conn), (conn), 0)
CLOUT_LAZY_FN(libpq, int, PQsocket, (const PGconn *conn), (conn), -1)
CLOUT_LAZY_FN(libpq, const char *, PQparameterStatus, (const PGconn *conn, const char *paramName), (conn, paramName),
	NULL)
CLOUT_LAZY_FN(libpq, int, PQsetClientEncoding, (PGconn *conn, const char *encoding), (conn, encoding), -1)
CLOUT_LAZY_FN(libpq, size_t, PQescapeStringConn, (PGconn *conn, char *to, const char *from, size_t length, int *error),
	(conn, to, from, length, error), 0)
