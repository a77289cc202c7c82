/* SipHash-2-4 (Aumasson & Bernstein, 2012): a keyed hash for ISNs
 * (RFC 6528), SYN cookies and the connection table. */
#ifndef SYNACK_UTIL_SIPHASH_H
#define SYNACK_UTIL_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct siphash_key {
	uint64_t k0, k1;
};

uint64_t siphash24(const struct siphash_key *key, const void *data, size_t len);

#endif
