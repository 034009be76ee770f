//! Search index tests: in memory where possible, a temporary directory for persistence.

use scout_models::{CreatorId, Niche, NicheScores, Platform};
use tantivy::schema::{Schema, TEXT};
use tempfile::TempDir;

use super::{CreatorFacts, IndexDocument, IndexQuery, SearchIndex, SearchIndexOptions};
use crate::error::IndexError;

fn document(
    platform: Platform,
    handle: &str,
    bio: &str,
    captions: &[&str],
    hashtags: &[&str],
    followers: Option<u64>,
    niches: &[Niche],
) -> IndexDocument {
    IndexDocument {
        audience: None,
        credibility: None,
        id: CreatorId::new(platform, handle),
        platform,
        handle: handle.to_string(),
        display_name: Some(format!("{handle} display")),
        bio: Some(bio.to_string()),
        captions: captions.iter().map(|text| text.to_string()).collect(),
        hashtags: hashtags.iter().map(|tag| tag.to_string()).collect(),
        followers,
        engagement_rate: followers.map(|_| 0.02),
        niches: niches.to_vec(),
        niche_scores: None,
        languages: vec!["en".to_string()],
        facts: CreatorFacts::default(),
    }
}

fn corpus() -> Vec<IndexDocument> {
    let mut fit = document(
        Platform::Mastodon,
        "fitfrida@gym.example",
        "Strength coach. Daily workout plans.",
        &["Leg day again", "New kettlebell routine"],
        &["fitness", "gym"],
        Some(8_000),
        &[Niche::Fitness, Niche::Wellness],
    );
    fit.niche_scores = Some(NicheScores {
        probabilities: vec![(Niche::Fitness, 0.9), (Niche::Wellness, 0.6)],
    });
    vec![
        fit,
        document(
            Platform::Bluesky,
            "chefchloe.bsky.social",
            "Receitas veganas e rápidas",
            &[
                "My best vegan recipes this week",
                "Post-run smoothie after a workout",
            ],
            &["vegan", "recipes"],
            Some(120_000),
            &[Niche::Food],
        ),
        document(
            Platform::Youtube,
            "UCtechtom",
            "Gadget reviews and tech news",
            &["Unboxing the new phone"],
            &["tech"],
            Some(2_500_000),
            &[Niche::Tech],
        ),
        document(
            Platform::Web,
            "studio.example/ana",
            "Watercolour art and café sketches",
            &[],
            &["art"],
            None,
            &[Niche::Art],
        ),
    ]
}

fn built_index() -> SearchIndex {
    let index = SearchIndex::create_in_ram().unwrap();
    let stats = index
        .rebuild(corpus().into_iter().map(Ok::<_, IndexError>))
        .unwrap();
    assert_eq!(stats.documents, 4);
    index.reload().unwrap();
    index
}

fn text(query: &str) -> IndexQuery {
    IndexQuery {
        text: Some(query.to_string()),
        ..IndexQuery::default()
    }
}

fn handles(index: &SearchIndex, query: &IndexQuery) -> Vec<String> {
    index
        .search(query)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.id.to_string())
        .collect()
}

#[test]
fn stemming_matches_plural_query_against_singular_text() {
    let index = built_index();
    let result = index.search(&text("workouts")).unwrap();
    assert_eq!(result.total, 2);
    // The bio mention is boosted above a caption mention.
    assert_eq!(result.hits[0].id.as_str(), "mastodon:fitfrida@gym.example");
    assert!(result.hits[0].bm25 > result.hits[1].bm25);
    assert!(result.hits[1].bm25 > 0.0);
    let folded = index.search(&text("CAFE")).unwrap();
    assert_eq!(folded.total, 1);
    assert_eq!(folded.hits[0].id.as_str(), "web:studio.example/ana");
    assert_eq!(index.search(&text("recipe")).unwrap().total, 1);
}

