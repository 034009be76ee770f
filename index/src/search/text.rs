//! The query text's own syntax besides tantivy's: `#tag` and `@account` tokens become hashtag
//! and mention filters, and `field:` scopes are checked against the searchable fields.

/// Fields a query may scope a term or phrase to (`bio:coach`, `posts:"meal prep"`).
pub const SCOPABLE_FIELDS: [&str; 5] = ["handle", "display_name", "bio", "posts", "hashtags"];

/// Query text split into what the text parser reads and the filters written inline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryText {
    /// The text without the `#tag` and `@account` tokens.
    pub text: String,
    /// `#tag` tokens, lower case, without `#`.
    pub hashtags: Vec<String>,
    /// `@account` tokens, lower case, without the leading `@`.
    pub mentions: Vec<String>,
    /// Field names used as `name:` scopes outside quotes, in order of appearance.
    pub scopes: Vec<String>,
}

impl QueryText {
    /// Splits `raw`: a word starting with `#` or `@` (outside quotes, at the start or after
    /// whitespace or a parenthesis) is a filter token; `name:` right before a term is a scope.
    pub fn parse(raw: &str) -> QueryText {
        let mut parsed = QueryText::default();
        let mut text = String::with_capacity(raw.len());
        let mut in_quotes = false;
        let mut previous: Option<char> = None;
        let mut chars = raw.char_indices().peekable();
        while let Some((position, c)) = chars.next() {
            let at_word_start = previous.is_none_or(|p| p.is_whitespace() || p == '(');
            if c == '"' {
                in_quotes = !in_quotes;
            } else if !in_quotes && at_word_start && (c == '#' || c == '@') {
                let rest = &raw[position + c.len_utf8()..];
                let length = token_length(rest, c == '@');
                if length > 0 {
                    let token = rest[..length].trim_end_matches(['.', '-']).to_lowercase();
                    if c == '#' {
                        parsed.hashtags.push(token);
                    } else {
                        parsed.mentions.push(token);
                    }
                    // Skip the token's characters.
                    while chars
                        .peek()
                        .is_some_and(|(next, _)| *next < position + c.len_utf8() + length)
                    {
                        chars.next();
                    }
                    previous = Some(' ');
                    text.push(' ');
                    continue;
                }
            } else if !in_quotes && c == ':' {
                let scope: String = text
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<Vec<char>>()
                    .into_iter()
                    .rev()
                    .collect();
                if !scope.is_empty() {
                    parsed.scopes.push(scope);
                }
            }
            text.push(c);
            previous = Some(c);
        }
        parsed.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // What is left of `(#vegan OR #keto)` searches nothing: no text part at all.
        let searches_words = parsed
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| !word.is_empty() && !["AND", "OR", "NOT"].contains(&word));
        if !searches_words {
            parsed.text.clear();
        }
        dedup_in_order(&mut parsed.hashtags);
        dedup_in_order(&mut parsed.mentions);
        parsed
    }

    /// The first scope that names no searchable field.
    pub fn unknown_scope(&self) -> Option<&str> {
        self.scopes
            .iter()
            .map(String::as_str)
            .find(|scope| !SCOPABLE_FIELDS.contains(scope))
    }
}

/// Bytes of a hashtag or mention token at the start of `rest`: letters, digits, `_`, and for
/// mentions also `.`, `-` and one inner `@` (`alice@social.example`).
fn token_length(rest: &str, mention: bool) -> usize {
    let mut length = 0;
    let mut seen_at = false;
    for c in rest.chars() {
        let allowed = c.is_alphanumeric()
            || c == '_'
            || (mention && (c == '.' || c == '-'))
            || (mention && c == '@' && !seen_at && length > 0);
        if !allowed {
            break;
        }
        seen_at |= c == '@';
        length += c.len_utf8();
    }
    length
}

fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| !item.is_empty() && seen.insert(item.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_mentions_leave_the_text() {
        let parsed = QueryText::parse("#Vegan recipes @Brand.Co, with @ana@social.example #");
        assert_eq!(parsed.hashtags, vec!["vegan"]);
        assert_eq!(parsed.mentions, vec!["brand.co", "ana@social.example"]);
        assert_eq!(parsed.text, "recipes , with #");
    }

    #[test]
    fn operators_left_alone_are_no_text() {
        let parsed = QueryText::parse("(#vegan OR #keto) AND @brand");
        assert_eq!(parsed.hashtags, vec!["vegan", "keto"]);
        assert_eq!(parsed.mentions, vec!["brand"]);
        assert_eq!(parsed.text, "");
        assert_eq!(QueryText::parse("#vegan OR cake").text, "OR cake");
    }

    #[test]
    fn quoted_and_inner_signs_stay_text() {
        let parsed = QueryText::parse("\"#not a tag\" mail@example.com C#");
        assert!(parsed.hashtags.is_empty());
        assert!(parsed.mentions.is_empty());
        assert_eq!(parsed.text, "\"#not a tag\" mail@example.com C#");
    }

    #[test]
    fn scopes_are_collected_outside_quotes() {
        let parsed = QueryText::parse("bio:coach AND posts:\"meal prep\" \"a:b\" -country:US");
        assert_eq!(parsed.scopes, vec!["bio", "posts", "country"]);
        assert_eq!(parsed.unknown_scope(), Some("country"));
        assert_eq!(QueryText::parse("bio:coach").unknown_scope(), None);
    }
}
