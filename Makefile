# KVM for LoongArch on Linux 6.1: build and test entry point.
#
#   make run      boot the testbed and show its console
#   make check    build everything and run every test suite
#
# Tools (toolchain, QEMU, kernel build) are cached in $(CACHE), outside the
# clone, keyed on what they are built from; test outputs go to build/.

CACHE ?= $(HOME)/.cache/loongarch-kvm
B := $(CURDIR)/build
T := $(CURDIR)/testbed

TOOLCHAIN := $(CACHE)/toolchain-b2.40-g12.2.0-c2.36
CROSS := $(TOOLCHAIN)/bin/loongarch64-linux-gnu-
CC_LA := $(CROSS)gcc -static -O2 -Wall -Wextra -Werror -I$(B)/usr/include

QEMU_KEY := $(shell cat $(T)/qemu/patches/*.patch $(T)/scripts/qemu.sh | \
	sha256sum | cut -c1-12)
QEMU_DIR := $(CACHE)/qemu-10.0-$(QEMU_KEY)
QEMU := $(QEMU_DIR)/bin/qemu-system-loongarch64
KCACHE := $(CACHE)/linux-6.1

SUITES := boot host host-novec lvz kvm kvm-gid8 kvm-nolvz run selftests vmm distro

.PHONY: all deps toolchain qemu kernel run check $(SUITES:%=check-%) \
	check-selftests check-selftests-long check-reference check-kvm-layouts \
	check-vmm check-qemu guest-kernel prepare late bench-boot bench bench-profile \
	production-kernel \
	check-fresh lint series clean
all: kernel qemu

deps:
	@bash $(T)/scripts/deps.sh

toolchain: $(TOOLCHAIN)/.stamp-check
$(TOOLCHAIN)/.stamp-check: $(T)/scripts/toolchain.sh | deps
	bash $(T)/scripts/toolchain.sh $(TOOLCHAIN)

qemu: $(QEMU)
$(QEMU): | deps
	bash $(T)/scripts/qemu.sh $(QEMU_DIR) $(T)/qemu/patches $(CACHE)

# The kernel script is incremental itself: always ask it.
kernel: toolchain
	bash $(T)/scripts/kernel.sh $(CURDIR) $(KCACHE) $(CROSS) $(B)

$(B)/gen_init_cpio: | kernel
	cc -O2 -o $@ $(KCACHE)/pristine/usr/gen_init_cpio.c

$(B)/init: $(T)/init/init.c | $(TOOLCHAIN)/.stamp-check
	@mkdir -p $(@D)
	$(CC_LA) -o $@ $<

# Test programs: testbed/tests/SUITE/NAME.c -> build/tests/SUITE/NAME,
# against the kernel headers of our tree (build/usr/include)
$(B)/tests/%: $(T)/tests/%.c $(T)/tests/tb.h $(wildcard $(T)/tests/*/*.h) \
		| $(TOOLCHAIN)/.stamp-check kernel
	@mkdir -p $(@D)
	$(CC_LA) -pthread -o $@ $<

