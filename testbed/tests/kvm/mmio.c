// SPDX-License-Identifier: GPL-2.0
/*
 * Guest accesses outside every memslot exit with KVM_EXIT_MMIO: every
 * load and store form (ld/st, ldx/stx, ldptr/stptr, signed and unsigned
 * loads), address/len/direction/data of each exit, sign or zero
 * extension when the next KVM_RUN completes a load, the PC advancing
 * exactly once, unaligned accesses included. Forms that cannot be
 * emulated and a fetch from MMIO raise an exception in the guest instead.
 * Stores to a read-only memslot exit as MMIO writes; loads read the
 * memory.
 *
 * Guest registers set by the host: s0 = MMIO_GPA, s1 = the store value,
 * s2 = the index register (advanced by 0x10 before each indexed form).
 */
#include "kvm-util.h"

#define STORE_VAL	0x8877665544332211ULL
#define FILL_NEG	0x8887868584838281ULL
#define FILL_POS	0x1827364554637281ULL

struct mmio_op {
	const char *name;
	u64 off;	/* from MMIO_GPA */
	u32 len;
	int write;
	int sign;	/* loads: sign-extending */
	u64 fill;	/* loads: what userspace returns */
};

#define LD(insn, off, i)	insn " $a1, $s0, " #off "\n"		\
				"ori $a0, $zero, " #i "\n" HVCL(0x102)
#define LDX(insn, i)		"addi.d $s2, $s2, 0x10\n"		\
				insn " $a1, $s0, $s2\n"			\
				"ori $a0, $zero, " #i "\n" HVCL(0x102)
#define ST(insn, off)		insn " $s1, $s0, " #off "\n"
#define STX(insn)		"addi.d $s2, $s2, 0x10\n"		\
				insn " $s1, $s0, $s2\n"

/* Loads report the loaded value in a1 with marker 0x100 + their index */
GUEST(g_mmio,
	LD("ld.b", 0x10, 0x100)
	LD("ld.h", 0x20, 0x101)
	LD("ld.w", 0x30, 0x102)
	LD("ld.d", 0x40, 0x103)
	LD("ld.bu", 0x50, 0x104)
	LD("ld.hu", 0x60, 0x105)
	LD("ld.wu", 0x70, 0x106)
	LD("ld.b", 0x18, 0x107)
	LD("ld.w", 0x38, 0x108)
	LD("ld.w", -8, 0x109)
	LDX("ldx.b", 0x10a)
	LDX("ldx.h", 0x10b)
	LDX("ldx.w", 0x10c)
	LDX("ldx.d", 0x10d)
	LDX("ldx.bu", 0x10e)
	LDX("ldx.hu", 0x10f)
	LDX("ldx.wu", 0x110)
	LD("ldptr.w", 0x200, 0x111)
	LD("ldptr.d", 0x208, 0x112)
	ST("st.b", 0x300)
	ST("st.h", 0x310)
	ST("st.w", 0x320)
	ST("st.d", 0x330)
	ST("st.d", -16)
	"li.d $s2, 0x400\n"
	STX("stx.b")
	STX("stx.h")
	STX("stx.w")
	STX("stx.d")
	ST("stptr.w", 0x500)
	ST("stptr.d", 0x508)
	G_DONE);

static const struct mmio_op ops[] = {
	{ "ld.b", 0x10, 1, 0, 1, FILL_NEG },
	{ "ld.h", 0x20, 2, 0, 1, FILL_NEG },
	{ "ld.w", 0x30, 4, 0, 1, FILL_NEG },
	{ "ld.d", 0x40, 8, 0, 1, FILL_NEG },
	{ "ld.bu", 0x50, 1, 0, 0, FILL_NEG },
	{ "ld.hu", 0x60, 2, 0, 0, FILL_NEG },
	{ "ld.wu", 0x70, 4, 0, 0, FILL_NEG },
	{ "ld.b (positive)", 0x18, 1, 0, 1, FILL_POS },
	{ "ld.w (positive)", 0x38, 4, 0, 1, FILL_POS },
	{ "ld.w (negative offset)", -8ULL, 4, 0, 1, FILL_NEG },
	{ "ldx.b", 0x110, 1, 0, 1, FILL_NEG },
	{ "ldx.h", 0x120, 2, 0, 1, FILL_NEG },
	{ "ldx.w", 0x130, 4, 0, 1, FILL_NEG },
	{ "ldx.d", 0x140, 8, 0, 1, FILL_NEG },
	{ "ldx.bu", 0x150, 1, 0, 0, FILL_NEG },
	{ "ldx.hu", 0x160, 2, 0, 0, FILL_NEG },
	{ "ldx.wu", 0x170, 4, 0, 0, FILL_NEG },
	{ "ldptr.w", 0x200, 4, 0, 1, FILL_NEG },
	{ "ldptr.d", 0x208, 8, 0, 1, FILL_NEG },
	{ "st.b", 0x300, 1, 1, 0, 0 },
	{ "st.h", 0x310, 2, 1, 0, 0 },
	{ "st.w", 0x320, 4, 1, 0, 0 },
	{ "st.d", 0x330, 8, 1, 0, 0 },
	{ "st.d (negative offset)", -16ULL, 8, 1, 0, 0 },
	{ "stx.b", 0x410, 1, 1, 0, 0 },
	{ "stx.h", 0x420, 2, 1, 0, 0 },
	{ "stx.w", 0x430, 4, 1, 0, 0 },
	{ "stx.d", 0x440, 8, 1, 0, 0 },
	{ "stptr.w", 0x500, 4, 1, 0, 0 },
	{ "stptr.d", 0x508, 8, 1, 0, 0 },
};

