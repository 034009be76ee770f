//! Feature selection with the weak labels: which candidate terms become the vocabulary, and
//! which vocabulary columns each niche's regression sees. Both rank terms by how differently
//! often they occur in positive and negative documents, so generic words (frequent everywhere)
//! give way to the words that tell niches apart.

use super::features::SparseRow;
use super::labels::WeakLabel;
use crate::Niche;

/// Up to `limit` candidate columns, the most informative first by
/// `max_k |df(term | positive_k) - df(term | negative_k)|` (document frequencies as shares,
/// over niches with at least `min_support` positives and negatives). Without such a niche the
/// most frequent terms are kept. Returned sorted.
pub(crate) fn informative_terms(
    counts: &[SparseRow],
    labels: &[[WeakLabel; Niche::ALL.len()]],
    columns: usize,
    limit: usize,
    min_support: usize,
) -> Vec<usize> {
    const NICHES: usize = Niche::ALL.len();
    let mut total = vec![0_u32; columns];
    let mut positive = vec![0_u32; NICHES * columns];
    let mut abstain = vec![0_u32; NICHES * columns];
    let mut positives = [0_usize; NICHES];
    let mut negatives = [0_usize; NICHES];
    for (row, document_labels) in counts.iter().zip(labels) {
        let mut positive_niches = Vec::new();
        let mut abstain_niches = Vec::new();
        for (niche, label) in document_labels.iter().enumerate() {
            match label {
                WeakLabel::Positive => {
                    positives[niche] += 1;
                    positive_niches.push(niche);
                }
                WeakLabel::Negative => negatives[niche] += 1,
                WeakLabel::Abstain => abstain_niches.push(niche),
            }
        }
        for (column, _) in row {
            let column = *column as usize;
            if column >= columns {
                continue;
            }
            total[column] += 1;
            for niche in &positive_niches {
                positive[niche * columns + column] += 1;
            }
            for niche in &abstain_niches {
                abstain[niche * columns + column] += 1;
            }
        }
    }
    let supported: Vec<usize> = (0..NICHES)
        .filter(|niche| positives[*niche] >= min_support && negatives[*niche] >= min_support)
        .collect();
    let mut ranked: Vec<(f64, u32, usize)> = (0..columns)
        .filter(|column| total[*column] > 0)
        .map(|column| {
            let informativeness = supported
                .iter()
                .map(|niche| {
                    let in_positives = positive[niche * columns + column];
                    let in_abstains = abstain[niche * columns + column];
                    let in_negatives = total[column].saturating_sub(in_positives + in_abstains);
                    let positive_share = f64::from(in_positives) / positives[*niche] as f64;
                    let negative_share = f64::from(in_negatives) / negatives[*niche] as f64;
                    (positive_share - negative_share).abs()
                })
                .fold(0.0, f64::max);
            (informativeness, total[column], column)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut chosen: Vec<usize> = ranked
        .into_iter()
        .take(limit)
        .map(|(_, _, column)| column)
        .collect();
    chosen.sort_unstable();
    chosen
}

/// The columns whose document frequency differs most between the used positives and
/// negatives of one niche, `|df_pos - df_neg|` (as shares), at most `limit`, sorted.
pub(crate) fn head_columns(
    rows: &[SparseRow],
    used: &[(usize, bool)],
    columns: usize,
    limit: usize,
) -> Vec<usize> {
    let mut positive_frequency = vec![0_u32; columns];
    let mut negative_frequency = vec![0_u32; columns];
    let (mut positives, mut negatives) = (0_u32, 0_u32);
    for (row, positive) in used {
        let (frequency, count) = if *positive {
            (&mut positive_frequency, &mut positives)
        } else {
            (&mut negative_frequency, &mut negatives)
        };
        *count += 1;
        for (feature, _) in rows.get(*row).map(Vec::as_slice).unwrap_or_default() {
            if let Some(slot) = frequency.get_mut(*feature as usize) {
                *slot += 1;
            }
        }
    }
    let (positives, negatives) = (f64::from(positives.max(1)), f64::from(negatives.max(1)));
    let mut ranked: Vec<(f64, usize)> = (0..columns)
        .filter(|column| positive_frequency[*column] + negative_frequency[*column] > 0)
        .map(|column| {
            let difference = f64::from(positive_frequency[column]) / positives
                - f64::from(negative_frequency[column]) / negatives;
            (difference.abs(), column)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut selected: Vec<usize> = ranked
        .into_iter()
        .take(limit)
        .map(|(_, column)| column)
        .collect();
    selected.sort_unstable();
    selected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(positive: &[Niche]) -> [WeakLabel; Niche::ALL.len()] {
        let mut labels = [WeakLabel::Negative; Niche::ALL.len()];
        for niche in positive {
            labels[niche.index()] = WeakLabel::Positive;
        }
        labels
    }

    #[test]
    fn informative_terms_beat_frequent_generic_ones() {
        // Column 0: everywhere. Column 1: fitness only. Column 2: food only. Column 3: rare noise.
        let mut counts = Vec::new();
        let mut document_labels = Vec::new();
        for document in 0..20 {
            let fitness = document % 2 == 0;
            let mut row = vec![(0, 3.0), (if fitness { 1 } else { 2 }, 1.0)];
            if document == 3 {
                row.push((3, 1.0));
            }
            counts.push(row);
            document_labels.push(labels(&[if fitness {
                Niche::Fitness
            } else {
                Niche::Food
            }]));
        }
        assert_eq!(
            informative_terms(&counts, &document_labels, 4, 2, 5),
            vec![1, 2]
        );
        // Without enough labels per niche, frequency decides.
        let chosen = informative_terms(&counts, &document_labels, 4, 1, 50);
        assert_eq!(chosen, vec![0]);

        let used: Vec<(usize, bool)> = (0..20).map(|row| (row, row % 2 == 0)).collect();
        assert_eq!(head_columns(&counts, &used, 4, 2), vec![1, 2]);
        assert_eq!(head_columns(&counts, &used, 4, 1), vec![1]);
    }
}
