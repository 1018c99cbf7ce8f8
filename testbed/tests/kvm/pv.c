// SPDX-License-Identifier: GPL-2.0
/*
 * The paravirtual interface of mainline guests (uapi.md, "Hypercalls"):
 * hvcl 0x100 function 1 sends SWI0 to the vCPUs of a CPUID bitmap,
 * function 2 gives KVM the steal-time area, which KVM then keeps up to
 * date, with the preempted flag (PREEMPT); each works only while the VM
 * has its feature. Reports go out as MMIO stores of a0.
 */
#include "kvm-util.h"

#define FUNC_IPI		1
#define FUNC_NOTIFY		2
#define RET_INVALID_CODE	((u64)-1)
#define RET_INVALID_PARAMETER	((u64)-2)
#define STEAL_TIME_BIT		4	/* BIT(KVM_FEATURE_STEAL_TIME), for asm */
_Static_assert(STEAL_TIME_BIT == 1ULL << KVM_FEATURE_STEAL_TIME,
	       "the steal-time feature bit");
#define ESTAT_SWI0		(1ULL << 0)

/* The steal-time area: steal (ns), version (odd while updated), flags */
struct steal_time {
	u64 steal;
	u32 version;
	u32 flags;
	uint8_t preempted;
	uint8_t pad[47];
};

/* a0 = IPI; a1, a2 = the bitmap; a3 = the base CPUID; then a report */
#define IPI(lo, hi, base)					\
	"li.d $a0, " STR(FUNC_IPI) "\n"				\
	"li.d $a1, " STR(lo) "\n"				\
	"li.d $a2, " STR(hi) "\n"				\
	"li.d $a3, " STR(base) "\n"				\
	HVCL(0x100)						\
	"st.d $a0, $t0, 0\n"

GUEST(g_ipi,
	"li.d $t0, " STR(MMIO_GPA) "\n"
	IPI(0x2, 0, 4)		/* CPUID 5 */
	IPI(0, 0x2, 0)		/* CPUID 65 */
	IPI(0x1, 0, 66)		/* CPUID 66: no vCPU has it */
	"99: b 99b\n");

static u64 swi0(struct vcpu *v)
{
	return csr_get(v, CSR_ESTAT) & ESTAT_SWI0;
}

static int set_features(struct vcpu *v, u64 features)
{
	return device_attr(v->fd, KVM_SET_DEVICE_ATTR, KVM_LOONGARCH_VCPU_CPUCFG,
			   CPUCFG_KVM_FEATURE, &features);
}

/*
 * The sender's CPUID bitmap reaches the vCPU with that CPUID, through
 * either half of the bitmap, and no one else; a CPUID without a vCPU is
 * ignored.
 */
static int ipi(void)
{
	struct vm *vm = VM_STD(g_ipi);
	struct vcpu *v0 = vcpu_new(vm, 0), *v1 = vcpu_new(vm, 1);

	csr_set(v0, CSR_CPUID, 4);
	csr_set(v1, CSR_CPUID, 5);
	EXPECT_EQ(expect_store(v0, MMIO_GPA, "IPI to CPUID 5"), 0, "a0 of the IPI");
	EXPECT(swi0(v1), "no SWI0 on the vCPU with CPUID 5");
	EXPECT(!swi0(v0), "SWI0 on the sender");
	csr_set(v1, CSR_ESTAT, 0);

	/* The high half: CPUID 65 (a CPUID is set once: another vCPU) */
	v1 = vcpu_new(vm, 2);
	csr_set(v1, CSR_CPUID, 65);
	EXPECT_EQ(expect_store(v0, MMIO_GPA, "IPI to CPUID 65"), 0, "a0 of the IPI");
	EXPECT(swi0(v1), "no SWI0 on the vCPU with CPUID 65");
	EXPECT(!swi0(v0), "SWI0 on the sender");

	EXPECT_EQ(expect_store(v0, MMIO_GPA, "IPI to CPUID 66"), 0,
		  "a0 of an IPI to no vCPU");
	EXPECT(!swi0(v0), "SWI0 on the sender");
	return KT_PASS;
}

/* Without KVM_FEATURE_IPI the function does not exist, and sends nothing */
static int ipi_needs_feature(void)
{
	struct vm *vm = VM_STD(g_ipi);
	struct vcpu *v0 = vcpu_new_plain(vm, 0), *v1 = vcpu_new_plain(vm, 1);
	u64 user = 1ULL << KVM_FEATURE_USER_HCALL;

	EXPECT_OK(set_features(v0, user), "SET features without IPI");
	EXPECT_OK(set_features(v1, user), "SET features without IPI");
	csr_set(v0, CSR_CPUID, 4);
	csr_set(v1, CSR_CPUID, 5);
	EXPECT_EQ(expect_store(v0, MMIO_GPA, "IPI without the feature"),
		  RET_INVALID_CODE, "a0 of the IPI without the feature");
	EXPECT(!swi0(v1), "SWI0 sent without the feature");
	return KT_PASS;
}

