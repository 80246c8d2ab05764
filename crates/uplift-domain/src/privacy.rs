//! Personal information shown to people who do not need it in full (PIPL art. 6, GB/T
//! 35273-2020 3.14 去标识化/展示限制): contact phone numbers are masked in lists and exports.

/// `13812341234` -> `138****1234`. Keeps the first three and last four digits of anything
/// that has at least eight digits; shorter numbers are masked but for the last two.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    if n >= 8 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[n - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        let keep = n.min(2);
        let tail: String = chars[n - keep..].iter().collect();
        format!("{}{tail}", "*".repeat(n - keep))
    }
}

#[cfg(test)]
mod tests {
    use super::mask_phone;

    #[test]
    fn a_mobile_number_shows_only_its_first_three_and_last_four_digits() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
    }

    #[test]
    fn a_landline_with_area_code_is_masked_too() {
        assert_eq!(mask_phone("0731-88889999"), "073****9999");
    }

    #[test]
    fn short_numbers_keep_two_digits() {
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_phone(""), "");
    }
}
