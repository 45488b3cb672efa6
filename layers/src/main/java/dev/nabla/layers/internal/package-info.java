/** Implementation details of nabla-layers (not API): erf and the GELU op, initialisers, text. */
package dev.nabla.layers.internal;
