-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Why a document scores what it does
-- MAGIC
-- MAGIC `splade_explain(query, doc)` lists the tokens a query vector and a document vector share:
-- MAGIC query weight, document weight and their product (the contribution), largest first. The
-- MAGIC contributions added in ascending token id order, in float32, are exactly the search score
-- MAGIC (`splade_dot`, `splade search`, `SpladeIndex`).
-- MAGIC
-- MAGIC - **model_id**: the `model_id` of `doc_vectors` to read
-- MAGIC - **query_token_ids**, **query_weights**: the query vector (ascending ids). With a model set
-- MAGIC   (`spark.splade.model`), use `splade_query('your text')` instead of the literal struct, and the
-- MAGIC   `token` column spells each token.

-- COMMAND ----------

CREATE WIDGET TEXT index_path DEFAULT '/tmp/splade-index';
CREATE WIDGET TEXT model_id DEFAULT 'm1';
CREATE WIDGET TEXT query_token_ids DEFAULT '2, 3, 5';
CREATE WIDGET TEXT query_weights DEFAULT '0.5, 2.0, 1.0'

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## The best documents for the query, with their score

-- COMMAND ----------

SELECT doc_id,
       splade_dot(named_struct('token_ids', array(${query_token_ids}),
                               'weights', transform(array(${query_weights}), w -> CAST(w AS FLOAT))),
                  struct(token_ids, weights)) AS score
FROM delta.`${index_path}/doc_vectors`
WHERE model_id = '${model_id}'
ORDER BY score DESC, doc_id
LIMIT 10

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Each document's contributions, token by token

-- COMMAND ----------

SELECT doc_id, e.token_id, e.token, e.query_weight, e.doc_weight, e.contribution
FROM (
  SELECT doc_id,
         splade_explain(named_struct('token_ids', array(${query_token_ids}),
                                     'weights', transform(array(${query_weights}), w -> CAST(w AS FLOAT))),
                        struct(token_ids, weights)) AS terms
  FROM delta.`${index_path}/doc_vectors`
  WHERE model_id = '${model_id}'
) LATERAL VIEW explode(terms) t AS e
ORDER BY doc_id, e.contribution DESC, e.token_id

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## The contributions add up to the score, bit for bit

-- COMMAND ----------

SELECT doc_id, score, explained, score = explained AS identical, size(terms) AS shared_tokens
FROM (
  SELECT doc_id, score, terms,
         aggregate(array_sort(terms), CAST(0 AS FLOAT), (acc, x) -> acc + x.contribution) AS explained
  FROM (
    SELECT doc_id,
           splade_dot(q, struct(token_ids, weights)) AS score,
           splade_explain(q, struct(token_ids, weights)) AS terms
    FROM (SELECT *, named_struct('token_ids', array(${query_token_ids}),
                                 'weights', transform(array(${query_weights}), w -> CAST(w AS FLOAT))) AS q
          FROM delta.`${index_path}/doc_vectors`
          WHERE model_id = '${model_id}')
  )
)
ORDER BY score DESC, doc_id
