/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FP and vector registers of a user program, moved as a whole: all 32
 * at once, 8, 16 or 32 bytes each (FP, LSX, LASX), to and from a struct
 * vregs (32 bytes per register, lowest byte first, as the kernel keeps
 * them). binutils 2.40 cannot assemble LSX or LASX, so the loads and
 * stores are emitted as their encodings (fld.d/fst.d too, to share the
 * loop): op | si12 << 10 | rj << 5 | rd.
 */
#ifndef VEC_H
#define VEC_H

#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>

#define OP_FLD_D	0x2b800000
#define OP_FST_D	0x2bc00000
#define OP_VLD		0x2c000000
#define OP_VST		0x2c400000
#define OP_XVLD		0x2c800000
#define OP_XVST		0x2cc00000

#define HWCAP_LSX	(1UL << 4)
#define HWCAP_LASX	(1UL << 5)

struct vregs {
	uint64_t r[32][4];
} __attribute__((aligned(32)));

#define VEC_STR_(x)	#x
#define VEC_STR(x)	VEC_STR_(x)

/* All 32 registers, op with base register number rj */
#define VEC_ALL(op, rj)							\
	".set __tb_vn, 0\n"						\
	".rept 32\n"							\
	".word " VEC_STR(op) " | ((__tb_vn * 32) << 10) | ("		\
	VEC_STR(rj) " << 5) | __tb_vn\n"				\
	".set __tb_vn, __tb_vn + 1\n"					\
	".endr\n"

#define VEC_CLOBBERS							\
	"$f0", "$f1", "$f2", "$f3", "$f4", "$f5", "$f6", "$f7",		\
	"$f8", "$f9", "$f10", "$f11", "$f12", "$f13", "$f14", "$f15",	\
	"$f16", "$f17", "$f18", "$f19", "$f20", "$f21", "$f22", "$f23",	\
	"$f24", "$f25", "$f26", "$f27", "$f28", "$f29", "$f30", "$f31",	\
	"memory"

/*
 * Load the registers from @in (width 8, 16 or 32), make system call @nr
 * with arguments a0..a2, store them to @out: nothing but the kernel runs
 * in between. Returns the system call's result.
 */
#define VEC_SYSCALL(ld, st)						\
	asm volatile(VEC_ALL(ld, 23) "syscall 0\n" VEC_ALL(st, 24)	\
		     : "+r" (a0)					\
		     : "r" (a1), "r" (a2), "r" (a7), "r" (pin), "r" (pout) \
		     : "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6",	\
		       "$t7", "$t8", VEC_CLOBBERS)

static inline long vec_syscall(int width, const struct vregs *in,
			       struct vregs *out, long nr, long x0, long x1,
			       long x2)
{
	register long a0 asm("$r4") = x0;
	register long a1 asm("$r5") = x1;
	register long a2 asm("$r6") = x2;
	register long a7 asm("$r11") = nr;
	/* s0 and s1: the system call preserves them */
	register const struct vregs *pin asm("$r23") = in;
	register struct vregs *pout asm("$r24") = out;

	if (width == 8)
		VEC_SYSCALL(OP_FLD_D, OP_FST_D);
	else if (width == 16)
		VEC_SYSCALL(OP_VLD, OP_VST);
	else
		VEC_SYSCALL(OP_XVLD, OP_XVST);
	return a0;
}

/* Load the registers from @in, width 8, 16 or 32 */
static inline void vec_put(int width, const struct vregs *in)
{
	register const struct vregs *p asm("$r12") = in;

	if (width == 8)
		asm volatile(VEC_ALL(OP_FLD_D, 12) : : "r" (p) : VEC_CLOBBERS);
	else if (width == 16)
		asm volatile(VEC_ALL(OP_VLD, 12) : : "r" (p) : VEC_CLOBBERS);
	else
		asm volatile(VEC_ALL(OP_XVLD, 12) : : "r" (p) : VEC_CLOBBERS);
}

/* Store the registers to @out, width 8, 16 or 32 */
static inline void vec_get(int width, struct vregs *out)
{
	register struct vregs *p asm("$r13") = out;

	if (width == 8)
		asm volatile(VEC_ALL(OP_FST_D, 13) : : "r" (p) : VEC_CLOBBERS);
	else if (width == 16)
		asm volatile(VEC_ALL(OP_VST, 13) : : "r" (p) : VEC_CLOBBERS);
	else
		asm volatile(VEC_ALL(OP_XVST, 13) : : "r" (p) : VEC_CLOBBERS);
}

/* A value for every 64-bit word, different for each seed, register, word */
static inline void vec_pattern(struct vregs *v, uint64_t seed)
{
	int i, j;

	for (i = 0; i < 32; i++)
		for (j = 0; j < 4; j++)
			v->r[i][j] = (seed * 0x9e3779b97f4a7c15ULL) ^
				     ((uint64_t)(i * 4 + j + 1) << 40) ^
				     (0x0123456789abcdefULL >> j);
}

/*
 * The first register and 64-bit word in which @a and @b differ, within
 * @width bytes of each register, as i * 4 + j; -1 when they agree.
 */
static inline int vec_diff(int width, const struct vregs *a,
			   const struct vregs *b)
{
	int i, j;

	for (i = 0; i < 32; i++)
		for (j = 0; j < width / 8; j++)
			if (a->r[i][j] != b->r[i][j])
				return i * 4 + j;
	return -1;
}

static inline int vec_width_ok(int width)
{
	unsigned long hw = getauxval(AT_HWCAP);

	if (width == 16)
		return !!(hw & HWCAP_LSX);
	if (width == 32)
		return !!(hw & HWCAP_LASX);
	return 1;
}

#endif
