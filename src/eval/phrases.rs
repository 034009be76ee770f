//! What a brand would type when looking for creators of each niche, in English, Spanish,
//! Portuguese, German and French. Written by hand for the evaluation — deliberately not taken
//! from the simulator's vocabulary, so the query set does not echo the text it searches.

use scout_models::Niche;

/// One way of asking for a niche: ISO-639-1 language and the brief's text.
pub(crate) type Phrasing = (&'static str, &'static str);

/// The phrasings of a niche: English ones first, then the other languages.
pub(crate) fn phrasings(niche: Niche) -> &'static [Phrasing] {
    match niche {
        Niche::Fitness => &[
            ("en", "home workout"),
            ("en", "strength training coach"),
            ("en", "hiit workouts for busy people"),
            ("pt", "treino em casa"),
            ("es", "entrenamiento en casa"),
            ("de", "krafttraining im fitnessstudio"),
            ("fr", "musculation à la maison"),
        ],
        Niche::Beauty => &[
            ("en", "skincare routine"),
            ("en", "makeup tutorials"),
            ("en", "honest beauty product reviews"),
            ("es", "rutina de cuidado de la piel"),
            ("pt", "maquiagem para iniciantes"),
            ("fr", "soins de la peau et maquillage"),
            ("de", "hautpflege und make-up"),
        ],
        Niche::Fashion => &[
            ("en", "everyday outfit ideas"),
            ("en", "streetwear style"),
            ("en", "capsule wardrobe"),
            ("es", "moda y estilo"),
            ("pt", "looks do dia"),
            ("fr", "mode et tendances"),
            ("de", "mode und outfits"),
        ],
        Niche::Food => &[
            ("en", "vegan recipes"),
            ("en", "easy dinner recipes"),
            ("en", "home baking"),
            ("pt", "receitas veganas"),
            ("es", "recetas fáciles"),
            ("fr", "recettes de cuisine maison"),
            ("de", "rezepte zum nachkochen"),
        ],
        Niche::Travel => &[
            ("en", "budget travel"),
            ("en", "backpacking trips"),
            ("en", "travel photography tips"),
            ("es", "viajes baratos"),
            ("pt", "dicas de viagem"),
            ("fr", "carnet de voyage"),
            ("de", "reisetipps und urlaub"),
        ],
        Niche::Gaming => &[
            ("en", "gaming stream"),
            ("en", "indie game reviews"),
            ("en", "esports commentary"),
            ("es", "videojuegos en directo"),
            ("pt", "jogos e gameplay"),
            ("fr", "jeux vidéo en direct"),
            ("de", "videospiele und streams"),
        ],
        Niche::Tech => &[
            ("en", "tech gadget reviews"),
            ("en", "smartphone reviews"),
            ("en", "programming tutorials"),
            ("es", "reseñas de tecnología"),
            ("pt", "tecnologia e gadgets"),
            ("fr", "tests de smartphones"),
            ("de", "technik tests"),
        ],
        Niche::Parenting => &[
            ("en", "parenting tips for toddlers"),
            ("en", "mom life"),
            ("en", "family activities with kids"),
            ("es", "crianza de niños"),
            ("pt", "maternidade real"),
            ("fr", "parentalité bienveillante"),
            ("de", "familienalltag mit kindern"),
        ],
        Niche::Pets => &[
            ("en", "dog training"),
            ("en", "cat care tips"),
            ("en", "rescue dogs"),
            ("es", "adiestramiento canino"),
            ("pt", "cuidados com gatos"),
            ("fr", "éducation canine"),
            ("de", "hundetraining"),
        ],
        Niche::Finance => &[
            ("en", "personal finance investing"),
            ("en", "budgeting and saving money"),
            ("en", "stock market for beginners"),
            ("es", "finanzas personales"),
            ("pt", "investimentos para iniciantes"),
            ("fr", "finances personnelles et épargne"),
            ("de", "geld sparen und investieren"),
        ],
        Niche::Music => &[
            ("en", "indie songwriter"),
            ("en", "guitar lessons"),
            ("en", "music producer beats"),
            ("es", "música en vivo"),
            ("pt", "aulas de violão"),
            ("fr", "auteur compositeur musique"),
            ("de", "musiker und songwriter"),
        ],
        Niche::Sports => &[
            ("en", "football match analysis"),
            ("en", "marathon running"),
            ("en", "basketball highlights"),
            ("es", "análisis de fútbol"),
            ("pt", "futebol e esportes"),
            ("fr", "actualité sportive"),
            ("de", "fußball und sport"),
        ],
        Niche::Education => &[
            ("en", "study tips for students"),
            ("en", "science explained simply"),
            ("en", "language learning"),
            ("es", "consejos de estudio"),
            ("pt", "dicas de estudo"),
            ("fr", "apprendre et réviser"),
            ("de", "lernen tipps für schüler"),
        ],
        Niche::Crafts => &[
            ("en", "knitting patterns"),
            ("en", "diy crafts"),
            ("en", "handmade pottery"),
            ("es", "manualidades"),
            ("pt", "artesanato e crochê"),
            ("fr", "tricot et couture"),
            ("de", "basteln und nähen"),
        ],
        Niche::Home => &[
            ("en", "home decor ideas"),
            ("en", "small apartment interior design"),
            ("en", "gardening tips"),
            ("es", "decoración del hogar"),
            ("pt", "decoração de casa"),
            ("fr", "décoration intérieure"),
            ("de", "einrichtungsideen für die wohnung"),
        ],
        Niche::Automotive => &[
            ("en", "car reviews"),
            ("en", "classic car restoration"),
            ("en", "electric car test drive"),
            ("es", "coches y motor"),
            ("pt", "carros e motores"),
            ("fr", "essais automobiles"),
            ("de", "autotests"),
        ],
        Niche::Wellness => &[
            ("en", "mindfulness meditation"),
            ("en", "mental health self care"),
            ("en", "yoga for beginners"),
            ("es", "bienestar y meditación"),
            ("pt", "saúde mental e bem-estar"),
            ("fr", "méditation et bien-être"),
            ("de", "achtsamkeit und yoga"),
        ],
        Niche::Comedy => &[
            ("en", "comedy sketches"),
            ("en", "stand-up comedian"),
            ("en", "funny videos"),
            ("es", "humor y comedia"),
            ("pt", "vídeos de humor"),
            ("fr", "humoriste et sketchs"),
            ("de", "comedy und humor"),
        ],
        Niche::Art => &[
            ("en", "digital illustration"),
            ("en", "oil painting artist"),
            ("en", "watercolor art"),
            ("es", "ilustración y dibujo"),
            ("pt", "arte e pintura"),
            ("fr", "peinture et illustration"),
            ("de", "malerei und zeichnen"),
        ],
        Niche::Sustainability => &[
            ("en", "zero waste living"),
            ("en", "sustainable lifestyle tips"),
            ("en", "climate action"),
            ("es", "vida sostenible"),
            ("pt", "sustentabilidade e lixo zero"),
            ("fr", "zéro déchet"),
            ("de", "nachhaltig leben"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_niche_has_english_and_four_other_languages() {
        for niche in Niche::ALL {
            let phrasings = phrasings(niche);
            for language in ["en", "es", "pt", "de", "fr"] {
                assert!(
                    phrasings.iter().any(|(code, _)| *code == language),
                    "{niche} has no {language} phrasing"
                );
            }
            let mut texts: Vec<&str> = phrasings.iter().map(|(_, text)| *text).collect();
            texts.sort();
            texts.dedup();
            assert_eq!(texts.len(), phrasings.len(), "{niche} repeats a phrasing");
        }
    }
}
