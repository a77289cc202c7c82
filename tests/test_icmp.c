/* ICMP errors about our segments (RFC 792, RFC 1122 4.2.3.9, RFC 5461,
 * RFC 5927, RFC 1191): path MTU, refused connection attempts, soft
 * errors, and what is ignored.  The errors come from a router, 10.0.0.254,
 * quoting the segment of ours the test picks. */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "peer.h"

static synack_info info_of(struct peer *p, int fd)
{
	synack_info i;
	assert_int_equal(synack_get_info(p->s, fd, &i), SYNACK_OK);
	return i;
}

/* An ICMPv4 message of type/code quoting the first 28 bytes of the
 * datagram the stack sent as p->out[which] (its IP header and the start
 * of its TCP header); `extra` goes in bytes 4-7 (the MTU of "fragmentation
 * needed" in 6-7). */
static size_t icmp_about(uint8_t *pkt, struct peer *p, uint32_t which, uint8_t type,
			 uint8_t code, uint32_t extra)
{
	const struct sent *o = &p->out[which];
	size_t icmp_len = 8 + 28;
	memset(pkt, 0, 20 + icmp_len);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)((20 + icmp_len) >> 8), pkt[3] = (uint8_t)(20 + icmp_len);
	pkt[8] = 64, pkt[9] = 1;
	pkt[12] = 10, pkt[13] = 0, pkt[14] = 0, pkt[15] = 254;
	memcpy(pkt + 16, o->pkt + 12, 4); /* to the quoted segment's source: us */
	uint16_t c = peer_checksum(pkt, 20);
	pkt[10] = (uint8_t)(c >> 8), pkt[11] = (uint8_t)c;
	uint8_t *m = pkt + 20;
	m[0] = type, m[1] = code;
	m[4] = (uint8_t)(extra >> 24), m[5] = (uint8_t)(extra >> 16);
	m[6] = (uint8_t)(extra >> 8), m[7] = (uint8_t)extra;
	memcpy(m + 8, o->pkt, 28);
	c = peer_checksum(m, icmp_len);
	m[2] = (uint8_t)(c >> 8), m[3] = (uint8_t)c;
	return 20 + icmp_len;
}

/* Sets the IPv4 header's and the ICMP message's checksums again after a
 * test changed the datagram (len: all of it). */
static void fix_checksums(uint8_t *pkt, size_t len)
{
	pkt[10] = pkt[11] = 0;
	uint16_t c = peer_checksum(pkt, 20);
	pkt[10] = (uint8_t)(c >> 8), pkt[11] = (uint8_t)c;
	pkt[22] = pkt[23] = 0;
	c = peer_checksum(pkt + 20, len - 20);
	pkt[22] = (uint8_t)(c >> 8), pkt[23] = (uint8_t)c;
}

/* A connect in SYN-SENT; *syn is the index of its SYN in p->out. */
static struct peer *connecting(const synack_settings *cfg, int *fd, uint32_t *syn)
{
	struct peer *p = peer_new(cfg, 1000, 5000);
	*fd = peer_connect(p);
	*syn = p->out_next;
	EXPECT(p, 0, .flags = SYN, .seq = 0);
	return p;
}

static void finish(struct peer *p, int fd)
{
	synack_abort(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

static int feed_raw(struct peer *p, uint64_t t, const uint8_t *pkt, size_t len)
{
	peer_advance(p, t);
	return synack_input(p->s, t, pkt, len);
}

static int open_conn(struct peer *p)
{
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .mss = 1460);
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	assert_true(fd >= 0);
	return fd;
}

/* RFC 1191: "fragmentation needed" with the next hop's MTU 1000 for our
 * first 1460-byte segment: the MSS falls to 960, and everything in flight
 * goes again at once in the new size, as a loss the network did not
 * cause (no backoff, no congestion response). */
static void icmp_fragmentation_needed_lowers_the_mss_and_resends(void **state)
{
	(void)state;
	static char data[2920];
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p);
	peer_advance(p, 100 * MS);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 2920);
	uint32_t first = p->out_next;
	EXPECT(p, 100 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 1460);
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1461, .ack = 1, .len = 1460);
	uint8_t pkt[128];
	uint32_t cwnd = info_of(p, fd).cwnd;
	feed_raw(p, 105 * MS, pkt, icmp_about(pkt, p, first, 3, 4, 1000));
	EXPECT(p, 105 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 960);
	EXPECT(p, 105 * MS, .flags = ACK, .seq = 961, .ack = 1, .len = 960);
	EXPECT(p, 105 * MS, .flags = ACK, .seq = 1921, .ack = 1, .len = 960);
	EXPECT(p, 105 * MS, .flags = PSH | ACK, .seq = 2881, .ack = 1, .len = 40);
	EXPECT_NONE(p);
	synack_info i = info_of(p, fd);
	assert_int_equal(i.snd_mss, 960);
	assert_int_equal(i.cwnd, cwnd);
	assert_int_equal(i.backoff, 0);
	assert_int_equal(peer_stat(p, "tcp_pmtu_updates"), 1);
	/* a smaller MTU than IPv4 can be made to carry is taken as 576 */
	feed_raw(p, 106 * MS, pkt, icmp_about(pkt, p, first, 3, 4, 100));
	assert_int_equal(info_of(p, fd).snd_mss, 536);
	finish(p, fd);
}

