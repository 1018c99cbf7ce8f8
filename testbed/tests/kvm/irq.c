// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts: KVM_INTERRUPT raises and lowers each ESTAT.IS line (SWI1,
 * HWI0-7, TI, IPI) and the guest takes it at EENTRY when ECFG.LIE and
 * CRMD.IE allow; a masked line stays pending in ESTAT; ESTAT via ONE_REG
 * shows injected lines and a write injects them; the guest's own timer
 * (one-shot and periodic); "idle 0" blocks until an interrupt, injected
 * from another thread or from the guest timer.
 *
 * g_irq, registers set by the host: s1 = ECFG (LIE), s2 = how long to
 * wait for interrupts (timer ticks), s3 = TCFG to program, s6 = how many
 * interrupts to wait for. It reports MARK_READY (the host may inject),
 * enables CRMD.IE and waits, then reports MARK_DONE with a1 = interrupts
 * taken, a3 = ESTAT. The handler g_irqh reports MARK_INT with a1 = ESTAT,
 * a2 = ERA, clears the timer interrupt, counts in s4 and returns.
 */
#include "kvm-util.h"

#define IRQH_GPA	0x9000
#define TICKS_MS	100000ULL	/* the constant timer runs at 100 MHz */
/*
 * How long a guest waits for a timer that QEMU raises from its main loop:
 * the guest stops waiting as soon as the interrupts came, and only a host
 * loaded beyond reason takes this long.
 */
#define PATIENCE_MS	20000ULL

GUEST(g_irqh,
	"csrrd $a1, 0x5\n"
	"csrrd $a2, 0x6\n"
	"ori $a0, $zero, 0x1e\n"
	HVCL(0x102)
	"addi.d $s4, $s4, 1\n"
	"ori $t7, $zero, 1\n"
	"csrwr $t7, 0x44\n"		/* TICLR.CTI */
	"ertn\n");

GUEST(g_irq,
	G_EENTRY(IRQH_GPA)
	"or $t0, $s1, $zero\n"
	"csrwr $t0, 0x4\n"		/* ECFG */
	"or $s4, $zero, $zero\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"or $t0, $s3, $zero\n"
	"csrwr $t0, 0x41\n"		/* TCFG */
	"rdtime.d $t1, $zero\n"
	"add.d $t1, $t1, $s2\n"
	"ori $t0, $zero, 4\n"
	"csrxchg $t0, $t0, 0x0\n"	/* CRMD.IE = 1 */
	"1: bge $s4, $s6, 2f\n"
	"rdtime.d $t2, $zero\n"
	"bltu $t2, $t1, 1b\n"
	"2: ori $t0, $zero, 4\n"
	"csrxchg $zero, $t0, 0x0\n"	/* CRMD.IE = 0 */
	"csrwr $zero, 0x41\n"		/* timer off */
	"csrrd $a3, 0x5\n"
	"or $a1, $s4, $zero\n"
	G_DONE);

/*
 * g_idle: like g_irq, but "idle 0" instead of waiting, with CRMD.IE = 0:
 * an interrupt ends the idle without being taken, and is taken when the
 * guest then sets CRMD.IE. (With CRMD.IE = 1 an interrupt that comes
 * before the idle is taken first, and the idle then waits for another,
 * on hardware as under KVM.)
 */
GUEST(g_idle,
	G_EENTRY(IRQH_GPA)
	"or $t0, $s1, $zero\n"
	"csrwr $t0, 0x4\n"
	"or $s4, $zero, $zero\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"or $t0, $s3, $zero\n"
	"csrwr $t0, 0x41\n"
	"idle 0\n"
	"ori $t0, $zero, 4\n"
	"csrxchg $t0, $t0, 0x0\n"
	"1: blt $s4, $s6, 1b\n"
	"ori $t0, $zero, 4\n"
	"csrxchg $zero, $t0, 0x0\n"
	"csrwr $zero, 0x41\n"
	"csrrd $a3, 0x5\n"
	"or $a1, $s4, $zero\n"
	G_DONE);

struct irq_guest {
	u64 ecfg, wait_ticks, tcfg, count;
};

