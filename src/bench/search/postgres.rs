//! PostgreSQL's side of `scout bench search` (cargo feature `bench-postgres`): the same
//! creators and the same query mix on PostgreSQL full-text search.
//!
//! The creators are the documents `scout index` derives (the same derivation, models and
//! commenter overlap: [`crate::pipeline::derive_documents`]), written to a CSV file first so
//! that the timed build is PostgreSQL's own work: `COPY` into one table whose `tsv` column
//! (a stored generated `tsvector`) weighs bio and hashtags `A`, display name `B`, handle `C`
//! and captions `D` under a text search configuration copied from `english` (Snowball
//! English stemming, like Scout's analyzer) with `unaccent` when the extension is there
//! (Scout folds to ASCII), then a GIN index on `tsv`, GIN indexes on the array filters
//! (niches, languages, exact hashtags, mentions), B-trees on every scalar filter, one
//! expression index per audience bucket of the `audience` JSONB (`{"country:US": 312, …}`,
//! shares in permille as Scout compares them) and `ANALYZE`.
//!
//! Every query of the mix becomes two statements: the exact count with the facet counts (one
//! `MATERIALIZED` CTE of the matches, a `GROUP BY` per facet) and the page (`ts_rank` for
//! relevance with text, else the sort's column, `LIMIT`/`OFFSET`). Text is
//! `websearch_to_tsquery` of the query's words joined with `or` (Scout's parser ORs plain
//! words too); `#tag` and `@account` tokens become the exact hashtag and mention filters as in
//! Scout. PostgreSQL returns ids and counters only: no model re-ranking, no evidence from the
//! store, so the latency ratio is conservative for Scout.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use postgres::types::ToSql;
use postgres::{Client, NoTls};
use scout_index::{
    audience_share, normalise_country, normalise_hashtag, normalise_language, normalise_mention,
    share_permille, AudienceDimension, GrowthPeriod, IndexDocument, QueryText,
};
use scout_models::audience::{AGE_BUCKETS, GENDERS};
use scout_models::{Niche, Tier};

use super::{MixQuery, PostgresFigures, SanityCheck};
use crate::paths::DataDir;
use crate::pipeline::{SearchParts, SearchQuery, SearchService, SearchSort};

/// The text search configuration the benchmark creates.
const TEXT_CONFIG: &str = "scout_text";

/// Columns written by `COPY`, in file order.
const COPY_COLUMNS: &str = "id, platform, handle, display_name, bio, posts, hashtag_text, \
     followers, tier, engagement_rate, niches, country, languages, has_contact, has_sponsored, \
     last_posted_at, growth_1m, growth_3m, growth_6m, credibility, hashtags, mentions, audience";

/// Mix queries whose filters alone are compared between the engines.
const SANITY_QUERIES: usize = 50;

/// A connection to the benchmark database.
pub(super) fn connect(conninfo: &str) -> Result<Client> {
    Client::connect(conninfo, NoTls)
        .with_context(|| format!("cannot connect to PostgreSQL with {conninfo:?}"))
}

/// What loading the creators into PostgreSQL took.
pub(super) struct Loaded {
    pub creators: u64,
    pub build_seconds: f64,
    pub index_mb: f64,
    pub table_mb: f64,
    pub stemming: &'static str,
}

