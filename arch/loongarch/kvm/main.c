// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: module bring-up, the per-CPU virtualization state and
 * guest IDs.
 */
#include <linux/cacheflush.h>
#include <linux/gfp.h>
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <asm/cpu-features.h>
#include <asm/tlb.h>

#define CREATE_TRACE_POINTS
#include "trace_kvm.h"

/* Entry points of the world switch, in its direct-mapped copy */
int (*kvm_loongarch_enter)(struct kvm_run *run, struct kvm_vcpu *vcpu);
unsigned long kvm_loongarch_exc_vector;
unsigned long kvm_loongarch_refill_vector;	/* physical, for TLBRENTRY */
static void *switch_copy;
static unsigned int switch_order;

/*
 * Guest IDs (lvz.md 1, 7) tag the guest TLB and stage-2 entries of a VM
 * on one CPU. Each CPU hands them out in order, in generations: a per-CPU
 * counter holds the last ID handed out in its low gid_bits bits and the
 * generation above them. When the IDs run out, the carry starts a new
 * generation, every guest entry on that CPU is dropped, and the IDs of
 * older generations become invalid, so that VMs pick new ones the next
 * time they run there. ID 0 is root's own tag and is never handed out.
 * So any number of VMs can run, and a VM keeps no ID of its own.
 */
static unsigned int gid_bits;			/* min(GSTAT.GIDBIT, 8) */
static DEFINE_PER_CPU(u64, gid_last);		/* last ID handed out */

static inline u64 gid_id(u64 v)
{
	return v & (BIT_ULL(gid_bits) - 1);
}

static inline u64 gid_gen(u64 v)
{
	return v >> gid_bits;
}

/* Start a new generation on this CPU, with no guest entries in its TLB */
static void gid_new_generation(void)
{
	u64 last = __this_cpu_read(gid_last);

	__this_cpu_write(gid_last, (gid_gen(last) + 1) << gid_bits);
	invtlb_all(INVTLB_ALLGID, 0, 0);
}

static u64 gid_alloc(void)
{
	u64 next = __this_cpu_read(gid_last) + 1;

	/* The carry has started the next generation: flush, skip ID 0 */
	if (!gid_id(next)) {
		gid_new_generation();
		next = __this_cpu_read(gid_last) + 1;
	}
	__this_cpu_write(gid_last, next);
	return next;
}

/*
 * The VM has no ID of the current generation on this CPU, or this vCPU
 * did not run here last: see kvm_loongarch_check_gid()
 */
static noinline void new_gid(struct kvm_vcpu *vcpu, int cpu, u64 *gid,
			     struct kvm_vcpu **last_vcpu)
{
	u64 v = READ_ONCE(*gid), old;
	bool fresh = false;

	while (!v || gid_gen(v) != gid_gen(__this_cpu_read(gid_last))) {
		old = v;
		v = gid_alloc();
		fresh = cmpxchg(gid, old, v) == old;
		if (fresh)
			break;
		/* Flushed meanwhile: that ID is gone, take another */
		v = READ_ONCE(*gid);
	}
	if (!fresh && (*last_vcpu != vcpu || vcpu->arch.last_cpu != cpu))
		invtlb_info(INVGTLB_GID_GVA_TO_GPA,
			    gid_id(v) << CSR_GSTAT_GID_SHIFT, 0);
	/* An ll through a mapping that is gone must not let an sc pass */
	if (fresh)
		kvm_loongarch_clear_llbit();
	*last_vcpu = vcpu;
	vcpu->arch.last_cpu = cpu;
	vcpu->arch.gid = v;

	vcpu->arch.guest_gstat = CSR_GSTAT_PVM |
				 gid_id(v) << CSR_GSTAT_GID_SHIFT;
	vcpu->arch.guest_gtlbc = CSR_GTLBC_USERID |
				 gid_id(v) << CSR_GTLBC_RID_SHIFT;
}

/**
 * kvm_loongarch_check_gid() - give a vCPU its VM's guest ID on this CPU
 * @vcpu: the vCPU about to enter the guest
 * @cpu: the current CPU
 *
 * Allocates an ID when the VM has none of the current generation here.
 * With an ID it already had, drops the guest TLB entries left by another
 * vCPU of the VM, or by this vCPU before it ran elsewhere: each vCPU has
 * a TLB of its own as far as its guest knows. Stage-2 entries are the
 * VM's and stay. A new ID also clears the guest's LLbit. Called with
 * interrupts disabled.
 *
 * Only this CPU installs an ID in its slot of the VM, but any CPU may
 * clear it at any time (kvm_arch_flush_remote_tlb()): the new ID goes in
 * with cmpxchg, so that a flush that comes in between is never undone.
 */
void kvm_loongarch_check_gid(struct kvm_vcpu *vcpu, int cpu)
{
	struct kvm_vcpu **last_vcpu = per_cpu_ptr(vcpu->kvm->arch.last_vcpu, cpu);
	u64 *gid = per_cpu_ptr(vcpu->kvm->arch.gid, cpu);
	u64 v = READ_ONCE(*gid);

	lockdep_assert(irqs_disabled());
	/* Nothing changed since this vCPU last entered on this CPU */
	if (likely(v && v == vcpu->arch.gid && *last_vcpu == vcpu &&
		   vcpu->arch.last_cpu == cpu &&
		   gid_gen(v) == gid_gen(__this_cpu_read(gid_last))))
		return;
	new_gid(vcpu, cpu, gid, last_vcpu);
}

