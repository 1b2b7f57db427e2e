// A Web Worker of Interleave's measuring lessons. It loads one build of the kernels
// module and answers the page in JSON text (the other side is crates/app/src/pool.rs):
//   init  {build: "plain" | "threads", threads} -> ready {threads}
//   piece {kernel, size, piece, worker}         -> piece {report}
//   pool  {kernel, size, serial, pieces}        -> progress {pieces}..., run {run}
//                                                  (threads build only; items 0..serial
//                                                  first, alone; progress as pieces end)
//   race  {increment, threads, per_thread}      -> race {report} (threads build only)
//   sort-chunk {piece, worker}                  -> sorted {report} + keys
//   sort-merge {index, offset, worker} + keys   -> piece {report}
//   explore {text, bound, max_states}           -> explore-progress {states, frontier, ms}...,
//                                                  explored {ms, report}
// Keys (a Uint32Array) travel beside the JSON text: {text, keys}, their buffer
// transferred, not copied.
// Whatever fails answers error {message}; the worker itself never throws.
let kernels = null;

const reply = (message) => postMessage(JSON.stringify(message));

self.addEventListener('message', async (event) => {
  const data = event.data;
  const text = typeof data === 'string' ? data : data?.text;
  if (typeof text !== 'string') return; // the rayon pool's own messages
  const keys = data?.keys instanceof Uint32Array ? data.keys : null;
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    reply({ type: 'error', message: 'unreadable request' });
    return;
  }
  try {
    switch (request.type) {
      case 'init': {
        const threads = request.build === 'threads';
        const module = await import(`../kernels/${threads ? 'threads' : 'plain'}/interleave_workers.js`);
        await module.default();
        if (threads) await module.initThreadPool(request.threads);
        kernels = module;
        reply({ type: 'ready', threads: threads ? module.poolThreads() : 1 });
        break;
      }
      case 'piece': {
        const { index, lo, hi } = request.piece;
        const report = kernels.kernelPiece(request.kernel, request.size, index, lo, hi, request.worker);
        if (!report) throw new Error(`unknown kernel "${request.kernel}"`);
        postMessage(`{"type":"piece","report":${report}}`);
        break;
      }
      case 'pool': {
        if (!kernels.poolStart(request.kernel, request.size, request.serial ?? 0, request.pieces)) {
          throw new Error(`unknown kernel "${request.kernel}", or the pool is busy`);
        }
        // This worker may block (the page never does): wait for news from the pool and
        // pass each batch of finished pieces on as it comes.
        // The news is passed on as text, never parsed here: numbers in JavaScript
        // would round the 64-bit values.
        for (;;) {
          const news = kernels.poolWait();
          if (!news) throw new Error('the pool lost its job');
          postMessage(news);
          if (news.startsWith('{"type":"run"')) break;
        }
        break;
      }
      case 'explore': {
        const errors = kernels.exploreStart(request.text, request.bound ?? -1, request.max_states);
        if (errors) throw new Error(errors);
        // The page cancels by terminating this worker; until then, report as we go.
        for (;;) {
          const news = kernels.exploreStep(20000);
          postMessage(news);
          if (!news.startsWith('{"type":"explore-progress"')) break;
        }
        break;
      }
      case 'race': {
        const report = kernels.raceOnPool(request.increment, request.threads, request.per_thread);
        postMessage(`{"type":"race","report":${report}}`);
        break;
      }
      case 'sort-chunk': {
        const { index, lo, hi } = request.piece;
        const sorted = kernels.sortChunk(index, lo, hi, request.worker);
        postMessage({ text: `{"type":"sorted","report":${kernels.sortReport()}}`, keys: sorted }, [sorted.buffer]);
        break;
      }
      case 'sort-merge': {
        if (!keys) throw new Error('a merge without keys');
        const report = kernels.sortMerge(request.index, request.offset, keys, request.worker);
        postMessage(`{"type":"piece","report":${report}}`);
        break;
      }
      default:
        reply({ type: 'error', message: `unknown request "${request.type}"` });
    }
  } catch (error) {
    reply({ type: 'error', message: String((error && error.message) || error) });
  }
});
