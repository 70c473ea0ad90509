/**
 * The model bundle: a sentence-transformers {@code SparseEncoder} folder (or hub id) resolved into
 * the files the pipeline needs — query weights, tokenizer, document transformer, pooling — with
 * every file validated at load.
 */
package org.spladespark.model;
