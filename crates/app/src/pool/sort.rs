//! The sort by message passing, in two rounds: chunks sorted by the workers, cut into
//! buckets by key on the page, and each bucket sorted by a worker.

use interleave_par::{PieceReport, Run};
use interleave_protocol::{Reply, Request};
use js_sys::Uint32Array;

use super::jobs::take_piece;
use super::{Received, Workers};

impl Workers {
    /// The sort by message passing, in two rounds (see `interleave_par::sort`): workers
    /// sort chunks and send them back; the page cuts each chunk into buckets by key and
    /// sends each bucket's keys, gathered, to a worker that sorts them and returns its
    /// part of the checksum. Every key crosses between the page and a worker twice.
    pub(super) async fn run_sort(
        &mut self,
        size: u64,
        pieces: u32,
        workers: usize,
        on_piece: &mut dyn FnMut(&PieceReport),
    ) -> Result<Run, String> {
        let chunks = interleave_par::pieces::split(0, size, pieces);
        let count = chunks.len();
        let mut sorted: Vec<Option<Uint32Array>> = vec![None; count];
        let mut reports = Vec::new();
        self.dispatch(
            chunks,
            workers,
            &|set, worker, piece| {
                set.post(
                    worker,
                    &Request::SortChunk {
                        piece,
                        worker: worker as u32,
                    },
                )
            },
            &mut |received| match received {
                Received {
                    reply: Reply::Sorted(report),
                    words: Some(keys),
                } => {
                    on_piece(&report);
                    if let Some(slot) = sorted.get_mut(report.piece.index as usize) {
                        *slot = Some(keys);
                    }
                    reports.push(report);
                    Ok(())
                }
                _ => Err(()),
            },
        )
        .await?;
        let sorted: Vec<Uint32Array> = sorted
            .into_iter()
            .collect::<Option<_>>()
            .ok_or("a sorted chunk went missing")?;
        let buckets = count as u32;
        let starts: Vec<Vec<usize>> = sorted
            .iter()
            .map(|keys| {
                (0..=buckets)
                    .map(|b| lower_bound(keys, interleave_par::sort::bucket_floor(b, buckets)))
                    .collect()
            })
            .collect();
        let plan = interleave_par::sort::bucket_plan(&starts, buckets);
        self.dispatch(
            plan,
            workers,
            &|set, worker, piece| {
                let b = (piece.index - buckets) as usize;
                let keys = Uint32Array::new_with_length(piece.len() as u32);
                let mut at = 0u32;
                for (chunk, s) in sorted.iter().zip(&starts) {
                    keys.set(&chunk.subarray(s[b] as u32, s[b + 1] as u32), at);
                    at += (s[b + 1] - s[b]) as u32;
                }
                let request = Request::SortMerge {
                    index: piece.index,
                    offset: piece.lo,
                    worker: worker as u32,
                };
                set.post_with_keys(worker, &request, &keys)
            },
            &mut |received| take_piece(received.reply, on_piece, &mut reports),
        )
        .await?;
        Ok(Run::from_pieces(reports))
    }
}

/// The first index of sorted `keys` whose key is at least `floor`.
fn lower_bound(keys: &Uint32Array, floor: u64) -> usize {
    let (mut lo, mut hi) = (0u32, keys.length());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if u64::from(keys.get_index(mid)) < floor {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo as usize
}
