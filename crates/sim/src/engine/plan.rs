//! Every task's CPU and I/O steps, a word each, in one array in task order. The engine
//! reads a task's next step at almost every event: the scenario's own steps, a vector
//! per task behind the task's record, cost it two cache misses among many tasks where
//! this array costs about one. Other steps are marked, and read from the scenario.

use crate::model::{Scenario, Step, Tick};

/// The top two bits of a word say what the step is; the rest is its length.
const LENGTH: u64 = (1 << 62) - 1;
const CPU: u64 = 0;
const IO: u64 = 1 << 62;
const OTHER: u64 = 2 << 62;

/// A task's step as the plan has it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    Cpu(Tick),
    Io(Tick),
    /// Another kind of step (or a length too long to pack): the scenario has it.
    Other,
    /// The task has no more steps.
    End,
}

pub(super) struct Plan {
    words: Vec<u64>,
    /// Where each task's steps start, and after the last task, where they end.
    at: Vec<u32>,
}

impl Plan {
    /// The plan of `scenario`'s tasks; None when they have more steps than a 32-bit
    /// index reaches (the engine then reads every step from the scenario).
    pub(super) fn of(scenario: &Scenario) -> Option<Plan> {
        let total: usize = scenario.tasks.iter().map(|t| t.steps.len()).sum();
        u32::try_from(total).ok()?;
        let mut words = Vec::with_capacity(total);
        let mut at = Vec::with_capacity(scenario.tasks.len() + 1);
        for task in &scenario.tasks {
            at.push(words.len() as u32);
            words.extend(task.steps.iter().map(|step| match *step {
                Step::Cpu(n) if n <= LENGTH => CPU | n,
                Step::Io(n) if n <= LENGTH => IO | n,
                _ => OTHER,
            }));
        }
        at.push(words.len() as u32);
        Some(Plan { words, at })
    }

    /// Step `step` of task `task`.
    pub(super) fn next(&self, task: u32, step: u32) -> Next {
        let (from, to) = (self.at[task as usize], self.at[task as usize + 1]);
        let k = u64::from(from) + u64::from(step);
        if k >= u64::from(to) {
            return Next::End;
        }
        let word = self.words[k as usize];
        match word & !LENGTH {
            CPU => Next::Cpu(word & LENGTH),
            IO => Next::Io(word & LENGTH),
            _ => Next::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;

    #[test]
    fn each_step_is_read_back_as_the_scenario_has_it() {
        let mut scenario = Scenario::default();
        let steps = [
            vec![Step::Cpu(3), Step::Io(0), Step::Cpu(LENGTH)],
            vec![],
            vec![
                Step::Acquire(0),
                Step::Cpu(LENGTH + 1),
                Step::Join,
                Step::Io(7),
            ],
        ];
        for (i, s) in steps.iter().enumerate() {
            scenario.tasks.push(Task {
                name: format!("t{i}"),
                arrive: 0,
                priority: 0,
                steps: s.clone(),
                server: None,
                parent: None,
                backup_of: None,
            });
        }
        let plan = Plan::of(&scenario).expect("a few steps");
        for (task, s) in steps.iter().enumerate() {
            for (k, step) in s.iter().enumerate() {
                let expected = match *step {
                    Step::Cpu(n) if n <= LENGTH => Next::Cpu(n),
                    Step::Io(n) => Next::Io(n),
                    _ => Next::Other,
                };
                assert_eq!(
                    plan.next(task as u32, k as u32),
                    expected,
                    "task {task}, step {k}"
                );
            }
            assert_eq!(plan.next(task as u32, s.len() as u32), Next::End);
            assert_eq!(plan.next(task as u32, u32::MAX), Next::End);
        }
    }
}
