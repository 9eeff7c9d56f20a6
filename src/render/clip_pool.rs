//! Prepared clips shared by the programmes of one render run, each kept from its first use to
//! its last.

use std::collections::HashMap;
use std::sync::Arc;

use crate::audio::Mono;
use crate::error::{Error, Result};

/// Prepared clips shared by the programmes of one run: each is prepared by the first programme
/// that needs it and dropped after its last use, so memory holds the clips of the programmes in
/// progress and those still shared with programmes to come, not the whole content pack. Past
/// [`POOL_BUDGET_BYTES`] of kept clips, a clip is handed out without being kept, and prepared
/// again if another programme needs it (the same samples: preparation is deterministic).
pub struct ClipPool<K> {
    uses: HashMap<K, usize>,
    slots: std::sync::Mutex<HashMap<K, (PoolSlot, usize)>>,
    kept: std::sync::atomic::AtomicUsize,
}

/// How many bytes of prepared clips a [`ClipPool`] keeps for later programmes.
pub const POOL_BUDGET_BYTES: usize = 512 << 20;

type PoolSlot = Arc<std::sync::Mutex<Option<Arc<Mono>>>>;

impl<K> std::fmt::Debug for ClipPool<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClipPool")
            .field("clips", &self.uses.len())
            .finish()
    }
}

impl<K: std::hash::Hash + Eq + Clone> ClipPool<K> {
    /// A pool for these uses: one key per time a programme will ask for it.
    pub fn new(uses: impl IntoIterator<Item = K>) -> ClipPool<K> {
        let mut count: HashMap<K, usize> = HashMap::new();
        for k in uses {
            *count.entry(k).or_default() += 1;
        }
        ClipPool {
            uses: count,
            slots: std::sync::Mutex::new(HashMap::new()),
            kept: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The prepared clip for `key`, prepared now if no programme has yet. Counts one use.
    pub fn get(&self, key: &K, prepare: impl FnOnce() -> Result<Mono>) -> Result<Arc<Mono>> {
        let poisoned = || Error::Tool {
            tool: "rayon".into(),
            message: "a worker thread failed".into(),
        };
        use std::sync::atomic::Ordering;
        let bytes_of = |m: &Mono| m.samples.len() * std::mem::size_of::<f32>();
        let (slot, last) = {
            let mut map = self.slots.lock().map_err(|_| poisoned())?;
            let left = self.uses.get(key).copied().unwrap_or(usize::MAX);
            let entry = map
                .entry(key.clone())
                .or_insert_with(|| (PoolSlot::default(), left));
            let slot = Arc::clone(&entry.0);
            entry.1 = entry.1.saturating_sub(1);
            let last = entry.1 == 0;
            if last {
                map.remove(key);
            }
            (slot, last)
        };
        let mut guard = slot.lock().map_err(|_| poisoned())?;
        if let Some(m) = guard.as_ref() {
            let m = Arc::clone(m);
            if last {
                // Its last use: the pool lets go of it.
                *guard = None;
                self.kept.fetch_sub(bytes_of(&m), Ordering::Relaxed);
            }
            return Ok(m);
        }
        let m = Arc::new(prepare()?);
        let size = bytes_of(&m);
        if !last && self.kept.load(Ordering::Relaxed) + size <= POOL_BUDGET_BYTES {
            self.kept.fetch_add(size, Ordering::Relaxed);
            *guard = Some(Arc::clone(&m));
        }
        Ok(m)
    }
}
