// SPDX-License-Identifier: GPL-2.0
/*
 * Copies between the kernel and user programs (patch 0012: __copy_user()
 * by aligned words when both sides are aligned alike, bytes otherwise).
 *
 * Content: write() to a memfd from every alignment and read() back into
 * every alignment, lengths around the word and four-word steps; the bytes
 * around the destination stay as they were.
 *
 * Faults: a user buffer that ends at an inaccessible page. write() from
 * it and read() into it move exactly the bytes before that page (both
 * copy through __copy_user(), whose return says what was not copied),
 * and fail with EFAULT when there are none.
 */
#define _GNU_SOURCE
#include "../tb.h"
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>

#define MAXLEN	300

static const size_t lengths[] = {
	0, 1, 7, 8, 9, 15, 16, 31, 32, 33, 39, 40, 63, 64, 65, 100, 255, 256,
	MAXLEN,
};

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + 3);
}

static int new_file(void)
{
	int fd = memfd_create("uaccess", 0);

	if (fd < 0)
		tb_fail("memfd_create: %s", strerror(errno));
	return fd;
}

/* n bytes from src + so to the file at pos, back into dst + doff */
static void round_trip(int fd, size_t pos, size_t so, size_t doff, size_t n)
{
	static unsigned char src[MAXLEN + 16], dst[MAXLEN + 48];
	size_t i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = pattern(i);
	memset(dst, 0xa5, sizeof(dst));
	if (pwrite(fd, src + so, n, pos) != (ssize_t)n)
		tb_fail("pwrite %zu at %zu from +%zu: %s", n, pos, so,
			strerror(errno));
	if (pread(fd, dst + 16 + doff, n, pos) != (ssize_t)n)
		tb_fail("pread %zu at %zu to +%zu: %s", n, pos, doff,
			strerror(errno));
	for (i = 0; i < sizeof(dst); i++) {
		int in = i >= 16 + doff && i < 16 + doff + n;
		unsigned char want = in ? pattern(so + i - 16 - doff) : 0xa5;

		if (dst[i] != want)
			tb_fail("%zu bytes, file %zu, src +%zu, dst +%zu: byte %zu is 0x%02x, not 0x%02x",
				n, pos, so, doff, i, dst[i], want);
	}
}

/* A page, followed by an inaccessible one */
static unsigned char *guarded(size_t page)
{
	unsigned char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE))
		tb_fail("mmap/mprotect: %s", strerror(errno));
	return p;
}

static void check_count(const char *what, ssize_t got, size_t avail,
			size_t pos)
{
	if (avail ? got != (ssize_t)avail : (got != -1 || errno != EFAULT))
		tb_fail("%s with %zu bytes before the hole, file %zu: %zd (%s)",
			what, avail, pos, got, got < 0 ? strerror(errno) : "-");
}

/* Buffers that end @avail bytes before the inaccessible page after @g */
static void faults(int fd, unsigned char *g, size_t page)
{
	static unsigned char back[MAXLEN];
	size_t avail, pos, i;

	for (avail = 0; avail <= 40; avail++) {
		for (pos = 0; pos < 16; pos++) {
			unsigned char *b = g + page - avail;
			ssize_t got;

			/* copy_from_user(): the bytes before the hole only */
			for (i = 0; i < avail; i++)
				b[i] = pattern(i);
			if (ftruncate(fd, 0))
				tb_fail("ftruncate: %s", strerror(errno));
			got = pwrite(fd, b, avail + 24, pos);
			check_count("pwrite", got, avail, pos);
			if (avail && (pread(fd, back, avail, pos) != (ssize_t)avail ||
				      memcmp(back, b, avail)))
				tb_fail("pwrite of %zu at %zu: wrong bytes",
					avail, pos);

			/* copy_to_user(): as many as fit before the hole */
			for (i = 0; i < avail + 24; i++)
				back[i] = pattern(i + 1);
			if (pwrite(fd, back, avail + 24, pos) != (ssize_t)avail + 24)
				tb_fail("pwrite: %s", strerror(errno));
			memset(b, 0, avail);
			got = pread(fd, b, avail + 24, pos);
			check_count("pread", got, avail, pos);
			if (memcmp(b, back, avail))
				tb_fail("pread of %zu at %zu: wrong bytes",
					avail, pos);
		}
	}
}

int main(void)
{
	size_t page = sysconf(_SC_PAGESIZE);
	int fd = new_file();
	size_t l, pos, so, doff;

	for (l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++)
		for (pos = 0; pos < 16; pos++)
			for (so = 0; so < 16; so++)
				for (doff = 0; doff < 16; doff += 3)
					round_trip(fd, pos, so, doff,
						   lengths[l]);
	printf("round trips: every alignment, %zu lengths\n",
	       sizeof(lengths) / sizeof(lengths[0]));
	faults(fd, guarded(page), page);
	printf("faults: exact counts for 0 to 40 bytes before a hole\n");
	return 0;
}
