//! Captions: #hashtags and @mentions found in the text. Parsed the same way on the
//! server (to store the tags) and when rendering (to link them); rendered as text
//! nodes and links, never as HTML.

/// One piece of a caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// `#Sunset` as written, and its tag name (`sunset`).
    Hashtag {
        written: String,
        tag: String,
    },
    /// `@ada` as written, and the username (`ada`).
    Mention {
        written: String,
        username: String,
    },
}

/// SQL for the usernames of existing people that `$column` mentions, as a `text[]`.
/// The pattern only finds candidates (it may over-match, in an e-mail address say);
/// `segments` decides what is a mention, and a mention becomes a link only when its
/// name is in this list. Part of each page's own query, so resolving costs no statement.
#[cfg(feature = "ssr")]
macro_rules! mentioned_users {
    ($column:literal) => {
        concat!(
            // A lateral probe per candidate (LIMIT keeps it a nested loop): one lookup
            // in idx_users_username_lower each, whatever the size of the users table.
            "ARRAY(SELECT mu.username::text FROM regexp_matches(",
            $column,
            ", '@([A-Za-z0-9_]{3,30})', 'g') AS m
               CROSS JOIN LATERAL (SELECT u2.username FROM users u2
                                   WHERE lower(u2.username) = lower(m[1]) LIMIT 1) AS mu)"
        )
    };
}

#[cfg(feature = "ssr")]
pub(crate) use mentioned_users;

/// Whether `username` is among the `known` people (usernames are case-insensitive).
pub fn is_known(known: &[String], username: &str) -> bool {
    known.iter().any(|name| name.eq_ignore_ascii_case(username))
}

/// Longest tag name kept (the column's size).
pub const MAX_TAG_CHARS: usize = 100;

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits a caption into text, hashtags and mentions. A `#` or `@` counts only at the
/// start or after a character that cannot be part of a word (so `a#b` and
/// `me@example.com` stay text).
pub fn segments(caption: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = caption.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_word = i == 0 || !is_tag_char(chars[i - 1]);
        if (c == '#' || c == '@') && starts_word {
            let mut end = i + 1;
            while end < chars.len() && is_tag_char(chars[end]) {
                end += 1;
            }
            let name: String = chars[i + 1..end].iter().collect();
            let valid = if c == '#' {
                !name.is_empty() && name.chars().count() <= MAX_TAG_CHARS
            } else {
                crate::auth::domain::Username::parse(&name).is_ok()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            if valid {
                if !text.is_empty() {
                    out.push(Segment::Text(std::mem::take(&mut text)));
                }
                let written: String = chars[i..end].iter().collect();
                out.push(if c == '#' {
                    Segment::Hashtag {
                        written,
                        tag: name.to_lowercase(),
                    }
                } else {
                    Segment::Mention {
                        written,
                        username: name,
                    }
                });
                i = end;
                continue;
            }
        }
        text.push(c);
        i += 1;
    }
    if !text.is_empty() {
        out.push(Segment::Text(text));
    }
    out
}

/// The distinct tag names of a caption, lowercased, in order of appearance.
pub fn hashtags(caption: &str) -> Vec<String> {
    let mut tags = Vec::new();
    for segment in segments(caption) {
        if let Segment::Hashtag { tag, .. } = segment
            && !tags.contains(&tag)
        {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_in_any_script_lowercased_once() {
        assert_eq!(
            hashtags("#Sunset at the #beach, #sunset again #été #東京 #snake_case"),
            ["sunset", "beach", "été", "東京", "snake_case"]
        );
        assert!(hashtags("no tags, a#b, # alone, ##").is_empty());
    }

    #[test]
    fn splits_text_tags_and_mentions() {
        assert_eq!(
            segments("Hi @ada_l! #Fun <b>"),
            vec![
                Segment::Text("Hi ".into()),
                Segment::Mention {
                    written: "@ada_l".into(),
                    username: "ada_l".into()
                },
                Segment::Text("! ".into()),
                Segment::Hashtag {
                    written: "#Fun".into(),
                    tag: "fun".into()
                },
                Segment::Text(" <b>".into()),
            ]
        );
        assert_eq!(
            segments("mail me@example.com"),
            vec![Segment::Text("mail me@example.com".into())]
        );
        assert_eq!(
            segments("@ab is too short"),
            vec![Segment::Text("@ab is too short".into())]
        );
    }
}
