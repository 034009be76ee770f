//! Any web page → Scout records: schema.org JSON-LD and microdata (`ProfilePage` / `Person`
//! with `InteractionCounter`s, `SocialMediaPosting` / `BlogPosting` with comments), OpenGraph
//! profiles as a fallback, `rel=me` links, `rel=next` pagination and same-host links for
//! discovery. Pure functions over the HTML and its URL.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use scout_models::{AudienceSample, Creator, CreatorId, CreatorRecord, Platform, Post, Provenance};
use scraper::{Html, Selector};
use serde_json::Value;
use url::Url;

use super::postings::postings_on;
use super::{jsonld, microdata};
use crate::error::ExtractError;
use crate::text::{
    dominant_languages, find_contact_email, html_to_text, non_empty, parse_datetime,
};
use crate::urls::{canonical_web_handle, resolve, same_host};

/// Method of records read from JSON-LD.
pub(crate) const METHOD_JSON_LD: &str = "json-ld";
/// Method of records read from HTML microdata.
pub(crate) const METHOD_MICRODATA: &str = "microdata";
/// Method of records read from OpenGraph tags.
pub(crate) const METHOD_OPENGRAPH: &str = "opengraph";

const PERSON_TYPES: &[&str] = &["Person", "Organization"];

/// File endings that are never pages worth fetching for discovery.
const SKIPPED_EXTENSIONS: &[&str] = &[
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".css", ".js", ".pdf",
    ".zip", ".gz", ".mp4", ".webm", ".mp3", ".woff", ".woff2", ".xml", ".json",
];

/// What one page yields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageExtract {
    /// The creator the page describes, with the posts found on it.
    pub record: Option<CreatorRecord>,
    /// Languages the creator declares (`knowsLanguage`, `og:locale`).
    pub declared_languages: Vec<String>,
    /// `rel=next`: more posts of a profile, or the next page of an index.
    pub next_page: Option<Url>,
    /// Same-host `<a href>` links (no `nofollow`, no fragments, no media files).
    pub links: Vec<Url>,
}

/// What a further page of a profile yields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PostsPage {
    pub posts: Vec<Post>,
    pub audience: Vec<AudienceSample>,
    pub next_page: Option<Url>,
}

/// The parts of an HTML document the extractors read; built in one pass so that the
/// (non-`Send`) parsed tree never outlives the extractors' functions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedPage {
    /// JSON-LD documents, then the page's microdata items in the same shape.
    pub documents: Vec<Value>,
    /// How many of `documents` are JSON-LD (the rest are microdata).
    pub json_ld_documents: usize,
    pub canonical: Option<Url>,
    pub rel_me: Vec<String>,
    pub next_page: Option<Url>,
    pub links: Vec<Url>,
    /// `<meta>` by lower-cased `property` / `name` (and `itemprop`), first value kept.
    pub meta: HashMap<String, String>,
    /// `<link rel="alternate">` feeds (RSS / Atom), in page order.
    pub feeds: Vec<Url>,
}

impl ParsedPage {
    /// Every typed node of the page's JSON-LD and microdata.
    pub(crate) fn nodes(&self) -> Vec<&Value> {
        self.documents
            .iter()
            .flat_map(jsonld::top_level_nodes)
            .collect()
    }

    /// True when `node` is (inside) one of the page's microdata items.
    pub(crate) fn is_microdata(&self, node: &Value) -> bool {
        self.documents[self.json_ld_documents.min(self.documents.len())..]
            .iter()
            .flat_map(jsonld::top_level_nodes)
            .any(|candidate| std::ptr::eq(candidate, node))
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector parses")
}

static SCRIPT_SELECTOR: LazyLock<Selector> = LazyLock::new(|| selector("script[type]"));
static CANONICAL_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| selector("link[rel~=\"canonical\"][href]"));
static REL_ME_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| selector("a[rel~=\"me\"][href], link[rel~=\"me\"][href]"));
static NEXT_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| selector("link[rel~=\"next\"][href], a[rel~=\"next\"][href]"));
static ANCHOR_SELECTOR: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));
static META_SELECTOR: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
static FEED_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| selector("link[rel~=\"alternate\"][href][type]"));

