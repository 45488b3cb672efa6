/** A user's module that needs nothing of nabla but the core. */
module dev.nabla.smoke {
  requires dev.nabla.core;
}
