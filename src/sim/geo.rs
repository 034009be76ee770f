//! Languages and countries of the simulated web: codes, which languages each country speaks,
//! and the place names people write in their profiles.

use serde::Serialize;

/// The languages the simulation writes in (ISO-639-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Language {
    En,
    Es,
    Pt,
    De,
    Fr,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::En,
        Language::Es,
        Language::Pt,
        Language::De,
        Language::Fr,
    ];

    /// ISO-639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Pt => "pt",
            Language::De => "de",
            Language::Fr => "fr",
        }
    }

    /// Position in [`Language::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The countries creators and their audiences live in (ISO-3166 alpha-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Country {
    Us,
    Gb,
    Ca,
    Au,
    In,
    Es,
    Mx,
    Ar,
    Co,
    Br,
    Pt,
    De,
    At,
    Ch,
    Fr,
    Be,
}

/// Which first- and last-name list a person's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameGroup {
    Anglo,
    Indian,
    Hispanic,
    Lusophone,
    German,
    French,
}

/// Static facts about one country.
struct CountryFacts {
    code: &'static str,
    /// Languages spoken by its social-media users, with weights summing to 1.
    languages: &'static [(Language, f64)],
    flag: &'static str,
    /// How people there write the country's name (native forms first, then English).
    names: &'static [&'static str],
    cities: &'static [&'static str],
    /// Short forms people use instead of the city name.
    nicknames: &'static [&'static str],
}

impl Country {
    pub const ALL: [Country; 16] = [
        Country::Us,
        Country::Gb,
        Country::Ca,
        Country::Au,
        Country::In,
        Country::Es,
        Country::Mx,
        Country::Ar,
        Country::Co,
        Country::Br,
        Country::Pt,
        Country::De,
        Country::At,
        Country::Ch,
        Country::Fr,
        Country::Be,
    ];

    fn facts(self) -> &'static CountryFacts {
        &COUNTRY_FACTS[self as usize]
    }

    /// ISO-3166 alpha-2 code.
    pub fn code(self) -> &'static str {
        self.facts().code
    }

    /// Languages spoken there, weights summing to 1.
    pub fn languages(self) -> &'static [(Language, f64)] {
        self.facts().languages
    }

    /// The regional-indicator flag emoji.
    pub fn flag(self) -> &'static str {
        self.facts().flag
    }

    /// Ways of writing the country's name.
    pub fn names(self) -> &'static [&'static str] {
        self.facts().names
    }

    /// Cities people name in their location field.
    pub fn cities(self) -> &'static [&'static str] {
        self.facts().cities
    }

    /// Short city names (`NYC`, `CDMX`, `Sampa`).
    pub fn nicknames(self) -> &'static [&'static str] {
        self.facts().nicknames
    }

    /// The name list for someone from this country writing in `language`.
    pub fn name_group(self, language: Language) -> NameGroup {
        match (self, language) {
            (Country::In, _) => NameGroup::Indian,
            (Country::Ca | Country::Ch | Country::Be, Language::Fr) => NameGroup::French,
            (Country::Ch, _) => NameGroup::German,
            (Country::Be, _) => NameGroup::French,
            (Country::Us | Country::Gb | Country::Ca | Country::Au, _) => NameGroup::Anglo,
            (Country::Es | Country::Mx | Country::Ar | Country::Co, _) => NameGroup::Hispanic,
            (Country::Br | Country::Pt, _) => NameGroup::Lusophone,
            (Country::De | Country::At, _) => NameGroup::German,
            (Country::Fr, _) => NameGroup::French,
        }
    }
}

