//! Free-text locations ("São Paulo, Brasil", "Lisboa 🇵🇹", "NYC", "Austin, TX") → ISO-3166
//! alpha-2 countries, with the shipped gazetteer `data/places.tsv` (country names in several
//! languages, demonyms, regions, major cities, nicknames) and flag emoji.
//!
//! Every match votes for its country with the weight of its kind; the longest name wins where
//! names overlap ("New Mexico" is not Mexico), short names in capitals match only as written
//! ("LA", "Aus"), and a lone two-letter code after a comma counts as an ISO code or a state
//! code. The best country wins outright when it leads by [`CLEAR_LEAD`]; otherwise the
//! close candidates share the sample.

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;
use std::sync::LazyLock;

use super::Code;
use crate::niche::fold;

const PLACES_TSV: &str = include_str!("../../data/places.tsv");

/// Longest name in tokens the matcher tries.
const MAX_NAME_TOKENS: usize = 5;

/// Vote of a flag emoji.
const FLAG_WEIGHT: f64 = 3.0;
/// Vote of a lone ISO code ("Lyon, FR").
const ISO_CODE_WEIGHT: f64 = 1.0;
/// A country wins alone when its votes lead the next by this much.
const CLEAR_LEAD: f64 = 0.5;

/// Vote of a gazetteer name by its kind.
fn kind_weight(kind: &str) -> Option<f64> {
    Some(match kind {
        "country" => 2.0,
        "city" => 1.5,
        "region" => 1.3,
        "demonym" => 1.2,
        "nickname" | "ambiguous" => 1.0,
        "state_code" => 0.9,
        "blocker" => 0.0,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy)]
struct Vote {
    /// Index into [`Gazetteer::codes`]; `None` for a blocker (a name that means no country).
    country: Option<u16>,
    weight: f64,
}

struct Gazetteer {
    codes: Vec<String>,
    /// Folded, lower-cased names (tokens joined by one space).
    names: HashMap<String, Vec<Vote>>,
    /// Short capitalised names that must match as written ("LA", "Mad", "Oz").
    exact: HashMap<String, Vec<Vote>>,
    /// Two-letter state or province codes, valid only as a lone token after a comma.
    state_codes: HashMap<String, Vec<Vote>>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(PLACES_TSV));

impl Gazetteer {
    fn parse(tsv: &str) -> Gazetteer {
        let mut gazetteer = Gazetteer {
            codes: Vec::new(),
            names: HashMap::new(),
            exact: HashMap::new(),
            state_codes: HashMap::new(),
        };
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(code), Some(kind), Some(name)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(weight) = kind_weight(kind) else {
                continue;
            };
            let country = if kind == "blocker" {
                None
            } else {
                Some(gazetteer.code_index(code))
            };
            let vote = Vote { country, weight };
            let tokens = tokenize_segment(name);
            if tokens.is_empty() {
                continue;
            }
            if kind == "state_code" {
                gazetteer
                    .state_codes
                    .entry(name.to_string())
                    .or_default()
                    .push(vote);
                continue;
            }
            if matches_as_written(kind, name) {
                let key = join(tokens.iter().map(|token| token.original.as_str()));
                gazetteer.exact.entry(key).or_default().push(vote);
            } else {
                let key = join(tokens.iter().map(|token| token.folded.as_str()));
                gazetteer.names.entry(key).or_default().push(vote);
            }
        }
        gazetteer
    }

    fn code_index(&mut self, code: &str) -> u16 {
        match self.codes.iter().position(|known| known == code) {
            Some(position) => position as u16,
            None => {
                self.codes.push(code.to_string());
                (self.codes.len() - 1) as u16
            }
        }
    }

    fn index_of(&self, code: &str) -> Option<u16> {
        self.codes
            .iter()
            .position(|known| known == code)
            .map(|position| position as u16)
    }
}

/// Names that are also common words match only as written.
const WORDS_TOO: [&str; 5] = ["nice", "bath", "ire", "brit", "split"];

/// Acronyms ("LA", "NYC"), short nicknames ("Aus", "Mad") and names that are also words
/// ("Nice") match only with the capitals they are written with.
fn matches_as_written(kind: &str, name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
    let short_nickname = kind == "nickname" && letters.len() <= 4;
    acronym || short_nickname || WORDS_TOO.contains(&fold(name).as_str())
}

#[derive(Debug, Clone)]
struct Token {
    original: String,
    folded: String,
}

/// Locations whose countries a thread remembers before it starts over.
const REMEMBERED_LOCATIONS: usize = 16_384;

/// The countries of this thread's recent locations.
type LocationMemo = HashMap<Box<str>, Vec<(Code, f64)>>;

thread_local! {
    static LOCATION_MEMO: RefCell<LocationMemo> = RefCell::new(HashMap::new());
}

