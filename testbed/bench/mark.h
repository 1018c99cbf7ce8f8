/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The marks of make bench: "andi $zero, $zero, N" does nothing, and the
 * instruction-count plugin (mark.c) logs the whole machine's count when
 * it runs. A measurement runs between BENCH_MARK(1) and BENCH_MARK(2).
 * For kvm-bench and vmm-test.
 */
#ifndef BENCH_MARK_H
#define BENCH_MARK_H

#define BENCH_MARK(n) \
	__asm__ __volatile__("andi $zero, $zero, " #n ::: "memory")

#endif
