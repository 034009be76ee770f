//! Why an evaluated brief ranks as it does: for the EVAL briefs of a seed (or those whose text
//! contains a filter), Scout's top results with their grades and score parts, then the
//! relevant creators Scout left out of its top 10, with what the models estimated against what
//! the simulated world holds. Build the world first with `scout eval --seed S --keep DIR`, then
//!
//! ```text
//! cargo run --release --example eval_explain -- DIR SEED CREATORS [TEXT]
//! ```
//!
//! A debugging aid: it reads the ground truth, which nothing evaluated may.

use scout::eval::metrics::ndcg_at_k;
use scout::eval::{search_parts, AudienceDimension, Brief, Judgments, QuerySet, RANKING_DEPTH};
use scout::paths::DataDir;
use scout::pipeline::{SearchQuery, SearchService};
use scout::sim::{self, SimConfig, TruthCreator};
use scout_index::IndexHit;
use scout_models::audience::audience_match_detail;
use scout_models::{CreatorId, ScoreBreakdown};

/// Scout's results shown per brief.
const SHOWN: usize = 12;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: eval_explain DATA_DIR SEED CREATORS [TEXT]";
    let data = DataDir::new(args.next().ok_or(usage)?);
    let seed: u64 = args.next().ok_or(usage)?.parse()?;
    let creators: usize = args.next().ok_or(usage)?.parse()?;
    let filter = args.next();
    let service = SearchService::open(&data)?;
    if let Some(learned) = service.learned_ranker() {
        println!(
            "learned weights {:?}\nmissing values {:?}",
            learned.weights(),
            learned.missing_values()
        );
    }
    let truth = sim::World::generate(&SimConfig { seed, creators }).truth();
    let mut pool: Vec<(&TruthCreator, IndexHit)> = Vec::new();
    for creator in &truth.creators {
        let Ok(id) = CreatorId::parse(&creator.id) else {
            continue;
        };
        if let Some(hit) = service.index().hit(&id)? {
            pool.push((creator, hit));
        }
    }
    let briefs = QuerySet::generate(seed).eval;
    for brief in briefs.iter().filter(|brief| {
        filter
            .as_deref()
            .is_none_or(|text| brief.text.contains(text))
    }) {
        explain(&service, brief, &pool)?;
    }
    Ok(())
}

fn explain(
    service: &SearchService,
    brief: &Brief,
    pool: &[(&TruthCreator, IndexHit)],
) -> Result<(), Box<dyn std::error::Error>> {
    let judgments = Judgments::new(brief, pool.iter().map(|(creator, _)| *creator));
    let results = service
        .search(&SearchQuery::new(search_parts(brief, RANKING_DEPTH))?)?
        .results;
    let grades = judgments.grades_of(results.iter().map(|result| result.id.as_str()));
    let ndcg = ndcg_at_k(&grades, &judgments.all_grades(), 10).unwrap_or(f64::NAN);
    let target = brief.audience.as_ref();
    println!(
        "\n=== {} [{}] {:?} {:?} {} — NDCG@10 {ndcg:.2}, relevant {}",
        brief.text,
        brief.niche,
        brief.platform,
        brief.followers,
        target.map(ToString::to_string).unwrap_or_default(),
        judgments.relevant()
    );
    let describe = |id: &str| -> String {
        let Some((creator, hit)) = pool.iter().find(|(creator, _)| creator.id == id) else {
            return "(not judged)".into();
        };
        let mut line = format!(
            "{:?}{} f{}",
            creator.niches,
            if creator.fake { " FAKE" } else { "" },
            creator.followers
        );
        if let Some(target) = target {
            let shares = match target.dimension {
                AudienceDimension::Age => &creator.audience.age,
                AudienceDimension::Gender => &creator.audience.gender,
                AudienceDimension::Country => &creator.audience.country,
                AudienceDimension::Language => &creator.audience.language,
            };
            let true_share: f64 = target.keys.iter().filter_map(|key| shares.get(*key)).sum();
            line.push_str(&format!(" true {true_share:.2}"));
            match &hit.audience {
                Some(estimate) => {
                    let detail = audience_match_detail(estimate, &target.to_model_target());
                    if let Some(item) = detail.dimensions.first() {
                        line.push_str(&format!(
                            " est {:.2} conf {:.2} n {} match {:.2}",
                            item.share, item.confidence, estimate.sample_size, detail.score
                        ));
                    }
                }
                None => line.push_str(" est -"),
            }
        }
        line
    };
    let parts = |breakdown: &ScoreBreakdown| {
        let show = |value: Option<f64>| value.map_or("  - ".into(), |value| format!("{value:.2}"));
        format!(
            "t {} n {} e {} a {} c {}",
            show(breakdown.text_relevance),
            show(breakdown.niche_fit),
            show(breakdown.engagement),
            show(breakdown.audience_match),
            show(breakdown.credibility)
        )
    };
    for (rank, result) in results.iter().take(SHOWN).enumerate() {
        println!(
            "  {:>3} g{} {:.3} {} | {} {}",
            rank + 1,
            grades[rank],
            result.score,
            parts(&result.breakdown),
            result.id,
            describe(result.id.as_str())
        );
    }
    let mut missed: Vec<(&TruthCreator, Option<usize>)> = pool
        .iter()
        .map(|(creator, _)| *creator)
        .filter(|creator| judgments.grade_of(&creator.id) >= 2)
        .map(|creator| {
            let rank = results
                .iter()
                .position(|result| result.id.as_str() == creator.id);
            (creator, rank)
        })
        .filter(|(_, rank)| rank.is_none_or(|rank| rank >= 10))
        .collect();
    missed.sort_by_key(|(_, rank)| rank.unwrap_or(usize::MAX));
    for (creator, rank) in missed.iter().take(SHOWN) {
        let grade = judgments.grade_of(&creator.id);
        match rank {
            Some(rank) => println!(
                "  missed g{grade} at {:>3} {:.3} {} | {} {}",
                rank + 1,
                results[*rank].score,
                parts(&results[*rank].breakdown),
                creator.id,
                describe(&creator.id)
            ),
            None => println!(
                "  missed g{grade} not in top {RANKING_DEPTH} | {} {}",
                creator.id,
                describe(&creator.id)
            ),
        }
    }
    Ok(())
}
