package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
  @TempDir Path tmp;

  @Test
  void roundTripsThroughTheReader() throws IOException {
    float[] matrix = {1f, -2.5f, 3e-8f, Float.MAX_VALUE, 0f, -0f};
    float[] vector = {42f};
    Path file = tmp.resolve("model.safetensors");
    new SafetensorsWriter()
        .putF32("z.weight", new long[] {2, 3}, matrix)
        .putF32("a.bias", new long[] {1}, vector)
        .putF32("empty", new long[] {0}, new float[0])
        .write(file);
    Safetensors st = Safetensors.open(file);
    assertEquals(List.of("a.bias", "empty", "z.weight"), List.copyOf(st.tensors().keySet()));
    assertArrayEquals(matrix, st.floats("z.weight", 2, 3));
    assertArrayEquals(vector, st.floats("a.bias", 1));
    assertEquals("F32", st.tensor("z.weight").dtype());
    long header =
        ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, header % 8, "header padded to 8 bytes");
    assertEquals(8 + header + 4 * 7, Files.size(file));
  }

  @Test
  void shapeMustMatchData() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SafetensorsWriter().putF32("w", new long[] {2, 2}, new float[3]));
    assertEquals("w: shape [2, 2] needs 4 values, got 3", e.getMessage());
  }
}
