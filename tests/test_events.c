/* Events: the reason list, datagram numbers, causes and triggers, and
 * the simulated network's tap naming the same datagrams by number. */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "rng.h"
#include "synack_sim.h"

#define MS 1000000ull
#define SEC 1000000000ull
#define MAX_EVENTS 256

/* One entry per reason: a stable name, English and Chinese text, all
 * different from each other's, so a program can switch on the id and a
 * person can tell them apart in either language. */
static void events_reason_list_is_complete(void **state)
{
	(void)state;
	assert_string_equal(synack_reason_text(SYNACK_R_NONE), "");
	assert_string_equal(synack_reason_name(SYNACK_R_NONE), "NONE");
	assert_string_equal(synack_reason_text(SYNACK_REASON_COUNT), "?");
	assert_string_equal(synack_reason_text_zh((synack_reason)-1), "?");
	assert_string_equal(synack_reason_name(SYNACK_R_SYN_REXMIT), "SYN_REXMIT");
	assert_string_equal(synack_reason_text(SYNACK_R_SYN_REXMIT), "SYN retransmission");
	assert_string_equal(synack_reason_text_zh(SYNACK_R_SYN_REXMIT), "SYN 重传");
	for (int a = 1; a < SYNACK_REASON_COUNT; a++) {
		const char *en = synack_reason_text((synack_reason)a);
		const char *zh = synack_reason_text_zh((synack_reason)a);
		const char *name = synack_reason_name((synack_reason)a);
		assert_true(en[0] && zh[0] && name[0]);
		for (int b = 1; b < a; b++) {
			if (!strcmp(en, synack_reason_text((synack_reason)b)) ||
			    !strcmp(name, synack_reason_name((synack_reason)b)))
				print_error("reasons %s and %s share a text or a name\n", name,
					    synack_reason_name((synack_reason)b));
			assert_string_not_equal(en, synack_reason_text((synack_reason)b));
			assert_string_not_equal(name, synack_reason_name((synack_reason)b));
		}
	}
}

/* ---------------------------------------------- one stack, by hand */

struct rec {
	synack_stack *s;
	uint64_t rng;
	synack_event ev[MAX_EVENTS];
	unsigned nev;
	uint64_t tx_id[64];
	unsigned ntx;
	int send_on_ready;        /* a descriptor the READY callback writes to, or -1 */
};

static void rec_random(void *user, void *out, size_t len)
{
	struct rec *r = user;
	test_rng_fill(&r->rng, out, len);
}

static void rec_transmit(void *user, const uint8_t *pkt, size_t len, uint64_t id)
{
	struct rec *r = user;
	(void)pkt;
	(void)len;
	assert_true(r->ntx < 64);
	r->tx_id[r->ntx++] = id;
}

static void rec_event(void *user, const synack_event *ev)
{
	struct rec *r = user;
	assert_true(r->nev < MAX_EVENTS);
	r->ev[r->nev] = *ev;
	r->ev[r->nev].seg = NULL; /* valid only during the call */
	r->ev[r->nev].packet = NULL;
	r->nev++;
	if (ev->kind == SYNACK_EV_READY && r->send_on_ready == ev->fd &&
	    (ev->ready & SYNACK_POLLOUT)) {
		r->send_on_ready = -1;
		assert_int_equal(synack_send(r->s, ev->fd, "hello", 5, 0), 5);
	}
}

/* The first event of `kind` (and reason, unless NONE) from index *from
 * on; moves *from past it.  Fails if there is none. */
static const synack_event *find(struct rec *r, unsigned *from, enum synack_event_kind kind,
				synack_reason reason)
{
	for (unsigned i = *from; i < r->nev; i++)
		if (r->ev[i].kind == kind && (reason == SYNACK_R_NONE || r->ev[i].reason == reason)) {
			*from = i + 1;
			return &r->ev[i];
		}
	print_error("no event of kind %d with reason %s from #%u\n", kind,
		    synack_reason_name(reason), *from);
	fail();
	return NULL;
}

