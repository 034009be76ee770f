//! The data directory an evaluation crawls into: a fresh one under the system's temporary
//! directory (removed afterwards), or one the caller names, which must be empty and is kept.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::error::EvalError;

/// A data directory used by one evaluation.
#[derive(Debug)]
pub(crate) struct ScratchDir {
    path: PathBuf,
    remove_on_drop: bool,
}

impl ScratchDir {
    /// The caller's directory (created if missing, refused if not empty) or a fresh
    /// temporary one.
    pub(crate) fn prepare(requested: Option<&Path>) -> Result<ScratchDir, EvalError> {
        if let Some(path) = requested {
            if path.exists() && std::fs::read_dir(path)?.next().is_some() {
                return Err(EvalError::invalid(
                    "data_dir",
                    format!(
                        "{} is not empty: an evaluation crawls into a fresh data directory",
                        path.display()
                    ),
                ));
            }
            std::fs::create_dir_all(path)?;
            return Ok(ScratchDir {
                path: path.to_path_buf(),
                remove_on_drop: false,
            });
        }
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        let base = std::env::temp_dir();
        for attempt in 0..100u32 {
            let path = base.join(format!(
                "scout-eval-{}-{nanos}-{attempt}",
                std::process::id()
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => {
                    return Ok(ScratchDir {
                        path,
                        remove_on_drop: true,
                    })
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error.into()),
            }
        }
        Err(EvalError::Internal(format!(
            "cannot create a fresh directory under {}",
            base.display()
        )))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        if self.remove_on_drop {
            if let Err(error) = std::fs::remove_dir_all(&self.path) {
                tracing::warn!(%error, path = %self.path.display(), "cannot remove the evaluation's data directory");
            }
        }
    }
}
