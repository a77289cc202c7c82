#include "wire/ipv4.h"

#include <string.h>

#include "wire/bytes.h"
#include "wire/checksum.h"

int ipv4_parse(const uint8_t *buf, size_t len, struct ipv4_packet *out)
{
	if (len < IPV4_HEADER_LEN)
		return IPV4_ERR_SHORT;
	if (buf[0] >> 4 != 4)
		return IPV4_ERR_VERSION;
	size_t hlen = (size_t)(buf[0] & 0x0f) * 4;
	if (hlen < IPV4_HEADER_LEN || hlen > len)
		return IPV4_ERR_HEADER_LEN;
	size_t total = get16(buf + 2);
	if (total < hlen || total > len)
		return IPV4_ERR_TOTAL_LEN;
	if (csum_fold(csum_add(0, buf, hlen)) != 0)
		return IPV4_ERR_CHECKSUM;
	uint16_t frag = get16(buf + 6);
	if (frag & 0x2000 || (frag & 0x1fff) != 0)
		return IPV4_ERR_FRAGMENT;

	memset(out, 0, sizeof *out);
	out->tos = buf[1];
	out->id = get16(buf + 4);
	out->ttl = buf[8];
	out->proto = buf[9];
	out->src.family = SYNACK_AF_INET;
	memcpy(out->src.bytes, buf + 12, 4);
	out->dst.family = SYNACK_AF_INET;
	memcpy(out->dst.bytes, buf + 16, 4);
	out->header_len = (uint16_t)hlen;
	out->payload = buf + hlen;
	out->payload_len = total - hlen;
	return IPV4_OK;
}

void ipv4_build(uint8_t *buf, const synack_addr *src, const synack_addr *dst,
		uint8_t proto, uint8_t ttl, uint8_t tos, uint16_t id, size_t payload_len)
{
	buf[0] = 0x45;
	buf[1] = tos;
	put16(buf + 2, (uint16_t)(IPV4_HEADER_LEN + payload_len));
	put16(buf + 4, id);
	put16(buf + 6, 0x4000); /* DF: we never fragment */
	buf[8] = ttl;
	buf[9] = proto;
	put16(buf + 10, 0);
	memcpy(buf + 12, src->bytes, 4);
	memcpy(buf + 16, dst->bytes, 4);
	put16(buf + 10, csum_fold(csum_add(0, buf, IPV4_HEADER_LEN)));
}

synack_reason ipv4_reason(int err)
{
	switch (err) {
	case IPV4_OK: return SYNACK_R_NONE;
	case IPV4_ERR_SHORT: return SYNACK_R_IPV4_SHORT;
	case IPV4_ERR_VERSION: return SYNACK_R_IPV4_BAD_VERSION;
	case IPV4_ERR_HEADER_LEN: return SYNACK_R_IPV4_BAD_HEADER_LEN;
	case IPV4_ERR_TOTAL_LEN: return SYNACK_R_IPV4_BAD_TOTAL_LEN;
	case IPV4_ERR_CHECKSUM: return SYNACK_R_IPV4_BAD_CHECKSUM;
	case IPV4_ERR_FRAGMENT: return SYNACK_R_IPV4_FRAGMENT;
	}
	return SYNACK_R_NONE;
}
