/**
 * Tokenization through DJL's binding of Hugging Face {@code tokenizers}, with the pipeline's own
 * truncation and special-token rules applied over whatever the {@code tokenizer.json} carries.
 */
package org.spladespark.tokenize;
