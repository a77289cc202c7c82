/* What the engine takes from the operating system through its hooks and
 * arguments: random bytes and the monotonic clock (synack_host.h). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#include "synack_host.h"

void synack_os_random(void *user, void *buf, size_t len)
{
	(void)user;
	uint8_t *p = buf;
	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n <= 0)
			abort(); /* no entropy means no safe ISNs: refuse to go on */
		p += n;
		len -= (size_t)n;
	}
}

uint64_t synack_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
