/**
 * Tokenization through DJL's binding of Hugging Face {@code tokenizers}, with the pipeline's own
 * truncation and special-token rules applied over whatever the {@code tokenizer.json} carries; for
 * queries, a pure-Java BERT WordPiece path that gives DJL's ids exactly where it answers and leaves
 * every other text to DJL.
 */
package org.spladespark.tokenize;
