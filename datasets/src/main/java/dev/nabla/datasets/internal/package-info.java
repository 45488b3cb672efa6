/**
 * Implementation details of nabla-datasets (not API): the verified downloader, the strict gunzip
 * reader, the checksummed text reader, the seeded epoch order and the progress bar. The public
 * loaders in {@code dev.nabla.datasets} use them.
 */
package dev.nabla.datasets.internal;
