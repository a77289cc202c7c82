/* IPv4 header parse and build (RFC 791).  Pure functions: no stack state. */
#ifndef SYNACK_WIRE_IPV4_H
#define SYNACK_WIRE_IPV4_H

#include <stddef.h>
#include <stdint.h>

#include "synack.h"

#define IPV4_HEADER_LEN 20
#define IPPROTO_TCP_NUM 6

/* RFC 3168 5: the ECN field, the low two bits of the IPv4 TOS byte and of
 * the IPv6 traffic class. */
#define IP_ECN_MASK 0x03
#define IP_ECN_NOT_ECT 0x00
#define IP_ECN_ECT0 0x02
#define IP_ECN_CE 0x03

enum ipv4_error {
	IPV4_OK = 0,
	IPV4_ERR_SHORT = -1,      /* shorter than a minimal header */
	IPV4_ERR_VERSION = -2,    /* version field not 4 */
	IPV4_ERR_HEADER_LEN = -3, /* IHL < 5 or beyond the buffer */
	IPV4_ERR_TOTAL_LEN = -4,  /* total length < IHL or beyond the buffer */
	IPV4_ERR_CHECKSUM = -5,
	IPV4_ERR_FRAGMENT = -6,   /* MF set or offset != 0: not reassembled */
};

struct ipv4_packet {
	synack_addr src, dst;
	uint8_t proto;
	uint8_t ttl;
	uint8_t tos;
	uint16_t id;
	uint16_t header_len;      /* bytes, options included */
	const uint8_t *payload;   /* after the header (options skipped) */
	size_t payload_len;       /* from the total length field */
};

/* Validates buf and fills out.  Bytes beyond the total length (link
 * padding) are ignored. */
int ipv4_parse(const uint8_t *buf, size_t len, struct ipv4_packet *out);

/* Writes a 20-byte header for a payload of payload_len bytes (DF set). */
void ipv4_build(uint8_t *buf, const synack_addr *src, const synack_addr *dst,
		uint8_t proto, uint8_t ttl, uint8_t tos, uint16_t id, size_t payload_len);

synack_reason ipv4_reason(int err);

#endif
