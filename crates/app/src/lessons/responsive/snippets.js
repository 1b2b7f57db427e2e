// The event-loop lesson's snippets as real JavaScript, shipped in the bundle (the page's
// Content-Security-Policy forbids eval, so nothing is built from text). Each is the
// model of the same id in interleave_lessons::event_loop, with `log` for console.log:
// the lesson shows its source (the function's own text), runs it, and compares the
// order of its logs with the model's.

const snippets = {
  'timeout-then': (log) => {
    log('A');
    setTimeout(() => log('B'), 0);
    Promise.resolve().then(() => log('C'));
    log('D');
  },
  'microtasks-between-tasks': (log) => {
    setTimeout(() => {
      log('T1');
      queueMicrotask(() => log('M2'));
    }, 0);
    setTimeout(() => log('T2'), 0);
    queueMicrotask(() => log('M1'));
    log('S');
  },
  'await': (log) => {
    async function f() {
      log('f1');
      await null;
      log('f2');
    }
    log('S1');
    f();
    log('S2');
  },
  'then-and-await': (log) => {
    Promise.resolve()
      .then(() => log('p1'))
      .then(() => log('p2'));
    async function g() {
      log('a1');
      await undefined;
      log('a2');
      await undefined;
      log('a3');
    }
    g();
    queueMicrotask(() => log('q'));
    log('sync');
  },
  'timer-delays': (log) => {
    setTimeout(() => log('late'), 10);
    setTimeout(() => log('soon'), 0);
    Promise.resolve().then(() => log('micro'));
    log('now');
  },
};

/** The source of snippet `id`, as the engine holds it; '' for an unknown id. */
export function snippetSource(id) {
  return snippets[id]?.toString() ?? '';
}

/**
 * Runs snippet `id` for real; resolves with its logs, in order, once `count` have come
 * (or after a second, with what came).
 */
export function runSnippet(id, count) {
  return new Promise((resolve) => {
    const logged = [];
    const timer = setTimeout(() => resolve(logged), 1000);
    const log = (label) => {
      logged.push(label);
      if (logged.length === count) {
        clearTimeout(timer);
        // Anything logged later than expected still shows: wait for one more task.
        setTimeout(() => resolve(logged), 20);
      }
    };
    snippets[id]?.(log);
  });
}
