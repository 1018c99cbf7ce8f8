// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input from userspace, items 1-11 of bad-inputs.md: each case sends
 * the input, checks the errno and that nothing else changed. The kernel
 * log (no WARN/BUG/oops) is checked by the testbed's init after the
 * program.
 */
#include "kvm-util.h"	/* first: it defines _GNU_SOURCE */
#include <limits.h>

#define U64_ID(set, idx)	((set) | KVM_REG_SIZE_U64 | (idx))

/* GET and SET of @id both fail with @err; @err2 is an accepted alternative */
static void bad_id(struct vcpu *v, u64 id, int err, int err2, const char *what)
{
	u64 buf[32];
	struct kvm_one_reg r = { .id = id, .addr = (u64)(uintptr_t)buf };
	int g, s;

	memset(buf, 0xff, sizeof(buf));
	g = xioctl(v->fd, KVM_GET_ONE_REG, &r);
	s = xioctl(v->fd, KVM_SET_ONE_REG, &r);
	EXPECT(g == err || (err2 && g == err2),
	       "%s (id 0x%llx): GET_ONE_REG %s, expected %s", what, id,
	       errname(g), errname(err));
	EXPECT(s == err || (err2 && s == err2),
	       "%s (id 0x%llx): SET_ONE_REG %s, expected %s", what, id,
	       errname(s), errname(err));
}

/* Item 1: unknown set, size other than U64, GPR and FPSIMD sets */
static int onereg_bad_id(void)
{
	static const u64 sizes[] = {
		KVM_REG_SIZE_U8, KVM_REG_SIZE_U16, KVM_REG_SIZE_U32,
		KVM_REG_SIZE_U128, KVM_REG_SIZE_U256, KVM_REG_SIZE_U2048,
	};
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 base = KVM_REG_LOONGARCH, id;
	size_t i;

	csr_set(v, CSR_CRMD, 0x8);
	csr_set(v, CSR_SAVE0, 0x1234);
	bad_id(v, U64_ID(base, 0x60000), -EINVAL, 0, "set 6");
	bad_id(v, U64_ID(base, 0x70000), -EINVAL, 0, "set 7");
	bad_id(v, U64_ID(base, 0x60000 | (CSR_SAVE0 << 3)), -EINVAL, 0,
	       "set 6 with a CSR index");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		id = KVM_REG_LOONGARCH_CSR | sizes[i] | (CSR_SAVE0 << 3);
		bad_id(v, id, -EINVAL, 0, "SAVE0 with a size other than U64");
		id = KVM_REG_LOONGARCH_CPUCFG | sizes[i] | (2 << 3);
		bad_id(v, id, -EINVAL, 0, "CPUCFG2 with a size other than U64");
	}
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_GPR, 0), -EINVAL, 0, "GPR r0");
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_GPR, 4 << 3), -EINVAL, 0, "GPR a0");
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_GPR, 0x7fff), -EINVAL, 0,
	       "GPR last index");
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_FPSIMD, 0), -EINVAL, 0, "FPSIMD 0");
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_FPSIMD, 0x7fff), -EINVAL, 0,
	       "FPSIMD last index");
	/* Unknown ids in the KVM set: -ENOENT or -EINVAL (uapi.md) */
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_KVM, 0), -EINVAL, -ENOENT, "KVM 0");
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_KVM, 4), -EINVAL, -ENOENT, "KVM 4");
	bad_id(v, U64_ID(KVM_REG_LOONGARCH_KVM, 0xffff), -EINVAL, -ENOENT,
	       "KVM 0xffff");
	EXPECT_EQ(csr_get(v, CSR_CRMD), 0x8, "CRMD after the bad ids");
	EXPECT_EQ(csr_get(v, CSR_SAVE0), 0x1234, "SAVE0 after the bad ids");
	return KT_PASS;
}

/* LBT ids without LBT in the guest: -ENXIO (uapi.md) */
static int onereg_lbt_absent(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 id;

	if (host_has("lbt_x86") || host_has("lbt_arm") || host_has("lbt_mips"))
		skip("the host has LBT");
	for (id = KVM_REG_LOONGARCH_LBT_SCR0; id <= KVM_REG_LOONGARCH_LBT_FTOP;
	     id++)
		bad_id(v, id, -ENXIO, 0, "LBT register");
	return KT_PASS;
}

