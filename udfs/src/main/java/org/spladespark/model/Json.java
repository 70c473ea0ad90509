package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spladespark.errors.SpladeException;

/** Reads the small JSON config files of a model folder, naming the file in every error. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode read(Path file) {
    try {
      JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
      if (node == null || !node.isObject()) {
        throw SpladeException.of(
            file.toString(), "is empty or not a JSON object", "re-download the model file");
      }
      return node;
    } catch (NoSuchFileException e) {
      throw SpladeException.of(
          file.toString(),
          "file not found",
          "check the model folder is complete (it should be saved by SparseEncoder.save)",
          e);
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(), "is not valid JSON: " + e.getMessage(), "re-download the model file", e);
    }
  }

  static JsonNode readIfExists(Path file) {
    return Files.isRegularFile(file) ? read(file) : null;
  }
}