/// Countries a location text names, as shares summing to 1; empty when it names none.
/// Remembered per thread: audiences state the same few thousand places over and over.
pub(crate) fn countries_of_location(text: &str) -> Vec<(Code, f64)> {
    LOCATION_MEMO.with(|memo| {
        if let Some(countries) = memo.borrow().get(text) {
            return countries.clone();
        }
        let countries = read_location(text);
        let mut memo = memo.borrow_mut();
        if memo.len() >= REMEMBERED_LOCATIONS {
            memo.clear();
        }
        memo.insert(text.into(), countries.clone());
        countries
    })
}

/// [`countries_of_location`] without the memo.
fn read_location(text: &str) -> Vec<(Code, f64)> {
    let gazetteer = &*GAZETTEER;
    let mut votes: Vec<(u16, f64)> = Vec::new();
    let mut cast = |country: u16, weight: f64| match votes.iter_mut().find(|(c, _)| *c == country) {
        Some((_, total)) => *total += weight,
        None => votes.push((country, weight)),
    };
    for code in flag_codes(text) {
        if let Some(country) = gazetteer.index_of(&code) {
            cast(country, FLAG_WEIGHT);
        }
    }
    let segments = segments(text);
    let last_segment = segments.len().saturating_sub(1);
    for (position, segment) in segments.iter().enumerate() {
        let tokens = tokenize_segment(segment);
        if position > 0 && position == last_segment && tokens.len() == 1 {
            let code = tokens[0].original.as_str();
            if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
                if let Some(country) = gazetteer.index_of(code) {
                    cast(country, ISO_CODE_WEIGHT);
                }
                for vote in gazetteer.state_codes.get(code).into_iter().flatten() {
                    if let Some(country) = vote.country {
                        cast(country, vote.weight);
                    }
                }
                continue;
            }
        }
        let mut start = 0;
        while start < tokens.len() {
            let longest = MAX_NAME_TOKENS.min(tokens.len() - start);
            let matched = (1..=longest).rev().find_map(|length| {
                let window = &tokens[start..start + length];
                let folded = join(window.iter().map(|token| token.folded.as_str()));
                let original = join(window.iter().map(|token| token.original.as_str()));
                gazetteer
                    .names
                    .get(&folded)
                    .or_else(|| gazetteer.exact.get(&original))
                    .map(|found| (length, found))
            });
            match matched {
                Some((length, found)) => {
                    for vote in found {
                        if let Some(country) = vote.country {
                            cast(country, vote.weight);
                        }
                    }
                    start += length;
                }
                None => start += 1,
            }
        }
    }
    resolve(&votes)
        .into_iter()
        .filter_map(|(country, share)| {
            let code = gazetteer.codes.get(usize::from(country))?;
            Some((Code::new(code)?, share))
        })
        .collect()
}

/// The winner alone when it leads clearly, else the close candidates by their votes.
fn resolve(votes: &[(u16, f64)]) -> Vec<(u16, f64)> {
    let best = votes.iter().map(|(_, weight)| *weight).fold(0.0, f64::max);
    if best <= 0.0 {
        return Vec::new();
    }
    let close: Vec<(u16, f64)> = votes
        .iter()
        .copied()
        .filter(|(_, weight)| *weight > best - CLEAR_LEAD)
        .collect();
    let total: f64 = close.iter().map(|(_, weight)| weight).sum();
    close
        .into_iter()
        .map(|(country, weight)| (country, weight / total))
        .collect()
}

/// Alpha-2 codes of the flag emoji in `text`: pairs of regional indicator symbols, and the
/// England / Scotland / Wales tag sequences as `GB`.
pub(crate) fn flag_codes(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut pending: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(letter) = regional_indicator(c) {
            match pending.take() {
                Some(first) => codes.push(format!("{first}{letter}")),
                None => pending = Some(letter),
            }
            continue;
        }
        pending = None;
        // 🏴 followed by tag letters "gb…" (England, Scotland, Wales).
        if c == '\u{1F3F4}' {
            let tags: String = std::iter::from_fn(|| {
                chars
                    .next_if(|next| ('\u{E0061}'..='\u{E007A}').contains(next))
                    .and_then(|tag| char::from_u32(u32::from(tag) - 0xE0061 + u32::from('a')))
            })
            .collect();
            if tags.starts_with("gb") {
                codes.push("GB".to_string());
            }
        }
    }
    codes
}

fn regional_indicator(c: char) -> Option<char> {
    let value = u32::from(c);
    (0x1F1E6..=0x1F1FF)
        .contains(&value)
        .then(|| char::from_u32(value - 0x1F1E6 + u32::from('A')))
        .flatten()
}

/// Parts of a location separated by commas, bars, arrows, emoji and the like; `.`, `-` and
/// apostrophes stay inside names ("St. Louis", "Aix-en-Provence", "Côte d'Ivoire").
fn segments(text: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | '-' | '\'' | '’') {
            current.push(c);
        } else if !current.trim().is_empty() {
            segments.push(std::mem::take(&mut current));
        } else {
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        segments.push(current);
    }
    segments
}

