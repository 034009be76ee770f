//! The fitted niche classifier: per-niche logistic heads over TF-IDF features, blended with the
//! seed lexicon's evidence; prediction for documents, batches and search queries; its file
//! form.

use serde::{Deserialize, Serialize};

use super::document::NicheDocument;
use super::features::{SparseRow, Vocabulary};
use super::hyperparams::{BlendWeights, NicheParams};
use super::labels::WeakLabelRules;
use super::lexicon::{Lexicon, LexiconScores, LexiconSource, TermSpecificity, TermSpecificityFile};
use super::reading::{read_record, ReadingKey};
use super::text::append_tokens;
use super::threshold::{calibrate, CalibrationRow, DEFAULT_THRESHOLD};
use super::training::{train, NicheTrainReport};
use crate::parallel::parallel_map;
use crate::{CreatorRecord, ModelError, Niche, NicheScores};

/// Format of `niche.json` this build reads and writes.
pub const NICHE_MODEL_FORMAT: u32 = 1;

/// Scale of lexicon evidence in a document's lexicon probability: `1 - exp(-score / 3)`
/// (one hashtag ≈ 0.49, three ≈ 0.86).
const DOCUMENT_EVIDENCE_SCALE: f64 = 3.0;

/// Documents per work item in [`NicheClassifier::predict_batch`].
const BATCH_CHUNK: usize = 64;

/// A niche's prior (its probability for an empty text) counts up to this much when a search
/// text's reading is lifted above the priors, so that the rescaling never divides by ~0.
const MAX_QUERY_PRIOR: f32 = 0.9;

/// Documents (a deterministic spread over the training set) the niche threshold is
/// calibrated on.
const CALIBRATION_DOCUMENTS: usize = 3_000;

/// What one niche's probability comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HeadModel {
    /// A binary logistic regression (linfa-logistic) over the vocabulary, `P(niche)` =
    /// `logistic(intercept + coefficients · x)`.
    Logistic {
        intercept: f64,
        coefficients: Vec<f64>,
    },
    /// Too few weak labels to learn from: the lexicon's evidence alone.
    LexiconOnly,
}

/// The model of one niche.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NicheHead {
    pub niche: Niche,
    pub model: HeadModel,
}

/// Multi-label niche classifier trained from weak lexicon labels (DESIGN §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "NicheModelFile", into = "NicheModelFile")]
pub struct NicheClassifier {
    lexicon: Lexicon,
    /// How specific each lexicon term is in the training documents: weighs a search text's
    /// lexicon evidence (see [`NicheClassifier::predict_text`]).
    specificity: TermSpecificity,
    vocabulary: Vocabulary,
    /// One per niche, in [`Niche::ALL`] order.
    heads: Vec<NicheHead>,
    labels: WeakLabelRules,
    blend: BlendWeights,
    /// A niche is one of a document's niches from this probability on (see
    /// [`NicheClassifier::threshold`]).
    threshold: f32,
    /// Names this classifier's lexicon and vocabulary in the per-thread memo of
    /// [`NicheClassifier::predict_records`].
    reading_key: ReadingKey,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    Document,
    Query,
}

impl NicheClassifier {
    /// Trains on `docs` with the built-in seed lexicon (see [`NicheParams`]).
    pub fn train(
        docs: &[NicheDocument],
        params: NicheParams,
    ) -> Result<(NicheClassifier, NicheTrainReport), ModelError> {
        NicheClassifier::train_with_lexicon(docs, Lexicon::builtin()?, params)
    }

    /// Trains on `docs` with a given seed lexicon.
    pub fn train_with_lexicon(
        docs: &[NicheDocument],
        lexicon: &Lexicon,
        params: NicheParams,
    ) -> Result<(NicheClassifier, NicheTrainReport), ModelError> {
        let params = params.check()?;
        let trained = train(docs, lexicon, &params)?;
        let mut classifier = NicheClassifier {
            lexicon: lexicon.clone(),
            specificity: trained.specificity,
            vocabulary: trained.vocabulary,
            heads: trained.heads,
            labels: params.params().labels,
            blend: params.params().blend,
            threshold: DEFAULT_THRESHOLD,
            reading_key: ReadingKey::fresh(),
        };
        classifier.threshold = classifier.calibrate_threshold(docs, params.threads());
        let mut report = trained.report;
        report.threshold = classifier.threshold;
        Ok((classifier, report))
    }

    /// The probability from which a niche counts as one of a document's niches (at most
    /// [`super::MAX_NICHES`], the likeliest always): calibrated at training time so that the
    /// niche sets agree best with the weak labels (see the `threshold` module).
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// A document's niches: [`NicheScores::top`] at [`NicheClassifier::threshold`].
    pub fn niches_of(&self, scores: &NicheScores) -> Vec<Niche> {
        scores.top(self.threshold)
    }

