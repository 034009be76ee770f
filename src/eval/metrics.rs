//! The evaluation's metrics as pure functions over graded relevance, label sets and scores.
//! A metric that is undefined for its input (no relevant creator, one class only) is `None`,
//! never a made-up number.

use std::collections::BTreeMap;

/// Relevance grade from which a creator counts as relevant for precision and recall.
pub const RELEVANT: u8 = 2;

/// Normalised discounted cumulative gain at `k` with graded gains `2^rel − 1`.
///
/// `ranked` holds the grades of the returned creators in rank order; `judged` holds the grades
/// of every judged creator, from which the ideal ranking is built. `None` when no judged
/// creator has a positive grade.
pub fn ndcg_at_k(ranked: &[u8], judged: &[u8], k: usize) -> Option<f64> {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_gain = dcg(&ideal[..ideal.len().min(k)]);
    if ideal_gain <= 0.0 {
        return None;
    }
    Some(dcg(&ranked[..ranked.len().min(k)]) / ideal_gain)
}

fn dcg(grades: &[u8]) -> f64 {
    grades
        .iter()
        .enumerate()
        .map(|(position, grade)| {
            let gain = 2f64.powi(i32::from(*grade)) - 1.0;
            gain / ((position + 2) as f64).log2()
        })
        .sum()
}

/// Share of the first `k` slots held by relevant creators (grade ≥ [`RELEVANT`]); slots a
/// short ranking leaves empty count as misses.
pub fn precision_at_k(ranked: &[u8], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    relevant_in(ranked, k) as f64 / k as f64
}

/// Share of all relevant judged creators (`relevant_total`) found in the first `k` slots;
/// `None` when there is none to find.
pub fn recall_at_k(ranked: &[u8], relevant_total: usize, k: usize) -> Option<f64> {
    if relevant_total == 0 {
        return None;
    }
    Some(relevant_in(ranked, k) as f64 / relevant_total as f64)
}

fn relevant_in(ranked: &[u8], k: usize) -> usize {
    ranked
        .iter()
        .take(k)
        .filter(|grade| **grade >= RELEVANT)
        .count()
}

/// Mean of the defined values; `None` when there is none.
pub fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, count) = values
        .into_iter()
        .flatten()
        .fold((0.0, 0usize), |(sum, count), value| {
            (sum + value, count + 1)
        });
    (count > 0).then(|| sum / count as f64)
}

/// Per-label F1 of multi-label predictions, averaged over `labels`.
///
/// Each item pairs its predicted labels with its true labels. A label that is neither
/// predicted nor true for any item has no F1 and is left out of the average; `None` when
/// every label is.
pub fn macro_f1<L: Copy + Eq>(items: &[(Vec<L>, Vec<L>)], labels: &[L]) -> Option<f64> {
    let scores = labels.iter().map(|label| {
        let (mut true_positives, mut false_positives, mut false_negatives) = (0usize, 0, 0);
        for (predicted, truth) in items {
            match (predicted.contains(label), truth.contains(label)) {
                (true, true) => true_positives += 1,
                (true, false) => false_positives += 1,
                (false, true) => false_negatives += 1,
                (false, false) => {}
            }
        }
        let denominator = 2 * true_positives + false_positives + false_negatives;
        (denominator > 0).then(|| 2.0 * true_positives as f64 / denominator as f64)
    });
    mean(scores)
}

/// Mean absolute difference between two share distributions over the union of their keys (a
/// key missing from one side has share 0 there); `None` when both are empty.
pub fn share_mae<K: Ord + Clone>(
    estimate: &BTreeMap<K, f64>,
    truth: &BTreeMap<K, f64>,
) -> Option<f64> {
    let mut keys: Vec<&K> = estimate.keys().chain(truth.keys()).collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return None;
    }
    let total: f64 = keys
        .iter()
        .map(|key| {
            let estimated = estimate.get(*key).copied().unwrap_or(0.0);
            let true_share = truth.get(*key).copied().unwrap_or(0.0);
            (estimated - true_share).abs()
        })
        .sum();
    Some(total / keys.len() as f64)
}

/// Area under the ROC curve of `scores` for the positive `labels`, by the rank formula
/// (Mann–Whitney U) with tied scores given their average rank. `None` when either class is
/// empty or a score is not finite.
pub fn roc_auc(scored: &[(f64, bool)]) -> Option<f64> {
    if scored.iter().any(|(score, _)| !score.is_finite()) {
        return None;
    }
    let positives = scored.iter().filter(|(_, positive)| *positive).count();
    let negatives = scored.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut order: Vec<&(f64, bool)> = scored.iter().collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut positive_rank_sum = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && order[end + 1].0 == order[start].0 {
            end += 1;
        }
        // Ranks are 1-based; a tie group shares the mean of its ranks.
        let average_rank = (start + end) as f64 / 2.0 + 1.0;
        let tied_positives = order[start..=end]
            .iter()
            .filter(|(_, positive)| *positive)
            .count();
        positive_rank_sum += average_rank * tied_positives as f64;
        start = end + 1;
    }
    let positives_f = positives as f64;
    let u = positive_rank_sum - positives_f * (positives_f + 1.0) / 2.0;
    Some(u / (positives_f * negatives as f64))
}

