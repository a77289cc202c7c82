/* Segment parse and build as pure functions: known bytes, and every
 * malformed length byte. */
#include <arpa/inet.h>
#include <string.h>

#include "groups.h"
#include "peer.h"
#include "wire/checksum.h"
#include "wire/ipv4.h"
#include "wire/seq.h"
#include "wire/tcp.h"

static void wire_seq_wraps(void **state)
{
	(void)state;
	seq_t a = seq_of(0xfffffff0u), b = seq_add(a, 0x20);
	assert_int_equal(b.v, 0x10);
	assert_true(seq_lt(a, b));
	assert_true(seq_gt(b, a));
	assert_int_equal(seq_diff(b, a), 0x20);
	assert_true(seq_in(seq_of(2), a, b));
	assert_false(seq_in(b, a, b));
	assert_int_equal(seq_len(a, b), 0x20);
	assert_int_equal(seq_max(a, b).v, b.v);
}

/* A SYN as Linux sends it, bytes from a capture. */
static const uint8_t linux_syn[] = {
	0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
	0x0a, 0x00, 0x00, 0x01, 0x9c, 0x40, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00,
	0xa0, 0x02, 0xfa, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0x00, 0x01, 0xe2, 0x40, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

static void fix_checksums(uint8_t *pkt, size_t len)
{
	pkt[10] = pkt[11] = 0;
	uint16_t c = csum_fold(csum_add(0, pkt, 20));
	pkt[10] = (uint8_t)(c >> 8), pkt[11] = (uint8_t)c;
	synack_addr s = synack_ipv4(pkt[12], pkt[13], pkt[14], pkt[15]);
	synack_addr d = synack_ipv4(pkt[16], pkt[17], pkt[18], pkt[19]);
	tcp_checksum_set(pkt + 20, len - 20, &s, &d);
}

static void wire_parse_linux_syn(void **state)
{
	(void)state;
	uint8_t pkt[sizeof linux_syn];
	memcpy(pkt, linux_syn, sizeof pkt);
	fix_checksums(pkt, sizeof pkt);
	struct ipv4_packet ip;
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_OK);
	assert_int_equal(ip.proto, 6);
	assert_int_equal(ip.payload_len, 40);
	assert_true(tcp_checksum_ok(ip.payload, ip.payload_len, &ip.src, &ip.dst));
	struct tcp_header th;
	assert_int_equal(tcp_parse(ip.payload, ip.payload_len, &th), TCP_OK);
	assert_int_equal(th.sport, 40000);
	assert_int_equal(th.dport, 80);
	assert_int_equal(th.seq, 0x12345678);
	assert_int_equal(th.flags, TH_SYN);
	assert_int_equal(th.window, 64240);
	assert_true(th.opt.has_mss);
	assert_int_equal(th.opt.mss, 1460);
	assert_true(th.opt.sack_permitted);
	assert_true(th.opt.has_ts);
	assert_int_equal(th.opt.tsval, 123456);
	assert_true(th.opt.has_wscale);
	assert_int_equal(th.opt.wscale, 7);
	assert_int_equal(th.payload_len, 0);
}

static void wire_build_matches_linux_layout(void **state)
{
	(void)state;
	struct tcp_header h = {.sport = 40000, .dport = 80, .seq = 0x12345678, .flags = TH_SYN,
			       .window = 64240};
	h.opt = (struct tcp_options){.has_mss = true, .mss = 1460, .sack_permitted = true,
				     .has_ts = true, .tsval = 123456, .has_wscale = true, .wscale = 7};
	uint8_t buf[60];
	size_t n = tcp_header_build(buf, &h, TCP_LAYOUT_LINUX);
	assert_int_equal(n, 40);
	assert_memory_equal(buf, linux_syn + 20, 16); /* checksum differs: built as 0 */
	assert_memory_equal(buf + 18, linux_syn + 38, 22);
}

