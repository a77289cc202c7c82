/* The ladder as JSON, one row per line:
 *
 * {"meta": {"synack": "0.9.0", "command": "demo", "scenario": "normal",
 *           "timers": "personality", "seed": 1, "delay_ns": 10000000,
 *           "loss_ppm": 0, "personality": "rfc",
 *           "settings": {"mtu": 1500, "initial_rto_ns": 1000000000, ...}},
 *  "sides": ["client 10.0.0.1", "server 10.0.0.2:80"], "opaque": [false, false],
 *  "rows": [
 *   {"kind": "segment", "time_ns": 0, "arrival_ns": 10000000, "from": 0,
 *    "frame": 1, "sender_datagram": 1, "receiver_datagram": 1,
 *    "fate": "delivered", "deliveries": 1, "flags": "SYN",
 *    "seq": 1197640262, "ack": 0, "rel_seq": 0, "rel_ack": null,
 *    "window": 65535, "len": 0,
 *    "options": {"mss": 1460, "wscale": 3, "sack_permitted": true,
 *                "ts": {"val": 2982359884, "ecr": 0}, "sack": [[left, right]]},
 *    "ecn": "Not-ECT", "ecn_arrived": "Not-ECT",
 *    "sender_state": "SYN-SENT", "injected": false,
 *    "receiver_state": "SYN-RECEIVED", "why": "SYN", "why_id": "SYN",
 *    "receiver_drop": null, "receiver_drop_id": null,
 *    "sender_info": {"cwnd": 14480, "ssthresh": 1073741824, "in_flight": 0,
 *                    "rcv_wnd": 262144, "srtt_ns": 20000000,
 *                    "rttvar_ns": 10000000, "rto_ns": 200000000}},
 *   {"kind": "state", "time_ns": 60065000000, "from": 0,
 *    "from_state": "TIME-WAIT", "to_state": "CLOSED", "reason": "2MSL timeout",
 *    "reason_id": "TIMEOUT_2MSL"},
 *   {"kind": "caption", "time_ns": 10000000, "from": 1,
 *    "text": "64 spoofed SYNs ...", "from_state": "LISTEN", "to_state": "LISTEN",
 *    "reason": "SYN,ACK with a SYN cookie", "reason_id": "SYNACK_COOKIE"}]}
 *
 * sender_info is the sending connection as the segment left (in_flight:
 * before it; cwnd and ssthresh 0 before the connection has congestion
 * control, srtt 0 before a sample), null where unknown (a half-open
 * entry, a real host, an injected datagram).
 * A caption stands for what the ladder does not draw one datagram at a
 * time (a flood); its side stays in the state it gives.
 *
 * frame is the datagram's number in a capture at the left side's
 * interface (the record of the --pcap file, as Wireshark numbers them;
 * null if it never got there); sender_datagram and receiver_datagram are
 * its numbers on the two stacks, as their events give them (null where
 * unknown).  The *_id fields are the engine's reason ids, stable across
 * versions (synack_reason_name); the texts beside them may be reworded.
 *
 * arrival_ns is null when the segment never arrived; fate is "delivered",
 * "lost", "dropped" (by the script) or "in_flight" (no fate yet when the
 * ladder was written); deliveries is 2 for a duplicated datagram.  seq and
 * ack are absolute, rel_* null when that side's SYN was not seen.  Absent
 * options are null (sack: []).  A datagram that is not TCP has null flags,
 * numbers and options.  States are null where unknown (an opaque side,
 * or no connection took the segment, or the segment was injected: crafted
 * by the scenario, as an old duplicate); why and receiver_drop are null when
 * there is nothing to say.  ecn is the IP header's ECN field as sent,
 * ecn_arrived as it arrived (a router may mark CE on the way; null if it
 * never arrived).  Times are integers: no floating point, so no
 * locale can change the output. */
#include "json.h"

#include "cli.h"

#include <inttypes.h>

static void put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	fputc('"', out);
	while (*p) {
		uint32_t cp;
		size_t n = cli_utf8_next(p, &cp);
		if (n == 0) {
			fputs("\\ufffd", out); /* a stray byte: names come from users */
			p++;
		} else if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p++);
		} else if (*p < 0x20) {
			fprintf(out, "\\u%04x", *p++);
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	fputc('"', out);
}

/* NULL and "" both mean there is nothing to say. */
static void put_text_or_null(FILE *out, const char *s)
{
	if (s && s[0])
		put_string(out, s);
	else
		fputs("null", out);
}

/* A reason's text and then its id, or null twice. */
static void put_reason(FILE *out, const char *key, bool known, synack_reason r)
{
	fprintf(out, ", \"%s\": ", key);
	put_text_or_null(out, known ? synack_reason_text(r) : NULL);
	fprintf(out, ", \"%s_id\": ", key);
	put_text_or_null(out, known ? synack_reason_name(r) : NULL);
}

