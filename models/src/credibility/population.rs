//! What a creator's engagement is compared with: the rest of the crawl. Engagement rates fall
//! with audience size at a rate that differs by platform and by data source, so a fixed table
//! of expected rates is off for some tiers; the population of crawled creators (most of them
//! honest) shows the real curve. Per platform, a least-squares line of log engagement rate on
//! log followers, with a robust spread (1.4826 × the median absolute residual), turns each
//! creator's rate into a z-score: bought followers sit far below the line, bought likes far
//! above it. Fitted at training time from the crawled records, no ground truth involved.
//!
//! The same robust line is fitted for three more public ratios that fraud bends (see
//! [`CurveSignal`]): views per follower on video platforms (bought subscribers never watch,
//! bought views inflate it), distinct commenters sampled per creator (bought followers never
//! reply, so a bought-follower account has the commenters of a smaller one), comments per
//! like (pods inflate comments, bought likes come without them) and the share of sampled
//! replies nobody liked (bots' replies go unliked; how many people's replies get likes differs
//! by platform and audience, so it is judged against the crawl, not a fixed level).
//!
//! For the unliked replies the crawl also gives a base rate per platform: how often a reply
//! goes unliked in an audience of people (see [`EngagementCurve::unliked_reply_base`]), which
//! turns a creator's count of unliked replies into a chance under a real audience.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::features::{unliked_reply_counts, unliked_reply_share};
use crate::{engagement, CreatorRecord, Platform, Post};

/// Fewer creators on a platform than this and the pooled line of every platform is used.
const MIN_PLATFORM_POINTS: usize = 30;
/// Below this robust spread the z-scores would explode: the spread is at least this.
const MIN_SPREAD: f64 = 0.2;
/// The quantile of the crawl's unliked-reply shares taken as the base rate of a real
/// audience: most crawled audiences are real, so the median creator's share is a real
/// audience's, with the few bots every audience has. (The lower quartile, nearer a bot-free
/// audience, flagged 1–2% of the honest creators of `scout eval` as strongly as bought
/// followers, against 0.1–0.3% with the median: real audiences vary in their bots.)
const UNLIKED_BASE_QUANTILE: f64 = 0.5;
/// Bounds of the base rate: a crawl where every or no reply goes unliked says nothing.
const UNLIKED_BASE_BOUNDS: (f64, f64) = (0.01, 0.9);

/// A public ratio credibility compares with the crawl's curve for its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CurveSignal {
    /// Median views per follower over recent posts (video platforms).
    ViewsPerFollower,
    /// Distinct commenters in the audience sample.
    Commenters,
    /// Σ comments ÷ Σ likes over recent posts.
    CommentsPerLike,
    /// Share of sampled replies that got no likes ([`unliked_reply_share`]).
    UnlikedReplies,
}

/// Collects the crawl's `(log followers, log engagement rate)` points, per platform, and the
/// points of each [`CurveSignal`].
#[derive(Debug, Clone, Default)]
pub struct EngagementCurveBuilder {
    points: HashMap<Platform, Vec<(f64, f64)>>,
    signals: HashMap<(CurveSignal, Platform), Vec<(f64, f64)>>,
    /// Each creator's share of unliked sampled replies (zeros included), per platform.
    unliked_shares: HashMap<Platform, Vec<f64>>,
}

impl EngagementCurveBuilder {
    pub fn new() -> EngagementCurveBuilder {
        EngagementCurveBuilder::default()
    }

