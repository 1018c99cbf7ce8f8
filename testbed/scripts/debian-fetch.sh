#!/bin/bash
# Download the newest version of a Debian package that the machine's own
# apt sources do not have (sid and forky, loong64 and all), through a
# private apt configuration kept in CACHE/apt. The machine's sources are
# never read or changed, and nothing is installed.
#
#   debian-fetch.sh CACHE DESTDIR NAME-REGEX [SUITE]
#
# With SUITE (for example trixie), only that suite is read, through its
# own state in CACHE/apt-SUITE.
# Of the packages whose names match NAME-REGEX (anchored), the newest
# version that downloads wins (an index can list pool files that 404).
# Prints "fetch: NAME VERSION" on stderr and the .deb's path on stdout.
# Files are kept in DESTDIR by name and version; without the network the
# newest file already there is used.
set -euo pipefail

cache=$1 dest=$2 regex=$3 suite=${4:-}
apt=$cache/apt${suite:+-$suite}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$dest"
# sources NAME: read the suite NAME
sources() {
	echo "deb [arch=loong64,all] $mirror $1 main" >"$apt/sources.list"
}
# Does the index read last say that stable is SUITE? (see below)
stable_read_as_suite() {
	grep -qsx "Codename: $suite" "$apt"/lists/*_dists_stable_InRelease
}
if [ -n "$suite" ]; then
	if stable_read_as_suite; then
		sources stable
	else
		sources "$suite"
	fi
else
	cat >"$apt/sources.list" <<EOF
deb [arch=loong64,all] $mirror sid main
deb [arch=loong64,all] $mirror forky main
EOF
fi
# The archive reachable here can be a frozen copy whose sid and forky
# Release files are past their Valid-Until date: apt then refuses them
# ("Release file ... is expired"). These are test subjects, fetched over
# the same channel as the machine's own packages; accept the date.
opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
	-o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$apt/lists"
	-o "Dir::State::Status=$apt/status"
	-o "Dir::Cache=$apt/cache"
	-o APT::Architecture=loong64 -o APT::Architectures::=loong64
	-o Acquire::Check-Valid-Until=false
	-o Debug::NoLocking=1 -q)
touch "$apt/status"

cached() {
	local f
	f=$(find "$dest" -maxdepth 1 -name '*.deb' | grep -E "/$regex"_ |
		sort -V | tail -n 1)
	[ -n "$f" ] || return 1
	echo "fetch: no index, using the cached $(basename "$f")" >&2
	echo "$f"
}

update() {
	apt-get "${opts[@]}" update >"$apt/update.log" 2>&1
}

# A mirror can serve a suite's Packages files older than its InRelease
# (seen here with trixie, whose index then fails its checksums): read the
# "stable" alias instead if its Release file says that it is SUITE.
stable_is_suite() {
	[ -n "$suite" ] || return 1
	echo "fetch: $suite's index does not read, trying stable" >&2
	sources stable
	update && stable_read_as_suite
}

# A day-old index is fresh enough; refresh it otherwise.
if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*Packages*' -mmin -1440)" ]; then
	[ -z "$suite" ] || sources "$suite"
	if ! update && ! stable_is_suite; then
		cat "$apt/update.log" >&2
		cached && exit 0
		echo "fetch: cannot read the package index" >&2
		exit 1
	fi
fi

candidates=$(apt-cache "${opts[@]}" pkgnames | { grep -E "^($regex)\$" || :; } |
	while read -r name; do
		apt-cache "${opts[@]}" madison "$name" |
			awk -v n="$name" '{ print n, $3 }'
	done | sort -u | sort -k2,2Vr -k1,1Vr)
if [ -z "$candidates" ]; then
	cached && exit 0
	echo "fetch: no package matches ^($regex)\$" >&2
	exit 1
fi
while read -r name version; do
	pattern="${name}_${version//:/%3a}_*.deb"
	file=$(find "$dest" -maxdepth 1 -name "$pattern" | head -n 1)
	if [ -z "$file" ]; then
		(cd "$dest" && apt-get "${opts[@]}" download "$name=$version" \
			>/dev/null 2>"$apt/download.err") || {
			echo "fetch: $name $version does not download, trying older" >&2
			continue
		}
		file=$(find "$dest" -maxdepth 1 -name "$pattern" | head -n 1)
	fi
	echo "fetch: $name $version" >&2
	echo "$file"
	exit 0
done <<<"$candidates"
echo "fetch: no version of ^($regex)\$ downloads" >&2
cached
