#!/bin/bash
# Run the kvm suite on test kernels with other page-table layouts: the
# stage-2 code must work with every layout that 6.1 offers.
#
#   check-layouts.sh REPO KCACHE CROSS_COMPILE QEMU OUTDIR LAYOUT...
#
# Each layout L gets its own kernel build (kernel.sh layout-L, in
# KCACHE/obj-layout-L) and boots with the kvm suite's programs and that
# kernel's modules; its results are OUTDIR/results/kvm-L.*.
set -uo pipefail

repo=$(cd "$1" && pwd)
kcache=$2 cross=$3 qemu=$4 out=$5
shift 5
t=$repo/testbed
status=0

for layout in "$@"; do
	lb=$out/layout-$layout
	if ! bash "$t/scripts/kernel.sh" "$repo" "$kcache" "$cross" "$lb" \
		"layout-$layout"; then
		echo "RESULT kvm-$layout FAIL the kernel did not build"
		status=1
		continue
	fi
	MODROOT=$lb/modroot bash "$t/scripts/initramfs.sh" \
		"$out/gen_init_cpio" "$lb/kvm.cpio" "$out/init" \
		"$t/init/bad-patterns" "$out"/tests/kvm/* || status=1
	bash "$t/scripts/run-suite.sh" "kvm-$layout" "$qemu" "$lb/vmlinux" \
		"$lb/kvm.cpio" "$out/results" || status=1
done
exit $status
