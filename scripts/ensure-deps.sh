#!/bin/sh
# Installs what the tests need, if it is missing (Debian packages):
# cmocka (unit tests), tshark (an independent decoder of our pcaps),
# xmllint, Chromium and a CJK font (our SVGs must be well-formed and
# render, Chinese included), and the
# kernel-side peers of the interop tests (curl, OpenBSD nc, python3, ip
# and ss from iproute2), and what the install test uses (pkg-config, man,
# readelf), and clang for the fuzz targets (libFuzzer).
set -e
missing=""
[ -f /usr/include/cmocka.h ] || missing="$missing libcmocka-dev"
command -v tshark >/dev/null 2>&1 || missing="$missing tshark"
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# a Chinese SVG must be drawn with CJK glyphs, not boxes
fc-list :lang=zh family 2>/dev/null | grep -q . || missing="$missing fonts-noto-cjk"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
# the interop tests use OpenBSD nc's -N (shut down writing at EOF) and -d
nc -h 2>&1 | grep -q -- '-N' || missing="$missing netcat-openbsd"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
{ command -v ip && command -v ss; } >/dev/null 2>&1 || missing="$missing iproute2"
# the install test: pkg-config, man (with groff) for the man pages
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v man >/dev/null 2>&1 || missing="$missing man-db"
command -v readelf >/dev/null 2>&1 || missing="$missing binutils"
# the fuzz targets: clang with libFuzzer and the sanitizers' runtimes
command -v clang >/dev/null 2>&1 || missing="$missing clang"
[ -n "$missing" ] || exit 0
echo "ensure-deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing
