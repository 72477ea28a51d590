//! Work on a list in parallel, results handed back in the list's order as soon as their turn comes.
//!
//! Workers take items in runs of consecutive items (the next run from a shared counter), and may run
//! at most [`WINDOW`] runs per worker ahead of the first result not yet handed back, so the results
//! waiting for their turn stay few however long the list: a run over 10,000 files on 2 cores holds at
//! most 64 files' texts, not all of them. (rayon's indexed `collect` keeps the order too, but only by
//! collecting everything first, and its splitting sends a worker to the middle of the list.)
//!
//! A run's results go back in one message: handing back each item alone woke the consumer (and, to
//! let a worker on, the workers) once per item, which on a tree of small files cost more than
//! reading them. Runs are short enough that every worker still gets many of them.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// How many runs each worker may be ahead of the consumer.
const WINDOW: usize = 4;

/// The most items in a run.
const LONGEST_RUN: usize = 8;

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
    // At least 16 runs per worker, so that an uneven run (one large file) does not leave the other
    // workers idle at the end.
    let run = (items.len() / (threads * 16)).clamp(1, LONGEST_RUN);
    let ahead = threads * WINDOW * run;
    let next = AtomicUsize::new(0);
    // The index of the next result to hand back, and how many workers wait for it to move on.
    let turn = (Mutex::new(Turn::default()), Condvar::new());
    let (sender, receiver) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, turn, work) = (&next, &turn, &work);
            scope.spawn(move || loop {
                let first = next.fetch_add(run, Ordering::Relaxed);
                let Some(these) = items.get(first..(first + run).min(items.len())) else {
                    break;
                };
                if these.is_empty() {
                    break;
                }
                let (state, wake) = turn;
                let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
                while first >= state.expected + ahead {
                    state.waiting += 1;
                    state = wake.wait(state).unwrap_or_else(PoisonError::into_inner);
                    state.waiting -= 1;
                }
                drop(state);
                if sender
                    .send((first, these.iter().map(work).collect()))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (first, results) in receiver {
            waiting.insert(first, results);
            let before = expected;
            while let Some(results) = waiting.remove(&expected) {
                for result in results {
                    if let Some(item) = items.get(expected) {
                        done(item, result);
                    }
                    expected += 1;
                }
            }
            if expected != before {
                let (state, wake) = &turn;
                let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
                state.expected = expected;
                // Waking costs a system call even when no one waits, once per run.
                if state.waiting > 0 {
                    wake.notify_all();
                }
            }
        }
    });
}

/// Where the consumer is, as workers see it.
#[derive(Default)]
struct Turn {
    /// The index of the next result to hand back.
    expected: usize,
    /// Workers waiting for `expected` to move on.
    waiting: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_the_timing() {
        for count in [200u64, 7, 1000] {
            let items: Vec<u64> = (0..count).collect();
            let mut seen = Vec::new();
            for_each_in_order(
                &items,
                |&item| {
                    // Early items are the slow ones, so later ones finish first.
                    std::thread::sleep(std::time::Duration::from_micros((count - item) * 4));
                    item * 2
                },
                |&item, result| seen.push((item, result)),
            );
            assert_eq!(seen, items.iter().map(|&i| (i, i * 2)).collect::<Vec<_>>());
        }
        let mut none = Vec::new();
        for_each_in_order(&[] as &[u64], |&i| i, |_, r| none.push(r));
        assert!(none.is_empty());
    }
}
