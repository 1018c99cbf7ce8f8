// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: handling guest exits.
 *
 * switch.S calls kvm_loongarch_handle_exit() for every exit, with
 * interrupts disabled. Exits are dispatched by root's ESTAT.Ecode through
 * exit_handlers[], but for GSPR, whose instruction is decoded first
 * (gspr_insns[]); every code without a handler injects INE into the
 * guest. Each handler returns:
 *
 *   RESUME_GUEST (> 0)	to enter the guest again,
 *   RESUME_HOST (0)	to return to userspace, with run->exit_reason set,
 *   a negative errno	to fail KVM_RUN.
 */
#include <linux/kvm_host.h>
#include <linux/entry-kvm.h>
#include <uapi/asm/kvm_para.h>
#include "trace_kvm.h"

/* hvcl codes (uapi.md) and results in a0 */
#define HVCL_SERVICE		0x100
#define HVCL_SWDBG		0x101
#define HVCL_USER_SERVICE	0x102
#define HVCL_RET_NOT_SUPPORTED	-1UL

#define REG_A0			4

typedef int (*exit_handler_t)(struct kvm_vcpu *vcpu);

/**
 * kvm_loongarch_inject_exception() - raise an exception in the guest
 * @vcpu: the vCPU, loaded
 * @ecode: exception code
 * @esubcode: exception subcode
 * @badv: guest BADV, for the codes that set it
 *
 * Does what the hardware does on a guest exception, through the guest
 * CSR file: PRMD saves the mode, ERA the PC, and the guest continues at
 * its EENTRY with interrupts off at PLV0.
 */
void kvm_loongarch_inject_exception(struct kvm_vcpu *vcpu,
				    unsigned int ecode, unsigned int esubcode,
				    unsigned long badv)
{
	unsigned long crmd = gcsr_read(LOONGARCH_CSR_CRMD);
	unsigned long ecfg = gcsr_read(LOONGARCH_CSR_ECFG);
	unsigned long vs = (ecfg & CSR_ECFG_VS) >> CSR_ECFG_VS_SHIFT;

	gcsr_xchg(crmd, CSR_PRMD_PPLV | CSR_PRMD_PIE, LOONGARCH_CSR_PRMD);
	gcsr_write(crmd & ~(CSR_CRMD_PLV | CSR_CRMD_IE), LOONGARCH_CSR_CRMD);
	gcsr_write(vcpu->arch.pc, LOONGARCH_CSR_ERA);
	gcsr_xchg(ecode << CSR_ESTAT_EXC_SHIFT |
		  esubcode << CSR_ESTAT_ESUBCODE_SHIFT,
		  CSR_ESTAT_EXC | CSR_ESTAT_ESUBCODE, LOONGARCH_CSR_ESTAT);
	gcsr_write(vcpu->arch.exit_badi, LOONGARCH_CSR_BADI);
	if (ecode == EXCCODE_ADE)
		gcsr_write(badv, LOONGARCH_CSR_BADV);

	vcpu->arch.pc = gcsr_read(LOONGARCH_CSR_EENTRY);
	if (vs)
		vcpu->arch.pc += ecode * (4UL << vs);
	trace_kvm_loongarch_inject(vcpu, ecode, esubcode);
}

static int handle_unknown(struct kvm_vcpu *vcpu)
{
	vcpu->stat.unknown_exits++;
	kvm_pr_unimpl("exit: ecode %u at 0x%lx, instruction 0x%08lx\n",
		      kvm_loongarch_exit_ecode(&vcpu->arch), vcpu->arch.pc,
		      vcpu->arch.exit_badi);
	kvm_loongarch_inject_exception(vcpu, EXCCODE_INE, 0, 0);
	return RESUME_GUEST;
}

/* A host interrupt: the host takes it once interrupts are enabled again */
static int handle_interrupt(struct kvm_vcpu *vcpu)
{
	vcpu->stat.int_exits++;
	return RESUME_GUEST;
}

/*
 * cpucfg: the vCPU's words, and the hypervisor's (uapi/asm/kvm_para.h);
 * every other word reads 0.
 */
