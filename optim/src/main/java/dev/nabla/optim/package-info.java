/**
 * nabla optim: optimizers, learning-rate schedules and gradient clipping, usable with nothing but
 * {@code nabla-core}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(1L, 3, 1).requiresGrad(true);
 * Optimizer opt = new SGD(List.of(w), 0.1, 0.9);
 * LRScheduler schedule = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *   opt.zeroGrad();
 *   Tensor loss = x.matmul(w).sub(y).pow(2).mean();
 *   loss.backward();
 *   GradClip.clipGradNorm(opt.params(), 1.0);
 *   opt.step();
 *   schedule.step();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.nabla.optim.Optimizer}: the base class (stepping, named state export and
 *       import); {@link dev.nabla.optim.SGD}, {@link dev.nabla.optim.Adam}, {@link
 *       dev.nabla.optim.AdamW} and {@link dev.nabla.optim.RMSprop} follow PyTorch's algorithms and
 *       defaults.
 *   <li>{@link dev.nabla.optim.LRScheduler}: {@link dev.nabla.optim.StepLR}, {@link
 *       dev.nabla.optim.CosineAnnealingLR}, {@link dev.nabla.optim.LinearWarmup} and {@link
 *       dev.nabla.optim.SequentialLR}, in PyTorch's closed forms.
 *   <li>{@link dev.nabla.optim.GradClip}: clipping by global norm and by value.
 * </ul>
 */
package dev.nabla.optim;