/* RFC 5927 4.1: an error quoting a sequence number not in flight (data
 * acknowledged already, or never sent) is forged or stale: ignored. */
static void icmp_quoting_no_data_in_flight_is_ignored(void **state)
{
	(void)state;
	static char data[1000];
	struct peer *p = peer_new(NULL, 1000, 5000);
	int fd = open_conn(p);
	peer_advance(p, 100 * MS);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 1000);
	uint32_t first = p->out_next;
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 1000);
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1001);
	uint8_t pkt[128];
	feed_raw(p, 120 * MS, pkt, icmp_about(pkt, p, first, 3, 4, 1000));
	assert_int_equal(peer_stat(p, "tcp_icmp_out_of_window"), 1);
	assert_int_equal(info_of(p, fd).snd_mss, 1460);
	EXPECT_NONE(p);
	/* nor is one for a connection we do not have */
	size_t n = icmp_about(pkt, p, first, 3, 4, 1000);
	pkt[20 + 8 + 20] ^= 0x55; /* the quoted source port */
	fix_checksums(pkt, n);
	feed_raw(p, 130 * MS, pkt, n);
	assert_int_equal(peer_stat(p, "tcp_icmp_no_conn"), 1);
	assert_int_equal(peer_stat(p, "tcp_icmp_errors"), 0);
	finish(p, fd);
}

/* A port unreachable for our SYN ends the attempt: ECONNREFUSED, as a
 * RST would (Linux; RFC 1122 4.2.3.9 calls it a hard error). */
static void icmp_port_unreachable_refuses_a_connect(void **state)
{
	(void)state;
	int fd;
	uint32_t syn;
	struct peer *p = connecting(NULL, &fd, &syn);
	uint8_t pkt[128];
	feed_raw(p, 10 * MS, pkt, icmp_about(pkt, p, syn, 3, 3, 0));
	assert_int_equal(peer_state(p, 0), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ECONNREFUSED);
	EXPECT_NONE(p);
	synack_close(p->s, fd);
	peer_free(p, 0);
}

/* A host unreachable is soft (RFC 1122 4.2.3.9, RFC 5461): the SYN goes
 * on being retransmitted, and only when the attempt times out does the
 * application learn EHOSTUNREACH rather than ETIMEDOUT. */
static void icmp_host_unreachable_is_soft(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.syn_retries = 1;
	int fd;
	uint32_t syn;
	struct peer *p = connecting(&cfg, &fd, &syn);
	uint8_t pkt[128];
	feed_raw(p, 10 * MS, pkt, icmp_about(pkt, p, syn, 3, 1, 0));
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_SENT);
	EXPECT(p, 1 * SEC, .flags = SYN, .seq = 0);
	peer_advance(p, 3 * SEC);
	assert_int_equal(peer_state(p, 0), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_EHOSTUNREACH);
	synack_close(p->s, fd);
	peer_free(p, 0);
}

/* Damaged or unrelated ICMP is counted and dropped. */
static void icmp_bad_or_unrelated_messages_are_counted(void **state)
{
	(void)state;
	int fd;
	uint32_t syn;
	struct peer *p = connecting(NULL, &fd, &syn);
	uint8_t pkt[128];
	size_t n = icmp_about(pkt, p, syn, 3, 3, 0);
	pkt[20 + 3] ^= 1; /* the ICMP checksum */
	assert_int_equal(feed_raw(p, 10 * MS, pkt, n), SYNACK_EINVAL);
	/* an echo request */
	assert_int_equal(feed_raw(p, 11 * MS, pkt, icmp_about(pkt, p, syn, 8, 0, 0)), SYNACK_EINVAL);
	assert_int_equal(peer_stat(p, "icmp_in"), 2);
	assert_int_equal(peer_stat(p, "icmp_bad"), 1);
	assert_int_equal(peer_stat(p, "icmp_ignored"), 1);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_SENT);
	finish(p, fd);
}

