//! Compact first- and last-name lists per language group (common given names of each
//! region, written for this repository), and the handles people and bots build from them.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use scout_models::Niche;

use crate::sim::geo::{Language, NameGroup};
use crate::sim::rng::{between, chance, pick_str};

/// A person's gender as the name lists know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
    Other,
}

impl Gender {
    /// From the index of [`crate::sim::params::GENDERS`].
    pub(crate) fn from_index(index: usize) -> Gender {
        match index {
            0 => Gender::Female,
            1 => Gender::Male,
            _ => Gender::Other,
        }
    }
}

struct NameList {
    female: &'static [&'static str],
    male: &'static [&'static str],
    unisex: &'static [&'static str],
    last: &'static [&'static str],
}

#[rustfmt::skip]
const ANGLO: NameList = NameList {
    female: &[
        "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Evelyn",
        "Abigail", "Emily", "Ella", "Grace", "Chloe", "Lily", "Hannah", "Zoe", "Nora", "Lucy", "Sarah",
        "Jessica", "Ashley", "Megan", "Lauren", "Rachel", "Jennifer", "Amy", "Katie", "Sophie", "Holly",
        "Ruby", "Freya", "Isla", "Maddie", "Brooke", "Kayla", "Natalie", "Claire", "Linda", "Susan", "Karen",
    ],
    male: &[
        "Liam", "Noah", "Oliver", "James", "Elijah", "William", "Henry", "Lucas", "Benjamin",
        "Theodore", "Jack", "Jacob", "Ethan", "Daniel", "Matthew", "Ryan", "Tyler", "Josh",
        "Connor", "Harry", "George", "Charlie", "Oscar", "Alfie", "Thomas", "Michael", "David",
        "Chris", "Kevin", "Brian", "Jason", "Mark", "Nathan", "Luke", "Sam", "Ben", "Adam", "Jake",
        "Dylan", "Gary", "Steve", "Paul",
    ],
    unisex: &["Alex", "Jordan", "Taylor", "Riley", "Casey", "Morgan", "Jamie", "Avery", "Quinn", "Rowan"],
    last: &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
        "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker",
        "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Evans", "Turner",
        "Collins", "Murphy", "Cook", "Kelly", "Wood", "Hughes", "Patel", "Nguyen", "O'Brien",
    ],
};

#[rustfmt::skip]
const INDIAN: NameList = NameList {
    female: &[
        "Aarohi", "Ananya", "Diya", "Ishita", "Kavya", "Meera", "Neha", "Pooja", "Priya", "Riya",
        "Sanya", "Shreya", "Tanvi", "Aditi", "Anjali", "Divya", "Isha", "Kriti", "Nisha",
        "Pallavi", "Radhika", "Sneha", "Swati", "Aisha", "Lakshmi", "Deepika", "Sunita", "Kiran",
        "Bhavna", "Jyoti",
    ],
    male: &[
        "Aarav", "Arjun", "Vihaan", "Aditya", "Rohan", "Rahul", "Karan", "Siddharth", "Vikram", "Amit",
        "Ankit", "Nikhil", "Pranav", "Rishi", "Sahil", "Varun", "Yash", "Dev", "Ishaan", "Kabir", "Manish",
        "Rajesh", "Suresh", "Vivek", "Abhishek", "Harsh", "Gaurav", "Ravi", "Sanjay", "Arnav",
    ],
    unisex: &["Kiran", "Shashi", "Jyoti", "Sonu", "Ashu"],
    last: &[
        "Sharma", "Verma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Rao", "Mehta",
        "Joshi", "Desai", "Shah", "Kapoor", "Malhotra", "Chopra", "Agarwal", "Bose", "Das", "Mukherjee",
        "Banerjee", "Pillai", "Menon", "Kulkarni", "Jain", "Saxena", "Bhatt", "Chauhan", "Mishra",
    ],
};