/* Item 2: CSR numbers that are not guest CSRs */
static int csr_not_guest(void)
{
	static const u32 bad[] = {
		0x9, 0xa, 0xb, 0x14, 0x15, 0x16, 0x17, 0x50, 0x51, 0x52, 0x53,
		0x184, 0x7ff, 0xfff,
	};
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	char what[48];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(what, sizeof(what), "CSR 0x%x", bad[i]);
		bad_id(v, KVM_IOC_CSRID(bad[i]), -EINVAL, 0, what);
	}
	return KT_PASS;
}

static void bad_cpucfg(struct vcpu *v, u32 word, u64 val, const char *what)
{
	u64 before = 0, after = 0;
	int r;

	get_reg(v, KVM_IOC_CPUCFG(word), &before);
	r = set_reg(v, KVM_IOC_CPUCFG(word), val);
	EXPECT(r == -EINVAL, "CPUCFG%u = 0x%llx (%s): %s, expected EINVAL",
	       word, val, what, errname(r));
	EXPECT_OK(get_reg(v, KVM_IOC_CPUCFG(word), &after), "GET CPUCFG");
	EXPECT(after == before, "CPUCFG%u changed to 0x%llx by a rejected SET",
	       word, after);
}

/* Item 3: CPUCFG words and values */
static int cpucfg_bad(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	const u64 b = CPUCFG2_BASE;

	bad_id(v, KVM_IOC_CPUCFG(21), -EINVAL, 0, "CPUCFG word 21");
	bad_id(v, KVM_IOC_CPUCFG(64), -EINVAL, 0, "CPUCFG word 64");
	bad_id(v, KVM_IOC_CPUCFG(0xfff), -EINVAL, 0, "CPUCFG word 0xfff");
	/* A value every mask allows: only the word number is wrong */
	EXPECT_ERR(set_reg(v, KVM_IOC_CPUCFG(21), 0), -EINVAL,
		   "SET CPUCFG word 21 = 0");
	EXPECT_ERR(set_reg(v, KVM_IOC_CPUCFG(0xfff), 0), -EINVAL,
		   "SET CPUCFG word 0xfff = 0");
	cpucfg_set(v, 2, b);
	cpucfg_set(v, 0, 0x14c010);
	bad_cpucfg(v, 0, 1ULL << 32, "above 32 bits");
	bad_cpucfg(v, 2, b | (1ULL << 63), "bit 63");
	bad_cpucfg(v, 7, 1, "reserved word");
	bad_cpucfg(v, 2, b | CPUCFG2_LVZP, "LVZP");
	bad_cpucfg(v, 2, b | CPUCFG2_LASX, "LASX without LSX");
	bad_cpucfg(v, 2, CPUCFG2_LLFTP | CPUCFG2_LSX, "LSX without FP");
	bad_cpucfg(v, 2, CPUCFG2_LLFTP | CPUCFG2_FP | CPUCFG2_FPDP,
		   "FP without FPSP");
	bad_cpucfg(v, 2, CPUCFG2_LLFTP | CPUCFG2_FP | CPUCFG2_FPSP,
		   "FP without FPDP");
	bad_cpucfg(v, 2, CPUCFG2_FP | CPUCFG2_FPSP | CPUCFG2_FPDP,
		   "no LLFTP");
	/* LSX and LASX only where the host has them */
	if (!(host_cpucfg(2) & CPUCFG2_LSX))
		bad_cpucfg(v, 2, b | CPUCFG2_LSX, "LSX, the host has none");
	if (!(host_cpucfg(2) & CPUCFG2_LASX))
		bad_cpucfg(v, 2, b | CPUCFG2_LSX | CPUCFG2_LASX,
			   "LASX, the host has none");
	if (!host_has("lbt_x86"))
		bad_cpucfg(v, 2, b | (1ULL << 18), "X86BT, the host has none");
	return KT_PASS;
}

