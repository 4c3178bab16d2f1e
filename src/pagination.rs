//! Keyset pagination: a page of items and an opaque cursor to the next one. The cursor
//! is the (created_at, id) of the last item shown, so items that arrive between two
//! pages never shift the next page (OFFSET would repeat or skip them).

use serde::{Deserialize, Serialize};

/// How many items a page of the feed, a profile grid or a list holds.
pub const PAGE_SIZE: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor of the page after this one; `None` on the last page.
    pub next: Option<String>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            next: None,
        }
    }
}

#[cfg(feature = "ssr")]
pub use cursor::{Cursor, split_page};

#[cfg(feature = "ssr")]
mod cursor {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use crate::error::AppError;

    /// 9999-12-31T23:59:59.999999Z in microseconds since the Unix epoch.
    const LATEST_MICROS: i64 = 253_402_300_799_999_999;

    /// Where a page ends: the last item's creation time (microseconds since the Unix
    /// epoch, exact in PostgreSQL) and its id, the tie-breaker.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Cursor {
        pub micros: i64,
        pub id: i64,
    }

    impl Cursor {
        pub fn encode(self) -> String {
            URL_SAFE_NO_PAD.encode(format!("{}:{}", self.micros, self.id))
        }

        /// A missing or empty cursor is the first page; anything unreadable is an error.
        pub fn parse(text: Option<&str>) -> Result<Option<Self>, AppError> {
            let Some(text) = text.filter(|text| !text.is_empty()) else {
                return Ok(None);
            };
            let broken =
                || AppError::invalid("This page link is broken. Start again from the top.");
            let decoded = URL_SAFE_NO_PAD.decode(text).map_err(|_| broken())?;
            let decoded = String::from_utf8(decoded).map_err(|_| broken())?;
            let (micros, id) = decoded.split_once(':').ok_or_else(broken)?;
            let cursor = Self {
                micros: micros.parse().map_err(|_| broken())?,
                id: id.parse().map_err(|_| broken())?,
            };
            // Rows are created after 1970 and before 10000, with positive ids; a cursor
            // outside that range was not made by us (and would overflow PostgreSQL's
            // timestamp arithmetic).
            if !(0..=LATEST_MICROS).contains(&cursor.micros) || cursor.id <= 0 {
                return Err(broken());
            }
            Ok(Some(cursor))
        }

        /// The two values a keyset query binds: `None` for the first page. Queries read
        /// them with `KEYSET_BOUND` so that one SQL text serves every page.
        pub fn binds(cursor: Option<Self>) -> (Option<i64>, Option<i64>) {
            (cursor.map(|c| c.micros), cursor.map(|c| c.id))
        }
    }

    /// Queries fetch one row more than a page: if it came, there is a next page.
    pub fn split_page<R>(
        mut rows: Vec<R>,
        size: usize,
        cursor_of: impl Fn(&R) -> Cursor,
    ) -> (Vec<R>, Option<String>) {
        if rows.len() > size {
            rows.truncate(size);
            let next = rows.last().map(|row| cursor_of(row).encode());
            (rows, next)
        } else {
            (rows, None)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cursors_round_trip_and_refuse_garbage() {
            let cursor = Cursor {
                micros: 1_763_900_000_123_456,
                id: 42,
            };
            assert_eq!(Cursor::parse(Some(&cursor.encode())).unwrap(), Some(cursor));
            assert_eq!(Cursor::parse(None).unwrap(), None);
            assert_eq!(Cursor::parse(Some("")).unwrap(), None);
            assert!(Cursor::parse(Some("not a cursor")).is_err());
            assert!(Cursor::parse(Some(&URL_SAFE_NO_PAD.encode("12"))).is_err());
            for out_of_range in ["9223372036854775807:1", "-1:1", "5:0", "5:-3"] {
                let text = URL_SAFE_NO_PAD.encode(out_of_range);
                assert!(Cursor::parse(Some(&text)).is_err(), "{out_of_range}");
            }
        }

        #[test]
        fn a_page_knows_whether_more_follow() {
            let at = |id: &i64| Cursor {
                micros: *id * 10,
                id: *id,
            };
            let (items, next) = split_page(vec![5, 4, 3], 2, at);
            assert_eq!(items, vec![5, 4]);
            assert_eq!(Cursor::parse(next.as_deref()).unwrap(), Some(at(&4)));
            let (items, next) = split_page(vec![5, 4], 2, at);
            assert_eq!(items, vec![5, 4]);
            assert_eq!(next, None);
        }
    }
}

/// The SQL condition "strictly before the cursor" for a table alias with `created_at`
/// and `id`, reading the cursor from two bigint parameters (NULL, NULL on the first
/// page). It is one expression whatever the page, so the planner can use the
/// `(…, created_at DESC, id DESC)` indexes for it.
#[cfg(feature = "ssr")]
macro_rules! keyset_before {
    ($alias:literal, $micros:literal, $id:literal) => {
        concat!(
            "(",
            $alias,
            ".created_at, ",
            $alias,
            ".id) < (",
            "COALESCE(timestamptz 'epoch' + ",
            $micros,
            "::bigint * interval '1 microsecond', 'infinity'::timestamptz), ",
            "COALESCE(",
            $id,
            "::bigint, 9223372036854775807))"
        )
    };
}
#[cfg(feature = "ssr")]
pub(crate) use keyset_before;
