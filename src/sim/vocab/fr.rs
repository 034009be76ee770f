//! French vocabulary.

use super::{LanguageVocab, NicheVocab, UiWords};

#[rustfmt::skip]
pub(super) const VOCAB: LanguageVocab = LanguageVocab {
    niches: [
        // fitness
        NicheVocab {
            roles: &[
                "coach sportive", "coach sportif", "préparateur physique", "accro à la salle",
                "athlète amateur",
            ],
            words: &[
                "squats", "soulevé de terre", "leg day", "protéines", "macros", "cardio", "HIIT",
                "kettlebell", "haltères", "barre", "séance", "salle de sport", "mobilité", "échauffement",
                "gainage", "fessiers", "répétitions", "record perso", "développé couché", "tractions",
                "étirements", "récupération", "meal prep", "sport à la maison", "bonnes habitudes",
            ],
            phrases: &[
                "leg day validé", "nouveau record au soulevé de terre", "pas d'excuses cette semaine",
                "6h du matin et déjà à la salle", "le progrès, pas la perfection",
                "check de ma technique au squat", "full body en 30 minutes", "le repos compte aussi",
                "la régularité avant l'intensité", "fais confiance au processus",
            ],
            hashtags: &[
                "musculation", "sportive", "motivationsport", "entrainement", "fitnessfrance", "salledesport",
            ],
        },
        // beauty
        NicheVocab {
            roles: &[
                "maquilleuse", "passionnée de skincare", "créatrice beauté", "esthéticienne",
                "prothésiste ongulaire",
            ],
            words: &[
                "routine skincare", "sérum", "crème hydratante", "crème solaire", "fond de teint",
                "anticernes", "rouge à lèvres", "mascara", "eye-liner", "blush", "enlumineur", "rétinol",
                "acide hyaluronique", "nail art", "vernis semi-permanent", "sourcils", "cils",
                "teint lumineux", "trousse", "nettoyant", "prendre soin de soi", "lotion", "palette",
            ],
            phrases: &[
                "prépare-toi avec moi", "maquillage en 5 minutes", "mon sérum chouchou",
                "ma peau va enfin mieux", "maquillage naturel du quotidien", "swatchs de toutes les teintes",
                "nouveau duo lèvres", "double nettoyage tous les soirs", "de la crème solaire tous les jours",
                "produits terminés du mois",
            ],
            hashtags: &["maquillage", "beaute", "soinsdelapeau", "ongles", "beautefrancaise", "makeupfrance"],
        },
        // fashion
        NicheVocab {
            roles: &["styliste", "créatrice mode", "personal shopper", "fan de vintage", "étudiante en mode"],
            words: &[
                "tenue", "look", "blazer", "jean", "baskets", "trench", "garde-robe capsule", "robe midi",
                "maille", "bottes", "sac à main", "accessoires", "street style", "chemise en lin",
                "pantalon large", "trouvailles de friperie", "bijoux vintage", "superpositions",
                "palette de couleurs", "tendances", "dressing", "lookbook",
            ],
            phrases: &[
                "tenue du jour", "trois façons de porter un blazer", "ma garde-robe capsule d'automne",
                "les basiques pour le bureau", "la basket blanche parfaite",
                "ce que j'ai porté cette semaine", "tons neutres toute la journée", "une robe, cinq looks",
                "essayage de friperie", "bien s'habiller sans se ruiner",
            ],
            hashtags: &["mode", "tenuedujour", "style", "modefemme", "friperie", "lookdujour"],
        },
        // food
        NicheVocab {
            roles: &[
                "cuisinière amateur", "créateur de recettes", "blogueuse culinaire", "pâtissière", "chef",
            ],
            words: &[
                "recette", "levain", "pâtes", "meal prep", "protéines", "brunch", "quiche", "ratatouille",
                "gratin", "salade", "dessert", "banana bread", "huile d'olive", "ail", "cocotte en fonte",
                "street food", "marché", "épices", "gâteau au chocolat", "bowl healthy", "lunchbox",
                "dîner express", "airfryer", "restes",
            ],
            phrases: &[
                "dîner prêt en 20 minutes", "recette en commentaire", "la sauce secrète de ma grand-mère",
                "pâtisserie du dimanche", "dîner en une seule poêle",
                "les pommes de terre les plus croustillantes", "pâtes maison",
                "la meilleure street food de l'année", "la saison des soupes est là",
                "simple, pas cher, délicieux",
            ],
            hashtags: &[
                "recette", "cuisinemaison", "faitmaison", "patisserie", "recettefacile", "gastronomie",
            ],
        },
        // travel
        NicheVocab {
            roles: &[
                "voyageuse", "nomade digital", "routarde", "photographe de voyage",
                "exploratrice du week-end",
            ],
            words: &[
                "itinéraire", "passeport", "sac à dos", "auberge", "road trip", "vols", "plage", "montagne",
                "vieille ville", "pépite cachée", "bagage cabine", "décalage horaire",
                "rando au lever du soleil", "train", "île", "street food", "marché local", "budget voyage",
                "liste de bagages", "hôtel de charme", "city break", "van aménagé",
            ],
            phrases: &[
                "48 heures en ville", "des pépites loin des touristes", "voyager léger deux semaines",
                "le guide est en ligne", "le lever du soleil valait le réveil",
                "perdue dans la vieille ville", "cette vue quand même", "comment je voyage petit budget",
                "prochaine destination bientôt", "toujours côté hublot",
            ],
            hashtags: &["voyage", "voyager", "vacances", "blogvoyage", "roadtripfrance", "randonnee"],
        },
        // gaming
        NicheVocab {
            roles: &["streameuse", "speedrunner", "gamer rétro", "joueur esport", "créateur gaming"],
            words: &[
                "live", "manette", "casque", "boss final", "speedrun", "patch", "ranked", "partie", "coop",
                "monde ouvert", "jeu indé", "console rétro", "setup gaming", "clavier mécanique", "succès",
                "raid", "clutch", "fps", "esport", "passe de combat", "lag", "classement", "tournoi",
            ],
            phrases: &[
                "en live ce soir", "enfin battu le boss final", "nouveau record sur le speedrun",
                "le grind en ranked continue", "ce jeu indé mérite plus d'amour",
                "le live complet est sur la chaîne", "GG à tout le chat", "tour du setup bientôt",
                "le clutch de l'année", "soirée coop avec l'équipe",
            ],
            hashtags: &["gaming", "jeuxvideo", "twitchfr", "gamerfr", "jeuxinde", "streamerfr"],
        },
        // tech
        NicheVocab {
            roles: &[
                "ingénieure logiciel", "testeur tech", "geek des gadgets", "développeur indé",
                "consultant IT",
            ],
            words: &[
                "smartphone", "ordinateur portable", "clavier", "clavier mécanique", "setup bureau",
                "open source", "outils d'IA", "autonomie", "test photo", "unboxing", "projet perso", "Rust",
                "Python", "serveur maison", "maison connectée", "appli", "applis de productivité", "test",
                "benchmarks", "casque audio", "USB-C", "voitures électriques", "appli budget",
            ],
            phrases: &[
                "unboxing du nouveau téléphone", "avis honnête après 30 jours", "la visite de mon bureau",
                "j'ai sorti un projet ce week-end", "ça vaut le coup de changer ?",
                "cinq applis que j'utilise tous les jours", "résultats du test d'autonomie",
                "l'open source gagne encore", "je monte mon serveur maison", "debug toute la nuit",
            ],
            hashtags: &["technologie", "developpeur", "hightech", "programmation", "geek", "techfr"],
        },
        // parenting
        NicheVocab {
            roles: &["maman de deux", "papa de trois", "coach parentale", "jeune maman", "blogueuse famille"],
            words: &[
                "enfants", "bébé", "routine du coucher", "école", "lunchbox", "goûter", "sieste",
                "repas en famille", "écrans", "école à la maison", "diversification", "colères", "propreté",
                "activités manuelles", "vacances en famille", "grossesse", "poussette", "couches", "fratrie",
                "vacances scolaires", "chien de la famille",
            ],
            phrases: &[
                "encore un matin d'école survécu", "une routine du soir qui marche", "la crise de la semaine",
                "idées de goûter pour les enfants", "la culpabilité maternelle existe",
                "notre matin chaotique", "les petites victoires comptent",
                "activités pour les jours de pluie", "jour de rentrée", "la sieste c'est mon moment",
            ],
            hashtags: &["maman", "parentalite", "famille", "bebe", "vivelesmamans", "papa"],
        },
        // pets
        NicheVocab {
            roles: &[
                "maman de chien", "papa de chat", "photographe animalier", "éducateur canin",
                "bénévole en refuge",
            ],
            words: &[
                "chiot", "chaton", "chien adopté", "parc à chiens", "friandises", "vétérinaire", "balade",
                "éducation canine", "entraînement", "arbre à chat", "toilettage", "adoption", "pattes",
                "boule de poils", "jouet", "harnais", "litière", "croquettes", "chien senior",
                "famille d'accueil", "agility",
            ],
            phrases: &[
                "anniversaire d'adoption", "crise de folie à 6h du matin", "adoptez, n'achetez pas",
                "premier jour à la maison", "qui est un bon chien",
                "la visite chez le véto s'est bien passée", "balade du dimanche", "le chat a pris le canapé",
                "progrès sur les tours", "son histoire de sauvetage",
            ],
            hashtags: &["chien", "chat", "animaux", "adoption", "chiensdefrance", "chatsdefrance"],
        },
        // finance
        NicheVocab {
            roles: &[
                "coach en finances", "conseiller financier", "investisseuse", "adepte de l'épargne",
                "économiste",
            ],
            words: &[
                "budget", "épargne", "ETF", "fonds indiciels", "intérêts composés", "épargne de précaution",
                "retraite", "revenus complémentaires", "dettes", "actions", "dividendes", "patrimoine",
                "vie frugale", "état d'esprit", "inflation", "impôts", "liberté financière", "immobilier",
                "revenus passifs", "appli budget", "Livret A", "PEA",
            ],
            phrases: &[
                "comment j'ai remboursé mes dettes", "mon budget du mois", "investir avec 50 euros par mois",
                "d'abord l'épargne de précaution", "les intérêts composés c'est magique",
                "défi un mois sans dépenses", "point patrimoine", "mes leçons d'argent à vingt ans",
                "arrête les abonnements inutiles", "la liberté financière est un marathon",
            ],
            hashtags: &[
                "financespersonnelles", "investissement", "epargne", "bourse", "argent", "libertefinanciere",
            ],
        },
        // music
        NicheVocab {
            roles: &["autrice-compositrice", "producteur de musique", "guitariste", "DJ", "prof de piano"],
            words: &[
                "nouveau single", "guitare", "piano", "session studio", "voix", "album", "concert", "setlist",
                "beat", "synthé", "reprise acoustique", "écriture", "mixage", "casque", "vinyle", "tournée",
                "répétition", "accords", "scène ouverte", "playlist", "groupe", "paroles",
            ],
            phrases: &[
                "nouveau single vendredi", "reprise acoustique de vos demandes",
                "journée studio avec le groupe", "les dates de tournée sont là", "une chanson par jour",
                "première fois en live", "complet, merci", "la pratique fait le progrès",
                "bloqué sur cette suite d'accords", "playlist pour le trajet",
            ],
            hashtags: &["musique", "chanteuse", "musiquefrancaise", "guitare", "concert", "nouveaute"],
        },
        // sports
        NicheVocab {
            roles: &[
                "entraîneur de foot", "journaliste sportive", "cycliste", "joueuse de tennis", "coureuse",
            ],
            words: &[
                "match", "entraînement", "foot", "basket", "tennis", "vélo", "marathon", "but", "championnat",
                "saison", "équipe", "stade", "résumé", "mercato", "jour de course", "record perso",
                "semi-marathon", "maillot", "derby", "coupe", "récupération", "tactique", "penalty",
            ],
            phrases: &[
                "ambiance jour de match", "quel but", "course terminée", "l'avant-saison est en ligne",
                "le résumé du week-end", "carnet du stage de préparation", "derby demain",
                "nouveau record sur 10 km", "fière de cette équipe", "sur le vélo avant le lever du soleil",
            ],
            hashtags: &["football", "sport", "course", "cyclisme", "ligue1", "runningfrance"],
        },
        // education
        NicheVocab {
            roles: &[
                "professeure", "tuteur", "coach en langues", "vulgarisatrice scientifique", "coach d'études",
            ],
            words: &[
                "méthodes de travail", "fiches", "période d'examens", "notes", "préparation de cours",
                "salle de classe", "devoirs", "langues", "vocabulaire", "grammaire", "histoire", "sciences",
                "maths", "productivité", "session de révision", "cours en ligne", "liste de lecture",
                "pomodoro", "élèves", "révisions", "bac", "bibliothèque",
            ],
            phrases: &[
                "révise avec moi deux heures", "guide de survie des examens", "comment je prends mes notes",
                "cinq astuces avec des fiches", "l'anecdote historique du jour", "un mot nouveau par jour",
                "préparer la rentrée", "les fautes de grammaire les plus courantes",
                "la science expliquée en une minute", "la session pomodoro commence",
            ],
            hashtags: &["etudes", "profs", "revisions", "apprendre", "education", "langues"],
        },
        // crafts
        NicheVocab {
            roles: &["tricoteuse", "créatrice crochet", "maker", "couturière", "animatrice d'ateliers"],
            words: &[
                "laine", "crochet", "patron de tricot", "broderie", "machine à coudre", "tissu", "DIY",
                "fait main", "patchwork", "point de croix", "argile", "bougies", "résine", "scrapbooking",
                "pistolet à colle", "washi tape", "upcycling", "bricolage enfants", "mailles",
                "granny square", "poterie", "aquarelle",
            ],
            phrases: &[
                "en cours", "ouvrage terminé", "nouveau patron disponible", "mon stock de laine déborde",
                "la saison des cadeaux faits main", "mon premier patchwork fini",
                "j'ai recyclé un vieux pull", "DIY en moins d'une heure", "visite de mon atelier",
                "chaque maille compte",
            ],
            hashtags: &["tricot", "crochet_fr", "faitmain", "couture", "diyfrancais", "creatif"],
        },
        // home
        NicheVocab {
            roles: &[
                "passionnée de déco", "rénovateur DIY", "décoratrice", "maman de plantes", "pro du rangement",
            ],
            words: &[
                "salon", "rénovation", "DIY", "couleur des murs", "étagères", "plantes vertes", "coin cosy",
                "nouvelle cuisine", "chambre", "rangement", "astuces de rangement", "budget", "tapis",
                "luminaires", "bougies", "mur de cadres", "meubles chinés", "maison connectée", "jardin",
                "balcon", "lin", "chambre de bébé",
            ],
            phrases: &[
                "avant et après", "projet DIY du week-end", "relooker une pièce petit budget",
                "journal de la rénovation", "nouveau bébé plante", "soirées cosy à la maison",
                "désencombre avec moi", "j'ai refait la déco des étagères", "la cuisine est enfin finie",
                "petit espace, grandes idées",
            ],
            hashtags: &["deco", "decoration", "maison", "interieur", "plantes", "renovation"],
        },
        // automotive
        NicheVocab {
            roles: &[
                "essayeur auto", "mécanicien", "fan de circuit", "photographe auto", "conductrice électrique",
            ],
            words: &[
                "moteur", "chevaux", "essai", "voiture électrique", "road trip", "circuit", "detailing",
                "turbo", "voiture de collection", "restauration", "pneus", "vidange", "échappement", "garage",
                "moto", "rassemblement", "autonomie", "recharge", "boîte manuelle", "tout-terrain",
                "van aménagé",
            ],
            phrases: &[
                "l'essai complet est en ligne", "retour sur la journée circuit",
                "detailing complet, avant et après", "point sur la restauration", "rassemblement dimanche",
                "autonomie testée en hiver", "ce moteur sonne incroyablement",
                "premières impressions au volant", "journée garage", "la vidange pas à pas",
            ],
            hashtags: &[
                "voiture", "automobile", "voituresdecollection", "voitureelectrique", "moto", "passionauto",
            ],
        },
        // wellness
        NicheVocab {
            roles: &[
                "professeure de yoga", "coach bien-être", "guide de méditation", "nutritionniste",
                "sophrologue",
            ],
            words: &[
                "yoga", "méditation", "respiration", "prendre soin de soi", "journaling", "sommeil",
                "pleine conscience", "santé mentale", "tisane", "bonnes habitudes", "étirements",
                "santé intestinale", "routine du matin", "gratitude", "stress", "équilibre", "récupération",
                "bowl healthy", "balade en forêt", "thérapie", "limites",
            ],
            phrases: &[
                "rituel du matin tout en douceur", "10 minutes de respiration",
                "questions de journaling pour la semaine", "se reposer c'est productif", "protège ta paix",
                "yoga au coucher du soleil", "ma routine du soir pour décompresser",
                "petit rappel : bois de l'eau", "guérir n'est pas linéaire", "week-end sans écrans",
            ],
            hashtags: &[
                "bienetre", "santementale", "yogafrance", "prendresoindesoi", "meditation", "sereine",
            ],
        },
        // comedy
        NicheVocab {
            roles: &[
                "humoriste", "auteur de sketchs", "comédien d'impro", "créateur de mèmes", "pro de la gêne",
            ],
            words: &[
                "sketch", "stand-up", "chute", "mème", "impro", "scène ouverte", "spectacle", "parodie",
                "roast", "blagues", "canular", "imitation", "spectacle d'humour", "public", "bêtisier",
                "satire", "tournée", "contenu relatable", "groupe famille", "beau-frère",
            ],
            phrases: &[
                "nouveau sketch en ligne", "dites-moi que je ne suis pas seul",
                "l'impro avec le public a mal tourné", "ma mère a trouvé mon compte",
                "quand c'est encore lundi", "dates de tournée, venez rire", "cette vanne a cartonné hier",
                "personne n'a demandé mais voilà", "je n'en peux plus 😂", "identifie quelqu'un qui fait ça",
            ],
            hashtags: &["humour", "drole", "memesfr", "standupfr", "rire", "sketch"],
        },
        // art
        NicheVocab {
            roles: &["illustratrice", "peintre", "artiste numérique", "muraliste", "prof d'arts plastiques"],
            words: &[
                "carnet de croquis", "aquarelle", "peinture à l'huile", "illustration", "toile", "portrait",
                "commande", "encrage", "palette de couleurs", "art numérique", "encre", "gouache", "fresque",
                "galerie", "atelier", "boutique de prints", "fusain", "speedpaint", "character design",
                "poterie", "pinceaux", "exposition",
            ],
            phrases: &[
                "visite de mon carnet", "commandes ouvertes", "en cours de création",
                "portrait terminé aujourd'hui", "nouveaux prints en boutique", "journée atelier",
                "dessiner tous les jours ce mois-ci", "la vidéo du process est en ligne",
                "vernissage ce soir", "des erreurs devenues des trouvailles",
            ],
            hashtags: &["art", "illustration", "dessin", "aquarelle", "artistefrancais", "peinture"],
        },
        // sustainability
        NicheVocab {
            roles: &[
                "militante zéro déchet", "activiste climat", "adepte de la slow fashion",
                "éducatrice à l'environnement", "jardinier urbain",
            ],
            words: &[
                "zéro déchet", "compost", "trouvailles de friperie", "épicerie vrac", "réutilisable",
                "sans plastique", "climat", "upcycling", "seconde main", "mode éthique", "panneaux solaires",
                "alimentation végétale", "produits locaux", "repair café", "vélotaf", "potager", "abeilles",
                "empreinte carbone", "alternatives durables", "voyager en train", "raccommodage",
            ],
            phrases: &[
                "des alternatives durables faciles", "un an de zéro déchet", "tout en seconde main",
                "raccommoder plutôt qu'acheter", "composter chez soi c'est facile", "juillet sans plastique",
                "choisir le train plutôt que l'avion", "les petits pas comptent",
                "réparer avant de remplacer", "récolte du potager",
            ],
            hashtags: &[
                "zerodechet", "ecologie", "developpementdurable", "secondemain", "slowfashionfr", "climat",
            ],
        },
    ],
    filler: &[
        "café", "soleil", "bonnes ondes", "le week-end", "moments en famille", "les copains",
        "une longue balade", "couchers de soleil", "matins tranquilles", "nouvelle semaine", "gratitude",
        "les petites choses", "longues soirées", "jours de pluie", "souvenirs", "mon anniversaire",
        "un bon livre", "brunch", "thé", "la ville", "la plage", "l'été", "l'automne", "moments calmes",
        "grande nouvelle", "nouveau chapitre", "la vie en ce moment", "jours heureux", "dimanche tranquille",
        "l'heure dorée",
    ],
    hashtags: &["amour", "bonheur", "weekend", "dimanche", "vie", "bonjour"],
    caption_frames: &[
        "{p} {e}", "Aujourd'hui : {w} et {w} {e}", "Je n'arrête pas de penser à {w}",
        "Nouveau post sur {w}, {w} et un peu de {f}", "Qui d'autre adore {w} ? {e}", "Astuce rapide : {p}",
        "{p}. D'abord {w}, ensuite {w}", "J'ai enfin testé {w} et franchement, ça vaut le coup {e}",
        "Ma routine {w} cette semaine : {w}, {w}, {w}", "Je garde cette idée {w} pour plus tard {e}",
        "Avis honnête sur {w} {e}", "Petit rappel : {p}", "Programme du week-end : {w} + {f}",
        "3 choses que j'ai apprises sur {w} : {w}, {w} et {w}", "{p} {e} Dites-moi votre {w} préféré 👇",
        "Dans les coulisses : {w} et {w}",
    ],
    off_topic_frames: &[
        "{f} {e}", "Bon week-end à tous ☀️ {f} et {f}", "Juste {f} aujourd'hui, rien d'autre",
        "{f} avec mes personnes préférées", "Retour sur {f} 📸", "Humeur du dimanche : {f}",
        "Reconnaissante pour {f} 🙏",
    ],
    sponsored_frames: &[
        "En partenariat avec {brand} : {w} {e}", "Merci {brand} pour {w} !",
        "J'adore mon nouveau {w} de chez {brand}", "Code {code} chez {brand} pour 15% sur {w}",
        "{brand} m'a envoyé {w} à tester et je suis conquise",
    ],
    vague_bio_frames: &[
        "juste vivre {e} | {place}", "{f}, {f} et {f} {e}", "rêveuse. fan de {f}. {place}",
        "je fais de mon mieux {e}", "la vie est plus belle avec {f} {e}", "{place} {e} | avis perso",
        "créer des souvenirs {e}", "ici pour {f} et les gens bien", "{f} • {f} • {f}", "coucou, bienvenue dans mon petit coin {e}",
        "nouvelle ici {e}", "{place} → là où la vie m'emmène",
    ],
    bio_frames: &[
        "{role} | {p} {e}", "{role} à {place} {e}", "{role} · {w} · {w}", "Je partage {w}, {w} et {f} {e}",
        "{e} {role}\n{p}", "{role}. {p}", "Tout sur {w} {e} | {place}", "{role} & {role2} {e}",
    ],
    replies: &[
        "J'adore !", "Trop beau 😍", "Incroyable", "Waouh 😍", "Je garde 🙌", "Haha trop vrai", "Oui !! 🙌",
        "Magnifique ❤️", "Il me faut ça", "Merci du partage !", "Génial", "C'est où ?", "Tellement inspirant",
        "Toujours au top 🔥", "Tu as illuminé ma journée", "Trop bien",
    ],
    topic_replies: &[
        "Il faut que je teste {w} !", "Super conseils sur {w}, merci", "Tu as trouvé {w} où ?",
        "Tu peux en dire plus sur {w} ?", "Tes posts sur {w} sont les meilleurs",
        "Je n'avais jamais vu {w} comme ça", "{w}, ça vaut le coup ?", "Je teste {w} ce week-end 🙌",
    ],
    pod_replies: &[
        "Incroyable comme toujours !! 🙌🔥", "C'est de l'or, je garde !!", "J'adore j'adore 😍😍",
        "Contenu au top 💯", "Tellement inspirant, merci du partage 💕", "Toujours du super contenu !!",
        "Obsédée par ça 🔥🔥", "J'avais besoin de ça aujourd'hui 🙏✨",
    ],
    age_cues: [
        &["lycéenne", "bac {year}", "{age} | ado", "{age} ans", "collégien"],
        &[
            "étudiante", "étudiant en médecine", "promo {year}", "{age} | accro au café",
            "{age} et je me cherche",
        ],
        &[
            "{age} | infirmière", "promo {year}", "jeune active", "ingénieur", "{age} et heureuse",
            "jeune mariée",
        ],
        &[
            "{age} et toutes mes dents", "prof & coureuse", "entrepreneuse", "{age} | marketing",
            "enfin propriétaires",
        ],
        &["{age} et fabuleuse", "{age} | comptable", "{age} ans et en forme", "prof depuis 20 ans"],
        &[
            "institutrice retraitée", "retraité", "{age} ans de jeunesse", "infirmière à la retraite",
            "je profite de la retraite",
        ],
    ],
    parent_cues: [
        &["maman de 2", "maman de 3", "jeune maman", "maman de garçons", "maman d'ados"],
        &["papa de 2", "papa de 3", "papa d'une fille", "papa comblé", "jeune papa"],
        &["mamie de 4", "grand-mère comblée", "mamie de 3"],
        &["papi de 2", "grand-père comblé", "papi de 5"],
    ],
    pronouns: ["elle", "il", "iel"],
    interests: &["fan de {w}", "accro à {w}", "passionnée de {w}", "{w} & café", "j'apprends {w}"],
    markers: &["#sponsorisé", "#partenariat", "Partenariat rémunéré", "#publicité", "#collaboration"],
    disclosure_comments: &[
        "{marker} Merci {brand} !", "J'ai oublié : {marker} avec {brand}",
        "{marker} — ce post est en partenariat avec {brand}",
    ],
    joke_locations: &[
        "quelque part ✨", "Terre 🌍", "sur internet", "dans ma tête", "là où il y a du wifi", "🌍",
    ],
    ui: UiWords {
        followers: "abonnés",
        following: "abonnements",
        posts: "publications",
        older: "Publications plus anciennes",
        newer: "Publications plus récentes",
    },
};
