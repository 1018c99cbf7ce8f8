// SPDX-License-Identifier: GPL-2.0
/*
 * Console output on the virt board's ns16550 and a printf that knows
 * %c %s %d %u %x %p, the l modifier and a zero-padded width.
 */
#include "test.h"

#define UART_BASE	0x800000001fe001e0UL	/* uncached window */
#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_THRE	0x20

static volatile unsigned char *const uart = (unsigned char *)UART_BASE;

void lvz_putc(char c)
{
	if (c == '\n')
		lvz_putc('\r');
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = c;
}

struct sink {
	char *buf;		/* NULL: console */
	unsigned long size, len;
};

static void put(struct sink *s, char c)
{
	if (!s->buf)
		lvz_putc(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void put_num(struct sink *s, unsigned long v, unsigned int base,
		    int neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put(s, pad);
	while (n)
		put(s, tmp[--n]);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';
		unsigned long v;
		const char *str;

		if (*fmt != '%') {
			put(s, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			put(s, va_arg(ap, int));
			break;
		case 's':
			str = va_arg(ap, const char *);
			for (str = str ? str : "(null)"; *str; str++)
				put(s, *str);
			break;
		case 'd':
			v = lng ? va_arg(ap, long) : va_arg(ap, int);
			if ((long)v < 0)
				put_num(s, -(long)v, 10, 1, width, pad);
			else
				put_num(s, v, 10, 0, width, pad);
			break;
		case 'u':
			v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			put_num(s, v, 10, 0, width, pad);
			break;
		case 'p':
			lng = 1;
			put(s, '0');
			put(s, 'x');
			/* fall through */
		case 'x':
			v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			put_num(s, v, 16, 0, width, pad);
			break;
		case '%':
			put(s, '%');
			break;
		default:
			put(s, '%');
			if (*fmt)
				put(s, *fmt);
			else
				fmt--;
		}
	}
}

void lvz_printf(const char *fmt, ...)
{
	struct sink s = { 0 };
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
}

int lvz_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len;
}

int lvz_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lvz_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void *memset(void *s, int c, unsigned long n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = c;
	return s;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}
