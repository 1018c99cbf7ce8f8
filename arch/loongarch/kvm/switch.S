/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch between the host and a guest.
 *
 * While a guest runs, root's PGDL points at the VM's stage-2 table and
 * GTLBC tags the entries that the host's TLB refill handler writes with
 * the guest ID, so that stage-2 misses are filled from that table. Any
 * root TLB refill in that window would be tagged wrongly, so this code,
 * and everything it touches until the host state is back, must be
 * reachable without the TLB: main.c copies it to a page of the direct
 * map, and it only uses the vCPU and the host stack, both direct-mapped.
 * Everything between kvm_loongarch_switch_start and _end is copied and
 * must be position independent.
 *
 * lvz.md section 3: ertn with GSTAT.PVM = 1 enters the guest; an exit
 * arrives at root's EENTRY, which points here while the guest runs, with
 * ECFG.VS = 0 so that every exception and interrupt uses this one entry.
 * Stage-2 TLB refills arrive at root's TLBRENTRY, which points to this
 * code's own refill handler while the guest runs.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/asm-offsets.h>
#include <asm/asmmacro.h>
#include <asm/loongarch.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/regdef.h>

/* Host callee-saved registers, in the frame of kvm_loongarch_enter_guest */
#define HOST_FRAME	(8 * 12)

/* Guest GPRs: all but r0 and a2, which carries the vCPU pointer */
#define GUEST_GPRS	1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, \
			17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, \
			30, 31

	.text
	.p2align 12	/* EENTRY needs 4 KiB alignment; so does the copy */
SYM_INNER_LABEL(kvm_loongarch_switch_start, SYM_L_GLOBAL)

/*
 * The exit: every exception and interrupt taken in guest mode, except
 * stage-2 TLB refills, which the host's refill handler fills and returns
 * from straight into the guest. Interrupts are disabled (CRMD.IE = 0).
 */
SYM_CODE_START(kvm_loongarch_exc_entry)
	csrwr	a2, KVM_TEMP_KS			# free a2 for the vCPU
	csrrd	a2, KVM_VCPU_KS
	addi.d	a2, a2, KVM_VCPU_ARCH

	.irp	n, GUEST_GPRS
	st.d	$r\n, a2, KVM_ARCH_GGPR + 8 * \n
	.endr
	csrrd	t0, KVM_TEMP_KS
	st.d	t0, a2, KVM_ARCH_GGPR + 8 * 6	# guest a2

	/* Why and where the guest stopped */
	csrrd	t0, LOONGARCH_CSR_ERA
	st.d	t0, a2, KVM_ARCH_GPC
	csrrd	t0, LOONGARCH_CSR_ESTAT
	st.d	t0, a2, KVM_ARCH_EXIT_ESTAT
	csrrd	t0, LOONGARCH_CSR_BADV
	st.d	t0, a2, KVM_ARCH_EXIT_BADV
	csrrd	t0, LOONGARCH_CSR_BADI
	st.d	t0, a2, KVM_ARCH_EXIT_BADI

	/* Root TLB refills tag entries with 0 and walk the host's table */
	li.w	t1, CSR_GTLBC_USERID | CSR_GTLBC_RID
	csrxchg	zero, t1, LOONGARCH_CSR_GTLBC
	ld.d	t0, a2, KVM_ARCH_HPGDL
	csrwr	t0, LOONGARCH_CSR_PGDL
	/* The host's exception vectors */
	ld.d	t0, a2, KVM_ARCH_HEENTRY
	csrwr	t0, LOONGARCH_CSR_EENTRY
	ld.d	t0, a2, KVM_ARCH_HTLBRENTRY
	csrwr	t0, LOONGARCH_CSR_TLBRENTRY
	ld.d	t0, a2, KVM_ARCH_HECFG
	csrwr	t0, LOONGARCH_CSR_ECFG
	/* ertn returns to root mode again */
	li.w	t1, CSR_GSTAT_PVM
	csrxchg	zero, t1, LOONGARCH_CSR_GSTAT

	ld.d	sp, a2, KVM_ARCH_HSP
	ld.d	tp, a2, KVM_ARCH_HTP
	ld.d	u0, a2, KVM_ARCH_HU0

	/* ret = vcpu->arch.handle_exit(vcpu->run, vcpu) */
	csrrd	s0, KVM_VCPU_KS
	ld.d	a0, s0, KVM_VCPU_RUN
	move	a1, s0
	ld.d	t8, a2, KVM_ARCH_HANDLE_EXIT
	jirl	ra, t8, 0

	/* ret > 0: straight back into the guest, interrupts disabled */
	move	a1, s0
	addi.d	a2, s0, KVM_VCPU_ARCH
	bgtz	a0, enter_guest

	/* ret <= 0: back to kvm_loongarch_enter_guest()'s caller */
	ld.d	ra, sp, 0
	ld.d	fp, sp, 8
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8
	ld.d	$s\n, sp, 16 + 8 * \n
	.endr
	addi.d	sp, sp, HOST_FRAME
	jr	ra
SYM_CODE_END(kvm_loongarch_exc_entry)

/*
 * int kvm_loongarch_enter_guest(struct kvm_run *run, struct kvm_vcpu *vcpu)
 *
 * Run the guest until an exit handler returns RESUME_HOST or an error,
 * and return that. Called with interrupts disabled. (SYM_CODE: no CFI,
 * whose .eh_frame relocations a 6.1 module could not take.)
 */
