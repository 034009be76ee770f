//! Response bodies as text: the encoding comes from a byte-order mark, the `Content-Type`
//! charset, then the document itself (`<meta charset>` in HTML, the XML declaration), and is
//! UTF-8 otherwise. Labels follow the WHATWG Encoding Standard (`ISO-8859-1` reads as
//! windows-1252, as browsers do). Malformed sequences become U+FFFD; nothing here fails.

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;

/// The kind of document, which decides where an in-document charset is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    Html,
    Xml,
}

/// How far into an HTML document the `<meta charset>` prescan looks (as browsers do).
const PRESCAN_BYTES: usize = 1024;

static META_CHARSET_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"#)
        .expect("built-in pattern compiles")
});

static XML_ENCODING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)["']"#)
        .expect("built-in pattern compiles")
});

/// Decodes a body to text.
pub(crate) fn decode_text<'a>(
    body: &'a [u8],
    content_type: Option<&str>,
    kind: TextKind,
) -> Cow<'a, str> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(body) {
        return encoding.decode_without_bom_handling(&body[bom_length..]).0;
    }
    let encoding = content_type
        .and_then(charset_of_content_type)
        .or_else(|| in_document_charset(body, kind))
        .unwrap_or(UTF_8);
    encoding.decode_without_bom_handling(body).0
}

/// The body of a JSON response without a UTF-8 byte-order mark (JSON is UTF-8 by RFC 8259).
pub(crate) fn json_bytes(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// The encoding named by `charset=` in a `Content-Type` value, when it is known.
fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

fn in_document_charset(body: &[u8], kind: TextKind) -> Option<&'static Encoding> {
    let label = match kind {
        TextKind::Html => {
            let head = &body[..body.len().min(PRESCAN_BYTES)];
            META_CHARSET_RE.captures(head)?.get(1)?.as_bytes()
        }
        TextKind::Xml => XML_ENCODING_RE.captures(body)?.get(1)?.as_bytes(),
    };
    let encoding = Encoding::for_label(label)?;
    // A document that says it is UTF-16 while being read as ASCII-compatible bytes is wrong
    // about itself; HTML's prescan rule reads it as UTF-8.
    if encoding.is_single_byte() || encoding.output_encoding() == encoding {
        Some(encoding.output_encoding())
    } else {
        Some(UTF_8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATIN1_PAGE: &[u8] =
        b"<html><head><meta charset=\"ISO-8859-1\"><title>Caf\xe9</title></head></html>";

    #[test]
    fn content_type_charset_wins_over_the_document() {
        let body = b"Gr\xfc\xdfe";
        assert_eq!(
            decode_text(body, Some("text/html; charset=ISO-8859-1"), TextKind::Html),
            "Grüße"
        );
        assert_eq!(
            decode_text(body, Some("text/html; charset=\"latin1\""), TextKind::Html),
            "Grüße"
        );
        let utf8 = "Grüße".as_bytes();
        assert_eq!(
            decode_text(utf8, Some("text/html;charset=utf-8"), TextKind::Html),
            "Grüße"
        );
    }

    #[test]
    fn meta_charset_and_http_equiv_are_read() {
        let text = decode_text(LATIN1_PAGE, Some("text/html"), TextKind::Html);
        assert!(text.contains("<title>Café</title>"), "{text}");
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xcf\xf0\xe8\xe2\xe5\xf2";
        assert!(decode_text(equiv, None, TextKind::Html).ends_with("Привет"));
        let unknown = b"<meta charset=\"klingon\">ok";
        assert_eq!(
            decode_text(unknown, None, TextKind::Html),
            "<meta charset=\"klingon\">ok"
        );
        let utf16_claim = "<meta charset=\"utf-16\">é".as_bytes();
        assert!(decode_text(utf16_claim, None, TextKind::Html).ends_with('é'));
    }

    #[test]
    fn xml_declaration_boms_and_bad_bytes() {
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>na\xefve</t>";
        assert!(decode_text(xml, Some("application/atom+xml"), TextKind::Xml).contains("naïve"));
        let bom = b"\xEF\xBB\xBFhello";
        assert_eq!(
            decode_text(bom, Some("text/html; charset=latin1"), TextKind::Html),
            "hello"
        );
        let utf16 = b"\xFF\xFEh\x00i\x00";
        assert_eq!(decode_text(utf16, None, TextKind::Html), "hi");
        assert_eq!(
            decode_text(b"bad \xff byte", None, TextKind::Html),
            "bad \u{fffd} byte"
        );
        assert_eq!(json_bytes(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(json_bytes(b"{}"), b"{}");
    }
}
