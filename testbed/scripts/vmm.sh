#!/bin/bash
# Build the VMM that runs on the testbed host: QEMU for a LoongArch host,
# from Debian trixie's qemu source package (QEMU 10.0, upstream code with
# Debian's patches, nothing of ours), loongarch64-softmmu with KVM (and
# TCG, to compare), cross-compiled as one static binary with the
# project's toolchain. Debian's own loong64 binaries cannot run on the
# 6.1 host: they use LSX, which 6.1 does not enable for user programs.
#
#   vmm.sh CACHE CROSS_COMPILE LINUX_SRC
#
# The libraries QEMU needs are built the same way, static, from Debian's
# source packages: zlib, libffi, pcre2 and glib; an assembler that knows
# LSX and LASX (QEMU's LoongArch host code has them in inline assembly,
# used only when the CPU has them, and binutils 2.40 of the toolchain
# predates them): trixie's binutils, for this build only; libfdt from
# the copy of dtc's libfdt in LINUX_SRC (Debian's linux-source-6.1, the
# tree our kernel is built from). Pixman is optional for a QEMU without displays
# and is left out. QEMU 10.0 needs meson 1.5, newer than bookworm's: the
# meson of Debian's archive (architecture all, pure Python) is unpacked
# and run from the cache, never installed.
#
# The result is cached in CACHE/vmm-qemu-VERSION-KEY (KEY: the versions
# used and this script), the assembler and linker in
# CACHE/vmm-binutils-VERSION. Prints "vmm: ..." lines on stderr and the
# binary's path on stdout. With FETCH_ONLY=1 in the environment, only
# the downloads and the assembler and linker (which need nothing but the
# build machine's compiler) are done, and nothing is printed on stdout:
# check.sh does that beside the toolchain's build.
set -euo pipefail

cache=$1 cross=$2 linux=$3
here=$(cd "$(dirname "$0")" && pwd)
host=loongarch64-linux-gnu
jobs=$(nproc)

source_of() {
	bash "$here/debian-source.sh" "$cache" "$cache/src" "$@"
}
qemu=$(source_of qemu trixie)
zlib=$(source_of zlib trixie,sid)
libffi=$(source_of libffi trixie,sid)
pcre2=$(source_of pcre2 trixie,sid)
glib=$(source_of glib2.0 trixie,sid)
binutils=$(source_of binutils trixie,sid)
mesondeb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" meson)

# The assembler and linker
tools=$cache/vmm-$(basename "$binutils")
if [ ! -e "$tools/.done" ]; then
	echo "vmm: building the assembler and linker of $(basename "$binutils")" >&2
	rm -rf "$tools" && mkdir -p "$tools/build"
	(cd "$tools/build" && "$binutils/configure" --target=$host \
		--prefix="$tools" --disable-nls --disable-werror --disable-gdb \
		--disable-gdbserver --disable-sim --disable-gprof \
		--disable-gprofng --disable-libctf &&
	 make -j"$jobs" all-gas all-ld && make install-gas install-ld) \
		>"$tools/build.log" 2>&1 || {
		tail -n 40 "$tools/build.log" >&2
		exit 1
	}
	rm -rf "$tools/build"
	touch "$tools/.done"
fi
if [ "${FETCH_ONLY:-}" = 1 ]; then
	exit 0
fi

version=$(basename "$qemu" | sed 's/^qemu-//')
key=$( (for d in "$qemu" "$zlib" "$libffi" "$pcre2" "$glib" "$binutils" \
	"$mesondeb"; do
	basename "$d"; done; cat "$0") | sha256sum | cut -c1-12)
dir=$cache/vmm-qemu-$version-$key
bin=$dir/bin/qemu-system-loongarch64
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi
echo "vmm: building QEMU $version for a LoongArch host in $dir" >&2

rm -rf "$dir"
work=$dir/work
sysroot=$dir/sysroot
mkdir -p "$work" "$sysroot"
log=$dir/build.log
# Every step's output goes to the log; on failure, its end is shown
trap 'echo "vmm: failed, the end of $log:" >&2; tail -n 40 "$log" >&2' ERR

dpkg-deb -x "$mesondeb" "$work/meson"
export PYTHONPATH=$work/meson/usr/lib/python3/dist-packages
meson=(python3 "$work/meson/usr/bin/meson")
export PKG_CONFIG_LIBDIR=$sysroot/lib/pkgconfig
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
export CC=${cross}gcc AR=${cross}ar RANLIB=${cross}ranlib STRIP=${cross}strip

cat >"$work/cross.ini" <<EOF
[binaries]
c = '${cross}gcc'
cpp = '${cross}g++'
ar = '${cross}ar'
strip = '${cross}strip'
pkg-config = 'pkg-config'

