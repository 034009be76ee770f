//! End-to-end tests of the niche classifier on a synthetic corpus built here: each niche has a
//! few seed words (in the lexicon) and a few words the lexicon does not know. The classifier
//! must learn the latter from co-occurrence with the former.

use super::*;
use crate::Niche;

/// Per niche: seed words (in the lexicon), a seed hashtag, and words outside the lexicon.
pub(crate) const NICHE_WORDS: [(Niche, [&str; 2], &str, [&str; 6]); 4] = [
    (
        Niche::Fitness,
        ["workout", "gym"],
        "fitness",
        [
            "kettlebell",
            "burpees",
            "pullups",
            "dumbbell",
            "sweaty",
            "reps",
        ],
    ),
    (
        Niche::Food,
        ["recipe", "cooking"],
        "foodie",
        [
            "saucepan", "simmer", "garlic", "oregano", "skillet", "marinade",
        ],
    ),
    (
        Niche::Travel,
        ["travel", "vacation"],
        "wanderlust",
        [
            "layover", "hostel", "airport", "suitcase", "boarding", "jetlag",
        ],
    ),
    (
        Niche::Tech,
        ["programming", "software"],
        "tech",
        [
            "compiler",
            "kernel",
            "rustlang",
            "debugging",
            "terminal",
            "keyboard",
        ],
    ),
];

const FILLER: [&str; 10] = [
    "today", "really", "great", "morning", "weekend", "friends", "happy", "little", "feeling",
    "again",
];

/// A tiny deterministic generator (numerical recipes LCG).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound
    }
}

/// `per_niche` documents per niche; returns them with their true niche and whether they
/// contain any seed term.
pub(crate) fn synthetic_corpus(per_niche: usize) -> Vec<(NicheDocument, Niche, bool)> {
    let mut random = Lcg(42);
    let mut corpus = Vec::new();
    for (niche, seeds, seed_tag, own_words) in NICHE_WORDS {
        for _ in 0..per_niche {
            let seeded = random.below(10) < 7;
            let mut captions = Vec::new();
            for caption in 0..8 {
                let mut words = vec![
                    own_words[random.below(6)],
                    FILLER[random.below(10)],
                    own_words[random.below(6)],
                    FILLER[random.below(10)],
                ];
                if seeded && caption < 2 {
                    words.push(seeds[random.below(2)]);
                }
                captions.push(words.join(" "));
            }
            let hashtags = if seeded {
                vec![seed_tag.to_string()]
            } else {
                Vec::new()
            };
            let document = NicheDocument {
                bio: format!(
                    "{} and {}",
                    FILLER[random.below(10)],
                    own_words[random.below(6)]
                ),
                captions,
                hashtags,
            };
            corpus.push((document, niche, seeded));
        }
    }
    corpus
}

pub(crate) fn small_params() -> NicheParams {
    NicheParams {
        min_positives: 10,
        threads: 2,
        ..NicheParams::default()
    }
}

pub(crate) fn trained_classifier() -> (NicheClassifier, NicheTrainReport) {
    let documents: Vec<NicheDocument> = synthetic_corpus(60)
        .into_iter()
        .map(|(document, _, _)| document)
        .collect();
    NicheClassifier::train(&documents, small_params()).unwrap()
}

fn top(scores: &crate::NicheScores) -> Niche {
    scores
        .probabilities
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(niche, _)| *niche)
        .unwrap()
}

#[test]
fn learns_words_beyond_the_lexicon() {
    let (classifier, report) = trained_classifier();
    assert_eq!(report.documents, 240);
    assert!(
        report.coverage > 0.6 && report.coverage < 0.8,
        "{}",
        report.coverage
    );
    for (niche, _, _, _) in NICHE_WORDS {
        let head = &report.niches[niche.index()];
        assert_eq!(head.mode, HeadMode::Logistic, "{niche}");
        assert!(head.weak_label_agreement.unwrap() > 0.9, "{head:?}");
    }
    assert_eq!(
        report.niches[Niche::Pets.index()].mode,
        HeadMode::LexiconOnly
    );
    assert!(classifier.vocabulary_size() > 20);

    let lexicon = Lexicon::builtin().unwrap();
    let held_out = NicheDocument {
        bio: "kettlebell and burpees".into(),
        captions: vec![
            "pullups again, sweaty reps".into(),
            "dumbbell morning".into(),
        ],
        hashtags: vec![],
    };
    // Proof that only non-lexicon words are present.
    assert!(!lexicon.score(&held_out.text(), 2.0).has_hits());
    let scores = classifier.predict(&held_out);
    assert_eq!(top(&scores), Niche::Fitness, "{scores:?}");
    assert!(scores.probability(Niche::Fitness) > 0.5, "{scores:?}");
    assert!(scores.probability(Niche::Tech) < 0.3, "{scores:?}");

    // The unseeded documents (never labelled) are classified from their own words.
    let corpus = synthetic_corpus(60);
    let unseeded: Vec<&(NicheDocument, Niche, bool)> =
        corpus.iter().filter(|(_, _, seeded)| !seeded).collect();
    let documents: Vec<NicheDocument> = unseeded
        .iter()
        .map(|(document, _, _)| document.clone())
        .collect();
    let predictions = classifier.predict_batch(&documents);
    let correct = unseeded
        .iter()
        .zip(&predictions)
        .filter(|((_, niche, _), scores)| top(scores) == *niche)
        .count();
    assert!(
        correct as f64 >= 0.9 * unseeded.len() as f64,
        "{correct}/{}",
        unseeded.len()
    );
}

