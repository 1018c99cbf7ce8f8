// SPDX-License-Identifier: GPL-2.0
/*
 * Guest instructions that KVM emulates after a GSPR exit (lvz.md 4, 6),
 * beyond cpucfg, IOCSR and idle (tested elsewhere): CSR accesses outside
 * the guest CSR file, with csrxchg returning the whole old value, and
 * cacop, which does nothing. Each advances the PC exactly once.
 */
#include "kvm-util.h"

#define CSR_IMPCTL1	0x80
#define CSR_UNKNOWN	0x7ff
/* Without a suffix: they go into the guest's assembly as they are */
#define VAL_A		0x0123456789abcdef
#define VAL_B		0xfedcba9876543210
#define MASK		0x00000000ffff0000
#define XCHG_RESULT	(((u64)VAL_A & ~(u64)MASK) | ((u64)VAL_B & (u64)MASK))

/*
 * IMPCTL1 = A; a1 = csrrd; a2 = csrxchg(B, MASK) (the old value);
 * a3 = csrrd (the new value); a4 = csrwr of the unknown CSR (its old
 * value, 0); a5 = csrrd of it after the write (still 0).
 */
GUEST(g_csr,
	"li.d $t0, " STR(VAL_A) "\n"
	"csrwr $t0, " STR(CSR_IMPCTL1) "\n"
	"csrrd $a1, " STR(CSR_IMPCTL1) "\n"
	"li.d $a2, " STR(VAL_B) "\n"
	"li.d $t1, " STR(MASK) "\n"
	"csrxchg $a2, $t1, " STR(CSR_IMPCTL1) "\n"
	"csrrd $a3, " STR(CSR_IMPCTL1) "\n"
	"li.d $a4, 0x5a5a\n"
	"csrwr $a4, " STR(CSR_UNKNOWN) "\n"
	"csrrd $a5, " STR(CSR_UNKNOWN) "\n"
	G_REPORT(MARK_READY)
	G_DONE);

static int csr_emulated(void)
{
	struct vm *vm = VM_STD(g_csr);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a = expect_report(v, MARK_READY), host;

	EXPECT_EQ(a[1], (u64)VAL_A, "csrrd after csrwr");
	EXPECT_EQ(a[2], (u64)VAL_A, "csrxchg's old value, all of it");
	EXPECT_EQ(a[3], XCHG_RESULT, "csrxchg's result");
	EXPECT_EQ(a[4], 0, "csrwr of an unknown CSR returns 0");
	EXPECT_EQ(a[5], 0, "an unknown CSR ignores writes");
	EXPECT_OK(get_reg(v, KVM_IOC_CSRID(CSR_IMPCTL1), &host),
		  "GET_ONE_REG IMPCTL1");
	EXPECT_EQ(host, XCHG_RESULT, "IMPCTL1 on the host");
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

/* Index and hit cacop ops, counted: each runs once, then the guest goes on */
GUEST(g_cacop,
	"move $s0, $zero\n"
	"cacop 0x8, $zero, 0\n"
	"addi.d $s0, $s0, 1\n"
	"cacop 0x10, $zero, 0\n"
	"addi.d $s0, $s0, 1\n"
	"move $a1, $s0\n"
	G_REPORT(MARK_READY)
	G_DONE);

static int cacop(void)
{
	struct vm *vm = VM_STD(g_cacop);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a = expect_report(v, MARK_READY);

	EXPECT_EQ(a[1], 2, "instructions after the cacops run once each");
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "csr_emulated", csr_emulated, 0 },
	{ "cacop", cacop, 0 },
};

KT_MAIN("gspr", cases)
