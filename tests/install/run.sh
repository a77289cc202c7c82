#!/usr/bin/env bash
# Installs synack into a scratch root as a distribution package would
# (make install DESTDIR=... PREFIX=/usr) and uses it the way a user of a
# C library does: pkg-config finds it, examples/hello.c compiles against
# the installed headers and links against the installed shared libraries,
# and runs.  Also checks what the shared libraries export (synack_*
# only), their sonames and links, the man pages and `synack --version`.
#
# usage: tests/install/run.sh   (from anywhere; builds what it needs)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(mktemp -d)
WORK=$(mktemp -d)
trap 'rm -rf "$ROOT" "$WORK"' EXIT
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "install: ok   $*"; }
bad() { FAILED=$((FAILED + 1)); echo "install: FAIL $*"; }

if ! make -s install DESTDIR="$ROOT" PREFIX=/usr BUILD="${BUILD:-build}" >"$WORK/make.log" 2>&1; then
	bad "make install DESTDIR=... PREFIX=/usr"
	tail -20 "$WORK/make.log"
	echo "install: $PASSED passed, $FAILED failed"
	exit 1
fi
ok "make install DESTDIR=... PREFIX=/usr"

LIB=$ROOT/usr/lib
VERSION=$(sed -n 's/^#define SYNACK_VERSION "\(.*\)"$/\1/p' include/synack.h)
MAJOR=${VERSION%%.*}

for f in usr/include/synack.h usr/include/synack_sim.h usr/include/synack_tun.h \
	usr/include/synack_pcap.h usr/include/synack_host.h usr/include/synack_link.h usr/bin/synack \
	usr/lib/libsynack.a usr/lib/libsynack-host.a \
	usr/lib/pkgconfig/synack.pc usr/lib/pkgconfig/synack-engine.pc \
	usr/share/man/man1/synack.1 usr/share/man/man3/synack.3; do
	[ -e "$ROOT/$f" ] && ok "installed /$f" || bad "missing /$f"
done

# libsynack.so -> libsynack.so.MAJOR -> libsynack.so.VERSION, soname MAJOR
for lib in libsynack libsynack-host; do
	if [ "$(readlink "$LIB/$lib.so")" = "$lib.so.$MAJOR" ] &&
		[ "$(readlink "$LIB/$lib.so.$MAJOR")" = "$lib.so.$VERSION" ] &&
		[ -f "$LIB/$lib.so.$VERSION" ]; then
		ok "$lib.so -> $lib.so.$MAJOR -> $lib.so.$VERSION"
	else
		bad "$lib links: $(ls -l "$LIB" | grep "$lib" | tr '\n' ' ')"
	fi
	soname=$(readelf -d "$LIB/$lib.so.$VERSION" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	[ "$soname" = "$lib.so.$MAJOR" ] && ok "$lib soname $soname" || bad "$lib soname '$soname'"
	# Only the public interface is exported.
	others=$(nm -D --defined-only "$LIB/$lib.so.$VERSION" | awk '{print $3}' | grep -v '^synack_')
	n=$(nm -D --defined-only "$LIB/$lib.so.$VERSION" | grep -c ' synack_')
	if [ -z "$others" ] && [ "$n" -gt 5 ]; then
		ok "$lib exports only synack_* symbols ($n)"
	else
		bad "$lib exports other symbols: $others"
	fi
done

# pkg-config against the scratch root, as a cross or staged build would.
export PKG_CONFIG_SYSROOT_DIR=$ROOT PKG_CONFIG_PATH=$LIB/pkgconfig PKG_CONFIG_LIBDIR=$LIB/pkgconfig
if [ "$(pkg-config --modversion synack)" = "$VERSION" ] &&
	[ "$(pkg-config --modversion synack-engine)" = "$VERSION" ]; then
	ok "pkg-config --modversion synack synack-engine: $VERSION"
else
	bad "pkg-config --modversion: '$(pkg-config --modversion synack 2>&1)'"
fi
flags=$(pkg-config --cflags --libs synack)
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -o "$WORK/hello" examples/hello.c $flags 2>"$WORK/cc.log"; then
	ok "examples/hello.c compiles against the installed library ($flags)"
else
	bad "examples/hello.c with $flags: $(head -3 "$WORK/cc.log")"
fi
if ldd "$WORK/hello" 2>/dev/null | grep -q "libsynack.so.$MAJOR => $LIB/"; then
	ok "hello links the installed libsynack.so.$MAJOR"
elif LD_LIBRARY_PATH=$LIB ldd "$WORK/hello" 2>/dev/null | grep -q "libsynack.so.$MAJOR => $LIB/"; then
	ok "hello links the installed libsynack.so.$MAJOR"
else
	bad "hello does not link libsynack.so.$MAJOR: $(LD_LIBRARY_PATH=$LIB ldd "$WORK/hello" 2>&1 | grep synack)"
fi
if out=$(LD_LIBRARY_PATH=$LIB "$WORK/hello" 2>&1) && [ -n "$out" ]; then
	ok "hello runs: $(echo "$out" | tail -1)"
else
	bad "hello: $out"
fi
# The engine alone: a program using no host function links with
# synack-engine and does not pull in the host library.
cat >"$WORK/engine.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "synack.h"
static void rnd(void *u, void *b, size_t n) { (void)u; memset(b, 7, n); }
int main(void)
{
	synack_hooks h = {.random = rnd};
	synack_stack *s = synack_stack_new(NULL, &h, NULL);
	if (!s || strcmp(synack_version(), SYNACK_VERSION) != 0)
		return 1;
	printf("engine %s, next deadline %llu\n", synack_version(),
	       (unsigned long long)synack_next_deadline(s));
	synack_stack_free(s);
	return 0;
}
C
# shellcheck disable=SC2046
if cc -std=c11 -Wall -Werror -o "$WORK/engine" "$WORK/engine.c" $(pkg-config --cflags --libs synack-engine) 2>"$WORK/cc.log" &&
	LD_LIBRARY_PATH=$LIB "$WORK/engine" >/dev/null &&
	! LD_LIBRARY_PATH=$LIB ldd "$WORK/engine" | grep -q libsynack-host; then
	ok "a program using the engine alone links with synack-engine only"
else
	bad "engine-only program: $(head -3 "$WORK/cc.log")"
fi

v=$("$ROOT/usr/bin/synack" --version 2>&1)
[ "$v" = "synack $VERSION" ] && ok "synack --version: $v" || bad "synack --version: '$v'"
for page in man1/synack.1 man3/synack.3; do
	if MANWIDTH=80 man --warnings -l "$ROOT/usr/share/man/$page" >/dev/null 2>"$WORK/man.err" && [ ! -s "$WORK/man.err" ]; then
		ok "man page $page renders without warnings"
	else
		bad "man page $page: $(head -3 "$WORK/man.err")"
	fi
done

echo "install: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
