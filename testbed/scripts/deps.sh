#!/bin/bash
# Install the Debian packages the testbed needs. Does nothing when all
# are present.
set -euo pipefail

packages="binutils-source gcc-12-source glibc-source linux-source-6.1
	build-essential flex bison bc libgmp-dev libmpfr-dev libmpc-dev
	texinfo gawk rsync cpio libssl-dev libelf-dev dwarves python3
	ninja-build python3-venv pkg-config libglib2.0-dev libpixman-1-dev
	libzstd-dev libfdt-dev dpkg-dev xz-utils sparse git perl python3-ply
	kmod zstd autoconf automake libtool libltdl-dev file ipxe-qemu"
# The oldest 6.1 we build on: earlier ones (6.1.176, Debian 12's point
# release without its security updates) parse LoongArch's early
# parameters before jump_label_init(), and panic at boot with threadirqs.
min_linux=6.1.192

# dpkg-query exits 1 when any of the packages is unknown to dpkg, which is
# the normal case on a fresh machine: only its output matters here.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $packages \
	2>/dev/null || true)
missing=$(awk '$1 == "ii" { print $2 }' <<<"$installed" | sort |
	comm -13 - <(tr -s ' \t\n' '\n' <<<"$packages" | grep . | sort -u) |
	tr '\n' ' ')
linux_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true
}
have=$(linux_version)
if [ -n "$have" ] && dpkg --compare-versions "$have" lt "$min_linux"; then
	missing+=" linux-source-6.1"
fi

if [ -z "$missing" ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install: $missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
have=$(linux_version)
if dpkg --compare-versions "$have" lt "$min_linux"; then
	echo "deps: linux-source-6.1 $have is older than $min_linux;" \
		"enable Debian 12's security updates (bookworm-security)" >&2
	exit 1
fi
