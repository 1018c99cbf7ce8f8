// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: vCPU lifecycle and the run loop.
 */
#include <linux/entry-kvm.h>
#include <linux/kvm_host.h>
#include <asm/fpu.h>
#include "trace_kvm.h"

const struct _kvm_stats_desc kvm_vcpu_stats_desc[] = {
	KVM_GENERIC_VCPU_STATS(),
	STATS_DESC_COUNTER(VCPU, int_exits),
	STATS_DESC_COUNTER(VCPU, gspr_exits),
	STATS_DESC_COUNTER(VCPU, cpucfg_exits),
	STATS_DESC_COUNTER(VCPU, csr_exits),
	STATS_DESC_COUNTER(VCPU, iocsr_exits),
	STATS_DESC_COUNTER(VCPU, idle_exits),
	STATS_DESC_COUNTER(VCPU, cache_exits),
	STATS_DESC_COUNTER(VCPU, hypercall_exits),
	STATS_DESC_COUNTER(VCPU, mmio_exits),
	STATS_DESC_COUNTER(VCPU, stage2_faults),
	STATS_DESC_COUNTER(VCPU, fpu_exits),
	STATS_DESC_COUNTER(VCPU, unknown_exits),
	STATS_DESC_COUNTER(VCPU, signal_exits),
};

const struct kvm_stats_header kvm_vcpu_stats_header = {
	.name_size = KVM_STATS_NAME_SIZE,
	.num_desc = ARRAY_SIZE(kvm_vcpu_stats_desc),
	.id_offset = sizeof(struct kvm_stats_header),
	.desc_offset = sizeof(struct kvm_stats_header) + KVM_STATS_NAME_SIZE,
	.data_offset = sizeof(struct kvm_stats_header) + KVM_STATS_NAME_SIZE +
		       sizeof(kvm_vcpu_stats_desc),
};

int kvm_arch_vcpu_precreate(struct kvm *kvm, unsigned int id)
{
	return 0;
}

int kvm_arch_vcpu_create(struct kvm_vcpu *vcpu)
{
	vcpu->arch.handle_exit = kvm_loongarch_handle_exit;
	vcpu->arch.guest_eentry = kvm_loongarch_exc_vector;
	vcpu->arch.guest_tlbrentry = kvm_loongarch_refill_vector;
	vcpu->arch.guest_pgdl = (unsigned long)vcpu->kvm->arch.pgd;
	vcpu->arch.last_cpu = -1;
	vcpu->arch.flush_gpa = KVM_LOONGARCH_NO_GPA;
	vcpu->arch.mmu_cache.gfp_zero = __GFP_ZERO;

	kvm_loongarch_csr_reset(vcpu);
	/* The timer ID, as the guest reads it, is the vCPU's */
	vcpu->arch.csr[LOONGARCH_CSR_TMID] = vcpu->vcpu_id;
	kvm_loongarch_cpucfg_reset(vcpu);
	kvm_loongarch_timer_init(vcpu);
	return 0;
}

void kvm_arch_vcpu_postcreate(struct kvm_vcpu *vcpu)
{
}

void kvm_arch_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct kvm_arch *ka = &vcpu->kvm->arch;
	u64 cpuid = vcpu->arch.csr[LOONGARCH_CSR_CPUID];
	int cpu;

	hrtimer_cancel(&vcpu->arch.swtimer);
	kvm_loongarch_csr_forget(vcpu);
	kvm_mmu_free_memory_cache(&vcpu->arch.mmu_cache);
	spin_lock(&ka->cpuid_lock);
	if (cpuid < KVM_MAX_PHYID && ka->cpuid_map[cpuid] == vcpu)
		ka->cpuid_map[cpuid] = NULL;
	spin_unlock(&ka->cpuid_lock);
	/* No CPU may find a freed vCPU as the last one that ran there */
	for_each_possible_cpu(cpu) {
		struct kvm_vcpu **last = per_cpu_ptr(ka->last_vcpu, cpu);

		cmpxchg(last, vcpu, NULL);
	}
}

void kvm_arch_vcpu_load(struct kvm_vcpu *vcpu, int cpu)
{
	unsigned long flags;

	local_irq_save(flags);
	kvm_loongarch_csr_load(vcpu);
	kvm_loongarch_timer_load(vcpu);
	kvm_loongarch_pv_load(vcpu);
	/*
	 * From here on the hardware holds the guest's state, and a kick
	 * (kvm_vcpu_kick(), remote TLB flushes) interrupts this CPU
	 */
	WRITE_ONCE(vcpu->cpu, cpu);
	local_irq_restore(flags);
}

void kvm_arch_vcpu_put(struct kvm_vcpu *vcpu)
{
	unsigned long flags;

	kvm_loongarch_pv_put(vcpu);
	local_irq_save(flags);
	WRITE_ONCE(vcpu->cpu, -1);
	kvm_loongarch_lose_fpu(vcpu);
	kvm_loongarch_timer_put(vcpu);
	kvm_loongarch_csr_put(vcpu);
	local_irq_restore(flags);
}

/* The requests that check_requests() handles */
#define KNOWN_REQUESTS	(BIT(KVM_REQ_TLB_FLUSH & KVM_REQUEST_MASK) | \
			 BIT(KVM_REQ_VM_DEAD & KVM_REQUEST_MASK) | \
			 BIT(KVM_REQ_UNBLOCK & KVM_REQUEST_MASK) | \
			 BIT(KVM_REQ_STEAL_UPDATE & KVM_REQUEST_MASK))

static int check_requests(struct kvm_vcpu *vcpu)
{
	unsigned long unknown;
	int req;

	if (!kvm_request_pending(vcpu))
		return RESUME_GUEST;
	if (kvm_check_request(KVM_REQ_VM_DEAD, vcpu))
		return -EIO;
	/* The VM's guest IDs are gone already: see kvm_arch_flush_remote_tlb() */
	kvm_check_request(KVM_REQ_TLB_FLUSH, vcpu);
	kvm_check_request(KVM_REQ_UNBLOCK, vcpu);
	if (kvm_check_request(KVM_REQ_STEAL_UPDATE, vcpu)) {
		/* Guest memory: the access may fault and sleep */
		local_irq_enable();
		kvm_vcpu_srcu_read_lock(vcpu);
		kvm_loongarch_update_steal_time(vcpu);
		kvm_vcpu_srcu_read_unlock(vcpu);
		local_irq_disable();
	}
	/*
	 * Nothing else is ever requested of a LoongArch vCPU; should a
	 * request come that this code does not know, drop it rather than
	 * spin on it forever on the way into the guest.
	 */
	unknown = READ_ONCE(vcpu->requests) & ~KNOWN_REQUESTS;
	for_each_set_bit(req, &unknown, BITS_PER_LONG) {
		kvm_pr_unimpl("vcpu %d: unknown request %d dropped\n",
			      vcpu->vcpu_id, req);
		kvm_clear_request(req, vcpu);
	}
	return RESUME_GUEST;
}

/*
 * The vCPU's dirty ring has reached its soft limit: userspace harvests
 * and resets it before the guest may dirty more pages, so that the ring
 * never overflows (the entries above the limit are for the pages that
 * one more exit can dirty).
 */
static bool dirty_ring_full(struct kvm_vcpu *vcpu)
{
	if (!vcpu->kvm->dirty_ring_size ||
	    !kvm_dirty_ring_soft_full(&vcpu->dirty_ring))
		return false;
	vcpu->run->exit_reason = KVM_EXIT_DIRTY_RING_FULL;
	return true;
}

