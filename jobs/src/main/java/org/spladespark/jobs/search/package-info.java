/**
 * Exact top-k retrieval over a SPLADE index: the batch {@link
 * org.spladespark.jobs.search.SearchJob} ({@code splade search}) and the one-query-at-a-time {@link
 * org.spladespark.jobs.search.SpladeIndex}.
 *
 * <p>Scores are the float32 dot product of {@link org.spladespark.vector.SparseVector#dot}: the
 * products {@code q[t] * d[t]} summed in float32 in ascending token id order, starting from 0. Both
 * plans score with one kernel ({@code SliceScorer}) that does exactly that arithmetic, so every
 * plan returns the same floats as a brute-force loop. Hits are the documents sharing at least one
 * token with the query, ranked by score descending, then doc id ascending in UTF-8 byte order
 * (Spark's string order).
 */
package org.spladespark.jobs.search;
