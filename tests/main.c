/* The test runner: every group in one cmocka suite, so CI reads one
 * summary line.  `build/tests NAME` runs the tests whose name matches
 * NAME (cmocka's filter: * and ? wildcards). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"

int main(int argc, char **argv)
{
	size_t total = 0;
#define COUNT(name) total += name##_tests_count;
	TEST_GROUPS(COUNT)
#undef COUNT
	struct CMUnitTest *all = calloc(total, sizeof *all);
	if (!all)
		return 1;
	size_t n = 0;
#define ADD(name)                                                   \
	memcpy(all + n, name##_tests, name##_tests_count * sizeof *all); \
	n += name##_tests_count;
	TEST_GROUPS(ADD)
#undef ADD
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