/// Alphanumeric runs of a segment, as written and folded.
fn tokenize_segment(segment: &str) -> Vec<Token> {
    segment
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty())
        .map(|token| Token {
            original: token.to_string(),
            folded: fold(token),
        })
        .collect()
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut joined = String::new();
    for part in parts {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(part);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_locations_equal_fresh_readings() {
        let places = [
            "São Paulo, Brasil",
            "Lisboa 🇵🇹",
            "NYC",
            "Austin, TX",
            "Georgia",
            "",
            "nowhere",
        ];
        for _ in 0..2 {
            for place in places {
                assert_eq!(
                    countries_of_location(place),
                    read_location(place),
                    "{place}"
                );
            }
        }
        for number in 0..=REMEMBERED_LOCATIONS {
            countries_of_location(&format!("town {number}"));
        }
        assert!(LOCATION_MEMO.with(|memo| memo.borrow().len()) <= REMEMBERED_LOCATIONS);
        assert_eq!(countries_of_location(places[0]), read_location(places[0]));
    }

    fn country(text: &str) -> Option<String> {
        let shares = countries_of_location(text);
        match shares.as_slice() {
            [(code, share)] if (*share - 1.0).abs() < 1e-9 => Some(code.as_str().to_string()),
            _ => None,
        }
    }

    #[test]
    fn reads_the_common_ways_people_write_places() {
        let cases = [
            ("São Paulo, Brasil", "BR"),
            ("sao paulo", "BR"),
            ("Lisboa 🇵🇹", "PT"),
            ("🇩🇪", "DE"),
            ("NYC", "US"),
            ("Austin, TX", "US"),
            ("Denver, CO", "US"),
            ("Bogotá, CO", "CO"),
            ("Toronto, CA", "CA"),
            ("Lyon, FR", "FR"),
            ("Berlin, Germany", "DE"),
            ("Wien", "AT"),
            ("Zürich", "CH"),
            ("Bruxelles", "BE"),
            ("Ciudad de México", "MX"),
            ("CDMX", "MX"),
            ("New Mexico", "US"),
            ("Porto Alegre", "BR"),
            ("Porto", "PT"),
            ("Buenos Aires ↔ Rosario", "AR"),
            ("wien", "AT"),
            ("Bs As", "AR"),
            ("Mumbai, India", "IN"),
            ("the 6ix", "CA"),
            ("Brisbane", "AU"),
            (
                "England 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
                "GB",
            ),
            ("Deutschland", "DE"),
            ("Alemanha", "DE"),
            ("Aus Berlin", "DE"),
            ("El Salvador", "SV"),
        ];
        for (text, expected) in cases {
            assert_eq!(country(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn jokes_and_blanks_name_no_country() {
        for text in [
            "",
            "somewhere ✨",
            "Earth 🌍",
            "the internet",
            "in my head",
            "404 not found",
            "Latin America",
            "la",
            "mad about you",
            "somewhere nice",
        ] {
            assert!(countries_of_location(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn close_calls_share_the_sample() {
        let shares = countries_of_location("Buenos Aires ↔ Madrid ↔ Barcelona");
        assert_eq!(shares.len(), 1, "{shares:?}"); // Spain leads 3.0 to 1.5
        assert_eq!(shares[0].0.as_str(), "ES");
        let georgia = countries_of_location("Georgia");
        assert_eq!(georgia.len(), 2, "{georgia:?}");
        assert!((georgia.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(country("Atlanta, Georgia").as_deref(), Some("US"));
    }

    #[test]
    fn every_gazetteer_code_fits_a_code() {
        // Readings keep codes inline; one that did not fit would be dropped.
        assert!(!GAZETTEER.codes.is_empty());
        for code in &GAZETTEER.codes {
            assert_eq!(
                Code::new(code)
                    .map(|code| code.as_str().to_string())
                    .as_ref(),
                Some(code)
            );
        }
    }

    #[test]
    fn flags_decode_to_codes() {
        assert_eq!(flag_codes("hi 🇧🇷🇵🇹 x"), vec!["BR", "PT"]);
        assert!(flag_codes("🌍 ✨").is_empty());
        // The estimate reads a display name's and a bio's flags apart: as it read them joined
        // by a space, since no flag spans one.
        let england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
        let parts = [
            "",
            "🇧",
            "🇷",
            "🇧🇷",
            "x🇵",
            england,
            "🏴",
            "\u{E0062}",
            "🇵🇹 🇩",
            "é🇪🇸é",
        ];
        for display in parts {
            for bio in parts {
                let mut apart = flag_codes(display);
                apart.extend(flag_codes(bio));
                assert_eq!(
                    apart,
                    flag_codes(&format!("{display} {bio}")),
                    "{display:?} {bio:?}"
                );
            }
        }
    }
}
