package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.jobs.reencode.ReencodeFixtures.EDITED;
import static org.spladespark.jobs.reencode.ReencodeFixtures.assertClean;
import static org.spladespark.jobs.reencode.ReencodeFixtures.corpus;
import static org.spladespark.jobs.reencode.ReencodeFixtures.edited;
import static org.spladespark.jobs.reencode.ReencodeFixtures.options;
import static org.spladespark.jobs.reencode.ReencodeFixtures.run;
import static org.spladespark.jobs.reencode.ReencodeFixtures.snapshot;
import static org.spladespark.jobs.reencode.ReencodeFixtures.version;
import static org.spladespark.testing.Fixtures.sampleRows;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.maintain.OptimizeIndexJob;
import org.spladespark.jobs.maintain.VacuumIndexJob;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.search.SpladeIndex;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.PostingsTable;

/** {@code splade optimize} and {@code splade vacuum} on an index after an incremental run. */
class MaintenanceIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private static long files(Path t) {
    return io.delta.tables.DeltaTable.forPath(
            SparkTestSession.get(), t.resolve(PostingsTable.TABLE).toString())
        .detail()
        .select("numFiles")
        .first()
        .getLong(0);
  }

  private static List<String> hits(Path t, String query) {
    try (SpladeIndex index =
        SpladeIndex.open(
            SparkTestSession.get(), t.toString(), ReencodeFixtures.tinySpec().model())) {
      return index.search(query, 10).stream().map(h -> h.docId() + " " + h.score()).toList();
    }
  }

  @Test
  void optimizeCompactsThePostingsAndVacuumIsGuarded() {
    Map<String, String[]> v1 = sampleRows();
    Map<String, String[]> v2 = edited(v1, EDITED);
    Path t = SparkTestSession.newDir("maintain");
    run(options(corpus(v1), t));
    run(options(corpus(v2), t));
    String query = v2.get(EDITED.get(0))[1];
    List<String> before = hits(t, query);
    Map<String, List<String>> tables = snapshot(t);
    long filesBefore = files(t);

    OptimizeIndexJob.Result r =
        OptimizeIndexJob.run(SparkTestSession.get(), t.toString(), 4_000_000L, QUIET);
    assertEquals(1, r.models().size());
    assertEquals(1, files(t), "one file after compaction (was " + filesBefore + ")");
    long published =
        new ModelRegistry(SparkTestSession.get(), t.toString()).list().get(0).postingsVersion();
    assertEquals(version(t, PostingsTable.TABLE), published, "the rewrite is published");
    assertEquals(before, hits(t, query));
    assertEquals(tables, snapshot(t));
    assertClean(t);

    SpladeException eager =
        assertThrows(
            SpladeException.class,
            () -> VacuumIndexJob.run(SparkTestSession.get(), t.toString(), 1, false, QUIET));
    assertTrue(eager.getMessage().contains("--force"), eager.getMessage());
    assertTrue(eager.getMessage().contains("168"), eager.getMessage());

    VacuumIndexJob.run(SparkTestSession.get(), t.toString(), 0, true, QUIET);
    assertEquals(before, hits(t, query));
    assertClean(t);

    // An unpublished commit (a run in progress or killed): vacuum refuses.
    SparkTestSession.get()
        .sql("DELETE FROM delta.`" + t.resolve(PostingsTable.TABLE) + "` WHERE doc_id = 'd01'");
    SpladeException pending =
        assertThrows(
            SpladeException.class,
            () -> VacuumIndexJob.run(SparkTestSession.get(), t.toString(), 200, false, QUIET));
    assertTrue(
        pending.getMessage().contains("after the newest published version"), pending.getMessage());
    assertEquals(before, hits(t, query), "readers do not see the unpublished commit");
  }
}
