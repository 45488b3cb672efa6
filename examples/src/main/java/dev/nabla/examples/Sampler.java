package dev.nabla.examples;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.CharVocabulary;

/**
 * Continues a text with a character model: each step feeds the last {@code context} characters,
 * divides the last position's logits by the temperature, keeps the {@code topK} largest (0 keeps
 * all), and draws the next character from their softmax with a seeded generator.
 */
final class Sampler {
  private final CharGpt model;
  private final CharVocabulary vocab;
  private final double temperature;
  private final int topK;
  private final long seed;

  Sampler(CharGpt model, CharVocabulary vocab, double temperature, int topK, long seed) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "Sampler: temperature must be a finite number > 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("Sampler: top-k must be >= 0 (0: all), got " + topK);
    }
    this.model = model;
    this.vocab = vocab;
    this.temperature = temperature;
    this.topK = Math.min(topK, vocab.size());
    this.seed = seed;
  }

  /**
   * {@code count} characters that follow {@code prompt} (which must use only the vocabulary's
   * characters; an empty prompt starts from a newline).
   */
  String continueText(String prompt, int count) {
    String start = prompt.isEmpty() ? "\n" : prompt;
    int[] promptIds = vocab.encode(start);
    int context = model.config().context();
    int[] ids = new int[promptIds.length + count];
    System.arraycopy(promptIds, 0, ids, 0, promptIds.length);
    int n = promptIds.length;
    model.eval();
    try (var _ = Grad.disabled()) {
      for (int i = 0; i < count; i++) {
        int from = Math.max(0, n - context);
        int[] window = java.util.Arrays.copyOfRange(ids, from, n);
        Tensor logits = model.forward(Tensor.of(window, 1, window.length));
        Tensor last = logits.get(0, window.length - 1).div(temperature);
        if (topK > 0 && topK < vocab.size()) {
          double kth = last.topk(topK).values().item(topK - 1);
          last = last.maskedFill(last.lt(kth), Double.NEGATIVE_INFINITY);
        }
        ids[n++] = (int) last.softmax(0).multinomial(1, false, seed + i).item(0);
      }
    }
    model.train();
    int[] produced = java.util.Arrays.copyOfRange(ids, promptIds.length, n);
    return vocab.decode(produced);
  }
}
