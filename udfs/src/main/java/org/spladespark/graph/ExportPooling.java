package org.spladespark.graph;

import static org.spladespark.graph.OnnxGraph.attr;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.spladespark.errors.SpladeException;

/**
 * Appends SPLADE pooling to an existing MLM export (optimum, sentence-transformers {@code
 * backend="onnx"}, {@code torch.onnx}) whose output is the logits [batch, seq, vocab].
 *
 * <p>Inputs: {@code input_ids} and {@code attention_mask} (int64) are kept as the graph declares
 * them. A {@code token_type_ids} input (BERT-style exports) is removed and fed inside the graph
 * with zeros of the shape of {@code input_ids} — what Hugging Face models use when the caller
 * passes none, and the right value for single-segment documents. Any other input is refused.
 *
 * <p>Output: the one floating-point rank-3 output (preferring one named {@code logits}) is pooled;
 * the other outputs are dropped. Tensors stored as external data are inlined (the pooled graph is
 * one file), so the export must stay under protobuf's 2 GB limit.
 */
final class ExportPooling {
  static final String IDS = "input_ids";
  static final String MASK = "attention_mask";
  static final String TOKEN_TYPES = "token_type_ids";

  private ExportPooling() {}

  static ModelProto append(Path export, int vocabSize) {
    ModelProto model = read(export);
    GraphProto.Builder gb = model.getGraph().toBuilder();
    inlineExternalData(gb, export);
    int opset = defaultOpset(model, export);

    Set<String> initializers = new HashSet<>();
    gb.getInitializerList().forEach(t -> initializers.add(t.getName()));
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto in : gb.getInputList()) {
      if (!initializers.contains(in.getName())) {
        inputs.add(in);
      }
    }
    requireInt64Input(inputs, IDS, export);
    requireInt64Input(inputs, MASK, export);
    for (ValueInfoProto in : inputs) {
      String n = in.getName();
      if (!n.equals(IDS) && !n.equals(MASK) && !n.equals(TOKEN_TYPES)) {
        throw SpladeException.of(
            export.toString(),
            "graph input '" + n + "' is not supported (inputs: " + names(inputs) + ")",
            "export the MLM model with inputs input_ids and attention_mask"
                + " (optionally token_type_ids) only");
      }
    }
    ValueInfoProto logits = logitsOutput(gb, export);
    DataType logitsType = DataType.forNumber(logits.getType().getTensorType().getElemType());
    TensorShapeProto.Dimension vocabDim = logits.getType().getTensorType().getShape().getDim(2);
    if (vocabDim.hasDimValue() && vocabDim.getDimValue() != vocabSize) {
      throw SpladeException.of(
          export.toString(),
          "output '"
              + logits.getName()
              + "' has "
              + vocabDim.getDimValue()
              + " logits per token, but the model's vocab_size is "
              + vocabSize,
          "use the export of this model's document transformer");
    }

