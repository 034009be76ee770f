//! The tantivy schema of the creator index, its text analyzer, and how an [`IndexDocument`]
//! becomes a tantivy document.
//!
//! Text fields (`handle`, `display_name`, `bio`, `posts`, `hashtags`) go through the `scout`
//! analyzer: split on non-alphanumerics, drop tokens over 40 bytes, lowercase, fold to ASCII
//! and apply English stemming, so `Workouts` and `workout` meet and `café` matches `cafe`.
//! Filter fields are exact terms or numbers (indexed and/or fast): `platform`, `hashtag`,
//! `mention`, `niches`, `followers`, `tier`, `engagement_rate`, `country`, `languages`,
//! `has_contact`, `has_sponsored`, `last_posted_at`, `growth_1m|3m|6m`, `credibility` and
//! `audience_share` (one term per audience bucket and share, see [`audience_share_term`]).
//! One facet field holds `/platform/…`, `/niche/…`, `/tier/…`, `/country/…` and
//! `/language/…` for facet counts. What ranking reads of a hit (id, platform, followers,
//! engagement rate, niches, `niche_scores`, credibility score) is in fast fields, so ranking a
//! few hundred candidates reads no stored document; nor does ranking against an audience
//! target, which reads the audience estimate from the `audience` column (see hits_audience).
//! The stored `insights` (the audience estimate and credibility with its reasons) are
//! decoded only for the hits shown. The text stays in the store.

use scout_models::{AudienceEstimate, Credibility, Niche, NicheScores, Tier};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::TantivyDocument;

use super::audience::{audience_share_terms, AUDIENCE_SHARE_FIELD};
use super::document::IndexDocument;
use super::hits_audience::{encode_audience, AUDIENCE_FIELD};
use super::token_cache::CachedTokenFilter;
use crate::error::IndexError;

/// Name under which the text analyzer is registered with the index.
pub(crate) const ANALYZER_NAME: &str = "scout";

/// Longest token kept, in bytes; longer ones are noise (URLs, base64).
const MAX_TOKEN_BYTES: usize = 40;

/// The analyzer used for every full-text field and for query text.
pub(crate) fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        // The same tokens as these filters in a row, cached per raw token (see token_cache).
        .filter(CachedTokenFilter::new(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(Language::English))
                .build(),
        ))
        .build()
}

/// Handles of every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub platform: Field,
    pub handle: Field,
    pub display_name: Field,
    pub bio: Field,
    pub posts: Field,
    pub hashtags: Field,
    pub hashtag: Field,
    pub mention: Field,
    pub followers: Field,
    pub engagement_rate: Field,
    pub tier: Field,
    pub niches: Field,
    pub niche_scores: Field,
    pub country: Field,
    pub languages: Field,
    pub has_contact: Field,
    pub has_sponsored: Field,
    pub last_posted_at: Field,
    pub growth_1m: Field,
    pub growth_3m: Field,
    pub growth_6m: Field,
    pub credibility: Field,
    pub audience_share: Field,
    pub facets: Field,
    pub insights: Field,
    pub audience: Field,
}

/// Fast-field name of the follower count, used to order filter-only listings.
pub(crate) const FOLLOWERS_FIELD: &str = "followers";
/// Fast-field name of the engagement rate (sort by engagement).
pub(crate) const ENGAGEMENT_FIELD: &str = "engagement_rate";
/// Fast-field names of follower growth over 1, 3 and 6 months (sort by growth).
pub(crate) const GROWTH_FIELDS: [&str; 3] = ["growth_1m", "growth_3m", "growth_6m"];
/// Fast-field name of the creator id (hits are read from fast fields).
pub(crate) const ID_FIELD: &str = "id";
/// Fast-field name of the platform.
pub(crate) const PLATFORM_FIELD: &str = "platform";
/// Fast-field name of the assigned niches (positions in [`Niche::ALL`]).
pub(crate) const NICHES_FIELD: &str = "niches";
/// Fast-field name of the niche probabilities (see [`encode_niche_scores`]).
pub(crate) const NICHE_SCORES_FIELD: &str = "niche_scores";
/// Fast-field name of the credibility score.
pub(crate) const CREDIBILITY_FIELD: &str = "credibility";

