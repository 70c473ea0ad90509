package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.Tuning;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;

/**
 * A re-encode (3 of 50 documents edited) that fails or is killed at known points, or runs twice at
 * once; afterwards (and after a rerun) the tables must equal those of a clean run and verify must
 * be clean. Killed runs are child JVMs paused by {@link FaultPoints} and killed with {@code
 * destroyForcibly}; reruns happen in this JVM.
 */
class CrashSafetyIT {
  private static final Map<String, String[]> V1 = sampleRows();
  private static final Map<String, String[]> V2 = edited(V1, EDITED);
  private static Path inputV1;
  private static Path inputV2;
  private static Path templateV1;
  private static Map<String, List<String>> clean;

  @BeforeAll
  static void cleanRun() throws IOException {
    inputV1 = corpus(V1);
    inputV2 = corpus(V2);
    templateV1 = SparkTestSession.newDir("v1");
    run(options(inputV1, templateV1));
    Path c = indexOfV1();
    run(options(inputV2, c));
    clean = snapshot(c);
  }

  /** A fresh index of V1: a copy of the template (Delta tables are plain folders). */
  private static Path indexOfV1() throws IOException {
    return SparkTestSession.copyOf(templateV1, "crash");
  }

  @Test
  void aTaskFailingMidPartitionIsRetriedAndTheTablesEqualACleanRun() throws Exception {
    // One task, one document per chunk: the first attempt of the encode task of each run (50
    // documents, a plain write; then 3 documents, a MERGE) fails after its second chunk, when it
    // has already produced rows. Batches of one document make the vectors independent of the
    // chunking, so the tables must equal the clean run's.
    Tuning oneTask = Tuning.DEFAULT.withChunkSize(1).withPartitions(1).withProgressSeconds(0);
    Path t = SparkTestSession.newDir("retry");
    AtomicInteger injected = new AtomicInteger();
    SparkListener failures =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.reason() instanceof ExceptionFailure f
                && String.valueOf(f.fullStackTrace()).contains("injected failure")) {
              injected.incrementAndGet();
            }
          }
        };
    SparkContext sc = SparkTestSession.get().sparkContext();
    sc.addSparkListener(failures);
    System.setProperty("splade.test.failChunk", "2");
    try {
      assertEquals(
          50, run(withTuning(options(inputV1, t), oneTask)).metrics().corpus().encodedDocs());
      assertEquals(
          3, run(withTuning(options(inputV2, t), oneTask)).metrics().corpus().encodedDocs());
    } finally {
      System.clearProperty("splade.test.failChunk");
    }
    for (int i = 0; i < 100 && injected.get() < 2; i++) {
      Thread.sleep(100);
    }
    sc.removeSparkListener(failures);
    assertEquals(2, injected.get(), "one injected failure per run, each retried");
    assertEquals(clean, snapshot(t));
    assertClean(t);
  }

  private static ReencodeOptions withTuning(ReencodeOptions o, Tuning t) {
    return o.toBuilder().encode(o.encode().toBuilder().tuning(t).build()).build();
  }

  @Test
  void runsKilledWhileEncodingDuringTheMergeAndBeforeThePostingsAreRepairedByOneRerun()
      throws Exception {
    Path t = indexOfV1();
    List<String> tables =
        List.of(
            DocVectorsTable.TABLE, PostingsTable.TABLE, TokenStatsTable.TABLE, ModelsTable.TABLE);
    Map<String, Long> before = versions(t, tables);

    // Killed in an encode task, then inside the doc_vectors MERGE: nothing was committed.
    killAt(t, FaultPoints.ENCODE);
    assertEquals(before, versions(t, tables));
    killAt(t, FaultPoints.duringWrite(DocVectorsTable.TABLE));
    assertEquals(before, versions(t, tables));

    // Killed inside the postings MERGE: the new vectors are committed, their postings are not;
    // nothing was published, so verify (which reads the published versions) is clean.
    killAt(t, FaultPoints.duringWrite(PostingsTable.TABLE));
    Map<String, Long> after = versions(t, tables);
    assertEquals(before.get(DocVectorsTable.TABLE) + 1, after.get(DocVectorsTable.TABLE));
    assertEquals(before.get(PostingsTable.TABLE), after.get(PostingsTable.TABLE));
    assertEquals(before.get(ModelsTable.TABLE), after.get(ModelsTable.TABLE));
    assertClean(t);

    ReencodeMetrics m = run(options(inputV2, t)).metrics();
    assertEquals(0, m.corpus().encodedDocs(), "the vectors were committed by the killed run");
    assertEquals(IndexUpdate.Mode.INCREMENTAL, m.index().mode());
    assertEquals(3, m.index().docs());
    assertEquals(clean, snapshot(t));
    assertClean(t);
  }

  private static Map<String, Long> versions(Path t, List<String> tables) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String name : tables) {
      out.put(name, version(t, name));
    }
    return out;
  }

  @Test
  void twoRunsAtOnceConflictOneRetriesAndTheTablesStayConsistent() throws Exception {
    Path t = indexOfV1();
    // Both runs start their doc_vectors MERGE together (each thread waits for the other once).
    CyclicBarrier together = new CyclicBarrier(2);
    Set<Thread> met = ConcurrentHashMap.newKeySet();
    FaultPoints.listen(
        point -> {
          if (point.equals(FaultPoints.beforeWrite(DocVectorsTable.TABLE))
              && met.add(Thread.currentThread())) {
            try {
              together.await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
              // The other run is gone (failed early): go on alone.
            }
          }
        });
    List<Object> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Printed<ReencodeMetrics>>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> run(options(inputV2, t))));
      }
      for (Future<Printed<ReencodeMetrics>> f : runs) {
        try {
          outcomes.add(f.get(10, TimeUnit.MINUTES));
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
    } finally {
      FaultPoints.listen(null);
      pool.shutdownNow();
    }
    int retries = 0;
    int failed = 0;
    long encoded = 0;
    for (Object o : outcomes) {
      if (o instanceof Printed<?> r && r.metrics() instanceof ReencodeMetrics m) {
        retries += m.outcome().conflictRetries();
        encoded += m.corpus().encodedDocs();
        if (m.outcome().conflictRetries() > 0) {
          assertTrue(r.console().contains("was changed by another job"), r.console());
          assertTrue(r.console().contains("retrying in"), r.console());
        }
      } else {
        SpladeException e = assertInstanceOf(o);
        assertTrue(e.getMessage().contains("was changed by another job"), e.getMessage());
        assertTrue(e.getMessage().contains("rerun splade reencode"), e.getMessage());
        failed++;
      }
    }
    assertTrue(retries + failed >= 1, "no conflict was detected: " + outcomes);
    // Which attempt encodes the 3 edits depends on timing: when the first run to commit is itself
    // retried after the other's commit, both final attempts find them encoded (0 each). What must
    // hold either way: the edits are in the index, published and consistent.
    assertTrue(encoded == 0 || encoded >= 3, "encoded " + encoded);
    assertClean(t);
    assertEquals(clean, snapshot(t));
  }

  private static SpladeException assertInstanceOf(Object o) {
    if (o instanceof SpladeException e) {
      return e;
    }
    throw new AssertionError("unexpected failure", (Throwable) o);
  }

  /** Runs {@code splade reencode} of V2 in a child JVM paused at {@code point} and kills it. */
  private static void killAt(Path tables, String point) throws Exception {
    ChildJvm.killAt(ChildJvm.args("reencode", inputV2, tables), point);
  }
}