    OnnxGraph g = new OnnxGraph(gb, opset);
    ValueInfoProto tokenTypes = find(inputs, TOKEN_TYPES);
    if (tokenTypes != null) {
      removeInput(gb, TOKEN_TYPES);
      int elem = tokenTypes.getType().getTensorType().getElemType();
      ByteBuffer zero = ByteBuffer.allocate(elemBytes(elem, export));
      TensorProto value = OnnxGraph.tensor("", DataType.forNumber(elem), new long[] {1}, zero);
      String shape = g.op("Shape", "token_types/shape", IDS);
      g.opInto("ConstantOfShape", TOKEN_TYPES, new String[] {shape}, attr("value", value));
    }
    gb.clearOutput();
    String out = g.fresh(Pooling.OUTPUT);
    if (!out.equals(Pooling.OUTPUT)) {
      throw SpladeException.of(
          export.toString(),
          "the graph already has a value named " + Pooling.OUTPUT,
          "give the logits export, not an already pooled graph");
    }
    Pooling.append(g, logits.getName(), logitsType, MASK, out);
    gb.addOutput(OnnxGraph.valueInfo(out, DataType.FLOAT, "batch", (long) vocabSize));
    return model.toBuilder()
        .setGraph(gb)
        .setDocString("SPLADE pooling appended to " + export.getFileName())
        .build();
  }

  static ModelProto read(Path export) {
    try (InputStream in = Files.newInputStream(export)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      ModelProto m = ModelProto.parseFrom(coded);
      if (!m.hasGraph() || m.getGraph().getOutputCount() == 0) {
        throw SpladeException.of(
            export.toString(), "is not an ONNX model (no graph outputs)", "give an .onnx export");
      }
      return m;
    } catch (NoSuchFileException e) {
      throw SpladeException.of(export.toString(), "file not found", "give an existing export", e);
    } catch (IOException e) {
      throw SpladeException.failed(
          export,
          "cannot be read as an ONNX model",
          "give an .onnx export (optimum-cli export onnx --task fill-mask)",
          e);
    }
  }

  private static int defaultOpset(ModelProto m, Path export) {
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        return (int) o.getVersion();
      }
    }
    throw SpladeException.of(
        export.toString(), "imports no default-domain opset", "re-export the model (opset 17)");
  }

  private static ValueInfoProto logitsOutput(GraphProto.Builder gb, Path export) {
    List<ValueInfoProto> candidates = new ArrayList<>();
    for (ValueInfoProto o : gb.getOutputList()) {
      TypeProto t = o.getType();
      int elem = t.getTensorType().getElemType();
      boolean floating = elem == DataType.FLOAT.getNumber() || elem == DataType.FLOAT16.getNumber();
      if (t.hasTensorType() && floating && t.getTensorType().getShape().getDimCount() == 3) {
        if (o.getName().equals("logits")) {
          return o;
        }
        candidates.add(o);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    StringBuilder desc = new StringBuilder();
    for (ValueInfoProto o : gb.getOutputList()) {
      if (desc.length() > 0) {
        desc.append(", ");
      }
      desc.append(o.getName()).append(' ').append(describe(o.getType()));
    }
    throw SpladeException.of(
        export.toString(),
        (candidates.isEmpty() ? "has no" : "has several")
            + " float output of rank 3 usable as MLM logits [batch, seq, vocab] (outputs: "
            + desc
            + ")",
        "export the masked-LM model (task fill-mask) so that its output is 'logits'");
  }

  private static String describe(TypeProto t) {
    if (!t.hasTensorType()) {
      return "(not a tensor)";
    }
    StringBuilder s = new StringBuilder();
    s.append(DataType.forNumber(t.getTensorType().getElemType())).append('[');
    List<TensorShapeProto.Dimension> dims = t.getTensorType().getShape().getDimList();
    for (int i = 0; i < dims.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      TensorShapeProto.Dimension d = dims.get(i);
      s.append(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam());
    }
    return s.append(']').toString();
  }

  private static void requireInt64Input(List<ValueInfoProto> inputs, String name, Path export) {
    ValueInfoProto in = find(inputs, name);
    if (in == null) {
      throw SpladeException.of(
          export.toString(),
          "has no input '" + name + "' (inputs: " + names(inputs) + ")",
          "export the MLM model with inputs input_ids and attention_mask");
    }
    if (in.getType().getTensorType().getElemType() != DataType.INT64.getNumber()) {
      throw SpladeException.of(
          export.toString(),
          "input '"
              + name
              + "' has element type "
              + DataType.forNumber(in.getType().getTensorType().getElemType())
              + ", expected INT64",
          "export with int64 inputs (the optimum and torch.onnx default)");
    }
  }

  private static ValueInfoProto find(List<ValueInfoProto> inputs, String name) {
    for (ValueInfoProto v : inputs) {
      if (v.getName().equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static List<String> names(List<ValueInfoProto> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.getName()));
    return out;
  }

  private static void removeInput(GraphProto.Builder gb, String name) {
    for (int i = 0; i < gb.getInputCount(); i++) {
      if (gb.getInput(i).getName().equals(name)) {
        gb.removeInput(i);
        return;
      }
    }
  }

  private static int elemBytes(int elem, Path export) {
    if (elem == DataType.INT64.getNumber()) {
      return 8;
    }
    if (elem == DataType.INT32.getNumber()) {
      return 4;
    }
    throw SpladeException.of(
        export.toString(),
        "input 'token_type_ids' has element type " + DataType.forNumber(elem),
        "export with int64 inputs");
  }

  /** Replaces external-data initializers by their bytes, read relative to the export's folder. */
  private static void inlineExternalData(GraphProto.Builder gb, Path export) {
    Path dir = export.toAbsolutePath().getParent();
    for (int i = 0; i < gb.getInitializerCount(); i++) {
      TensorProto t = gb.getInitializer(i);
      if (t.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
        continue;
      }
      String location = null;
      long offset = 0;
      long length = -1;
      for (StringStringEntryProto e : t.getExternalDataList()) {
        switch (e.getKey()) {
          case "location" -> location = e.getValue();
          case "offset" -> offset = Long.parseLong(e.getValue());
          case "length" -> length = Long.parseLong(e.getValue());
          default -> {}
        }
      }
      if (location == null) {
        throw SpladeException.of(
            export.toString(),
            "initializer '" + t.getName() + "' is external but names no location",
            "re-export the model");
      }
      Path data = dir.resolve(location).normalize();
      try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
        long n = length >= 0 ? length : ch.size() - offset;
        if (offset + n > ch.size() || n > Integer.MAX_VALUE) {
          throw SpladeException.of(
              data.toString(),
              "external data of '" + t.getName() + "' runs past the end of the file",
              "re-export the model; the data file is truncated");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) n);
        while (buf.hasRemaining()) {
          if (ch.read(buf, offset + buf.position()) < 0) {
            throw new IOException("unexpected end of file");
          }
        }
        buf.flip();
        ByteString bytes = ByteString.copyFrom(buf);
        gb.setInitializer(
            i, t.toBuilder().clearExternalData().clearDataLocation().setRawData(bytes).build());
      } catch (IOException e) {
        throw SpladeException.failed(
            data,
            "cannot read external data of '" + t.getName() + "'",
            "keep the export's data file beside model.onnx",
            e);
      }
    }
  }
}
