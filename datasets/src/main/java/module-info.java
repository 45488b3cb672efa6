/** Datasets, the data loader, the IDX reader, MNIST / Fashion-MNIST and Austen's novels as text. */
module dev.nabla.datasets {
  requires transitive dev.nabla.core;
  // the download progress bar on a terminal (an explicit module that requires org.jline.terminal)
  requires me.tongfei.progressbar;

  exports dev.nabla.datasets;
}