/// Derives the documents of the world in `data`, loads them into a fresh `creators` table and
/// indexes it (timed from `COPY` to `ANALYZE`).
pub(super) fn load(client: &mut Client, data: &DataDir) -> Result<Loaded> {
    let csv_path = data.root().join("postgres-creators.csv");
    let mut audience_keys = BTreeSet::new();
    {
        let file = std::fs::File::create(&csv_path)
            .with_context(|| format!("cannot create {}", csv_path.display()))?;
        let mut out = BufWriter::new(file);
        let mut line = String::new();
        crate::pipeline::derive_documents(data, |documents| {
            for document in &documents {
                line.clear();
                csv_row(document, &mut line, &mut audience_keys);
                out.write_all(line.as_bytes())
                    .map_err(|error| crate::pipeline::PipelineError::Internal(error.to_string()))?;
            }
            Ok(())
        })?;
        out.flush()?;
    }
    let stemming = create_schema(client)?;
    let started = Instant::now();
    let mut file = BufReader::with_capacity(
        1 << 20,
        std::fs::File::open(&csv_path)
            .with_context(|| format!("cannot open {}", csv_path.display()))?,
    );
    let mut copy = client.copy_in(&format!(
        "COPY creators ({COPY_COLUMNS}) FROM STDIN WITH (FORMAT csv)"
    ))?;
    loop {
        let chunk = file.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        copy.write_all(chunk)?;
        let used = chunk.len();
        file.consume(used);
    }
    let creators = copy.finish()?;
    for statement in index_statements(&audience_keys) {
        client
            .batch_execute(&statement)
            .with_context(|| format!("PostgreSQL: {statement}"))?;
    }
    client.batch_execute("ANALYZE creators")?;
    let build_seconds = started.elapsed().as_secs_f64();
    std::fs::remove_file(&csv_path).ok();
    let sizes = client.query_one(
        "SELECT pg_indexes_size('creators'), pg_total_relation_size('creators')",
        &[],
    )?;
    let (index_bytes, total_bytes): (i64, i64) = (sizes.get(0), sizes.get(1));
    Ok(Loaded {
        creators,
        build_seconds,
        index_mb: index_bytes as f64 / 1e6,
        table_mb: total_bytes as f64 / 1e6,
        stemming,
    })
}

/// Creates the text search configuration and an empty `creators` table; says which stemming
/// the configuration has.
fn create_schema(client: &mut Client) -> Result<&'static str> {
    client.batch_execute(&format!(
        "DROP TABLE IF EXISTS creators; \
         DROP TEXT SEARCH CONFIGURATION IF EXISTS {TEXT_CONFIG}; \
         CREATE TEXT SEARCH CONFIGURATION {TEXT_CONFIG} (COPY = english);"
    ))?;
    let stemming = match client.batch_execute("CREATE EXTENSION IF NOT EXISTS unaccent") {
        Ok(()) => {
            client.batch_execute(&format!(
                "ALTER TEXT SEARCH CONFIGURATION {TEXT_CONFIG} \
                 ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
            ))?;
            "english (Snowball) + unaccent"
        }
        Err(_) => "english (Snowball), no unaccent",
    };
    let weighted = |column: &str, weight: char| {
        format!("setweight(to_tsvector('{TEXT_CONFIG}', coalesce({column}, '')), '{weight}')")
    };
    client.batch_execute(&format!(
        "CREATE TABLE creators (
            id text PRIMARY KEY,
            platform text NOT NULL,
            handle text NOT NULL,
            display_name text,
            bio text,
            posts text,
            hashtag_text text,
            followers bigint,
            tier text,
            engagement_rate double precision,
            niches smallint[] NOT NULL,
            country text,
            languages text[] NOT NULL,
            has_contact boolean NOT NULL,
            has_sponsored boolean NOT NULL,
            last_posted_at timestamptz,
            growth_1m double precision,
            growth_3m double precision,
            growth_6m double precision,
            credibility double precision,
            hashtags text[] NOT NULL,
            mentions text[] NOT NULL,
            audience jsonb,
            tsv tsvector GENERATED ALWAYS AS ({} || {} || {} || {} || {}) STORED
        )",
        weighted("bio", 'A'),
        weighted("hashtag_text", 'A'),
        weighted("display_name", 'B'),
        weighted("handle", 'C'),
        weighted("posts", 'D'),
    ))?;
    Ok(stemming)
}

