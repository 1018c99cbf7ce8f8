#!/bin/bash
# Export the kernel work as a "git format-patch" series that "git am"
# applies to a pristine 6.1 tree: patches/linux/00*.patch (fixes to the
# base) first, then one commit per overlay area adding our new files, then
# the remaining patches (wiring the new code into existing files).
#
#   series.sh REPO KCACHE OUTDIR
set -euo pipefail

repo=$(cd "$1" && pwd)
pristine=$2/pristine
out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Overlay areas, and the subject and body of the commit that adds each.
areas=(
	"arch/loongarch/include/uapi|LoongArch: KVM: Add the userspace ABI headers|The structures, register ids and attributes of the KVM API on LoongArch, with the numbers and layouts of mainline Linux."
	"arch/loongarch/include/asm|LoongArch: KVM: Add the backend's kernel headers|The VM and vCPU state of the KVM backend, and the instructions of the virtualization extension (LVZ), which binutils 2.40 cannot assemble."
	"arch/loongarch/kvm|LoongArch: KVM: Add the KVM backend|KVM for processors with the virtualization extension (LVZ): the world switch, exits by exception code, MMIO and IOCSR emulation, guest CSRs, the register ABI, interrupts, the guest timer, stage-2 translation and guest IDs. Documentation/virt/kvm/loongarch describes it."
	"Documentation|Documentation: KVM: Describe the LoongArch backend|What the LoongArch KVM backend supports, how it uses the virtualization extension, and its ABI specifics."
)

# A repository with just the upstream files the patches touch: a blob has
# the same hash wherever it is, so the series applies to the full tree.
git init -q "$work/linux"
cd "$work/linux"
git config user.name "LoongArch KVM"
git config user.email "kvm@loongarch.invalid"
for f in $(sed -n 's|^--- a/||p' "$repo"/patches/linux/*.patch | sort -u); do
	mkdir -p "$(dirname "$f")"
	cp "$pristine/$f" "$f"
done
git add -A
git commit -q --allow-empty -m "Linux 6.1 (Debian linux-source-6.1)"
base=$(git rev-parse HEAD)

apply() {
	[ $# -gt 0 ] && [ -e "$1" ] || return 0
	git am -q --committer-date-is-author-date "$@"
}

apply "$repo"/patches/linux/00*.patch
for area in "${areas[@]}"; do
	IFS='|' read -r dir subject body <<<"$area"
	[ -d "$repo/$dir" ] || continue
	mkdir -p "$dir"
	cp -r "$repo/$dir/." "$dir/"
	git add "$dir"
	git diff --cached --quiet ||
		git commit -q -s -m "$subject" -m "$(fold -s -w 72 <<<"$body" | sed 's/ *$//')"
done
if [ -n "$(git status --porcelain)" ]; then
	echo "series: overlay files outside the known areas:" >&2
	git status --porcelain >&2
	exit 1
fi
rest=()
for p in "$repo"/patches/linux/*.patch; do
	case $(basename "$p") in 00*) ;; *) rest+=("$p") ;; esac
done
apply "${rest[@]}"

rm -rf "$out"
git format-patch -q --zero-commit --no-signature -o "$out" "$base"
echo "series: $(ls "$out" | wc -l) patches in $out"
