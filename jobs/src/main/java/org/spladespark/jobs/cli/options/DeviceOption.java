package org.spladespark.jobs.cli.options;

import java.util.Locale;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.errors.SpladeException;
import picocli.CommandLine.Option;

/** {@code --device}: where documents are encoded, cpu or cuda (alias gpu). */
public final class DeviceOption {
  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu or cuda (alias gpu; default: cpu).")
  String device = "cpu";

  /** The device; a {@link SpladeException} for an unknown name. */
  public EncoderOptions.Device device() {
    return switch (device.trim().toLowerCase(Locale.ROOT)) {
      case "cpu" -> EncoderOptions.Device.CPU;
      case "cuda", "gpu" -> EncoderOptions.Device.CUDA;
      default ->
          throw SpladeException.of(
              "--device",
              "unknown device '" + device + "' (expected cpu or cuda)",
              "pass cpu or cuda");
    };
  }

  /** The encoder's defaults for the device: CPU, or CUDA on the first GPU visible to this JVM. */
  public EncoderOptions encoderOptions() {
    return device() == EncoderOptions.Device.CUDA ? EncoderOptions.cuda(0) : EncoderOptions.cpu();
  }

  /** The device, checked to run here ({@link Preflight#device}). */
  public EncoderOptions.Device checked(String master) {
    EncoderOptions.Device d = device();
    Preflight.device(d, master);
    return d;
  }
}
