package org.spladespark.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.options.DeviceOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.encode.JsonLines;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.model.ModelBundle;
import org.spladespark.vector.Pruning;
import org.spladespark.vector.SparseVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade encode-texts}: encodes a JSONL file of {@code {"id", "text"}} lines on this
 * machine, without Spark, into {@code {"id", "indices", "values"}} lines in input order. The
 * reference checks of the project call it.
 */
@Command(resourceBundle = "org.spladespark.jobs.cli.EncodeTextsCommandHelp", name = "encode-texts")
public final class EncodeTextsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which side of the asymmetric model encodes the texts. */
  enum Mode {
    query,
    document
  }

  @Spec CommandSpec spec;

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--mode", required = true)
  Mode mode;

  @Option(names = "--input", required = true)
  Path input;

  @Option(names = "--output", required = true)
  Path output;

  @Option(names = "--max-active-dims", defaultValue = "0")
  int maxActiveDims;

  @Mixin DeviceOption device = new DeviceOption();

  @Override
  public Integer call() throws IOException {
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    // Usage and input problems (exit code 2) are found before any encoding.
    String modelName =
        Commands.validated(
            spec,
            () -> {
              if (maxActiveDims < 0) {
                throw SpladeException.of(
                    "--max-active-dims",
                    "is " + maxActiveDims + ", must be >= 0",
                    "pass 0 or a positive k");
              }
              if (mode == Mode.document) {
                device.checked(null);
              }
              readInput(ids, texts);
              return model.required();
            });
    ModelBundle bundle = Models.resolve(modelName);
    Pruning pruning = Pruning.topK(maxActiveDims);
    List<SparseVector> vectors = new ArrayList<>(texts.size());
    long start = System.nanoTime();
    if (mode == Mode.query) {
      try (QueryEncoder enc = QueryEncoder.create(bundle)) {
        for (String t : texts) {
          vectors.add(pruning.apply(enc.encode(t)));
        }
      }
    } else {
      EncoderOptions opts = device.encoderOptions().withPruning(pruning);
      try (DocumentEncoder enc = DocumentEncoder.create(bundle, opts)) {
        vectors.addAll(enc.encode(texts));
      }
    }
    writeOutput(ids, vectors);
    double secs = (System.nanoTime() - start) / 1e9;
    System.err.printf(
        "encoded %d %s in %.1f s (%.1f/s) -> %s%n",
        texts.size(),
        mode == Mode.query ? "queries" : "documents",
        secs,
        texts.size() / Math.max(secs, 1e-9),
        output);
    return 0;
  }

  private void readInput(List<String> ids, List<String> texts) {
    try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      JsonLines.forEach(
          r,
          input,
          (lineNo, node) -> {
            JsonNode text = node.get("text");
            if (text == null || !text.isTextual()) {
              throw SpladeException.of(
                  input + " line " + lineNo,
                  "has no string field \"text\"",
                  "each line must be {\"id\": ..., \"text\": \"...\"}");
            }
            JsonNode id = node.get("id");
            ids.add(id == null || id.isNull() ? String.valueOf(lineNo) : id.asText());
            texts.add(text.asText());
          });
    } catch (IOException e) {
      throw SpladeException.failed(
          "--input " + input, "cannot be read", "pass a readable JSONL file", e);
    }
  }

  private void writeOutput(List<String> ids, List<SparseVector> vectors) throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (int i = 0; i < ids.size(); i++) {
        SparseVector v = vectors.get(i);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", ids.get(i));
        ArrayNode idx = o.putArray("indices");
        ArrayNode val = o.putArray("values");
        for (int k = 0; k < v.size(); k++) {
          idx.add(v.index(k));
          val.add(v.value(k));
        }
        w.write(JSON.writeValueAsString(o));
        w.newLine();
      }
    }
  }
}
