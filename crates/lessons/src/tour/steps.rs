//! The tour's steps, in order: each a text, a widget, a question whose answer comes
//! from the widget's runs, and a check of what the text claims.

use interleave_sim::Policy;

use super::*;

const RR2: Policy = Policy::RoundRobin { quantum: 2 };

pub static STEPS: &[Step] = &ALL;

/// The steps as a constant, for what is made of them at compile time ([`super::KINDS`]).
pub(super) const ALL: [Step; 12] = [
    Step {
        id: "one-cook",
        title: "One cook, three orders",
        text: "A kitchen has one cook and three orders. The cook works on an order for two \
               minutes, then turns to the next, and while the fries sit in the fryer the \
               cook is free for something else.\n\n\
               That is concurrency: three orders in progress, one pair of hands taking \
               turns. In the timeline, the top lane is the cook (a core) and the lanes \
               below are the orders (tasks): grey is an order ready and waiting for the \
               cook, dotted is an order waiting on the fryer.",
        widget: Widget::Ways {
            text: include_str!("../presets/chef.scn"),
            ways: &[Way {
                label: "One cook",
                ..Way::AS_WRITTEN
            }],
            hidden: 0,
            view: View::Timeline,
        },
        question: Some(Question {
            prompt: "Before you play it: which order will be done last?",
            answer: Answer::Choice {
                options: &["the fries", "the meat", "the salad"],
                of: |r| last_done(&r.reports[0]),
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            expect(
                r.reports[0].overlap().concurrent() && !r.reports[0].overlap().parallel(),
                "one cook is concurrent and not parallel",
            )
        }),
    },
    Step {
        id: "three-cooks",
        title: "Three cooks",
        text: "Now three cooks share the same three orders. Each order has a cook of its \
               own from the start, so no order waits for free hands: the orders cook at \
               the same instant. That is parallelism.\n\n\
               The switch flips between the kitchen with one cook and with three: the \
               same orders, two timelines, and their figures side by side.",
        widget: Widget::Ways {
            text: include_str!("../presets/chef.scn"),
            ways: &[
                Way {
                    label: "One cook",
                    cores: Some(1),
                    ..Way::AS_WRITTEN
                },
                Way {
                    label: "Three cooks",
                    cores: Some(3),
                    ..Way::AS_WRITTEN
                },
            ],
            hidden: 1,
            view: View::Timeline,
        },
        question: Some(Question {
            prompt: "One cook needs the time on the timeline. How long will three cooks \
                     need for all three orders, in minutes (ticks)?",
            answer: Answer::Number {
                unit: "ticks",
                within: 0.1,
                of: |r| r.reports[1].makespan as f64,
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            expect(
                r.reports[1].makespan < r.reports[0].makespan,
                "three cooks finish sooner than one",
            )?;
            expect(
                r.reports[1].averages().response < r.reports[0].averages().response,
                "three cooks start every order sooner",
            )
        }),
    },
    Step {
        id: "structure-execution",
        title: "Structure and execution",
        text: "Concurrency is about structure: several tasks in progress at once, taking \
               turns. Parallelism is about execution: several tasks running at the same \
               instant. A run can be either, both or neither.\n\n\
               Four tasks that only compute run three ways here, and the table places each \
               run by what happened in it, read off its timeline. The fourth corner, \
               parallel but not concurrent, is one task split over several cores, like \
               the real kernels later in the tour.",
        widget: Widget::Ways {
            text: include_str!("../presets/cpu_bound.scn"),
            ways: &[
                Way {
                    label: "One core, one task at a time",
                    cores: Some(1),
                    policy: Some(Policy::Fcfs),
                    switch: None,
                },
                Way {
                    label: "One core, taking turns",
                    cores: Some(1),
                    policy: Some(RR2),
                    switch: None,
                },
                Way {
                    label: "Four cores, taking turns",
                    cores: Some(4),
                    policy: Some(RR2),
                    switch: None,
                },
            ],
            hidden: 1,
            view: View::Quadrants,
        },
        question: Some(Question {
            prompt: "Where does the run that takes turns on one core sit?",
            answer: Answer::Choice {
                options: QUADRANTS,
                of: |r| quadrant(&r.reports[1]),
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            let places: Vec<usize> = r.reports.iter().map(quadrant).collect();
            expect(
                places == [0, 1, 3],
                "one at a time is neither, taking turns is concurrent, four cores are both",
            )
        }),
    },
    Step {
        id: "waiting-working",
        title: "Waiting is not working",
        text: "Some tasks mostly compute. Others mostly wait: for a disk, a database, the \
               network. While a task waits, its core can run another, so waits overlap even \
               on one core.\n\n\
               More cores help tasks that compute and barely help tasks that wait. Hence \
               the rule of thumb: work that waits (I/O-bound) wants concurrency, an event \
               loop or async; work that computes (CPU-bound) wants parallelism, more cores; \
               work that does both wants both.",
        widget: Widget::Sweep {
            workloads: &[
                Workload {
                    label: "four tasks that compute",
                    text: include_str!("../presets/cpu_bound.scn"),
                },
                Workload {
                    label: "six requests that wait",
                    text: include_str!("../presets/io_bound.scn"),
                },
            ],
            cores: 6,
            hidden: 1,
        },
        question: Some(Question {
            prompt: "The four tasks that compute finish 4 times sooner on 4 cores. How many \
                     times sooner do the six requests that wait finish on 4 cores than on 1?",
            answer: Answer::Number {
                unit: "\u{d7}",
                within: 0.1,
                of: |r| speedups(&r.reports, 6)[1][3].1,
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            let s = speedups(&r.reports, 6);
            expect(
                s[0][3].1 >= 3.99,
                "compute work speeds up 4 times on 4 cores",
            )?;
            expect(s[1][3].1 < 1.3, "waiting work barely speeds up on 4 cores")
        }),
    },
    Step {
        id: "switching-cost",
        title: "Switching has a cost",
        text: "Taking turns is not free. Each switch puts one task's state away and loads \
               another's, and the core computes nothing meanwhile; here a switch costs one \
               tick (hatched).\n\n\
               A tiny quantum switches all the time and finishes the work late. A huge one \
               never interrupts, so a short task that arrives behind a long one waits for \
               all of it. Flip between the quanta and compare the switches, the makespan \
               and the response time.",
        widget: Widget::Ways {
            text: include_str!("switching.scn"),
            ways: &[
                Way {
                    label: "Quantum 1",
                    policy: Some(Policy::RoundRobin { quantum: 1 }),
                    ..Way::AS_WRITTEN
                },
                Way {
                    label: "Quantum 4",
                    policy: Some(Policy::RoundRobin { quantum: 4 }),
                    ..Way::AS_WRITTEN
                },
                Way {
                    label: "Quantum 20",
                    policy: Some(Policy::RoundRobin { quantum: 20 }),
                    ..Way::AS_WRITTEN
                },
            ],
            hidden: 0,
            view: View::Timeline,
        },
        question: Some(Question {
            prompt: "Each switch costs one tick. Which quantum finishes all the work last?",
            answer: Answer::Choice {
                options: &["quantum 1", "quantum 4", "quantum 20"],
                of: |r| largest(&r.reports, |r| r.makespan as f64),
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            expect(
                largest(&r.reports, |r| r.makespan as f64) == 0,
                "the tiny quantum finishes last",
            )?;
            expect(
                largest(&r.reports, |r| r.averages().response) == 2,
                "the huge quantum responds slowest",
            )?;
            expect(
                r.reports[0].context_switches > 4 * r.reports[2].context_switches,
                "the tiny quantum switches far more often",
            )
        }),
    },
    Step {
        id: "real-cores",
        title: "Real cores",
        text: "Everything so far ran on simulated cores. This step runs a real computation, \
               an estimate of pi from millions of random points, in Web Workers on the \
               machine in front of you: first all of it on one worker, then in pieces on \
               one worker per hardware thread that your browser reports.\n\n\
               Each piece is coloured by the worker that computed it. On an idle machine \
               the speedup comes close to the number of cores; other programs, power \
               saving and two threads sharing one core all take their share.",
        widget: Widget::Cores,
        question: Some(Question {
            prompt: "How many times faster will the job run on all the workers than on one?",
            answer: Answer::Measured {
                unit: "\u{d7}",
                within: 0.2,
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: None,
    },
    Step {
        id: "serial-part",
        title: "The serial part",
        text: "Most jobs have a part that only one core can do: reading the input, or a step \
               that needs the one before it. Amdahl's law says that this part caps the \
               speedup: if a fraction f of the work is serial, no number of cores makes the \
               job more than 1/f times faster. Here one worker counts the first quarter of \
               the points alone, then the rest is split over 1, 2, ... workers, and the chart \
               fits f to your measurements.\n\n\
               Gustafson's answer: given more cores, people do bigger jobs, the serial part \
               stays the same size, and the speedup keeps growing with the cores.",
        widget: Widget::Serial { percent: 25 },
        question: Some(Question {
            prompt: "One worker counts a quarter of the points alone. With a thousand cores, \
                     how many times faster than one worker could the job run at most?",
            answer: Answer::Measured {
                unit: "\u{d7}",
                within: 0.25,
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: None,
    },
    Step {
        id: "sharing",
        title: "Sharing breaks things",
        text: "Two threads each add one to a shared count: read it, add one, write it back. \
               Those are three steps, and the scheduler may switch threads between any two \
               of them.\n\n\
               Play the scheduler yourself: each thread's button lets it take its next step. \
               Try to end with the count at 1. Then the explorer tries every interleaving, \
               and real workers on your cores race on one counter, millions of times.",
        widget: Widget::Programs {
            ways: &[
                Shared {
                    label: "Read, add one, write",
                    level: "counter",
                    most: None,
                },
                Shared {
                    label: "The fix: a mutex",
                    level: "mutex",
                    most: None,
                },
                Shared {
                    label: "The fix: an atomic add",
                    level: "atomic",
                    most: None,
                },
            ],
            hidden: 1,
            race: true,
        },
        question: Some(Question {
            prompt: "Two threads of three steps each can interleave in 20 ways. In how many of \
                     them is an update lost, so that the count ends at 1?",
            answer: Answer::Number {
                unit: "interleavings",
                within: 0.1,
                of: |r| crate::programs::bad_runs(&r.explored[0]) as f64,
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            let e = &r.explored;
            expect(e[0].interleavings == Some(20), "20 interleavings")?;
            expect(
                crate::programs::bad_runs(&e[0]) > 0,
                "some interleavings lose an update",
            )?;
            expect(
                e[1].proved() && e[2].proved(),
                "the mutex and the atomic add lose none",
            )
        }),
    },
    Step {
        id: "keys",
        title: "One key or a bowl of keys",
        text: "A mutex is one key: a thread takes it before it touches what the key guards, \
               and every other thread waits until the key is back. A semaphore is a bowl of \
               keys: with k permits, up to k threads are inside at once, which is how a pool \
               of k database connections works.\n\n\
               Three threads each need a connection. Play them with one key, then with a bowl \
               of two; once you have predicted, the explorer finds the most threads ever \
               inside at once.",
        widget: Widget::Programs {
            ways: &[
                Shared {
                    label: "One key (a mutex)",
                    level: "one-key",
                    most: Some("in_use"),
                },
                Shared {
                    label: "A bowl of two keys",
                    level: "bowl-of-keys",
                    most: Some("in_use"),
                },
            ],
            hidden: 2,
            race: false,
        },
        question: Some(Question {
            prompt: "Three threads share a pool of two connections, guarded by a semaphore of \
                     two permits. At most how many of them hold a connection at once?",
            answer: Answer::Choice {
                options: &["one", "two", "three"],
                of: |r| {
                    most(&r.programs[1], "in_use").map_or(0, |m| (m as usize).saturating_sub(1))
                },
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            let inside = |i: usize| most(&r.programs[i], "in_use");
            expect(inside(0) == Some(1), "one key lets one thread in")?;
            expect(inside(1) == Some(2), "a bowl of two lets two in")?;
            expect(
                r.explored.iter().all(Exploration::proved),
                "never more inside than keys",
            )
        }),
    },
    Step {
        id: "deadlock",
        title: "Deadlock",
        text: "Two threads each need locks a and b, and they take them in opposite orders. If \
               each takes its first lock before the other takes its second, each holds the \
               lock the other waits for, and both wait forever: a deadlock. The wait-for graph \
               shows it as a cycle.\n\n\
               The fix is one order for everyone: every thread takes a before b, and no cycle \
               can form.",
        widget: Widget::Programs {
            ways: &[
                Shared {
                    label: "Opposite orders",
                    level: "two-locks",
                    most: None,
                },
                Shared {
                    label: "The fix: one order",
                    level: "ordered-locks",
                    most: None,
                },
            ],
            hidden: 1,
            race: false,
        },
        question: Some(Question {
            prompt: "T1 takes a, then b; T2 takes b, then a. Can they get stuck forever?",
            answer: Answer::Choice {
                options: &[
                    "no, never",
                    "yes, in some interleavings",
                    "yes, in every one",
                ],
                of: |r| stuck(&r.explored[0]),
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            let e = &r.explored;
            expect(stuck(&e[0]) == 1, "some interleavings deadlock, not all")?;
            let cycle = e[0].findings.iter().map(|f| f.cycle.len()).max();
            expect(cycle == Some(2), "a cycle of two threads")?;
            expect(
                e[1].proved() && stuck(&e[1]) == 0,
                "one order never deadlocks",
            )
        }),
    },
    Step {
        id: "servers",
        title: "Servers",
        text: "A server is concurrent and parallel at once: many requests in progress on a \
               few cores. An event loop runs every request's callbacks on one thread, a pool \
               lends each request a thread, and goroutines are light tasks that a runtime \
               spreads over the cores. Here the same requests, each computing a little and \
               waiting for a database, meet four designs on a 4-core machine.\n\n\
               What users feel is the tail: the p99, the latency that one request in a \
               hundred exceeds. A balancer and a fan-out to shards shape it too.",
        widget: Widget::Servers {
            groups: &[
                Group {
                    caption: "The same requests, four designs on 4 cores",
                    ways: &[
                        Served {
                            label: "event loops (4 processes)",
                            study: "thread-pool",
                            model: Some("processes"),
                            knob: None,
                        },
                        Served {
                            label: "a pool of 16 threads",
                            study: "thread-pool",
                            model: Some("pool"),
                            knob: None,
                        },
                        Served {
                            label: "a thread per request",
                            study: "thread-pool",
                            model: Some("per-request"),
                            knob: None,
                        },
                        Served {
                            label: "goroutines",
                            study: "thread-pool",
                            model: Some("goroutines"),
                            knob: None,
                        },
                    ],
                },
                Group {
                    caption: "A balancer before three servers, one of them three times slower",
                    ways: &[
                        Served {
                            label: "round robin",
                            study: "load-balancer",
                            model: Some("rr"),
                            knob: None,
                        },
                        Served {
                            label: "least connections",
                            study: "load-balancer",
                            model: Some("least"),
                            knob: None,
                        },
                        Served {
                            label: "power of two choices",
                            study: "load-balancer",
                            model: Some("p2c"),
                            knob: None,
                        },
                    ],
                },
                Group {
                    caption: "A query that fans out to shards waits for the slowest one",
                    ways: &[
                        Served {
                            label: "1 shard",
                            study: "scatter-gather",
                            model: Some("one"),
                            knob: None,
                        },
                        Served {
                            label: "4 shards",
                            study: "scatter-gather",
                            model: Some("four"),
                            knob: None,
                        },
                        Served {
                            label: "16 shards",
                            study: "scatter-gather",
                            model: Some("sixteen"),
                            knob: None,
                        },
                        Served {
                            label: "16 shards, slow parts asked again",
                            study: "scatter-gather",
                            model: Some("hedged"),
                            knob: None,
                        },
                    ],
                },
            ],
            hidden: 0,
        },
        question: Some(Question {
            prompt: "On the same requests, which design has the lowest p99 latency?",
            answer: Answer::Choice {
                options: &[
                    "event loops (4 processes)",
                    "a pool of 16 threads",
                    "a thread per request",
                    "goroutines",
                ],
                of: |r| smallest(&r.latencies[..4], |l| l.p99 as f64),
            },
        }),
        #[cfg(any(test, feature = "claims"))]
        check: Some(|r| {
            let p99: Vec<Tick> = r.latencies.iter().map(|l| l.p99).collect();
            expect(
                p99[3] < p99[1] && p99[3] < p99[2],
                "goroutines beat the pool and a thread per request",
            )?;
            expect(p99[5] < p99[4], "least connections beats round robin")?;
            expect(
                p99[7] < p99[8] && p99[8] < p99[9],
                "the tail grows with the fan-out",
            )?;
            expect(p99[10] < p99[9], "asking slow parts again cuts the tail")
        }),
    },
    Step {
        id: "what-you-measured",
        title: "What you measured",
        text: "Concurrency and parallelism answer different questions. Concurrency is how a \
               program is built to have many things in progress; parallelism is how many of \
               them the machine runs at the same instant. The table puts them side by side, \
               filled with what you saw on the way: the simulated runs, your own machine's \
               measurements, and your predictions against the answers.",
        widget: Widget::Summary,
        question: None,
        #[cfg(any(test, feature = "claims"))]
        check: None,
    },
];

/// Whether two threads can get stuck: 0 never, 1 in some interleavings, 2 in every one.
fn stuck(e: &Exploration) -> usize {
    let finished: u128 = e.finals.iter().filter_map(|f| f.interleavings).sum();
    match deadlocked_runs(e) {
        0 => 0,
        _ if finished == 0 => 2,
        _ => 1,
    }
}
