/* The rfc personality: synack's own defaults (synack_settings_default),
 * each open choice made the RFCs' way, with Linux's option layout. */
#include "tcp/policy.h"

const struct tcp_policy tcp_policy_rfc = {
	.id = SYNACK_PERSONALITY_RFC,
	.name = "rfc",
	.layout = TCP_LAYOUT_LINUX,
};
