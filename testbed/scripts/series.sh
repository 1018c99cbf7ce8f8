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

# Overlay areas and the subject of the commit that adds each.
areas=(
	"arch/loongarch/include/uapi|LoongArch: KVM: Add the userspace ABI headers"
	"arch/loongarch/include/asm|LoongArch: KVM: Add the backend's kernel headers"
	"arch/loongarch/kvm|LoongArch: KVM: Add the KVM backend"
	"Documentation|Documentation: KVM: Describe the LoongArch backend"
	"tools|KVM: selftests: Add LoongArch support and tests"
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
	dir=${area%%|*}
	[ -d "$repo/$dir" ] || continue
	mkdir -p "$dir"
	cp -r "$repo/$dir/." "$dir/"
	git add "$dir"
	git diff --cached --quiet || git commit -q -m "${area#*|}"
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
