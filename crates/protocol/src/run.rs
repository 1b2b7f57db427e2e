//! A simulated run as 32-bit words, for the trip from a worker to the page: its
//! scenario as written and as written out, its report with the trace, and each task's
//! waits. A run of 100 000 tasks holds hundreds of thousands of tasks, slices and
//! state changes; as JSON it would take longer to read than to simulate, and the page
//! would read it in one go. As words it is read in a few copies, and its buffer is
//! transferred, not copied.
//!
//! The small parts (a scenario without its tasks, a report without its tasks and
//! trace) go as JSON text inside the words, so that whatever the scenario grows stays
//! covered; the big arrays go word by word. A 64-bit number is two words, low first;
//! a string is its length in bytes and then its bytes, four to a word. Reading never
//! trusts a count: a short or damaged buffer is an error that says where, never a
//! panic or a huge allocation.

use interleave_sim::{
    Change, Demotion, Report, Scenario, Slice, Span, State, Step, Task, TaskMetrics, Tick, Waiting,
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
        mut report,
        waits,
    } = run;
    let mut w = Writer(Vec::new());
    w.scenario(written);
    w.bool(lowered.is_some());
    if let Some(lowered) = lowered {
        w.scenario(lowered);
    }
    let tasks = std::mem::take(&mut report.tasks);
    let cores = std::mem::take(&mut report.trace.cores);
    let changes = std::mem::take(&mut report.trace.changes);
    let demotions = std::mem::take(&mut report.trace.demotions);
    let boosts = std::mem::take(&mut report.trace.boosts);
    w.json(&report);
    w.list(&tasks, Writer::metrics);
    w.count(cores.len());
    for core in &cores {
        w.list(core, Writer::slice);
    }
    w.list(&changes, Writer::change);
    w.list(&demotions, |w, d| {
        w.u64(d.time);
        w.0.extend([d.task, d.level]);
    });
    w.list(&boosts, |w, &t| w.u64(t));
    w.count(waits.len());
    for task in &waits {
        w.list(task, Writer::span);
    }
    w.0
}

/// Reads a run from words, or says why it cannot.
pub fn decode(words: &[u32]) -> Result<Simulated, String> {
    let mut r = Reader { words, at: 0 };
    let written = r.scenario()?;
    let lowered = if r.bool()? { Some(r.scenario()?) } else { None };
    let mut report: Report = r.json()?;
    report.tasks = r.list(Reader::metrics)?;
    report.trace.cores = r.list(|r| r.list(Reader::slice))?;
    report.trace.changes = r.list(Reader::change)?;
    report.trace.demotions = r.list(|r| {
        Ok(Demotion {
            time: r.u64()?,
            task: r.word()?,
            level: r.word()?,
        })
    })?;
    report.trace.boosts = r.list(Reader::u64)?;
    let waits = r.list(|r| r.list(Reader::span))?;
    if r.at != words.len() {
        return Err(format!(
            "the run's data goes on past its end ({} words, read {})",
            words.len(),
            r.at
        ));
    }
    Ok(Simulated {
        written,
        lowered,
        report,
        waits,
    })
}

struct Writer(Vec<u32>);

impl Writer {
    fn u64(&mut self, n: u64) {
        self.0.extend([n as u32, (n >> 32) as u32]);
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
        self.0.extend(bytes.chunks(4).map(|c| {
            let mut word = [0; 4];
            word[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(word)
        }));
    }

    fn json(&mut self, value: &impl serde::Serialize) {
        // Every type written here serializes (no maps with other keys than strings).
        self.bytes(&serde_json::to_vec(value).unwrap_or_default());
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
        self.count(items.len());
        for item in items {
            each(self, item);
        }
    }

    fn scenario(&mut self, mut scenario: Scenario) {
        let tasks = std::mem::take(&mut scenario.tasks);
        self.json(&scenario);
        self.list(&tasks, Writer::task);
    }

    fn task(&mut self, task: &Task) {
        self.bytes(task.name.as_bytes());
        self.u64(task.arrive);
        self.0.push(task.priority);
        self.list(&task.steps, Writer::step);
        self.option(task.server.map(u64::from));
        self.option(task.parent.map(u64::from));
        self.bool(task.backup_of.is_some());
        if let Some((of, after)) = task.backup_of {
            self.0.push(of);
            self.u64(after);
        }
    }

    fn step(&mut self, step: &Step) {
        let index = |i: usize| u64::try_from(i).unwrap_or(u64::MAX);
        let (tag, a, b, c) = match *step {
            Step::Cpu(n) => (0, n, 0, 0),
            Step::Io(n) => (1, n, 0, 0),
            Step::Acquire(l) => (2, index(l), 0, 0),
            Step::Release(l) => (3, index(l), 0, 0),
            Step::Spawn { job, count, hedge } => (4, index(job), count, hedge),
            Step::Join => (5, 0, 0, 0),
        };
        self.0.push(tag);
        self.u64(a);
        if tag == 4 {
            self.0.push(b);
            self.u64(c);
        }
    }

    fn metrics(&mut self, m: &TaskMetrics) {
        self.bytes(m.name.as_bytes());
        self.u64(m.arrival);
        self.option(m.first_run);
        self.option(m.completion);
        self.option(m.turnaround);
        self.u64(m.waiting);
        self.option(m.response);
        for n in [m.running, m.io, m.blocked, m.switching] {
            self.u64(n);
        }
    }

    fn slice(&mut self, s: &Slice) {
        self.u64(s.start);
        self.u64(s.end);
        self.0.extend([s.task, u32::from(s.switch)]);
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
        self.0.extend([c.task, state, lock]);
    }

    fn span(&mut self, &(from, to, waiting): &Span) {
        self.u64(from);
        self.u64(to);
        self.0.push(match waiting {
            Waiting::Ready => 0,
            Waiting::Io => 1,
            Waiting::Lock => 2,
            Waiting::Join => 3,
        });
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
        let low = self.word()?;
        Ok(u64::from(low) | u64::from(self.word()?) << 32)
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
        self.option()?
            .map(|n| u32::try_from(n).map_err(|_| format!("{n} is not a 32-bit index")))
            .transpose()
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
        let mut bytes: Vec<u8> = chunk.iter().flat_map(|w| w.to_le_bytes()).collect();
        bytes.truncate(len);
        Ok(bytes)
    }

    fn string(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?).map_err(|e| format!("a name is not UTF-8: {e}"))
    }

    fn json<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, String> {
        serde_json::from_slice(&self.bytes()?).map_err(|e| format!("unreadable run: {e}"))
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

    fn scenario(&mut self) -> Result<Scenario, String> {
        let mut scenario: Scenario = self.json()?;
        scenario.tasks = self.list(Reader::task)?;
        Ok(scenario)
    }

    fn task(&mut self) -> Result<Task, String> {
        Ok(Task {
            name: self.string()?,
            arrive: self.u64()?,
            priority: self.word()?,
            steps: self.list(Reader::step)?,
            server: self.small()?,
            parent: self.small()?,
            backup_of: if self.bool()? {
                Some((self.word()?, self.u64()?))
            } else {
                None
            },
        })
    }

    fn step(&mut self) -> Result<Step, String> {
        Ok(match self.word()? {
            0 => Step::Cpu(self.u64()?),
            1 => Step::Io(self.u64()?),
            2 => Step::Acquire(self.index()?),
            3 => Step::Release(self.index()?),
            4 => Step::Spawn {
                job: self.index()?,
                count: self.word()?,
                hedge: self.u64()?,
            },
            5 => {
                self.u64()?;
                Step::Join
            }
            other => return Err(self.bad("a step", other)),
        })
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
        Ok(Slice {
            start: self.u64()?,
            end: self.u64()?,
            task: self.word()?,
            switch: self.bool()?,
        })
    }

    fn change(&mut self) -> Result<Change, String> {
        let time: Tick = self.u64()?;
        let task = self.word()?;
        let (state, lock) = (self.word()?, self.word()?);
        let state = match state {
            0 => State::Ready,
            1 => State::Switching,
            2 => State::Running,
            3 => State::Io,
            4 => State::Blocked(lock),
            5 => State::Joining,
            6 => State::Done,
            other => return Err(self.bad("a task's state", other)),
        };
        Ok(Change { time, task, state })
    }

    fn span(&mut self) -> Result<Span, String> {
        let (from, to) = (self.u64()?, self.u64()?);
        let waiting = match self.word()? {
            0 => Waiting::Ready,
            1 => Waiting::Io,
            2 => Waiting::Lock,
            3 => Waiting::Join,
            other => return Err(self.bad("a wait", other)),
        };
        Ok((from, to, waiting))
    }
}

#[cfg(test)]
mod tests;
