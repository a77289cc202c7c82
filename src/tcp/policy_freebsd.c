/* The freebsd personality: FreeBSD's defaults and its choices where the
 * RFCs leave freedom, as its tcp_input.c, tcp_output.c and tcp_timewait.c
 * make them. */
#include "core/stack.h"
#include "tcp/conn.h"
#include "tcp/policy.h"

#define MSEC 1000000ull

/* net.inet.tcp.recvspace, sendspace, kern.ipc.maxsockbuf, rexmit_min */
static void freebsd_settings(synack_settings *s)
{
	s->recv_buffer = 65536;
	s->send_buffer = 32768;
	s->wscale_buffer = 2097152;
	s->min_rto_ns = 30 * MSEC;
	s->oow_ack_limit = 5; /* net.inet.tcp.ack_war_cnt per ack_war_timewindow */
	s->oow_ack_interval_ns = 1000 * MSEC;
}

/* An ACK for every second segment, whatever its size (tcp_input's
 * DELAY_ACK with V_tcp_delack_enabled). */
static bool freebsd_ack_now(struct tcp_conn *c, uint32_t len)
{
	(void)len;
	return ++c->pol.fb.delack_segs >= 2;
}

/* tcp_input: rcv_wnd = max(free space, what was advertised); its
 * syncache and TIME-WAIT (tcptw) keep only the advertised window. */
static uint32_t freebsd_acceptable_window(const struct tcp_conn *c, uint32_t promised)
{
	bool compact = (c->passive && c->state == SYNACK_SYN_RECEIVED) ||
		       c->state == SYNACK_TIME_WAIT;
	if (compact)
		return promised;
	uint32_t space = c->rcvbuf.buf ? ring_free(&c->rcvbuf) : c->opt.rcvbuf_size;
	return space > promised ? space : promised;
}

/* tcp_output: all the room there is, except a window under a quarter of
 * the buffer and under a segment (the SWS rule). */
static uint32_t freebsd_advertise(const struct tcp_conn *c, uint32_t space, uint32_t promised)
{
	uint32_t mss = c->rcv_mss ? c->rcv_mss : 536;
	if (space < c->opt.rcvbuf_size / 4 && space < mss)
		return promised;
	return space;
}

static void freebsd_segment_sent(struct tcp_conn *c, uint8_t flags, uint32_t len)
{
	(void)len;
	if (flags & TH_ACK)
		c->pol.fb.delack_segs = 0;
}

const struct tcp_policy tcp_policy_freebsd = {
	.id = SYNACK_PERSONALITY_FREEBSD,
	.name = "freebsd",
	.settings = freebsd_settings,
	/* tcp_addoptions(): mss, nop wscale, sackOK, TS aligned, EOL padding */
	.layout = TCP_LAYOUT_FREEBSD,
	.ack_now = freebsd_ack_now,
	.acceptable_window = freebsd_acceptable_window,
	.advertise = freebsd_advertise,
	/* tcp_mss(): both buffers grow to a multiple of the peer's MSS (at
	 * most kern.ipc.maxsockbuf), and SO_RCVBUF says so */
	.buffers_follow_mss = true,
	/* soshutdown(SHUT_RD): what arrives later is ACKed and dropped */
	.discard_after_shutdown_rd = true,
	.timewait_twcheck = true,
	/* tcp_input's "todrop": trimmed, ACK still processed */
	.ack_in_old_duplicates = true,
	/* tcp_do_segment: the SYN check comes before the window trims */
	.syn_before_sequence = true,
	/* tcp_outflags: FIN on every segment while it is unacknowledged */
	.fin_on_every_ack = true,
	.segment_sent = freebsd_segment_sent,
};
