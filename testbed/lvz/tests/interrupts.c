// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md sections 3, 4 and 6: guest interrupts (GINTC.VIP, root-injected
 * TI/IPI/SWI in guest ESTAT) are taken at guest EENTRY without an exit;
 * a root interrupt exits the guest (Ecode 0) when root PRMD.PIE was set
 * before ertn, and wins over a pending guest interrupt.
 */
#include "guest.h"
#include "test.h"

#define TI	(1UL << INT_TI)

/* Wait, with patience, for QEMU's main loop to raise the root timer line */
static void wait_root_ti(void)
{
	unsigned long t0 = rdtime();

	while (!(csr_read(CSR_ESTAT) & TI) && rdtime() - t0 < LVZ_PATIENCE)
		;
}

/* Guest: spin until the guest handler ran once, or @ticks have passed */
static unsigned long guest_wait_irq(unsigned long ticks)
{
	unsigned long t0 = rdtime();

	while (!lvz_gtrap.count && rdtime() - t0 < ticks)
		__asm__ volatile("" ::: "memory");
	return csr_read(CSR_ESTAT);
}

/* Guest handler: mask everything (the source stays pending) and return. */
static enum lvz_action mask_and_return(unsigned long *regs, int kind)
{
	(void)regs;
	if (kind != LVZ_TRAP_EXC || ESTAT_ECODE(csr_read(CSR_ESTAT)) != ECODE_INT)
		return LVZ_STOP;
	csr_write(CSR_ECFG, 0);
	return LVZ_RESUME;
}

static void expect_guest_irq(unsigned int bit)
{
	struct lvz_run run = { .entry = guest_wait_irq, .arg = LVZ_PATIENCE };

	gcsr_write(CSR_ECFG, 1UL << bit);
	gcsr_write(CSR_CRMD, CRMD_DA | CRMD_IE);
	lvz_guest_hook = mask_and_return;
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("exits (only the final return)", run.nexits, 1);
	EXPECT_EQ("guest interrupts", lvz_gtrap.count, 1);
	EXPECT_EQ("guest ESTAT.Ecode", ESTAT_ECODE(lvz_gtrap.first_estat), ECODE_INT);
	EXPECT_EQ("guest ESTAT.IS bit", (lvz_gtrap.first_estat >> bit) & 1, 1);
	EXPECT_EQ("guest ERA inside guest_wait_irq",
		  lvz_gtrap.era - (unsigned long)guest_wait_irq < 0x100, 1);
}

static void vip_hwi0(void)
{
	lvz_vm_reset(1);
	csr_write(CSR_GINTC, 1);		/* VIP bit 0 = HWI0 = IS[2] */
	expect_guest_irq(INT_HWI0);
	csr_write(CSR_GINTC, 0);
}

static void vip_hwi7(void)
{
	lvz_vm_reset(1);
	csr_write(CSR_GINTC, 0x80);
	expect_guest_irq(INT_HWI0 + 7);
	csr_write(CSR_GINTC, 0);
}

/* Guest CRMD.IE = 0: the VIP line is visible but not taken. */
static void vip_masked_by_guest_ie(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_GINTC, 1);
	gcsr_write(CSR_ECFG, 1UL << INT_HWI0);
	e = lvz_run_guest(guest_wait_irq, 100000);
	csr_write(CSR_GINTC, 0);
	EXPECT_DONE(e);
	EXPECT_EQ("guest interrupts", lvz_gtrap.count, 0);
	EXPECT_EQ("guest ESTAT.IS[2]", (e->r[R_A0] >> INT_HWI0) & 1, 1);
}

static void inject_ti(void)
{
	lvz_vm_reset(1);
	gcsr_write(CSR_ESTAT, TI);
	expect_guest_irq(INT_TI);
}

static void inject_ipi(void)
{
	lvz_vm_reset(1);
	gcsr_write(CSR_ESTAT, 1UL << INT_IPI);
	expect_guest_irq(INT_IPI);
}

static void inject_swi(void)
{
	lvz_vm_reset(1);
	gcsr_write(CSR_ESTAT, 1UL << INT_SWI0);
	expect_guest_irq(INT_SWI0);
}

/* Root timer + PRMD.PIE = 1 before ertn: the guest exits with Ecode 0. */
static void root_timer_exits(void)
{
	struct lvz_run run = {
		.entry = guest_wait_irq,
		.arg = ~0UL,
		.prmd = PRMD_PIE,
		.watchdog = LVZ_NO_WATCHDOG,
	};

	lvz_vm_reset(1);
	csr_write(CSR_ECFG, TI);
	csr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(100000));
	lvz_run(&run);
	EXPECT_EXIT(&run.exit, ECODE_INT);
	EXPECT_EQ("root ESTAT.IS TI", run.exit.estat & TI, TI);
	EXPECT_EQ("GSTAT.PVM", run.exit.gstat & GSTAT_PVM, GSTAT_PVM);
	EXPECT_EQ("PRMD.PIE", run.exit.prmd & PRMD_PIE, PRMD_PIE);
	EXPECT_EQ("guest interrupts", lvz_gtrap.count, 0);
}

/*
 * PRMD.PIE = 0: root interrupts stay off in the guest, no exit. The root
 * timer line is up before the guest starts, and stays up for the whole
 * of its run (10 ms of guest spinning).
 */
static void root_timer_pie0(void)
{
	struct lvz_run run = {
		.entry = guest_wait_irq,
		.arg = LVZ_TICKS_PER_SEC / 100,
		.watchdog = LVZ_NO_WATCHDOG,
	};

	lvz_vm_reset(1);
	csr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(1000));
	wait_root_ti();
	EXPECT_EQ("root ESTAT.TI before entry", csr_read(CSR_ESTAT) & TI, TI);
	csr_write(CSR_ECFG, TI);
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("root ESTAT.TI at the final exit (pending, not taken)",
		  run.exit.estat & TI, TI);
}

/* Both pending: the root interrupt is taken first, as an exit. */
static void root_wins(void)
{
	struct lvz_run run = {
		.entry = guest_wait_irq,
		.arg = LVZ_PATIENCE,
		.prmd = PRMD_PIE,
		.watchdog = LVZ_NO_WATCHDOG,
	};

	lvz_vm_reset(1);
	csr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(100));
	wait_root_ti();
	EXPECT_EQ("root ESTAT.TI before entry", csr_read(CSR_ESTAT) & TI, TI);
	csr_write(CSR_ECFG, TI);
	gcsr_write(CSR_ESTAT, 1UL << INT_SWI0);
	gcsr_write(CSR_ECFG, 1UL << INT_SWI0);
	gcsr_write(CSR_CRMD, CRMD_DA | CRMD_IE);
	lvz_guest_hook = mask_and_return;
	lvz_run(&run);
	EXPECT_EXIT(&run.exit, ECODE_INT);
	EXPECT_EQ("first exit count", run.nexits, 1);
	EXPECT_EQ("guest interrupts before the root one", lvz_gtrap.count, 0);
}

LVZ_TEST("interrupts",
	 LVZ_CASE(vip_hwi0),
	 LVZ_CASE(vip_hwi7),
	 LVZ_CASE(vip_masked_by_guest_ie),
	 LVZ_CASE(inject_ti),
	 LVZ_CASE(inject_ipi),
	 LVZ_CASE(inject_swi),
	 LVZ_CASE(root_timer_exits),
	 LVZ_CASE(root_timer_pie0),
	 LVZ_CASE(root_wins));
