/* The tests' random bytes: a seeded LCG, so every run is the same. */
#ifndef SYNACK_TEST_RNG_H
#define SYNACK_TEST_RNG_H

#include <stddef.h>
#include <stdint.h>

static inline void test_rng_fill(uint64_t *state, void *buf, size_t len)
{
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++) {
		*state = *state * 6364136223846793005ull + 1442695040888963407ull;
		b[i] = (uint8_t)(*state >> 56);
	}
}

#endif
