// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel reports the vector units the CPU has (CPUCFG2.LSX, bit 6;
 * .LASX, bit 7) in AT_HWCAP and in the "Features" of /proc/cpuinfo.
 */
#include "../tb.h"
#include "vec.h"

static unsigned int cpucfg(unsigned int word)
{
	unsigned int v;

	asm volatile("cpucfg %0, %1" : "=r" (v) : "r" (word));
	return v;
}

static int has_feature(const char *cpuinfo, const char *name)
{
	const char *line = strstr(cpuinfo, "Features");
	char word[32];
	const char *p;

	if (!line)
		tb_fail("no Features line in /proc/cpuinfo");
	snprintf(word, sizeof(word), " %s", name);
	for (p = strstr(line, word); p; p = strstr(p + 1, word)) {
		if (p > strchr(line, '\n'))
			break;
		if (p[strlen(word)] == ' ' || p[strlen(word)] == '\n')
			return 1;
	}
	return 0;
}

int main(void)
{
	unsigned int cfg2 = cpucfg(2);
	unsigned long hw = getauxval(AT_HWCAP);
	const char *cpuinfo = tb_read("/proc/cpuinfo");
	int lsx = !!(cfg2 & (1U << 6)), lasx = !!(cfg2 & (1U << 7));

	if (!cpuinfo)
		tb_fail("cannot read /proc/cpuinfo");
	printf("CPUCFG2 0x%x, AT_HWCAP 0x%lx\n", cfg2, hw);
	if (!!(hw & HWCAP_LSX) != lsx)
		tb_fail("AT_HWCAP LSX %d, CPUCFG2.LSX %d", !!(hw & HWCAP_LSX),
			lsx);
	if (!!(hw & HWCAP_LASX) != lasx)
		tb_fail("AT_HWCAP LASX %d, CPUCFG2.LASX %d",
			!!(hw & HWCAP_LASX), lasx);
	if (has_feature(cpuinfo, "lsx") != lsx)
		tb_fail("/proc/cpuinfo lsx %d, CPUCFG2.LSX %d",
			has_feature(cpuinfo, "lsx"), lsx);
	if (has_feature(cpuinfo, "lasx") != lasx)
		tb_fail("/proc/cpuinfo lasx %d, CPUCFG2.LASX %d",
			has_feature(cpuinfo, "lasx"), lasx);
	printf("LSX %d, LASX %d, reported alike\n", lsx, lasx);
	return 0;
}
