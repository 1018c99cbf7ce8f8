/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instructions of the LoongArch virtualization extension (LVZ).
 *
 * binutils 2.40 does not know them, so they are emitted as .word with the
 * register numbers found by parse_r (asm/loongarch.h):
 *
 *   gcsrrd   rd, csr       0x05000000 | csr << 10 | 0 << 5 | rd
 *   gcsrwr   rd, csr       0x05000000 | csr << 10 | 1 << 5 | rd
 *   gcsrxchg rd, rj, csr   0x05000000 | csr << 10 | rj << 5 | rd (rj > 1)
 *   gtlbflush              0x06482401
 *   hvcl     code          0x002b8000 | code
 *
 * rj of gcsrxchg must be neither $r0 nor $r1, which would make it gcsrrd
 * or gcsrwr: the constraint "q" excludes both.
 */
#ifndef __ASM_LOONGARCH_KVM_LVZ_H
#define __ASM_LOONGARCH_KVM_LVZ_H

#include <asm/loongarch.h>

#ifndef __ASSEMBLY__

/* Read the guest's copy of CSR @csr, which must be a constant */
#define gcsr_read(csr)						\
({								\
	unsigned long __v;					\
	__asm__ __volatile__(					\
		"parse_r __reg, %[val]\n\t"			\
		".word 0x05000000 | (%[reg] << 10) | __reg\n\t"	\
		: [val] "=r" (__v)				\
		: [reg] "i" (csr)				\
		: "memory");					\
	__v;							\
})

/* Write @v to the guest's copy of CSR @csr */
#define gcsr_write(v, csr)					\
({								\
	unsigned long __v = (v);				\
	__asm__ __volatile__(					\
		"parse_r __reg, %[val]\n\t"			\
		".word 0x05000000 | (%[reg] << 10) | (1 << 5) | __reg\n\t" \
		: [val] "+r" (__v)				\
		: [reg] "i" (csr)				\
		: "memory");					\
})

/* Replace the bits in @mask of the guest's CSR @csr with those of @v */
#define gcsr_xchg(v, mask, csr)					\
({								\
	unsigned long __v = (v);				\
	__asm__ __volatile__(					\
		"parse_r __rd, %[val]\n\t"			\
		"parse_r __rj, %[msk]\n\t"			\
		".word 0x05000000 | (%[reg] << 10) | (__rj << 5) | __rd\n\t" \
		: [val] "+r" (__v)				\
		: [msk] "q" (mask), [reg] "i" (csr)		\
		: "memory");					\
	__v;							\
})

#endif /* !__ASSEMBLY__ */

#endif /* __ASM_LOONGARCH_KVM_LVZ_H */
