/* A pcap writer (LINKTYPE_RAW: each record is an IP datagram), with
 * nanosecond timestamps.  Usable on any link: feed it datagrams. */
#ifndef SYNACK_PCAP_H
#define SYNACK_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "synack.h"

#ifdef __cplusplus
extern "C" {
#endif
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct synack_pcap synack_pcap;

/* Creates path and writes the file header.  NULL and *err on failure:
 * SYNACK_EINVAL, SYNACK_ENOMEM, or SYNACK_EIO with errno saying why. */
synack_pcap *synack_pcap_open(const char *path, int *err);
/* The same on a stream already open for writing (stdout, for a pipe to
 * `tshark -r -`): synack_pcap_close() flushes it but leaves it open. */
synack_pcap *synack_pcap_open_stream(FILE *f, int *err);
int synack_pcap_write(synack_pcap *p, uint64_t time_ns, const uint8_t *pkt, size_t len);
/* Writes return 0, SYNACK_EINVAL (no writer, or no packet with a length)
 * or SYNACK_EIO (sticky: every later write says so too).  Close flushes
 * and returns 0 or SYNACK_EIO if anything failed. */
int synack_pcap_close(synack_pcap *p);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
