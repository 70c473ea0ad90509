package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spladespark.errors.SpladeException;

/**
 * The module folders named by a sentence-transformers {@code router_config.json}: {@code
 * structure.query = [query]} and {@code structure.document = [document, pooling]}. Folder names are
 * read from the file and never assumed: v6 saves use {@code query_0_SparseStaticEmbedding} and
 * {@code document_0_MLMTransformer}, older ones {@code query_0_IDF} and {@code
 * document_0_Transformer}. Names are checked to be plain relative folders, so a hostile config
 * cannot point the loader (or the hub downloader) outside the model folder.
 */
record RouterLayout(String query, String document, String pooling) {
  static final String FILE = "router_config.json";

  static RouterLayout read(Path router) {
    JsonNode cfg = Json.read(router);
    JsonNode structure = cfg.path("structure");
    JsonNode types = cfg.path("types");
    List<String> query = strings(structure.path("query"));
    List<String> document = strings(structure.path("document"));
    if (query.size() != 1) {
      throw SpladeException.of(
          router.toString(),
          "structure.query must name exactly one module (an inference-free model), found " + query,
          "use an inference-free SPLADE model: query = [SparseStaticEmbedding]");
    }
    if (document.size() != 2) {
      throw SpladeException.of(
          router.toString(),
          "structure.document must name [MLMTransformer, SpladePooling], found " + document,
          "use a SPLADE document route saved by sentence-transformers");
    }
    checkType(
        router,
        types,
        "query",
        query.get(0),
        "use an inference-free model whose query module is SparseStaticEmbedding or IDF",
        ".SparseStaticEmbedding",
        ".IDF");
    checkType(
        router,
        types,
        "document",
        document.get(0),
        "the document route must start with an MLMTransformer",
        "Transformer");
    checkType(
        router,
        types,
        "document",
        document.get(1),
        "the document route must end with SpladePooling",
        ".SpladePooling");
    for (String name : List.of(query.get(0), document.get(0), document.get(1))) {
      checkFolderName(router, name);
    }
    return new RouterLayout(query.get(0), document.get(0), document.get(1));
  }

  /**
   * Fails unless {@code module}'s type (in {@code types}; none: not checked) has a suffix given.
   */
  private static void checkType(
      Path router, JsonNode types, String route, String module, String fix, String... suffixes) {
    String type = types.path(module).asText("");
    if (!type.isEmpty() && Arrays.stream(suffixes).noneMatch(type::endsWith)) {
      throw SpladeException.of(
          router.toString(), route + " module '" + module + "' has type " + type, fix);
    }
  }

  private static void checkFolderName(Path router, String name) {
    boolean plain =
        !name.isEmpty()
            && !name.startsWith("/")
            && !name.contains("\\")
            && !name.contains(":")
            && List.of(name.split("/", -1)).stream()
                .noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
    if (!plain) {
      throw SpladeException.of(
          router.toString(),
          "module folder name '" + name + "' is not a plain folder inside the model",
          "use the router_config.json saved by sentence-transformers");
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