    /// Adds one creator's points: its robust engagement rate over the record's posts and
    /// each [`CurveSignal`] the record shows (commenters only when it carries its sample).
    pub fn add_creator(&mut self, record: &CreatorRecord) {
        let Some(followers) = record.creator.followers.filter(|count| *count > 0) else {
            return;
        };
        let platform = record.creator.platform;
        let x = (followers as f64).ln();
        if let Some(rate) = engagement::robust_engagement_rate(Some(followers), &record.posts) {
            if rate > 0.0 && rate.is_finite() {
                self.points
                    .entry(platform)
                    .or_default()
                    .push((x, rate.ln()));
            }
        }
        let values = [
            (
                CurveSignal::ViewsPerFollower,
                views_per_follower(followers, &record.posts),
            ),
            (
                CurveSignal::Commenters,
                (!record.audience.is_empty()).then_some(record.audience.len() as f64),
            ),
            (
                CurveSignal::CommentsPerLike,
                comments_per_like(&record.posts),
            ),
            (
                CurveSignal::UnlikedReplies,
                unliked_reply_share(&record.audience),
            ),
        ];
        if let Some((unliked, shown)) = unliked_reply_counts(&record.audience) {
            self.unliked_shares
                .entry(platform)
                .or_default()
                .push(unliked as f64 / shown as f64);
        }
        for (signal, value) in values {
            if let Some(value) = value.filter(|value| *value > 0.0 && value.is_finite()) {
                self.signals
                    .entry((signal, platform))
                    .or_default()
                    .push((x, value.ln()));
            }
        }
    }

    /// The fitted curves: one per platform with enough creators, and a pooled one.
    pub fn fit(&self) -> EngagementCurve {
        let pooled: Vec<(f64, f64)> = self.points.values().flatten().copied().collect();
        let mut platforms: Vec<(Platform, Line)> = self
            .points
            .iter()
            .filter(|(_, points)| points.len() >= MIN_PLATFORM_POINTS)
            .filter_map(|(platform, points)| fit_line(points).map(|line| (*platform, line)))
            .collect();
        platforms.sort_by_key(|(platform, _)| *platform);
        let signal_lines = |signal: CurveSignal| {
            let mut lines: Vec<(Platform, Line)> = self
                .signals
                .iter()
                .filter(|((known, _), points)| {
                    *known == signal && points.len() >= MIN_PLATFORM_POINTS
                })
                .filter_map(|((_, platform), points)| {
                    fit_line(points).map(|line| (*platform, line))
                })
                .collect();
            lines.sort_by_key(|(platform, _)| *platform);
            lines
        };
        EngagementCurve {
            pooled: fit_line(&pooled),
            platforms,
            views: signal_lines(CurveSignal::ViewsPerFollower),
            commenters: signal_lines(CurveSignal::Commenters),
            comments: signal_lines(CurveSignal::CommentsPerLike),
            unliked_replies: signal_lines(CurveSignal::UnlikedReplies),
            unliked_base: self.unliked_base(),
        }
    }

    /// Per platform with enough creators, the [`UNLIKED_BASE_QUANTILE`] of their unliked
    /// shares, within [`UNLIKED_BASE_BOUNDS`].
    fn unliked_base(&self) -> Vec<(Platform, f64)> {
        let mut bases: Vec<(Platform, f64)> = self
            .unliked_shares
            .iter()
            .filter(|(_, shares)| shares.len() >= MIN_PLATFORM_POINTS)
            .map(|(platform, shares)| {
                let mut sorted = shares.clone();
                sorted.sort_by(f64::total_cmp);
                let position = ((sorted.len() - 1) as f64 * UNLIKED_BASE_QUANTILE).round() as usize;
                let base = sorted[position].clamp(UNLIKED_BASE_BOUNDS.0, UNLIKED_BASE_BOUNDS.1);
                (*platform, base)
            })
            .collect();
        bases.sort_by_key(|(platform, _)| *platform);
        bases
    }
}

