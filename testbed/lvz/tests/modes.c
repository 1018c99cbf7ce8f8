// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 3: what ertn does with GSTAT.PVM = 0, how PVM follows
 * the mode an exception came from, and that the guest's privilege level
 * comes from the guest CSR file.
 */
#include "guest.h"
#include "test.h"

unsigned long lvz_ertn_to_next(void);

/* ertn with PVM = 0 stays in root (the code after it reads root GSTAT). */
static void ertn_pvm0_stays_root(void)
{
	unsigned long gstat;

	lvz_vm_reset(4);
	csr_xchg(CSR_GSTAT, 0, GSTAT_PVM);
	gstat = lvz_ertn_to_next();
	EXPECT_EQ("GSTAT.VM after ertn with PVM=0", gstat & GSTAT_VM, 0);
	EXPECT_EQ("GSTAT.GID still readable in root", (gstat & GSTAT_GID_MASK) >> GSTAT_GID_SHIFT, 4);
}

LVZ_INSN_FN(root_break, "break 7");

/* Decision: a root exception taken in root mode records PVM = 0. */
static void pvm_records_root(void)
{
	struct lvz_exit e;

	lvz_vm_reset(1);
	csr_xchg(CSR_GSTAT, GSTAT_PVM, GSTAT_PVM);
	EXPECT(lvz_try((void (*)(unsigned long))root_break, 0, &e), "break raised nothing");
	EXPECT_EQ("ECODE", e.ecode, ECODE_BRK);
	EXPECT_EQ("GSTAT.PVM seen by the root handler", e.gstat & GSTAT_PVM, 0);
}

/* A guest break goes to the guest's own EENTRY, not to root. */
LVZ_INSN_FN(g_break, "break 5");
LVZ_INSN_FN(g_syscall, "syscall 3");
LVZ_INSN_FN(g_ine, ".word 0");

static void guest_exception_stays(void *fn, void *site, unsigned int ecode,
				  unsigned long crmd)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	gcsr_write(CSR_CRMD, crmd);
	e = lvz_run_guest(fn, 0);
	EXPECT(lvz_exit_is_hvc(e, LVZ_HVC_GTRAP),
	       "want the guest's handler to run, saw %s", lvz_exit_str(e));
	EXPECT_EQ("guest ESTAT.Ecode", ESTAT_ECODE(lvz_gtrap.estat), ecode);
	EXPECT_EQ("guest ERA", lvz_gtrap.era, (unsigned long)site);
	EXPECT_EQ("guest BADI", lvz_gtrap.badi, *(volatile unsigned int *)site);
}

static void guest_break(void)
{
	guest_exception_stays(g_break, g_break_site, ECODE_BRK, CRMD_DA);
}

static void guest_syscall(void)
{
	guest_exception_stays(g_syscall, g_syscall_site, ECODE_SYS, CRMD_DA);
}

static void guest_ine(void)
{
	guest_exception_stays(g_ine, g_ine_site, ECODE_INE, CRMD_DA);
}

/* Guest CRMD.PLV = 3: a privileged instruction is IPE inside the guest. */
LVZ_INSN_FN(g_plv3_csrrd, "csrrd $a0, 0x30");

static void guest_plv_from_guest_crmd(void)
{
	guest_exception_stays(g_plv3_csrrd, g_plv3_csrrd_site, ECODE_IPE,
			      CRMD_DA | 3);
}

/* The guest handler's ertn returns inside the guest (guest ERA/PRMD). */
static enum lvz_action skip_insn(unsigned long *regs, int kind)
{
	(void)regs;
	(void)kind;
	csr_write(CSR_ERA, csr_read(CSR_ERA) + 4);
	return LVZ_RESUME;
}

static void guest_ertn(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	lvz_guest_hook = skip_insn;
	e = lvz_run_guest(g_break, 0);
	EXPECT_DONE(e);
	EXPECT_EQ("guest exceptions", lvz_gtrap.count, 1);
}

LVZ_TEST("modes",
	 LVZ_CASE(ertn_pvm0_stays_root),
	 LVZ_CASE(pvm_records_root),
	 LVZ_CASE(guest_break),
	 LVZ_CASE(guest_syscall),
	 LVZ_CASE(guest_ine),
	 LVZ_CASE(guest_plv_from_guest_crmd),
	 LVZ_CASE(guest_ertn));
