/**
 * Implementation details of nabla optim (argument checks, state-dictionary keys and validation,
 * fused update loops); not API.
 */
package dev.nabla.optim.internal;
