// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md sections 3 and 4: the guest timer (guest TCFG/TVAL) interrupts
 * the guest at its own EENTRY, counts in root mode too, takes a remaining
 * count from root gcsrwr TVAL; guest rdtime adds GCNTC.
 */
#include "guest.h"
#include "test.h"

#define TI	(1UL << INT_TI)
#define TVAL_ALL_ONES	0xffffffffffffUL	/* compared on 48 bits */

static volatile unsigned long estat_after;

/*
 * Wait until guest ESTAT.TI is set, with patience: QEMU raises timer
 * lines from its main loop, so "enough ticks have passed" is not enough.
 */
static unsigned long wait_guest_ti(void)
{
	unsigned long t0 = rdtime();

	while (!(gcsr_read(CSR_ESTAT) & TI) && rdtime() - t0 < LVZ_PATIENCE)
		;
	return gcsr_read(CSR_ESTAT) & TI;
}

/* Guest: spin until the guest handler ran once, or @ticks have passed */
static unsigned long guest_wait_irq(unsigned long ticks)
{
	unsigned long t0 = rdtime();

	while (!lvz_gtrap.count && rdtime() - t0 < ticks)
		__asm__ volatile("" ::: "memory");
	estat_after = csr_read(CSR_ESTAT);
	return lvz_gtrap.count;
}

/* Guest handler: acknowledge the timer with TINTCLR and return. */
static enum lvz_action ack_timer(unsigned long *regs, int kind)
{
	(void)regs;
	if (kind != LVZ_TRAP_EXC || ESTAT_ECODE(csr_read(CSR_ESTAT)) != ECODE_INT)
		return LVZ_STOP;
	csr_write(CSR_TINTCLR, 1);
	return LVZ_RESUME;
}

static void fires_in_guest(void)
{
	struct lvz_run run = { .entry = guest_wait_irq, .arg = LVZ_PATIENCE };

	lvz_vm_reset(1);
	gcsr_write(CSR_ECFG, TI);
	gcsr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(2000));
	gcsr_write(CSR_CRMD, CRMD_DA | CRMD_IE);
	lvz_guest_hook = ack_timer;
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("exits (only the final return)", run.nexits, 1);
	EXPECT_EQ("guest interrupts taken", run.exit.r[R_A0], 1);
	EXPECT_EQ("guest ESTAT.Ecode at the interrupt", ESTAT_ECODE(lvz_gtrap.first_estat), 0);
	EXPECT_EQ("guest ESTAT.IS TI at the interrupt", lvz_gtrap.first_estat & TI, TI);
	EXPECT_EQ("guest ESTAT.TI after TINTCLR", estat_after & TI, 0);
}

/* Decision: the guest timer counts while root runs; expired one-shot TVAL. */
static void counts_in_root(void)
{
	lvz_vm_reset(1);
	gcsr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(1000));
	lvz_delay(100000);
	EXPECT_EQ("guest ESTAT.TI after expiry in root", wait_guest_ti(), TI);
	EXPECT_EQ("guest TVAL of an expired one-shot timer",
		  gcsr_read(CSR_TVAL) & TVAL_ALL_ONES, TVAL_ALL_ONES);
	/* It stops, still enabled (Reference Manual, volume 1, 7.6.2) */
	EXPECT_EQ("guest TCFG of an expired one-shot timer",
		  gcsr_read(CSR_TCFG), TCFG_EN | TCFG_INIT(1000));
}

/*
 * A stopped timer keeps its count, which root may set with gcsrwr; a
 * TCFG write that enables it again starts from InitVal.
 */
