package org.spladespark.graph;

import java.nio.file.Path;

/**
 * A pooled document graph on disk.
 *
 * @param path the .onnx file, ready for {@link org.spladespark.encode.DocumentEncoder}
 * @param hash the {@link GraphCache} key: sha256 (hex) of the source files, the compiler version
 *     and the precision; part of the model fingerprint ({@code model_id})
 * @param compiled true when this call compiled the graph, false when it came from the cache
 */
public record CompiledGraph(Path path, String hash, boolean compiled) {}
