package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spladespark.errors.SpladeException;

/**
 * A read-only view of a {@code .safetensors} file: an 8-byte little-endian header length, a JSON
 * header mapping tensor names to {@code dtype}, {@code shape} and {@code data_offsets}, then the
 * raw little-endian tensor bytes. The file is memory-mapped; every offset is checked against the
 * file size at open, so a truncated download fails here with the file named, not later with garbage
 * weights.
 *
 * <p>Immutable after {@link #open}; thread-safe.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tensor's header entry. */
  public record Tensor(String name, String dtype, long[] shape, long begin, long end) {
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final Path file;
  private final ByteBuffer data;
  private final Map<String, Tensor> tensors;

  private Safetensors(Path file, ByteBuffer data, Map<String, Tensor> tensors) {
    this.file = file;
    this.data = data;
    this.tensors = tensors;
  }

  public static Safetensors open(Path file) {
    long size;
    ByteBuffer all;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
      if (size > Integer.MAX_VALUE) {
        // One MappedByteBuffer addresses at most 2 GiB; SPLADE encoders are far smaller.
        throw SpladeException.of(
            file.toString(),
            "file is " + size + " bytes; safetensors files over 2 GiB are not supported",
            "use a SPLADE encoder whose weights file is under 2 GiB (e.g. saved in float16)");
      }
      all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
    } catch (NoSuchFileException e) {
      throw SpladeException.of(
          file.toString(), "file not found", "check the model folder is complete", e);
    } catch (IOException e) {
      throw SpladeException.failed(file, "cannot read", "check permissions", e);
    }
    if (size < 8) {
      throw malformed(file, "file is " + size + " bytes, shorter than the 8-byte header length");
    }
    long headerLen = all.getLong(0);
    if (headerLen < 0 || headerLen > size - 8) {
      throw malformed(
          file,
          "header length "
              + Long.toUnsignedString(headerLen)
              + " is larger than the file ("
              + size
              + " bytes): the file is truncated or not safetensors");
    }
    if (headerLen < 2) {
      throw malformed(file, "header length " + headerLen + " is too small for a JSON header");
    }
    byte[] header = new byte[(int) headerLen];
    all.get(8, header);
    JsonNode root;
    try {
      root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw malformed(file, "header is not valid JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed(file, "header is not a JSON object");
    }
    long dataStart = 8 + headerLen;
    long dataSize = size - dataStart;
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      JsonNode offsets = t.get("data_offsets");
      JsonNode shapeNode = t.get("shape");
      if (offsets == null || offsets.size() != 2 || shapeNode == null || t.get("dtype") == null) {
        throw malformed(file, "tensor '" + e.getKey() + "' lacks dtype, shape or data_offsets");
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong();
      }
      long begin = offsets.get(0).asLong();
      long end = offsets.get(1).asLong();
      if (begin < 0 || end < begin || end > dataSize) {
        throw malformed(
            file,
            "tensor '"
                + e.getKey()
                + "' spans bytes ["
                + begin
                + ", "
                + end
                + ") but the file holds only "
                + dataSize
                + " data bytes: the file is truncated");
      }
      Tensor tensor = new Tensor(e.getKey(), t.get("dtype").asText(), shape, begin, end);
      long expected = tensor.elements() * bytesPerElement(tensor.dtype());
      if (expected > 0 && expected != end - begin) {
        throw malformed(
            file,
            "tensor '"
                + e.getKey()
                + "' of shape "
                + Arrays.toString(shape)
                + " and dtype "
                + tensor.dtype()
                + " needs "
                + expected
                + " bytes but spans "
                + (end - begin));
      }
      map.put(e.getKey(), tensor);
    }
    ByteBuffer payload = all.slice((int) dataStart, (int) dataSize).order(ByteOrder.LITTLE_ENDIAN);
    return new Safetensors(file, payload, Collections.unmodifiableMap(map));
  }

  private static long bytesPerElement(String dtype) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
      default -> -1;
    };
  }

  static SpladeException malformed(Path file, String problem) {
    return SpladeException.of(
        file.toString(), problem, "re-download or re-save the model (model.save_pretrained)");
  }

  public Path file() {
    return file;
  }

  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  public Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw SpladeException.of(
          file.toString(),
          "tensor '" + name + "' is missing (found " + tensors.keySet() + ")",
          "use a model saved by transformers/sentence-transformers for this architecture");
    }
    return t;
  }

  /**
   * The tensor as float32, widening F16/BF16. Checks the shape when {@code expectedShape} is given.
   */
  public float[] floats(String name, long... expectedShape) {
    Tensor t = tensor(name);
    if (expectedShape.length > 0 && !Arrays.equals(t.shape(), expectedShape)) {
      throw malformed(
          file,
          "tensor '"
              + name
              + "' has shape "
              + Arrays.toString(t.shape())
              + ", expected "
              + Arrays.toString(expectedShape));
    }
    int n = Math.toIntExact(t.elements());
    float[] out = new float[n];
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.position((int) t.begin());
    switch (t.dtype()) {
      case "F32" -> b.asFloatBuffer().get(out, 0, n);
      case "F16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Half.toFloat(b.getShort());
        }
      }
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
        }
      }
      default ->
          throw malformed(
              file, "tensor '" + name + "' has dtype " + t.dtype() + ", expected F32, F16 or BF16");
    }
    return out;
  }

  /** Raw bytes of a tensor (little-endian), e.g. to embed F32 weights in an ONNX initializer. */
  public ByteBuffer bytes(String name) {
    Tensor t = tensor(name);
    return data.slice((int) t.begin(), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN);
  }
}
