/**
 * Helpers the public core classes share and the other internal packages use: shape arithmetic and
 * its error messages ({@code Shapes}), raw storage access ({@code TensorAccess}), the seeded
 * generator, printing, in-place loops, non-finite scans and scalar special functions ({@code
 * ErfMath}). Not API: the module does not export it, so nothing outside {@code dev.nabla.core} can
 * depend on it.
 */
package dev.nabla.core.internal;