/// The indexes built after `COPY`.
fn index_statements(audience_keys: &BTreeSet<String>) -> Vec<String> {
    let mut statements: Vec<String> = [
        "CREATE INDEX creators_tsv ON creators USING gin (tsv)",
        "CREATE INDEX creators_niches ON creators USING gin (niches)",
        "CREATE INDEX creators_languages ON creators USING gin (languages)",
        "CREATE INDEX creators_hashtags ON creators USING gin (hashtags)",
        "CREATE INDEX creators_mentions ON creators USING gin (mentions)",
        "CREATE INDEX creators_platform ON creators (platform)",
        "CREATE INDEX creators_followers ON creators (followers)",
        "CREATE INDEX creators_tier ON creators (tier)",
        "CREATE INDEX creators_engagement ON creators (engagement_rate)",
        "CREATE INDEX creators_country ON creators (country)",
        "CREATE INDEX creators_has_contact ON creators (has_contact)",
        "CREATE INDEX creators_has_sponsored ON creators (has_sponsored)",
        "CREATE INDEX creators_last_posted ON creators (last_posted_at)",
        "CREATE INDEX creators_growth_1m ON creators (growth_1m)",
        "CREATE INDEX creators_growth_3m ON creators (growth_3m)",
        "CREATE INDEX creators_growth_6m ON creators (growth_6m)",
        "CREATE INDEX creators_credibility ON creators (credibility)",
    ]
    .iter()
    .map(|statement| statement.to_string())
    .collect();
    for (position, key) in audience_keys.iter().enumerate() {
        statements.push(format!(
            "CREATE INDEX creators_audience_{position} ON creators ({})",
            audience_expression(key)
        ));
    }
    statements
}

/// The expression reading one audience bucket's permille share (indexed, and used verbatim
/// by queries so the planner matches the index). Keys are `dimension:key` built by
/// [`audience_key`] from checked codes: letters, digits, `-` and `+` only.
fn audience_expression(key: &str) -> String {
    format!("(((audience ->> '{key}'))::smallint)")
}

/// The JSONB key of a bucket.
fn audience_key(dimension: AudienceDimension, key: &str) -> Option<String> {
    dimension.key_code(key)?;
    let (name, key) = match dimension {
        AudienceDimension::Country => ("country", normalise_country(key)),
        AudienceDimension::Language => ("language", normalise_language(key)),
        AudienceDimension::Age => ("age", key.trim().to_string()),
        AudienceDimension::Gender => ("gender", key.trim().to_lowercase()),
    };
    Some(format!("{name}:{key}"))
}

/// Every age range of whole buckets (`13-17`, `18-34`, `35+`, …), as Scout indexes them.
fn age_ranges() -> Vec<String> {
    let mut ranges = Vec::new();
    for (first, low) in AGE_BUCKETS.iter().enumerate() {
        let low = low.split(['-', '+']).next().unwrap_or_default();
        for high in &AGE_BUCKETS[first..] {
            ranges.push(match high.split_once('-') {
                Some((_, end)) => format!("{low}-{end}"),
                None => format!("{low}+"),
            });
        }
    }
    ranges
}

