//! The synchronisation lessons as data: programs of threads sharing memory, grouped
//! into lessons, each level with the claim the explorer proves about it.

use interleave_sim::program::Exploration;
#[cfg(test)]
use interleave_sim::program::philosophers;
#[cfg(any(test, feature = "claims"))]
use interleave_sim::program::{FindingKind, Search, explore, parse};

/// One program of a synchronisation lesson.
#[derive(Debug)]
pub struct Level {
    /// The lesson it belongs to: `#/lesson/<lesson>?level=<id>`.
    pub lesson: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub claim: &'static str,
    pub text: &'static str,
    /// Checks the claim against an exhaustive exploration.
    #[cfg(any(test, feature = "claims"))]
    pub check: fn(&Exploration) -> Result<(), String>,
}

pub static LEVELS: &[Level] = &[
    Level {
        lesson: "interleavings",
        id: "counter",
        title: "Lost update",
        claim: "Of the 20 ways to interleave two read-add-write increments, 18 lose an update.",
        text: include_str!("programs/counter.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(e.interleavings == Some(20), "20 interleavings")?;
            expect(bad_runs(e) == 18, "18 end with count = 1")
        },
    },
    Level {
        lesson: "interleavings",
        id: "check-then-act",
        title: "Check, then act",
        claim: "Checking that a seat is left and then taking it are two steps: both buyers can \
                pass the check before either takes the seat.",
        text: include_str!("programs/check_then_act.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(bad_runs(e) > 0, "some run sells the seat twice")?;
            expect(e.goal.is_some(), "the goal is reachable")
        },
    },
    Level {
        lesson: "interleavings",
        id: "mutex",
        title: "The fix: a mutex",
        claim: "With a mutex around the read, the add and the write, no interleaving loses an \
                update: the explorer checks them all.",
        text: include_str!("programs/mutex.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(e.proved(), "no bad state")?;
            expect(e.goal.is_none(), "losing an update is unreachable")
        },
    },
    Level {
        lesson: "interleavings",
        id: "atomic",
        title: "The fix: an atomic add",
        claim: "An atomic fetch-add is one step: nothing can come between the read and the \
                write, so no update is lost.",
        text: include_str!("programs/atomic.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(e.proved(), "no bad state")?;
            expect(e.interleavings == Some(2), "2 interleavings")
        },
    },
    Level {
        lesson: "locks",
        id: "one-key",
        title: "One key",
        claim: "A semaphore with one permit is a mutex: never two threads inside at once.",
        text: include_str!("programs/one_key.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(e.proved(), "no bad state")?;
            expect(e.goal.is_none(), "two inside at once is unreachable")
        },
    },
    Level {
        lesson: "locks",
        id: "bowl-of-keys",
        title: "A bowl of keys",
        claim: "A semaphore with k permits lets up to k threads in at once, and never k + 1.",
        text: include_str!("programs/bowl_of_keys.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(e.proved(), "never three connections in use")?;
            expect(e.goal.is_some(), "two at once is reachable")
        },
    },
    Level {
        lesson: "locks",
        id: "producer-consumer",
        title: "Producer and consumer",
        claim: "Waiting in a loop on a condition and signalling after each change keeps a \
                bounded buffer within its bounds, with no deadlock.",
        text: include_str!("programs/producer_consumer.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| expect(e.proved(), "no bad state and no deadlock"),
    },
    Level {
        lesson: "deadlock",
        id: "two-locks",
        title: "Two locks, opposite orders",
        claim: "Two threads that take two locks in opposite orders can deadlock: each holds \
                the lock the other waits for.",
        text: include_str!("programs/two_locks.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(
                deadlock_cycle(e) == Some(2),
                "a deadlock with a cycle of two threads",
            )
        },
    },
    Level {
        lesson: "deadlock",
        id: "ordered-locks",
        title: "The fix: one order",
        claim: "Taking locks in one global order makes a cycle, and so a deadlock, impossible.",
        text: include_str!("programs/ordered_locks.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| expect(e.proved(), "no deadlock"),
    },
    Level {
        lesson: "deadlock",
        id: "philosophers",
        title: "Dining philosophers",
        claim: "Five philosophers who each take the left fork first can all hold one fork and \
                wait forever for the next.",
        text: include_str!("programs/philosophers.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| {
            expect(
                deadlock_cycle(e) == Some(5),
                "a deadlock with a cycle of five",
            )
        },
    },
    Level {
        lesson: "deadlock",
        id: "philosophers-ordered",
        title: "Philosophers, forks in order",
        claim: "If one philosopher takes the forks in the other order (lower number first), \
                nobody deadlocks and everyone eats.",
        text: include_str!("programs/philosophers_ordered.prog"),
        #[cfg(any(test, feature = "claims"))]
        check: |e| expect(e.proved(), "no deadlock"),
    },
];

/// The levels of one lesson, in order.
pub fn levels(lesson: &str) -> impl Iterator<Item = &'static Level> + '_ {
    LEVELS.iter().filter(move |l| l.lesson == lesson)
}

/// Runs that end with a `finally` property broken.
pub fn bad_runs(e: &Exploration) -> u128 {
    e.finals
        .iter()
        .filter(|f| !f.ok)
        .filter_map(|f| f.interleavings)
        .sum()
}

#[cfg(any(test, feature = "claims"))]
/// The length of the wait-for cycle of the first deadlock found, if any.
fn deadlock_cycle(e: &Exploration) -> Option<usize> {
    e.findings
        .iter()
        .find(|f| f.kind == FindingKind::Deadlock)
        .map(|f| f.cycle.len())
}

#[cfg(any(test, feature = "claims"))]
fn expect(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("expected {what}"))
    }
}

impl Level {
    /// Explores the level exhaustively and checks its claim.
    #[cfg(any(test, feature = "claims"))]
    pub fn claim_holds(&self) -> Result<Exploration, String> {
        let program = parse(self.text).map_err(|e| e.to_string())?;
        let e = explore(&program, Search::default());
        (self.check)(&e)?;
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_claim_holds() {
        for level in LEVELS {
            if let Err(why) = level.claim_holds() {
                panic!("{}/{}: {why}", level.lesson, level.id);
            }
        }
    }

    #[test]
    fn ids_are_unique_within_a_lesson() {
        for (i, a) in LEVELS.iter().enumerate() {
            for b in &LEVELS[i + 1..] {
                assert!(a.lesson != b.lesson || a.id != b.id, "{}", a.id);
            }
        }
    }

    #[test]
    fn the_philosophers_files_are_the_generated_ones() {
        let file = |id| LEVELS.iter().find(|l| l.id == id).unwrap().text;
        assert_eq!(file("philosophers"), philosophers(5, false));
        assert_eq!(file("philosophers-ordered"), philosophers(5, true));
    }
}
