#!/bin/bash
# The README's set-up on a fresh Debian 12 machine: a minimal bookworm
# root made by debootstrap (cached in CACHE as a tarball), a clone of this
# repository in it, and there "make deps", then "make check-boot", which
# builds the toolchain, QEMU and the kernel from nothing. Packages that
# this machine happens to have cannot hide a missing install step there.
#
#   check-fresh.sh REPO CACHE [TARGET...]
#
# TARGETs (default: deps check-boot) are what make runs in the root, in
# order; "deps" alone checks the installs only, in minutes.
#
# Needs root (debootstrap, chroot, mounts). The root has make, as any
# machine that runs the README's commands must; everything else is the
# project's own scripts' job.
set -euo pipefail

repo=$(cd "$1" && pwd)
cache=$2
shift 2
targets=${*:-deps check-boot}
suite=bookworm
mirror=http://deb.debian.org/debian
tarball=$cache/fresh-$suite-minbase.tar
work=$(mktemp -d /var/tmp/check-fresh.XXXXXX)
root=$work/root

if [ "$(id -u)" != 0 ]; then
	echo "check-fresh: needs root" >&2
	exit 1
fi

cleanup() {
	for m in dev/pts dev proc sys; do
		mountpoint -q "$root/$m" && umount -l "$root/$m"
	done
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -s "$tarball" ]; then
	if ! command -v debootstrap >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends debootstrap
	fi
	mkdir -p "$cache" "$work/boot"
	debootstrap --variant=minbase --include=make "$suite" \
		"$work/boot" "$mirror"
	tar -C "$work/boot" -cf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	rm -rf "${work:?}/boot"
fi

mkdir -p "$root"
tar -C "$root" -xf "$tarball"
# The sources of an installed Debian 12 (debootstrap writes only the first)
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
git clone -q "$repo" "$root/work/repo"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"

start=$(date +%s)
status=0
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8 TARGETS="$targets" bash -c \
	'cd /work/repo && for t in $TARGETS; do make "$t" || exit; done' ||
	status=$?
echo "check-fresh: make $targets in a fresh $suite root:" \
	"status $status, $(( ($(date +%s) - start) / 60 )) min"
exit $status
