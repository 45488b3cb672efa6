/**
 * The example programs that {@code ./nabla <example>} runs (MNIST, Fashion-MNIST, a custom op) and
 * their shared command-line options. They use only the public API of the other modules, so they are
 * also a reference for how to use it.
 */
package dev.nabla.examples;
