//! Times niche-classifier training and batch prediction on a synthetic corpus shaped like a
//! crawl: 5,000 creators with a bio, 40 captions of ~14 words and a few hashtags each, one to
//! three niches per creator, seed terms in a few posts only (~3%), and a large vocabulary the
//! lexicon does not know. Also prints how often the top niche is one of the creator's niches
//! (a sanity check on synthetic data, not an evaluation).
//!
//! ```text
//! cargo run -p scout-models --example niche_training_time [documents] [captions]
//! ```

use std::time::Instant;

use scout_models::niche::Lexicon;
use scout_models::{Niche, NicheClassifier, NicheDocument, NicheParams};

/// splitmix64-based generator, deterministic.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn chance(&mut self, probability: f64) -> bool {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64 <= probability
    }
}

/// A pronounceable pseudo-word that the seed lexicon does not contain.
fn pseudo_word(random: &mut Random, stem: &str, lexicon: &Lexicon) -> String {
    const SYLLABLES: [&str; 12] = [
        "ka", "lo", "mi", "ter", "sun", "va", "ro", "pel", "dui", "zan", "bo", "ni",
    ];
    loop {
        let mut word = stem.to_string();
        for _ in 0..2 + random.below(2) {
            word.push_str(SYLLABLES[random.below(SYLLABLES.len())]);
        }
        let probe = NicheDocument {
            bio: word.clone(),
            captions: vec![],
            hashtags: vec![word.clone()],
        };
        if !lexicon.score(&probe.text(), 1.0).has_hits() {
            return word;
        }
    }
}

fn main() -> Result<(), scout_models::ModelError> {
    let mut arguments = std::env::args().skip(1);
    let documents: usize = arguments
        .next()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5_000);
    let captions: usize = arguments
        .next()
        .and_then(|value| value.parse().ok())
        .unwrap_or(40);
    let lexicon = Lexicon::builtin()?;
    let mut random = Random(7);

    let seeds: Vec<Vec<String>> = Niche::ALL
        .iter()
        .map(|niche| {
            lexicon.source().niches[niche]
                .values()
                .flatten()
                .cloned()
                .collect()
        })
        .collect();
    let niche_words: Vec<Vec<String>> = Niche::ALL
        .iter()
        .map(|niche| {
            (0..150)
                .map(|_| pseudo_word(&mut random, &niche.as_str()[..2], lexicon))
                .collect()
        })
        .collect();
    let common_words: Vec<String> = (0..3_000)
        .map(|_| pseudo_word(&mut random, "", lexicon))
        .collect();

    let mut corpus = Vec::with_capacity(documents);
    let mut truths = Vec::with_capacity(documents);
    for _ in 0..documents {
        let mut niches = vec![random.below(Niche::ALL.len())];
        for _ in 0..2 {
            if random.chance(0.3) {
                niches.push(random.below(Niche::ALL.len()));
            }
        }
        let mut document = NicheDocument::default();
        let bio_niche = niches[0];
        document.bio = format!(
            "{} {}",
            niche_words[bio_niche][random.below(150)],
            common_words[random.below(3_000)]
        );
        if random.chance(0.3) {
            document.bio.push(' ');
            document
                .bio
                .push_str(&seeds[bio_niche][random.below(seeds[bio_niche].len())]);
        }
        for _ in 0..captions {
            let niche = niches[random.below(niches.len())];
            let mut words: Vec<&str> = Vec::with_capacity(16);
            for _ in 0..14 {
                if random.chance(0.2) {
                    words.push(&niche_words[niche][random.below(150)]);
                } else {
                    words.push(&common_words[random.below(3_000)]);
                }
            }
            if random.chance(0.03) {
                words.push(&seeds[niche][random.below(seeds[niche].len())]);
            }
            document.captions.push(words.join(" "));
            if random.chance(0.03) {
                document
                    .hashtags
                    .push(seeds[niche][random.below(seeds[niche].len())].replace(' ', ""));
            }
            if random.chance(0.5) {
                document
                    .hashtags
                    .push(niche_words[niche][random.below(150)].clone());
            }
        }
        corpus.push(document);
        truths.push(niches);
    }

    let started = Instant::now();
    let (classifier, report) = NicheClassifier::train(&corpus, NicheParams::default())?;
    let train_seconds = started.elapsed().as_secs_f64();
    println!(
        "trained on {documents} documents x {captions} captions in {train_seconds:.1}s: coverage {:.2}, \
         {} sampled, vocabulary {}, {} logistic heads",
        report.coverage,
        report.training_documents,
        report.vocabulary_size,
        report.niches.iter().filter(|head| head.weak_label_agreement.is_some()).count()
    );

    let started = Instant::now();
    let predictions = classifier.predict_batch(&corpus);
    let predict_seconds = started.elapsed().as_secs_f64();
    let hits = predictions
        .iter()
        .zip(&truths)
        .filter(|(scores, niches)| {
            scores
                .top(0.0)
                .first()
                .is_some_and(|top| niches.contains(&top.index()))
        })
        .count();
    println!(
        "predicted {} documents in {predict_seconds:.1}s; top niche among the true ones for {:.1}%",
        predictions.len(),
        100.0 * hits as f64 / predictions.len().max(1) as f64
    );
    for query in [
        "home workout",
        "vegan recipes",
        "budget travel",
        "receitas veganas",
    ] {
        let top = classifier.predict_text(query).top(0.3);
        println!("{query:?} -> {top:?}");
    }
    Ok(())
}