static u64 extend(u64 v, u32 len, int sign)
{
	int shift = 64 - 8 * len;

	if (len >= 8)
		return v;
	if (sign)
		return (u64)((s64)(v << shift) >> shift);
	return v & ((1ULL << (8 * len)) - 1);
}

static struct vcpu *mmio_vcpu(const char *code, const char *end)
{
	struct vm *vm = vm_std(code, end);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_regs regs = vcpu_regs(v);

	regs.gpr[23] = MMIO_GPA;	/* s0 */
	regs.gpr[24] = STORE_VAL;	/* s1 */
	regs.gpr[25] = 0x100;		/* s2 */
	vcpu_set_regs(v, &regs);
	return v;
}

static void one_op(struct vcpu *v, const struct mmio_op *op, int i)
{
	struct kvm_run *run;
	u64 got, want, *a;

	run = expect_mmio(v, MMIO_GPA + op->off, op->len, op->write);
	if (op->write) {
		got = le_get(run->mmio.data, op->len);
		want = extend(STORE_VAL, op->len, 0);
		EXPECT(got == want, "%s: data 0x%llx, expected 0x%llx",
		       op->name, got, want);
		return;
	}
	le_put(run->mmio.data, op->fill);
	a = expect_report(v, 0x100 + i);
	want = extend(op->fill, op->len, op->sign);
	EXPECT(a[1] == want, "%s: rd 0x%llx after completion, expected 0x%llx",
	       op->name, a[1], want);
}

