//! Splitting a range of work into pieces, and the report of who computed which piece.

use serde::{Deserialize, Serialize};

/// A contiguous part `[lo, hi)` of a kernel's input range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub index: u32,
    pub lo: u64,
    pub hi: u64,
}

impl Piece {
    pub fn len(&self) -> u64 {
        self.hi - self.lo
    }

    pub fn is_empty(&self) -> bool {
        self.hi == self.lo
    }
}

/// Splits `[lo, hi)` into `count` pieces whose lengths differ by at most one.
/// `count` is clamped to `1..=hi - lo` so that no piece is empty (unless the range is).
pub fn split(lo: u64, hi: u64, count: u32) -> Vec<Piece> {
    let len = hi.saturating_sub(lo);
    if len == 0 {
        return vec![Piece {
            index: 0,
            lo,
            hi: lo,
        }];
    }
    let count = u64::from(count.max(1)).min(len);
    let (base, extra) = (len / count, len % count);
    let mut start = lo;
    (0..count)
        .map(|i| {
            let size = base + u64::from(i < extra);
            let piece = Piece {
                index: i as u32,
                lo: start,
                hi: start + size,
            };
            start += size;
            piece
        })
        .collect()
}

/// What one piece gave, which worker computed it, and when (in the caller's clock).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PieceReport {
    pub piece: Piece,
    pub value: u64,
    pub worker: u32,
    pub start_ms: f64,
    pub end_ms: f64,
}

/// How much of a run one worker did.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkerShare {
    pub worker: u32,
    pub pieces: u32,
    pub items: u64,
    pub busy_ms: f64,
}

/// A finished run: the combined value and every piece's report, in piece order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub value: u64,
    pub pieces: Vec<PieceReport>,
}

impl Run {
    /// Combines piece reports (in any order) by summing their values.
    pub fn from_pieces(mut pieces: Vec<PieceReport>) -> Run {
        pieces.sort_by_key(|p| p.piece.index);
        let value = pieces.iter().map(|p| p.value).sum();
        Run { value, pieces }
    }

    /// Per-worker totals, ordered by worker number; workers that did nothing are absent.
    pub fn shares(&self) -> Vec<WorkerShare> {
        let mut shares: Vec<WorkerShare> = Vec::new();
        for p in &self.pieces {
            let share = match shares.iter_mut().find(|s| s.worker == p.worker) {
                Some(share) => share,
                None => {
                    shares.push(WorkerShare {
                        worker: p.worker,
                        ..WorkerShare::default()
                    });
                    shares.last_mut().expect("just pushed")
                }
            };
            share.pieces += 1;
            share.items += p.piece.len();
            share.busy_ms += (p.end_ms - p.start_ms).max(0.0);
        }
        shares.sort_by_key(|s| s.worker);
        shares
    }

    /// The time its pieces took, summed over its workers (their shares' busy time).
    pub fn work_ms(&self) -> f64 {
        self.shares().iter().map(|s| s.busy_ms).sum()
    }

    /// From the first piece's start to the last piece's end, on the workers' clocks:
    /// the span in which workers computed. `None` for a run without pieces.
    pub fn span_ms(&self) -> Option<f64> {
        let first = self.pieces.iter().map(|p| p.start_ms).reduce(f64::min)?;
        let last = self.pieces.iter().map(|p| p.end_ms).reduce(f64::max)?;
        Some(last - first)
    }

    /// Of a run that took `wall_ms` from request to result: the time not spent
    /// computing (sending, waiting, combining), never below zero.
    pub fn overhead_ms(&self, wall_ms: f64) -> Option<f64> {
        self.span_ms().map(|span| (wall_ms - span).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_covers_the_range_without_gaps() {
        for (lo, hi, count) in [(0, 10, 3), (5, 6, 4), (0, 1_000_003, 64), (7, 7, 2)] {
            let pieces = split(lo, hi, count);
            assert_eq!(pieces.first().unwrap().lo, lo);
            assert_eq!(pieces.last().unwrap().hi, hi);
            for pair in pieces.windows(2) {
                assert_eq!(pair[0].hi, pair[1].lo);
            }
            let max = pieces.iter().map(Piece::len).max().unwrap();
            let min = pieces.iter().map(Piece::len).min().unwrap();
            assert!(max - min <= 1, "{lo}..{hi} in {count}: {pieces:?}");
        }
        assert_eq!(split(0, 3, 10).len(), 3);
    }

    #[test]
    fn shares_sum_per_worker() {
        let report = |index, worker, lo, hi| PieceReport {
            piece: Piece { index, lo, hi },
            value: 1,
            worker,
            start_ms: 0.0,
            end_ms: 2.0,
        };
        let run = Run::from_pieces(vec![
            report(2, 1, 20, 30),
            report(0, 0, 0, 10),
            report(1, 1, 10, 20),
        ]);
        assert_eq!(run.value, 3);
        assert_eq!(run.pieces[0].piece.index, 0);
        let shares = run.shares();
        assert_eq!(shares.len(), 2);
        assert_eq!(
            (shares[1].worker, shares[1].pieces, shares[1].items),
            (1, 2, 20)
        );
        assert_eq!(shares[1].busy_ms, 4.0);
    }

    #[test]
    fn the_span_runs_from_the_first_start_to_the_last_end() {
        let report = |index, start_ms, end_ms| PieceReport {
            piece: Piece {
                index,
                lo: 0,
                hi: 1,
            },
            value: 1,
            worker: index,
            start_ms,
            end_ms,
        };
        let run = Run::from_pieces(vec![report(0, 5.0, 9.0), report(1, 3.0, 7.0)]);
        assert_eq!(run.span_ms(), Some(6.0));
        assert_eq!(run.overhead_ms(10.0), Some(4.0));
        assert_eq!(run.overhead_ms(4.0), Some(0.0));
        let empty = Run::from_pieces(Vec::new());
        assert_eq!((empty.span_ms(), empty.overhead_ms(10.0)), (None, None));
    }
}
