-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Model drift
-- MAGIC
-- MAGIC What changed between two models over the same documents? `splade stats --model-id A
-- MAGIC --compare-model-id B` wrote `<index_path>/stats/drift`; the other cells compare the two models'
-- MAGIC token tables and vectors directly.
-- MAGIC
-- MAGIC - **model_a**, **model_b**: the two `model_id` values of `doc_vectors`

-- COMMAND ----------

CREATE WIDGET TEXT index_path DEFAULT '/tmp/splade-index';
CREATE WIDGET TEXT model_a DEFAULT 'm1';
CREATE WIDGET TEXT model_b DEFAULT 'm2'

-- COMMAND ----------

SELECT model_a, model_b, slice, docs_compared,
       round(active_dims_mean_a, 2) AS active_a, round(active_dims_mean_b, 2) AS active_b,
       round(active_dims_delta_mean, 2) AS active_delta,
       round(active_jaccard_mean, 4) AS active_jaccard,
       top_k, round(top_k_jaccard_mean, 4) AS top_k_jaccard,
       top_tokens, round(top_tokens_overlap, 4) AS top_tokens_overlap
FROM delta.`${index_path}/stats/drift`
ORDER BY slice

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Documents that changed most
-- MAGIC Per document: non-zeros under each model and the Jaccard overlap of their token sets.

-- COMMAND ----------

SELECT a.doc_id, a.active_dims AS active_a, b.active_dims AS active_b,
       b.active_dims - a.active_dims AS delta,
       round(size(array_intersect(a.token_ids, b.token_ids))
             / greatest(size(array_union(a.token_ids, b.token_ids)), 1), 4) AS jaccard
FROM delta.`${index_path}/doc_vectors` a
JOIN delta.`${index_path}/doc_vectors` b ON a.doc_id = b.doc_id
WHERE a.model_id = '${model_a}' AND b.model_id = '${model_b}'
ORDER BY jaccard, abs(b.active_dims - a.active_dims) DESC, a.doc_id
LIMIT 50

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Tokens gained and lost
-- MAGIC Document frequency of each token under both models (from their postings), largest changes first.

-- COMMAND ----------

SELECT coalesce(a.token_id, b.token_id) AS token_id,
       coalesce(a.df, 0) AS df_a, coalesce(b.df, 0) AS df_b,
       coalesce(b.df, 0) - coalesce(a.df, 0) AS df_delta
FROM (SELECT token_id, count(*) AS df FROM delta.`${index_path}/postings`
      WHERE model_id = '${model_a}' GROUP BY token_id) a
FULL OUTER JOIN (SELECT token_id, count(*) AS df FROM delta.`${index_path}/postings`
      WHERE model_id = '${model_b}' GROUP BY token_id) b
  ON a.token_id = b.token_id
ORDER BY abs(coalesce(b.df, 0) - coalesce(a.df, 0)) DESC, token_id
LIMIT 50
