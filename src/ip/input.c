/* IP input: validate the datagram (IPv4 or IPv6), then hand TCP a
 * parsed, checksummed segment.  Every rejection is counted and reported as
 * a dropped segment. */
#include <string.h>

#include "core/stack.h"
#include "ip/icmp.h"
#include "wire/ipv4.h"
#include "wire/ipv6.h"
#include "wire/tcp.h"

/* What TCP needs of either IP header. */
struct ip_view {
	synack_addr src, dst;
	uint8_t proto;
	uint8_t ecn;               /* RFC 3168 ECN field */
	const uint8_t *payload;
	size_t payload_len;
};

static int drop(struct synack_stack *s, const uint8_t *pkt, size_t len,
		uint64_t *counter, synack_reason why)
{
	(*counter)++;
	stack_event_segment(s, SYNACK_EV_SEGMENT_DROPPED, NULL, pkt, len, why);
	return SYNACK_EINVAL;
}

/* RFC 1122 3.2.1.3: a source that is not a unicast host address is bad;
 * RFC 9293 3.10.7.2 ignores SYNs from broadcast or multicast sources. */
static bool ipv4_source_ok(const struct synack_stack *s, const synack_addr *a)
{
	const uint8_t *b = a->bytes;
	/* this network, loopback (RFC 1122 3.2.1.3 (g): never from a wire),
	 * multicast, class E and broadcast */
	if (b[0] == 0 || b[0] == 127 || b[0] >= 224)
		return false;
	return !stack_is_local(s, a); /* a datagram from ourselves: spoofed */
}

static uint64_t *ipv4_error_counter(struct synack_stack *s, int err)
{
	switch (err) {
	case IPV4_ERR_SHORT:
	case IPV4_ERR_HEADER_LEN: return &s->stats.ip_bad_header_len;
	case IPV4_ERR_VERSION: return &s->stats.ip_bad_version;
	case IPV4_ERR_TOTAL_LEN: return &s->stats.ip_bad_total_len;
	case IPV4_ERR_CHECKSUM: return &s->stats.ip_bad_checksum;
	default: return &s->stats.ip_fragment;
	}
}

/* RFC 4291: unspecified (::), loopback (::1), multicast (ff00::/8) and
 * IPv4-mapped (::ffff:0:0/96) are never the source of a datagram on a
 * link; nor is one of our own addresses. */
static bool ipv6_source_ok(const struct synack_stack *s, const synack_addr *a)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	const uint8_t *b = a->bytes;
	bool zero_prefix = true;
	for (int i = 0; i < 15; i++)
		zero_prefix = zero_prefix && b[i] == 0;
	if (zero_prefix && (b[15] == 0 || b[15] == 1))
		return false;
	if (b[0] == 0xff || memcmp(b, mapped, sizeof mapped) == 0)
		return false;
	return !stack_is_local(s, a);
}

static uint64_t *ipv6_error_counter(struct synack_stack *s, int err)
{
	switch (err) {
	case IPV6_ERR_SHORT:
	case IPV6_ERR_EXTENSION: return &s->stats.ip_bad_header_len;
	case IPV6_ERR_VERSION: return &s->stats.ip_bad_version;
	case IPV6_ERR_PAYLOAD_LEN: return &s->stats.ip_bad_total_len;
	default: return &s->stats.ip_fragment;
	}
}

static uint64_t *tcp_error_counter(struct synack_stack *s, int err)
{
	switch (err) {
	case TCP_ERR_SHORT: return &s->stats.tcp_truncated;
	case TCP_ERR_OFFSET: return &s->stats.tcp_bad_offset;
	default: return &s->stats.tcp_bad_option;
	}
}

static int input_ipv4(synack_stack *s, const uint8_t *pkt, size_t len, struct ip_view *v)
{
	struct ipv4_packet ip;
	int err = ipv4_parse(pkt, len, &ip);
	if (err != IPV4_OK)
		return drop(s, pkt, len, ipv4_error_counter(s, err), ipv4_reason(err));
	if (!stack_is_local(s, &ip.dst))
		return drop(s, pkt, len, &s->stats.ip_not_ours, SYNACK_R_IPV4_NOT_OURS);
	if (!ipv4_source_ok(s, &ip.src))
		return drop(s, pkt, len, &s->stats.ip_bad_source, SYNACK_R_IPV4_BAD_SOURCE);
	*v = (struct ip_view){ip.src, ip.dst, ip.proto, ip.tos & IP_ECN_MASK, ip.payload, ip.payload_len};
	return SYNACK_OK;
}

