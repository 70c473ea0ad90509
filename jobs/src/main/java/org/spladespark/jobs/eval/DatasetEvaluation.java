package org.spladespark.jobs.eval;

/**
 * Everything measured on one dataset: its retrieval metrics and the sparsity of the evaluated
 * queries and of the whole corpus.
 *
 * @param name the evaluator name, prefixed to every key ({@code ""} for none)
 */
public record DatasetEvaluation(
    String name, RetrievalMetrics retrieval, SparsityCounter queries, SparsityCounter corpus) {}
