/** Implementation details of nabla-layers (not API): initialisers, state dicts, summaries, text. */
package dev.nabla.layers.internal;
