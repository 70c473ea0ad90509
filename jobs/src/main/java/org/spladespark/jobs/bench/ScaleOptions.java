package org.spladespark.jobs.bench;

import java.nio.file.Path;
import java.util.List;
import org.spladespark.errors.SpladeException;

/**
 * The validated options of {@code splade bench scale}.
 *
 * @param docs corpus sizes, ascending, each > 0
 * @param queries generated queries searched at every size, > 0
 * @param model the model folder or hub id
 * @param out the benchmark's own folder (its {@code n<size>/} subfolders are replaced)
 * @param source the text collection the passages are built from
 * @param seed the generator's seed
 * @param keepCorpus keep the generated {@code corpus-<size>.jsonl} files
 * @param commandLine the command as typed, recorded in {@code scale.json}
 */
public record ScaleOptions(
    List<Long> docs,
    int queries,
    String model,
    Path out,
    Path source,
    long seed,
    boolean keepCorpus,
    String commandLine) {
  public static final long DEFAULT_SEED = 20_260_101L;

  public ScaleOptions {
    if (docs == null || docs.isEmpty() || docs.stream().anyMatch(n -> n < 1)) {
      throw SpladeException.of("--docs", "is " + docs, "pass positive sizes, e.g. 10000,100000");
    }
    for (int i = 1; i < docs.size(); i++) {
      if (docs.get(i) <= docs.get(i - 1)) {
        throw SpladeException.of("--docs", "is " + docs, "list the sizes in ascending order");
      }
    }
    docs = List.copyOf(docs);
    if (queries < 1) {
      throw SpladeException.of("--queries", "is " + queries, "pass a positive number");
    }
    if (model == null || model.isBlank()) {
      throw SpladeException.of("--model", "is not given", "pass the model folder or hub id");
    }
    if (out == null || source == null) {
      throw SpladeException.of("--out/--source", "is not given", "pass both folders");
    }
  }
}
