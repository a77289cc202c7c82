#include "wire/tcp.h"

#include <string.h>

#include "wire/bytes.h"
#include "wire/checksum.h"

/* RFC 9293 3.1: every option but EOL and NOP carries a length byte that
 * counts kind and length; a length below 2 or past the end is malformed
 * (MUST-7: handle illegal lengths without crashing). */
int tcp_options_parse(const uint8_t *p, size_t len, struct tcp_options *out)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	while (i < len) {
		uint8_t kind = p[i];
		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return TCP_ERR_OPTION;
		uint8_t olen = p[i + 1];
		if (olen < 2 || olen > len - i)
			return TCP_ERR_OPTION;
		const uint8_t *v = p + i + 2;
		switch (kind) {
		case TCPOPT_MSS:
			if (olen != 4)
				return TCP_ERR_OPTION_SIZE;
			out->has_mss = true;
			out->mss = get16(v);
			break;
		case TCPOPT_WSCALE:
			if (olen != 3)
				return TCP_ERR_OPTION_SIZE;
			out->has_wscale = true;
			out->wscale = v[0];
			break;
		case TCPOPT_SACK_PERMITTED:
			if (olen != 2)
				return TCP_ERR_OPTION_SIZE;
			out->sack_permitted = true;
			break;
		case TCPOPT_TIMESTAMP:
			if (olen != 10)
				return TCP_ERR_OPTION_SIZE;
			out->has_ts = true;
			out->tsval = get32(v);
			out->tsecr = get32(v + 4);
			break;
		case TCPOPT_SACK:
			if (olen < 10 || (olen - 2) % 8 != 0)
				return TCP_ERR_OPTION_SIZE;
			for (size_t b = 0; b < (size_t)(olen - 2) / 8; b++) {
				if (out->sack_count == TCP_MAX_SACK_BLOCKS)
					break;
				out->sack[out->sack_count].left = get32(v + 8 * b);
				out->sack[out->sack_count].right = get32(v + 8 * b + 4);
				out->sack_count++;
			}
			break;
		default:
			out->unknown_count++;
			break;
		}
		i += olen;
	}
	return TCP_OK;
}

int tcp_parse(const uint8_t *buf, size_t len, struct tcp_header *out)
{
	if (len < TCP_HEADER_LEN)
		return TCP_ERR_SHORT;
	size_t hlen = (size_t)(buf[12] >> 4) * 4;
	if (hlen < TCP_HEADER_LEN || hlen > len)
		return TCP_ERR_OFFSET;
	memset(out, 0, sizeof *out);
	out->sport = get16(buf);
	out->dport = get16(buf + 2);
	out->seq = get32(buf + 4);
	out->ack = get32(buf + 8);
	out->header_len = (uint8_t)hlen;
	out->flags = buf[13];
	out->window = get16(buf + 14);
	out->checksum = get16(buf + 16);
	out->urgent = get16(buf + 18);
	out->options = buf + TCP_HEADER_LEN;
	out->options_len = (uint8_t)(hlen - TCP_HEADER_LEN);
	out->payload = buf + hlen;
	out->payload_len = (uint32_t)(len - hlen);
	return tcp_options_parse(out->options, out->options_len, &out->opt);
}

static size_t put_ts(uint8_t *p, const struct tcp_options *o)
{
	p[0] = TCPOPT_TIMESTAMP;
	p[1] = 10;
	put32(p + 2, o->tsval);
	put32(p + 6, o->tsecr);
	return 10;
}

static size_t put_mss(uint8_t *p, const struct tcp_options *o)
{
	p[0] = TCPOPT_MSS;
	p[1] = 4;
	put16(p + 2, o->mss);
	return 4;
}

static size_t put_wscale(uint8_t *p, const struct tcp_options *o)
{
	p[0] = TCPOPT_WSCALE;
	p[1] = 3;
	p[2] = o->wscale;
	return 3;
}

/* nop,nop,SACK with as many blocks as fit after n bytes */
static size_t put_sack(uint8_t *p, size_t n, const struct tcp_options *o)
{
	if (o->sack_count == 0 || n + 4 + 8 > TCP_MAX_OPTIONS_LEN)
		return n;
	size_t room = (TCP_MAX_OPTIONS_LEN - n - 4) / 8;
	size_t blocks = o->sack_count < room ? o->sack_count : room;
	p[n++] = TCPOPT_NOP;
	p[n++] = TCPOPT_NOP;
	p[n++] = TCPOPT_SACK;
	p[n++] = (uint8_t)(2 + 8 * blocks);
	for (size_t b = 0; b < blocks; b++) {
		put32(p + n, o->sack[b].left);
		put32(p + n + 4, o->sack[b].right);
		n += 8;
	}
	return n;
}