#[rustfmt::skip]
const HISPANIC: NameList = NameList {
    female: &[
        "Lucía", "Sofía", "María", "Martina", "Valentina", "Camila", "Valeria", "Isabella", "Daniela",
        "Paula", "Julia", "Carmen", "Elena", "Laura", "Ana", "Marta", "Alba", "Sara", "Andrea", "Natalia",
        "Mariana", "Gabriela", "Fernanda", "Ximena", "Renata", "Catalina", "Florencia", "Agustina", "Paola",
        "Claudia", "Lorena", "Rocío", "Pilar", "Guadalupe", "Juana",
    ],
    male: &[
        "Mateo", "Santiago", "Sebastián", "Leonardo", "Matías", "Diego", "Nicolás", "Alejandro", "Daniel",
        "Pablo", "Hugo", "Javier", "Carlos", "Manuel", "David", "Álvaro", "Sergio", "Jorge", "Luis", "Miguel",
        "Andrés", "Felipe", "Emiliano", "Joaquín", "Tomás", "Facundo", "Juan", "Rodrigo", "Fernando",
        "Ricardo", "Raúl", "Eduardo", "Gonzalo", "Iván", "Ramón",
    ],
    unisex: &["Alex", "Ariel", "Cruz", "Guadalupe", "Noa", "Sasha"],
    last: &[
        "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
        "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro",
        "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Castro", "Ortiz", "Rubio", "Morales", "Flores",
        "Herrera", "Medina", "Aguilar", "Vargas", "Rojas", "Castillo", "Ortega", "Silva", "Mendoza",
    ],
};

#[rustfmt::skip]
const LUSOPHONE: NameList = NameList {
    female: &[
        "Ana", "Maria", "Beatriz", "Mariana", "Larissa", "Camila", "Juliana", "Fernanda", "Gabriela",
        "Amanda", "Letícia", "Bruna", "Carolina", "Isabela", "Luana", "Rafaela", "Thaís", "Patrícia",
        "Vanessa", "Débora", "Inês", "Leonor", "Matilde", "Francisca", "Carla", "Sofia", "Helena", "Alice",
        "Manuela", "Joana", "Cláudia", "Sônia",
    ],
    male: &[
        "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Matheus", "Gustavo", "Felipe", "Bruno", "Thiago",
        "Diego", "Rodrigo", "Eduardo", "Leonardo", "Vinícius", "André", "Caio", "Henrique", "Marcelo",
        "Paulo", "Tiago", "Duarte", "Rui", "Afonso", "Gonçalo", "Miguel", "Ricardo", "Fábio", "Sérgio",
        "Antônio", "José", "Francisco",
    ],
    unisex: &["Alex", "Darcy", "Iris", "Juçara", "Sol"],
    last: &[
        "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
        "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira",
        "Barbosa", "Rocha", "Dias", "Nascimento", "Moreira", "Cardoso", "Teixeira", "Mendes", "Araújo",
        "Pinto", "Correia", "Sousa", "Monteiro",
    ],
};

#[rustfmt::skip]
const GERMAN: NameList = NameList {
    female: &[
        "Hannah", "Emilia", "Lena", "Mia", "Lea", "Anna", "Marie", "Sophie", "Lina", "Clara", "Laura",
        "Julia", "Sarah", "Katharina", "Johanna", "Lisa", "Jana", "Franziska", "Nina", "Sabine", "Petra",
        "Monika", "Stefanie", "Melanie", "Carina", "Leonie", "Greta", "Paula", "Ida", "Helga", "Ursula",
        "Anja",
    ],
    male: &[
        "Leon", "Paul", "Noah", "Finn", "Elias", "Felix", "Jonas", "Lukas", "Maximilian", "Moritz", "Tim",
        "Jan", "Niklas", "Tobias", "Sebastian", "Florian", "Stefan", "Thomas", "Michael", "Andreas", "Markus",
        "Jürgen", "Klaus", "Uwe", "Matthias", "Daniel", "Fabian", "Philipp", "Jannik", "Lars", "Wolfgang",
        "Dieter",
    ],
    unisex: &["Kim", "Luca", "Robin", "Toni", "Sascha", "Eike"],
    last: &[
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
        "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
        "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann",
        "Köhler", "Huber", "Gruber", "Steiner", "Keller", "Brunner",
    ],
};