/// Parses a page into the parts the extractors read. A JSON-LD block that does not parse is an
/// error.
pub(crate) fn parse_html(html: &str, page_url: &Url) -> Result<ParsedPage, ExtractError> {
    let document = Html::parse_document(html);
    let mut documents = Vec::new();
    let scripts = document.select(&SCRIPT_SELECTOR).filter(|script| {
        script
            .value()
            .attr("type")
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"))
    });
    for (index, script) in scripts.enumerate() {
        let raw: String = script.text().collect();
        let cleaned = strip_script_wrappers(&raw);
        if cleaned.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(cleaned).map_err(|error| ExtractError::JsonLd {
            index,
            message: error.to_string(),
        })?;
        documents.push(value);
    }
    let json_ld_documents = documents.len();
    documents.extend(microdata::items(&document));
    let canonical = document
        .select(&CANONICAL_SELECTOR)
        .filter_map(|link| link.value().attr("href"))
        .find_map(|href| resolve(page_url, href));
    let mut rel_me = Vec::new();
    for element in document.select(&REL_ME_SELECTOR) {
        if let Some(link) = element
            .value()
            .attr("href")
            .and_then(|href| resolve(page_url, href))
        {
            push_unique(&mut rel_me, link.to_string());
        }
    }
    let next_page = document
        .select(&NEXT_SELECTOR)
        .filter_map(|link| link.value().attr("href"))
        .find_map(|href| resolve(page_url, href))
        .filter(|next| same_host(next, page_url) && !same_page(next, page_url));
    let mut links: Vec<Url> = Vec::new();
    for anchor in document.select(&ANCHOR_SELECTOR) {
        let rel = anchor.value().attr("rel").unwrap_or_default();
        if rel
            .split_whitespace()
            .any(|word| word.eq_ignore_ascii_case("nofollow"))
        {
            continue;
        }
        let Some(mut link) = anchor
            .value()
            .attr("href")
            .and_then(|href| resolve(page_url, href))
        else {
            continue;
        };
        link.set_fragment(None);
        let path = link.path().to_ascii_lowercase();
        let is_file = SKIPPED_EXTENSIONS
            .iter()
            .any(|ending| path.ends_with(ending));
        if same_host(&link, page_url)
            && !is_file
            && !same_page(&link, page_url)
            && !links.contains(&link)
        {
            links.push(link);
        }
    }
    let mut meta = HashMap::new();
    for element in document.select(&META_SELECTOR) {
        let key = element
            .value()
            .attr("property")
            .or_else(|| element.value().attr("name"))
            .or_else(|| element.value().attr("itemprop"));
        if let (Some(key), Some(content)) = (key, element.value().attr("content")) {
            meta.entry(key.trim().to_ascii_lowercase())
                .or_insert_with(|| content.trim().to_string());
        }
    }
    let feeds = document
        .select(&FEED_SELECTOR)
        .filter(|link| {
            link.value().attr("type").is_some_and(|kind| {
                let kind = kind.trim().to_ascii_lowercase();
                kind == "application/rss+xml" || kind == "application/atom+xml"
            })
        })
        .filter_map(|link| link.value().attr("href"))
        .filter_map(|href| resolve(page_url, href))
        .collect();
    Ok(ParsedPage {
        documents,
        json_ld_documents,
        canonical,
        rel_me,
        next_page,
        links,
        meta,
        feeds,
    })
}

/// Removes the `<!-- -->` and CDATA wrappers some sites put around JSON-LD.
fn strip_script_wrappers(raw: &str) -> &str {
    let mut text = raw.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            text = inner.trim();
        }
    }
    text
}

fn same_page(a: &Url, b: &Url) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    a.set_fragment(None);
    b.set_fragment(None);
    a == b
}

pub(crate) fn push_unique(into: &mut Vec<String>, value: String) {
    if !into.contains(&value) {
        into.push(value);
    }
}

