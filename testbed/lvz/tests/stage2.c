// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md sections 6 and 7: stage 2. A guest physical access with no root
 * entry of the current GID goes to root TLBRENTRY with TLBRBADV = GPA; an
 * entry that is invalid, clean (for a store) or NX/NR gives an exception
 * exit with BADV = GPA; entries of other GIDs never match; ASID, G and
 * PLV of the entry are ignored.
 */
#include "guest.h"
#include "test.h"

#define GPA	0x4000000UL		/* outside the identity map */
#define HPA_A	0x5000000UL
#define HPA_B	0x5100000UL
#define VAL_A	0x1111aaaa2222bbbbUL
#define VAL_B	0x3333cccc4444ddddUL
#define S2_RW	(TLBELO_V | TLBELO_D | TLBELO_PLV3 | TLBELO_MAT_CC)

LVZ_INSN_FN(g_load, "ld.d $a0, $a0, 0");
LVZ_INSN_FN(g_store, "st.d $a0, $a0, 0");
LVZ_INSN_FN(g_jump, "move $t0, $ra\n jirl $ra, $a0, 0\n move $ra, $t0");

/* "jirl $zero, $ra, 0" at a GPA: a guest function that just returns. */
#define RET_WORD	0x4c000020U

static void host_init(void)
{
	*(volatile unsigned long *)LVZ_HVA(HPA_A) = VAL_A;
	*(volatile unsigned long *)LVZ_HVA(HPA_B) = VAL_B;
}

static void expect_tlbr(struct lvz_exit *e, unsigned long gpa, void *era)
{
	EXPECT(e->kind == LVZ_TRAP_TLBR, "want a stage-2 TLB refill exit, saw %s",
	       lvz_exit_str(e));
	EXPECT_EQ("TLBRBADV (the GPA)", e->tlbrbadv, gpa);
	EXPECT_EQ("TLBRERA.PC", e->era, (unsigned long)era);
	EXPECT_EQ("TLBRERA.IsTLBR", e->tlbrera & TLBRERA_ISTLBR, TLBRERA_ISTLBR);
	EXPECT_EQ("GSTAT.PVM", e->gstat & GSTAT_PVM, GSTAT_PVM);
}

static void miss_load(void)
{
	lvz_vm_reset(1);
	expect_tlbr(lvz_run_guest(g_load, GPA + 0x18), GPA + 0x18, g_load_site);
}

static void miss_store(void)
{
	lvz_vm_reset(1);
	expect_tlbr(lvz_run_guest(g_store, GPA + 0x20), GPA + 0x20, g_store_site);
}

static void miss_fetch(void)
{
	lvz_vm_reset(1);
	expect_tlbr(lvz_run_guest(g_jump, GPA + 0x40), GPA + 0x40, (void *)(GPA + 0x40));
}

/* Stage-2 refill handler: fill from TLBREHI with TGID, ertn (PVM = 1). */
static enum lvz_action refill(struct lvz_run *run, struct lvz_exit *e)
{
	unsigned long lo = (HPA_A & ~0xfffUL) | S2_RW;
	int odd = (e->tlbrbadv >> 12) & 1;

	if (e->kind != LVZ_TRAP_TLBR || run->nexits > 1)
		return LVZ_STOP;
	csr_write(CSR_GTLBC, GTLBC_USETGID | 1UL << GTLBC_TGID_SHIFT);
	csr_write(CSR_TLBREHI, (e->tlbrbadv & ~0x1fffUL) | 12);
	csr_write(CSR_TLBRELO0, odd ? 0 : lo);
	csr_write(CSR_TLBRELO1, odd ? lo : 0);
	__asm__ volatile("tlbfill" ::: "memory");
	csr_write(CSR_GTLBC, 0);
	return LVZ_RESUME;
}

static void refill_and_resume(void)
{
	struct lvz_run run = { .entry = g_load, .arg = GPA, .on_exit = refill };

	lvz_vm_reset(1);
	host_init();
	lvz_run(&run);
	EXPECT_DONE(&run.exit);
	EXPECT_EQ("exits (refill, then the return)", run.nexits, 2);
	EXPECT_EQ("value the guest loaded from GPA", run.exit.r[R_A0], VAL_A);
	EXPECT(lvz_tlb_search(1, GPA) >= 0, "no GID-1 root entry for the GPA after tlbfill");
}

static void expect_fault(void *fn, unsigned long arg, unsigned int ecode,
			 unsigned long badv, void *era)
{
	struct lvz_exit *e = lvz_run_guest(fn, arg);

	EXPECT_EXIT(e, ecode);
	EXPECT_EQ("BADV (the GPA)", e->badv, badv);
	EXPECT_EQ("ERA", e->era, (unsigned long)era);
	if (era == fn)
		EXPECT_EQ("BADI", e->badi, *(volatile unsigned int *)era);
	EXPECT_EQ("GSTAT.PVM", e->gstat & GSTAT_PVM, GSTAT_PVM);
}

