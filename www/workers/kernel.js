// A Web Worker of Interleave's measuring lessons. It loads one build of the kernels
// module and answers the page in JSON text (the other side is crates/app/src/pool.rs):
//   init  {build: "plain" | "threads", threads} -> ready {threads}
//   piece {kernel, size, piece, worker}         -> piece {report}
//   pool  {kernel, size, serial, pieces}        -> progress {pieces}..., run {run}
//                                                  (threads build only; items 0..serial
//                                                  first, alone; progress as pieces end)
//   race  {increment, threads, per_thread}      -> race {report} (threads build only)
// Whatever fails answers error {message}; the worker itself never throws.
let kernels = null;

const reply = (message) => postMessage(JSON.stringify(message));

self.addEventListener('message', async (event) => {
  if (typeof event.data !== 'string') return; // the rayon pool's own messages
  let request;
  try {
    request = JSON.parse(event.data);
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
        for (;;) {
          const news = JSON.parse(kernels.poolWait());
          if (news.pieces?.length) reply({ type: 'progress', pieces: news.pieces });
          if (news.run) { reply({ type: 'run', run: news.run }); break; }
          if (!news.pieces) throw new Error('the pool lost its job');
        }
        break;
      }
      case 'race': {
        const report = kernels.raceOnPool(request.increment, request.threads, request.per_thread);
        postMessage(`{"type":"race","report":${report}}`);
        break;
      }
      default:
        reply({ type: 'error', message: `unknown request "${request.type}"` });
    }
  } catch (error) {
    reply({ type: 'error', message: String((error && error.message) || error) });
  }
});
