//! Training. (stub)
