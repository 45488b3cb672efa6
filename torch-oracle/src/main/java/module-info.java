/**
 * Holds no code of its own: its tests check nabla's layers and losses against the PyTorch installed
 * on the machine, reading PyTorch's answers with nabla's safetensors reader.
 */
module dev.nabla.torchoracle {
  requires dev.nabla.train;
}