static int all_forms(void)
{
	struct vcpu *v = mmio_vcpu(g_mmio, g_mmio_end);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		one_op(v, &ops[i], i);
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

/*
 * The same load twice with different data: the second completion must
 * not reuse the first one's bytes; the GPRs other than rd are untouched.
 */
GUEST(g_mmio_twice,
	"ld.d $a1, $s0, 0\n"
	"ld.d $a2, $s0, 0\n"
	"ori $a0, $zero, 0x100\n"
	HVCL(0x102)
	G_DONE);

static int load_twice(void)
{
	struct vcpu *v = mmio_vcpu(g_mmio_twice, g_mmio_twice_end);
	struct kvm_run *run;
	u64 *a;

	run = expect_mmio(v, MMIO_GPA, 8, 0);
	le_put(run->mmio.data, 0x1111111111111111ULL);
	run = expect_mmio(v, MMIO_GPA, 8, 0);
	le_put(run->mmio.data, 0x2222222222222222ULL);
	a = expect_report(v, 0x100);
	EXPECT_EQ(a[1], 0x1111111111111111ULL, "first load");
	EXPECT_EQ(a[2], 0x2222222222222222ULL, "second load");
	EXPECT_EQ(vcpu_regs(v).gpr[24], STORE_VAL, "s1 (not a destination)");
	return KT_PASS;
}

/*
 * Unaligned MMIO exits like aligned MMIO, with the exact address, as in
 * mainline: QEMU's virt machine has a 32-bit register at 0x100e001f (the
 * ACPI CPU hotplug selector), which every ACPI guest writes. (Hardware
 * that raises ALE for unaligned uncached accesses never lets them reach
 * KVM; the testbed CPU does not.) s3 = MMIO_GPA + 0x1f.
 */
GUEST(g_mmio_unaligned,
	LD("ld.w", 2, 0x100)
	LD("ld.h", 1, 0x101)
	LD("ld.d", 4, 0x102)
	LD("ld.wu", 6, 0x103)
	ST("st.w", 1)
	ST("st.d", 6)
	ST("st.h", 3)
	LD("ldptr.d", 4, 0x107)
	"stptr.w $s1, $s3, 0\n"
	G_DONE);

static const struct mmio_op unaligned_ops[] = {
	{ "ld.w +2", 2, 4, 0, 1, FILL_NEG },
	{ "ld.h +1", 1, 2, 0, 1, FILL_NEG },
	{ "ld.d +4", 4, 8, 0, 1, FILL_NEG },
	{ "ld.wu +6", 6, 4, 0, 0, FILL_NEG },
	{ "st.w +1", 1, 4, 1, 0, 0 },
	{ "st.d +6", 6, 8, 1, 0, 0 },
	{ "st.h +3", 3, 2, 1, 0, 0 },
	{ "ldptr.d +4", 4, 8, 0, 1, FILL_POS },
	{ "stptr.w +0x1f", 0x1f, 4, 1, 0, 0 },
};

static int unaligned(void)
{
	struct vcpu *v = mmio_vcpu(g_mmio_unaligned, g_mmio_unaligned_end);
	size_t i;

	vcpu_set_gpr(v, 26, MMIO_GPA + 0x1f);	/* s3 */
	for (i = 0; i < ARRAY_SIZE(unaligned_ops); i++)
		one_op(v, &unaligned_ops[i], i);
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

/*
 * Forms the MMIO emulation does not handle (LL/SC, AM*, FP loads): an
 * exception in the guest, never an MMIO exit or a host error. a7 = the
 * address of the faulting instruction.
 */
#define BAD(insn)	"pcaddi $a7, 1\n" insn "\n"
GUEST(g_mmio_unsupported,
	G_EENTRY(EXC_GPA)
	"ori $t0, $zero, 1\n"
	"csrwr $t0, 0x2\n"		/* EUEN.FPE for fld.d */
	BAD("ll.w $a1, $s0, 0")
	BAD("amswap.w $a1, $s1, $s0")
	BAD("amadd.d $a1, $s1, $s0")
	BAD("fld.d $f1, $s0, 0")
	BAD("fst.s $f1, $s0, 0")
	G_DONE);

static const char *const unsupported_names[] = {
	"ll.w", "amswap.w", "amadd.d", "fld.d", "fst.s",
};

static int unsupported_forms(void)
{
	struct vcpu *v = mmio_vcpu(g_mmio_unsupported, g_mmio_unsupported_end);
	struct kvm_run *run = v->run;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unsupported_names); i++) {
		run_ok(v);
		EXPECT(run->exit_reason == KVM_EXIT_HYPERCALL &&
		       run->hypercall.args[0] == MARK_EXC,
		       "%s on MMIO: expected an exception in the guest, got %s",
		       unsupported_names[i], exit_str(v));
		EXPECT(run->hypercall.args[2] == vcpu_regs(v).gpr[11],
		       "%s: guest ERA 0x%llx, expected the access",
		       unsupported_names[i], run->hypercall.args[2]);
	}
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

/* Jumping to MMIO: ADE (fetch) in the guest with ERA = the target */
GUEST(g_mmio_fetch,
	G_EENTRY(EXC_GPA)
	"jirl $zero, $s0, 0x40\n"
	G_DONE);

static int fetch(void)
{
	struct vcpu *v = mmio_vcpu(g_mmio_fetch, g_mmio_fetch_end);
	struct kvm_run *run = v->run;

	run_ok(v);
	EXPECT(run->exit_reason == KVM_EXIT_HYPERCALL &&
	       run->hypercall.args[0] == MARK_EXC,
	       "fetch from MMIO: expected an exception in the guest, got %s",
	       exit_str(v));
	EXPECT_EQ(ESTAT_ECODE(run->hypercall.args[1]), ECODE_ADE,
		  "guest ECODE of a fetch from MMIO");
	EXPECT_EQ(run->hypercall.args[2], MMIO_GPA + 0x40,
		  "guest ERA of a fetch from MMIO");
	return KT_PASS;
}

#define RO_GPA	0x200000ULL

GUEST(g_mmio_ro,
	"li.d $t0, 0x200000\n"
	"ld.d $a1, $t0, 8\n"
	"st.d $s1, $t0, 16\n"
	"ld.d $a2, $t0, 16\n"
	"ori $a0, $zero, 0x100\n"
	HVCL(0x102)
	G_DONE);

/* KVM_MEM_READONLY: loads read the memory, stores exit as MMIO writes */
static int readonly_slot(void)
{
	struct vcpu *v = mmio_vcpu(g_mmio_ro, g_mmio_ro_end);
	long page = sysconf(_SC_PAGESIZE);
	struct kvm_run *run;
	u64 *ro, *a;
	int r;

	ro = mmap(NULL, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(ro != MAP_FAILED, "mmap: %m");
	ro[1] = 0x0123456789abcdefULL;
	ro[2] = 0x5555aaaa5555aaaaULL;
	r = vm_set_mem(v->vm, 1, RO_GPA, page, KVM_MEM_READONLY, ro);
	EXPECT_OK(r, "KVM_SET_USER_MEMORY_REGION with KVM_MEM_READONLY");
	run = expect_mmio(v, RO_GPA + 16, 8, 1);
	EXPECT_EQ(le_get(run->mmio.data, 8), STORE_VAL,
		  "data of the store to the read-only slot");
	a = expect_report(v, 0x100);
	EXPECT_EQ(a[1], 0x0123456789abcdefULL, "load from the read-only slot");
	EXPECT_EQ(a[2], 0x5555aaaa5555aaaaULL,
		  "read-only memory after the guest's store");
	EXPECT_EQ(ro[2], 0x5555aaaa5555aaaaULL, "host view after the store");
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "all_forms", all_forms, 0 },
	{ "load_twice", load_twice, 0 },
	{ "unaligned", unaligned, 0 },
	{ "unsupported_forms", unsupported_forms, 0 },
	{ "fetch", fetch, 0 },
	{ "readonly_slot", readonly_slot, 0 },
};

KT_MAIN("mmio", cases)
