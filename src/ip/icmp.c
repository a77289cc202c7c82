/* ICMP and ICMPv6 errors about our own TCP segments (RFC 792, RFC 4443):
 * validate the message, find the connection from the datagram it quotes,
 * and hand TCP the error (tcp_icmp_error, RFC 1122 4.2.3.9, RFC 5927,
 * RFC 1191 and RFC 8201 for "too big").  Everything else ICMP carries
 * (echo, redirects, router messages) is counted and left alone. */
#include <string.h>

#include "ip/icmp.h"
#include "wire/bytes.h"
#include "wire/checksum.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"

/* The quoted datagram: our IP header and at least the first 8 bytes of
 * our TCP header (ports and sequence number). */
static bool quoted_tcp(const uint8_t *q, size_t len, bool v6, struct icmp_error *e)
{
	if (v6) {
		if (len < IPV6_HEADER_LEN + 8 || q[0] >> 4 != 6 || q[6] != IPPROTO_TCP_NUM)
			return false;
		e->local.addr = (synack_addr){.family = SYNACK_AF_INET6};
		e->remote.addr = (synack_addr){.family = SYNACK_AF_INET6};
		memcpy(e->local.addr.bytes, q + 8, 16);
		memcpy(e->remote.addr.bytes, q + 24, 16);
		q += IPV6_HEADER_LEN;
	} else {
		if (len < 20 || q[0] >> 4 != 4)
			return false;
		size_t ihl = (size_t)(q[0] & 0x0f) * 4;
		if (ihl < 20 || len < ihl + 8 || q[9] != IPPROTO_TCP_NUM)
			return false;
		e->local.addr = synack_ipv4(q[12], q[13], q[14], q[15]);
		e->remote.addr = synack_ipv4(q[16], q[17], q[18], q[19]);
		q += ihl;
	}
	e->local.port = get16(q);
	e->remote.port = get16(q + 2);
	e->seq = get32(q + 4);
	return true;
}

/* RFC 792: type 3 destination unreachable (code 4: fragmentation needed,
 * next-hop MTU in bytes 6-7, RFC 1191), type 11 time exceeded. */
static enum icmp_kind v4_kind(uint8_t type, uint8_t code)
{
	if (type == 11)
		return ICMP_SOFT;
	if (type != 3)
		return ICMP_OTHER;
	switch (code) {
	case 2: /* protocol unreachable */
	case 3: /* port unreachable */
		return ICMP_REFUSED;
	case 4:
		return ICMP_TOO_BIG;
	default: /* net, host, administratively prohibited ... */
		return ICMP_SOFT;
	}
}

/* RFC 4443: type 1 destination unreachable (code 4: port unreachable),
 * type 2 packet too big (MTU in bytes 4-7), type 3 time exceeded. */
static enum icmp_kind v6_kind(uint8_t type, uint8_t code)
{
	if (type == 1)
		return code == 4 ? ICMP_REFUSED : ICMP_SOFT;
	if (type == 2)
		return ICMP_TOO_BIG;
	if (type == 3)
		return ICMP_SOFT;
	return ICMP_OTHER;
}

int icmp_parse(const uint8_t *msg, size_t len, bool v6, const synack_addr *src,
	       const synack_addr *dst, struct icmp_error *out)
{
	memset(out, 0, sizeof *out);
	if (len < 8)
		return ICMP_ERR_SHORT;
	uint32_t sum = v6 ? csum_pseudo(src, dst, 58, (uint32_t)len) : 0;
	if (csum_fold(csum_add(sum, msg, len)) != 0)
		return ICMP_ERR_CHECKSUM;
	out->kind = v6 ? v6_kind(msg[0], msg[1]) : v4_kind(msg[0], msg[1]);
	if (out->kind == ICMP_OTHER)
		return ICMP_OK;
	if (out->kind == ICMP_TOO_BIG)
		out->mtu = v6 ? get32(msg + 4) : get16(msg + 6);
	if (!quoted_tcp(msg + 8, len - 8, v6, out)) {
		out->kind = ICMP_OTHER;
		return ICMP_ERR_QUOTE;
	}
	return ICMP_OK;
}

synack_reason icmp_reason(int err)
{
	switch (err) {
	case ICMP_ERR_SHORT: return SYNACK_R_ICMP_SHORT;
	case ICMP_ERR_CHECKSUM: return SYNACK_R_ICMP_BAD_CHECKSUM;
	case ICMP_ERR_QUOTE: return SYNACK_R_ICMP_NO_QUOTE;
	default: return SYNACK_R_NONE;
	}
}
