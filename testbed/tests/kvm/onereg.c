// SPDX-License-Identifier: GPL-2.0
/*
 * ONE_REG: every guest CSR id round-trips (special registers checked for
 * what uapi.md says they do), CSR values survive a guest run and guest
 * writes show up, the KVM set (COUNTER, DEBUG_INST), KVM_GET_REG_LIST
 * (E2BIG protocol, exactly the ids GET_ONE_REG accepts, every listed id
 * writes back) and QEMU's vCPU bring-up sequence in QEMU's order.
 */
#include "kvm-util.h"

enum kind {
	EXACT,		/* reads back what was written */
	MASKED,		/* only @mask is writable (read-only fields beside) */
	ANY,		/* read-only, derived: GET and SET succeed */
	TVAL,		/* counts down: reads back <= the value written */
	W1C,		/* write-1-to-clear: reads back 0 or the value */
};

struct csr {
	u32 num;
	const char *name;
	enum kind kind;
	u64 val, mask;
};

/*
 * Every guest CSR, with a value inside the architecturally writable
 * fields (so that a backend that masks on SET still returns it). ESTAT
 * and CPUID have cases of their own.
 */
static const struct csr csrs[] = {
	{ 0x0, "CRMD", EXACT, 0xa8, 0 },		/* DA, DATF=DATM=CC */
	{ 0x1, "PRMD", EXACT, 0x7, 0 },
	{ 0x2, "EUEN", EXACT, 0x1, 0 },
	{ 0x3, "MISC", EXACT, 0x2, 0 },
	{ 0x4, "ECFG", EXACT, 0x804, 0 },
	{ 0x6, "ERA", EXACT, 0x12345678, 0 },
	{ 0x7, "BADV", EXACT, 0x123456789abcULL, 0 },
	{ 0x8, "BADI", EXACT, 0x02c00000, 0 },
	{ 0xc, "EENTRY", EXACT, 0x80000, 0 },
	{ 0x10, "TLBIDX", EXACT, 0x0c000005, 0 },
	{ 0x11, "TLBEHI", EXACT, 0x12346000, 0 },
	{ 0x12, "TLBELO0", EXACT, 0x5013, 0 },
	{ 0x13, "TLBELO1", EXACT, 0x6013, 0 },
	/* ASIDBITS (23:16) is read-only */
	{ 0x18, "ASID", MASKED, 0x5, 0x3ff },
	{ 0x19, "PGDL", EXACT, 0x100000, 0 },
	{ 0x1a, "PGDH", EXACT, 0x200000, 0 },
	/* PGD is read-only: what it reads depends on PGDL/PGDH/BADV */
	{ 0x1b, "PGD", ANY, 0x100000, 0 },
	{ 0x1c, "PWCL", EXACT, 0x4d52c, 0 },
	{ 0x1d, "PWCH", EXACT, 0x25e, 0 },
	{ 0x1e, "STLBPS", EXACT, 0xe, 0 },
	{ 0x1f, "RVACFG", EXACT, 0x3, 0 },
	{ 0x21, "PRCFG1", EXACT, 0x72f8, 0 },
	{ 0x22, "PRCFG2", EXACT, 0x3ffff000, 0 },
	{ 0x23, "PRCFG3", EXACT, 0x8073f2, 0 },
	{ 0x30, "SAVE0", EXACT, 0x1111111111111110ULL, 0 },
	{ 0x31, "SAVE1", EXACT, 0x2222222222222221ULL, 0 },
	{ 0x32, "SAVE2", EXACT, 0x3333333333333332ULL, 0 },
	{ 0x33, "SAVE3", EXACT, 0x4444444444444443ULL, 0 },
	{ 0x34, "SAVE4", EXACT, 0x5555555555555554ULL, 0 },
	{ 0x35, "SAVE5", EXACT, 0x6666666666666665ULL, 0 },
	{ 0x36, "SAVE6", EXACT, 0x7777777777777776ULL, 0 },
	{ 0x37, "SAVE7", EXACT, 0x8888888888888887ULL, 0 },
	{ 0x38, "SAVE8", EXACT, 0x9999999999999998ULL, 0 },
	/* KS0-KS8 only: lvz.md 4 and the 6.1 headers have no more */
	{ 0x40, "TID", EXACT, 0x12, 0 },
	{ 0x41, "TCFG", EXACT, 0x10000000, 0 },		/* disabled */
	{ 0x42, "TVAL", TVAL, 0x5000000, 0 },
	{ 0x43, "CNTC", EXACT, 0x123456789ULL, 0 },
	{ 0x44, "TICLR", W1C, 0, 0 },
	/* ROLLB is read-only, WCLLB reads 0: only KLO round-trips */
	{ 0x60, "LLBCTL", MASKED, 0x4, 0x4 },
	{ 0x80, "IMPCTL1", EXACT, 0x12345, 0 },
	{ 0x81, "IMPCTL2", EXACT, 0x0, 0 },
	{ 0x88, "TLBRENTRY", EXACT, 0x3000, 0 },
	{ 0x89, "TLBRBADV", EXACT, 0x12340000, 0 },
	{ 0x8a, "TLBRERA", EXACT, 0x87654321, 0 },
	{ 0x8b, "TLBRSAVE", EXACT, 0xdeadbeefcafeULL, 0 },
	{ 0x8c, "TLBRELO0", EXACT, 0x5013, 0 },
	{ 0x8d, "TLBRELO1", EXACT, 0x6013, 0 },
	{ 0x8e, "TLBREHI", EXACT, 0x1234600e, 0 },
	{ 0x8f, "TLBRPRMD", EXACT, 0x7, 0 },
	{ 0x180, "DMW0", EXACT, 0x9000000000000011ULL, 0 },
	{ 0x181, "DMW1", EXACT, 0x8000000000000001ULL, 0 },
	{ 0x182, "DMW2", EXACT, 0xa000000000000019ULL, 0 },
	{ 0x183, "DMW3", EXACT, 0xb000000000000008ULL, 0 },
};