static size_t build_linux(uint8_t *p, const struct tcp_options *o)
{
	size_t n = 0;
	if (o->has_mss)
		n += put_mss(p + n, o);
	if (o->has_ts) {
		if (o->sack_permitted) {
			p[n++] = TCPOPT_SACK_PERMITTED;
			p[n++] = 2;
		} else {
			p[n++] = TCPOPT_NOP;
			p[n++] = TCPOPT_NOP;
		}
		n += put_ts(p + n, o);
	} else if (o->sack_permitted) {
		p[n++] = TCPOPT_NOP;
		p[n++] = TCPOPT_NOP;
		p[n++] = TCPOPT_SACK_PERMITTED;
		p[n++] = 2;
	}
	if (o->has_wscale) {
		p[n++] = TCPOPT_NOP;
		n += put_wscale(p + n, o);
	}
	n = put_sack(p, n, o);
	while (n % 4)
		p[n++] = TCPOPT_EOL;
	return n;
}

static size_t build_freebsd(uint8_t *p, const struct tcp_options *o)
{
	size_t n = 0;
	if (o->has_mss)
		n += put_mss(p + n, o);
	if (o->has_wscale) {
		while (n == 0 || n % 2 != 1)
			p[n++] = TCPOPT_NOP;
		n += put_wscale(p + n, o);
	}
	if (o->sack_permitted) {
		while (n % 2)
			p[n++] = TCPOPT_NOP;
		p[n++] = TCPOPT_SACK_PERMITTED;
		p[n++] = 2;
	}
	if (o->has_ts) {
		while (n == 0 || n % 4 != 2)
			p[n++] = TCPOPT_NOP;
		n += put_ts(p + n, o);
	}
	n = put_sack(p, n, o);
	while (n % 4)
		p[n++] = TCPOPT_EOL;
	return n;
}

size_t tcp_options_build(uint8_t *p, const struct tcp_options *o, enum tcp_option_layout layout)
{
	return layout == TCP_LAYOUT_FREEBSD ? build_freebsd(p, o) : build_linux(p, o);
}

size_t tcp_header_build(uint8_t *buf, const struct tcp_header *h, enum tcp_option_layout layout)
{
	size_t olen = tcp_options_build(buf + TCP_HEADER_LEN, &h->opt, layout);
	size_t hlen = TCP_HEADER_LEN + olen;
	put16(buf, h->sport);
	put16(buf + 2, h->dport);
	put32(buf + 4, h->seq);
	put32(buf + 8, h->ack);
	buf[12] = (uint8_t)((hlen / 4) << 4);
	buf[13] = h->flags;
	put16(buf + 14, h->window);
	put16(buf + 16, 0);
	put16(buf + 18, h->urgent);
	return hlen;
}

void tcp_checksum_set(uint8_t *buf, size_t len, const synack_addr *src,
		      const synack_addr *dst)
{
	put16(buf + 16, 0);
	uint32_t sum = csum_pseudo(src, dst, 6, (uint32_t)len);
	put16(buf + 16, csum_fold(csum_add(sum, buf, len)));
}

bool tcp_checksum_ok(const uint8_t *buf, size_t len, const synack_addr *src,
		     const synack_addr *dst)
{
	uint32_t sum = csum_pseudo(src, dst, 6, (uint32_t)len);
	return csum_fold(csum_add(sum, buf, len)) == 0;
}

synack_reason tcp_reason(int err)
{
	switch (err) {
	case TCP_OK: return SYNACK_R_NONE;
	case TCP_ERR_SHORT: return SYNACK_R_TCP_SHORT;
	case TCP_ERR_OFFSET: return SYNACK_R_TCP_BAD_OFFSET;
	case TCP_ERR_OPTION: return SYNACK_R_TCP_BAD_OPTION;
	case TCP_ERR_OPTION_SIZE: return SYNACK_R_TCP_BAD_OPTION_SIZE;
	}
	return SYNACK_R_NONE;
}
