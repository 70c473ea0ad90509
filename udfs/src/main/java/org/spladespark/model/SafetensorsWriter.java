package org.spladespark.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.spladespark.errors.SpladeException;

/**
 * Writes float32 tensors as a {@code .safetensors} file that {@link Safetensors}, the Python {@code
 * safetensors} package and {@code transformers} read: an 8-byte little-endian header length, a JSON
 * header (tensors in name order, {@code __metadata__ = {"format": "pt"}}, padded with spaces to a
 * multiple of 8 bytes), then the tensors' little-endian bytes back to back.
 *
 * <p>The tensors are held by reference until {@link #write}; not thread-safe.
 */
public final class SafetensorsWriter {
  private final Map<String, Entry> tensors = new TreeMap<>();

  private record Entry(long[] shape, float[] data) {}

  /** Adds (or replaces) a float32 tensor; {@code data.length} must equal the shape's product. */
  public SafetensorsWriter putF32(String name, long[] shape, float[] data) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          name
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + n
              + " values, got "
              + data.length);
    }
    tensors.put(name, new Entry(shape.clone(), data));
    return this;
  }

  /** Writes the file, replacing any existing one. */
  public void write(Path file) {
    ObjectNode header = Json.MAPPER.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Entry> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      long[] shape = e.getValue().shape();
      var shapeNode = t.putArray("shape");
      for (long d : shape) {
        shapeNode.add(d);
      }
      long bytes = 4L * e.getValue().data().length;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, head);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry e : tensors.values()) {
        float[] data = e.data();
        int i = 0;
        while (i < data.length) {
          int n = Math.min(data.length - i, chunk.capacity() / 4);
          chunk.clear();
          chunk.asFloatBuffer().put(data, i, n);
          chunk.limit(4 * n);
          writeFully(ch, chunk);
          i += n;
        }
      }
    } catch (IOException e) {
      throw SpladeException.failed(
          file,
          "cannot write safetensors",
          "check the folder exists, is writable and has free space",
          e);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