/// One CSV line of a document (NULL is an unquoted empty field).
fn csv_row(document: &IndexDocument, line: &mut String, audience_keys: &mut BTreeSet<String>) {
    let facts = &document.facts;
    let mut hashtags: Vec<String> = document
        .hashtags
        .iter()
        .map(|tag| normalise_hashtag(tag))
        .filter(|tag| !tag.is_empty())
        .collect();
    hashtags.sort();
    hashtags.dedup();
    let mut mentions: Vec<String> = facts
        .mentions
        .iter()
        .map(|mention| normalise_mention(mention))
        .filter(|mention| !mention.is_empty())
        .collect();
    mentions.sort();
    mentions.dedup();
    let mut languages: Vec<String> = document
        .languages
        .iter()
        .map(|language| normalise_language(language))
        .filter(|language| !language.is_empty())
        .collect();
    languages.sort();
    languages.dedup();
    let mut niches: Vec<String> = document
        .niches
        .iter()
        .map(|niche| niche.index().to_string())
        .collect();
    niches.sort();
    niches.dedup();
    let country = facts
        .country
        .as_deref()
        .map(normalise_country)
        .filter(|country| !country.is_empty());
    let finite = |value: Option<f64>| value.filter(|value| value.is_finite());
    let number = |value: Option<f64>| finite(value).map(|value| value.to_string());
    let audience = document.audience.as_ref().map(|estimate| {
        let mut buckets: Vec<(AudienceDimension, String)> = Vec::new();
        for share in &estimate.country.shares {
            buckets.push((AudienceDimension::Country, share.key.clone()));
        }
        for share in &estimate.language.shares {
            buckets.push((AudienceDimension::Language, share.key.clone()));
        }
        for gender in GENDERS {
            buckets.push((AudienceDimension::Gender, gender.to_string()));
        }
        for range in age_ranges() {
            buckets.push((AudienceDimension::Age, range));
        }
        let mut shares = BTreeMap::new();
        for (dimension, key) in buckets {
            let (Some(name), Some(share)) = (
                audience_key(dimension, &key),
                audience_share(estimate, dimension, &key),
            ) else {
                continue;
            };
            let permille = share_permille(share);
            if permille > 0 {
                audience_keys.insert(name.clone());
                shares.insert(name, permille);
            }
        }
        serde_json::to_string(&shares).unwrap_or_else(|_| "{}".to_string())
    });
    let fields: [Option<String>; 23] = [
        Some(document.id.as_str().to_string()),
        Some(document.platform.as_str().to_string()),
        Some(document.handle.clone()),
        document.display_name.clone(),
        document.bio.clone(),
        Some(document.captions.join("\n")),
        Some(document.hashtags.join(" ")),
        document.followers.map(|followers| followers.to_string()),
        document
            .followers
            .map(|followers| Tier::from_followers(followers).to_string()),
        number(document.engagement_rate),
        Some(array(&niches)),
        country,
        Some(array(&languages)),
        Some(facts.has_contact.to_string()),
        Some(facts.has_sponsored_posts.to_string()),
        facts.last_posted_at.map(|at| at.to_rfc3339()),
        number(facts.growth.one_month),
        number(facts.growth.three_months),
        number(facts.growth.six_months),
        number(
            document
                .credibility
                .as_ref()
                .map(|credibility| credibility.score),
        ),
        Some(array(&hashtags)),
        Some(array(&mentions)),
        audience,
    ];
    for (position, field) in fields.iter().enumerate() {
        if position > 0 {
            line.push(',');
        }
        if let Some(value) = field {
            line.push('"');
            for c in value.chars().filter(|c| *c != '\0') {
                if c == '"' {
                    line.push('"');
                }
                line.push(c);
            }
            line.push('"');
        }
    }
    line.push('\n');
}

/// A PostgreSQL array literal with every element quoted.
fn array(items: &[String]) -> String {
    let mut literal = String::from("{");
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            literal.push(',');
        }
        literal.push('"');
        for c in item.chars() {
            if c == '"' || c == '\\' {
                literal.push('\\');
            }
            literal.push(c);
        }
        literal.push('"');
    }
    literal.push('}');
    literal
}

/// One mix query as SQL: the `WHERE` clause and its parameters, the page's `ORDER BY`.
pub(super) struct SqlQuery {
    pub condition: String,
    pub params: Vec<Box<dyn ToSql + Sync + Send>>,
    pub order: String,
    pub offset: i64,
    pub limit: i64,
}

