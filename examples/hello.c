/* The README's example: two stacks on the simulated network. */
#include <stdio.h>

#include "synack.h"
#include "synack_sim.h"

int main(void)
{
	synack_sim *sim = synack_sim_new(42);                  /* seeded: same run every time */
	synack_addr a = synack_ipv4(10, 0, 0, 1), b = synack_ipv4(10, 0, 0, 2);
	int cn = synack_sim_add_node(sim, NULL, &a, NULL);
	int sn = synack_sim_add_node(sim, NULL, &b, NULL);
	synack_sim_impair wan = {.delay_ns = 10000000, .loss = 0.05}; /* 10 ms, 5% loss */
	synack_sim_link(sim, cn, sn, &wan, &wan);
	synack_stack *client = synack_sim_stack(sim, cn), *server = synack_sim_stack(sim, sn);

	synack_endpoint ep = {.addr = b, .port = 80};
	int l = synack_socket(server);
	synack_bind(server, l, &ep);
	synack_listen(server, l, 16);
	int c = synack_socket(client);
	synack_connect(client, c, &ep);                        /* SYNACK_EINPROGRESS */
	synack_sim_run_until(sim, 5000000000ull);               /* 5 virtual seconds */

	int s = synack_accept(server, l, NULL);
	synack_send(client, c, "hello", 5, 0);
	synack_sim_run_until(sim, 10000000000ull);
	char buf[16];
	long n = synack_recv(server, s, buf, sizeof buf, 0);
	printf("server read %ld bytes: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	synack_sim_free(sim);
	return n == 5 ? 0 : 1;
}
