//! Model artifacts: versioned directories under the data directory's `models/`, each with the
//! niche classifier, the ranker weights and a manifest, plus a `LATEST` file naming the newest.
//! This is the only file I/O of the crate.
//!
//! ```text
//! models/
//!   LATEST                      20261125T150501Z
//!   20261125T150501Z/
//!     niche.json  ranker.json  manifest.json
//!     ranker_learned.json       (optional: added by ModelBundle::save_learned_ranker)
//! ```
//!
//! A version directory is written under a temporary name and renamed into place, and `LATEST`
//! is replaced by a rename, so readers never see a half-written model.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::credibility::EngagementCurve;
use crate::niche::{HeadMode, NicheClassifier, NicheTrainReport};
use crate::ranker::{LearnedRanker, RankerWeights};
use crate::{ModelError, Niche};

/// Format of the artifact directory (manifest and file set) this build reads and writes.
pub const ARTIFACT_FORMAT: u32 = 1;
/// The file naming the newest model version.
pub const LATEST_FILE: &str = "LATEST";
pub const NICHE_FILE: &str = "niche.json";
pub const RANKER_FILE: &str = "ranker.json";
pub const MANIFEST_FILE: &str = "manifest.json";
/// The optional learned ranker of a version ([`ModelBundle::save_learned_ranker`]).
pub const LEARNED_RANKER_FILE: &str = "ranker_learned.json";
/// The crawl's engagement curve credibility compares against (optional: older bundles lack it).
pub const ENGAGEMENT_CURVE_FILE: &str = "engagement_curve.json";

/// Everything the pipeline needs at index and query time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelBundle {
    pub niche: NicheClassifier,
    pub ranker: RankerWeights,
    /// The crawl's engagement-versus-size curve per platform, when training fitted one.
    pub engagement_curve: Option<EngagementCurve>,
}

/// What a model version is and how it was trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Manifest {
    /// Artifact format ([`ARTIFACT_FORMAT`]).
    pub version: u32,
    /// The version directory's name, from the training time, e.g. `20261125T150501Z`.
    pub model_version: String,
    pub trained_at: DateTime<Utc>,
    /// Documents the models were trained from.
    pub documents: usize,
    pub metrics: ManifestMetrics,
    /// Files of the version directory.
    pub files: Vec<String>,
}

/// Training figures recorded with a model (no ground truth: weak-label figures only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ManifestMetrics {
    pub labelled_documents: usize,
    /// Share of documents the seed lexicon could label.
    pub weak_label_coverage: f64,
    pub training_documents: usize,
    pub vocabulary_size: usize,
    pub train_seconds: f64,
    /// One per niche, in [`Niche::ALL`] order.
    pub niches: Vec<NicheMetrics>,
}

/// Training figures of one niche head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NicheMetrics {
    pub niche: Niche,
    pub mode: HeadMode,
    pub positives: usize,
    pub negatives: usize,
    pub weak_label_agreement: Option<f64>,
}

impl Manifest {
    /// The manifest of a model trained at `trained_at` from `documents` documents.
    pub fn new(
        trained_at: DateTime<Utc>,
        documents: usize,
        train_seconds: f64,
        report: &NicheTrainReport,
    ) -> Manifest {
        Manifest {
            version: ARTIFACT_FORMAT,
            model_version: Manifest::version_for(trained_at),
            trained_at,
            documents,
            metrics: ManifestMetrics {
                labelled_documents: report.labelled_documents,
                weak_label_coverage: report.coverage,
                training_documents: report.training_documents,
                vocabulary_size: report.vocabulary_size,
                train_seconds,
                niches: report
                    .niches
                    .iter()
                    .map(|head| NicheMetrics {
                        niche: head.niche,
                        mode: head.mode,
                        positives: head.positives,
                        negatives: head.negatives,
                        weak_label_agreement: head.weak_label_agreement,
                    })
                    .collect(),
            },
            files: [NICHE_FILE, RANKER_FILE, MANIFEST_FILE]
                .map(String::from)
                .to_vec(),
        }
    }

    /// The model version name of a training time (UTC, to the second).
    pub fn version_for(trained_at: DateTime<Utc>) -> String {
        trained_at.format("%Y%m%dT%H%M%SZ").to_string()
    }
}