static void put_u64_or_null(FILE *out, uint64_t v)
{
	if (v)
		fprintf(out, "%" PRIu64, v);
	else
		fputs("null", out);
}

static void put_u32_or_null(FILE *out, bool known, uint32_t v)
{
	if (known)
		fprintf(out, "%" PRIu32, v);
	else
		fputs("null", out);
}

static void put_state_or_null(FILE *out, bool known, synack_state s)
{
	if (known)
		put_string(out, synack_state_name(s));
	else
		fputs("null", out);
}

static const char *fate_name(const struct ladder_row *r)
{
	switch (r->fate) {
	case SYNACK_SIM_LOST:
		return "lost";
	case SYNACK_SIM_DROPPED:
		return "dropped";
	default:
		return r->arrived == UINT64_MAX ? "in_flight" : "delivered";
	}
}

static void put_options(FILE *out, const synack_segment *s)
{
	fputs("{\"mss\": ", out);
	put_u32_or_null(out, s->mss != 0, s->mss);
	fputs(", \"wscale\": ", out);
	put_u32_or_null(out, s->wscale >= 0, (uint32_t)s->wscale);
	fprintf(out, ", \"sack_permitted\": %s, \"ts\": ", s->sack_permitted ? "true" : "false");
	if (s->has_ts)
		fprintf(out, "{\"val\": %" PRIu32 ", \"ecr\": %" PRIu32 "}", s->tsval, s->tsecr);
	else
		fputs("null", out);
	fputs(", \"sack\": [", out);
	for (int i = 0; i < s->sack_count && i < 4; i++)
		fprintf(out, "%s[%" PRIu32 ", %" PRIu32 "]", i ? ", " : "", s->sack[i][0],
			s->sack[i][1]);
	fputs("]}", out);
}

static void put_segment(const struct ladder *l, const struct ladder_row *r, FILE *out)
{
	const synack_segment *s = &r->seg;
	fprintf(out, "{\"kind\": \"segment\", \"time_ns\": %" PRIu64 ", \"arrival_ns\": ", r->sent);
	if (r->arrived == UINT64_MAX)
		fputs("null", out);
	else
		fprintf(out, "%" PRIu64, r->arrived);
	fprintf(out, ", \"from\": %d, \"frame\": ", r->from);
	put_u64_or_null(out, r->frame);
	fputs(", \"sender_datagram\": ", out);
	put_u64_or_null(out, r->sender_datagram);
	fputs(", \"receiver_datagram\": ", out);
	put_u64_or_null(out, r->receiver_datagram);
	fprintf(out, ", \"fate\": \"%s\", \"deliveries\": %u, \"flags\": ", fate_name(r),
		r->deliveries);
	if (r->parsed) {
		char flags[40];
		put_string(out, synack_flags_format(s->flags, flags, sizeof flags));
		fprintf(out, ", \"seq\": %" PRIu32 ", \"ack\": %" PRIu32 ", \"rel_seq\": ", s->seq,
			s->ack);
		put_u32_or_null(out, r->rel_seq_known, r->rel_seq);
		fputs(", \"rel_ack\": ", out);
		put_u32_or_null(out, r->rel_ack_known, r->rel_ack);
		fprintf(out, ", \"window\": %u, \"len\": %" PRIu32 ", \"options\": ", s->window,
			s->len);
		put_options(out, s);
	} else {
		fputs("null, \"seq\": null, \"ack\": null, \"rel_seq\": null, \"rel_ack\": null, "
		      "\"window\": null, \"len\": null, \"options\": null",
		      out);
	}
	fprintf(out, ", \"ecn\": \"%s\", \"ecn_arrived\": ", ladder_ecn_name(r->ecn_sent));
	if (r->arrived == UINT64_MAX)
		fputs("null", out);
	else
		fprintf(out, "\"%s\"", ladder_ecn_name(r->ecn_arrived));
	fputs(", \"sender_state\": ", out);
	put_state_or_null(out, !ladder_side_opaque(l, r->from) && !r->injected, r->sender_state);
	fprintf(out, ", \"injected\": %s", r->injected ? "true" : "false");
	fputs(", \"receiver_state\": ", out);
	put_state_or_null(out, r->receiver_known && !ladder_side_opaque(l, 1 - r->from),
			  r->receiver_state);
	if (r->injected) {
		fputs(", \"why\": ", out);
		put_text_or_null(out, r->injected_label[0]);
		fputs(", \"why_id\": null", out);
	} else {
		put_reason(out, "why", r->why != SYNACK_R_NONE, r->why);
	}
	put_reason(out, "receiver_drop", r->receiver_dropped, r->drop_reason);
	if (r->info_known)
		fprintf(out,
			", \"sender_info\": {\"cwnd\": %" PRIu32 ", \"ssthresh\": %" PRIu32
			", \"in_flight\": %" PRIu32 ", \"rcv_wnd\": %" PRIu32 ", \"srtt_ns\": %" PRIu64
			", \"rttvar_ns\": %" PRIu64 ", \"rto_ns\": %" PRIu64 "}",
			r->cwnd, r->ssthresh, r->in_flight, r->rcv_wnd, r->srtt_ns, r->rttvar_ns,
			r->rto_ns);
	else
		fputs(", \"sender_info\": null", out);
	fputc('}', out);
}

