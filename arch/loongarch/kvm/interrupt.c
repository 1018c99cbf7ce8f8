// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: interrupts for the guest.
 *
 * KVM_INTERRUPT and the software timer queue interrupts by ESTAT.IS bit;
 * they reach the guest right before it runs (lvz.md 4): HWI0-7 through
 * GINTC.VIP, TI, IPI and SWI0-1 through root's write of the guest ESTAT.
 */
#include <linux/kvm_host.h>
#include "trace_kvm.h"

/**
 * kvm_loongarch_queue_irq() - raise an interrupt in the guest
 * @vcpu: the vCPU
 * @irq: ESTAT.IS bit index
 */
void kvm_loongarch_queue_irq(struct kvm_vcpu *vcpu, unsigned int irq)
{
	set_bit(irq, &vcpu->arch.irq_pending);
	clear_bit(irq, &vcpu->arch.irq_clear);
	trace_kvm_loongarch_irq(vcpu, irq, 1);
}

/**
 * kvm_loongarch_dequeue_irq() - lower an interrupt in the guest
 * @vcpu: the vCPU
 * @irq: ESTAT.IS bit index
 */
void kvm_loongarch_dequeue_irq(struct kvm_vcpu *vcpu, unsigned int irq)
{
	set_bit(irq, &vcpu->arch.irq_clear);
	clear_bit(irq, &vcpu->arch.irq_pending);
	trace_kvm_loongarch_irq(vcpu, irq, 0);
}

static void set_guest_is(unsigned long bits, bool level)
{
	unsigned long hwi = (bits & KVM_IRQ_HWI_MASK) >> KVM_IRQ_HWI0;
	unsigned long rest = bits & ~KVM_IRQ_HWI_MASK;

	if (hwi)
		csr_xchg64(level ? hwi : 0, hwi, LOONGARCH_CSR_GINTC);
	if (rest)
		gcsr_xchg(level ? rest : 0, rest, LOONGARCH_CSR_ESTAT);
}

/**
 * kvm_loongarch_deliver_irqs() - write queued changes into the hardware
 * @vcpu: the vCPU, loaded, with interrupts disabled
 */
void kvm_loongarch_deliver_irqs(struct kvm_vcpu *vcpu)
{
	unsigned long clear = xchg(&vcpu->arch.irq_clear, 0);
	unsigned long raise = xchg(&vcpu->arch.irq_pending, 0);

	if (clear)
		set_guest_is(clear, false);
	if (raise)
		set_guest_is(raise, true);
}

/**
 * kvm_loongarch_irq_pending() - does the guest have an interrupt to take
 * @vcpu: the vCPU, loaded or not
 *
 * An interrupt is pending when an ESTAT.IS bit that the guest's ECFG
 * enables is set, or queued: what ends the guest's idle.
 *
 * Return: true if one is.
 */
bool kvm_loongarch_irq_pending(struct kvm_vcpu *vcpu)
{
	unsigned long estat, ecfg, gintc;

	if (READ_ONCE(vcpu->arch.irq_pending))
		return true;
	if (vcpu->cpu >= 0 && vcpu == kvm_get_running_vcpu()) {
		estat = gcsr_read(LOONGARCH_CSR_ESTAT);
		ecfg = gcsr_read(LOONGARCH_CSR_ECFG);
		gintc = csr_read64(LOONGARCH_CSR_GINTC);
	} else {
		estat = vcpu->arch.csr[LOONGARCH_CSR_ESTAT];
		ecfg = vcpu->arch.csr[LOONGARCH_CSR_ECFG];
		gintc = vcpu->arch.csr[LOONGARCH_CSR_GINTC];
	}
	estat |= (gintc & CSR_GINTC_VIP) << KVM_IRQ_HWI0;
	return estat & ecfg & CSR_ECFG_IM;
}