/* Item 4: KVM_INTERRUPT with 0, reserved bit 10 or outside ESTAT.IS */
static int interrupt_bad(void)
{
	static const int bad[] = {
		0, 10, -10, 13, 14, 31, 32, 63, 64, 1000, INT_MAX, INT_MIN,
		-13, -64, -1000, -INT_MAX,
	};
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		r = vcpu_irq(v, bad[i]);
		EXPECT(r == -EINVAL, "KVM_INTERRUPT %d: %s, expected EINVAL",
		       bad[i], errname(r));
	}
	EXPECT_EQ(ESTAT_IS(csr_get(v, CSR_ESTAT)), 0,
		  "ESTAT.IS after the rejected interrupts");
	EXPECT_OK(vcpu_irq(v, 2), "KVM_INTERRUPT 2 afterwards");
	EXPECT_EQ(ESTAT_IS(csr_get(v, CSR_ESTAT)), 1 << 2,
		  "ESTAT.IS after raising 2");
	return KT_PASS;
}

static void bad_attr(int fd, unsigned long req, const char *reqname,
		     u32 group, u64 attr)
{
	u64 val = 0;
	int r = device_attr(fd, req, group, attr, &val);

	EXPECT(r == -ENXIO, "%s group %u attr 0x%llx: %s, expected ENXIO",
	       reqname, group, attr, errname(r));
}

/* Item 5: unknown device-attribute groups and attributes */
static int device_attr_bad(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);

	bad_attr(v->fd, KVM_HAS_DEVICE_ATTR, "vCPU HAS", 0x1234, 0);
	bad_attr(v->fd, KVM_GET_DEVICE_ATTR, "vCPU GET", 0x1234, 0);
	bad_attr(v->fd, KVM_SET_DEVICE_ATTR, "vCPU SET", 0x1234, 0);
	bad_attr(v->fd, KVM_HAS_DEVICE_ATTR, "vCPU HAS",
		 KVM_LOONGARCH_VCPU_CPUCFG, 21);
	bad_attr(v->fd, KVM_GET_DEVICE_ATTR, "vCPU GET",
		 KVM_LOONGARCH_VCPU_CPUCFG, 21);
	bad_attr(v->fd, KVM_GET_DEVICE_ATTR, "vCPU GET",
		 KVM_LOONGARCH_VCPU_CPUCFG, 0xffffffffULL);
	bad_attr(v->fd, KVM_GET_DEVICE_ATTR, "vCPU GET",
		 KVM_LOONGARCH_VCPU_CPUCFG, ~0ULL);
	bad_attr(v->fd, KVM_HAS_DEVICE_ATTR, "vCPU HAS",
		 KVM_LOONGARCH_VCPU_PVTIME_CTRL, 1);
	bad_attr(vm->fd, KVM_GET_DEVICE_ATTR, "VM GET", 0x1234, 0);
	bad_attr(vm->fd, KVM_SET_DEVICE_ATTR, "VM SET", 0x1234, 0);
	bad_attr(vm->fd, KVM_GET_DEVICE_ATTR, "VM GET",
		 KVM_LOONGARCH_VM_FEAT_CTRL, 0);
	bad_attr(vm->fd, KVM_HAS_DEVICE_ATTR, "VM HAS", 1, 0);
	bad_attr(vm->fd, KVM_HAS_DEVICE_ATTR, "VM HAS", 0x1234, 0);
	bad_attr(vm->fd, KVM_HAS_DEVICE_ATTR, "VM HAS",
		 KVM_LOONGARCH_VM_FEAT_CTRL, 8);
	bad_attr(vm->fd, KVM_HAS_DEVICE_ATTR, "VM HAS",
		 KVM_LOONGARCH_VM_FEAT_CTRL, 0x1234);
	bad_attr(vm->fd, KVM_HAS_DEVICE_ATTR, "VM HAS",
		 KVM_LOONGARCH_VM_FEAT_CTRL, ~0ULL);
	return KT_PASS;
}

/* Item 6: vCPU ids out of range and duplicates */
static int vcpu_id_bad(void)
{
	struct vm *vm = vm_new();
	int max_id = check_ext(vm->fd, KVM_CAP_MAX_VCPU_ID);
	int fd;

	EXPECT(max_id > 0, "CAP_MAX_VCPU_ID %d", max_id);
	EXPECT_ERR(vcpu_create_fd(vm, max_id), -EINVAL,
		   "KVM_CREATE_VCPU id = CAP_MAX_VCPU_ID");
	EXPECT_ERR(vcpu_create_fd(vm, 0x7fffffff), -EINVAL,
		   "KVM_CREATE_VCPU id 0x7fffffff");
	EXPECT_ERR(vcpu_create_fd(vm, 0xffffffffL), -EINVAL,
		   "KVM_CREATE_VCPU id 0xffffffff");
	fd = vcpu_create_fd(vm, 3);
	EXPECT(fd >= 0, "KVM_CREATE_VCPU 3: %s", errname(fd));
	EXPECT_ERR(vcpu_create_fd(vm, 3), -EEXIST, "KVM_CREATE_VCPU 3 again");
	fd = vcpu_create_fd(vm, max_id - 1);
	EXPECT(fd >= 0, "KVM_CREATE_VCPU id CAP_MAX_VCPU_ID - 1: %s",
	       errname(fd));
	return KT_PASS;
}

