#!/usr/bin/env bash
# make bench, second part: bulk throughput between synack on a TUN device
# and the Linux kernel, beside kernel<->kernel over a veth pair, measured
# in the same run with the same tools (nc on the kernel side).  Everything
# runs in network namespaces this script creates and always deletes.
# Needs root; prints a note and exits 0 without it.
#
# usage: bench/tun.sh [build/synack] [MiB]
set -uo pipefail
SYNACK=$(readlink -f "${1:-build/synack}")
MIB=${2:-1024}
BYTES=$((MIB * 1024 * 1024))
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
	echo "# tun benchmarks skipped: they need root and /dev/net/tun"
	exit 0
fi
for tool in ip nc timeout; do
	command -v $tool >/dev/null || { echo "# tun benchmarks skipped: no $tool"; exit 0; }
done

NS=synack-bench-$$
NSA=$NS-a
NSB=$NS-b
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	for n in "$NS" "$NSA" "$NSB"; do ip netns del "$n" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
gbit() { awk -v b="$BYTES" -v ns="$1" 'BEGIN { printf "%.2f", b * 8 / ns }'; }

ip netns add "$NS" && ip netns exec "$NS" ip link set lo up || exit 1

# synack on the TUN device: the kernel sends to us (--discard), then we
# send to the kernel (--source); the clock runs on the kernel side, from
# connect to the end of the stream.
tun_run() { # mtu direction port
	local mtu=$1 dir=$2 port=$3 svc t0 t1 lp
	if [ "$dir" = to_synack ]; then svc=(--discard); else svc=(--source "$BYTES"); fi
	ip netns exec "$NS" timeout 300 "$SYNACK" listen --tun sab0 --addr 10.9.0.2 \
		--host-addr 10.9.0.1/24 --mtu "$mtu" --quiet --count 1 "${svc[@]}" "$port" \
		>/dev/null 2>"/tmp/$NS.log" &
	lp=$!
	PIDS+=("$lp")
	for _ in $(seq 100); do
		grep -q "listening on" "/tmp/$NS.log" 2>/dev/null && break
		sleep 0.05
	done
	t0=$(now_ns)
	if [ "$dir" = to_synack ]; then
		head -c "$BYTES" /dev/zero | ip netns exec "$NS" timeout 300 nc -N 10.9.0.2 "$port"
	else
		ip netns exec "$NS" timeout 300 nc -d 10.9.0.2 "$port" >/dev/null
	fi
	t1=$(now_ns)
	wait "$lp"
	rm -f "/tmp/$NS.log"
	echo $((t1 - t0))
}

# the same transfer between two kernels over a veth pair
ip netns add "$NSA" && ip netns add "$NSB" || exit 1
ip link add "sbv$$a" type veth peer name "sbv$$b" || exit 1
ip link set "sbv$$a" netns "$NSA"
ip link set "sbv$$b" netns "$NSB"
veth_setup() { # mtu
	ip netns exec "$NSA" ip link set "sbv$$a" mtu "$1" up
	ip netns exec "$NSB" ip link set "sbv$$b" mtu "$1" up
}
ip netns exec "$NSA" ip addr add 10.10.0.1/24 dev "sbv$$a"
ip netns exec "$NSB" ip addr add 10.10.0.2/24 dev "sbv$$b"
veth_run() { # mtu port
	local t0 t1 lp
	veth_setup "$1"
	ip netns exec "$NSB" timeout 300 nc -l -d "$2" >/dev/null &
	lp=$!
	PIDS+=("$lp")
	sleep 0.3
	t0=$(now_ns)
	head -c "$BYTES" /dev/zero | ip netns exec "$NSA" timeout 300 nc -N 10.10.0.2 "$2"
	t1=$(now_ns)
	wait "$lp"
	echo $((t1 - t0))
}

port=7000
for mtu in 1500 65535; do
	vt=$(veth_run $mtu $((port++)))
	vg=$(gbit "$vt")
	echo "veth_kernel_to_kernel_${MIB}MiB_mtu$mtu $vg Gbit/s"
	for dir in to_synack from_synack; do
		t=$(tun_run $mtu $dir $((port++)))
		g=$(gbit "$t")
		echo "tun_kernel_${dir}_${MIB}MiB_mtu$mtu $g Gbit/s"
		echo "tun_${dir}_vs_veth_mtu$mtu $(awk -v a="$g" -v b="$vg" 'BEGIN { printf "%.2f", a / b }') x"
	done
done
