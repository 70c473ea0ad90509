package org.spladespark.model;

import static org.spladespark.model.TestModels.DOCUMENT;
import static org.spladespark.model.TestModels.POOLING;
import static org.spladespark.model.TestModels.QUERY;
import static org.spladespark.model.TestModels.assertFails;
import static org.spladespark.model.TestModels.delete;
import static org.spladespark.model.TestModels.editJson;
import static org.spladespark.model.TestModels.safetensors;
import static org.spladespark.model.TestModels.setJson;
import static org.spladespark.model.TestModels.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed model folder fails at load with its own message naming the file. */
class ModelBundleErrorsTest {
  @TempDir Path tmp;
  private Path model;
  private Path queryWeights;

  @BeforeEach
  void copy() {
    model = TestModels.copyTinyModel(tmp);
    queryWeights = model.resolve(QUERY).resolve("model.safetensors");
  }

  private void fails(String... parts) {
    assertFails(() -> ModelBundle.load(model), parts);
  }

  @Test
  void missingRouterConfig() {
    delete(model.resolve("router_config.json"));
    fails("router_config.json: file not found", "no OpenSearch-style idf.json");
  }

  @Test
  void routerNamingAMissingFolder() {
    editJson(
        model.resolve("router_config.json"),
        r -> r.withObjectProperty("structure").putArray("query").add("query_0_Missing"));
    fails("query_0_Missing: module folder named in", "router_config.json does not exist");
  }

  @Test
  void routerWithoutAQueryModule() {
    editJson(
        model.resolve("router_config.json"),
        r -> r.withObjectProperty("structure").putArray("query"));
    fails("router_config.json: structure.query must name exactly one module", "found []");
  }

  @Test
  void routerFolderOutsideTheModel() {
    editJson(
        model.resolve("router_config.json"),
        r -> r.withObjectProperty("structure").putArray("query").add("../" + QUERY));
    fails("router_config.json: module folder name '../" + QUERY + "' is not a plain folder");
  }

  @Test
  void routerWithAnEncoderQueryModule() {
    editJson(
        model.resolve("router_config.json"),
        r ->
            r.withObjectProperty("types")
                .put(QUERY, "sentence_transformers.sparse_encoder.models.MLMTransformer"));
    fails("router_config.json: query module '" + QUERY + "' has type", "inference-free");
  }

  @Test
  void truncatedQuerySafetensors() throws IOException {
    byte[] full = Files.readAllBytes(queryWeights);
    write(queryWeights, Arrays.copyOf(full, full.length / 2));
    fails(
        QUERY + "/model.safetensors: tensor 'weight' spans bytes [0, 122088)",
        "the file is truncated");
  }

  @Test
  void truncatedDocumentSafetensors() throws IOException {
    Path weights = model.resolve(DOCUMENT).resolve("model.safetensors");
    byte[] full = Files.readAllBytes(weights);
    write(weights, Arrays.copyOf(full, full.length - 1000));
    fails(DOCUMENT + "/model.safetensors: tensor", "the file is truncated");
  }

  @Test
  void headerLengthLargerThanTheFile() {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(1_000_000L).put("{\"weight\":".getBytes(StandardCharsets.UTF_8));
    write(queryWeights, b.array());
    fails(QUERY + "/model.safetensors: header length 1000000 is larger than the file (64 bytes)");
  }

  @Test
  void headerNotJson() {
    byte[] header = "this is not json at all".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    write(queryWeights, b.array());
    fails(QUERY + "/model.safetensors: header is not valid JSON");
  }

  /** Query weights the loader refuses: tensor name, dtype, shape, bytes per element, message. */
  static Stream<Arguments> refusedQueryWeights() {
    long[] vocab = {30522};
    long[] twoDims = {2, 15261};
    long[] tooShort = {30000};
    return Stream.of(
        weights("weight", "F64", vocab, 8, "tensor 'weight' has dtype F64, expected F32"),
        weights("weight", "I32", vocab, 4, "tensor 'weight' has dtype I32, expected F32"),
        weights(
            "weight", "F32", twoDims, 4, "tensor 'weight' has shape [2, 15261], expected [vocab]"),
        weights("embeddings", "F32", vocab, 4, "has no tensor 'weight' (found [embeddings])"),
        weights(
            "weight",
            "F32",
            tooShort,
            4,
            "vocab size mismatch",
            "30000 entries but the tokenizer has 30522 tokens"));
  }