/// Reads a page: the creator it describes (JSON-LD first, OpenGraph `profile` as a fallback),
/// its posts and comments, its `rel=next` page and its same-host links. A JSON-LD block that
/// does not parse makes the whole page an error.
pub(crate) fn extract_page(
    html: &str,
    page_url: &Url,
    fetched_at: DateTime<Utc>,
) -> Result<PageExtract, ExtractError> {
    let parsed = parse_html(html, page_url)?;
    let nodes = parsed.nodes();
    let profile = find_profile(&nodes);
    let (creator, declared_languages) = match profile {
        Some((person, profile_page)) => {
            creator_from_json_ld(&parsed, person, profile_page, page_url, fetched_at)
        }
        None => match creator_from_opengraph(&parsed, page_url, fetched_at) {
            Some(found) => found,
            None => {
                return Ok(PageExtract {
                    record: None,
                    declared_languages: Vec::new(),
                    next_page: parsed.next_page,
                    links: parsed.links,
                })
            }
        },
    };
    let (posts, audience) = postings_on(&parsed.documents, page_url, &creator);
    let mut creator = creator;
    creator.languages = creator_languages(&declared_languages, &posts);
    Ok(PageExtract {
        record: Some(CreatorRecord {
            creator,
            posts,
            audience,
        }),
        declared_languages,
        next_page: parsed.next_page,
        links: parsed.links,
    })
}

/// Reads a further page of a profile (reached by `rel=next`) for its posts and comments.
pub(crate) fn extract_posts_page(
    html: &str,
    page_url: &Url,
    creator: &Creator,
) -> Result<PostsPage, ExtractError> {
    let parsed = parse_html(html, page_url)?;
    let (posts, audience) = postings_on(&parsed.documents, page_url, creator);
    Ok(PostsPage {
        posts,
        audience,
        next_page: parsed.next_page,
    })
}

/// Declared languages first, then the dominant languages of the posts.
pub(crate) fn creator_languages(declared: &[String], posts: &[Post]) -> Vec<String> {
    let mut languages = declared.to_vec();
    for code in dominant_languages(posts.iter().filter_map(|post| post.language.as_deref())) {
        push_unique(&mut languages, code);
    }
    languages
}

/// A `ProfilePage` whose `mainEntity` is a Person/Organization, else a top-level Person or
/// Organization that carries `interactionStatistic`.
pub(crate) fn find_profile<'a>(nodes: &[&'a Value]) -> Option<(&'a Value, Option<&'a Value>)> {
    for node in nodes {
        if !jsonld::is_type(node, &["ProfilePage"]) {
            continue;
        }
        let Some(main_entity) = node.get("mainEntity").and_then(jsonld::first) else {
            continue;
        };
        let entity = jsonld::resolve(main_entity, nodes);
        if jsonld::is_type(entity, PERSON_TYPES) {
            return Some((entity, Some(*node)));
        }
    }
    nodes
        .iter()
        .find(|node| {
            jsonld::is_type(node, PERSON_TYPES) && node.get("interactionStatistic").is_some()
        })
        .map(|person| (*person, None))
}

fn creator_from_json_ld(
    parsed: &ParsedPage,
    person: &Value,
    profile_page: Option<&Value>,
    page_url: &Url,
    fetched_at: DateTime<Utc>,
) -> (Creator, Vec<String>) {
    let declared_url = profile_page
        .and_then(|page| page.get("url"))
        .or_else(|| person.get("url"))
        .and_then(jsonld::url)
        .and_then(|href| resolve(page_url, &href));
    let canonical = parsed
        .canonical
        .clone()
        .or(declared_url)
        .unwrap_or_else(|| page_url.clone());
    let bio = jsonld::text_of(person, "description")
        .map(|description| html_to_text(&description))
        .and_then(|text| non_empty(&text));
    let email = jsonld::text_of(person, "email")
        .map(|email| email.trim_start_matches("mailto:").trim().to_string())
        .filter(|email| email.contains('@'))
        .or_else(|| bio.as_deref().and_then(find_contact_email));
    let mut links = Vec::new();
    for link in person.get("sameAs").map(jsonld::urls).unwrap_or_default() {
        if let Some(resolved) = resolve(page_url, &link) {
            push_unique(&mut links, resolved.to_string());
        }
    }
    for link in &parsed.rel_me {
        push_unique(&mut links, link.clone());
    }
    links.retain(|link| Url::parse(link).map_or(true, |url| !same_page(&url, &canonical)));
    let created_at = jsonld::text_of(person, "dateCreated")
        .or_else(|| profile_page.and_then(|page| jsonld::text_of(page, "dateCreated")))
        .and_then(|raw| parse_datetime(&raw));
    let avatar_url = person
        .get("image")
        .and_then(jsonld::url)
        .and_then(|href| resolve(page_url, &href))
        .map(String::from)
        .or_else(|| parsed.meta.get("og:image").cloned());
    let declared_languages = person
        .get("knowsLanguage")
        .map(jsonld::languages)
        .unwrap_or_default();
    let handle = jsonld::text_of(person, "alternateName")
        .map(|alternate| alternate.trim_start_matches('@').to_string())
        .filter(|alternate| !alternate.is_empty())
        .unwrap_or_else(|| fallback_handle(&canonical));
    let creator = Creator {
        id: CreatorId::new(Platform::Web, &canonical_web_handle(&canonical)),
        platform: Platform::Web,
        handle,
        display_name: jsonld::text_of(person, "name"),
        bio,
        profile_url: page_url.to_string(),
        avatar_url,
        links,
        followers: jsonld::interaction_count(person, "FollowAction"),
        following: None,
        post_count: jsonld::interaction_count(person, "WriteAction"),
        location: person
            .get("homeLocation")
            .or_else(|| person.get("address"))
            .and_then(jsonld::location),
        languages: Vec::new(),
        contact_email: email,
        created_at,
        is_bot: false,
        provenance: provenance(
            page_url,
            fetched_at,
            if parsed.is_microdata(person) {
                METHOD_MICRODATA
            } else {
                METHOD_JSON_LD
            },
        ),
    };
    (creator, declared_languages)
}

fn creator_from_opengraph(
    parsed: &ParsedPage,
    page_url: &Url,
    fetched_at: DateTime<Utc>,
) -> Option<(Creator, Vec<String>)> {
    let meta = &parsed.meta;
    if !meta
        .get("og:type")
        .is_some_and(|kind| kind.eq_ignore_ascii_case("profile"))
    {
        return None;
    }
    let canonical = parsed
        .canonical
        .clone()
        .or_else(|| meta.get("og:url").and_then(|href| resolve(page_url, href)))
        .unwrap_or_else(|| page_url.clone());
    let bio = meta.get("og:description").and_then(|text| non_empty(text));
    let handle = meta
        .get("profile:username")
        .and_then(|name| non_empty(name.trim_start_matches('@')))
        .unwrap_or_else(|| fallback_handle(&canonical));
    let declared_languages: Vec<String> = meta
        .get("og:locale")
        .and_then(|locale| crate::text::language_code(locale))
        .into_iter()
        .collect();
    let creator = Creator {
        id: CreatorId::new(Platform::Web, &canonical_web_handle(&canonical)),
        platform: Platform::Web,
        handle,
        display_name: meta.get("og:title").and_then(|title| non_empty(title)),
        contact_email: bio.as_deref().and_then(find_contact_email),
        bio,
        profile_url: page_url.to_string(),
        avatar_url: meta
            .get("og:image")
            .and_then(|href| resolve(page_url, href))
            .map(String::from),
        links: parsed.rel_me.clone(),
        followers: None,
        following: None,
        post_count: None,
        location: None,
        languages: Vec::new(),
        created_at: None,
        is_bot: false,
        provenance: provenance(page_url, fetched_at, METHOD_OPENGRAPH),
    };
    Some((creator, declared_languages))
}

fn provenance(page_url: &Url, fetched_at: DateTime<Utc>, method: &str) -> Provenance {
    Provenance {
        source_url: page_url.to_string(),
        fetched_at,
        method: method.to_string(),
        content_hash: String::new(),
    }
}

/// The last path segment of a URL, else its canonical handle.
fn fallback_handle(url: &Url) -> String {
    url.path_segments()
        .and_then(|mut segments| segments.rfind(|segment| !segment.is_empty()))
        .map(|segment| segment.trim_start_matches('@').to_string())
        .filter(|segment| !segment.is_empty())
        .unwrap_or_else(|| canonical_web_handle(url))
}

#[cfg(test)]
#[path = "webpage_tests.rs"]
mod tests;
