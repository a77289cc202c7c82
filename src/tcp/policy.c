/* The personalities (policy.h) and the public calls that name them. */
#include <string.h>

#include "tcp/policy.h"

/* In synack_personality order. */
static const struct tcp_policy *const tcp_policies[] = {
	&tcp_policy_rfc,
	&tcp_policy_linux,
	&tcp_policy_freebsd,
};

#define POLICY_COUNT (sizeof tcp_policies / sizeof tcp_policies[0])

const struct tcp_policy *tcp_policy_of(synack_personality p)
{
	if ((unsigned)p >= POLICY_COUNT)
		return NULL;
	return tcp_policies[p];
}

void synack_settings_personality(synack_settings *s, synack_personality p)
{
	synack_settings_default(s);
	const struct tcp_policy *pol = tcp_policy_of(p);
	if (!pol)
		return;
	s->personality = p;
	if (pol->settings)
		pol->settings(s);
}

const char *synack_personality_name(synack_personality p)
{
	const struct tcp_policy *pol = tcp_policy_of(p);
	return pol ? pol->name : "?";
}

int synack_personality_parse(const char *name, synack_personality *out)
{
	for (unsigned i = 0; name && i < POLICY_COUNT; i++)
		if (!strcmp(name, tcp_policies[i]->name)) {
			*out = tcp_policies[i]->id;
			return SYNACK_OK;
		}
	return SYNACK_EINVAL;
}
