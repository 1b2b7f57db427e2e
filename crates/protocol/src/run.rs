//! A simulated run as 32-bit words, for the trip from a worker to the page: its
//! scenario as written and as written out, its report with the trace, and each task's
//! waits. A run of 100 000 tasks holds hundreds of thousands of tasks, slices and
//! state changes; as JSON it would take longer to read than to simulate, and the page
//! would read it in one go. As words it is read in a few copies, and its buffer is
//! transferred, not copied.
//!
//! Every part goes word by word. A number (a tick, an index) below 2^31 is one word, a
//! larger one three (a marker, then its halves); small fields share a number (a
//! slice's task and whether it is a switch, a wait's length and kind); a choice (a
//! policy, a length's kind) is a word that says which, then its fields. A string is
//! its length in bytes and then its bytes, four to a word. Each struct is taken apart
//! field by field, without `..`, so that a field added to a scenario or a report does
//! not compile until it is written and read here. (They went as JSON before: reading
//! JSON took a sixth of the code of the pages that show runs.) Reading never trusts a
//! count: a short or damaged buffer is an error that says where, never a panic or a
//! huge allocation.
//!
//! A [`Decoder`] reads the run a part at a time (the scenarios, the tasks' figures,
//! the slices, the changes, the waits), so that a page can let the browser in between.

use interleave_sim::latency::{Histogram, Latency, Little, Point, ServerLoad};
use interleave_sim::messaging::{Full, Group, Messaging, Producer, Queue};
use interleave_sim::{
    Balance, Change, Demotion, Job, Length, Lock, Mlfq, Outcome, Policy, Queues, Report, Requests,
    Scenario, Server, Slice, Span, State, Step, Task, TaskMetrics, Tick, Trace, Wait, Waiting,
};

/// A run as the page needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    /// The scenario as written (requests as one statement each).
    pub written: Scenario,
    /// The scenario written out, when that changed it: the tasks the report counts.
    pub lowered: Option<Scenario>,
    pub report: Report,
    /// Each task's waits (of the scenario written out).
    pub waits: Vec<Vec<Span>>,
}

/// The run as words. It takes the run apart as it goes, so nothing is copied twice.
pub fn encode(run: Simulated) -> Vec<u32> {
    let Simulated {
        written,
        lowered,
        report,
        waits,
    } = run;
    let mut w = Writer(Vec::new());
    w.scenario(written);
    w.bool(lowered.is_some());
    if let Some(lowered) = lowered {
        w.scenario(lowered);
    }
    w.report(report);
    w.count(waits.len());
    for task in &waits {
        w.list(task, Writer::span);
    }
    w.0
}

/// Runs made ahead of time: each scenario with its whole report, and for runs of
/// requests their latency figures. The tour's steps of scenarios give the same runs on
/// every visit, so the build makes them once and the page reads them, holding neither
/// the parser nor the simulator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Made {
    pub scenarios: Vec<Scenario>,
    pub reports: Vec<Report>,
    pub latencies: Vec<Latency>,
}

/// Made runs as words.
pub fn made_words(made: Made) -> Vec<u32> {
    let Made {
        scenarios,
        reports,
        latencies,
    } = made;
    let mut w = Writer(Vec::new());
    w.count(scenarios.len());
    for scenario in scenarios {
        w.scenario(scenario);
    }
    w.count(reports.len());
    for report in reports {
        w.report(report);
    }
    w.list(&latencies, Writer::latency);
    w.0
}

/// The runs of [`made_words`], or why the words are not them.
pub fn words_made(words: &[u32]) -> Result<Made, String> {
    let mut r = Reader { words, at: 0 };
    let made = Made {
        scenarios: r.list(Reader::whole_scenario)?,
        reports: r.list(Reader::whole_report)?,
        latencies: r.list(Reader::latency)?,
    };
    if r.at != words.len() {
        return Err(format!(
            "the runs' data goes on past their end ({} words, read {})",
            words.len(),
            r.at
        ));
    }
    Ok(made)
}

/// A text as words (its length in bytes, then its UTF-8 bytes four to a word): a
/// scenario of megabytes crosses to a worker this way, beside a request, since as a
/// JSON string it would be escaped a character at a time.
pub fn text_words(text: &str) -> Vec<u32> {
    let mut w = Writer(Vec::with_capacity(1 + text.len().div_ceil(4)));
    w.bytes(text.as_bytes());
    w.0
}