static void wire_build_sack_blocks_fit(void **state)
{
	(void)state;
	struct tcp_options o = {.has_ts = true, .tsval = 1, .tsecr = 2, .sack_count = 4};
	for (int i = 0; i < 4; i++)
		o.sack[i] = (struct tcp_sack_block){100u * (uint32_t)i, 100u * (uint32_t)i + 50};
	uint8_t buf[40];
	size_t n = tcp_options_build(buf, &o, TCP_LAYOUT_LINUX);
	assert_int_equal(n, 40); /* nop,nop,TS + nop,nop,SACK with 3 blocks */
	struct tcp_options back;
	assert_int_equal(tcp_options_parse(buf, n, &back), TCP_OK);
	assert_int_equal(back.sack_count, 3);
	assert_int_equal(back.sack[2].right, 250);
	o.has_ts = false;
	n = tcp_options_build(buf, &o, TCP_LAYOUT_LINUX);
	assert_int_equal(n, 36);
	assert_int_equal(tcp_options_parse(buf, n, &back), TCP_OK);
	assert_int_equal(back.sack_count, 4);
}

static void wire_malformed_options(void **state)
{
	(void)state;
	struct tcp_options o;
	const uint8_t len0[] = {2, 0, 5, 0xb4};
	const uint8_t len1[] = {8, 1, 0, 0};
	const uint8_t overlong[] = {8, 12, 0, 0, 0, 0, 0, 0, 0, 0};
	const uint8_t truncated[] = {1, 1, 1, 2};
	const uint8_t bad_mss_size[] = {2, 3, 5, 0};
	const uint8_t unknown_ok[] = {30, 4, 1, 2, 1, 0, 0, 0};
	const uint8_t eol_stops[] = {0, 2, 0, 0};
	assert_int_equal(tcp_options_parse(len0, sizeof len0, &o), TCP_ERR_OPTION);
	assert_int_equal(tcp_options_parse(len1, sizeof len1, &o), TCP_ERR_OPTION);
	assert_int_equal(tcp_options_parse(overlong, sizeof overlong, &o), TCP_ERR_OPTION);
	assert_int_equal(tcp_options_parse(truncated, sizeof truncated, &o), TCP_ERR_OPTION);
	assert_int_equal(tcp_options_parse(bad_mss_size, sizeof bad_mss_size, &o), TCP_ERR_OPTION_SIZE);
	assert_int_equal(tcp_options_parse(unknown_ok, sizeof unknown_ok, &o), TCP_OK);
	assert_int_equal(o.unknown_count, 1);
	assert_int_equal(tcp_options_parse(eol_stops, sizeof eol_stops, &o), TCP_OK);
}

static void wire_malformed_headers(void **state)
{
	(void)state;
	uint8_t pkt[sizeof linux_syn];
	memcpy(pkt, linux_syn, sizeof pkt);
	struct tcp_header th;
	struct ipv4_packet ip;
	assert_int_equal(tcp_parse(pkt + 20, 19, &th), TCP_ERR_SHORT);
	pkt[32] = 0x40; /* data offset 4 */
	assert_int_equal(tcp_parse(pkt + 20, 40, &th), TCP_ERR_OFFSET);
	pkt[32] = 0xf0; /* 60 bytes, beyond the segment */
	assert_int_equal(tcp_parse(pkt + 20, 40, &th), TCP_ERR_OFFSET);
	memcpy(pkt, linux_syn, sizeof pkt);
	fix_checksums(pkt, sizeof pkt);
	assert_int_equal(ipv4_parse(pkt, 19, &ip), IPV4_ERR_SHORT);
	pkt[0] = 0x65;
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_ERR_VERSION);
	pkt[0] = 0x44;
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_ERR_HEADER_LEN);
	pkt[0] = 0x4f; /* 60 > 40 bytes given below */
	assert_int_equal(ipv4_parse(pkt, 40, &ip), IPV4_ERR_HEADER_LEN);
	pkt[0] = 0x45;
	pkt[3] = 0x50; /* total length 80 > 60 */
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_ERR_TOTAL_LEN);
	pkt[3] = 0x3c;
	pkt[11] ^= 1;
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_ERR_CHECKSUM);
	pkt[11] ^= 1;
	pkt[6] = 0x20; /* MF */
	fix_checksums(pkt, sizeof pkt);
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_ERR_FRAGMENT);
}

