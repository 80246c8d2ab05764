//! Totals of filtered lists, remembered briefly. Counting a city's 200,000 rows costs more
//! than the page it goes on, and an official's list is read far more often than the
//! directory changes; imports in this process forget the totals when they finish, and
//! everything else (another instance, the command line) is at most `TTL` stale.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(30);
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default)]
pub struct CountCache {
    map: Mutex<HashMap<String, (Instant, u64)>>,
}

impl CountCache {
    pub fn get(&self, key: &str) -> Option<u64> {
        let map = self.map.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, n)| *n)
    }

    pub fn put(&self, key: String, n: u64) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key, (Instant::now(), n));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut map) = self.map.lock() {
            map.clear();
        }
    }
}
