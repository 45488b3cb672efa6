/** Implementation details of nabla-train (atomic writes, progress output, charts): not API. */
package dev.nabla.train.internal;