impl ModelBundle {
    /// Writes `models_dir/<model_version>/` atomically and points `LATEST` at it. Refuses to
    /// overwrite an existing version. Returns the version directory.
    pub fn save(&self, models_dir: &Path, manifest: &Manifest) -> Result<PathBuf, ModelError> {
        check_version(&manifest.model_version)?;
        fs::create_dir_all(models_dir).map_err(|error| ModelError::io(models_dir, error))?;
        let final_dir = models_dir.join(&manifest.model_version);
        if final_dir.exists() {
            return Err(ModelError::ArtifactExists(final_dir));
        }
        let temporary = models_dir.join(format!(
            ".tmp-{}-{}",
            manifest.model_version,
            std::process::id()
        ));
        if temporary.exists() {
            fs::remove_dir_all(&temporary).map_err(|error| ModelError::io(&temporary, error))?;
        }
        fs::create_dir(&temporary).map_err(|error| ModelError::io(&temporary, error))?;
        let written = self.write_files(&temporary, manifest).and_then(|()| {
            fs::rename(&temporary, &final_dir).map_err(|error| ModelError::io(&final_dir, error))
        });
        if let Err(error) = written {
            // Best effort: the temporary directory is garbage either way.
            let _ = fs::remove_dir_all(&temporary);
            return Err(error);
        }
        let latest_temporary =
            models_dir.join(format!(".{LATEST_FILE}.tmp-{}", std::process::id()));
        write_synced(
            &latest_temporary,
            format!("{}\n", manifest.model_version).as_bytes(),
        )?;
        let latest = models_dir.join(LATEST_FILE);
        fs::rename(&latest_temporary, &latest).map_err(|error| ModelError::io(&latest, error))?;
        Ok(final_dir)
    }

    fn write_files(&self, directory: &Path, manifest: &Manifest) -> Result<(), ModelError> {
        write_json(&directory.join(NICHE_FILE), &self.niche)?;
        write_json(&directory.join(RANKER_FILE), &self.ranker)?;
        let mut manifest = manifest.clone();
        if let Some(curve) = &self.engagement_curve {
            write_json(&directory.join(ENGAGEMENT_CURVE_FILE), curve)?;
            if !manifest
                .files
                .iter()
                .any(|file| file == ENGAGEMENT_CURVE_FILE)
            {
                manifest.files.push(ENGAGEMENT_CURVE_FILE.to_string());
            }
        }
        write_json(&directory.join(MANIFEST_FILE), &manifest)
    }

    /// The version `LATEST` names, or `None` when no model was saved yet.
    pub fn load_latest(models_dir: &Path) -> Result<Option<(ModelBundle, Manifest)>, ModelError> {
        let latest = models_dir.join(LATEST_FILE);
        let version = match fs::read_to_string(&latest) {
            Ok(text) => text.trim().to_string(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(ModelError::io(latest, error)),
        };
        ModelBundle::load_version(models_dir, &version).map(Some)
    }

    /// One saved version.
    pub fn load_version(
        models_dir: &Path,
        model_version: &str,
    ) -> Result<(ModelBundle, Manifest), ModelError> {
        check_version(model_version)?;
        let directory = models_dir.join(model_version);
        let manifest: Manifest = read_json(&directory.join(MANIFEST_FILE))?;
        if manifest.version != ARTIFACT_FORMAT {
            return Err(ModelError::UnsupportedFormat {
                found: manifest.version,
                expected: ARTIFACT_FORMAT,
            });
        }
        let curve_path = directory.join(ENGAGEMENT_CURVE_FILE);
        let engagement_curve: Option<EngagementCurve> = if curve_path.is_file() {
            let curve: EngagementCurve = read_json(&curve_path)?;
            if !curve.is_sound() {
                return Err(ModelError::CorruptModel(format!(
                    "{} holds non-finite or non-positive values",
                    curve_path.display()
                )));
            }
            Some(curve)
        } else {
            None
        };
        let bundle = ModelBundle {
            niche: read_json(&directory.join(NICHE_FILE))?,
            ranker: read_json(&directory.join(RANKER_FILE))?,
            engagement_curve,
        };
        Ok((bundle, manifest))
    }
}

impl ModelBundle {
    /// Adds (or replaces) the learned ranker of an existing version: writes
    /// `ranker_learned.json` and lists it in the version's manifest, each by an atomic rename.
    /// Returns the file's path.
    pub fn save_learned_ranker(
        models_dir: &Path,
        model_version: &str,
        ranker: &LearnedRanker,
    ) -> Result<PathBuf, ModelError> {
        check_version(model_version)?;
        ranker.validate()?;
        let directory = models_dir.join(model_version);
        let manifest_path = directory.join(MANIFEST_FILE);
        let mut manifest: Manifest = read_json(&manifest_path)?;
        let path = directory.join(LEARNED_RANKER_FILE);
        replace_json(&path, ranker)?;
        if !manifest
            .files
            .iter()
            .any(|file| file == LEARNED_RANKER_FILE)
        {
            manifest.files.push(LEARNED_RANKER_FILE.to_string());
            replace_json(&manifest_path, &manifest)?;
        }
        Ok(path)
    }

