package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.schemas.TableRef;

/**
 * Reads a corpus in any supported format into one row shape, {@link SourceRows#READ}, with a
 * reference to where each row came from and, for rows that could not even be read, why.
 *
 * <table>
 *   <caption>Row references</caption>
 *   <tr><th>format</th><th>row_ref</th><th>raw</th></tr>
 *   <tr><td>JSONL, BEIR</td><td>{@code file.jsonl:LINE} (1-based)</td><td>the line</td></tr>
 *   <tr><td>CSV</td><td>{@code file.csv:LINE} (the header is line 1)</td><td>the line</td></tr>
 *   <tr><td>Parquet</td><td>{@code file.parquet#ROW} (0-based row index in the file)</td>
 *       <td>JSON of id, title, text</td></tr>
 *   <tr><td>Delta</td><td>{@code file.parquet} (Delta exposes no row index)</td>
 *       <td>JSON of id, title, text</td></tr>
 * </table>
 *
 * CSV is read one record per line, as Spark's CSV reader does by default (no quoted newlines), with
 * RFC 4180 quoting. Blank lines of JSONL and CSV files are skipped.
 */
public final class CorpusReader {
  /** The file of a BEIR folder that holds the documents. */
  static final String BEIR_CORPUS = "corpus.jsonl";

  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z_][\\w]*(\\.[A-Za-z_][\\w]*){0,2}|`[^`]+`(\\.`[^`]+`){0,2}");
  private static final String CORRUPT = "_corrupt_record";

  private CorpusReader() {}

  /** The concrete format of the input: the given one, or detected for {@link InputFormat#AUTO}. */
  public static InputFormat detect(SparkSession spark, CorpusInput in) {
    String loc = in.location();
    Path p = new Path(loc);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        if (TABLE_NAME.matcher(loc).matches() && spark.catalog().tableExists(loc)) {
          if (in.format() == InputFormat.AUTO || in.format() == InputFormat.DELTA) {
            return InputFormat.DELTA;
          }
        }
        throw SpladeException.of(
            loc,
            "no such file, folder or catalog table",
            "check the path; a table is named like catalog.schema.table");
      }
      FileStatus st = fs.getFileStatus(p);
      if (in.format() == InputFormat.BEIR
          && !(st.isDirectory() && fs.exists(new Path(p, BEIR_CORPUS)))) {
        throw SpladeException.of(
            loc,
            "is not a BEIR folder (no " + BEIR_CORPUS + " in it)",
            "pass the dataset folder that holds " + BEIR_CORPUS + ", or --format jsonl for a file");
      }
      if (in.format() != InputFormat.AUTO) {
        return in.format();
      }
      if (st.isDirectory()) {
        if (fs.exists(new Path(p, "_delta_log"))) {
          return InputFormat.DELTA;
        }
        if (fs.exists(new Path(p, BEIR_CORPUS))) {
          return InputFormat.BEIR;
        }
        Set<InputFormat> found = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (FileStatus f : fs.listStatus(p)) {
          String name = f.getPath().getName();
          if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
            InputFormat byName = byExtension(name);
            if (byName == null) {
              unknown.add(name);
            } else {
              found.add(byName);
            }
          }
        }
        if (found.size() == 1 && unknown.isEmpty()) {
          return found.iterator().next();
        }
        throw SpladeException.of(
            loc,
            found.isEmpty() && unknown.isEmpty()
                ? "is an empty folder"
                : "holds files of formats " + found + (unknown.isEmpty() ? "" : " and " + unknown),
            "pass a folder of one format, or --format");
      }
      InputFormat byName = byExtension(p.getName());
      if (byName == null) {
        throw SpladeException.of(
            loc,
            "cannot tell the format from the file name",
            "pass --format jsonl, csv or parquet (or use a .jsonl, .csv or .parquet name)");
      }
      return byName;
    } catch (IOException e) {
      throw SpladeException.of(loc, "cannot be read: " + e.getMessage(), "check the path", e);
    }
  }

  static InputFormat byExtension(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String codec : List.of(".gz", ".bz2", ".zst", ".deflate")) {
      if (n.endsWith(codec)) {
        n = n.substring(0, n.length() - codec.length());
      }
    }
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return InputFormat.JSONL;
    }
    if (n.endsWith(".csv")) {
      return InputFormat.CSV;
    }
    if (n.endsWith(".parquet")) {
      return InputFormat.PARQUET;
    }
    return null;
  }

  /** The rows of {@code in}, whose format must be concrete (see {@link #detect}). */
  public static Dataset<Row> read(SparkSession spark, CorpusInput in, InputFormat format) {
    return switch (format) {
      case JSONL -> jsonl(spark, in.location(), in);
      case BEIR -> jsonl(spark, new Path(in.location(), BEIR_CORPUS).toString(), in);
      case CSV -> csv(spark, in);
      case PARQUET -> table(spark.read().parquet(in.location()), in, true);
      case DELTA -> table(delta(spark, in.location()), in, false);
      case AUTO -> throw new IllegalArgumentException("detect the format first");
    };
  }

  /** A Delta table at a path, or else a catalog table of that name. */
  static Dataset<Row> delta(SparkSession spark, String loc) {
    Path p = new Path(loc);
    try {
      if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        return TableRef.path(loc).read(spark);
      }
    } catch (IOException e) {
      throw SpladeException.of(loc, "cannot be read: " + e.getMessage(), "check the path", e);
    }
    return spark.read().table(loc);
  }

  private static Dataset<Row> jsonl(SparkSession spark, String path, CorpusInput in) {
    JsonLineParser parser = new JsonLineParser(in.idCol(), in.textCol(), in.titleCol());
    MapPartitionsFunction<Row, Row> parse = rows -> new JsonRows(rows, parser);
    return LineRecords.read(spark, path).mapPartitions(parse, Encoders.row(SourceRows.READ));
  }

  /** Parses numbered lines into {@link SourceRows#READ} rows, skipping blank lines. */
  private static final class JsonRows implements Iterator<Row> {
    private final Iterator<Row> lines;
    private final JsonLineParser parser;
    private Row next;

    JsonRows(Iterator<Row> lines, JsonLineParser parser) {
      this.lines = lines;
      this.parser = parser;
    }

    @Override
    public boolean hasNext() {
      while (next == null && lines.hasNext()) {
        Row l = lines.next();
        byte[] bytes = (byte[]) l.get(2);
        if (JsonLineParser.isBlank(bytes)) {
          continue;
        }
        String file = l.getString(0);
        long line = l.getLong(1);
        JsonLineParser.Parsed p = parser.parse(bytes);
        next =
            RowFactory.create(
                file,
                line,
                LineRecords.fileName(file) + ":" + line,
                p.docId(),
                p.title(),
                p.text(),
                p.raw(),
                p.problem());
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }

  private static Dataset<Row> csv(SparkSession spark, CorpusInput in) {
    String loc = in.location();
    Map<String, String> opts =
        Map.of(
            "header", "true",
            "escape", "\"",
            "mode", "PERMISSIVE",
            "columnNameOfCorruptRecord", CORRUPT);
    StructType header = spark.read().options(opts).csv(loc).schema();
    List<String> names = Arrays.asList(header.fieldNames());
    requireColumn(names, in.idCol(), "--id-col", loc);
    requireColumn(names, in.textCol(), "--text-col", loc);
    StructType parseSchema = new StructType();
    for (String n : names) {
      parseSchema = parseSchema.add(n, DataTypes.StringType, true);
    }
    parseSchema = parseSchema.add(CORRUPT, DataTypes.StringType, true);
    Column value = col(LineRecords.BYTES).cast(DataTypes.StringType);
    Dataset<Row> lines =
        LineRecords.read(spark, loc)
            .where(col(LineRecords.LINE).gt(1))
            .withColumn("value", value)
            .where(trim(col("value")).notEqual(""));
    Column p = from_csv(col("value"), lit(parseSchema.toDDL()), opts);
    Dataset<Row> parsed = lines.withColumn("p", p);
    boolean title = in.hasTitle() && names.contains(in.titleCol());
    Column problem =
        when(
                is_valid_utf8(col("value")).equalTo(false),
                lit("not valid UTF-8: the line has bytes that are not UTF-8"))
            .when(
                col("p").getField(CORRUPT).isNotNull(),
                lit(
                    "malformed CSV record: expected "
                        + names.size()
                        + " fields as in the header (one record per line, quotes doubled"
                        + " inside quoted fields)"));
    return parsed.select(
        col(SourceRows.FILE),
        col(LineRecords.LINE).as(SourceRows.POS),
        concat(fileName(col(SourceRows.FILE)), lit(":"), col(LineRecords.LINE))
            .as(RejectedRowsTable.ROW_REF),
        col("p").getField(in.idCol()).as(Columns.DOC_ID),
        (title ? col("p").getField(in.titleCol()) : lit(null).cast(DataTypes.StringType))
            .as(SourceRows.TITLE),
        col("p").getField(in.textCol()).as(SourceRows.TEXT),
        col("value").as(SourceRows.RAW),
        problem.as(SourceRows.PROBLEM));
  }

  private static Dataset<Row> table(Dataset<Row> df, CorpusInput in, boolean rowIndex) {
    StructType schema = df.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    String loc = in.location();
    requireColumn(names, in.idCol(), "--id-col", loc);
    requireColumn(names, in.textCol(), "--text-col", loc);
    DataType idType = schema.apply(in.idCol()).dataType();
    if (!(idType instanceof StringType) && !(idType instanceof IntegralType)) {
      throw SpladeException.of(
          loc,
          "id column '" + in.idCol() + "' has type " + idType.simpleString(),
          "use a string or integer id column (--id-col)");
    }
    requireString(schema.apply(in.textCol()), loc, "--text-col");
    boolean title = in.hasTitle() && names.contains(in.titleCol());
    if (title) {
      requireString(schema.apply(in.titleCol()), loc, "--title-col");
    }
    Column id = col(quote(in.idCol())).cast(DataTypes.StringType);
    Column text = col(quote(in.textCol()));
    Column titleCol = title ? col(quote(in.titleCol())) : lit(null).cast(DataTypes.StringType);
    Column file = col("_metadata.file_path");
    Column pos = rowIndex ? col("_metadata.row_index") : lit(null).cast(DataTypes.LongType);
    Column ref =
        rowIndex ? concat(fileName(file), lit("#"), col("_metadata.row_index")) : fileName(file);
    List<Column> fields = new ArrayList<>(List.of(id.as("id")));
    if (title) {
      fields.add(titleCol.as(SourceRows.TITLE));
    }
    fields.add(text.as(SourceRows.TEXT));
    Column problem =
        when(invalidUtf8(id), lit("not valid UTF-8 in column '" + in.idCol() + "'"))
            .when(invalidUtf8(titleCol), lit("not valid UTF-8 in column '" + in.titleCol() + "'"))
            .when(invalidUtf8(text), lit("not valid UTF-8 in column '" + in.textCol() + "'"));
    return df.select(
        file.as(SourceRows.FILE),
        pos.as(SourceRows.POS),
        ref.as(RejectedRowsTable.ROW_REF),
        id.as(Columns.DOC_ID),
        titleCol.as(SourceRows.TITLE),
        text.as(SourceRows.TEXT),
        to_json(struct(fields.toArray(new Column[0]))).as(SourceRows.RAW),
        problem.as(SourceRows.PROBLEM));
  }

  private static Column invalidUtf8(Column c) {
    return c.isNotNull().and(is_valid_utf8(c).equalTo(false));
  }

  private static Column fileName(Column file) {
    return regexp_extract(file, "[^/]*$", 0);
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static void requireColumn(List<String> names, String name, String option, String loc) {
    if (!names.contains(name)) {
      throw SpladeException.of(
          loc,
          "has no column '" + name + "' (columns: " + String.join(", ", names) + ")",
          "pass " + option + " with the right column name");
    }
  }

  private static void requireString(StructField f, String loc, String option) {
    if (!(f.dataType() instanceof StringType)) {
      throw SpladeException.of(
          loc,
          "column '" + f.name() + "' has type " + f.dataType().simpleString() + ", not string",
          "pass " + option + " naming a string column");
    }
  }
}