/**
 * kvm_arch_flush_remote_tlb() - drop every stage-2 translation of a VM
 * @kvm: the VM
 *
 * Forgets the VM's guest IDs on all CPUs, so that it runs with new ones,
 * under which no old translation exists. vCPUs in the guest must still be
 * kicked out to pick theirs up, which the caller's TLB flush request does.
 *
 * Return: nonzero, so that the caller makes that request.
 */
int kvm_arch_flush_remote_tlb(struct kvm *kvm)
{
	int cpu;

	for_each_possible_cpu(cpu)
		WRITE_ONCE(*per_cpu_ptr(kvm->arch.gid, cpu), 0);
	return 1;
}

long kvm_arch_dev_ioctl(struct file *filp, unsigned int ioctl,
			unsigned long arg)
{
	return -EINVAL;
}

int kvm_arch_check_processor_compat(void *opaque)
{
	return cpu_has_lvz ? 0 : -EOPNOTSUPP;
}

int kvm_arch_hardware_setup(void *opaque)
{
	return 0;
}

/*
 * Virtualization state of this CPU (lvz.md 2, 5): no trapping of guest
 * CSR writes, guest cache ops that could affect others trap (GCI =
 * secure), root decides the memory type when it can, no guest ID in use,
 * no virtual interrupts, and a TLB without guest entries.
 */
int kvm_arch_hardware_enable(void)
{
	unsigned long gcfg = CSR_GCFG_GCI_SECURE;

	/* GCFG.MATP bit 1: root may decide the guest's memory types */
	if (csr_read64(LOONGARCH_CSR_GCFG) & BIT(1))
		gcfg |= CSR_GCFG_MATC_ROOT;
	csr_write64(gcfg, LOONGARCH_CSR_GCFG);
	csr_write64(0, LOONGARCH_CSR_GSTAT);
	csr_xchg64(0, CSR_GTLBC_USERID | CSR_GTLBC_RID | CSR_GTLBC_TOTI,
		   LOONGARCH_CSR_GTLBC);
	csr_write64(0, LOONGARCH_CSR_GINTC);
	kvm_loongarch_csr_forget_cpu();
	gid_new_generation();
	return 0;
}

void kvm_arch_hardware_disable(void)
{
	csr_write64(0, LOONGARCH_CSR_GCFG);
	csr_write64(0, LOONGARCH_CSR_GSTAT);
	csr_write64(0, LOONGARCH_CSR_GINTC);
	kvm_loongarch_csr_forget_cpu();
	invtlb_all(INVTLB_ALLGID, 0, 0);
}

int kvm_arch_init(void *opaque)
{
	unsigned long offset;

	if (!cpu_has_lvz) {
		kvm_info("no virtualization extension (LVZ) on this CPU\n");
		return -ENODEV;
	}
	if (kvm_loongarch_csr_check_table())
		return -EINVAL;
	/* GSTAT.GID and GTLBC.TGID have room for 8 bits */
	gid_bits = min_t(unsigned int, CSR_GSTAT_GID_WIDTH,
			 FIELD_GET(CSR_GSTAT_GIDBIT,
				   csr_read64(LOONGARCH_CSR_GSTAT)));
	if (!gid_bits) {
		kvm_info("no guest IDs on this CPU\n");
		return -ENODEV;
	}

	/* The world switch must run without the TLB: see switch.S */
	switch_order = get_order(kvm_loongarch_switch_size);
	switch_copy = (void *)__get_free_pages(GFP_KERNEL, switch_order);
	if (!switch_copy)
		return -ENOMEM;
	memcpy(switch_copy, kvm_loongarch_switch_start, kvm_loongarch_switch_size);
	flush_icache_range((unsigned long)switch_copy,
			   (unsigned long)switch_copy + kvm_loongarch_switch_size);

	offset = (char *)kvm_loongarch_exc_entry - kvm_loongarch_switch_start;
	kvm_loongarch_exc_vector = (unsigned long)switch_copy + offset;
	offset = (char *)kvm_loongarch_tlb_refill - kvm_loongarch_switch_start;
	kvm_loongarch_refill_vector = __pa((char *)switch_copy + offset);
	offset = (char *)kvm_loongarch_enter_guest - kvm_loongarch_switch_start;
	kvm_loongarch_enter = (void *)((char *)switch_copy + offset);

	kvm_info("LVZ version %lu, %lu guest IDs\n",
		 (read_cpucfg(LOONGARCH_CPUCFG2) & CPUCFG2_LVZVER) >> 11,
		 BIT(gid_bits) - 1);
	return 0;
}

void kvm_arch_exit(void)
{
	free_pages((unsigned long)switch_copy, switch_order);
	switch_copy = NULL;
}

static int __init kvm_loongarch_init(void)
{
	return kvm_init(NULL, sizeof(struct kvm_vcpu), 0, THIS_MODULE);
}

static void __exit kvm_loongarch_exit(void)
{
	kvm_exit();
}

module_init(kvm_loongarch_init);
module_exit(kvm_loongarch_exit);
MODULE_DESCRIPTION("KVM on LoongArch with the virtualization extension");
MODULE_LICENSE("GPL");