#[test]
fn hits_carry_the_stored_numbers() {
    let index = built_index();
    let hit = index.search(&text("kettlebell")).unwrap().hits.remove(0);
    assert_eq!(hit.platform, Platform::Mastodon);
    assert_eq!(hit.followers, Some(8_000));
    assert_eq!(hit.engagement_rate, Some(0.02));
    assert_eq!(hit.niches, vec![Niche::Fitness, Niche::Wellness]);
    let scores = hit.niche_scores.unwrap();
    assert!((scores.probability(Niche::Fitness) - 0.9).abs() < 1e-6);
    let art = index.search(&text("watercolour")).unwrap().hits.remove(0);
    assert_eq!(art.followers, None);
    assert_eq!(art.engagement_rate, None);
    assert!(art.niche_scores.is_none());
}

#[test]
fn filters_exclude_without_changing_scores() {
    let index = built_index();
    let unfiltered = index.search(&text("workout")).unwrap();
    let on_bluesky = index
        .search(&IndexQuery {
            platforms: vec![Platform::Bluesky],
            ..text("workout")
        })
        .unwrap();
    assert_eq!(on_bluesky.total, 1);
    assert_eq!(
        on_bluesky.hits[0].id.as_str(),
        "bluesky:chefchloe.bsky.social"
    );
    let same = unfiltered
        .hits
        .iter()
        .find(|hit| hit.id == on_bluesky.hits[0].id)
        .unwrap();
    assert!((same.bm25 - on_bluesky.hits[0].bm25).abs() < 1e-6);

    let fitness_or_tech = IndexQuery {
        niches: vec![Niche::Tech, Niche::Fitness],
        ..IndexQuery::default()
    };
    assert_eq!(
        handles(&index, &fitness_or_tech),
        vec!["youtube:UCtechtom", "mastodon:fitfrida@gym.example"]
    );
    let mid_sized = IndexQuery {
        min_followers: Some(10_000),
        max_followers: Some(1_000_000),
        ..IndexQuery::default()
    };
    assert_eq!(
        handles(&index, &mid_sized),
        vec!["bluesky:chefchloe.bsky.social"]
    );
    let small_food = IndexQuery {
        niches: vec![Niche::Food],
        max_followers: Some(10_000),
        ..text("vegan")
    };
    assert_eq!(index.search(&small_food).unwrap().total, 0);
    let mastodon_or_web = IndexQuery {
        platforms: vec![Platform::Mastodon, Platform::Web],
        ..IndexQuery::default()
    };
    assert_eq!(index.search(&mastodon_or_web).unwrap().total, 2);
}

#[test]
fn empty_text_lists_filtered_documents_by_followers() {
    let index = built_index();
    let all = index.search(&IndexQuery::default()).unwrap();
    assert_eq!(all.total, 4);
    let ids: Vec<_> = all.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "youtube:UCtechtom",
            "bluesky:chefchloe.bsky.social",
            "mastodon:fitfrida@gym.example",
            "web:studio.example/ana",
        ]
    );
    assert!(all.hits.iter().all(|hit| hit.bm25 == 0.0));
    for blank in ["", "   ", "!!! ???"] {
        assert_eq!(index.search(&text(blank)).unwrap().total, 4, "{blank:?}");
    }
    let page = index
        .search(&IndexQuery {
            offset: 1,
            limit: 2,
            ..IndexQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.hits.len(), 2);
    assert_eq!(page.hits[0].id.as_str(), "bluesky:chefchloe.bsky.social");
    let count_only = index
        .search(&IndexQuery {
            limit: 0,
            ..text("vegan")
        })
        .unwrap();
    assert_eq!(count_only.total, 1);
    assert!(count_only.hits.is_empty());
}

#[test]
fn malformed_query_text_never_errors() {
    let index = built_index();
    for garbage in [
        "\"unbalanced (",
        ")))((( AND OR NOT",
        "bio:",
        "nosuchfield:vegan",
        "followers:>abc",
        "[1 TO",
        "-",
        "+\"\"",
        "vegan^^^2",
        "~~~ * ?",
    ] {
        assert!(index.search(&text(garbage)).is_ok(), "{garbage:?}");
    }
    let phrase = index.search(&text("\"vegan recipes\"")).unwrap();
    assert_eq!(phrase.total, 1);
}

#[test]
fn bad_ranges_and_pages_are_invalid_input() {
    let index = built_index();
    let inverted = IndexQuery {
        min_followers: Some(100),
        max_followers: Some(10),
        ..IndexQuery::default()
    };
    assert!(matches!(
        index.search(&inverted),
        Err(IndexError::InvalidInput(_))
    ));
}