/* Item 6: more vCPUs than KVM_MAX_VCPUS */
static int too_many_vcpus(void)
{
	struct vm *vm = vm_new();
	int max = check_ext(vm->fd, KVM_CAP_MAX_VCPUS);
	int max_id = check_ext(vm->fd, KVM_CAP_MAX_VCPU_ID);
	int i, fd;

	EXPECT(max > 0 && max <= max_id, "CAP_MAX_VCPUS %d, MAX_VCPU_ID %d",
	       max, max_id);
	for (i = 0; i < max; i++) {
		fd = vcpu_create_fd(vm, i);
		EXPECT(fd >= 0, "KVM_CREATE_VCPU %d of %d: %s", i, max,
		       errname(fd));
	}
	fd = vcpu_create_fd(vm, max < max_id ? max : 0);
	EXPECT(fd == -EINVAL, "vCPU number %d: %s, expected EINVAL", max + 1,
	       errname(fd));
	return KT_PASS;
}

GUEST(g_done, G_DONE);

/* Item 7: memslots misaligned, wrapping, too high, bad flags */
static int memslot_bad(void)
{
	struct vm *vm = VM_STD(g_done);
	u64 page = sysconf(_SC_PAGESIZE);
	int nslots = check_ext(vm->fd, KVM_CAP_NR_MEMSLOTS);
	char *host = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct vcpu *v;

	EXPECT(host != MAP_FAILED, "mmap: %m");
	EXPECT_ERR(vm_set_mem(vm, 1, 0x400000 + page / 2, page, 0, host),
		   -EINVAL, "misaligned guest_phys_addr");
	EXPECT_ERR(vm_set_mem(vm, 1, 0x400000, page + page / 2, 0, host),
		   -EINVAL, "misaligned memory_size");
	EXPECT_ERR(vm_set_mem(vm, 1, 0x400000, page, 0, host + page / 2),
		   -EINVAL, "misaligned userspace_addr");
	EXPECT_ERR(vm_set_mem(vm, 1, -page, 2 * page, 0, host), -EINVAL,
		   "guest_phys_addr + memory_size wraps");
	EXPECT_ERR(vm_set_mem(vm, 1, 1ULL << 56, page, 0, host), -EINVAL,
		   "GPA 1 << 56, beyond the guest physical address width");
	EXPECT_ERR(vm_set_mem(vm, 1, 0x400000, page, 1U << 7, host), -EINVAL,
		   "flags bit 7");
	EXPECT_ERR(vm_set_mem(vm, 1, 0x400000, page, 1U << 31, host), -EINVAL,
		   "flags bit 31");
	EXPECT_ERR(vm_set_mem(vm, nslots, 0x400000, page, 0, host), -EINVAL,
		   "slot CAP_NR_MEMSLOTS");
	EXPECT_ERR(vm_set_mem(vm, 0x7fff, 0x400000, page, 0, host), -EINVAL,
		   "slot 0x7fff");
	/* Nothing else changed: supported flags work, slot 0 runs a guest */
	EXPECT_OK(vm_set_mem(vm, 1, 0x400000, page, KVM_MEM_LOG_DIRTY_PAGES,
			     host), "a valid slot with KVM_MEM_LOG_DIRTY_PAGES");
	EXPECT_OK(vm_set_mem(vm, 2, 0x800000, page, KVM_MEM_READONLY,
			     host + page), "a valid slot with KVM_MEM_READONLY");
	v = vcpu_new(vm, 0);
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

/* Item 8: CPUID >= 256, used by another vCPU, changed once set */
static int cpuid_bad(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v0 = vcpu_new(vm, 0), *v1 = vcpu_new(vm, 1);
	u64 val;

	EXPECT_ERR(set_reg(v0, KVM_IOC_CSRID(CSR_CPUID), 256), -EINVAL,
		   "CPUID 256");
	EXPECT_ERR(set_reg(v0, KVM_IOC_CSRID(CSR_CPUID), 0x1000), -EINVAL,
		   "CPUID 0x1000");
	EXPECT_ERR(set_reg(v0, KVM_IOC_CSRID(CSR_CPUID), ~0ULL), -EINVAL,
		   "CPUID ~0");
	csr_set(v0, CSR_CPUID, 3);
	EXPECT_ERR(set_reg(v1, KVM_IOC_CSRID(CSR_CPUID), 3), -EINVAL,
		   "CPUID 3 on vCPU 1 while vCPU 0 has it");
	EXPECT_ERR(set_reg(v0, KVM_IOC_CSRID(CSR_CPUID), 4), -EINVAL,
		   "changing vCPU 0's CPUID from 3 to 4");
	EXPECT_OK(set_reg(v0, KVM_IOC_CSRID(CSR_CPUID), 3),
		  "setting vCPU 0's CPUID 3 again");
	EXPECT_EQ(csr_get(v0, CSR_CPUID), 3, "vCPU 0's CPUID");
	val = csr_get(v1, CSR_CPUID);
	EXPECT(val != 3, "vCPU 1's CPUID is 3 after a rejected SET");
	csr_set(v1, CSR_CPUID, 4);
	EXPECT_EQ(csr_get(v1, CSR_CPUID), 4, "vCPU 1's CPUID");
	return KT_PASS;
}

/*
 * Item 9: r0. The guest stores r0 to MMIO after KVM_SET_REGS gave r0 a
 * value, after a cpucfg, an MMIO load and an IOCSR read into r0.
 */
GUEST(g_r0,
	"st.d $zero, $s0, 0\n"
	"or $t0, $zero, $zero\n"
	"cpucfg $zero, $t0\n"
	"st.d $zero, $s0, 8\n"
	"ld.d $zero, $s0, 16\n"
	"st.d $zero, $s0, 24\n"
	"iocsrrd.d $zero, $s1\n"
	"st.d $zero, $s0, 32\n"
	G_DONE);

static int set_regs_r0(void)
{
	struct vm *vm = VM_STD(g_r0);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_regs regs;
	struct kvm_run *run;

	cpucfg_set(v, 0, 0x14c010);
	regs = vcpu_regs(v);
	regs.gpr[0] = 0xdeadbeefcafe;
	regs.gpr[23] = MMIO_GPA;	/* s0 */
	regs.gpr[24] = 0x3000;		/* s1: IOCSR address */
	vcpu_set_regs(v, &regs);
	EXPECT_EQ(vcpu_regs(v).gpr[0], 0, "r0 after KVM_SET_REGS");
	run = expect_mmio(v, MMIO_GPA, 8, 1);
	EXPECT_EQ(le_get(run->mmio.data, 8), 0, "r0 stored by the guest");
	run = expect_mmio(v, MMIO_GPA + 8, 8, 1);
	EXPECT_EQ(le_get(run->mmio.data, 8), 0, "r0 after cpucfg into r0");
	run = expect_mmio(v, MMIO_GPA + 16, 8, 0);
	le_put(run->mmio.data, 0x1122334455667788ULL);
	run = expect_mmio(v, MMIO_GPA + 24, 8, 1);
	EXPECT_EQ(le_get(run->mmio.data, 8), 0, "r0 after an MMIO load into r0");
	run = expect_iocsr(v, 0x3000, 8, 0);
	le_put(run->iocsr_io.data, 0x1122334455667788ULL);
	run = expect_mmio(v, MMIO_GPA + 32, 8, 1);
	EXPECT_EQ(le_get(run->mmio.data, 8), 0, "r0 after an IOCSR read into r0");
	expect_report(v, MARK_DONE);
	EXPECT_EQ(vcpu_regs(v).gpr[0], 0, "r0 after the guest ran");
	return KT_PASS;
}

/* Item 9: KVM_SET_FPU: full 64-bit FPRs, reserved FCSR bits masked */
static int set_fpu(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_fpu in, out;
	int i;

	memset(&in, 0xee, sizeof(in));
	in.fcsr = 0xffffffff;
	in.fcc = 0x0001000100010001ULL;
	for (i = 0; i < 32; i++)
		in.fpr[i].val64[0] = 0xffffffff00000000ULL | i << 8 | i;
	EXPECT_OK(xioctl(v->fd, KVM_SET_FPU, &in), "KVM_SET_FPU");
	memset(&out, 0, sizeof(out));
	EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &out), "KVM_GET_FPU");
	EXPECT(!(out.fcsr & ~0x1f1f031fU),
	       "FCSR 0x%x after writing 0xffffffff: reserved bits kept",
	       out.fcsr);
	EXPECT((out.fcsr & 0x300) == 0x300, "FCSR 0x%x: RM lost", out.fcsr);
	EXPECT_EQ(out.fcc, in.fcc, "FCC");
	for (i = 0; i < 32; i++)
		EXPECT(out.fpr[i].val64[0] == in.fpr[i].val64[0],
		       "f%d: 0x%llx, expected 0x%llx (64 bits)", i,
		       out.fpr[i].val64[0], in.fpr[i].val64[0]);
	return KT_PASS;
}

