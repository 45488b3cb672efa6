/**
 * What core shares with nabla's own modules and with no one else: the record of parameters a module
 * replaced ({@code ReplacedParameters}, written by layers' {@code Module} and read by optim's
 * {@code Optimizer}) and the checks of op arguments that a layer also checks when it is built
 * ({@code OpArguments}, for pooling and convolution). Not API: core's module-info exports this
 * package only to {@code dev.nabla.layers} and {@code dev.nabla.optim} (a qualified export, as the
 * JDK exports its {@code jdk.internal} packages to its own modules), so a user's module can neither
 * compile against it nor reach it by reflection.
 */
package dev.nabla.core.internal.shared;
