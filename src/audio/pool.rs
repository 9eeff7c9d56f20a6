//! Programme-sized sample buffers kept for reuse on threads that render one programme after
//! another.
//!
//! A programme of a few minutes is tens of megabytes of samples; the allocator hands buffers that
//! large straight to the operating system and back, so each new programme would touch fresh
//! pages (page faults, zeroing) for its mix, its limiter needs and its master. A thread that asks
//! for it ([`keep_on_this_thread`]) keeps up to a few buffers given back ([`give`]) and hands them
//! out again ([`take`]); on any other thread `give` frees at once, so memory is as before. The
//! contents of a buffer taken are never read: every user fills it first.

use std::cell::{Cell, RefCell};

thread_local! {
    static KEEP: Cell<usize> = const { Cell::new(0) };
    static FREE: RefCell<Vec<Vec<f32>>> = const { RefCell::new(Vec::new()) };
}

/// Buffers smaller than this are not worth keeping (the allocator reuses them anyway).
const MIN_KEPT: usize = 1 << 20;

/// Lets this thread keep up to `n` buffers given back (0: none, the default).
pub fn keep_on_this_thread(n: usize) {
    KEEP.with(|k| k.set(n));
    if n == 0 {
        FREE.with(|f| f.borrow_mut().clear());
    }
}

/// An empty buffer with room for at least `len` samples: the smallest kept one that is big
/// enough, else the largest kept one (to grow), else a new one.
pub fn take(len: usize) -> Vec<f32> {
    FREE.with(|f| {
        let mut f = f.borrow_mut();
        let fits = (0..f.len())
            .filter(|&i| f[i].capacity() >= len)
            .min_by_key(|&i| f[i].capacity());
        let pick = fits.or_else(|| (0..f.len()).max_by_key(|&i| f[i].capacity()));
        match pick {
            Some(i) => {
                let mut v = f.swap_remove(i);
                v.clear();
                v.reserve(len);
                v
            }
            None => Vec::with_capacity(len),
        }
    })
}

/// The largest kept buffer, emptied, for a buffer that will grow to a size not known yet.
pub fn take_largest() -> Vec<f32> {
    FREE.with(|f| {
        let mut f = f.borrow_mut();
        match (0..f.len()).max_by_key(|&i| f[i].capacity()) {
            Some(i) => {
                let mut v = f.swap_remove(i);
                v.clear();
                v
            }
            None => Vec::new(),
        }
    })
}

/// Gives a buffer back: kept if this thread keeps buffers (the smallest goes when it has too
/// many), else freed.
pub fn give(v: Vec<f32>) {
    let keep = KEEP.with(Cell::get);
    if keep == 0 || v.capacity() < MIN_KEPT {
        return;
    }
    FREE.with(|f| {
        let mut f = f.borrow_mut();
        f.push(v);
        if f.len() > keep {
            if let Some(i) = (0..f.len()).min_by_key(|&i| f[i].capacity()) {
                f.swap_remove(i);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_come_back_only_on_a_thread_that_keeps_them() {
        std::thread::spawn(|| {
            // Not kept by default.
            give(take(MIN_KEPT));
            assert_eq!(take(0).capacity(), 0, "nothing kept");
            keep_on_this_thread(2);
            let (a, b, c) = (take(MIN_KEPT), take(2 * MIN_KEPT), take(3 * MIN_KEPT));
            let (pb, pc) = (b.as_ptr(), c.as_ptr());
            give(a);
            give(b);
            give(c); // three given, two kept: the smallest goes
            let again = take(2 * MIN_KEPT);
            assert_eq!(again.as_ptr(), pb, "the smallest that fits");
            assert!(again.is_empty() && again.capacity() >= 2 * MIN_KEPT);
            let last = take(MIN_KEPT);
            assert_eq!(last.as_ptr(), pc);
            assert_eq!(take(0).capacity(), 0, "nothing kept now");
        })
        .join()
        .unwrap();
    }
}
