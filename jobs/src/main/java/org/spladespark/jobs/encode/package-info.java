/**
 * The corpus encoding job: reads documents (JSONL, CSV, Parquet, Delta, a BEIR folder), rejects or
 * quarantines bad rows, encodes the rest on the executors with one shared {@link
 * org.spladespark.encode.DocumentEncoder} per JVM, and writes the {@code doc_vectors}, {@code
 * postings} and {@code token_stats} Delta tables plus a metrics file per run. Entry points: {@link
 * org.spladespark.jobs.encode.EncodeCorpusJob#run} and the {@code splade encode} command.
 */
package org.spladespark.jobs.encode;
