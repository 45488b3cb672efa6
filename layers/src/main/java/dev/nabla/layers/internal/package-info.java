/**
 * Implementation details of nabla-layers (not API): initialisers, the state-dict comparison, the
 * summary table, module argument checks and text (reprs, messages). Also the layers' own ops,
 * written against the public {@code Op} contract: the LSTM and GRU scans over a sequence, and the
 * dropout masks.
 */
package dev.nabla.layers.internal;
