package org.spladespark.jobs.encode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An iterator over a partition that computes its elements a batch at a time (the tokenizer and the
 * ONNX session are fast on batches, slow row by row): {@link #fill} produces the next batch when
 * the previous one is used up. Not thread-safe, like any iterator of a Spark partition.
 */
abstract class BatchIterator<T> implements Iterator<T> {
  private final List<T> out = new ArrayList<>();
  private int next;

  /** Adds the next batch to {@code batch} (empty when called); false when the input is used up. */
  protected abstract boolean fill(List<T> batch);

  @Override
  public final boolean hasNext() {
    while (next >= out.size()) {
      out.clear();
      next = 0;
      if (!fill(out)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return out.get(next++);
  }
}
