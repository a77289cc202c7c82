#!/bin/sh
# Installs what the tests need, if it is missing (Debian packages).
set -e
missing=""
[ -f /usr/include/cmocka.h ] || missing="$missing libcmocka-dev"
command -v tshark >/dev/null 2>&1 || missing="$missing tshark"
[ -n "$missing" ] || exit 0
echo "ensure-deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing
