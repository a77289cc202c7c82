/* pcap file writer: the classic format with the nanosecond magic
 * 0xa1b23c4d, link type 101 (LINKTYPE_RAW). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synack.h"
#include "synack_pcap.h"

#define PCAP_MAGIC_NS 0xa1b23c4du
#define LINKTYPE_RAW 101
#define SNAPLEN 65535

struct synack_pcap {
	FILE *f;
	bool owned;  /* opened here: closed here */
	int err;
};

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); } /* host order, as the magic says */
static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

static synack_pcap *start(FILE *f, bool owned, int *err);

synack_pcap *synack_pcap_open(const char *path, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!path) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		*err = SYNACK_EIO;
		return NULL;
	}
	return start(f, true, err);
}

synack_pcap *synack_pcap_open_stream(FILE *f, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!f) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	return start(f, false, err);
}

/* Writes the file header on f. */
static synack_pcap *start(FILE *f, bool owned, int *err)
{
	synack_pcap *p = calloc(1, sizeof *p);
	if (!p) {
		if (owned)
			fclose(f);
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	p->f = f;
	p->owned = owned;
	uint8_t h[24];
	put32(h, PCAP_MAGIC_NS);
	put16(h + 4, 2);
	put16(h + 6, 4);
	put32(h + 8, 0);  /* thiszone */
	put32(h + 12, 0); /* sigfigs */
	put32(h + 16, SNAPLEN);
	put32(h + 20, LINKTYPE_RAW);
	if (fwrite(h, sizeof h, 1, p->f) != 1) {
		if (owned)
			fclose(p->f);
		free(p);
		*err = SYNACK_EIO;
		return NULL;
	}
	*err = SYNACK_OK;
	return p;
}

int synack_pcap_write(synack_pcap *p, uint64_t time_ns, const uint8_t *pkt, size_t len)
{
	if (!p || (!pkt && len))
		return SYNACK_EINVAL;
	uint32_t caplen = len > SNAPLEN ? SNAPLEN : (uint32_t)len;
	uint8_t h[16];
	put32(h, (uint32_t)(time_ns / 1000000000u));
	put32(h + 4, (uint32_t)(time_ns % 1000000000u));
	put32(h + 8, caplen);
	put32(h + 12, (uint32_t)len);
	if (fwrite(h, sizeof h, 1, p->f) != 1 || (caplen && fwrite(pkt, caplen, 1, p->f) != 1))
		p->err = SYNACK_EIO;
	return p->err;
}

int synack_pcap_close(synack_pcap *p)
{
	if (!p)
		return SYNACK_EINVAL;
	int err = p->err;
	if ((p->owned ? fclose(p->f) : fflush(p->f)) != 0 && !err)
		err = SYNACK_EIO;
	free(p);
	return err;
}
