// SPDX-License-Identifier: GPL-2.0
/*
 * Basic vCPU life: API version and capabilities, the reset state, running
 * a guest to a hvcl exit (user service arguments and return value, the
 * service call and unknown codes without an exit), KVM_GET/SET_REGS,
 * KVM_GET/SET_FPU as the guest sees them, and the MP state.
 */
#include "kvm-util.h"

static const struct {
	long cap;
	const char *name;
} bool_caps[] = {
	{ KVM_CAP_ONE_REG, "ONE_REG" },
	{ KVM_CAP_ENABLE_CAP, "ENABLE_CAP" },
	{ KVM_CAP_READONLY_MEM, "READONLY_MEM" },
	{ KVM_CAP_SYNC_MMU, "SYNC_MMU" },
	{ KVM_CAP_IMMEDIATE_EXIT, "IMMEDIATE_EXIT" },
	{ KVM_CAP_IOEVENTFD, "IOEVENTFD" },
	{ KVM_CAP_MP_STATE, "MP_STATE" },
};

static void check_caps(int fd, const char *on)
{
	char what[64];
	int max, r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bool_caps); i++) {
		snprintf(what, sizeof(what), "%s: CAP_%s", on, bool_caps[i].name);
		EXPECT_EQ(check_ext(fd, bool_caps[i].cap), 1, what);
	}
	max = check_ext(fd, KVM_CAP_MAX_VCPUS);
	EXPECT_EQ(max, 256, "CAP_MAX_VCPUS");
	r = check_ext(fd, KVM_CAP_NR_VCPUS);
	EXPECT(r >= 1 && r <= max, "%s: CAP_NR_VCPUS %d, expected 1..%d", on,
	       r, max);
	r = check_ext(fd, KVM_CAP_MAX_VCPU_ID);
	EXPECT(r >= max, "%s: CAP_MAX_VCPU_ID %d, expected >= %d", on, r, max);
	r = check_ext(fd, KVM_CAP_NR_MEMSLOTS);
	EXPECT(r >= 32, "%s: CAP_NR_MEMSLOTS %d, expected >= 32", on, r);
	/* A capability number nobody has: 0, not an error */
	EXPECT_EQ(check_ext(fd, 0x7fffffff), 0, "unknown capability");
}

static int caps(void)
{
	struct vm *vm;

	check_caps(kvm_dev(), "/dev/kvm");
	vm = vm_new();
	check_caps(vm->fd, "VM fd");
	return KT_PASS;
}

static int vcpu_mmap_size(void)
{
	int r = ioctl(kvm_dev(), KVM_GET_VCPU_MMAP_SIZE, 0);
	long page = sysconf(_SC_PAGESIZE);

	EXPECT(r >= page && r % page == 0,
	       "KVM_GET_VCPU_MMAP_SIZE %d, expected a multiple of %ld", r, page);
	return KT_PASS;
}

/* Report CRMD and its own address */
GUEST(g_reset,
	"csrrd $a1, 0x0\n"
	"pcaddi $a2, 0\n"
	"csrrd $a3, 0x5\n"
	G_DONE);

/* A new vCPU: zero registers, PC 0, CRMD DA, PLV0, IE 0, PG 0 */
static int reset_state(void)
{
	struct vm *vm = VM_STD(g_reset);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_regs regs = vcpu_regs(v);
	u64 crmd, *a;
	int i;

	for (i = 0; i < 32; i++)
		EXPECT(!regs.gpr[i], "r%d = 0x%llx after create, expected 0", i,
		       (unsigned long long)regs.gpr[i]);
	EXPECT_EQ(regs.pc, 0, "PC after create");
	crmd = csr_get(v, CSR_CRMD);
	EXPECT_EQ(crmd & 0x1f, 0x8, "CRMD.PLV/IE/DA/PG after create");
	EXPECT_EQ(ESTAT_IS(csr_get(v, CSR_ESTAT)), 0,
		  "ESTAT.IS after create");
	a = expect_report(v, MARK_DONE);
	EXPECT_EQ(a[1] & 0x1f, 0x8, "guest CRMD.PLV/IE/DA/PG as the guest reads it");
	EXPECT_EQ(a[2], 4, "guest PC of its second instruction (PC 0 start, VA = GPA)");
	EXPECT_EQ(ESTAT_IS(a[3]), 0, "guest ESTAT.IS");
	return KT_PASS;
}