static void check_csr(struct vcpu *v, const struct csr *c, const char *when)
{
	u64 got = csr_get(v, c->num);

	switch (c->kind) {
	case EXACT:
		EXPECT(got == c->val, "%s%s: got 0x%llx, expected 0x%llx",
		       c->name, when, got, c->val);
		break;
	case MASKED:
		EXPECT((got & c->mask) == c->val,
		       "%s%s: got 0x%llx, expected 0x%llx in mask 0x%llx",
		       c->name, when, got, c->val, c->mask);
		break;
	case TVAL:
		EXPECT(got <= c->val && got > c->val / 2,
		       "%s%s: got 0x%llx, expected at most 0x%llx (counting down)",
		       c->name, when, got, c->val);
		break;
	case W1C:
		EXPECT(got == 0 || got == c->val, "%s%s: got 0x%llx",
		       c->name, when, got);
		break;
	case ANY:
		break;
	}
}

static int csr_roundtrip(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(csrs); i++)
		csr_set(v, csrs[i].num, csrs[i].val);
	/* Read them all after all writes: no id aliases another */
	for (i = 0; i < ARRAY_SIZE(csrs); i++)
		check_csr(v, &csrs[i], "");
	return KT_PASS;
}

/* ESTAT: IS bits (SWI, HWI via GINTC, TI, IPI) round-trip */
static int estat(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	static const u64 vals[] = { 0x1806, 0x3fc, 0x2, 0 };
	size_t i;
	u64 got;

	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		csr_set(v, CSR_ESTAT, vals[i]);
		got = csr_get(v, CSR_ESTAT);
		EXPECT(ESTAT_IS(got) == vals[i],
		       "ESTAT.IS 0x%llx after writing 0x%llx", ESTAT_IS(got),
		       vals[i]);
	}
	return KT_PASS;
}

static int cpuid(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v0 = vcpu_new(vm, 0), *v1 = vcpu_new(vm, 1);

	csr_set(v0, CSR_CPUID, 7);
	csr_set(v1, CSR_CPUID, 255);
	EXPECT_EQ(csr_get(v0, CSR_CPUID), 7, "CPUID of vCPU 0");
	EXPECT_EQ(csr_get(v1, CSR_CPUID), 255, "CPUID of vCPU 1");
	EXPECT_OK(set_reg(v0, KVM_IOC_CSRID(CSR_CPUID), 7),
		  "setting the same CPUID again");
	return KT_PASS;
}

