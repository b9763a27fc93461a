/*
 * clout/clout.h: the umbrella header of libclout. Include this, or one module header.
 */
#ifndef CLOUT_CLOUT_H
#define CLOUT_CLOUT_H

#include "clout/common.h"
#include "clout/store.h"
#include "clout/import.h"
#include "clout/text.h"
#include "clout/track.h"
#include "clout/score.h"
#include "clout/gen.h"
#include "clout/graph.h"
#include "clout/plan.h"
#include "clout/listen.h"
#include "clout/session.h"
#include "clout/auth.h"
#include "clout/webhook.h"
#include "clout/vocab.h"
#include "clout/campaign.h"
#include "clout/report.h"
#include "clout/crm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library version ("0.1.0"). */
const char *clout_version(void);

#ifdef __cplusplus
}
#endif
#endif
