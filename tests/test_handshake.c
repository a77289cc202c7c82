/* L1-L3: the three-way handshake, segment by segment, both roles. */
#include <string.h>

#include "groups.h"
#include "peer.h"

static void L1_L3_passive_open_exact_segments(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 1000000, 5000);
	peer_listen(p, 16);
	FEED(p, 0, .flags = SYN, .seq = 0, .win = 64240, .mss = 1460, .sackok = true, .ts = true,
	     .tsval = 100, .wscale = WS(7));
	/* The SYN,ACK answers each option the client offered, in Linux's
	 * layout; the window in a SYN is never scaled (RFC 7323 2.2). */
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = 65535,
	       .opts = "mss,sackOK,TS,nop,wscale", .mss = 1460, .wscale = WS(3));
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_RECEIVED);
	FEED(p, 10 * MS, .flags = ACK, .seq = 1, .ack = 1, .ts = true, .tsval = 110,
	     .tsecr = 0);
	EXPECT_NONE(p);
	char path[128];
	assert_string_equal(peer_state_path(p, 0, path, sizeof path), "SYN-RECEIVED ESTABLISHED");
	synack_endpoint peer;
	int fd = synack_accept(p->s, p->listen_fd, &peer);
	assert_true(fd >= 0);
	assert_int_equal(peer.port, 40000);
	synack_info info;
	assert_int_equal(synack_get_info(p->s, fd, &info), SYNACK_OK);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	assert_true(info.sack_ok && info.ts_ok && info.wscale_ok);
	assert_int_equal(info.snd_wscale, 7);
	assert_int_equal(info.snd_mss, 1460);
	assert_int_equal(info.irs, 5000);
	assert_int_equal(info.iss, 1000000);
	synack_abort(p->s, fd);
	peer_free(p, 0);
}

static void L1_L3_active_open_exact_segments(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 7777, 90000);
	int fd = peer_connect(p);
	EXPECT(p, 0, .flags = SYN, .seq = 0, .win = 65535, .opts = "mss,sackOK,TS,nop,wscale",
	       .mss = 1460, .wscale = WS(3));
	assert_int_equal(peer_state(p, 0), SYNACK_SYN_SENT);
	assert_int_equal(synack_poll(p->s, fd) & SYNACK_POLLOUT, 0);
	FEED(p, 30 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .win = 29200, .mss = 1400,
	     .sackok = true, .wscale = WS(2));
	/* L1: relative numbers 0, then 0 / ack 1, then 1 / ack 1. */
	EXPECT(p, 30 * MS, .flags = ACK, .seq = 1, .ack = 1, .opts = "");
	assert_int_equal(peer_state(p, 0), SYNACK_ESTABLISHED);
	assert_true(synack_poll(p->s, fd) & SYNACK_POLLOUT);
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.snd_mss, 1400);
	assert_false(info.ts_ok); /* L3: the server did not answer TS */
	assert_true(info.sack_ok);
	assert_int_equal(info.snd_wnd, 29200); /* unscaled in a SYN,ACK */
	assert_int_equal(info.srtt_ns, 30 * MS);
	synack_abort(p->s, fd);
	EXPECT(p, 30 * MS, .flags = RST | ACK, .seq = 1, .ack = 1);
	peer_free(p, 0);
}

/* syn_plain_after (FreeBSD's rexmit_drop_options): from the third SYN
 * retransmission on, the SYN offers MSS only, and options the SYN,ACK
 * carries anyway are not used. */
static void L7_syn_retransmissions_drop_options_after_three(void **state)
{
	(void)state;
	synack_settings cfg;
	synack_settings_default(&cfg);
	cfg.syn_plain_after = 3;
	struct peer *p = peer_new(&cfg, 7777, 90000);
	int fd = peer_connect(p);
	const uint64_t at[] = {0, 1, 3};
	for (unsigned i = 0; i < 3; i++)
		EXPECT(p, at[i] * SEC, .flags = SYN, .seq = 0, .opts = "mss,sackOK,TS,nop,wscale");
	EXPECT(p, 7 * SEC, .flags = SYN, .seq = 0, .opts = "mss", .mss = 1460);
	EXPECT(p, 15 * SEC, .flags = SYN, .seq = 0, .opts = "mss");
	FEED(p, 15 * SEC + 30 * MS, .flags = SYN | ACK, .seq = 0, .ack = 1, .mss = 1400,
	     .sackok = true, .wscale = WS(2), .ts = true, .tsval = 5);
	EXPECT(p, 15 * SEC + 30 * MS, .flags = ACK, .seq = 1, .ack = 1, .opts = "");
	synack_info info;
	synack_get_info(p->s, fd, &info);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	assert_false(info.sack_ok || info.ts_ok || info.wscale_ok);
	assert_int_equal(info.snd_mss, 1400);
	synack_abort(p->s, fd);
	EXPECT(p, 15 * SEC + 30 * MS, .flags = RST | ACK, .seq = 1, .ack = 1);
	peer_free(p, 0);
}

GROUP(handshake,
      cmocka_unit_test(L1_L3_passive_open_exact_segments),
      cmocka_unit_test(L1_L3_active_open_exact_segments),
      cmocka_unit_test(L7_syn_retransmissions_drop_options_after_three))
