/**
 * Datasets and data loaders: {@link dev.nabla.datasets.Dataset} and {@link
 * dev.nabla.datasets.DataLoader} (batches, seeded shuffling, drop-last, background prefetching),
 * {@link dev.nabla.datasets.TensorDataset} for data already in tensors, {@link
 * dev.nabla.datasets.Xor}, {@link dev.nabla.datasets.Mnist} (embedded, so it runs offline), {@link
 * dev.nabla.datasets.FashionMnist}, and the {@link dev.nabla.datasets.IdxReader} for their file
 * format. {@link dev.nabla.datasets.LoadOptions} says where files are looked for and downloaded.
 */
package dev.nabla.datasets;
