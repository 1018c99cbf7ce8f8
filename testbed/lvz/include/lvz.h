/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LVZ instructions for an assembler that does not know them (binutils
 * 2.40). This is the only place that encodes them; encodings are those of
 * lvz.md section 8:
 *
 *   gcsrrd   rd, csr       0x05000000 | csr << 10 | 0 << 5 | rd
 *   gcsrwr   rd, csr       0x05000000 | csr << 10 | 1 << 5 | rd
 *   gcsrxchg rd, rj, csr   0x05000000 | csr << 10 | rj << 5 | rd  (rj > 1)
 *   gtlbflush              0x06482401
 *   hvcl     code          0x002b8000 | code (15 bits)
 *
 * Register operands are turned into numbers by the assembler macro
 * lvz_regno, which accepts both the "$rN" names GCC prints and the ABI
 * names ($a0, $t1, ...). The macros are defined, once per assembler run,
 * by the text LVZ_ASM_DEFS that every inline asm below starts with.
 */
#ifndef LVZ_LVZ_H
#define LVZ_LVZ_H

#define LVZ_INSN_GCSR		0x05000000U
#define LVZ_INSN_GTLBFLUSH	0x06482401U
#define LVZ_INSN_HVCL		0x002b8000U

#define LVZ_GCSRRD_WORD(rd, csr)	(LVZ_INSN_GCSR | (csr) << 10 | (rd))
#define LVZ_GCSRWR_WORD(rd, csr)	(LVZ_INSN_GCSR | (csr) << 10 | 1 << 5 | (rd))
#define LVZ_GCSRXCHG_WORD(rd, rj, csr)	\
	(LVZ_INSN_GCSR | (csr) << 10 | (rj) << 5 | (rd))
#define LVZ_HVCL_WORD(code)		(LVZ_INSN_HVCL | ((code) & 0x7fff))

