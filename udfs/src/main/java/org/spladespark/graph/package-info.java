/**
 * The document-graph compiler: turns a SPLADE model's document transformer into one ONNX graph
 * whose output is the pooled sparse embedding, without Python. {@link
 * org.spladespark.graph.DocumentGraphs} is the entry point; {@link
 * org.spladespark.graph.GraphCompiler} builds graphs ({@code fromSafetensors}, {@code
 * appendPooling}); {@link org.spladespark.graph.GraphCache} keeps them by content hash; {@link
 * org.spladespark.graph.SyntheticModel} writes random-weight models for benchmarks.
 */
package org.spladespark.graph;