/* Mainline sets the guest timer id TID (TMID) to the vCPU id */
static int tid_is_vcpu_id(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v0 = vcpu_new(vm, 0), *v5 = vcpu_new(vm, 5);

	EXPECT_EQ(csr_get(v0, CSR_TID), 0, "TID of vCPU 0");
	EXPECT_EQ(csr_get(v5, CSR_TID), 5, "TID of vCPU 5");
	return KT_PASS;
}

#define P(n)	STR(0x1111111111111111 * n)
GUEST(g_hvcl_user,
	"li.d $a0, 0x8111111111111110\n"
	"li.d $a1, 0x8222222222222221\n"
	"li.d $a2, 0x8333333333333332\n"
	"li.d $a3, 0x8444444444444443\n"
	"li.d $a4, 0x8555555555555554\n"
	"li.d $a5, 0x8666666666666665\n"
	"or $s0, $zero, $zero\n"
	HVCL(0x102)
	"addi.d $s0, $s0, 1\n"
	"or $a1, $a0, $zero\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"addi.d $s0, $s0, 1\n"
	"or $a1, $a0, $zero\n"
	"ori $a0, $zero, 0xd0\n"
	HVCL(0x102)
	"99: b 99b\n");

/*
 * hvcl 0x102: KVM_EXIT_HYPERCALL with nr and a0..a5, ret preset to -1;
 * the next KVM_RUN puts ret in a0 and resumes after the hvcl, once.
 */
static int hvcl_user(void)
{
	static const u64 want[6] = {
		0x8111111111111110, 0x8222222222222221, 0x8333333333333332,
		0x8444444444444443, 0x8555555555555554, 0x8666666666666665,
	};
	struct vm *vm = VM_STD(g_hvcl_user);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_run *run = v->run;
	struct kvm_regs regs;
	u64 *a, at;
	int i;

	a = expect_report(v, want[0]);
	for (i = 1; i < 6; i++)
		EXPECT(a[i] == want[i], "args[%d] 0x%llx, expected a%d 0x%llx",
		       i, (unsigned long long)a[i], i,
		       (unsigned long long)want[i]);
	EXPECT_EQ(run->hypercall.ret, (u64)-1, "hypercall.ret preset");
	regs = vcpu_regs(v);
	at = blob_find(g_hvcl_user, g_hvcl_user_end, INSN_HVCL | HC_USER, 0);
	EXPECT(regs.pc == at || regs.pc == at + 4,
	       "PC at the exit 0x%llx, expected the hvcl (0x%llx) or after it",
	       (unsigned long long)regs.pc, (unsigned long long)at);
	run->hypercall.ret = 0x1234abcd5678ULL;

	a = expect_report(v, MARK_READY);
	EXPECT_EQ(a[1], 0x1234abcd5678ULL, "guest a0 after the hvcl (= ret)");
	EXPECT_EQ(vcpu_regs(v).gpr[23], 1, "instructions after the hvcl run once (s0)");

	a = expect_report(v, MARK_DONE);
	EXPECT_EQ(a[1], (u64)-1, "guest a0 when userspace left ret alone");
	EXPECT_EQ(vcpu_regs(v).gpr[23], 2, "instructions after the hvcl run once (s0)");
	return KT_PASS;
}

/* hvcl 0x100 with unknown functions: -1 in a0, no exit */
GUEST(g_hvcl_service,
	"li.d $a0, 0x1234\n"
	HVCL(0x100)
	"or $s1, $a0, $zero\n"
	"or $a0, $zero, $zero\n"
	HVCL(0x100)
	"or $s2, $a0, $zero\n"
	"li.d $a0, -1\n"
	HVCL(0x100)
	"or $s3, $a0, $zero\n"
	"or $a1, $s1, $zero\n"
	"or $a2, $s2, $zero\n"
	"or $a3, $s3, $zero\n"
	G_DONE);

/* Any code other than 0x100..0x102: -1 in a0, no exit */
GUEST(g_hvcl_unknown,
	"ori $a0, $zero, 0x77\n"
	HVCL(0)
	"or $s1, $a0, $zero\n"
	"ori $a0, $zero, 0x77\n"
	HVCL(0x103)
	"or $s2, $a0, $zero\n"
	"ori $a0, $zero, 0x77\n"
	HVCL(0x7fff)
	"or $s3, $a0, $zero\n"
	"or $a1, $s1, $zero\n"
	"or $a2, $s2, $zero\n"
	"or $a3, $s3, $zero\n"
	G_DONE);

