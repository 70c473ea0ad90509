/**
 * Retrieval evaluation with the metrics, key names and aggregation of sentence-transformers' {@code
 * SparseInformationRetrievalEvaluator} / {@code SparseNanoBEIREvaluator}: the maths ({@link
 * org.spladespark.jobs.eval.IrMetrics}, {@link org.spladespark.jobs.eval.SparsityCounter}, {@link
 * org.spladespark.jobs.eval.EvaluationMetrics}) is Spark-free; {@link
 * org.spladespark.jobs.eval.EvaluateJob} runs it over BEIR folders, retrieving with the pipeline
 * ({@link org.spladespark.jobs.eval.SparkRetriever}: encode job, then search job) or in memory
 * ({@link org.spladespark.jobs.eval.ExactRetriever}).
 */
package org.spladespark.jobs.eval;
