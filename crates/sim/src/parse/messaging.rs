//! The queue statements (`queue`, `producer`, `group`; see [`crate::messaging`]): a
//! queue scenario has these and `seed`, and nothing that runs on the engine.

use super::{Cursor, Kind, Owner, Parsed, Parser, Token};
use crate::messaging::{
    Full, Group, MAX_CONSUMERS, MAX_GROUPS, MAX_PARTITIONS, MAX_PRODUCERS, Messaging, Producer,
    Queue,
};

/// The statements of a queue scenario, and what each is for.
pub(super) const STATEMENTS: &[&str] = &["queue", "producer", "group"];

/// Where the queue scenario's statements are: to refuse what does not belong.
#[derive(Default)]
pub(super) struct Lines {
    /// The `queue` line.
    queue: Option<u32>,
    /// The first queue statement, and the first statement that runs on the engine:
    /// (line, column, statement).
    first: Option<(u32, u32, String)>,
    engine: Option<(u32, u32, String)>,
    /// Each producer's line and the column of its count, for the limit on messages.
    counts: Vec<(u32, u32)>,
    group_lines: Vec<u32>,
}

impl Parser<'_> {
    /// Notes a statement of either kind (not `seed`, which both have).
    pub(super) fn note_statement(&mut self, line: u32, head: Token<'_>) {
        let slot = if STATEMENTS.contains(&head.text) {
            &mut self.queue_lines.first
        } else {
            &mut self.queue_lines.engine
        };
        if slot.is_none() {
            *slot = Some((line, head.col, head.text.to_string()));
        }
    }

    fn messaging(&mut self) -> &mut Messaging {
        self.scenario.messaging.get_or_insert_with(|| Messaging {
            queue: Queue {
                name: String::new(),
                partitions: 1,
                capacity: None,
                full: Full::Block,
            },
            producers: Vec::new(),
            groups: Vec::new(),
        })
    }

    /// `queue NAME [partitions=P] [capacity=C] [block | drop]`
    pub(super) fn queue(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        if let Some(first) = self.queue_lines.queue {
            return self.fail(
                c.line,
                head.col,
                format!(
                    "a scenario has one queue (line {first}); its producers and groups share it"
                ),
            );
        }
        let name = self.word(c, "the queue's name")?;
        let options = self.options(c, &["partitions", "capacity"])?;
        let get = |k: &str| options.iter().find(|o| o.0 == k).map(|o| (o.1, o.2));
        let mut queue = Queue {
            name: name.text.into(),
            partitions: 1,
            capacity: None,
            full: Full::Block,
        };
        if let Some((n, col)) = get("partitions") {
            if n == 0 || n > u64::from(MAX_PARTITIONS) {
                return self.fail(
                    c.line,
                    col,
                    format!("partitions must be between 1 and {MAX_PARTITIONS}"),
                );
            }
            queue.partitions = n as u32;
        }
        if let Some((n, col)) = get("capacity") {
            if n == 0 {
                return self.fail(
                    c.line,
                    col,
                    "a capacity of 0 holds no message: give 1 or more, or leave it out for an unbounded queue".into(),
                );
            }
            queue.capacity = Some(u32::try_from(n).unwrap_or(u32::MAX));
        }
        if let Some(t) = c.peek().copied().filter(|t| t.kind == Kind::Word) {
            c.at += 1;
            queue.full = match t.text {
                "block" => Full::Block,
                "drop" => Full::Drop,
                other => {
                    return self.unknown(
                        c.line,
                        t.col,
                        "behaviour when full",
                        other,
                        &["block", "drop"],
                        " (block: the producer waits for room; drop: the message is lost)",
                    );
                }
            };
            if queue.capacity.is_none() {
                return self.fail(
                    c.line,
                    t.col,
                    format!(
                        "an unbounded queue is never full: give it a capacity=C to {}",
                        t.text
                    ),
                );
            }
        }
        self.end(c)?;
        self.queue_lines.queue = Some(c.line);
        self.messaging().queue = queue;
        Ok(())
    }

    /// `producer NAME count=N every=T [poisson] [burst=B] [start=T]`
    pub(super) fn producer(
        &mut self,
        c: &mut Cursor<'_, Token<'_>>,
        head: Token<'_>,
    ) -> Parsed<()> {
        const EXAMPLE: &str = "producer web count=1000 every=5 [poisson] [burst=B] [start=T]";
        let name = self.word(c, "the producer's name")?;
        let (options, poisson) = self.arrival_options(c, &["count", "every", "start", "burst"])?;
        let count = self.required(&options, "count", name, c.line, EXAMPLE)?;
        let every = self.required(&options, "every", name, c.line, EXAMPLE)?;
        self.end(c)?;
        let producers = self
            .scenario
            .messaging
            .as_ref()
            .map_or(0, |m| m.producers.len());
        if producers >= MAX_PRODUCERS {
            return self.fail(
                c.line,
                head.col,
                format!("too many producers: at most {MAX_PRODUCERS}"),
            );
        }
        let late = "message would be published";
        let when = self.process(&options, count, every, poisson, c.line, late)?;
        let producer = Producer {
            name: name.text.into(),
            count: when.count,
            every: when.every,
            start: when.start,
            poisson,
            burst: when.burst,
        };
        self.queue_lines.counts.push((c.line, count.1));
        self.messaging().producers.push(producer);
        Ok(())
    }

    /// `group NAME consumers=K: process LENGTH`
    pub(super) fn group(&mut self, c: &mut Cursor<'_, Token<'_>>, head: Token<'_>) -> Parsed<()> {
        const EXAMPLE: &str = "group billing consumers=2: process ~20";
        let name = self.word(c, "the group's name")?;
        let options = self.options(c, &["consumers"])?;
        let consumers = self.required(&options, "consumers", name, c.line, EXAMPLE)?;
        if consumers.0 == 0 || consumers.0 > u64::from(MAX_CONSUMERS) {
            return self.fail(
                c.line,
                consumers.1,
                format!("consumers must be between 1 and {MAX_CONSUMERS}"),
            );
        }
        self.colon(c, EXAMPLE)?;
        match c.next().copied() {
            Some(t) if t.kind == Kind::Word && t.text == "process" => {}
            other => {
                let col = other.map_or(c.end, |t| t.col);
                return self.fail(
                    c.line,
                    col,
                    format!("expected \"process\" and each message's length ({EXAMPLE})"),
                );
            }
        }
        let process = self.length(c, Owner::Group)?;
        self.end(c)?;
        let messaging = self.messaging();
        if messaging.groups.iter().any(|g| g.name == name.text) {
            return self.fail(
                c.line,
                name.col,
                format!("group \"{}\" is declared twice", name.text),
            );
        }
        if messaging.groups.len() >= MAX_GROUPS {
            return self.fail(
                c.line,
                head.col,
                format!("too many groups: at most {MAX_GROUPS}"),
            );
        }
        messaging.groups.push(Group {
            name: name.text.into(),
            consumers: consumers.0 as u32,
            process,
        });
        self.queue_lines.group_lines.push(c.line);
        Ok(())
    }

    /// A queue scenario has a queue, a producer and a group, and nothing that runs on
    /// the engine; its messages, each processed by every group, are within the limits.
    pub(super) fn check_messaging(&mut self) {
        let Some((line, col, first)) = self.queue_lines.first.clone() else {
            return;
        };
        if let Some((l, c, engine)) = self.queue_lines.engine.clone() {
            // Said at whichever came second.
            let (at, this, other) = if l > line {
                ((l, c), engine, first)
            } else {
                ((line, col), first, engine)
            };
            return self.error(
                at.0,
                at.1,
                format!(
                    "\"{this}\" does not belong with \"{other}\": a queue scenario has queue, producer, group and seed lines, and a scenario of tasks has none of the first three"
                ),
            );
        }
        let Some(m) = self.scenario.messaging.as_ref() else {
            return;
        };
        let missing = if self.queue_lines.queue.is_none() {
            Some("a \"queue NAME [partitions=P]\" line")
        } else if m.producers.is_empty() {
            Some("a \"producer NAME count=N every=T\" line")
        } else if m.groups.is_empty() {
            Some("a \"group NAME consumers=K: process T\" line")
        } else {
            None
        };
        if let Some(missing) = missing {
            return self.error(line, col, format!("a queue scenario needs {missing}"));
        }
        let messages: u64 = m.producers.iter().map(|p| u64::from(p.count)).sum();
        let deliveries = messages.saturating_mul(m.groups.len() as u64);
        let (count_line, count_col) = self
            .queue_lines
            .counts
            .last()
            .copied()
            .unwrap_or((line, col));
        if messages > self.limits.tasks as u64 {
            self.error(
                count_line,
                count_col,
                format!(
                    "{} messages in all; at most {} are run",
                    crate::group(messages.into()),
                    crate::group(self.limits.tasks as u128)
                ),
            );
        } else if deliveries > self.limits.events {
            let group_line = self.queue_lines.group_lines.last().copied().unwrap_or(line);
            self.error(
                group_line,
                1,
                format!(
                    "{} messages to each of {} groups are {} deliveries; at most {} are run: fewer messages or fewer groups",
                    crate::group(messages.into()),
                    m.groups.len(),
                    crate::group(deliveries.into()),
                    crate::group(self.limits.events.into())
                ),
            );
        }
    }
}