#[test]
fn query_text_follows_the_lexicon_and_the_model() {
    let (classifier, _) = trained_classifier();
    let cases = [
        ("home workout", Niche::Fitness),
        ("vegan recipes", Niche::Food),
        ("budget travel", Niche::Travel),
        ("receitas veganas", Niche::Food),
        ("Welpe erziehen", Niche::Pets),
        ("kettlebell routines", Niche::Fitness),
        ("hostel layover", Niche::Travel),
    ];
    for (query, expected) in cases {
        let scores = classifier.predict_text(query);
        assert_eq!(top(&scores), expected, "{query}: {scores:?}");
        assert!(scores
            .probabilities
            .iter()
            .all(|(_, p)| (0.0..=1.0).contains(p)));
    }
    let home_workout = classifier.predict_text("home workout");
    assert!(home_workout.probability(Niche::Fitness) >= 0.75);
    assert_eq!(home_workout.probabilities.len(), Niche::ALL.len());
    for (position, (niche, _)) in home_workout.probabilities.iter().enumerate() {
        assert_eq!(*niche, Niche::ALL[position]);
    }
    // Words the classifier does not know add nothing to its priors: no niche is read into
    // them (the plain model gave each niche its prior, never 0).
    for unknown in ["", "zqx vrrk", "plugh xyzzy frobnicate"] {
        let scores = classifier.predict_text(unknown);
        assert!(
            scores.probabilities.iter().all(|(_, p)| *p == 0.0),
            "{unknown:?}: {scores:?}"
        );
    }
}

