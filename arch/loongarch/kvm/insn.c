// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: emulation of the guest's MMIO and IOCSR accesses.
 *
 * A guest load or store to a guest physical address outside its memory
 * faults in stage 2 (lvz.md 6); BADV gives the address and BADI the
 * instruction, which says the size, the register and, for loads, the
 * extension. IOCSR instructions trap with GSPR. Writes are complete when
 * they leave; loads finish on the next KVM_RUN (uapi.md), in
 * kvm_loongarch_complete_io().
 */
#include <linux/kvm_host.h>
#include "trace_kvm.h"

struct ldst_insn {
	u32 mask;
	u32 match;
	u8 len;
	bool sign;
	bool store;
};

/* Where the opcode is: 2RI12 bits 31:22, 2RI14 bits 31:24, 3R bits 31:15 */
#define OP12_MASK	0xffc00000
#define OP14_MASK	0xff000000
#define OP3R_MASK	0xffff8000

/* Every integer load and store a guest can point at MMIO */
static const struct ldst_insn ldst_insns[] = {
	{ OP12_MASK, 0x28000000, 1, true,  false },	/* ld.b */
	{ OP12_MASK, 0x28400000, 2, true,  false },	/* ld.h */
	{ OP12_MASK, 0x28800000, 4, true,  false },	/* ld.w */
	{ OP12_MASK, 0x28c00000, 8, false, false },	/* ld.d */
	{ OP12_MASK, 0x29000000, 1, false, true },	/* st.b */
	{ OP12_MASK, 0x29400000, 2, false, true },	/* st.h */
	{ OP12_MASK, 0x29800000, 4, false, true },	/* st.w */
	{ OP12_MASK, 0x29c00000, 8, false, true },	/* st.d */
	{ OP12_MASK, 0x2a000000, 1, false, false },	/* ld.bu */
	{ OP12_MASK, 0x2a400000, 2, false, false },	/* ld.hu */
	{ OP12_MASK, 0x2a800000, 4, false, false },	/* ld.wu */
	{ OP14_MASK, 0x24000000, 4, true,  false },	/* ldptr.w */
	{ OP14_MASK, 0x25000000, 4, false, true },	/* stptr.w */
	{ OP14_MASK, 0x26000000, 8, false, false },	/* ldptr.d */
	{ OP14_MASK, 0x27000000, 8, false, true },	/* stptr.d */
	{ OP3R_MASK, 0x38000000, 1, true,  false },	/* ldx.b */
	{ OP3R_MASK, 0x38040000, 2, true,  false },	/* ldx.h */
	{ OP3R_MASK, 0x38080000, 4, true,  false },	/* ldx.w */
	{ OP3R_MASK, 0x380c0000, 8, false, false },	/* ldx.d */
	{ OP3R_MASK, 0x38100000, 1, false, true },	/* stx.b */
	{ OP3R_MASK, 0x38140000, 2, false, true },	/* stx.h */
	{ OP3R_MASK, 0x38180000, 4, false, true },	/* stx.w */
	{ OP3R_MASK, 0x381c0000, 8, false, true },	/* stx.d */
	{ OP3R_MASK, 0x38200000, 1, false, false },	/* ldx.bu */
	{ OP3R_MASK, 0x38240000, 2, false, false },	/* ldx.hu */
	{ OP3R_MASK, 0x38280000, 4, false, false },	/* ldx.wu */
};

static const struct ldst_insn *decode_ldst(u32 insn)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ldst_insns); i++) {
		if ((insn & ldst_insns[i].mask) == ldst_insns[i].match)
			return &ldst_insns[i];
	}
	return NULL;
}

/* Set up the completion of a load by the next KVM_RUN */
static void await_load(struct kvm_vcpu *vcpu, u8 kind, unsigned int rd,
		       unsigned int len, bool sign)
{
	vcpu->arch.io.kind = kind;
	vcpu->arch.io.rd = rd;
	vcpu->arch.io.len = len;
	vcpu->arch.io.sign = sign;
}

static void finish_load(struct kvm_vcpu *vcpu, const void *data)
{
	unsigned int len = vcpu->arch.io.len;
	__le64 raw = 0;
	u64 v;

	memcpy(&raw, data, len);
	v = le64_to_cpu(raw);
	if (vcpu->arch.io.sign && len < 8)
		v = sign_extend64(v, len * 8 - 1);
	if (vcpu->arch.io.rd)
		vcpu->arch.gprs[vcpu->arch.io.rd] = v;
	vcpu->arch.pc += 4;
	vcpu->arch.io.kind = KVM_LOONGARCH_IO_NONE;
}