/* ------------------------------------------------------------------ */
/* Item 10: KVM_RUN interrupted, MMIO/IOCSR exits never completed        */

GUEST(g_spin,
	"1: b 1b\n"
	"nop\n"
	G_DONE);

GUEST(g_idle_forever,
	"1: idle 0\n"
	"b 1b\n"
	G_DONE);

static int immediate_exit(void)
{
	struct vm *vm = VM_STD(g_spin);
	struct vcpu *v = vcpu_new(vm, 0);
	int r;

	vcpu_set_gpr(v, 32, 8);		/* PC: G_DONE */
	v->run->immediate_exit = 1;
	r = vcpu_run(v);
	EXPECT_ERR(r, -EINTR, "KVM_RUN with immediate_exit");
	EXPECT_EQ(vcpu_regs(v).pc, 8, "PC after immediate_exit (guest must not run)");
	v->run->immediate_exit = 0;
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

static void signal_exits(const char *code, const char *end, const char *what)
{
	struct vm *vm = vm_std(code, end);
	struct vcpu *v = vcpu_new(vm, 0);
	int r = vcpu_run_signalled(v);

	EXPECT(r == -EINTR, "%s: KVM_RUN %s on a signal, expected EINTR", what,
	       r == -ETIME ? "did not return" : errname(r));
	EXPECT(v->run->exit_reason == KVM_EXIT_INTR,
	       "%s: exit_reason %u after a signal, expected KVM_EXIT_INTR",
	       what, v->run->exit_reason);
	vcpu_set_gpr(v, 32, 8);		/* PC: G_DONE */
	expect_report(v, MARK_DONE);
}

static int signal_in_guest_loop(void)
{
	signal_exits(g_spin, g_spin_end, "guest loop");
	return KT_PASS;
}

static int signal_in_idle(void)
{
	signal_exits(g_idle_forever, g_idle_forever_end, "guest idle");
	return KT_PASS;
}

/* An MMIO load and an IOCSR read, then DONE; the abort path at 0x100 */
GUEST(g_io_pending,
	"li.d $s0, " STR(MMIO_GPA) "\n"
	"ld.d $a1, $s0, 0\n"
	"li.d $t0, 0x3000\n"
	"iocsrrd.w $a2, $t0\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	G_DONE
	".org 0x100\n"
	"ori $a0, $zero, 0xab\n"
	HVCL(0x102)
	"99: b 99b\n");

/* Userspace never fills the data: the guest goes on, no host error */
static int io_never_filled(void)
{
	struct vm *vm = VM_STD(g_io_pending);
	struct vcpu *v = vcpu_new(vm, 0);

	expect_mmio(v, MMIO_GPA, 8, 0);
	expect_iocsr(v, 0x3000, 4, 0);
	expect_report(v, MARK_READY);
	expect_report(v, MARK_DONE);
	return KT_PASS;
}

/*
 * Userspace aborts the pending exit (immediate_exit, VCPU_RESET, a new
 * PC, an exit_reason it overwrote) and runs elsewhere.
 */
static void abort_pending(struct vcpu *v, const char *what)
{
	struct kvm_regs regs;
	int r;

	v->run->immediate_exit = 1;
	r = vcpu_run(v);
	EXPECT(r == -EINTR, "%s: KVM_RUN with immediate_exit: %s", what,
	       errname(r));
	v->run->immediate_exit = 0;
	EXPECT_OK(set_reg(v, KVM_REG_LOONGARCH_VCPU_RESET, 0), "VCPU_RESET");
	memset(&regs, 0, sizeof(regs));
	regs.pc = 0x100;
	vcpu_set_regs(v, &regs);
	v->run->exit_reason = KVM_EXIT_UNKNOWN;
	expect_report(v, 0xab);
}

static int io_aborted(void)
{
	struct vm *vm = VM_STD(g_io_pending);
	struct vcpu *v = vcpu_new(vm, 0);

	expect_mmio(v, MMIO_GPA, 8, 0);
	abort_pending(v, "MMIO");
	vcpu_set_gpr(v, 32, 0);
	expect_mmio(v, MMIO_GPA, 8, 0);
	le_put(v->run->mmio.data, 1);
	expect_iocsr(v, 0x3000, 4, 0);
	abort_pending(v, "IOCSR");
	return KT_PASS;
}

/* The VM goes away while an exit is pending; a new VM works after */
static int io_pending_close(void)
{
	struct vm *vm = VM_STD(g_io_pending);
	struct vcpu *v = vcpu_new(vm, 0);

	expect_mmio(v, MMIO_GPA, 8, 0);
	vcpu_free(v);
	vm_free(vm);
	vm = VM_STD(g_io_pending);
	v = vcpu_new(vm, 0);
	expect_mmio(v, MMIO_GPA, 8, 0);
	v = vcpu_new(vm, 1);
	expect_mmio(v, MMIO_GPA, 8, 0);
	expect_iocsr(v, 0x3000, 4, 0);
	/* the process exits with both exits pending */
	return KT_PASS;
}

/* ------------------------------------------------------------------ */
/* Item 11: VCPU_RESET leaves nothing pending                            */

/* Enable every interrupt for a while; kt_exc reports any taken */
GUEST(g_quiet,
	G_EENTRY(EXC_GPA)
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"li.d $t0, 0x1bff\n"
	"csrwr $t0, 0x4\n"
	"ori $t0, $zero, 4\n"
	"csrxchg $t0, $t0, 0x0\n"
	"rdtime.d $t1, $zero\n"
	"li.d $t2, 5000000\n"		/* 50 ms */
	"add.d $t1, $t1, $t2\n"
	"1: rdtime.d $t2, $zero\n"
	"bltu $t2, $t1, 1b\n"
	"csrrd $a1, 0x5\n"
	G_DONE);

static void expect_quiet(struct vcpu *v)
{
	struct kvm_regs regs;
	u64 *a;

	memset(&regs, 0, sizeof(regs));
	vcpu_set_regs(v, &regs);
	expect_report(v, MARK_READY);
	run_ok(v);
	EXPECT(v->run->exit_reason == KVM_EXIT_HYPERCALL &&
	       v->run->hypercall.args[0] == MARK_DONE,
	       "after VCPU_RESET: expected no interrupt, got %s", exit_str(v));
	a = v->run->hypercall.args;
	EXPECT(ESTAT_IS(a[1]) == 0, "guest ESTAT 0x%llx after VCPU_RESET",
	       a[1]);
}

static int reset_clears_interrupts(void)
{
	static const int irqs[] = { 1, 2, 5, 9, 11, 12 };
	struct vm *vm = VM_STD(g_quiet);
	struct vcpu *v = vcpu_new(vm, 0);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(irqs); i++)
		EXPECT_OK(vcpu_irq(v, irqs[i]), "KVM_INTERRUPT");
	csr_set(v, CSR_ESTAT, csr_get(v, CSR_ESTAT) | 1 << 7);
	EXPECT_OK(set_reg(v, KVM_REG_LOONGARCH_VCPU_RESET, 0), "VCPU_RESET");
	EXPECT_EQ(ESTAT_IS(csr_get(v, CSR_ESTAT)), 0,
		  "ESTAT.IS after VCPU_RESET");
	expect_quiet(v);
	return KT_PASS;
}

