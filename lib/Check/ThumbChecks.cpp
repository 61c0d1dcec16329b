// Placeholder: the implementation is being written.
