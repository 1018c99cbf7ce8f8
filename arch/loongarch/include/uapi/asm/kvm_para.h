/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Paravirtualization on LoongArch KVM guests: the numbers of mainline
 * Linux, so that userspace and guests written for it work unchanged.
 */
#ifndef _UAPI_ASM_LOONGARCH_KVM_PARA_H
#define _UAPI_ASM_LOONGARCH_KVM_PARA_H

/*
 * cpucfg words of the hypervisor: CPUCFG_KVM_SIG reads "KVM\0" in a KVM
 * guest, CPUCFG_KVM_FEATURE the VM's paravirtual features. Userspace sets
 * and reads the same bitmap through the vCPU attribute
 * KVM_LOONGARCH_VCPU_CPUCFG, attr CPUCFG_KVM_FEATURE.
 */
#define CPUCFG_KVM_BASE			0x40000000
#define CPUCFG_KVM_SIZE			0x100
#define CPUCFG_KVM_SIG			(CPUCFG_KVM_BASE + 0)
#define  KVM_SIGNATURE			"KVM\0"
#define CPUCFG_KVM_FEATURE		(CPUCFG_KVM_BASE + 4)

/* Feature bit numbers */
#define KVM_FEATURE_IPI			1
#define KVM_FEATURE_STEAL_TIME		2
#define KVM_FEATURE_PREEMPT		3
/* Bits 24-31: features that only the VMM enables */
#define KVM_FEATURE_VIRT_EXTIOI		24
#define KVM_FEATURE_USER_HCALL		25

#endif /* _UAPI_ASM_LOONGARCH_KVM_PARA_H */
