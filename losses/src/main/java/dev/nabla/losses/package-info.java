/**
 * nabla losses. This module's content arrives with its issue; it is built and wired now
 * so that the module graph (core, then losses) is in place.
 */
package dev.nabla.losses;
