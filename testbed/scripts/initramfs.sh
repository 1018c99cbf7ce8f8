#!/bin/bash
# Build an initramfs: the testbed init, its pattern file, the given test
# programs in /tests, when MODROOT is set, the kernel modules under it and,
# when EXTRA_ROOT is set, every file under that directory (executable).
#
#   initramfs.sh GEN_INIT_CPIO OUT INIT PATTERNS [TEST...]
set -euo pipefail

gen=$1 out=$2 init=$3 patterns=$4
shift 4
list=$out.list

{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /proc /sys /tmp /etc /tests /lib; do
		echo "dir $d 0755 0 0"
	done
	echo "file /init $init 0755 0 0"
	echo "file /etc/bad-patterns $patterns 0644 0 0"
	for t in "$@"; do
		echo "file /tests/$(basename "$t") $t 0755 0 0"
	done
	if [ -n "${MODROOT:-}" ] && [ -d "$MODROOT/lib/modules" ]; then
		(cd "$MODROOT" && find lib/modules -type d) |
			sort | sed 's|^\(.*\)$|dir /\1 0755 0 0|'
		(cd "$MODROOT" && find lib/modules -type f) | sort |
			while read -r f; do
				echo "file /$f $MODROOT/$f 0644 0 0"
			done
	fi
	if [ -n "${EXTRA_ROOT:-}" ]; then
		(cd "$EXTRA_ROOT" && find . -mindepth 1 -type d) | sort |
			sed 's|^\.\(.*\)$|dir \1 0755 0 0|'
		(cd "$EXTRA_ROOT" && find . -type f) | sort | sed 's|^\./||' |
			while read -r f; do
				echo "file /$f $EXTRA_ROOT/$f 0755 0 0"
			done
	fi
} | awk '!seen[$0]++' >"$list"
"$gen" -t 0 "$list" >"$out"