/// The crawl's engagement-versus-size curve per platform (a model artifact, fitted at
/// training time): see the module docs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EngagementCurve {
    pooled: Option<Line>,
    platforms: Vec<(Platform, Line)>,
    /// Per-platform curves of the [`CurveSignal`]s (absent from older artifacts).
    #[serde(default)]
    views: Vec<(Platform, Line)>,
    #[serde(default)]
    commenters: Vec<(Platform, Line)>,
    #[serde(default)]
    comments: Vec<(Platform, Line)>,
    #[serde(default)]
    unliked_replies: Vec<(Platform, Line)>,
    /// Per platform, the share of replies an audience of people leaves unliked (absent from
    /// older artifacts).
    #[serde(default)]
    unliked_base: Vec<(Platform, f64)>,
}

/// `ln(rate) ≈ intercept + slope × ln(followers)`, residual spread `spread`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Line {
    intercept: f64,
    slope: f64,
    spread: f64,
}

impl EngagementCurve {
    /// How many robust standard deviations a creator's engagement rate lies above (+) or
    /// below (−) the curve at its follower count; `None` without a rate or a curve.
    pub fn engagement_z(
        &self,
        platform: Platform,
        followers: Option<u64>,
        rate: Option<f64>,
    ) -> Option<f64> {
        let followers = followers.filter(|count| *count > 0)? as f64;
        let rate = rate.filter(|rate| *rate > 0.0 && rate.is_finite())?;
        let line = self
            .platforms
            .iter()
            .find(|(known, _)| *known == platform)
            .map(|(_, line)| line)
            .or(self.pooled.as_ref())?;
        let expected = line.intercept + line.slope * followers.ln();
        Some((rate.ln() - expected) / line.spread)
    }

    /// How many robust standard deviations `value` of `signal` lies above (+) or below (−)
    /// the platform's curve at this follower count; `None` without a positive value or a
    /// curve for the platform.
    pub fn signal_z(
        &self,
        signal: CurveSignal,
        platform: Platform,
        followers: Option<u64>,
        value: Option<f64>,
    ) -> Option<f64> {
        let followers = followers.filter(|count| *count > 0)? as f64;
        let value = value.filter(|value| *value > 0.0 && value.is_finite())?;
        let lines = match signal {
            CurveSignal::ViewsPerFollower => &self.views,
            CurveSignal::Commenters => &self.commenters,
            CurveSignal::CommentsPerLike => &self.comments,
            CurveSignal::UnlikedReplies => &self.unliked_replies,
        };
        let (_, line) = lines.iter().find(|(known, _)| *known == platform)?;
        let expected = line.intercept + line.slope * followers.ln();
        Some((value.ln() - expected) / line.spread)
    }

    /// The share of sampled replies that go unliked in an audience of people on `platform`,
    /// as the crawl shows it; `None` where the crawl had too few creators with reply likes.
    pub fn unliked_reply_base(&self, platform: Platform) -> Option<f64> {
        self.unliked_base
            .iter()
            .find(|(known, _)| *known == platform)
            .map(|(_, base)| *base)
    }

    /// Checks a loaded curve: finite numbers, positive spreads and base rates in (0, 1).
    pub fn is_sound(&self) -> bool {
        let bases_sound = self
            .unliked_base
            .iter()
            .all(|(_, base)| base.is_finite() && *base > 0.0 && *base < 1.0);
        bases_sound
            && self
                .pooled
                .iter()
                .chain(self.platforms.iter().map(|(_, line)| line))
                .chain(
                    [
                        &self.views,
                        &self.commenters,
                        &self.comments,
                        &self.unliked_replies,
                    ]
                    .into_iter()
                    .flatten()
                    .map(|(_, line)| line),
                )
                .all(|line| {
                    line.intercept.is_finite()
                        && line.slope.is_finite()
                        && line.spread.is_finite()
                        && line.spread > 0.0
                })
    }
}

/// Median over recent posts with views of views per follower; `None` without views.
pub fn views_per_follower(followers: u64, posts: &[Post]) -> Option<f64> {
    if followers == 0 {
        return None;
    }
    let mut recent: Vec<&Post> = posts.iter().filter(|post| post.views.is_some()).collect();
    recent.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    let mut ratios: Vec<f64> = recent
        .iter()
        .take(engagement::RECENT_POSTS)
        .filter_map(|post| post.views)
        .map(|views| views as f64 / followers as f64)
        .collect();
    if ratios.is_empty() {
        return None;
    }
    Some(median_of(&mut ratios))
}

