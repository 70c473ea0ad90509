package org.spladespark.jobs.cli.options;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;

/**
 * Checks made on the driver before a job reads its input, so that a run that cannot succeed fails
 * in seconds, with exit code 2, and writes nothing: the device is usable, the input exists, the
 * output folder is writable and not inside the input. Paths of other file systems ({@code s3a:},
 * {@code abfss:}) are left to the job; only local paths ({@code file:} included) are checked.
 */
public final class Preflight {
  /** What to install for {@code --device cuda}. */
  static final String CUDA_FIX =
      "build with mvn -Pgpu package (onnxruntime_gpu) and install the CUDA 12 and cuDNN 9"
          + " runtime on a machine with an NVIDIA GPU, or pass --device cpu";

  private Preflight() {}

  /**
   * {@code --device cuda}: ONNX Runtime's CUDA execution provider loads here and, for a local
   * master, a GPU is visible. On a cluster the executors' GPUs are Spark's resources; the driver
   * checks only that the build carries the CUDA provider.
   */
  public static void device(EncoderOptions.Device device, String master) {
    if (device != EncoderOptions.Device.CUDA) {
      return;
    }
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.addCUDA(0);
    } catch (OrtException | LinkageError e) {
      throw SpladeException.of(
          "--device cuda",
          "ONNX Runtime's CUDA execution provider cannot load ("
              + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
              + ")",
          CUDA_FIX,
          e);
    }
    boolean local = master == null || master.startsWith("local");
    if (local && !gpuVisible()) {
      throw SpladeException.of(
          "--device cuda", "no NVIDIA GPU is visible on this machine (no /dev/nvidia0)", CUDA_FIX);
    }
  }

  private static boolean gpuVisible() {
    File[] gpus = new File("/proc/driver/nvidia/gpus").listFiles();
    return new File("/dev/nvidia0").exists() || (gpus != null && gpus.length > 0);
  }

  /** A local corpus path exists (a table name or another file system's URI is left to the job). */
  public static void input(String option, CorpusInput in) {
    if (!Locations.isTableName(in.location())) {
      exists(option, in.location());
    }
  }

  /** A local input file or folder exists; null and other file systems' URIs are left to the job. */
  public static void exists(String option, String location) {
    Path p = location == null ? null : local(location);
    if (p != null && !Files.exists(p)) {
      throw SpladeException.of(
          option + " " + location,
          "no such file or folder",
          "check the path (relative paths start from the working directory); a catalog table is"
              + " named like schema.table or catalog.schema.table");
    }
  }

  /**
   * The output folder can be created or written, and is not the input or inside it.
   *
   * @param option the output option's name, for the message
   * @param output the output folder
   * @param input the input location, or null
   */
  public static void output(String option, String output, String input) {
    Path out = local(output);
    if (out == null) {
      return;
    }
    Path in = input == null ? null : local(input);
    if (in != null && (out.equals(in) || out.startsWith(in))) {
      throw SpladeException.of(
          option + " " + output,
          "is " + (out.equals(in) ? "the input " : "inside the input ") + input,
          "write the tables to a folder outside the input");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw SpladeException.of(option + " " + output, "is a file, not a folder", "pass a folder");
    }
    Path existing = out;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw SpladeException.of(
          option + " " + output,
          existing == null
              ? "has no existing parent folder"
              : (Files.isDirectory(existing) ? "cannot be written: " : "has a file as parent: ")
                  + existing,
          "pass a folder this user can write, or fix its permissions");
    }
  }

  /** A local path of {@code location} (a {@code file:} URI included), or null for other URIs. */
  private static Path local(String location) {
    try {
      if (location.startsWith("file:")) {
        return Path.of(java.net.URI.create(location)).normalize();
      }
      return Locations.isUri(location) ? null : Path.of(location).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) { // InvalidPathException included
      return null;
    }
  }
}
