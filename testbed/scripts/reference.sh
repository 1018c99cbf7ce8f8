#!/bin/bash
# The reference host: Debian's newest loong64 Linux 7.x kernel, whose
# mainline KVM is built in, unchanged, as an ELF file that the testbed's
# QEMU boots directly.
#
#   reference.sh CACHE CROSS_COMPILE
#
# Debian ships the kernel as an EFI image that decompresses itself
# (vmlinuz: "MZ", "zimg", the payload's offset and size at bytes 8 and
# 12, its compression at byte 24). Inside is the raw image, whose header
# gives the physical entry point (byte 8), the size with BSS (byte 16) and
# the load offset from the start of RAM (byte 24). The ELF loads the image
# there, in the direct-mapped window 0x9000000000000000, and starts it at
# the entry point. Cached by Debian version; prints the ELF's path.
set -euo pipefail

cache=$1 cross=$2
here=$(cd "$(dirname "$0")" && pwd)

deb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" \
	'linux-binary-7\.[0-9.]+\+deb[0-9]+-loong64')
version=$(basename "$deb" | cut -d_ -f2)
dir=$cache/reference-$version
echo "reference: Debian's Linux $version (mainline KVM built in)" >&2
if [ -e "$dir/vmlinux.elf" ]; then
	echo "$dir/vmlinux.elf"
	exit 0
fi

work=$(mktemp -d /var/tmp/reference.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/deb"
vmlinuz=$(find "$work/deb" -name vmlinuz -type f | head -n 1)
[ -n "$vmlinuz" ] || { echo "reference: no vmlinuz in $deb" >&2; exit 1; }

# Little-endian integer of $3 bytes at offset $2 of file $1
le() {
	od -An -t u"$3" -j "$2" -N "$3" --endian=little "$1" | tr -d ' '
}
magic() {
	dd if="$1" bs=1 skip="$2" count="$3" status=none
}

if [ "$(magic "$vmlinuz" 0 2)" != MZ ] ||
	[ "$(magic "$vmlinuz" 4 4)" != zimg ] ||
	[ "$(magic "$vmlinuz" 24 4)" != zstd ]; then
	echo "reference: $vmlinuz is not a zstd EFI zboot image" >&2
	exit 1
fi
dd if="$vmlinuz" iflag=skip_bytes,count_bytes skip="$(le "$vmlinuz" 8 4)" \
	count="$(le "$vmlinuz" 12 4)" status=none | zstd -q -d -c >"$work/Image"

image=$work/Image
# The LoongArch image header: "MZ", then the PE magic at 0x38
if [ "$(magic "$image" 0 2)" != MZ ] ||
	[ "$(le "$image" 56 4)" != $((0x818223cd)) ]; then
	echo "reference: no LoongArch kernel image inside $vmlinuz" >&2
	exit 1
fi
entry=$(le "$image" 8 8)
size=$(le "$image" 16 8)
load=$(le "$image" 24 8)
printf 'reference: entry 0x%x, size 0x%x, load offset 0x%x\n' \
	"$entry" "$size" "$load" >&2

# The ELF's segment covers the BSS too, so that QEMU puts the initramfs
# above it; the direct-mapped window only sets the high bits.
cat >"$work/ref.lds" <<EOF
OUTPUT_ARCH(loongarch)
ENTRY(reference_entry)
SECTIONS {
	. = $(printf '0x%x' $((0x9000000000000000 | load)));
	.image : AT($(printf '0x%x' "$load")) {
		image.o(.data)
		. = $(printf '0x%x' "$size");
	}
	reference_entry = $(printf '0x%x' $((0x9000000000000000 | entry)));
}
EOF
(cd "$work" && "${cross}objcopy" -I binary -O elf64-loongarch Image image.o &&
	"${cross}ld" -T ref.lds -o vmlinux.elf image.o)
mkdir -p "$dir"
mv "$work/vmlinux.elf" "$dir/vmlinux.elf"
echo "$dir/vmlinux.elf"