static int three_minus_one(const char *code, const char *end, const char *what)
{
	struct vm *vm = vm_std(code, end);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_regs regs = vcpu_regs(v);
	char buf[80];
	u64 *a;
	int i;

	/* s1..s3 hold a sentinel until the guest copies a0 there */
	for (i = 24; i <= 26; i++)
		regs.gpr[i] = 0x5a5a5a5a;
	vcpu_set_regs(v, &regs);
	a = expect_report(v, MARK_DONE);
	for (i = 1; i <= 3; i++) {
		snprintf(buf, sizeof(buf), "a0 after %s #%d", what, i);
		EXPECT_EQ(a[i], (u64)-1, buf);
	}
	return KT_PASS;
}

static int hvcl_service_unknown_function(void)
{
	return three_minus_one(g_hvcl_service, g_hvcl_service_end,
			       "hvcl 0x100 with function 0x1234, 0, -1");
}

static int hvcl_unknown_code(void)
{
	return three_minus_one(g_hvcl_unknown, g_hvcl_unknown_end,
			       "hvcl 0, 0x103, 0x7fff");
}

#define ADDI(n)	"addi.d $r" #n ", $r" #n ", " #n "\n"
GUEST(g_regs,
	ADDI(1) ADDI(2) ADDI(3) ADDI(4) ADDI(5) ADDI(6) ADDI(7) ADDI(8)
	ADDI(9) ADDI(10) ADDI(11) ADDI(12) ADDI(13) ADDI(14) ADDI(15)
	ADDI(16) ADDI(17) ADDI(18) ADDI(19) ADDI(20) ADDI(21) ADDI(22)
	ADDI(23) ADDI(24) ADDI(25) ADDI(26) ADDI(27) ADDI(28) ADDI(29)
	ADDI(30) ADDI(31)
	HVCL(0x102)
	"99: b 99b\n");

static u64 reg_pattern(int n)
{
	return 0x0123456789abcdefULL ^ ((u64)n * 0x0101010101010101ULL) ^
	       ((u64)n << 59);
}

/* SET_REGS/GET_REGS round trip, r0 stays 0, the guest runs with them */
static int regs(void)
{
	struct vm *vm = VM_STD(g_regs);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_regs in, out;
	char what[40];
	int i;

	for (i = 0; i < 32; i++)
		in.gpr[i] = reg_pattern(i);
	in.pc = 0;
	vcpu_set_regs(v, &in);
	out = vcpu_regs(v);
	EXPECT_EQ(out.gpr[0], 0, "r0 after KVM_SET_REGS with r0 != 0");
	for (i = 1; i < 32; i++) {
		snprintf(what, sizeof(what), "r%d after KVM_SET_REGS", i);
		EXPECT_EQ(out.gpr[i], in.gpr[i], what);
	}
	EXPECT_EQ(out.pc, 0, "PC after KVM_SET_REGS");

	run_ok(v);
	EXPECT(v->run->exit_reason == KVM_EXIT_HYPERCALL &&
	       v->run->hypercall.nr == HC_USER, "expected the hvcl, got %s",
	       exit_str(v));
	EXPECT_EQ(v->run->hypercall.args[0], in.gpr[4] + 4,
		  "hypercall args[0] (a0 as the guest left it)");
	out = vcpu_regs(v);
	EXPECT_EQ(out.gpr[0], 0, "r0 after the guest ran");
	for (i = 1; i < 32; i++) {
		snprintf(what, sizeof(what), "r%d after the guest added %d", i, i);
		EXPECT_EQ(out.gpr[i], in.gpr[i] + i, what);
	}
	EXPECT(out.pc == 31 * 4 || out.pc == 32 * 4,
	       "PC 0x%llx at the hvcl exit, expected 0x7c or 0x80",
	       (unsigned long long)out.pc);
	return KT_PASS;
}

