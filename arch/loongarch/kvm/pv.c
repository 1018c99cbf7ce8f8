// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: the paravirtual interface of mainline Linux guests
 * (uapi.md, "Hypercalls"). hvcl 0x100 offers two service functions: an
 * IPI to up to 128 vCPUs at once, and the notification of a steal-time
 * area, which KVM then updates with the time the vCPU waited to run
 * every time the vCPU is loaded. With the PREEMPT feature, the area's
 * preempted flag also says whether the vCPU's thread lost its CPU while
 * it was running (not while it waited in idle), which the guest's
 * vcpu_is_preempted() reads for its spinning locks.
 *
 * Which of them a guest has is the VM's paravirtual feature bitmap
 * (CPUCFG_KVM_FEATURE), all of them unless userspace says otherwise.
 */
#include <linux/kvm_host.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/inst.h>
#include <uapi/asm/kvm_para.h>

/* Service functions of hvcl 0x100, in a0, and their results */
#define HCALL_FUNC_IPI		1
#define HCALL_FUNC_NOTIFY	2
#define HCALL_SUCCESS		0
#define HCALL_INVALID_CODE	-1UL
#define HCALL_INVALID_PARAMETER	-2UL

/* The address of a steal-time area is 64-byte aligned; bit 0: enabled */
#define STEAL_PHYS_VALID	BIT_ULL(0)
#define STEAL_PHYS_MASK		GENMASK_ULL(63, 6)

/* The steal-time area, in guest memory */
struct kvm_steal_time {
	__u64 steal;		/* ns the vCPU was runnable but not running */
	__u32 version;		/* odd while KVM updates the area */
	__u32 flags;
	__u8 preempted;
	__u8 pad[47];
};

/*
 * A new steal-time address: @gpa as the guest or userspace gave it. The
 * next entry into the guest writes the area, counting from now.
 *
 * Return: false, and nothing changes, if @gpa is not 64-byte aligned.
 */
static bool set_steal_time(struct kvm_vcpu *vcpu, u64 gpa)
{
	if (gpa & ~(STEAL_PHYS_MASK | STEAL_PHYS_VALID))
		return false;
	vcpu->arch.st.guest_addr = gpa;
	vcpu->arch.st.preempted = false;
	if (gpa & STEAL_PHYS_VALID) {
		vcpu->arch.st.last_steal = current->sched_info.run_delay;
		kvm_make_request(KVM_REQ_STEAL_UPDATE, vcpu);
	}
	return true;
}

/* a1, a2: a bitmap of 128 CPUIDs from a3 on; each gets SWI0 */
static unsigned long send_ipi(struct kvm_vcpu *vcpu, unsigned long *gpr)
{
	unsigned long bitmap[2] = {
		gpr[LOONGARCH_GPR_A1], gpr[LOONGARCH_GPR_A2],
	};
	struct kvm_arch *ka = &vcpu->kvm->arch;
	unsigned long cpuid, base = gpr[LOONGARCH_GPR_A3];
	struct kvm_vcpu *dest;
	unsigned int bit;

	for_each_set_bit(bit, bitmap, 128) {
		cpuid = base + bit;
		if (cpuid < base || cpuid >= KVM_MAX_PHYID)
			break;
		spin_lock(&ka->cpuid_lock);
		dest = ka->cpuid_map[cpuid];
		spin_unlock(&ka->cpuid_lock);
		if (!dest)
			continue;
		kvm_loongarch_queue_irq(dest, KVM_IRQ_SWI0);
		kvm_vcpu_kick(dest);
	}
	return HCALL_SUCCESS;
}

/* a1: the feature, as a bit; a2: its data (the steal-time address) */
static unsigned long notify(struct kvm_vcpu *vcpu, unsigned long *gpr)
{
	struct kvm_arch *ka = &vcpu->kvm->arch;

	if (gpr[LOONGARCH_GPR_A1] != BIT(KVM_FEATURE_STEAL_TIME) ||
	    !kvm_loongarch_has_pv_feature(ka, KVM_FEATURE_STEAL_TIME))
		return HCALL_INVALID_CODE;
	if (!set_steal_time(vcpu, gpr[LOONGARCH_GPR_A2]))
		return HCALL_INVALID_PARAMETER;
	return HCALL_SUCCESS;
}

