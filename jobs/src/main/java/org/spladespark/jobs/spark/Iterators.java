package org.spladespark.jobs.spark;

import java.util.Iterator;
import java.util.function.Function;

/** Lazy iterators over a partition's rows, for the jobs' {@code mapPartitions} functions. */
public final class Iterators {
  private Iterators() {}

  /** {@code f} of each element of {@code in}, computed as it is read: a partition is not held. */
  public static <A, B> Iterator<B> map(Iterator<A> in, Function<? super A, ? extends B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public B next() {
        return f.apply(in.next());
      }
    };
  }
}