#[rustfmt::skip]
const FRENCH: NameList = NameList {
    female: &[
        "Emma", "Louise", "Jade", "Alice", "Chloé", "Lina", "Léa", "Manon", "Camille", "Inès",
        "Juliette", "Zoé", "Clara", "Sarah", "Anaïs", "Pauline", "Marion", "Mathilde", "Océane",
        "Céline", "Sandrine", "Nathalie", "Isabelle", "Aurélie", "Élodie", "Margaux", "Lucie",
        "Amandine", "Justine", "Élise", "Sylvie", "Brigitte",
    ],
    male: &[
        "Gabriel", "Raphaël", "Léo", "Louis", "Lucas", "Adam", "Hugo", "Arthur", "Jules", "Nathan", "Théo",
        "Maxime", "Thomas", "Antoine", "Nicolas", "Julien", "Romain", "Alexandre", "Clément", "Quentin",
        "Baptiste", "Guillaume", "Mathieu", "Pierre", "Olivier", "Sébastien", "Benoît", "Philippe", "Laurent",
        "Yann", "Étienne", "Jean",
    ],
    unisex: &["Camille", "Dominique", "Claude", "Sacha", "Charlie", "Eden", "Morgan"],
    last: &[
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
        "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
        "Martinez", "Legrand", "Gauthier", "Perrin", "Peeters", "Tremblay", "Gagnon",
    ],
};

fn list(group: NameGroup) -> &'static NameList {
    match group {
        NameGroup::Anglo => &ANGLO,
        NameGroup::Indian => &INDIAN,
        NameGroup::Hispanic => &HISPANIC,
        NameGroup::Lusophone => &LUSOPHONE,
        NameGroup::German => &GERMAN,
        NameGroup::French => &FRENCH,
    }
}

/// A first name carrying `gender` for the group ("other" draws unisex names most of the time).
pub(crate) fn first_name(rng: &mut ChaCha8Rng, group: NameGroup, gender: Gender) -> &'static str {
    let names = list(group);
    match gender {
        Gender::Female => pick_str(rng, names.female),
        Gender::Male => pick_str(rng, names.male),
        Gender::Other => {
            if chance(rng, 0.6) {
                pick_str(rng, names.unisex)
            } else if chance(rng, 0.5) {
                pick_str(rng, names.female)
            } else {
                pick_str(rng, names.male)
            }
        }
    }
}

/// A last name of the group.
pub(crate) fn last_name(rng: &mut ChaCha8Rng, group: NameGroup) -> &'static str {
    pick_str(rng, list(group).last)
}

/// ASCII handle form of a name: accents dropped, umlauts spelled out, other signs removed.
pub(crate) fn fold(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for character in name.chars() {
        match character {
            'a'..='z' | '0'..='9' => folded.push(character),
            'A'..='Z' => folded.push(character.to_ascii_lowercase()),
            'á' | 'à' | 'â' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ã' => folded.push('a'),
            'ä' | 'Ä' => folded.push_str("ae"),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => folded.push('e'),
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Î' => folded.push('i'),
            'ó' | 'ò' | 'ô' | 'õ' | 'Ó' | 'Ô' | 'Õ' => folded.push('o'),
            'ö' | 'Ö' => folded.push_str("oe"),
            'ú' | 'ù' | 'û' | 'Ú' | 'Û' => folded.push('u'),
            'ü' | 'Ü' => folded.push_str("ue"),
            'ç' | 'Ç' => folded.push('c'),
            'ñ' | 'Ñ' => folded.push('n'),
            'ß' => folded.push_str("ss"),
            _ => {}
        }
    }
    folded
}

