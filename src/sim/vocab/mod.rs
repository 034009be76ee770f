//! Vocabularies the simulated creators write with: per language and niche, the roles people
//! give themselves, words, phrases and hashtags, plus sentence frames for captions, bios and
//! replies. Related niches deliberately share words (protein, budget, DIY…), and generic
//! lifestyle filler and hashtags are shared by every niche, so niches are not trivially
//! separable.
//!
//! Frame slots: `{w}` a topic word, `{p}` a topic phrase, `{f}` filler, `{e}` an emoji,
//! `{brand}` a brand handle, `{code}` a discount code, `{role}` a bio role, `{place}` a
//! location, `{age}` and `{year}` numbers for age cues, `{marker}` a disclosure marker.

mod de;
mod en;
mod es;
mod fr;
mod pt;

use crate::sim::geo::Language;

/// Words of one niche in one language.
pub(crate) struct NicheVocab {
    /// How creators of the niche describe themselves in a bio.
    pub(crate) roles: &'static [&'static str],
    /// Nouns and short noun phrases.
    pub(crate) words: &'static [&'static str],
    /// Short clauses that stand alone in a caption.
    pub(crate) phrases: &'static [&'static str],
    /// Hashtags (without `#`) used by writers of this language.
    pub(crate) hashtags: &'static [&'static str],
}

/// Everything one language needs to write captions, bios and replies.
pub(crate) struct LanguageVocab {
    /// Niche vocabularies in [`scout_models::Niche::ALL`] order.
    pub(crate) niches: [NicheVocab; 20],
    /// Everyday words and phrases used by every niche.
    pub(crate) filler: &'static [&'static str],
    /// Generic hashtags of this language (#amor, #liebe…), beside the global ones.
    pub(crate) hashtags: &'static [&'static str],
    /// Caption sentences with `{w}`, `{p}`, `{e}` slots.
    pub(crate) caption_frames: &'static [&'static str],
    /// Off-topic caption sentences with `{f}` and `{e}` slots.
    pub(crate) off_topic_frames: &'static [&'static str],
    /// Sponsored caption sentences with `{brand}`, `{w}`, `{code}` slots.
    pub(crate) sponsored_frames: &'static [&'static str],
    /// Bios that name no niche, with `{f}`, `{e}`, `{place}` slots.
    pub(crate) vague_bio_frames: &'static [&'static str],
    /// Bio templates with `{role}`, `{p}`, `{w}`, `{e}`, `{place}` slots.
    pub(crate) bio_frames: &'static [&'static str],
    /// Short human replies that fit any post.
    pub(crate) replies: &'static [&'static str],
    /// Human replies about the post's topic with `{w}` slots.
    pub(crate) topic_replies: &'static [&'static str],
    /// Over-eager replies engagement-pod members leave on each other's posts.
    pub(crate) pod_replies: &'static [&'static str],
    /// Age cues for commenter bios by age bucket, with `{age}` and `{year}` slots.
    pub(crate) age_cues: [&'static [&'static str]; 6],
    /// Parent cues: mothers, fathers, grandmothers, grandfathers.
    pub(crate) parent_cues: [&'static [&'static str]; 4],
    /// Pronouns for female, male and other.
    pub(crate) pronouns: [&'static str; 3],
    /// Interest snippets for commenter bios with a `{w}` slot.
    pub(crate) interests: &'static [&'static str],
    /// Local-language sponsorship disclosure markers.
    pub(crate) markers: &'static [&'static str],
    /// A creator's own disclosure comment with `{marker}` and `{brand}` slots.
    pub(crate) disclosure_comments: &'static [&'static str],
    /// Location texts that are not places ("somewhere ✨").
    pub(crate) joke_locations: &'static [&'static str],
    /// Title words for creator sites and the directory ("Creators", "Next").
    pub(crate) ui: UiWords,
}

/// The few interface words a creator page shows in its own language.
pub(crate) struct UiWords {
    pub(crate) followers: &'static str,
    pub(crate) following: &'static str,
    pub(crate) posts: &'static str,
    pub(crate) older: &'static str,
    pub(crate) newer: &'static str,
}

/// The vocabulary of a language.
pub(crate) fn language(language: Language) -> &'static LanguageVocab {
    match language {
        Language::En => &en::VOCAB,
        Language::Es => &es::VOCAB,
        Language::Pt => &pt::VOCAB,
        Language::De => &de::VOCAB,
        Language::Fr => &fr::VOCAB,
    }
}

