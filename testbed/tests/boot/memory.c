// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel found all the RAM of the EFI boot memory map: QEMU's virt
 * board splits it in a low (256 MiB) and a high part, and tb.mem=MiB says
 * how much there is. The kernel keeps its image and reservations, so
 * MemTotal is somewhat below the total, never above.
 */
#include "../tb.h"

int main(void)
{
	const char *want = tb_cmdline("tb.mem");
	const char *meminfo = tb_read("/proc/meminfo");
	unsigned long total_kib, want_kib;

	if (!want || !meminfo)
		tb_fail("need tb.mem= and /proc/meminfo");
	if (sscanf(meminfo, "MemTotal: %lu kB", &total_kib) != 1)
		tb_fail("no MemTotal in /proc/meminfo");
	want_kib = strtoul(want, NULL, 0) * 1024;
	if (total_kib > want_kib || total_kib < want_kib - want_kib / 8)
		tb_fail("MemTotal %lu kB, RAM %lu kB", total_kib, want_kib);
	printf("MemTotal %lu kB of %lu kB\n", total_kib, want_kib);
	return 0;
}