    /// The learned ranker of a version; `None` when the version has none (older versions,
    /// or no judgements to learn from).
    pub fn load_learned_ranker(
        models_dir: &Path,
        model_version: &str,
    ) -> Result<Option<LearnedRanker>, ModelError> {
        check_version(model_version)?;
        let path = models_dir.join(model_version).join(LEARNED_RANKER_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let ranker: LearnedRanker = read_json(&path)?;
        ranker.validate()?;
        Ok(Some(ranker))
    }
}

/// Writes `value` next to `path` and renames it into place.
fn replace_json<T: Serialize>(path: &Path, value: &T) -> Result<(), ModelError> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    write_json(&temporary, value)?;
    fs::rename(&temporary, path).map_err(|error| {
        let _ = fs::remove_file(&temporary);
        ModelError::io(path, error)
    })
}

/// A version must be a plain directory name: letters, digits, `-`, `_`, `.`, not hidden.
fn check_version(model_version: &str) -> Result<(), ModelError> {
    let plain = !model_version.is_empty()
        && model_version.len() <= 64
        && !model_version.starts_with('.')
        && model_version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err(ModelError::InvalidModelVersion(model_version.to_string()))
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), ModelError> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|source| ModelError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    write_synced(path, &bytes)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), ModelError> {
    let mut file = fs::File::create(path).map_err(|error| ModelError::io(path, error))?;
    file.write_all(bytes)
        .map_err(|error| ModelError::io(path, error))?;
    file.sync_all().map_err(|error| ModelError::io(path, error))
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, ModelError> {
    let bytes = fs::read(path).map_err(|error| ModelError::io(path, error))?;
    serde_json::from_slice(&bytes).map_err(|source| ModelError::Json {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::niche::tests::trained_classifier;

    #[test]
    fn save_and_load_latest_round_trip() {
        let directory = tempfile::tempdir().unwrap();
        let models_dir = directory.path().join("models");
        assert!(ModelBundle::load_latest(&models_dir).unwrap().is_none());

        let (niche, report) = trained_classifier();
        let bundle = ModelBundle {
            niche,
            ranker: RankerWeights::default(),
            engagement_curve: None,
        };
        let first_time = Utc.with_ymd_and_hms(2026, 11, 25, 15, 5, 1).unwrap();
        let manifest = Manifest::new(first_time, report.documents, 1.5, &report);
        assert_eq!(manifest.model_version, "20261125T150501Z");
        let saved = bundle.save(&models_dir, &manifest).unwrap();
        assert_eq!(saved, models_dir.join("20261125T150501Z"));
        for file in &manifest.files {
            assert!(saved.join(file).is_file(), "{file}");
        }
        assert!(matches!(
            bundle.save(&models_dir, &manifest),
            Err(ModelError::ArtifactExists(_))
        ));

        let second = Manifest::new(first_time + chrono::Duration::hours(1), 7, 2.0, &report);
        bundle.save(&models_dir, &second).unwrap();
        let latest = fs::read_to_string(models_dir.join(LATEST_FILE)).unwrap();
        assert_eq!(latest.trim(), "20261125T160501Z");

        let (loaded, loaded_manifest) = ModelBundle::load_latest(&models_dir).unwrap().unwrap();
        assert_eq!(loaded_manifest, second);
        assert_eq!(loaded.ranker, bundle.ranker);
        let query = "home workout";
        for ((_, a), (_, b)) in loaded
            .niche
            .predict_text(query)
            .probabilities
            .iter()
            .zip(&bundle.niche.predict_text(query).probabilities)
        {
            assert!((a - b).abs() < 1e-6);
        }
        let (_, older) = ModelBundle::load_version(&models_dir, "20261125T150501Z").unwrap();
        assert_eq!(older.documents, report.documents);
        // No temporary files are left behind.
        let leftovers: Vec<_> = fs::read_dir(&models_dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn rejects_unsafe_versions_and_corrupt_files() {
        let directory = tempfile::tempdir().unwrap();
        for bad in ["", "../x", ".hidden", "a/b"] {
            assert!(matches!(
                ModelBundle::load_version(directory.path(), bad),
                Err(ModelError::InvalidModelVersion(_))
            ));
        }
        fs::write(directory.path().join(LATEST_FILE), "../../etc\n").unwrap();
        assert!(ModelBundle::load_latest(directory.path()).is_err());
        fs::write(directory.path().join(LATEST_FILE), "v1\n").unwrap();
        fs::create_dir(directory.path().join("v1")).unwrap();
        fs::write(directory.path().join("v1").join(MANIFEST_FILE), "{not json").unwrap();
        assert!(matches!(
            ModelBundle::load_latest(directory.path()),
            Err(ModelError::Json { .. })
        ));
    }
}

#[cfg(test)]
mod learned_ranker_artifact {
    use chrono::TimeZone;

    use super::*;
    use crate::niche::tests::trained_classifier;
    use crate::ranker::{LearnedRankerParams, RankSignals, RankingExample};

    fn learned() -> LearnedRanker {
        let examples: Vec<RankingExample> = (0..30)
            .map(|n| {
                let niche = f64::from(n % 10) / 10.0;
                RankingExample {
                    query_id: format!("q{}", n / 10),
                    signals: RankSignals {
                        text_relevance: Some(0.5),
                        niche_fit: Some(niche),
                        credibility: Some(1.0 - niche / 2.0),
                        ..RankSignals::default()
                    },
                    relevance: (niche * 4.0).floor().min(3.0) as u8,
                }
            })
            .collect();
        LearnedRanker::train(&examples, LearnedRankerParams::default()).unwrap()
    }

    #[test]
    fn an_optional_file_beside_an_existing_version() {
        let directory = tempfile::tempdir().unwrap();
        let models_dir = directory.path().join("models");
        let (niche, report) = trained_classifier();
        let bundle = ModelBundle {
            niche,
            ranker: RankerWeights::default(),
            engagement_curve: None,
        };
        let trained_at = Utc.with_ymd_and_hms(2026, 11, 25, 15, 5, 1).unwrap();
        let manifest = Manifest::new(trained_at, report.documents, 1.0, &report);
        bundle.save(&models_dir, &manifest).unwrap();
        let version = manifest.model_version.as_str();
        assert_eq!(
            ModelBundle::load_learned_ranker(&models_dir, version).unwrap(),
            None
        );

        let ranker = learned();
        let path = ModelBundle::save_learned_ranker(&models_dir, version, &ranker).unwrap();
        assert!(path.ends_with(LEARNED_RANKER_FILE));
        // Saving again replaces the file and lists it once.
        ModelBundle::save_learned_ranker(&models_dir, version, &ranker).unwrap();
        let (loaded_bundle, loaded_manifest) =
            ModelBundle::load_latest(&models_dir).unwrap().unwrap();
        assert_eq!(loaded_bundle.ranker, bundle.ranker);
        let listed = loaded_manifest
            .files
            .iter()
            .filter(|file| *file == LEARNED_RANKER_FILE)
            .count();
        assert_eq!(listed, 1);
        let loaded = ModelBundle::load_learned_ranker(&models_dir, version)
            .unwrap()
            .unwrap();
        let probe = RankSignals {
            niche_fit: Some(0.7),
            credibility: Some(0.6),
            ..RankSignals::default()
        };
        assert!((loaded.score(&probe).score - ranker.score(&probe).score).abs() < 1e-12);
        let leftovers = fs::read_dir(models_dir.join(version))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with('.'))
            .count();
        assert_eq!(leftovers, 0);

        fs::write(models_dir.join(version).join(LEARNED_RANKER_FILE), "{").unwrap();
        assert!(matches!(
            ModelBundle::load_learned_ranker(&models_dir, version),
            Err(ModelError::Json { .. })
        ));
        assert!(ModelBundle::save_learned_ranker(&models_dir, "missing", &ranker).is_err());
        assert!(ModelBundle::load_learned_ranker(&models_dir, "../x").is_err());
    }
}

#[cfg(test)]
mod thread_safety {
    use super::*;

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn models_and_errors_can_be_shared_across_threads() {
        assert_send_sync::<ModelBundle>();
        assert_send_sync::<LearnedRanker>();
        assert_send_sync::<Manifest>();
        assert_send_sync::<ModelError>();
    }
}
