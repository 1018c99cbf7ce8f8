#!/bin/bash
# The guest's boot under QEMU 10.0 on the testbed host, as instructions
# of the testbed machine (QEMU's instruction-count plugin, exact) and
# seconds of this machine (noisy): with -accel kvm on our 6.1 host, with
# -accel kvm on the mainline reference host (Debian's Linux 7.x, KVM
# built in), and with -accel tcg (QEMU's own emulation) on our host. The
# guest is our 6.1 guest kernel with EDK2, 1 vCPU, whose init says hello
# and powers off.
#
#   boot-bench.sh QEMU PLUGIN OURS REFERENCE VMM_DIR OUT CPIO_ARGS...
#
# QEMU and PLUGIN: the testbed's QEMU and its libinsn.so; OURS and
# REFERENCE: the two host kernels; VMM_DIR: the vmm/ directory that
# vmm-root.sh lays out; CPIO_ARGS: initramfs.sh's arguments after OUT
# (gen_init_cpio, init, patterns, the module test), with MODROOT set.
# With PRODUCTION set to a directory with a vmlinux and a modroot (our
# kernel in make bench's production configuration), that kernel's boot
# under -accel kvm is measured too.
#
# The instructions of a boot are those of a whole testbed run that boots
# the guest once less those of the same run that does not boot it (same
# host, same initramfs but for the one argument), so the host's own boot
# cancels out. Each host waits until it is idle before it starts. The
# testbed host has one CPU (TESTBED_CPUS, default 1): with four, what the
# other three do while the guest boots (ticks, idle work) made two runs
# differ by up to 10% (our host 5.93 and 6.12, the reference host 4.36 and
# 3.94 billion instructions); with one, by 0.6% and 2.4%.
set -euo pipefail
export TESTBED_CPUS=${TESTBED_CPUS:-1}

qemu=$1 plugin=$2 ours=$3 reference=$4 vmm=$5 out=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out" && mkdir -p "$out"

cpio_args=("$@")

# run NAME VMLINUX ACCEL BOOTS [MODROOT]: one testbed run, its console
# in OUT/NAME.log, the plugin's count in OUT/NAME.insn
run() {
	local name=$1 vmlinux=$2 accel=$3 boots=$4 root=$out/root-$1
	local modroot=${5:-${MODROOT:-}}

	echo "boot-bench: $name ($boots boot(s) with -accel $accel)" >&2
	mkdir -p "$root/etc"
	cp -al "$vmm" "$root/vmm"
	echo "bench /vmm/vmm-test 36000 bench=$accel:$boots" \
		"/vmm/qemu-system-loongarch64 /vmm/QEMU_EFI.fd" \
		"/vmm/linux-6.1.efi /vmm/initrd-6.1.cpio" >"$root/etc/programs.list"
	EXTRA_ROOT=$root MODROOT=$modroot bash "$here/initramfs.sh" \
		"${cpio_args[0]}" "$out/$name.cpio" "${cpio_args[@]:1}"
	if ! TESTBED_TIMEOUT=36000 bash "$here/run-suite.sh" "$name" "$qemu" \
		"$vmlinux" "$out/$name.cpio" "$out" \
		-plugin "$plugin,inline=on" -d plugin -D "$out/$name.insn" \
		>/dev/null; then
		echo "boot-bench: $name failed (see $out/$name.log)" >&2
		exit 1
	fi
}
# the plugin's total: "insns: N" (QEMU 7.2), "total insns: N" (10.0)
insns() { sed -n 's/^\(total \)\{0,1\}insns: //p' "$out/$1.insn"; }
# seconds NAME FIELD: the BOOT line's seconds to init (3) or exit (4)
seconds() {
	sed -n 's/^BOOT accel=[a-z]* 1\/1: init \([0-9.]*\) s, exit \([0-9.]*\) s$/\1 \2/p' \
		"$out/$1.log" | cut -d' ' -f"$(($2 - 2))"
}

run ours-none "$ours" kvm 0
run ours-kvm "$ours" kvm 1
run reference-none "$reference" kvm 0
run reference-kvm "$reference" kvm 1
run ours-tcg "$ours" tcg 1
if [ -n "${PRODUCTION:-}" ]; then
	run production-none "$PRODUCTION/vmlinux" kvm 0 "$PRODUCTION/modroot"
	run production-kvm "$PRODUCTION/vmlinux" kvm 1 "$PRODUCTION/modroot"
fi

row() {	# row LABEL RUN BASELINE
	local n=$(($(insns "$2") - $(insns "$3")))
	printf '| %s | %s | %s s | %s s |\n' "$1" \
		"$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$n")" \
		"$(seconds "$2" 3)" "$(seconds "$2" 4)"
}
{
	echo "| guest boot (1 vCPU, EDK2, 6.1 guest) | testbed instructions | to init | to QEMU's exit |"
	echo "|---|---|---|---|"
	row "QEMU -accel kvm, our 6.1 host (debug test kernel)" ours-kvm ours-none
	if [ -n "${PRODUCTION:-}" ]; then
		row "QEMU -accel kvm, our 6.1 host (production kernel)" \
			production-kvm production-none
	fi
	row "QEMU -accel kvm, mainline reference host" reference-kvm reference-none
	row "QEMU -accel tcg, our 6.1 host" ours-tcg ours-none
} | tee "$out/table.md"
