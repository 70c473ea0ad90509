/**
 * The model bundle: a sentence-transformers {@code SparseEncoder} folder (or hub id) resolved into
 * the files the pipeline needs — query weights, tokenizer, document transformer, pooling — with
 * every file validated at load.
 *
 * <p>{@link org.spladespark.model.ModelSource} resolves a folder or a hub id {@code
 * owner/name[@revision]}; hub files are fetched into the Hugging Face cache with {@code
 * huggingface_hub}'s layout and environment ({@link org.spladespark.model.HubOptions}), downloading
 * only what the pipeline reads. {@link org.spladespark.model.ModelBundle} validates and exposes the
 * files.
 */
package org.spladespark.model;
