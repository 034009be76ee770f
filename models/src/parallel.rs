//! A small order-preserving parallel map on scoped threads (training and batch prediction use
//! both cores of a small machine without pulling in a thread-pool crate).

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A worker's panic payload.
pub(crate) type Panic = Box<dyn Any + Send + 'static>;

/// Maps `work` over `items` on up to `threads` threads; results keep the items' order.
/// Items are handed out one at a time, so uneven work balances itself.
pub(crate) fn parallel_map<T, R, F>(items: &[T], threads: usize, work: F) -> Result<Vec<R>, Panic>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return Ok(items.iter().map(work).collect());
    }
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let position = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(position) else {
                            break;
                        };
                        done.push((position, work(item)));
                    }
                    done
                })
            })
            .collect();
        let mut all = Vec::with_capacity(items.len());
        let mut panic = None;
        for worker in workers {
            match worker.join() {
                Ok(done) => all.extend(done),
                Err(payload) => panic = Some(payload),
            }
        }
        match panic {
            Some(payload) => Err(payload),
            None => Ok(all),
        }
    })?;
    indexed.sort_by_key(|(position, _)| *position);
    Ok(indexed.into_iter().map(|(_, result)| result).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_with_any_thread_count() {
        let items: Vec<u64> = (0..101).collect();
        for threads in [0, 1, 2, 7, 500] {
            let squares = parallel_map(&items, threads, |x| x * x).unwrap();
            assert_eq!(squares, items.iter().map(|x| x * x).collect::<Vec<_>>());
        }
        assert!(parallel_map(&[] as &[u8], 4, |x| *x).unwrap().is_empty());
    }
}
