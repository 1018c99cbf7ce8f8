/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Root CSR numbers and fields used by the LVZ conformance tests, and
 * accessors for the current mode's CSR file. The LVZ-only guest CSR
 * accessors (gcsrrd/gcsrwr/gcsrxchg) live in lvz.h.
 *
 * Numbers and field positions follow Linux 6.1 asm/loongarch.h and
 * lvz.md section 2.
 */
#ifndef LVZ_CSR_H
#define LVZ_CSR_H

#define CSR_CRMD	0x0
#define CSR_PRMD	0x1
#define CSR_EUEN	0x2
#define CSR_MISC	0x3
#define CSR_ECFG	0x4
#define CSR_ESTAT	0x5
#define CSR_ERA		0x6
#define CSR_BADV	0x7
#define CSR_BADI	0x8
#define CSR_EENTRY	0xc
#define CSR_TLBIDX	0x10
#define CSR_TLBEHI	0x11
#define CSR_TLBELO0	0x12
#define CSR_TLBELO1	0x13
#define CSR_GTLBC	0x15
#define CSR_TRGP	0x16
#define CSR_ASID	0x18
#define CSR_PGDL	0x19
#define CSR_PGDH	0x1a
#define CSR_PGD		0x1b
#define CSR_PWCTL0	0x1c
#define CSR_PWCTL1	0x1d
#define CSR_STLBPGSIZE	0x1e
#define CSR_RVACFG	0x1f
#define CSR_CPUID	0x20
#define CSR_PRCFG1	0x21
#define CSR_PRCFG2	0x22
#define CSR_PRCFG3	0x23
#define CSR_KS0		0x30
#define CSR_KS1		0x31
#define CSR_KS2		0x32
#define CSR_KS3		0x33
#define CSR_KS8		0x38
#define CSR_TMID	0x40
#define CSR_TCFG	0x41
#define CSR_TVAL	0x42
#define CSR_CNTC	0x43
#define CSR_TINTCLR	0x44
#define CSR_GSTAT	0x50
#define CSR_GCFG	0x51
#define CSR_GINTC	0x52
#define CSR_GCNTC	0x53
#define CSR_LLBCTL	0x60
#define CSR_IMPCTL1	0x80
#define CSR_IMPCTL2	0x81
#define CSR_TLBRENTRY	0x88
#define CSR_TLBRBADV	0x89
#define CSR_TLBRERA	0x8a
#define CSR_TLBRSAVE	0x8b
#define CSR_TLBRELO0	0x8c
#define CSR_TLBRELO1	0x8d
#define CSR_TLBREHI	0x8e
#define CSR_TLBRPRMD	0x8f
#define CSR_MERRCTL	0x90
#define CSR_CTAG	0x98
#define CSR_PRID	0xc0
#define CSR_DMWIN0	0x180
#define CSR_DMWIN1	0x181
#define CSR_DMWIN2	0x182
#define CSR_DMWIN3	0x183
#define CSR_PERFCTRL0	0x200
#define CSR_DEBUG	0x500
/* A number no LoongArch CSR uses: "a CSR this CPU does not implement". */
#define CSR_UNKNOWN	0x7f0

/* CRMD / PRMD */
#define CRMD_PLV_MASK	0x3UL
#define CRMD_IE		(1UL << 2)
#define CRMD_DA		(1UL << 3)
#define CRMD_PG		(1UL << 4)
#define CRMD_DATF_CC	(1UL << 5)
#define CRMD_DATM_CC	(1UL << 7)
#define PRMD_PIE	(1UL << 2)

/* EUEN */
#define EUEN_FPE	(1UL << 0)
#define EUEN_SXE	(1UL << 1)
#define EUEN_ASXE	(1UL << 2)

/* ECFG.LIE and ESTAT.IS share the interrupt bit numbering. */
#define INT_SWI0	0
#define INT_SWI1	1
#define INT_HWI0	2
#define INT_TI		11
#define INT_IPI		12
#define ESTAT_IS_MASK	0x1fffUL
#define ESTAT_ECODE(e)	(((e) >> 16) & 0x3f)
#define ESTAT_ESUB(e)	(((e) >> 22) & 0x1ff)

