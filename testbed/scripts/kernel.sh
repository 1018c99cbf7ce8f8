#!/bin/bash
# Assemble the kernel tree and build it.
#
#   kernel.sh REPO CACHE CROSS_COMPILE OUT [CONFIG]
#
# The tree is Debian's linux-source-6.1 with the repository's kernel files
# (its overlay) copied in and patches/linux/*.patch applied in order. It is
# assembled afresh in a staging copy (hard links to a pristine unpack) and
# synced into CACHE/tree by content, so only files whose content changed get
# a new time stamp and the build in CACHE/obj-CONFIG stays incremental.
# vmlinux, the installed modules and the uapi headers end up in OUT. The
# configuration is "make allnoconfig" with testbed/config/kernel.config
# and debug.config; CONFIG "production" is kernel.config with
# production.config and KVM built in, as Debian's kernels have it (no
# debug options), what make bench measures; "kvm-builtin" is the test kernel
# with KVM built in, for a vmlinux only;
# CONFIG "guest" the 6.1 guest that QEMU -accel kvm boots on the testbed
# host (testbed/config/guest.config), vmlinux and its EFI application
# vmlinux.efi only; CONFIG "layout-L" the test kernel with the page-table
# layout L (one of 6.1's choices, such as 4KB_4LEVEL) instead of 16 KiB
# pages in 3 levels.
set -euo pipefail

repo=$(cd "$1" && pwd)
cache=$2
cross=$3
out=$4
config=${5:-kernel}
pristine=$cache/pristine
stage=$cache/stage
tree=$cache/tree
obj=$cache/obj-$config
overlay_dirs="arch Documentation include"

mkdir -p "$cache" "$out"
# The unpack is Debian's version of the moment: a newer one replaces it
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)

# What OUT was built from: when nothing of it changed, OUT is up to date
# and neither the tree nor the build is touched (staging the tree and a
# make that finds nothing to do cost every suite that asks). Checked
# before the lock, so that a build of another configuration going on does
# not hold up one that is done.
inputs=$( {
	echo "$version $config $cross"
	cat "$0" "$repo"/testbed/config/*.config
	for d in $overlay_dirs patches/linux; do
		if [ -d "$repo/$d" ]; then (cd "$repo" && find "$d" -type f); fi
	done | LC_ALL=C sort | (cd "$repo" && xargs -r sha256sum)
} | sha256sum | cut -d' ' -f1)
stamp=$out/.kernel-$config.inputs
# What a finished build of CONFIG leaves in OUT
products() {
	echo "$out/vmlinux"
	case $config in
	kvm-builtin) ;;
	guest) echo "$out/vmlinux.efi" ;;
	*) echo "$out/modroot" "$out/usr" ;;
	esac
}
up_to_date() {
	local f

	[ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ] || return 1
	for f in $(products); do
		[ -e "$f" ] || return 1
	done
}
if up_to_date; then
	echo "kernel: $config is up to date in $out"
	exit 0
fi
rm -f "$stamp"

exec 9>"$cache/lock"
flock 9

if [ "$(cat "$pristine/.unpacked" 2>/dev/null)" != "$version" ]; then
	rm -rf "$pristine" && mkdir -p "$pristine"
	tar -C "$pristine" --strip-components=1 -xf /usr/src/linux-source-6.1.tar.xz
	echo "$version" >"$pristine/.unpacked"
fi

rm -rf "$stage"
cp -al "$pristine" "$stage"
rm "$stage/.unpacked"
for d in $overlay_dirs; do
	[ -d "$repo/$d" ] || continue
	(cd "$repo" && find "$d" -type f) | while read -r f; do
		if [ -e "$pristine/$f" ]; then
			echo "kernel: $f exists in 6.1; change it with a patch" >&2
			exit 1
		fi
		mkdir -p "$stage/$(dirname "$f")"
		cp --remove-destination "$repo/$f" "$stage/$f"
	done
done
for p in "$repo"/patches/linux/*.patch; do
	[ -e "$p" ] || continue
	# Never write through a hard link into the pristine tree.
	sed -n 's|^+++ b/||p' "$p" | while read -r f; do
		if [ "$stage/$f" -ef "$pristine/$f" ]; then
			cp --remove-destination "$pristine/$f" "$stage/$f"
		fi
	done
	if ! patch -d "$stage" -p1 -s -f --no-backup-if-mismatch <"$p"; then
		echo "kernel: $(basename "$p") does not apply; rejected hunks are in $stage" >&2
		exit 1
	fi
done
mkdir -p "$tree"
rsync -rl --checksum --delete "$stage/" "$tree/"
rm -rf "$stage"

kmake() {
	make -C "$tree" O="$obj" ARCH=loongarch CROSS_COMPILE="$cross" "$@"
}

mkdir -p "$obj"
fragment=$obj/config-fragment
test_config() {
	cat "$repo/testbed/config/kernel.config" "$repo/testbed/config/debug.config"
}
case $config in
kernel)
	test_config >"$fragment" ;;
production)
	{
		sed 's/^CONFIG_KVM=m$/CONFIG_KVM=y/' \
			"$repo/testbed/config/kernel.config"
		cat "$repo/testbed/config/production.config"
	} >"$fragment" ;;
guest)
	cp "$repo/testbed/config/guest.config" "$fragment" ;;
kvm-builtin)
	test_config | sed 's/^CONFIG_KVM=m$/CONFIG_KVM=y/' >"$fragment" ;;
layout-[0-9]*KB_[0-9]LEVEL)
	{
		test_config | grep -v '^CONFIG_PAGE_SIZE_'
		echo "CONFIG_${config#layout-}=y"
	} >"$fragment" ;;
*)
	echo "kernel: unknown configuration $config" >&2
	exit 1 ;;
esac
kmake -s KCONFIG_ALLCONFIG="$fragment" allnoconfig
# Every option the fragment asks for must have survived the dependencies.
bad=$(grep -E '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)$' "$fragment" |
	while read -r line; do
		grep -qxF -- "$line" "$obj/.config" || echo "  $line"
	done)
if [ -n "$bad" ]; then
	printf 'kernel: %s options that did not take:\n%s\n' "$config" "$bad" >&2
	exit 1
fi

case $config in
kvm-builtin)
	kmake -j"$(nproc)" vmlinux ;;
guest)
	kmake -j"$(nproc)" vmlinux vmlinux.efi
	cp "$obj/arch/loongarch/boot/vmlinux.efi" "$out/vmlinux.efi" ;;
*)
	kmake -j"$(nproc)" vmlinux modules
	rm -rf "${out:?}/modroot" "${out:?}/usr"
	kmake -s INSTALL_MOD_PATH="$out/modroot" INSTALL_MOD_STRIP=1 \
		modules_install
	kmake -s INSTALL_HDR_PATH="$out/usr" headers_install ;;
esac
cp "$obj/vmlinux" "$out/vmlinux"
echo "$inputs" >"$stamp"
