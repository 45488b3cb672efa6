/**
 * nabla-spark's implementation: the data shards each worker trains on, the training loop run inside
 * a Spark task, the TCP collective of the all-reduce mode, checkpoints on Hadoop file systems. Not
 * part of the API.
 */
package dev.nabla.spark.internal;