const COUNTRY_FACTS: [CountryFacts; 16] = [
    CountryFacts {
        code: "US",
        languages: &[(Language::En, 0.93), (Language::Es, 0.07)],
        flag: "🇺🇸",
        names: &["USA", "United States", "US"],
        cities: &[
            "New York",
            "Los Angeles",
            "Chicago",
            "Austin",
            "Seattle",
            "Miami",
            "Denver",
            "Atlanta",
            "Portland",
            "San Diego",
            "Nashville",
            "Boston",
        ],
        nicknames: &[
            "NYC", "LA", "Chi-town", "ATX", "the Bay", "Brooklyn", "SoCal",
        ],
    },
    CountryFacts {
        code: "GB",
        languages: &[(Language::En, 1.0)],
        flag: "🇬🇧",
        names: &["UK", "United Kingdom", "England", "Scotland"],
        cities: &[
            "London",
            "Manchester",
            "Bristol",
            "Leeds",
            "Glasgow",
            "Brighton",
            "Edinburgh",
            "Birmingham",
            "Liverpool",
        ],
        nicknames: &["LDN", "Manc", "Brum"],
    },
    CountryFacts {
        code: "CA",
        languages: &[(Language::En, 0.76), (Language::Fr, 0.24)],
        flag: "🇨🇦",
        names: &["Canada"],
        cities: &[
            "Toronto",
            "Vancouver",
            "Montréal",
            "Calgary",
            "Ottawa",
            "Québec",
            "Halifax",
            "Winnipeg",
        ],
        nicknames: &["the 6ix", "YVR", "MTL", "YYC"],
    },
    CountryFacts {
        code: "AU",
        languages: &[(Language::En, 1.0)],
        flag: "🇦🇺",
        names: &["Australia", "Aus", "Straya"],
        cities: &[
            "Sydney",
            "Melbourne",
            "Brisbane",
            "Perth",
            "Adelaide",
            "Gold Coast",
            "Hobart",
        ],
        nicknames: &["Melb", "Brissie", "Syd"],
    },
    CountryFacts {
        code: "IN",
        languages: &[(Language::En, 1.0)],
        flag: "🇮🇳",
        names: &["India", "Bharat"],
        cities: &[
            "Mumbai",
            "Delhi",
            "Bengaluru",
            "Bangalore",
            "Chennai",
            "Hyderabad",
            "Pune",
            "Kolkata",
            "Jaipur",
            "Ahmedabad",
        ],
        nicknames: &["Bombay", "Namma Bengaluru", "Dilli"],
    },
    CountryFacts {
        code: "ES",
        languages: &[(Language::Es, 1.0)],
        flag: "🇪🇸",
        names: &["España", "Spain"],
        cities: &[
            "Madrid",
            "Barcelona",
            "Valencia",
            "Sevilla",
            "Bilbao",
            "Málaga",
            "Zaragoza",
        ],
        nicknames: &["BCN", "Mad", "Bcn"],
    },
    CountryFacts {
        code: "MX",
        languages: &[(Language::Es, 1.0)],
        flag: "🇲🇽",
        names: &["México", "Mexico"],
        cities: &[
            "Ciudad de México",
            "Guadalajara",
            "Monterrey",
            "Puebla",
            "Mérida",
            "Tijuana",
            "Querétaro",
            "Oaxaca",
        ],
        nicknames: &["CDMX", "GDL", "MTY"],
    },
    CountryFacts {
        code: "AR",
        languages: &[(Language::Es, 1.0)],
        flag: "🇦🇷",
        names: &["Argentina"],
        cities: &[
            "Buenos Aires",
            "Córdoba",
            "Rosario",
            "Mendoza",
            "La Plata",
            "Mar del Plata",
        ],
        nicknames: &["BsAs", "Baires", "CABA"],
    },
    CountryFacts {
        code: "CO",
        languages: &[(Language::Es, 1.0)],
        flag: "🇨🇴",
        names: &["Colombia"],
        cities: &[
            "Bogotá",
            "Medellín",
            "Cali",
            "Barranquilla",
            "Cartagena",
            "Bucaramanga",
        ],
        nicknames: &["Bogo", "Medallo"],
    },
    CountryFacts {
        code: "BR",
        languages: &[(Language::Pt, 1.0)],
        flag: "🇧🇷",
        names: &["Brasil", "Brazil"],
        cities: &[
            "São Paulo",
            "Rio de Janeiro",
            "Belo Horizonte",
            "Curitiba",
            "Porto Alegre",
            "Recife",
            "Salvador",
            "Fortaleza",
            "Brasília",
            "Florianópolis",
        ],
        nicknames: &["SP", "Sampa", "RJ", "BH", "POA", "Floripa"],
    },
    CountryFacts {
        code: "PT",
        languages: &[(Language::Pt, 1.0)],
        flag: "🇵🇹",
        names: &["Portugal"],
        cities: &[
            "Lisboa", "Porto", "Braga", "Coimbra", "Faro", "Aveiro", "Funchal",
        ],
        nicknames: &["Lx", "Invicta"],
    },
    CountryFacts {
        code: "DE",
        languages: &[(Language::De, 1.0)],
        flag: "🇩🇪",
        names: &["Deutschland", "Germany"],
        cities: &[
            "Berlin",
            "Hamburg",
            "München",
            "Köln",
            "Frankfurt",
            "Leipzig",
            "Stuttgart",
            "Düsseldorf",
            "Dresden",
        ],
        nicknames: &["B", "HH", "Muc", "FFM"],
    },
    CountryFacts {
        code: "AT",
        languages: &[(Language::De, 1.0)],
        flag: "🇦🇹",
        names: &["Österreich", "Austria"],
        cities: &[
            "Wien",
            "Graz",
            "Linz",
            "Salzburg",
            "Innsbruck",
            "Klagenfurt",
        ],
        nicknames: &["Vienna", "Vienna 🎻"],
    },
    CountryFacts {
        code: "CH",
        languages: &[(Language::De, 0.7), (Language::Fr, 0.3)],
        flag: "🇨🇭",
        names: &["Schweiz", "Suisse", "Switzerland"],
        cities: &[
            "Zürich",
            "Bern",
            "Basel",
            "Genève",
            "Lausanne",
            "Luzern",
            "St. Gallen",
        ],
        nicknames: &["ZH", "GE"],
    },
    CountryFacts {
        code: "FR",
        languages: &[(Language::Fr, 1.0)],
        flag: "🇫🇷",
        names: &["France"],
        cities: &[
            "Paris",
            "Lyon",
            "Marseille",
            "Toulouse",
            "Bordeaux",
            "Lille",
            "Nantes",
            "Nice",
            "Strasbourg",
            "Montpellier",
        ],
        nicknames: &["Paname", "Marseille ☀️", "Lyon 🦁"],
    },
    CountryFacts {
        code: "BE",
        languages: &[(Language::Fr, 1.0)],
        flag: "🇧🇪",
        names: &["Belgique", "Belgium"],
        cities: &[
            "Bruxelles",
            "Liège",
            "Namur",
            "Charleroi",
            "Mons",
            "Louvain-la-Neuve",
        ],
        nicknames: &["BXL", "Brussels"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_table_is_in_enum_order_and_weights_sum_to_one() {
        for (position, country) in Country::ALL.iter().enumerate() {
            assert_eq!(*country as usize, position);
            let total: f64 = country.languages().iter().map(|(_, weight)| weight).sum();
            assert!((total - 1.0).abs() < 1e-9, "{}", country.code());
            assert!(!country.cities().is_empty());
            assert_eq!(country.code().len(), 2);
        }
        assert_eq!(Country::Br.code(), "BR");
        assert_eq!(Language::Pt.code(), "pt");
    }

    #[test]
    fn bilingual_countries_pick_names_by_language() {
        assert_eq!(Country::Ca.name_group(Language::Fr), NameGroup::French);
        assert_eq!(Country::Ca.name_group(Language::En), NameGroup::Anglo);
        assert_eq!(Country::Ch.name_group(Language::De), NameGroup::German);
        assert_eq!(Country::In.name_group(Language::En), NameGroup::Indian);
    }
}
