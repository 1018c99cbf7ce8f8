/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the testbed's test programs. A program exits 0 when
 * it passes, 77 when it does not apply, anything else when it fails, and
 * says why on stdout.
 */
#ifndef TB_H
#define TB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TB_SKIP 77

#define tb_fail(...) do {					\
	printf("FAIL: " __VA_ARGS__);				\
	putchar('\n');						\
	exit(1);						\
} while (0)

/* Value of "name=value" on the kernel command line, or NULL. */
static inline const char *tb_cmdline(const char *name)
{
	static char line[4096];
	size_t len = strlen(name);
	char *tok, *save;
	FILE *f = fopen("/proc/cmdline", "r");

	if (!f || !fgets(line, sizeof(line), f))
		tb_fail("cannot read /proc/cmdline");
	fclose(f);
	for (tok = strtok_r(line, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(tok, name, len) && tok[len] == '=')
			return tok + len + 1;
	}
	return NULL;
}

/* Read a whole small file into a static buffer; NULL if it is missing. */
static inline const char *tb_read(const char *path)
{
	static char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

#endif