/*
 * Guest arms a 10 us one-shot timer with TI enabled and interrupts off,
 * waits until the timer interrupt is pending, then reports
 */
GUEST(g_arm_timer,
	"li.d $t0, 0x800\n"
	"csrwr $t0, 0x4\n"
	"li.d $t0, 4001\n"
	"csrwr $t0, 0x41\n"
	"1: csrrd $t0, 0x5\n"
	"andi $t0, $t0, 0x800\n"
	"beqz $t0, 1b\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"99: b 99b\n");

/*
 * VCPU_RESET alone, with the guest timer's interrupt pending and the timer
 * still configured: nothing of it may survive (userspace does not touch
 * TCFG here).
 */
static int reset_clears_timer(void)
{
	struct vm *vm = VM_STD(g_quiet);
	struct vcpu *v = vcpu_new(vm, 0);

	vm_load(vm, 0x4000, g_arm_timer, g_arm_timer_end);
	vcpu_set_gpr(v, 32, 0x4000);
	expect_report(v, MARK_READY);
	EXPECT(ESTAT_IS(csr_get(v, CSR_ESTAT)) & (1 << 11),
	       "ESTAT.TI not pending before the reset: 0x%llx",
	       csr_get(v, CSR_ESTAT));
	EXPECT(csr_get(v, CSR_TCFG) & 1, "TCFG.EN clear before the reset");
	EXPECT_OK(set_reg(v, KVM_REG_LOONGARCH_VCPU_RESET, 0), "VCPU_RESET");
	EXPECT_EQ(ESTAT_IS(csr_get(v, CSR_ESTAT)), 0,
		  "ESTAT.IS after VCPU_RESET with an expired timer");
	EXPECT_EQ(csr_get(v, CSR_TCFG), 0, "TCFG after VCPU_RESET");
	expect_quiet(v);
	return KT_PASS;
}

static int reset_clears_pvtime(void)
{
	struct vm *vm = vm_std(NULL, NULL);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 gpa = DATA_GPA | 1, got = 1;
	int r;

	r = device_attr(v->fd, KVM_HAS_DEVICE_ATTR,
			KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			KVM_LOONGARCH_VCPU_PVTIME_GPA, &got);
	EXPECT_OK(r, "HAS_DEVICE_ATTR(PVTIME_CTRL, GPA)");
	EXPECT_OK(device_attr(v->fd, KVM_SET_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			      KVM_LOONGARCH_VCPU_PVTIME_GPA, &gpa),
		  "SET_DEVICE_ATTR(PVTIME GPA)");
	EXPECT_OK(set_reg(v, KVM_REG_LOONGARCH_VCPU_RESET, 0), "VCPU_RESET");
	EXPECT_OK(device_attr(v->fd, KVM_GET_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			      KVM_LOONGARCH_VCPU_PVTIME_GPA, &got),
		  "GET_DEVICE_ATTR(PVTIME GPA)");
	EXPECT_EQ(got, 0, "steal-time GPA after VCPU_RESET");
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "1_onereg_bad_id", onereg_bad_id, 0 },
	{ "1_onereg_lbt_absent", onereg_lbt_absent, 0 },
	{ "2_csr_not_guest", csr_not_guest, 0 },
	{ "3_cpucfg_bad", cpucfg_bad, 0 },
	{ "4_interrupt_bad", interrupt_bad, 0 },
	{ "5_device_attr_bad", device_attr_bad, 0 },
	{ "6_vcpu_id_bad", vcpu_id_bad, 0 },
	{ "6_too_many_vcpus", too_many_vcpus, 300 },
	{ "7_memslot_bad", memslot_bad, 0 },
	{ "8_cpuid_bad", cpuid_bad, 0 },
	{ "9_set_regs_r0", set_regs_r0, 0 },
	{ "9_set_fpu", set_fpu, 0 },
	{ "10_immediate_exit", immediate_exit, 0 },
	{ "10_signal_in_guest_loop", signal_in_guest_loop, 0 },
	{ "10_signal_in_idle", signal_in_idle, 0 },
	{ "10_io_never_filled", io_never_filled, 0 },
	{ "10_io_aborted", io_aborted, 0 },
	{ "10_io_pending_close", io_pending_close, 0 },
	{ "11_reset_clears_interrupts", reset_clears_interrupts, 0 },
	{ "11_reset_clears_timer", reset_clears_timer, 0 },
	{ "11_reset_clears_pvtime", reset_clears_pvtime, 0 },
};

KT_MAIN("bad-inputs", cases)
