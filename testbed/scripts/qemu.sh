#!/bin/bash
# Build the testbed's qemu-system-loongarch64: Debian's QEMU 7.2 source
# package with our patch series, into $1. The caller keys $1 on the
# patches, so a finished directory is never rebuilt.
set -euo pipefail

prefix=$1
patches=$2
src=$prefix/src

if [ -x "$prefix/bin/qemu-system-loongarch64" ]; then
	exit 0
fi
rm -rf "$src" && mkdir -p "$src"
(cd "$src" && apt-get source -q --download-only qemu >/dev/null 2>&1 &&
 dpkg-source -x qemu_*.dsc qemu >/dev/null)
for p in "$patches"/*.patch; do
	echo "qemu: applying $(basename "$p")"
	patch -d "$src/qemu" -p1 -s --no-backup-if-mismatch <"$p"
done
mkdir -p "$src/qemu/build"
cd "$src/qemu/build"
../configure --prefix="$prefix" --target-list=loongarch64-softmmu \
	--enable-plugins --disable-install-blobs --disable-docs \
	--disable-werror >configure.log
ninja -j"$(nproc)" qemu-system-loongarch64 tests/plugin/libinsn.so >build.log
install -D qemu-system-loongarch64 "$prefix/bin/qemu-system-loongarch64"
install -D -t "$prefix/plugins" tests/plugin/libinsn.so
install -D ../scripts/checkpatch.pl "$prefix/bin/checkpatch.pl"
rm -rf "$src"
