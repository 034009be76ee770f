//! Graded relevance of a creator for a brief, from the simulator's ground truth (the only
//! place besides the model-quality metrics where the evaluation reads it).
//!
//! | grade | meaning |
//! | --- | --- |
//! | 3 | the brief's niche is the creator's primary niche, every constraint holds, not a fake |
//! | 2 | the brief's niche is one of the creator's niches, every constraint holds, not a fake |
//! | 1 | the niche matches and the hard filters hold, but the creator is a fake or misses the audience target |
//! | 0 | otherwise: another niche, or outside the platform or follower filter |
//!
//! Platform and follower band are hard filters (the brand asked only for those); the audience
//! target is soft. Follower bands are judged on the true displayed follower count.

use std::collections::HashMap;

use crate::sim::TruthCreator;

use super::briefs::Brief;

/// The grade of `creator` for `brief` (see the module table).
pub fn grade(brief: &Brief, creator: &TruthCreator) -> u8 {
    let Some(position) = creator
        .niches
        .iter()
        .position(|niche| *niche == brief.niche)
    else {
        return 0;
    };
    let platform_holds = brief
        .platform
        .is_none_or(|platform| platform == creator.platform);
    if !platform_holds || !brief.followers.contains(creator.followers) {
        return 0;
    }
    let audience_holds = brief
        .audience
        .as_ref()
        .is_none_or(|target| target.holds(&creator.audience));
    if creator.fake || !audience_holds {
        return 1;
    }
    if position == 0 {
        3
    } else {
        2
    }
}

/// The judged pool of one brief: the grade of every creator the crawler reached.
#[derive(Debug, Clone)]
pub struct Judgments {
    grades: HashMap<String, u8>,
    /// Judged creators with grade ≥ [`super::metrics::RELEVANT`].
    relevant: usize,
}

impl Judgments {
    /// Grades every creator of `pool` (the crawled creators) for `brief`.
    pub fn new<'a>(brief: &Brief, pool: impl IntoIterator<Item = &'a TruthCreator>) -> Judgments {
        let grades: HashMap<String, u8> = pool
            .into_iter()
            .map(|creator| (creator.id.clone(), grade(brief, creator)))
            .collect();
        let relevant = grades
            .values()
            .filter(|grade| **grade >= super::metrics::RELEVANT)
            .count();
        Judgments { grades, relevant }
    }

    /// The grade of a creator; 0 for one outside the judged pool.
    pub fn grade_of(&self, id: &str) -> u8 {
        self.grades.get(id).copied().unwrap_or(0)
    }

    /// The grades of a ranking, in its order.
    pub fn grades_of<'a>(&self, ranking: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
        ranking.into_iter().map(|id| self.grade_of(id)).collect()
    }

    /// Every judged creator's grade (the ideal ranking is built from these).
    pub fn all_grades(&self) -> Vec<u8> {
        self.grades.values().copied().collect()
    }

    /// How many judged creators are relevant (grade ≥ 2).
    pub fn relevant(&self) -> usize {
        self.relevant
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use scout_models::{Niche, Platform, Tier};

    use super::*;
    use crate::eval::briefs::{AudienceDimension, AudienceTarget, FollowerBand};
    use crate::sim::TruthAudience;

    fn creator(id: &str, niches: &[Niche], followers: u64, female: f64) -> TruthCreator {
        TruthCreator {
            id: id.into(),
            platform: Platform::Mastodon,
            niches: niches.to_vec(),
            tier: Tier::from_followers(followers),
            fake: false,
            fake_kind: None,
            followers,
            person: "p1".into(),
            audience: TruthAudience {
                age: BTreeMap::new(),
                gender: BTreeMap::from([("female".into(), female), ("male".into(), 1.0 - female)]),
                country: BTreeMap::new(),
                language: BTreeMap::new(),
            },
            malformed: false,
            discoverable: true,
        }
    }

    fn brief() -> Brief {
        Brief {
            id: "eval-fitness-en-1".into(),
            niche: Niche::Fitness,
            language: "en",
            text: "home workout",
            platform: Some(Platform::Mastodon),
            followers: FollowerBand::Micro,
            audience: Some(AudienceTarget {
                dimension: AudienceDimension::Gender,
                keys: vec!["female"],
                min_share: 0.6,
            }),
        }
    }

    #[test]
    fn grades_follow_the_documented_table() {
        let brief = brief();
        let primary = creator("a", &[Niche::Fitness, Niche::Food], 20_000, 0.7);
        assert_eq!(grade(&brief, &primary), 3);
        let secondary = creator("b", &[Niche::Wellness, Niche::Fitness], 20_000, 0.7);
        assert_eq!(grade(&brief, &secondary), 2);
        let audience_miss = creator("c", &[Niche::Fitness], 20_000, 0.3);
        assert_eq!(grade(&brief, &audience_miss), 1);
        let mut fake = creator("d", &[Niche::Fitness], 20_000, 0.7);
        fake.fake = true;
        assert_eq!(grade(&brief, &fake), 1);
        let too_small = creator("e", &[Niche::Fitness], 2_000, 0.7);
        assert_eq!(grade(&brief, &too_small), 0);
        let mut other_platform = creator("f", &[Niche::Fitness], 20_000, 0.7);
        other_platform.platform = Platform::Web;
        assert_eq!(grade(&brief, &other_platform), 0);
        let other_niche = creator("g", &[Niche::Food], 20_000, 0.7);
        assert_eq!(grade(&brief, &other_niche), 0);
    }

    #[test]
    fn judgments_grade_the_pool_and_count_relevant_creators() {
        let pool = [
            creator("a", &[Niche::Fitness], 20_000, 0.7),
            creator("b", &[Niche::Food, Niche::Fitness], 20_000, 0.7),
            creator("c", &[Niche::Fitness], 20_000, 0.1),
            creator("d", &[Niche::Food], 20_000, 0.7),
        ];
        let judgments = Judgments::new(&brief(), &pool);
        assert_eq!(judgments.relevant(), 2);
        assert_eq!(judgments.grades_of(["c", "a", "unknown"]), vec![1, 3, 0]);
        let mut all = judgments.all_grades();
        all.sort_unstable();
        assert_eq!(all, vec![0, 1, 2, 3]);
    }
}
