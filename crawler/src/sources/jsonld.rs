//! Reading schema.org JSON-LD as found in the wild: types with or without the schema.org
//! prefix, values as strings, numbers, objects or arrays, `@graph` containers and `@id`
//! references.

use serde_json::Value;

/// Strips the schema.org namespace from a type or action name.
pub(crate) fn short_type(raw: &str) -> &str {
    let raw = raw.trim();
    for prefix in [
        "https://schema.org/",
        "http://schema.org/",
        "https://www.schema.org/",
        "http://www.schema.org/",
        "schema:",
    ] {
        if let Some(rest) = raw.strip_prefix(prefix) {
            return rest;
        }
    }
    raw
}

/// The node's `@type`s without namespace.
pub(crate) fn types(node: &Value) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(single)) => vec![short_type(single)],
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .map(short_type)
            .collect(),
        _ => Vec::new(),
    }
}

/// True when the node has one of the given types.
pub(crate) fn is_type(node: &Value, wanted: &[&str]) -> bool {
    types(node).iter().any(|found| wanted.contains(found))
}

/// The top-level nodes of a JSON-LD document: arrays are opened, `@graph` items are listed
/// (after the container when it is typed itself).
pub(crate) fn top_level_nodes(document: &Value) -> Vec<&Value> {
    let mut nodes = Vec::new();
    collect_top_level(document, &mut nodes);
    nodes
}

fn collect_top_level<'a>(value: &'a Value, nodes: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect_top_level(item, nodes)),
        Value::Object(object) => {
            if object.contains_key("@type") {
                nodes.push(value);
            }
            if let Some(graph) = object.get("@graph") {
                collect_top_level(graph, nodes);
            }
        }
        _ => {}
    }
}

/// Follows an `{"@id": …}` reference to the full node among `nodes`; other values are returned
/// as they are.
pub(crate) fn resolve<'a>(value: &'a Value, nodes: &[&'a Value]) -> &'a Value {
    let Some(object) = value.as_object() else {
        return value;
    };
    if object.contains_key("@type") {
        return value;
    }
    let Some(id) = object.get("@id").and_then(Value::as_str) else {
        return value;
    };
    nodes
        .iter()
        .find(|node| {
            node.get("@id").and_then(Value::as_str) == Some(id) && node.get("@type").is_some()
        })
        .copied()
        .unwrap_or(value)
}

/// The first value of a property that may be a single value or an array.
pub(crate) fn first(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.first(),
        Value::Null => None,
        other => Some(other),
    }
}

/// A text value: a string, a number, a `{"@value"}` / PropertyValue `{"value"}` object, or the
/// first such item of an array; trimmed and non-empty.
pub(crate) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(raw) => crate::text::non_empty(raw),
        Value::Number(number) => Some(number.to_string()),
        Value::Array(items) => items.iter().find_map(text),
        Value::Object(object) => object
            .get("@value")
            .or_else(|| object.get("value"))
            .and_then(text),
        _ => None,
    }
}

/// A named property's text.
pub(crate) fn text_of(node: &Value, key: &str) -> Option<String> {
    node.get(key).and_then(text)
}

/// All texts of a property that may be a string, an array of strings or objects.
pub(crate) fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

/// A URL value: a string, an ImageObject-like object (`url`, `contentUrl`, `@id`), or the first
/// usable item of an array.
pub(crate) fn url(value: &Value) -> Option<String> {
    match value {
        Value::String(raw) => crate::text::non_empty(raw),
        Value::Array(items) => items.iter().find_map(url),
        Value::Object(object) => ["url", "contentUrl", "@id"]
            .iter()
            .find_map(|key| object.get(*key).and_then(url)),
        _ => None,
    }
}

/// All URLs of a property (`sameAs` as a string or an array).
pub(crate) fn urls(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(url).collect(),
        other => url(other).into_iter().collect(),
    }
}

/// A non-negative count: a number, or a numeric string with thousands separators.
pub(crate) fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f.round() as u64)
        }),
        Value::String(raw) => {
            let digits: String = raw
                .trim()
                .chars()
                .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\''))
                .collect();
            digits.parse::<u64>().ok()
        }
        Value::Array(items) => items.first().and_then(count),
        _ => None,
    }
}