static int emulate_cpucfg(struct kvm_vcpu *vcpu, u32 insn)
{
	unsigned int rj = (insn >> 5) & 0x1f, rd = insn & 0x1f;
	unsigned long word = vcpu->arch.gprs[rj];
	u32 v = 0;

	vcpu->stat.cpucfg_exits++;
	if (word < KVM_MAX_CPUCFG_REGS)
		v = vcpu->arch.cpucfg[word];
	else if (word == CPUCFG_KVM_SIG)
		memcpy(&v, KVM_SIGNATURE, sizeof(v));
	else if (word == CPUCFG_KVM_FEATURE)
		v = READ_ONCE(vcpu->kvm->arch.pv_features);
	if (rd)
		vcpu->arch.gprs[rd] = v;
	return RESUME_GUEST;
}

/*
 * idle: wait, without running the guest, until it has an interrupt; not
 * holding the SRCU read lock, which memslot updates would wait for. The
 * wait also ends for the host's sake (a signal for the vCPU's thread, a
 * request): the guest must not see that, so without an interrupt it is
 * still in idle, and executes it again when it next runs.
 */
static int emulate_idle(struct kvm_vcpu *vcpu, u32 insn)
	__must_hold(&vcpu->kvm->srcu)
{
	vcpu->stat.idle_exits++;
	if (kvm_loongarch_irq_pending(vcpu))
		return RESUME_GUEST;
	kvm_vcpu_srcu_read_unlock(vcpu);
	kvm_vcpu_halt(vcpu);
	kvm_vcpu_srcu_read_lock(vcpu);
	if (!kvm_loongarch_irq_pending(vcpu))
		vcpu->arch.pc -= 4;
	return RESUME_GUEST;
}

static int emulate_cacop(struct kvm_vcpu *vcpu, u32 insn)
{
	/* The guest's caches are the host's, kept coherent: nothing to do */
	vcpu->stat.cache_exits++;
	return RESUME_GUEST;
}

static int emulate_csr(struct kvm_vcpu *vcpu, u32 insn)
{
	vcpu->stat.csr_exits++;
	return kvm_loongarch_emulate_csr(vcpu, insn);
}

/*
 * The sensitive instructions that trap with GSPR (lvz.md 6), by encoding.
 * The PC moves past the instruction before emulation, except for IOCSR
 * accesses, whose reads complete on the next KVM_RUN. Fast: emulated
 * without leaving the guest's context (see handle_fast()).
 */
static const struct gspr_insn {
	u32 mask;
	u32 match;
	bool moves_pc;
	bool fast;
	int (*emulate)(struct kvm_vcpu *vcpu, u32 insn);
} gspr_insns[] = {
	{ 0xfffffc00, 0x00006c00, false, true, emulate_cpucfg },	/* cpucfg */
	{ 0xff000000, 0x04000000, false, true, emulate_csr },	/* csr* */
	{ 0xffffe000, 0x06480000, true, true, kvm_loongarch_emulate_iocsr },
	{ 0xffff8000, 0x06488000, false, false, emulate_idle },	/* idle */
	{ 0xffc00000, 0x06000000, false, true, emulate_cacop },	/* cacop */
};

static const struct gspr_insn *find_gspr(u32 insn)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(gspr_insns); i++)
		if ((insn & gspr_insns[i].mask) == gspr_insns[i].match)
			return &gspr_insns[i];
	return NULL;
}

static int emulate_gspr(struct kvm_vcpu *vcpu, const struct gspr_insn *gi)
{
	u32 insn = vcpu->arch.exit_badi;

	vcpu->stat.gspr_exits++;
	if (!gi)
		return handle_unknown(vcpu);
	if (!gi->moves_pc)
		vcpu->arch.pc += 4;
	return gi->emulate(vcpu, insn);
}

/*
 * hvcl (lvz.md 6): ERA is on the hvcl, which is done once the PC moves.
 * Hypercalls are the guest kernel's: at PLV1-3, hvcl is a privileged
 * instruction like any other, and raises IPE in the guest. hvcl 0x102
 * goes to userspace only if the VMM asked for it (uapi.md).
 */