SYM_CODE_START(kvm_loongarch_enter_guest)
	addi.d	sp, sp, -HOST_FRAME
	st.d	ra, sp, 0
	st.d	fp, sp, 8
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8
	st.d	$s\n, sp, 16 + 8 * \n
	.endr
	addi.d	a2, a1, KVM_VCPU_ARCH

	/* a1 = vcpu, a2 = &vcpu->arch; the host is saved, or on its stack */
enter_guest:
	/* The exit path needs these; the CPU may differ from last time */
	st.d	sp, a2, KVM_ARCH_HSP
	st.d	tp, a2, KVM_ARCH_HTP
	st.d	u0, a2, KVM_ARCH_HU0
	csrwr	a1, KVM_VCPU_KS

	/* Every exception and interrupt exits through kvm_loongarch_exc_entry */
	csrrd	t0, LOONGARCH_CSR_EENTRY
	st.d	t0, a2, KVM_ARCH_HEENTRY
	ld.d	t0, a2, KVM_ARCH_GEENTRY
	csrwr	t0, LOONGARCH_CSR_EENTRY
	csrrd	t0, LOONGARCH_CSR_ECFG
	st.d	t0, a2, KVM_ARCH_HECFG
	li.w	t1, CSR_ECFG_VS
	csrxchg	zero, t1, LOONGARCH_CSR_ECFG
	/* ... and every TLB refill through kvm_loongarch_tlb_refill */
	csrrd	t0, LOONGARCH_CSR_TLBRENTRY
	st.d	t0, a2, KVM_ARCH_HTLBRENTRY
	ld.d	t0, a2, KVM_ARCH_GTLBRENTRY
	csrwr	t0, LOONGARCH_CSR_TLBRENTRY

	/* Stage-2 refills walk the VM's table and tag with its guest ID */
	csrrd	t0, LOONGARCH_CSR_PGDL
	st.d	t0, a2, KVM_ARCH_HPGDL
	ld.d	t0, a2, KVM_ARCH_GPGDL
	csrwr	t0, LOONGARCH_CSR_PGDL
	ld.d	t0, a2, KVM_ARCH_GGTLBC
	li.w	t1, CSR_GTLBC_USERID | CSR_GTLBC_RID
	csrxchg	t0, t1, LOONGARCH_CSR_GTLBC

	/* ertn enters guest mode (PVM) with this guest ID, at the guest PC */
	ld.d	t0, a2, KVM_ARCH_GGSTAT
	li.w	t1, CSR_GSTAT_PVM | CSR_GSTAT_GID
	csrxchg	t0, t1, LOONGARCH_CSR_GSTAT
	ld.d	t0, a2, KVM_ARCH_GPC
	csrwr	t0, LOONGARCH_CSR_ERA
	/* ... keeping root at PLV0 with interrupts on, so they exit */
	li.w	t0, CSR_PRMD_PIE
	csrwr	t0, LOONGARCH_CSR_PRMD

	.irp	n, GUEST_GPRS
	ld.d	$r\n, a2, KVM_ARCH_GGPR + 8 * \n
	.endr
	ld.d	a2, a2, KVM_ARCH_GGPR + 8 * 6
	ertn
SYM_CODE_END(kvm_loongarch_enter_guest)

/*
 * The TLB refill while the guest runs: that of a stage-2 miss (lvz.md 7),
 * in direct-address mode, root's own TLB refill handler but for one
 * check. The walk covers guest physical addresses below 2^VA_BITS only,
 * the reach of the stage-2 table, and would take a higher address for
 * its alias below (or, with bit 63 set, for a host kernel address).
 * Such an address gets an invalid entry instead: the access faults, and
 * kvm_loongarch_stage2_fault() gives the guest an address error.
 */
	.p2align 12	/* TLBRENTRY needs 4 KiB alignment */
SYM_CODE_START(kvm_loongarch_tlb_refill)
	csrwr	t0, LOONGARCH_CSR_TLBRSAVE
	csrrd	t0, LOONGARCH_CSR_TLBRBADV
	srli.d	t0, t0, VA_BITS
	bnez	t0, 1f
	csrrd	t0, LOONGARCH_CSR_PGD
	lddir	t0, t0, 3
#if CONFIG_PGTABLE_LEVELS > 3
	lddir	t0, t0, 2
#endif
#if CONFIG_PGTABLE_LEVELS > 2
	lddir	t0, t0, 1
#endif
	ldpte	t0, 0
	ldpte	t0, 1
	tlbfill
	csrrd	t0, LOONGARCH_CSR_TLBRSAVE
	ertn
1:	csrwr	zero, LOONGARCH_CSR_TLBRELO0
	csrwr	zero, LOONGARCH_CSR_TLBRELO1
	tlbfill
	csrrd	t0, LOONGARCH_CSR_TLBRSAVE
	ertn
SYM_CODE_END(kvm_loongarch_tlb_refill)

SYM_INNER_LABEL(kvm_loongarch_switch_end, SYM_L_GLOBAL)

	.section .rodata
SYM_DATA_START(kvm_loongarch_switch_size)
	.dword	kvm_loongarch_switch_end - kvm_loongarch_switch_start
SYM_DATA_END(kvm_loongarch_switch_size)