static void events_datagram_numbers_causes_and_triggers(void **state)
{
	(void)state;
	struct rec *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->rng = 7;
	r->send_on_ready = -1;
	synack_hooks h = {.user = r, .random = rec_random, .event = rec_event};
	r->s = synack_stack_new(NULL, &h, NULL);
	assert_non_null(r->s);
	synack_set_output(r->s, rec_transmit, r);
	synack_addr me = synack_ipv4(10, 0, 0, 1), peer = synack_ipv4(10, 0, 0, 2);
	assert_int_equal(synack_add_address(r->s, &me), SYNACK_OK);
	assert_int_equal(synack_datagram_count(r->s), 0);

	/* a call sends the SYN: datagram 1, caused by no datagram */
	int fd = synack_socket(r->s);
	synack_endpoint remote = {peer, 80};
	r->send_on_ready = fd;
	assert_int_equal(synack_connect(r->s, fd, &remote), SYNACK_EINPROGRESS);
	unsigned at = 0;
	const synack_event *e = find(r, &at, SYNACK_EV_STATE, SYNACK_R_CALL_CONNECT);
	assert_int_equal(e->trigger, SYNACK_BY_CALL);
	assert_int_equal(e->cause, 0);
	e = find(r, &at, SYNACK_EV_SEGMENT_SENT, SYNACK_R_SYN);
	assert_int_equal(e->datagram, 1);
	assert_int_equal(e->trigger, SYNACK_BY_CALL);
	assert_int_equal(r->ntx, 1);
	assert_int_equal(r->tx_id[0], 1);
	assert_int_equal(synack_datagram_count(r->s), 1);

	/* the SYN,ACK arrives: it is datagram 2, and the cause of what it
	 * does: the state change, the ACK (datagram 3), the readiness; the
	 * READY callback's send is a call of its own (datagram 4) */
	synack_info info;
	assert_int_equal(synack_get_info(r->s, fd, &info), SYNACK_OK);
	synack_endpoint local;
	assert_int_equal(synack_local_endpoint(r->s, fd, &local), SYNACK_OK);
	synack_segment sa = {.src = remote, .dst = local, .seq = 5000, .ack = info.iss + 1,
			     .flags = SYNACK_TH_SYN | SYNACK_TH_ACK, .window = 65535, .mss = 1460,
			     .wscale = -1};
	uint8_t pkt[128];
	size_t len = synack_segment_build(&sa, NULL, pkt, sizeof pkt);
	assert_true(len > 0);
	assert_int_equal(synack_input(r->s, 10 * MS, pkt, len), SYNACK_OK);
	e = find(r, &at, SYNACK_EV_SEGMENT_RECEIVED, SYNACK_R_NONE);
	assert_int_equal(e->datagram, 2);
	assert_int_equal(e->cause, 2);
	assert_int_equal(e->trigger, SYNACK_BY_DATAGRAM);
	e = find(r, &at, SYNACK_EV_STATE, SYNACK_R_RCVD_SYNACK);
	assert_int_equal(e->to, SYNACK_ESTABLISHED);
	assert_int_equal(e->cause, 2);
	assert_int_equal(e->trigger, SYNACK_BY_DATAGRAM);
	e = find(r, &at, SYNACK_EV_READY, SYNACK_R_NONE);
	assert_int_equal(e->cause, 2);
	e = find(r, &at, SYNACK_EV_SEGMENT_SENT, SYNACK_R_DATA);
	assert_int_equal(e->datagram, 3);
	assert_int_equal(e->trigger, SYNACK_BY_CALL); /* sent by the callback's send() */
	assert_int_equal(e->cause, 0);
	assert_int_equal(r->ntx, 2);
	assert_int_equal(r->tx_id[1], 3);
	assert_int_equal(synack_datagram_count(r->s), 3);

	/* nothing answers the data: the retransmission timer resends it */
	synack_advance(r->s, synack_next_deadline(r->s));
	e = find(r, &at, SYNACK_EV_SEGMENT_SENT, SYNACK_R_REXMIT);
	assert_int_equal(e->datagram, 4);
	assert_int_equal(e->trigger, SYNACK_BY_TIMER);
	assert_int_equal(e->cause, 0);

	/* a datagram that is dropped is numbered and says why */
	uint8_t junk[3] = {0x45, 0, 0};
	assert_true(synack_input(r->s, synack_now(r->s), junk, sizeof junk) < 0);
	e = find(r, &at, SYNACK_EV_SEGMENT_DROPPED, SYNACK_R_NONE);
	assert_int_equal(e->datagram, 5);
	assert_int_equal(e->cause, 5);
	assert_int_equal(e->reason, SYNACK_R_IPV4_SHORT);
	synack_stack_free(r->s);
	free(r);
}

/* ----------------------------------------- the simulated network's tap */

struct tapped {
	synack_sim_datagram d[256];
	unsigned n;
	struct { int node; synack_event ev; } ev[512];
	unsigned nev;
};

