// SPDX-License-Identifier: GPL-2.0
/*
 * CPUCFG: the words set with ONE_REG KVM_IOC_CPUCFG(0..20) read back and
 * are what the guest's cpucfg instruction returns; unknown words read 0
 * in the guest; the vCPU CPUCFG device attribute gives the settable mask
 * of word 2 (and 6), which QEMU reads; word 3 is limited to the host's.
 */
#include "kvm-util.h"

#define CPUCFG3_SFB	(1 << 1)
#define CPUCFG3_BITS	0x1ffff		/* the bits 6.1 knows */

static u64 word2_mask(struct vcpu *v)
{
	u64 mask = 0;
	int r;

	r = device_attr(v->fd, KVM_GET_DEVICE_ATTR, KVM_LOONGARCH_VCPU_CPUCFG,
			2, &mask);
	if (r)
		fail("GET_DEVICE_ATTR(CPUCFG, 2): %s", errname(r));
	return mask;
}

/* Values within mainline's masks of each word; 6..15 are 0 */
static void cpucfg_values(struct vcpu *v, u64 *w)
{
	u64 opt = (1 << 15) | (1 << 21) | (1 << 22);	/* LLFTPREV LSPW LAM */
	int i;

	memset(w, 0, 21 * sizeof(*w));
	w[0] = 0x0014c010;
	w[1] = 0x03f2f2fe;
	w[2] = CPUCFG2_BASE | (word2_mask(v) & opt);
	w[3] = host_cpucfg(3) & CPUCFG3_BITS & ~CPUCFG3_SFB;
	w[4] = 0x05f5e100;
	w[5] = 0x00010001;
	w[16] = 0x00002c3d;
	w[17] = 0x06080003;
	w[18] = 0x06080003;
	w[19] = 0x0608000f;
	w[20] = 0x060c000f;
	for (i = 0; i < 21; i++)
		cpucfg_set(v, i, w[i]);
}

static int roundtrip(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 w[21], got;
	char what[40];
	int i;

	cpucfg_values(v, w);
	for (i = 0; i < 21; i++) {
		EXPECT_OK(get_reg(v, KVM_IOC_CPUCFG(i), &got), "GET CPUCFG");
		snprintf(what, sizeof(what), "CPUCFG%d round trip", i);
		EXPECT_EQ(got, w[i], what);
	}
	return KT_PASS;
}

/* Words 0..20 into DATA_GPA[], unknown words into a1..a5 */
GUEST(g_cpucfg,
	"li.d $t1, " STR(DATA_GPA) "\n"
	"or $t0, $zero, $zero\n"
	"or $s0, $zero, $zero\n"
	"ori $t3, $zero, 21\n"
	"1: cpucfg $t2, $t0\n"
	"addi.d $s0, $s0, 1\n"
	"st.d $t2, $t1, 0\n"
	"addi.d $t1, $t1, 8\n"
	"addi.d $t0, $t0, 1\n"
	"blt $t0, $t3, 1b\n"
	"ori $t0, $zero, 21\n"
	"cpucfg $a1, $t0\n"
	"ori $t0, $zero, 48\n"
	"cpucfg $a2, $t0\n"
	"li.d $t0, 0x1000\n"
	"cpucfg $a3, $t0\n"
	"li.d $t0, 0x7fffffff\n"
	"cpucfg $a4, $t0\n"
	"li.d $t0, -1\n"
	"cpucfg $a5, $t0\n"
	G_DONE);

static int guest_reads(void)
{
	static const char *const unknown[] = {
		"", "21", "48", "0x1000", "0x7fffffff", "-1",
	};
	struct vm *vm = VM_STD(g_cpucfg);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 w[21], *mem = gpa_ptr(vm, DATA_GPA), *a;
	struct kvm_regs regs;
	int i;

	cpucfg_values(v, w);
	regs = vcpu_regs(v);
	for (i = 5; i <= 9; i++)		/* a1..a5: not yet written */
		regs.gpr[i] = 0x5a5a5a5a;
	vcpu_set_regs(v, &regs);
	memset(mem, 0xa5, 21 * 8);
	a = expect_report(v, MARK_DONE);
	for (i = 0; i < 21; i++)
		EXPECT(mem[i] == w[i], "guest cpucfg %d = 0x%llx, expected 0x%llx",
		       i, mem[i], w[i]);
	for (i = 1; i <= 5; i++)
		EXPECT(a[i] == 0, "guest cpucfg %s (unknown word) = 0x%llx, expected 0",
		       unknown[i], a[i]);
	EXPECT_EQ(vcpu_regs(v).gpr[23], 21,
		  "cpucfg instructions executed (PC advanced once each)");
	return KT_PASS;
}

