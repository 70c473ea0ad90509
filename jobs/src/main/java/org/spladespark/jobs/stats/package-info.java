/**
 * Sparsity analytics of an index: per-document maths ({@link
 * org.spladespark.jobs.stats.DocumentStats}, {@link org.spladespark.jobs.stats.VectorDrift}) is
 * Spark-free; {@link org.spladespark.jobs.stats.SparsityStatsJob} ({@code splade stats}) runs it
 * over {@code doc_vectors} and aggregates per model and slice into Delta tables.
 */
package org.spladespark.jobs.stats;
