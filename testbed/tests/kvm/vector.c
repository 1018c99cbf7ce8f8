// SPDX-License-Identifier: GPL-2.0
/*
 * Guest LSX and LASX: the 256-bit registers through KVM_GET/SET_FPU, as
 * the guest sees and leaves them; a guest that uses FP first, then LSX
 * and LASX, has all 256 bits of its registers (and exits once); the guest's
 * registers survive a put and load while the host task uses its own, and
 * move to another VM; the host task's own vector registers survive
 * KVM_RUN; a unit the vCPU's CPUCFG2 lacks gets INE, and one the guest's
 * EUEN disables its own exception.
 */
#include "kvm-util.h"
#include "../host/vec.h"
#include <sys/syscall.h>

#define VEC_A	DATA_GPA		/* 1 KiB each: 32 x 32 bytes */
#define VEC_B	(DATA_GPA + 0x1000)
#define VEC_C	(DATA_GPA + 0x2000)

#define G_EUEN(v)	"ori $t0, $zero, " STR(v) "\n csrwr $t0, 0x2\n"
#define G_BASE(gpa)	"li.d $t1, " STR(gpa) "\n"	/* $r13 */

/* Store all at VEC_A, report, load all from VEC_B, done */
GUEST(g_store_load,
	G_EUEN(7)
	G_BASE(VEC_A)
	VEC_ALL(OP_XVST, 13)
	G_REPORT(MARK_READY)
	G_BASE(VEC_B)
	VEC_ALL(OP_XVLD, 13)
	G_DONE);

static void vec_to_fpu(const struct vregs *v, struct kvm_fpu *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->fcsr = 0x100;
	f->fcc = 0x0001000000000001ULL;
	for (i = 0; i < 32; i++)
		memcpy(f->fpr[i].val64, v->r[i], 32);
}

static void expect_vec(int width, const struct vregs *want,
		       const struct vregs *got, const char *what)
{
	int d = vec_diff(width, want, got);

	if (d >= 0)
		fail("%s: register %d word %d is 0x%llx, expected 0x%llx", what,
		     d / 4, d % 4, (unsigned long long)got->r[d / 4][d % 4],
		     (unsigned long long)want->r[d / 4][d % 4]);
}

static void fpu_to_vec(const struct kvm_fpu *f, struct vregs *v)
{
	int i;

	for (i = 0; i < 32; i++)
		memcpy(v->r[i], f->fpr[i].val64, 32);
}

static void need_lasx(void)
{
	if (!(host_cpucfg(2) & CPUCFG2_LASX))
		skip("the host CPU has no LASX");
}

/* SET_FPU, the guest stores; the guest loads, GET_FPU */
static int fpu_256(void)
{
	struct vm *vm;
	struct vcpu *v;
	struct vregs a, b, got;
	struct kvm_fpu f;

	need_lasx();
	vm = VM_STD(g_store_load);
	v = vcpu_new(vm, 0);
	vec_pattern(&a, 1);
	vec_pattern(&b, 2);
	vec_to_fpu(&a, &f);
	EXPECT_OK(xioctl(v->fd, KVM_SET_FPU, &f), "KVM_SET_FPU");
	memset(&f, 0, sizeof(f));
	EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &f), "KVM_GET_FPU");
	fpu_to_vec(&f, &got);
	expect_vec(32, &a, &got, "GET_FPU after SET_FPU");
	memcpy(gpa_ptr(vm, VEC_B), &b, sizeof(b));

	expect_report(v, MARK_READY);
	memcpy(&got, gpa_ptr(vm, VEC_A), sizeof(got));
	expect_vec(32, &a, &got, "the guest's xvst of what SET_FPU set");
	expect_report(v, MARK_DONE);
	EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &f), "KVM_GET_FPU");
	fpu_to_vec(&f, &got);
	expect_vec(32, &b, &got, "GET_FPU after the guest's xvld");
	EXPECT_EQ(f.fcsr, 0x100, "FCSR");
	EXPECT_EQ(f.fcc, 0x0001000000000001ULL, "FCC");
	return KT_PASS;
}

/* FP first, then LSX, then LASX: whatever the first unit is, the
 * registers are the guest's, all 256 bits */