static struct vcpu *irq_vcpu(const char *code, const char *end,
			     const struct irq_guest *g)
{
	struct vm *vm = vm_std(code, end);
	struct vcpu *v = vcpu_new(vm, 0);
	struct kvm_regs regs = vcpu_regs(v);

	vm_load(vm, IRQH_GPA, g_irqh, g_irqh_end);
	regs.gpr[24] = g->ecfg;		/* s1 */
	regs.gpr[25] = g->wait_ticks;	/* s2 */
	regs.gpr[26] = g->tcfg;		/* s3 */
	regs.gpr[29] = g->count;	/* s6 */
	vcpu_set_regs(v, &regs);
	return v;
}

static void expect_int(struct vcpu *v, int irq)
{
	u64 *a = expect_report(v, MARK_INT);

	EXPECT(ESTAT_ECODE(a[1]) == 0 && (a[1] >> irq & 1),
	       "interrupt %d: guest ESTAT 0x%llx, expected ECODE 0 and IS bit %d",
	       irq, a[1], irq);
}

/* Inject @irq at READY, expect it once, lower it, expect DONE */
static void inject_one(int irq)
{
	struct irq_guest g = {
		.ecfg = 1 << irq, .wait_ticks = 200 * TICKS_MS, .count = 1,
	};
	struct vcpu *v = irq_vcpu(g_irq, g_irq_end, &g);
	u64 *a;

	expect_report(v, MARK_READY);
	EXPECT_OK(vcpu_irq(v, irq), "KVM_INTERRUPT raise");
	expect_int(v, irq);
	EXPECT_OK(vcpu_irq(v, -irq), "KVM_INTERRUPT lower");
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 1, "interrupt %d taken %llu times, expected once", irq,
	       a[1]);
	EXPECT(!(a[3] >> irq & 1), "interrupt %d: ESTAT 0x%llx after lowering",
	       irq, a[3]);
}

static int inject_each(void)
{
	static const int irqs[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(irqs); i++)
		inject_one(irqs[i]);
	return KT_PASS;
}

/* HWI1 raised while only HWI0 is enabled: not taken, pending in ESTAT */
static int masked(void)
{
	struct irq_guest g = {
		.ecfg = 1 << 2, .wait_ticks = 50 * TICKS_MS, .count = 1,
	};
	struct vcpu *v = irq_vcpu(g_irq, g_irq_end, &g);
	u64 *a;

	expect_report(v, MARK_READY);
	EXPECT_OK(vcpu_irq(v, 3), "KVM_INTERRUPT 3");
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 0, "masked HWI1 taken %llu times", a[1]);
	EXPECT(a[3] >> 3 & 1, "guest ESTAT 0x%llx, expected HWI1 (bit 3) pending",
	       a[3]);
	return KT_PASS;
}

/* ONE_REG ESTAT includes injected lines and no longer after lowering */
static int estat_shows_injected(void)
{
	static const int irqs[] = { 1, 2, 9, 11, 12 };
	struct vm *vm = vm_new();
	struct vcpu *v = vcpu_new(vm, 0);
	u64 all = 0, estat;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(irqs); i++) {
		EXPECT_OK(vcpu_irq(v, irqs[i]), "KVM_INTERRUPT raise");
		all |= 1ULL << irqs[i];
		estat = csr_get(v, CSR_ESTAT);
		EXPECT(ESTAT_IS(estat) == all,
		       "ESTAT.IS 0x%llx after raising %d, expected 0x%llx",
		       ESTAT_IS(estat), irqs[i], all);
	}
	for (i = 0; i < ARRAY_SIZE(irqs); i++) {
		EXPECT_OK(vcpu_irq(v, -irqs[i]), "KVM_INTERRUPT lower");
		all &= ~(1ULL << irqs[i]);
		estat = csr_get(v, CSR_ESTAT);
		EXPECT(ESTAT_IS(estat) == all,
		       "ESTAT.IS 0x%llx after lowering %d, expected 0x%llx",
		       ESTAT_IS(estat), irqs[i], all);
	}
	return KT_PASS;
}