impl SqlQuery {
    fn param(&mut self, value: impl ToSql + Sync + Send + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|param| param.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// Translates the parts of a search as [`SearchQuery::new`] reads them.
pub(super) fn sql_query(parts: &SearchParts) -> Result<SqlQuery> {
    if parts.cursor.is_some() {
        bail!("the PostgreSQL side pages by offset, not cursor");
    }
    let mut query = SqlQuery {
        condition: String::new(),
        params: Vec::new(),
        order: String::new(),
        offset: i64::try_from(parts.offset.unwrap_or(0))?,
        limit: i64::try_from(parts.limit.unwrap_or(10))?,
    };
    let mut clauses: Vec<String> = Vec::new();
    let mut hashtags: Vec<String> = parts
        .hashtags
        .iter()
        .map(|t| normalise_hashtag(t))
        .collect();
    let mut mentions: Vec<String> = parts
        .mentions
        .iter()
        .map(|m| normalise_mention(m))
        .collect();
    let mut text_param = None;
    if let Some(text) = parts.text.as_deref() {
        let parsed = QueryText::parse(text);
        hashtags.extend(parsed.hashtags);
        mentions.extend(parsed.mentions);
        let words: Vec<&str> = parsed
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty() && !["AND", "OR", "NOT"].contains(word))
            .collect();
        if !words.is_empty() {
            let param = query.param(words.join(" or "));
            clauses.push(format!(
                "tsv @@ websearch_to_tsquery('{TEXT_CONFIG}', {param})"
            ));
            text_param = Some(param);
        }
    }
    if !parts.platforms.is_empty() {
        let names: Vec<String> = parts
            .platforms
            .iter()
            .map(|p| p.as_str().to_string())
            .collect();
        let param = query.param(names);
        clauses.push(format!("platform = ANY({param})"));
    }
    if let Some(min) = parts.min_followers {
        let param = query.param(i64::try_from(min)?);
        clauses.push(format!("followers >= {param}"));
    }
    if let Some(max) = parts.max_followers {
        let param = query.param(i64::try_from(max)?);
        clauses.push(format!("followers <= {param}"));
    }
    let niche_codes = |niches: &[Niche]| -> Vec<i16> {
        niches.iter().map(|niche| niche.index() as i16).collect()
    };
    if !parts.niches.is_empty() {
        let param = query.param(niche_codes(&parts.niches));
        clauses.push(format!("niches && {param}::smallint[]"));
    }
    if !parts.exclude_niches.is_empty() {
        let param = query.param(niche_codes(&parts.exclude_niches));
        clauses.push(format!("NOT (niches && {param}::smallint[])"));
    }
    if let Some(min) = parts.min_engagement_rate {
        let param = query.param(min);
        clauses.push(format!("engagement_rate >= {param}"));
    }
    if let Some(max) = parts.max_engagement_rate {
        let param = query.param(max);
        clauses.push(format!("engagement_rate <= {param}"));
    }
    if let Some(min) = parts.min_credibility {
        let param = query.param(min);
        clauses.push(format!("credibility >= {param}"));
    }
    if !parts.countries.is_empty() {
        let codes: Vec<String> = parts
            .countries
            .iter()
            .map(|c| normalise_country(c))
            .collect();
        let param = query.param(codes);
        clauses.push(format!("country = ANY({param})"));
    }
    if !parts.languages.is_empty() {
        let codes: Vec<String> = parts
            .languages
            .iter()
            .map(|l| normalise_language(l))
            .collect();
        let param = query.param(codes);
        clauses.push(format!("languages && {param}::text[]"));
    }
    if let Some(wanted) = parts.has_contact {
        let param = query.param(wanted);
        clauses.push(format!("has_contact = {param}"));
    }
    if let Some(wanted) = parts.has_sponsored_posts {
        let param = query.param(wanted);
        clauses.push(format!("has_sponsored = {param}"));
    }
    if let Some(days) = parts.last_posted_within_days {
        let param = query.param(i32::try_from(days)?);
        clauses.push(format!(
            "last_posted_at >= now() - make_interval(days => {param})"
        ));
    }
    if let Some(growth) = parts.growth {
        let param = query.param(growth.min);
        clauses.push(format!("{} >= {param}", growth_column(growth.period)));
    }
    hashtags.retain(|tag| !tag.is_empty());
    hashtags.sort();
    hashtags.dedup();
    if !hashtags.is_empty() {
        let param = query.param(hashtags);
        clauses.push(format!("hashtags && {param}::text[]"));
    }
    mentions.retain(|mention| !mention.is_empty());
    mentions.sort();
    mentions.dedup();
    if !mentions.is_empty() {
        let param = query.param(mentions);
        clauses.push(format!("mentions && {param}::text[]"));
    }
    for filter in &parts.audience_filters {
        let mut items = Vec::new();
        for (key, min_share) in &filter.items {
            let Some(name) = audience_key(filter.dimension, key) else {
                bail!("{key:?} is not an audience key of {:?}", filter.dimension);
            };
            let permille = i16::try_from(share_permille(*min_share))?;
            let param = query.param(permille);
            items.push(format!("{} >= {param}", audience_expression(&name)));
        }
        if !items.is_empty() {
            clauses.push(format!("({})", items.join(" OR ")));
        }
    }
    query.condition = if clauses.is_empty() {
        "TRUE".to_string()
    } else {
        clauses.join(" AND ")
    };
    query.order = match (parts.sort, &text_param) {
        (SearchSort::Relevance, Some(param)) => {
            format!("ts_rank(tsv, websearch_to_tsquery('{TEXT_CONFIG}', {param})) DESC, id")
        }
        (SearchSort::Relevance | SearchSort::Followers, _) => {
            "followers DESC NULLS LAST, id".to_string()
        }
        (SearchSort::Engagement, _) => "engagement_rate DESC NULLS LAST, id".to_string(),
        (SearchSort::Growth, _) => {
            let period = parts
                .growth
                .map_or(GrowthPeriod::ThreeMonths, |growth| growth.period);
            format!("{} DESC NULLS LAST, id", growth_column(period))
        }
    };
    Ok(query)
}

fn growth_column(period: GrowthPeriod) -> &'static str {
    match period {
        GrowthPeriod::OneMonth => "growth_1m",
        GrowthPeriod::ThreeMonths => "growth_3m",
        GrowthPeriod::SixMonths => "growth_6m",
    }
}

