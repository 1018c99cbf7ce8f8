#!/bin/bash
# Boot the testbed with one suite's initramfs, show the console, and turn
# what init printed into a verdict.
#
#   run-suite.sh SUITE QEMU VMLINUX INITRAMFS OUTDIR [QEMU ARGS...]
#
# TESTBED_APPEND adds to the kernel's command line.
# The console goes to the terminal and to OUTDIR/SUITE.log. The counts go
# to OUTDIR/SUITE.result as "passed failed skipped". A run without init's
# final marker (a hang, a panic, the timeout) and any bad kernel log line
# on the console (testbed/init/bad-patterns) each count as a failure.
set -uo pipefail

suite=$1 qemu=$2 vmlinux=$3 initramfs=$4 outdir=$5
shift 5
here=$(cd "$(dirname "$0")/.." && pwd)
timeout=${TESTBED_TIMEOUT:-1200}
cpus=${TESTBED_CPUS:-4}
cpu=${TESTBED_CPU:-la464,lvz=on}
mem=${TESTBED_MEM:-2048}
log=$outdir/$suite.log

mkdir -p "$outdir"
append="console=ttyS0,115200 earlycon=uart,mmio,0x1fe001e0 rdinit=/init"
# threadirqs: softirqs then never run on the IRQ stack, where 6.1's
# LoongArch unwinder looped and exhausted lockdep's stack trace store
# ("BUG: MAX_STACK_TRACE_ENTRIES too low!"); patch 0006 fixes the loop
# itself, and the option stays until loaded runs show it is not needed.
append+=" panic=-1 threadirqs tb.cpus=$cpus tb.mem=$mem ${TESTBED_APPEND:-}"

# tr unbuffered: what the console printed before a hang or a timeout must
# reach the log, not stay in tr's buffer.
timeout --foreground -k 10 "$timeout" "$qemu" -M virt -cpu "$cpu" \
	-smp "$cpus" -m "${mem}M" -nographic -no-reboot -net none \
	-kernel "$vmlinux" -initrd "$initramfs" -append "$append" "$@" |
	stdbuf -o0 tr -d '\r' | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -c '^RESULT [^ ]* PASS' "$log")
failed=$(grep -c '^RESULT [^ ]* FAIL' "$log")
skipped=$(grep -c '^RESULT [^ ]* SKIP' "$log")
if ! grep -q '^TESTBED: done ' "$log"; then
	echo "RESULT $suite/harness FAIL no final marker (qemu status $status)"
	failed=$((failed + 1))
fi
bad=$(grep -E '^\[ *[0-9]+\.[0-9]+\]' "$log" | grep -F -f "$here/init/bad-patterns")
if [ -n "$bad" ]; then
	echo "RESULT $suite/kernel-log FAIL:"
	echo "$bad" | head -n 5
	failed=$((failed + 1))
fi
echo "$passed $failed $skipped" >"$outdir/$suite.result"
echo "$suite: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