/* A ONE_REG write of ESTAT.IS[HWI3] injects it; a write of 0 clears it */
static int estat_write_injects(void)
{
	struct irq_guest g = {
		.ecfg = 1 << 5, .wait_ticks = 200 * TICKS_MS, .count = 1,
	};
	struct vcpu *v = irq_vcpu(g_irq, g_irq_end, &g);
	u64 *a;

	expect_report(v, MARK_READY);
	csr_set(v, CSR_ESTAT, 1 << 5);
	EXPECT_EQ(ESTAT_IS(csr_get(v, CSR_ESTAT)), 1 << 5,
		  "ESTAT.IS read back");
	expect_int(v, 5);
	csr_set(v, CSR_ESTAT, 0);
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 1, "HWI3 taken %llu times, expected once", a[1]);
	return KT_PASS;
}

static u64 tcfg(u64 ticks, int periodic)
{
	return (ticks & ~3ULL) | 1 | (periodic ? 2 : 0);
}

static int timer_oneshot(void)
{
	struct irq_guest g = {
		.ecfg = 1 << 11, .wait_ticks = PATIENCE_MS * TICKS_MS,
		.tcfg = tcfg(10 * TICKS_MS, 0), .count = 1,
	};
	struct vcpu *v = irq_vcpu(g_irq, g_irq_end, &g);
	u64 *a;

	kt_timeout_ms = 2 * PATIENCE_MS;
	expect_report(v, MARK_READY);
	expect_int(v, 11);
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 1, "one-shot timer: %llu interrupts, expected 1", a[1]);
	return KT_PASS;
}

static int timer_periodic(void)
{
	struct irq_guest g = {
		.ecfg = 1 << 11, .wait_ticks = PATIENCE_MS * TICKS_MS,
		.tcfg = tcfg(10 * TICKS_MS, 1), .count = 3,
	};
	struct vcpu *v = irq_vcpu(g_irq, g_irq_end, &g);
	u64 *a;
	int i;

	kt_timeout_ms = 2 * PATIENCE_MS;
	expect_report(v, MARK_READY);
	for (i = 0; i < 3; i++)
		expect_int(v, 11);
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 3, "periodic timer: %llu interrupts, expected 3", a[1]);
	return KT_PASS;
}

/* Timer disabled in TCFG: no interrupt though TI is enabled */
static int timer_disabled(void)
{
	struct irq_guest g = {
		.ecfg = 1 << 11, .wait_ticks = 50 * TICKS_MS,
		.tcfg = 10 * TICKS_MS, .count = 1,
	};
	struct vcpu *v = irq_vcpu(g_irq, g_irq_end, &g);
	u64 *a;

	expect_report(v, MARK_READY);
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 0, "disabled timer: %llu interrupts", a[1]);
	return KT_PASS;
}

struct kick {
	struct vcpu *v;
	int irq, delay_ms, ret;
};

static void *kick_thread(void *p)
{
	struct kick *k = p;

	usleep(k->delay_ms * 1000);
	k->ret = vcpu_irq(k->v, k->irq);
	return NULL;
}

/* idle 0 blocks until another thread raises HWI0 */
/*
 * A one-shot timer that expired and was acknowledged, then the vCPU is put
 * and loaded again: still enabled, TVAL all ones, and no second interrupt.
 */
GUEST(g_oneshot_expired,
	"li.d $t0, 0x800\n"
	"csrwr $t0, 0x4\n"		/* ECFG: TI (CRMD.IE stays 0) */
	"li.d $t0, 4001\n"
	"csrwr $t0, 0x41\n"		/* TCFG: one-shot, 1000 ticks */
	"1: csrrd $t0, 0x5\n"
	"andi $t0, $t0, 0x800\n"
	"beqz $t0, 1b\n"
	"ori $t0, $zero, 1\n"
	"csrwr $t0, 0x44\n"		/* TINTCLR: acknowledge */
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"csrrd $a1, 0x41\n"
	"csrrd $a2, 0x42\n"
	"csrrd $a3, 0x5\n"
	G_DONE);

static int timer_oneshot_expired(void)
{
	struct vm *vm = VM_STD(g_oneshot_expired);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 *a;

	expect_report(v, MARK_READY);
	EXPECT_EQ(csr_get(v, CSR_TCFG), 4001, "ONE_REG TCFG after expiry");
	EXPECT_EQ(csr_get(v, CSR_TVAL) & 0xffffffffffffULL, 0xffffffffffffULL,
		  "ONE_REG TVAL after expiry");
	a = expect_report(v, MARK_DONE);
	EXPECT_EQ(a[1], 4001, "guest TCFG after a put and load");
	EXPECT_EQ(a[2] & 0xffffffffffffULL, 0xffffffffffffULL,
		  "guest TVAL after a put and load");
	EXPECT_EQ(a[3] & (1 << 11), 0, "guest ESTAT.TI after a put and load");
	return KT_PASS;
}

