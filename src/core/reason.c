/* The reasons events carry (SYNACK_REASONS in synack.h). */
#include "synack.h"

static const struct {
	const char *name, *en, *zh;
} reasons[SYNACK_REASON_COUNT] = {
#define SYNACK_REASON_ROW(id, en, zh) [SYNACK_R_##id] = {#id, en, zh},
	SYNACK_REASONS(SYNACK_REASON_ROW)
#undef SYNACK_REASON_ROW
};

const char *synack_reason_text(synack_reason r)
{
	return (unsigned)r < SYNACK_REASON_COUNT ? reasons[r].en : "?";
}

const char *synack_reason_text_zh(synack_reason r)
{
	return (unsigned)r < SYNACK_REASON_COUNT ? reasons[r].zh : "?";
}

const char *synack_reason_name(synack_reason r)
{
	return (unsigned)r < SYNACK_REASON_COUNT ? reasons[r].name : "?";
}
