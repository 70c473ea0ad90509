package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;

/** Builds (broken) copies of the oracle model folder for tests. */
final class TestModels {
  static final String QUERY = "query_0_SparseStaticEmbedding";
  static final String DOCUMENT = "document_0_MLMTransformer";
  static final String POOLING = "document_1_SpladePooling";

  private TestModels() {}

  /** A full copy of the tiny oracle model under {@code dir/model}. */
  static Path copyTinyModel(Path dir) {
    Path src = Fixtures.tinyModel();
    Path dst = dir.resolve("model");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readJson(Path file) {
    return Json.read(file);
  }

  /** Rewrites a JSON object file after {@code edit} changed it. */
  /** Sets {@code key} of the JSON object in {@code file} to {@code value} (a number or string). */
  static void setJson(Path file, String key, Object value) {
    editJson(file, c -> c.set(key, Json.MAPPER.valueToTree(value)));
  }

  static void editJson(Path file, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode node = (ObjectNode) Json.read(file);
    edit.accept(node);
    try {
      write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A raw safetensors file with one tensor: 8-byte little-endian header length, the JSON header,
   * then {@code data} (which may deliberately disagree with the header).
   */
  static byte[] safetensors(String name, String dtype, long[] shape, long dataBytes, byte[] data) {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(dims.length() == 0 ? "" : ",").append(d);
    }
    String header =
        "{\""
            + name
            + "\":{\"dtype\":\""
            + dtype
            + "\",\"shape\":["
            + dims
            + "],"
            + "\"data_offsets\":[0,"
            + dataBytes
            + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }

  /** A well-formed single-tensor safetensors file of {@code bytesPerElement}-sized zeros. */
  static byte[] safetensors(String name, String dtype, long[] shape, int bytesPerElement) {
    long n = bytesPerElement;
    for (long d : shape) {
      n *= d;
    }
    return safetensors(name, dtype, shape, n, new byte[Math.toIntExact(n)]);
  }

  /** {@code {"token": weight}} for every non-zero weight of the bundle's query table. */
  static String idfJson(ModelBundle bundle) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    QueryWeights w = bundle.queryWeights();
    for (int id = 0; id < w.size(); id++) {
      if (w.weight(id) != 0f) {
        node.put(bundle.vocabulary().token(id), w.weight(id));
      }
    }
    return node.toString();
  }

  /** Checks the query encoder of {@code bundle} against all 53 reference queries, bit for bit. */
  static void assertReferenceQueries(ModelBundle bundle) {
    try (QueryEncoder encoder = QueryEncoder.create(bundle)) {
      EncoderFixtures.assertReferenceQueries(encoder);
    }
  }

  /** Asserts a SpladeException whose message contains every one of {@code parts}. */
  static SpladeException assertFails(Executable call, String... parts) {
    SpladeException e = assertThrows(SpladeException.class, call);
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
    }
    return e;
  }
}