#[test]
fn analyze_lowercases_folds_and_stems() {
    let index = SearchIndex::create_in_ram().unwrap();
    assert_eq!(
        index.analyze("Workouts at the CAFÉ, running!"),
        vec!["workout", "at", "the", "cafe", "run"]
    );
    assert!(index.analyze("  ... ").is_empty());
}

#[test]
fn the_generation_grows_with_changed_documents_not_with_reloads() {
    let index = built_index();
    let first = index.generation();
    // A reload that finds the same segments (tantivy's watcher does one on its own) is no
    // new generation: answers cached under it stay valid.
    index.reload().unwrap();
    index.reload().unwrap();
    assert_eq!(index.generation(), first);
    let mut moved = corpus().remove(0);
    moved.followers = Some(9_000);
    index.upsert(&[moved.clone()]).unwrap();
    let upserted = index.generation();
    assert!(upserted > first, "{upserted} after {first}");
    index.remove(&[moved.id.clone()]).unwrap();
    assert!(index.generation() > upserted);
}

#[test]
fn upsert_replaces_by_id_and_remove_deletes() {
    let index = built_index();
    let mut moved = corpus().remove(0);
    moved.bio = Some("Now a pottery teacher".to_string());
    moved.captions.clear();
    moved.followers = Some(9_000);
    assert_eq!(index.upsert(&[moved.clone()]).unwrap(), 1);
    index.reload().unwrap();
    assert_eq!(index.num_docs(), 4);
    assert_eq!(index.search(&text("kettlebell")).unwrap().total, 0);
    let pottery = index.search(&text("pottery")).unwrap();
    assert_eq!(pottery.hits[0].followers, Some(9_000));
    let by_id = index.hit(&moved.id).unwrap().expect("found by id");
    assert_eq!(
        (by_id.id.clone(), by_id.followers),
        (moved.id.clone(), Some(9_000))
    );

    index.remove(&[moved.id.clone()]).unwrap();
    index.reload().unwrap();
    assert_eq!(index.num_docs(), 3);
    assert_eq!(index.search(&text("pottery")).unwrap().total, 0);
    assert!(index.hit(&moved.id).unwrap().is_none());
}

#[test]
fn rebuild_replaces_everything_and_a_failed_rebuild_keeps_the_old_index() {
    let index = built_index();
    let fewer = corpus().into_iter().take(2).map(Ok::<_, IndexError>);
    assert_eq!(index.rebuild(fewer).unwrap().documents, 2);
    index.reload().unwrap();
    assert_eq!(index.num_docs(), 2);

    let failing = corpus().into_iter().enumerate().map(|(position, doc)| {
        if position == 3 {
            Err(IndexError::InvalidInput("source broke".to_string()))
        } else {
            Ok(doc)
        }
    });
    assert!(index.rebuild(failing).is_err());
    index.reload().unwrap();
    assert_eq!(index.num_docs(), 2);
    assert_eq!(index.search(&text("workout")).unwrap().total, 2);

    assert_eq!(
        index
            .rebuild(corpus().into_iter().map(Ok::<_, IndexError>))
            .unwrap()
            .documents,
        4
    );
    index.reload().unwrap();
    assert_eq!(index.num_docs(), 4);
}

#[test]
fn index_persists_in_its_directory() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("index");
    {
        let index = SearchIndex::open_or_create(&path).unwrap();
        assert_eq!(index.num_docs(), 0);
        index
            .rebuild(corpus().into_iter().map(Ok::<_, IndexError>))
            .unwrap();
    }
    let reopened = SearchIndex::open_or_create(&path).unwrap();
    assert_eq!(reopened.dir(), Some(path.as_path()));
    assert_eq!(reopened.num_docs(), 4);
    assert_eq!(reopened.search(&text("workouts")).unwrap().total, 2);
}

