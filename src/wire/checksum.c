#include "wire/checksum.h"

#include <stdbool.h>
#include <string.h>

static uint64_t add_carry(uint64_t acc, uint64_t w)
{
	acc += w;
	return acc + (acc < w); /* end-around carry */
}

/* RFC 1071: the one's complement sum does not depend on byte order, so
 * the buffer is summed in native words, eight bytes at a time, and the
 * 16-bit result swapped back on a little-endian host (2.B). */
uint32_t csum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	uint64_t acc = 0;
	for (; len >= 8; buf += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, buf, 8);
		acc = add_carry(acc, w);
	}
	if (len >= 4) {
		uint32_t w;
		memcpy(&w, buf, 4);
		acc = add_carry(acc, w);
		buf += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;
		memcpy(&w, buf, 2);
		acc = add_carry(acc, w);
		buf += 2;
		len -= 2;
	}
	const uint16_t one = 1;
	bool little = *(const uint8_t *)&one == 1;
	if (len) /* the last byte is the high half of a big-endian word */
		acc = add_carry(acc, little ? buf[0] : (uint64_t)buf[0] << 8);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	uint32_t folded = (uint32_t)acc;
	if (little)
		folded = (folded >> 8 | folded << 8) & 0xffffu;
	uint64_t total = (uint64_t)sum + folded;
	return (uint32_t)((total & 0xffffffffu) + (total >> 32));
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

uint16_t synack_checksum(const void *data, size_t len)
{
	return csum_fold(csum_add(0, data, len));
}
