package dev.nabla.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Documents split by position into training and validation text: the end of each document is held
 * out, so no validation text is ever seen in training (a random split of windows would put the
 * neighbours of every validation window in the training set).
 *
 * <p><b>The rule.</b> A document of {@code n} code points gives its first {@code n - v} to {@link
 * #train()} and its last {@code v = Math.round(n * validationFraction)} to {@link #validation()}.
 * With {@link #DEFAULT_VALIDATION_FRACTION} 0.1, that is the last tenth of each document. The two
 * parts of a document are disjoint and together are the document; the lists keep the documents'
 * order.
 *
 * @param train the first part of each document, in order
 * @param validation the last part of each document, in order
 */
public record TextSplit(List<String> train, List<String> validation) {
  /** The fraction of each document held out for validation by default: the last 10 %. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  /** Checks the two lists and makes them immutable. */
  public TextSplit {
    if (train == null || validation == null || train.size() != validation.size()) {
      throw new IllegalArgumentException(
          "TextSplit: expected a train and a validation list of the same length, got "
              + (train == null ? "null" : train.size())
              + " and "
              + (validation == null ? "null" : validation.size()));
    }
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  /** The last 10 % of each document for validation, the rest for training. */
  public static TextSplit byPosition(List<String> documents) {
    return byPosition(documents, DEFAULT_VALIDATION_FRACTION);
  }

  /**
   * The last {@code Math.round(n * validationFraction)} code points of each document of {@code n}
   * for validation, the rest for training.
   *
   * @throws IllegalArgumentException if the fraction is not in {@code [0, 1]}, or there are no
   *     documents or one is null
   */
  public static TextSplit byPosition(List<String> documents, double validationFraction) {
    if (!(validationFraction >= 0 && validationFraction <= 1)) {
      throw new IllegalArgumentException(
          "TextSplit.byPosition: expected a validation fraction in [0, 1], got "
              + validationFraction);
    }
    if (documents == null || documents.isEmpty() || documents.stream().anyMatch(d -> d == null)) {
      throw new IllegalArgumentException(
          "TextSplit.byPosition: expected one or more documents, none null, got "
              + (documents == null ? "null" : documents.isEmpty() ? "none" : "a null document"));
    }
    List<String> train = new ArrayList<>(documents.size());
    List<String> validation = new ArrayList<>(documents.size());
    for (String d : documents) {
      int n = d.codePointCount(0, d.length());
      int cut = d.offsetByCodePoints(0, n - (int) Math.round(n * validationFraction));
      train.add(d.substring(0, cut));
      validation.add(d.substring(cut));
    }
    return new TextSplit(train, validation);
  }
}