#[test]
fn another_schema_is_reported_and_recreate_starts_afresh() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("index");
    std::fs::create_dir_all(&path).unwrap();
    let mut builder = Schema::builder();
    builder.add_text_field("title", TEXT);
    tantivy::Index::create_in_dir(&path, builder.build()).unwrap();
    assert!(matches!(
        SearchIndex::open_or_create(&path),
        Err(IndexError::IndexSchemaMismatch(_))
    ));
    let fresh = SearchIndex::recreate(&path, SearchIndexOptions::default()).unwrap();
    assert_eq!(fresh.num_docs(), 0);
    drop(fresh);
    assert!(SearchIndex::open_or_create(&path).is_ok());

    let not_an_index = dir.path().join("photos");
    std::fs::create_dir_all(&not_an_index).unwrap();
    std::fs::write(not_an_index.join("holiday.jpg"), b"jpeg").unwrap();
    assert!(matches!(
        SearchIndex::recreate(&not_an_index, SearchIndexOptions::default()),
        Err(IndexError::InvalidInput(_))
    ));
    assert!(not_an_index.join("holiday.jpg").exists());
}

#[test]
fn tiny_writer_budget_is_rejected() {
    let dir = TempDir::new().unwrap();
    let options = SearchIndexOptions {
        writer_memory_bytes: 1_000,
        ..SearchIndexOptions::default()
    };
    assert!(matches!(
        SearchIndex::open_or_create_with(dir.path(), options),
        Err(IndexError::InvalidInput(_))
    ));
}

#[test]
fn merge_deleted_drops_replaced_documents_and_keeps_the_payload() {
    let creators = |edition: &str| -> Vec<IndexDocument> {
        (0..100)
            .map(|n| {
                let handle = format!("creator{n}");
                let bio = format!("{edition} bio of a runner");
                document(Platform::Mastodon, &handle, &bio, &[], &[], Some(n), &[])
            })
            .collect()
    };
    let index = SearchIndex::create_in_ram().unwrap();
    let mut batch = index.batch().unwrap();
    for creator in creators("first") {
        batch.add_new(&creator).unwrap();
    }
    batch.commit("first").unwrap();
    for creator in creators("second").iter().step_by(2) {
        batch.upsert(creator).unwrap();
    }
    assert!(batch.merge_deleted(0.25).is_err(), "uncommitted changes");
    batch.commit("second").unwrap();
    // Every other document of the first commit is replaced: a segment left with only
    // replaced ones is dropped at the commit, the others keep theirs on disk.
    let heavily_deleted = |index: &SearchIndex| {
        index
            .index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .filter(|meta| f64::from(meta.num_deleted_docs()) >= 0.25 * f64::from(meta.max_doc()))
            .count()
    };
    assert!(heavily_deleted(&index) >= 1);
    assert!(index.deleted_docs() > 0);

    assert!(batch.merge_deleted(0.25).unwrap() >= 1);
    drop(batch);
    assert_eq!(heavily_deleted(&index), 0);
    assert_eq!(index.num_docs(), 100);
    assert_eq!(index.commit_payload().unwrap().as_deref(), Some("second"));
    for edition in ["first", "second"] {
        let query = IndexQuery {
            limit: 100,
            ..text(edition)
        };
        assert_eq!(handles(&index, &query).len(), 50, "{edition}");
    }
}

