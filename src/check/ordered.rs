//! Work on a list in parallel, results handed back in the list's order as soon as their turn comes.
//!
//! Workers take items in order (the next index from a shared counter) and may run at most [`WINDOW`]
//! items per worker ahead of the first result not yet handed back, so the results waiting for their
//! turn stay few however long the list: a run over 10,000 files holds a handful of files' texts, not
//! all of them. (rayon's indexed `collect` keeps the order too, but only by collecting everything
//! first, and its splitting sends a worker to the middle of the list.)

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// How many items each worker may be ahead of the consumer.
const WINDOW: usize = 4;

/// Runs `work` on each item on as many threads as the machine has cores, and `done` on each item and
/// its result, in the items' order, on the calling thread.
pub fn for_each_in_order<T, R>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(&T, R),
) where
    T: Sync,
    R: Send,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        // One core or one item: no thread to start, nothing to wait for.
        items.iter().for_each(|item| done(item, work(item)));
        return;
    }
    let ahead = threads * WINDOW;
    let next = AtomicUsize::new(0);
    // The index of the next result to hand back, which workers wait on when too far ahead.
    let turn = (Mutex::new(0usize), Condvar::new());
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, turn, work) = (&next, &turn, &work);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else {
                    break;
                };
                let (current, wake) = turn;
                let mut current = current.lock().unwrap_or_else(PoisonError::into_inner);
                while index >= *current + ahead {
                    current = wake.wait(current).unwrap_or_else(PoisonError::into_inner);
                }
                drop(current);
                if sender.send((index, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                if let Some(item) = items.get(expected) {
                    done(item, result);
                }
                expected += 1;
                let (current, wake) = &turn;
                *current.lock().unwrap_or_else(PoisonError::into_inner) = expected;
                wake.notify_all();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_in_order(
            &items,
            |&item| {
                // Early items are the slow ones, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - item) * 20));
                item * 2
            },
            |_, result| seen.push(result),
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let mut none = Vec::new();
        for_each_in_order(&[] as &[u64], |&i| i, |_, r| none.push(r));
        assert!(none.is_empty());
    }
}
