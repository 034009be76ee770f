//! The true audiences of creators: platform priors tilted by niche and home (DESIGN §5).

/// Age buckets of DESIGN §3.
pub const AGE_BUCKETS: [&str; 6] = ["13-17", "18-24", "25-34", "35-44", "45-54", "55+"];

/// Age ranges (inclusive years) of [`AGE_BUCKETS`], for bios that state an age.
pub const AGE_BUCKET_YEARS: [(u32, u32); 6] =
    [(13, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 78)];

/// Gender values of DESIGN §3.
pub const GENDERS: [&str; 3] = ["female", "male", "other"];

/// Age prior of photo-platform audiences (DataReportal 2022, Statista 2024: 8.5%, 30%,
/// 31.5%, 16%, 8%, 5.7%); used for the creator web pages.
pub const AGE_PRIOR_PHOTO: [f64; 6] = [0.085, 0.30, 0.315, 0.16, 0.08, 0.057];

/// Gender prior of photo-platform audiences (~50/50, DataReportal; "other" 2% assumption).
pub const GENDER_PRIOR_PHOTO: [f64; 3] = [0.49, 0.49, 0.02];

/// Age prior of the Mastodon-like instances: older than photo platforms. Assumption.
pub const AGE_PRIOR_MASTODON: [f64; 6] = [0.03, 0.15, 0.31, 0.27, 0.14, 0.10];

/// Gender prior of the Mastodon-like instances. Assumption.
pub const GENDER_PRIOR_MASTODON: [f64; 3] = [0.40, 0.53, 0.07];

/// Multipliers on the age prior by niche, in [`scout_models::Niche::ALL`] order (DESIGN §5: gaming young,
/// finance older, parenting 25–44; values assumption).
pub const NICHE_AGE_TILT: [[f64; 6]; 20] = [
    [0.8, 1.2, 1.2, 1.0, 0.8, 0.6],  // fitness
    [1.4, 1.4, 1.1, 0.8, 0.6, 0.5],  // beauty
    [1.3, 1.4, 1.1, 0.8, 0.6, 0.5],  // fashion
    [0.7, 0.9, 1.1, 1.2, 1.1, 1.0],  // food
    [0.6, 1.1, 1.2, 1.1, 1.0, 0.9],  // travel
    [1.9, 1.6, 1.0, 0.6, 0.35, 0.2], // gaming
    [0.9, 1.2, 1.2, 1.0, 0.8, 0.6],  // tech
    [0.2, 0.6, 1.7, 1.7, 0.8, 0.5],  // parenting
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],  // pets
    [0.3, 0.8, 1.2, 1.4, 1.3, 1.2],  // finance
    [1.5, 1.4, 1.0, 0.8, 0.6, 0.5],  // music
    [1.1, 1.2, 1.1, 1.0, 0.8, 0.7],  // sports
    [1.6, 1.4, 0.9, 0.8, 0.7, 0.7],  // education
    [0.6, 0.8, 1.0, 1.2, 1.2, 1.3],  // crafts
    [0.3, 0.7, 1.3, 1.4, 1.2, 1.0],  // home
    [0.8, 1.2, 1.1, 1.0, 0.9, 0.8],  // automotive
    [0.6, 1.0, 1.2, 1.2, 1.0, 0.9],  // wellness
    [1.4, 1.5, 1.1, 0.8, 0.6, 0.5],  // comedy
    [1.2, 1.3, 1.0, 0.9, 0.8, 0.8],  // art
    [0.9, 1.3, 1.2, 1.0, 0.8, 0.7],  // sustainability
];

/// Multipliers on the gender prior (female, male, other) by niche (DESIGN §5: beauty →
/// female, gaming → male; values assumption).
pub const NICHE_GENDER_TILT: [[f64; 3]; 20] = [
    [1.1, 1.0, 1.0],  // fitness
    [2.2, 0.35, 1.2], // beauty
    [1.8, 0.55, 1.2], // fashion
    [1.2, 0.9, 1.0],  // food
    [1.1, 0.95, 1.0], // travel
    [0.45, 1.9, 1.4], // gaming
    [0.45, 1.8, 1.3], // tech
    [2.0, 0.6, 1.0],  // parenting
    [1.4, 0.8, 1.0],  // pets
    [0.6, 1.5, 1.0],  // finance
    [1.0, 1.0, 1.2],  // music
    [0.5, 1.7, 0.9],  // sports
    [1.1, 0.95, 1.0], // education
    [1.8, 0.5, 1.3],  // crafts
    [1.6, 0.6, 1.0],  // home
    [0.3, 2.0, 0.8],  // automotive
    [1.7, 0.6, 1.3],  // wellness
    [1.0, 1.05, 1.0], // comedy
    [1.3, 0.8, 1.6],  // art
    [1.4, 0.7, 1.3],  // sustainability
];

/// Weight of the primary niche when a creator's niches tilt the audience; the secondaries
/// share the rest. Assumption.
pub const PRIMARY_NICHE_TILT_WEIGHT: f64 = 0.6;

/// Per-creator log-normal noise on each age/gender share before renormalising. Assumption.
pub const AUDIENCE_SHARE_LN_SD: f64 = 0.2;

/// Share of a creator's audience in the creator's own country. Assumption.
pub const HOME_COUNTRY_AUDIENCE_SHARE: (f64, f64) = (0.45, 0.8);

/// Share of the audience in other countries speaking the creator's language. Assumption.
pub const SAME_LANGUAGE_COUNTRIES_AUDIENCE_SHARE: (f64, f64) = (0.08, 0.25);

/// Number of further foreign countries in an audience, inclusive. Assumption.
pub const FOREIGN_AUDIENCE_COUNTRIES: (usize, usize) = (2, 5);

/// Weight of a foreign country when picked, by country in [`crate::sim::geo::Country::ALL`] order (big
/// English- and Spanish-speaking markets first). Assumption.
pub const FOREIGN_COUNTRY_WEIGHTS: [f64; 16] = [
    6.0, 3.0, 2.0, 1.5, 3.0, 1.5, 2.0, 1.0, 1.0, 2.5, 0.7, 2.0, 0.5, 0.5, 1.5, 0.5,
];

/// Language an audience member writes in, given their country: the country's languages, or
/// English, or the creator's language. Assumption.
pub const AUDIENCE_LANGUAGE_MIX: (f64, f64, f64) = (0.85, 0.10, 0.05);