static void wire_ipv4_ignores_link_padding(void **state)
{
	(void)state;
	uint8_t pkt[sizeof linux_syn + 6] = {0};
	memcpy(pkt, linux_syn, sizeof linux_syn);
	fix_checksums(pkt, sizeof linux_syn);
	struct ipv4_packet ip;
	assert_int_equal(ipv4_parse(pkt, sizeof pkt, &ip), IPV4_OK);
	assert_int_equal(ip.payload_len, 40);
}

static void wire_checksum_known_value(void **state)
{
	(void)state;
	/* RFC 1071 example bytes: 00 01 f2 03 f4 f5 f6 f7 sum to ddf2. */
	const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	assert_int_equal(csum_fold(csum_add(0, b, sizeof b)), (uint16_t)~0xddf2);
	/* odd length: the last byte is padded with zero */
	const uint8_t odd[] = {0x01};
	assert_int_equal(csum_fold(csum_add(0, odd, 1)), (uint16_t)~0x0100);
}

/* The word-at-a-time sum against RFC 1071's definition, 16 bits at a
 * time: every length to 80, every alignment, chained after a running
 * sum, on random bytes and on all-0xff. */
static void wire_checksum_matches_the_definition(void **state)
{
	(void)state;
	static uint8_t buf[96];
	uint64_t x = 88172645463325252ull;
	for (int fill = 0; fill < 2; fill++) {
		for (size_t i = 0; i < sizeof buf; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = fill ? 0xff : (uint8_t)x;
		}
		for (size_t off = 0; off < 8; off++)
			for (size_t len = 0; len <= 80; len++) {
				uint32_t start = fill ? 0xfffe : (uint32_t)(x & 0x3ffff);
				uint64_t ref = start;
				for (size_t i = 0; i < len; i += 2)
					ref += (uint32_t)(buf[off + i] << 8 |
							  (i + 1 < len ? buf[off + i + 1] : 0));
				while (ref >> 16)
					ref = (ref & 0xffff) + (ref >> 16);
				uint16_t want = (uint16_t)~ref;
				assert_int_equal(csum_fold(csum_add(start, buf + off, len)), want);
			}
	}
}