/* Read TVAL and report it, for ever */
GUEST(g_read_tval,
	"1: csrrd $a1, 0x42\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"b 1b\n");

/*
 * Two vCPUs with stopped timers take turns on one host CPU: each reads
 * its own TVAL, never the one the other left in the hardware.
 */
static int timer_stopped_tval(void)
{
	static const u64 tval[2] = { 0x111111, 0x222222 };
	struct vm *vm = VM_STD(g_read_tval);
	struct vcpu *v[2];
	int i, round;
	u64 *a;

	pin_to_cpu(0);
	for (i = 0; i < 2; i++) {
		v[i] = vcpu_new(vm, i);
		csr_set(v[i], CSR_TCFG, 0);
		csr_set(v[i], CSR_TVAL, tval[i]);
	}
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 2; i++) {
			a = expect_report(v[i], MARK_READY);
			EXPECT(a[1] == tval[i],
			       "round %d: vCPU %d read TVAL 0x%llx, expected 0x%llx",
			       round, i, (unsigned long long)a[1],
			       (unsigned long long)tval[i]);
		}
	}
	return KT_PASS;
}

static int idle_woken_by_interrupt(void)
{
	struct irq_guest g = { .ecfg = 1 << 2, .count = 1 };
	struct vcpu *v = irq_vcpu(g_idle, g_idle_end, &g);
	struct kick k = { .v = v, .irq = 2, .delay_ms = 300 };
	pthread_t t;
	u64 t0, dt, *a;

	expect_report(v, MARK_READY);
	t0 = now_ms();
	pthread_create(&t, NULL, kick_thread, &k);
	expect_int(v, 2);
	dt = now_ms() - t0;
	pthread_join(t, NULL);
	EXPECT_OK(k.ret, "KVM_INTERRUPT from another thread");
	EXPECT(dt >= 250, "the guest left idle after %llu ms, before the interrupt (300 ms)",
	       dt);
	EXPECT_OK(vcpu_irq(v, -2), "KVM_INTERRUPT lower");
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 1, "HWI0 taken %llu times, expected once", a[1]);
	return KT_PASS;
}

#define INSN_IDLE0	0x06488000U

/*
 * A signal ends the wait of a vCPU in idle, for its thread to handle:
 * KVM_RUN returns -EINTR. The guest must not notice: it is still at its
 * idle, which it executes again when it runs, and leaves only when an
 * interrupt comes.
 */
static int idle_signal_stays_idle(void)
{
	struct irq_guest g = { .ecfg = 1 << 2, .count = 1 };
	struct vcpu *v = irq_vcpu(g_idle, g_idle_end, &g);
	u64 idle, pc = 0, *a;
	int r, n;

	/* g_idle is at GPA 0 */
	idle = blob_find(g_idle, g_idle_end, INSN_IDLE0, 0);
	expect_report(v, MARK_READY);
	/* Until a signal comes while the guest waits in its idle */
	for (n = 0; n < 50 && pc != idle; n++) {
		r = vcpu_run_signalled(v);
		EXPECT_ERR(r, -EINTR, "KVM_RUN of a vCPU in idle, signalled");
		pc = vcpu_regs(v).pc;
		EXPECT(pc <= idle,
		       "after the signal the guest is at 0x%llx, past its idle (0x%llx)",
		       (unsigned long long)pc, (unsigned long long)idle);
	}
	EXPECT(pc == idle, "the guest never reached its idle (at 0x%llx)",
	       (unsigned long long)pc);
	EXPECT_OK(vcpu_irq(v, 2), "KVM_INTERRUPT raise HWI0");
	expect_int(v, 2);
	EXPECT_OK(vcpu_irq(v, -2), "KVM_INTERRUPT lower");
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 1, "HWI0 taken %llu times, expected once", a[1]);
	return KT_PASS;
}

