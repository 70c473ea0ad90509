package org.spladespark.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.spladespark.model.Half;

/**
 * Appends nodes to an ONNX {@link GraphProto.Builder} with fresh value names. Small constants
 * become {@code Constant} nodes (valid at every IR version, folded by ONNX Runtime); weights become
 * initializers holding {@code raw_data}. The few operators whose signature changed between opsets
 * ({@code Unsqueeze} at 13, {@code ReduceMax} at 18) are emitted in the form the target opset
 * expects. Not thread-safe.
 */
final class OnnxGraph {
  private final GraphProto.Builder graph;
  private final int opset;
  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> constants = new HashMap<>();
  private int counter;

  OnnxGraph(GraphProto.Builder graph, int opset) {
    this.graph = graph;
    this.opset = opset;
    for (NodeProto n : graph.getNodeList()) {
      taken.addAll(n.getInputList());
      taken.addAll(n.getOutputList());
      taken.add(n.getName());
    }
    graph.getInitializerList().forEach(t -> taken.add(t.getName()));
    graph.getInputList().forEach(v -> taken.add(v.getName()));
    graph.getOutputList().forEach(v -> taken.add(v.getName()));
  }

  GraphProto.Builder proto() {
    return graph;
  }

  int opset() {
    return opset;
  }

  /** A value name not used anywhere in the graph yet, derived from {@code hint}. */
  String fresh(String hint) {
    String name = hint;
    while (!taken.add(name)) {
      name = hint + "_" + (++counter);
    }
    return name;
  }

  /** Claims an exact name (a graph input, output or weight); fails if it is already used. */
  String claim(String name) {
    if (!taken.add(name)) {
      throw new IllegalStateException("ONNX value name already used: " + name);
    }
    return name;
  }

  /** Adds a node with one output named after {@code hint}; returns the output name. */
  String op(String type, String hint, String[] inputs, AttributeProto... attrs) {
    String out = fresh(hint);
    opInto(type, out, inputs, attrs);
    return out;
  }

  /** Adds a node writing to the given (already claimed) output name. */
  void opInto(String type, String out, String[] inputs, AttributeProto... attrs) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(type)
            .setName(fresh("node/" + out))
            .addAllInput(Arrays.asList(inputs))
            .addOutput(out)
            .addAllAttribute(Arrays.asList(attrs)));
  }

  String op(String type, String hint, String input, AttributeProto... attrs) {
    return op(type, hint, new String[] {input}, attrs);
  }

  String op(String type, String hint, String a, String b, AttributeProto... attrs) {
    return op(type, hint, new String[] {a, b}, attrs);
  }

  String cast(String input, DataType to, String hint) {
    return op("Cast", hint, input, attr("to", to.getNumber()));
  }

  /** {@code Unsqueeze} in the form of the target opset (axes attribute before 13, input after). */
  String unsqueeze(String input, String hint, long... axes) {
    if (opset >= 13) {
      return op("Unsqueeze", hint, input, constInts(hint + "/axes", axes));
    }
    return op("Unsqueeze", hint, input, attr("axes", axes));
  }

  /** {@code ReduceMax} in the form of the target opset (axes attribute before 18, input after). */
  String reduceMax(String input, String hint, boolean keepDims, long... axes) {
    AttributeProto keep = attr("keepdims", keepDims ? 1 : 0);
    if (opset >= 18) {
      return op("ReduceMax", hint, input, constInts(hint + "/axes", axes), keep);
    }
    return op("ReduceMax", hint, input, attr("axes", axes), keep);
  }

  /** A 1-D int64 constant (one node per distinct value). */
  String constInts(String hint, long... values) {
    String key = "i64" + Arrays.toString(values);
    String known = constants.get(key);
    if (known != null) {
      return known;
    }
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    b.flip();
    String name = constant(hint, tensor("", DataType.INT64, new long[] {values.length}, b));
    constants.put(key, name);
    return name;
  }

  /** A scalar constant of a floating-point type, FLOAT or FLOAT16 (one node per distinct value). */
  String constScalar(String hint, DataType type, float value) {
    String key = type + ":" + Float.floatToRawIntBits(value);
    String known = constants.get(key);
    if (known != null) {
      return known;
    }
    String name = constant(hint, tensor("", type, new long[0], floats(type, new float[] {value})));
    constants.put(key, name);
    return name;
  }

  private String constant(String hint, TensorProto value) {
    return op("Constant", hint, new String[0], attr("value", value));
  }

  /** Adds an initializer under an exact name. */
  void initializer(String name, DataType type, long[] dims, ByteBuffer littleEndian) {
    graph.addInitializer(tensor(claim(name), type, dims, littleEndian));
  }

  static TensorProto tensor(String name, DataType type, long[] dims, ByteBuffer littleEndian) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(littleEndian.duplicate())).build();
  }

  /** Encodes floats as little-endian FLOAT or FLOAT16 (round to nearest even). */
  static ByteBuffer floats(DataType type, float[] values) {
    if (type == DataType.FLOAT) {
      ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return b;
    }
    if (type == DataType.FLOAT16) {
      ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        b.putShort(Half.fromFloat(v));
      }
      b.flip();
      return b;
    }
    throw new IllegalArgumentException("not a float type: " + type);
  }

  static AttributeProto attr(String name, long value) {
    return attr(name, AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto attr(String name, float value) {
    return attr(name, AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  static AttributeProto attr(String name, long[] values) {
    AttributeProto.Builder a = attr(name, AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto attr(String name, TensorProto value) {
    return attr(name, AttributeProto.AttributeType.TENSOR).setT(value).build();
  }

  /** An attribute named {@code name} of {@code type}, its value still to set. */
  private static AttributeProto.Builder attr(String name, AttributeProto.AttributeType type) {
    return AttributeProto.newBuilder().setName(name).setType(type);
  }

  /**
   * A tensor value description; each entry of {@code dims} is a {@code Long} (fixed size) or a
   * {@code String} (named dynamic dimension).
   */
  static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }
}