static int input_ipv6(synack_stack *s, const uint8_t *pkt, size_t len, struct ip_view *v)
{
	struct ipv6_packet ip;
	int err = ipv6_parse(pkt, len, &ip);
	if (err != IPV6_OK)
		return drop(s, pkt, len, ipv6_error_counter(s, err), ipv6_reason(err));
	if (!stack_is_local(s, &ip.dst))
		return drop(s, pkt, len, &s->stats.ip_not_ours, SYNACK_R_IPV6_NOT_OURS);
	if (!ipv6_source_ok(s, &ip.src))
		return drop(s, pkt, len, &s->stats.ip_bad_source, SYNACK_R_IPV6_BAD_SOURCE);
	*v = (struct ip_view){ip.src, ip.dst, ip.proto, ip.tclass & IP_ECN_MASK, ip.payload, ip.payload_len};
	return SYNACK_OK;
}

/* ICMP errors about our TCP segments go to TCP; the rest is counted. */
static int input_icmp(synack_stack *s, const uint8_t *pkt, size_t len, const struct ip_view *ip)
{
	STAT_INC(s, icmp_in);
	struct icmp_error e;
	int err = icmp_parse(ip->payload, ip->payload_len, ip->src.family == SYNACK_AF_INET6,
			     &ip->src, &ip->dst, &e);
	if (err == ICMP_ERR_SHORT || err == ICMP_ERR_CHECKSUM)
		return drop(s, pkt, len, &s->stats.icmp_bad, icmp_reason(err));
	if (e.kind == ICMP_OTHER)
		return drop(s, pkt, len, &s->stats.icmp_ignored,
			    err ? icmp_reason(err) : SYNACK_R_ICMP_NOT_TCP);
	return tcp_icmp_error(s, &e, pkt, len);
}

static int input_datagram(synack_stack *s, const uint8_t *pkt, size_t len)
{
	STAT_INC(s, ip_in);
	if (!pkt || len == 0)
		return drop(s, pkt, 0, &s->stats.ip_bad_header_len, SYNACK_R_EMPTY_DATAGRAM);

	struct ip_view ip;
	int err;
	switch (pkt[0] >> 4) {
	case 4: err = input_ipv4(s, pkt, len, &ip); break;
	case 6: err = input_ipv6(s, pkt, len, &ip); break;
	default: return drop(s, pkt, len, &s->stats.ip_bad_version, SYNACK_R_IP_BAD_VERSION);
	}
	if (err)
		return err;
	if (ip.proto == (ip.src.family == SYNACK_AF_INET6 ? IPPROTO_ICMPV6_NUM : IPPROTO_ICMP_NUM))
		return input_icmp(s, pkt, len, &ip);
	if (ip.proto != IPPROTO_TCP_NUM)
		return drop(s, pkt, len, &s->stats.ip_not_tcp, SYNACK_R_IP_NOT_TCP);

	/* The checksum first: in a damaged segment every field, the option
	 * lengths too, is suspect. */
	if (ip.payload_len < TCP_HEADER_LEN)
		return drop(s, pkt, len, &s->stats.tcp_truncated, tcp_reason(TCP_ERR_SHORT));
	if (!tcp_checksum_ok(ip.payload, ip.payload_len, &ip.src, &ip.dst))
		return drop(s, pkt, len, &s->stats.tcp_bad_checksum, SYNACK_R_TCP_BAD_CHECKSUM);
	struct tcp_header th;
	err = tcp_parse(ip.payload, ip.payload_len, &th);
	if (err != TCP_OK)
		return drop(s, pkt, len, tcp_error_counter(s, err), tcp_reason(err));
	if (th.sport == 0 || th.dport == 0)
		return drop(s, pkt, len, &s->stats.tcp_bad_port, SYNACK_R_TCP_PORT_ZERO);

	struct tcp_segment_in in = {
		.th = &th,
		.src = {ip.src, th.sport},
		.dst = {ip.dst, th.dport},
		.packet = pkt,
		.packet_len = len,
		.ecn = ip.ecn,
	};
	tcp_input(s, &in);
	return SYNACK_OK;
}

int synack_input(synack_stack *s, uint64_t now, const uint8_t *pkt, size_t len)
{
	/* numbered as it arrives; then the timers due by now run (as timers:
	 * a link that advanced the clock first has none left), then it is
	 * handled */
	uint64_t cause;
	synack_trigger trigger;
	stack_input_begin(s, &cause, &trigger);
	synack_advance(s, now);
	int r = input_datagram(s, pkt, len);
	conn_flush_all(s);
	stack_input_end(s, cause, trigger);
	return r;
}
