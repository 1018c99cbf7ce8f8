/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception vectors and context switches.
 *
 * Root vectors (root EENTRY, root TLBRENTRY) save every GPR in
 * lvz_root_frame and call lvz_root_trap() on a stack of their own; that
 * either longjmps back to the code that started the guest (or armed a
 * catcher) or returns, and then the saved GPRs are reloaded and ertn
 * resumes the interrupted context (the guest, if GSTAT.PVM = 1: lvz.md
 * section 3).
 *
 * Guest vectors (guest EENTRY, guest TLBRENTRY, installed with gcsrwr) do
 * the same with the guest CSR file and lvz_guest_trap().
 */
#include "csr.h"

#define TRAP_EXC	0
#define TRAP_TLBR	1

/* Save all GPRs in \frame; \ks is the KS register lent as scratch. */
	.macro	save_all frame, ks
	csrwr		$t0, \ks
	la.pcrel	$t0, \frame
	.irp	n, 1,2,3,4,5,6,7,8,9,10,11,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	st.d		$r\n, $t0, \n * 8
	.endr
	csrrd		$t1, \ks
	st.d		$t1, $t0, 12 * 8
	.endm

	.macro	restore_all frame
	la.pcrel	$t0, \frame
	.irp	n, 1,2,3,4,5,6,7,8,9,10,11,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld.d		$r\n, $t0, \n * 8
	.endr
	ld.d		$t0, $t0, 12 * 8
	.endm

	.text
/* Root exceptions; KS0 is the root scratch register. */
	.balign	4096
	.globl	lvz_root_vector
lvz_root_vector:
	save_all	lvz_root_frame, CSR_KS0
	li.w		$a1, TRAP_EXC
	b		root_common

/*
 * TLBRENTRY holds a physical address, so the refill vectors start at a
 * low PC; jump to the image's own (0x9000...) address first, which is
 * valid both in the refill's DA mode and with paging on.
 */
	.macro	to_link_address
	csrwr		$t0, CSR_TLBRSAVE
	la.abs		$t0, 1f
	jr		$t0
1:	csrrd		$t0, CSR_TLBRSAVE
	.endm

	.balign	4096
	.globl	lvz_root_tlbr_vector
lvz_root_tlbr_vector:
	to_link_address
	save_all	lvz_root_frame, CSR_KS0
	li.w		$a1, TRAP_TLBR
root_common:
	la.pcrel	$a0, lvz_root_frame
	la.pcrel	$sp, lvz_root_exc_stack_top
	bl		lvz_root_trap
	restore_all	lvz_root_frame
	ertn

/* Guest exceptions; guest KS1 is the guest scratch register. */
	.balign	4096
	.globl	lvz_guest_vector
lvz_guest_vector:
	save_all	lvz_guest_frame, CSR_KS1
	li.w		$a1, TRAP_EXC
	b		guest_common

	.balign	4096
	.globl	lvz_guest_tlbr_vector
lvz_guest_tlbr_vector:
	to_link_address
	save_all	lvz_guest_frame, CSR_KS1
	li.w		$a1, TRAP_TLBR
guest_common:
	la.pcrel	$a0, lvz_guest_frame
	la.pcrel	$sp, lvz_guest_exc_stack_top
	bl		lvz_guest_trap
	restore_all	lvz_guest_frame
	ertn

/*
 * int lvz_setjmp(struct lvz_jmp *j) / void lvz_longjmp(struct lvz_jmp *j, int v)
 * Callee-saved state only: ra, sp, fp, s0-s8.
 */
	.globl	lvz_setjmp
lvz_setjmp:
	st.d		$ra, $a0, 0
	st.d		$sp, $a0, 8
	st.d		$fp, $a0, 16
	.irp	n, 0,1,2,3,4,5,6,7,8
	st.d		$s\n, $a0, 24 + \n * 8
	.endr
	move		$a0, $zero
	jr		$ra

	.globl	lvz_longjmp
lvz_longjmp:
	ld.d		$ra, $a0, 0
	ld.d		$sp, $a0, 8
	ld.d		$fp, $a0, 16
	.irp	n, 0,1,2,3,4,5,6,7,8
	ld.d		$s\n, $a0, 24 + \n * 8
	.endr
	move		$a0, $a1
	jr		$ra

/*
 * void lvz_ertn_with(unsigned long *regs): load all GPRs from regs[1..31]
 * and ertn. The caller has set ERA, PRMD and GSTAT.PVM.
 */
	.globl	lvz_ertn_with
lvz_ertn_with:
	move		$t0, $a0
	.irp	n, 1,2,3,4,5,6,7,8,9,10,11,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld.d		$r\n, $t0, \n * 8
	.endr
	ld.d		$t0, $t0, 12 * 8
	ertn

/*
 * unsigned long lvz_ertn_to_next(void): ertn to the next instruction with
 * PRMD = 0 and whatever GSTAT.PVM the caller left; returns GSTAT as read
 * after the ertn (lvz.md section 3: with PVM = 0, ertn stays in root).
 */
	.globl	lvz_ertn_to_next
lvz_ertn_to_next:
	la.pcrel	$t0, 1f
	csrwr		$t0, CSR_ERA
	move		$t0, $zero
	csrwr		$t0, CSR_PRMD
	ertn
1:	csrrd		$a0, CSR_GSTAT
	jr		$ra

	.bss
	.balign	16
	.globl	lvz_root_frame, lvz_guest_frame
lvz_root_frame:
	.space	32 * 8
lvz_guest_frame:
	.space	32 * 8
	.balign	16
	.space	16384
lvz_root_exc_stack_top:
	.space	8192
lvz_guest_exc_stack_top:
	.space	16384
	.globl	lvz_guest_stack_top
lvz_guest_stack_top:
