//! Web page request sequences: a profile page with its `rel=next` pages of posts, or an index
//! page whose same-host links feed discovery. A profile page that answers 304 to the
//! validators of its last fetch is an unchanged creator (its later pages are not read).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;
use url::Url;

use super::{ItemOutput, Outcome, RunContext};
use crate::decode::{decode_text, TextKind};
use crate::error::ItemError;
use crate::fetch::{Accept, Response};
use crate::frontier::{ItemKind, NewItem};
use crate::sources::webpage::{creator_languages, extract_page, extract_posts_page};
use crate::sources::{finalize, merge_into};
use crate::state::Remembered;
use crate::urls::{normalize, same_host};

/// Fetches and reads one page.
pub(crate) async fn page_item(
    context: &RunContext,
    url: &Url,
    depth: u32,
    previous: Option<&Remembered>,
) -> Result<ItemOutput, ItemError> {
    let validators = previous.and_then(|previous| previous.memory.validators_for(url.as_str()));
    // A page that is not HTML reads as nothing; HTML whose JSON-LD does not parse (a cut-off
    // or garbled body) is asked for again.
    let read_page = |response: &Response| {
        if !is_html(response) {
            return Ok(None);
        }
        extract_page(
            &body_text(response),
            &response.url,
            context.config.observation_time(),
        )
        .map(Some)
    };
    let (response, extract) = match context
        .session
        .get_conditional_parsed(url, Accept::Html, validators, read_page)
        .await?
    {
        Some(fetched) => fetched,
        None => {
            return match previous {
                Some(previous) => Ok(ItemOutput::only(Outcome::Unchanged(
                    previous.memory.clone(),
                ))),
                None => Err(ItemError::InvalidItem(
                    "unexpected not-modified".to_string(),
                )),
            }
        }
    };
    let Some(extract) = extract else {
        tracing::debug!(%url, content_type = ?response.content_type, "not an html page");
        return Ok(ItemOutput::default());
    };
    let page_url = response.url.clone();
    let max_posts = context.config.max_posts_per_creator;
    let Some(mut record) = extract.record else {
        if !context.config.discover {
            return Ok(ItemOutput::default());
        }
        let mut discovered = Vec::new();
        if let Some(next) = &extract.next_page {
            discovered.push(web_item(next, depth));
        }
        for link in &extract.links {
            if Some(link) != extract.next_page.as_ref() && same_host(link, &page_url) {
                discovered.push(web_item(link, depth + 1));
            }
        }
        return Ok(ItemOutput {
            outcome: Outcome::Nothing,
            discovered,
        });
    };
    if context.is_excluded(&record.creator.id) {
        return Ok(ItemOutput::only(Outcome::Excluded));
    }
    let mut visited = vec![normalize(&page_url)];
    let mut next = extract.next_page;
    while let Some(next_url) = next.take() {
        let key = normalize(&next_url);
        if record.posts.len() >= max_posts || visited.contains(&key) {
            break;
        }
        visited.push(key);
        let read_posts =
            |page: &Response| extract_posts_page(&body_text(page), &page.url, &record.creator);
        match context
            .session
            .get_parsed(&next_url, Accept::Html, read_posts)
            .await
        {
            Ok((_, more)) => {
                merge_into(&mut record, more.posts, more.audience);
                next = more.next_page.filter(|target| same_host(target, &page_url));
            }
            Err(error) => context.optional_failed(&next_url, error)?,
        }
    }
    record.creator.languages = creator_languages(&extract.declared_languages, &record.posts);
    let mut validators = BTreeMap::new();
    validators.insert(url.to_string(), response.validators.clone());
    Ok(ItemOutput::only(Outcome::record(
        finalize(record, max_posts),
        None,
        validators,
    )))
}

fn web_item(url: &Url, depth: u32) -> NewItem {
    NewItem::new(normalize(url), ItemKind::for_url(url), Value::Null, depth)
}

fn is_html(response: &Response) -> bool {
    response.content_type.as_deref().is_none_or(|kind| {
        let kind = kind.to_ascii_lowercase();
        kind.contains("html") || kind.contains("xml")
    })
}

fn body_text(response: &Response) -> Cow<'_, str> {
    decode_text(
        &response.body,
        response.content_type.as_deref(),
        TextKind::Html,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(content_type: Option<&str>) -> Response {
        let mut response = Response::empty(Url::parse("http://a.example/").unwrap(), 200);
        response.content_type = content_type.map(str::to_string);
        response
    }

    #[test]
    fn only_html_is_read() {
        assert!(is_html(&response(Some("text/html; charset=utf-8"))));
        assert!(is_html(&response(Some("application/xhtml+xml"))));
        assert!(is_html(&response(None)));
        assert!(!is_html(&response(Some("image/jpeg"))));
        assert!(!is_html(&response(Some("application/json"))));
    }

    #[test]
    fn discovered_profile_paths_are_probed_first() {
        let item = web_item(&Url::parse("http://a.example/@bob#x").unwrap(), 2);
        assert_eq!(item.kind, ItemKind::Profile);
        assert_eq!(item.url.as_str(), "http://a.example/@bob");
        let page = web_item(&Url::parse("http://a.example/c/bob").unwrap(), 2);
        assert_eq!(page.kind, ItemKind::WebPage);
    }

    #[test]
    fn bodies_are_decoded_by_their_charset() {
        let mut latin1 = response(Some("text/html; charset=iso-8859-1"));
        latin1.body = b"caf\xe9".to_vec();
        assert_eq!(body_text(&latin1), "café");
    }
}
