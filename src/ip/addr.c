/* Address helpers. */
#include <arpa/inet.h>
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

int synack_addr_parse(const char *text, synack_addr *out)
{
	if (text && strchr(text, ':')) {
		synack_addr a = {.family = SYNACK_AF_INET6};
		if (inet_pton(AF_INET6, text, a.bytes) != 1)
			return SYNACK_EINVAL;
		*out = a;
		return SYNACK_OK;
	}
	unsigned v[4];
	char tail;
	if (!text || sscanf(text, "%3u.%3u.%3u.%3u%c", &v[0], &v[1], &v[2], &v[3], &tail) != 4)
		return SYNACK_EINVAL;
	for (int i = 0; i < 4; i++)
		if (v[i] > 255)
			return SYNACK_EINVAL;
	*out = synack_ipv4((uint8_t)v[0], (uint8_t)v[1], (uint8_t)v[2], (uint8_t)v[3]);
	return SYNACK_OK;
}

char *synack_addr_format(const synack_addr *a, char *buf, size_t len)
{
	if (a->family == SYNACK_AF_INET)
		snprintf(buf, len, "%u.%u.%u.%u", a->bytes[0], a->bytes[1], a->bytes[2], a->bytes[3]);
	else if (a->family != SYNACK_AF_INET6 || !inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)len))
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