/// Short words creators put in their handles, per niche in [`Niche::ALL`] order.
const NICHE_HANDLE_WORDS: [&[&str]; 20] = [
    &["fit", "lifts", "moves", "strong", "trains", "sweats"],
    &["beauty", "glow", "makeup", "skin", "blush"],
    &["style", "styled", "wears", "closet", "looks"],
    &["eats", "cooks", "kitchen", "bakes", "recipes", "foodie"],
    &["travels", "wanders", "abroad", "trips", "roams"],
    &["plays", "gg", "games", "live", "streams"],
    &["codes", "tech", "builds", "dev", "bytes"],
    &["mama", "papa", "family", "littles", "parents"],
    &["pets", "pup", "paws", "dogs", "cats"],
    &["money", "invests", "saves", "finance", "budget"],
    &["music", "sings", "beats", "plays", "sound"],
    &["sports", "runs", "rides", "goals", "court"],
    &["teaches", "learns", "study", "class", "notes"],
    &["makes", "crafts", "knits", "sews", "handmade"],
    &["home", "nest", "decor", "living", "rooms"],
    &["drives", "garage", "cars", "motors", "rides"],
    &["wellness", "calm", "yoga", "breathes", "mindful"],
    &["laughs", "lol", "jokes", "funny", "comedy"],
    &["art", "draws", "paints", "studio", "sketches"],
    &["green", "eco", "zerowaste", "thrifts", "grows"],
];

/// A creator handle from the name and primary niche: `mariacosta`, `maria_cooks`,
/// `thealexplays`; only `[a-z0-9_]`, as Mastodon requires for local accounts.
pub(crate) fn creator_handle(
    rng: &mut ChaCha8Rng,
    first: &str,
    last: &str,
    niche: Niche,
) -> String {
    let first = fold(first);
    let last = fold(last);
    let word = pick_str(rng, NICHE_HANDLE_WORDS[niche.index()]);
    let initial = last.chars().next().map(String::from).unwrap_or_default();
    let handle = match between(rng, (0, 9)) {
        0 | 1 => format!("{first}{last}"),
        2 => format!("{first}_{last}"),
        3 => format!("{first}{word}"),
        4 => format!("{first}_{word}"),
        5 => format!("the{first}{word}"),
        6 => format!("{word}with{first}"),
        7 => format!("{first}{initial}_{word}"),
        8 => format!("{first}.{last}").replace('.', "_"),
        _ => format!("{first}{last}{}", between(rng, (1, 99))),
    };
    truncate_handle(handle)
}

/// A human commenter's handle: like a creator's but with more numbers (birth years, lucky
/// numbers) and no niche word.
pub(crate) fn human_handle(rng: &mut ChaCha8Rng, first: &str, last: &str) -> String {
    let first = fold(first);
    let last = fold(last);
    let initial = last.chars().next().map(String::from).unwrap_or_default();
    let handle = match between(rng, (0, 9)) {
        0 | 1 => format!("{first}{last}"),
        2 => format!("{first}_{last}"),
        3 => format!("{first}{initial}"),
        4 => format!("{first}_{}", between(rng, (70, 99)) % 100),
        5 => format!("{first}{last}{}", between(rng, (1975, 2008))),
        6 => format!("{initial}{first}"),
        7 => format!("{first}{}", between(rng, (1, 99))),
        8 => format!("real{first}{initial}"),
        _ => format!("{last}_{first}"),
    };
    truncate_handle(handle)
}

/// A bot handle: long digit runs, random letters, promo words.
pub(crate) fn bot_handle(rng: &mut ChaCha8Rng, first: &str) -> String {
    let first = fold(first);
    let handle = match between(rng, (0, 5)) {
        0 => format!("user{}", digits(rng, (6, 9))),
        1 => format!("{first}{}", digits(rng, (4, 8))),
        2 => {
            let head = letters(rng, (3, 6));
            format!("{head}_{}", digits(rng, (4, 7)))
        }
        3 => {
            let word = pick_str(rng, &["page", "deals", "boost", "growth", "viral"]);
            format!("promo_{word}{}", digits(rng, (4, 4)))
        }
        4 => {
            let middle = letters(rng, (2, 2));
            format!("{first}_{middle}{}", digits(rng, (6, 6)))
        }
        _ => {
            let head = letters(rng, (6, 9));
            format!("{head}{}", digits(rng, (3, 5)))
        }
    };
    truncate_handle(handle)
}

