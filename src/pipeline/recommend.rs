//! Campaign briefs → ranked creators: a brief is a relevance search (its text, niches,
//! platforms and audience target) scored with the brief's own blend weights, limited to its
//! tiers and without the creators it excludes. The ranking and its explanations are the
//! search pipeline's.

use std::collections::HashSet;
use std::time::Instant;

use scout_models::{AudienceTarget, CreatorId, Niche, Platform, RankerWeights, Tier};
use serde::Serialize;

use crate::pipeline::{
    NicheProbability, PipelineError, RankedCreator, SearchParts, SearchQuery, SearchService,
    MAX_LIMIT, MAX_OFFSET,
};

/// Creators a brief may ask for at most.
pub const MAX_BRIEF_LIMIT: usize = 50;
/// Creators a brief may exclude at most.
pub const MAX_EXCLUSIONS: usize = 500;

/// A campaign brief, before validation of its text and audience (see [`SearchQuery::new`]).
#[derive(Debug, Clone, Default)]
pub struct Brief {
    /// What the campaign is about, in words (the search's query syntax; a colon after a word
    /// that names no field is prose punctuation, not a scope).
    pub text: Option<String>,
    pub niches: Vec<Niche>,
    /// The audience to reach: scored as audience match, not a filter.
    pub audience: Option<AudienceTarget>,
    pub platforms: Vec<Platform>,
    /// Keep only creators of these tiers (all tiers when empty).
    pub tiers: Vec<Tier>,
    pub exclude_ids: Vec<CreatorId>,
    /// Handles to leave out, compared without case and a leading `@`.
    pub exclude_handles: Vec<String>,
    /// The blend's weights; the loaded models' when `None`.
    pub weights: Option<RankerWeights>,
    pub limit: Option<usize>,
}

/// Ranked creators for a brief.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Recommendations {
    pub results: Vec<RankedCreator>,
    /// The niches read into the brief's text, when it named none itself.
    pub brief_niches: Vec<NicheProbability>,
    /// The weights the scores were blended with: the brief's, or `null` for the models'.
    #[schema(value_type = Option<Object>)]
    pub weights: Option<RankerWeights>,
    /// Candidates left out because the brief excluded them or their tier.
    pub excluded: usize,
    pub took_ms: f64,
    pub model_version: Option<String>,
}

/// The follower range of a set of tiers, as an index filter (the tiers are checked one by one
/// afterwards: the range of `nano` and `mega` also spans the tiers between them).
fn follower_span(tiers: &[Tier]) -> (Option<u64>, Option<u64>) {
    let bounds = |tier: &Tier| -> (u64, Option<u64>) {
        match tier {
            Tier::Nano => (0, Some(9_999)),
            Tier::Micro => (10_000, Some(99_999)),
            Tier::Mid => (100_000, Some(499_999)),
            Tier::Macro => (500_000, Some(999_999)),
            Tier::Mega => (1_000_000, None),
        }
    };
    if tiers.is_empty() {
        return (None, None);
    }
    let min = tiers.iter().map(|tier| bounds(tier).0).min().unwrap_or(0);
    let max = tiers
        .iter()
        .map(|tier| bounds(tier).1)
        .try_fold(0_u64, |highest, upper| {
            upper.map(|upper| highest.max(upper))
        });
    ((min > 0).then_some(min), max)
}

