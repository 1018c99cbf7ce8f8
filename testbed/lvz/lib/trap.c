// SPDX-License-Identifier: GPL-2.0
/*
 * Root exception dispatch. Every exception that reaches root EENTRY or
 * root TLBRENTRY lands in lvz_root_trap() with the interrupted GPRs:
 *
 *  - while a guest runs (lvz_run()), it is an exit: it is recorded, and
 *    the run's on_exit callback may resume the guest;
 *  - while lvz_try() is armed, it is an expected root exception;
 *  - otherwise it fails the current case and the runner goes on.
 */
#include "internal.h"
#include "test.h"

struct lvz_trap_state lvz_trap_state;

static void record(struct lvz_exit *e, const unsigned long *regs, int kind)
{
	struct lvz_trap_state *st = &lvz_trap_state;

	e->kind = kind;
	e->estat = csr_read(CSR_ESTAT);
	e->ecode = ESTAT_ECODE(e->estat);
	e->esubcode = ESTAT_ESUB(e->estat);
	e->era = csr_read(CSR_ERA);
	e->badv = csr_read(CSR_BADV);
	e->badi = csr_read(CSR_BADI);
	e->prmd = csr_read(CSR_PRMD);
	e->gstat = lvz_present ? csr_read(CSR_GSTAT) : 0;
	e->tlbrbadv = csr_read(CSR_TLBRBADV);
	e->tlbrera = csr_read(CSR_TLBRERA);
	e->tlbrehi = csr_read(CSR_TLBREHI);
	e->tlbrprmd = csr_read(CSR_TLBRPRMD);
	if (kind == LVZ_TRAP_TLBR)
		e->era = e->tlbrera & ~3UL;
	memcpy(e->r, regs, sizeof(e->r));
	e->watchdog = st->run && st->watchdog && kind == LVZ_TRAP_EXC &&
		      e->ecode == ECODE_INT && (e->estat & (1UL << INT_TI));
}

void lvz_trap_cleanup(int kind)
{
	lvz_trap_state.depth = 0;
	if (lvz_present)
		csr_xchg(CSR_GSTAT, 0, GSTAT_PVM);
	if (kind == LVZ_TRAP_TLBR) {
		/* Abandoning a refill: leave IsTLBR and the refill's DA mode. */
		csr_write(CSR_TLBRERA, 0);
		csr_xchg(CSR_CRMD, CRMD_PG, CRMD_PG | CRMD_DA);
	}
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TINTCLR, 1);
	csr_write(CSR_ECFG, 0);
}

const char *lvz_exit_str(const struct lvz_exit *e)
{
	static char buf[200];

	if (e->kind == LVZ_TRAP_TLBR)
		lvz_snprintf(buf, sizeof(buf),
			     "TLBR exit TLBRBADV=0x%lx TLBRERA=0x%lx GSTAT=0x%lx",
			     e->tlbrbadv, e->tlbrera, e->gstat);
	else
		lvz_snprintf(buf, sizeof(buf),
			     "ECODE=%u ESUBCODE=%u ERA=0x%lx BADV=0x%lx BADI=0x%08lx ESTAT=0x%lx GSTAT=0x%lx a7=0x%lx%s",
			     e->ecode, e->esubcode, e->era, e->badv, e->badi,
			     e->estat, e->gstat, e->r[R_A7],
			     e->watchdog ? " (watchdog: the guest never exited)" : "");
	return buf;
}

static void __attribute__((noreturn)) nested(void)
{
	lvz_printf("RESULT lvz/%s/handler FAIL exception inside the root handler ESTAT=0x%lx ERA=0x%lx BADV=0x%lx\n",
		   lvz_test_name, csr_read(CSR_ESTAT), csr_read(CSR_ERA),
		   csr_read(CSR_BADV));
	lvz_poweroff();
}

/*
 * Called by the root vectors; returning resumes the interrupted context
 * with the (possibly changed) saved GPRs.
 */
void lvz_root_trap(unsigned long *regs, int kind)
{
	struct lvz_trap_state *st = &lvz_trap_state;
	struct lvz_exit rec;

	if (st->depth++)
		nested();
	record(&rec, regs, kind);

	if (st->run) {
		struct lvz_run *run = st->run;

		run->exit = rec;
		run->nexits++;
		if (run->on_exit && run->on_exit(run, &run->exit) == LVZ_RESUME) {
			memcpy(regs, run->exit.r, sizeof(run->exit.r));
			if (kind == LVZ_TRAP_TLBR)
				csr_write(CSR_TLBRERA,
					  (run->exit.era & ~3UL) | TLBRERA_ISTLBR);
			else
				csr_write(CSR_ERA, run->exit.era);
			st->depth--;
			return;
		}
		st->run = 0;
		lvz_trap_cleanup(kind);
		lvz_longjmp(&st->run_jmp, 1);
	}

	if (st->try_exit) {
		*st->try_exit = rec;
		st->try_exit = 0;
		lvz_trap_cleanup(kind);
		lvz_longjmp(&st->try_jmp, 1);
	}

	lvz_fail("unexpected %sexception %s",
		 kind == LVZ_TRAP_TLBR ? "TLB refill " : "", lvz_exit_str(&rec));
	lvz_trap_cleanup(kind);
	lvz_longjmp(&st->case_jmp, 1);
}

int lvz_try(void (*fn)(unsigned long), unsigned long arg, struct lvz_exit *e)
{
	struct lvz_trap_state *st = &lvz_trap_state;

	memset(e, 0, sizeof(*e));
	st->try_exit = e;
	if (lvz_setjmp(&st->try_jmp) == 0) {
		fn(arg);
		st->try_exit = 0;
		return 0;
	}
	return 1;
}
