#!/bin/bash
# make bench: the per-exit benchmark, ours against mainline's KVM in the
# same testbed, counted in instructions of the testbed machine.
#
#   bench.sh [--profile ROW] QEMU PLUGIN KVM_BENCH OUT PRODUCTION DEBUG \
#	REFERENCE SELFTESTS VMM_DIR CPIO_ARGS...
#
# QEMU: the testbed's QEMU; PLUGIN: testbed/bench/mark.c built against
# its plugin API; KVM_BENCH: testbed/bench/kvm-bench.c built; PRODUCTION
# and DEBUG: directories with a vmlinux and a modroot of our 6.1 kernel
# in the production configuration (testbed/config/kernel.config) and as
# the test kernel (with debug.config); REFERENCE: Debian's Linux 7.x
# image, KVM built in; SELFTESTS: mainline's KVM selftests built
# (selftests.sh), for the macro rows; VMM_DIR: the vmm/ directory that
# vmm-root.sh lays out (QEMU 10.0 for the testbed host, EDK2, our 6.1
# guest), for the guest boot row; CPIO_ARGS: initramfs.sh's arguments
# after OUT (gen_init_cpio, init, patterns, the module test).
#
# Each kernel boots once, alone on one testbed CPU, and runs kvm-bench
# under the plugin. A row's instructions per round trip are (count(n2) -
# count(n1)) / (n2 - n1) of one repetition; the row's value is the mean
# of the first two repetitions that agree within 1%, and its noise the
# difference between those two. A row with no such pair is reported with
# the spread of all its repetitions, and makes the script fail unless it
# is the debug kernel's. The macro rows (kvm-bench's "BENCH row n
# kernel") count the host kernel's instructions only, and are the median
# of their repetitions with their spread: their programs' spinning
# threads make them vary by a few percent with the timing of the
# scheduler. The last macro row boots our 6.1 guest kernel (EDK2, 1
# vCPU) with QEMU -accel kvm to its init, which powers off: all the
# instructions from QEMU's start to its exit, in a second boot of each
# kernel (vmm-test bench=kvm:4: three boots after one that warms the host
# up). A second table has the pages per second that the selftests
# measure with the testbed's clock, as printed (the median of the larger
# runs; they depend on the speed of the machine that runs the testbed),
# a third where the median guest boot's instructions go. The tables go
# to OUT/table.md.
#
# --profile ROW: only ROW, on the production kernel and on mainline's,
# with the plugin's profile: the functions that the round trips spend
# their instructions in, per round trip, in OUT/NAME.profile (for ROW
# guest-boot, per boot, the guest's kernel left out).
set -euo pipefail
export TESTBED_CPUS=1

profile=
if [ "${1:-}" = --profile ]; then
	profile=$2
	shift 2
fi
qemu=$1 plugin=$2 kvm_bench=$3 out=$4 production=$5 debug=$6 reference=$7
selftests=$8 vmm=$9
shift 9
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out" && mkdir -p "$out"

cpio_args=("$@")