/// Three commits (payloads `round 0` to `round 2`) of `per_round` runner documents each;
/// `before_commit` sees the batch with each round's documents still uncommitted.
fn commit_runner_rounds(
    batch: &mut super::IndexBatch<'_>,
    per_round: u64,
    before_commit: impl Fn(&mut super::IndexBatch<'_>),
) {
    for round in 0..3 {
        for n in 0..per_round {
            let handle = format!("creator{round}x{n}");
            let creator = document(
                Platform::Mastodon,
                &handle,
                "bio of a runner",
                &["a caption"],
                &["run"],
                Some(n),
                &[],
            );
            batch.add_new(&creator).unwrap();
        }
        before_commit(batch);
        batch.commit(&format!("round {round}")).unwrap();
    }
}

#[test]
fn merge_all_leaves_one_segment_with_every_document_and_the_payload() {
    let segments = |index: &SearchIndex| index.index.searchable_segment_metas().unwrap().len();
    let index = SearchIndex::create_in_ram().unwrap();
    let mut batch = index.batch().unwrap();
    commit_runner_rounds(&mut batch, 20, |batch| {
        assert!(batch.merge_all(u64::MAX).is_err(), "uncommitted changes");
    });
    batch.wait_merges().unwrap();
    assert!(segments(&index) >= 2);
    // Above the size limit nothing is merged.
    assert_eq!(batch.merge_all(59).unwrap(), 0);
    assert!(segments(&index) >= 2);
    assert!(batch.merge_all(60).unwrap() >= 2);
    drop(batch);
    assert_eq!(segments(&index), 1);
    assert_eq!(index.num_docs(), 60);
    assert_eq!(index.deleted_docs(), 0);
    assert_eq!(index.commit_payload().unwrap().as_deref(), Some("round 2"));
    let query = IndexQuery {
        limit: 100,
        ..text("runner")
    };
    assert_eq!(handles(&index, &query).len(), 60);
    // One segment: nothing left to merge.
    assert_eq!(index.batch().unwrap().merge_all(u64::MAX).unwrap(), 0);
}

#[test]
fn without_background_merges_every_commit_keeps_its_segments_until_merge_all() {
    let segments = |index: &SearchIndex| index.index.searchable_segment_metas().unwrap().len();
    // Twelve commits of one document each: tantivy's default policy merges eight small
    // segments as soon as they are there.
    let commits = |batch: &mut super::IndexBatch<'_>| {
        for round in 0..12 {
            let handle = format!("creator{round}");
            let creator = document(Platform::Mastodon, &handle, "bio", &[], &[], None, &[]);
            batch.add_new(&creator).unwrap();
            batch.commit(&format!("round {round}")).unwrap();
        }
        batch.wait_merges().unwrap();
    };
    let merging = SearchIndex::create_in_ram().unwrap();
    commits(&mut merging.batch().unwrap());
    assert!(segments(&merging) < 12, "{} segments", segments(&merging));

    let index = SearchIndex::create_in_ram().unwrap();
    let mut batch = index.batch().unwrap();
    batch.without_background_merges().unwrap();
    commits(&mut batch);
    assert_eq!(segments(&index), 12);
    // One explicit merge of them all.
    assert_eq!(batch.merge_all(u64::MAX).unwrap(), 12);
    drop(batch);
    assert_eq!(segments(&index), 1);
    assert_eq!(index.num_docs(), 12);
}

#[test]
fn a_serving_reader_reads_new_segments_before_searches_and_forgets_merged_ones() {
    let dir = TempDir::new().unwrap();
    // `scout index` writes through its own handle, which warms nothing; the server's handle
    // reads the same directory and warms.
    let writer = SearchIndex::open_or_create(dir.path()).unwrap();
    let serving = SearchIndex::open_or_create_with(
        dir.path(),
        SearchIndexOptions {
            warm_segments: true,
            ..SearchIndexOptions::default()
        },
    )
    .unwrap();
    let documents = corpus();
    let (first, second) = documents.split_at(2);
    writer.upsert(first).unwrap();
    writer.upsert(second).unwrap();
    // Two commits: a segment or more each (one per indexing thread given documents).
    let segments = serving.index.searchable_segment_metas().unwrap().len();
    assert!(segments >= 2);
    serving.reload().unwrap();
    // Read at the reload, before any search.
    assert_eq!(serving.tables.hits.len(), segments);
    assert_eq!(serving.tables.facets.len(), segments);
    assert_eq!(writer.tables.hits.len(), 0);
    assert_eq!(writer.tables.facets.len(), 0);
    // A search on the warmed segments reads nothing more and finds what it did unwarmed.
    let query = IndexQuery {
        facets: true,
        ..text("vegan")
    };
    assert_eq!(handles(&serving, &query), handles(&writer, &query));
    assert_eq!(serving.tables.hits.len(), segments);
    // Unwarmed, the search read the columns of the segments holding its hits only.
    assert!((1..=segments).contains(&writer.tables.hits.len()));
    // Merged away, the segments' tables are forgotten once no searcher holds them (tantivy's
    // warmer clean-up runs every second); the merged segment's is read at the reload.
    assert_eq!(
        writer.batch().unwrap().merge_all(u64::MAX).unwrap(),
        segments
    );
    serving.reload().unwrap();
    let forgotten = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        serving.tables.hits.len() == 1 && serving.tables.facets.len() == 1
    });
    assert!(
        forgotten,
        "tables of {} segments kept",
        serving.tables.hits.len()
    );
    assert_eq!(handles(&serving, &query), handles(&writer, &query));
}

