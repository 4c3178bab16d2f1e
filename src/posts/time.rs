//! "3h", "2d": how long ago, the way Instagram says it.

/// How long before `now` the moment `then` was (both Unix seconds).
pub fn relative(then: i64, now: i64) -> String {
    let seconds = (now - then).max(0);
    match seconds {
        0..60 => "now".to_owned(),
        60..3_600 => format!("{}m", seconds / 60),
        3_600..86_400 => format!("{}h", seconds / 3_600),
        86_400..604_800 => format!("{}d", seconds / 86_400),
        _ => format!("{}w", seconds / 604_800),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_times() {
        assert_eq!(super::relative(100, 110), "now");
        assert_eq!(super::relative(0, 125), "2m");
        assert_eq!(super::relative(0, 3 * 3600 + 5), "3h");
        assert_eq!(super::relative(0, 2 * 86_400), "2d");
        assert_eq!(super::relative(0, 15 * 86_400), "2w");
        assert_eq!(super::relative(10, 0), "now");
    }
}