GUEST(g_fpu,
	"ori $t0, $zero, 1\n"
	"csrwr $t0, 0x2\n"		/* EUEN.FPE */
	"movfr2gr.d $a1, $f0\n"
	"movfr2gr.d $a2, $f31\n"
	"movfcsr2gr $a3, $r0\n"
	"movcf2gr $a4, $fcc0\n"
	"movcf2gr $a5, $fcc7\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"li.d $t0, 0x5555666677778888\n"
	"movgr2fr.d $f5, $t0\n"
	"movgr2cf $fcc1, $zero\n"
	"ori $t1, $zero, 1\n"
	"movgr2cf $fcc7, $t1\n"
	G_DONE);

static u64 fpr_pattern(int n)
{
	return 0xfedcba9876543210ULL ^ ((u64)n * 0x0011001100110011ULL);
}

/* KVM_SET_FPU/GET_FPU keep all 64 bits of each FPR, FCSR and FCC */
static int fpu(void)
{
	struct vm *vm = VM_STD(g_fpu);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_fpu in, out;
	char what[48];
	u64 *a;
	int i;

	memset(&in, 0, sizeof(in));
	in.fcsr = 0x300;			/* RM = 3 */
	in.fcc = 0x0000000000000101ULL;	/* fcc0 = fcc1 = 1 */
	for (i = 0; i < 32; i++)
		in.fpr[i].val64[0] = fpr_pattern(i);
	EXPECT_OK(xioctl(v->fd, KVM_SET_FPU, &in), "KVM_SET_FPU");
	memset(&out, 0xa5, sizeof(out));
	EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &out), "KVM_GET_FPU");
	EXPECT_EQ(out.fcsr, in.fcsr, "FCSR round trip");
	EXPECT_EQ(out.fcc, in.fcc, "FCC round trip");
	for (i = 0; i < 32; i++) {
		snprintf(what, sizeof(what), "f%d (64 bits) round trip", i);
		EXPECT_EQ(out.fpr[i].val64[0], in.fpr[i].val64[0], what);
	}

	a = expect_report(v, MARK_READY);
	EXPECT_EQ(a[1], fpr_pattern(0), "f0 as the guest reads it");
	EXPECT_EQ(a[2], fpr_pattern(31), "f31 as the guest reads it");
	EXPECT_EQ(a[3], 0x300, "FCSR0 as the guest reads it");
	EXPECT_EQ(a[4], 1, "fcc0 as the guest reads it");
	EXPECT_EQ(a[5], 0, "fcc7 as the guest reads it");
	expect_report(v, MARK_DONE);
	EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &out), "KVM_GET_FPU");
	EXPECT_EQ(out.fpr[5].val64[0], 0x5555666677778888ULL,
		  "f5 written by the guest");
	EXPECT_EQ(out.fpr[6].val64[0], fpr_pattern(6), "f6 (untouched)");
	EXPECT_EQ(out.fcc, 0x0100000000000001ULL,
		  "FCC after the guest cleared fcc1 and set fcc7");
	EXPECT_EQ(out.fcsr, 0x300, "FCSR after the guest ran");
	return KT_PASS;
}

/* GET is RUNNABLE on a new vCPU; SET accepts RUNNABLE, rejects junk */
/*
 * Without KVM_FEATURE_USER_HCALL, "hvcl 0x102" stays in the kernel and
 * returns -1 in a0 (a VMM such as QEMU treats an unexpected
 * KVM_EXIT_HYPERCALL as fatal). The guest reports a0, and what its cpucfg
 * reads of the hypervisor words, with MMIO stores.
 */
GUEST(g_hvcl_user_off,
	"li.d $a0, 0x77\n"
	HVCL(0x102)
	"li.d $t0, " STR(MMIO_GPA) "\n"
	"st.d $a0, $t0, 0\n"
	"li.d $t1, 0x40000000\n"
	"cpucfg $t2, $t1\n"
	"st.d $t2, $t0, 8\n"
	"addi.d $t1, $t1, 4\n"
	"cpucfg $t2, $t1\n"
	"st.d $t2, $t0, 16\n"
	"99: b 99b\n");

/* "KVM\0" in cpucfg 0x40000000 (uapi.md) */
#define PV_DEFAULT	((1ULL << KVM_FEATURE_IPI) | \
			 (1ULL << KVM_FEATURE_STEAL_TIME) | \
			 (1ULL << KVM_FEATURE_PREEMPT))
#define KVM_SIG_WORD	0x004d564bULL

