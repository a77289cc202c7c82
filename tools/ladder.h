/* The ladder diagram: one row per segment between two sides (two nodes of
 * the simulated network, or our stack and a real host behind a TUN
 * device), with times, flags, relative and absolute sequence numbers,
 * window, options, length and each side's state. */
#ifndef SYNACK_TOOLS_LADDER_H
#define SYNACK_TOOLS_LADDER_H

#include <stdbool.h>
#include <stdio.h>

#include "synack.h"
#include "synack_pcap.h"
#include "synack_sim.h"

struct ladder;

/* Watches nodes a (drawn left) and b (drawn right) of sim: installs the
 * sim's tap and observer.  names: "client", "server". */
struct ladder *ladder_new(synack_sim *sim, int a, int b, const char *name_a,
			  const char *name_b);
/* A ladder fed by hand: ladder_event() for each event of a side's stack,
 * ladder_datagram() for each datagram's fate (side `from` is its
 * sender).  An opaque side b is a real host whose states are unknown. */
struct ladder *ladder_new_detached(const char *name_a, const char *name_b, bool b_opaque);
void ladder_event(struct ladder *l, int side, const synack_event *ev);
void ladder_datagram(struct ladder *l, uint64_t t, int from, enum synack_sim_fate fate,
		     uint64_t id, const uint8_t *pkt, size_t len);
void ladder_free(struct ladder *l);
/* Live mode: prints the header now and each row once it is complete
 * (out NULL: off). */
void ladder_set_stream(struct ladder *l, FILE *out, bool color);
void ladder_print_header(const struct ladder *l, FILE *out, bool color);
/* Live mode: prints the rows still waiting for their fate. */
void ladder_flush(struct ladder *l);
/* Also writes a pcap file as captured at node a's interface: what a
 * sends, and what reaches a. */
void ladder_set_pcap(struct ladder *l, synack_pcap *p);
/* Prints the whole conversation so far. */
void ladder_print(const struct ladder *l, FILE *out, bool color);
unsigned ladder_rows(const struct ladder *l);

#endif
