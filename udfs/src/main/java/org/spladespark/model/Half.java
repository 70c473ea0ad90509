package org.spladespark.model;

/**
 * IEEE 754 binary32 → binary16 conversion, rounding to nearest even (what {@code
 * torch.Tensor.half()} and {@code numpy.float16} do). Java 17 has no {@code Float.floatToFloat16}.
 */
public final class Half {
  private Half() {}

  /** The binary16 bits of {@code f}; overflow gives ±infinity, NaN stays NaN. */
  public static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      // Subnormal half: value = m × 2^-24 with m = (1.mant × 2^23) >> (14 - e).
      if (e < -10) {
        return (short) sign;
      }
      int full = mant | 0x800000;
      int shift = 14 - e;
      int half = full >>> shift;
      int rem = full & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
      half++; // a carry into the exponent is the correct rounding (up to infinity)
    }
    return (short) (sign | half);
  }

  /** The binary32 value of binary16 bits (exact). */
  public static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