/* CSRs that the guest CSR file holds: they must survive a guest run */
static const struct csr run_csrs[] = {
	{ 0x1, "PRMD", EXACT, 0x7, 0 },
	{ 0x4, "ECFG", EXACT, 0x804, 0 },
	{ 0x6, "ERA", EXACT, 0x12345678, 0 },
	{ 0x7, "BADV", EXACT, 0x123456789abcULL, 0 },
	{ 0xc, "EENTRY", EXACT, 0x80000, 0 },
	{ 0x19, "PGDL", EXACT, 0x100000, 0 },
	{ 0x1a, "PGDH", EXACT, 0x200000, 0 },
	{ 0x30, "SAVE0", EXACT, 0x1111111111111110ULL, 0 },
	{ 0x34, "SAVE4", EXACT, 0x5555555555555554ULL, 0 },
	{ 0x37, "SAVE7", EXACT, 0x8888888888888887ULL, 0 },
	{ 0x38, "SAVE8", EXACT, 0x9999999999999998ULL, 0 },
	/* KS0-KS8 only: lvz.md 4 and the 6.1 headers have no more */
	{ 0x40, "TID", EXACT, 0x12, 0 },
	{ 0x43, "CNTC", EXACT, 0x123456789ULL, 0 },
	{ 0x88, "TLBRENTRY", EXACT, 0x3000, 0 },
	{ 0x180, "DMW0", EXACT, 0x9000000000000011ULL, 0 },
	{ 0x183, "DMW3", EXACT, 0xb000000000000008ULL, 0 },
};

#define GUEST_SAVE5	0x5a5a00005a5a0000
GUEST(g_csr_run,
	"csrrd $a2, 0x35\n"
	"li.d $t0, " STR(GUEST_SAVE5) "\n"
	"csrwr $t0, 0x35\n"
	"csrrd $a3, 0x40\n"
	"csrrd $a4, 0x6\n"
	G_DONE);

static int csr_after_run(void)
{
	struct vm *vm = VM_STD(g_csr_run);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(run_csrs); i++)
		csr_set(v, run_csrs[i].num, run_csrs[i].val);
	csr_set(v, 0x35, 0x6666666666666665ULL);
	a = expect_report(v, MARK_DONE);
	EXPECT_EQ(a[2], 0x6666666666666665ULL, "SAVE5 as the guest reads it");
	EXPECT_EQ(a[3], 0x12, "TID as the guest reads it");
	EXPECT_EQ(a[4], 0x12345678, "ERA as the guest reads it");
	EXPECT_EQ(csr_get(v, 0x35), GUEST_SAVE5, "SAVE5 written by the guest");
	for (i = 0; i < ARRAY_SIZE(run_csrs); i++)
		check_csr(v, &run_csrs[i], " after a guest run");
	return KT_PASS;
}

/*
 * The guest adds 1 to SAVE5 and reports it, again and again. Between
 * runs, the hardware keeps a vCPU's CSRs only as long as no other vCPU
 * was loaded on the CPU, the vCPU did not run on another CPU, and nothing
 * set them (csr.c).
 */
GUEST(g_csr_count,
	"1: csrrd $t0, 0x35\n addi.d $t0, $t0, 1\n"
	"move $a1, $t0\n csrwr $t0, 0x35\n"
	G_REPORT(MARK_READY)
	"b 1b\n");

static u64 save5_next(struct vcpu *v)
{
	return expect_report(v, MARK_READY)[1];
}

