/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry point: QEMU starts CPU 0 here in direct address mode, PLV0,
 * interrupts off. Set up a stack, clear .bss and run the cases.
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	la.pcrel	$sp, lvz_stack_top
	la.pcrel	$t0, __bss_start
	la.pcrel	$t1, __bss_end
1:	bgeu		$t0, $t1, 2f
	st.d		$zero, $t0, 0
	addi.d		$t0, $t0, 8
	b		1b
2:	bl		lvz_main
	bl		lvz_poweroff
3:	b		3b

	.bss
	.balign	16
	.space	32768
	.globl	lvz_stack_top
lvz_stack_top:
