//! The SQLite store of analysed documents
