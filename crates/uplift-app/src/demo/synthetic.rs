//! Synthetic enterprises for the demo province: deterministic (the same seed gives the
//! same directory), checksum-valid credit codes, real division codes, a plausible mix of
//! industries and sizes. No real enterprise is described.

use uplift_domain::directory::DirectoryRow as NewEnterprise;
use uplift_domain::directory::OperatingStatus;
use uplift_domain::division::{Division, DivisionCode, counties_of};
use uplift_domain::money::Money;
use uplift_domain::sme::Industry;
use uplift_domain::uscc::Uscc;

/// splitmix64: tiny, fast, and stable across crate versions (a demo must not change
/// because a random-number crate did).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.range(0, items.len() as u64 - 1) as usize;
        &items[i]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }
}

/// Industry weights (percent): manufacturing dominates the programme's enterprises.
const INDUSTRY_MIX: &[(Industry, u64)] = &[
    (Industry::Industry, 45),
    (Industry::Wholesale, 10),
    (Industry::Retail, 8),
    (Industry::SoftwareIt, 8),
    (Industry::Construction, 6),
    (Industry::Transport, 4),
    (Industry::Catering, 3),
    (Industry::LeasingBusiness, 3),
    (Industry::Warehousing, 2),
    (Industry::Accommodation, 2),
    (Industry::InformationTransmission, 2),
    (Industry::RealEstateDevelopment, 2),
    (Industry::PropertyManagement, 2),
    (Industry::Agriculture, 1),
    (Industry::Postal, 1),
    (Industry::Other, 1),
];

const TRADE_NAMES: &[&str] = &[
    "湘江", "华泰", "鑫达", "恒信", "宏远", "天成", "瑞丰", "金石", "永盛", "新源", "博雅", "联创",
    "中科", "润泽", "嘉禾", "盛世", "佳和", "众诚", "德胜", "安泰", "星辰", "远航", "楚天", "芙蓉",
    "麓山", "洞庭", "衡岳", "潇湘", "银河", "明珠",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "平",
];

fn business_word(industry: Industry, rng: &mut Rng) -> &'static str {
    let words: &[&str] = match industry {
        Industry::Industry => &[
            "机械制造",
            "电子科技",
            "新材料",
            "食品",
            "精密铸造",
            "塑胶制品",
            "电气设备",
        ],
        Industry::Wholesale => &["贸易", "商贸"],
        Industry::Retail => &["超市", "百货"],
        Industry::SoftwareIt => &["软件", "信息技术"],
        Industry::Construction => &["建设工程", "建筑安装"],
        Industry::Transport => &["物流运输"],
        Industry::Warehousing => &["仓储"],
        Industry::Postal => &["快递服务"],
        Industry::Accommodation => &["酒店管理"],
        Industry::Catering => &["餐饮管理"],
        Industry::InformationTransmission => &["通信技术"],
        Industry::RealEstateDevelopment => &["房地产开发"],
        Industry::PropertyManagement => &["物业管理"],
        Industry::LeasingBusiness => &["商务咨询", "设备租赁"],
        Industry::Agriculture => &["农业开发", "生态农业"],
        Industry::Other => &["技术服务"],
    };
    words[rng.range(0, words.len() as u64 - 1) as usize]
}

/// Figures that land in every size class, most of them small or micro. Revenue in 万元.
fn figures(industry: Industry, rng: &mut Rng) -> (u64, u64, u64) {
    let tier = rng.range(1, 100);
    let (employees, revenue) = match tier {
        1..=15 => (rng.range(3, 19), rng.range(50, 900)),
        16..=70 => (rng.range(20, 290), rng.range(900, 18_000)),
        71..=93 => (rng.range(100, 900), rng.range(5_000, 38_000)),
        _ => (rng.range(300, 2_500), rng.range(20_000, 120_000)),
    };
    let assets = revenue * rng.range(40, 180) / 100;
    // Real-estate and leasing rules look at assets; keep them in the same spread.
    let assets = match industry {
        Industry::RealEstateDevelopment | Industry::LeasingBusiness => assets.max(50),
        _ => assets,
    };
    (employees, revenue, assets)
}

fn org_body(rng: &mut Rng) -> String {
    (0..8)
        .map(|_| char::from(b'0' + (rng.range(0, 9) as u8)))
        .collect()
}

fn phone(rng: &mut Rng) -> String {
    format!(
        "1{}{:09}",
        rng.pick(&["3", "5", "7", "8", "9"]),
        rng.range(0, 999_999_999)
    )
}

/// An endless, deterministic stream of synthetic enterprises over `cities`, weighted so
/// that the capital has the most (as in every real province).
pub struct Generator<'a> {
    cities: &'a [Division],
    /// The listed counties of each city (GB/T 2260 names), where its enterprises lie, so
    /// that every city's county filter has something to show.
    counties: Vec<Vec<&'static str>>,
    weights: Vec<u64>,
    total_weight: u64,
    rng: Rng,
    seen_codes: std::collections::HashSet<[u8; 18]>,
    made: usize,
}

