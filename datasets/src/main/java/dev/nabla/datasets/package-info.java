/**
 * Datasets and data loaders: {@link dev.nabla.datasets.Dataset} and {@link
 * dev.nabla.datasets.DataLoader} (batches, seeded shuffling, drop-last, background prefetching),
 * {@link dev.nabla.datasets.TensorDataset} for data already in tensors, {@link
 * dev.nabla.datasets.Xor}, {@link dev.nabla.datasets.Mnist} (embedded, so it runs offline), {@link
 * dev.nabla.datasets.FashionMnist}, and the {@link dev.nabla.datasets.IdxReader} for their file
 * format. {@link dev.nabla.datasets.LoadOptions} says where files are looked for and downloaded.
 * For character-level language models: {@link dev.nabla.datasets.Austen} (Jane Austen's six novels,
 * embedded as gzip, 1.5 MB), {@link dev.nabla.datasets.CharVocabulary} (characters to ids and
 * back), {@link dev.nabla.datasets.TextSplit} (train and validation text by position) and {@link
 * dev.nabla.datasets.TextDataset} (windows of ids for next-token prediction).
 */
package dev.nabla.datasets;
