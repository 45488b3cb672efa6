/**
 * Implementation details of nabla-train (atomic writes, a trainer's output directory, the guard
 * against saving non-finite state, progress output, charts): not API.
 */
package dev.nabla.train.internal;
