#!/bin/bash
# make bench: the per-exit benchmark, ours against mainline's KVM in the
# same testbed, counted in instructions of the testbed machine.
#
#   bench.sh [--profile ROW] QEMU PLUGIN KVM_BENCH OUT PRODUCTION DEBUG \
#	REFERENCE CPIO_ARGS...
#
# QEMU: the testbed's QEMU; PLUGIN: testbed/bench/mark.c built against
# its plugin API; KVM_BENCH: testbed/bench/kvm-bench.c built; PRODUCTION
# and DEBUG: directories with a vmlinux and a modroot of our 6.1 kernel
# in the production configuration (testbed/config/kernel.config) and as
# the test kernel (with debug.config); REFERENCE: Debian's Linux 7.x
# image, KVM built in; CPIO_ARGS: initramfs.sh's arguments after OUT
# (gen_init_cpio, init, patterns, the module test).
#
# Each kernel boots once, alone on one testbed CPU, and runs kvm-bench
# under the plugin. A row's instructions per round trip are (count(n2) -
# count(n1)) / (n2 - n1) of one repetition; the row's value is the mean
# of the first two repetitions that agree within 1%, and its noise the
# difference between those two. A row with no such pair is reported with
# the spread of all its repetitions and makes the script fail. The table
# goes to OUT/table.md.
#
# --profile ROW: only ROW, on the production kernel and on mainline's,
# with the plugin's profile: the functions that the round trips spend
# their instructions in, per round trip, in OUT/NAME.profile.
set -euo pipefail
export TESTBED_CPUS=1

profile=
if [ "${1:-}" = --profile ]; then
	profile=$2
	shift 2
fi
qemu=$1 plugin=$2 kvm_bench=$3 out=$4 production=$5 debug=$6 reference=$7
shift 7
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out" && mkdir -p "$out"

cpio_args=("$@")

# boot NAME VMLINUX MODROOT: one testbed run, its console in OUT/NAME.log
# and the plugin's log in OUT/NAME.marks
boot() {
	local name=$1 vmlinux=$2 root=$out/root-$1 args=${profile:+--kallsyms}

	echo "bench: $name" >&2
	mkdir -p "$root/etc" "$root/bench"
	cp "$kvm_bench" "$root/bench/kvm-bench"
	echo "bench /bench/kvm-bench 36000 $args $profile" >"$root/etc/programs.list"
	EXTRA_ROOT=$root MODROOT=$3 bash "$here/initramfs.sh" \
		"${cpio_args[0]}" "$out/$name.cpio" "${cpio_args[@]:1}"
	if ! TESTBED_TIMEOUT=36000 bash "$here/run-suite.sh" "$name" "$qemu" \
		"$vmlinux" "$out/$name.cpio" "$out" \
		-plugin "$plugin${profile:+,profile=on}" -d plugin \
		-D "$out/$name.marks" >/dev/null; then
		echo "bench: $name failed (see $out/$name.log)" >&2
		exit 1
	fi
}

# rows NAME: "row value noise" per row of OUT/NAME, from its console's
# BENCH lines and its marks, in order; noise is "" for a row whose
# repetitions never agreed (value is then their median)
rows() {
	gawk '
	FNR == 1 { file++ }
	file == 1 && $1 == "BENCH" { row[++n] = $2; iters[n] = $3 }
	file == 2 && $1 == "mark" { if ($2 == 1) start = $3; else d[++m] = $3 - start }
	END {
		if (n != m) { print "bench: " n " measurements, " m " mark pairs" > "/dev/stderr"; exit 1 }
		for (i = 1; i < n; i += 2) {
			r = row[i]
			if (!(r in reps)) order[++nrows] = r
			v[r, ++reps[r]] = (d[i + 1] - d[i]) / (iters[i + 1] - iters[i])
		}
		for (k = 1; k <= nrows; k++) {
			r = order[k]; done = 0
			# the first repetition that agrees with an earlier one
			for (j = 2; j <= reps[r] && !done; j++) {
				for (i = 1; i < j && !done; i++) {
					a = v[r, i]; b = v[r, j]; mean = (a + b) / 2
					if (mean > 0 && (a > b ? a - b : b - a) <= mean / 100) {
						printf "%s %.0f %.1f\n", r, mean, (a > b ? a - b : b - a) * 100 / mean
						done = 1
					}
				}
			}
			if (!done) {
				# insertion sort of the repetitions, for the median and spread
				for (j = 1; j <= reps[r]; j++) s[j] = v[r, j]
				for (j = 2; j <= reps[r]; j++)
					for (i = j; i > 1 && s[i - 1] > s[i]; i--) { t = s[i]; s[i] = s[i - 1]; s[i - 1] = t }
				printf "%s %.0f - %.0f..%.0f\n", r, s[int((reps[r] + 1) / 2)], s[1], s[reps[r]]
			}
		}
	}' "$out/$1.log" "$out/$1.marks"
}

