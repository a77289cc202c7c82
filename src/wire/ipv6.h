/* IPv6 header parse and build (RFC 8200).  Pure functions. */
#ifndef SYNACK_WIRE_IPV6_H
#define SYNACK_WIRE_IPV6_H

#include <stddef.h>
#include <stdint.h>

#include "synack.h"

#define IPV6_HEADER_LEN 40

enum ipv6_error {
	IPV6_OK = 0,
	IPV6_ERR_SHORT = -1,       /* shorter than the fixed header */
	IPV6_ERR_VERSION = -2,     /* version field not 6 */
	IPV6_ERR_PAYLOAD_LEN = -3, /* payload length beyond the buffer */
	IPV6_ERR_EXTENSION = -4,   /* an extension header runs past the payload */
	IPV6_ERR_FRAGMENT = -5,    /* a fragment header: not reassembled */
};

struct ipv6_packet {
	synack_addr src, dst;
	uint8_t proto;             /* after the extension headers */
	uint8_t hop_limit;
	uint8_t tclass;            /* traffic class (DSCP and ECN) */
	const uint8_t *payload;    /* the upper-layer header */
	size_t payload_len;
};

/* Validates buf and walks the extension headers (hop-by-hop, routing,
 * destination options) to the upper layer.  Bytes beyond the payload
 * length are ignored. */
int ipv6_parse(const uint8_t *buf, size_t len, struct ipv6_packet *out);

/* Writes a 40-byte header for payload_len bytes of protocol proto (flow
 * label 0). */
void ipv6_build(uint8_t *buf, const synack_addr *src, const synack_addr *dst,
		uint8_t proto, uint8_t hop_limit, uint8_t tclass, size_t payload_len);

synack_reason ipv6_reason(int err);

#endif
