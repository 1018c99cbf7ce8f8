/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of KVM on LoongArch.
 */
#if !defined(_TRACE_KVM_LOONGARCH_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_KVM_LOONGARCH_H

#include <linux/tracepoint.h>

#undef TRACE_SYSTEM
#define TRACE_SYSTEM kvm_loongarch
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE trace_kvm

TRACE_EVENT(kvm_loongarch_enter,
	    TP_PROTO(struct kvm_vcpu *vcpu),
	    TP_ARGS(vcpu),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned long, pc)
			     __field(unsigned long, gstat)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->pc = vcpu->arch.pc;
			   __entry->gstat = vcpu->arch.guest_gstat;),
	    TP_printk("vcpu %u pc 0x%lx gid %lu", __entry->vcpu_id, __entry->pc,
		      (__entry->gstat & CSR_GSTAT_GID) >> CSR_GSTAT_GID_SHIFT)
);

TRACE_EVENT(kvm_loongarch_exit,
	    TP_PROTO(struct kvm_vcpu *vcpu, unsigned int ecode),
	    TP_ARGS(vcpu, ecode),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, ecode)
			     __field(unsigned long, pc)
			     __field(unsigned long, badv)
			     __field(unsigned int, badi)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->ecode = ecode;
			   __entry->pc = vcpu->arch.pc;
			   __entry->badv = vcpu->arch.exit_badv;
			   __entry->badi = vcpu->arch.exit_badi;),
	    TP_printk("vcpu %u ecode %u pc 0x%lx badv 0x%lx badi 0x%08x",
		      __entry->vcpu_id, __entry->ecode, __entry->pc, __entry->badv,
		      __entry->badi)
);

DECLARE_EVENT_CLASS(kvm_loongarch_io,
		    TP_PROTO(struct kvm_vcpu *vcpu, bool write, unsigned int len,
			     unsigned long addr),
		    TP_ARGS(vcpu, write, len, addr),
		    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
				     __field(bool, write)
				     __field(unsigned int, len)
				     __field(unsigned long, addr)),
		    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
				   __entry->write = write;
				   __entry->len = len;
				   __entry->addr = addr;),
		    TP_printk("vcpu %u %s %u bytes at 0x%lx", __entry->vcpu_id,
			      __entry->write ? "write" : "read", __entry->len,
			      __entry->addr)
);

DEFINE_EVENT(kvm_loongarch_io,
	     kvm_loongarch_mmio,
	     TP_PROTO(struct kvm_vcpu *vcpu, bool write, unsigned int len,
		      unsigned long addr),
	     TP_ARGS(vcpu, write, len, addr)
);

DEFINE_EVENT(kvm_loongarch_io,
	     kvm_loongarch_iocsr,
	     TP_PROTO(struct kvm_vcpu *vcpu, bool write, unsigned int len,
		      unsigned long addr),
	     TP_ARGS(vcpu, write, len, addr)
);

TRACE_EVENT(kvm_loongarch_csr,
	    TP_PROTO(struct kvm_vcpu *vcpu, unsigned int csr, unsigned int op,
		     unsigned long old),
	    TP_ARGS(vcpu, csr, op, old),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, csr)
			     __field(unsigned int, op)
			     __field(unsigned long, old)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->csr = csr;
			   __entry->op = op;
			   __entry->old = old;),
	    TP_printk("vcpu %u %s csr 0x%x old 0x%lx", __entry->vcpu_id,
		      __print_symbolic(__entry->op, { 0, "csrrd" },
				       { 1, "csrwr" }, { 2, "csrxchg" }),
		      __entry->csr, __entry->old)
);

TRACE_EVENT(kvm_loongarch_irq,
	    TP_PROTO(struct kvm_vcpu *vcpu, unsigned int irq, int level),
	    TP_ARGS(vcpu, irq, level),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, irq)
			     __field(int, level)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->irq = irq;
			   __entry->level = level;),
	    TP_printk("vcpu %u irq %u %s", __entry->vcpu_id, __entry->irq,
		      __entry->level ? "raised" : "lowered")
);

TRACE_EVENT(kvm_loongarch_inject,
	    TP_PROTO(struct kvm_vcpu *vcpu, unsigned int ecode,
		     unsigned int esubcode),
	    TP_ARGS(vcpu, ecode, esubcode),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, ecode)
			     __field(unsigned int, esubcode)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->ecode = ecode;
			   __entry->esubcode = esubcode;),
	    TP_printk("vcpu %u exception %u.%u", __entry->vcpu_id,
		      __entry->ecode, __entry->esubcode)
);

TRACE_EVENT(kvm_loongarch_hypercall,
	    TP_PROTO(struct kvm_vcpu *vcpu, unsigned int code, unsigned long a0),
	    TP_ARGS(vcpu, code, a0),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned int, code)
			     __field(unsigned long, a0)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->code = code;
			   __entry->a0 = a0;),
	    TP_printk("vcpu %u hvcl 0x%x a0 0x%lx", __entry->vcpu_id,
		      __entry->code, __entry->a0)
);

TRACE_EVENT(kvm_loongarch_map,
	    TP_PROTO(struct kvm_vcpu *vcpu, unsigned long gpa, u64 pfn,
		     bool writable),
	    TP_ARGS(vcpu, gpa, pfn, writable),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id)
			     __field(unsigned long, gpa)
			     __field(u64, pfn)
			     __field(bool, writable)),
	    TP_fast_assign(__entry->vcpu_id = vcpu->vcpu_id;
			   __entry->gpa = gpa;
			   __entry->pfn = pfn;
			   __entry->writable = writable;),
	    TP_printk("vcpu %u gpa 0x%lx pfn 0x%llx %s", __entry->vcpu_id,
		      __entry->gpa, __entry->pfn, __entry->writable ? "rw" : "ro")
);

#endif /* _TRACE_KVM_LOONGARCH_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
