//! Syntactic words. (stub: written by a helper)