/// Builds the schema (the same on every call, so an existing index can be compared to it).
pub(crate) fn build_schema() -> (Schema, Fields) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field(ID_FIELD, STRING | STORED | FAST),
        platform: builder.add_text_field(PLATFORM_FIELD, STRING | STORED | FAST),
        handle: builder.add_text_field("handle", text.clone()),
        display_name: builder.add_text_field("display_name", text.clone()),
        bio: builder.add_text_field("bio", text.clone()),
        posts: builder.add_text_field("posts", text.clone()),
        hashtags: builder.add_text_field("hashtags", text),
        hashtag: builder.add_text_field("hashtag", STRING),
        mention: builder.add_text_field("mention", STRING),
        followers: builder.add_u64_field(FOLLOWERS_FIELD, INDEXED | STORED | FAST),
        engagement_rate: builder.add_f64_field(ENGAGEMENT_FIELD, STORED | FAST),
        tier: builder.add_u64_field("tier", INDEXED | FAST),
        niches: builder.add_u64_field(NICHES_FIELD, INDEXED | STORED | FAST),
        niche_scores: builder.add_u64_field(NICHE_SCORES_FIELD, FAST),
        country: builder.add_text_field("country", STRING | STORED),
        languages: builder.add_text_field("languages", STRING | STORED),
        has_contact: builder.add_u64_field("has_contact", INDEXED),
        has_sponsored: builder.add_u64_field("has_sponsored", INDEXED),
        last_posted_at: builder.add_i64_field("last_posted_at", INDEXED | FAST),
        growth_1m: builder.add_f64_field(GROWTH_FIELDS[0], STORED | FAST),
        growth_3m: builder.add_f64_field(GROWTH_FIELDS[1], STORED | FAST),
        growth_6m: builder.add_f64_field(GROWTH_FIELDS[2], STORED | FAST),
        credibility: builder.add_f64_field(CREDIBILITY_FIELD, INDEXED | STORED | FAST),
        audience_share: builder.add_u64_field(AUDIENCE_SHARE_FIELD, INDEXED),
        facets: builder.add_facet_field("facets", FacetOptions::default()),
        // Stored as text, not bytes: tantivy reads a stored bytes value back one byte at a
        // time, a string in one copy, and a search reads the insights of every candidate
        // whose audience it scores.
        insights: builder.add_text_field("insights", STORED),
        // The audience estimate again, for ranking: read from the column, not decoded from
        // the stored insights of every candidate (see hits_audience).
        audience: builder.add_u64_field(AUDIENCE_FIELD, FAST),
    };
    (builder.build(), fields)
}

/// The `tier` field value: the tier's position in [`Tier::ALL`] (nano = 0 … mega = 4).
pub(crate) fn tier_code(followers: u64) -> u64 {
    let tier = Tier::from_followers(followers);
    Tier::ALL
        .iter()
        .position(|candidate| *candidate == tier)
        .unwrap_or_default() as u64
}

/// The tier of a follower count as named in facets (`nano` … `mega`).
pub(crate) fn tier_name(followers: u64) -> String {
    Tier::from_followers(followers).to_string()
}

/// Encodes niche probabilities as one fast-field value per niche in [`Niche::ALL`]:
/// `position << 32 | f32 bits`, so a document's values say which niche each is whatever
/// order the column keeps them in, and decode to the very same `f32`.
pub(crate) fn encode_niche_scores(scores: &NicheScores) -> Vec<u64> {
    Niche::ALL
        .iter()
        .enumerate()
        .map(|(position, niche)| {
            (position as u64) << 32 | u64::from(scores.probability(*niche).to_bits())
        })
        .collect()
}

/// Decodes the values written by [`encode_niche_scores`]: every niche of [`Niche::ALL`] in
/// order, one probability each.
pub(crate) fn decode_niche_scores(
    values: impl Iterator<Item = u64>,
) -> Result<NicheScores, IndexError> {
    let mut probabilities: Vec<(Niche, f32)> =
        Niche::ALL.iter().map(|niche| (*niche, 0.0)).collect();
    let mut seen = 0usize;
    for value in values {
        let position = usize::try_from(value >> 32).unwrap_or(usize::MAX);
        let Some(slot) = probabilities.get_mut(position) else {
            return Err(IndexError::Corrupt(format!(
                "niche score of niche position {position}, beyond the {} niches",
                Niche::ALL.len()
            )));
        };
        slot.1 = f32::from_bits((value & u64::from(u32::MAX)) as u32);
        seen += 1;
    }
    if seen != Niche::ALL.len() {
        return Err(IndexError::Corrupt(format!(
            "{seen} niche scores, expected {}",
            Niche::ALL.len()
        )));
    }
    Ok(NicheScores { probabilities })
}