static int csr_between_runs(void)
{
	struct vm *vm_a = VM_STD(g_csr_count), *vm_b = VM_STD(g_csr_count);
	struct vcpu *a = vcpu_new(vm_a, 0), *b = vcpu_new(vm_b, 0);

	pin_to_cpu(0);
	csr_set(b, 0x35, 0x100);
	EXPECT_EQ(save5_next(a), 1, "SAVE5 of vCPU A, first run on CPU 0");
	EXPECT_EQ(save5_next(b), 0x101, "SAVE5 of vCPU B, first run on CPU 0");
	EXPECT_EQ(save5_next(a), 2, "SAVE5 of A after B ran on its CPU");
	EXPECT_EQ(save5_next(a), 3, "SAVE5 of A run again on CPU 0");
	pin_to_cpu(1);
	EXPECT_EQ(save5_next(a), 4, "SAVE5 of A on CPU 1");
	pin_to_cpu(0);
	EXPECT_EQ(save5_next(a), 5, "SAVE5 of A back on CPU 0");
	csr_set(a, 0x35, 0x200);
	EXPECT_EQ(save5_next(a), 0x201, "SAVE5 of A set between two runs");
	EXPECT_EQ(csr_get(a, 0x35), 0x201, "SAVE5 of A as its guest left it");
	EXPECT_EQ(save5_next(b), 0x102, "SAVE5 of B after A ran on its CPU");
	return KT_PASS;
}

/* TCFG/TVAL of a disabled timer, as QEMU restores them (TVAL first) */
static int timer_csrs(void)
{
	static const struct csr tval = { 0x42, "TVAL", TVAL, 0x7000000, 0 };
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 got;

	csr_set(v, CSR_TVAL, tval.val);
	csr_set(v, CSR_TCFG, 0x20000000);
	EXPECT_EQ(csr_get(v, CSR_TCFG), 0x20000000, "TCFG (disabled)");
	/*
	 * Lenient: TVAL counts down, and a backend may model the hardware
	 * reload of TVAL from TCFG.InitVal on the TCFG write.
	 */
	got = csr_get(v, CSR_TVAL);
	if (got != 0x20000000)
		check_csr(v, &tval, " of a disabled timer");
	return KT_PASS;
}

GUEST(g_rd_tval,
	"csrrd $a1, 0x42\n"
	G_DONE);

/*
 * An enabled one-shot timer restored through ONE_REG (TVAL, then TCFG, as
 * QEMU does on migration) keeps counting from the restored TVAL, rather
 * than expiring when the vCPU first runs.
 */
static int timer_restore_enabled(void)
{
	/* 43 s: half of it is time enough for any host to reach the guest */
	static const struct csr tval = { 0x42, "TVAL", TVAL, 0x100000000ULL, 0 };
	struct vm *vm = VM_STD(g_rd_tval);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a;

	csr_set(v, CSR_TVAL, tval.val);
	/* enabled, one-shot, counting down from more than TVAL */
	csr_set(v, CSR_TCFG, 0x200000000ULL | 1);
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] <= tval.val && a[1] > tval.val / 2,
	       "guest TVAL 0x%llx after restoring 0x%llx", a[1], tval.val);
	check_csr(v, &tval, " after a guest run");
	return KT_PASS;
}

#define TICKS_10S	1000000000ULL

GUEST(g_rdtime,
	"rdtime.d $a1, $zero\n"
	G_DONE);

/* COUNTER: monotonic, settable from vCPU 0 for the VM, seen by rdtime */
static int counter(void)
{
	struct vm *vm = VM_STD(g_rdtime);
	struct vcpu *v0 = vcpu_new(vm, 0), *v1 = vcpu_new(vm, 1);
	const u64 x = 1ULL << 44;
	u64 c1, c2, *a;

	EXPECT_OK(get_reg(v0, KVM_REG_LOONGARCH_COUNTER, &c1), "GET COUNTER");
	usleep(10000);
	EXPECT_OK(get_reg(v0, KVM_REG_LOONGARCH_COUNTER, &c2), "GET COUNTER");
	EXPECT(c2 > c1, "COUNTER 0x%llx then 0x%llx 10 ms later", c1, c2);

	EXPECT_OK(set_reg(v0, KVM_REG_LOONGARCH_COUNTER, x), "SET COUNTER");
	EXPECT_OK(get_reg(v0, KVM_REG_LOONGARCH_COUNTER, &c1), "GET COUNTER");
	EXPECT(c1 >= x && c1 - x < TICKS_10S,
	       "COUNTER 0x%llx after setting 0x%llx", c1, x);
	EXPECT_OK(get_reg(v1, KVM_REG_LOONGARCH_COUNTER, &c2), "GET COUNTER");
	EXPECT(c2 >= x && c2 - x < TICKS_10S,
	       "COUNTER of vCPU 1 0x%llx after vCPU 0 set 0x%llx", c2, x);
	/* Only vCPU 0's value sets the VM's offset */
	EXPECT_OK(set_reg(v1, KVM_REG_LOONGARCH_COUNTER, 0),
		  "SET COUNTER on vCPU 1");
	EXPECT_OK(get_reg(v0, KVM_REG_LOONGARCH_COUNTER, &c1), "GET COUNTER");
	EXPECT(c1 >= x, "COUNTER 0x%llx after vCPU 1 set 0", c1);

	a = expect_report(v0, MARK_DONE);
	EXPECT(a[1] >= x && a[1] - x < TICKS_10S,
	       "guest rdtime.d 0x%llx, expected a bit above 0x%llx", a[1], x);
	return KT_PASS;
}