# boot NAME VMLINUX MODROOT [guest-boot]: one testbed run, its console in
# OUT/NAME.log and the plugin's log in OUT/NAME.marks; kvm-bench, or with
# guest-boot, vmm-test's boots
boot() {
	local name=$1 vmlinux=$2 root=$out/root-$1 args=${profile:+--kallsyms}

	echo "bench: $name" >&2
	mkdir -p "$root/etc"
	if [ "${4:-}" = guest-boot ]; then
		cp -al "$vmm" "$root/vmm"
		echo "bench /vmm/vmm-test 36000 bench=kvm:4" \
			"/vmm/qemu-system-loongarch64 /vmm/QEMU_EFI.fd" \
			"/vmm/linux-6.1.efi /vmm/initrd-6.1.cpio" \
			>"$root/etc/programs.list"
		# For the profile, kvm-bench prints the symbols only
		if [ -n "$profile" ]; then
			mkdir -p "$root/bench"
			cp "$kvm_bench" "$root/bench/kvm-bench"
			echo "symbols /bench/kvm-bench 3600 --kallsyms none" \
				>>"$root/etc/programs.list"
		fi
	else
		mkdir -p "$root/bench/selftests"
		cp "$kvm_bench" "$root/bench/kvm-bench"
		cp "$selftests/demand_paging_test" \
			"$selftests/dirty_log_perf_test" "$root/bench/selftests/"
		echo "bench /bench/kvm-bench 36000 $args $profile" \
			>"$root/etc/programs.list"
	fi
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
# BENCH lines and its marks, in order; for a row whose repetitions never
# agreed, "row median - min..max"; for a macro row, "row median ~
# min..max" always
rows() {
	gawk '
	FNR == 1 { file++ }
	# column 3 of the marks: all instructions; 4: the host kernel only.
	# "BENCH row n kernel|all": a macro row, counted in 4 or in 3
	file == 1 && $1 == "BENCH" { row[++n] = $2; iters[n] = $3; col[n] = $4 == "kernel" ? 4 : 3; mac[n] = $4 != "" }
	file == 2 && $1 == "mark" {
		if ($2 == 1) { s[3] = $3; s[4] = $4 } else { m++; d[m, 3] = $3 - s[3]; d[m, 4] = $4 - s[4] }
	}
	END {
		if (n != m) { print "bench: " n " measurements, " m " mark pairs" > "/dev/stderr"; exit 1 }
		for (i = 1; i < n; i += 2) {
			r = row[i]; c = col[i]; macro[r] = mac[i]
			if (!(r in reps)) order[++nrows] = r
			v[r, ++reps[r]] = (d[i + 1, c] - d[i, c]) / (iters[i + 1] - iters[i])
		}
		for (k = 1; k <= nrows; k++) {
			r = order[k]; done = 0
			# the first repetition that agrees with an earlier one
			for (j = 2; j <= reps[r] && !done && !macro[r]; j++) {
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
				printf "%s %.0f %s %.0f..%.0f\n", r, s[int((reps[r] + 1) / 2)], macro[r] ? "~" : "-", s[1], s[reps[r]]
			}
		}
	}' "$out/$1.log" "$out/$1.marks"
}

# rates NAME: "row pages-per-second" for each macro row of OUT/NAME, the
# median of its larger runs: demand_paging_test's overall rate;
# dirty_log_perf_test's pages dirtied over the sum of its iterations'
# dirty memory times
rates() {
	gawk '
	function done() {
		if (r == "") return
		k = ++cnt[r]; nn[r, k] = n; rate[r, k] = secs > 0 ? n / secs : overall
		if (n > max[r]) max[r] = n
	}
	{ sub(/\r$/, "") }
	$1 == "BENCH" {
		done()
		r = $4 == "kernel" ? $2 : ""; n = $3; secs = 0; overall = 0
		if (r != "" && !(r in cnt)) { order[++nrows] = r; cnt[r] = 0 }
		next
	}
	/Overall demand paging rate:/ { overall = $(NF - 1) }
	/Iteration [0-9]+ dirty memory time:/ { t = $NF; sub(/s$/, "", t); secs += t }
	END {
		done()
		for (i = 1; i <= nrows; i++) {
			r = order[i]; m = 0; delete s
			for (k = 1; k <= cnt[r]; k++)
				if (nn[r, k] == max[r]) s[++m] = rate[r, k]
			asort(s)
			printf "%s %.0f\n", r, m ? s[int((m + 1) / 2)] : 0
		}
	}' "$out/$1.log"
}

# boot_split NAME: "user guest-kernel host-kernel" instructions of the
# median guest boot of OUT/NAME-boot (the marks' TOTAL, KERNEL and HOST)
boot_split() {
	gawk '
	FNR == 1 { file++ }
	file == 1 && $1 == "BENCH" { n++; one[n] = $3 == 1 }
	file == 2 && $1 == "mark" {
		if ($2 == 1) { t = $3; k = $4; h = $5; next }
		m++
		if (one[m]) { b++; tot[b] = $3 - t; ker[b] = $4 - k; hst[b] = $5 - h }
	}
	END {
		if (!b) exit 1
		for (i = 1; i <= b; i++) ord[i] = tot[i] " " i
		asort(ord, ord, "@val_num_asc")
		split(ord[int((b + 1) / 2)], f, " "); i = f[2]
		print tot[i] - ker[i], ker[i] - hst[i], hst[i]
	}' "$out/$1-boot.log" "$out/$1-boot.marks"
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
	kind=
	[ "$profile" = guest-boot ] && kind=guest-boot
	boot production "$production/vmlinux" "$production/modroot" $kind
	boot mainline "$reference" "" $kind
	for name in production mainline; do
		profile "$name"
		echo "== $name: $profile, instructions per round trip (per boot for guest-boot)"
		head -n 40 "$out/$name.profile"
	done
	exit 0
fi

boot production "$production/vmlinux" "$production/modroot"
boot mainline "$reference" ""
boot debug "$debug/vmlinux" "$debug/modroot"
boot production-boot "$production/vmlinux" "$production/modroot" guest-boot
boot mainline-boot "$reference" "" guest-boot
boot debug-boot "$debug/vmlinux" "$debug/modroot" guest-boot
for name in production mainline debug; do
	{ rows "$name"; rows "$name-boot"; } >"$out/$name.rows"
	rates "$name" >"$out/$name.rates"
	boot_split "$name" >"$out/$name.split"
done

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
	demand-paging) echo "demand_paging_test (one vCPU): host kernel instructions per fresh page" ;;
	guest-boot) echo "guest boot with QEMU -accel kvm (6.1 guest, EDK2, 1 vCPU): all instructions, QEMU's start to exit" ;;
	dirty-log) echo "dirty_log_perf_test (one vCPU, 16,384 pages): host kernel instructions per page dirtied" ;;
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
	elif [ "$noise" = "~" ]; then
		echo "$(commas "$v") (median; $(commas "${spread%..*}") to $(commas "${spread#*..}"))"
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
	echo
	echo "| selftest, pages per second by the testbed's clock (larger runs, median) | ours, production | mainline | ours, debug test kernel |"
	echo "|---|---|---|---|"
	while read -r row _; do
		printf '| %s | %s | %s | %s |\n' "$row" \
			"$(commas "$(value "$out/production.rates" "$row")")" \
			"$(commas "$(value "$out/mainline.rates" "$row")")" \
			"$(commas "$(value "$out/debug.rates" "$row")")"
	done <"$out/production.rates"
	echo
	echo "| guest boot, where the instructions go (the median boot) | ours, production | mainline | ours, debug test kernel |"
	echo "|---|---|---|---|"
	for col in 1 2 3; do
		case $col in
		1) label="user mode: QEMU, EDK2, the guest's init" ;;
		2) label="the guest's kernel" ;;
		3) label="the host's kernel" ;;
		esac
		printf '| %s ' "$label"
		for name in production mainline debug; do
			printf '| %s ' "$(commas "$(cut -d' ' -f$col "$out/$name.split")")"
		done
		echo "|"
	done
} | tee "$out/table.md"
# The debug kernel's column only shows what its options cost
if grep -q ' - ' "$out/production.rows" "$out/mainline.rows"; then
	echo "bench: rows whose repetitions never agreed within 1% (noisy above)" >&2
	status=1
fi
exit $status