static int handle_hypercall(struct kvm_vcpu *vcpu)
{
	unsigned long *gpr = vcpu->arch.gprs;
	struct kvm_arch *ka = &vcpu->kvm->arch;
	struct kvm_run *run = vcpu->run;
	u32 code = vcpu->arch.exit_badi & 0x7fff;
	int i;

	vcpu->stat.hypercall_exits++;
	trace_kvm_loongarch_hypercall(vcpu, code, gpr[REG_A0]);
	if (gcsr_read(LOONGARCH_CSR_CRMD) & CSR_CRMD_PLV) {
		kvm_loongarch_inject_exception(vcpu, EXCCODE_IPE, 0, 0);
		return RESUME_GUEST;
	}
	vcpu->arch.pc += 4;

	if (code == HVCL_USER_SERVICE &&
	    kvm_loongarch_has_pv_feature(ka, KVM_FEATURE_USER_HCALL)) {
		run->exit_reason = KVM_EXIT_HYPERCALL;
		run->hypercall.nr = code;
		for (i = 0; i < 6; i++)
			run->hypercall.args[i] = gpr[REG_A0 + i];
		run->hypercall.ret = HVCL_RET_NOT_SUPPORTED;
		vcpu->arch.io.kind = KVM_LOONGARCH_IO_HYPERCALL;
		return RESUME_HOST;
	}
	if (code == HVCL_SERVICE)
		gpr[REG_A0] = kvm_loongarch_pv_service(vcpu);
	else
		gpr[REG_A0] = HVCL_RET_NOT_SUPPORTED;
	return RESUME_GUEST;
}

/* Stage-2 faults: BADV is the guest physical address (lvz.md 6) */
static int handle_read_fault(struct kvm_vcpu *vcpu)
{
	return kvm_loongarch_stage2_fault(vcpu, vcpu->arch.exit_badv, false);
}

static int handle_write_fault(struct kvm_vcpu *vcpu)
{
	return kvm_loongarch_stage2_fault(vcpu, vcpu->arch.exit_badv, true);
}

/*
 * FP, LSX or LASX while root's EUEN.FPE, SXE or ASXE is clear: the
 * guest's first use of the unit, or a unit its CPUCFG2 does not have
 */
static int own_unit(struct kvm_vcpu *vcpu, u32 cpucfg2_bit)
{
	vcpu->stat.fpu_exits++;
	if (!(vcpu->arch.cpucfg[LOONGARCH_CPUCFG2] & cpucfg2_bit)) {
		kvm_loongarch_inject_exception(vcpu, EXCCODE_INE, 0, 0);
		return RESUME_GUEST;
	}
	kvm_loongarch_own_fpu(vcpu);
	return RESUME_GUEST;
}

static int handle_fpu_disabled(struct kvm_vcpu *vcpu)
{
	return own_unit(vcpu, CPUCFG2_FP);
}

static int handle_lsx_disabled(struct kvm_vcpu *vcpu)
{
	return own_unit(vcpu, CPUCFG2_LSX);
}

static int handle_lasx_disabled(struct kvm_vcpu *vcpu)
{
	return own_unit(vcpu, CPUCFG2_LASX);
}

static const exit_handler_t exit_handlers[EXCCODE_INT_START] = {
	[0 ... EXCCODE_INT_START - 1] = handle_unknown,
	[EXCCODE_RSV]			= handle_interrupt,
	[EXCCODE_TLBL]			= handle_read_fault,
	[EXCCODE_TLBI]			= handle_read_fault,
	[EXCCODE_TLBNR]			= handle_read_fault,
	[EXCCODE_TLBNX]			= handle_read_fault,
	[EXCCODE_TLBS]			= handle_write_fault,
	[EXCCODE_TLBM]			= handle_write_fault,
	[EXCCODE_FPDIS]			= handle_fpu_disabled,
	[EXCCODE_LSXDIS]		= handle_lsx_disabled,
	[EXCCODE_LASXDIS]		= handle_lasx_disabled,
	[EXCCODE_HYP]			= handle_hypercall,
};

