//! The language of one audience member: detected from their reply (and bio) with `whatlang`
//! restricted to the languages Scout serves, weighed against the language the platform
//! declared for the reply.
//!
//! Platforms sometimes declare the poster's interface language rather than the text's, so a
//! reliable detection on a reply of 40+ letters outweighs the declaration (0.6 / 0.4), an
//! unreliable one does not (0.15 / 0.85); shorter replies are not checked against a
//! declaration at all: trigram statistics on a few words are less trustworthy than the
//! platform. Without a declaration, texts of [`MIN_DETECTION_LETTERS`]+ letters (the reply,
//! with the bio when the reply is short) are detected.

use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// Languages the detector may answer, with their ISO-639-1 codes.
const DETECTABLE: [(Lang, &str); 7] = [
    (Lang::Eng, "en"),
    (Lang::Spa, "es"),
    (Lang::Por, "pt"),
    (Lang::Deu, "de"),
    (Lang::Fra, "fr"),
    (Lang::Ita, "it"),
    (Lang::Nld, "nl"),
];

/// Texts with fewer letters than this are not run through the detector.
pub const MIN_DETECTION_LETTERS: usize = 12;

/// A reply this long (letters) lets a reliable detection outweigh the declared language.
const LONG_TEXT_LETTERS: usize = 40;

/// Below this whatlang confidence an unreliable detection is ignored.
const MIN_CONFIDENCE: f64 = 0.15;

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(DETECTABLE.iter().map(|(lang, _)| *lang).collect()));

/// Language evidence of one sample: a distribution over ISO-639-1 codes and how much it
/// counts (1 = a sure reading).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LanguageEvidence {
    pub(crate) shares: Vec<(String, f64)>,
    pub(crate) strength: f64,
}

/// Reads the language of a reply `text` (with the replier's `bio` as extra text when the
/// reply alone is short) against the `declared` language.
pub(crate) fn language_evidence(
    text: Option<&str>,
    bio: Option<&str>,
    declared: Option<&str>,
) -> Option<LanguageEvidence> {
    let declared = declared.and_then(normalise_code);
    // A short reply would barely move a declared language: skip the detector.
    let long_reply = text.is_some_and(|text| letter_count(text) >= LONG_TEXT_LETTERS);
    let detected = if declared.is_none() || long_reply {
        detect(text, bio)
    } else {
        None
    };
    let single = |code: String, strength: f64| LanguageEvidence {
        shares: vec![(code, 1.0)],
        strength,
    };
    match (detected, declared) {
        (Some(detection), Some(declared)) if detection.code == declared => {
            Some(single(declared, 1.0))
        }
        (Some(detection), Some(declared)) => {
            let detected_share = if detection.reliable && detection.letters >= LONG_TEXT_LETTERS {
                0.6
            } else {
                0.15
            };
            Some(LanguageEvidence {
                shares: vec![
                    (detection.code.to_string(), detected_share),
                    (declared, 1.0 - detected_share),
                ],
                strength: 1.0,
            })
        }
        (Some(detection), None) => Some(single(
            detection.code.to_string(),
            if detection.reliable { 1.0 } else { 0.5 },
        )),
        (None, Some(declared)) => Some(single(declared, 1.0)),
        (None, None) => None,
    }
}

struct Detection {
    code: &'static str,
    reliable: bool,
    letters: usize,
}

fn letter_count(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

fn detect(text: Option<&str>, bio: Option<&str>) -> Option<Detection> {
    let letters = letter_count;
    let reply = text.unwrap_or("").trim();
    let candidate = if letters(reply) >= LONG_TEXT_LETTERS {
        reply.to_string()
    } else {
        format!("{reply}\n{}", bio.unwrap_or("").trim())
    };
    if letters(&candidate) < MIN_DETECTION_LETTERS {
        return None;
    }
    let info = DETECTOR.detect(&candidate)?;
    if !info.is_reliable() && info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    let code = DETECTABLE
        .iter()
        .find(|(lang, _)| *lang == info.lang())
        .map(|(_, code)| *code)?;
    Some(Detection {
        code,
        reliable: info.is_reliable(),
        letters: letters(reply),
    })
}

/// `pt-BR`, `PT`, `por` → `pt`; anything else that is not two or three ASCII letters → `None`.
pub(crate) fn normalise_code(raw: &str) -> Option<String> {
    let primary = raw.trim().split(['-', '_']).next().unwrap_or("");
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let lower = primary.to_ascii_lowercase();
    if lower.len() == 2 {
        return Some(lower);
    }
    // ISO-639-2/3 codes of the detectable languages (and the bibliographic variants).
    let two_letter = match lower.as_str() {
        "eng" => "en",
        "spa" => "es",
        "por" => "pt",
        "deu" | "ger" => "de",
        "fra" | "fre" => "fr",
        "ita" => "it",
        "nld" | "dut" => "nl",
        _ => return Some(lower),
    };
    Some(two_letter.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(evidence: &LanguageEvidence) -> &str {
        evidence
            .shares
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(code, _)| code.as_str())
            .unwrap_or("")
    }

    #[test]
    fn detects_the_languages_scout_serves() {
        let cases = [
            (
                "I absolutely love this recipe, making it again this weekend!",
                "en",
            ),
            (
                "Me encanta esta receta, la voy a preparar este fin de semana con mi familia",
                "es",
            ),
            (
                "Adorei essa receita, vou fazer no fim de semana com a minha família",
                "pt",
            ),
            (
                "Ich liebe dieses Rezept und werde es am Wochenende wieder kochen",
                "de",
            ),
            (
                "J'adore cette recette, je vais la refaire ce week-end avec ma famille",
                "fr",
            ),
        ];
        for (text, expected) in cases {
            let evidence = language_evidence(Some(text), None, None).unwrap();
            assert_eq!(top(&evidence), expected, "{text}");
        }
    }

    #[test]
    fn declared_language_fills_in_for_short_texts() {
        let evidence = language_evidence(Some("wow 😍"), None, Some("pt-BR")).unwrap();
        assert_eq!(evidence.shares, vec![("pt".to_string(), 1.0)]);
        assert_eq!(evidence.strength, 1.0);
        assert!(language_evidence(Some("wow"), None, None).is_none());
        assert!(language_evidence(None, None, Some("not a code")).is_none());
    }

    #[test]
    fn a_reliable_detection_outweighs_a_wrong_declaration() {
        let text = "Ich liebe dieses Rezept und werde es am Wochenende wieder kochen";
        let evidence = language_evidence(Some(text), None, Some("en")).unwrap();
        assert_eq!(top(&evidence), "de");
        assert_eq!(evidence.shares.len(), 2);
        let agreeing = language_evidence(Some(text), None, Some("de")).unwrap();
        assert_eq!(agreeing.shares, vec![("de".to_string(), 1.0)]);
    }

    #[test]
    fn codes_normalise() {
        assert_eq!(normalise_code("PT-br").as_deref(), Some("pt"));
        assert_eq!(normalise_code("ger").as_deref(), Some("de"));
        assert_eq!(normalise_code("ja").as_deref(), Some("ja"));
        assert_eq!(normalise_code("e"), None);
        assert_eq!(normalise_code("english"), None);
    }
}