/// Emojis per niche in [`scout_models::Niche::ALL`] order.
#[rustfmt::skip]
pub(crate) const NICHE_EMOJIS: [&[&str]; 20] = [
    &["💪", "🏋️", "🔥", "🏃‍♀️", "💦"],
    &["💄", "✨", "💅", "🌸", "💋"],
    &["👗", "👠", "🛍️", "🕶️", "👜"],
    &["🍝", "🥑", "🍰", "🌮", "😋", "🍳"],
    &["✈️", "🌍", "🏝️", "🗺️", "🏔️"],
    &["🎮", "🕹️", "👾", "🏆", "🔴"],
    &["💻", "📱", "⚙️", "🤖", "🔌"],
    &["👶", "🍼", "👨‍👩‍👧", "🧸", "❤️"],
    &["🐶", "🐱", "🐾", "🦴", "🐕"],
    &["💰", "📈", "💸", "🏦", "📊"],
    &["🎶", "🎸", "🎤", "🎧", "🎹"],
    &["⚽", "🏀", "🎾", "🏆", "🚴"],
    &["📚", "✏️", "🎓", "🧠", "📝"],
    &["🧶", "✂️", "🪡", "🎨", "🧵"],
    &["🏡", "🪴", "🛋️", "🕯️", "🔨"],
    &["🚗", "🏎️", "🔧", "🛞", "🏁"],
    &["🧘‍♀️", "🌿", "🍵", "🌙", "☮️"],
    &["😂", "🤣", "🎭", "😅", "🙃"],
    &["🎨", "🖌️", "🖼️", "✍️", "🌈"],
    &["🌱", "♻️", "🌍", "🌿", "🐝"],
];

/// Niche hashtags used across languages (English tags travel), in niche order.
#[rustfmt::skip]
pub(crate) const GLOBAL_NICHE_HASHTAGS: [&[&str]; 20] = [
    &["fitness", "workout", "gym", "training", "fitnessmotivation", "strength", "homeworkout", "fit"],
    &["beauty", "makeup", "skincare", "mua", "makeuptutorial", "glowyskin", "nails"],
    &["fashion", "ootd", "style", "outfit", "streetstyle", "fashionblogger", "lookbook"],
    &["food", "foodie", "recipe", "homecooking", "yummy", "foodporn", "baking", "healthyfood"],
    &["travel", "wanderlust", "travelgram", "explore", "roadtrip", "traveltips", "adventure"],
    &["gaming", "gamer", "twitch", "videogames", "esports", "ps5", "nintendo", "pcgaming"],
    &["tech", "technology", "gadgets", "coding", "programming", "ai", "setup", "review"],
    &["parenting", "momlife", "dadlife", "family", "toddler", "motherhood", "kids"],
    &["pets", "dogsofinstagram", "catsofinstagram", "puppy", "dog", "cat", "adoptdontshop"],
    &["finance", "personalfinance", "investing", "money", "budget", "stocks", "savings"],
    &["music", "musician", "singer", "guitar", "newmusic", "producer", "livemusic"],
    &["sports", "football", "soccer", "basketball", "running", "cycling", "tennis"],
    &["education", "learning", "studytips", "teacher", "students", "studygram", "languages"],
    &["crafts", "diy", "handmade", "knitting", "crochet", "sewing", "makersgonnamake"],
    &["home", "homedecor", "interiordesign", "diy", "renovation", "plants", "cozyhome"],
    &["cars", "automotive", "carsofinstagram", "jdm", "classiccars", "ev", "carreview"],
    &["wellness", "selfcare", "yoga", "mindfulness", "mentalhealth", "meditation", "healthy"],
    &["comedy", "funny", "memes", "lol", "standup", "humor", "sketch"],
    &["art", "artist", "illustration", "painting", "drawing", "sketchbook", "digitalart"],
    &["sustainability", "zerowaste", "ecofriendly", "slowfashion", "climate", "thrifting", "plasticfree"],
];

/// Generic hashtags every niche uses.
#[rustfmt::skip]
pub(crate) const GENERIC_HASHTAGS: &[&str] = &[
    "love", "instagood", "photooftheday", "weekend", "happy", "life", "mood", "tbt", "vibes", "goodvibes",
    "sunday", "motivation", "instadaily", "picoftheday", "fun", "friends", "summer", "smile", "beautiful",
    "lifestyle",
];

/// Fictitious brand handles per niche, for sponsored posts.
#[rustfmt::skip]
pub(crate) const BRANDS: [&[&str]; 20] = [
    &["@fitfuel", "@ironwear", "@liftlab", "@pulsegear"],
    &["@glowlab", "@velvetskin", "@lumacosmetics", "@petalbeauty"],
    &["@threadhouse", "@northloom", "@stridewear", "@maisonvera"],
    &["@pantrypure", "@spicetrail", "@oatandhoney", "@kitchenkind"],
    &["@wanderpack", "@skyroutes", "@nomadstays", "@tidetravel"],
    &["@pixelforge", "@nexuscontrollers", "@glitchgear", "@questchairs"],
    &["@voltbyte", "@nimbusaudio", "@gridlabs", "@arcdevices"],
    &["@littlenest", "@cuddlecrate", "@tinysteps", "@bloomkids"],
    &["@wagandwhisk", "@pawpantry", "@furfriends", "@barkbox_sim"],
    &["@coinwise", "@ledgerly", "@stackbank", "@sprouthinvest"],
    &["@echoaudio", "@stringworks", "@tempotickets", "@vinylvault"],
    &["@stridesports", "@goalline", "@courtking", "@pedalco"],
    &["@brightlearn", "@notebooknook", "@lingualeap", "@studyspark"],
    &["@yarnbloom", "@stitchco", "@craftcorner", "@needleandnook"],
    &["@hearthhome", "@greenleafplants", "@nestliving", "@oakandlinen"],
    &["@torquetools", "@voltmotors", "@roadready", "@gripwheels"],
    &["@calmroots", "@zenmat", "@herbalhaus", "@stillwaterapp"],
    &["@laughtrack", "@punchlinefest", "@gigglebox", "@improvhouse"],
    &["@inkwell", "@canvasco", "@palettepro", "@brushbarn"],
    &["@refillery", "@ecocycle", "@greenthreads", "@compostco"],
];

