/**
 * nabla examples. This module's content arrives with its issue; it is built and wired now
 * so that the module graph (core, then examples) is in place.
 */
package dev.nabla.examples;
