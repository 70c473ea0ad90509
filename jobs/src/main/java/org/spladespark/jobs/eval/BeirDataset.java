package org.spladespark.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.spladespark.errors.RequiredPaths;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.JsonLines;
import org.spladespark.jobs.encode.TextLines;

/**
 * A BEIR folder: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}), {@code
 * queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/<split>.tsv} (header, then {@code
 * query-id corpus-id score}).
 *
 * <p>Document text is {@code title + " " + text} as in sentence-transformers' BEIR examples (just
 * {@code text} when the title is empty, which tokenizes identically). Relevance is binary: qrels
 * with score > 0. Maps keep file order.
 *
 * @param name the dataset name used as metric prefix (the folder name by default)
 * @param folder the BEIR folder it was read from (absolute), or null for one built in memory
 * @param corpus document id → text
 * @param queries query id → text
 * @param relevant query id → relevant document ids
 */
public record BeirDataset(
    String name,
    Path folder,
    Map<String, String> corpus,
    Map<String, String> queries,
    Map<String, Set<String>> relevant) {

  public BeirDataset {
    if (name == null) {
      throw new IllegalArgumentException("the dataset name is null");
    }
    corpus = Collections.unmodifiableMap(new LinkedHashMap<>(corpus));
    queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    relevant = Collections.unmodifiableMap(new LinkedHashMap<>(relevant));
  }

  /** Loads {@code dir} with the qrels of {@code split}; the name is the folder name. */
  public static BeirDataset load(Path dir, String split) {
    return load(dir, split, defaultName(dir));
  }

  /** The name of the dataset in {@code dir}: the folder name ({@code ""} for a root). */
  public static String defaultName(Path dir) {
    Path fileName = dir.toAbsolutePath().normalize().getFileName();
    return fileName == null ? "" : fileName.toString();
  }

  public static BeirDataset load(Path dir, String split, String name) {
    Map<String, String> corpus = jsonl(dir.resolve("corpus.jsonl"), true);
    Map<String, String> queries = jsonl(dir.resolve("queries.jsonl"), false);
    Map<String, Set<String>> relevant = qrels(dir.resolve("qrels").resolve(split + ".tsv"));
    return new BeirDataset(name, dir.toAbsolutePath().normalize(), corpus, queries, relevant);
  }

  /**
   * Document id → {@code title + " " + text} of a BEIR {@code corpus.jsonl} (or of a BEIR
   * folder's), in file order.
   */
  public static Map<String, String> readCorpus(Path corpusJsonl) {
    return jsonl(inFolder(corpusJsonl, "corpus.jsonl"), true);
  }

  /** Query id → text of a BEIR {@code queries.jsonl} (or of a BEIR folder's), in file order. */
  public static Map<String, String> readQueries(Path queriesJsonl) {
    return jsonl(inFolder(queriesJsonl, "queries.jsonl"), false);
  }

  /** {@code path} itself, or its {@code name} when {@code path} is a BEIR folder. */
  private static Path inFolder(Path path, String name) {
    return Files.isDirectory(path) ? path.resolve(name) : path;
  }

  /** The queries that have a relevant document, in file order (those the reference evaluates). */
  public Map<String, String> evaluatedQueries() {
    Map<String, String> out = new LinkedHashMap<>();
    queries.forEach(
        (id, text) -> {
          Set<String> r = relevant.get(id);
          if (r != null && !r.isEmpty()) {
            out.put(id, text);
          }
        });
    return out;
  }

  private static Map<String, String> jsonl(Path file, boolean withTitle) {
    requireFile(file);
    Map<String, String> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonLines.forEach(
          r,
          file,
          (n, node) -> {
            JsonNode id = node.get("_id");
            if (id == null || !id.isValueNode() || id.asText().isEmpty()) {
              throw SpladeException.of(
                  file + " line " + n, "has no \"_id\"", "every line needs an \"_id\"");
            }
            String text = node.path("text").asText("");
            String title = withTitle ? node.path("title").asText("") : "";
            if (out.put(id.asText(), title.isEmpty() ? text : title + " " + text) != null) {
              throw SpladeException.of(
                  file + " line " + n, "repeats id " + id.asText(), "ids must be unique");
            }
          });
    } catch (IOException e) {
      throw SpladeException.failed(file.toString(), "cannot be read", "check the file", e);
    }
    return out;
  }

  private static Map<String, Set<String>> qrels(Path file) {
    requireFile(file);
    Map<String, Set<String>> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      TextLines.forEach(
          r,
          (n, line) -> {
            if (n == 1 && line.startsWith("query-id")) {
              return;
            }
            String[] f = line.split("\t");
            if (f.length != 3) {
              throw SpladeException.of(
                  file + " line " + n,
                  "has " + f.length + " tab-separated fields, expected query-id, corpus-id, score",
                  "use the BEIR qrels layout");
            }
            double score;
            try {
              score = Double.parseDouble(f[2].trim());
            } catch (NumberFormatException e) {
              throw SpladeException.of(
                  file + " line " + n,
                  "score '" + f[2] + "' is not a number",
                  "use integer scores",
                  e);
            }
            if (score > 0) {
              out.computeIfAbsent(f[0].trim(), k -> new HashSet<>()).add(f[1].trim());
            }
          });
    } catch (IOException e) {
      throw SpladeException.failed(file.toString(), "cannot be read", "check the file", e);
    }
    return out;
  }

  private static void requireFile(Path file) {
    RequiredPaths.file(file, "pass a BEIR folder (corpus.jsonl, queries.jsonl, qrels/)");
  }
}
