//! Questions asked of a trace: where the next step stops, what every core and task is
//! doing at a tick, and each task's waits as spans (the lanes of a timeline under its
//! cores). The app draws and words these answers; it does not compute them.

use crate::model::Tick;
use crate::report::{Change, Report, Slice, State, Trace};

impl Trace {
    /// Under MLFQ, each task's level over time, for a run of `tasks` tasks: the ticks
    /// at which it changed, each with the level it moved to, from level 0 (the top) at
    /// the start. A boost puts back at the top only the tasks below it, so the points
    /// are at most twice the demotions.
    pub fn levels(&self, tasks: usize) -> Vec<Vec<(Tick, u32)>> {
        let mut levels: Vec<Vec<(Tick, u32)>> = vec![Vec::new(); tasks];
        let mut boosts = self.boosts.iter().peekable();
        let mut below: Vec<usize> = Vec::new();
        for d in &self.demotions {
            // A demotion at a boost's tick comes before it (a slice ends first).
            while let Some(&&b) = boosts.peek() {
                if b >= d.time {
                    break;
                }
                for &t in &below {
                    levels[t].push((b, 0));
                }
                below.clear();
                boosts.next();
            }
            let Some(points) = levels.get_mut(d.task as usize) else {
                continue;
            };
            if points.last().is_none_or(|&(_, l)| l == 0) {
                below.push(d.task as usize);
            }
            points.push((d.time, d.level));
        }
        for &b in boosts {
            for &t in &below {
                levels[t].push((b, 0));
            }
            below.clear();
        }
        levels
    }

    /// The first tick after `t` at which a task changes state, if any (a binary
    /// search: the changes are in time order).
    pub fn next_change(&self, t: Tick) -> Option<Tick> {
        let i = self.changes.partition_point(|c| c.time <= t);
        self.changes.get(i).map(|c| c.time)
    }

    /// The last tick before `t` at which a task changes state, if any.
    pub fn previous_change(&self, t: Tick) -> Option<Tick> {
        let i = self.changes.partition_point(|c| c.time < t);
        i.checked_sub(1).map(|i| self.changes[i].time)
    }

    /// The state of the run at tick `t`, of a run of `tasks` tasks (the scenario's,
    /// written out): what each core does, and each task's latest change at or before
    /// `t`.
    pub fn at(&self, t: Tick, tasks: usize) -> Snapshot {
        let mut states: Vec<Option<(Tick, State)>> = vec![None; tasks];
        let seen = self.changes.partition_point(|c| c.time <= t);
        for change in &self.changes[..seen] {
            if let Some(s) = states.get_mut(change.task as usize) {
                *s = Some((change.time, change.state));
            }
        }
        let cores = self
            .cores
            .iter()
            .map(|slices| {
                // The last slice starting at or before `t`, if it is still under way.
                let i = slices.partition_point(|s| s.start <= t);
                i.checked_sub(1).map(|i| slices[i]).filter(|s| t < s.end)
            })
            .collect();
        let mut ready: Vec<(Tick, u32)> = states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Some((since, State::Ready)) => Some((*since, i as u32)),
                _ => None,
            })
            .collect();
        ready.sort_unstable();
        Snapshot {
            time: t,
            cores,
            ready: ready.into_iter().map(|(_, task)| task).collect(),
            states,
        }
    }

    /// Each task's waits, as spans in time order (of a run of `tasks` tasks).
    pub fn waits(&self, tasks: usize) -> Vec<Vec<Span>> {
        let mut waits = Waits::new(tasks);
        waits.feed(&self.changes);
        waits.finish(self.changes.last().map_or(0, |c| c.time))
    }
}

/// The run at one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub time: Tick,
    /// What each core is doing: its slice under way (running or switching), or idle.
    pub cores: Vec<Option<Slice>>,
    /// The tasks waiting for a core, in the order they became ready (ties by index).
    pub ready: Vec<u32>,
    /// Each task's latest change at or before the tick, and when it came (None: it has
    /// not arrived).
    pub states: Vec<Option<(Tick, State)>>,
}

