/** Implementation details of nabla optim (argument checks, fused update loops); not API. */
package dev.nabla.optim.internal;