/// Replies bots leave anywhere (language-agnostic, mostly English and emoji).
#[rustfmt::skip]
pub(crate) const BOT_REPLIES: &[&str] = &[
    "🔥🔥🔥", "😍😍😍", "Nice pic 👍", "Great content! DM us for a feature 📩", "Awesome!!", "Check your DM 📩",
    "Love it ❤️", "Wow amazing 👏👏", "Nice", "Follow back?", "💯💯", "Promote it on @promo_boost 🚀",
    "Beautiful 😍", "Cool post", "👏👏👏", "Great 👍", "Send this to @viralpage_sim for a shoutout", "❤️❤️",
    "Amazing pic bro", "wow",
];

/// Bios bots have, when they have one.
#[rustfmt::skip]
pub(crate) const BOT_BIOS: &[&str] = &[
    "follow for follow", "DM for promo 📩", "crypto | forex | 💰", "f4f l4l", "📈 grow your page",
    "🔥 daily giveaways 🔥", "link in bio", "entrepreneur | investor | dreamer", "💯 real followers cheap 💯",
    "just here to vibe", "memes 24/7", "shop now 👇",
];

/// Display names people use instead of their name (pseudonyms, initials, emoji).
#[rustfmt::skip]
pub(crate) const PSEUDONYMS: &[&str] = &[
    "night owl 🦉", "coffee first ☕", "Lulu", "JJ", "mama bear", "sunny side", "K.", "🌸🌸", "just me", "Bibi",
    "Nana", "the real M", "Dodo", "Lolo", "Tati", "Zizi", "Mimi", "Kiki", "wanderer", "🌙", "Gigi", "Titi",
    "R.", "Pipoca", "Chispa", "Schnecke", "Loulou", "Bee", "Moonchild", "Toto", "A.B.", "~ nina ~",
];

/// Display names bots use when they have one.
#[rustfmt::skip]
pub(crate) const BOT_DISPLAY_NAMES: &[&str] = &[
    "Promo Page", "Daily Deals", "Viral Boost", "Giveaway Hub", "Crypto King", "Shoutout Page",
    "Follow Train", "Best Offers", "Insta Growth",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_rich_vocabulary_for_every_niche() {
        for code in Language::ALL {
            let vocab = language(code);
            for (position, niche) in vocab.niches.iter().enumerate() {
                let size = niche.words.len() + niche.phrases.len();
                assert!(
                    size >= 24,
                    "{code:?} niche {position} has only {size} words and phrases"
                );
                assert!(
                    !niche.roles.is_empty() && niche.hashtags.len() >= 3,
                    "{code:?} {position}"
                );
                for tag in niche.hashtags {
                    assert!(
                        tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                        "{tag}"
                    );
                }
            }
            assert!(vocab.filler.len() >= 20, "{code:?}");
            assert!(vocab.caption_frames.len() >= 10, "{code:?}");
            assert!(vocab.vague_bio_frames.len() >= 10, "{code:?}");
            for frame in vocab.vague_bio_frames {
                assert!(
                    !frame.contains("{w}") && !frame.contains("{role}"),
                    "{frame}"
                );
            }
            assert!(vocab.replies.len() >= 10, "{code:?}");
            assert!(
                vocab.age_cues.iter().all(|cues| !cues.is_empty()),
                "{code:?}"
            );
            assert!(!vocab.markers.is_empty() && !vocab.disclosure_comments.is_empty());
        }
    }

    #[test]
    fn shared_tables_cover_every_niche() {
        for position in 0..20 {
            assert!(!NICHE_EMOJIS[position].is_empty());
            assert!(GLOBAL_NICHE_HASHTAGS[position].len() >= 5);
            assert!(BRANDS[position].iter().all(|brand| brand.starts_with('@')));
        }
    }

    #[test]
    fn related_niches_share_some_words() {
        let english = language(Language::En);
        let fitness = &english.niches[0];
        let food = &english.niches[3];
        let shared = fitness
            .words
            .iter()
            .filter(|word| food.words.contains(word))
            .count();
        assert!(shared >= 1, "fitness and food share no words");
    }
}