/* DEBUG_INST: the software breakpoint instruction, hvcl 0x101 */
static int debug_inst(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 val = 0;

	EXPECT_OK(get_reg(v, KVM_REG_LOONGARCH_DEBUG_INST, &val),
		  "GET DEBUG_INST");
	EXPECT_EQ(val, INSN_HVCL | HC_SWDBG, "DEBUG_INST");
	return KT_PASS;
}

/* ------------------------------------------------------------------ */

static struct kvm_reg_list *reg_list(struct vcpu *v)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	u64 n;
	int r;

	r = xioctl(v->fd, KVM_GET_REG_LIST, &probe);
	EXPECT_ERR(r, -E2BIG, "KVM_GET_REG_LIST with n = 0");
	n = probe.n;
	EXPECT(n > 0 && n < 100000, "KVM_GET_REG_LIST: n = %llu", n);
	list = calloc(1, sizeof(*list) + (n + 1) * sizeof(u64));
	list->n = n - 1;
	r = xioctl(v->fd, KVM_GET_REG_LIST, list);
	EXPECT_ERR(r, -E2BIG, "KVM_GET_REG_LIST with n one too small");
	EXPECT_EQ(list->n, n, "n returned for a too small list");
	list->n = n + 1;
	list->reg[n] = 0x5a5a;
	EXPECT_OK(xioctl(v->fd, KVM_GET_REG_LIST, list), "KVM_GET_REG_LIST");
	EXPECT_EQ(list->n, n, "n returned for a large enough list");
	EXPECT_EQ(list->reg[n], 0x5a5a, "entry past n (must stay untouched)");
	return list;
}

static int listed(const struct kvm_reg_list *list, u64 id)
{
	u64 i;

	for (i = 0; i < list->n; i++)
		if (list->reg[i] == id)
			return 1;
	return 0;
}

/* For every candidate id: GET_ONE_REG succeeds exactly when listed */
static void scan_set(struct vcpu *v, const struct kvm_reg_list *list,
		     u64 set, u32 count, int shift, const char *name)
{
	u64 id, val;
	u32 i;
	int r;

	for (i = 0; i < count; i++) {
		id = set | KVM_REG_SIZE_U64 | ((u64)i << shift);
		r = get_reg(v, id, &val);
		EXPECT((r == 0) == listed(list, id),
		       "%s %u (id 0x%llx): GET_ONE_REG %s but %s in the list",
		       name, i, id, r ? errname(r) : "succeeds",
		       listed(list, id) ? "is" : "not");
	}
}