/**
 * kvm_loongarch_emulate_mmio() - emulate a guest access to MMIO
 * @vcpu: the vCPU
 * @gpa: the guest physical address accessed
 *
 * Accesses that are not an integer load or store get an address error
 * in the guest (bad-inputs.md 13). Unaligned ones go to userspace as they
 * are, as mainline's KVM does: QEMU's virt machine has a 32-bit register
 * at 0x100e001f (its ACPI CPU hotplug selector), which every ACPI guest
 * writes. In-kernel devices (ioeventfd) are tried first.
 *
 * Return: RESUME_GUEST, or RESUME_HOST with a KVM_EXIT_MMIO.
 */
int kvm_loongarch_emulate_mmio(struct kvm_vcpu *vcpu, unsigned long gpa)
{
	const struct ldst_insn *op = decode_ldst(vcpu->arch.exit_badi);
	struct kvm_run *run = vcpu->run;
	unsigned int rd = vcpu->arch.exit_badi & 0x1f;
	__le64 v;
	int ret;

	if (!op) {
		kvm_loongarch_inject_exception(vcpu, EXCCODE_ADE,
					       EXSUBCODE_ADEM, gpa);
		return RESUME_GUEST;
	}
	vcpu->stat.mmio_exits++;
	trace_kvm_loongarch_mmio(vcpu, op->store, op->len, gpa);

	if (op->store) {
		v = cpu_to_le64(vcpu->arch.gprs[rd]);
		vcpu->arch.pc += 4;
		if (!kvm_io_bus_write(vcpu, KVM_MMIO_BUS, gpa, op->len, &v))
			return RESUME_GUEST;
		memcpy(run->mmio.data, &v, op->len);
	} else {
		await_load(vcpu, KVM_LOONGARCH_IO_MMIO_LOAD, rd, op->len,
			   op->sign);
		ret = kvm_io_bus_read(vcpu, KVM_MMIO_BUS, gpa, op->len, &v);
		if (!ret) {
			finish_load(vcpu, &v);
			return RESUME_GUEST;
		}
	}
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = gpa;
	run->mmio.len = op->len;
	run->mmio.is_write = op->store;
	return RESUME_HOST;
}

/**
 * kvm_loongarch_emulate_iocsr() - send a guest IOCSR access to userspace
 * @vcpu: the vCPU
 * @insn: iocsrrd.{b,h,w,d} or iocsrwr.{b,h,w,d}
 *
 * An unaligned address gets an address error in the guest.
 *
 * Return: RESUME_HOST with a KVM_EXIT_LOONGARCH_IOCSR, or RESUME_GUEST.
 */
int kvm_loongarch_emulate_iocsr(struct kvm_vcpu *vcpu, u32 insn)
{
	unsigned int op = (insn >> 10) & 7;
	unsigned int rj = (insn >> 5) & 0x1f, rd = insn & 0x1f;
	unsigned int len = 1 << (op & 3);
	unsigned long addr = vcpu->arch.gprs[rj];
	bool write = op >= 4;
	struct kvm_run *run = vcpu->run;
	__le64 v;

	if (!IS_ALIGNED(addr, len)) {
		kvm_loongarch_inject_exception(vcpu, EXCCODE_ADE,
					       EXSUBCODE_ADEM, addr);
		return RESUME_GUEST;
	}
	vcpu->stat.iocsr_exits++;
	run->exit_reason = KVM_EXIT_LOONGARCH_IOCSR;
	run->iocsr_io.phys_addr = addr;
	run->iocsr_io.len = len;
	run->iocsr_io.is_write = write;
	trace_kvm_loongarch_iocsr(vcpu, write, len, run->iocsr_io.phys_addr);

	if (write) {
		v = cpu_to_le64(vcpu->arch.gprs[rd]);
		memcpy(run->iocsr_io.data, &v, len);
		vcpu->arch.pc += 4;
	} else {
		/* Narrow IOCSR reads sign-extend, as for mainline KVM */
		await_load(vcpu, KVM_LOONGARCH_IO_IOCSR_LOAD, rd, len, true);
	}
	return RESUME_HOST;
}

/**
 * kvm_loongarch_complete_io() - finish what the last exit left to do
 * @vcpu: the vCPU, at the start of KVM_RUN
 *
 * Only the length KVM recorded is read back from kvm_run, whatever
 * userspace did to it.
 */
void kvm_loongarch_complete_io(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	switch (vcpu->arch.io.kind) {
	case KVM_LOONGARCH_IO_MMIO_LOAD:
		finish_load(vcpu, run->mmio.data);
		break;
	case KVM_LOONGARCH_IO_IOCSR_LOAD:
		finish_load(vcpu, run->iocsr_io.data);
		break;
	case KVM_LOONGARCH_IO_HYPERCALL:
		vcpu->arch.gprs[4] = run->hypercall.ret;	/* a0 */
		vcpu->arch.io.kind = KVM_LOONGARCH_IO_NONE;
		break;
	}
}