/// The text of [`text_words`], or why the words are not one.
pub fn words_text(words: &[u32]) -> Result<String, String> {
    let mut reader = Reader { words, at: 0 };
    let bytes = reader.bytes()?;
    if reader.at != words.len() {
        return Err(format!(
            "the text's data goes on past its end ({} words, read {})",
            words.len(),
            reader.at
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("the text is not UTF-8: {e}"))
}

/// A scenario as words (without a run): a big text parsed in a worker comes back so.
pub fn scenario_words(scenario: Scenario) -> Vec<u32> {
    let mut w = Writer(Vec::new());
    w.scenario(scenario);
    w.0
}

/// The scenario of [`scenario_words`], or why the words are not one.
pub fn words_scenario(words: &[u32]) -> Result<Scenario, String> {
    let mut r = Reader { words, at: 0 };
    let scenario = r.whole_scenario()?;
    if r.at != words.len() {
        return Err(format!(
            "the scenario's data goes on past its end ({} words, read {})",
            words.len(),
            r.at
        ));
    }
    Ok(scenario)
}

/// Reads a run from words, or says why it cannot.
pub fn decode(words: &[u32]) -> Result<Simulated, String> {
    let mut decoder = Decoder::new(words);
    while !decoder.step()? {}
    decoder.finish()
}

/// Reads a run a part at a time: [`Decoder::step`] until it says the run is read, then
/// [`Decoder::finish`]. A step reads one part, or of a long list (the tasks, the
/// changes, the waits) a batch of at most [`STEP_ITEMS`].
pub struct Decoder<'a> {
    reader: Reader<'a>,
    part: usize,
    /// Items left of the list being read, once its count is read.
    left: Option<usize>,
    written: Option<Scenario>,
    lowered: Option<Scenario>,
    report: Option<Report>,
    waits: Vec<Vec<Span>>,
}

/// Items of a long list read in one step: a few tens of milliseconds in a browser.
pub const STEP_ITEMS: usize = 200_000;

/// The parts of a run, in order: the scenario as written and its tasks, the scenario
/// written out and its tasks, the report, its tasks' figures, slices, changes, MLFQ's
/// demotions and boosts, and the waits.
const PARTS: usize = 10;

impl<'a> Decoder<'a> {
    pub fn new(words: &'a [u32]) -> Decoder<'a> {
        Decoder {
            reader: Reader { words, at: 0 },
            part: 0,
            left: None,
            written: None,
            lowered: None,
            report: None,
            waits: Vec::new(),
        }
    }

    /// Reads the next part of the run, or the next batch of it; true once every part
    /// is read.
    pub fn step(&mut self) -> Result<bool, String> {
        let (r, left) = (&mut self.reader, &mut self.left);
        let tasks = STEP_ITEMS / 4;
        let next = match (self.part, self.report.as_mut()) {
            // A scenario without its tasks, then its tasks in batches.
            (0, _) => {
                self.written = Some(r.scenario()?);
                1
            }
            (1, _) => match self.written.as_mut() {
                Some(w) => usize::from(r.batch(&mut w.tasks, left, tasks, Reader::task)?),
                None => return Err("the run was read out of order".into()),
            },
            // The scenario written out, if that changed it.
            (2, _) if r.bool()? => {
                self.lowered = Some(r.scenario()?);
                1
            }
            (2, _) => 2,
            (3, _) => match self.lowered.as_mut() {
                Some(l) => usize::from(r.batch(&mut l.tasks, left, tasks, Reader::task)?),
                None => return Err("the run was read out of order".into()),
            },
            (4, _) => {
                self.report = Some(r.report()?);
                1
            }
            (5, Some(report)) => {
                usize::from(r.batch(&mut report.tasks, left, tasks, Reader::metrics)?)
            }
            // A core's slices in a step.
            (6, Some(report)) => {
                usize::from(r.batch(&mut report.trace.cores, left, 1, |r| r.list(Reader::slice))?)
            }
            (7, Some(report)) => {
                usize::from(r.batch(&mut report.trace.changes, left, STEP_ITEMS, Reader::change)?)
            }
            (8, Some(report)) => {
                report.trace.demotions = r.list(Reader::demotion)?;
                report.trace.boosts = r.list(Reader::u64)?;
                1
            }
            (9, _) => usize::from(r.batch(&mut self.waits, left, STEP_ITEMS / 8, |r| {
                r.list(Reader::span)
            })?),
            _ => return Ok(true),
        };
        self.part += next;
        Ok(self.part == PARTS)
    }

    /// The run, once every part is read; an error if the words go on past it.
    pub fn finish(self) -> Result<Simulated, String> {
        let r = &self.reader;
        if r.at != r.words.len() {
            return Err(format!(
                "the run's data goes on past its end ({} words, read {})",
                r.words.len(),
                r.at
            ));
        }
        match (self.written, self.report) {
            (Some(written), Some(report)) if self.part == PARTS => Ok(Simulated {
                written,
                lowered: self.lowered,
                report,
                waits: self.waits,
            }),
            _ => Err("the run was not read to its end".into()),
        }
    }
}

/// The word before a number of 2^31 or more, which takes two more words.
const LONG: u32 = u32::MAX;

struct Writer(Vec<u32>);

impl Writer {
    /// One word below 2^31; else a marker word, then the low and high halves.
    fn u64(&mut self, n: u64) {
        if n < 1 << 31 {
            self.0.push(n as u32);
        } else {
            self.0.extend([LONG, n as u32, (n >> 32) as u32]);
        }
    }

    fn count(&mut self, n: usize) {
        self.0.push(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn bool(&mut self, b: bool) {
        self.0.push(u32::from(b));
    }

    fn option(&mut self, n: Option<u64>) {
        self.bool(n.is_some());
        if let Some(n) = n {
            self.u64(n);
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.count(bytes.len());
        // Whole words first (a load each: a text of megabytes is most of a run's
        // words), then the last bytes, zero-padded.
        let whole = bytes.chunks_exact(4);
        let rest = whole.remainder();
        self.0
            .extend(whole.map(|c| u32::from_le_bytes(c.try_into().expect("chunks of exactly 4"))));
        if !rest.is_empty() {
            let mut word = [0; 4];
            word[..rest.len()].copy_from_slice(rest);
            self.0.push(u32::from_le_bytes(word));
        }
    }

    fn string(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    /// An index or a count of things in memory (far below 2^64).
    fn index(&mut self, i: usize) {
        self.u64(u64::try_from(i).unwrap_or(u64::MAX));
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
        self.count(items.len());
        for item in items {
            each(self, item);
        }
    }

    fn scenario(&mut self, scenario: Scenario) {
        let Scenario {
            cores,
            policy,
            switch_cost,
            queues,
            locks,
            tasks,
            seed,
            memory,
            threads,
            servers,
            balance,
            jobs,
            requests,
            messaging,
        } = scenario;
        self.u64(cores.into());
        self.policy(&policy);
        self.u64(switch_cost);
        match queues {
            Queues::Global => self.0.push(0),
            Queues::PerCore { steal } => {
                self.0.push(1);
                self.bool(steal);
            }
        }
        self.list(&locks, |w, Lock { name, permits }| {
            w.string(name);
            w.u64((*permits).into());
        });
        self.u64(seed);
        self.u64(memory);
        self.option(threads.map(u64::from));
        self.list(
            &servers,
            |w,
             Server {
                 name,
                 cores,
                 slowdown,
             }| {
                w.string(name);
                w.u64((*cores).into());
                w.u64((*slowdown).into());
            },
        );
        self.0.push(match balance {
            Balance::RoundRobin => 0,
            Balance::LeastConnections => 1,
            Balance::Random => 2,
            Balance::TwoChoices => 3,
        });
        self.list(&jobs, |w, Job { name, steps }| {
            w.string(name);
            w.list(steps, Writer::pattern);
        });
        self.list(&requests, Writer::requests);
        self.bool(messaging.is_some());
        if let Some(m) = &messaging {
            self.messaging(m);
        }
        // Last: the reader takes them in batches.
        self.list(&tasks, Writer::task);
    }

    /// A report: its figures, then its tasks' figures and its trace, in the order the
    /// [`Decoder`] reads them.
    fn report(&mut self, report: Report) {
        let Report {
            outcome,
            cores,
            makespan,
            busy,
            context_switches,
            tasks,
            events,
            ticks,
            trace,
        } = report;
        let Trace {
            cores: slices,
            changes,
            demotions,
            boosts,
        } = trace;
        match outcome {
            Outcome::Completed => self.0.push(0),
            Outcome::Deadlock { at, blocked, cycle } => {
                self.0.push(1);
                self.u64(at);
                for waits in [blocked, cycle] {
                    self.list(&waits, |w, Wait { task, lock }| {
                        w.string(task);
                        w.string(lock);
                    });
                }
            }
        }
        self.u64(cores.into());
        self.u64(makespan);
        self.list(&busy, |w, &b| w.u64(b));
        self.u64(context_switches);
        self.u64(events);
        self.u64(ticks);
        self.list(&tasks, Writer::metrics);
        self.count(slices.len());
        for core in &slices {
            self.list(core, Writer::slice);
        }
        self.list(&changes, Writer::change);
        self.list(&demotions, |w, d| {
            let Demotion { time, task, level } = *d;
            w.u64(time);
            w.u64(task.into());
            w.u64(level.into());
        });
        self.list(&boosts, |w, &t| w.u64(t));
    }

    /// A float as its bits, low word first.
    fn f64(&mut self, x: f64) {
        let bits = x.to_bits();
        self.0.extend([bits as u32, (bits >> 32) as u32]);
    }

    fn latency(&mut self, latency: &Latency) {
        let Latency {
            requests,
            completed,
            mean,
            p50,
            p90,
            p99,
            max,
            histogram: Histogram { width, counts },
            window,
            throughput,
            little:
                Little {
                    in_system,
                    arrival_rate,
                    time_in_system,
                },
            peak_in_system,
            peak_holding,
            peak_memory_kib,
            series,
            utilization,
        } = latency;
        self.index(*requests);
        self.index(*completed);
        self.f64(*mean);
        for &t in [p50, p90, p99, max, width] {
            self.u64(t);
        }
        self.list(counts, |w, &c| w.u64(c));
        self.u64(*window);
        for &x in [throughput, in_system, arrival_rate, time_in_system] {
            self.f64(x);
        }
        self.u64((*peak_in_system).into());
        self.u64((*peak_holding).into());
        self.u64(*peak_memory_kib);
        self.list(series, |w, p| {
            let Point {
                time,
                in_system,
                waiting_for_core,
                waiting_for_lock,
            } = *p;
            w.u64(time);
            for n in [in_system, waiting_for_core, waiting_for_lock] {
                w.u64(n.into());
            }
        });
        self.list(utilization, |w, load| {
            let ServerLoad {
                name,
                cores,
                utilization,
                tasks,
            } = load;
            w.string(name);
            w.u64((*cores).into());
            w.f64(*utilization);
            w.u64((*tasks).into());
        });
    }

    fn policy(&mut self, policy: &Policy) {
        match policy {
            Policy::Fcfs => self.0.push(0),
            Policy::Sjf => self.0.push(1),
            Policy::Srtf => self.0.push(2),
            Policy::Priority { preemptive } => {
                self.0.push(3);
                self.bool(*preemptive);
            }
            Policy::RoundRobin { quantum } => {
                self.0.push(4);
                self.u64(*quantum);
            }
            Policy::Mlfq(Mlfq {
                quanta,
                allotments,
                boost,
                stay,
                io_bump,
            }) => {
                self.0.push(5);
                self.list(quanta, |w, &q| w.u64(q));
                self.list(allotments, |w, &a| w.u64(a.into()));
                self.u64(*boost);
                self.bool(*stay);
                self.bool(*io_bump);
            }
        }
    }

    fn requests(&mut self, r: &Requests) {
        let Requests {
            name,
            count,
            every,
            start,
            poisson,
            burst,
            priority,
            steps,
        } = r;
        self.string(name);
        self.u64((*count).into());
        self.u64(*every);
        self.u64(*start);
        self.bool(*poisson);
        self.u64((*burst).into());
        self.u64((*priority).into());
        self.list(steps, Writer::pattern);
    }

    fn messaging(&mut self, m: &Messaging) {
        let Messaging {
            queue:
                Queue {
                    name,
                    partitions,
                    capacity,
                    full,
                },
            producers,
            groups,
        } = m;
        self.string(name);
        self.u64((*partitions).into());
        self.option(capacity.map(u64::from));
        self.0.push(match full {
            Full::Block => 0,
            Full::Drop => 1,
        });
        self.list(producers, |w, p| {
            let Producer {
                name,
                count,
                every,
                start,
                poisson,
                burst,
            } = p;
            w.string(name);
            w.u64((*count).into());
            w.u64(*every);
            w.u64(*start);
            w.bool(*poisson);
            w.u64((*burst).into());
        });
        self.list(
            groups,
            |w,
             Group {
                 name,
                 consumers,
                 process,
             }| {
                w.string(name);
                w.u64((*consumers).into());
                w.length(process);
            },
        );
    }

    fn length(&mut self, length: &Length) {
        match *length {
            Length::Fixed(n) => {
                self.0.push(0);
                self.u64(n);
            }
            Length::Uniform(lo, hi) => {
                self.0.push(1);
                self.u64(lo);
                self.u64(hi);
            }
            Length::Exponential(mean) => {
                self.0.push(2);
                self.u64(mean);
            }
        }
    }

    fn task(&mut self, task: &Task) {
        let Task {
            name,
            arrive,
            priority,
            steps,
            server,
            parent,
            backup_of,
        } = task;
        self.string(name);
        self.u64(*arrive);
        self.u64((*priority).into());
        self.list(steps, |w, step| w.step(step, |w, &n| w.u64(n)));
        self.option(server.map(u64::from));
        self.option(parent.map(u64::from));
        self.bool(backup_of.is_some());
        if let Some((of, after)) = *backup_of {
            self.u64(of.into());
            self.u64(after);
        }
    }

    fn pattern(&mut self, step: &Step<Length>) {
        self.step(step, Writer::length);
    }

    /// A step: its kind, then its fields (a CPU or I/O step's length as `length` writes
    /// it).
    fn step<L>(&mut self, step: &Step<L>, length: impl Fn(&mut Writer, &L)) {
        match step {
            Step::Cpu(n) => {
                self.0.push(0);
                length(self, n);
            }
            Step::Io(n) => {
                self.0.push(1);
                length(self, n);
            }
            Step::Acquire(l) => {
                self.0.push(2);
                self.index(*l);
            }
            Step::Release(l) => {
                self.0.push(3);
                self.index(*l);
            }
            Step::Spawn { job, count, hedge } => {
                self.0.push(4);
                self.index(*job);
                self.u64((*count).into());
                self.u64(*hedge);
            }
            Step::Join => self.0.push(5),
        }
    }

    fn metrics(&mut self, m: &TaskMetrics) {
        let TaskMetrics {
            name,
            arrival,
            first_run,
            completion,
            turnaround,
            waiting,
            response,
            running,
            io,
            blocked,
            switching,
        } = m;
        self.string(name);
        self.u64(*arrival);
        self.option(*first_run);
        self.option(*completion);
        self.option(*turnaround);
        self.u64(*waiting);
        self.option(*response);
        for &n in [running, io, blocked, switching] {
            self.u64(n);
        }
    }

    fn slice(&mut self, s: &Slice) {
        self.u64(s.start);
        self.u64(s.end.wrapping_sub(s.start));
        self.u64(u64::from(s.task) << 1 | u64::from(s.switch));
    }

    fn change(&mut self, c: &Change) {
        self.u64(c.time);
        let (state, lock) = match c.state {
            State::Ready => (0, 0),
            State::Switching => (1, 0),
            State::Running => (2, 0),
            State::Io => (3, 0),
            State::Blocked(l) => (4, l),
            State::Joining => (5, 0),
            State::Done => (6, 0),
        };
        self.u64(u64::from(c.task) << 3 | state);
        if state == 4 {
            self.u64(lock.into());
        }
    }

    fn span(&mut self, &(from, to, waiting): &Span) {
        let kind = match waiting {
            Waiting::Ready => 0,
            Waiting::Io => 1,
            Waiting::Lock => 2,
            Waiting::Join => 3,
        };
        self.u64(from);
        // A wait's length is far below 2^62 (times are bounded by the limits).
        self.u64(to.wrapping_sub(from) << 2 | kind);
    }
}

struct Reader<'a> {
    words: &'a [u32],
    at: usize,
}

impl Reader<'_> {
    fn word(&mut self) -> Result<u32, String> {
        let word = self.words.get(self.at).copied().ok_or_else(|| {
            format!(
                "the run's data ends early ({} words, more needed)",
                self.words.len()
            )
        })?;
        self.at += 1;
        Ok(word)
    }

    fn u64(&mut self) -> Result<u64, String> {
        match self.word()? {
            small if small < 1 << 31 => Ok(small.into()),
            LONG => {
                let low = u64::from(self.word()?);
                Ok(low | u64::from(self.word()?) << 32)
            }
            other => Err(self.bad("a number", other)),
        }
    }

    /// A number that must fit in 32 bits.
    fn u32(&mut self) -> Result<u32, String> {
        let n = self.u64()?;
        u32::try_from(n).map_err(|_| format!("{n} is not a 32-bit number"))
    }

    fn bool(&mut self) -> Result<bool, String> {
        match self.word()? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.bad("a yes or no", other)),
        }
    }

    fn option(&mut self) -> Result<Option<u64>, String> {
        Ok(if self.bool()? {
            Some(self.u64()?)
        } else {
            None
        })
    }

    fn small(&mut self) -> Result<Option<u32>, String> {
        Ok(if self.bool()? {
            Some(self.u32()?)
        } else {
            None
        })
    }

    fn index(&mut self) -> Result<usize, String> {
        let n = self.u64()?;
        usize::try_from(n).map_err(|_| format!("{n} is not an index"))
    }

    fn bad(&self, what: &str, found: u32) -> String {
        format!("word {} should be {what}, not {found}", self.at - 1)
    }

    fn bytes(&mut self) -> Result<Vec<u8>, String> {
        let len = self.word()? as usize;
        let words = len.div_ceil(4);
        let end = self.at + words;
        let Some(chunk) = self.words.get(self.at..end) else {
            return Err(format!("a text of {len} bytes runs past the run's data"));
        };
        self.at = end;
        let mut bytes = Vec::with_capacity(words * 4);
        for w in chunk {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.truncate(len);
        Ok(bytes)
    }

    fn string(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?).map_err(|e| format!("a name is not UTF-8: {e}"))
    }

    /// A word that says which of `n` choices.
    fn choice(&mut self, what: &str, n: u32) -> Result<u32, String> {
        match self.word()? {
            c if c < n => Ok(c),
            other => Err(self.bad(what, other)),
        }
    }

    /// A scenario but for its tasks, which follow it.
    fn scenario(&mut self) -> Result<Scenario, String> {
        Ok(Scenario {
            cores: self.u32()?,
            policy: self.policy()?,
            switch_cost: self.u64()?,
            queues: match self.choice("the queues", 2)? {
                0 => Queues::Global,
                _ => Queues::PerCore {
                    steal: self.bool()?,
                },
            },
            locks: self.list(|r| {
                Ok(Lock {
                    name: r.string()?,
                    permits: r.u32()?,
                })
            })?,
            tasks: Vec::new(),
            seed: self.u64()?,
            memory: self.u64()?,
            threads: self.small()?,
            servers: self.list(|r| {
                Ok(Server {
                    name: r.string()?,
                    cores: r.u32()?,
                    slowdown: r.u32()?,
                })
            })?,
            balance: match self.choice("a balance", 4)? {
                0 => Balance::RoundRobin,
                1 => Balance::LeastConnections,
                2 => Balance::Random,
                _ => Balance::TwoChoices,
            },
            jobs: self.list(|r| {
                Ok(Job {
                    name: r.string()?,
                    steps: r.list(Reader::pattern)?,
                })
            })?,
            requests: self.list(|r| {
                Ok(Requests {
                    name: r.string()?,
                    count: r.u32()?,
                    every: r.u64()?,
                    start: r.u64()?,
                    poisson: r.bool()?,
                    burst: r.u32()?,
                    priority: r.u32()?,
                    steps: r.list(Reader::pattern)?,
                })
            })?,
            messaging: if self.bool()? {
                Some(self.messaging()?)
            } else {
                None
            },
        })
    }

    fn f64(&mut self) -> Result<f64, String> {
        let low = u64::from(self.word()?);
        Ok(f64::from_bits(low | u64::from(self.word()?) << 32))
    }

    /// A scenario with its tasks, in one go.
    fn whole_scenario(&mut self) -> Result<Scenario, String> {
        let mut scenario = self.scenario()?;
        scenario.tasks = self.list(Reader::task)?;
        Ok(scenario)
    }

    /// A report with its tasks' figures and its trace, in one go.
    fn whole_report(&mut self) -> Result<Report, String> {
        let mut report = self.report()?;
        report.tasks = self.list(Reader::metrics)?;
        report.trace = Trace {
            cores: self.list(|r| r.list(Reader::slice))?,
            changes: self.list(Reader::change)?,
            demotions: self.list(Reader::demotion)?,
            boosts: self.list(Reader::u64)?,
        };
        Ok(report)
    }

    fn demotion(&mut self) -> Result<Demotion, String> {
        Ok(Demotion {
            time: self.u64()?,
            task: self.u32()?,
            level: self.u32()?,
        })
    }

    fn latency(&mut self) -> Result<Latency, String> {
        Ok(Latency {
            requests: self.index()?,
            completed: self.index()?,
            mean: self.f64()?,
            p50: self.u64()?,
            p90: self.u64()?,
            p99: self.u64()?,
            max: self.u64()?,
            histogram: Histogram {
                width: self.u64()?,
                counts: self.list(Reader::u64)?,
            },
            window: self.u64()?,
            throughput: self.f64()?,
            little: Little {
                in_system: self.f64()?,
                arrival_rate: self.f64()?,
                time_in_system: self.f64()?,
            },
            peak_in_system: self.u32()?,
            peak_holding: self.u32()?,
            peak_memory_kib: self.u64()?,
            series: self.list(|r| {
                Ok(Point {
                    time: r.u64()?,
                    in_system: r.u32()?,
                    waiting_for_core: r.u32()?,
                    waiting_for_lock: r.u32()?,
                })
            })?,
            utilization: self.list(|r| {
                Ok(ServerLoad {
                    name: r.string()?,
                    cores: r.u32()?,
                    utilization: r.f64()?,
                    tasks: r.u32()?,
                })
            })?,
        })
    }

    fn policy(&mut self) -> Result<Policy, String> {
        Ok(match self.choice("a policy", 6)? {
            0 => Policy::Fcfs,
            1 => Policy::Sjf,
            2 => Policy::Srtf,
            3 => Policy::Priority {
                preemptive: self.bool()?,
            },
            4 => Policy::RoundRobin {
                quantum: self.u64()?,
            },
            _ => Policy::Mlfq(Mlfq {
                quanta: self.list(Reader::u64)?,
                allotments: self.list(Reader::u32)?,
                boost: self.u64()?,
                stay: self.bool()?,
                io_bump: self.bool()?,
            }),
        })
    }

    fn messaging(&mut self) -> Result<Messaging, String> {
        Ok(Messaging {
            queue: Queue {
                name: self.string()?,
                partitions: self.u32()?,
                capacity: self.small()?,
                full: match self.choice("block or drop", 2)? {
                    0 => Full::Block,
                    _ => Full::Drop,
                },
            },
            producers: self.list(|r| {
                Ok(Producer {
                    name: r.string()?,
                    count: r.u32()?,
                    every: r.u64()?,
                    start: r.u64()?,
                    poisson: r.bool()?,
                    burst: r.u32()?,
                })
            })?,
            groups: self.list(|r| {
                Ok(Group {
                    name: r.string()?,
                    consumers: r.u32()?,
                    process: r.length()?,
                })
            })?,
        })
    }

    fn length(&mut self) -> Result<Length, String> {
        Ok(match self.choice("a length", 3)? {
            0 => Length::Fixed(self.u64()?),
            1 => Length::Uniform(self.u64()?, self.u64()?),
            _ => Length::Exponential(self.u64()?),
        })
    }

    /// A report but for its tasks' figures and its trace, which follow it.
    fn report(&mut self) -> Result<Report, String> {
        let wait = |r: &mut Self| {
            Ok(Wait {
                task: r.string()?,
                lock: r.string()?,
            })
        };
        Ok(Report {
            outcome: match self.choice("an outcome", 2)? {
                0 => Outcome::Completed,
                _ => Outcome::Deadlock {
                    at: self.u64()?,
                    blocked: self.list(wait)?,
                    cycle: self.list(wait)?,
                },
            },
            cores: self.u32()?,
            makespan: self.u64()?,
            busy: self.list(Reader::u64)?,
            context_switches: self.u64()?,
            tasks: Vec::new(),
            events: self.u64()?,
            ticks: self.u64()?,
            trace: Trace::default(),
        })
    }

    /// A count, then that many items. The count cannot ask for more room than the
    /// words left could fill (every item takes at least one word).
    fn list<T>(
        &mut self,
        mut each: impl FnMut(&mut Self) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        let count = self.word()? as usize;
        let mut items = Vec::with_capacity(count.min(self.words.len() - self.at));
        for _ in 0..count {
            items.push(each(self)?);
        }
        Ok(items)
    }

    /// Up to `most` more items of a list into `into`, its count read first if `left`
    /// has none yet; whether the list is read.
    fn batch<T>(
        &mut self,
        into: &mut Vec<T>,
        left: &mut Option<usize>,
        most: usize,
        mut each: impl FnMut(&mut Self) -> Result<T, String>,
    ) -> Result<bool, String> {
        let remaining = match left {
            Some(n) => n,
            None => {
                let count = self.word()? as usize;
                into.reserve(count.min(self.words.len() - self.at));
                left.insert(count)
            }
        };
        let now = (*remaining).min(most);
        for _ in 0..now {
            into.push(each(self)?);
        }
        *remaining -= now;
        let done = *remaining == 0;
        if done {
            *left = None;
        }
        Ok(done)
    }

    fn task(&mut self) -> Result<Task, String> {
        Ok(Task {
            name: self.string()?,
            arrive: self.u64()?,
            priority: self.u32()?,
            steps: self.list(|r| r.step(Reader::u64))?,
            server: self.small()?,
            parent: self.small()?,
            backup_of: if self.bool()? {
                Some((self.u32()?, self.u64()?))
            } else {
                None
            },
        })
    }

    /// A step, its CPU or I/O length read by `length`.
    fn step<L>(
        &mut self,
        length: impl FnOnce(&mut Self) -> Result<L, String>,
    ) -> Result<Step<L>, String> {
        Ok(match self.word()? {
            0 => Step::Cpu(length(self)?),
            1 => Step::Io(length(self)?),
            2 => Step::Acquire(self.index()?),
            3 => Step::Release(self.index()?),
            4 => Step::Spawn {
                job: self.index()?,
                count: self.u32()?,
                hedge: self.u64()?,
            },
            5 => Step::Join,
            other => return Err(self.bad("a step", other)),
        })
    }

    fn pattern(&mut self) -> Result<Step<Length>, String> {
        self.step(Reader::length)
    }

    fn metrics(&mut self) -> Result<TaskMetrics, String> {
        Ok(TaskMetrics {
            name: self.string()?,
            arrival: self.u64()?,
            first_run: self.option()?,
            completion: self.option()?,
            turnaround: self.option()?,
            waiting: self.u64()?,
            response: self.option()?,
            running: self.u64()?,
            io: self.u64()?,
            blocked: self.u64()?,
            switching: self.u64()?,
        })
    }

    fn slice(&mut self) -> Result<Slice, String> {
        let start = self.u64()?;
        let end = start.wrapping_add(self.u64()?);
        let task = self.u64()?;
        Ok(Slice {
            start,
            end,
            task: u32::try_from(task >> 1).map_err(|_| self.bad("a task", task as u32))?,
            switch: task & 1 == 1,
        })
    }

    fn change(&mut self) -> Result<Change, String> {
        let time: Tick = self.u64()?;
        let both = self.u64()?;
        let task = u32::try_from(both >> 3).map_err(|_| self.bad("a task", both as u32))?;
        let state = match both & 7 {
            0 => State::Ready,
            1 => State::Switching,
            2 => State::Running,
            3 => State::Io,
            4 => State::Blocked(self.u32()?),
            5 => State::Joining,
            6 => State::Done,
            other => return Err(self.bad("a task's state", other as u32)),
        };
        Ok(Change { time, task, state })
    }

    fn span(&mut self) -> Result<Span, String> {
        let from = self.u64()?;
        let both = self.u64()?;
        let waiting = match both & 3 {
            0 => Waiting::Ready,
            1 => Waiting::Io,
            2 => Waiting::Lock,
            _ => Waiting::Join,
        };
        Ok((from, from.wrapping_add(both >> 2), waiting))
    }
}

#[cfg(test)]
mod tests;
