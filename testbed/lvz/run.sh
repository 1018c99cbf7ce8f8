#!/bin/bash
# Run every LVZ conformance test image and count the verdicts.
#
#   run.sh QEMU OUTDIR [ELFDIR]
#
# ELFDIR (default ../../build/lvz next to this script) holds NAME.elf as
# built by "make -C testbed/lvz". Each image boots on its own QEMU with
# "-cpu la464,lvz=on", or "lvz=off" for NAME-nolvz.elf (regression guards
# for a CPU without LVZ); LVZ_CPU_ON / LVZ_CPU_OFF override the -cpu
# values. The console goes to the terminal and to OUTDIR/lvz.log; an
# image that does not print "TESTBED: done" (hang, crash, timeout) counts
# as one more failure. OUTDIR/lvz.result gets "passed failed skipped".
set -uo pipefail

qemu=$1 outdir=$2
here=$(cd "$(dirname "$0")" && pwd)
elfdir=${3:-$here/../../build/lvz}
timeout=${LVZ_TIMEOUT:-60}
log=$outdir/lvz.log

# A QEMU without the lvz property has no LVZ: run the guards on plain la464.
if "$qemu" -device la464-loongarch-cpu,help 2>/dev/null | grep -q 'lvz='; then
	cpu_off=${LVZ_CPU_OFF:-la464,lvz=off}
else
	cpu_off=${LVZ_CPU_OFF:-la464}
fi
cpu_on=${LVZ_CPU_ON:-la464,lvz=on}

mkdir -p "$outdir"
: >"$log"
passed=0 failed=0 skipped=0
for elf in "$elfdir"/*.elf; do
	[ -e "$elf" ] || { echo "lvz: no test images in $elfdir"; exit 1; }
	name=$(basename "$elf" .elf)
	case $name in
	*-nolvz) cpu=$cpu_off ;;
	*) cpu=$cpu_on ;;
	esac
	one=$outdir/lvz-$name.log
	echo "=== $name (-cpu $cpu)" | tee -a "$log"
	timeout --foreground -k 5 "$timeout" "$qemu" -M virt -cpu "$cpu" \
		-m 1G -smp 1 -nographic -no-reboot -net none -kernel "$elf" \
		</dev/null 2>&1 | stdbuf -o0 tr -d '\r' | tee "$one" | tee -a "$log"
	status=${PIPESTATUS[0]}
	passed=$((passed + $(grep -c '^RESULT [^ ]* PASS' "$one")))
	failed=$((failed + $(grep -c '^RESULT [^ ]* FAIL' "$one")))
	skipped=$((skipped + $(grep -c '^RESULT [^ ]* SKIP' "$one")))
	if ! grep -q '^TESTBED: done' "$one"; then
		echo "RESULT lvz/$name/harness FAIL no final marker (qemu status $status)" |
			tee -a "$log"
		failed=$((failed + 1))
	fi
	rm -f "$one"
done
echo "$passed $failed $skipped" >"$outdir/lvz.result"
echo "lvz: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
