//! TF-IDF features: the vocabulary and idf weights learned with linfa-preprocessing's
//! `TfIdfVectorizer`, and the sparse, L2-normalised rows both training and inference use.
//!
//! Weight of a term in a row: `(1 + ln tf) * idf` (sublinear term frequency, so a tag repeated
//! on forty posts does not drown the rest), then the row is scaled to unit length. The idf is
//! linfa's smooth idf over the training sample, `ln((1 + n) / (1 + df)) + 1`, kept with the
//! model because linfa's `transform` recomputes idf from whatever batch it is given.

use std::collections::HashMap;

use linfa_preprocessing::tf_idf_vectorization::{TfIdfMethod, TfIdfVectorizer};
use linfa_preprocessing::Tokenizer;
use ndarray::Array1;

use crate::ModelError;

/// A sparse row: `(column, value)` sorted by column (raw counts or feature values).
pub(crate) type SparseRow = Vec<(u32, f64)>;

/// Vocabulary settings for [`Vocabulary::fit_candidates`].
pub(crate) struct VocabularySettings<'a> {
    pub max_candidates: usize,
    pub min_document_count: usize,
    pub max_document_share: f32,
    /// Tokens never to learn (stopwords are already gone; these are the masked seeds).
    pub excluded: &'a [String],
}

/// Terms (sorted) with their idf weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Vocabulary {
    terms: Vec<String>,
    idf: Vec<f64>,
    /// Term → column (foldhash: looked up once per token of every document).
    index: HashMap<String, u32, foldhash::fast::RandomState>,
}

impl Vocabulary {
    /// Rebuilds a vocabulary from saved terms and idf weights.
    pub fn new(terms: Vec<String>, idf: Vec<f64>) -> Result<Vocabulary, ModelError> {
        if terms.len() != idf.len() {
            return Err(ModelError::CorruptModel(format!(
                "{} vocabulary terms but {} idf weights",
                terms.len(),
                idf.len()
            )));
        }
        if idf
            .iter()
            .any(|weight| !weight.is_finite() || *weight < 0.0)
        {
            return Err(ModelError::CorruptModel("non-finite idf weight".into()));
        }
        let index: HashMap<String, u32, foldhash::fast::RandomState> = terms
            .iter()
            .enumerate()
            .map(|(column, term)| (term.clone(), column as u32))
            .collect();
        if index.len() != terms.len() {
            return Err(ModelError::CorruptModel(
                "duplicate vocabulary terms".into(),
            ));
        }
        Ok(Vocabulary { terms, idf, index })
    }

    /// Learns candidate terms of token texts with linfa's `TfIdfVectorizer` (whitespace
    /// tokens, document-frequency bounds, the `max_candidates` most frequent) and returns
    /// them with the raw term counts of those same texts.
    pub fn fit_candidates(
        texts: &[&str],
        settings: &VocabularySettings<'_>,
    ) -> Result<(Vocabulary, Vec<SparseRow>), ModelError> {
        let documents = Array1::from_iter(texts.iter().copied());
        let count = texts.len().max(1) as f32;
        // linfa keeps terms with `df >= floor(share * n)`: aim half a document above the count.
        let min_share = ((settings.min_document_count as f32 + 0.5) / count).clamp(0.0, 1.0);
        let vectorizer = TfIdfVectorizer::default()
            .tokenizer(Tokenizer::Regex(r"\S+".to_string()))
            .convert_to_lowercase(false)
            .normalize(false)
            .document_frequency(min_share, settings.max_document_share.max(min_share))
            .stopwords(settings.excluded)
            .max_features(Some(settings.max_candidates));
        let fitted = vectorizer.fit(&documents)?;
        if fitted.nentries() == 0 {
            return Ok((
                Vocabulary::new(Vec::new(), Vec::new())?,
                vec![Vec::new(); texts.len()],
            ));
        }
        let matrix = fitted.transform(&documents)?;
        let linfa_terms = fitted.vocabulary();

        // Sorted terms make saved models deterministic; map linfa's columns onto them.
        let mut order: Vec<usize> = (0..linfa_terms.len()).collect();
        order.sort_by(|a, b| linfa_terms[*a].cmp(&linfa_terms[*b]));
        let mut column_of = vec![0_u32; linfa_terms.len()];
        for (column, linfa_column) in order.iter().enumerate() {
            column_of[*linfa_column] = column as u32;
        }
        let mut document_frequency = vec![0_usize; linfa_terms.len()];
        for row in matrix.outer_iterator() {
            for (linfa_column, _) in row.iter() {
                document_frequency[linfa_column] += 1;
            }
        }
        let rows_total = matrix.rows();
        let linfa_idf: Vec<f64> = document_frequency
            .iter()
            .map(|frequency| TfIdfMethod::Smooth.compute_idf(rows_total, *frequency))
            .collect();
        let terms: Vec<String> = order
            .iter()
            .map(|linfa_column| linfa_terms[*linfa_column].clone())
            .collect();
        let idf: Vec<f64> = order
            .iter()
            .map(|linfa_column| linfa_idf[*linfa_column])
            .collect();
        let vocabulary = Vocabulary::new(terms, idf)?;

        let counts = matrix
            .outer_iterator()
            .map(|row| {
                let mut counts: SparseRow = row
                    .iter()
                    // linfa's value is raw tf * idf: recover the term frequency.
                    .map(|(linfa_column, tf_idf)| {
                        (
                            column_of[linfa_column],
                            (tf_idf / linfa_idf[linfa_column]).round(),
                        )
                    })
                    .collect();
                counts.sort_by_key(|(column, _)| *column);
                counts
            })
            .collect();
        Ok((vocabulary, counts))
    }

