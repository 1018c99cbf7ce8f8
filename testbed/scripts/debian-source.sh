#!/bin/bash
# Download and unpack a Debian source package of a suite that the
# machine's own apt sources do not have (trixie by default), through a
# private apt configuration kept in CACHE/apt-src-SUITE. The machine's
# sources are never read or changed, and nothing is installed.
#
#   debian-source.sh CACHE DESTDIR SOURCE-PACKAGE [SUITE[,SUITE...]]
#
# The newest version of SOURCE-PACKAGE that the first suite lists and
# that downloads (an index can list pool files that 404), else that of
# the next suite, and so on, is unpacked (dpkg-source -x, Debian's
# patches applied) into DESTDIR/SOURCE-PACKAGE-VERSION, once per version.
# Prints "source: NAME VERSION (SUITE)" on stderr and the tree's path on
# stdout. Without the network, the newest tree already unpacked is used.
set -euo pipefail

cache=$1 dest=$2 pkg=$3 suites=${4:-trixie}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$dest"

# try_suite SUITE: unpack the newest version of $pkg in SUITE that downloads
try_suite() {
	local suite=$1 apt=$cache/apt-src-$1 version versions upstream tree work
	local opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::State::Status=$apt/status"
		-o "Dir::Cache=$apt/cache"
		-o Acquire::Check-Valid-Until=false
		-o Debug::NoLocking=1 -q)

	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	echo "deb-src $mirror $suite main" >"$apt/sources.list"
	touch "$apt/status"
	# A day-old index is fresh enough
	if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*Sources*' -mmin -1440)" ] &&
	   ! apt-get "${opts[@]}" update >"$apt/update.log" 2>&1; then
		echo "source: cannot read the $suite source index" >&2
		return 1
	fi
	versions=$(apt-cache "${opts[@]}" showsrc "$pkg" 2>/dev/null |
		awk -v p="$pkg" '$1 == "Package:" { ok = ($2 == p) }
			ok && $1 == "Version:" { print $2 }' | sort -Vr -u)
	for version in $versions; do
		upstream=${version#*:}
		tree=$dest/$pkg-$upstream
		if [ ! -f "$tree/.unpacked" ]; then
			work=$dest/.dl-$pkg-$upstream
			rm -rf "$work" "$tree"
			mkdir -p "$work"
			if ! (cd "$work" && apt-get "${opts[@]}" source \
				--download-only "$pkg=$version" >download.log 2>&1); then
				echo "source: $pkg $version ($suite) does not download" >&2
				rm -rf "$work"
				continue
			fi
			if ! dpkg-source --no-check --no-copy -x "$work"/*.dsc \
				"$tree" >"$work/unpack.log" 2>&1; then
				cat "$work/unpack.log" >&2
				echo "source: $pkg $version does not unpack" >&2
				return 1
			fi
			rm -rf "$work"
			touch "$tree/.unpacked"
		fi
		echo "source: $pkg $version ($suite)" >&2
		echo "$tree"
		return 0
	done
	return 1
}

for suite in ${suites//,/ }; do
	try_suite "$suite" && exit 0
done
tree=$(find "$dest" -mindepth 1 -maxdepth 1 -type d -name "$pkg-[0-9]*" \
	-exec test -f {}/.unpacked \; -print | sort -V | tail -n 1)
if [ -n "$tree" ]; then
	echo "source: nothing downloads, using the unpacked $(basename "$tree")" >&2
	echo "$tree"
	exit 0
fi
echo "source: no version of $pkg in $suites downloads" >&2
exit 1
