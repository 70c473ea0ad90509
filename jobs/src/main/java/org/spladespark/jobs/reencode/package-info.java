/**
 * Scheduled re-encoding: {@link org.spladespark.jobs.reencode.ReencodeJob} ({@code splade
 * reencode}) brings an index up to date with its corpus and model, encoding only new and changed
 * documents, deleting vectors of removed ones and keeping {@code postings} and {@code token_stats}
 * exactly consistent with {@code doc_vectors}, incrementally and crash-safely.
 */
package org.spladespark.jobs.reencode;