/* a0 = NOTIFY, a1 = feature bit, a2 = data; then a report */
#define NOTIFY(feature, data)					\
	"li.d $a0, " STR(FUNC_NOTIFY) "\n"			\
	"li.d $a1, " STR(feature) "\n"				\
	"li.d $a2, " STR(data) "\n"				\
	HVCL(0x100)						\
	"st.d $a0, $t0, 0\n"

GUEST(g_steal,
	"li.d $t0, " STR(MMIO_GPA) "\n"
	NOTIFY(STEAL_TIME_BIT, DATA_GPA | 1)
	NOTIFY(STEAL_TIME_BIT, DATA_GPA | 2)	/* not 64-byte aligned */
	NOTIFY(0x2, DATA_GPA | 1)		/* the number, not the bit */
	"li.d $a0, 9\n"				/* no such function */
	HVCL(0x100)
	"st.d $a0, $t0, 0\n"
	"99: b 99b\n");

static u64 pvtime_gpa(struct vcpu *v)
{
	u64 gpa = 0x55;

	EXPECT_OK(device_attr(v->fd, KVM_GET_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			      KVM_LOONGARCH_VCPU_PVTIME_GPA, &gpa),
		  "GET_DEVICE_ATTR(PVTIME GPA)");
	return gpa;
}

/*
 * The guest's notification sets the area, which KVM writes before the
 * guest runs again, and again at every entry after a load: the version
 * even, and higher each time. Bad calls change nothing.
 */
static int steal_time(void)
{
	struct vm *vm = VM_STD(g_steal);
	struct vcpu *v = vcpu_new(vm, 0);
	struct steal_time *st = gpa_ptr(vm, DATA_GPA);
	u32 version;

	memset(st, 0, sizeof(*st));
	EXPECT_EQ(pvtime_gpa(v), 0, "steal-time GPA of a new vCPU");
	EXPECT_EQ(expect_store(v, MMIO_GPA, "notify"), 0, "a0 of the notification");
	EXPECT_EQ(pvtime_gpa(v), DATA_GPA | 1, "steal-time GPA after it");
	version = st->version;
	EXPECT(version && !(version & 1),
	       "version %u after the first entry: not written, or odd",
	       version);
	EXPECT_EQ(st->flags, 0, "flags");

	EXPECT_EQ(expect_store(v, MMIO_GPA, "unaligned"), RET_INVALID_PARAMETER,
		  "a0 of an unaligned area");
	EXPECT(st->version > version && !(st->version & 1),
	       "version %u after a new entry, was %u", st->version, version);
	EXPECT_EQ(pvtime_gpa(v), DATA_GPA | 1, "GPA after a bad notification");
	EXPECT_EQ(expect_store(v, MMIO_GPA, "feature number"), RET_INVALID_CODE,
		  "a0 with the feature's number instead of its bit");
	EXPECT_EQ(expect_store(v, MMIO_GPA, "function 9"), RET_INVALID_CODE,
		  "a0 of function 9");
	return KT_PASS;
}

/*
 * Userspace's view, for migration: an area outside guest memory, or not
 * aligned, is refused; one set by userspace is written at the next entry.
 */
static int pvtime_attr(void)
{
	struct vm *vm = VM_STD(g_steal);
	struct vcpu *v = vcpu_new(vm, 0);
	struct steal_time *st = gpa_ptr(vm, DATA_GPA + 64);
	u64 gpa;

	gpa = MMIO_GPA | 1;
	EXPECT_ERR(device_attr(v->fd, KVM_SET_DEVICE_ATTR,
			       KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			       KVM_LOONGARCH_VCPU_PVTIME_GPA, &gpa), -EINVAL,
		   "an area outside guest memory");
	gpa = (DATA_GPA + 8) | 1;
	EXPECT_ERR(device_attr(v->fd, KVM_SET_DEVICE_ATTR,
			       KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			       KVM_LOONGARCH_VCPU_PVTIME_GPA, &gpa), -EINVAL,
		   "an area not 64-byte aligned");
	EXPECT_EQ(pvtime_gpa(v), 0, "GPA after refused SETs");
	memset(st, 0, sizeof(*st));
	gpa = (DATA_GPA + 64) | 1;
	EXPECT_OK(device_attr(v->fd, KVM_SET_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_PVTIME_CTRL,
			      KVM_LOONGARCH_VCPU_PVTIME_GPA, &gpa),
		  "SET an area in guest memory");
	/* The guest's own notification moves it back to DATA_GPA */
	EXPECT_EQ(expect_store(v, MMIO_GPA, "notify"), 0, "a0 of the notification");
	EXPECT(st->version && !(st->version & 1),
	       "version %u of the area userspace set", st->version);
	return KT_PASS;
}