static int hvcl_user_needs_feature(void)
{
	struct vm *vm = VM_STD(g_hvcl_user_off);
	struct vcpu *v = vcpu_new_plain(vm, 0);

	EXPECT_EQ(expect_store(v, MMIO_GPA, "a0"), (u64)-1,
		  "a0 after hvcl 0x102 without USER_HCALL");
	EXPECT_EQ(expect_store(v, MMIO_GPA + 8, "cpucfg"), KVM_SIG_WORD,
		  "guest cpucfg 0x40000000");
	EXPECT_EQ(expect_store(v, MMIO_GPA + 16, "cpucfg"), PV_DEFAULT,
		  "guest cpucfg 0x40000004 without USER_HCALL");
	return KT_PASS;
}

static int pv_attr(struct vcpu *v, unsigned long req, u64 *val)
{
	return device_attr(v->fd, req, KVM_LOONGARCH_VCPU_CPUCFG,
			   CPUCFG_KVM_FEATURE, val);
}

/*
 * The VM's paravirtual features through each vCPU's attribute: only what
 * is implemented (by KVM, or for VIRT_EXTIOI by the VMM: QEMU 10 sets it),
 * the same for every vCPU, and what the guest reads.
 */
static int pv_features(void)
{
	static const u64 bad[] = {
		1ULL << 0, 1ULL << 26, 1ULL << 63,
	};
	const u64 user = 1ULL << KVM_FEATURE_USER_HCALL |
			 1ULL << KVM_FEATURE_VIRT_EXTIOI;
	struct vm *vm = VM_STD(g_hvcl_user_off);
	struct vcpu *v0 = vcpu_new_plain(vm, 0);
	struct vcpu *v1 = vcpu_new_plain(vm, 1);
	u64 val = 0x55;
	char what[64];
	size_t i;

	EXPECT_OK(pv_attr(v0, KVM_HAS_DEVICE_ATTR, &val), "HAS CPUCFG_KVM_FEATURE");
	EXPECT_OK(pv_attr(v0, KVM_GET_DEVICE_ATTR, &val), "GET CPUCFG_KVM_FEATURE");
	EXPECT_EQ(val, PV_DEFAULT, "features of a new VM");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		val = bad[i] | user;
		snprintf(what, sizeof(what), "SET features 0x%llx",
			 (unsigned long long)val);
		EXPECT_ERR(pv_attr(v0, KVM_SET_DEVICE_ATTR, &val), -EINVAL, what);
	}
	val = user;
	EXPECT_OK(pv_attr(v0, KVM_SET_DEVICE_ATTR, &val),
		  "SET USER_HCALL|VIRT_EXTIOI on vCPU 0");
	val = 0;
	EXPECT_ERR(pv_attr(v1, KVM_SET_DEVICE_ATTR, &val), -EINVAL,
		   "SET 0 on vCPU 1 after other features on vCPU 0");
	val = user;
	EXPECT_OK(pv_attr(v1, KVM_SET_DEVICE_ATTR, &val),
		  "SET USER_HCALL|VIRT_EXTIOI on vCPU 1");
	val = 0;
	EXPECT_OK(pv_attr(v1, KVM_GET_DEVICE_ATTR, &val), "GET on vCPU 1");
	EXPECT_EQ(val, user, "features read back");

	/* Now hvcl 0x102 exits, and the guest sees the feature */
	expect_report(v0, 0x77);
	v0->run->hypercall.ret = 0x1234;
	EXPECT_EQ(expect_store(v0, MMIO_GPA, "a0"), 0x1234, "a0 = ret");
	EXPECT_EQ(expect_store(v0, MMIO_GPA + 8, "cpucfg"), KVM_SIG_WORD,
		  "guest cpucfg 0x40000000");
	EXPECT_EQ(expect_store(v0, MMIO_GPA + 16, "cpucfg"), user,
		  "guest cpucfg 0x40000004");
	return KT_PASS;
}

/*
 * kt_exc's report @a: exception @ecode in the guest, at the instruction
 * @insn (ERA points to it, BADI holds it)
 */