/* TLB */
#define TLBIDX_NE	(1UL << 31)
#define TLBIDX_PS_SHIFT	24
#define TLBIDX_IDX_MASK	0xfffUL
#define TLBELO_V	(1UL << 0)
#define TLBELO_D	(1UL << 1)
#define TLBELO_PLV3	(3UL << 2)
#define TLBELO_MAT_CC	(1UL << 4)
#define TLBELO_G	(1UL << 6)
#define TLBELO_NR	(1UL << 61)
#define TLBELO_NX	(1UL << 62)
#define TLBELO_RPLV	(1UL << 63)
#define TLBRERA_ISTLBR	(1UL << 0)
#define STLB_SIZE	2048	/* QEMU la464: 8 ways x 256 sets, then MTLB */
#define MTLB_BASE	2048

/* GTLBC, TRGP (lvz.md section 2) */
#define GTLBC_USETGID	(1UL << 12)
#define GTLBC_TOTI	(1UL << 13)
#define GTLBC_TGID_SHIFT 16
#define TRGP_GTLB	(1UL << 0)
#define TRGP_RID(v)	(((v) >> 16) & 0xff)

/* GSTAT */
#define GSTAT_VM	(1UL << 0)
#define GSTAT_PVM	(1UL << 1)
#define GSTAT_GIDBIT(v)	(((v) >> 4) & 0x3f)
#define GSTAT_GID_SHIFT	16
#define GSTAT_GID_MASK	(0xffUL << GSTAT_GID_SHIFT)

/* GCFG */
#define GCFG_MATP_MASK	0x7UL		/* guest, root, nested */
#define GCFG_MATC_SHIFT	4
#define GCFG_SITP	(1UL << 6)
#define GCFG_SIT	(1UL << 7)
#define GCFG_TITP	(1UL << 8)
#define GCFG_TIT	(1UL << 9)
#define GCFG_TOEP	(1UL << 10)
#define GCFG_TOE	(1UL << 11)
#define GCFG_TOPP	(1UL << 12)
#define GCFG_TOP	(1UL << 13)
#define GCFG_TORUP	(1UL << 14)
#define GCFG_TORU	(1UL << 15)
#define GCFG_GCIP_MASK	(0x7UL << 16)	/* all, hit, secure */
#define GCFG_GCI_SHIFT	20

/* TCFG */
#define TCFG_EN		(1UL << 0)
#define TCFG_PERIODIC	(1UL << 1)
#define TCFG_INIT(n)	((unsigned long)(n) << 2)

/* Exception codes (6.1 names in comments where they differ). */
#define ECODE_INT	0
#define ECODE_TLBL	1	/* PIL */
#define ECODE_TLBS	2	/* PIS */
#define ECODE_TLBI	3	/* PIF */
#define ECODE_TLBM	4	/* PME */
#define ECODE_PNR	5
#define ECODE_PNX	6
#define ECODE_SYS	11
#define ECODE_BRK	12
#define ECODE_INE	13
#define ECODE_IPE	14
#define ECODE_FPD	15
#define ECODE_SXD	16
#define ECODE_ASXD	17
#define ECODE_GSPR	22	/* 6.1: EXCCODE_PSI */
#define ECODE_HVC	23	/* 6.1: EXCCODE_HYP */
#define ECODE_GCM	24

#ifndef __ASSEMBLER__

#define csr_read(csr) ({						\
	unsigned long v_;						\
	__asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(csr) : "memory"); \
	v_;								\
})

#define csr_write(csr, val) do {					\
	unsigned long v_ = (val);					\
	__asm__ volatile("csrwr %0, %1" : "+r"(v_) : "i"(csr) : "memory"); \
} while (0)

/* Returns the full old value; only bits set in @mask change. */
#define csr_xchg(csr, val, mask) ({					\
	unsigned long v_ = (val);					\
	__asm__ volatile("csrxchg %0, %1, %2"				\
			 : "+r"(v_) : "r"((unsigned long)(mask)), "i"(csr) \
			 : "memory");					\
	v_;								\
})

static inline unsigned int cpucfg(unsigned int word)
{
	unsigned long v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

static inline unsigned long rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

#endif /* !__ASSEMBLER__ */
#endif /* LVZ_CSR_H */
