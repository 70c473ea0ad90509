package org.spladespark.tokenize;

/**
 * An open-addressing map from wordpiece to id that is looked up by a char range, so that
 * WordPiece's longest-match search allocates nothing. Filled once, then read-only: thread-safe for
 * reading after construction (it is published through a final field).
 */
final class VocabTable {
  private final char[][] keys;
  private final int[] ids;
  private final int mask;
  private int maxKeyLength;

  VocabTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected) * 2) * 2;
    keys = new char[cap][];
    ids = new int[cap];
    mask = cap - 1;
  }

  /** Adds {@code key -> id}; the first id of a key wins (keys of a vocab are unique). */
  void put(String key, int id) {
    char[] k = key.toCharArray();
    int slot = hash(k, 0, k.length) & mask;
    while (keys[slot] != null) {
      if (equal(keys[slot], k, 0, k.length)) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = k;
    ids[slot] = id;
    maxKeyLength = Math.max(maxKeyLength, k.length);
  }

  /** The longest key's length: no longer range can match. */
  int maxKeyLength() {
    return maxKeyLength;
  }

  /** The id of {@code chars[from, to)}, or -1. */
  int get(char[] chars, int from, int to) {
    int slot = hash(chars, from, to) & mask;
    char[] k;
    while ((k = keys[slot]) != null) {
      if (equal(k, chars, from, to)) {
        return ids[slot];
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private static int hash(char[] chars, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + chars[i];
    }
    return h ^ (h >>> 16);
  }

  private static boolean equal(char[] key, char[] chars, int from, int to) {
    if (key.length != to - from) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (key[i] != chars[from + i]) {
        return false;
      }
    }
    return true;
  }
}
