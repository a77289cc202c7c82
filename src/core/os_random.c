/* The operating system's random source, for stacks that talk to real hosts.
 * Kept out of the engine proper: the engine only calls the random hook. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/random.h>

#include "synack.h"

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
