//! German vocabulary.

use super::{LanguageVocab, NicheVocab, UiWords};

#[rustfmt::skip]
pub(super) const VOCAB: LanguageVocab = LanguageVocab {
    niches: [
        // fitness
        NicheVocab {
            roles: &["Personal Trainerin", "Personal Trainer", "Fitnesscoach", "Gym-Junkie", "Hobbyathlet"],
            words: &[
                "Kniebeugen", "Kreuzheben", "Beintag", "Protein", "Makros", "Cardio", "HIIT", "Kettlebell",
                "Hanteln", "Langhantel", "Workout", "Mobility", "Aufwärmen", "Core", "Po-Training",
                "Wiederholungen", "Bestleistung", "Bankdrücken", "Klimmzüge", "Dehnen", "Regeneration",
                "Meal Prep", "Homeworkout", "gesunde Gewohnheiten", "Fitnessstudio",
            ],
            phrases: &[
                "Beintag erledigt", "neue Bestleistung beim Kreuzheben", "keine Ausreden diese Woche",
                "um 6 Uhr schon im Studio", "Fortschritt statt Perfektion", "Technikcheck bei der Kniebeuge",
                "Ganzkörper in 30 Minuten", "Ruhetage zählen auch", "Dranbleiben schlägt Intensität",
                "vertrau dem Prozess",
            ],
            hashtags: &[
                "fitnessdeutschland", "training", "gymmotivation", "krafttraining", "sport", "abnehmen",
            ],
        },
        // beauty
        NicheVocab {
            roles: &[
                "Make-up Artistin", "Skincare-Nerd", "Beauty-Creatorin", "Kosmetikerin", "Nageldesignerin",
            ],
            words: &[
                "Hautpflege-Routine", "Serum", "Feuchtigkeitscreme", "Sonnenschutz", "Foundation",
                "Concealer", "Lippenstift", "Mascara", "Eyeliner", "Rouge", "Highlighter", "Retinol",
                "Hyaluronsäure", "Nageldesign", "Gelnägel", "Augenbrauen", "Wimpern", "Glow",
                "Kosmetiktasche", "Reinigung", "Selfcare", "Gesichtswasser", "Palette",
            ],
            phrases: &[
                "mach dich mit mir fertig", "Make-up in 5 Minuten", "mein liebstes Serum",
                "meine Haut wird endlich besser", "No-Make-up-Look für jeden Tag", "Swatches aller Farbtöne",
                "neue Lippenkombi", "doppelte Reinigung jeden Abend", "Sonnenschutz jeden Tag",
                "aufgebrauchte Produkte des Monats",
            ],
            hashtags: &[
                "hautpflege", "schminken", "beautyblogger_de", "naegel", "kosmetik", "makeupdeutschland",
            ],
        },
        // fashion
        NicheVocab {
            roles: &[
                "Stylistin", "Modecreatorin", "Personal Shopperin", "Vintage-Liebhaberin", "Modestudentin",
            ],
            words: &[
                "Outfit", "Blazer", "Jeans", "Sneaker", "Trenchcoat", "Capsule Wardrobe", "Midikleid",
                "Strick", "Stiefel", "Handtasche", "Accessoires", "Streetstyle", "Leinenhemd", "Stoffhose",
                "Secondhand-Funde", "Vintage-Schmuck", "Layering", "Farbpalette", "Trends", "Kleiderschrank",
                "Lookbook", "Basics",
            ],
            phrases: &[
                "Outfit des Tages", "drei Looks mit einem Blazer", "meine Herbst-Capsule-Wardrobe",
                "Basics fürs Büro", "der perfekte weiße Sneaker", "was ich diese Woche trug",
                "neutrale Töne den ganzen Tag", "ein Kleid, fünf Looks", "Secondhand-Haul Anprobe",
                "gut angezogen für wenig Geld",
            ],
            hashtags: &[
                "mode", "outfitdestages", "modeblogger", "ootddeutschland", "secondhandmode", "style_de",
            ],
        },
        // food
        NicheVocab {
            roles: &["Hobbyköchin", "Rezeptentwickler", "Foodbloggerin", "Bäckerin", "Koch"],
            words: &[
                "Rezept", "Sauerteig", "Pasta", "Meal Prep", "Protein", "Brunch", "Spätzle", "Käsekuchen",
                "Eintopf", "Salat", "Nachtisch", "Bananenbrot", "Olivenöl", "Knoblauch", "Gusseisenpfanne",
                "Streetfood", "Wochenmarkt", "Gewürze", "Schokokuchen", "Bowl", "Brotdose", "Feierabendküche",
                "Heißluftfritteuse", "Reste",
            ],
            phrases: &[
                "Abendessen in 20 Minuten", "Rezept in den Kommentaren", "Omas Geheimsoße",
                "Backen am Sonntag", "One-Pot für stressige Abende", "die knusprigsten Kartoffeln",
                "Pasta selbst gemacht", "bestes Streetfood des Jahres", "endlich wieder Suppenzeit",
                "einfach, günstig, lecker",
            ],
            hashtags: &["rezepte", "kochen", "backen", "foodblogger_de", "lecker", "selbstgemacht"],
        },
        // travel
        NicheVocab {
            roles: &[
                "Reisebloggerin", "digitaler Nomade", "Backpackerin", "Reisefotograf",
                "Wochenend-Entdeckerin",
            ],
            words: &[
                "Reiseroute", "Reisepass", "Rucksack", "Hostel", "Roadtrip", "Flüge", "Strand", "Berge",
                "Altstadt", "Geheimtipp", "Handgepäck", "Jetlag", "Sonnenaufgangswanderung", "Zugfahrt",
                "Insel", "Streetfood", "Wochenmarkt", "Reisebudget", "Packliste", "Boutiquehotel",
                "Städtetrip", "Camper",
            ],
            phrases: &[
                "48 Stunden in der Stadt", "Geheimtipps abseits der Touristenpfade",
                "zwei Wochen mit Handgepäck", "der Reiseguide ist online", "der Sonnenaufgang war es wert",
                "verloren in der Altstadt", "diese Aussicht", "so reise ich günstig", "nächstes Ziel bald",
                "immer Fensterplatz",
            ],
            hashtags: &["reisen", "fernweh", "reiseblogger", "urlaub", "wandern", "unterwegs"],
        },
        // gaming
        NicheVocab {
            roles: &["Streamerin", "Speedrunner", "Retro-Gamer", "E-Sportler", "Gaming-Creator"],
            words: &[
                "Stream", "Controller", "Headset", "Bossfight", "Speedrun", "Patchnotes", "Ranked", "Loadout",
                "Koop", "Open World", "Indiegame", "Retrokonsole", "Gaming-Setup", "mechanische Tastatur",
                "Erfolg", "Raid", "Clutch", "Framerate", "E-Sport", "Battle Pass", "Lag", "Bestenliste",
            ],
            phrases: &[
                "heute Abend live", "endlich den Endboss besiegt", "neue Bestzeit im Speedrun",
                "der Ranked-Grind geht weiter", "dieses Indiegame verdient mehr Liebe",
                "ganzer Stream auf dem Kanal", "GG an alle im Chat", "Setup-Tour kommt bald",
                "der Clutch des Jahres", "Koop-Abend mit der Crew",
            ],
            hashtags: &["gaming", "zocken", "twitchde", "gamerde", "indiegames", "videospiele"],
        },
        // tech
        NicheVocab {
            roles: &[
                "Softwareentwicklerin", "Tech-Reviewer", "Gadget-Nerd", "Indie-Entwickler", "IT-Berater",
            ],
            words: &[
                "Smartphone", "Laptop", "Tastatur", "mechanische Tastatur", "Schreibtisch-Setup",
                "Open Source", "KI-Tools", "Akkulaufzeit", "Kameratest", "Unboxing", "Nebenprojekt", "Rust",
                "Python", "Homeserver", "Smart Home", "App", "Produktivitäts-Apps", "Testbericht",
                "Benchmarks", "Kopfhörer", "USB-C", "Elektroautos", "Haushaltsbuch-App",
            ],
            phrases: &[
                "Unboxing des neuen Handys", "ehrlicher Test nach 30 Tagen", "meine Schreibtisch-Tour",
                "am Wochenende ein Projekt veröffentlicht", "lohnt sich das Upgrade?",
                "fünf Apps, die ich täglich nutze", "Ergebnisse vom Akkutest", "Open Source gewinnt wieder",
                "mein Homeserver entsteht", "die ganze Nacht debuggt",
            ],
            hashtags: &["technik", "programmieren", "gadgets", "softwareentwicklung", "smarthome", "techde"],
        },
        // parenting
        NicheVocab {
            roles: &[
                "Mama von zwei", "Papa von drei", "Familiencoach", "Kleinkind-Bändigerin",
                "Familienbloggerin",
            ],
            words: &[
                "Kleinkind", "Neugeborenes", "Abendroutine", "Schulweg", "Brotdose", "Spielplatz",
                "Mittagsschlaf", "Familienessen", "Bildschirmzeit", "Kita", "Beikost", "Trotzphase",
                "trocken werden", "Basteln mit Kindern", "Familienurlaub", "Schwangerschaft", "Kinderwagen",
                "Windeln", "Geschwister", "Schulferien", "Familienhund",
            ],
            phrases: &[
                "wieder einen Schulmorgen überlebt", "Abendroutine, die wirklich klappt",
                "Wutanfall der Woche", "Brotdosen-Ideen für Mäkelesser", "das Mama-Gewissen ist real",
                "unser chaotischer Familienmorgen", "kleine Erfolge zählen",
                "Ideen für Regentage mit Kindern", "erster Schultag", "Mittagsschlaf ist meine Zeit",
            ],
            hashtags: &["mamaleben", "familienleben", "elternsein", "kleinkind", "mamablogger", "papaleben"],
        },
        // pets
        NicheVocab {
            roles: &["Hundemama", "Katzenpapa", "Tierfotografin", "Hundetrainer", "Tierschutz-Ehrenamtliche"],
            words: &[
                "Welpe", "Kätzchen", "Tierschutzhund", "Hundewiese", "Leckerli", "Tierarztbesuch",
                "Gassirunde", "Leinentraining", "Training", "Kratzbaum", "Fellpflege", "Adoption", "Pfoten",
                "Fellnase", "Kauspielzeug", "Geschirr", "Katzenklo", "Hundefutter", "Seniorhund",
                "Pflegestelle", "Agility",
            ],
            phrases: &[
                "Jahrestag der Adoption", "Zoomies um 6 Uhr", "adoptieren statt kaufen", "erster Tag zuhause",
                "wer ist ein guter Junge", "Tierarzt lief gut", "Sonntagsgassirunde",
                "die Katze hat das Sofa übernommen", "Fortschritte beim Tricktraining",
                "ihre Rettungsgeschichte",
            ],
            hashtags: &["hunde", "katzen", "hundeliebe", "tierschutz", "hundeleben", "katzenliebe"],
        },
        // finance
        NicheVocab {
            roles: &["Finanzcoach", "Finanzplaner", "Investorin", "Sparfuchs", "Ökonom"],
            words: &[
                "Budget", "Sparen", "ETF", "Indexfonds", "Zinseszins", "Notgroschen", "Rente", "Nebenjob",
                "Schulden", "Aktien", "Dividenden", "Vermögen", "Minimalismus", "Geld-Mindset", "Inflation",
                "Steuertipps", "Haushaltsbuch", "finanzielle Freiheit", "Immobilien", "passives Einkommen",
                "Sparplan", "Tagesgeld",
            ],
            phrases: &[
                "so habe ich meine Schulden getilgt", "mein Monatsbudget", "mit 50 Euro im Monat investieren",
                "erst der Notgroschen", "der Zinseszins ist Magie", "No-Spend-Monat", "Vermögens-Update",
                "Geldlektionen aus meinen Zwanzigern", "kündige unnötige Abos",
                "finanzielle Freiheit ist ein Marathon",
            ],
            hashtags: &["finanzen", "etf", "sparen", "geldanlage", "finanziellefreiheit", "aktien"],
        },
        // music
        NicheVocab {
            roles: &["Singer-Songwriterin", "Musikproduzent", "Gitarrist", "DJ", "Klavierlehrerin"],
            words: &[
                "neue Single", "Gitarre", "Klavier", "Studiosession", "Gesang", "Album", "Konzert", "Setlist",
                "Beat", "Synthesizer", "Akustik-Cover", "Songwriting", "Mixing", "Kopfhörer", "Vinyl", "Tour",
                "Probe", "Akkorde", "Open Stage", "Playlist", "Band", "Songtext",
            ],
            phrases: &[
                "neue Single am Freitag", "Akustik-Cover eurer Wünsche", "Studiotag mit der Band",
                "Tourdaten sind raus", "jeden Tag ein Song", "zum ersten Mal live gespielt",
                "ausverkauft, danke", "Übung macht Fortschritt", "hänge an dieser Akkordfolge fest",
                "Playlist für den Heimweg",
            ],
            hashtags: &["musik", "musiker", "livemusik", "neuemusik", "gitarre", "deutschrap"],
        },
        // sports
        NicheVocab {
            roles: &["Fußballtrainer", "Sportjournalistin", "Radfahrer", "Tennisspielerin", "Läuferin"],
            words: &[
                "Spiel", "Training", "Fußball", "Basketball", "Tennis", "Radsport", "Marathon", "Tor", "Liga",
                "Saison", "Mannschaft", "Stadion", "Highlights", "Transfergerüchte", "Wettkampftag",
                "Bestzeit", "Halbmarathon", "Trikot", "Derby", "Meisterschaft", "Regeneration", "Taktik",
                "Elfmeter",
            ],
            phrases: &[
                "Spieltagsgefühle", "was für ein Tor", "Wettkampf geschafft", "Saisonvorschau ist online",
                "Highlights vom Wochenende", "Trainingslager-Tagebuch", "morgen ist Derby",
                "neue Bestzeit über 10 km", "stolz auf diese Mannschaft", "vor Sonnenaufgang auf dem Rad",
            ],
            hashtags: &["fussball", "bundesliga", "laufen", "radfahren", "sport", "marathontraining"],
        },
        // education
        NicheVocab {
            roles: &[
                "Lehrerin", "Nachhilfelehrer", "Sprachcoach", "Wissenschaftskommunikatorin", "Lerncoach",
            ],
            words: &[
                "Lerntipps", "Karteikarten", "Prüfungsphase", "Notizen", "Unterrichtsplanung",
                "Klassenzimmer", "Hausaufgaben", "Sprachenlernen", "Vokabeln", "Grammatik", "Geschichte",
                "Naturwissenschaft", "Mathe", "Produktivität", "Lernsession", "Onlinekurs", "Leseliste",
                "Pomodoro", "Schüler", "Wiederholung", "Abitur", "Bibliothek",
            ],
            phrases: &[
                "lern mit mir zwei Stunden", "Überlebensguide für die Prüfungsphase",
                "so schreibe ich Notizen", "fünf Karteikarten-Tricks", "der Geschichtsfakt des Tages",
                "jeden Tag ein neues Wort", "Vorbereitung auf den Schulstart", "typische Grammatikfehler",
                "Wissenschaft in einer Minute erklärt", "die Pomodoro-Session startet",
            ],
            hashtags: &["lernen", "studium", "lehrerleben", "abitur", "sprachenlernen", "bildung"],
        },
        // crafts
        NicheVocab {
            roles: &["Strickerin", "Häkeldesignerin", "Makerin", "Hobbyschneiderin", "Bastellehrerin"],
            words: &[
                "Wolle", "Häkeln", "Strickanleitung", "Stickerei", "Nähmaschine", "Stoff", "DIY",
                "handgemacht", "Quilt", "Kreuzstich", "Ton", "Kerzen gießen", "Epoxidharz", "Scrapbook",
                "Heißklebepistole", "Washi Tape", "Upcycling", "Basteln mit Kindern", "Maschen",
                "Granny Square", "Töpfern", "Aquarell",
            ],
            phrases: &[
                "work in progress", "fertig gestrickt", "neue Anleitung online",
                "mein Wollvorrat ist außer Kontrolle", "Zeit für selbstgemachte Geschenke",
                "erster Quilt fertig", "alten Pullover upgecycelt", "DIY in unter einer Stunde",
                "Tour durch mein Bastelzimmer", "jede Masche zählt",
            ],
            hashtags: &["stricken", "haekeln", "naehen", "handmade_de", "basteln", "diyideen"],
        },
        // home
        NicheVocab {
            roles: &[
                "Interior-Liebhaberin", "DIY-Renovierer", "Homestylistin", "Pflanzenmama", "Ordnungsprofi",
            ],
            words: &[
                "Wohnzimmer", "Renovierung", "DIY", "Wandfarbe", "Regaldeko", "Zimmerpflanzen", "Kuschelecke",
                "Küchenumbau", "Schlafzimmer", "Ordnung", "Stauraum", "Budget", "Teppich", "Beleuchtung",
                "Kerzen", "Bilderwand", "Flohmarktmöbel", "Smart Home", "Garten", "Balkon", "Leinen",
                "Kinderzimmer",
            ],
            phrases: &[
                "vorher und nachher", "DIY-Projekt am Wochenende", "Zimmer-Makeover mit kleinem Budget",
                "unser Renovierungstagebuch", "neues Pflanzenbaby", "gemütliche Abende zuhause",
                "miste mit mir aus", "die Regale neu dekoriert", "die Küche ist endlich fertig",
                "kleiner Raum, große Ideen",
            ],
            hashtags: &["wohnen", "einrichtung", "interior_de", "zuhause", "pflanzenliebe", "renovieren"],
        },
        // automotive
        NicheVocab {
            roles: &["Autotester", "KFZ-Mechaniker", "Trackday-Fan", "Autofotograf", "E-Auto-Fahrerin"],
            words: &[
                "Motor", "PS", "Probefahrt", "Elektroauto", "Roadtrip", "Trackday", "Aufbereitung", "Turbo",
                "Oldtimer", "Restaurierung", "Reifen", "Ölwechsel", "Auspuff", "Werkstatt", "Motorrad",
                "Autotreffen", "Reichweite", "Laden", "Schaltgetriebe", "Offroad", "Camper",
            ],
            phrases: &[
                "Probefahrt-Review ist online", "Trackday-Rückblick", "Aufbereitung vorher und nachher",
                "Update zur Restaurierung", "Autotreffen am Sonntag", "Reichweite im Winter getestet",
                "wie dieser Motor klingt", "erste Fahreindrücke", "Schraubertag", "Ölwechsel selbst gemacht",
            ],
            hashtags: &["autos", "oldtimer", "elektroauto", "tuning", "motorrad", "autoliebe"],
        },
        // wellness
        NicheVocab {
            roles: &[
                "Yogalehrerin", "Gesundheitscoach", "Meditationsleiterin", "Ernährungsberaterin", "Atemcoach",
            ],
            words: &[
                "Yoga", "Meditation", "Atemarbeit", "Selfcare", "Journaling", "Schlaf", "Achtsamkeit",
                "mentale Gesundheit", "Kräutertee", "gesunde Gewohnheiten", "Dehnen", "Darmgesundheit",
                "Morgenroutine", "Dankbarkeit", "Stress", "Balance", "Regeneration", "Bowl",
                "Waldspaziergang", "Therapie", "Grenzen",
            ],
            phrases: &[
                "langsamer Morgen", "10 Minuten Atemarbeit", "Journaling-Fragen für die Woche",
                "Ruhe ist produktiv", "schütze deinen Frieden", "Yoga bei Sonnenuntergang",
                "meine Abendroutine zum Runterkommen", "Erinnerung: trink Wasser", "Heilung ist nicht linear",
                "Digital Detox am Wochenende",
            ],
            hashtags: &[
                "achtsamkeit", "selbstfuersorge", "yogadeutschland", "gesundleben", "mentalegesundheit",
                "wohlbefinden",
            ],
        },
        // comedy
        NicheVocab {
            roles: &["Comedian", "Sketch-Autor", "Improspieler", "Meme-Macher", "Berufs-Overthinker"],
            words: &[
                "Sketch", "Stand-up", "Pointe", "Meme", "Impro", "Open Mic", "Auftritt", "Parodie", "Roast",
                "Witze", "Streich", "Parodien", "Comedy-Special", "Publikum", "Outtakes", "Satire", "Tour",
                "Alltagskomik", "Familienchat", "Schwiegermutter",
            ],
            phrases: &[
                "neuer Sketch ist online", "sagt mir, dass ihr das auch macht", "Crowdwork ging schief",
                "meine Mutter hat meinen Account gefunden", "wenn schon wieder Montag ist",
                "Tourdaten, kommt lachen", "die Pointe hat gestern gezündet",
                "keiner hat gefragt, aber hier meine Meinung", "ich kann nicht mehr 😂",
                "markiert jemanden, der das macht",
            ],
            hashtags: &["comedy_de", "witzig", "memesdeutsch", "lustig", "humor", "standupcomedy_de"],
        },
        // art
        NicheVocab {
            roles: &["Illustratorin", "Malerin", "Digitalkünstler", "Muralist", "Kunstlehrerin"],
            words: &[
                "Skizzenbuch", "Aquarell", "Ölmalerei", "Illustration", "Leinwand", "Porträt",
                "Auftragsarbeit", "Linework", "Farbpalette", "Digital Art", "Tusche", "Gouache", "Wandbild",
                "Galerie", "Atelier", "Printshop", "Kohle", "Speedpaint", "Charakterdesign", "Töpfern",
                "Pinsel", "Ausstellung",
            ],
            phrases: &[
                "Skizzenbuch-Tour", "Auftragsarbeiten offen", "work in progress", "Porträt heute fertig",
                "neue Prints im Shop", "Ateliertag", "diesen Monat jeden Tag zeichnen",
                "das Prozessvideo ist online", "Vernissage heute Abend", "Fehler, die zu Glücksfällen wurden",
            ],
            hashtags: &["kunst", "illustration_de", "zeichnen", "aquarell", "kuenstler", "malen"],
        },
        // sustainability
        NicheVocab {
            roles: &[
                "Zero-Waste-Aktivistin", "Klimaaktivist", "Slow-Fashion-Fan", "Umweltpädagogin",
                "Stadtgärtner",
            ],
            words: &[
                "Zero Waste", "Kompost", "Secondhand-Funde", "Unverpacktladen", "wiederverwendbar",
                "plastikfrei", "Klima", "Upcycling", "Secondhand", "Slow Fashion", "Solaranlage",
                "pflanzlich", "regionale Produkte", "Repair-Café", "Fahrrad", "Garten", "Bienen",
                "CO2-Fußabdruck", "nachhaltige Alternativen", "Bahnreisen", "Flicken",
            ],
            phrases: &[
                "einfache nachhaltige Alternativen", "ein Jahr Zero Waste", "alles secondhand",
                "flicken statt neu kaufen", "Kompostieren zuhause ist einfach", "plastikfreier Juli",
                "lieber Zug als Flugzeug", "kleine Schritte zählen", "erst reparieren, dann ersetzen",
                "Ernte aus dem eigenen Garten",
            ],
            hashtags: &[
                "nachhaltigkeit", "zerowaste_de", "klimaschutz", "secondhand", "plastikfrei",
                "nachhaltigleben",
            ],
        },
    ],
    filler: &[
        "Kaffee", "Sonnenschein", "gute Laune", "das Wochenende", "Familienzeit", "Freunde",
        "ein langer Spaziergang", "Sonnenuntergänge", "ruhige Morgen", "eine neue Woche", "Dankbarkeit",
        "die kleinen Dinge", "lange Nächte", "Regentage", "Erinnerungen", "mein Geburtstag", "ein gutes Buch",
        "Brunch", "Tee", "die Stadt", "der Strand", "Sommer", "Herbst", "ruhige Momente", "große Neuigkeiten",
        "ein neues Kapitel", "das Leben gerade", "glückliche Tage", "faule Sonntage", "Feierabend",
    ],
    hashtags: &["liebe", "glueck", "wochenende", "sonntag", "leben", "gutelaune"],
    caption_frames: &[
        "{p} {e}", "Heute: {w} und {w} {e}", "Ich denke ständig an {w}",
        "Neuer Post über {w}, {w} und ein bisschen {f}", "Wer liebt {w} auch so? {e}", "Schneller Tipp: {p}",
        "{p}. Erst {w}, dann {w}", "Endlich {w} ausprobiert und ehrlich: lohnt sich {e}",
        "Meine {w}-Routine diese Woche: {w}, {w}, {w}", "Diese {w}-Idee speichere ich mir {e}",
        "Ehrliche Meinung zu {w} {e}", "Kleine Erinnerung: {p}", "Pläne fürs Wochenende: {w} + {f}",
        "3 Dinge, die ich über {w} gelernt habe: {w}, {w} und {w}", "{p} {e} Was ist euer liebstes {w}? 👇",
        "Hinter den Kulissen: {w} und {w}",
    ],
    off_topic_frames: &[
        "{f} {e}", "Schönes Wochenende euch allen ☀️ {f} und {f}", "Heute nur {f}, sonst nichts",
        "{f} mit meinen Lieblingsmenschen", "Throwback zu {f} 📸", "Sonntagsstimmung: {f}",
        "Dankbar für {f} 🙏",
    ],
    sponsored_frames: &[
        "In Zusammenarbeit mit {brand}: {w} {e}", "Danke {brand} für {w}!",
        "Ich liebe mein neues {w} von {brand}", "Mit dem Code {code} gibt es bei {brand} 15% auf {w}",
        "{brand} hat mir {w} zum Testen geschickt und ich bin begeistert",
    ],
    vague_bio_frames: &[
        "einfach leben {e} | {place}", "{f}, {f} und {f} {e}", "Träumerin. {f}. {place}",
        "ich gebe mein Bestes {e}", "das Leben ist schöner mit {f} {e}", "{place} {e} | private Meinung",
        "Erinnerungen sammeln {e}", "hier für {f} und nette Leute", "{f} • {f} • {f}", "hallo, willkommen in meiner kleinen Ecke {e}",
        "neu hier {e}", "{place} → wohin das Leben mich führt",
    ],
    bio_frames: &[
        "{role} | {p} {e}", "{role} aus {place} {e}", "{role} · {w} · {w}",
        "Hier gibt es {w}, {w} und {f} {e}", "{e} {role}\n{p}", "{role}. {p}",
        "Alles rund um {w} {e} | {place}", "{role} & {role2} {e}",
    ],
    replies: &[
        "Liebe ich!", "So schön 😍", "Mega", "Wow 😍", "Gespeichert 🙌", "Haha so wahr", "Ja!! 🙌",
        "Wunderschön ❤️", "Brauche ich", "Danke fürs Teilen!", "Großartig", "Wo ist das?", "So inspirierend",
        "Wie immer top 🔥", "Hat meinen Tag gerettet", "Richtig gut",
    ],
    topic_replies: &[
        "Muss ich {w} unbedingt ausprobieren!", "Super Tipps zu {w}, danke", "Wo hast du {w} her?",
        "Erzähl mehr über {w}?", "Deine {w}-Posts sind die besten", "So habe ich {w} noch nie gesehen",
        "Lohnt sich {w}?", "Am Wochenende teste ich {w} 🙌",
    ],
    pod_replies: &[
        "Wie immer großartig!! 🙌🔥", "Das ist Gold, gespeichert!!", "Liebe liebe liebe es 😍😍",
        "Bester Content 💯", "So inspirierend, danke fürs Teilen 💕", "Immer so guter Content!!",
        "Bin besessen davon 🔥🔥", "Genau das brauchte ich heute 🙏✨",
    ],
    age_cues: [
        &["Schülerin", "Abi {year}", "{age} | Teenie", "{age} Jahre", "9. Klasse überlebt"],
        &["Studentin", "Student", "Abi {year}", "{age} | kaffeesüchtig", "Ersti", "{age} und auf der Suche"],
        &[
            "{age} | Krankenpflegerin", "Abi {year}", "Berufseinsteiger", "Softwareentwickler",
            "{age} und glücklich", "frisch verheiratet",
        ],
        &[
            "{age} und zählend", "Lehrerin & Läuferin", "Selbstständig", "{age} | Marketing",
            "endlich Eigenheim",
        ],
        &["{age} und fabelhaft", "{age} | Buchhalterin", "mit {age} voll dabei", "seit 20 Jahren Lehrer"],
        &["Lehrerin im Ruhestand", "Rentner", "{age} Jahre jung", "pensioniert", "genieße den Ruhestand"],
    ],
    parent_cues: [
        &["Mama von 2", "Mama von 3", "Zwillingsmama", "Jungsmama", "Mama von Teenagern"],
        &["Papa von 2", "Papa von 3", "Mädchenpapa", "stolzer Papa", "frischgebackener Papa"],
        &["Oma von 4", "stolze Oma", "Omi von 3"],
        &["Opa von 2", "stolzer Opa", "Opa von 5"],
    ],
    pronouns: ["sie/ihr", "er/ihm", "they/them"],
    interests: &["{w}-Liebhaberin", "verrückt nach {w}", "Fan von {w}", "{w} & Kaffee", "lerne {w}"],
    markers: &["Werbung", "#werbung", "#anzeige", "Anzeige", "bezahlte Partnerschaft", "#unbezahltewerbung"],
    disclosure_comments: &[
        "{marker} Danke {brand}!", "Vergessen: {marker} mit {brand}",
        "{marker} – dieser Beitrag entstand in Kooperation mit {brand}",
    ],
    joke_locations: &["irgendwo ✨", "Erde 🌍", "im Internet", "in meinem Kopf", "wo es WLAN gibt", "🌍"],
    ui: UiWords {
        followers: "Follower",
        following: "folgt",
        posts: "Beiträge",
        older: "Ältere Beiträge",
        newer: "Neuere Beiträge",
    },
};
