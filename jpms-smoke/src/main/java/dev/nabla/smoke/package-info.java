/**
 * A user's program on the module path that requires only {@code dev.nabla.core}. Its test runs it
 * with and without the Vector API module and checks that core's internals stay out of reach.
 */
package dev.nabla.smoke;
