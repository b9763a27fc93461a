/*
 * enums.c: the names of the crm module's enumerations (stage, consent, sharing, NDA) as they are
 * stored, shown and parsed.
 */
#include <string.h>

#include "clout/crm.h"
#include "util/banned.h"

static const char *const stage_names[CLOUT_CRM_STAGE_COUNT] = {
	"identified", "engaging", "contacted", "negotiating", "partner", "alumni", "declined",
};
static const char *const consent_names[CLOUT_CRM_CONSENT_COUNT] = { "unknown", "in", "out" };
static const char *const sharing_names[CLOUT_CRM_SHARING_COUNT] = { "none", "brand", "public" };
static const char *const nda_names[CLOUT_CRM_NDA_COUNT] = { "none", "sent", "signed", "expired" };

static int find(const char *const *names, int count, const char *name)
{
	for (int i = 0; name && i < count; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

const char *clout_crm_stage_name(clout_crm_stage stage)
{
	return (unsigned)stage < CLOUT_CRM_STAGE_COUNT ? stage_names[stage] : "unknown";
}

const char *clout_crm_consent_name(clout_crm_consent consent)
{
	return (unsigned)consent < CLOUT_CRM_CONSENT_COUNT ? consent_names[consent] : "unknown";
}

const char *clout_crm_sharing_name(clout_crm_sharing sharing)
{
	return (unsigned)sharing < CLOUT_CRM_SHARING_COUNT ? sharing_names[sharing] : "unknown";
}

const char *clout_crm_nda_name(clout_crm_nda nda)
{
	return (unsigned)nda < CLOUT_CRM_NDA_COUNT ? nda_names[nda] : "unknown";
}

int clout_crm_stage_parse(clout_crm_stage *out, const char *name, clout_error *err)
{
	int i = find(stage_names, CLOUT_CRM_STAGE_COUNT, name);
	if (i < 0)
		return clout_error_set(err, CLOUT_EINVAL,
			"stage: '%s' is not a stage (identified, engaging, contacted, negotiating, partner, alumni, declined)",
			name ? name : "");
	*out = (clout_crm_stage)i;
	return 0;
}

int clout_crm_sharing_parse(clout_crm_sharing *out, const char *name, clout_error *err)
{
	int i = find(sharing_names, CLOUT_CRM_SHARING_COUNT, name);
	if (i < 0)
		return clout_error_set(err, CLOUT_EINVAL, "sharing: '%s' is not a sharing right (none, brand, public)",
			name ? name : "");
	*out = (clout_crm_sharing)i;
	return 0;
}

int clout_crm_nda_parse(clout_crm_nda *out, const char *name, clout_error *err)
{
	int i = find(nda_names, CLOUT_CRM_NDA_COUNT, name);
	if (i < 0)
		return clout_error_set(err, CLOUT_EINVAL, "nda: '%s' is not an NDA status (none, sent, signed, expired)",
			name ? name : "");
	*out = (clout_crm_nda)i;
	return 0;
}
