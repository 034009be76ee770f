//! Settings for bulk loads (benchmark worlds): one connection writing millions of rows.

use super::Store;
use crate::error::IndexError;

impl Store {
    /// Gives this connection a page cache of `mib` MiB: bulk writes touch pages all over the
    /// tables' B-trees, and SQLite's default cache (2 MiB) turns that into disk reads.
    pub fn set_cache_mib(&self, mib: u32) -> Result<(), IndexError> {
        let kib = -(i64::from(mib) * 1024);
        self.conn.pragma_update(None, "cache_size", kib)?;
        Ok(())
    }
}