static void stopped_tval(void)
{
	const unsigned long count = TCFG_INIT(100 * LVZ_PATIENCE);
	unsigned long t1, t2;

	lvz_vm_reset(1);
	gcsr_write(CSR_TCFG, TCFG_EN | count);
	gcsr_write(CSR_TCFG, 0);
	t1 = gcsr_read(CSR_TVAL);
	lvz_delay(100000);
	t2 = gcsr_read(CSR_TVAL);
	EXPECT(t1 > count - 10 * LVZ_PATIENCE && t1 <= count,
	       "TVAL 0x%lx of a timer stopped right after it started at 0x%lx",
	       t1, count);
	EXPECT_EQ("TVAL of a stopped timer, 1 ms later", t2, t1);
	gcsr_write(CSR_TVAL, 0x12345);
	EXPECT_EQ("TVAL of a stopped timer after gcsrwr",
		  gcsr_read(CSR_TVAL), 0x12345);
	EXPECT_EQ("guest ESTAT.TI", gcsr_read(CSR_ESTAT) & TI, 0);
	gcsr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(2 * LVZ_PATIENCE));
	t1 = gcsr_read(CSR_TVAL);
	EXPECT(t1 > TCFG_INIT(LVZ_PATIENCE) && t1 <= TCFG_INIT(2 * LVZ_PATIENCE),
	       "TVAL 0x%lx after enabling with InitVal 0x%lx", t1,
	       TCFG_INIT(2 * LVZ_PATIENCE));
}

static void periodic_reloads(void)
{
	unsigned long tval;

	lvz_vm_reset(1);
	/* The count is TCFG & ~3: InitVal sits at bits 2 and up. */
	gcsr_write(CSR_TCFG, TCFG_EN | TCFG_PERIODIC | TCFG_INIT(25000));
	lvz_delay(250000);
	EXPECT_EQ("guest ESTAT.TI", wait_guest_ti(), TI);
	tval = gcsr_read(CSR_TVAL);
	EXPECT(tval <= TCFG_INIT(25000),
	       "periodic guest TVAL 0x%lx after 2.5 periods, want <= 0x%lx",
	       tval, TCFG_INIT(25000));
}

/*
 * Root gcsrwr TVAL sets the remaining count; 0 expires at once. The count
 * written is far from both InitVal and 0, and the test reads it back well
 * before it could run out (LVZ_PATIENCE later at the latest).
 */
static void tval_written_by_root(void)
{
	const unsigned long count = 4 * LVZ_PATIENCE;
	unsigned long tval;

	lvz_vm_reset(1);
	gcsr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(100 * LVZ_PATIENCE));
	gcsr_write(CSR_TVAL, count);
	tval = gcsr_read(CSR_TVAL);
	EXPECT(tval <= count && tval > count - LVZ_PATIENCE,
	       "guest TVAL 0x%lx after gcsrwr 0x%lx", tval, count);
	EXPECT_EQ("guest ESTAT.TI before expiry", gcsr_read(CSR_ESTAT) & TI, 0);
	gcsr_write(CSR_TVAL, 0);
	EXPECT_EQ("guest ESTAT.TI right after gcsrwr TVAL 0",
		  gcsr_read(CSR_ESTAT) & TI, TI);
}

LVZ_INSN_FN(g_rdtime, "rdtime.d $a0, $zero");

static void rdtime_adds_gcntc(void)
{
	const unsigned long off = 1UL << 44;
	unsigned long t0, t1, g;
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_GCNTC, off);
	t0 = rdtime();
	e = lvz_run_guest(g_rdtime, 0);
	t1 = rdtime();
	EXPECT_DONE(e);
	g = e->r[R_A0];
	EXPECT(g >= t0 + off && g <= t1 + off,
	       "guest rdtime 0x%lx outside [0x%lx, 0x%lx] (root + GCNTC)", g,
	       t0 + off, t1 + off);
	EXPECT(t1 < off, "root rdtime 0x%lx includes GCNTC", t1);
}

static void rdtime_no_offset(void)
{
	unsigned long t0, t1, g;
	struct lvz_exit *e;

	lvz_vm_reset(1);
	t0 = rdtime();
	e = lvz_run_guest(g_rdtime, 0);
	t1 = rdtime();
	EXPECT_DONE(e);
	g = e->r[R_A0];
	EXPECT(g >= t0 && g <= t1, "guest rdtime 0x%lx outside [0x%lx, 0x%lx]",
	       g, t0, t1);
}

LVZ_TEST("timer",
	 LVZ_CASE(fires_in_guest),
	 LVZ_CASE(counts_in_root),
	 LVZ_CASE(stopped_tval),
	 LVZ_CASE(periodic_reloads),
	 LVZ_CASE(tval_written_by_root),
	 LVZ_CASE(rdtime_adds_gcntc),
	 LVZ_CASE(rdtime_no_offset));
