#!/bin/bash
# Build mainline's KVM selftests for LoongArch, unchanged, from Debian's
# newest linux-source-7.x, and lay out what the testbed runs.
#
#   selftests.sh REPO CACHE CROSS_COMPILE OUTDIR LIST...
#
# The programs are built static with the project's toolchain against that
# tree's uapi headers, and cached in CACHE by Debian version (and by the
# hash of our own selftest files, tools/ of this repository, which are
# built with that tree's selftest library; no file of the tree is
# changed). OUTDIR gets selftests/ with the programs and etc/programs.list
# for the testbed's init, made of the LIST files (testbed/selftests/*.list,
# "LABEL PROGRAM TIMEOUT [ARG...]"). Every program that the tree's
# Makefile.kvm enables for LoongArch must appear in one of the lists of
# testbed/selftests, so that a new upstream test is not silently left out.
set -euo pipefail

repo=$(cd "$1" && pwd)
cache=$2 cross=$3 out=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)

deb=$(bash "$here/debian-fetch.sh" "$cache" "$cache/debs" 'linux-source-7\.[0-9]+')
version=$(basename "$deb" | cut -d_ -f2)
key=$( (cd "$repo" && find tools -type f 2>/dev/null | sort | xargs -r cat;
	cat "$0") | sha256sum | cut -c1-12)
dir=$cache/kvm-selftests-$version-$key
echo "selftests: mainline's KVM selftests of Debian linux-source $version"
# FETCH_ONLY=1 in the environment: the download only
if [ "${FETCH_ONLY:-}" = 1 ]; then
	exit 0
fi

if [ ! -e "$dir/.stamp" ]; then
	work=$(mktemp -d /var/tmp/selftests.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	echo "selftests: building in $dir"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -C "$work" -xJ
	src=$(echo "$work"/linux-source-*)
	# Our own selftests: new files only, beside the tree's
	if [ -d "$repo/tools" ]; then
		(cd "$repo" && find tools -type f) | while read -r f; do
			if [ -e "$src/$f" ]; then
				echo "selftests: $f exists in the tree" >&2
				exit 1
			fi
			mkdir -p "$(dirname "$src/$f")"
			cp "$repo/$f" "$src/$f"
		done
	fi
	make -s -C "$src" ARCH=loongarch CROSS_COMPILE="$cross" \
		INSTALL_HDR_PATH="$work/hdr" headers_install
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
	kvm=(-C "$src/tools/testing/selftests/kvm" ARCH=loongarch
		CROSS_COMPILE="$cross" OUTPUT="$dir.tmp"
		KHDR_INCLUDES="-isystem $work/hdr/include" LDFLAGS=-static)
	make -s "${kvm[@]}" -j"$(nproc)" >"$work/build.log" 2>&1 ||
		{ tail -n 30 "$work/build.log" >&2; exit 1; }
	# The programs Makefile.kvm enables for LoongArch
	make -s "${kvm[@]}" --eval 'print-progs: ; @echo $(TEST_GEN_PROGS)' \
		print-progs | tr ' ' '\n' | sed -n "s|^$dir.tmp/||p" \
		>"$dir.tmp/programs"
	# Ours: the LoongArch halves of the tree's split tests (such as
	# get-reg-list), built as extra programs of that Makefile
	ours=$(cd "$repo/tools/testing/selftests/kvm/loongarch" 2>/dev/null &&
		ls -- *.c | sed 's/\.c$//' | tr '\n' ' ')
	if [ -n "$ours" ]; then
		make -s "${kvm[@]}" TEST_GEN_PROGS_EXTENDED_loongarch="$ours" \
			$(printf "$dir.tmp/%s " $ours) >>"$work/build.log" 2>&1 ||
			{ tail -n 30 "$work/build.log" >&2; exit 1; }
		printf '%s\n' $ours >>"$dir.tmp/programs"
	fi
	rm -rf "$dir" && mv "$dir.tmp" "$dir"
	touch "$dir/.stamp"
fi

# Every program is listed, once or more; every listed program exists
listed=$(cat "$here"/../selftests/*.list | awk '$1 !~ /^#/ && NF { print $2 }' |
	sort -u)
missing=$(comm -23 <(sort -u "$dir/programs") <(echo "$listed"))
unknown=$(comm -13 <(sort -u "$dir/programs") <(echo "$listed"))
if [ -n "$missing$unknown" ]; then
	echo "selftests: not in testbed/selftests/*.list:" $missing >&2
	echo "selftests: listed but not built:" $unknown >&2
	exit 1
fi

rm -rf "$out" && mkdir -p "$out/selftests" "$out/etc"
for list in "$@"; do
	awk '$1 !~ /^#/ && NF' "$list"
done | while read -r label prog rest; do
	[ -e "$out/selftests/$prog" ] || {
		mkdir -p "$(dirname "$out/selftests/$prog")"
		cp "$dir/$prog" "$out/selftests/$prog"
	}
	echo "$label /selftests/$prog $rest"
done >"$out/etc/programs.list"
echo "selftests: $(wc -l <"$out/etc/programs.list") runs of" \
	"$(find "$out/selftests" -type f | wc -l) programs"