#[test]
fn batch_prediction_matches_single_prediction_and_serde_round_trips() {
    let (classifier, _) = trained_classifier();
    let documents: Vec<NicheDocument> = synthetic_corpus(30)
        .into_iter()
        .map(|(document, _, _)| document)
        .collect();
    let batch = classifier.predict_batch(&documents);
    assert_eq!(batch.len(), documents.len());
    let json = serde_json::to_string(&classifier).unwrap();
    let restored: NicheClassifier = serde_json::from_str(&json).unwrap();
    for (document, batched) in documents.iter().zip(&batch) {
        assert_eq!(&classifier.predict(document), batched);
        for ((_, a), (_, b)) in restored
            .predict(document)
            .probabilities
            .iter()
            .zip(&batched.probabilities)
        {
            assert!((a - b).abs() < 1e-6);
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["heads"][0]["model"]["coefficients"] = serde_json::json!([1.0]);
    assert!(serde_json::from_value::<NicheClassifier>(value).is_err());
}

#[test]
fn training_needs_documents_and_valid_params() {
    assert!(matches!(
        NicheClassifier::train(&[], NicheParams::default()),
        Err(crate::ModelError::EmptyTrainingSet)
    ));
    let documents = vec![NicheDocument::default()];
    let bad = NicheParams {
        max_features: 0,
        ..NicheParams::default()
    };
    assert!(NicheClassifier::train(&documents, bad).is_err());
    // Nothing labelled: every head falls back to the (silent) lexicon.
    let (classifier, report) = NicheClassifier::train(&documents, NicheParams::default()).unwrap();
    assert_eq!(report.labelled_documents, 0);
    assert!(report
        .niches
        .iter()
        .all(|head| head.mode == HeadMode::LexiconOnly));
    assert_eq!(top(&classifier.predict_text("gym")), Niche::Fitness);
}

#[test]
fn a_query_naming_two_niches_reads_the_niche_of_its_more_specific_term() {
    // Every other creator of every niche mentions "software"; only some travel creators say
    // "vacation".
    let documents: Vec<NicheDocument> = synthetic_corpus(60)
        .into_iter()
        .enumerate()
        .map(|(position, (mut document, _, _))| {
            if position % 2 == 0 {
                document.captions.push("new software update".into());
            }
            document
        })
        .collect();
    let (classifier, _) = NicheClassifier::train(&documents, small_params()).unwrap();
    let mixed = classifier.predict_text("software vacation");
    assert_eq!(top(&mixed), Niche::Travel, "{mixed:?}");
    assert!(
        mixed.probability(Niche::Tech) < 0.9 * mixed.probability(Niche::Travel),
        "{mixed:?}"
    );
    assert!(mixed.probability(Niche::Tech) > 0.0, "{mixed:?}");
    // Either word alone still reads its own niche in full.
    assert_eq!(top(&classifier.predict_text("software")), Niche::Tech);
    assert_eq!(top(&classifier.predict_text("vacation")), Niche::Travel);

    // A model file written before terms were counted weighs both terms alike.
    let mut value = serde_json::to_value(&classifier).unwrap();
    assert!(value["lexicon_specificity"]["terms"]["software"].as_u64() >= Some(120));
    value.as_object_mut().unwrap().remove("lexicon_specificity");
    let unweighted: NicheClassifier = serde_json::from_value(value).unwrap();
    let tie = unweighted.predict_text("software vacation");
    assert!(
        (tie.probability(Niche::Tech) - tie.probability(Niche::Travel)).abs() < 1e-6,
        "{tie:?}"
    );
    // The counts survive a round trip.
    let restored: NicheClassifier =
        serde_json::from_str(&serde_json::to_string(&classifier).unwrap()).unwrap();
    assert_eq!(restored.predict_text("software vacation"), mixed);
}

#[test]
fn records_read_through_the_word_memo_score_as_their_documents() {
    // Lexicon words and phrases (some in the plural, split by a stopword or a segment), words
    // the model learned, stopwords, accents, inline and listed tags, mentions, punctuation.
    let words = [
        "workout",
        "Workouts",
        "leg",
        "day",
        "days",
        "personal",
        "trainers",
        "meal",
        "prep",
        "the",
        "and",
        "de",
        "kettlebell",
        "burpees",
        "Simmer",
        "garlic",
        "LAYOVER",
        "hostels",
        "compiler",
        "rustlang",
        "today",
        "happy",
        "musculação",
        "Crème",
        "brûlée",
        "à",
        "#fitness",
        "#Foodie",
        "#wanderlust,",
        "#meal_prep",
        "#",
        "foo#bar",
        "@coach",
        "leg-day",
        "a.b",
        "2024",
        "4k",
        "x",
        "🎉",
        "#🎉",
        "#tag🎉",
        "ΣΊΣΥΦΟΣ",
        "#Σίσυφος",
        "rutina",
        "gym",
        "fond",
        "teint",
        "\u{301}e",
    ];
    let tags = [
        "fitness",
        "foodie",
        "tech",
        "mealprep",
        "legday",
        "Wanderlust",
        "Σίσυφος",
        "workouts",
    ];
    let bios = [
        None,
        Some(""),
        Some("personal trainer | leg day every day #fitness @gym"),
        Some("cre\u{301}me   and   kettlebell\tburpees"),
    ];
    let (classifier, _) = trained_classifier();
    let other = NicheClassifier::train(
        &synthetic_corpus(20)
            .into_iter()
            .map(|(document, _, _)| document)
            .collect::<Vec<_>>(),
        small_params(),
    )
    .unwrap()
    .0;
    let mut random = Lcg(7);
    let mut records = Vec::new();
    for number in 0..120 {
        let mut record = super::document::tests::record(random.below(36));
        record.creator.bio = bios[number % bios.len()].map(str::to_string);
        for (position, post) in record.posts.iter_mut().enumerate() {
            let length = random.below(12);
            post.text = (0..length)
                .map(|_| words[random.below(words.len())])
                .collect::<Vec<_>>()
                .join(if position % 3 == 0 { "  " } else { " " });
            post.hashtags = (0..random.below(4))
                .map(|_| tags[random.below(tags.len())].to_string())
                .collect();
            if random.below(6) == 0 {
                post.published_at = None;
            }
        }
        records.push(record);
    }
    // Twice over (the second round from the memo), switching classifiers on the way.
    for round in 0..2 {
        for (number, record) in records.iter().enumerate() {
            let classifier = if (number + round) % 3 == 0 {
                &other
            } else {
                &classifier
            };
            let plain = classifier.predict(&NicheDocument::from_record(record));
            assert_eq!(
                classifier.predict_records(&[record]),
                vec![plain],
                "round {round}, record {number}"
            );
        }
    }
    // A clone reads as the original does.
    let clone = classifier.clone();
    assert_eq!(
        clone.predict_records(&records.iter().collect::<Vec<_>>()),
        classifier.predict_records(&records.iter().collect::<Vec<_>>())
    );
}