static int reg_list_matches_get(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_reg_list *list = reg_list(v);
	u64 i, j, id, val;
	size_t k;
	int r;

	for (i = 0; i < list->n; i++) {
		id = list->reg[i];
		EXPECT((id & ~0x7ffffULL) == (KVM_REG_LOONGARCH | KVM_REG_SIZE_U64),
		       "listed id 0x%llx: not a LoongArch U64 id", id);
		for (j = 0; j < i; j++)
			EXPECT(list->reg[j] != id, "id 0x%llx listed twice", id);
		r = get_reg(v, id, &val);
		EXPECT(!r, "listed id 0x%llx: GET_ONE_REG %s", id, errname(r));
	}
	scan_set(v, list, KVM_REG_LOONGARCH_CSR, 0x1000, 3, "CSR");
	scan_set(v, list, KVM_REG_LOONGARCH_CPUCFG, 0x1000, 3, "CPUCFG");
	scan_set(v, list, KVM_REG_LOONGARCH_KVM, 0x100, 0, "KVM reg");
	scan_set(v, list, KVM_REG_LOONGARCH_LBT, 0x10, 0, "LBT reg");
	for (k = 0; k < ARRAY_SIZE(csrs); k++)
		EXPECT(listed(list, KVM_IOC_CSRID(csrs[k].num)),
		       "guest CSR %s (0x%x) not listed", csrs[k].name,
		       csrs[k].num);
	EXPECT(listed(list, KVM_IOC_CSRID(CSR_ESTAT)), "ESTAT not listed");
	EXPECT(listed(list, KVM_IOC_CSRID(CSR_CPUID)), "CPUID not listed");
	for (k = 0; k < 21; k++)
		EXPECT(listed(list, KVM_IOC_CPUCFG(k)), "CPUCFG%zu not listed", k);
	EXPECT(listed(list, KVM_REG_LOONGARCH_COUNTER), "COUNTER not listed");
	EXPECT(listed(list, KVM_REG_LOONGARCH_DEBUG_INST),
	       "DEBUG_INST not listed");
	EXPECT(!listed(list, KVM_REG_LOONGARCH_GPR | KVM_REG_SIZE_U64 | 1),
	       "a GPR id is listed");
	EXPECT(!listed(list, KVM_REG_LOONGARCH_FPSIMD | KVM_REG_SIZE_U64),
	       "an FPSIMD id is listed");
	return KT_PASS;
}

/*
 * Each listed register accepts the value it reads (after CPUID was set:
 * an unset CPUID may read as an invalid id). DEBUG_INST may be
 * read-only.
 */
static int reg_list_write_back(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_reg_list *list = reg_list(v);
	u64 i, id, val;
	int r;

	csr_set(v, CSR_CPUID, 0);
	for (i = 0; i < list->n; i++) {
		id = list->reg[i];
		EXPECT_OK(get_reg(v, id, &val), "GET_ONE_REG");
		r = set_reg(v, id, val);
		if (id == KVM_REG_LOONGARCH_DEBUG_INST && r == -EINVAL)
			continue;
		EXPECT(!r, "listed id 0x%llx: SET_ONE_REG of its value 0x%llx: %s",
		       id, val, errname(r));
	}
	return KT_PASS;
}

/* ------------------------------------------------------------------ */
/* QEMU's bring-up order (uapi.md, last section)                        */