# profile NAME: the functions of the profiled windows, instructions per
# round trip (all of the row's measurements together), most first
profile() {
	gawk '
	FNR == 1 { file++ }
	# "x" + 16 hex digits: compared and sorted as strings
	file == 1 && $1 == "KSYM" { sym["x" $2] = $3 }
	file == 1 && $1 == "BENCH" { trips += $3 }
	file == 2 && $1 == "pc" { pc[$2] += $3 }
	END {
		n = 0
		for (a in sym) addr[++n] = a
		asort(addr)
		for (p in pc) {
			key = sprintf("%16s", p); gsub(/ /, "0", key); key = "x" key
			lo = 1; hi = n; f = "(user or unknown)"
			if (n && key >= addr[1]) {
				while (lo < hi) {
					mid = int((lo + hi + 1) / 2)
					if (addr[mid] <= key) lo = mid; else hi = mid - 1
				}
				f = sym[addr[lo]]
			}
			by[f] += pc[p]
		}
		for (f in by) printf "%10.1f %s\n", by[f] / trips, f
	}' "$out/$1.log" "$out/$1.marks" | sort -rn >"$out/$1.profile"
}

if [ -n "$profile" ]; then
	boot production "$production/vmlinux" "$production/modroot"
	boot mainline "$reference" ""
	for name in production mainline; do
		profile "$name"
		echo "== $name: $profile, instructions per round trip"
		head -n 40 "$out/$name.profile"
	done
	exit 0
fi

boot production "$production/vmlinux" "$production/modroot"
boot mainline "$reference" ""
boot debug "$debug/vmlinux" "$debug/modroot"
rows production >"$out/production.rows"
rows mainline >"$out/mainline.rows"
rows debug >"$out/debug.rows"

label() {
	case $1 in
	hypercall) echo "in-kernel hypercall (hvcl, unknown service function)" ;;
	cpucfg) echo "emulated cpucfg" ;;
	mmio) echo "MMIO store exit to the VMM and back" ;;
	iocsr) echo "IOCSR write exit to the VMM and back" ;;
	fault) echo "stage-2 fault on a fresh page" ;;
	dirty) echo "dirty-log write fault" ;;
	timer) echo "guest timer interrupt to a vCPU in idle" ;;
	ipi-mmio) echo "IPI between vCPUs, KVM_INTERRUPT from the VMM" ;;
	ipi-pv) echo "IPI between vCPUs, PV IPI hypercall" ;;
	*) echo "$1" ;;
	esac
}
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
# cell FILE ROW: "value (noise%)", or "median (noisy: spread)"
cell() {
	local v noise spread

	read -r v noise spread < <(awk -v r="$2" '$1 == r { print $2, $3, $4 }' "$1")
	if [ "$noise" = - ]; then
		echo "$(commas "$v") (noisy: $spread)"
	else
		echo "$(commas "$v") (±$noise%)"
	fi
}
value() { awk -v r="$2" '$1 == r { print $2 }' "$1"; }
status=0
{
	echo "| round trip (testbed instructions) | ours, production | mainline | ours / mainline | ours, debug test kernel |"
	echo "|---|---|---|---|---|"
	while read -r row _; do
		ours=$(value "$out/production.rows" "$row")
		ref=$(value "$out/mainline.rows" "$row")
		printf '| %s | %s | %s | %s | %s |\n' "$(label "$row")" \
			"$(cell "$out/production.rows" "$row")" \
			"$(cell "$out/mainline.rows" "$row")" \
			"$(awk -v a="$ours" -v b="$ref" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
			"$(cell "$out/debug.rows" "$row")"
	done <"$out/production.rows"
} | tee "$out/table.md"
if grep -q ' - ' "$out"/*.rows; then
	echo "bench: rows whose repetitions never agreed within 1% (noisy above)" >&2
	status=1
fi
exit $status
