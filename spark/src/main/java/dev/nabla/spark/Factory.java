package dev.nabla.spark;

import java.io.Serializable;

/**
 * A serializable function that builds something on each Spark worker (a model, a loss, an
 * optimizer), since nabla's modules and optimizers are not shipped: every worker builds its own.
 * Lambdas and method references work ({@code CrossEntropyLoss::new}, {@code m -> new
 * Adam(m.parameters(), 1e-3)}) when what they capture is serializable.
 *
 * @param <A> what it is given (the model, for an optimizer)
 * @param <R> what it builds
 */
@FunctionalInterface
public interface Factory<A, R> extends Serializable {
  /** Builds a new instance. */
  R create(A argument);
}
