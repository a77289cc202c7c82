/* ICMP and ICMPv6 error parsing (RFC 792, RFC 4443).  Pure functions. */
#ifndef SYNACK_IP_ICMP_H
#define SYNACK_IP_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synack.h"

#define IPPROTO_ICMP_NUM 1
#define IPPROTO_ICMPV6_NUM 58

enum icmp_kind {
	ICMP_OTHER,     /* not an error about a TCP segment: ignored */
	ICMP_SOFT,      /* network or host unreachable, time exceeded */
	ICMP_REFUSED,   /* port or protocol unreachable */
	ICMP_TOO_BIG,   /* fragmentation needed / packet too big: mtu */
};

enum icmp_parse_error {
	ICMP_OK = 0,
	ICMP_ERR_SHORT = -1,
	ICMP_ERR_CHECKSUM = -2,
	ICMP_ERR_QUOTE = -3,   /* an error, but not about one of our TCP segments */
};

/* An error about a segment we sent: local is our end (the quoted source). */
struct icmp_error {
	enum icmp_kind kind;
	synack_endpoint local, remote;
	uint32_t seq;          /* the quoted segment's sequence number */
	uint32_t mtu;          /* ICMP_TOO_BIG: the next hop's MTU (0: not given) */
};

/* msg is the ICMP message (after the IP header); src and dst are its IP
 * addresses (ICMPv6's checksum covers them). */
int icmp_parse(const uint8_t *msg, size_t len, bool v6, const synack_addr *src,
	       const synack_addr *dst, struct icmp_error *out);
synack_reason icmp_reason(int err);

#endif