  /** A case of {@link #refusedQueryWeights}: the first message part follows the file's name. */
  private static Arguments weights(
      String name, String dtype, long[] shape, int bytes, String... message) {
    String[] parts = message.clone();
    parts[0] = QUERY + "/model.safetensors: " + parts[0];
    return Arguments.of(name, dtype, shape, bytes, parts);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("refusedQueryWeights")
  void refusesQueryWeights(String name, String dtype, long[] shape, int bytes, String[] parts) {
    write(queryWeights, safetensors(name, dtype, shape, bytes));
    fails(parts);
  }

  @Test
  void missingTokenizer() {
    delete(model.resolve(DOCUMENT).resolve("tokenizer.json"));
    fails(DOCUMENT + "/tokenizer.json: file not found");
  }

  @Test
  void tokenizerWithoutAVocabulary() {
    write(model.resolve(DOCUMENT).resolve("tokenizer.json"), "{\"model\":{\"type\":\"BPE\"}}");
    fails(DOCUMENT + "/tokenizer.json: has no model.vocab object (type 'BPE')");
  }

  @Test
  void tokenizerWithANegativeTokenId() {
    write(
        model.resolve(DOCUMENT).resolve("tokenizer.json"),
        "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[PAD]\":0,\"oops\":-3}}}");
    fails(DOCUMENT + "/tokenizer.json: model.vocab maps 'oops' to -3, not a token id");
  }

  @Test
  void malformedConfigJson() {
    write(model.resolve(DOCUMENT).resolve("config.json"), "{\"vocab_size\": 30522,");
    fails(DOCUMENT + "/config.json: is not valid JSON", "(line 1, column");
  }

  @Test
  void configJsonThatIsNotAnObject() {
    write(model.resolve(DOCUMENT).resolve("config.json"), "[1, 2, 3]");
    fails(DOCUMENT + "/config.json: is empty or not a JSON object");
  }

  @Test
  void missingDocumentWeights() {
    delete(model.resolve(DOCUMENT).resolve("model.safetensors"));
    fails(DOCUMENT + "/model.safetensors: file not found");
  }

  @Test
  void missingQueryWeights() {
    delete(queryWeights);
    fails(QUERY + "/model.safetensors: file not found (nor idf.json beside it)");
  }

  @Test
  void idfJsonWithATokenOutsideTheVocabulary() {
    delete(queryWeights);
    write(model.resolve(QUERY).resolve("idf.json"), "{\"hello\": 1.5, \"zzzunknownzzz\": 2.0}");
    fails(QUERY + "/idf.json: token 'zzzunknownzzz' is not in the tokenizer's vocabulary");
  }

  @Test
  void idfJsonWithANonNumericWeight() {
    delete(queryWeights);
    write(model.resolve(QUERY).resolve("idf.json"), "{\"hello\": \"high\"}");
    fails(QUERY + "/idf.json: weight of token 'hello' is not a number");
  }

  /** A config setting the loader refuses: file (under the model), key, value and the message. */
  static Stream<Arguments> refusedSettings() {
    return Stream.of(
        Arguments.of(
            DOCUMENT + "/config.json",
            "vocab_size",
            30000,
            new String[] {
              DOCUMENT + "/tokenizer.json: vocab size mismatch",
              "tokenizer has 30522 tokens, config.json vocab_size is 30000"
            }),
        Arguments.of(
            DOCUMENT + "/config.json",
            "vocab_size",
            "big",
            new String[] {DOCUMENT + "/config.json: vocab_size is not an integer: \"big\""}),
        Arguments.of(
            DOCUMENT + "/sentence_bert_config.json",
            "max_seq_length",
            "long",
            new String[] {
              DOCUMENT + "/sentence_bert_config.json: max_seq_length is not a positive integer"
            }),
        Arguments.of(
            POOLING + "/config.json",
            "pooling_strategy",
            "mean",
            new String[] {POOLING + "/config.json: unknown pooling strategy 'mean'"}),
        Arguments.of(
            POOLING + "/config.json",
            "activation_function",
            "softplus",
            new String[] {
              POOLING + "/config.json: unknown activation function 'softplus' (expected relu)"
            }),
        Arguments.of(
            POOLING + "/config.json",
            "embedding_dimension",
            768,
            new String[] {POOLING + "/config.json: vocab size mismatch: embedding dimension 768"}));
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @MethodSource("refusedSettings")
  void refusesSetting(String file, String key, Object value, String[] parts) {
    setJson(model.resolve(file), key, value);
    fails(parts);
  }
}
