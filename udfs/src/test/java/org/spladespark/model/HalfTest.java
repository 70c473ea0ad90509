package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {
  @Test
  void everyFiniteHalfRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      if ((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0) {
        continue; // NaN payloads are not preserved
      }
      assertEquals(h, Half.fromFloat(Half.toFloat(h)), Integer.toHexString(bits));
    }
  }

  @Test
  void roundsToNearestEven() {
    assertEquals(0x3c00, Half.fromFloat(1f + 0x1p-11f)); // tie → even (1.0)
    assertEquals(0x3c02, Half.fromFloat(1f + 3 * 0x1p-11f)); // tie → even (1 + 2^-9)
    assertEquals(0x3c01, Half.fromFloat(1f + 0x1p-11f + 0x1p-20f)); // above the tie
    assertEquals(0x7bff, Half.fromFloat(65519f)); // largest finite half
    assertEquals(0x7c00, Half.fromFloat(65520f)); // rounds up to infinity
    assertEquals((short) 0xfc00, Half.fromFloat(Float.NEGATIVE_INFINITY));
    assertEquals(0x0001, Half.fromFloat(0x1p-24f)); // smallest subnormal
    assertEquals(0x0000, Half.fromFloat(0x1p-25f)); // tie → even (zero)
    assertEquals(0x0001, Half.fromFloat(0x1.8p-25f));
    assertEquals(0x0400, Half.fromFloat(0x1p-14f)); // smallest normal
    assertEquals(0x7e00, Half.fromFloat(Float.NaN));
  }
}