/// Turns an [`IndexDocument`] into the tantivy document stored for it.
pub(crate) fn to_tantivy_document(document: &IndexDocument, fields: &Fields) -> TantivyDocument {
    // Serialising plain data cannot fail; an empty value would only lose the extras.
    let insights = (document.audience.is_some() || document.credibility.is_some())
        .then(|| {
            serde_json::to_string(&InsightsRef {
                audience: document.audience.as_ref(),
                credibility: document.credibility.as_ref(),
            })
            .ok()
        })
        .flatten();
    // Room for every value at once: the texts (hashtags twice), the stored insights, and a
    // little for each number and facet.
    let text_bytes = document.id.as_str().len()
        + document.handle.len()
        + document.display_name.as_ref().map_or(0, String::len)
        + document.bio.as_ref().map_or(0, String::len)
        + document.captions.iter().map(String::len).sum::<usize>()
        + 2 * document.hashtags.iter().map(String::len).sum::<usize>()
        + document
            .facts
            .mentions
            .iter()
            .map(String::len)
            .sum::<usize>();
    let audience = document.audience.as_ref().map(encode_audience);
    let mut doc = TantivyDocument::with_capacity(
        text_bytes
            + insights.as_ref().map_or(0, String::len)
            + audience.as_ref().map_or(0, |values| values.len() * 9)
            + DOCUMENT_SLACK_BYTES,
    );
    let platform = document.platform.as_str();
    doc.add_text(fields.id, document.id.as_str());
    doc.add_text(fields.platform, platform);
    doc.add_facet(fields.facets, Facet::from_path(["platform", platform]));
    doc.add_text(fields.handle, &document.handle);
    if let Some(display_name) = &document.display_name {
        doc.add_text(fields.display_name, display_name);
    }
    if let Some(bio) = &document.bio {
        doc.add_text(fields.bio, bio);
    }
    for caption in &document.captions {
        doc.add_text(fields.posts, caption);
    }
    let mut exact_hashtags: Vec<String> = Vec::with_capacity(document.hashtags.len());
    for hashtag in &document.hashtags {
        doc.add_text(fields.hashtags, hashtag);
        exact_hashtags.push(normalise_hashtag(hashtag));
    }
    exact_hashtags.sort();
    exact_hashtags.dedup();
    for hashtag in exact_hashtags.iter().filter(|tag| !tag.is_empty()) {
        doc.add_text(fields.hashtag, hashtag);
    }
    if let Some(followers) = document.followers {
        doc.add_u64(fields.followers, followers);
        doc.add_u64(fields.tier, tier_code(followers));
        doc.add_facet(
            fields.facets,
            Facet::from_path(["tier", tier_name(followers).as_str()]),
        );
    }
    if let Some(rate) = document.engagement_rate.filter(|rate| rate.is_finite()) {
        doc.add_f64(fields.engagement_rate, rate);
    }
    let mut niches = document.niches.clone();
    niches.sort();
    niches.dedup();
    for niche in niches {
        doc.add_u64(fields.niches, niche.index() as u64);
        doc.add_facet(fields.facets, Facet::from_path(["niche", niche.as_str()]));
    }
    if let Some(scores) = &document.niche_scores {
        for value in encode_niche_scores(scores) {
            doc.add_u64(fields.niche_scores, value);
        }
    }
    let facts = &document.facts;
    if let Some(country) = facts.country.as_deref().map(normalise_country) {
        if !country.is_empty() {
            doc.add_facet(
                fields.facets,
                Facet::from_path(["country", country.as_str()]),
            );
            doc.add_text(fields.country, country);
        }
    }
    let mut languages: Vec<String> = document
        .languages
        .iter()
        .map(|language| normalise_language(language))
        .filter(|language| !language.is_empty())
        .collect();
    languages.sort();
    languages.dedup();
    for language in languages {
        doc.add_facet(
            fields.facets,
            Facet::from_path(["language", language.as_str()]),
        );
        doc.add_text(fields.languages, language);
    }
    doc.add_u64(fields.has_contact, u64::from(facts.has_contact));
    doc.add_u64(fields.has_sponsored, u64::from(facts.has_sponsored_posts));
    if let Some(last_posted_at) = facts.last_posted_at {
        doc.add_i64(fields.last_posted_at, last_posted_at.timestamp());
    }
    for (field, growth) in [
        (fields.growth_1m, facts.growth.one_month),
        (fields.growth_3m, facts.growth.three_months),
        (fields.growth_6m, facts.growth.six_months),
    ] {
        if let Some(growth) = growth.filter(|growth| growth.is_finite()) {
            doc.add_f64(field, growth);
        }
    }
    let mut mentions: Vec<String> = facts
        .mentions
        .iter()
        .map(|mention| super::document::normalise_mention(mention))
        .filter(|mention| !mention.is_empty())
        .collect();
    mentions.sort();
    mentions.dedup();
    for mention in mentions {
        doc.add_text(fields.mention, mention);
    }
    if let Some(credibility) = &document.credibility {
        if credibility.score.is_finite() {
            doc.add_f64(fields.credibility, credibility.score);
        }
    }
    if let Some(audience) = &document.audience {
        for term in audience_share_terms(audience) {
            doc.add_u64(fields.audience_share, term);
        }
    }
    if let Some(json) = insights {
        doc.add_text(fields.insights, &json);
    }
    for value in audience.into_iter().flatten() {
        doc.add_u64(fields.audience, value);
    }
    doc
}

