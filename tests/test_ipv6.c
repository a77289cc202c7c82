/* IPv6 (RFC 8200): the header, its extension headers, and a whole
 * conversation between two IPv6 stacks. */
#include <string.h>

#include "groups.h"
#include "net.h"
#include "ip/icmp.h"
#include "wire/checksum.h"
#include "wire/ipv6.h"
#include "wire/tcp.h"

static void ipv6_parse_walks_extension_headers(void **state)
{
	(void)state;
	uint8_t pkt[40 + 8 + 16 + 20] = {0};
	synack_addr a, b;
	synack_addr_parse("fd00::1", &a);
	synack_addr_parse("fd00::2", &b);
	ipv6_build(pkt, &a, &b, 0 /* hop-by-hop first */, 64, 0, 8 + 16 + 20);
	pkt[40] = 60; /* hop-by-hop (8 bytes) -> destination options */
	pkt[41] = 0;
	pkt[48] = 6; /* destination options (16 bytes) -> TCP */
	pkt[49] = 1;
	struct ipv6_packet ip;
	assert_int_equal(ipv6_parse(pkt, sizeof pkt, &ip), IPV6_OK);
	assert_int_equal(ip.proto, 6);
	assert_int_equal(ip.payload_len, 20);
	assert_ptr_equal(ip.payload, pkt + 64);
	assert_true(synack_addr_equal(&ip.src, &a));
	/* an extension header running past the payload */
	pkt[49] = 9;
	assert_int_equal(ipv6_parse(pkt, sizeof pkt, &ip), IPV6_ERR_EXTENSION);
	/* a fragment header */
	pkt[40] = 44;
	assert_int_equal(ipv6_parse(pkt, sizeof pkt, &ip), IPV6_ERR_FRAGMENT);
	/* the payload length beyond the buffer, and short buffers */
	assert_int_equal(ipv6_parse(pkt, sizeof pkt - 1, &ip), IPV6_ERR_PAYLOAD_LEN);
	assert_int_equal(ipv6_parse(pkt, 39, &ip), IPV6_ERR_SHORT);
	pkt[0] = 0x40;
	assert_int_equal(ipv6_parse(pkt, sizeof pkt, &ip), IPV6_ERR_VERSION);
}

/* The TCP checksum covers the IPv6 pseudo header (RFC 8200 8.1). */
static void ipv6_tcp_checksum_pseudo_header(void **state)
{
	(void)state;
	synack_addr a, b;
	synack_addr_parse("2001:db8::1", &a);
	synack_addr_parse("2001:db8::2", &b);
	uint8_t seg[20] = {0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff};
	tcp_checksum_set(seg, sizeof seg, &a, &b);
	assert_true(tcp_checksum_ok(seg, sizeof seg, &a, &b));
	/* the same segment between other addresses no longer checks */
	synack_addr other;
	synack_addr_parse("2001:db8::3", &other);
	assert_false(tcp_checksum_ok(seg, sizeof seg, &a, &other));
	/* computed by hand: pseudo header sum + segment sum */
	uint32_t sum = csum_add(0, a.bytes, 16);
	sum = csum_add(sum, b.bytes, 16);
	sum += 20 + 6;
	seg[16] = seg[17] = 0;
	uint16_t want = csum_fold(csum_add(sum, seg, sizeof seg));
	tcp_checksum_set(seg, sizeof seg, &a, &b);
	assert_int_equal((seg[16] << 8) | seg[17], want);
}

