// SPDX-License-Identifier: GPL-2.0
/*
 * Entering the guest (root side) and the guest's own exception handler
 * (guest side). See guest.h.
 */
#include "internal.h"
#include "test.h"

/* Twice the patience of any test: only a stuck guest runs that long */
#define WATCHDOG_TICKS	(2 * LVZ_PATIENCE)

volatile struct lvz_gtrap lvz_gtrap;
enum lvz_action (*volatile lvz_guest_hook)(unsigned long *regs, int kind);

/* Guest mode: where a guest function returns to. */
static void __attribute__((noreturn)) guest_return(unsigned long ret)
{
	guest_hvcl(LVZ_HVC_DONE, ret);
	for (;;)
		;
}

/*
 * Guest mode: called by the guest vectors with the guest's GPRs. Records
 * the guest CSRs the exception set, then lets the test's hook handle it,
 * or reports it to root with hvcl LVZ_HVC_GTRAP.
 */
void lvz_guest_trap(unsigned long *regs, int kind)
{
	volatile struct lvz_gtrap *g = &lvz_gtrap;
	unsigned long estat = csr_read(CSR_ESTAT);

	if (!g->count && !g->tlbr_count)
		g->first_estat = estat;
	if (kind == LVZ_TRAP_TLBR)
		g->tlbr_count++;
	else
		g->count++;
	g->kind = kind;
	g->estat = estat;
	g->era = csr_read(CSR_ERA);
	g->badv = csr_read(CSR_BADV);
	g->badi = csr_read(CSR_BADI);
	g->crmd = csr_read(CSR_CRMD);
	g->prmd = csr_read(CSR_PRMD);
	g->tlbrbadv = csr_read(CSR_TLBRBADV);
	g->tlbrera = csr_read(CSR_TLBRERA);
	if (lvz_guest_hook && lvz_guest_hook(regs, kind) == LVZ_RESUME)
		return;
	guest_hvcl(LVZ_HVC_GTRAP, estat);
	for (;;)
		;
}

void lvz_vm_set_gid(unsigned int gid)
{
	csr_xchg(CSR_GSTAT, (unsigned long)gid << GSTAT_GID_SHIFT,
		 GSTAT_GID_MASK);
	lvz_s2_identity(gid);
}

/* lvz.md sections 2-4: a quiet root and a fresh guest CSR file. */
void lvz_vm_reset(unsigned int gid)
{
	if (!lvz_present)
		lvz_abort_case("LVZ not present (CPUCFG2.LVZP = 0)");
	/* Root: no traps, no injected interrupts, no counter offset. */
	csr_write(CSR_GSTAT, (unsigned long)gid << GSTAT_GID_SHIFT);
	csr_write(CSR_GCFG, 0);
	csr_write(CSR_GINTC, 0);
	csr_write(CSR_GCNTC, 0);
	csr_write(CSR_GTLBC, 0);
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TINTCLR, 1);
	csr_write(CSR_ECFG, 0);
	csr_write(CSR_EUEN, 0);
	csr_write(CSR_TLBRERA, 0);
	/* Every guest-TLB entry, every tagged root entry, then GID 0's. */
	lvz_invtlb(0x12, 0, 0);
	lvz_invtlb(0x0, 0, 0);

	/* Guest: direct address mode, PLV0, interrupts off, our vectors. */
	gcsr_write(CSR_CRMD, CRMD_DA);
	gcsr_write(CSR_PRMD, 0);
	gcsr_write(CSR_EUEN, 0);
	gcsr_write(CSR_ECFG, 0);
	gcsr_write(CSR_TCFG, 0);
	gcsr_write(CSR_TINTCLR, 1);
	gcsr_write(CSR_ESTAT, 0);
	gcsr_write(CSR_EENTRY, (unsigned long)lvz_guest_vector);
	gcsr_write(CSR_TLBRENTRY, LVZ_PHYS(lvz_guest_tlbr_vector));
	gcsr_write(CSR_TLBRERA, 0);
	gcsr_write(CSR_LLBCTL, 0x2);	/* WCLLB: no LLbit, KLO clear */
	gcsr_write(CSR_ASID, 0);
	gcsr_write(CSR_STLBPGSIZE, 12);
	gcsr_write(CSR_DMWIN0, 0);
	gcsr_write(CSR_DMWIN1, 0);
	gcsr_write(CSR_DMWIN2, 0);
	gcsr_write(CSR_DMWIN3, 0);

	memset((void *)&lvz_gtrap, 0, sizeof(lvz_gtrap));
	lvz_guest_hook = 0;
	lvz_s2_identity(gid);
}

void lvz_guest_paging(void)
{
	gcsr_write(CSR_DMWIN1, 0x9000000000000000UL | TLBELO_MAT_CC | 1);
	gcsr_write(CSR_CRMD, CRMD_PG | CRMD_DATF_CC | CRMD_DATM_CC);
}

/* lvz.md section 3: ertn with GSTAT.PVM = 1 enters the guest at ERA. */
int lvz_run(struct lvz_run *run)
{
	static unsigned long regs[32];
	struct lvz_trap_state *st = &lvz_trap_state;
	unsigned long wd = run->watchdog ? run->watchdog : WATCHDOG_TICKS;
	unsigned long prmd = run->prmd & ~CRMD_PLV_MASK;

	memset(regs, 0, sizeof(regs));
	regs[R_RA] = (unsigned long)guest_return;
	regs[R_SP] = (unsigned long)lvz_guest_stack_top;
	regs[R_A0] = run->arg;
	memset(&run->exit, 0, sizeof(run->exit));
	run->nexits = 0;

	st->watchdog = wd != LVZ_NO_WATCHDOG;
	if (st->watchdog) {
		csr_write(CSR_TCFG, 0);
		csr_write(CSR_TINTCLR, 1);
		csr_write(CSR_TCFG, TCFG_EN | TCFG_INIT(wd));
		csr_write(CSR_ECFG, csr_read(CSR_ECFG) | 1UL << INT_TI);
		prmd |= PRMD_PIE;
	}
	csr_write(CSR_ERA, (unsigned long)run->entry);
	csr_write(CSR_PRMD, prmd);
	csr_write(CSR_TLBRERA, 0);
	st->run = run;
	if (lvz_setjmp(&st->run_jmp) == 0) {
		csr_xchg(CSR_GSTAT, GSTAT_PVM, GSTAT_PVM);
		lvz_ertn_with(regs);
	}
	return run->nexits;
}

struct lvz_exit *lvz_run_guest(void *fn, unsigned long arg)
{
	static struct lvz_run run;

	memset(&run, 0, sizeof(run));
	run.entry = fn;
	run.arg = arg;
	lvz_run(&run);
	return &run.exit;
}

int lvz_exit_is_hvc(const struct lvz_exit *e, unsigned int code)
{
	return e->kind == LVZ_TRAP_EXC && e->ecode == ECODE_HVC &&
	       e->r[R_A7] == code;
}

int lvz_exit_is_done(const struct lvz_exit *e)
{
	return lvz_exit_is_hvc(e, LVZ_HVC_DONE);
}

unsigned long lvz_guest_vector_addr(void)
{
	return (unsigned long)lvz_guest_vector;
}
