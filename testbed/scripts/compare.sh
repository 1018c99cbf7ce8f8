#!/bin/bash
# Print the results of two runs of the same programs side by side: ours
# (our 6.1 backend) and the reference host's (mainline's KVM), from the
# "RESULT LABEL VERDICT" lines of their console logs.
#
#   compare.sh OURS.log REFERENCE.log
set -euo pipefail

results() {
	[ -r "$1" ] || return 0
	sed -n 's/^RESULT \([^ ]*\) \(PASS\|FAIL\|SKIP\).*/\1 \2/p' "$1"
}

printf '%-36s %-10s %s\n' program "6.1 (ours)" "mainline"
join -a 1 -a 2 -e - -o 0,1.2,2.2 \
	<(results "$1" | sort -k1,1) <(results "$2" | sort -k1,1) |
	while read -r label ours ref; do
		printf '%-36s %-10s %s\n' "$label" "$ours" "$ref"
	done