static void invalid_entry(void)
{
	lvz_vm_reset(1);
	lvz_s2_map(1, GPA, HPA_A, TLBELO_D | TLBELO_PLV3, 0);
	expect_fault(g_load, GPA + 8, ECODE_TLBL, GPA + 8, g_load_site);
	if (lvz_failed())
		return;
	expect_fault(g_store, GPA + 16, ECODE_TLBS, GPA + 16, g_store_site);
	if (lvz_failed())
		return;
	expect_fault(g_jump, GPA, ECODE_TLBI, GPA, (void *)GPA);
}

static void clean_entry_store(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	host_init();
	lvz_s2_map(1, GPA, HPA_A, TLBELO_V | TLBELO_PLV3, 0);
	e = lvz_run_guest(g_load, GPA);
	EXPECT_DONE(e);
	EXPECT_EQ("load through a clean entry", e->r[R_A0], VAL_A);
	expect_fault(g_store, GPA + 8, ECODE_TLBM, GPA + 8, g_store_site);
}

/* Reading of the table: NX/NR are reported as TLBI/TLBL or PNX/PNR. */
static void nx_entry(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	*(volatile unsigned int *)LVZ_HVA(HPA_A) = RET_WORD;
	lvz_s2_map(1, GPA, HPA_A, S2_RW | TLBELO_NX, 0);
	e = lvz_run_guest(g_jump, GPA);
	EXPECT(e->kind == LVZ_TRAP_EXC &&
	       (e->ecode == ECODE_TLBI || e->ecode == ECODE_PNX),
	       "want exit TLBI(3) or PNX(6), saw %s", lvz_exit_str(e));
	EXPECT_EQ("BADV", e->badv, GPA);
	/* Executable: the same fetch runs. */
	lvz_s2_map(1, GPA, HPA_A, S2_RW, 0);
	EXPECT_DONE(lvz_run_guest(g_jump, GPA));
}

static void nr_entry(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	lvz_s2_map(1, GPA, HPA_A, S2_RW | TLBELO_NR, 0);
	e = lvz_run_guest(g_load, GPA);
	EXPECT(e->kind == LVZ_TRAP_EXC &&
	       (e->ecode == ECODE_TLBL || e->ecode == ECODE_PNR),
	       "want exit TLBL(1) or PNR(5), saw %s", lvz_exit_str(e));
	EXPECT_EQ("BADV", e->badv, GPA);
}

/* Two GIDs, same GPA, different host pages; a third GID misses. */
static void gid_isolation(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	host_init();
	lvz_s2_map(1, GPA, HPA_A, S2_RW, 0);
	lvz_s2_map(2, GPA, HPA_B, S2_RW, 1);
	e = lvz_run_guest(g_load, GPA);
	EXPECT_DONE(e);
	EXPECT_EQ("GID 1 reads", e->r[R_A0], VAL_A);
	lvz_vm_set_gid(2);
	e = lvz_run_guest(g_load, GPA);
	EXPECT_DONE(e);
	EXPECT_EQ("GID 2 reads", e->r[R_A0], VAL_B);
	lvz_vm_set_gid(3);
	e = lvz_run_guest(g_load, GPA);
	EXPECT(e->kind == LVZ_TRAP_TLBR, "GID 3 has no entry: want a refill exit, saw %s",
	       lvz_exit_str(e));
}

/* Decision: stage 2 ignores ASID and G. */
static void asid_and_g_ignored(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	host_init();
	csr_write(CSR_ASID, 0x55);
	lvz_s2_map(1, GPA, HPA_A, S2_RW, 0);	/* G = 0, ASID 0x55 */
	csr_write(CSR_ASID, 0);
	gcsr_write(CSR_ASID, 0x7);
	e = lvz_run_guest(g_load, GPA);
	EXPECT_DONE(e);
	EXPECT_EQ("value", e->r[R_A0], VAL_A);
}

unsigned long plv3_value;
LVZ_INSN_FN(g_plv3_load, "ld.d $a0, $a0, 0\n la.pcrel $t0, plv3_value\n"
	    "st.d $a0, $t0, 0\n syscall 0");

/* Stage-2 PLV is not checked: a PLV3 guest reads through a PLV0/RPLV entry. */
static void plv_ignored(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	host_init();
	plv3_value = 0;
	lvz_s2_map(1, GPA, HPA_A, TLBELO_V | TLBELO_D | TLBELO_RPLV, 0);
	gcsr_write(CSR_CRMD, CRMD_DA | 3);
	e = lvz_run_guest(g_plv3_load, GPA);
	EXPECT(lvz_exit_is_hvc(e, LVZ_HVC_GTRAP), "want the guest's syscall, saw %s",
	       lvz_exit_str(e));
	EXPECT_EQ("guest ESTAT.Ecode", ESTAT_ECODE(lvz_gtrap.estat), ECODE_SYS);
	EXPECT_EQ("value read at PLV3", plv3_value, VAL_A);
}

LVZ_TEST("stage2",
	 LVZ_CASE(miss_load),
	 LVZ_CASE(miss_store),
	 LVZ_CASE(miss_fetch),
	 LVZ_CASE(refill_and_resume),
	 LVZ_CASE(invalid_entry),
	 LVZ_CASE(clean_entry_store),
	 LVZ_CASE(nx_entry),
	 LVZ_CASE(nr_entry),
	 LVZ_CASE(gid_isolation),
	 LVZ_CASE(asid_and_g_ignored),
	 LVZ_CASE(plv_ignored));
