-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Sparsity overview
-- MAGIC
-- MAGIC How sparse are the document vectors of an index? Reads the tables written by `splade stats`
-- MAGIC under `<index_path>/stats` and the pipeline's own `doc_vectors`.
-- MAGIC
-- MAGIC - **index_path**: the index folder (a path Spark can read: `dbfs:/…`, `/Volumes/…`, `s3://…`, or a local folder)
-- MAGIC - every table has `model_id` and `slice` (`all`, or `<column>=<value>` for `--group-by`)

-- COMMAND ----------

CREATE WIDGET TEXT index_path DEFAULT '/tmp/splade-index'

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Summary per model and slice
-- MAGIC Active dimensions (non-zeros per document), L1 mass, posting-list lengths and the estimated
-- MAGIC FLOPS Σ_j (df_j / docs)² (expected multiplications of a document-document dot product).

-- COMMAND ----------

SELECT model_id, slice, docs, postings,
       round(active_dims_mean, 2) AS active_dims_mean,
       active_dims_p50, active_dims_p90, active_dims_p99, active_dims_max,
       round(l1_mass_mean, 3) AS l1_mass_mean,
       round(expansion_share_mean, 3) AS expansion_share_mean,
       tokens, posting_len_p50, posting_len_p99, posting_len_max,
       round(est_flops, 4) AS est_flops
FROM delta.`${index_path}/stats/summary`
ORDER BY model_id, slice

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Distribution of active dimensions (whole corpus)

-- COMMAND ----------

SELECT model_id, bucket_start, bucket_end, docs,
       round(docs / sum(docs) OVER (PARTITION BY model_id), 4) AS share
FROM delta.`${index_path}/stats/active_dims_hist`
WHERE slice = 'all'
ORDER BY model_id, bucket_start

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Posting-list lengths
-- MAGIC Tokens per length bucket [2^i, 2^(i+1) − 1] and the share of all postings they hold: long
-- MAGIC lists dominate query cost.

-- COMMAND ----------

SELECT model_id, bucket_start, bucket_end, tokens, postings,
       round(postings / sum(postings) OVER (PARTITION BY model_id), 4) AS postings_share
FROM delta.`${index_path}/stats/posting_lengths`
WHERE slice = 'all'
ORDER BY model_id, bucket_start

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Densest documents
-- MAGIC Straight from `doc_vectors`: the documents with the most non-zeros.

-- COMMAND ----------

SELECT model_id, doc_id, active_dims, round(aggregate(weights, 0D, (acc, w) -> acc + w), 3) AS l1_mass
FROM delta.`${index_path}/doc_vectors`
ORDER BY active_dims DESC, doc_id
LIMIT 20
