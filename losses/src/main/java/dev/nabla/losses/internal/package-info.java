/**
 * Implementation details of nabla-losses (not API): the fused loss ops, which compute a loss and
 * its gradient in one pass, their loops and the target checks they share. They are written against
 * the public {@link dev.nabla.core.Op} contract, like a user's op.
 */
package dev.nabla.losses.internal;
