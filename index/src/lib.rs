//! `scout-index`: the SQLite store (source of truth) and the tantivy index derived from it.
