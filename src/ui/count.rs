//! Counts as Instagram writes them: "999", "1.2k", "12.3k", "123k", "1.2M".

/// `count` in at most four characters plus a unit. Rounds down, so a count never reads
/// higher than it is ("1,299" is "1.2k").
pub fn compact(count: i64) -> String {
    let count = count.max(0);
    let (scale, unit) = match count {
        0..1_000 => return count.to_string(),
        1_000..1_000_000 => (1_000, "k"),
        1_000_000..1_000_000_000 => (1_000_000, "M"),
        _ => (1_000_000_000, "B"),
    };
    let tenths = count / (scale / 10);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if whole >= 100 || tenth == 0 {
        format!("{whole}{unit}")
    } else {
        format!("{whole}.{tenth}{unit}")
    }
}

/// `count` in full with thousands separated: "1,234,567".
pub fn grouped(count: i64) -> String {
    let digits = count.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if count < 0 {
        out.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "1 like", "12 likes", "1.2k likes": a count and its noun, singular only for one.
pub fn counted(count: i64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", compact(count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_written_out() {
        assert_eq!(compact(0), "0");
        assert_eq!(compact(7), "7");
        assert_eq!(compact(999), "999");
    }

    #[test]
    fn thousands_and_millions_are_shortened_rounding_down() {
        assert_eq!(compact(1_000), "1k");
        assert_eq!(compact(1_299), "1.2k");
        assert_eq!(compact(12_345), "12.3k");
        assert_eq!(compact(99_999), "99.9k");
        assert_eq!(compact(123_456), "123k");
        assert_eq!(compact(999_999), "999k");
        assert_eq!(compact(1_000_000), "1M");
        assert_eq!(compact(1_250_000), "1.2M");
        assert_eq!(compact(3_000_000_000), "3B");
    }

    #[test]
    fn a_negative_count_reads_as_none() {
        assert_eq!(compact(-3), "0");
    }

    #[test]
    fn full_counts_group_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234), "1,234");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-12_345), "-12,345");
    }

    #[test]
    fn nouns_are_singular_only_for_one() {
        assert_eq!(counted(0, "like", "likes"), "0 likes");
        assert_eq!(counted(1, "like", "likes"), "1 like");
        assert_eq!(counted(2, "follower", "followers"), "2 followers");
        assert_eq!(counted(4_321, "follower", "followers"), "4.3k followers");
    }
}
