#!/bin/bash
# Lay out what check-vmm and make run put into the testbed host's
# initramfs (as EXTRA_ROOT): the VMM, two guests and their initramfs
# files, the test program and the program list.
#
#   vmm-root.sh CACHE CROSS_COMPILE OUT GEN_INIT_CPIO GUEST_INIT VMM_TEST \
#               GUEST_EFI LINUX_SRC
#
# OUT/vmm/ gets qemu-system-loongarch64 (vmm.sh); QEMU_EFI.fd, the UEFI
# firmware of Debian's qemu-efi-loongarch64, which starts both guests
# (QEMU's direct boot hands a kernel a device tree, and 6.1 finds its
# devices through ACPI only; it unpacks EFI zboot images compressed with
# gzip only, and Debian's are zstd), from trixie like the VMM (sid's
# EDK2 takes its UART's address from CSR SAVE1 when that is not 0; QEMU
# 10.0 does not clear SAVE1 on reset, so after a guest reboot it polled
# the address the guest kernel had left there, 0xb0, forever);
# linux-6.1.efi, our 6.1 kernel in
# its guest configuration (GUEST_EFI, its EFI stub), with
# initrd-6.1.cpio; linux-debian.vmlinuz, Debian's newest loong64 kernel
# (the vmlinuz of its package, unchanged: an EFI zboot image), with
# initrd-debian.cpio, which adds the modules of Debian's linux-modules
# package of that kernel that the guest needs (virtio-blk, virtio-net);
# and vmm-test. OUT/check/etc/programs.list runs vmm-test once per guest
# (check-vmm); OUT/run/etc/programs.list boots the 6.1 guest once (make
# run). OUT/run/vmm holds hard links to the files of OUT/check/vmm.
# With FETCH_ONLY=1 in the environment, only the downloads are done (the
# other arguments are not used).
set -euo pipefail

cache=$1 cross=$2 out=$3 gen=$4 init=$5 vmmtest=$6 guest=$7 linux=$8
here=$(cd "$(dirname "$0")" && pwd)
# Debian's modules that the guest loads, in this order
modules="failover net_failover virtio_blk virtio_net"

qemu=$(bash "$here/vmm.sh" "$cache" "$cross" "$linux")
firmware=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs-trixie" \
	qemu-efi-loongarch64 trixie)
bindeb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" \
	'linux-binary-7\.[0-9.]+\+deb[0-9]+-loong64')
# The modules package of the same kernel: linux-modules-KVER VERSION
pkg=$(basename "$bindeb" | cut -d_ -f1)
kver=${pkg#linux-binary-}
moddeb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" \
	"linux-modules-${kver//+/\\+}")
[ "$(basename "$moddeb" | cut -d_ -f2)" = "$(basename "$bindeb" | cut -d_ -f2)" ] || {
	echo "vmm-root: $moddeb is not of the version of $bindeb" >&2
	exit 1
}
# FETCH_ONLY=1: the downloads (and what vmm.sh does then) only
if [ "${FETCH_ONLY:-}" = 1 ]; then
	exit 0
fi

rm -rf "$out"
root=$out/check
mkdir -p "$root/vmm" "$root/etc"
work=$(mktemp -d /var/tmp/vmm-root.XXXXXX)
trap 'rm -rf "$work"' EXIT

# initrd NAME [MODULE_FILE...]
initrd() {
	local name=$1 m
	shift
	{
		echo "dir /dev 0755 0 0"
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "dir /lib 0755 0 0"
		echo "dir /lib/modules 0755 0 0"
		echo "file /init $init 0755 0 0"
		for m in "$@"; do
			echo "file /lib/modules/$(basename "$m") $m 0644 0 0"
		done
	} >"$work/$name.list"
	"$gen" -t 0 "$work/$name.list" >"$root/vmm/initrd-$name.cpio"
}

initrd 6.1
dpkg-deb -x "$moddeb" "$work/modules"
files=()
n=0
for m in $modules; do
	f=$(find "$work/modules" -name "$m.ko*" | head -n 1)
	[ -n "$f" ] || { echo "vmm-root: no $m in $moddeb" >&2; exit 1; }
	# Numbered: the guest loads them in name order
	n=$((n + 1))
	cp "$f" "$work/$n-$(basename "$f")"
	files+=("$work/$n-$(basename "$f")")
done
initrd debian "${files[@]}"

dpkg-deb -x "$firmware" "$work/firmware"
cp "$(find "$work/firmware" -name QEMU_EFI.fd)" "$root/vmm/QEMU_EFI.fd"
dpkg-deb -x "$bindeb" "$work/binary"
cp "$(find "$work/binary" -name vmlinuz -type f)" "$root/vmm/linux-debian.vmlinuz"
cp "$qemu" "$root/vmm/qemu-system-loongarch64"
cp "$guest" "$root/vmm/linux-6.1.efi"
cp "$vmmtest" "$root/vmm/vmm-test"
q=/vmm/qemu-system-loongarch64
fw=/vmm/QEMU_EFI.fd
guest61="/vmm/linux-6.1.efi /vmm/initrd-6.1.cpio"
cat >"$root/etc/programs.list" <<EOF
vmm-6.1 /vmm/vmm-test 7200 vmm-6.1 $q $fw $guest61
vmm-debian /vmm/vmm-test 7200 vmm-debian $q $fw /vmm/linux-debian.vmlinuz /vmm/initrd-debian.cpio
EOF
mkdir -p "$out/run/etc"
cp -al "$root/vmm" "$out/run/vmm"
echo "run /vmm/vmm-test 3600 run $q $fw $guest61" >"$out/run/etc/programs.list"
echo "vmm-root: QEMU $(basename "$(dirname "$(dirname "$qemu")")"), guests: 6.1, Debian $kver" >&2
