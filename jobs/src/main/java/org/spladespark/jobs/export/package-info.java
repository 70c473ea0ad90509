/**
 * {@code splade export}: the index's document vectors as files that search engines load (Anserini
 * JsonVectorCollection, OpenSearch {@code rank_features} and Elasticsearch {@code sparse_vector}
 * bulk files with their mappings).
 */
package org.spladespark.jobs.export;
