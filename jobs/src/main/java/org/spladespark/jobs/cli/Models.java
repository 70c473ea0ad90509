package org.spladespark.jobs.cli;

import org.spladespark.model.ModelBundle;
import org.spladespark.model.ModelSource;

/** Resolves the {@code --model} argument of every command: a local folder or a hub id. */
final class Models {
  private Models() {}

  static ModelBundle resolve(String modelIdOrPath) {
    return ModelSource.resolve(modelIdOrPath);
  }
}