tests_of = $(patsubst $(T)/tests/%.c,$(B)/tests/%,$(wildcard $(T)/tests/$(1)/*.c))

$(B)/%.cpio: $(B)/gen_init_cpio $(B)/init $(T)/init/bad-patterns \
		$(T)/scripts/initramfs.sh FORCE
	MODROOT=$(B)/modroot bash $(T)/scripts/initramfs.sh $< $@ $(B)/init \
		$(T)/init/bad-patterns $(filter $(B)/tests/%,$^)
FORCE:

$(B)/boot.cpio: $(call tests_of,boot)
$(B)/host.cpio: $(call tests_of,host)
$(B)/host-novec.cpio: $(B)/tests/host/hwcap $(call tests_of,host-novec)
$(B)/kvm.cpio: $(call tests_of,kvm)
$(B)/kvm-nolvz.cpio: $(call tests_of,kvm-nolvz)

check-lvz: qemu | $(TOOLCHAIN)/.stamp-check
	$(MAKE) -C $(T)/lvz CROSS=$(CROSS) O=$(B)/lvz
	bash $(T)/lvz/run.sh $(QEMU) $(B)/results $(B)/lvz

check-boot: kernel qemu $(B)/boot.cpio
	bash $(T)/scripts/run-suite.sh boot $(QEMU) $(B)/vmlinux \
		$(B)/boot.cpio $(B)/results

# User programs' FP and vector state on the host (patches 0007-0010) and
# copies between them and the kernel (0012)
check-host: kernel qemu $(B)/host.cpio
	bash $(T)/scripts/run-suite.sh host $(QEMU) $(B)/vmlinux \
		$(B)/host.cpio $(B)/results

# The same kernel on a CPU without LSX and LASX: SIGILL, as before
check-host-novec: kernel qemu $(B)/host-novec.cpio
	TESTBED_CPU=la464,lvz=on,lsx=off,lasx=off bash $(T)/scripts/run-suite.sh \
		host-novec $(QEMU) $(B)/vmlinux $(B)/host-novec.cpio $(B)/results

check-kvm: kernel qemu $(B)/kvm.cpio
	bash $(T)/scripts/run-suite.sh kvm $(QEMU) $(B)/vmlinux \
		$(B)/kvm.cpio $(B)/results

# Guest IDs with the widest GSTAT.GIDBIT, 8: rollovers of 255 IDs
$(B)/kvm-gid8.cpio: $(B)/tests/kvm/00-module $(B)/tests/kvm/gid-rollover

check-kvm-gid8: kernel qemu $(B)/kvm-gid8.cpio
	TESTBED_CPU=la464,lvz=on,gidbits=8 bash $(T)/scripts/run-suite.sh \
		kvm-gid8 $(QEMU) $(B)/vmlinux $(B)/kvm-gid8.cpio $(B)/results

# The same kernel on a CPU without LVZ: KVM must refuse to load
check-kvm-nolvz: kernel qemu $(B)/kvm-nolvz.cpio
	TESTBED_CPU=la464,lvz=off bash $(T)/scripts/run-suite.sh kvm-nolvz \
		$(QEMU) $(B)/vmlinux $(B)/kvm-nolvz.cpio $(B)/results

# Mainline's KVM selftests, unchanged, from Debian's newest linux-source-7.x
# (testbed/selftests/*.list: which ones, with which arguments)
$(B)/selftests-%.stamp: $(T)/selftests/%.list FORCE | $(TOOLCHAIN)/.stamp-check
	bash $(T)/scripts/selftests.sh $(CURDIR) $(CACHE) $(CROSS) \
		$(B)/selftests-$* $<
	@touch $@

$(B)/selftests.cpio: export EXTRA_ROOT := $(B)/selftests-kvm
$(B)/selftests.cpio: $(B)/tests/kvm/00-module $(B)/selftests-kvm.stamp
$(B)/selftests-long.cpio: export EXTRA_ROOT := $(B)/selftests-kvm-long
$(B)/selftests-long.cpio: $(B)/tests/kvm/00-module $(B)/selftests-kvm-long.stamp

check-selftests: kernel qemu $(B)/selftests.cpio
	TESTBED_TIMEOUT=5400 bash $(T)/scripts/run-suite.sh selftests $(QEMU) \
		$(B)/vmlinux $(B)/selftests.cpio $(B)/results

check-selftests-long: kernel qemu $(B)/selftests-long.cpio
	TESTBED_TIMEOUT=18000 bash $(T)/scripts/run-suite.sh selftests-long \
		$(QEMU) $(B)/vmlinux $(B)/selftests-long.cpio $(B)/results

# The reference host: Debian's newest loong64 Linux 7.x, mainline's KVM
# built in, runs the same selftests and our kvm suite in the same
# testbed; the table puts its results beside those of the last
# check-kvm and check-selftests runs. Its verdicts
# are mainline's, not ours (our get-reg-list fails there: mainline has
# no KVM_GET_REG_LIST): the target fails only when the reference host
# does not run them all (no final marker) or logs a kernel error.
$(B)/reference.cpio: export EXTRA_ROOT := $(B)/selftests-kvm
$(B)/reference.cpio: $(B)/selftests-kvm.stamp $(call tests_of,kvm)

check-reference: qemu $(B)/reference.cpio
	bash $(T)/scripts/reference.sh $(CACHE) >$(B)/reference.path
	TESTBED_TIMEOUT=5400 bash $(T)/scripts/run-suite.sh reference \
		$(QEMU) "$$(cat $(B)/reference.path)" $(B)/reference.cpio \
		$(B)/results | tee $(B)/results/reference.out; \
	bash $(T)/scripts/compare.sh $(B)/results/reference.log \
		$(B)/results/kvm.log $(B)/results/selftests.log; \
	! grep -Eq '^RESULT (reference/|kernel/boot FAIL)' \
		$(B)/results/reference.out

# The real VMM on the testbed host: QEMU 10.0 from Debian's source, built
# for a LoongArch host, runs Linux guests with -accel kvm: our 6.1 kernel
# in a guest configuration and Debian's newest loong64 kernel
guest-kernel: toolchain
	bash $(T)/scripts/kernel.sh $(CURDIR) $(KCACHE) $(CROSS) $(B)/guest guest

$(B)/vmm/%: $(T)/vmm/%.c $(T)/vmm/vmm-disk.h $(T)/vmm/host-idle.h \
		$(T)/tests/host/vec.h $(T)/bench/mark.h | $(TOOLCHAIN)/.stamp-check
	@mkdir -p $(@D)
	$(CC_LA) -o $@ $<

$(B)/vmm-root.stamp: guest-kernel $(B)/gen_init_cpio $(B)/vmm/guest-init \
		$(B)/vmm/vmm-test $(T)/scripts/vmm-root.sh $(T)/scripts/vmm.sh FORCE
	bash $(T)/scripts/vmm-root.sh $(CACHE) $(CROSS) $(B)/vmm-root \
		$(B)/gen_init_cpio $(B)/vmm/guest-init $(B)/vmm/vmm-test \
		$(B)/guest/vmlinux.efi $(KCACHE)/pristine
	@touch $@

$(B)/vmm.cpio: export EXTRA_ROOT := $(B)/vmm-root/check
$(B)/vmm.cpio: $(B)/tests/kvm/00-module $(B)/vmm-root.stamp

check-vmm: kernel qemu $(B)/vmm.cpio
	TESTBED_TIMEOUT=7200 bash $(T)/scripts/run-suite.sh vmm $(QEMU) \
		$(B)/vmlinux $(B)/vmm.cpio $(B)/results

# The guest's boot under QEMU -accel kvm on our host and on the mainline
# reference host, and with -accel tcg: testbed instructions and seconds
bench-boot: kernel production-kernel qemu $(B)/vmm-root.stamp \
		$(B)/gen_init_cpio $(B)/init $(B)/tests/kvm/00-module
	bash $(T)/scripts/reference.sh $(CACHE) >$(B)/reference.path
	MODROOT=$(B)/modroot PRODUCTION=$(B)/production \
		bash $(T)/scripts/boot-bench.sh $(QEMU) \
		$(QEMU_DIR)/plugins/libinsn.so $(B)/vmlinux \
		"$$(cat $(B)/reference.path)" $(B)/vmm-root/check/vmm \
		$(B)/boot-bench $(B)/gen_init_cpio $(B)/init \
		$(T)/init/bad-patterns $(B)/tests/kvm/00-module

# make bench: instructions per round trip of each kind of exit, ours (in
# the production configuration and as the debug test kernel) against
# mainline's KVM (the reference host), with kvm-bench and the mark plugin;
# its macro rows run two of mainline's selftests and boot a guest
production-kernel: toolchain
	bash $(T)/scripts/kernel.sh $(CURDIR) $(KCACHE) $(CROSS) \
		$(B)/production production

$(B)/bench/kvm-bench: $(T)/bench/kvm-bench.c $(T)/tests/kvm/kvm-util.h \
		$(T)/vmm/host-idle.h $(T)/bench/mark.h \
		| $(TOOLCHAIN)/.stamp-check kernel
	@mkdir -p $(@D)
	$(CC_LA) -pthread -o $@ $<

# Against the plugin API of the very QEMU source the testbed was built from
$(B)/bench/libmark.so: $(T)/bench/mark.c | $(QEMU)
	@mkdir -p $(@D)
	src=$(CACHE)/src/qemu-$$(cat $(QEMU_DIR)/VERSION); \
	[ -d "$$src" ] || src=$$(bash $(T)/scripts/debian-source.sh \
		$(CACHE) $(CACHE)/src qemu trixie); \
	cc -O2 -Wall -Wextra -Wno-unused-parameter -Werror -shared -fPIC \
		-I"$$src/include/qemu" $$(pkg-config --cflags glib-2.0) -o $@ $<

bench_inputs := kernel production-kernel qemu $(B)/bench/libmark.so \
	$(B)/bench/kvm-bench $(B)/gen_init_cpio $(B)/init \
	$(B)/tests/kvm/00-module $(B)/selftests-kvm.stamp $(B)/vmm-root.stamp
bench_args = $(QEMU) $(B)/bench/libmark.so $(B)/bench/kvm-bench \
	$(B)/bench-out $(B)/production $(B) "$$(cat $(B)/reference.path)" \
	$(B)/selftests-kvm/selftests $(B)/vmm-root/check/vmm \
	$(B)/gen_init_cpio $(B)/init $(T)/init/bad-patterns \
	$(B)/tests/kvm/00-module

bench: $(bench_inputs)
	bash $(T)/scripts/reference.sh $(CACHE) >$(B)/reference.path
	bash $(T)/scripts/bench.sh $(bench_args)

# make bench-profile ROW=mmio: where one row's instructions go, by function
bench-profile: $(bench_inputs)
	bash $(T)/scripts/reference.sh $(CACHE) >$(B)/reference.path
	bash $(T)/scripts/bench.sh --profile $(ROW) $(bench_args)

# check-distro: Debian's own QEMU (sid's qemu-system-misc, unmodified)
# runs with -accel kvm on the testbed host, in a Debian loong64 root
# (/distro), and boots Debian's kernel with a Debian userspace whose
# programs use LSX and LASX; vmm-test migrates it between two QEMUs
$(B)/distro-root.stamp: $(B)/gen_init_cpio $(B)/vmm/guest-init \
		$(B)/vmm/vmm-test $(T)/scripts/distro-root.sh FORCE
	bash $(T)/scripts/distro-root.sh $(CACHE) $(B)/distro-root \
		$(B)/gen_init_cpio $(B)/vmm/guest-init $(B)/vmm/vmm-test
	@touch $@

$(B)/distro-base.cpio: export EXTRA_ROOT := $(B)/distro-root/check
$(B)/distro-base.cpio: $(B)/tests/kvm/00-module $(B)/distro-root.stamp

# The Debian root as a second archive: the kernel unpacks both
$(B)/distro.cpio: $(B)/distro-base.cpio
	cat $< $(B)/distro-root/root.cpio.zst >$@

check-distro: kernel qemu $(B)/distro.cpio
	TESTBED_MEM=3072 TESTBED_TIMEOUT=7200 bash $(T)/scripts/run-suite.sh \
		distro $(QEMU) $(B)/vmlinux $(B)/distro.cpio $(B)/results

# The main job: boot the testbed, load KVM, run our demo guest, then
# QEMU -accel kvm boots the 6.1 guest to its init
$(B)/run.cpio: export EXTRA_ROOT := $(B)/vmm-root/run
$(B)/run.cpio: $(B)/tests/kvm/00-module $(call tests_of,run) $(B)/vmm-root.stamp

check-run: kernel qemu $(B)/run.cpio
	bash $(T)/scripts/run-suite.sh run $(QEMU) $(B)/vmlinux \
		$(B)/run.cpio $(B)/results

run: kernel qemu $(B)/run.cpio
	$(QEMU) -M virt -cpu la464,lvz=on -smp 4 -m 2G -nographic -no-reboot \
		-net none -kernel $(B)/vmlinux -initrd $(B)/run.cpio \
		-append "console=ttyS0,115200 rdinit=/init threadirqs tb.cpus=4 tb.mem=2048"

check:
	@bash $(T)/scripts/check.sh $(SUITES)

# What check.sh builds beside the suites. prepare: what needs nothing of
# ours (the testbed QEMU, the downloads, the VMM's assembler and
# linker), while the toolchain builds. late: what only the suites run,
# selftests and vmm need (the selftests, the VMM, the guest kernel),
# while the first suites run.
prepare: qemu
	FETCH_ONLY=1 bash $(T)/scripts/vmm-root.sh $(CACHE) - - - - - - -
	FETCH_ONLY=1 bash $(T)/scripts/selftests.sh $(CURDIR) $(CACHE) - -

late: $(B)/selftests-kvm.stamp $(B)/vmm-root.stamp $(B)/distro-root.stamp

# QEMU's own tests of the LoongArch target (qtests, check-tcg), with our
# series applied: a build of its own, removed afterwards
check-qemu: | $(TOOLCHAIN)/.stamp-check
	bash $(T)/scripts/qemu.sh --check $(B)/qemu-check $(T)/qemu/patches \
		$(CACHE) $(CROSS)

# The set-up of a fresh Debian 12 machine, in a debootstrap root (needs
# root; not part of check: run it whenever set-up changes)
FRESH_TARGETS ?= deps check-boot
check-fresh:
	bash $(T)/scripts/check-fresh.sh $(CURDIR) $(CACHE) $(FRESH_TARGETS)

# 6.1's page-table layouts other than the test kernel's (16 KiB pages, 3
# levels). make lint builds them all; check-kvm-layouts boots those with
# 4 KiB and 16 KiB pages. A 64 KiB 6.1 kernel panics in
# ioremap_page_range() while ACPI maps the PCI root bridge, before KVM is
# loaded.
LAYOUTS := 4KB_3LEVEL 4KB_4LEVEL 16KB_2LEVEL 64KB_2LEVEL 64KB_3LEVEL
BOOT_LAYOUTS := 16KB_2LEVEL 4KB_3LEVEL 4KB_4LEVEL

check-kvm-layouts: kernel qemu $(B)/gen_init_cpio $(B)/init $(call tests_of,kvm)
	bash $(T)/scripts/check-layouts.sh $(CURDIR) $(KCACHE) $(CROSS) \
		$(QEMU) $(B) $(BOOT_LAYOUTS)

lint: kernel qemu
	bash $(T)/scripts/lint.sh $(CURDIR) $(KCACHE) $(QEMU_DIR) $(CROSS) \
		$(LAYOUTS)

series: kernel
	bash $(T)/scripts/series.sh $(CURDIR) $(KCACHE) $(B)/series

clean:
	rm -rf $(B)
