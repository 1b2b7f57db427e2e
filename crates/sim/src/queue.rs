//! The ready queue, kept in the form a policy's keys need.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::policy::QueueKind;

pub(crate) enum ReadyQueue {
    Fifo(VecDeque<u32>),
    /// (key, entry number, task): smallest key first, then first entered.
    Keyed(BinaryHeap<Reverse<(u64, u64, u32)>>, u64),
    Levels(Vec<VecDeque<u32>>),
}

impl ReadyQueue {
    pub fn new(kind: QueueKind) -> ReadyQueue {
        match kind {
            QueueKind::Fifo => ReadyQueue::Fifo(VecDeque::new()),
            QueueKind::Keyed => ReadyQueue::Keyed(BinaryHeap::new(), 0),
            QueueKind::Levels(n) => ReadyQueue::Levels((0..n).map(|_| VecDeque::new()).collect()),
        }
    }

    pub fn push(&mut self, task: u32, key: u64) {
        match self {
            ReadyQueue::Fifo(q) => q.push_back(task),
            ReadyQueue::Keyed(heap, seq) => {
                heap.push(Reverse((key, *seq, task)));
                *seq += 1;
            }
            ReadyQueue::Levels(levels) => {
                let last = levels.len() - 1;
                levels[(key as usize).min(last)].push_back(task);
            }
        }
    }

    /// Puts a task at the head of its level (MLFQ: a task that keeps its place),
    /// behind those of `ahead` that lead it; the other kinds have no head to keep, and
    /// take it like `push`.
    pub fn push_front(&mut self, task: u32, key: u64, ahead: &[u32]) {
        match self {
            ReadyQueue::Levels(levels) => {
                let last = levels.len() - 1;
                let level = &mut levels[(key as usize).min(last)];
                let at = level.iter().take_while(|t| ahead.contains(t)).count();
                level.insert(at, task);
            }
            _ => self.push(task, key),
        }
    }

    pub fn pop(&mut self) -> Option<u32> {
        match self {
            ReadyQueue::Fifo(q) => q.pop_front(),
            ReadyQueue::Keyed(heap, _) => heap.pop().map(|Reverse((_, _, t))| t),
            ReadyQueue::Levels(levels) => levels.iter_mut().find_map(VecDeque::pop_front),
        }
    }

    /// The task `pop` would return, with its key.
    pub fn peek(&self) -> Option<(u64, u32)> {
        match self {
            ReadyQueue::Fifo(q) => q.front().map(|&t| (0, t)),
            ReadyQueue::Keyed(heap, _) => heap.peek().map(|Reverse((k, _, t))| (*k, *t)),
            ReadyQueue::Levels(levels) => levels
                .iter()
                .enumerate()
                .find_map(|(i, l)| l.front().map(|&t| (i as u64, t))),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            ReadyQueue::Fifo(q) => q.len(),
            ReadyQueue::Keyed(heap, _) => heap.len(),
            ReadyQueue::Levels(levels) => levels.iter().map(VecDeque::len).sum(),
        }
    }

    /// Moves every task to the top level, behind the top's own: the bottom level's
    /// first, then the one above it, each in its order (as OSTEP's simulator does).
    pub fn boost(&mut self) {
        if let ReadyQueue::Levels(levels) = self {
            let (top, rest) = levels.split_first_mut().expect("at least one level");
            for level in rest.iter_mut().rev() {
                top.extend(level.drain(..));
            }
        }
    }
}