/// A run of random digits whose length is drawn from `length`.
fn digits(rng: &mut ChaCha8Rng, length: (usize, usize)) -> String {
    let count = between(rng, length);
    (0..count)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// A run of random lower-case letters whose length is drawn from `length`.
fn letters(rng: &mut ChaCha8Rng, length: (usize, usize)) -> String {
    let count = between(rng, length);
    (0..count)
        .map(|_| char::from(b'a' + rng.random_range(0..26u8)))
        .collect()
}

fn truncate_handle(handle: String) -> String {
    let cleaned: String = handle
        .chars()
        .filter(|character| character.is_ascii_alphanumeric() || *character == '_')
        .take(30)
        .collect();
    if cleaned.is_empty() {
        "user".to_string()
    } else {
        cleaned
    }
}

/// Remote Mastodon-like domains commenters come from (not served: like real replies from
/// other instances). Language-flavoured domains carry a weak language signal.
pub(crate) fn remote_domain(rng: &mut ChaCha8Rng, language: Language) -> &'static str {
    const GENERAL: &[&str] = &[
        "mstdn.sim.example",
        "toot.sim.example",
        "mastodon-world.sim.example",
        "fedi.sim.example",
    ];
    let local: &[&str] = match language {
        Language::En => &[
            "mastodon-uk.sim.example",
            "fosstodon.sim.example",
            "mas.sim.example",
        ],
        Language::Es => &["mastodon-es.sim.example", "mastodon-mx.sim.example"],
        Language::Pt => &["mastodon-br.sim.example", "masto-pt.sim.example"],
        Language::De => &["troet.sim.example", "chaos.sim.example"],
        Language::Fr => &["piaille.sim.example", "mamot.sim.example"],
    };
    if chance(rng, 0.65) {
        pick_str(rng, local)
    } else {
        pick_str(rng, GENERAL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{stream, Purpose};

    #[test]
    fn fold_makes_ascii_handles() {
        assert_eq!(fold("João"), "joao");
        assert_eq!(fold("Müller"), "mueller");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Strauß"), "strauss");
        assert_eq!(fold("Álvarez"), "alvarez");
    }

    #[test]
    fn handles_only_use_mastodon_characters() {
        let mut rng = stream(9, Purpose::Person, 0, 0);
        for _ in 0..300 {
            for handle in [
                creator_handle(&mut rng, "Inês", "Araújo", Niche::Food),
                human_handle(&mut rng, "Zoé", "Dubois"),
                bot_handle(&mut rng, "Léa"),
            ] {
                assert!(!handle.is_empty() && handle.len() <= 30, "{handle}");
                assert!(
                    handle
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{handle}"
                );
            }
        }
    }

    #[test]
    fn bot_handles_carry_digit_runs_more_often_than_humans() {
        let mut rng = stream(10, Purpose::Person, 0, 0);
        let runs = |handle: &str| handle.chars().filter(char::is_ascii_digit).count() >= 4;
        let bots = (0..500)
            .filter(|_| runs(&bot_handle(&mut rng, "Ana")))
            .count();
        let humans = (0..500)
            .filter(|_| runs(&human_handle(&mut rng, "Ana", "Silva")))
            .count();
        assert!(bots > 400 && humans < 100, "bots {bots} humans {humans}");
    }

    #[test]
    fn gendered_first_names_come_from_the_right_list() {
        let mut rng = stream(11, Purpose::Person, 0, 0);
        for _ in 0..50 {
            assert!(LUSOPHONE.female.contains(&first_name(
                &mut rng,
                NameGroup::Lusophone,
                Gender::Female
            )));
            assert!(GERMAN
                .male
                .contains(&first_name(&mut rng, NameGroup::German, Gender::Male)));
        }
    }
}