    /// The vocabulary of the given columns (same idf), with the counts moved onto it.
    pub fn restrict(
        &self,
        keep: &[usize],
        counts: &[SparseRow],
    ) -> Result<(Vocabulary, Vec<SparseRow>), ModelError> {
        let mut keep = keep.to_vec();
        keep.sort_unstable();
        keep.dedup();
        let mut new_column = vec![u32::MAX; self.terms.len()];
        for (column, old) in keep.iter().enumerate() {
            if let Some(slot) = new_column.get_mut(*old) {
                *slot = column as u32;
            }
        }
        let vocabulary = Vocabulary::new(
            keep.iter()
                .filter_map(|old| self.terms.get(*old).cloned())
                .collect(),
            keep.iter()
                .filter_map(|old| self.idf.get(*old).copied())
                .collect(),
        )?;
        let counts = counts
            .iter()
            .map(|row| {
                row.iter()
                    .filter_map(|(old, count)| {
                        let column = *new_column.get(*old as usize)?;
                        (column != u32::MAX).then_some((column, *count))
                    })
                    .collect()
            })
            .collect();
        Ok((vocabulary, counts))
    }

    /// The feature rows of raw count rows over this vocabulary.
    pub fn weigh_counts(&self, counts: &[SparseRow]) -> Vec<SparseRow> {
        counts
            .iter()
            .map(|row| self.weigh(row.iter().copied()))
            .collect()
    }

    /// The feature row of one token text.
    pub fn transform(&self, token_text: &str) -> SparseRow {
        let columns: Vec<u32> = token_text
            .split_whitespace()
            .filter_map(|token| self.column(token))
            .collect();
        self.row_of_columns(columns)
    }

    /// The column of a feature token (`None`: not in the vocabulary).
    pub fn column(&self, token: &str) -> Option<u32> {
        self.index.get(token).copied()
    }

    /// The feature row of a text whose tokens have these columns (one per token, any order):
    /// what [`Vocabulary::transform`] makes of the text.
    pub fn row_of_columns(&self, mut columns: Vec<u32>) -> SparseRow {
        columns.sort_unstable();
        let counts = columns
            .chunk_by(|a, b| a == b)
            .map(|run| (run[0], run.len() as f64));
        self.weigh(counts)
    }

    /// Applies sublinear tf, idf and L2 normalisation to raw term counts.
    fn weigh(&self, counts: impl IntoIterator<Item = (u32, f64)>) -> SparseRow {
        let mut row: SparseRow = counts
            .into_iter()
            .filter(|(column, count)| *count >= 1.0 && (*column as usize) < self.idf.len())
            .map(|(column, count)| (column, (1.0 + count.ln()) * self.idf[column as usize]))
            .collect();
        row.sort_by_key(|(column, _)| *column);
        let norm = row
            .iter()
            .map(|(_, value)| value * value)
            .sum::<f64>()
            .sqrt();
        if norm > 0.0 {
            for (_, value) in &mut row {
                *value /= norm;
            }
        }
        row
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn idf(&self) -> &[f64] {
        &self.idf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_and_transform_agree_and_respect_bounds() {
        let texts = [
            "kettlebell swing kettlebell\nht_legday",
            "kettlebell burpees everywhere",
            "burpees kettlebell common",
            "common words rare",
            "common ht_legday burpees",
        ];
        let excluded = vec!["everywhere".to_string()];
        let settings = VocabularySettings {
            max_candidates: 10,
            min_document_count: 2,
            max_document_share: 0.7,
            excluded: &excluded,
        };
        let (candidates, counts) = Vocabulary::fit_candidates(&texts, &settings).unwrap();
        // `rare`, `swing`, `words` occur once; nothing is in more than 3 of 5 documents.
        assert_eq!(
            candidates.terms(),
            ["burpees", "common", "ht_legday", "kettlebell"]
        );
        assert_eq!(counts[0], vec![(2, 1.0), (3, 2.0)]);
        let rows = candidates.weigh_counts(&counts);
        let (restricted, restricted_counts) = candidates.restrict(&[3, 0], &counts).unwrap();
        assert_eq!(restricted.terms(), ["burpees", "kettlebell"]);
        assert_eq!(restricted_counts[0], vec![(1, 2.0)]);
        let vocabulary = candidates;
        for (text, row) in texts.iter().zip(&rows) {
            let again = vocabulary.transform(text);
            assert_eq!(row.len(), again.len());
            for ((column_a, a), (column_b, b)) in row.iter().zip(&again) {
                assert_eq!(column_a, column_b);
                assert!((a - b).abs() < 1e-12, "{text}: {a} vs {b}");
            }
        }
        let norm: f64 = rows[0].iter().map(|(_, value)| value * value).sum();
        assert!((norm - 1.0).abs() < 1e-12);
        assert!(vocabulary.transform("nothing known").is_empty());
    }

    #[test]
    fn rejects_inconsistent_saved_vocabularies() {
        assert!(Vocabulary::new(vec!["a".into()], vec![]).is_err());
        assert!(Vocabulary::new(vec!["a".into(), "a".into()], vec![1.0, 1.0]).is_err());
        assert!(Vocabulary::new(vec!["a".into()], vec![f64::NAN]).is_err());
    }
}
