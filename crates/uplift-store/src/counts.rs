//! Totals of filtered lists, remembered briefly. Counting a city's 200,000 rows costs more
//! than the page it goes on, and an official's list is read far more often than the
//! directory changes; imports in this process forget the totals when they finish, and
//! everything else (another instance, the command line) is at most `TTL` stale.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::StoreResult;

const TTL: Duration = Duration::from_secs(30);
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default)]
pub struct CountCache {
    map: Mutex<Remembered>,
    /// One count per key at a time: 32 officials opening the same new filter wait for
    /// one count of the city instead of running 32.
    counting: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

#[derive(Debug, Default)]
struct Remembered {
    totals: HashMap<String, (Instant, u64)>,
    /// Bumped by `clear`: a count that began before a write is not remembered after it.
    generation: u64,
}

impl CountCache {
    pub fn get(&self, key: &str) -> Option<u64> {
        let map = self.map.lock().ok()?;
        map.totals
            .get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, n)| *n)
    }

    pub fn put(&self, key: String, n: u64) {
        let generation = self.generation();
        self.put_if_current(key, n, generation);
    }

    pub fn clear(&self) {
        if let Ok(mut map) = self.map.lock() {
            map.totals.clear();
            map.generation += 1;
        }
    }

    /// The remembered total, or `count()` run once however many callers ask at once.
    pub async fn get_or_count<F, Fut>(&self, key: String, count: F) -> StoreResult<u64>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = StoreResult<u64>>,
    {
        if let Some(n) = self.get(&key) {
            return Ok(n);
        }
        let gate = match self.counting.lock() {
            Ok(mut gates) => Some(gates.entry(key.clone()).or_default().clone()),
            Err(_) => None,
        };
        // A total that has only aged (no write forgot it) is served while one caller
        // counts anew, so the others do not all stall every `TTL` on a city's count.
        let _turn = match (&gate, self.expired(&key)) {
            (Some(g), Some(old)) => match g.try_lock() {
                Ok(turn) => Some(turn),
                Err(_) => return Ok(old),
            },
            (Some(g), None) => Some(g.lock().await),
            (None, _) => None,
        };
        if let Some(n) = self.get(&key) {
            return Ok(n);
        }
        let generation = self.generation();
        let n = count().await;
        // Remember the total before opening the gate: a caller arriving in between would
        // otherwise find neither and count again.
        if let Ok(n) = &n {
            self.put_if_current(key.clone(), *n, generation);
        }
        if let Ok(mut gates) = self.counting.lock() {
            gates.remove(&key);
        }
        n
    }

    /// A remembered total past its `TTL`.
    fn expired(&self, key: &str) -> Option<u64> {
        let map = self.map.lock().ok()?;
        map.totals.get(key).map(|(_, n)| *n)
    }

    fn generation(&self) -> u64 {
        self.map.lock().map(|m| m.generation).unwrap_or(0)
    }

    fn put_if_current(&self, key: String, n: u64, generation: u64) {
        if let Ok(mut map) = self.map.lock() {
            if map.generation != generation {
                return;
            }
            if map.totals.len() >= MAX_ENTRIES {
                map.totals.clear();
            }
            map.totals.insert(key, (Instant::now(), n));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn many_callers_asking_at_once_share_one_count() {
        let cache = Arc::new(CountCache::default());
        let runs = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (cache, runs) = (cache.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_count("city".into(), || async {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok(7)
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 7);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_aged_total_is_served_while_one_caller_counts_it_again() {
        let cache = Arc::new(CountCache::default());
        cache.put_if_current("city".into(), 7, 0);
        if let Ok(mut map) = cache.map.lock() {
            let aged = Instant::now().checked_sub(TTL * 2).unwrap();
            map.totals.insert("city".into(), (aged, 7));
        }
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let counting = {
            let cache = cache.clone();
            tokio::spawn(async move {
                cache
                    .get_or_count("city".into(), || async {
                        wait.await.ok();
                        Ok(8)
                    })
                    .await
                    .unwrap()
            })
        };
        tokio::task::yield_now().await;
        // Meanwhile another caller is not kept waiting: it gets the aged total.
        let meanwhile = cache
            .get_or_count("city".into(), || async { Ok(99) })
            .await
            .unwrap();
        assert_eq!(meanwhile, 7);
        release.send(()).unwrap();
        assert_eq!(counting.await.unwrap(), 8);
        assert_eq!(cache.get("city"), Some(8));
    }

    #[tokio::test]
    async fn a_count_begun_before_a_write_is_not_remembered_after_it() {
        let cache = CountCache::default();
        let n = cache
            .get_or_count("city".into(), || async {
                cache.clear(); // a write commits while the count runs
                Ok(7)
            })
            .await
            .unwrap();
        assert_eq!(n, 7);
        assert_eq!(cache.get("city"), None);
        cache.put("city".into(), 8);
        assert_eq!(cache.get("city"), Some(8));
    }
}