    /// Picks the threshold on an evenly spread sample of `docs` that carry weak labels.
    fn calibrate_threshold(&self, docs: &[NicheDocument], threads: usize) -> f32 {
        let stride = docs.len().div_ceil(CALIBRATION_DOCUMENTS).max(1);
        let sample: Vec<&NicheDocument> = docs.iter().step_by(stride).collect();
        let rows = parallel_map(&sample, threads, |doc| {
            let token_text = doc.token_text(self.lexicon.stopwords());
            let evidence = self.lexicon.score(&token_text, self.labels.hashtag_weight);
            let probabilities = self.scores(&token_text, TextKind::Document);
            CalibrationRow::new(probabilities, &evidence, &self.labels)
        });
        match rows {
            Ok(rows) => calibrate(&rows.into_iter().flatten().collect::<Vec<_>>()),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Niche probabilities of a creator document, in [`Niche::ALL`] order.
    pub fn predict(&self, doc: &NicheDocument) -> NicheScores {
        let token_text = doc.token_text(self.lexicon.stopwords());
        self.scores(&token_text, TextKind::Document)
    }

    /// Niche probabilities of a short search text ("home workout", "receitas veganas"): a
    /// seed term in the query dominates, the model fills in otherwise. Each probability is
    /// what the words add to the reading of an empty text (the models' priors), rescaled to
    /// [0, 1]: a text without a word the classifier knows reads as no niche, where the plain
    /// model gave every such text its prior (wellness about 0.2 in `scout eval`, enough to
    /// read "strength training coach" as wellness).
    ///
    /// When the text's seed terms name different niches, each term's evidence is weighed by
    /// its specificity in the training documents (inverse document frequency, see
    /// [`super::TermSpecificity`]): the word only one kind of creator uses carries the topic
    /// over the word many kinds use, where both used to count alike and tie.
    pub fn predict_text(&self, text: &str) -> NicheScores {
        let mut token_text = String::new();
        append_tokens(text, self.lexicon.stopwords(), &mut token_text);
        let reading = self.scores(&token_text, TextKind::Query);
        let prior = self.scores("", TextKind::Query);
        NicheScores {
            probabilities: reading
                .probabilities
                .into_iter()
                .map(|(niche, probability)| {
                    let base = prior.probability(niche).clamp(0.0, MAX_QUERY_PRIOR);
                    (niche, ((probability - base) / (1.0 - base)).clamp(0.0, 1.0))
                })
                .collect(),
        }
    }

    /// [`NicheClassifier::predict`] for many documents, in chunks on all cores.
    pub fn predict_batch(&self, docs: &[NicheDocument]) -> Vec<NicheScores> {
        in_chunks(docs, |doc| self.predict(doc))
    }

    /// [`NicheClassifier::predict`] of the records' documents (see
    /// [`NicheDocument::from_record`]), read straight from the records, on the calling
    /// thread (an index build derives a page per core at once): what each word of the posts
    /// reads as is remembered per thread from one call to the next.
    pub fn predict_records(&self, records: &[&CreatorRecord]) -> Vec<NicheScores> {
        records
            .iter()
            .map(|record| {
                let reading =
                    read_record(record, self.reading_key, &self.lexicon, &self.vocabulary);
                let evidence = self
                    .lexicon
                    .score_matches(reading.matches, self.labels.hashtag_weight);
                let row = self.vocabulary.row_of_columns(reading.columns);
                self.blended(&evidence, &row, TextKind::Document)
            })
            .collect()
    }

    /// The model of each niche, in [`Niche::ALL`] order.
    pub fn heads(&self) -> &[NicheHead] {
        &self.heads
    }

    /// Vocabulary size of the TF-IDF features.
    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    /// The seed lexicon the classifier was trained with.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn scores(&self, token_text: &str, kind: TextKind) -> NicheScores {
        let evidence = match kind {
            TextKind::Query => self.lexicon.score_query(
                token_text,
                self.labels.hashtag_weight,
                Some(&self.specificity),
            ),
            TextKind::Document => self.lexicon.score(token_text, self.labels.hashtag_weight),
        };
        let row = self.vocabulary.transform(token_text);
        self.blended(&evidence, &row, kind)
    }

    /// The probabilities of a text with this lexicon evidence and feature row.
    fn blended(&self, evidence: &LexiconScores, row: &SparseRow, kind: TextKind) -> NicheScores {
        let probabilities = self
            .heads
            .iter()
            .map(|head| {
                let model = match &head.model {
                    HeadModel::Logistic {
                        intercept,
                        coefficients,
                    } => Some(logistic(intercept + dot(row, coefficients))),
                    HeadModel::LexiconOnly => None,
                };
                let probability = self.blend(model, evidence, head.niche, kind);
                (head.niche, probability.clamp(0.0, 1.0) as f32)
            })
            .collect();
        NicheScores { probabilities }
    }

    /// Mixes the model's probability with the lexicon's (see [`BlendWeights`]).
    fn blend(
        &self,
        model: Option<f64>,
        evidence: &LexiconScores,
        niche: Niche,
        kind: TextKind,
    ) -> f64 {
        let strongest = evidence.max();
        let lexicon = if strongest > 0.0 {
            let score = evidence.scores[niche.index()];
            let share = score / strongest;
            match kind {
                TextKind::Query => share,
                TextKind::Document => share * (1.0 - (-score / DOCUMENT_EVIDENCE_SCALE).exp()),
            }
        } else {
            0.0
        };
        let weight = match kind {
            TextKind::Query => self.blend.query,
            TextKind::Document => self.blend.document,
        };
        match model {
            Some(model) if strongest > 0.0 => (1.0 - weight) * model + weight * lexicon,
            Some(model) => model,
            None => lexicon,
        }
    }
}

fn dot(row: &SparseRow, coefficients: &[f64]) -> f64 {
    row.iter()
        .map(|(column, value)| value * coefficients.get(*column as usize).copied().unwrap_or(0.0))
        .sum()
}

pub(crate) fn logistic(value: f64) -> f64 {
    1.0 / (1.0 + (-value).exp())
}

/// `niche.json`: everything prediction needs, in plain serde types.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct NicheModelFile {
    format: u32,
    labels: WeakLabelRules,
    blend: BlendWeights,
    vocabulary: Vec<String>,
    idf: Vec<f64>,
    heads: Vec<NicheHead>,
    lexicon: LexiconSource,
    /// Absent from files written before lexicon terms were counted (no weighting then).
    #[serde(default)]
    lexicon_specificity: TermSpecificityFile,
    /// Absent from files written before thresholds were calibrated.
    #[serde(default = "super::threshold::default_threshold")]
    threshold: f32,
}