GUEST(g_fp_first,
	G_EUEN(7)
	"movfr2gr.d $a1, $f3\n"
	G_BASE(VEC_A)
	"movgr2fr.d $f4, $t1\n"		/* f4 = VEC_A, in the FP unit */
	VEC_ALL(OP_VST, 13)
	G_BASE(VEC_B)
	VEC_ALL(OP_XVST, 13)
	G_DONE);

static int fp_first(void)
{
	struct vm *vm;
	struct vcpu *v;
	struct vregs a, got;
	struct kvm_fpu f;
	u64 *r;

	need_lasx();
	vm = VM_STD(g_fp_first);
	v = vcpu_new(vm, 0);
	vec_pattern(&a, 3);
	vec_to_fpu(&a, &f);
	EXPECT_OK(xioctl(v->fd, KVM_SET_FPU, &f), "KVM_SET_FPU");
	/* No exit to userspace in between */
	r = expect_report(v, MARK_DONE);
	EXPECT_EQ(r[1], a.r[3][0], "f3 as the guest's FP unit reads it");
	a.r[4][0] = VEC_A;
	memcpy(&got, gpa_ptr(vm, VEC_A), sizeof(got));
	expect_vec(16, &a, &got, "LSX after FP");
	memcpy(&got, gpa_ptr(vm, VEC_B), sizeof(got));
	expect_vec(32, &a, &got, "LASX after LSX");
	return KT_PASS;
}

/*
 * The host task's registers around KVM_RUN: loaded before, stored after,
 * in one asm block; the guest loads other values in between. Not the
 * vCPU's first KVM_RUN: that one waits for RCU (a new vCPU thread), and
 * the task loses the FPU in the context switch anyway. A preemption
 * between the entry and the guest's use of LASX has the same effect, so
 * this does not reliably see a KVM_RUN that leaves the FPU to the task
 * (check-distro does).
 */
GUEST(g_clobber,
	G_REPORT(MARK_READY)
	G_EUEN(7)
	G_BASE(VEC_B)
	VEC_ALL(OP_XVLD, 13)
	G_DONE);

static int host_kept(void)
{
	struct vm *vm;
	struct vcpu *v;
	struct vregs h, b, out;
	struct kvm_fpu f;
	struct stats st;
	u64 exits;
	int width;
	long r;

	need_lasx();
	for (width = 16; width <= 32; width += 16) {
		vm = VM_STD(g_clobber);
		v = vcpu_new(vm, 0);
		vec_pattern(&h, 10 + width);
		vec_pattern(&b, 20 + width);
		memcpy(gpa_ptr(vm, VEC_B), &b, sizeof(b));
		memset(&out, 0, sizeof(out));
		expect_report(v, MARK_READY);
		stats_open(&st, v->fd);
		exits = stat_value(&st, "fpu_exits");
		kt_watchdog(kt_timeout_ms);
		r = vec_syscall(width, &h, &out, SYS_ioctl, v->fd, KVM_RUN, 0);
		kt_watchdog(0);
		EXPECT_EQ(r, 0, "KVM_RUN");
		/*
		 * The guest's LASX use exited: it did not run on ours. Once,
		 * or again after a preemption put the vCPU (timing), so at
		 * least once
		 */
		EXPECT(stat_value(&st, "fpu_exits") > exits,
		       "the guest's first LASX use did not exit");
		close(st.fd);
		EXPECT(v->run->exit_reason == KVM_EXIT_HYPERCALL &&
		       v->run->hypercall.args[0] == MARK_DONE,
		       "expected the guest's done report, got %s", exit_str(v));
		expect_vec(width, &h, &out, "the host task's registers after KVM_RUN");
		EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &f), "KVM_GET_FPU");
		fpu_to_vec(&f, &out);
		expect_vec(32, &b, &out, "the guest's registers");
		vcpu_free(v);
		vm_free(vm);
	}
	return KT_PASS;
}

/* Load at VEC_B, report; store at VEC_C, done */
GUEST(g_load_store,
	G_EUEN(7)
	G_BASE(VEC_B)
	VEC_ALL(OP_XVLD, 13)
	G_REPORT(MARK_READY)
	G_BASE(VEC_C)
	VEC_ALL(OP_XVST, 13)
	G_DONE);

/*
 * The guest's registers across a put and load, with the host task using
 * its own in between; then GET_FPU moves them to a vCPU of another VM
 */
