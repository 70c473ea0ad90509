package org.spladespark.jobs.eval;

import java.util.List;
import java.util.Map;
import org.spladespark.jobs.search.Hit;

/**
 * What a {@link Retriever} returns for one dataset.
 *
 * @param hits query id → its top hits
 * @param queries non-zeros of the encoded queries
 * @param corpus non-zeros of the encoded documents
 */
public record RetrievalRun(
    Map<String, List<Hit>> hits, SparsityCounter queries, SparsityCounter corpus) {}
