#include "wire/checksum.h"

uint32_t csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	uint64_t acc = sum;
	size_t i = 0;
	for (; i + 1 < len; i += 2)
		acc += (uint32_t)(buf[i] << 8 | buf[i + 1]);
	if (i < len)
		acc += (uint32_t)buf[i] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t csum_pseudo(const synack_addr *src, const synack_addr *dst,
		     uint8_t proto, uint32_t len)
{
	size_t alen = src->family == SYNACK_AF_INET ? 4 : 16;
	uint32_t sum = csum_add(0, src->bytes, alen);
	sum = csum_add(sum, dst->bytes, alen);
	uint8_t tail[8] = {(uint8_t)(len >> 24), (uint8_t)(len >> 16),
			   (uint8_t)(len >> 8), (uint8_t)len, 0, 0, 0, proto};
	/* IPv4 uses a 16-bit length and the protocol byte; both forms sum
	 * to the same value because the upper length bytes are zero there. */
	return csum_add(sum, tail, sizeof tail);
}
