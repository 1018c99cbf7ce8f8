// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI tables QEMU placed in memory were found through the EFI
 * configuration table and parsed: the kernel exposes each of them.
 */
#include <unistd.h>
#include "../tb.h"

int main(void)
{
	static const char *const tables[] = {
		"DSDT", "FACP", "APIC", "SRAT", "MCFG",
	};
	char path[64];
	unsigned int i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(path, sizeof(path), "/sys/firmware/acpi/tables/%s",
			 tables[i]);
		if (access(path, R_OK))
			tb_fail("no ACPI table %s", tables[i]);
	}
	printf("ACPI tables present\n");
	return 0;
}
