//! Query strings of the API's GET routes, read strictly: a value whose percent-encoding is not
//! UTF-8 is a 400 naming its parameter (where a lossy decoding would turn it into U+FFFD and
//! match, or filter, something the client never asked for), and a route that takes no
//! parameters names the first one it is given.

use crate::api::error::ApiError;

/// The `name=value` pairs of a query string in order, `+` and percent-encodings decoded
/// (`application/x-www-form-urlencoded`, as browsers and client libraries send it). A value
/// that does not decode to UTF-8 is a 400 on its parameter; a name that does not is kept
/// with U+FFFD in place of the bad bytes (no parameter has such a name: it is then named as
/// unknown).
pub fn pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    raw.unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = String::from_utf8_lossy(&form_decode(name)).into_owned();
            let value = String::from_utf8(form_decode(value)).map_err(|_| {
                ApiError::invalid(
                    name.clone(),
                    "the value is not UTF-8 once percent-decoded: encode text as UTF-8 \
                     before percent-encoding it",
                )
            })?;
            Ok((name, value))
        })
        .collect()
}

/// For a route that takes no query parameters: any given is a 400 naming it, as the routes
/// with parameters name an unknown one.
pub fn none_expected(raw: Option<&str>) -> Result<(), ApiError> {
    match pairs(raw)?.into_iter().next() {
        Some((name, _)) => Err(ApiError::invalid(
            name,
            "unknown query parameter: this route takes none",
        )),
        None => Ok(()),
    }
}

/// The bytes of one form-encoded part: `+` is a space, `%XX` the byte it encodes; a `%` not
/// followed by two hex digits stays as it is (as the WHATWG URL standard reads it).
fn form_decode(part: &str) -> Vec<u8> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' => {
                let high = bytes.get(at + 1).and_then(|byte| hex_value(*byte));
                let low = bytes.get(at + 2).and_then(|byte| hex_value(*byte));
                if let (Some(high), Some(low)) = (high, low) {
                    out.push(high << 4 | low);
                    at += 3;
                    continue;
                }
                out.push(b'%');
            }
            byte => out.push(byte),
        }
        at += 1;
    }
    out
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(raw: &str) -> Vec<(String, String)> {
        pairs(Some(raw)).unwrap()
    }

    #[test]
    fn decodes_like_form_urlencoded() {
        for raw in [
            "q=vegan+meal%20prep&platform=web,mastodon",
            "a&b=&=c&&d=%zz%4",
            "q=%C3%A9t%C3%A9&x=%2B%26%3D",
        ] {
            let expected: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect();
            assert_eq!(decoded(raw), expected, "{raw}");
        }
    }

    #[test]
    fn a_value_that_is_not_utf8_names_its_parameter() {
        for (raw, field) in [("q=%FF", "q"), ("limit=1&hashtag=ok%C3", "hashtag")] {
            match pairs(Some(raw)) {
                Err(ApiError::InvalidField { field: named, .. }) => assert_eq!(named, field),
                other => panic!("{raw}: {other:?}"),
            }
        }
        assert_eq!(decoded("%FF=1")[0].0, "\u{FFFD}");
    }

    #[test]
    fn none_expected_names_the_first_parameter() {
        assert!(none_expected(None).is_ok());
        assert!(none_expected(Some("")).is_ok());
        match none_expected(Some("bogus=1&other")) {
            Err(ApiError::InvalidField { field, .. }) => assert_eq!(field, "bogus"),
            other => panic!("{other:?}"),
        }
    }
}