/* QEMU's CSR order, with the values of a fresh QEMU la464 vCPU */
static const struct csr qemu_csrs[] = {
	{ 0x0, "CRMD", EXACT, 0x8, 0 }, { 0x1, "PRMD", EXACT, 0, 0 },
	{ 0x2, "EUEN", EXACT, 0, 0 }, { 0x3, "MISC", EXACT, 0, 0 },
	{ 0x4, "ECFG", EXACT, 0, 0 }, { 0x5, "ESTAT", EXACT, 0, 0 },
	{ 0x6, "ERA", EXACT, 0, 0 }, { 0x7, "BADV", EXACT, 0, 0 },
	{ 0x8, "BADI", EXACT, 0, 0 }, { 0xc, "EENTRY", EXACT, 0, 0 },
	{ 0x10, "TLBIDX", EXACT, 0, 0 }, { 0x11, "TLBEHI", EXACT, 0, 0 },
	{ 0x12, "TLBELO0", EXACT, 0, 0 }, { 0x13, "TLBELO1", EXACT, 0, 0 },
	{ 0x18, "ASID", EXACT, 0xa0000, 0 }, { 0x19, "PGDL", EXACT, 0, 0 },
	{ 0x1a, "PGDH", EXACT, 0, 0 }, { 0x1b, "PGD", EXACT, 0, 0 },
	{ 0x1c, "PWCL", EXACT, 0, 0 }, { 0x1d, "PWCH", EXACT, 0, 0 },
	{ 0x1e, "STLBPS", EXACT, 0xe, 0 }, { 0x1f, "RVACFG", EXACT, 0, 0 },
	{ 0x20, "CPUID", EXACT, 0, 0 },		/* = vCPU index */
	{ 0x21, "PRCFG1", EXACT, 0x72f8, 0 },
	{ 0x22, "PRCFG2", EXACT, 0x3ffff000, 0 },
	{ 0x23, "PRCFG3", EXACT, 0x8073f2, 0 },
	{ 0x30, "SAVE0", EXACT, 0, 0 }, { 0x31, "SAVE1", EXACT, 0, 0 },
	{ 0x32, "SAVE2", EXACT, 0, 0 }, { 0x33, "SAVE3", EXACT, 0, 0 },
	{ 0x34, "SAVE4", EXACT, 0, 0 }, { 0x35, "SAVE5", EXACT, 0, 0 },
	{ 0x36, "SAVE6", EXACT, 0, 0 }, { 0x37, "SAVE7", EXACT, 0, 0 },
	{ 0x40, "TID", EXACT, 0, 0 },		/* = vCPU index */
	{ 0x43, "CNTC", EXACT, 0, 0 }, { 0x44, "TICLR", EXACT, 0, 0 },
	{ 0x60, "LLBCTL", EXACT, 0, 0 }, { 0x80, "IMPCTL1", EXACT, 0, 0 },
	{ 0x81, "IMPCTL2", EXACT, 0, 0 },
	{ 0x88, "TLBRENTRY", EXACT, 0, 0 }, { 0x89, "TLBRBADV", EXACT, 0, 0 },
	{ 0x8a, "TLBRERA", EXACT, 0, 0 }, { 0x8b, "TLBRSAVE", EXACT, 0, 0 },
	{ 0x8c, "TLBRELO0", EXACT, 0, 0 }, { 0x8d, "TLBRELO1", EXACT, 0, 0 },
	{ 0x8e, "TLBREHI", EXACT, 0, 0 }, { 0x8f, "TLBRPRMD", EXACT, 0, 0 },
	{ 0x180, "DMW0", EXACT, 0, 0 }, { 0x181, "DMW1", EXACT, 0, 0 },
	{ 0x182, "DMW2", EXACT, 0, 0 }, { 0x183, "DMW3", EXACT, 0, 0 },
	{ 0x42, "TVAL", EXACT, 0, 0 }, { 0x41, "TCFG", EXACT, 0, 0 },
};

static void qemu_probe(struct vm *vm, struct vcpu *v, u64 *mask2)
{
	static const u64 feats[] = {
		KVM_LOONGARCH_VM_FEAT_LSX, KVM_LOONGARCH_VM_FEAT_LASX,
		KVM_LOONGARCH_VM_FEAT_X86BT, KVM_LOONGARCH_VM_FEAT_ARMBT,
		KVM_LOONGARCH_VM_FEAT_MIPSBT, KVM_LOONGARCH_VM_FEAT_PMU,
		KVM_LOONGARCH_VM_FEAT_PV_IPI, KVM_LOONGARCH_VM_FEAT_PV_STEALTIME,
	};
	u64 val = 0;
	size_t i;
	int r;

	EXPECT_OK(get_reg(v, KVM_REG_LOONGARCH_DEBUG_INST, &val),
		  "GET_ONE_REG(DEBUG_INST)");
	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		r = device_attr(vm->fd, KVM_HAS_DEVICE_ATTR,
				KVM_LOONGARCH_VM_FEAT_CTRL, feats[i], &val);
		EXPECT(r == 0 || r == -ENXIO,
		       "VM HAS_DEVICE_ATTR(FEAT_CTRL, %llu): %s", feats[i],
		       errname(r));
		if (feats[i] == KVM_LOONGARCH_VM_FEAT_LSX)
			EXPECT((r == 0) == host_has("lsx"),
			       "FEAT_LSX %s, host %s LSX", errname(r),
			       host_has("lsx") ? "has" : "has no");
	}
	r = device_attr(v->fd, KVM_GET_DEVICE_ATTR, KVM_LOONGARCH_VCPU_CPUCFG,
			2, mask2);
	EXPECT_OK(r, "vCPU GET_DEVICE_ATTR(CPUCFG, 2)");
}