static void ipv6_conversation_between_two_stacks(void **state)
{
	(void)state;
	synack_sim *sim = synack_sim_new(9);
	synack_addr ca, sa;
	synack_addr_parse("fd00::1", &ca);
	synack_addr_parse("fd00::2", &sa);
	int cn = synack_sim_add_node(sim, NULL, &ca, NULL);
	int sn = synack_sim_add_node(sim, NULL, &sa, NULL);
	const synack_sim_impair imp = {.delay_ns = 5 * MS, .loss = 0.02};
	synack_sim_link(sim, cn, sn, &imp, &imp);
	synack_stack *cs = synack_sim_stack(sim, cn), *ss = synack_sim_stack(sim, sn);
	synack_endpoint ep = {.addr = sa, .port = 443};
	int l = synack_socket(ss);
	assert_int_equal(synack_bind(ss, l, &ep), SYNACK_OK);
	assert_int_equal(synack_listen(ss, l, 4), SYNACK_OK);
	int c = synack_socket(cs);
	assert_int_equal(synack_connect(cs, c, &ep), SYNACK_EINPROGRESS);
	synack_sim_run_until(sim, 5 * SEC);
	synack_endpoint peer;
	int s = synack_accept(ss, l, &peer);
	assert_true(s >= 0);
	assert_true(synack_addr_equal(&peer.addr, &ca));
	synack_info info;
	synack_get_info(cs, c, &info);
	assert_int_equal(info.state, SYNACK_ESTABLISHED);
	assert_int_equal(info.snd_mss, 1440); /* 1500 - 40 (IPv6) - 20 (TCP) */
	static char big[200000], got[200000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	size_t sent = 0, rcvd = 0;
	while (rcvd < sizeof big && synack_sim_now(sim) < 300 * SEC) {
		long k;
		if (sent < sizeof big && (k = synack_send(cs, c, big + sent, sizeof big - sent, 0)) > 0)
			sent += (size_t)k;
		while ((k = synack_recv(ss, s, got + rcvd, sizeof got - rcvd, 0)) > 0)
			rcvd += (size_t)k;
		synack_sim_step(sim);
	}
	assert_int_equal(rcvd, sizeof big);
	assert_memory_equal(got, big, sizeof big);
	synack_close(cs, c);
	synack_close(ss, s);
	synack_close(ss, l);
	synack_sim_run_until(sim, synack_sim_now(sim) + 200 * SEC);
	synack_stats st;
	synack_get_stats(cs, &st);
	assert_int_equal(st.conns_live, 0);
	synack_get_stats(ss, &st);
	assert_int_equal(st.conns_live, 0);
	synack_sim_free(sim);
}

/* ICMPv6 Packet Too Big (RFC 4443 3.2) about one of our segments: the
 * checksum covers the pseudo header; the MTU and the quoted endpoints
 * and sequence number come out. */
static void ipv6_icmp_packet_too_big_parsed(void **state)
{
	(void)state;
	synack_addr us, peer, router;
	synack_addr_parse("fd00::1", &us);
	synack_addr_parse("fd00::2", &peer);
	synack_addr_parse("fd00::fe", &router);
	uint8_t m[8 + 40 + 8] = {2, 0, 0, 0, 0, 0, 0x05, 0x00}; /* type 2, MTU 1280 */
	ipv6_build(m + 8, &us, &peer, 6, 64, 0, 20);
	uint8_t *tcp = m + 8 + 40;
	tcp[0] = 0x9c, tcp[1] = 0x40; /* 40000 */
	tcp[2] = 0, tcp[3] = 80;
	tcp[4] = 0xde, tcp[5] = 0xad, tcp[6] = 0xbe, tcp[7] = 0xef;
	uint16_t c = csum_fold(csum_add(csum_pseudo(&router, &us, 58, sizeof m), m, sizeof m));
	m[2] = (uint8_t)(c >> 8), m[3] = (uint8_t)c;
	struct icmp_error e;
	assert_int_equal(icmp_parse(m, sizeof m, true, &router, &us, &e), ICMP_OK);
	assert_int_equal(e.kind, ICMP_TOO_BIG);
	assert_int_equal(e.mtu, 1280);
	assert_true(synack_addr_equal(&e.local.addr, &us));
	assert_true(synack_addr_equal(&e.remote.addr, &peer));
	assert_int_equal(e.local.port, 40000);
	assert_int_equal(e.remote.port, 80);
	assert_int_equal(e.seq, 0xdeadbeef);
	/* the pseudo header is part of the sum: another source fails it */
	assert_int_equal(icmp_parse(m, sizeof m, true, &peer, &us, &e), ICMP_ERR_CHECKSUM);
	/* port unreachable is a refusal; an echo request is nothing to TCP */
	m[0] = 1, m[1] = 4, m[2] = m[3] = 0;
	c = csum_fold(csum_add(csum_pseudo(&router, &us, 58, sizeof m), m, sizeof m));
	m[2] = (uint8_t)(c >> 8), m[3] = (uint8_t)c;
	assert_int_equal(icmp_parse(m, sizeof m, true, &router, &us, &e), ICMP_OK);
	assert_int_equal(e.kind, ICMP_REFUSED);
	m[0] = 128, m[1] = 0, m[2] = m[3] = 0;
	c = csum_fold(csum_add(csum_pseudo(&router, &us, 58, sizeof m), m, sizeof m));
	m[2] = (uint8_t)(c >> 8), m[3] = (uint8_t)c;
	assert_int_equal(icmp_parse(m, sizeof m, true, &router, &us, &e), ICMP_OK);
	assert_int_equal(e.kind, ICMP_OTHER);
}

GROUP(ipv6,
      cmocka_unit_test(ipv6_parse_walks_extension_headers),
      cmocka_unit_test(ipv6_tcp_checksum_pseudo_header),
      cmocka_unit_test(ipv6_conversation_between_two_stacks),
      cmocka_unit_test(ipv6_icmp_packet_too_big_parsed))
