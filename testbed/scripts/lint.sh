#!/bin/bash
# Style checks: the kernel's checkpatch --strict over our new kernel files
# and our kernel patches, QEMU's checkpatch over our QEMU patches.
#
#   lint.sh REPO KCACHE QEMU_DIR
set -uo pipefail

repo=$(cd "$1" && pwd)
tree=$2/tree
qemu_checkpatch=$3/bin/checkpatch.pl
status=0
overlay_dirs="arch Documentation include tools"

run() {
	local out
	if out=$("$@" 2>&1); then
		echo "lint: ok: ${*: -1}"
	else
		echo "$out"
		echo "lint: FAILED: ${*: -1}"
		status=1
	fi
}

kcheck="$tree/scripts/checkpatch.pl --strict --quiet --no-summary"
cd "$repo"
for d in $overlay_dirs; do
	[ -d "$d" ] || continue
	for f in $(find "$d" -type f | sort); do
		run $kcheck --file "$f"
	done
done
for p in patches/linux/*.patch; do
	run $kcheck "$p"
done
for p in testbed/qemu/patches/*.patch; do
	run perl "$qemu_checkpatch" --no-tree "$p"
done
exit $status
