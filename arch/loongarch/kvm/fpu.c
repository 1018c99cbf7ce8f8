// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: lazy switching of the FPU and the vector units.
 *
 * The guest gets the units when it first uses one: root's EUEN.FPE, SXE
 * and ASXE are clear while it runs, so its first FP, LSX or LASX
 * instruction exits (lvz.md 6, Ecode 15, 16, 17). KVM then loads the
 * guest's state (the task's own went to memory when KVM_RUN began) as
 * wide as the widest unit of the vCPU's CPUCFG2, and enables those units
 * for the guest until the vCPU is put. A unit beyond them exits again,
 * and gets INE (exit.c).
 */
#include <linux/kvm_host.h>
#include <asm/fpu.h>

/* The root EUEN enables of each width */
static const unsigned long unit_enables[] = {
	[KVM_LOONGARCH_FPU_NONE] = 0,
	[KVM_LOONGARCH_FPU_FP]	 = CSR_EUEN_FPEN,
	[KVM_LOONGARCH_FPU_LSX]	 = CSR_EUEN_FPEN | CSR_EUEN_LSXEN,
	[KVM_LOONGARCH_FPU_LASX] = CSR_EUEN_FPEN | CSR_EUEN_LSXEN |
				   CSR_EUEN_LASXEN,
};

static void save_guest_fpu(struct kvm_vcpu *vcpu)
{
	switch (vcpu->arch.fpu_unit) {
	case KVM_LOONGARCH_FPU_FP:
		_save_fp(&vcpu->arch.fpu);
		break;
	case KVM_LOONGARCH_FPU_LSX:
		_save_lsx(&vcpu->arch.fpu);
		break;
	case KVM_LOONGARCH_FPU_LASX:
		_save_lasx(&vcpu->arch.fpu);
		break;
	}
}

static void restore_guest_fpu(struct kvm_vcpu *vcpu)
{
	switch (vcpu->arch.fpu_unit) {
	case KVM_LOONGARCH_FPU_FP:
		_restore_fp(&vcpu->arch.fpu);
		break;
	case KVM_LOONGARCH_FPU_LSX:
		_restore_lsx(&vcpu->arch.fpu);
		break;
	case KVM_LOONGARCH_FPU_LASX:
		_restore_lasx(&vcpu->arch.fpu);
		break;
	}
}

/* The widest unit in the vCPU's CPUCFG2: the one the guest gets */
static unsigned int guest_unit(struct kvm_vcpu *vcpu)
{
	u32 cfg = vcpu->arch.cpucfg[LOONGARCH_CPUCFG2];

	if (cfg & CPUCFG2_LASX)
		return KVM_LOONGARCH_FPU_LASX;
	if (cfg & CPUCFG2_LSX)
		return KVM_LOONGARCH_FPU_LSX;
	return KVM_LOONGARCH_FPU_FP;
}

/**
 * kvm_loongarch_own_fpu() - give the FPU and the vector units to the guest
 * @vcpu: the vCPU, loaded, whose CPUCFG2 has the unit it used
 *
 * The guest gets every unit of its CPUCFG2 at once, as in mainline: one
 * exit per load of the vCPU, whichever unit it uses first.
 */
void kvm_loongarch_own_fpu(struct kvm_vcpu *vcpu)
{
	preempt_disable();
	/* The task's own state is saved: KVM_RUN began with lose_fpu(1) */
	if (vcpu->arch.fpu_unit == KVM_LOONGARCH_FPU_NONE) {
		vcpu->arch.fpu_unit = guest_unit(vcpu);
		set_csr_euen(unit_enables[vcpu->arch.fpu_unit]);
		restore_guest_fpu(vcpu);
	}
	preempt_enable();
}

/**
 * kvm_loongarch_lose_fpu() - take the FPU back from the guest
 * @vcpu: the vCPU, with preemption disabled
 *
 * The host task gets its FP state back when it next uses the FPU.
 */
void kvm_loongarch_lose_fpu(struct kvm_vcpu *vcpu)
{
	if (vcpu->arch.fpu_unit != KVM_LOONGARCH_FPU_NONE) {
		save_guest_fpu(vcpu);
		disable_fpu();
		vcpu->arch.fpu_unit = KVM_LOONGARCH_FPU_NONE;
	}
}
