package org.spladespark.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.internal.SQLConf;
import org.spladespark.errors.SpladeException;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Session extension that adds the SPLADE SQL functions to every session:
 *
 * <pre>
 *   --conf spark.sql.extensions=org.spladespark.sql.SpladeSparkExtensions
 *   --conf spark.splade.model=/path/to/model
 * </pre>
 *
 * The model is read from {@value SpladeFunctions#MODEL_CONF} when a query that calls {@code
 * splade_query} or {@code splade_decode} is analysed, so it may also be set at runtime with {@code
 * spark.conf.set}. Without it those two functions fail analysis with a message saying so; {@code
 * splade_dot} and {@code splade_explain} need no model (explain then leaves token strings null).
 * See {@link SpladeFunctions} for signatures and null handling.
 *
 * <p>Builds the functions through Spark's classic {@code UserDefinedFunctionUtils.toScalaUDF}, so
 * it is tied to Spark 4's classic (non-Connect) session.
 */
public final class SpladeSparkExtensions
    extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (String name : SpladeFunctions.NAMES) {
      ExpressionInfo info =
          new ExpressionInfo(
              SpladeFunctions.class.getName(),
              null,
              name,
              usage(name),
              "",
              "",
              "",
              "",
              "",
              "",
              "java_udf");
      extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(name), info, builder(name)));
    }
    return BoxedUnit.UNIT;
  }

  private static Function1<Seq<Expression>, Expression> builder(String name) {
    return new AbstractFunction1<>() {
      @Override
      public Expression apply(Seq<Expression> children) {
        int arity = SpladeFunctions.arity(name);
        if (children.size() != arity) {
          throw SpladeException.of(
              name,
              "takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + children.size(),
              "call " + usage(name));
        }
        String model = SQLConf.get().getConfString(SpladeFunctions.MODEL_CONF, null);
        SparkUserDefinedFunction udf = (SparkUserDefinedFunction) SpladeFunctions.udf(name, model);
        return UserDefinedFunctionUtils.toScalaUDF(udf, children);
      }
    };
  }

  private static String usage(String name) {
    return switch (name) {
      case SpladeFunctions.QUERY -> "splade_query(text) - the inference-free query vector";
      case SpladeFunctions.DECODE -> "splade_decode(token_ids) - the token strings of the ids";
      case SpladeFunctions.EXPLAIN ->
          "splade_explain(query, doc) - per-token contributions to splade_dot(query, doc)";
      default -> "splade_dot(a, b) - float32 dot product of two struct<token_ids, weights>";
    };
  }
}
