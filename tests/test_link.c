/* Links (synack_link.h): two stacks attached to the two ends of an
 * in-memory wire through the impairment and pcap decorators, driven by
 * a loop of our own, as a program with its own I/O would drive them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "groups.h"
#include "rng.h"
#include "synack_link.h"

#define MS 1000000ull
#define SEC 1000000000ull

/* One end of a wire: what is sent at one end arrives at the other at
 * once. */
struct wire_end {
	synack_link link;
	struct wire_end *other;
	unsigned sent;
};

static void wire_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id)
{
	struct wire_end *w = (struct wire_end *)l;
	(void)id;
	w->sent++;
	synack_link_deliver(&w->other->link, now, pkt, len, 0);
}

static void wire_free(synack_link *l) { (void)l; }

static const synack_link_ops wire_ops = {.send = wire_send, .free = wire_free};

struct fates {
	unsigned sent_down, delivered_up, processed_up, lost, dropped;
};

static void count_fates(void *user, const synack_link_event *e)
{
	struct fates *f = user;
	if (e->fate == SYNACK_SIM_SENT && !e->up)
		f->sent_down++;
	if (e->fate == SYNACK_SIM_DELIVERED && e->up)
		f->delivered_up++;
	if (e->fate == SYNACK_SIM_PROCESSED) {
		assert_true(e->up);
		f->processed_up++;
	}
	f->lost += e->fate == SYNACK_SIM_LOST;
	f->dropped += e->fate == SYNACK_SIM_DROPPED;
}

static void seeded_random(void *user, void *buf, size_t len)
{
	test_rng_fill(user, buf, len);
}

/* Runs both stacks and both chains to time `until`, event by event. */
static void run(synack_stack *st[2], synack_link *top[2], uint64_t *now, uint64_t until)
{
	for (int guard = 0; guard < 1000000; guard++) {
		uint64_t t = UINT64_MAX;
		for (int i = 0; i < 2; i++) {
			uint64_t a = synack_next_deadline(st[i]), b = synack_link_next_deadline(top[i]);
			t = a < t ? a : t;
			t = b < t ? b : t;
		}
		if (t > until)
			break;
		*now = t > *now ? t : *now;
		for (int i = 0; i < 2; i++) {
			synack_advance(st[i], *now);
			assert_true(synack_link_poll(top[i], *now) >= 0);
		}
	}
	*now = until;
	for (int i = 0; i < 2; i++) {
		synack_advance(st[i], until);
		synack_link_poll(top[i], until);
	}
}

static void link_impairments_and_pcap_between_two_stacks(void **state)
{
	(void)state;
	struct wire_end ends[2] = {{.link.ops = &wire_ops}, {.link.ops = &wire_ops}};
	ends[0].other = &ends[1];
	ends[1].other = &ends[0];
	char path[] = "/tmp/synack-link-XXXXXX";
	int tmp = mkstemp(path);
	assert_true(tmp >= 0);
	close(tmp);
	int err;
	synack_pcap *pcap = synack_pcap_open(path, &err);
	assert_non_null(pcap);

	/* client: stack <-> pcap <-> impairments (5 % loss each way, 10 ms
	 * delay, the first segment down dropped) <-> wire; server: stack
	 * <-> wire */
	synack_sim_impair lossy = {.loss = 0.05, .delay_ns = 10 * MS};
	synack_link *imp = synack_link_impair_new(&ends[0].link, &lossy, &lossy, 9, &err);
	assert_non_null(imp);
	assert_int_equal(synack_link_impair_drop_nth(imp, false, 1), SYNACK_OK);
	struct fates f = {0};
	synack_link_impair_set_tap(imp, count_fates, &f);
	synack_link *top[2] = {synack_link_pcap_new(imp, pcap, &err), &ends[1].link};
	assert_non_null(top[0]);
	assert_int_equal(synack_link_fd(top[0]), -1);

	uint64_t seeds[2] = {1, 2};
	synack_addr addr[2] = {synack_ipv4(10, 0, 0, 1), synack_ipv4(10, 0, 0, 2)};
	synack_stack *st[2];
	for (int i = 0; i < 2; i++) {
		synack_hooks h = {.user = &seeds[i], .random = seeded_random};
		st[i] = synack_stack_new(NULL, &h, NULL);
		assert_non_null(st[i]);
		assert_int_equal(synack_add_address(st[i], &addr[i]), SYNACK_OK);
		synack_link_attach(top[i], st[i]);
	}
	synack_endpoint ep = {addr[1], 80};
	int l = synack_socket(st[1]);
	assert_int_equal(synack_bind(st[1], l, &ep), SYNACK_OK);
	assert_int_equal(synack_listen(st[1], l, 4), SYNACK_OK);
	int c = synack_socket(st[0]);
	assert_int_equal(synack_connect(st[0], c, &ep), SYNACK_EINPROGRESS);
	uint64_t now = 0;
	/* the SYN was dropped by script: the connection waits for the 1 s RTO */
	run(st, top, &now, 900 * MS);
	assert_int_equal(synack_poll(st[0], c) & SYNACK_POLLOUT, 0);
	assert_int_equal(f.dropped, 1);
	run(st, top, &now, 3 * SEC);
	assert_true(synack_poll(st[0], c) & SYNACK_POLLOUT);
	int s = synack_accept(st[1], l, NULL);
	assert_true(s >= 0);

	/* 200 KB through the losses arrive whole */
	enum { TOTAL = 200000 };
	static uint8_t data[TOTAL], got[TOTAL];
	for (size_t i = 0; i < TOTAL; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 8));
	size_t put = 0, have = 0;
	for (int turn = 0; turn < 20000 && have < TOTAL; turn++) {
		if (put < TOTAL) {
			long n = synack_send(st[0], c, data + put, TOTAL - put, 0);
			if (n > 0)
				put += (size_t)n;
		}
		run(st, top, &now, now + 5 * MS);
		long n;
		while ((n = synack_recv(st[1], s, got + have, TOTAL - have, 0)) > 0)
			have += (size_t)n;
	}
	assert_int_equal(have, TOTAL);
	assert_memory_equal(got, data, TOTAL);

	/* what the impairments did, as their tap and their counters say */
	synack_sim_link_stats down, up;
	synack_link_impair_stats(imp, &down, &up);
	assert_true(f.lost > 0);
	assert_int_equal(f.lost, down.lost + up.lost);
	assert_int_equal(f.dropped, down.dropped + up.dropped);
	assert_int_equal(f.sent_down, down.sent);
	assert_int_equal(f.delivered_up, up.delivered);
	assert_int_equal(f.processed_up, f.delivered_up);
	assert_int_equal(ends[0].sent, down.delivered);

	synack_stack_free(st[0]);
	synack_stack_free(st[1]);
	synack_link_free(top[0]); /* the chain: pcap tap, impairments; the wire is ours */
	assert_int_equal(synack_pcap_close(pcap), SYNACK_OK);

	/* the capture holds what the client sent and what reached it */
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	uint8_t hdr[24], rec[16];
	assert_int_equal(fread(hdr, 1, sizeof hdr, fp), sizeof hdr);
	unsigned records = 0;
	while (fread(rec, 1, sizeof rec, fp) == sizeof rec) {
		uint32_t caplen;
		memcpy(&caplen, rec + 8, 4);
		assert_int_equal(fseek(fp, caplen, SEEK_CUR), 0);
		records++;
	}
	fclose(fp);
	unlink(path);
	assert_int_equal(records, f.sent_down + f.delivered_up);
}

GROUP(link, cmocka_unit_test(link_impairments_and_pcap_between_two_stacks))