/// Ranks the creators for `brief`: relevance pages of the search are read until `limit`
/// creators pass the tier and exclusion checks or the candidates end.
pub fn recommend(service: &SearchService, brief: Brief) -> Result<Recommendations, PipelineError> {
    let started = Instant::now();
    let limit = brief.limit.unwrap_or(10);
    if limit == 0 || limit > MAX_BRIEF_LIMIT {
        return Err(PipelineError::invalid(
            "limit",
            format!("must be between 1 and {MAX_BRIEF_LIMIT}"),
        ));
    }
    if brief.exclude_ids.len() + brief.exclude_handles.len() > MAX_EXCLUSIONS {
        return Err(PipelineError::invalid(
            "exclusions",
            format!("at most {MAX_EXCLUSIONS} creators may be excluded"),
        ));
    }
    let excluded_ids: HashSet<&str> = brief.exclude_ids.iter().map(CreatorId::as_str).collect();
    let excluded_handles: HashSet<String> = brief
        .exclude_handles
        .iter()
        .map(|handle| normalise_handle(handle))
        .collect();
    let tiers: HashSet<Tier> = brief.tiers.iter().copied().collect();
    let (min_followers, max_followers) = follower_span(&brief.tiers);
    let mut results = Vec::with_capacity(limit);
    let mut excluded = 0;
    let mut offset = 0;
    let mut brief_niches = Vec::new();
    let mut model_version = None;
    loop {
        let parts = SearchParts {
            text: brief.text.as_deref().map(prose_colons),
            niches: brief.niches.clone(),
            platforms: brief.platforms.clone(),
            audience: brief.audience.clone(),
            min_followers,
            max_followers,
            offset: Some(offset),
            limit: Some(MAX_LIMIT),
            ..SearchParts::default()
        };
        // The brief's words are its `text`, not a search's `query`.
        let mut query = SearchQuery::new(parts).map_err(|error| match error {
            PipelineError::Invalid { field, message } if field == "query" => {
                PipelineError::Invalid {
                    field: "text".to_string(),
                    message,
                }
            }
            other => other,
        })?;
        if let Some(weights) = &brief.weights {
            query = query.with_weights(weights.clone());
        }
        let page = service.search(&query)?;
        if offset == 0 {
            brief_niches = page.query_niches.clone();
            model_version = page.model_version.clone();
        }
        for creator in page.results {
            let wanted_tier =
                tiers.is_empty() || creator.tier.is_some_and(|tier| tiers.contains(&tier));
            if !wanted_tier
                || excluded_ids.contains(creator.id.as_str())
                || excluded_handles.contains(&normalise_handle(&creator.handle))
            {
                excluded += 1;
                continue;
            }
            if results.len() < limit {
                results.push(creator);
            }
        }
        offset += MAX_LIMIT;
        if results.len() >= limit || page.next_cursor.is_none() || offset > MAX_OFFSET {
            break;
        }
    }
    Ok(Recommendations {
        results,
        brief_niches,
        weights: brief.weights,
        excluded,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        model_version,
    })
}

/// `text` with every colon that does not follow a searchable field's name (outside quotes)
/// made a space: "protein bar: home workout" is prose, `bio:coach` a scope.
fn prose_colons(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quotes = false;
    for c in text.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c == ':' && !in_quotes {
            let word: String = out
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            if !scout_index::SCOPABLE_FIELDS.contains(&word.as_str()) {
                out.push(' ');
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn normalise_handle(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colons_of_prose_are_spaces_and_field_scopes_stay() {
        assert_eq!(
            prose_colons("protein bar: home workout"),
            "protein bar  home workout"
        );
        assert_eq!(
            prose_colons("bio:coach note: \"a:b\""),
            "bio:coach note  \"a:b\""
        );
        assert_eq!(prose_colons("posts:\"meal prep\""), "posts:\"meal prep\"");
        assert_eq!(prose_colons("ratio 3:1"), "ratio 3 1");
    }

    #[test]
    fn tiers_span_their_follower_ranges() {
        assert_eq!(follower_span(&[]), (None, None));
        assert_eq!(follower_span(&[Tier::Nano]), (None, Some(9_999)));
        assert_eq!(
            follower_span(&[Tier::Micro, Tier::Mid]),
            (Some(10_000), Some(499_999))
        );
        assert_eq!(
            follower_span(&[Tier::Mega, Tier::Micro]),
            (Some(10_000), None)
        );
    }

    #[test]
    fn handles_compare_without_case_and_at_sign() {
        assert_eq!(normalise_handle(" @Chef_Ana "), "chef_ana");
    }
}
