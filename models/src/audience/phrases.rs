//! Phrase lists the bio reader looks for, written for Scout in English, Spanish, Portuguese,
//! German and French. Age phrases are matched folded (accents dropped, lower case); gendered
//! words lower-cased with accents kept, since folding would merge Portuguese "avó"
//! (grandmother) and "avô" (grandfather).

use super::cues::{AgeShares, GenderShares};

/// Teenagers at school.
const TEEN: AgeShares = [0.85, 0.15, 0.0, 0.0, 0.0, 0.0];
/// Freshman / sophomore: high school or college.
const SCHOOL_OR_COLLEGE: AgeShares = [0.5, 0.5, 0.0, 0.0, 0.0, 0.0];
/// At university.
const STUDENT: AgeShares = [0.03, 0.82, 0.15, 0.0, 0.0, 0.0];
/// "Student" without saying where.
const ANY_STUDENT: AgeShares = [0.3, 0.55, 0.15, 0.0, 0.0, 0.0];
/// Starting out: young professionals, newlyweds, new parents, doctoral students.
const YOUNG_ADULT: AgeShares = [0.0, 0.2, 0.65, 0.15, 0.0, 0.0];
/// Parents of young children.
const PARENT: AgeShares = [0.0, 0.04, 0.46, 0.4, 0.1, 0.0];
/// Parents of teenagers.
const PARENT_OF_TEENS: AgeShares = [0.0, 0.0, 0.05, 0.5, 0.4, 0.05];
/// Empty nesters, "over the hill".
const MIDLIFE: AgeShares = [0.0, 0.0, 0.0, 0.25, 0.55, 0.2];
/// Retired.
const RETIRED: AgeShares = [0.0, 0.0, 0.0, 0.0, 0.1, 0.9];
/// Grandparents.
const GRANDPARENT: AgeShares = [0.0, 0.0, 0.0, 0.05, 0.25, 0.7];

/// Life-stage phrases and the ages they suggest.
#[rustfmt::skip]
pub(crate) const AGE_PHRASES: [(AgeShares, &[&str]); 10] = [
    (
        TEEN,
        &[
            "high school", "highschool", "high schooler", "middle school", "8th grade",
            "9th grade", "10th grade", "11th grade", "12th grade", "8th grade survivor", "teen",
            "teenager", "just a teen", "en el insti", "insti", "instituto", "secundaria",
            "estudiante de secundaria", "prepa", "preparatoria", "adolescente", "ensino medio",
            "vestibulanda", "vestibulando", "colegial", "lyceenne", "lyceen", "collegienne",
            "collegien", "ado", "schulerin", "schuler", "teenie", "9 klasse", "10 klasse",
            "gymnasiast", "gymnasiastin",
        ],
    ),
    (SCHOOL_OR_COLLEGE, &["freshman", "sophomore", "senior year", "junior year"]),
    (
        STUDENT,
        &[
            "college student", "uni student", "university student", "undergrad", "undergraduate",
            "med student", "law student", "studentin", "ersti", "studi", "universitario",
            "universitaria", "estudiante universitario", "estudiante universitaria", "facultad",
            "facu", "estudante universitario", "estudante universitaria", "universitaria",
            "estudante de medicina", "estudiante de medicina", "caloura", "calouro", "etudiant",
            "etudiante", "etudiante en medecine", "etudiant en medecine", "fac",
        ],
    ),
    (ANY_STUDENT, &["student", "estudiante", "estudante"]),
    (
        YOUNG_ADULT,
        &[
            "young professional", "newlywed", "newlyweds", "just married", "phd student",
            "phd candidate", "grad student", "twentysomething", "twenty something", "new mom",
            "new dad", "first time mom", "first time dad", "joven profesional", "recien casada",
            "recien casado", "mama primeriza", "papa primerizo", "jovem profissional",
            "recem casada", "recem casado", "mae de primeira viagem", "papai de primeira viagem",
            "doutoranda", "doutorando", "doctoranda", "doctorando", "berufseinsteiger",
            "berufseinsteigerin", "frisch verheiratet", "frischgebackene mama",
            "frischgebackener papa", "doktorand", "doktorandin", "jeune active", "jeune actif",
            "jeune mariee", "jeune marie", "jeune maman", "jeune papa", "doctorante",
            "doctorant",
        ],
    ),
    (
        PARENT,
        &[
            "mom of", "mum of", "mama of", "mother of", "dad of", "father of", "boy mom",
            "girl mom", "boymom", "girlmom", "girl dad", "girldad", "boy dad", "proud dad",
            "proud mom", "proud mum", "mom life", "momlife", "dad life", "twin mom", "mama de",
            "papa de", "mama de ninos", "mama orgullosa", "papa orgulloso", "mae de", "pai de",
            "mae de menino", "pai de menina", "mae orgulhosa", "pai orgulhoso", "maman de",
            "maman de garcons", "papa d une fille", "papa comble", "maman comblee", "mama von",
            "papa von", "zwillingsmama", "jungsmama", "madchenmama", "madchenpapa",
            "stolzer papa", "stolze mama",
        ],
    ),
    (
        PARENT_OF_TEENS,
        &[
            "mom of teens", "dad of teens", "mum of teens", "mama de adolescentes",
            "papa de adolescentes", "mae de adolescentes", "pai de adolescentes",
            "maman d ados", "papa d ados", "mama von teenagern", "papa von teenagern",
            "empty nester soon",
        ],
    ),
    (
        MIDLIFE,
        &[
            "empty nester", "empty nesters", "over the hill", "midlife", "cuarenton",
            "cuarentona", "cincuenton", "cincuentona", "quarentona", "cinquentona",
        ],
    ),
    (
        RETIRED,
        &[
            "retired", "retiree", "semi retired", "retirement", "enjoying retirement",
            "jubilado", "jubilada", "jubilacion", "pensionado", "pensionada", "aposentado",
            "aposentada", "aposentadoria", "rentner", "rentnerin", "ruhestand", "im ruhestand",
            "pensioniert", "pensionar", "pensionarin", "retraite", "retraitee", "a la retraite",
        ],
    ),
    (
        GRANDPARENT,
        &[
            "grandma", "grandpa", "grandmother", "grandfather", "granny", "nana of",
            "proud nana", "proud grandma", "proud grandpa", "papa of", "abuela", "abuelo",
            "abuelita", "abuelito", "avo", "vovo", "oma", "opa", "omi", "opi", "mamie",
            "grand mere", "grand pere", "papy", "nonna", "nonno",
        ],
    ),
];

