// SPDX-License-Identifier: GPL-2.0
/*
 * lvz.md section 4 (decision, see the issue on the backend's defects):
 * the guest CSR file's LLBCTL goes with an LLbit of the guest's own. It
 * survives exits to root, root's ertn into the guest leaves it alone,
 * and root clears it with gcsrwr of the guest's LLBCTL.WCLLB. In either
 * mode, ertn clears the mode's LLbit unless LLBCTL.KLO asks to keep it
 * once (LoongArch Reference Manual, volume 1, 7.4.13). Root's own
 * LLBCTL does the same for root's LLbit.
 */
#include "guest.h"
#include "test.h"

#define LLB_ROLLB	0x1UL
#define LLB_WCLLB	0x2UL
#define LLB_KLO		0x4UL
#define CODE		0x10

static volatile unsigned int word;

/* ll.w; hvcl CODE (root resumes after it); sc.w 9: a0 = sc's result */
LVZ_INSN_FN(ll_exit_sc, "ll.w $t0, $a0, 0\n li.w $a7, 0x10\n hvcl 0x10\n"
	    "li.w $t1, 9\n sc.w $t1, $a0, 0\n move $a0, $t1");

/*
 * ll.w; LLBCTL = 0 or KLO; ertn to the next instruction, at the mode's
 * own PLV and IE (PRMD from CRMD); sc.w 9. Runs in either mode.
 */
#define LL_ERTN_SC(llbctl)						\
	"ll.w $t0, $a0, 0\n li.w $t3, " #llbctl "\n csrwr $t3, 0x60\n"	\
	"csrrd $t3, 0x0\n andi $t3, $t3, 7\n csrwr $t3, 0x1\n"		\
	"pcaddi $t2, 3\n csrwr $t2, 0x6\n ertn\n"			\
	"li.w $t1, 9\n sc.w $t1, $a0, 0\n move $a0, $t1"
LVZ_INSN_FN(ll_ertn_sc, LL_ERTN_SC(0));
LVZ_INSN_FN(ll_klo_ertn_sc, LL_ERTN_SC(4));
/* ll.w; LLBCTL.WCLLB; sc.w 9 */
LVZ_INSN_FN(root_ll_wcllb_sc, "ll.w $t0, $a0, 0\n li.w $t3, 2\n"
	    "csrwr $t3, 0x60\n li.w $t1, 9\n sc.w $t1, $a0, 0\n move $a0, $t1");

struct llb_exit {
	int clear;			/* root clears the guest's LLbit */
	unsigned long before, after;	/* guest LLBCTL seen by root */
};

static enum lvz_action at_hvcl(struct lvz_run *run, struct lvz_exit *e)
{
	struct llb_exit *x = run->priv;

	if (!lvz_exit_is_hvc(e, CODE))
		return LVZ_STOP;
	x->before = gcsr_read(CSR_LLBCTL);
	if (x->clear)
		gcsr_xchg(CSR_LLBCTL, LLB_WCLLB, LLB_WCLLB);
	x->after = gcsr_read(CSR_LLBCTL);
	e->era += 4;
	return LVZ_RESUME;
}

static unsigned long run_ll_exit_sc(struct llb_exit *x)
{
	struct lvz_run run = {
		.entry = ll_exit_sc,
		.arg = LVZ_PHYS(&word),
		.on_exit = at_hvcl,
		.priv = x,
	};

	word = 0x1234;
	lvz_vm_reset(1);
	lvz_run(&run);
	if (!lvz_exit_is_done(&run.exit))
		lvz_printf("llbit: the guest stopped at %s\n",
			   lvz_exit_str(&run.exit));
	return lvz_exit_is_done(&run.exit) ? run.exit.r[R_A0] : ~0UL;
}

/* The guest's LLbit survives an exit and root's ertn back into the guest */
static void survives_exit(void)
{
	struct llb_exit x = { .clear = 0 };

	EXPECT_EQ("sc.w after ll.w and an exit (1: passed)",
		  run_ll_exit_sc(&x), 1);
	EXPECT_EQ("guest LLBCTL.ROLLB seen by root", x.before & LLB_ROLLB,
		  LLB_ROLLB);
	EXPECT_EQ("memory after the sc.w", word, 9);
}

/* Root's gcsrwr of the guest's LLBCTL.WCLLB clears it: the sc fails */
static void root_clears(void)
{
	struct llb_exit x = { .clear = 1 };

	EXPECT_EQ("sc.w after root cleared the LLbit (0: failed)",
		  run_ll_exit_sc(&x), 0);
	EXPECT_EQ("guest LLBCTL.ROLLB before the clear", x.before & LLB_ROLLB,
		  LLB_ROLLB);
	EXPECT_EQ("guest LLBCTL.ROLLB after the clear", x.after & LLB_ROLLB, 0);
	EXPECT_EQ("memory after the failed sc.w", word, 0x1234);
}

static unsigned long guest_ertn(void *fn)
{
	struct lvz_run run = { .entry = fn, .arg = LVZ_PHYS(&word) };

	word = 0x1234;
	lvz_vm_reset(1);
	lvz_run(&run);
	return lvz_exit_is_done(&run.exit) ? run.exit.r[R_A0] : ~0UL;
}

/* The guest's own ertn clears its LLbit ... */
static void guest_ertn_clears(void)
{
	EXPECT_EQ("sc.w after ll.w and ertn (0: failed)",
		  guest_ertn(ll_ertn_sc), 0);
}

/* ... unless its LLBCTL.KLO keeps it, once */
static void guest_ertn_klo(void)
{
	EXPECT_EQ("sc.w after ll.w and ertn with KLO (1: passed)",
		  guest_ertn(ll_klo_ertn_sc), 1);
	EXPECT_EQ("guest LLBCTL.KLO after the ertn",
		  gcsr_read(CSR_LLBCTL) & LLB_KLO, 0);
}

static unsigned long in_root(void *fn)
{
	word = 0x1234;
	return ((unsigned long (*)(unsigned long))fn)((unsigned long)&word);
}

/* Root's LLBCTL.WCLLB clears root's LLbit: the sc fails */
static void root_wcllb(void)
{
	EXPECT_EQ("root sc.w after LLBCTL.WCLLB (0: failed)",
		  in_root(root_ll_wcllb_sc), 0);
	EXPECT_EQ("memory after the failed sc.w", word, 0x1234);
	EXPECT_EQ("root LLBCTL.ROLLB", csr_read(CSR_LLBCTL) & LLB_ROLLB, 0);
}

/* Root's ertn clears root's LLbit ... */
static void root_ertn_clears(void)
{
	EXPECT_EQ("root sc.w after ll.w and ertn (0: failed)",
		  in_root(ll_ertn_sc), 0);
}

/* ... unless root's LLBCTL.KLO keeps it, once */
static void root_ertn_klo(void)
{
	EXPECT_EQ("root sc.w after ll.w and ertn with KLO (1: passed)",
		  in_root(ll_klo_ertn_sc), 1);
	EXPECT_EQ("memory after the sc.w", word, 9);
	EXPECT_EQ("root LLBCTL.KLO after the ertn",
		  csr_read(CSR_LLBCTL) & LLB_KLO, 0);
}

LVZ_TEST("llbit",
	 LVZ_CASE(survives_exit),
	 LVZ_CASE(root_clears),
	 LVZ_CASE(guest_ertn_clears),
	 LVZ_CASE(guest_ertn_klo),
	 LVZ_CASE(root_wcllb),
	 LVZ_CASE(root_ertn_clears),
	 LVZ_CASE(root_ertn_klo));
