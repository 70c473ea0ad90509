package org.spladespark.jobs.search;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;

/**
 * One Delta table read through Delta Kernel on the calling thread: no SparkSession, no Spark job.
 * What {@link KernelIndex} needs of an index table — its latest snapshot (to test existence and
 * read properties), a snapshot at a published version, and the rows of chosen columns, with a
 * predicate that only skips files by their statistics (rows are filtered by the caller). Deletion
 * vectors and column mapping are applied by Kernel ({@link Scan#transformPhysicalData}).
 *
 * <p>Not thread-safe; the {@link Engine} may be shared.
 */
final class KernelTable {
  private final Engine engine;
  private final String path;

  // The latest snapshot once read: a published version is usually the latest, and loading it again
  // would list the table's log a second time.
  private Snapshot latest;

  /** Receives each live row of a batch: {@code columns} in the order asked for. */
  @FunctionalInterface
  interface RowSink {
    void accept(ColumnVector[] columns, int row);
  }

  KernelTable(Engine engine, String path) {
    this.engine = engine;
    this.path = path;
  }

  String path() {
    return path;
  }

  /** The latest snapshot, or null when {@code path} holds no Delta table. */
  Snapshot latest() {
    try {
      latest = TableManager.loadSnapshot(path).build(engine);
      return latest;
    } catch (TableNotFoundException e) {
      return null;
    }
  }

  /** The snapshot of {@code version} (time travel; the latest one read, when it is that one). */
  Snapshot at(long version) {
    if (latest != null && latest.getVersion() == version) {
      return latest;
    }
    return TableManager.loadSnapshot(path).atVersion(version).build(engine);
  }

  /**
   * Streams the live rows of {@code snapshot}'s {@code columns} to {@code sink}, reading only the
   * files whose statistics may match {@code skip} (null = every file).
   */
  void scan(Snapshot snapshot, List<String> columns, Predicate skip, RowSink sink) {
    StructType all = snapshot.getSchema();
    List<StructField> fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(all.get(c));
    }
    var builder = snapshot.getScanBuilder().withReadSchema(new StructType(fields));
    Scan scan = (skip == null ? builder : builder.withFilter(skip)).build();
    Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> scanFiles = files.next().getRows()) {
          while (scanFiles.hasNext()) {
            readFile(state, physical, scanFiles.next(), columns, sink);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": " + e.getMessage(), e);
    }
  }

  private void readFile(
      Row state, StructType physical, Row scanFile, List<String> columns, RowSink sink)
      throws IOException {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    CloseableIterator<ColumnarBatch> data =
        engine
            .getParquetHandler()
            .readParquetFiles(
                io.delta.kernel.internal.util.Utils.singletonCloseableIterator(file),
                physical,
                Optional.empty())
            .map(FileReadResult::getData);
    try (CloseableIterator<FilteredColumnarBatch> batches =
        Scan.transformPhysicalData(engine, state, scanFile, data)) {
      while (batches.hasNext()) {
        FilteredColumnarBatch b = batches.next();
        ColumnarBatch d = b.getData();
        ColumnVector[] vectors = new ColumnVector[columns.size()];
        for (int i = 0; i < vectors.length; i++) {
          vectors[i] = d.getColumnVector(d.getSchema().indexOf(columns.get(i)));
        }
        ColumnVector live = b.getSelectionVector().orElse(null);
        for (int r = 0; r < d.getSize(); r++) {
          if (live == null || (!live.isNullAt(r) && live.getBoolean(r))) {
            sink.accept(vectors, r);
          }
        }
      }
    }
  }

  /**
   * Every live row of {@code snapshot} as a Spark {@link org.apache.spark.sql.Row} with its schema
   * (names and values as a Spark read gives them: timestamps as {@link Timestamp}), so the table
   * classes' row conversions apply. For small tables of string, integer, long, float, boolean and
   * timestamp columns.
   */
  List<org.apache.spark.sql.Row> rows(Snapshot snapshot) {
    List<StructField> fields = snapshot.getSchema().fields();
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    List<String> names = new ArrayList<>();
    for (StructField f : fields) {
      schema = schema.add(f.getName(), sparkType(f.getDataType()), f.isNullable());
      names.add(f.getName());
    }
    org.apache.spark.sql.types.StructType rowSchema = schema;
    List<org.apache.spark.sql.Row> out = new ArrayList<>();
    scan(
        snapshot,
        names,
        null,
        (columns, r) -> {
          Object[] values = new Object[columns.length];
          for (int i = 0; i < values.length; i++) {
            values[i] = columns[i].isNullAt(r) ? null : value(columns[i], r);
          }
          out.add(new GenericRowWithSchema(values, rowSchema));
        });
    return out;
  }

  private static Object value(ColumnVector v, int r) {
    DataType t = v.getDataType();
    if (t instanceof StringType) {
      return v.getString(r);
    } else if (t instanceof LongType) {
      return v.getLong(r);
    } else if (t instanceof IntegerType) {
      return v.getInt(r);
    } else if (t instanceof FloatType) {
      return v.getFloat(r);
    } else if (t instanceof BooleanType) {
      return v.getBoolean(r);
    }
    // Timestamps: microseconds since the epoch, UTC.
    return Timestamp.from(Instant.EPOCH.plus(v.getLong(r), ChronoUnit.MICROS));
  }

  private static org.apache.spark.sql.types.DataType sparkType(DataType t) {
    if (t instanceof StringType) {
      return DataTypes.StringType;
    } else if (t instanceof LongType) {
      return DataTypes.LongType;
    } else if (t instanceof IntegerType) {
      return DataTypes.IntegerType;
    } else if (t instanceof FloatType) {
      return DataTypes.FloatType;
    } else if (t instanceof BooleanType) {
      return DataTypes.BooleanType;
    } else if (t instanceof TimestampType) {
      return DataTypes.TimestampType;
    }
    throw new UnsupportedOperationException("column type " + t + " is not read here");
  }
}
