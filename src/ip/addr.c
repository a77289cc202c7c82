/* Address helpers: text forms of IPv4 (dotted quad) and IPv6 (RFC 4291
 * 2.2 in, RFC 5952 out), written here so the engine needs no OS
 * networking header. */
#include <stdio.h>
#include <string.h>

#include "synack.h"

synack_addr synack_ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	synack_addr x = {.family = SYNACK_AF_INET};
	x.bytes[0] = a;
	x.bytes[1] = b;
	x.bytes[2] = c;
	x.bytes[3] = d;
	return x;
}

/* Four decimal numbers 0..255 joined by dots, nothing else (no leading
 * zeros beyond the number itself, as inet_pton). */
static bool parse_dotted(const char *t, uint8_t out[4])
{
	for (int i = 0; i < 4; i++) {
		if (i > 0 && *t++ != '.')
			return false;
		if (*t < '0' || *t > '9')
			return false;
		unsigned v = 0, digits = 0;
		for (; *t >= '0' && *t <= '9'; t++, digits++) {
			if (digits == 1 && v == 0)
				return false; /* "01" */
			v = v * 10 + (unsigned)(*t - '0');
			if (v > 255)
				return false;
		}
		out[i] = (uint8_t)v;
	}
	return *t == 0;
}

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* RFC 4291 2.2: eight groups of 1-4 hex digits, one "::" standing for a
 * run of zero groups, and optionally a dotted quad as the last 32 bits. */
static bool parse_ipv6(const char *t, uint8_t out[16])
{
	uint16_t groups[8];
	int n = 0, gap = -1;
	if (t[0] == ':' && t[1] == ':') {
		gap = 0;
		t += 2;
	} else if (t[0] == ':') {
		return false;
	}
	while (*t) {
		if (n == 8)
			return false;
		const char *start = t;
		unsigned v = 0;
		while (hex_value(*t) >= 0 && t - start < 5)
			v = v << 4 | (unsigned)hex_value(*t++);
		if (*t == '.' && n <= 6) { /* the embedded IPv4 address */
			uint8_t q[4];
			if (!parse_dotted(start, q))
				return false;
			groups[n++] = (uint16_t)(q[0] << 8 | q[1]);
			groups[n++] = (uint16_t)(q[2] << 8 | q[3]);
			t = start + strlen(start);
			break;
		}
		if (t == start || t - start > 4)
			return false;
		groups[n++] = (uint16_t)v;
		if (*t == 0)
			break;
		if (*t++ != ':')
			return false;
		if (*t == ':') {
			if (gap >= 0)
				return false; /* a second "::" */
			gap = n;
			t++;
		} else if (*t == 0) {
			return false; /* a trailing single colon */
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return false;
	int zeros = 8 - n;
	for (int i = 0, g = 0; i < 8; i++) {
		uint16_t v = 0;
		if (gap < 0 || i < gap)
			v = groups[g++];
		else if (i >= gap + zeros)
			v = groups[g++];
		out[2 * i] = (uint8_t)(v >> 8);
		out[2 * i + 1] = (uint8_t)v;
	}
	return true;
}

int synack_addr_parse(const char *text, synack_addr *out)
{
	if (!text || !out)
		return SYNACK_EINVAL;
	synack_addr a = {0};
	if (strchr(text, ':')) {
		a.family = SYNACK_AF_INET6;
		if (!parse_ipv6(text, a.bytes))
			return SYNACK_EINVAL;
	} else {
		a.family = SYNACK_AF_INET;
		if (!parse_dotted(text, a.bytes))
			return SYNACK_EINVAL;
	}
	*out = a;
	return SYNACK_OK;
}

/* RFC 5952: lower-case hex without leading zeros; the longest run of two
 * or more zero groups (the first of equal runs) as "::"; an IPv4-mapped
 * (::ffff:0:0/96) or IPv4-compatible address with its last 32 bits as a
 * dotted quad, as inet_ntop writes them. */
static void format_ipv6(const uint8_t b[16], char *buf, size_t len)
{
	uint16_t g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	int best = -1, best_len = 0;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > best_len && j - i >= 2) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	bool dotted = best == 0 && (best_len == 6 || (best_len == 5 && g[5] == 0xffff));
	size_t n = 0;
	int last = dotted ? 6 : 8;
	for (int i = 0; i < last && n < len; i++) {
		if (i == best) {
			n += (size_t)snprintf(buf + n, len - n, "::");
			i += best_len - 1;
			continue;
		}
		bool after_gap = best >= 0 && i == best + best_len;
		n += (size_t)snprintf(buf + n, len - n, "%s%x", i == 0 || after_gap ? "" : ":", g[i]);
	}
	if (dotted && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s%u.%u.%u.%u", best_len == 6 ? "" : ":",
				      b[12], b[13], b[14], b[15]);
}

char *synack_addr_format(const synack_addr *a, char *buf, size_t len)
{
	if (a->family == SYNACK_AF_INET)
		snprintf(buf, len, "%u.%u.%u.%u", a->bytes[0], a->bytes[1], a->bytes[2], a->bytes[3]);
	else if (a->family == SYNACK_AF_INET6)
		format_ipv6(a->bytes, buf, len);
	else
		snprintf(buf, len, "(family %u)", a->family);
	return buf;
}

bool synack_addr_equal(const synack_addr *a, const synack_addr *b)
{
	size_t n = a->family == SYNACK_AF_INET ? 4 : 16;
	return a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

char *synack_flags_format(uint8_t flags, char *buf, size_t len)
{
	/* Bit order, as Wireshark lists them: "SYN,ACK", "FIN,PSH,ACK". */
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {{SYNACK_TH_FIN, "FIN"}, {SYNACK_TH_SYN, "SYN"}, {SYNACK_TH_RST, "RST"},
		     {SYNACK_TH_PSH, "PSH"}, {SYNACK_TH_ACK, "ACK"}, {SYNACK_TH_URG, "URG"},
		     {SYNACK_TH_ECE, "ECE"}, {SYNACK_TH_CWR, "CWR"}};
	size_t n = 0;
	if (len == 0)
		return buf;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].bit))
			continue;
		int w = snprintf(buf + n, len - n, "%s%s", n ? "," : "", names[i].name);
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	if (n == 0)
		snprintf(buf, len, "none");
	return buf;
}
