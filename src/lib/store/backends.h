/* backends.h: the backends compiled into libclout (internal). */
#ifndef CLOUT_LIB_STORE_BACKENDS_H
#define CLOUT_LIB_STORE_BACKENDS_H

#include "clout/sys/store_backend.h"

extern const clout_store_backend clout__store_sqlite;

#endif
