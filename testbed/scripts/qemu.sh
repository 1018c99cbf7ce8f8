#!/bin/bash
# Build the testbed's qemu-system-loongarch64 and its instruction-count
# plugin: Debian trixie's QEMU 10.0 source package (fetched through a
# private apt configuration by debian-source.sh) with our series, into
# PREFIX. The caller keys PREFIX on the series and this script, so a
# finished directory is never rebuilt.
#
#   qemu.sh PREFIX PATCHES CACHE
#   qemu.sh --check WORKDIR PATCHES CACHE CROSS_COMPILE
#
# With --check, the same source and series are built in WORKDIR (removed
# first and afterwards) with QEMU's own tests for the LoongArch target,
# and those run: the qtests of loongarch64 and the TCG system tests
# (check-tcg, compiled with CROSS_COMPILE), with the NICs' option ROMs
# of Debian's ipxe-qemu.
#
# QEMU 10.0 needs meson 1.5, newer than bookworm's: Debian's meson
# package (architecture all, pure Python) is unpacked and run from the
# build directory, never installed. PREFIX/VERSION records the source
# package's version.
set -euo pipefail

check=
if [ "$1" = --check ]; then
	check=1
	shift
fi
prefix=$1 patches=$2 cache=$3 cross=${4:-}
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "$check" ] && [ -x "$prefix/bin/qemu-system-loongarch64" ]; then
	exit 0
fi
source=$(bash "$here/debian-source.sh" "$cache" "$cache/src" qemu trixie)
mesondeb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" meson)

work=$prefix/work
if [ -n "$check" ]; then
	work=$prefix
	trap 'cd / && rm -rf "$work"' EXIT
fi
rm -rf "$prefix"
mkdir -p "$work"
cp -a "$source" "$work/qemu"
for p in "$patches"/*.patch; do
	echo "qemu: applying $(basename "$p")"
	patch -d "$work/qemu" -p1 -s --no-backup-if-mismatch <"$p"
done
dpkg-deb -x "$mesondeb" "$work/meson"
export PYTHONPATH=$work/meson/usr/lib/python3/dist-packages

mkdir -p "$work/qemu/build"
cd "$work/qemu/build"
log=$work/qemu/build/build.log
options=(--target-list=loongarch64-softmmu --enable-plugins --enable-zstd
	--disable-download --disable-install-blobs --disable-docs
	--disable-werror)
if [ -n "$check" ]; then
	../configure "${options[@]}" --cross-prefix-loongarch64="$cross" \
		>"$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
	echo "qemu: building QEMU $(basename "$source") and its tests" >&2
	make -j"$(nproc)" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
	# Debian's source has no firmware blobs; the virt board's NICs load
	# their option ROMs, which Debian's ipxe-qemu package has: put them
	# in the data directory that the built QEMU searches last
	datadir=$(./qemu-system-loongarch64 -L help | tail -n 1)
	mkdir -p "$datadir"
	ln -sf /usr/lib/ipxe/qemu/*.rom "$datadir/"
	status=0
	make check-qtest-loongarch64 || status=1
	make check-tcg || status=1
	exit $status
fi
if ! { ../configure --prefix="$prefix" "${options[@]}" &&
	ninja -j"$(nproc)" qemu-system-loongarch64 \
		tests/tcg/plugins/libinsn.so; } >"$log" 2>&1; then
	echo "qemu: build failed, the end of $log:" >&2
	tail -n 40 "$log" >&2
	exit 1
fi
install -D qemu-system-loongarch64 "$prefix/bin/qemu-system-loongarch64"
install -D -t "$prefix/plugins" tests/tcg/plugins/libinsn.so
install -D ../scripts/checkpatch.pl "$prefix/bin/checkpatch.pl"
basename "$source" | sed 's/^qemu-//' >"$prefix/VERSION"
echo "qemu: built QEMU $(cat "$prefix/VERSION") with $(find "$patches" \
	-name '*.patch' | wc -l) patches" >&2
cd /
rm -rf "$work"
