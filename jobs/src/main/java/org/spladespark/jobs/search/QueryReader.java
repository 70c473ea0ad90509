package org.spladespark.jobs.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.JsonLines;
import org.spladespark.jobs.encode.TextLines;
import org.spladespark.schemas.SearchResultsTable;
import org.spladespark.schemas.TableRef;

/** Reads the queries of a {@link QuerySource} on the driver, in input order. */
public final class QueryReader {
  /** Id field names, in order of preference, for JSON lines and tables. */
  static final List<String> ID_FIELDS = List.of("_id", SearchResultsTable.QUERY_ID, "id");

  /** One query as read. */
  public record QueryText(String id, String text) {}

  private QueryReader() {}

  public static List<QueryText> read(SparkSession spark, QuerySource source) {
    return source.file() != null
        ? read(spark.sparkContext().hadoopConfiguration(), source)
        : nonEmpty(readTable(spark, source.table()), source);
  }

  /** The queries of a file source, read through the Hadoop file system without Spark. */
  public static List<QueryText> read(Configuration conf, QuerySource source) {
    return nonEmpty(readFile(conf, source), source);
  }

  private static List<QueryText> nonEmpty(List<QueryText> out, QuerySource source) {
    if (out.isEmpty()) {
      throw SpladeException.of(source.toString(), "holds no queries", "pass a non-empty input");
    }
    return out;
  }

  static List<QueryText> readFile(Configuration conf, QuerySource source) {
    String file = source.file();
    QuerySource.Format format = source.fileFormat();
    if (format == null) {
      throw SpladeException.of(
          file,
          "has no .jsonl, .json, .tsv or .txt extension to tell its format",
          "rename it or pass --queries-format jsonl|tsv");
    }
    Path path = new Path(file);
    List<QueryText> out = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path) || fs.getFileStatus(path).isDirectory()) {
        throw SpladeException.of(file, "file not found", "pass an existing queries file");
      }
      InputStream in = fs.open(path);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      if (codec != null) {
        in = codec.createInputStream(in);
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        TextLines.forEach(
            r,
            (lineNo, line) -> {
              String where = file + " line " + lineNo;
              out.add(
                  format == QuerySource.Format.JSONL
                      ? jsonLine(line, where)
                      : tsvLine(line, where));
            });
      }
    } catch (IOException e) {
      throw SpladeException.of(file, "cannot be read: " + e.getMessage(), "check the path", e);
    }
    return out;
  }

  static QueryText jsonLine(String line, String where) {
    JsonNode n = JsonLines.parse(line, where);
    if (!n.isObject()) {
      throw SpladeException.of(
          where, "is not a JSON object", "write one {\"_id\": ..., \"text\": ...} object per line");
    }
    JsonNode id = null;
    for (String f : ID_FIELDS) {
      if (n.hasNonNull(f)) {
        id = n.get(f);
        break;
      }
    }
    if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
      throw SpladeException.of(
          where,
          "has no query id (a non-empty string or integer _id, query_id or id)",
          "give every query an id");
    }
    JsonNode text = n.get("text");
    if (text == null || !text.isTextual()) {
      throw SpladeException.of(
          where, "query '" + id.asText() + "' has no string \"text\"", "give every query its text");
    }
    return new QueryText(id.asText(), text.asText());
  }

  static QueryText tsvLine(String line, String where) {
    String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    int tab = l.indexOf('\t');
    if (tab < 0) {
      throw SpladeException.of(where, "has no tab", "write id<TAB>text on every line");
    }
    if (tab == 0) {
      throw SpladeException.of(where, "has an empty query id", "write id<TAB>text on every line");
    }
    return new QueryText(l.substring(0, tab), l.substring(tab + 1));
  }

  static List<QueryText> readTable(SparkSession spark, TableRef table) {
    Dataset<Row> t = table.read(spark);
    List<String> columns = Arrays.asList(t.columns());
    String idColumn = ID_FIELDS.stream().filter(columns::contains).findFirst().orElse(null);
    if (idColumn == null || !columns.contains("text")) {
      throw SpladeException.of(
          table.toString(),
          "has columns "
              + columns
              + "; a query table needs an id column (one of "
              + ID_FIELDS
              + ") and text",
          "select or rename the columns");
    }
    List<QueryText> out = new ArrayList<>();
    int rowNo = 0;
    for (Row r :
        t.select(functions.col(idColumn).cast("string"), functions.col("text").cast("string"))
            .collectAsList()) {
      rowNo++;
      if (r.isNullAt(0) || r.getString(0).isEmpty()) {
        throw SpladeException.of(
            table + " row " + rowNo, "has no " + idColumn, "give every query an id");
      }
      if (r.isNullAt(1)) {
        throw SpladeException.of(
            table + " query '" + r.getString(0) + "'",
            "has null text",
            "give every query its text");
      }
      out.add(new QueryText(r.getString(0), r.getString(1)));
    }
    return out;
  }
}
