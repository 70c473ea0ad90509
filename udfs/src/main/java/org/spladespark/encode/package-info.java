/**
 * Encoders: the inference-free {@link org.spladespark.encode.QueryEncoder} (IDF lookup) and the
 * {@link org.spladespark.encode.DocumentEncoder} (an ONNX Runtime session over the pooled SPLADE
 * graph).
 */
package org.spladespark.encode;