/// Σ comments ÷ Σ likes over recent posts with both counters; `None` without likes.
fn comments_per_like(posts: &[Post]) -> Option<f64> {
    let mut recent: Vec<&Post> = posts
        .iter()
        .filter(|post| post.likes.is_some() && post.comments.is_some())
        .collect();
    recent.sort_by_key(|post| std::cmp::Reverse(post.published_at));
    let (likes, comments) = recent.iter().take(engagement::RECENT_POSTS).fold(
        (0_u64, 0_u64),
        |(likes, comments), post| {
            (
                likes + post.likes.unwrap_or(0),
                comments + post.comments.unwrap_or(0),
            )
        },
    );
    (likes > 0).then(|| comments as f64 / likes as f64)
}

/// Least squares with a robust residual spread; `None` for fewer than 3 points or no spread
/// in followers.
fn fit_line(points: &[(f64, f64)]) -> Option<Line> {
    if points.len() < 3 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|(x, _)| x).sum::<f64>() / n;
    let mean_y = points.iter().map(|(_, y)| y).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    let sxy: f64 = points
        .iter()
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let slope = if sxx > 1e-9 { sxy / sxx } else { 0.0 };
    let intercept = mean_y - slope * mean_x;
    let mut residuals: Vec<f64> = points
        .iter()
        .map(|(x, y)| y - intercept - slope * x)
        .collect();
    let median = median_of(&mut residuals);
    // Centre on the median residual: fakes pull the least-squares line, the median less so.
    let mut deviations: Vec<f64> = residuals.iter().map(|r| (r - median).abs()).collect();
    let spread = (1.4826 * median_of(&mut deviations)).max(MIN_SPREAD);
    Some(Line {
        intercept: intercept + median,
        slope,
        spread,
    })
}

fn median_of(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_through_the_crawl_scores_rates_against_their_size() {
        // ln(rate) = -1 - 0.3 ln(followers), with ±0.5 scatter.
        let points: Vec<(f64, f64)> = (0..200)
            .map(|position| {
                let x = 6.0 + f64::from(position % 50) * 0.1;
                let noise = if position % 2 == 0 { 0.5 } else { -0.5 };
                (x, -1.0 - 0.3 * x + noise)
            })
            .collect();
        let line = fit_line(&points).expect("fits");
        assert!((line.slope + 0.3).abs() < 0.05, "{line:?}");
        assert!((line.spread - 0.5 * 1.4826).abs() < 0.05, "{line:?}");
        let mut builder = EngagementCurveBuilder::new();
        builder.points.insert(Platform::Mastodon, points);
        let population = builder.fit();
        assert!(population.is_sound());
        let followers: u64 = 10_000;
        let on_curve = (-1.0 - 0.3 * (followers as f64).ln()).exp();
        let z = population
            .engagement_z(Platform::Mastodon, Some(followers), Some(on_curve))
            .expect("z");
        assert!(z.abs() < 0.1, "{z}");
        let bought = population
            .engagement_z(
                Platform::Mastodon,
                Some(followers * 5),
                Some(on_curve / 5.0),
            )
            .expect("z");
        // Five times the followers, the same interactions: (1 - 0.3) × ln 5 ≈ 1.1 below the line,
        // about 1.5 spreads.
        assert!(bought < -1.3, "{bought}");
        // Other platforms fall back to the pooled line.
        assert!(population
            .engagement_z(Platform::Web, Some(followers), Some(on_curve))
            .is_some());
        assert_eq!(
            population.engagement_z(Platform::Web, None, Some(0.1)),
            None
        );
    }
}
