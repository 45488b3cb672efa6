/** Loss functions with mean, sum and no reduction. */
module dev.nabla.losses {
  requires transitive dev.nabla.core;

  exports dev.nabla.losses;
}
