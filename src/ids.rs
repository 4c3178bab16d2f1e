//! The ids of the product's rows as types of their own, so a post's id cannot be
//! passed where a user's is meant. On the wire and in the database each is its number
//! (`serde(transparent)`, `sqlx(transparent)`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map(Self)
            }
        }
    };
}

row_id!(
    /// A row of `users`.
    UserId
);
row_id!(
    /// A row of `posts`.
    PostId
);
row_id!(
    /// A row of `comments`.
    CommentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_number_on_the_wire() {
        assert_eq!(serde_json::to_string(&PostId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<UserId>("12").unwrap(), UserId(12));
        assert_eq!("42".parse::<CommentId>().unwrap(), CommentId(42));
        assert_eq!(PostId(3).to_string(), "3");
    }
}