static int put_load_migrate(void)
{
	struct vm *vm, *vm2;
	struct vcpu *v, *v2;
	struct vregs b, junk, got;
	struct kvm_fpu f;

	need_lasx();
	vm = VM_STD(g_load_store);
	v = vcpu_new(vm, 0);
	vec_pattern(&b, 5);
	vec_pattern(&junk, 6);
	memcpy(gpa_ptr(vm, VEC_B), &b, sizeof(b));
	expect_report(v, MARK_READY);
	vec_put(32, &junk);
	sched_yield();
	expect_report(v, MARK_DONE);
	memcpy(&got, gpa_ptr(vm, VEC_C), sizeof(got));
	expect_vec(32, &b, &got, "the guest's registers after a put and load");
	vec_get(32, &got);
	expect_vec(32, &junk, &got, "the host task's registers");

	EXPECT_OK(xioctl(v->fd, KVM_GET_FPU, &f), "KVM_GET_FPU");
	vm2 = VM_STD(g_store_load);
	v2 = vcpu_new(vm2, 0);
	EXPECT_OK(xioctl(v2->fd, KVM_SET_FPU, &f), "KVM_SET_FPU (other VM)");
	expect_report(v2, MARK_READY);
	memcpy(&got, gpa_ptr(vm2, VEC_A), sizeof(got));
	expect_vec(32, &b, &got, "the registers in the other VM");
	return KT_PASS;
}

/* vld and xvld with the guest's EUEN = a1, as the host sets it */
GUEST(g_vld,
	G_EENTRY(EXC_GPA)
	"csrwr $a1, 0x2\n"
	G_BASE(VEC_A)
	".word 0x2c0001a0\n"		/* vld $vr0, $t1, 0 */
	".word 0x2c8001a0\n"		/* xvld $xr0, $t1, 0 */
	G_DONE);

#define INSN_VLD	0x2c0001a0U
#define INSN_XVLD	0x2c8001a0U

/*
 * vCPU @id of @vm with CPUCFG2 @cfg2 runs g_vld with EUEN @euen; the vld
 * and the xvld each raise exception @vld and @xvld in the guest (0: none)
 */
static void run_vld(struct vm *vm, int id, u64 cfg2, u64 euen, u64 vld,
		    u64 xvld)
{
	const u64 ecode[2] = { vld, xvld }, insn[2] = { INSN_VLD, INSN_XVLD };
	struct vcpu *v = vcpu_new(vm, id);
	u64 *a;
	int i;

	cpucfg_set(v, 2, cfg2);
	vcpu_set_gpr(v, 5, euen);
	for (i = 0; i < 2; i++) {
		if (!ecode[i])
			continue;
		a = expect_report(v, MARK_EXC);
		EXPECT_EQ(ESTAT_ECODE(a[1]), ecode[i], "guest exception code");
		EXPECT(a[2] < GUEST_MEM_SIZE - 4 &&
		       *(u32 *)gpa_ptr(vm, a[2]) == insn[i],
		       "guest ERA 0x%llx is not at the instruction 0x%08llx",
		       (unsigned long long)a[2], (unsigned long long)insn[i]);
	}
	expect_report(v, MARK_DONE);
}

/* CPUCFG2 without LSX: INE for both; with LSX only: INE for LASX */
static int absent_ine(void)
{
	struct vm *vm;

	need_lasx();
	vm = VM_STD(g_vld);
	run_vld(vm, 0, CPUCFG2_BASE, 7, ECODE_INE, ECODE_INE);
	run_vld(vm, 1, CPUCFG2_BASE | CPUCFG2_LSX, 7, 0, ECODE_INE);
	run_vld(vm, 2, CPUCFG2_BASE | CPUCFG2_LSX | CPUCFG2_LASX, 7, 0, 0);
	return KT_PASS;
}

/* The guest's EUEN.SXE and ASXE clear: its own SXD (16) and ASXD (17) */
static int guest_disabled(void)
{
	struct vm *vm;

	need_lasx();
	vm = VM_STD(g_vld);
	run_vld(vm, 0, CPUCFG2_BASE | CPUCFG2_LSX | CPUCFG2_LASX, 1, 16, 17);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "fpu_256", fpu_256, 0 },
	{ "fp_first", fp_first, 0 },
	{ "host_kept", host_kept, 0 },
	{ "put_load_migrate", put_load_migrate, 0 },
	{ "absent_ine", absent_ine, 0 },
	{ "guest_disabled", guest_disabled, 0 },
};

KT_MAIN("vector", cases)
