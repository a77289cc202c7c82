/* The ladder diagram: one row per segment between two nodes of the
 * simulated network, with times, flags, relative and absolute sequence
 * numbers, window, options, length and each side's state. */
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
void ladder_free(struct ladder *l);
/* Also writes a pcap file as captured at node a's interface: what a
 * sends, and what reaches a. */
void ladder_set_pcap(struct ladder *l, synack_pcap *p);
/* Prints the whole conversation so far. */
void ladder_print(const struct ladder *l, FILE *out, bool color);
unsigned ladder_rows(const struct ladder *l);

#endif
