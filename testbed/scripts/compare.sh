#!/bin/bash
# Print the results of the same programs on two hosts side by side: ours
# (our 6.1 backend) and the reference host (mainline's KVM), from the
# "RESULT LABEL VERDICT" lines of their console logs. Our results may
# come from several runs (suites).
#
#   compare.sh REFERENCE.log OURS.log...
set -euo pipefail

ref=$1
shift

results() {
	local f
	for f in "$@"; do
		[ -r "$f" ] || continue
		sed -n 's/^RESULT \([^ ]*\) \(PASS\|FAIL\|SKIP\).*/\1 \2/p' "$f"
	done | sort -u -k1,1
}

printf '%-44s %-10s %s\n' test "6.1 (ours)" "mainline"
join -a 1 -a 2 -e - -o 0,1.2,2.2 <(results "$@") <(results "$ref") |
	while read -r label ours mainline; do
		printf '%-44s %-10s %s\n' "$label" "$ours" "$mainline"
	done
