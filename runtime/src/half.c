/*
 * The AEABI half-precision conversions (Arm RTABI 4.1.3): what clang
 * calls for _Float16 and __fp16 where the FPU has no conversion
 * instruction (every soft-float variant) and, for double, where it has no
 * double precision (__aeabi_d2h on FPv4-SP and FPv5-SP). Debian's libgcc
 * has only its own names (__gnu_h2f_ieee...), so without these _Float16
 * does not link.
 *
 * IEEE 754 binary16, round to nearest, ties to even, with subnormals,
 * infinities and NaNs (quietened, the payload's top bits kept, as the
 * FPU's VCVTB does). Integer code only: the helpers use the base
 * procedure call standard (arguments and results in core registers) on
 * every variant, so they take and return the values' bits. Weak, as the
 * runtime's other retargeting points: a project that brings its own (it
 * had to, under GCC) keeps it.
 */
#include <stdint.h>

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* Rounds sig * 2^(exp - point) (sig's leading one at bit `point`, exp
 * unbiased) to binary16: the bits of the magnitude. */
static uint32_t round_to_half(int exp, uint64_t sig, int point) {
  if (exp > 15)
    return 0x7c00; /* overflow: infinity */
  if (exp < -25)
    return 0; /* below half the smallest subnormal: zero */
  /* Keep 10 fraction bits below the leading one, fewer for a subnormal. */
  int shift = point - 10 + (exp < -14 ? -14 - exp : 0);
  uint64_t kept = sig >> shift;
  uint64_t rest = sig & ((UINT64_C(1) << shift) - 1);
  uint64_t halfway = UINT64_C(1) << (shift - 1);
  if (rest > halfway || (rest == halfway && (kept & 1)))
    ++kept; /* a carry out of the fraction bumps the exponent: right */
  /* A normal result's leading one (bit 10) adds one to the exponent field;
   * a subnormal one has no exponent field (and a carry into bit 10 makes
   * the smallest normal). */
  return exp < -14 ? (uint32_t)kept : ((uint32_t)(exp + 14) << 10) + (uint32_t)kept;
}

__attribute__((weak)) uint32_t __aeabi_f2h(uint32_t f) {
  uint32_t sign = (f >> 16) & 0x8000;
  int e = (int)((f >> 23) & 0xff);
  uint32_t m = f & 0x7fffff;
  if (e == 0xff) /* infinity, or a NaN made quiet */
    return sign | 0x7c00 | (m ? 0x200 | (m >> 13) : 0);
  if (e == 0) /* zero or a float subnormal: far below half's range */
    return sign;
  return sign | round_to_half(e - 127, m | 0x800000, 23);
}

__attribute__((weak)) uint32_t __aeabi_d2h(uint64_t d) {
  uint32_t sign = (uint32_t)(d >> 48) & 0x8000;
  int e = (int)((d >> 52) & 0x7ff);
  uint64_t m = d & ((UINT64_C(1) << 52) - 1);
  if (e == 0x7ff)
    return sign | 0x7c00 | (m ? 0x200 | (uint32_t)(m >> 42) : 0);
  if (e == 0)
    return sign;
  /* Directly from double: through float it would round twice. */
  return sign | round_to_half(e - 1023, m | (UINT64_C(1) << 52), 52);
}

__attribute__((weak)) uint32_t __aeabi_h2f(uint32_t h) {
  uint32_t sign = (h & 0x8000) << 16;
  uint32_t e = (h >> 10) & 0x1f;
  uint32_t m = h & 0x3ff;
  if (e == 0x1f) /* infinity, or a NaN made quiet */
    return sign | 0x7f800000 | (m ? 0x400000 | (m << 13) : 0);
  if (e == 0) {
    if (m == 0)
      return sign;
    /* Subnormal: normalise (float has the range). */
    e = 1;
    while (!(m & 0x400))
      m <<= 1, --e;
    m &= 0x3ff;
  }
  return sign | ((e + 112) << 23) | (m << 13);
}

#pragma clang attribute pop