impl From<NicheClassifier> for NicheModelFile {
    fn from(classifier: NicheClassifier) -> Self {
        NicheModelFile {
            format: NICHE_MODEL_FORMAT,
            labels: classifier.labels,
            blend: classifier.blend,
            vocabulary: classifier.vocabulary.terms().to_vec(),
            idf: classifier.vocabulary.idf().to_vec(),
            heads: classifier.heads,
            lexicon_specificity: classifier.specificity.to_file(&classifier.lexicon),
            lexicon: classifier.lexicon.source().clone(),
            threshold: classifier.threshold,
        }
    }
}

impl TryFrom<NicheModelFile> for NicheClassifier {
    type Error = ModelError;

    fn try_from(file: NicheModelFile) -> Result<Self, Self::Error> {
        if file.format != NICHE_MODEL_FORMAT {
            return Err(ModelError::UnsupportedFormat {
                found: file.format,
                expected: NICHE_MODEL_FORMAT,
            });
        }
        let vocabulary = Vocabulary::new(file.vocabulary, file.idf)?;
        if file.heads.len() != Niche::ALL.len() {
            return Err(ModelError::CorruptModel(format!(
                "{} niche heads",
                file.heads.len()
            )));
        }
        for (head, niche) in file.heads.iter().zip(Niche::ALL) {
            if head.niche != niche {
                return Err(ModelError::CorruptModel(format!(
                    "head {} out of order",
                    head.niche
                )));
            }
            if let HeadModel::Logistic {
                intercept,
                coefficients,
            } = &head.model
            {
                if coefficients.len() != vocabulary.len() {
                    return Err(ModelError::CorruptModel(format!(
                        "head {niche} has {} coefficients for {} terms",
                        coefficients.len(),
                        vocabulary.len()
                    )));
                }
                if !intercept.is_finite() || coefficients.iter().any(|value| !value.is_finite()) {
                    return Err(ModelError::CorruptModel(format!(
                        "head {niche} is not finite"
                    )));
                }
            }
        }
        file.labels.validate()?;
        if !(file.threshold > 0.0 && file.threshold < 1.0) {
            return Err(ModelError::CorruptModel(format!(
                "niche threshold {} is not within (0, 1)",
                file.threshold
            )));
        }
        let lexicon = Lexicon::compile(file.lexicon)?;
        Ok(NicheClassifier {
            specificity: TermSpecificity::from_file(&file.lexicon_specificity, &lexicon),
            lexicon,
            vocabulary,
            heads: file.heads,
            labels: file.labels,
            blend: file.blend,
            threshold: file.threshold,
            reading_key: ReadingKey::fresh(),
        })
    }
}

/// `score` of every item, in chunks of [`BATCH_CHUNK`] on all cores, in the items' order.
fn in_chunks<T: Sync>(items: &[T], score: impl Fn(&T) -> NicheScores + Sync) -> Vec<NicheScores> {
    let chunks: Vec<&[T]> = items.chunks(BATCH_CHUNK).collect();
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    let scored = parallel_map(&chunks, threads, |chunk| {
        chunk.iter().map(&score).collect::<Vec<_>>()
    });
    match scored {
        Ok(chunks) => chunks.into_iter().flatten().collect(),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
