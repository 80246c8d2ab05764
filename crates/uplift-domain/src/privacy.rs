//! Personal information shown to people who do not need it in full (PIPL art. 6, GB/T
//! 35273-2020 3.14 去标识化/展示限制): contact phone numbers are masked in lists and exports.

use crate::permission::Permission;
use crate::role::Role;

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

/// A contact phone as a user of `role` may see it: whole for those who need to reach the
/// enterprise ([`Permission::SeeContactPhone`]), masked for everyone else.
pub fn phone_as_seen_by(role: Role, phone: &str) -> String {
    if role.may(Permission::SeeContactPhone) {
        phone.to_string()
    } else {
        mask_phone(phone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mobile_number_shows_only_its_first_three_and_last_four_digits() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
    }

    #[test]
    fn a_landline_with_area_code_is_masked_too() {
        assert_eq!(mask_phone("0731-88889999"), "073****9999");
    }

    #[test]
    fn regulators_see_the_whole_number_and_support_units_a_masked_one() {
        assert_eq!(phone_as_seen_by(Role::City, "13812341234"), "13812341234");
        assert_eq!(
            phone_as_seen_by(Role::SupportUnit, "13812341234"),
            "138****1234"
        );
    }

    #[test]
    fn short_numbers_keep_two_digits() {
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_phone(""), "");
    }
}
