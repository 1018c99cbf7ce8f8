// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's LLbit (lvz.md 4: the guest CSR file has its own LLBCTL, and
 * the LLbit survives exits to root). An ll and its sc across an exit that
 * KVM handles itself still pair up; but an sc must not pass on the
 * strength of an ll made by another vCPU that ran on the same host CPU.
 */
#include "kvm-util.h"

/* ll.w, report, wait */
GUEST(g_ll,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"ll.w $t1, $t0, 0\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"99: b 99b\n");

/* sc.w without an ll of its own; a1 = the sc's result */
GUEST(g_sc,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"ori $t1, $zero, 5\n"
	"sc.w $t1, $t0, 0\n"
	"or $a1, $t1, $zero\n"
	G_DONE);

/*
 * ll.w, an exit that KVM handles (cpucfg), sc.w, retried up to 100 times
 * as a real LL/SC loop would be (a host preemption in between may clear
 * the LLbit); a1 = the last sc's result
 */
GUEST(g_ll_exit_sc,
	"li.d $t0, " STR(DATA_GPA) "\n"
	"ori $t3, $zero, 100\n"
	"1: ll.w $t1, $t0, 0\n"
	"cpucfg $t2, $zero\n"
	"ori $t1, $zero, 7\n"
	"sc.w $t1, $t0, 0\n"
	"bnez $t1, 2f\n"
	"addi.d $t3, $t3, -1\n"
	"bnez $t3, 1b\n"
	"2: or $a1, $t1, $zero\n"
	G_DONE);

#define GPA_B	0x4000	/* where the second guest's code goes */

static int sc_after_other_vcpu_ll(void)
{
	struct vm *vm = VM_STD(g_ll);
	struct vcpu *a, *b;
	u64 *r;

	pin_to_cpu(0);
	vm_load(vm, GPA_B, g_sc, g_sc_end);
	*(u32 *)gpa_ptr(vm, DATA_GPA) = 0x1234;
	a = vcpu_new(vm, 0);
	b = vcpu_new(vm, 1);
	vcpu_set_gpr(b, 32, GPA_B);

	expect_report(a, MARK_READY);
	r = expect_report(b, MARK_DONE);
	EXPECT_EQ(r[1], 0, "sc.w of vCPU 1 after the ll.w of vCPU 0 (1: passed)");
	EXPECT_EQ(*(u32 *)gpa_ptr(vm, DATA_GPA), 0x1234, "memory after the sc.w");
	return KT_PASS;
}

static int ll_exit_sc(void)
{
	struct vm *vm = VM_STD(g_ll_exit_sc);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *r;

	*(u32 *)gpa_ptr(vm, DATA_GPA) = 0x1234;
	r = expect_report(v, MARK_DONE);
	EXPECT_EQ(r[1], 1, "sc.w after ll.w and a cpucfg exit, 100 tries (0: failed)");
	EXPECT_EQ(*(u32 *)gpa_ptr(vm, DATA_GPA), 7, "memory after the sc.w");
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "sc_after_other_vcpu_ll", sc_after_other_vcpu_ll, 0 },
	{ "ll_exit_sc", ll_exit_sc, 0 },
};

KT_MAIN("llsc", cases)