/**
 * kvm_loongarch_pre_enter() - get ready to enter the guest
 * @vcpu: the vCPU, loaded, with interrupts disabled
 *
 * Handles signals and rescheduling first, then a full dirty ring and
 * pending requests, and finally gives the vCPU its guest ID and pending
 * interrupts. Called without the VM's SRCU read lock: what needs it here
 * (the steal-time update) takes it.
 *
 * Return: RESUME_GUEST with interrupts still disabled, RESUME_HOST for a
 * full dirty ring, or an errno (with run->exit_reason set for -EINTR).
 */
int kvm_loongarch_pre_enter(struct kvm_vcpu *vcpu)
{
	int ret;

	for (;;) {
		if (xfer_to_guest_mode_work_pending()) {
			local_irq_enable();
			ret = xfer_to_guest_mode_handle_work(vcpu);
			local_irq_disable();
			/* It counted a signal exit in stat.signal_exits */
			if (ret)
				return ret;
			continue;
		}
		if (dirty_ring_full(vcpu))
			return RESUME_HOST;
		ret = check_requests(vcpu);
		if (ret != RESUME_GUEST)
			return ret;

		kvm_loongarch_check_gid(vcpu, smp_processor_id());
		kvm_loongarch_flush_gpa(vcpu);
		kvm_loongarch_deliver_irqs(vcpu);

		/* Kicks and requests from now on see the vCPU in the guest */
		smp_store_mb(vcpu->mode, IN_GUEST_MODE);
		if (!kvm_request_pending(vcpu) &&
		    !xfer_to_guest_mode_work_pending())
			break;
		vcpu->mode = OUTSIDE_GUEST_MODE;
	}
	return RESUME_GUEST;
}

/**
 * kvm_loongarch_guest_enter() - the last step before the guest runs
 * @vcpu: the vCPU, ready (kvm_loongarch_pre_enter()), interrupts disabled
 *
 * Called without the VM's SRCU read lock: memslot updates must not wait
 * for a guest.
 */
void kvm_loongarch_guest_enter(struct kvm_vcpu *vcpu)
{
	trace_kvm_loongarch_enter(vcpu);
	guest_timing_enter_irqoff();
	guest_state_enter_irqoff();
}

int kvm_arch_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	int ret;

	kvm_loongarch_complete_io(vcpu);
	if (run->immediate_exit)
		return -EINTR;

	/*
	 * The task's own FP and vector state out of the CPU, and their
	 * enables off: the guest must exit on its first use of a unit
	 * (fpu.c), not run on the registers of the VMM's thread
	 */
	lose_fpu(1);
	vcpu_load(vcpu);
	kvm_sigset_activate(vcpu);

	local_irq_disable();
	ret = kvm_loongarch_pre_enter(vcpu);
	if (ret == RESUME_GUEST) {
		kvm_loongarch_guest_enter(vcpu);
		ret = kvm_loongarch_enter(run, vcpu);
	}
	local_irq_enable();

	kvm_sigset_deactivate(vcpu);
	vcpu_put(vcpu);
	return ret;
}

int kvm_arch_vcpu_runnable(struct kvm_vcpu *vcpu)
{
	return kvm_loongarch_irq_pending(vcpu);
}

int kvm_arch_vcpu_should_kick(struct kvm_vcpu *vcpu)
{
	return kvm_vcpu_exiting_guest_mode(vcpu) == IN_GUEST_MODE;
}

bool kvm_arch_vcpu_in_kernel(struct kvm_vcpu *vcpu)
{
	return false;
}

