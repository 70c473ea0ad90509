package org.spladespark.schemas;

import java.io.Serializable;
import java.sql.Timestamp;
import org.spladespark.vector.SparseVector;

/**
 * One row of {@code doc_vectors} ({@link DocVectorsTable}): the SPLADE vector of one document.
 *
 * @param docId the corpus id (unique per model)
 * @param vector the vector; {@code token_ids}, {@code weights} and {@code active_dims} are its ids,
 *     weights and size
 * @param textSha256 hex SHA-256 of the UTF-8 text that was encoded (change detection)
 * @param modelId content fingerprint of document graph + query weights + tokenizer
 * @param pruning pruning config string ({@code none}, {@code top_k=128}, …)
 * @param encodedAt when the vector was computed
 */
public record DocVectorRow(
    String docId,
    SparseVector vector,
    String textSha256,
    String modelId,
    String pruning,
    Timestamp encodedAt)
    implements Serializable {}
