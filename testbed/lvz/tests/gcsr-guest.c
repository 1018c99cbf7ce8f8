// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 4, guest side: guest csrrd/csrwr on HW CSRs use the guest
 * file without an exit; read-only guest fields; ESTAT.IS in the guest;
 * LVZ instructions in guest mode raise IPE inside the guest.
 */
#include "guest.h"
#include "test.h"

LVZ_INSN_FN(g_read_crmd, "csrrd $a0, 0x0");
LVZ_INSN_FN(g_write_ks3, "csrwr $a0, 0x33");
LVZ_INSN_FN(g_read_estat, "csrrd $a0, 0x5");
LVZ_INSN_FN(g_write_estat, "csrwr $a0, 0x5\n csrrd $a0, 0x5");
LVZ_INSN_FN(g_write_cpuid, "csrwr $a0, 0x20\n csrrd $a0, 0x20");
LVZ_INSN_FN(g_write_prcfg1, "csrwr $a0, 0x21\n csrrd $a0, 0x21");
LVZ_INSN_FN(g_gcsrrd, "gcsrrd $a0, 0x30");
LVZ_INSN_FN(g_gcsrwr, "gcsrwr $a0, 0x30");
LVZ_INSN_FN(g_gcsrxchg, "li.d $t1, -1\n .globl g_gcsrxchg_at\n g_gcsrxchg_at: gcsrxchg $a0, $t1, 0x30");
LVZ_INSN_FN(g_gtlbflush, "gtlbflush");
extern char g_gcsrxchg_at[];

static void guest_sees_guest_crmd(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	e = lvz_run_guest(g_read_crmd, 0);
	EXPECT_DONE(e);
	EXPECT_EQ("guest CRMD read in the guest (DA, PLV0, IE=0)",
		  e->r[R_A0] & (CRMD_DA | CRMD_PG | CRMD_IE | CRMD_PLV_MASK), CRMD_DA);
}

static void guest_write_hw_csr(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_KS3, 0x1357);
	e = lvz_run_guest(g_write_ks3, 0xfeedface);
	EXPECT_DONE(e);
	EXPECT_EQ("guest KS3 seen by gcsrrd", gcsr_read(CSR_KS3), 0xfeedface);
	EXPECT_EQ("root KS3", csr_read(CSR_KS3), 0x1357);
}

/* Decision: guest writes to CPUID and PRCFG1-3 are ignored, no exit. */
static void cpuid_readonly(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	gcsr_write(CSR_CPUID, 5);
	EXPECT_EQ("guest CPUID written by root", gcsr_read(CSR_CPUID) & 0x1ff, 5);
	e = lvz_run_guest(g_write_cpuid, 7);
	EXPECT_DONE(e);
	EXPECT_EQ("guest CPUID after a guest write of 7", e->r[R_A0] & 0x1ff, 5);
}

static void prcfg1_readonly(void)
{
	struct lvz_exit *e;
	unsigned long v;

	lvz_vm_reset(1);
	v = gcsr_read(CSR_PRCFG1);
	e = lvz_run_guest(g_write_prcfg1, ~v);
	EXPECT_DONE(e);
	EXPECT_EQ("guest PRCFG1 after a guest write", e->r[R_A0], v);
}

/* ESTAT.IS[1:0] is guest-writable; the guest cannot write TI/IPI/HWI. */
static void estat_swi_writable(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	e = lvz_run_guest(g_write_estat, 0x3 | 1UL << INT_IPI | 1UL << INT_TI | 0x3fcUL);
	EXPECT_DONE(e);
	EXPECT_EQ("guest ESTAT.IS after guest writes all ones", e->r[R_A0] & ESTAT_IS_MASK, 0x3);
}

/* ESTAT.IS[9:2] reads GINTC.VIP; IS[12] shows a root-injected IPI. */
static void estat_shows_vip_and_ipi(void)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	csr_write(CSR_GINTC, 0x81);
	gcsr_write(CSR_ESTAT, 1UL << INT_IPI);
	e = lvz_run_guest(g_read_estat, 0);
	csr_write(CSR_GINTC, 0);
	EXPECT_DONE(e);
	EXPECT_EQ("guest ESTAT.IS[9:2]", (e->r[R_A0] >> 2) & 0xff, 0x81);
	EXPECT_EQ("guest ESTAT.IS[12]", (e->r[R_A0] >> INT_IPI) & 1, 1);
}

/* Decision: root-only LVZ instructions raise IPE to the guest, no exit. */
static void expect_guest_ipe(void *fn, void *site)
{
	struct lvz_exit *e;

	lvz_vm_reset(1);
	e = lvz_run_guest(fn, 0);
	EXPECT(lvz_exit_is_hvc(e, LVZ_HVC_GTRAP),
	       "want the guest's own handler to run (IPE), saw %s", lvz_exit_str(e));
	EXPECT_EQ("guest exceptions", lvz_gtrap.count, 1);
	EXPECT_EQ("guest ESTAT.Ecode", ESTAT_ECODE(lvz_gtrap.estat), ECODE_IPE);
	EXPECT_EQ("guest ERA", lvz_gtrap.era, (unsigned long)site);
}

static void gcsrrd_in_guest(void)
{
	expect_guest_ipe(g_gcsrrd, g_gcsrrd_site);
}

static void gcsrwr_in_guest(void)
{
	expect_guest_ipe(g_gcsrwr, g_gcsrwr_site);
}

static void gcsrxchg_in_guest(void)
{
	expect_guest_ipe(g_gcsrxchg, g_gcsrxchg_at);
}

static void gtlbflush_in_guest(void)
{
	expect_guest_ipe(g_gtlbflush, g_gtlbflush_site);
}

LVZ_TEST("gcsr-guest",
	 LVZ_CASE(guest_sees_guest_crmd),
	 LVZ_CASE(guest_write_hw_csr),
	 LVZ_CASE(cpuid_readonly),
	 LVZ_CASE(prcfg1_readonly),
	 LVZ_CASE(estat_swi_writable),
	 LVZ_CASE(estat_shows_vip_and_ipi),
	 LVZ_CASE(gcsrrd_in_guest),
	 LVZ_CASE(gcsrwr_in_guest),
	 LVZ_CASE(gcsrxchg_in_guest),
	 LVZ_CASE(gtlbflush_in_guest));
