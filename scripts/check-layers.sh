#!/bin/sh
# The layer check (make check-layers, part of make test): the engine in
# src/ stays sans-I/O, and each layer reaches the others only through the
# public headers in include/.
#   - an engine file includes only C library basics and engine headers:
#     no OS networking, polling, device or clock header, no host header;
#   - no engine file reads a clock, sleeps, or calls the OS for bytes;
#   - host/, adapters/, tools/, bench/ and examples/ include no engine
#     header (wire/, tcp/, core/, ip/, api/, util/).
# Prints each offence and exits 1 if there is one.
cd "$(dirname "$0")/.." || exit 2
status=0
offence() { echo "check-layers: $*" >&2; status=1; }

# C library headers the engine may use (no I/O, no clock, no OS).
allowed='stdarg.h stdbool.h stddef.h stdint.h stdio.h stdlib.h string.h errno.h limits.h inttypes.h assert.h'
for f in src/*/*.c src/*/*.h; do
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' "$f" | while IFS= read -r line; do
		h=$(printf '%s\n' "$line" | sed 's/.*<\([^>]*\)>.*/\1/')
		case " $allowed " in
		*" $h "*) ;;
		*) echo "check-layers: $f:${line%%:*}: engine includes <$h>" >&2; echo x ;;
		esac
	done | grep -q x && status=1
	for h in synack_host.h synack_sim.h synack_tun.h synack_pcap.h; do
		grep -n "#[[:space:]]*include[[:space:]]*\"$h\"" "$f" >/dev/null &&
			offence "$f: engine includes the host header $h"
	done
	# Reading a clock, sleeping, or asking the OS: the caller's job.
	grep -nE '(^|[^._>[:alnum:]])(clock_gettime|gettimeofday|time|clock|nanosleep|usleep|sleep|getrandom|getentropy|rand|random|socket|poll|ppoll|select|epoll_wait|read|write|open|ioctl|fopen|fwrite|fprintf|printf|puts|fputs|getenv|system)[[:space:]]*\(' "$f" |
		grep -vE '^[0-9]+:[[:space:]]*(/?\*|//)' |
		while IFS= read -r line; do
			echo "check-layers: $f:${line%%:*}: engine calls the OS or a clock: $(echo "${line#*:}" | sed 's/^[[:space:]]*//')" >&2
			echo x
		done | grep -q x && status=1
done

for f in host/*.[ch] adapters/*/*.[ch] tools/*.[ch] bench/*.c examples/*.c; do
	[ -f "$f" ] || continue
	grep -nE '#[[:space:]]*include[[:space:]]*"(wire|tcp|core|ip|api|util)/' "$f" | while IFS= read -r line; do
		echo "check-layers: $f:${line%%:*}: includes an engine-internal header; use include/" >&2
		echo x
	done | grep -q x && status=1
done
[ "$status" = 0 ] && echo "check-layers: ok (engine: C library only, no clock, no I/O; other layers: public headers only)"
exit "$status"