/// What a task waits for, when it waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// For a core.
    Ready,
    /// For its I/O.
    Io,
    /// For a lock.
    Lock,
    /// For the tasks it spawned.
    Join,
}

/// A task waiting from `.0` to `.1` (exclusive) for `.2`.
pub type Span = (Tick, Tick, Waiting);

/// Each task's waits, from a trace's changes fed a batch at a time (a run of millions
/// of changes can be walked in slices, with other work in between).
#[derive(Debug, Clone)]
pub struct Waits {
    waits: Vec<Vec<Span>>,
    open: Vec<Option<(Tick, Waiting)>>,
}

impl Waits {
    pub fn new(tasks: usize) -> Waits {
        Waits {
            waits: vec![Vec::new(); tasks],
            open: vec![None; tasks],
        }
    }

    /// The next changes of the trace, in order.
    pub fn feed(&mut self, changes: &[Change]) {
        for change in changes {
            let t = change.task as usize;
            let Some(open) = self.open.get_mut(t) else {
                continue;
            };
            if let Some((since, wait)) = open.take()
                && change.time > since
            {
                self.waits[t].push((since, change.time, wait));
            }
            *open = match change.state {
                State::Ready => Some((change.time, Waiting::Ready)),
                State::Io => Some((change.time, Waiting::Io)),
                State::Blocked(_) => Some((change.time, Waiting::Lock)),
                State::Joining => Some((change.time, Waiting::Join)),
                State::Switching | State::Running | State::Done => None,
            };
        }
    }

    /// The spans, once every change is fed; a wait still open (a deadlock) runs to
    /// `end`, and at least one tick.
    pub fn finish(self, end: Tick) -> Vec<Vec<Span>> {
        let Waits { mut waits, open } = self;
        for (t, o) in open.into_iter().enumerate() {
            if let Some((since, wait)) = o {
                waits[t].push((since, end.max(since + 1), wait));
            }
        }
        waits
    }
}

/// How many tasks overlapped at their busiest instant: the two sides of "concurrent"
/// and "parallel".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// The most tasks in progress at one instant: started (first on a core) and not
    /// yet done. Two or more: the run was concurrent.
    pub in_progress: usize,
    /// The most tasks running at one instant, each on its own core (switches not
    /// counted). Two or more: the run was parallel.
    pub running: usize,
}

impl Overlap {
    pub fn concurrent(self) -> bool {
        self.in_progress >= 2
    }

    pub fn parallel(self) -> bool {
        self.running >= 2
    }
}

impl Report {
    /// The run's busiest instants, from its tasks' lives and its cores' slices.
    pub fn overlap(&self) -> Overlap {
        let lives = self.tasks.iter().filter_map(|t| {
            let start = t.first_run?;
            Some((start, t.completion.unwrap_or(self.trace_end()).max(start)))
        });
        let running = self
            .trace
            .cores
            .iter()
            .flatten()
            .filter(|s| !s.switch)
            .map(|s| (s.start, s.end));
        Overlap {
            in_progress: most_at_once(lives),
            running: most_at_once(running),
        }
    }

    /// The last instant the trace knows of.
    fn trace_end(&self) -> Tick {
        let slices = self.trace.cores.iter().flatten().map(|s| s.end);
        let changes = self.trace.changes.iter().map(|c| c.time);
        slices.chain(changes).max().unwrap_or(0)
    }
}

/// The most half-open spans `[start, end)` that cover one instant (empty spans none).
fn most_at_once(spans: impl Iterator<Item = (Tick, Tick)>) -> usize {
    let mut edges: Vec<(Tick, bool)> = spans
        .filter(|(start, end)| start < end)
        .flat_map(|(start, end)| [(start, true), (end, false)])
        .collect();
    // At equal times an end sorts before a start (`false < true`): spans that only
    // touch do not overlap.
    edges.sort_unstable();
    let (mut now, mut most) = (0usize, 0usize);
    for (_, starts) in edges {
        if starts {
            now += 1;
            most = most.max(now);
        } else {
            now -= 1;
        }
    }
    most
}