static void put_note(const struct ladder_row *r, FILE *out)
{
	fprintf(out, "{\"kind\": \"%s\", \"time_ns\": %" PRIu64 ", \"from\": %d, ",
		r->caption[0] ? "caption" : "state", r->sent, r->from);
	if (r->caption[0]) {
		fputs("\"text\": ", out);
		put_string(out, r->caption[0]);
		fputs(", ", out);
	}
	fputs("\"from_state\": ", out);
	put_string(out, synack_state_name(r->note_from));
	fputs(", \"to_state\": ", out);
	put_string(out, synack_state_name(r->note_to));
	put_reason(out, "reason", r->note_reason != SYNACK_R_NONE, r->note_reason);
	fputc('}', out);
}

static void put_meta(FILE *out, const struct json_meta *m)
{
	fputs("{\"synack\": ", out);
	put_string(out, synack_version());
	fputs(", \"command\": ", out);
	put_text_or_null(out, m->command);
	fputs(", \"scenario\": ", out);
	put_text_or_null(out, m->scenario);
	fputs(", \"timers\": ", out);
	put_text_or_null(out, m->timers);
	fprintf(out, ", \"seed\": %" PRIu64 ", \"delay_ns\": %" PRIu64 ", \"loss_ppm\": %" PRIu32,
		m->seed, m->delay_ns, m->loss_ppm);
	const synack_settings *s = m->settings;
	if (!s) {
		fputs(", \"personality\": null, \"settings\": null}", out);
		return;
	}
	fputs(", \"personality\": ", out);
	put_string(out, synack_personality_name(s->personality));
	static const char *const ecn[] = {"off", "on", "passive"};
	fprintf(out,
		",\n  \"settings\": {\"mtu\": %" PRIu32 ", \"send_buffer\": %" PRIu32
		", \"recv_buffer\": %" PRIu32 ", \"initial_rto_ns\": %" PRIu64
		", \"min_rto_ns\": %" PRIu64 ", \"max_rto_ns\": %" PRIu64 ", \"syn_retries\": %" PRIu32
		", \"synack_retries\": %" PRIu32 ", \"data_retries\": %" PRIu32
		",\n   \"msl_ns\": %" PRIu64 ", \"delayed_ack\": %s, \"delayed_ack_ns\": %" PRIu64
		", \"nagle\": %s, \"window_scaling\": %s, \"sack\": %s, \"timestamps\": %s"
		", \"rfc5961\": %s, \"tail_loss_probe\": %s, \"prr\": %s, \"ecn\": \"%s\""
		",\n   \"initial_cwnd\": %" PRIu32 ", \"syn_backlog\": %" PRIu32
		", \"syn_cookies\": %s}}",
		s->mtu, s->send_buffer, s->recv_buffer, s->initial_rto_ns, s->min_rto_ns,
		s->max_rto_ns, s->syn_retries, s->synack_retries, s->data_retries, s->msl_ns,
		s->delayed_ack ? "true" : "false", s->delayed_ack_ns, s->nagle ? "true" : "false",
		s->window_scaling ? "true" : "false", s->sack ? "true" : "false",
		s->timestamps ? "true" : "false", s->rfc5961 ? "true" : "false",
		s->tail_loss_probe ? "true" : "false", s->prr ? "true" : "false",
		s->ecn <= SYNACK_ECN_PASSIVE ? ecn[s->ecn] : "?", s->initial_cwnd, s->syn_backlog,
		s->syn_cookies ? "true" : "false");
}

int ladder_write_json(const struct ladder *l, FILE *out, const struct json_meta *meta)
{
	fputs("{\"meta\": ", out);
	if (meta)
		put_meta(out, meta);
	else
		fputs("null", out);
	fputs(",\n \"sides\": [", out);
	for (int side = 0; side < 2; side++) {
		const char *name = ladder_side_name(l, side);
		fputs(side ? ", " : "", out);
		put_string(out, name ? name : "");
	}
	fprintf(out, "], \"opaque\": [%s, %s],\n \"rows\": [", ladder_side_opaque(l, 0) ? "true" : "false",
		ladder_side_opaque(l, 1) ? "true" : "false");
	unsigned n = ladder_count(l);
	for (unsigned i = 0; i < n; i++) {
		const struct ladder_row *r = ladder_row(l, i);
		fputs(i ? ",\n  " : "\n  ", out);
		if (r->note)
			put_note(r, out);
		else
			put_segment(l, r, out);
	}
	fputs("]}\n", out);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
