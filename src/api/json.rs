//! Request-body parsing that names the offending field of any error.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use scout_models::CreatorId;

use crate::api::error::ApiError;

/// The largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Parses a JSON body into `T`; errors name the JSON path of the bad or unknown field.
pub fn parse_body<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| match rejection {
        BytesRejection::FailedToBufferBody(_) => ApiError::PayloadTooLarge {
            limit: MAX_BODY_BYTES,
        },
        other => ApiError::InvalidBody {
            message: other.body_text(),
        },
    })?;
    if body.is_empty() {
        return Err(ApiError::InvalidBody {
            message: "the request body is empty: send a JSON object".to_string(),
        });
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(&body);
    // The body itself is an object too (a derived struct would take an array of its fields).
    let parsed = serde_path_to_error::deserialize(&mut *deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = inner.to_string();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::InvalidBody {
                message: format!("the body is not valid JSON: {message}"),
            };
        }
        let body_itself = path == "." || path.is_empty();
        // A required field left out: serde reports it on the object that lacks it.
        if let Some(name) = missing_field(&message) {
            return ApiError::InvalidField {
                field: if body_itself {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                },
                message: "is required".to_string(),
            };
        }
        // The path names the bad field, an unknown one included; "." is the body itself.
        if body_itself {
            let opens_object = body
                .iter()
                .find(|byte| !byte.is_ascii_whitespace())
                .is_some_and(|byte| *byte == b'{');
            if !opens_object {
                return ApiError::InvalidBody {
                    message: "the body must be a JSON object".to_string(),
                };
            }
            return ApiError::InvalidBody { message };
        }
        ApiError::InvalidField {
            field: path,
            message,
        }
    })?;
    // One value: `{…} junk` or two objects in a row is not a body to act on half of.
    deserializer.end().map_err(|error| ApiError::InvalidBody {
        message: format!("the body is not one JSON value: {error}"),
    })?;
    let ObjectOnly(body) = parsed;
    Ok(body)
}

/// A value serde's derive reads only from a JSON object. A derived struct also takes an array
/// of its fields in order, so that `{"followers": [1, 2]}` would pass as `{"min": 1, "max":
/// 2}`; behind this, an array (or any other non-object) is a 400 naming the field.
struct ObjectOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(ObjectOnly)
    }
}

/// `#[serde(default, deserialize_with = "object")]` for an `Option` of a struct: `null` or
/// left out is `None`, an object the struct, anything else an error on the field.
pub fn object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<ObjectOnly<T>>::deserialize(deserializer).map(|value| value.map(|ObjectOnly(t)| t))
}

/// `#[serde(default, deserialize_with = "objects")]` for an `Option` of a list of structs:
/// each item must be an object (an error names the item).
pub fn objects<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Vec<ObjectOnly<T>>>::deserialize(deserializer)
        .map(|value| value.map(|items| items.into_iter().map(|ObjectOnly(item)| item).collect()))
}

/// The name in serde's "missing field `NAME`" message.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name)
}

/// Parses a creator id given by a client (surrounding spaces ignored); a bad one is a 400 on `field`.
pub fn parse_creator_id(raw: &str, field: impl Into<String>) -> Result<CreatorId, ApiError> {
    CreatorId::parse(raw.trim()).map_err(|error| ApiError::invalid(field, error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        limit: Option<u32>,
        #[serde(default, deserialize_with = "object")]
        range: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        min: Option<u64>,
    }

    fn field_of(raw: &str) -> Option<String> {
        match parse_body::<Outer>(Ok(Bytes::from(raw.to_string()))) {
            Err(ApiError::InvalidField { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn names_unknown_and_mistyped_fields() {
        assert_eq!(field_of(r#"{"lmit": 3}"#).as_deref(), Some("lmit"));
        assert_eq!(field_of(r#"{"limit": "x"}"#).as_deref(), Some("limit"));
        assert_eq!(
            field_of(r#"{"range": {"mn": 1}}"#).as_deref(),
            Some("range.mn")
        );
        assert_eq!(
            field_of(r#"{"range": {"min": -1}}"#).as_deref(),
            Some("range.min")
        );
    }

    #[test]
    fn names_missing_fields_where_they_are_missing() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Needs {
            name: String,
            range: Option<NeedsMin>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct NeedsMin {
            min: u64,
        }
        let field_of =
            |raw: &'static str| match parse_body::<Needs>(Ok(Bytes::from_static(raw.as_bytes()))) {
                Err(ApiError::InvalidField { field, .. }) => Some(field),
                _ => None,
            };
        assert_eq!(field_of(r#"{}"#).as_deref(), Some("name"));
        assert_eq!(
            field_of(r#"{"name": "a", "range": {}}"#).as_deref(),
            Some("range.min")
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_says_so() {
        for raw in ["[]", "null", "\"x\"", " 3"] {
            match parse_body::<Outer>(Ok(Bytes::from(raw.to_string()))) {
                Err(ApiError::InvalidBody { message }) => {
                    assert_eq!(message, "the body must be a JSON object", "{raw}")
                }
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn syntax_errors_are_body_errors() {
        let result = parse_body::<Outer>(Ok(Bytes::from_static(b"{\"limit\": ")));
        assert!(matches!(result, Err(ApiError::InvalidBody { .. })));
        let result = parse_body::<Outer>(Ok(Bytes::new()));
        assert!(matches!(result, Err(ApiError::InvalidBody { .. })));
    }

    #[test]
    fn a_body_is_one_value() {
        for raw in [r#"{"limit": 1} junk"#, r#"{"limit": 1} {"limit": 2}"#] {
            let result = parse_body::<Outer>(Ok(Bytes::from(raw.to_string())));
            assert!(matches!(result, Err(ApiError::InvalidBody { .. })), "{raw}");
        }
        let result = parse_body::<Outer>(Ok(Bytes::from_static(b" {\"limit\": 1}\n ")));
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn objects_are_objects() {
        assert_eq!(field_of(r#"{"range": [1]}"#).as_deref(), Some("range"));
        assert!(field_of(r#"{"range": null}"#).is_none());
        match parse_body::<Outer>(Ok(Bytes::from_static(b"[3, null]"))) {
            Err(ApiError::InvalidBody { message }) => {
                assert_eq!(message, "the body must be a JSON object")
            }
            other => panic!("{other:?}"),
        }
    }
}