/// Words that describe their author as a woman (lower-cased, accents kept).
#[rustfmt::skip]
pub(crate) const FEMALE_WORDS: &[&str] = &[
    "mom", "mum", "mommy", "mama", "mamá", "mãe", "mamãe", "maman", "mother", "wife",
    "girlfriend", "girl", "woman", "grandma", "granny", "nana", "abuela", "abuelita", "avó",
    "vovó", "mamie", "grand-mère", "oma", "omi", "mutter", "ehefrau", "esposa", "mujer",
    "mulher", "boymom", "girlmom", "zwillingsmama", "jungsmama", "enfermera", "enfermeira",
    "infirmière", "krankenschwester", "universitaria", "universitária", "jubilada", "aposentada",
    "retraitée", "lycéenne", "collégienne", "étudiante", "fabulosa", "fabuleuse", "heureuse",
    "coureuse", "corredora", "entrepreneuse", "emprendedora", "empreendedora", "contadora",
    "profesora", "professora", "maestra", "casada", "mariée", "comblée", "orgullosa",
    "orgulhosa", "stolze", "vestibulanda", "caloura", "adicta", "viciada", "ingeniera",
    "engenheira", "ingénieure", "abogada", "advogada", "avocate", "doctora", "médica",
    "primeriza", "institutrice", "jeune active", "doutoranda", "doctorante", "chica", "moça",
];

/// Words that describe their author as a man (lower-cased, accents kept).
#[rustfmt::skip]
pub(crate) const MALE_WORDS: &[&str] = &[
    "dad", "daddy", "father", "husband", "boyfriend", "guy", "grandpa", "papá", "papa", "pai",
    "papai", "papi", "papy", "avô", "vovô", "grand-père", "opa", "opi", "vater", "ehemann",
    "esposo", "marido", "abuelo", "abuelito", "girldad", "girl dad", "boy dad", "mädchenpapa",
    "enfermero", "enfermeiro", "infirmier", "krankenpfleger", "universitario", "universitário",
    "jubilado", "aposentado", "retraité", "lycéen", "collégien", "étudiant", "fabuloso",
    "fabuleux", "heureux", "coureur", "emprendedor", "empreendedor", "contador", "profesor",
    "maestro", "casado", "orgulloso", "orgulhoso", "stolzer", "rentner", "vestibulando",
    "calouro", "adicto", "viciado", "ingeniero", "engenheiro", "ingénieur", "abogado",
    "advogado", "avocat", "médico", "primerizo", "instituteur", "jeune actif", "doutorando",
    "doctorant", "chico", "moço", "lehrer", "schüler", "buchhalter", "softwareentwickler",
    "berufseinsteiger",
];

/// Pronoun pairs as people write them in bios.
pub(crate) const PRONOUNS: &[(&str, GenderShares)] = &[
    ("she/her", [0.98, 0.01, 0.01]),
    ("she/hers", [0.98, 0.01, 0.01]),
    ("she/they", [0.5, 0.0, 0.5]),
    ("he/him", [0.01, 0.98, 0.01]),
    ("he/his", [0.01, 0.98, 0.01]),
    ("he/they", [0.0, 0.5, 0.5]),
    ("they/them", [0.02, 0.02, 0.96]),
    ("ella/ella", [0.98, 0.01, 0.01]),
    ("él/él", [0.01, 0.98, 0.01]),
    ("elle/elle", [0.02, 0.02, 0.96]),
    ("ela/dela", [0.98, 0.01, 0.01]),
    ("ele/dele", [0.01, 0.98, 0.01]),
    ("elu/delu", [0.02, 0.02, 0.96]),
    ("sie/ihr", [0.98, 0.01, 0.01]),
    ("er/ihm", [0.01, 0.98, 0.01]),
    ("il/lui", [0.01, 0.98, 0.01]),
    ("iel", [0.02, 0.02, 0.96]),
];

/// Pronouns that mean a gender when they stand alone as a bio segment ("ella · café").
/// `elle` is read apart (it depends on the language).
pub(crate) const STANDALONE_PRONOUNS: &[(&str, GenderShares)] = &[
    ("ella", [0.98, 0.01, 0.01]),
    ("él", [0.01, 0.98, 0.01]),
    ("ela", [0.98, 0.01, 0.01]),
    ("ele", [0.01, 0.98, 0.01]),
    ("elu", [0.02, 0.02, 0.96]),
    ("sie", [0.98, 0.01, 0.01]),
    ("er", [0.01, 0.98, 0.01]),
    ("il", [0.01, 0.98, 0.01]),
    ("iel", [0.02, 0.02, 0.96]),
    ("she", [0.98, 0.01, 0.01]),
    ("he", [0.01, 0.98, 0.01]),
    ("they", [0.02, 0.02, 0.96]),
];