/// The `userInteractionCount` of the node's `InteractionCounter` for an action
/// (`FollowAction`, `LikeAction`…), whether `interactionType` is a URL, a bare name or a typed
/// object. Several counters of the same action are summed.
pub(crate) fn interaction_count(node: &Value, action: &str) -> Option<u64> {
    let statistics = node.get("interactionStatistic")?;
    let counters: Vec<&Value> = match statistics {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut total: Option<u64> = None;
    for counter in counters {
        let Some(kind) = counter.get("interactionType") else {
            continue;
        };
        let matches = match kind {
            Value::String(name) => short_type(name) == action,
            Value::Object(_) => is_type(kind, &[action]),
            _ => false,
        };
        if !matches {
            continue;
        }
        if let Some(value) = counter.get("userInteractionCount").and_then(count) {
            total = Some(total.unwrap_or(0).saturating_add(value));
        }
    }
    total
}

/// A place as text: a string, a Place (`name`, else its address), or a PostalAddress
/// (`addressLocality, addressRegion, addressCountry`).
pub(crate) fn location(value: &Value) -> Option<String> {
    match value {
        Value::String(raw) => crate::text::non_empty(raw),
        Value::Array(items) => items.iter().find_map(location),
        Value::Object(object) => {
            if let Some(name) = object.get("name").and_then(text) {
                return Some(name);
            }
            if let Some(address) = object.get("address") {
                return location(address);
            }
            let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
                .iter()
                .filter_map(|key| object.get(*key))
                .filter_map(|part| match part {
                    Value::Object(country) => country.get("name").and_then(text),
                    other => text(other),
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

/// Language codes of `inLanguage` / `knowsLanguage`: strings or Language objects.
pub(crate) fn languages(value: &Value) -> Vec<String> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::Object(language) => ["alternateName", "identifier", "name"]
                .iter()
                .filter_map(|key| language.get(*key).and_then(text))
                .find_map(|candidate| crate::text::language_code(&candidate)),
            other => text(other).and_then(|code| crate::text::language_code(&code)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_ignore_the_schema_prefix() {
        let node = json!({"@type": ["schema:Person", "https://schema.org/Thing"]});
        assert_eq!(types(&node), vec!["Person", "Thing"]);
        assert!(is_type(
            &json!({"@type": "http://schema.org/ProfilePage"}),
            &["ProfilePage"]
        ));
        assert!(!is_type(&json!({"name": "x"}), &["Person"]));
    }

    #[test]
    fn graphs_and_arrays_are_flattened_and_ids_resolved() {
        let document = json!({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "ProfilePage", "mainEntity": {"@id": "#me"}},
                {"@type": "Person", "@id": "#me", "name": "Alice"}
            ]
        });
        let nodes = top_level_nodes(&document);
        assert_eq!(nodes.len(), 2);
        let person = resolve(&nodes[0]["mainEntity"], &nodes);
        assert_eq!(text_of(person, "name").as_deref(), Some("Alice"));
        let list = json!([{"@type": "Person"}, {"@type": "WebSite"}, 3]);
        assert_eq!(top_level_nodes(&list).len(), 2);
    }

    #[test]
    fn counts_accept_numbers_and_numeric_strings() {
        assert_eq!(count(&json!(48210)), Some(48210));
        assert_eq!(count(&json!("48,210")), Some(48210));
        assert_eq!(count(&json!(12.0)), Some(12));
        assert_eq!(count(&json!(-3)), None);
        assert_eq!(count(&json!("many")), None);
    }

    #[test]
    fn interaction_types_in_every_form() {
        let node = json!({"interactionStatistic": [
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/FollowAction", "userInteractionCount": 10},
            {"@type": "InteractionCounter", "interactionType": "http://schema.org/LikeAction", "userInteractionCount": "5"},
            {"@type": "InteractionCounter", "interactionType": {"@type": "WriteAction"}, "userInteractionCount": 7},
            {"@type": "InteractionCounter", "interactionType": "ShareAction", "userInteractionCount": 2}
        ]});
        assert_eq!(interaction_count(&node, "FollowAction"), Some(10));
        assert_eq!(interaction_count(&node, "LikeAction"), Some(5));
        assert_eq!(interaction_count(&node, "WriteAction"), Some(7));
        assert_eq!(interaction_count(&node, "ShareAction"), Some(2));
        assert_eq!(interaction_count(&node, "WatchAction"), None);
        let single = json!({"interactionStatistic": {"interactionType": "FollowAction", "userInteractionCount": 3}});
        assert_eq!(interaction_count(&single, "FollowAction"), Some(3));
    }

    #[test]
    fn locations_urls_and_languages() {
        assert_eq!(
            location(&json!({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Porto", "addressCountry": {"@type": "Country", "name": "Portugal"}}})).as_deref(),
            Some("Porto, Portugal")
        );
        assert_eq!(location(&json!("Berlin")).as_deref(), Some("Berlin"));
        assert_eq!(
            url(&json!({"@type": "ImageObject", "contentUrl": "https://x.example/a.jpg"}))
                .as_deref(),
            Some("https://x.example/a.jpg")
        );
        assert_eq!(
            urls(&json!(["https://a.example", "https://b.example"])).len(),
            2
        );
        assert_eq!(
            languages(
                &json!(["en-GB", {"@type": "Language", "name": "Portuguese", "alternateName": "pt"}])
            ),
            vec!["en", "pt"]
        );
        assert_eq!(
            text(&json!({"@type": "PropertyValue", "value": 42})).as_deref(),
            Some("42")
        );
    }
}
