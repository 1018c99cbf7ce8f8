// SPDX-License-Identifier: GPL-2.0
/*
 * Every CPU QEMU was given came online: the secondaries left the parking
 * loop through the IPI mailbox (tb.cpus=N on the command line says how
 * many there are).
 */
#include <unistd.h>
#include "../tb.h"

int main(void)
{
	const char *want = tb_cmdline("tb.cpus");
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	if (!want)
		tb_fail("no tb.cpus= on the command line: was it passed in a1?");
	if (online != atol(want))
		tb_fail("%ld CPUs online, expected %s (online: %s)", online,
			want, tb_read("/sys/devices/system/cpu/online"));
	printf("%ld CPUs online\n", online);
	return 0;
}