/*
 * Something for the host to do before the guest runs again: a kick, a
 * request, a signal or rescheduling, or interrupts to deliver
 */
static bool exit_requested(struct kvm_vcpu *vcpu)
{
	return READ_ONCE(vcpu->mode) == EXITING_GUEST_MODE ||
	       kvm_request_pending(vcpu) ||
	       xfer_to_guest_mode_work_pending() ||
	       READ_ONCE(vcpu->arch.irq_pending) ||
	       READ_ONCE(vcpu->arch.irq_clear);
}

/*
 * The exits that need neither interrupts, nor sleeping, nor the VM's
 * SRCU read lock: hypercalls and the emulation of cpucfg, CSR accesses,
 * cacop and IOCSR accesses (all of which go to userspace). They are
 * handled right away, the vCPU still IN_GUEST_MODE (a kick meanwhile
 * sends an IPI, which is pending when the guest runs again and makes it
 * exit at once), as x86 handles its fastpath exits.
 *
 * Return: true with *ret set if the exit was one of them.
 */
static bool handle_fast(struct kvm_vcpu *vcpu, unsigned int ecode,
			const struct gspr_insn *gi, int *ret)
{
	switch (ecode) {
	case EXCCODE_HYP:
		*ret = handle_hypercall(vcpu);
		return true;
	case EXCCODE_PSI:
		if (!gi || !gi->fast)
			return false;
		*ret = emulate_gspr(vcpu, gi);
		return true;
	default:
		return false;
	}
}

/**
 * kvm_loongarch_handle_exit() - handle an exit from the guest
 * @run: the vCPU's kvm_run
 * @vcpu: the vCPU
 *
 * Called by switch.S with interrupts disabled and the host's state back.
 * The fast exits (handle_fast()) go back into the guest at once unless
 * the host has something to do first. For the others, a host interrupt
 * that caused the exit is taken as soon as interrupts are enabled here,
 * and handlers run with the VM's SRCU read lock, which the guest does
 * not hold.
 *
 * Return: what switch.S does next: > 0 enter the guest again (interrupts
 * are disabled and the vCPU is ready), otherwise return it from
 * kvm_loongarch_enter_guest().
 */
int kvm_loongarch_handle_exit(struct kvm_run *run, struct kvm_vcpu *vcpu)
{
	unsigned int ecode = kvm_loongarch_exit_ecode(&vcpu->arch);
	const struct gspr_insn *gi = NULL;
	bool handled;
	int ret;

	guest_state_exit_irqoff();
	trace_kvm_loongarch_exit(vcpu, ecode);

	/* GSPR: the instruction is decoded once, for either path */
	if (ecode == EXCCODE_PSI)
		gi = find_gspr(vcpu->arch.exit_badi);
	handled = handle_fast(vcpu, ecode, gi, &ret);
	if (handled && ret == RESUME_GUEST && !exit_requested(vcpu)) {
		trace_kvm_loongarch_enter(vcpu);
		guest_state_enter_irqoff();
		return RESUME_GUEST;
	}

	vcpu->mode = OUTSIDE_GUEST_MODE;
	/* Ticks that came while the guest ran still count as guest time */
	local_irq_enable();
	local_irq_disable();
	guest_timing_exit_irqoff();
	local_irq_enable();

	if (!handled) {
		kvm_vcpu_srcu_read_lock(vcpu);
		run->exit_reason = KVM_EXIT_UNKNOWN;
		if (ecode == EXCCODE_PSI)
			ret = emulate_gspr(vcpu, gi);
		else
			ret = exit_handlers[ecode](vcpu);
		kvm_vcpu_srcu_read_unlock(vcpu);
	}

	local_irq_disable();
	if (ret == RESUME_GUEST)
		ret = kvm_loongarch_pre_enter(vcpu);
	if (ret == RESUME_GUEST)
		kvm_loongarch_guest_enter(vcpu);
	return ret;
}