/// Share of the first `k` slots of each ranking held by items `is_flagged` marks, over all
/// filled slots; `None` when no ranking fills a slot.
pub fn flagged_share_at_k<T>(
    rankings: &[Vec<T>],
    k: usize,
    is_flagged: impl Fn(&T) -> bool,
) -> Option<f64> {
    let (flagged, slots) = rankings
        .iter()
        .flat_map(|ranking| ranking.iter().take(k))
        .fold((0usize, 0usize), |(flagged, slots), item| {
            (flagged + usize::from(is_flagged(item)), slots + 1)
        });
    (slots > 0).then(|| flagged as f64 / slots as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_lower_otherwise() {
        let judged = [3, 2, 0, 1, 0];
        assert_eq!(ndcg_at_k(&[3, 2, 1], &judged, 10), Some(1.0));
        // Worked by hand: DCG of [0, 3] = 7 / log2(3); IDCG = 7 + 3 / log2(3) + 1 / 2.
        let expected = (7.0 / 3f64.log2()) / (7.0 + 3.0 / 3f64.log2() + 0.5);
        let actual = ndcg_at_k(&[0, 3], &judged, 10).expect("defined");
        assert!(close(actual, expected), "{actual} vs {expected}");
        // At k = 1 only the first slot counts.
        assert_eq!(ndcg_at_k(&[2, 3], &judged, 1), Some(3.0 / 7.0));
        assert_eq!(ndcg_at_k(&[], &judged, 10), Some(0.0));
        assert_eq!(ndcg_at_k(&[0, 0], &[0, 0, 0], 10), None);
    }

    #[test]
    fn ideal_ranking_comes_from_all_judged_creators_not_the_returned_ones() {
        // The system returned only the grade-1 creator, but a grade-3 creator exists.
        let ndcg = ndcg_at_k(&[1], &[1, 3], 10).expect("defined");
        let expected = 1.0 / (7.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg, expected), "{ndcg}");
    }

    #[test]
    fn precision_counts_grade_two_and_up_over_k_slots() {
        assert_eq!(precision_at_k(&[3, 2, 1, 0], 4), 0.5);
        // Empty slots of a short ranking are misses.
        assert_eq!(precision_at_k(&[3, 3], 10), 0.2);
        assert_eq!(precision_at_k(&[3, 3, 3], 0), 0.0);
    }

    #[test]
    fn recall_is_the_share_of_relevant_creators_found() {
        assert_eq!(recall_at_k(&[3, 0, 2, 1], 4, 100), Some(0.5));
        assert_eq!(recall_at_k(&[3, 0, 2, 1], 4, 1), Some(0.25));
        assert_eq!(recall_at_k(&[1, 0], 0, 100), None);
    }

    #[test]
    fn mean_skips_undefined_values() {
        assert_eq!(mean([Some(1.0), None, Some(0.0)]), Some(0.5));
        assert_eq!(mean([None, None]), None);
    }

    #[test]
    fn macro_f1_averages_per_label_f1() {
        // Label 'a': tp 1, fp 1, fn 0 → F1 2/3. Label 'b': tp 1, fn 2 → F1 2/4.
        // Label 'c' never appears and is left out.
        let items = vec![
            (vec!['a'], vec!['a', 'b']),
            (vec!['a', 'b'], vec!['b']),
            (vec![], vec!['b']),
        ];
        let f1 = macro_f1(&items, &['a', 'b', 'c']).expect("defined");
        assert!(close(f1, (2.0 / 3.0 + 0.5) / 2.0), "{f1}");
        let perfect = vec![(vec!['a'], vec!['a']), (vec!['b'], vec!['b'])];
        assert_eq!(macro_f1(&perfect, &['a', 'b']), Some(1.0));
        assert_eq!(macro_f1::<char>(&[], &['a']), None);
    }

    #[test]
    fn share_mae_uses_the_union_of_keys() {
        let estimate = BTreeMap::from([("en", 0.8), ("es", 0.2)]);
        let truth = BTreeMap::from([("en", 0.6), ("pt", 0.4)]);
        // |0.8-0.6| + |0.2-0| + |0-0.4| over 3 keys.
        let mae = share_mae(&estimate, &truth).expect("defined");
        assert!(close(mae, 0.8 / 3.0), "{mae}");
        assert_eq!(share_mae(&truth, &truth), Some(0.0));
        assert_eq!(share_mae::<&str>(&BTreeMap::new(), &BTreeMap::new()), None);
    }

    #[test]
    fn auc_uses_average_ranks_for_ties() {
        let perfect = [(0.9, true), (0.8, true), (0.2, false), (0.1, false)];
        assert_eq!(roc_auc(&perfect), Some(1.0));
        let inverted = [(0.1, true), (0.9, false)];
        assert_eq!(roc_auc(&inverted), Some(0.0));
        // All tied: every pair counts a half.
        let tied = [(0.5, true), (0.5, false), (0.5, false)];
        assert_eq!(roc_auc(&tied), Some(0.5));
        // Pairs: (0.8 vs 0.5) win, (0.8 vs 0.3) win, (0.5 vs 0.5) half, (0.5 vs 0.3) win → 3.5/4.
        let mixed = [(0.8, true), (0.5, true), (0.5, false), (0.3, false)];
        assert_eq!(roc_auc(&mixed), Some(0.875));
        assert_eq!(roc_auc(&[(0.4, true)]), None);
        assert_eq!(roc_auc(&[(f64::NAN, true), (0.1, false)]), None);
    }

    #[test]
    fn flagged_share_counts_filled_top_slots() {
        let rankings = vec![vec![1, 2, 3], vec![4]];
        let share = flagged_share_at_k(&rankings, 2, |item| *item % 2 == 0).expect("defined");
        // Slots: 1, 2 | 4 → flagged 2 of 3.
        assert!(close(share, 2.0 / 3.0), "{share}");
        assert_eq!(flagged_share_at_k::<u8>(&[vec![]], 10, |_| true), None);
    }
}
