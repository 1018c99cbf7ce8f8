#!/bin/bash
# Style and build checks:
#  - the kernel's checkpatch --strict over our new kernel files and our
#    kernel patches, QEMU's checkpatch over our QEMU patches;
#  - arch/loongarch/kvm built with W=1 and sparse (C=2): no warnings;
#  - the kernel with KVM built in (the test kernel has it as a module);
#  - the test kernel, KVM as a module, with each page-table LAYOUT.
#
#   lint.sh REPO KCACHE QEMU_DIR CROSS_COMPILE [LAYOUT...]
set -uo pipefail

repo=$(cd "$1" && pwd)
kcache=$2
tree=$kcache/tree
qemu_checkpatch=$3/bin/checkpatch.pl
cross=$4
shift 4
status=0

# Run a check; print its output and the verdict.
run() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "lint: ok: $what"
	else
		echo "$out"
		echo "lint: FAILED: $what"
		status=1
	fi
}

# checkpatch looks for the kernel tree in the current directory
cd "$tree" || exit 1
kcheck="./scripts/checkpatch.pl --strict --quiet --no-summary"
for f in $(cd "$repo" && find arch Documentation include tools -type f 2>/dev/null | sort); do
	run "$f" $kcheck --file "$repo/$f"
done
# A patch that adds a file gets "does MAINTAINERS need updating?": the
# files our base patches add are under arch/loongarch/, which MAINTAINERS
# covers already
for p in "$repo"/patches/linux/*.patch; do
	run "$(basename "$p")" $kcheck --ignore FILE_PATH_CHANGES "$p"
done
for p in "$repo"/testbed/qemu/patches/*.patch; do
	run "$(basename "$p")" perl "$qemu_checkpatch" --no-tree "$p"
done

# W=1 and sparse over the backend, in the test kernel's build. Only our
# files count: 6.1's generic KVM code, headers and asm-offsets.c have
# warnings of their own. So does every use of KVM's statistics
# descriptors, whose type ends in a flexible array ("array of flexible
# structures"), in every architecture.
warnings() {
	flock "$kcache/lock" make -C "$tree" O="$kcache/obj-kernel" \
		ARCH=loongarch CROSS_COMPILE="$cross" W=1 C=2 arch/loongarch/kvm/ \
		2>&1 | grep -E '(arch/loongarch/kvm/[a-z_]+\.|asm/kvm_[a-z]*\.h|uapi/asm/kvm\.h).*(warning|error)' |
		grep -v 'array of flexible structures' && return 1
	return 0
}
run "arch/loongarch/kvm with W=1 C=2" warnings

# KVM built in: the same tree with CONFIG_KVM=y
run "kernel with KVM built in" bash "$repo/testbed/scripts/kernel.sh" \
	"$repo" "$kcache" "$cross" "$repo/build/kvm-builtin" kvm-builtin
for layout in "$@"; do
	run "kernel and kvm.ko with the $layout layout" bash \
		"$repo/testbed/scripts/kernel.sh" "$repo" "$kcache" "$cross" \
		"$repo/build/layout-$layout" "layout-$layout"
done
exit $status