impl<'a> Generator<'a> {
    pub fn new(cities: &'a [Division], seed: u64) -> Generator<'a> {
        // The first city (the capital) weighs three times the others.
        let weights: Vec<u64> = (0..cities.len())
            .map(|i| if i == 0 { 3 } else { 1 })
            .collect();
        let total_weight = weights.iter().sum::<u64>().max(1);
        let counties = cities
            .iter()
            .map(|c| {
                counties_of(c.code)
                    .into_iter()
                    .map(|(code, _)| code)
                    .collect()
            })
            .collect();
        Generator {
            cities,
            counties,
            weights,
            total_weight,
            rng: Rng::new(seed),
            seen_codes: std::collections::HashSet::new(),
            made: 0,
        }
    }

    /// A city (by index) for the next enterprise.
    fn city(&mut self) -> Option<usize> {
        // Round-robin for the first pass so that every city has some, weighted after.
        if self.made < self.cities.len() {
            return Some(self.made);
        }
        let mut roll = self.rng.range(1, self.total_weight);
        for (i, w) in self.weights.iter().enumerate() {
            if roll <= *w {
                return Some(i);
            }
            roll -= w;
        }
        (!self.cities.is_empty()).then_some(0)
    }
}

impl Iterator for Generator<'_> {
    type Item = NewEnterprise;

    fn next(&mut self) -> Option<NewEnterprise> {
        loop {
            let index = self.city()?;
            let city = self.cities.get(index)?;
            let rng = &mut self.rng;
            // A real county of the city; the city itself only where none is listed.
            let division = match self.counties.get(index).filter(|c| !c.is_empty()) {
                Some(counties) => rng.pick(counties).to_string(),
                None => city.code.to_string(),
            };
            let Ok(division) = DivisionCode::parse(&division) else {
                continue;
            };
            let total_weight: u64 = INDUSTRY_MIX.iter().map(|(_, w)| w).sum();
            let mut roll = rng.range(1, total_weight);
            let industry = INDUSTRY_MIX
                .iter()
                .find(|(_, w)| {
                    if roll <= *w {
                        true
                    } else {
                        roll -= w;
                        false
                    }
                })
                .map(|(ind, _)| *ind)
                .unwrap_or(Industry::Industry);
            let Some(uscc) = Uscc::from_parts('9', '1', division.as_str(), &org_body(rng)) else {
                continue;
            };
            let mut key = [0u8; 18];
            key.copy_from_slice(uscc.as_str().as_bytes());
            if !self.seen_codes.insert(key) {
                continue;
            }
            let short: String = city
                .name_zh
                .trim_end_matches('市')
                .chars()
                .take(2)
                .collect();
            // The serial number keeps names unique at any scale, as real 字号 are.
            let name = format!(
                "{short}{}{}{}有限公司",
                rng.pick(TRADE_NAMES),
                business_word(industry, rng),
                if self.made < 1_000 {
                    String::new()
                } else {
                    format!("{}号", self.made)
                }
            );
            let (employees, revenue, assets) = figures(industry, rng);
            let main_share = rng.range(80, 100);
            let has_contact = rng.chance(94);
            self.made += 1;
            return Some(NewEnterprise {
                uscc,
                uscc_warnings: Vec::new(),
                name,
                division,
                industry,
                employees: Some(employees),
                operating_revenue: Some(Money::from_wan(revenue as i64)),
                main_revenue: Some(Money::from_yuan(
                    revenue as i64 * 10_000 * main_share as i64 / 100,
                )),
                total_assets: Some(Money::from_wan(assets as i64)),
                operating_status: if rng.chance(95) {
                    OperatingStatus::Operating
                } else {
                    OperatingStatus::NotOperating
                },
                contact_name: has_contact
                    .then(|| format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))),
                contact_phone: has_contact.then(|| phone(rng)),
            });
        }
    }
}

/// `count` enterprises (the demo province's directory).
pub fn enterprises(cities: &[Division], count: usize, seed: u64) -> Vec<NewEnterprise> {
    Generator::new(cities, seed).take(count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use uplift_domain::division::prefectures_of;

    #[test]
    fn every_city_has_enterprises_in_several_of_its_real_counties() {
        use uplift_domain::division::{DivisionLevel, county_name};
        let cities = prefectures_of("430000");
        let all = enterprises(cities, 320, 2022);
        for e in &all {
            assert_eq!(e.division.level(), DivisionLevel::County, "{}", e.division);
            assert!(county_name(e.division.as_str()).is_some(), "{}", e.division);
        }
        for city in cities {
            let mut used: Vec<&str> = all
                .iter()
                .filter(|e| e.prefecture().is_some_and(|p| p.as_str() == city.code))
                .map(|e| e.division.as_str())
                .collect();
            used.sort_unstable();
            used.dedup();
            assert!(used.len() >= 3, "{}: {used:?}", city.name_zh);
        }
    }

    #[test]
    fn the_demo_directory_is_deterministic_valid_and_spread_over_every_city() {
        let cities = prefectures_of("430000");
        let a = enterprises(cities, 300, 2022);
        let b = enterprises(cities, 300, 2022);
        assert_eq!(a.len(), 300);
        assert_eq!(
            a.iter().map(|e| e.uscc.as_str()).collect::<Vec<_>>(),
            b.iter().map(|e| e.uscc.as_str()).collect::<Vec<_>>()
        );
        for e in &a {
            assert!(Uscc::parse(e.uscc.as_str()).is_ok());
        }
        for city in cities {
            assert!(
                a.iter()
                    .any(|e| e.division.prefecture().map(|p| p.as_str().to_string())
                        == Some(city.code.to_string())),
                "no enterprise in {}",
                city.name_zh
            );
        }
    }
}