/// The exact count and the facet counts of a query's matches, facets as
/// `facet → value → count`.
pub(super) type Counts = (u64, BTreeMap<String, BTreeMap<String, u64>>);

/// Runs the count-and-facets statement.
pub(super) fn counts(client: &mut Client, query: &SqlQuery) -> Result<Counts> {
    let sql = format!(
        "WITH m AS MATERIALIZED (
            SELECT platform, tier, niches, country, languages FROM creators WHERE {}
        )
        SELECT 'total', '', count(*) FROM m
        UNION ALL SELECT 'platform', platform, count(*) FROM m GROUP BY platform
        UNION ALL SELECT 'niche', n::text, count(*) FROM m, unnest(m.niches) n GROUP BY n
        UNION ALL SELECT 'tier', tier, count(*) FROM m WHERE tier IS NOT NULL GROUP BY tier
        UNION ALL SELECT 'country', country, count(*) FROM m
            WHERE country IS NOT NULL GROUP BY country
        UNION ALL SELECT 'language', l, count(*) FROM m, unnest(m.languages) l GROUP BY l",
        query.condition
    );
    let rows = client.query(&sql, &query.params())?;
    let mut total = 0;
    let mut facets: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for row in rows {
        let (facet, value, count): (String, String, i64) = (row.get(0), row.get(1), row.get(2));
        let count = u64::try_from(count)?;
        if facet == "total" {
            total = count;
            continue;
        }
        let value = if facet == "niche" {
            value
                .parse::<usize>()
                .ok()
                .and_then(|position| Niche::ALL.get(position))
                .map_or(value.clone(), |niche| niche.as_str().to_string())
        } else {
            value
        };
        facets.entry(facet).or_default().insert(value, count);
    }
    Ok((total, facets))
}

/// Runs the page statement; returns the ids in order.
pub(super) fn page(client: &mut Client, query: &SqlQuery) -> Result<Vec<String>> {
    let mut params = query.params();
    let limit = format!("${}", params.len() + 1);
    let offset = format!("${}", params.len() + 2);
    params.push(&query.limit);
    params.push(&query.offset);
    let sql = format!(
        "SELECT id, handle, followers, engagement_rate FROM creators WHERE {} \
         ORDER BY {} LIMIT {limit} OFFSET {offset}",
        query.condition, query.order
    );
    Ok(client
        .query(&sql, &params)?
        .iter()
        .map(|row| row.get::<_, String>(0))
        .collect())
}

/// Compares the filters alone of the first mix queries (text removed; inline `#tags` kept as
/// the hashtag filter): exact count and every facet count, Scout against PostgreSQL.
pub(super) fn sanity(
    client: &mut Client,
    service: &SearchService,
    mix: &[MixQuery],
) -> Result<SanityCheck> {
    let mut check = SanityCheck {
        queries: 0,
        mismatches: 0,
        first_mismatch: None,
    };
    for query in mix.iter().take(SANITY_QUERIES) {
        let mut parts = query.parts.clone();
        if let Some(text) = parts.text.take() {
            parts.hashtags.extend(QueryText::parse(&text).hashtags);
        }
        parts.offset = None;
        let scout = service.search(&SearchQuery::new(parts.clone())?)?;
        let (total, facets) = counts(client, &sql_query(&parts)?)?;
        let mut scout_facets: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for (name, values) in [
            ("platform", &scout.facets.platform),
            ("niche", &scout.facets.niche),
            ("tier", &scout.facets.tier),
            ("country", &scout.facets.country),
            ("language", &scout.facets.language),
        ] {
            for value in values {
                scout_facets
                    .entry(name.to_string())
                    .or_default()
                    .insert(value.value.clone(), value.count);
            }
        }
        check.queries += 1;
        if scout.total as u64 != total || scout_facets != facets {
            check.mismatches += 1;
            if check.first_mismatch.is_none() {
                let mut message = String::new();
                let _ = write!(
                    message,
                    "{} query {:?}: scout {} matches {scout_facets:?}, postgres {total} {facets:?}",
                    query.kind, query.parts, scout.total
                );
                check.first_mismatch = Some(message);
            }
        }
    }
    Ok(check)
}

