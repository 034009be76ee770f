//! A search text's niche reading, through the real binary on a trained simulated world: words
//! the classifier does not know read as no niche, and the creators they match decide.

use serde_json::Value;

use crate::common::{run_ok, trained_world};

/// The niches `scout search --json` read into `text` under `filters`, most probable first.
fn reading(data: &std::path::Path, text: &str, filters: &[&str]) -> Vec<(String, f64)> {
    let mut args = vec!["search", text, "--limit", "5", "--json"];
    args.extend_from_slice(filters);
    let output = run_ok(data, &args);
    let answer: Value = serde_json::from_slice(&output.stdout).expect("search prints JSON");
    answer["query_niches"]
        .as_array()
        .expect("query_niches is a list")
        .iter()
        .map(|entry| {
            (
                entry["niche"].as_str().unwrap().to_string(),
                entry["probability"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn words_the_classifier_does_not_know_take_the_niche_of_their_matches() {
    let world = trained_world("800", "3");
    let data = world.path();
    // "strength training coach" holds no word of the seed lexicon: the classifier alone reads
    // no niche into it (only its priors, which read wellness before), the creators the words
    // match read it as fitness.
    let strength = reading(data, "strength training coach", &[]);
    assert_eq!(
        strength.first().map(|(niche, _)| niche.as_str()),
        Some("fitness"),
        "{strength:?}"
    );
    // A seed word still decides on its own.
    let workout = reading(data, "home workout", &["--platform", "youtube"]);
    assert_eq!(
        workout.first().map(|(niche, _)| niche.as_str()),
        Some("fitness"),
        "{workout:?}"
    );
}