/// Files of segments that the index's meta.json does not name (tantivy's own files aside).
fn orphan_files(dir: &std::path::Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|segment| segment["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    let mut orphans: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.') && name != "meta.json")
        .filter(|name| !live.iter().any(|id| name.starts_with(id.as_str())))
        .collect();
    orphans.sort();
    orphans
}

#[test]
fn merge_all_on_disk_leaves_only_the_merged_segment_files() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("index");
    let index = SearchIndex::open_or_create(&path).unwrap();
    let mut batch = index.batch().unwrap();
    commit_runner_rounds(&mut batch, 25, |_| {});
    assert!(batch.merge_all(u64::MAX).unwrap() >= 2);
    drop(batch);
    assert_eq!(index.index.searchable_segment_metas().unwrap().len(), 1);
    assert_eq!(orphan_files(&path), Vec::<String>::new());
    drop(index);
    assert_eq!(orphan_files(&path), Vec::<String>::new());
}

#[test]
fn a_disjunction_of_disjunctions_is_searched_as_one_union_with_the_same_matches_and_scores() {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Query};

    let index = built_index();
    let searcher = index.reader.searcher();
    let scored = |query: &dyn Query| {
        let mut found: Vec<(tantivy::DocAddress, f32)> = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (address, score))
            .collect();
        found.sort_by_key(|(address, _)| *address);
        found
    };
    let nested_clauses = |query: &dyn Query| {
        query.downcast_ref::<BooleanQuery>().map_or(0, |boolean| {
            boolean
                .clauses()
                .iter()
                .filter(|(_, clause)| clause.is::<BooleanQuery>())
                .count()
        })
    };
    for text in [
        "workout vegan",
        "workout recipes art tech",
        "+workout vegan",
        "workout -vegan",
        "\"vegan recipes\" tech",
        "bio:strength posts:workout",
        "(workout OR vegan) AND smoothie",
        "workout OR (vegan AND recipes)",
    ] {
        let (parsed, _) = index.parser.parse_query_lenient(text);
        let flat = super::query::flat_disjunction(parsed.box_clone());
        let (nested, flat) = (scored(parsed.as_ref()), scored(flat.as_ref()));
        assert!(!nested.is_empty(), "{text} matches nothing");
        assert_eq!(nested.len(), flat.len(), "{text}");
        for ((address, score), (flat_address, flat_score)) in nested.iter().zip(&flat) {
            assert_eq!(address, flat_address, "{text}");
            assert!(
                (score - flat_score).abs() <= 1e-6 * score.abs().max(1.0),
                "{text}: {score} against {flat_score}"
            );
        }
    }
    // Two words over five fields parse as two disjunctions of term queries: one union now.
    // It is still scored match by match, as the nested unions were (not pruned).
    let (parsed, _) = index.parser.parse_query_lenient("workout vegan");
    assert_eq!(nested_clauses(parsed.as_ref()), 2);
    let flat = super::query::flat_disjunction(parsed);
    let union = flat
        .downcast_ref::<super::query::FlatUnion>()
        .expect("a flat union");
    assert_eq!(nested_clauses(&union.0), 0);
    assert_eq!(union.0.clauses().len(), 10);
    assert!(!super::query::may_prune(flat.as_ref()));
    // One word is one union of terms already, and keeps its pruned pass.
    let (parsed, _) = index.parser.parse_query_lenient("workout");
    let kept = super::query::flat_disjunction(parsed);
    assert!(kept.is::<BooleanQuery>());
    assert!(super::query::may_prune(kept.as_ref()));
    // A required word keeps its structure: the query is no disjunction.
    let (parsed, _) = index.parser.parse_query_lenient("+workout vegan");
    let kept = super::query::flat_disjunction(parsed);
    assert_eq!(nested_clauses(kept.as_ref()), 2);
}
