-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Token explorer
-- MAGIC
-- MAGIC Which vocabulary tokens carry the index? Uses `<index_path>/stats/tokens` (per-token df, mass,
-- MAGIC max weight) and the pipeline's `postings` table.
-- MAGIC
-- MAGIC - **token_id**: the token to inspect
-- MAGIC - **top_n**: rows per ranking

-- COMMAND ----------

CREATE WIDGET TEXT index_path DEFAULT '/tmp/splade-index';
CREATE WIDGET TEXT token_id DEFAULT '2';
CREATE WIDGET TEXT top_n DEFAULT '25'

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Top tokens by document frequency and by mass

-- COMMAND ----------

SELECT model_id, df_rank, token_id, token, df, round(mass, 3) AS mass, round(max_weight, 3) AS max_weight
FROM delta.`${index_path}/stats/tokens`
WHERE slice = 'all' AND df_rank <= CAST('${top_n}' AS INT)
ORDER BY model_id, df_rank

-- COMMAND ----------

SELECT model_id, mass_rank, token_id, token, df, round(mass, 3) AS mass, round(mass / df, 3) AS mean_weight
FROM delta.`${index_path}/stats/tokens`
WHERE slice = 'all' AND mass_rank <= CAST('${top_n}' AS INT)
ORDER BY model_id, mass_rank

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Frequent but light
-- MAGIC Tokens in many documents with a small mean weight: candidates for a stop list or pruning.

-- COMMAND ----------

SELECT model_id, token_id, token, df, round(mass / df, 4) AS mean_weight
FROM delta.`${index_path}/stats/tokens`
WHERE slice = 'all'
ORDER BY df DESC, mass / df ASC, token_id
LIMIT 25

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## One token's posting list
-- MAGIC The documents with the highest weight on `token_id`, from `postings`.

-- COMMAND ----------

SELECT model_id, doc_id, round(weight, 4) AS weight
FROM delta.`${index_path}/postings`
WHERE token_id = CAST('${token_id}' AS INT)
ORDER BY weight DESC, doc_id
LIMIT 50
