// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on LoongArch: the guest timer.
 *
 * The guest timer is hardware that belongs to whichever guest is loaded
 * and counts in both modes (lvz.md 4). When a vCPU is put, its timer is
 * saved as a deadline; while the vCPU is blocked, an hrtimer stands in
 * for it so that its expiry ends the guest's idle. Loading the vCPU
 * again restarts the hardware timer with the time left, or expires it at
 * once (root sets the guest's TVAL to 0).
 */
#include <linux/kvm_host.h>
#include <asm/time.h>

static u64 ticks_to_ns(u64 ticks)
{
	return mul_u64_u64_div_u64(ticks, NSEC_PER_SEC, const_clock_freq);
}

static u64 ns_to_ticks(u64 ns)
{
	return mul_u64_u64_div_u64(ns, const_clock_freq, NSEC_PER_SEC);
}

/**
 * kvm_loongarch_swtimer_wakeup() - the guest timer expired while blocked
 * @timer: the vCPU's stand-in hrtimer
 *
 * Return: HRTIMER_NORESTART; a periodic timer restarts when loaded.
 */
enum hrtimer_restart kvm_loongarch_swtimer_wakeup(struct hrtimer *timer)
{
	struct kvm_vcpu *vcpu = container_of(timer, struct kvm_vcpu,
					     arch.swtimer);

	kvm_loongarch_queue_irq(vcpu, KVM_IRQ_TIMER);
	kvm_vcpu_wake_up(vcpu);
	return HRTIMER_NORESTART;
}

int kvm_cpu_has_pending_timer(struct kvm_vcpu *vcpu)
{
	return test_bit(KVM_IRQ_TIMER, &vcpu->arch.irq_pending);
}

/**
 * kvm_loongarch_timer_init() - set up the guest timer of a new vCPU
 * @vcpu: the vCPU
 */
void kvm_loongarch_timer_init(struct kvm_vcpu *vcpu)
{
	hrtimer_init(&vcpu->arch.swtimer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	vcpu->arch.swtimer.function = kvm_loongarch_swtimer_wakeup;
}

/**
 * kvm_loongarch_timer_set_tval() - set the guest timer's count, for ONE_REG
 * @vcpu: the vCPU, not loaded
 * @tval: the ticks left
 *
 * The count becomes the deadline that kvm_loongarch_timer_load() restarts
 * the timer from, so that a timer restored while enabled keeps its time.
 */
void kvm_loongarch_timer_set_tval(struct kvm_vcpu *vcpu, u64 tval)
{
	vcpu->arch.csr[LOONGARCH_CSR_TVAL] = tval;
	vcpu->arch.timer_expires = ktime_add_safe(ktime_get(),
						  ns_to_ktime(ticks_to_ns(tval)));
}

/*
 * An expired one-shot timer: enabled still, with a TVAL above the initial
 * value it counted down from. lvz.md 4 has TVAL all ones then; hardware
 * with a 48-bit timer reads 2^48 - 1 or counts down from there, and a
 * TVAL restored above InitVal can only be such a one. Mainline's rule.
 */
static bool oneshot_expired(u64 tcfg, u64 tval)
{
	return !(tcfg & CSR_TCFG_PERIOD) && tval > (tcfg & CSR_TCFG_VAL);
}

/**
 * kvm_loongarch_timer_load() - restart the guest timer in the hardware
 * @vcpu: the vCPU being loaded
 *
 * A stopped timer gets its own count back, never the one another context
 * left in the hardware. An expired one-shot timer expires again at once,
 * which leaves TVAL all ones; that raises TI, which is lowered again if
 * the guest had acknowledged it. A periodic timer that expired while the
 * vCPU was put raises TI once, as the hardware leaves it after any number
 * of expiries, and keeps its phase: the guest counter went on meanwhile,
 * and the next period ends where it would have without the put.
 */
void kvm_loongarch_timer_load(struct kvm_vcpu *vcpu)
{
	u64 tcfg = vcpu->arch.csr[LOONGARCH_CSR_TCFG];
	u64 tval = vcpu->arch.csr[LOONGARCH_CSR_TVAL];
	u64 period = tcfg & CSR_TCFG_VAL;
	bool ti;
	s64 left;

	if (vcpu->arch.swtimer_started) {
		hrtimer_cancel(&vcpu->arch.swtimer);
		vcpu->arch.swtimer_started = false;
	}
	gcsr_write(tcfg, LOONGARCH_CSR_TCFG);
	if (!(tcfg & CSR_TCFG_EN)) {
		gcsr_write(tval, LOONGARCH_CSR_TVAL);
		return;
	}
	if (oneshot_expired(tcfg, tval)) {
		/* The saved ESTAT: the TCFG write has the timer running */
		ti = vcpu->arch.csr[LOONGARCH_CSR_ESTAT] & BIT(KVM_IRQ_TIMER);
		gcsr_write(0, LOONGARCH_CSR_TVAL);
		if (!ti)
			gcsr_write(CSR_TINTCLR_TI, LOONGARCH_CSR_TINTCLR);
		return;
	}
	left = ktime_to_ns(ktime_sub(vcpu->arch.timer_expires, ktime_get()));
	if (left > 0) {
		gcsr_write(ns_to_ticks(left), LOONGARCH_CSR_TVAL);
	} else if ((tcfg & CSR_TCFG_PERIOD) && period) {
		kvm_loongarch_queue_irq(vcpu, KVM_IRQ_TIMER);
		gcsr_write(period - ns_to_ticks(-left) % period,
			   LOONGARCH_CSR_TVAL);
	} else {
		gcsr_write(0, LOONGARCH_CSR_TVAL);
	}
}

/* The stand-in: kvm_loongarch_timer_load() cancels it only if started */
static void start_swtimer(struct kvm_vcpu *vcpu, ktime_t expires)
{
	vcpu->arch.swtimer_started = true;
	hrtimer_start(&vcpu->arch.swtimer, expires, HRTIMER_MODE_ABS_HARD);
}

/**
 * kvm_loongarch_timer_put() - save the guest timer as a deadline
 * @vcpu: the vCPU being put
 *
 * Stops the hardware timer, and starts the stand-in when the vCPU blocks.
 * TCFG is saved as the guest left it: an expired one-shot timer is still
 * enabled. A blocked vCPU looked for interrupts before it was put: a
 * timer that expired since has raised TI in the hardware only, which
 * nothing would wake the vCPU for, so the stand-in expires at once.
 */
void kvm_loongarch_timer_put(struct kvm_vcpu *vcpu)
{
	u64 tcfg = gcsr_read(LOONGARCH_CSR_TCFG);
	u64 tval = gcsr_read(LOONGARCH_CSR_TVAL);
	bool blocking = kvm_vcpu_is_blocking(vcpu);

	vcpu->arch.csr[LOONGARCH_CSR_TCFG] = tcfg;
	vcpu->arch.csr[LOONGARCH_CSR_TVAL] = tval;
	gcsr_write(0, LOONGARCH_CSR_TCFG);
	if (!(tcfg & CSR_TCFG_EN))
		return;
	if (oneshot_expired(tcfg, tval)) {
		if (blocking &&
		    (gcsr_read(LOONGARCH_CSR_ESTAT) & BIT(KVM_IRQ_TIMER)))
			start_swtimer(vcpu, ktime_get());
		return;
	}

	vcpu->arch.timer_expires = ktime_add_ns(ktime_get(), ticks_to_ns(tval));
	if (blocking)
		start_swtimer(vcpu, vcpu->arch.timer_expires);
}
