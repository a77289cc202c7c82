/* Every test file contributes one group; main.c runs them as one suite. */
#ifndef SYNACK_TEST_GROUPS_H
#define SYNACK_TEST_GROUPS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define TEST_GROUPS(X) \
	X(malformed)   \
	X(wire)        \
	X(handshake)   \
	X(states)      \
	X(close)       \
	X(closefail)   \
	X(open)        \
	X(transfer)    \
	X(ecn)         \
	X(icmp)        \
	X(bulk)        \
	X(util)        \
	X(api)         \
	X(events)      \
	X(link)        \
	X(liveness)    \
	X(shim)        \
	X(ipv6)

#define DECLARE_GROUP(name) \
	extern const struct CMUnitTest name##_tests[]; \
	extern const size_t name##_tests_count;
TEST_GROUPS(DECLARE_GROUP)
#undef DECLARE_GROUP

#define GROUP(name, ...) \
	const struct CMUnitTest name##_tests[] = {__VA_ARGS__}; \
	const size_t name##_tests_count = sizeof name##_tests / sizeof name##_tests[0];

#endif
