/* TCP header and option parse and build (RFC 9293 3.1, RFC 7323, RFC 2018).
 * Pure functions: no stack state. */
#ifndef SYNACK_WIRE_TCP_H
#define SYNACK_WIRE_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "synack.h"

#define TCP_HEADER_LEN 20
#define TCP_MAX_OPTIONS_LEN 40
#define TCP_MAX_SACK_BLOCKS 4

#define TH_FIN SYNACK_TH_FIN
#define TH_SYN SYNACK_TH_SYN
#define TH_RST SYNACK_TH_RST
#define TH_PSH SYNACK_TH_PSH
#define TH_ACK SYNACK_TH_ACK
#define TH_URG SYNACK_TH_URG
#define TH_ECE SYNACK_TH_ECE
#define TH_CWR SYNACK_TH_CWR

enum tcp_option_kind {
	TCPOPT_EOL = 0,
	TCPOPT_NOP = 1,
	TCPOPT_MSS = 2,
	TCPOPT_WSCALE = 3,
	TCPOPT_SACK_PERMITTED = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TIMESTAMP = 8,
};

enum tcp_error {
	TCP_OK = 0,
	TCP_ERR_SHORT = -1,       /* shorter than a minimal header */
	TCP_ERR_OFFSET = -2,      /* data offset < 5 or beyond the segment */
	TCP_ERR_OPTION = -3,      /* option length 0/1, overlong or truncated */
	TCP_ERR_OPTION_SIZE = -4, /* known option with the wrong length */
};

struct tcp_sack_block {
	uint32_t left, right;
};

/* Options as parsed or to be built.  Absent ones: has_* false. */
struct tcp_options {
	bool has_mss, has_wscale, sack_permitted, has_ts;
	uint16_t mss;
	uint8_t wscale;
	uint32_t tsval, tsecr;
	uint8_t sack_count;
	struct tcp_sack_block sack[TCP_MAX_SACK_BLOCKS];
	uint8_t unknown_count;    /* options of kinds we do not use */
};

struct tcp_header {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t header_len;       /* bytes, options included */
	uint8_t flags;            /* the raw flag byte */
	uint16_t window;          /* unscaled field */
	uint16_t checksum;
	uint16_t urgent;
	const uint8_t *options;   /* raw option bytes, unknown kinds too */
	uint8_t options_len;
	struct tcp_options opt;
	const uint8_t *payload;
	uint32_t payload_len;
};

/* Parses a segment (header, options, payload) of len bytes.  Does not
 * verify the checksum: see tcp_checksum_ok(). */
int tcp_parse(const uint8_t *buf, size_t len, struct tcp_header *out);
int tcp_options_parse(const uint8_t *p, size_t len, struct tcp_options *out);

/* How options are laid out: the RFCs fix each option's format but not
 * their order, alignment or padding. */
enum tcp_option_layout {
	/* Linux: mss, sackOK|nop nop, TS, nop wscale; NOPs only */
	TCP_LAYOUT_LINUX,
	/* FreeBSD tcp_addoptions(): mss, nop wscale, sackOK, TS aligned to
	 * 4n+2, padded at the end with EOL */
	TCP_LAYOUT_FREEBSD,
};

/* Writes options in the given layout, padded to 4 bytes; data segments
 * get nop,nop,TS then nop,nop,SACK in both.  Returns the length (<= 40).
 * SACK blocks are cut to what fits. */
size_t tcp_options_build(uint8_t *p, const struct tcp_options *o, enum tcp_option_layout layout);

/* Writes header + options; checksum left 0.  Returns the header length. */
size_t tcp_header_build(uint8_t *buf, const struct tcp_header *h, enum tcp_option_layout layout);

/* Fills in the checksum of the segment at buf (header + payload). */
void tcp_checksum_set(uint8_t *buf, size_t len, const synack_addr *src,
		      const synack_addr *dst);
bool tcp_checksum_ok(const uint8_t *buf, size_t len, const synack_addr *src,
		     const synack_addr *dst);

synack_reason tcp_reason(int err);

#endif