/*
 * g_acked_idle: with interrupts off (CRMD.IE = 0) and only TI enabled,
 * let the timer fire (TCFG = 1 tick, one-shot) and wait for TI; report
 * MARK_READY, which puts the vCPU with TI pending; then acknowledge TI,
 * stop the timer and "idle 0". No interrupt can come: the guest must stay
 * in that idle. If it leaves it, it reports MARK_DONE with a3 = ESTAT.
 */
GUEST(g_acked_idle,
	"ori $t0, $zero, 0x800\n"
	"csrwr $t0, 0x4\n"		/* ECFG: TI */
	"ori $t0, $zero, 5\n"
	"csrwr $t0, 0x41\n"		/* TCFG: 1 tick, one-shot */
	"1: csrrd $t0, 0x5\n"
	"srli.d $t0, $t0, 11\n"
	"andi $t0, $t0, 1\n"
	"beqz $t0, 1b\n"
	"ori $a0, $zero, 0x7e\n"
	HVCL(0x102)
	"ori $t0, $zero, 1\n"
	"csrwr $t0, 0x44\n"		/* TICLR.CTI */
	"csrwr $zero, 0x41\n"		/* timer off */
	"idle 0\n"
	"csrrd $a3, 0x5\n"
	G_DONE);

/*
 * An interrupt that the guest has acknowledged since the vCPU was last
 * loaded does not end its idle: what decides is the guest's ESTAT in the
 * hardware, not the copy saved when the vCPU was put.
 */
static int idle_after_acked_timer(void)
{
	struct vm *vm = VM_STD(g_acked_idle);
	struct vcpu *v = vcpu_new(vm, 0);
	u64 idle = blob_find(g_acked_idle, g_acked_idle_end, INSN_IDLE0, 0);
	u64 pc;
	int r;

	expect_report(v, MARK_READY);
	EXPECT(csr_get(v, CSR_ESTAT) & (1 << 11),
	       "ESTAT.TI not pending when the guest reported it");
	r = vcpu_run_signalled(v);
	pc = vcpu_regs(v).pc;
	EXPECT(r == -EINTR && pc == idle,
	       "KVM_RUN returned %d with the guest at 0x%llx, expected -EINTR in its idle at 0x%llx (guest ESTAT 0x%llx)",
	       r, (unsigned long long)pc, (unsigned long long)idle,
	       (unsigned long long)csr_get(v, CSR_ESTAT));
	return KT_PASS;
}

/* idle 0 blocks until the guest's own timer fires (100 ms) */
static int idle_woken_by_timer(void)
{
	struct irq_guest g = {
		.ecfg = 1 << 11, .tcfg = tcfg(100 * TICKS_MS, 0), .count = 1,
	};
	struct vcpu *v = irq_vcpu(g_idle, g_idle_end, &g);
	u64 t0, dt, *a;

	expect_report(v, MARK_READY);
	t0 = now_ms();
	expect_int(v, 11);
	dt = now_ms() - t0;
	EXPECT(dt >= 50, "the guest left idle after %llu ms, timer set to 100 ms",
	       dt);
	a = expect_report(v, MARK_DONE);
	EXPECT(a[1] == 1, "timer interrupts %llu, expected 1", a[1]);
	return KT_PASS;
}

static const struct kt_case cases[] = {
	{ "inject_each", inject_each, 0 },
	{ "masked", masked, 0 },
	{ "estat_shows_injected", estat_shows_injected, 0 },
	{ "estat_write_injects", estat_write_injects, 0 },
	{ "timer_oneshot", timer_oneshot, 0 },
	{ "timer_periodic", timer_periodic, 0 },
	{ "timer_disabled", timer_disabled, 0 },
	{ "timer_oneshot_expired", timer_oneshot_expired, 0 },
	{ "timer_stopped_tval", timer_stopped_tval, 0 },
	{ "idle_woken_by_interrupt", idle_woken_by_interrupt, 0 },
	{ "idle_woken_by_timer", idle_woken_by_timer, 0 },
	{ "idle_signal_stays_idle", idle_signal_stays_idle, 0 },
	{ "idle_after_acked_timer", idle_after_acked_timer, 0 },
};

KT_MAIN("irq", cases)