/* The word 2 mask: FP, FPSP, FPDP, LLFTP settable; never LVZP */
static int attr_word2(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 mask = word2_mask(v), got = 0, dummy = 0, host;
	int r;

	EXPECT_OK(device_attr(v->fd, KVM_HAS_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_CPUCFG, 2, &dummy),
		  "HAS_DEVICE_ATTR(CPUCFG, 2)");
	EXPECT_OK(device_attr(v->fd, KVM_HAS_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_CPUCFG, 6, &dummy),
		  "HAS_DEVICE_ATTR(CPUCFG, 6)");
	EXPECT((mask & CPUCFG2_BASE) == CPUCFG2_BASE,
	       "CPUCFG2 mask 0x%llx lacks FP/FPSP/FPDP/LLFTP", mask);
	EXPECT(!(mask & CPUCFG2_LVZP), "CPUCFG2 mask 0x%llx offers LVZP", mask);
	EXPECT(!(mask >> 32), "CPUCFG2 mask 0x%llx has bits above 31", mask);
	/* LSX and LASX: offered exactly when the host has them, in the
	 * mask, in a new vCPU's word and as VM features (as in mainline) */
	host = host_cpucfg(2) & (CPUCFG2_LSX | CPUCFG2_LASX);
	EXPECT((mask & (CPUCFG2_LSX | CPUCFG2_LASX)) == host,
	       "CPUCFG2 mask 0x%llx: LSX/LASX not as the host's 0x%llx", mask,
	       host);
	EXPECT_OK(get_reg(v, KVM_IOC_CPUCFG(2), &got), "GET CPUCFG2");
	EXPECT((got & (CPUCFG2_LSX | CPUCFG2_LASX)) == host,
	       "CPUCFG2 0x%llx of a new vCPU: LSX/LASX not as the host's 0x%llx",
	       got, host);
	EXPECT_ERR(device_attr(vm->fd, KVM_HAS_DEVICE_ATTR,
			       KVM_LOONGARCH_VM_FEAT_CTRL,
			       KVM_LOONGARCH_VM_FEAT_LSX, &dummy),
		   host & CPUCFG2_LSX ? 0 : -ENXIO,
		   "VM HAS_DEVICE_ATTR(FEAT_CTRL, LSX)");
	EXPECT_ERR(device_attr(vm->fd, KVM_HAS_DEVICE_ATTR,
			       KVM_LOONGARCH_VM_FEAT_CTRL,
			       KVM_LOONGARCH_VM_FEAT_LASX, &dummy),
		   host & CPUCFG2_LASX ? 0 : -ENXIO,
		   "VM HAS_DEVICE_ATTR(FEAT_CTRL, LASX)");
	/* The whole mask is a consistent value: it must be accepted */
	r = set_reg(v, KVM_IOC_CPUCFG(2), mask);
	EXPECT_OK(r, "SET CPUCFG2 = the mask");
	EXPECT_OK(get_reg(v, KVM_IOC_CPUCFG(2), &got), "GET CPUCFG2");
	EXPECT_EQ(got, mask, "CPUCFG2 after setting the mask");
	return KT_PASS;
}

static int attr_word6(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 mask = 0xa5a5;
	int r;

	r = device_attr(v->fd, KVM_GET_DEVICE_ATTR, KVM_LOONGARCH_VCPU_CPUCFG,
			6, &mask);
	EXPECT_OK(r, "GET_DEVICE_ATTR(CPUCFG, 6)");
	EXPECT(!(mask >> 32), "CPUCFG6 mask 0x%llx has bits above 31", mask);
	EXPECT_OK(set_reg(v, KVM_IOC_CPUCFG(6), 0), "SET CPUCFG6 = 0");
	return KT_PASS;
}

/*
 * Word 3: what the host has, without SFB (mainline's rule). The
 * testbed's la464 reads 0xfcff, as a 3A5000 does.
 */
static int word3_host(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 host = host_cpucfg(3), ok = host & CPUCFG3_BITS & ~CPUCFG3_SFB;
	u64 missing = CPUCFG3_BITS & ~host, got;
	int bit;

	EXPECT(host & CPUCFG3_BITS, "host CPUCFG3 0x%llx: no bits to test",
	       host);
	EXPECT_OK(set_reg(v, KVM_IOC_CPUCFG(3), ok), "SET CPUCFG3 = the host's");
	EXPECT_OK(get_reg(v, KVM_IOC_CPUCFG(3), &got), "GET CPUCFG3");
	EXPECT_EQ(got, ok, "CPUCFG3 round trip");
	EXPECT_ERR(set_reg(v, KVM_IOC_CPUCFG(3), ok | CPUCFG3_SFB), -EINVAL,
		   "SET CPUCFG3 with SFB");
	if (missing) {
		bit = __builtin_ctzll(missing);
		EXPECT_ERR(set_reg(v, KVM_IOC_CPUCFG(3), ok | 1ULL << bit),
			   -EINVAL, "SET CPUCFG3 with a bit the host lacks");
	}
	EXPECT_OK(get_reg(v, KVM_IOC_CPUCFG(3), &got), "GET CPUCFG3");
	EXPECT_EQ(got, ok, "CPUCFG3 after the refused values");
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "roundtrip", roundtrip, 0 },
	{ "guest_reads", guest_reads, 0 },
	{ "attr_word2", attr_word2, 0 },
	{ "attr_word6", attr_word6, 0 },
	{ "word3_host", word3_host, 0 },
};

KT_MAIN("cpucfg", cases)
