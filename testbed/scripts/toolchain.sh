#!/bin/bash
# Build the loongarch64-linux-gnu cross toolchain (binutils, a C-only GCC,
# glibc for static test programs) from Debian's source packages into
# $1, a directory keyed on the versions. Re-running with a complete
# install does nothing; each stage leaves a stamp so an interrupted build
# resumes at the stage that did not finish.
set -euo pipefail

prefix=$1
target=loongarch64-linux-gnu
sysroot=$prefix/sysroot
work=$prefix/build
jobs=$(nproc)
export PATH=$prefix/bin:$PATH

done_stage() { [ -e "$prefix/.stamp-$1" ]; }
mark_stage() { touch "$prefix/.stamp-$1"; }

unpack() {	# unpack TARBALL into $work/SRCDIR once
	[ -d "$work/$2" ] || tar -C "$work" -xf "$1"
}

mkdir -p "$work" "$sysroot"

# Built without debug information (the tools and glibc): nobody debugs
# them here, and -g makes GCC's own C++ build much slower. Programs built
# with the toolchain keep their own flags.
export CFLAGS=-O2 CXXFLAGS=-O2

if ! done_stage binutils; then
	unpack /usr/src/binutils/binutils-2.40.tar.xz binutils-2.40
	rm -rf "$work/b-binutils" && mkdir "$work/b-binutils"
	(cd "$work/b-binutils" &&
	 ../binutils-2.40/configure --target=$target --prefix="$prefix" \
		--with-sysroot="$sysroot" --disable-nls --disable-werror \
		--disable-gdb --disable-sim --disable-gprofng &&
	 make -j"$jobs" && make install)
	mark_stage binutils
fi

if ! done_stage gcc; then
	unpack /usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz gcc-12.2.0
	mkdir -p "$work/b-gcc"
	(cd "$work/b-gcc" &&
	 ../gcc-12.2.0/configure --target=$target --prefix="$prefix" \
		--with-sysroot="$sysroot" --enable-languages=c \
		--without-headers --with-newlib --disable-shared \
		--disable-threads --disable-multilib --disable-nls \
		--disable-libssp --disable-libgomp --disable-libquadmath \
		--disable-libatomic --disable-libitm --disable-libsanitizer \
		--disable-libstdcxx --disable-bootstrap --disable-lto \
		--disable-plugin &&
	 make -j"$jobs" all-build-libiberty configure-gcc &&
	 # The Debian tarball has its documentation stripped, and tm.texi
	 # cannot be regenerated from it: a stamp newer than genhooks tells
	 # make the documentation is up to date.
	 make -C gcc build/genhooks && touch gcc/s-tm-texi &&
	 make -j"$jobs" all-gcc all-target-libgcc &&
	 make install-gcc install-target-libgcc)
	# A static link asks for libgcc_eh; a --disable-shared libgcc.a
	# already holds the unwinder.
	libgcc=$(dirname "$("$prefix/bin/$target-gcc" -print-libgcc-file-name)")
	ln -sf libgcc.a "$libgcc/libgcc_eh.a"
	mark_stage gcc
fi

if ! done_stage headers; then
	unpack /usr/src/linux-source-6.1.tar.xz linux-source-6.1
	make -C "$work/linux-source-6.1" ARCH=loongarch \
		INSTALL_HDR_PATH="$sysroot/usr" headers_install
	mark_stage headers
fi

if ! done_stage glibc; then
	unpack /usr/src/glibc/glibc-2.36.tar.xz glibc-2.36
	mkdir -p "$work/b-glibc"
	# There is no C++ compiler for the target. Left to itself, configure
	# adopts the host g++ (it links host programs fine) and the build
	# then fails linking a C++ test program; one that cannot link makes
	# configure drop C++.
	(cd "$work/b-glibc" &&
	 ../glibc-2.36/configure --host=$target --prefix=/usr CXX=false \
		--with-headers="$sysroot/usr/include" --disable-werror \
		--disable-nscd --disable-profile --enable-static-pie=no &&
	 make -j"$jobs" &&
	 # The manual is stripped from the tarball, so "install" stops
	 # there; keep going, then write the ABI stubs header it skips from
	 # the per-directory lists of functions that are only stubs.
	 { make -k install DESTDIR="$sysroot" || true; } &&
	 cat ./*/stubs | sort -u >"$sysroot/usr/include/gnu/stubs-lp64.h")
	mark_stage glibc
fi

# GCC was built before glibc, so its limits.h does not go on to glibc's
# (no PATH_MAX, no POSIX limits). Made as GCC makes it when the target's
# headers are there from the start.
if ! done_stage limits; then
	unpack /usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz gcc-12.2.0
	libgcc=$(dirname "$("$prefix/bin/$target-gcc" -print-libgcc-file-name)")
	(cd "$work/gcc-12.2.0/gcc" && cat limitx.h glimits.h limity.h) \
		>"$libgcc/include-fixed/limits.h"
	mark_stage limits
fi

if ! done_stage check; then
	printf '#include <limits.h>\n#include <stdio.h>\nint main(void){printf("%%d\\n", PATH_MAX);return 0;}\n' >"$work/t.c"
	$target-gcc -static -O2 -o "$work/t" "$work/t.c"
	mark_stage check
fi
echo "toolchain ready in $prefix"
