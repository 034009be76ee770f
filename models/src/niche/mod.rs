//! Niche classification (DESIGN §6): a seed lexicon of keywords and hashtags per niche and
//! language gives weak labels; TF-IDF features (linfa-preprocessing) and one binary logistic
//! regression per niche (linfa-logistic) learn the rest of the vocabulary from those labels;
//! predictions blend the model with the lexicon's evidence. No ground truth is used, so the
//! same code trains on real crawls.

mod classifier;
mod document;
mod features;
mod feedback;
mod hyperparams;
mod labels;
mod lexicon;
mod reading;
mod selection;
mod text;
mod threshold;
mod training;

pub use classifier::{HeadModel, NicheClassifier, NicheHead, NICHE_MODEL_FORMAT};
pub use document::{NicheDocument, MAX_CAPTIONS};
pub use feedback::{
    matches_niche_mix, reading_from_matches, with_feedback, FEEDBACK_ALONE, FEEDBACK_FLOOR,
    FEEDBACK_MATCHES, FEEDBACK_MIN_MATCHES,
};
pub use hyperparams::{BlendWeights, NicheParams, ValidNicheParams};
pub use labels::{
    label_document, weak_labels, WeakLabel, WeakLabelRules, WeakLabelStats, WeakLabels,
};
pub use lexicon::{
    Lexicon, LexiconScores, LexiconSource, TermSpecificity, TermSpecificityFile, LEXICON_FORMAT,
};
pub use text::Stopwords;
pub use threshold::{DEFAULT_THRESHOLD, MAX_NICHES};
pub use training::{HeadMode, NicheHeadReport, NicheTrainReport};

pub(crate) use text::{fold, word_tokens};

#[cfg(test)]
pub(crate) mod tests;