#define LVZ_ASM_DEFS							\
	".ifndef .Llvz_defs_done\n"					\
	".Llvz_defs_done = 1\n"						\
	".macro lvz_alias var, reg, name, num\n"			\
	".ifc \\reg,\\name\n"						\
	"\\var = \\num\n"						\
	".endif\n"							\
	".endm\n"							\
	".macro lvz_regno var, reg\n"					\
	"\\var = -1\n"							\
	".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,"	\
	"21,22,23,24,25,26,27,28,29,30,31\n"				\
	"lvz_alias \\var, \\reg, $r\\n, \\n\n"				\
	".endr\n"							\
	"lvz_alias \\var, \\reg, $zero, 0\n"				\
	"lvz_alias \\var, \\reg, $ra, 1\n"				\
	"lvz_alias \\var, \\reg, $tp, 2\n"				\
	"lvz_alias \\var, \\reg, $sp, 3\n"				\
	"lvz_alias \\var, \\reg, $a0, 4\n"				\
	"lvz_alias \\var, \\reg, $a1, 5\n"				\
	"lvz_alias \\var, \\reg, $a2, 6\n"				\
	"lvz_alias \\var, \\reg, $a3, 7\n"				\
	"lvz_alias \\var, \\reg, $a4, 8\n"				\
	"lvz_alias \\var, \\reg, $a5, 9\n"				\
	"lvz_alias \\var, \\reg, $a6, 10\n"				\
	"lvz_alias \\var, \\reg, $a7, 11\n"				\
	"lvz_alias \\var, \\reg, $t0, 12\n"				\
	"lvz_alias \\var, \\reg, $t1, 13\n"				\
	"lvz_alias \\var, \\reg, $t2, 14\n"				\
	"lvz_alias \\var, \\reg, $t3, 15\n"				\
	"lvz_alias \\var, \\reg, $t4, 16\n"				\
	"lvz_alias \\var, \\reg, $t5, 17\n"				\
	"lvz_alias \\var, \\reg, $t6, 18\n"				\
	"lvz_alias \\var, \\reg, $t7, 19\n"				\
	"lvz_alias \\var, \\reg, $t8, 20\n"				\
	"lvz_alias \\var, \\reg, $fp, 22\n"				\
	"lvz_alias \\var, \\reg, $s9, 22\n"				\
	"lvz_alias \\var, \\reg, $s0, 23\n"				\
	"lvz_alias \\var, \\reg, $s1, 24\n"				\
	"lvz_alias \\var, \\reg, $s2, 25\n"				\
	"lvz_alias \\var, \\reg, $s3, 26\n"				\
	"lvz_alias \\var, \\reg, $s4, 27\n"				\
	"lvz_alias \\var, \\reg, $s5, 28\n"				\
	"lvz_alias \\var, \\reg, $s6, 29\n"				\
	"lvz_alias \\var, \\reg, $s7, 30\n"				\
	"lvz_alias \\var, \\reg, $s8, 31\n"				\
	".if \\var < 0\n"						\
	".error \"lvz_regno: not a general register: \\reg\"\n"	\
	".endif\n"							\
	".endm\n"							\
	".macro gcsrrd rd, csr\n"					\
	"lvz_regno .Llvz_rd, \\rd\n"					\
	".word 0x05000000 | ((\\csr) << 10) | .Llvz_rd\n"		\
	".endm\n"							\
	".macro gcsrwr rd, csr\n"					\
	"lvz_regno .Llvz_rd, \\rd\n"					\
	".word 0x05000020 | ((\\csr) << 10) | .Llvz_rd\n"		\
	".endm\n"							\
	".macro gcsrxchg rd, rj, csr\n"					\
	"lvz_regno .Llvz_rd, \\rd\n"					\
	"lvz_regno .Llvz_rj, \\rj\n"					\
	".if .Llvz_rj < 2\n"						\
	".error \"gcsrxchg: rj must not be $r0 or $r1\"\n"		\
	".endif\n"							\
	".word 0x05000000 | ((\\csr) << 10) | (.Llvz_rj << 5) | .Llvz_rd\n" \
	".endm\n"							\
	".macro gtlbflush\n"						\
	".word 0x06482401\n"						\
	".endm\n"							\
	".macro hvcl code\n"						\
	".word 0x002b8000 | ((\\code) & 0x7fff)\n"			\
	".endm\n"							\
	".endif\n"

#ifndef __ASSEMBLER__

/* Read guest CSR @csr (a constant) from root mode. */
#define gcsr_read(csr) ({						\
	unsigned long v_;						\
	__asm__ volatile(LVZ_ASM_DEFS "gcsrrd %0, %1"			\
			 : "=r"(v_) : "i"(csr) : "memory");		\
	v_;								\
})

/* Write guest CSR @csr; evaluates to the old value, as csrwr does. */
#define gcsr_write(csr, val) ({						\
	unsigned long v_ = (val);					\
	__asm__ volatile(LVZ_ASM_DEFS "gcsrwr %0, %1"			\
			 : "+r"(v_) : "i"(csr) : "memory");		\
	v_;								\
})

/*
 * Exchange the bits of guest CSR @csr selected by @mask with @val;
 * evaluates to the full old value. The mask is pinned to $t1 because
 * rj = $r0/$r1 would encode gcsrrd/gcsrwr instead.
 */
#define gcsr_xchg(csr, val, mask) ({					\
	unsigned long v_ = (val);					\
	register unsigned long m_ __asm__("$t1") = (mask);		\
	__asm__ volatile(LVZ_ASM_DEFS "gcsrxchg %0, %1, %2"		\
			 : "+r"(v_) : "r"(m_), "i"(csr) : "memory");	\
	v_;								\
})

static inline void gtlbflush(void)
{
	__asm__ volatile(LVZ_ASM_DEFS "gtlbflush" ::: "memory");
}

/* hvcl with the code in the instruction; a7 carries it too (see guest.h). */
#define hvcl(code) __asm__ volatile(LVZ_ASM_DEFS "hvcl %0" :: "i"(code) : "memory")

#endif /* !__ASSEMBLER__ */
#endif /* LVZ_LVZ_H */