static void tap_record(void *user, const synack_sim_datagram *d)
{
	struct tapped *t = user;
	if (t->n < 256) {
		t->d[t->n] = *d;
		t->d[t->n].pkt = NULL;
		t->n++;
	}
}

static void observe(void *user, int node, const synack_event *ev)
{
	struct tapped *t = user;
	if (t->nev < 512) {
		t->ev[t->nev].node = node;
		t->ev[t->nev].ev = *ev;
		t->nev++;
	}
}

/* Every datagram the tap reports names the SEGMENT_SENT event of its
 * sender by number, and the events it caused at its receiver name it as
 * their cause: a tool matches them by number, never by call order. */
static void events_sim_tap_names_datagrams_by_number(void **state)
{
	(void)state;
	struct tapped *t = calloc(1, sizeof *t);
	assert_non_null(t);
	synack_sim *sim = synack_sim_new(3);
	synack_addr a = synack_ipv4(10, 0, 0, 1), b = synack_ipv4(10, 0, 0, 2);
	int cn = synack_sim_add_node(sim, NULL, &a, NULL);
	int sn = synack_sim_add_node(sim, NULL, &b, NULL);
	synack_sim_impair wan = {.delay_ns = 5 * MS, .duplicate = 0.3};
	assert_int_equal(synack_sim_link(sim, cn, sn, &wan, &wan), SYNACK_OK);
	synack_sim_set_tap(sim, tap_record, t);
	synack_sim_set_observer(sim, observe, t);
	synack_stack *client = synack_sim_stack(sim, cn), *server = synack_sim_stack(sim, sn);
	synack_endpoint ep = {b, 80};
	int l = synack_socket(server);
	assert_int_equal(synack_bind(server, l, &ep), SYNACK_OK);
	assert_int_equal(synack_listen(server, l, 4), SYNACK_OK);
	int c = synack_socket(client);
	assert_int_equal(synack_connect(client, c, &ep), SYNACK_EINPROGRESS);
	synack_sim_run_until(sim, 1 * SEC);
	assert_int_equal(synack_send(client, c, "ping", 4, 0), 4);
	synack_sim_run_until(sim, 2 * SEC);
	assert_int_equal(synack_close(client, c), SYNACK_OK);
	synack_sim_run_until(sim, 3 * SEC);

	unsigned sent = 0, delivered = 0, duplicates = 0;
	for (unsigned i = 0; i < t->n; i++) {
		const synack_sim_datagram *d = &t->d[i];
		if (d->fate == SYNACK_SIM_SENT) {
			sent++;
			unsigned hits = 0;
			for (unsigned j = 0; j < t->nev; j++)
				hits += t->ev[j].node == d->from &&
					t->ev[j].ev.kind == SYNACK_EV_SEGMENT_SENT &&
					t->ev[j].ev.datagram == d->sender_datagram &&
					t->ev[j].ev.packet_len == d->len;
			assert_int_equal(hits, 1);
		}
		if (d->fate == SYNACK_SIM_PROCESSED) {
			delivered++;
			synack_stack *rx = d->to == cn ? client : server;
			assert_true(d->receiver_datagram >= 1 &&
				    d->receiver_datagram <= synack_datagram_count(rx));
			unsigned seen = 0;
			for (unsigned j = 0; j < t->nev; j++)
				if (t->ev[j].node == d->to && t->ev[j].ev.datagram == d->receiver_datagram &&
				    (t->ev[j].ev.kind == SYNACK_EV_SEGMENT_RECEIVED ||
				     t->ev[j].ev.kind == SYNACK_EV_SEGMENT_DROPPED)) {
					assert_int_equal(t->ev[j].ev.cause, d->receiver_datagram);
					seen++;
				}
			assert_true(seen >= 1);
			for (unsigned j = 0; j < i; j++)
				duplicates += t->d[j].fate == SYNACK_SIM_PROCESSED && t->d[j].id == d->id;
		}
	}
	assert_true(sent >= 7);
	assert_true(delivered >= sent);
	assert_true(duplicates >= 1); /* a copy has the link's id but a number of its own */
	synack_sim_free(sim);
	free(t);
}

GROUP(events, cmocka_unit_test(events_reason_list_is_complete),
      cmocka_unit_test(events_datagram_numbers_causes_and_triggers),
      cmocka_unit_test(events_sim_tap_names_datagrams_by_number))
