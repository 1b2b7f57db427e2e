// A Web Worker of Interleave's measuring lessons. It loads one build of the kernels
// module and answers the page in JSON text (the other side is crates/app/src/pool.rs):
//   init  {build: "plain" | "threads", threads} -> ready {threads}
//   piece {kernel, size, piece, worker}         -> piece {report}
//   pool  {kernel, size, pieces}                -> run {run}     (threads build only)
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
        const run = kernels.kernelOnPool(request.kernel, request.size, request.pieces);
        if (!run) throw new Error(`unknown kernel "${request.kernel}"`);
        postMessage(`{"type":"run","run":${run}}`);
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
