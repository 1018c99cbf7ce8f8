#!/bin/bash
# The reference host: Debian's newest loong64 Linux 7.x kernel, whose
# mainline KVM is built in, unchanged. The testbed's QEMU boots Debian's
# EFI image (vmlinuz, a zstd-compressed EFI zboot image) directly.
#
#   reference.sh CACHE
#
# Cached by Debian version; prints the image's path.
set -euo pipefail

cache=$1
here=$(cd "$(dirname "$0")" && pwd)

deb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" \
	'linux-binary-7\.[0-9.]+\+deb[0-9]+-loong64')
version=$(basename "$deb" | cut -d_ -f2)
dir=$cache/reference-$version
echo "reference: Debian's Linux $version (mainline KVM built in)" >&2
if [ -e "$dir/vmlinuz" ]; then
	echo "$dir/vmlinuz"
	exit 0
fi

work=$(mktemp -d /var/tmp/reference.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/deb"
vmlinuz=$(find "$work/deb" -name vmlinuz -type f | head -n 1)
[ -n "$vmlinuz" ] || { echo "reference: no vmlinuz in $deb" >&2; exit 1; }
mkdir -p "$dir"
cp "$vmlinuz" "$dir/vmlinuz.tmp"
mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
echo "$dir/vmlinuz"
