//! HTML microdata (`itemscope` / `itemtype` / `itemprop`) as JSON-LD-shaped nodes, so that the
//! JSON-LD readers see a microdata `Person` with its `interactionStatistic` exactly as they see
//! one written in JSON-LD. Values follow the HTML microdata rules: `content` of `meta`, `href`
//! of links, `src` of media, `datetime` of `time`, `value` of `data`/`meter`, text otherwise.

use scraper::{ElementRef, Html, Selector};
use serde_json::{Map, Value};
use std::sync::LazyLock;

use crate::text::non_empty;

/// Nesting beyond this is ignored (a hostile page cannot recurse without bound).
const MAX_DEPTH: usize = 16;

static ITEM_SELECTOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("[itemscope]").expect("static selector parses"));

/// Every top-level microdata item of the document (items that are not a property of another),
/// as JSON objects with `@type` (the `itemtype` URLs), `@id` (`itemid`) and their properties.
pub(crate) fn items(document: &Html) -> Vec<Value> {
    document
        .select(&ITEM_SELECTOR)
        .filter(|element| element.value().attr("itemprop").is_none())
        .map(|element| item(element, 0))
        .collect()
}

fn item(element: ElementRef<'_>, depth: usize) -> Value {
    let mut properties = Map::new();
    if let Some(types) = element.value().attr("itemtype") {
        let types: Vec<Value> = types
            .split_whitespace()
            .map(|kind| Value::String(kind.to_string()))
            .collect();
        match types.len() {
            0 => {}
            1 => {
                properties.insert("@type".into(), types[0].clone());
            }
            _ => {
                properties.insert("@type".into(), Value::Array(types));
            }
        }
    }
    if let Some(id) = element.value().attr("itemid").and_then(non_empty) {
        properties.insert("@id".into(), Value::String(id));
    }
    collect_properties(element, depth, &mut properties);
    Value::Object(properties)
}

/// Adds the properties found under `element`, not descending into nested items (their
/// properties are theirs). Iterative, in document order, so deep markup cannot overflow the
/// stack.
fn collect_properties(element: ElementRef<'_>, depth: usize, properties: &mut Map<String, Value>) {
    let mut pending: Vec<ElementRef<'_>> =
        element.children().filter_map(ElementRef::wrap).collect();
    pending.reverse();
    while let Some(child) = pending.pop() {
        let is_item = child.value().attr("itemscope").is_some();
        if let Some(names) = child.value().attr("itemprop") {
            let value = if is_item {
                (depth < MAX_DEPTH).then(|| item(child, depth + 1))
            } else {
                Some(property_value(child))
            };
            if let Some(value) = value {
                for name in names.split_whitespace() {
                    add(properties, name, value.clone());
                }
            }
        }
        if !is_item {
            let start = pending.len();
            pending.extend(child.children().filter_map(ElementRef::wrap));
            pending[start..].reverse();
        }
    }
}

fn add(properties: &mut Map<String, Value>, name: &str, value: Value) {
    match properties.get_mut(name) {
        None => {
            properties.insert(name.to_string(), value);
        }
        Some(Value::Array(values)) => values.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}

fn property_value(element: ElementRef<'_>) -> Value {
    let attributes = element.value();
    let attribute = match attributes.name() {
        "meta" => Some("content"),
        "a" | "area" | "link" => Some("href"),
        "img" | "audio" | "video" | "source" | "embed" | "iframe" | "track" => Some("src"),
        "object" => Some("data"),
        "time" => Some("datetime"),
        "data" | "meter" => Some("value"),
        _ => None,
    };
    if let Some(value) = attribute
        .and_then(|name| attributes.attr(name))
        .or_else(|| attributes.attr("content"))
    {
        return Value::String(value.trim().to_string());
    }
    let text: String = element.text().collect();
    Value::String(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_person_with_counters_and_nested_items() {
        let html = r#"<html><body>
          <div itemscope itemtype="https://schema.org/Person" itemid="https://x.example/#me">
            <h1 itemprop="name">Nora  Quinn</h1>
            <p itemprop="description">Trail running &amp; <b>gear</b> reviews.</p>
            <img itemprop="image" src="https://x.example/nora.jpg">
            <a itemprop="sameAs" href="https://a.example/@nora">A</a>
            <a itemprop="sameAs" href="https://b.example/nora">B</a>
            <meta itemprop="alternateName" content="noraruns">
            <div itemprop="interactionStatistic" itemscope itemtype="https://schema.org/InteractionCounter">
              <link itemprop="interactionType" href="https://schema.org/FollowAction">
              <span itemprop="userInteractionCount">12,480</span> followers
            </div>
            <time itemprop="dateCreated" datetime="2019-04-02">April 2019</time>
          </div>
          <div itemscope><span itemprop="name">untyped</span></div>
        </body></html>"#;
        let found = items(&Html::parse_document(html));
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            json!({
                "@type": "https://schema.org/Person",
                "@id": "https://x.example/#me",
                "name": "Nora Quinn",
                "description": "Trail running & gear reviews.",
                "image": "https://x.example/nora.jpg",
                "sameAs": ["https://a.example/@nora", "https://b.example/nora"],
                "alternateName": "noraruns",
                "interactionStatistic": {
                    "@type": "https://schema.org/InteractionCounter",
                    "interactionType": "https://schema.org/FollowAction",
                    "userInteractionCount": "12,480"
                },
                "dateCreated": "2019-04-02"
            })
        );
        assert_eq!(found[1], json!({"name": "untyped"}));
    }

    #[test]
    fn deep_nesting_is_cut_not_followed() {
        let mut html = String::from("<div itemscope itemtype=\"https://schema.org/Thing\">");
        for _ in 0..200 {
            html.push_str("<div itemprop=\"part\" itemscope>");
        }
        html.push_str(&"</div>".repeat(201));
        let found = items(&Html::parse_document(&html));
        assert_eq!(found.len(), 1);
        let mut depth = 0;
        let mut node = &found[0];
        while let Some(next) = node.get("part") {
            node = next;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
    }
}