/// Bytes of a tantivy document beyond its texts and insights: numbers, facets, audience
/// terms and the length prefixes of every value.
const DOCUMENT_SLACK_BYTES: usize = 1_024;

/// Model outputs kept with a document for query time: the audience estimate (audience match
/// against a brief) and credibility with its reasons (evidence).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Insights {
    pub audience: Option<AudienceEstimate>,
    pub credibility: Option<Credibility>,
}

/// [`Insights`] borrowed from a document, to store it without copying it first: serialises
/// to the very same JSON.
#[derive(serde::Serialize)]
struct InsightsRef<'a> {
    audience: Option<&'a AudienceEstimate>,
    credibility: Option<&'a Credibility>,
}

/// The audience part of [`Insights`] alone: decoding it skips over the credibility.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(crate) struct AudienceInsight {
    pub audience: Option<AudienceEstimate>,
}

/// The exact form of a hashtag for filters: lower-case, without a leading `#`.
pub fn normalise_hashtag(raw: &str) -> String {
    raw.trim().trim_start_matches('#').to_lowercase()
}

/// The exact form of a country code for filters and facets: upper case.
pub fn normalise_country(raw: &str) -> String {
    raw.trim().to_uppercase()
}

/// The exact form of a language code for filters and facets: lower case.
pub fn normalise_language(raw: &str) -> String {
    raw.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn niche_scores_round_trip_in_taxonomy_order() {
        let scores = NicheScores {
            probabilities: vec![(Niche::Food, 0.75), (Niche::Art, 0.125)],
        };
        let values = encode_niche_scores(&scores);
        assert_eq!(values.len(), Niche::ALL.len());
        // The column may keep a document's values in any order.
        let decoded = decode_niche_scores(values.iter().rev().copied()).unwrap();
        assert_eq!(decoded.probabilities.len(), Niche::ALL.len());
        assert!(decoded
            .probabilities
            .iter()
            .zip(Niche::ALL.iter())
            .all(|((niche, _), expected)| niche == expected));
        assert_eq!(decoded.probability(Niche::Food), 0.75);
        assert_eq!(decoded.probability(Niche::Art), 0.125);
        assert_eq!(decoded.probability(Niche::Pets), 0.0);
        assert!(decode_niche_scores(values[..19].iter().copied()).is_err());
        assert!(decode_niche_scores([99u64 << 32].into_iter()).is_err());
    }

    #[test]
    fn tier_codes_follow_tier_order() {
        assert_eq!(tier_code(500), 0);
        assert_eq!(tier_code(50_000), 1);
        assert_eq!(tier_code(2_000_000), 4);
    }

    #[test]
    fn schema_is_deterministic() {
        assert_eq!(build_schema().0, build_schema().0);
    }

    #[test]
    fn borrowed_insights_store_the_same_json() {
        use scout_models::credibility::CredibilitySignals;
        // A share that is no short decimal, so both spellings must print it in full.
        let audience = crate::search::hit_tests::estimate("BR", 0.1 + 0.2);
        let credibility = Credibility {
            score: 0.05,
            suspicious_audience_share: Some(0.1),
            reasons: vec!["few \"commenters\" recur".to_string()],
            signals: CredibilitySignals::default(),
            sample_size: 40,
        };
        for (audience, credibility) in [
            (Some(audience.clone()), Some(credibility.clone())),
            (None, Some(credibility)),
            (Some(audience), None),
        ] {
            let borrowed = serde_json::to_vec(&InsightsRef {
                audience: audience.as_ref(),
                credibility: credibility.as_ref(),
            })
            .unwrap();
            let owned = serde_json::to_vec(&Insights {
                audience,
                credibility,
            })
            .unwrap();
            assert_eq!(borrowed, owned);
        }
    }

    #[test]
    fn hashtags_normalise_for_exact_filters() {
        assert_eq!(normalise_hashtag(" #VeganRecipes"), "veganrecipes");
    }
}
