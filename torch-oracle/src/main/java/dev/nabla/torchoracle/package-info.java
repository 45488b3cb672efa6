/**
 * Empty: the module's tests live in this package. See {@code src/test/python/make_fixtures.py} for
 * what PyTorch computes and {@code TorchFixtures} for how the tests read it.
 */
package dev.nabla.torchoracle;