/// Peak resident memory of the server process behind a connection, from `/proc` (`None`
/// when the server runs elsewhere or `/proc` cannot be read).
pub(super) fn backend_peak_rss_mb(pid: i32) -> Option<f64> {
    let mut status = String::new();
    std::fs::File::open(Path::new("/proc").join(pid.to_string()).join("status"))
        .ok()?
        .read_to_string(&mut status)
        .ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0 / 1e6)
}

/// The server pid of a connection.
pub(super) fn backend_pid(client: &mut Client) -> Result<i32> {
    Ok(client.query_one("SELECT pg_backend_pid()", &[])?.get(0))
}

/// The figures of a loaded database (latencies filled in by the caller).
pub(super) fn figures(
    loaded: &Loaded,
    latencies_ms: &[f64],
    wall_seconds: f64,
    queries: usize,
    peak_rss_mb: Option<f64>,
    sanity: SanityCheck,
) -> PostgresFigures {
    use super::percentile;
    PostgresFigures {
        p50_ms: percentile(latencies_ms, 0.50),
        p95_ms: percentile(latencies_ms, 0.95),
        p99_ms: percentile(latencies_ms, 0.99),
        qps: queries as f64 / wall_seconds.max(1e-9),
        build_seconds: loaded.build_seconds,
        build_creators_per_s: loaded.creators as f64 / loaded.build_seconds.max(1e-9),
        index_mb: loaded.index_mb,
        table_mb: loaded.table_mb,
        peak_rss_mb,
        stemming: loaded.stemming,
        filter_only_check: sanity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::AudienceFilterParts;

    #[test]
    fn age_ranges_are_the_indexed_ones() {
        let ranges = age_ranges();
        assert_eq!(ranges.len(), 21);
        for range in &ranges {
            assert!(AudienceDimension::Age.key_code(range).is_some(), "{range}");
        }
        assert!(ranges.contains(&"18-34".to_string()));
        assert!(ranges.contains(&"35+".to_string()));
    }

    #[test]
    fn parts_become_parameterised_sql() {
        let parts = SearchParts {
            text: Some("#Vegan meal OR prep".to_string()),
            min_followers: Some(1000),
            audience_filters: vec![AudienceFilterParts {
                dimension: AudienceDimension::Country,
                items: vec![("us".to_string(), 0.2), ("DE".to_string(), 0.25)],
            }],
            ..SearchParts::default()
        };
        let query = sql_query(&parts).unwrap();
        assert_eq!(
            query.condition,
            "tsv @@ websearch_to_tsquery('scout_text', $1) AND followers >= $2 \
             AND hashtags && $3::text[] AND ((((audience ->> 'country:US'))::smallint) >= $4 \
             OR (((audience ->> 'country:DE'))::smallint) >= $5)"
        );
        assert_eq!(query.params.len(), 5);
        assert!(query.order.starts_with("ts_rank(tsv"));
        let listing = sql_query(&SearchParts::default()).unwrap();
        assert_eq!(listing.condition, "TRUE");
        assert_eq!(listing.order, "followers DESC NULLS LAST, id");
    }

    #[test]
    fn arrays_quote_every_element() {
        assert_eq!(
            array(&["a b".to_string(), "c\"d".to_string()]),
            "{\"a b\",\"c\\\"d\"}"
        );
        assert_eq!(array(&[]), "{}");
    }
}
