-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Pruning what-if
-- MAGIC
-- MAGIC How much index could pruning save, and how much of the vectors' L1 mass would it keep?
-- MAGIC `splade stats` measured a grid of top-k and max_ratio settings with the encoder's own pruning;
-- MAGIC the last cells try any top-k straight on `doc_vectors`.
-- MAGIC
-- MAGIC - **top_k**: the setting to try (keep the k largest weights per document)
-- MAGIC - **min_mass**: the share of mass that must be retained

-- COMMAND ----------

CREATE WIDGET TEXT index_path DEFAULT '/tmp/splade-index';
CREATE WIDGET TEXT top_k DEFAULT '2';
CREATE WIDGET TEXT min_mass DEFAULT '0.9'

-- COMMAND ----------

SELECT model_id, slice, method, param, postings_total, postings_kept,
       round(postings_saved_share, 4) AS postings_saved_share,
       round(mass_retained_share, 4) AS mass_retained_share
FROM delta.`${index_path}/stats/pruning`
ORDER BY model_id, slice, method, param

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Most savings that keep at least `min_mass` of the mass

-- COMMAND ----------

SELECT model_id, method, param, round(postings_saved_share, 4) AS postings_saved_share,
       round(mass_retained_share, 4) AS mass_retained_share
FROM (
  SELECT *, row_number() OVER (PARTITION BY model_id ORDER BY postings_saved_share DESC, param) AS r
  FROM delta.`${index_path}/stats/pruning`
  WHERE slice = 'all' AND mass_retained_share >= CAST('${min_mass}' AS DOUBLE)
)
WHERE r = 1
ORDER BY model_id

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Try top_k on doc_vectors
-- MAGIC Keeps the `top_k` largest weights of each vector (weights are non-negative after SPLADE
-- MAGIC pooling, so largest |w| = largest w).

-- COMMAND ----------

SELECT model_id,
       sum(active_dims) AS postings_total,
       sum(least(active_dims, CAST('${top_k}' AS INT))) AS postings_kept,
       round(1 - sum(least(active_dims, CAST('${top_k}' AS INT))) / sum(active_dims), 4) AS postings_saved_share,
       round(sum(aggregate(slice(sort_array(weights, false), 1, CAST('${top_k}' AS INT)), 0D, (a, w) -> a + w))
             / sum(aggregate(weights, 0D, (a, w) -> a + w)), 4) AS mass_retained_share
FROM delta.`${index_path}/doc_vectors`
GROUP BY model_id
ORDER BY model_id