[host_machine]
system = 'linux'
cpu_family = 'loongarch64'
cpu = 'la464'
endian = 'little'

# Debian's libffi.pc says -lffi without its directory
[built-in options]
c_args = ['-I$sysroot/include']
c_link_args = ['-L$sysroot/lib']

# What glib would find out by running programs, for glibc on LoongArch
[properties]
have_c99_vsnprintf = true
have_c99_snprintf = true
have_unix98_printf = true
va_val_copy = true
growing_stack = false
have_strlcpy = false
have_proc_self_cmdline = true
EOF

step() {
	echo "vmm: $1" >&2
	echo "=== $1" >>"$log"
}

step "zlib $(basename "$zlib")"
cp -a "$zlib" "$work/zlib"
(cd "$work/zlib" && CHOST=$host ./configure --static --prefix="$sysroot" &&
	make -j"$jobs" && make install) >>"$log" 2>&1

step "libffi $(basename "$libffi")"
# Debian's libffi source is upstream's git tree: no configure yet
cp -a "$libffi" "$work/libffi"
(cd "$work/libffi" && autoreconf -fi && ./configure --host=$host --prefix="$sysroot" \
	--disable-shared --enable-static --disable-docs --disable-multi-os-directory &&
	make -j"$jobs" && make install) >>"$log" 2>&1

step "pcre2 $(basename "$pcre2")"
mkdir -p "$work/pcre2"
(cd "$work/pcre2" && "$pcre2/configure" --host=$host --prefix="$sysroot" \
	--disable-shared --enable-static --disable-pcre2grep-libz \
	--disable-pcre2grep-libbz2 --disable-pcre2test-libreadline &&
	make -j"$jobs" && make install) >>"$log" 2>&1

step "glib $(basename "$glib")"
"${meson[@]}" setup "$work/glib" "$glib" --cross-file "$work/cross.ini" \
	--prefix="$sysroot" --libdir=lib --wrap-mode=nodownload \
	-Ddefault_library=static -Dtests=false -Dintrospection=disabled \
	-Dnls=disabled -Dlibmount=disabled -Dselinux=disabled -Dxattr=false \
	-Dman-pages=disabled -Ddocumentation=false -Dsysprof=disabled \
	-Dlibelf=disabled -Ddtrace=disabled -Dsystemtap=disabled \
	>>"$log" 2>&1
"${meson[@]}" install -C "$work/glib" >>"$log" 2>&1

step "libfdt of $(basename "$linux")"
mkdir -p "$work/libfdt" "$sysroot/include"
for c in "$linux"/scripts/dtc/libfdt/*.c; do
	"${cross}gcc" -O2 -I"$linux/scripts/dtc/libfdt" -c "$c" \
		-o "$work/libfdt/$(basename "$c" .c).o"
done >>"$log" 2>&1
"${cross}ar" rcs "$sysroot/lib/libfdt.a" "$work"/libfdt/*.o
cp "$linux"/scripts/dtc/libfdt/{libfdt.h,libfdt_env.h,fdt.h} "$sysroot/include/"

step "QEMU $version"
# Meson looks for a static library (libfdt) only where the compiler
# searches, and a cross GCC ignores LIBRARY_PATH: the compiler QEMU gets
# adds our libraries' directory with -B, and the newer assembler and
# linker's. The other tools are the toolchain's.
mkdir -p "$work/bin" "$work/qemu"
for t in "$(dirname "${cross}gcc")"/*; do
	ln -sf "$t" "$work/bin/"
done
rm "$work/bin/$host-gcc"
printf '#!/bin/sh\nexec %s -B%s/ -B%s/ "$@"\n' "${cross}gcc" \
	"$tools/$host/bin" "$sysroot/lib" >"$work/bin/$host-gcc"
chmod +x "$work/bin/$host-gcc"
# Debian's source has no firmware blobs to install; none is needed.
# QEMU's configure would take $CC over the cross prefix.
unset CC AR RANLIB STRIP
(cd "$work/qemu" && PKG_CONFIG=pkg-config "$qemu/configure" \
	--cross-prefix="$work/bin/$host-" --target-list=loongarch64-softmmu \
	--prefix="$dir" --static --disable-download --without-default-features \
	--enable-kvm --enable-tcg --enable-fdt=system --disable-docs \
	--disable-install-blobs --disable-werror \
	--extra-cflags="-I$sysroot/include" &&
	make -j"$jobs" qemu-system-loongarch64) >>"$log" 2>&1
mkdir -p "$dir/bin"
"${cross}strip" -o "$bin" "$work/qemu/qemu-system-loongarch64"
# The firmware comes from Debian's EDK2 package (vmm-root.sh)
rm -rf "$work"
echo "vmm: $(file -b "$bin" | cut -d, -f1-2)" >&2
echo "$bin"