/* An error quoting nothing (8 bytes of ICMP header only) is read within
 * its bounds and ignored (found by an independent review: the quoted
 * header's length was read before its size was checked). */
static void icmp_error_quoting_nothing_is_ignored(void **state)
{
	(void)state;
	int fd;
	uint32_t syn;
	struct peer *p = connecting(NULL, &fd, &syn);
	uint8_t full[128];
	icmp_about(full, p, syn, 3, 3, 0);
	/* the same message cut after its 8-byte header, in a buffer of
	 * exactly that size so that ASan sees any read beyond it */
	uint8_t *pkt = malloc(28); /* not test_malloc: its guard bytes would hide a read past the end */
	memcpy(pkt, full, 28);
	pkt[2] = 0, pkt[3] = 28;
	fix_checksums(pkt, 28);
	assert_int_equal(feed_raw(p, 10 * MS, pkt, 28), SYNACK_EINVAL);
	free(pkt);
	assert_int_equal(peer_stat(p, "icmp_ignored"), 1);
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_SENT);
	finish(p, fd);
}

/* "Too big" in the middle of a SACK recovery: the recovery ends (its
 * pipe counts segments dropped for their size) and what is in flight
 * goes again in the new size at once (found by an independent review:
 * nothing went until the RTO). */
static void icmp_too_big_during_recovery_resends_at_once(void **state)
{
	(void)state;
	static char data[8 * 1460];
	struct peer *p = peer_new(NULL, 1000, 5000);
	peer_listen(p, 4);
	FEED(p, 0, .flags = SYN, .seq = 0, .mss = 1460, .sackok = true);
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1);
	int fd = synack_accept(p->s, p->listen_fd, NULL);
	peer_advance(p, 100 * MS);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), (long)sizeof data);
	uint32_t first = p->out_next;
	p->out_next = p->out_len;
	/* segments 2-4 arrive: recovery, segment 1 resent */
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 1, .nsack = 1, .sack = {{1461, 5841}});
	assert_int_equal(info_of(p, fd).fast_retransmits, 1);
	p->out_next = p->out_len;
	uint8_t pkt[128];
	feed_raw(p, 115 * MS, pkt, icmp_about(pkt, p, first, 3, 4, 1000));
	assert_int_equal(info_of(p, fd).snd_mss, 960);
	/* the first segment again, now in 960-byte pieces */
	EXPECT(p, 115 * MS, .flags = ACK, .seq = 1, .ack = 1, .len = 960);
	EXPECT(p, 115 * MS, .flags = ACK, .seq = 961, .ack = 1, .len = 500);
	finish(p, fd);
}

/* A soft error is forgotten once an ACK shows the path works: a timeout
 * much later reports ETIMEDOUT, not a stale EHOSTUNREACH. */
static void icmp_soft_error_forgotten_after_an_ack(void **state)
{
	(void)state;
	static char data[100];
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.data_retries = 1;
	struct peer *p = peer_new(&cfg, 1000, 5000);
	int fd = open_conn(p);
	peer_advance(p, 100 * MS);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 100);
	uint32_t first = p->out_next;
	EXPECT(p, 100 * MS, .flags = PSH | ACK, .seq = 1, .ack = 1, .len = 100);
	uint8_t pkt[128];
	feed_raw(p, 105 * MS, pkt, icmp_about(pkt, p, first, 3, 1, 0));
	FEED(p, 110 * MS, .flags = ACK, .seq = 1, .ack = 101);
	peer_advance(p, 200 * MS);
	assert_int_equal(synack_send(p->s, fd, data, sizeof data, 0), 100);
	peer_advance(p, 10 * SEC);
	assert_int_equal(peer_state(p, 0), SYNACK_CLOSED);
	assert_int_equal(synack_get_error(p->s, fd), SYNACK_ETIMEDOUT);
	synack_close(p->s, fd);
	p->out_next = p->out_len;
	peer_free(p, 0);
}

GROUP(icmp,
      cmocka_unit_test(icmp_fragmentation_needed_lowers_the_mss_and_resends),
      cmocka_unit_test(icmp_quoting_no_data_in_flight_is_ignored),
      cmocka_unit_test(icmp_port_unreachable_refuses_a_connect),
      cmocka_unit_test(icmp_host_unreachable_is_soft),
      cmocka_unit_test(icmp_bad_or_unrelated_messages_are_counted),
      cmocka_unit_test(icmp_error_quoting_nothing_is_ignored),
      cmocka_unit_test(icmp_too_big_during_recovery_resends_at_once),
      cmocka_unit_test(icmp_soft_error_forgotten_after_an_ack))
