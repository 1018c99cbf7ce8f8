// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: lazy switching of the FPU.
 *
 * The guest gets the FPU when it first uses it: root's EUEN.FPE is clear
 * while it runs, so its first FP instruction exits (lvz.md 6, Ecode 15).
 * KVM then saves the host task's FP state, loads the guest's and enables
 * the FPU for the guest until the vCPU is put.
 */
#include <linux/kvm_host.h>
#include <asm/fpu.h>

/**
 * kvm_loongarch_own_fpu() - give the FPU to the guest
 * @vcpu: the vCPU, loaded
 */
void kvm_loongarch_own_fpu(struct kvm_vcpu *vcpu)
{
	preempt_disable();
	if (!vcpu->arch.fpu_loaded) {
		lose_fpu_inatomic(1, current);
		enable_fpu();
		_restore_fp(&vcpu->arch.fpu);
		vcpu->arch.fpu_loaded = true;
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
	if (vcpu->arch.fpu_loaded) {
		_save_fp(&vcpu->arch.fpu);
		disable_fpu();
		vcpu->arch.fpu_loaded = false;
	}
}