/* FreeBSD's layouts, as its packetdrill scripts expect them. */
static void wire_freebsd_layouts(void **state)
{
	(void)state;
	uint8_t b[40];
	struct tcp_options all = {.has_mss = true, .mss = 1460, .has_wscale = true, .wscale = 6,
				  .sack_permitted = true, .has_ts = true, .tsval = 1, .tsecr = 0};
	/* <mss 1460,nop,wscale 6,sackOK,TS val 1 ecr 0> */
	const uint8_t want_all[] = {2, 4, 5, 180, 1, 3, 3, 6, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
	assert_int_equal(tcp_options_build(b, &all, TCP_LAYOUT_FREEBSD), sizeof want_all);
	assert_memory_equal(b, want_all, sizeof want_all);
	/* <mss 1460,sackOK,eol,eol> */
	struct tcp_options ms = {.has_mss = true, .mss = 1460, .sack_permitted = true};
	const uint8_t want_ms[] = {2, 4, 5, 180, 4, 2, 0, 0};
	assert_int_equal(tcp_options_build(b, &ms, TCP_LAYOUT_FREEBSD), sizeof want_ms);
	assert_memory_equal(b, want_ms, sizeof want_ms);
	/* and Linux: <mss 1460,nop,nop,sackOK> */
	const uint8_t want_ms_linux[] = {2, 4, 5, 180, 1, 1, 4, 2};
	assert_int_equal(tcp_options_build(b, &ms, TCP_LAYOUT_LINUX), sizeof want_ms_linux);
	assert_memory_equal(b, want_ms_linux, sizeof want_ms_linux);
	/* <mss 1460,nop,wscale 6,sackOK,eol,eol> */
	struct tcp_options mws = {.has_mss = true, .mss = 1460, .has_wscale = true, .wscale = 6,
				  .sack_permitted = true};
	const uint8_t want_mws[] = {2, 4, 5, 180, 1, 3, 3, 6, 4, 2, 0, 0};
	assert_int_equal(tcp_options_build(b, &mws, TCP_LAYOUT_FREEBSD), sizeof want_mws);
	assert_memory_equal(b, want_mws, sizeof want_mws);
	/* data: <nop,nop,TS> in both */
	struct tcp_options ts = {.has_ts = true, .tsval = 5, .tsecr = 6};
	uint8_t c[40];
	assert_int_equal(tcp_options_build(b, &ts, TCP_LAYOUT_FREEBSD), 12);
	assert_int_equal(tcp_options_build(c, &ts, TCP_LAYOUT_LINUX), 12);
	assert_memory_equal(b, c, 12);
}

/* synack_segment_build() is parse's inverse, and what it builds is taken
 * by a stack as is: a crafted SYN to a listener gets its SYN,ACK. */
/* The engine writes and reads address text itself (no OS networking
 * header in src/): it must agree with the C library's inet_pton and
 * inet_ntop on every form, valid or not. */
static void wire_address_text_matches_inet_pton_and_ntop(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"::", "::1", "1::", "fd00::1", "2001:db8::7", "2001:DB8:0:0:8:800:200C:417A",
		"ff01::101", "0:0:0:0:0:0:0:1", "1:2:3:4:5:6:7:8", "1:0:0:4:0:0:0:8",
		"1:0:0:0:5:0:0:8", "::ffff:10.0.0.1", "::10.0.0.1", "64:ff9b::192.0.2.33",
		"1:2:3:4:5:6:1.2.3.4", "::0:0:1", "0001:02:003::", "a:b::c:d", "1::2:3:4:5:6:7",
		/* invalid */
		"", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:2:3:4:5:6:7",
		":1::", "1::2:", "1.2.3.4", "::1.2.3", "::1.2.3.4.5", "::256.0.0.1", "::01.2.3.4",
		"g::", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.4:5", "fe80::1%eth0", " ::1", "::1 ",
		"1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3::5:6:7:8",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		uint8_t want[16];
		bool valid = inet_pton(AF_INET6, texts[i], want) == 1;
		synack_addr a;
		int rc = synack_addr_parse(texts[i], &a);
		if (!strchr(texts[i], ':'))
			continue; /* parsed as IPv4 below */
		if (valid != (rc == SYNACK_OK))
			print_error("'%s': inet_pton %s, synack %s\n", texts[i], valid ? "valid" : "invalid",
				    rc == SYNACK_OK ? "valid" : "invalid");
		assert_int_equal(valid, rc == SYNACK_OK);
		if (!valid)
			continue;
		assert_int_equal(a.family, SYNACK_AF_INET6);
		assert_memory_equal(a.bytes, want, 16);
	}
	static const char *const v4[] = {"10.0.0.1", "255.255.255.255", "0.0.0.0",
					 "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 ",
					 "a.b.c.d", "1..2.3", ""};
	for (size_t i = 0; i < sizeof v4 / sizeof v4[0]; i++) {
		uint8_t want[4];
		bool valid = inet_pton(AF_INET, v4[i], want) == 1;
		synack_addr a;
		assert_int_equal(valid, synack_addr_parse(v4[i], &a) == SYNACK_OK);
		if (valid)
			assert_memory_equal(a.bytes, want, 4);
	}
	/* formatting: RFC 5952, as inet_ntop writes it, for edge cases and
	 * for addresses with random runs of zero groups */
	uint64_t r = 0x9e3779b97f4a7c15ull;
	for (int n = 0; n < 20000; n++) {
		synack_addr a = {.family = SYNACK_AF_INET6};
		for (int g = 0; g < 8; g++) {
			r = r * 6364136223846793005ull + 1442695040888963407ull;
			unsigned kind = (unsigned)(r >> 60) % 4;
			uint16_t v = kind < 2 ? 0 : kind == 2 ? (uint16_t)(r >> 40) : (uint16_t)(r >> 56);
			a.bytes[2 * g] = (uint8_t)(v >> 8);
			a.bytes[2 * g + 1] = (uint8_t)v;
		}
		if (n == 0)
			memset(a.bytes, 0, 16);
		if (n == 1) /* ::ffff:a.b.c.d */
			memcpy(a.bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x0a\0\0\x01", 16);
		char ours[64], libc[INET6_ADDRSTRLEN];
		assert_non_null(inet_ntop(AF_INET6, a.bytes, libc, sizeof libc));
		synack_addr_format(&a, ours, sizeof ours);
		if (strcmp(ours, libc))
			print_error("synack '%s', inet_ntop '%s'\n", ours, libc);
		assert_string_equal(ours, libc);
		synack_addr back;
		assert_int_equal(synack_addr_parse(ours, &back), SYNACK_OK);
		assert_memory_equal(back.bytes, a.bytes, 16);
	}
}

static void wire_segment_build_roundtrip(void **state)
{
	(void)state;
	struct peer *p = peer_new(NULL, 100, 200);
	peer_listen(p, 4);
	synack_segment seg = {
		.src = {p->them, 40000}, .dst = {p->us, 80},
		.seq = 12345, .flags = SYNACK_TH_SYN, .window = 65535,
		.mss = 1460, .wscale = 7, .sack_permitted = true, .has_ts = true, .tsval = 9,
	};
	uint8_t pkt[128];
	size_t n = synack_segment_build(&seg, NULL, pkt, sizeof pkt);
	assert_int_equal(n, 20 + 40);
	synack_segment back;
	assert_int_equal(synack_segment_parse(pkt, n, &back), SYNACK_OK);
	assert_int_equal(back.seq, 12345);
	assert_int_equal(back.mss, 1460);
	assert_int_equal(back.wscale, 7);
	assert_true(back.sack_permitted && back.has_ts && back.tsval == 9);
	synack_input(p->s, 0, pkt, n);
	EXPECT(p, 0, .flags = SYN | ACK, .seq = 0, .ack = 12346 - 200, .opts = "mss,sackOK,TS,nop,wscale");
	assert_int_equal(peer_stat(p, "tcp_bad_checksum"), 0);
	assert_int_equal(synack_segment_build(&seg, NULL, pkt, 40), 0); /* too small */
	peer_free(p, 5 * SEC * 100);
}

GROUP(wire,
      cmocka_unit_test(wire_segment_build_roundtrip),
      cmocka_unit_test(wire_address_text_matches_inet_pton_and_ntop),
      cmocka_unit_test(wire_freebsd_layouts),
      cmocka_unit_test(wire_seq_wraps),
      cmocka_unit_test(wire_parse_linux_syn),
      cmocka_unit_test(wire_build_matches_linux_layout),
      cmocka_unit_test(wire_build_sack_blocks_fit),
      cmocka_unit_test(wire_malformed_options),
      cmocka_unit_test(wire_malformed_headers),
      cmocka_unit_test(wire_ipv4_ignores_link_padding),
      cmocka_unit_test(wire_checksum_known_value),
      cmocka_unit_test(wire_checksum_matches_the_definition))