/**
 * kvm_loongarch_pv_service() - the guest's hvcl 0x100
 * @vcpu: the vCPU, with its GPRs
 *
 * Return: the result for a0.
 */
unsigned long kvm_loongarch_pv_service(struct kvm_vcpu *vcpu)
{
	unsigned long *gpr = vcpu->arch.gprs;
	struct kvm_arch *ka = &vcpu->kvm->arch;

	switch (gpr[LOONGARCH_GPR_A0]) {
	case HCALL_FUNC_IPI:
		if (!kvm_loongarch_has_pv_feature(ka, KVM_FEATURE_IPI))
			return HCALL_INVALID_CODE;
		return send_ipi(vcpu, gpr);
	case HCALL_FUNC_NOTIFY:
		return notify(vcpu, gpr);
	default:
		return HCALL_INVALID_CODE;
	}
}

/*
 * The steal-time area at @gpa (valid bit cleared) in the VMM's memory,
 * through the vCPU's hva cache, which is made again when the address or
 * the memslots changed; NULL outside guest memory. Under the SRCU read
 * lock.
 */
static struct kvm_steal_time __user *steal_time_area(struct kvm_vcpu *vcpu,
						     u64 gpa)
	__must_hold(&vcpu->kvm->srcu)
{
	struct gfn_to_hva_cache *ghc = &vcpu->arch.st.cache;

	if (ghc->gpa != gpa ||
	    ghc->generation != kvm_memslots(vcpu->kvm)->generation ||
	    kvm_is_error_hva(ghc->hva)) {
		if (kvm_gfn_to_hva_cache_init(vcpu->kvm, ghc, gpa,
					      sizeof(struct kvm_steal_time)))
			return NULL;
	}
	return (struct kvm_steal_time __user *)ghc->hva;
}

/**
 * kvm_loongarch_update_steal_time() - write the vCPU's steal-time area
 * @vcpu: the vCPU, loaded, with interrupts enabled and the SRCU read lock
 *
 * Adds the time the vCPU's thread waited to run since the last update.
 * The version is odd while the area changes, as the guest expects. An
 * address outside guest memory is left alone.
 */
void kvm_loongarch_update_steal_time(struct kvm_vcpu *vcpu)
	__must_hold(&vcpu->kvm->srcu)
{
	u64 gpa = vcpu->arch.st.guest_addr;
	struct kvm_steal_time __user *st;
	u64 run_delay, steal;
	u32 version;

	if (!(gpa & STEAL_PHYS_VALID))
		return;
	gpa &= STEAL_PHYS_MASK;
	st = steal_time_area(vcpu, gpa);
	if (!st)
		return;

	/* Running again: no longer preempted */
	if (kvm_loongarch_has_pv_feature(&vcpu->kvm->arch, KVM_FEATURE_PREEMPT) &&
	    !put_user(0, &st->preempted))
		vcpu->arch.st.preempted = false;
	if (get_user(version, &st->version))
		return;
	/* Odd while updating, even (and higher) when done */
	version += (version & 1) + 1;
	if (put_user(version, &st->version))
		return;
	/* The odd version is visible before the new steal time */
	smp_wmb();
	run_delay = current->sched_info.run_delay;
	if (!get_user(steal, &st->steal)) {
		steal += run_delay - vcpu->arch.st.last_steal;
		vcpu->arch.st.last_steal = run_delay;
		if (put_user(steal, &st->steal))
			return;
	}
	/* The new steal time is visible before the even version */
	smp_wmb();
	if (put_user(version + 1, &st->version))
		return;
	mark_page_dirty_in_slot(vcpu->kvm, vcpu->arch.st.cache.memslot,
				gpa_to_gfn(gpa));
}

/**
 * kvm_loongarch_pv_load() - the vCPU is loaded: steal time is due
 * @vcpu: the vCPU
 */
void kvm_loongarch_pv_load(struct kvm_vcpu *vcpu)
{
	if (vcpu->arch.st.guest_addr & STEAL_PHYS_VALID)
		kvm_make_request(KVM_REQ_STEAL_UPDATE, vcpu);
}

