//! The words demo data is made of: names from many places (accents included, so search
//! has something to fold), captions, tags and comments.

pub const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Amara",
    "Aiko",
    "Ana",
    "Bea",
    "Bruno",
    "Chloé",
    "Carlos",
    "Dara",
    "Diego",
    "Elif",
    "Emil",
    "Farah",
    "Felix",
    "Grace",
    "Hamid",
    "Hana",
    "Iris",
    "Isak",
    "Jamal",
    "José",
    "Júlia",
    "Kai",
    "Keiko",
    "Lena",
    "Liam",
    "Lucía",
    "Maya",
    "Malik",
    "Mei",
    "Nadia",
    "Noah",
    "Nour",
    "Olu",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Renée",
    "Rosa",
    "Sami",
    "Sofia",
    "Søren",
    "Tariq",
    "Theo",
    "Uma",
    "Valentina",
    "Wen",
    "Yara",
    "Yusuf",
    "Zoë",
    "Zara",
    "Mateo",
    "Ingrid",
    "Kofi",
    "Leïla",
    "Björn",
    "Anaïs",
    "Tomás",
    "Ewa",
];

pub const LAST_NAMES: &[&str] = &[
    "Abara", "Andersen", "Bauer", "Bianchi", "Chen", "Costa", "Dubois", "Diaz", "Eze", "Fischer",
    "García", "Haddad", "Ito", "Jensen", "Kim", "Kowalski", "Larsen", "López", "Martin", "Müller",
    "Nakamura", "Nguyen", "Núñez", "Okafor", "Olsen", "Pérez", "Popescu", "Quispe", "Rossi",
    "Sato", "Schmidt", "Silva", "Tanaka", "Taylor", "Udeh", "Varga", "Wang", "Weiß", "Yilmaz",
    "Zhang", "Åberg", "Çelik", "Novák", "Horváth", "Moreau",
];

pub const TAGS: &[&str] = &[
    "sunset",
    "sunrise",
    "hills",
    "landscape",
    "nature",
    "travel",
    "weekend",
    "goldenhour",
    "bokeh",
    "nightlights",
    "city",
    "citylights",
    "mood",
    "colours",
    "dreamy",
    "calm",
    "photography",
    "nofilter",
    "wanderlust",
    "outdoors",
    "hiking",
    "sky",
    "skyporn",
    "light",
    "minimal",
    "abstract",
    "film",
    "grain",
    "evening",
    "morning",
    "summer",
    "autumn",
    "winter",
    "spring",
    "roadtrip",
    "explore",
    "views",
    "peaceful",
    "blue",
    "pink",
    "purple",
    "orange",
    "green",
    "dusk",
    "dawn",
    "night",
    "home",
    "friends",
    "slowliving",
    "été",
    "naturaleza",
    "風景",
];

pub const CAPTIONS: &[&str] = &[
    "Couldn't stop looking at this sky",
    "Some evenings just happen",
    "Out for a walk, came back with this",
    "The light was unreal today",
    "Quiet moments",
    "Chasing the last of the sun",
    "Worth the early alarm",
    "Colours I didn't know existed",
    "No edit, just luck",
    "This is my happy place",
    "Took the long way home",
    "One more from the weekend",
    "Soft and slow",
    "Note to self: go outside more",
    "Saving this one for a grey day",
    "Looks like a painting, doesn't it?",
    "Breathing room",
    "Postcard from nowhere in particular",
];

pub const COMMENTS: &[&str] = &[
    "Wow, stunning!",
    "This is beautiful 😍",
    "Those colours!",
    "Where was this taken?",
    "Absolutely love this",
    "Goals.",
    "The light here is perfect",
    "Frame it!",
    "Take me there please",
    "So calm, I needed this today",
    "Incredible shot",
    "Okay this is my new wallpaper",
    "Dreamy ✨",
    "You always find the best spots",
    "Magic hour indeed",
    "Love the mood in this one",
];

pub const BIOS: &[&str] = &[
    "Chasing light.",
    "Weekend hiker, weekday coder.",
    "Photos of places I love.",
    "Coffee, cameras, long walks.",
    "Mostly skies.",
    "Collecting sunsets since forever.",
    "Here for the colours.",
    "Small moments, big skies.",
];

/// `name` in lowercase ASCII letters only (usernames are `[a-zA-Z0-9_]`).
pub fn ascii_lower(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'á' | 'à' | 'â' | 'ä' | 'å' | 'Å' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ï' => out.push('i'),
            'ó' | 'ö' | 'ø' => out.push('o'),
            'ú' | 'ü' => out.push('u'),
            'ñ' => out.push('n'),
            'ç' | 'Ç' => out.push('c'),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphabetic() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::domain::Username;

    #[test]
    fn every_name_makes_a_valid_username() {
        for first in FIRST_NAMES {
            for last in LAST_NAMES {
                let username = format!("{}_{}{}", ascii_lower(first), ascii_lower(last), 99_999);
                assert!(Username::parse(&username).is_ok(), "{username}");
            }
        }
        assert_eq!(ascii_lower("Søren Weiß-Åberg"), "sorenweissaberg");
    }

    #[test]
    fn every_tag_is_a_tag() {
        for tag in TAGS {
            assert_eq!(crate::posts::caption::hashtags(&format!("#{tag}")), [*tag]);
        }
    }
}
