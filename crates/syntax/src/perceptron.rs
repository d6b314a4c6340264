//! Averaged perceptron. (stub)
