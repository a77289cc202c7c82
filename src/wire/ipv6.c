#include "wire/ipv6.h"

#include <string.h>

enum { HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, DEST_OPTIONS = 60 };

int ipv6_parse(const uint8_t *buf, size_t len, struct ipv6_packet *out)
{
	if (len < IPV6_HEADER_LEN)
		return IPV6_ERR_SHORT;
	if (buf[0] >> 4 != 6)
		return IPV6_ERR_VERSION;
	size_t plen = (size_t)(buf[4] << 8 | buf[5]);
	if (plen > len - IPV6_HEADER_LEN)
		return IPV6_ERR_PAYLOAD_LEN;
	memset(out, 0, sizeof *out);
	out->src.family = out->dst.family = SYNACK_AF_INET6;
	memcpy(out->src.bytes, buf + 8, 16);
	memcpy(out->dst.bytes, buf + 24, 16);
	out->hop_limit = buf[7];
	out->tclass = (uint8_t)((buf[0] & 0x0f) << 4 | buf[1] >> 4);

	uint8_t next = buf[6];
	const uint8_t *p = buf + IPV6_HEADER_LEN;
	size_t left = plen;
	/* Each extension header is at least 8 bytes and says its length in
	 * 8-byte units beyond the first 8, so the walk ends. */
	while (next == HOP_BY_HOP || next == ROUTING || next == DEST_OPTIONS || next == FRAGMENT) {
		if (next == FRAGMENT)
			return IPV6_ERR_FRAGMENT;
		if (left < 8)
			return IPV6_ERR_EXTENSION;
		size_t hlen = ((size_t)p[1] + 1) * 8;
		if (hlen > left)
			return IPV6_ERR_EXTENSION;
		next = p[0];
		p += hlen;
		left -= hlen;
	}
	out->proto = next;
	out->payload = p;
	out->payload_len = left;
	return IPV6_OK;
}

void ipv6_build(uint8_t *buf, const synack_addr *src, const synack_addr *dst,
		uint8_t proto, uint8_t hop_limit, uint8_t tclass, size_t payload_len)
{
	buf[0] = (uint8_t)(0x60 | tclass >> 4); /* version 6, traffic class, flow label 0 */
	buf[1] = (uint8_t)(tclass << 4);
	buf[2] = buf[3] = 0;
	buf[4] = (uint8_t)(payload_len >> 8);
	buf[5] = (uint8_t)payload_len;
	buf[6] = proto;
	buf[7] = hop_limit;
	memcpy(buf + 8, src->bytes, 16);
	memcpy(buf + 24, dst->bytes, 16);
}

synack_reason ipv6_reason(int err)
{
	switch (err) {
	case IPV6_OK: return SYNACK_R_NONE;
	case IPV6_ERR_SHORT: return SYNACK_R_IPV6_SHORT;
	case IPV6_ERR_VERSION: return SYNACK_R_IPV6_BAD_VERSION;
	case IPV6_ERR_PAYLOAD_LEN: return SYNACK_R_IPV6_BAD_PAYLOAD_LEN;
	case IPV6_ERR_EXTENSION: return SYNACK_R_IPV6_BAD_EXTENSION;
	case IPV6_ERR_FRAGMENT: return SYNACK_R_IPV6_FRAGMENT;
	}
	return SYNACK_R_NONE;
}