vm_fault_t kvm_arch_vcpu_fault(struct kvm_vcpu *vcpu, struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

int kvm_arch_vcpu_ioctl_get_mpstate(struct kvm_vcpu *vcpu,
				    struct kvm_mp_state *mp_state)
{
	mp_state->mp_state = KVM_MP_STATE_RUNNABLE;
	return 0;
}

int kvm_arch_vcpu_ioctl_set_mpstate(struct kvm_vcpu *vcpu,
				    struct kvm_mp_state *mp_state)
{
	return mp_state->mp_state == KVM_MP_STATE_RUNNABLE ? 0 : -EINVAL;
}

int kvm_arch_vcpu_ioctl_get_regs(struct kvm_vcpu *vcpu, struct kvm_regs *regs)
{
	memcpy(regs->gpr, vcpu->arch.gprs, sizeof(regs->gpr));
	regs->pc = vcpu->arch.pc;
	return 0;
}

int kvm_arch_vcpu_ioctl_set_regs(struct kvm_vcpu *vcpu, struct kvm_regs *regs)
{
	/* r0 is always 0 */
	memcpy(vcpu->arch.gprs + 1, regs->gpr + 1, sizeof(regs->gpr) - 8);
	vcpu->arch.pc = regs->pc;
	return 0;
}

int kvm_arch_vcpu_ioctl_get_sregs(struct kvm_vcpu *vcpu,
				  struct kvm_sregs *sregs)
{
	return -ENOIOCTLCMD;
}

int kvm_arch_vcpu_ioctl_set_sregs(struct kvm_vcpu *vcpu,
				  struct kvm_sregs *sregs)
{
	return -ENOIOCTLCMD;
}

int kvm_arch_vcpu_ioctl_translate(struct kvm_vcpu *vcpu,
				  struct kvm_translation *tr)
{
	return -EINVAL;
}

int kvm_arch_vcpu_ioctl_set_guest_debug(struct kvm_vcpu *vcpu,
					struct kvm_guest_debug *dbg)
{
	return -EINVAL;
}

/* FCSR0: enables, flags, cause and rounding mode; the rest reads 0 */
#define FCSR0_MASK	0x1f1f031f

int kvm_arch_vcpu_ioctl_get_fpu(struct kvm_vcpu *vcpu, struct kvm_fpu *fpu)
{
	int i;

	fpu->fcsr = vcpu->arch.fpu.fcsr;
	fpu->fcc = vcpu->arch.fpu.fcc;
	for (i = 0; i < ARRAY_SIZE(fpu->fpr); i++)
		memcpy(&fpu->fpr[i], &vcpu->arch.fpu.fpr[i], sizeof(fpu->fpr[i]));
	return 0;
}

int kvm_arch_vcpu_ioctl_set_fpu(struct kvm_vcpu *vcpu, struct kvm_fpu *fpu)
{
	int i;

	vcpu->arch.fpu.fcsr = fpu->fcsr & FCSR0_MASK;
	vcpu->arch.fpu.fcc = fpu->fcc;
	for (i = 0; i < ARRAY_SIZE(fpu->fpr); i++)
		memcpy(&vcpu->arch.fpu.fpr[i], &fpu->fpr[i], sizeof(fpu->fpr[i]));
	return 0;
}

/* KVM_INTERRUPT: irq > 0 raises, irq < 0 lowers -irq (uapi.md) */
static int vcpu_interrupt(struct kvm_vcpu *vcpu, struct kvm_interrupt *irq)
{
	int n = (int)irq->irq;
	unsigned int bit = n < 0 ? -n : n;

	if (!n || bit >= BITS_PER_LONG || !(BIT(bit) & KVM_IRQ_VALID))
		return -EINVAL;
	if (n > 0)
		kvm_loongarch_queue_irq(vcpu, bit);
	else
		kvm_loongarch_dequeue_irq(vcpu, bit);
	kvm_vcpu_kick(vcpu);
	return 0;
}

long kvm_arch_vcpu_async_ioctl(struct file *filp, unsigned int ioctl,
			       unsigned long arg)
{
	struct kvm_vcpu *vcpu = filp->private_data;
	struct kvm_interrupt irq;

	if (ioctl != KVM_INTERRUPT)
		return -ENOIOCTLCMD;
	if (copy_from_user(&irq, (void __user *)arg, sizeof(irq)))
		return -EFAULT;
	return vcpu_interrupt(vcpu, &irq);
}
