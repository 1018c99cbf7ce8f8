// SPDX-License-Identifier: GPL-2.0
/*
 * Start-up and the case runner: one RESULT line per case, then
 * "TESTBED: done" and power-off (see test.h for the protocol).
 */
#include "internal.h"
#include "test.h"

#define GED_SLEEP_CTL	0x80000000100e001cUL	/* ACPI GED sleep control */
#define GED_SLP_S5	0x34

enum { CASE_PASS, CASE_FAIL, CASE_SKIP };

int lvz_present;
static int case_state;
static char case_msg[320];

static void record(int state, const char *fmt, va_list ap)
{
	if (case_state != CASE_PASS)
		return;		/* keep the first reason */
	case_state = state;
	lvz_vsnprintf(case_msg, sizeof(case_msg), fmt, ap);
}

void lvz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(CASE_FAIL, fmt, ap);
	va_end(ap);
}

void lvz_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(CASE_SKIP, fmt, ap);
	va_end(ap);
}

int lvz_failed(void)
{
	return case_state == CASE_FAIL;
}

void lvz_abort_case(const char *why)
{
	lvz_fail("%s", why);
	lvz_trap_cleanup(LVZ_TRAP_EXC);
	lvz_longjmp(&lvz_trap_state.case_jmp, 1);
}

void lvz_poweroff(void)
{
	*(volatile unsigned char *)GED_SLEEP_CTL = GED_SLP_S5;
	for (;;)
		;
}

void lvz_delay(unsigned long ticks)
{
	unsigned long t0 = rdtime();

	while (rdtime() - t0 < ticks)
		;
}

/*
 * Root CSRs the library relies on; everything LVZ is left to the tests.
 * Root leaves direct address mode for paging with direct-map windows: an
 * ertn from a TLB refill handler (the stage-2 refill) sets CRMD.PG, so
 * root code must run the same way in both modes.
 */
static void platform_init(void)
{
	csr_write(CSR_DMWIN0, 0x8000000000000001UL);	/* uncached, PLV0 */
	csr_write(CSR_DMWIN1, 0x9000000000000011UL);	/* cached, PLV0 */
	csr_write(CSR_CRMD, CRMD_PG | CRMD_DATF_CC | CRMD_DATM_CC);
	csr_write(CSR_EENTRY, (unsigned long)lvz_root_vector);
	csr_write(CSR_TLBRENTRY, LVZ_PHYS(lvz_root_tlbr_vector));
	csr_write(CSR_ECFG, 0);
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TINTCLR, 1);
	csr_write(CSR_STLBPGSIZE, 12);
	csr_write(CSR_ASID, 0);
	lvz_present = (cpucfg(2) >> 10) & 1;
}

void lvz_main(void)
{
	static const char *const verdict[] = { "PASS", "FAIL", "SKIP" };
	const struct lvz_case *c;

	platform_init();
	lvz_printf("lvz: %s (CPUCFG2.LVZP=%d)\n", lvz_test_name, lvz_present);
	for (c = lvz_cases; c->name; c++) {
		case_state = CASE_PASS;
		case_msg[0] = '\0';
		if (lvz_setjmp(&lvz_trap_state.case_jmp) == 0)
			c->fn();
		lvz_trap_state.run = 0;
		lvz_trap_state.try_exit = 0;
		lvz_printf("RESULT lvz/%s/%s %s%s%s\n", lvz_test_name, c->name,
			   verdict[case_state], case_msg[0] ? " " : "", case_msg);
	}
	lvz_printf("TESTBED: done\n");
	lvz_poweroff();
}
