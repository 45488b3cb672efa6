/**
 * Implementation details of nabla-layers (not API): initialisers, the state-dict comparison, the
 * summary table, module argument checks and text (reprs, messages).
 */
package dev.nabla.layers.internal;