static void expect_guest_exc(struct vm *vm, const u64 *a, u64 ecode, u32 insn)
{
	EXPECT_EQ(ESTAT_ECODE(a[1]), ecode, "guest exception code");
	EXPECT_EQ(a[4], insn, "guest BADI");
	EXPECT(a[2] < GUEST_MEM_SIZE - 4 && *(u32 *)gpa_ptr(vm, a[2]) == insn,
	       "guest ERA 0x%llx is not at the instruction 0x%08x",
	       (unsigned long long)a[2], insn);
}

/* hvcl at PLV3: the guest's own IPE, at the hvcl, nothing else happens */
GUEST(g_hvcl_plv3,
	G_EENTRY(EXC_GPA)
	"ori $t0, $zero, 3\n"
	"csrwr $t0, 0x1\n"		/* PRMD: PPLV 3, PIE 0 */
	"pcaddi $t0, 3\n"		/* ERA: the hvcl below */
	"csrwr $t0, 0x6\n"
	"ertn\n"
	HVCL(0x102)
	"99: b 99b\n");

static int hvcl_plv3_ipe(void)
{
	struct vm *vm = VM_STD(g_hvcl_plv3);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a;

	a = expect_report(v, MARK_EXC);
	expect_guest_exc(vm, a, ECODE_IPE, INSN_HVCL | HC_USER);
	return KT_PASS;
}

/* An FP instruction, with the guest's EUEN.FPE set */
GUEST(g_fp_use,
	G_EENTRY(EXC_GPA)
	"ori $t0, $zero, 1\n"
	"csrwr $t0, 0x2\n"
	"movgr2fr.d $f3, $zero\n"
	G_DONE);

#define INSN_MOVGR2FR_D_F3	0x0114a803U	/* movgr2fr.d $f3, $zero */

/* A vCPU without FP (CPUCFG2.FP = 0) gets INE for it, as on hardware */
static int fp_absent_ine(void)
{
	struct vm *vm = VM_STD(g_fp_use);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a;

	cpucfg_set(v, 2, CPUCFG2_LLFTP);
	a = expect_report(v, MARK_EXC);
	expect_guest_exc(vm, a, ECODE_INE, INSN_MOVGR2FR_D_F3);
	expect_report(v, MARK_DONE);

	/* The same code with FP: no exception */
	v = vcpu_new(vm, 1);
	cpucfg_set(v, 2, CPUCFG2_BASE);
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

static int mp_state(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_mp_state mp = { .mp_state = 0x5a };

	EXPECT_EQ(check_ext(vm->fd, KVM_CAP_MP_STATE), 1, "CAP_MP_STATE");
	EXPECT_OK(xioctl(v->fd, KVM_GET_MP_STATE, &mp), "KVM_GET_MP_STATE");
	EXPECT_EQ(mp.mp_state, KVM_MP_STATE_RUNNABLE, "mp_state of a new vCPU");
	mp.mp_state = KVM_MP_STATE_RUNNABLE;
	EXPECT_OK(xioctl(v->fd, KVM_SET_MP_STATE, &mp), "SET_MP_STATE RUNNABLE");
	mp.mp_state = 0x12345;
	EXPECT_ERR(xioctl(v->fd, KVM_SET_MP_STATE, &mp), -EINVAL,
		   "SET_MP_STATE 0x12345");
	EXPECT_OK(xioctl(v->fd, KVM_GET_MP_STATE, &mp), "KVM_GET_MP_STATE");
	EXPECT_EQ(mp.mp_state, KVM_MP_STATE_RUNNABLE,
		  "mp_state after a rejected SET");
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "caps", caps, 0 },
	{ "vcpu_mmap_size", vcpu_mmap_size, 0 },
	{ "reset_state", reset_state, 0 },
	{ "tid_is_vcpu_id", tid_is_vcpu_id, 0 },
	{ "hvcl_user", hvcl_user, 0 },
	{ "hvcl_service_unknown_function", hvcl_service_unknown_function, 0 },
	{ "hvcl_unknown_code", hvcl_unknown_code, 0 },
	{ "regs", regs, 0 },
	{ "fpu", fpu, 0 },
	{ "mp_state", mp_state, 0 },
	{ "hvcl_user_needs_feature", hvcl_user_needs_feature, 0 },
	{ "pv_features", pv_features, 0 },
	{ "hvcl_plv3_ipe", hvcl_plv3_ipe, 0 },
	{ "fp_absent_ine", fp_absent_ine, 0 },
};

KT_MAIN("basic", cases)
