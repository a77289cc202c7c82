/* The Internet checksum (RFC 1071) and the TCP pseudo-header sum. */
#ifndef SYNACK_WIRE_CHECKSUM_H
#define SYNACK_WIRE_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "synack.h"

/* Adds buf to a running 32-bit one's-complement sum. */
uint32_t csum_add(uint32_t sum, const uint8_t *buf, size_t len);
/* Folds a running sum to 16 bits and complements it. */
uint16_t csum_fold(uint32_t sum);
/* Sum of the TCP/UDP pseudo header (RFC 9293 3.1) for IPv4 or IPv6. */
uint32_t csum_pseudo(const synack_addr *src, const synack_addr *dst,
		     uint8_t proto, uint32_t len);

#endif