/* The CPUCFG words of QEMU 10.0's la464 (which has no CPUCFG3) */
static void qemu_put(struct vcpu *v, int idx, u64 mask2)
{
	u64 cfg[21] = {
		[0] = 0x0014c010, [1] = 0x03f2f2fe,
		[4] = 0x05f5e100, [5] = 0x00010001, [16] = 0x2c3d,
		[17] = 0x06080003, [18] = 0x06080003, [19] = 0x0608000f,
		[20] = 0x060c000f,
	};
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };
	struct kvm_regs regs;
	struct kvm_fpu fpu;
	size_t i;
	u64 val;

	cfg[2] = mask2 & (CPUCFG2_BASE | (1 << 15) | (1 << 21) | (1 << 22));
	EXPECT_OK(set_reg(v, KVM_REG_LOONGARCH_VCPU_RESET, 0),
		  "SET_ONE_REG(VCPU_RESET)");
	memset(&regs, 0, sizeof(regs));
	vcpu_set_regs(v, &regs);
	for (i = 0; i < 21; i++)
		cpucfg_set(v, i, cfg[i]);
	for (i = 0; i < ARRAY_SIZE(qemu_csrs); i++) {
		val = qemu_csrs[i].val;
		if (qemu_csrs[i].num == CSR_CPUID || qemu_csrs[i].num == CSR_TID)
			val = idx;
		if (set_reg(v, KVM_IOC_CSRID(qemu_csrs[i].num), val))
			fail("vCPU %d: SET_ONE_REG(%s = 0x%llx): %s", idx,
			     qemu_csrs[i].name, val,
			     errname(set_reg(v, KVM_IOC_CSRID(qemu_csrs[i].num), val)));
	}
	memset(&fpu, 0, sizeof(fpu));
	EXPECT_OK(xioctl(v->fd, KVM_SET_FPU, &fpu), "KVM_SET_FPU");
	EXPECT_OK(xioctl(v->fd, KVM_SET_MP_STATE, &mp), "KVM_SET_MP_STATE");
}

GUEST(g_bringup,
	"ori $t0, $zero, 2\n"
	"cpucfg $a1, $t0\n"
	"csrrd $a2, 0x20\n"
	"csrrd $a3, 0x0\n"
	G_DONE);

static int qemu_bringup(void)
{
	struct vm *vm = VM_STD(g_bringup);
	struct vcpu *v[2];
	u64 mask2 = 0, val = 0, *a;
	int i;

	EXPECT_EQ(check_ext(kvm_dev(), KVM_CAP_MP_STATE), 1, "CAP_MP_STATE");
	for (i = 0; i < 2; i++) {
		v[i] = vcpu_new(vm, i);
		qemu_probe(vm, v[i], &mask2);
	}
	for (i = 0; i < 2; i++)
		qemu_put(v[i], i, mask2);
	EXPECT_OK(get_reg(v[0], KVM_REG_LOONGARCH_COUNTER, &val), "GET COUNTER");
	EXPECT_OK(set_reg(v[0], KVM_REG_LOONGARCH_COUNTER, val), "SET COUNTER");
	for (i = 0; i < 2; i++) {
		a = expect_report(v[i], MARK_DONE);
		EXPECT(a[1] == (mask2 & (CPUCFG2_BASE | (1 << 15) | (1 << 21) |
					 (1 << 22))),
		       "vCPU %d: guest CPUCFG2 0x%llx", i, a[1]);
		EXPECT(a[2] == (u64)i, "vCPU %d: guest CPUID %llu", i, a[2]);
		EXPECT((a[3] & 0x1f) == 0x8, "vCPU %d: guest CRMD 0x%llx", i,
		       a[3]);
	}
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "csr_roundtrip", csr_roundtrip, 0 },
	{ "estat", estat, 0 },
	{ "cpuid", cpuid, 0 },
	{ "csr_after_run", csr_after_run, 0 },
	{ "csr_between_runs", csr_between_runs, 0 },
	{ "timer_csrs", timer_csrs, 0 },
	{ "timer_restore_enabled", timer_restore_enabled, 0 },
	{ "counter", counter, 0 },
	{ "debug_inst", debug_inst, 0 },
	{ "reg_list_matches_get", reg_list_matches_get, 0 },
	{ "reg_list_write_back", reg_list_write_back, 0 },
	{ "qemu_bringup", qemu_bringup, 0 },
};

KT_MAIN("onereg", cases)