/*
 * g_preempt: give KVM the area at DATA_GPA, report, then read the
 * preempted flag for ever; should it ever read set, report 0xbad.
 */
GUEST(g_preempt,
	"li.d $t0, " STR(MMIO_GPA) "\n"
	NOTIFY(STEAL_TIME_BIT, DATA_GPA | 1)
	"li.d $t1, " STR(DATA_GPA) "\n"
	"1: ld.bu $t2, $t1, 16\n"
	"beqz $t2, 1b\n"
	"li.d $a0, 0xbad\n"
	"st.d $a0, $t0, 0\n"
	"b 1b\n");

struct preempt_watch {
	pthread_t vcpu_thread;
	volatile struct steal_time *st;
	int seen;
};

/* On the vCPU's CPU: running means the vCPU's thread was preempted */
static void *preempt_watcher(void *p)
{
	struct preempt_watch *w = p;
	u64 t0 = now_ms();

	while (!w->seen && now_ms() - t0 < 60000)
		w->seen = w->st->preempted;
	pthread_kill(w->vcpu_thread, SIGUSR1);
	return NULL;
}

/*
 * With PREEMPT, the area's preempted flag is set while the vCPU's thread
 * is preempted, which a busy thread on the same host CPU sees whenever it
 * runs, and clear whenever the guest runs.
 */
static int preempted(void)
{
	struct vm *vm = VM_STD(g_preempt);
	struct vcpu *v = vcpu_new(vm, 0);
	struct preempt_watch w = {
		.vcpu_thread = pthread_self(),
		.st = gpa_ptr(vm, DATA_GPA),
	};
	pthread_t t;
	int r;

	pin_to_cpu(1);
	memset((void *)w.st, 0, sizeof(*w.st));
	EXPECT_EQ(expect_store(v, MMIO_GPA, "notify"), 0, "a0 of the notification");
	EXPECT_EQ(w.st->preempted, 0, "preempted flag of a running vCPU");
	pthread_create(&t, NULL, preempt_watcher, &w);
	r = xioctl(v->fd, KVM_RUN, NULL);
	pthread_join(t, NULL);
	EXPECT(r == -EINTR, "KVM_RUN: %s (exit %u), expected EINTR: the guest saw itself preempted",
	       errname(r), v->run->exit_reason);
	EXPECT(w.seen, "the preempted flag never set while the vCPU's thread waited for its CPU (60 s)");
	return KT_PASS;
}

/* The VM offers them all, and a new VM's guest has them all */
static int features(void)
{
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new_plain(vm, 0);
	u64 val = 0;

	EXPECT_OK(device_attr(vm->fd, KVM_HAS_DEVICE_ATTR,
			      KVM_LOONGARCH_VM_FEAT_CTRL,
			      KVM_LOONGARCH_VM_FEAT_PV_IPI, &val),
		  "VM HAS_DEVICE_ATTR(FEAT_CTRL, PV_IPI)");
	EXPECT_OK(device_attr(vm->fd, KVM_HAS_DEVICE_ATTR,
			      KVM_LOONGARCH_VM_FEAT_CTRL,
			      KVM_LOONGARCH_VM_FEAT_PV_STEALTIME, &val),
		  "VM HAS_DEVICE_ATTR(FEAT_CTRL, PV_STEALTIME)");
	EXPECT_OK(device_attr(vm->fd, KVM_HAS_DEVICE_ATTR,
			      KVM_LOONGARCH_VM_FEAT_CTRL,
			      KVM_LOONGARCH_VM_FEAT_PV_PREEMPT, &val),
		  "VM HAS_DEVICE_ATTR(FEAT_CTRL, PV_PREEMPT)");
	EXPECT_OK(device_attr(v->fd, KVM_GET_DEVICE_ATTR,
			      KVM_LOONGARCH_VCPU_CPUCFG, CPUCFG_KVM_FEATURE,
			      &val), "GET CPUCFG_KVM_FEATURE");
	EXPECT_EQ(val, (1ULL << KVM_FEATURE_IPI) | STEAL_TIME_BIT |
		  (1ULL << KVM_FEATURE_PREEMPT), "features of a new VM");
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "features", features, 0 },
	{ "ipi", ipi, 0 },
	{ "ipi_needs_feature", ipi_needs_feature, 0 },
	{ "steal_time", steal_time, 0 },
	{ "pvtime_attr", pvtime_attr, 0 },
	{ "preempted", preempted, 0 },
};

KT_MAIN("pv", cases)
