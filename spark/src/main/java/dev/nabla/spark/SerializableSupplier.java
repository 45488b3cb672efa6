package dev.nabla.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} Spark can ship to its executors: {@code () -> buildModel()}, {@code
 * CrossEntropyLoss::new}. What a lambda captures must be serializable too.
 *
 * @param <T> what it supplies
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
