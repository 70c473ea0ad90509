package org.spladespark.jobs.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.SearchResultsTable;

/**
 * Writes ranked hits, in query input order then rank, as one JSON-lines file ({@code
 * search_results} fields) and/or one TREC run file ({@code qid Q0 docid rank score tag}), from the
 * driver through the Hadoop file system of each path. Scores are written with {@link
 * Float#toString}, the shortest text that reads back to the same float32.
 */
final class ResultFiles implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final String jsonlPath;
  private final String trecPath;
  private final String runTag;
  private final String modelId;
  private Writer jsonl;
  private Writer trec;

  ResultFiles(
      Configuration conf, String jsonlPath, String trecPath, String runTag, String modelId) {
    this.conf = conf;
    this.jsonlPath = jsonlPath;
    this.trecPath = trecPath;
    this.runTag = runTag;
    this.modelId = modelId;
  }

  /** Fails if a file exists and {@code overwrite} is false; run before the search. */
  static void checkWritable(Configuration conf, String path, boolean overwrite) {
    if (path == null || overwrite) {
      return;
    }
    try {
      Path p = new Path(path);
      if (p.getFileSystem(conf).exists(p)) {
        throw SpladeException.of(path, "exists already", "pass --overwrite or another path");
      }
    } catch (IOException e) {
      throw SpladeException.of(path, "cannot be checked: " + e.getMessage(), "check the path", e);
    }
  }

  /**
   * Writes {@code ranked} rows ({@code q, rank, doc_id, score}, sorted by q then rank), naming
   * queries by {@code batch}. A partly written file is deleted when writing fails.
   */
  void write(Iterator<Row> ranked, QueryBatch batch) {
    try {
      jsonl = open(jsonlPath);
      trec = open(trecPath);
      while (ranked.hasNext()) {
        Row r = ranked.next();
        String queryId = batch.id(r.getInt(0));
        int rank = r.getInt(1);
        String docId = r.getString(2);
        float score = r.getFloat(3);
        if (jsonl != null) {
          ObjectNode n = JSON.createObjectNode();
          n.put(SearchResultsTable.QUERY_ID, queryId);
          n.put(SearchResultsTable.RANK, rank);
          n.put(SearchResultsTable.DOC_ID, docId);
          n.put(SearchResultsTable.SCORE, score);
          n.put(SearchResultsTable.MODEL_ID, modelId);
          jsonl.write(JSON.writeValueAsString(n));
          jsonl.write('\n');
        }
        if (trec != null) {
          if (hasWhitespace(docId)) {
            throw SpladeException.of(
                trecPath,
                "doc id '" + docId + "' contains whitespace, which a TREC run cannot hold",
                "write JSON lines or a table instead of a TREC run");
          }
          trec.write(
              queryId
                  + " Q0 "
                  + docId
                  + " "
                  + rank
                  + " "
                  + Float.toString(score)
                  + " "
                  + runTag
                  + "\n");
        }
      }
      close();
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      delete(jsonlPath);
      delete(trecPath);
      if (e instanceof SpladeException se) {
        throw se;
      }
      throw SpladeException.failed(
          jsonlPath != null ? jsonlPath : trecPath,
          "cannot be written",
          "check the output path and its free space",
          e);
    }
  }

  static boolean hasWhitespace(String s) {
    return s.isEmpty() || s.chars().anyMatch(Character::isWhitespace);
  }

  private Writer open(String path) throws IOException {
    if (path == null) {
      return null;
    }
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    return new BufferedWriter(
        new OutputStreamWriter(fs.create(p, true), StandardCharsets.UTF_8), 1 << 16);
  }

  private void delete(String path) {
    if (path == null) {
      return;
    }
    try {
      Path p = new Path(path);
      p.getFileSystem(conf).delete(p, false);
    } catch (IOException ignored) {
      // Best effort: the error being reported matters more.
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // Reporting the original failure.
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (jsonl != null) {
        jsonl.close();
      }
    } finally {
      jsonl = null;
      if (trec != null) {
        Writer t = trec;
        trec = null;
        t.close();
      }
    }
  }
}
