//! Numbers as a reader expects them: thousands separators in counts and in the whole part
//! of a figure (`8,232`, `117,905.5`), in pages, exports' explanations and sentences alike.

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Signed counts: `-1234` -> `-1,234`.
pub fn thousands_signed(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(n.unsigned_abs()))
}

/// Thousands separators in the whole part of a decimal figure (`"117905.5"` ->
/// `"117,905.5"`); anything that is not a plain decimal is returned as it is.
pub fn thousands_decimal(figure: &str) -> String {
    let (sign, unsigned) = match figure.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", figure),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
    let fraction_digits = fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    match whole.parse::<u64>() {
        Ok(n) if digits && fraction_digits => {
            let mut out = format!("{sign}{}", thousands(n));
            if let Some(f) = fraction {
                out.push('.');
                out.push_str(f);
            }
            out
        }
        _ => figure.to_string(),
    }
}

/// A file's size as people say it: `812 B`, `3.4 KB`, `2.1 MB`, `1.3 GB` (powers of 1024).
pub fn file_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands_signed(-1234), "-1,234");
    }

    #[test]
    fn figures_get_separators_in_their_whole_part_only() {
        assert_eq!(thousands_decimal("117905"), "117,905");
        assert_eq!(thousands_decimal("2000.5"), "2,000.5");
        assert_eq!(thousands_decimal("0.0125"), "0.0125");
        assert_eq!(thousands_decimal("-1234567.25"), "-1,234,567.25");
        assert_eq!(thousands_decimal("abc"), "abc");
        assert_eq!(thousands_decimal("+12"), "+12");
    }

    #[test]
    fn file_sizes_read_as_people_say_them() {
        assert_eq!(file_size(812), "812 B");
        assert_eq!(file_size(3_482), "3.4 KB");
        assert_eq!(file_size(2_202_010), "2.1 MB");
    }
}
