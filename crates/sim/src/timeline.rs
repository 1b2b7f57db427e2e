//! The one Gantt model that every timeline draws from: lanes of bars along one time
//! axis. A run's lanes borrow its trace (a lane per core with its slices, and a lane per
//! task with its waits), so a run of millions of slices is never copied; measured
//! lanes (the pieces each worker computed) own their bars. A view of a long run asks a
//! lane for the bars it shows by binary search, never by a walk; zoomed out past a bar
//! a pixel, it asks the lane's [`Occupancy`] how much of each pixel column is covered.

use std::borrow::Cow;

use crate::model::Scenario;
use crate::report::{Report, Slice};
use crate::trace::{Span, Waiting};

/// What a bar stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Its owner runs (a task on a core, a piece on a worker).
    Run,
    /// The core switches to its owner.
    Switch,
    /// Its owner waits.
    Wait(Waiting),
}

/// One bar: from `start` to `end`, for `owner` (a task's or a piece's index).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub start: f64,
    pub end: f64,
    pub owner: u32,
    pub mark: Mark,
}

#[derive(Debug, Clone)]
enum Bars<'a> {
    Slices(&'a [Slice]),
    Waits(&'a [Span], u32),
    Owned(Vec<Bar>),
}

/// A lane: its name and its bars, in time order, none overlapping another.
#[derive(Debug, Clone)]
pub struct Lane<'a> {
    pub name: Cow<'a, str>,
    bars: Bars<'a>,
}

