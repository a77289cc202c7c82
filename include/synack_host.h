/* synack's host library (libsynack-host): what the engine deliberately
 * leaves out, because it touches the operating system or the clock.
 * The simulated network (synack_sim.h), the TUN driver (synack_tun.h)
 * and the pcap writer (synack_pcap.h) are part of it too.
 *
 * The engine (synack.h, libsynack) never reads a clock, never does I/O
 * and never asks the OS for anything: its hooks take what it needs. */
#ifndef SYNACK_HOST_H
#define SYNACK_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "synack.h"

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* Fills buf from the operating system's random source (getrandom): a
 * ready `random` hook for real deployments.  Aborts if the OS has no
 * entropy to give, since predictable ISNs are not safe to run with.  The
 * simulator uses a seeded generator instead. */
void synack_os_random(void *user, void *buf, size_t len);

/* CLOCK_MONOTONIC in nanoseconds: the wall-time clock to feed the engine
 * (synack_advance, synack_input) when it talks to real hosts. */
uint64_t synack_monotonic_ns(void);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
