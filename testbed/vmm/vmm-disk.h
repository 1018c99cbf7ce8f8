/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host (vmm-test.c) and the guest (guest-init.c) of check-vmm's
 * disk case both compute: the checksum of the data the host wrote, and
 * the pattern the guest writes into the disk's last MiB.
 */
#ifndef VMM_DISK_H
#define VMM_DISK_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A64_INIT	0xcbf29ce484222325ULL

/* FNV-1a, 64 bits: the hash @h after one more byte @c */
static inline uint64_t fnv1a64(uint64_t h, unsigned char c)
{
	return (h ^ c) * 0x100000001b3ULL;
}

/* Byte @i of the pattern the guest writes */
static inline unsigned char disk_pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 12));
}

#endif