/* The preempted flag into the steal-time area at @gpa, if its page is in */
static noinline void mark_preempted(struct kvm_vcpu *vcpu, u64 gpa)
{
	struct kvm_steal_time __user *st;
	u8 preempted = 1;
	int idx;

	idx = srcu_read_lock(&vcpu->kvm->srcu);
	st = steal_time_area(vcpu, gpa);
	if (st && !copy_to_user_nofault(&st->preempted, &preempted,
					sizeof(preempted))) {
		vcpu->arch.st.preempted = true;
		mark_page_dirty_in_slot(vcpu->kvm, vcpu->arch.st.cache.memslot,
					gpa_to_gfn(gpa));
	}
	srcu_read_unlock(&vcpu->kvm->srcu, idx);
}

/**
 * kvm_loongarch_pv_put() - the vCPU is put: flag it as preempted
 * @vcpu: the vCPU, still loaded
 *
 * When the vCPU's thread is preempted (not when it blocks, or leaves
 * KVM_RUN), and the VM has the PREEMPT feature, the steal-time area says
 * so until the next update. This runs in the scheduler, where nothing may
 * sleep: an area whose page is not present in the VMM stays as it is.
 */
void kvm_loongarch_pv_put(struct kvm_vcpu *vcpu)
{
	u64 gpa = vcpu->arch.st.guest_addr;

	if (!vcpu->preempted || vcpu->arch.st.preempted ||
	    !(gpa & STEAL_PHYS_VALID) ||
	    !kvm_loongarch_has_pv_feature(&vcpu->kvm->arch, KVM_FEATURE_PREEMPT) ||
	    current->mm != vcpu->kvm->mm)
		return;
	mark_preempted(vcpu, gpa & STEAL_PHYS_MASK);
}

/**
 * kvm_loongarch_pv_reset() - forget the guest's paravirtual addresses
 * @vcpu: the vCPU, not loaded
 */
void kvm_loongarch_pv_reset(struct kvm_vcpu *vcpu)
{
	vcpu->arch.st.guest_addr = 0;
	vcpu->arch.st.preempted = false;
	kvm_clear_request(KVM_REQ_STEAL_UPDATE, vcpu);
}

/**
 * kvm_loongarch_pvtime_attr() - KVM_LOONGARCH_VCPU_PVTIME_CTRL
 * @vcpu: the vCPU
 * @ioctl: KVM_HAS_DEVICE_ATTR, KVM_GET_DEVICE_ATTR or KVM_SET_DEVICE_ATTR
 * @attr: the attribute; KVM_LOONGARCH_VCPU_PVTIME_GPA is the only one
 *
 * The steal-time address, as the guest gave it (to migrate it); a valid
 * one must be in guest memory.
 *
 * Return: 0, -ENXIO without steal time or for another attribute, -EINVAL
 * for a bad address, -EFAULT.
 */
int kvm_loongarch_pvtime_attr(struct kvm_vcpu *vcpu, unsigned int ioctl,
			      struct kvm_device_attr *attr)
{
	u64 __user *uaddr = u64_to_user_ptr(attr->addr);
	struct kvm *kvm = vcpu->kvm;
	int idx, ret = 0;
	u64 gpa;

	if (attr->attr != KVM_LOONGARCH_VCPU_PVTIME_GPA ||
	    !kvm_loongarch_has_pv_feature(&kvm->arch, KVM_FEATURE_STEAL_TIME))
		return -ENXIO;
	switch (ioctl) {
	case KVM_HAS_DEVICE_ATTR:
		return 0;
	case KVM_GET_DEVICE_ATTR:
		return put_user(vcpu->arch.st.guest_addr, uaddr);
	default:
		if (get_user(gpa, uaddr))
			return -EFAULT;
		idx = srcu_read_lock(&kvm->srcu);
		if ((gpa & STEAL_PHYS_VALID) &&
		    kvm_is_error_hva(gfn_to_hva(kvm, gpa_to_gfn(gpa))))
			ret = -EINVAL;
		srcu_read_unlock(&kvm->srcu, idx);
		if (!ret && !set_steal_time(vcpu, gpa))
			ret = -EINVAL;
		return ret;
	}
}
