/* synack over a Linux TUN device: the same engine talking to real hosts
 * (the kernel on the other side of the device, and whatever it routes to).
 *
 * The device (IFF_TUN | IFF_NO_PI: raw IPv4 and IPv6 datagrams) is a link
 * (synack_link.h): synack_tun_link_open() gives it alone, for relays and
 * stacks of your own.  The driver, synack_tun_open(), builds the usual
 * chain on it and owns it:
 *
 *     stack <-> [pcap tap] <-> impairments <-> TUN device <-> kernel
 *
 * with an event loop: synack_tun_run() waits for datagrams from the
 * kernel or for the engine's or the impairments' next deadline, whichever
 * comes first, with CLOCK_MONOTONIC as the engine's clock.  Impairments
 * (the simulated network's) apply on our side in each direction, so
 * failure cases can be driven against a real kernel.
 *
 * Creating a TUN device needs CAP_NET_ADMIN.  Run it inside a network
 * namespace of your own (see README): the kernel routes to the device
 * whatever the namespace's routes send there, and nothing else. */
#ifndef SYNACK_TUN_H
#define SYNACK_TUN_H

#include "synack.h"
#include "synack_link.h"
#include "synack_pcap.h"
#include "synack_sim.h"

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct synack_tun synack_tun;

typedef struct synack_tun_config {
	const char *ifname;        /* device name (<= 15 bytes; NULL: "synack%d") */
	synack_addr addr;          /* the stack's own address */
	/* When set, the kernel side of the device gets host_addr/host_prefix
	 * and the device is brought up, so one command is enough inside a
	 * namespace.  Otherwise configure it yourself (ip addr, ip link). */
	bool configure_host;
	synack_addr host_addr;
	uint8_t host_prefix;
	uint32_t mtu;              /* device MTU, 576..65535 (0: settings' mtu) */
	/* Applied on our side to TCP segments: `in` to those from the kernel
	 * before the engine sees them, `out` to the engine's before they are
	 * written to the device.  Seeded: same seed, same decisions.  Other
	 * datagrams pass untouched and are not counted. */
	synack_sim_impair in, out;
	uint64_t seed;
	/* A capture at our interface (above the impairments: what the
	 * engine sends, and what reaches it), or NULL.  Stays the caller's
	 * to close, after synack_tun_close(). */
	synack_pcap *pcap;
} synack_tun_config;

typedef struct synack_tun_stats {
	uint64_t rx_packets, rx_bytes;   /* read from the device */
	uint64_t tx_packets, tx_bytes;   /* written to the device */
	uint64_t tx_errors;              /* writes the kernel refused */
	uint64_t rx_errors;              /* reads that failed */
	synack_sim_link_stats in, out;   /* what the impairments did */
} synack_tun_stats;

enum synack_tun_dir { SYNACK_TUN_IN, SYNACK_TUN_OUT };

/* The device alone as a link, configured from cfg's ifname, mtu (0:
 * 1500) and host address (addr, impairments, seed and pcap are not
 * used): what is sent to it is written to the device; poll() reads what
 * the kernel routed to it, without waiting (synack_link_fd() to wait
 * on).  NULL and *err on failure (SYNACK_EIO: see errno). */
synack_link *synack_tun_link_open(const synack_tun_config *cfg, int *err);
/* The device's name ("synack0"), or NULL if l is not a TUN device. */
const char *synack_tun_link_name(const synack_link *l);

/* Opens the device and creates the stack on it.  settings and hooks may be
 * NULL; hooks->transmit is the driver's own; random bytes come from the
 * OS unless hooks->random is set.  settings->mtu follows the device MTU.
 * Returns NULL with *err set (SYNACK_EIO: see errno). */
synack_tun *synack_tun_open(const synack_tun_config *cfg, const synack_settings *settings,
			    const synack_hooks *hooks, int *err);
void synack_tun_close(synack_tun *t);

synack_stack *synack_tun_stack(synack_tun *t);
const char *synack_tun_name(const synack_tun *t);
/* The engine's clock: nanoseconds since the device was opened. */
uint64_t synack_tun_now(const synack_tun *t);

/* Waits up to timeout_ns for datagrams from the kernel or the engine's
 * or the impairments' next deadline, then handles what is readable (up
 * to a batch of 256), every timer due and every held-back datagram due.
 * Returns how many datagrams it handled (>= 0) or a negative SYNACK_E*
 * code. */
int synack_tun_run(synack_tun *t, uint64_t timeout_ns);

/* Scripted drop: the nth TCP segment (1-based) in that direction is dropped. */
int synack_tun_drop_nth(synack_tun *t, enum synack_tun_dir dir, uint32_t n);
void synack_tun_stats_get(const synack_tun *t, synack_tun_stats *out);

/* A datagram through the driver and what happened to it, as the
 * simulated network's tap reports them: SENT when it leaves its sender
 * (read from the device, or emitted by the engine), LOST or DROPPED by an
 * impairment, DELIVERED when it is handed over (to the engine, or written
 * to the device), PROCESSED once the engine has handled it. */
typedef struct synack_tun_datagram {
	uint64_t time;
	enum synack_tun_dir dir;
	enum synack_sim_fate fate;
	uint64_t id;              /* the driver's number, from 1 in order */
	/* its number on our stack (synack_event.datagram or .cause): what
	 * the engine sent, or what synack_input gives it from DELIVERED on;
	 * 0 before a datagram from the kernel reaches the engine */
	uint64_t stack_datagram;
	const uint8_t *pkt;
	size_t len;
} synack_tun_datagram;

typedef void (*synack_tun_tap_fn)(void *user, const synack_tun_datagram *d);
void synack_tun_set_tap(synack_tun *t, synack_tun_tap_fn fn, void *user);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