impl Lane<'_> {
    pub fn len(&self) -> usize {
        match &self.bars {
            Bars::Slices(s) => s.len(),
            Bars::Waits(w, _) => w.len(),
            Bars::Owned(b) => b.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bar `i` (`i < len()`).
    pub fn bar(&self, i: usize) -> Bar {
        match &self.bars {
            Bars::Slices(s) => {
                let s = s[i];
                Bar {
                    start: s.start as f64,
                    end: s.end as f64,
                    owner: s.task,
                    mark: if s.switch { Mark::Switch } else { Mark::Run },
                }
            }
            Bars::Waits(w, task) => {
                let (start, end, wait) = w[i];
                Bar {
                    start: start as f64,
                    end: end as f64,
                    owner: *task,
                    mark: Mark::Wait(wait),
                }
            }
            Bars::Owned(b) => b[i],
        }
    }

    pub fn bars(&self) -> impl Iterator<Item = Bar> + '_ {
        (0..self.len()).map(|i| self.bar(i))
    }

    /// The first index from `from` on whose bar does not satisfy `before`, where
    /// `before` holds for a prefix of the bars (a binary search).
    pub fn partition_from(&self, from: usize, before: impl Fn(&Bar) -> bool) -> usize {
        let (mut lo, mut hi) = (from.min(self.len()), self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if before(&self.bar(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The index of the first bar that ends at or after `t`: where a view from `t` on
    /// starts drawing.
    pub fn first_visible(&self, t: f64) -> usize {
        self.partition_from(0, |b| b.end < t)
    }
}

/// A lane's level-of-detail summary, computed once in one walk: the time its bars of
/// one mark cover before each bar, a running sum. How much of any span they cover is
/// then two binary searches, whatever the zoom, so a column of pixels over thousands
/// of slices is drawn as the share of it the core was busy, exactly as if each slice
/// had been measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Occupancy {
    mark: Mark,
    /// `before[i]`: the time covered by bars `0..i`.
    before: Vec<f64>,
}

/// Its sums are of finite lengths, never NaN: equality is an equivalence.
impl Eq for Occupancy {}

impl Occupancy {
    /// The summary of `lane`, counting the bars marked `mark`.
    pub fn of(lane: &Lane<'_>, mark: Mark) -> Occupancy {
        let mut before = Vec::with_capacity(lane.len() + 1);
        let mut sum = 0.0;
        before.push(sum);
        for bar in lane.bars() {
            if bar.mark == mark {
                sum += (bar.end - bar.start).max(0.0);
            }
            before.push(sum);
        }
        Occupancy { mark, before }
    }

    /// The time covered from the lane's start up to `t`.
    fn up_to(&self, lane: &Lane<'_>, t: f64) -> f64 {
        // The bars that end by `t` count whole; the next may have begun.
        let i = lane.partition_from(0, |b| b.end <= t);
        let mut sum = self.before.get(i).copied().unwrap_or(0.0);
        if i < lane.len() {
            let bar = lane.bar(i);
            if bar.mark == self.mark && bar.start < t {
                sum += t - bar.start;
            }
        }
        sum
    }

    /// The time `lane` (the lane this summary was made of) is covered between `from`
    /// and `to`.
    pub fn covered(&self, lane: &Lane<'_>, from: f64, to: f64) -> f64 {
        if to <= from {
            return 0.0;
        }
        (self.up_to(lane, to) - self.up_to(lane, from)).max(0.0)
    }

    /// The covered share, in 0..=1, of each of `columns` equal columns of the span
    /// `view`: what a column of pixels shows.
    pub fn columns(&self, lane: &Lane<'_>, view: (f64, f64), columns: usize) -> Vec<f64> {
        let width = (view.1 - view.0) / columns.max(1) as f64;
        if width <= 0.0 || !width.is_finite() {
            return vec![0.0; columns];
        }
        let mut left = self.up_to(lane, view.0);
        (1..=columns)
            .map(|c| {
                let right = self.up_to(lane, view.0 + width * c as f64);
                let share = ((right - left) / width).clamp(0.0, 1.0);
                left = right;
                share
            })
            .collect()
    }
}

/// Lanes of bars on one time axis, from `start` to `end`: `lanes` (cores, or workers)
/// and, for a run, `waits` (the tasks' waits).
#[derive(Debug, Clone)]
pub struct Gantt<'a> {
    pub start: f64,
    pub end: f64,
    pub lanes: Vec<Lane<'a>>,
    pub waits: Vec<Lane<'a>>,
}

impl<'a> Gantt<'a> {
    /// A run of `scenario` (as the engine ran it: written out): a lane per core, named
    /// after its server when there are servers, and a lane for each of the first
    /// `task_lanes` tasks with its `waits`.
    pub fn of_run(
        scenario: &'a Scenario,
        report: &'a Report,
        waits: &'a [Vec<Span>],
        task_lanes: usize,
    ) -> Gantt<'a> {
        let names = core_names(scenario);
        let lanes = report
            .trace
            .cores
            .iter()
            .enumerate()
            .map(|(c, slices)| Lane {
                name: Cow::Owned(names.get(c).cloned().unwrap_or_else(|| format!("core {c}"))),
                bars: Bars::Slices(slices),
            })
            .collect();
        let waits = waits
            .iter()
            .zip(&scenario.tasks)
            .take(task_lanes)
            .enumerate()
            .map(|(t, (spans, task))| Lane {
                name: Cow::Borrowed(task.name.as_str()),
                bars: Bars::Waits(spans, t as u32),
            })
            .collect();
        let start = scenario.first_arrival() as f64;
        Gantt {
            start,
            end: start + report.makespan as f64,
            lanes,
            waits,
        }
    }

    /// Measured lanes, each a name and its bars in any order (sorted here); the axis
    /// spans them all.
    pub fn measured(lanes: impl IntoIterator<Item = (String, Vec<Bar>)>) -> Gantt<'static> {
        let lanes: Vec<Lane<'static>> = lanes
            .into_iter()
            .map(|(name, mut bars)| {
                bars.sort_by(|a, b| a.start.total_cmp(&b.start));
                Lane {
                    name: Cow::Owned(name),
                    bars: Bars::Owned(bars),
                }
            })
            .collect();
        let all = || lanes.iter().flat_map(|l| l.bars());
        let start = all().map(|b| b.start).fold(f64::INFINITY, f64::min);
        let end = all().map(|b| b.end).fold(f64::NEG_INFINITY, f64::max);
        let (start, end) = if start.is_finite() {
            (start, end)
        } else {
            (0.0, 0.0)
        };
        Gantt {
            start,
            end,
            lanes,
            waits: Vec::new(),
        }
    }
}

/// Each core's name: `core N`, or with servers the server's name (and the core's
/// number within it when it has several).
fn core_names(scenario: &Scenario) -> Vec<String> {
    let servers = scenario.core_servers();
    servers
        .iter()
        .enumerate()
        .map(|(c, &s)| match scenario.servers.get(s as usize) {
            Some(server) if server.cores == 1 => server.name.clone(),
            Some(server) => {
                let first = servers.iter().position(|&x| x == s).unwrap_or(c);
                format!("{} {}", server.name, c - first)
            }
            None => format!("core {c}"),
        })
        .collect()
}
