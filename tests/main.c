/* The test runner: every group in one cmocka suite, so CI reads one
 * summary line.  `build/tests NAME` runs the tests whose name matches
 * NAME (cmocka's filter: * and ? wildcards). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"

static struct CMUnitTest *all_tests;
static size_t all_count;

/* Coverage of docs/LIFECYCLE.md: every item L1..L20 has at least one
 * test whose name carries its id (L8_..., or L2_L15_... for several). */
static void lifecycle_every_item_has_a_test(void **state)
{
	(void)state;
	for (int item = 1; item <= 20; item++) {
		char id[16];
		snprintf(id, sizeof id, "L%d_", item);
		int n = 0;
		for (size_t i = 0; i < all_count; i++) {
			const char *name = all_tests[i].name;
			for (const char *p = strstr(name, id); p; p = strstr(p + 1, id))
				if (p == name || p[-1] == '_')
					n++;
		}
		if (n == 0)
			print_error("LIFECYCLE item L%d has no test\n", item);
		assert_true(n > 0);
	}
}

int main(int argc, char **argv)
{
	size_t total = 0;
#define COUNT(name) total += name##_tests_count;
	TEST_GROUPS(COUNT)
#undef COUNT
	total += 1; /* the coverage check */
	struct CMUnitTest *all = calloc(total, sizeof *all);
	if (!all)
		return 1;
	size_t n = 0;
#define ADD(name)                                                   \
	memcpy(all + n, name##_tests, name##_tests_count * sizeof *all); \
	n += name##_tests_count;
	TEST_GROUPS(ADD)
#undef ADD
	all[n++] = (struct CMUnitTest)cmocka_unit_test(lifecycle_every_item_has_a_test);
	all_tests = all;
	all_count = n;
	if (argc > 1) {
		if (strcmp(argv[1], "--list") == 0) {
			for (size_t i = 0; i < n; i++)
				printf("%s\n", all[i].name);
			free(all);
			return 0;
		}
		cmocka_set_test_filter(argv[1]);
	}
	int failed = _cmocka_run_group_tests("synack", all, n, NULL, NULL);
	free(all);
	return failed ? 1 : 0;
}
