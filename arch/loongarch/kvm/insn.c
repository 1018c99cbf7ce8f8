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
	u8 len;
	bool sign;
	bool store;
};

/*
 * Every integer load and store a guest can point at MMIO. The 2RI12 forms
 * (opcode in bits 31:22, 0x0a0 + i) and the 3R ones (bits 31:15, 0x7000 +
 * 8 * i) come in the same order: ld.{b,h,w,d}, st.{b,h,w,d},
 * ld.{bu,hu,wu}; the 2RI14 ones (bits 31:24, 0x24 + i): ldptr.w, stptr.w,
 * ldptr.d, stptr.d.
 */
static const struct ldst_insn ldst_family[] = {
	{ 1, true, false }, { 2, true, false }, { 4, true, false },
	{ 8, false, false },
	{ 1, false, true }, { 2, false, true }, { 4, false, true },
	{ 8, false, true },
	{ 1, false, false }, { 2, false, false }, { 4, false, false },
};

static const struct ldst_insn ldst_ptr[] = {
	{ 4, true, false }, { 4, false, true },
	{ 8, false, false }, { 8, false, true },
};

static const struct ldst_insn *decode_ldst(u32 insn)
{
	u32 op12 = insn >> 22, op14 = insn >> 24, op3r = insn >> 15;

	if (op12 >= 0x0a0 && op12 < 0x0a0 + ARRAY_SIZE(ldst_family))
		return &ldst_family[op12 - 0x0a0];
	if (op14 >= 0x24 && op14 < 0x24 + ARRAY_SIZE(ldst_ptr))
		return &ldst_ptr[op14 - 0x24];
	if (op3r >= 0x7000 && !(op3r & 7) &&
	    op3r < 0x7000 + 8 * ARRAY_SIZE(ldst_family))
		return &ldst_family[(op3r - 0x7000) / 8];
	return NULL;
}

/* The low @len bytes of @v, zero-extended */
static u64 low_bytes(u64 v, unsigned int len)
{
	return len < 8 ? v & (BIT_ULL(8 * len) - 1) : v;
}

/* The low @len bytes of @v, for kvm_run's data, which holds 8 */
static __le64 io_data(u64 v, unsigned int len)
{
	return cpu_to_le64(low_bytes(v, len));
}

/*
 * kvm_run's data fields are 8 bytes at 8-byte aligned offsets: one
 * aligned access each, not the bytes that put_unaligned() stores
 */
#define RUN_DATA_ALIGNED(field) \
	(offsetof(struct kvm_run, field) % sizeof(__le64) == 0)

static void run_data_put(__u8 *data, __le64 v)
{
	BUILD_BUG_ON(!RUN_DATA_ALIGNED(mmio.data) ||
		     !RUN_DATA_ALIGNED(iocsr_io.data));
	*(__le64 *)data = v;
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

/* @data: 8 bytes, aligned (see run_data_put()) */
static void finish_load(struct kvm_vcpu *vcpu, const void *data)
{
	unsigned int len = vcpu->arch.io.len;
	u64 v = le64_to_cpu(*(const __le64 *)data);

	if (vcpu->arch.io.sign && len < 8)
		v = sign_extend64(v, len * 8 - 1);
	else
		v = low_bytes(v, len);
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
	__le64 v = 0;
	int ret;

	if (!op) {
		kvm_loongarch_inject_exception(vcpu, EXCCODE_ADE,
					       EXSUBCODE_ADEM, gpa);
		return RESUME_GUEST;
	}
	vcpu->stat.mmio_exits++;
	trace_kvm_loongarch_mmio(vcpu, op->store, op->len, gpa);

	if (op->store) {
		v = io_data(vcpu->arch.gprs[rd], op->len);
		vcpu->arch.pc += 4;
		if (!kvm_io_bus_write(vcpu, KVM_MMIO_BUS, gpa, op->len, &v))
			return RESUME_GUEST;
		run_data_put(run->mmio.data, v);
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
		v = io_data(vcpu->arch.gprs[rd], len);
		run_data_put(run->iocsr_io.data, v);
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
